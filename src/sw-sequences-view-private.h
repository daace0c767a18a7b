/* sw-sequences-view-private.h: for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-sequence-editor.h"
#include "sw-sequence-runner.h"
#include "sw-sequences-view.h"

G_BEGIN_DECLS

/* The sequence editor it has open, or %NULL. */
SwSequenceEditor *_sw_sequences_view_get_editor (SwSequencesView *self);
/* What runs the sequence under way or ran the last one, or %NULL. */
SwSequenceRunner *_sw_sequences_view_get_runner (SwSequencesView *self);
/* Chooses the sequence called @name; FALSE when there is none. */
gboolean          _sw_sequences_view_choose     (SwSequencesView *self,
                                                 const char      *name);

G_END_DECLS
