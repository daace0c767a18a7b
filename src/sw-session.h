/* sw-session.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-traffic-view.h"

G_BEGIN_DECLS

#define SW_TYPE_SESSION (sw_session_get_type ())

G_DECLARE_INTERFACE (SwSession, sw_session, SW, SESSION, GtkWidget)

/* A session tab: a page with its own engine, log, counters and form. */
struct _SwSessionInterface
{
  GTypeInterface parent_iface;

  /* "tcp-client", "tcp-server" or "udp-peer". */
  const char *(*get_kind)      (SwSession    *self);
  void        (*save_state)    (SwSession    *self,
                                GVariantDict *state);
  void        (*restore_state) (SwSession    *self,
                                GVariantDict *state);
  SwTrafficView *(*get_traffic_view) (SwSession *self);
};

const char    *sw_session_get_kind         (SwSession *self);
SwTrafficView *sw_session_get_traffic_view (SwSession *self);
/* The #SwSession:title, shown on its tab. */
const char *sw_session_get_title     (SwSession *self);
/* The form values and view settings, as an a{sv} with a "kind". */
GVariant   *sw_session_save_state    (SwSession *self);
void        sw_session_restore_state (SwSession *self,
                                      GVariant  *state);

G_END_DECLS
