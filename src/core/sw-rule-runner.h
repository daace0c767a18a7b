/* sw-rule-runner.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-engine.h"
#include "sw-framing.h"
#include "sw-rule-set.h"

G_BEGIN_DECLS

#define SW_TYPE_RULE_RUNNER (sw_rule_runner_get_type ())

G_DECLARE_FINAL_TYPE (SwRuleRunner, sw_rule_runner, SW, RULE_RUNNER, GObject)

/* The most replies waiting for their delay at once; more are dropped,
 * and the log says how many. */
#define SW_RULE_RUNNER_MAX_DELAYED 10000

/* Makes an engine answer by itself: what it receives is cut into frames
 * by @framing (per connection; each UDP datagram is a frame), each frame
 * is matched against @rules, and the replies go back where the frame
 * came from (after their delay), marked in the log as automatic. A
 * relay's rules answer what clients send, towards the client, as the
 * upstream would (the upstream still gets it).
 *
 * Matching happens as data is read: when it cannot keep up, reading
 * slows down and TCP holds the sender back; nothing queues. */
SwRuleRunner *sw_rule_runner_new          (SwEngine     *engine,
                                           SwRuleSet    *rules,
                                           SwFraming    *framing);
gboolean      sw_rule_runner_get_enabled  (SwRuleRunner *self);
void          sw_rule_runner_set_enabled  (SwRuleRunner *self,
                                           gboolean      enabled);
/* Replies sent so far, and dropped for want of room. */
guint64       sw_rule_runner_get_replies  (SwRuleRunner *self);
guint64       sw_rule_runner_get_dropped  (SwRuleRunner *self);

G_END_DECLS
