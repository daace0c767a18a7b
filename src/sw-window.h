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

SwWindow  *sw_window_new               (SwApplication *application);
/* Opens a session of the kind saved as @kind ("tcp-client"…) and
 * switches to it; %NULL when no kind has that id. */
GtkWidget *sw_window_add_session       (SwWindow      *self,
                                        const char    *kind);
GtkWidget *sw_window_open_uri          (SwWindow      *self,
                                        const char    *uri,
                                        GError       **error);
guint      sw_window_get_n_sessions    (SwWindow      *self);
GtkWidget *sw_window_get_session       (SwWindow      *self,
                                        guint          position);

G_END_DECLS
