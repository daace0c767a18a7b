/* sw-step-summary.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-sequence-step.h"

G_BEGIN_DECLS

/* What a step of a sequence does, in a line a person reads:
 * "Send “Login”", "Expect “OK” (contains) within 2000 ms, else go to
 * “Retry”", "Wait 500 ms", "Repeat 3 times in all from “Login”". With
 * its name first when it has one ("Login: Send …"). */
char *sw_step_summary (SwSequenceStep *step);

/* The name of a match kind in a sentence ("contains", "regex"…). */
const char *sw_match_kind_describe (SwMatchKind kind);

G_END_DECLS
