/* sw-rule-set-private.h: test hooks of SwRuleSet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-rule-set.h"

G_BEGIN_DECLS

/* What sw_rule_set_match() allocated since the set was made: PCRE2's
 * allocations (all through the set's counting allocator), each growth of
 * the buffer of decoded text, each converter opened. A frame that needs
 * none of these leaves it unchanged. */
guint64      _sw_rule_set_get_n_allocations (SwRuleSet *self);
/* The buffer regular expressions get decoded text in, to check that it
 * is reused. */
const char  *_sw_rule_set_get_text_buffer   (SwRuleSet *self);

G_END_DECLS
