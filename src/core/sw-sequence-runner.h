/* sw-sequence-runner.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-engine.h"
#include "sw-framing.h"
#include "sw-message-library.h"
#include "sw-placeholder.h"
#include "sw-sequence.h"
#include "sw-step-result.h"

G_BEGIN_DECLS

typedef enum
{
  SW_RUN_RESULT_NONE,       /* not run yet */
  SW_RUN_RESULT_RUNNING,
  SW_RUN_RESULT_PASSED,
  SW_RUN_RESULT_FAILED,
  SW_RUN_RESULT_CANCELLED,
} SwRunResult;

/* Frames kept between Expect steps, at most: older ones are dropped. */
#define SW_SEQUENCE_RUNNER_MAX_QUEUED 1000

#define SW_TYPE_SEQUENCE_RUNNER (sw_sequence_runner_get_type ())

G_DECLARE_FINAL_TYPE (SwSequenceRunner, sw_sequence_runner, SW, SEQUENCE_RUNNER, GObject)

/* Runs sequences over @engine, which must be connected (a TCP client),
 * bound (a UDP peer), listening (a server) or running (a relay) when a
 * run starts. What arrives is cut into frames with @framing (%NULL:
 * each chunk as read is a frame; each UDP datagram is one always), from
 * the moment the runner is made: make it just before a run, or before
 * connecting to see a greeting. @placeholders holds the session's
 * {{counter}} (%NULL: the runner's own, from 1).
 *
 * Who it talks to: by default, where the engine sends by default (the
 * client's connection, the UDP remote or last sender, every client of a
 * server, the relay's target side), and frames from any connection count.
 * With #SwSequenceRunner:connection set, sends go to that one connection
 * and only its frames count. A relay's frames are those that come from
 * its target side: the upstream's with SW_RELAY_TARGET_UPSTREAM, the
 * client's with SW_RELAY_TARGET_CLIENT.
 *
 * Sends go through the engine like any other (the log shows them,
 * marked automatic), with the message's own options: placeholders are
 * expanded at every send and its checksum appended over its range (not
 * the session's send-bar checksum). */
SwSequenceRunner *sw_sequence_runner_new             (SwEngine           *engine,
                                                      SwFraming          *framing,
                                                      SwPlaceholderState *placeholders);
SwConnection     *sw_sequence_runner_get_connection  (SwSequenceRunner   *self);
void              sw_sequence_runner_set_connection  (SwSequenceRunner   *self,
                                                      SwConnection       *connection);

/* Runs a copy of @sequence as it is now; messages of Send steps come
 * from @library (%NULL: only the steps' own payloads). The sequence is
 * validated first (sw_sequence_validate(): nothing is sent when it is
 * not valid). Steps run in order:
 *  - Send: the message is sent; it fails when it cannot be.
 *  - Expect: frames are matched in the order they came, starting with
 *    those that came since the previous Expect (or since the runner was
 *    made); frames that do not match are passed over. It passes on the
 *    first frame that matches; when none did within the timeout, it
 *    fails: a timeout when nothing came, a mismatch (with the last frame
 *    that came) otherwise. Then its #SwSequenceStep:on-unmet says what
 *    happens: stop (the run fails), continue with the next step, or go on
 *    at the named step. "continue" and "go to" handle the failure: the
 *    run can still pass.
 *  - Wait: waits.
 *  - Repeat with count N: jumps back to its first step until the steps
 *    between have run N times in all, then goes on (nested repeats start
 *    again each time an outer one comes round).
 * The run passes when it goes past the last step; it fails when a step
 * fails with "stop", a Send fails, the connection closes, or more than
 * SW_SEQUENCE_STEP_BUDGET steps ran. Cancelling stops it.
 *
 * One run at a time; the results of the last run stay until the next. */
void              sw_sequence_runner_run_async       (SwSequenceRunner   *self,
                                                      SwSequence         *sequence,
                                                      SwMessageLibrary   *library,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
/* TRUE when the run passed; else @error says why: G_IO_ERROR_CANCELLED,
 * or SW_SEQUENCE_ERROR (validation, NOT_CONNECTED, FAILED naming the
 * step, STEP_BUDGET). */
gboolean          sw_sequence_runner_run_finish      (SwSequenceRunner   *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);
gboolean          sw_sequence_runner_get_running     (SwSequenceRunner   *self);

/* The results of the steps of the run (under way or last), a
 * #GListModel of #SwStepResult, one per step, in order. */
GListModel       *sw_sequence_runner_get_results     (SwSequenceRunner   *self);
SwRunResult       sw_sequence_runner_get_result      (SwSequenceRunner   *self);
/* Microseconds the run took (so far, while running). */
gint64            sw_sequence_runner_get_duration    (SwSequenceRunner   *self);
/* Steps begun, repeats and jumps included. */
guint             sw_sequence_runner_get_steps_run   (SwSequenceRunner   *self);

G_END_DECLS
