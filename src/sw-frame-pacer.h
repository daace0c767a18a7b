/* sw-frame-pacer.h: sizes the engines' time slice from what frames cost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _SwFramePacer SwFramePacer;

/* Follows the frames of @widget's window while @widget is mapped, and
 * sets the engines' I/O budget (sw_engine_set_io_budget()) so that a
 * turn of socket work never makes a frame late: a window that costs more
 * to draw (larger, HiDPI, software rendering) leaves the sockets less
 * time between two frames. */
SwFramePacer *sw_frame_pacer_new       (GtkWidget    *widget);
void          sw_frame_pacer_free      (SwFramePacer *self);

/* What a frame costs now (layout and paint, the slow end of the recent
 * ones), in µs; 0 before the first. */
gint64        sw_frame_pacer_get_frame_cost (SwFramePacer *self);
/* The budget it asks for from @frame_cost and @interval (µs). */
guint         sw_frame_pacer_budget_for     (gint64        frame_cost,
                                             gint64        interval);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwFramePacer, sw_frame_pacer_free)

G_END_DECLS
