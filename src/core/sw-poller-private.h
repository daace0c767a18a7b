/* sw-poller-private.h: what the poller backends share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-poller.h"

G_BEGIN_DECLS

typedef struct _SwPollerClass SwPollerClass;

struct _SwPollerWatch
{
  SwPoller     *poller;
  GSocket      *socket;
  GIOCondition  condition;
  SwPollerFunc  func;
  gpointer      user_data;
  gboolean      destroyed;
};

struct _SwPollerClass
{
  const char     *name;
  void          (*init)             (SwPoller      *self);
  SwPollerWatch *(*watch_new)       (SwPoller      *self);
  /* Makes the backend follow watch->condition (0 or destroyed: nothing). */
  void          (*watch_update)     (SwPoller      *self,
                                     SwPollerWatch *watch);
  /* Returns TRUE when the backend will free the watch later itself. */
  gboolean      (*watch_defer_free) (SwPoller      *self,
                                     SwPollerWatch *watch);
  void          (*watch_free)       (SwPoller      *self,
                                     SwPollerWatch *watch);
};

struct _SwPoller
{
  GMainContext        *context;
  SwPollerBackend      backend;
  const SwPollerClass *klass;
  gpointer             backend_data;
};

#ifdef SW_HAVE_EPOLL
extern const SwPollerClass _sw_poller_epoll_class;
#endif

G_END_DECLS
