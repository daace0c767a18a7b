/* sw-rule.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sw-codec.h"

G_BEGIN_DECLS

#define SW_TYPE_RULE (sw_rule_get_type ())

G_DECLARE_FINAL_TYPE (SwRule, sw_rule, SW, RULE, GObject)

#define SW_RULE_ERROR (sw_rule_error_quark ())

typedef enum
{
  /* No pattern yet: the rule waits for one. */
  SW_RULE_ERROR_EMPTY_PATTERN,
  /* The text or hex pattern does not parse (offset: in the pattern). */
  SW_RULE_ERROR_INVALID_PATTERN,
  /* PCRE2 rejected the regular expression (offset: in the pattern). */
  SW_RULE_ERROR_INVALID_REGEX,
  /* The reply does not encode, refers to a group the pattern lacks, or
   * the reply filter refused it (offset: in the reply, when known). */
  SW_RULE_ERROR_INVALID_REPLY,
  /* A frame took the regular expression over its match limit. */
  SW_RULE_ERROR_MATCH_LIMIT,
} SwRuleError;

typedef enum
{
  SW_MATCH_KIND_CONTAINS,
  SW_MATCH_KIND_EXACT,
  SW_MATCH_KIND_STARTS_WITH,
  SW_MATCH_KIND_ENDS_WITH,
  SW_MATCH_KIND_REGEX,
  SW_MATCH_KIND_HEX,
} SwMatchKind;

/* The longest delay of a reply: one hour. */
#define SW_RULE_MAX_DELAY_MS 3600000

GQuark           sw_rule_error_quark        (void);

SwRule          *sw_rule_new                (void);

const char      *sw_rule_get_pattern        (SwRule          *self);
void             sw_rule_set_pattern        (SwRule          *self,
                                             const char      *pattern);
SwMatchKind      sw_rule_get_match_kind     (SwRule          *self);
void             sw_rule_set_match_kind     (SwRule          *self,
                                             SwMatchKind      match_kind);
const char      *sw_rule_get_reply          (SwRule          *self);
void             sw_rule_set_reply          (SwRule          *self,
                                             const char      *reply);
SwPayloadFormat  sw_rule_get_reply_format   (SwRule          *self);
void             sw_rule_set_reply_format   (SwRule          *self,
                                             SwPayloadFormat  reply_format);
guint            sw_rule_get_delay          (SwRule          *self);
void             sw_rule_set_delay          (SwRule          *self,
                                             guint            delay_ms);
gboolean         sw_rule_get_enabled        (SwRule          *self);
void             sw_rule_set_enabled        (SwRule          *self,
                                             gboolean         enabled);

/* Enabled, and both pattern and reply compiled: the rule can match. */
gboolean         sw_rule_get_active         (SwRule          *self);
/* Frames matched; notified at most four times a second by its set. */
guint64          sw_rule_get_hits           (SwRule          *self);
/* Why the rule is off, or that a frame hit the match limit; %NULL when
 * all is well. */
const GError    *sw_rule_get_error          (SwRule          *self);
/* Where in the pattern or reply (by the error's code) the error is, in
 * bytes, or -1. */
gssize           sw_rule_get_error_offset   (SwRule          *self);

G_END_DECLS
