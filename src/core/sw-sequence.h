/* sw-sequence.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-sequence-step.h"

G_BEGIN_DECLS

#define SW_SEQUENCE_ERROR (sw_sequence_error_quark ())

typedef enum
{
  /* A Send step names a message the library does not have. */
  SW_SEQUENCE_ERROR_UNKNOWN_MESSAGE,
  /* A "go to" or "repeat from" names no step (or a Repeat repeats from
   * a step after itself). */
  SW_SEQUENCE_ERROR_UNKNOWN_STEP,
  /* Two steps have the same name. */
  SW_SEQUENCE_ERROR_DUPLICATE_STEP,
  /* An Expect pattern does not compile (the message says the column). */
  SW_SEQUENCE_ERROR_INVALID_PATTERN,
  /* A message to send does not encode, or its checksum does not fit. */
  SW_SEQUENCE_ERROR_INVALID_MESSAGE,
  /* Running: the engine is not connected (or the connection closed). */
  SW_SEQUENCE_ERROR_NOT_CONNECTED,
  /* Running: a step failed and the run stopped there. */
  SW_SEQUENCE_ERROR_FAILED,
  /* Running: more than SW_SEQUENCE_STEP_BUDGET steps ran. */
  SW_SEQUENCE_ERROR_STEP_BUDGET,
} SwSequenceError;

/* The most steps one run takes, counting every repeat and "go to": a
 * sequence that loops forever fails there. */
#define SW_SEQUENCE_STEP_BUDGET 100000

typedef struct _SwMessageLibrary SwMessageLibrary;

#define SW_TYPE_SEQUENCE (sw_sequence_get_type ())

G_DECLARE_FINAL_TYPE (SwSequence, sw_sequence, SW, SEQUENCE, GObject)

GQuark          sw_sequence_error_quark    (void);

/* A named list of steps (a #GListModel of #SwSequenceStep), kept in the
 * message library. "changed" says that anything in it changed: its name,
 * its note, its steps or a property of one of them. */
SwSequence     *sw_sequence_new            (const char        *name);
/* A deep copy: new steps with the same properties. */
SwSequence     *sw_sequence_copy           (SwSequence        *self);
/* Same name, note and steps (sw_sequence_step_equal()). */
gboolean        sw_sequence_equal          (SwSequence        *a,
                                            SwSequence        *b);

const char     *sw_sequence_get_name       (SwSequence        *self);
void            sw_sequence_set_name       (SwSequence        *self,
                                            const char        *name);
const char     *sw_sequence_get_note       (SwSequence        *self);
void            sw_sequence_set_note       (SwSequence        *self,
                                            const char        *note);

guint           sw_sequence_get_n_steps    (SwSequence        *self);
/* (transfer none) */
SwSequenceStep *sw_sequence_get_step       (SwSequence        *self,
                                            guint              position);
void            sw_sequence_append         (SwSequence        *self,
                                            SwSequenceStep    *step);
void            sw_sequence_insert         (SwSequence        *self,
                                            guint              position,
                                            SwSequenceStep    *step);
void            sw_sequence_remove         (SwSequence        *self,
                                            guint              position);
void            sw_sequence_move           (SwSequence        *self,
                                            guint              from,
                                            guint              to);
/* The step called @name ("" finds none), or %NULL. */
SwSequenceStep *sw_sequence_find_step      (SwSequence        *self,
                                            const char        *name,
                                            guint             *position);

/* "Step 3" or "Step 3 (“Login”)", counted from 1, for messages. */
char           *sw_sequence_describe_step  (SwSequence        *self,
                                            guint              position);

/* Whether the sequence can run: step names unique, every "go to" and
 * "repeat from" names a step (a Repeat one before itself), every Expect
 * pattern compiles, every message to send is in @library (%NULL: none
 * is; only the steps' own payloads can be sent) and encodes with its
 * checksum.
 * The error names the first step at fault. A "go to" that loops forever
 * is allowed: SW_SEQUENCE_STEP_BUDGET ends it. */
gboolean        sw_sequence_validate       (SwSequence        *self,
                                            SwMessageLibrary  *library,
                                            GError           **error);

G_END_DECLS
