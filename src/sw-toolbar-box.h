/* sw-toolbar-box.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SW_TYPE_TOOLBAR_BOX (sw_toolbar_box_get_type ())

G_DECLARE_FINAL_TYPE (SwToolbarBox, sw_toolbar_box, SW, TOOLBAR_BOX, GtkWidget)

/* A row of controls that fits any width: when there is not room for all
 * of them at their natural size, the ones with the highest priority are
 * left out (a menu beside them should offer what they do), then the
 * others share what there is; a label that wraps gets the lines it needs.
 * Children are added as to any widget (<child> in a .ui file). */
GtkWidget *sw_toolbar_box_new          (void);

guint      sw_toolbar_box_get_spacing  (SwToolbarBox *self);
void       sw_toolbar_box_set_spacing  (SwToolbarBox *self,
                                        guint         spacing);
/* 0 (the default): always shown; otherwise the highest goes first. */
void       sw_toolbar_box_set_priority (SwToolbarBox *self,
                                        GtkWidget    *child,
                                        guint         priority);
/* Whether @child is shown now, or left out for want of room. */
gboolean   sw_toolbar_box_is_shown     (SwToolbarBox *self,
                                        GtkWidget    *child);

G_END_DECLS
