/* sw-regex-private.h: PCRE2 as rules, sequences and searches use it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <glib.h>

G_BEGIN_DECLS

/* Compiles @pattern in UTF mode (`\C` forbidden; any of CR, LF and CRLF
 * ends a line) with @options added, JIT-compiled with @jit_options (or
 * PCRE2_JIT_COMPLETE when 0). Where the JIT cannot take it, the pattern
 * is compiled again with auto-callouts, so that a match stops at the
 * scratch's time limit. On error: %NULL, *@error_offset (a byte offset
 * in @pattern) and an error in @domain with @code that gives the column. */
pcre2_code *_sw_regex_compile         (const char      *pattern,
                                       guint32          options,
                                       guint32          jit_options,
                                       GQuark           domain,
                                       gint             code,
                                       gsize           *error_offset,
                                       GError         **error);

/* PCRE2's state for matching, reused from match to match: limits on
 * backtracking steps, nesting and heap, a JIT stack, match data, and
 * the time limit of a match that runs without JIT. Used from one thread
 * at a time. */
typedef struct
{
  pcre2_general_context *general;
  pcre2_match_context   *match_context;
  pcre2_jit_stack       *jit_stack;
  pcre2_match_data      *match_data;
  guint32                match_data_pairs;
  gint64                 time_limit_us;
  guint                  callouts;
  gint64                 deadline;
  /* PCRE2's allocations, counted. */
  guint64                n_allocations;
} SwRegexScratch;

void        _sw_regex_scratch_init    (SwRegexScratch  *scratch,
                                       gint64           time_limit_us);
void        _sw_regex_scratch_clear   (SwRegexScratch  *scratch);

/* pcre2_match() of @code on @subject (valid UTF-8, unchecked) from
 * @start with the scratch's limits and @options; the match data holds at
 * least the groups of @code. Returns pcre2_match()'s result. */
int         _sw_regex_match           (SwRegexScratch  *scratch,
                                       const pcre2_code *code,
                                       const char      *subject,
                                       gsize            length,
                                       gsize            start,
                                       guint32          options);
PCRE2_SIZE *_sw_regex_get_ovector     (SwRegexScratch  *scratch);

/* Whether @rc says a match went over a limit (steps, nesting, heap,
 * JIT stack, memory or time) rather than that it did not match. */
gboolean    _sw_regex_is_limit_error  (int              rc);

G_END_DECLS
