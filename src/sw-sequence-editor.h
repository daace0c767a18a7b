/* sw-sequence-editor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-message-library.h"

G_BEGIN_DECLS

#define SW_TYPE_SEQUENCE_EDITOR (sw_sequence_editor_get_type ())

G_DECLARE_FINAL_TYPE (SwSequenceEditor, sw_sequence_editor, SW, SEQUENCE_EDITOR, GtkWindow)

/* A window that edits a copy of @sequence of @library (%NULL: a new
 * one), step by step; Save puts it into the library when it is valid
 * (sw_sequence_validate()) and its name is not another sequence's, then
 * emits "saved" with the library's sequence and closes. */
SwSequenceEditor *sw_sequence_editor_new          (GtkWindow         *parent,
                                                   SwMessageLibrary  *library,
                                                   SwSequence        *sequence);

/* The copy it edits. */
SwSequence       *sw_sequence_editor_get_sequence (SwSequenceEditor  *self);
/* The step shown in detail, or %NULL. */
SwSequenceStep   *sw_sequence_editor_get_selected (SwSequenceEditor  *self);
void              sw_sequence_editor_select       (SwSequenceEditor  *self,
                                                   guint              position);

G_END_DECLS
