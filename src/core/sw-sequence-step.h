/* sw-sequence-step.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sw-message.h"
#include "sw-rule.h"

G_BEGIN_DECLS

typedef enum
{
  /* Sends a message of the library (#SwSequenceStep:message) or its
   * own (sw_sequence_step_get_payload()). */
  SW_STEP_KIND_SEND,
  /* Waits for a frame that matches #SwSequenceStep:pattern. */
  SW_STEP_KIND_EXPECT,
  /* Waits #SwSequenceStep:duration milliseconds. */
  SW_STEP_KIND_WAIT,
  /* Runs the steps from #SwSequenceStep:repeat-from (the first step when
   * empty) up to itself #SwSequenceStep:count times in all. */
  SW_STEP_KIND_REPEAT,
} SwStepKind;

/* What a run does when an Expect step is not met. */
typedef enum
{
  SW_UNMET_ACTION_STOP,      /* the run fails there */
  SW_UNMET_ACTION_CONTINUE,  /* the step fails, the run goes on */
  SW_UNMET_ACTION_GO_TO,     /* the step fails, the run goes on at #SwSequenceStep:go-to */
} SwUnmetAction;

/* The longest Wait and Expect timeout: a day. */
#define SW_STEP_MAX_MS (24 * 60 * 60 * 1000)
/* The most times a Repeat step runs its steps. */
#define SW_STEP_MAX_COUNT 1000000
/* The Expect timeout of a new step, in milliseconds. */
#define SW_STEP_DEFAULT_TIMEOUT_MS 5000

#define SW_TYPE_SEQUENCE_STEP (sw_sequence_step_get_type ())

G_DECLARE_FINAL_TYPE (SwSequenceStep, sw_sequence_step, SW, SEQUENCE_STEP, GObject)

/* One step of a sequence. Every step has a kind and an optional name
 * (what "go to" and "repeat from" refer to); the other properties are
 * those of its kind and ignored by the others. Every property notifies
 * only when it changes; "changed" follows once per batch, also when the
 * payload changes. */
SwSequenceStep *sw_sequence_step_new                (SwStepKind        kind);
/* Send the message called @message_name in the library. */
SwSequenceStep *sw_sequence_step_new_send_message   (const char       *message_name);
/* Send @text with the send bar's defaults (@format, escapes on). */
SwSequenceStep *sw_sequence_step_new_send_text      (const char       *text,
                                                     SwPayloadFormat   format);
SwSequenceStep *sw_sequence_step_new_expect         (SwMatchKind       match_kind,
                                                     const char       *pattern,
                                                     guint             timeout_ms);
SwSequenceStep *sw_sequence_step_new_wait           (guint             duration_ms);
SwSequenceStep *sw_sequence_step_new_repeat         (guint             count,
                                                     const char       *from);

SwSequenceStep *sw_sequence_step_copy               (SwSequenceStep   *self);
/* Whether the two do the same: the kind, the name and the properties of
 * that kind are equal. */
gboolean        sw_sequence_step_equal              (SwSequenceStep   *a,
                                                     SwSequenceStep   *b);

SwStepKind      sw_sequence_step_get_kind           (SwSequenceStep   *self);
/* "" for none. */
const char     *sw_sequence_step_get_name           (SwSequenceStep   *self);
void            sw_sequence_step_set_name           (SwSequenceStep   *self,
                                                     const char       *name);

/* Send: the name of a library message, or "" to send the payload. */
const char     *sw_sequence_step_get_message        (SwSequenceStep   *self);
void            sw_sequence_step_set_message        (SwSequenceStep   *self,
                                                     const char       *message_name);
/* Send: the step's own message (its name is not used), with every
 * option of a library message: text or hex, escapes, line ending,
 * encoding, placeholders, checksum. */
SwMessage      *sw_sequence_step_get_payload        (SwSequenceStep   *self);
/* Makes the payload a copy of @payload. */
void            sw_sequence_step_set_payload        (SwSequenceStep   *self,
                                                     SwMessage        *payload);

/* Expect: what to match, how, the encoding of a text pattern, and the
 * milliseconds to wait for a frame that matches. An empty pattern
 * matches any frame. */
const char     *sw_sequence_step_get_pattern        (SwSequenceStep   *self);
void            sw_sequence_step_set_pattern        (SwSequenceStep   *self,
                                                     const char       *pattern);
SwMatchKind     sw_sequence_step_get_match_kind     (SwSequenceStep   *self);
void            sw_sequence_step_set_match_kind     (SwSequenceStep   *self,
                                                     SwMatchKind       match_kind);
SwEncoding      sw_sequence_step_get_encoding       (SwSequenceStep   *self);
void            sw_sequence_step_set_encoding       (SwSequenceStep   *self,
                                                     SwEncoding        encoding);
guint           sw_sequence_step_get_timeout        (SwSequenceStep   *self);
void            sw_sequence_step_set_timeout        (SwSequenceStep   *self,
                                                     guint             timeout_ms);
SwUnmetAction   sw_sequence_step_get_on_unmet       (SwSequenceStep   *self);
void            sw_sequence_step_set_on_unmet       (SwSequenceStep   *self,
                                                     SwUnmetAction     action);
/* The name of the step to go on at with SW_UNMET_ACTION_GO_TO. */
const char     *sw_sequence_step_get_go_to          (SwSequenceStep   *self);
void            sw_sequence_step_set_go_to          (SwSequenceStep   *self,
                                                     const char       *step_name);

/* Wait: milliseconds. */
guint           sw_sequence_step_get_duration       (SwSequenceStep   *self);
void            sw_sequence_step_set_duration       (SwSequenceStep   *self,
                                                     guint             duration_ms);

/* Repeat: how many times the steps run in all (1: once, no repeat), and
 * the name of the first step repeated ("": the sequence's first). */
guint           sw_sequence_step_get_count          (SwSequenceStep   *self);
void            sw_sequence_step_set_count          (SwSequenceStep   *self,
                                                     guint             count);
const char     *sw_sequence_step_get_repeat_from    (SwSequenceStep   *self);
void            sw_sequence_step_set_repeat_from    (SwSequenceStep   *self,
                                                     const char       *step_name);

G_END_DECLS
