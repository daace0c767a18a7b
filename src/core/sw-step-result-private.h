/* sw-step-result-private.h: how the sequence runner fills results in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-step-result.h"

G_BEGIN_DECLS

SwStepResult *_sw_step_result_new    (guint           position,
                                      SwSequenceStep *step,
                                      SwEncoding      encoding);
/* Starts a run of the step: RUNNING, one run more, no frame or reason. */
void          _sw_step_result_begin  (SwStepResult   *self);
/* Ends it: @state PASSED or FAILED, with @failure, @frame (nullable)
 * and @reason; notifies what changed at once. */
void          _sw_step_result_finish (SwStepResult   *self,
                                      SwStepState     state,
                                      SwStepFailure   failure,
                                      GBytes         *frame,
                                      const char     *reason);
/* Back to PENDING, no runs, for a new run. */
void          _sw_step_result_reset  (SwStepResult   *self);

G_END_DECLS
