/* sw-rule-private.h: what SwRuleSet and SwRule share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "sw-rule.h"

G_BEGIN_DECLS

/* What matching needs besides the rules, owned by the set and reused for
 * every frame so that a frame no rule matches allocates nothing. */
typedef struct
{
  /* The frame being matched. */
  const guint8          *frame;
  gsize                  length;
  SwEncoding             encoding;

  /* The frame as UTF-8 for regular expressions, made on first need: the
   * frame itself when it is valid UTF-8 already, else decoded into
   * @text (with @converter for the iconv encodings). */
  gboolean               decoded;
  const char            *subject;
  gsize                  subject_length;
  GString               *text;
  GIConv                 converter;

  /* PCRE2's state, shared by every rule; its allocations are counted. */
  pcre2_general_context *general;
  pcre2_match_context   *match_context;
  pcre2_jit_stack       *jit_stack;
  pcre2_match_data      *match_data;
  guint32                match_data_pairs;
  /* Groups the last match set (pcre2_match()'s result): the match data
   * may hold older offsets beyond them. */
  guint32                match_groups;
  /* The time limit of a match without JIT (see regex_callout()). */
  guint                  callouts;
  gint64                 deadline;

  /* Allocations made by matching: PCRE2's, the growth of @text, opening
   * @converter. Only a change of the rules or a larger frame may add. */
  guint64                n_allocations;
} SwRuleScratch;

void     _sw_rule_scratch_init        (SwRuleScratch  *scratch);
void     _sw_rule_scratch_clear       (SwRuleScratch  *scratch);
/* Starts a frame: nothing decoded yet. */
void     _sw_rule_scratch_begin       (SwRuleScratch  *scratch,
                                       const guint8   *frame,
                                       gsize           length);
void     _sw_rule_scratch_set_encoding (SwRuleScratch *scratch,
                                        SwEncoding     encoding);

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
                                       SwRuleScratch  *scratch);
/* The reply to the frame just matched, before the set's filter; %NULL
 * when it does not encode, which the rule's error then says. */
GBytes  *_sw_rule_build_reply         (SwRule         *self,
                                       SwRuleScratch  *scratch);
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
