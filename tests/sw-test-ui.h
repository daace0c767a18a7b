/* sw-test-ui.h: shared set-up for the in-process UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-application.h"
#include "sw-test-util.h"

G_BEGIN_DECLS

/* Initialises GTK and GLib's test framework; exits with a TAP skip when
 * there is no display. */
void           sw_test_ui_init            (int           *argc,
                                           char        ***argv);
/* The test binary's registered, non-unique application, with its actions
 * and settings (a GApplication registers once per D-Bus connection). */
SwApplication *sw_test_ui_get_application (void);
/* Iterates until the widget is mapped and has drawn. */
void           sw_test_ui_wait_mapped     (GtkWidget     *widget);

G_END_DECLS
