/* sw-step-result.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sw-sequence-step.h"

G_BEGIN_DECLS

typedef enum
{
  SW_STEP_STATE_PENDING,
  SW_STEP_STATE_RUNNING,
  SW_STEP_STATE_PASSED,
  SW_STEP_STATE_FAILED,
} SwStepState;

/* Why a step failed. */
typedef enum
{
  SW_STEP_FAILURE_NONE,
  /* Expect: no frame arrived within the timeout. */
  SW_STEP_FAILURE_TIMEOUT,
  /* Expect: frames arrived, none matched (#SwStepResult:frame is the last). */
  SW_STEP_FAILURE_MISMATCH,
  /* The connection closed (or the engine stopped) first. */
  SW_STEP_FAILURE_CLOSED,
  /* Send: the message did not encode or the engine refused it. */
  SW_STEP_FAILURE_SEND,
  /* The run went over SW_SEQUENCE_STEP_BUDGET steps here. */
  SW_STEP_FAILURE_BUDGET,
  /* The run was stopped during this step. */
  SW_STEP_FAILURE_CANCELLED,
} SwStepFailure;

#define SW_TYPE_STEP_RESULT (sw_step_result_get_type ())

G_DECLARE_FINAL_TYPE (SwStepResult, sw_step_result, SW, STEP_RESULT, GObject)

/* What became of one step of a run (its latest time, when it ran
 * several times); the properties notify as the run goes. */
guint            sw_step_result_get_position   (SwStepResult *self);
SwSequenceStep  *sw_step_result_get_step       (SwStepResult *self);
SwStepState      sw_step_result_get_state      (SwStepResult *self);
SwStepFailure    sw_step_result_get_failure    (SwStepResult *self);
/* How many times the step began in this run. */
guint            sw_step_result_get_runs       (SwStepResult *self);
/* Send: the bytes sent. Expect: the frame that matched, or when it
 * failed, the last frame that arrived instead (%NULL: none came). */
GBytes          *sw_step_result_get_frame      (SwStepResult *self);
/* The frame as the log shows text (escapes for what is not printable)
 * and as hex ("4F 4B 0D 0A"), both shortened past 64 bytes; "" without
 * a frame. */
const char      *sw_step_result_get_frame_text (SwStepResult *self);
const char      *sw_step_result_get_frame_hex  (SwStepResult *self);
/* What happened, in words: "Matched “OK”", "Nothing arrived within
 * 2000 ms"…; "" while pending. */
const char      *sw_step_result_get_reason     (SwStepResult *self);

G_END_DECLS
