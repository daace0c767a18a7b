/* sw-framing-editor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-framing.h"

G_BEGIN_DECLS

#define SW_TYPE_FRAMING_EDITOR (sw_framing_editor_get_type ())

G_DECLARE_FINAL_TYPE (SwFramingEditor, sw_framing_editor, SW, FRAMING_EDITOR, GtkWidget)

/* Edits an #SwFraming in place: the mode, the settings the mode uses,
 * and why they cannot frame a stream when they cannot. */
GtkWidget *sw_framing_editor_new         (void);

SwFraming *sw_framing_editor_get_framing (SwFramingEditor *self);
void       sw_framing_editor_set_framing (SwFramingEditor *self,
                                          SwFraming       *framing);

G_END_DECLS
