/* sw-matcher-private.h: a compiled pattern and how frames are matched
 * against it, shared by auto-reply rules and sequence expectations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-regex-private.h"
#include "sw-rule.h"

G_BEGIN_DECLS

/* What matching needs besides the pattern, owned by whoever matches
 * (a rule set, a sequence runner) and reused for every frame so that a
 * frame that matches nothing allocates nothing. */
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

  /* PCRE2's state, shared by every pattern. Its count of allocations
   * also counts those made by matching: the growth of @text, opening
   * @converter. Only a change of the patterns or a larger frame may add. */
  SwRegexScratch         regex;
  /* Groups the last match set (pcre2_match()'s result): the match data
   * may hold older offsets beyond them. */
  guint32                match_groups;
} SwMatchScratch;

void     _sw_match_scratch_init         (SwMatchScratch  *scratch);
void     _sw_match_scratch_clear        (SwMatchScratch  *scratch);
/* Starts a frame: nothing decoded yet. */
void     _sw_match_scratch_begin        (SwMatchScratch  *scratch,
                                         const guint8    *frame,
                                         gsize            length);
void     _sw_match_scratch_set_encoding (SwMatchScratch  *scratch,
                                         SwEncoding       encoding);

/* A pattern of one of the match kinds, compiled (see SwRule for what
 * each kind means). Zeroed, it is empty: _sw_matcher_clear() it. */
typedef struct
{
  SwMatchKind  kind;
  GBytes      *needle;         /* text kinds and HEX */
  GBytes      *mask;           /* HEX with wildcards */
  pcre2_code  *code;           /* REGEX */
  guint32      capture_count;
} SwMatcher;

typedef enum
{
  SW_MATCH_RESULT_NO,
  SW_MATCH_RESULT_YES,
  /* A regular expression went over its match or time limit: no match. */
  SW_MATCH_RESULT_LIMIT,
} SwMatchResult;

/* Compiles @pattern (text with escapes in @encoding, hex with "??", or
 * a regular expression) as @kind. Errors are SW_RULE_ERROR:
 * INVALID_PATTERN ("Pattern: …") and INVALID_REGEX saying the column,
 * with *@error_offset the byte in @pattern to point at; EMPTY_PATTERN
 * when there is nothing to match (an empty pattern, a hex one of only
 * spaces). */
gboolean      _sw_matcher_compile (SwMatcher        *self,
                                   SwMatchKind       kind,
                                   const char       *pattern,
                                   SwEncoding        encoding,
                                   gsize            *error_offset,
                                   GError          **error);
void          _sw_matcher_clear   (SwMatcher        *self);
/* Matches the scratch's frame; a regular expression leaves its captures
 * in the scratch's match data. */
SwMatchResult _sw_matcher_match   (const SwMatcher  *self,
                                   SwMatchScratch   *scratch);

G_END_DECLS
