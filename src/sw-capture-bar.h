/* sw-capture-bar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-capture.h"

G_BEGIN_DECLS

#define SW_TYPE_CAPTURE_BAR (sw_capture_bar_get_type ())

G_DECLARE_FINAL_TYPE (SwCaptureBar, sw_capture_bar, SW, CAPTURE_BAR, GtkWidget)

/* The line in a session's header while it captures to a file: the file,
 * the connection when only one is captured, the bytes written (at most
 * four updates a second) and Stop Capture; once it stopped, how many
 * bytes the file holds or why it failed, until dismissed. It shows only
 * while it has a capture. */
GtkWidget  *sw_capture_bar_new         (void);

SwCapture  *sw_capture_bar_get_capture (SwCaptureBar *self);
/* Follows @capture (nullable: none, and the bar hides). */
void        sw_capture_bar_set_capture (SwCaptureBar *self,
                                        SwCapture    *capture);

/* What the line says. */
const char *sw_capture_bar_get_text    (SwCaptureBar *self);

G_END_DECLS
