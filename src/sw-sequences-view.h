/* sw-sequences-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-message-library.h"
#include "sw-placeholder.h"

G_BEGIN_DECLS

#define SW_TYPE_SEQUENCES_VIEW (sw_sequences_view_get_type ())

G_DECLARE_FINAL_TYPE (SwSequencesView, sw_sequences_view, SW, SEQUENCES_VIEW, GtkWidget)

/* The Sequences page of the Messages panel: the sequences of a library,
 * one of them chosen to run over the session page it is on (Run
 * Sequence, Stop), each step shown pending, passed or failed as the run
 * goes; and New, Edit and Delete. It says what it did with "feedback",
 * and "deleted" gives the sequence it took out of the library (to bring
 * back with Undo). */
GtkWidget          *sw_sequences_view_new              (void);

SwMessageLibrary   *sw_sequences_view_get_library      (SwSequencesView    *self);
void                sw_sequences_view_set_library      (SwSequencesView    *self,
                                                        SwMessageLibrary   *library);
/* The session's {{counter}}, for the messages the sequences send. */
SwPlaceholderState *sw_sequences_view_get_placeholders (SwSequencesView    *self);
void                sw_sequences_view_set_placeholders (SwSequencesView    *self,
                                                        SwPlaceholderState *placeholders);

G_END_DECLS
