/* sw-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-application.h"

G_BEGIN_DECLS

#define SW_TYPE_WINDOW (sw_window_get_type ())

G_DECLARE_FINAL_TYPE (SwWindow, sw_window, SW, WINDOW, GtkApplicationWindow)

typedef enum
{
  SW_SESSION_KIND_TCP_CLIENT,
  SW_SESSION_KIND_TCP_SERVER,
  SW_SESSION_KIND_UDP_PEER,
} SwSessionKind;

SwWindow  *sw_window_new               (SwApplication *application);
GtkWidget *sw_window_add_session       (SwWindow      *self,
                                        SwSessionKind  kind);
guint      sw_window_get_n_sessions    (SwWindow      *self);
GtkWidget *sw_window_get_session       (SwWindow      *self,
                                        guint          position);

G_END_DECLS
