/* sw-poller.h: readiness of many sockets on one main context (internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-engine.h"

G_BEGIN_DECLS

/* Where socket I/O sits among GTK's sources (measured, see sw-poller.c):
 *
 *   G_PRIORITY_DEFAULT (0)        input events, timers
 *   G_PRIORITY_HIGH_IDLE + 10     GTK layout
 *   G_PRIORITY_HIGH_IDLE + 20     GTK redraw: the frame, our view's drawing
 *   SW_IO_PRIORITY                socket reads and writes
 *   G_PRIORITY_HIGH_IDLE + 25     GtkTextView's background validation
 *
 * Frames and input always win, so a flood cannot freeze the window; reads
 * win over background layout, which would otherwise run for as long as new
 * lines arrive and starve them. Each dispatch is also time-capped
 * (SW_IO_DISPATCH_BUDGET_USEC) so timers stay on time. */
#define SW_IO_PRIORITY (G_PRIORITY_HIGH_IDLE + 22)
/* The time slice, sw_engine_get_io_budget(): a window adapts it to what
 * its frames cost. */
#define SW_IO_DISPATCH_BUDGET_USEC ((gint64) sw_engine_get_io_budget ())

typedef struct _SwPoller      SwPoller;
typedef struct _SwPollerWatch SwPollerWatch;

typedef enum
{
  SW_POLLER_BACKEND_GSOURCE,
  SW_POLLER_BACKEND_EPOLL,
} SwPollerBackend;

/* Called with the conditions that are ready (G_IO_ERR/G_IO_HUP always
 * count); the callback may destroy any watch, its own included. */
typedef void (*SwPollerFunc) (GSocket      *socket,
                              GIOCondition  condition,
                              gpointer      user_data);

/* The poller of the thread-default main context. */
SwPoller        *_sw_poller_get_default    (void);
SwPollerBackend  _sw_poller_get_backend    (SwPoller      *self);

SwPollerWatch   *_sw_poller_watch          (SwPoller      *self,
                                            GSocket       *socket,
                                            GIOCondition   condition,
                                            SwPollerFunc   func,
                                            gpointer       user_data);
void             _sw_poller_watch_set_condition (SwPollerWatch *watch,
                                                 GIOCondition   condition);
GIOCondition     _sw_poller_watch_get_condition (SwPollerWatch *watch);
/* Safe to call from the watch's own callback, or another watch's. */
void             _sw_poller_watch_destroy  (SwPollerWatch *watch);

G_END_DECLS
