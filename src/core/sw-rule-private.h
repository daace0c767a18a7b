/* sw-rule-private.h: what SwRuleSet and SwRule share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-matcher-private.h"
#include "sw-rule.h"

G_BEGIN_DECLS

/* A rule belongs to one set at a time, which gives it its encoding. */
gpointer _sw_rule_get_owner           (SwRule         *self);
void     _sw_rule_attach              (SwRule         *self,
                                       gpointer        owner,
                                       SwEncoding      encoding);
void     _sw_rule_detach              (SwRule         *self);
void     _sw_rule_set_encoding        (SwRule         *self,
                                       SwEncoding      encoding);

/* Whether @self is active and matches the scratch's frame; a regular
 * expression leaves its captures in the scratch's match data. */
gboolean _sw_rule_match               (SwRule         *self,
                                       SwMatchScratch *scratch);
/* The reply to the frame just matched, before the set's filter; %NULL
 * when it does not encode, which the rule's error then says. */
GBytes  *_sw_rule_build_reply         (SwRule         *self,
                                       SwMatchScratch *scratch);
/* The set's reply filter refused the reply for @cause. */
void     _sw_rule_set_reply_error     (SwRule         *self,
                                       const GError   *cause);
/* Errors found while matching (match limit, a reply that did not encode
 * or that the filter refused) leave the rule active and show until the
 * rule is edited or they are cleared. */
void     _sw_rule_clear_runtime_error (SwRule         *self);

void     _sw_rule_add_hit             (SwRule         *self);
void     _sw_rule_notify_hits         (SwRule         *self);
void     _sw_rule_reset_hits          (SwRule         *self);

G_END_DECLS
