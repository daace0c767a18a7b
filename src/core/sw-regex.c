/* sw-regex.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-regex"

#include "config.h"

#include "sw-regex-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-core-private.h"

/* PCRE2 itself rather than GRegex, for its limits (GRegex has none), so
 * that a pattern someone types cannot stall what matches it: backtracking
 * steps (the JIT and the interpreter), nesting of the backtracking (the
 * interpreter; the JIT has its stack), heap, and, without JIT, time: a
 * pattern the JIT cannot take runs with PCRE2_AUTO_CALLOUT and the
 * callout stops it. (a+)+$ on 64 KiB of "a…a!" stops after 0.3 ms (JIT),
 * 1.4 ms (without). */
#define REGEX_MATCH_LIMIT      100000
#define REGEX_DEPTH_LIMIT      100000
#define REGEX_HEAP_LIMIT_KIB   (16 * 1024)
#define REGEX_JIT_STACK_START  (32 * 1024)
#define REGEX_JIT_STACK_MAX    (1024 * 1024)
#define REGEX_CALLOUT_CHECK    64

pcre2_code *
_sw_regex_compile (const char  *pattern,
                   guint32      options,
                   guint32      jit_options,
                   GQuark       domain,
                   gint         code,
                   gsize       *error_offset,
                   GError     **error)
{
  pcre2_compile_context *context;
  pcre2_code *compiled;
  PCRE2_SIZE offset = 0;
  gsize jit_size = 0;
  int rc = 0;

  options |= PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C;

  context = pcre2_compile_context_create (NULL);
  pcre2_set_newline (context, PCRE2_NEWLINE_ANYCRLF);

  compiled = pcre2_compile ((PCRE2_SPTR) pattern, PCRE2_ZERO_TERMINATED,
                            options, &rc, &offset, context);
  if (compiled == NULL)
    {
      PCRE2_UCHAR message[256];
      guint line;
      guint column;

      pcre2_compile_context_free (context);

      if (pcre2_get_error_message (rc, message, sizeof message) < 0)
        g_strlcpy ((char *) message, "?", sizeof message);

      *error_offset = MIN (offset, strlen (pattern));
      _sw_text_offset_to_position (pattern, *error_offset, &line, &column);
      if (line > 1)
        g_set_error (error, domain, code,
                     /* Translators: %s is PCRE2's own explanation, in English */
                     _("Invalid regular expression at line %u, column %u: %s"),
                     line, column, (const char *) message);
      else
        g_set_error (error, domain, code,
                     /* Translators: %s is PCRE2's own explanation, in English */
                     _("Invalid regular expression at column %u: %s"),
                     column, (const char *) message);
      return NULL;
    }

  /* Without JIT (not built in, or (*NO_JIT)) a pattern can scan the
   * subject once per start position, which the match limit does not
   * count: compile it again with a callout before every item, which
   * keeps time. */
  pcre2_jit_compile (compiled, jit_options != 0 ? jit_options : PCRE2_JIT_COMPLETE);
  pcre2_pattern_info (compiled, PCRE2_INFO_JITSIZE, &jit_size);
  if (jit_size == 0)
    {
      g_clear_pointer (&compiled, pcre2_code_free);
      compiled = pcre2_compile ((PCRE2_SPTR) pattern, PCRE2_ZERO_TERMINATED,
                                options | PCRE2_AUTO_CALLOUT, &rc, &offset, context);
      g_assert (compiled != NULL);
    }

  pcre2_compile_context_free (context);

  return compiled;
}

static void *
scratch_malloc (PCRE2_SIZE  size,
                void       *data)
{
  SwRegexScratch *scratch = data;

  scratch->n_allocations++;

  return g_try_malloc (size);
}

static void
scratch_free (void *pointer,
              void *data)
{
  g_free (pointer);
}

/* Called before every item of a pattern that runs without JIT: checks
 * the clock every REGEX_CALLOUT_CHECK calls, which is often enough (a
 * step is at most one scan of the subject) and cheap. */
static int
regex_callout (pcre2_callout_block *block,
               void                *data)
{
  SwRegexScratch *scratch = data;
  gint64 now;

  if (++scratch->callouts % REGEX_CALLOUT_CHECK != 0)
    return 0;

  now = g_get_monotonic_time ();
  if (scratch->deadline == 0)
    scratch->deadline = now + scratch->time_limit_us;
  else if (now > scratch->deadline)
    return PCRE2_ERROR_MATCHLIMIT;

  return 0;
}

void
_sw_regex_scratch_init (SwRegexScratch *scratch,
                        gint64          time_limit_us)
{
  memset (scratch, 0, sizeof *scratch);

  scratch->time_limit_us = time_limit_us;
  scratch->general = pcre2_general_context_create (scratch_malloc, scratch_free, scratch);
  scratch->match_context = pcre2_match_context_create (scratch->general);
  pcre2_set_match_limit (scratch->match_context, REGEX_MATCH_LIMIT);
  pcre2_set_depth_limit (scratch->match_context, REGEX_DEPTH_LIMIT);
  pcre2_set_heap_limit (scratch->match_context, REGEX_HEAP_LIMIT_KIB);
  pcre2_set_callout (scratch->match_context, regex_callout, scratch);

  /* NULL where the JIT is not built in: patterns then run without it. */
  scratch->jit_stack = pcre2_jit_stack_create (REGEX_JIT_STACK_START, REGEX_JIT_STACK_MAX,
                                               scratch->general);
  if (scratch->jit_stack != NULL)
    pcre2_jit_stack_assign (scratch->match_context, NULL, scratch->jit_stack);
}

void
_sw_regex_scratch_clear (SwRegexScratch *scratch)
{
  g_clear_pointer (&scratch->match_data, pcre2_match_data_free);
  g_clear_pointer (&scratch->jit_stack, pcre2_jit_stack_free);
  g_clear_pointer (&scratch->match_context, pcre2_match_context_free);
  g_clear_pointer (&scratch->general, pcre2_general_context_free);
}

int
_sw_regex_match (SwRegexScratch   *scratch,
                 const pcre2_code *code,
                 const char       *subject,
                 gsize             length,
                 gsize             start,
                 guint32           options)
{
  guint32 capture_count = 0;

  pcre2_pattern_info (code, PCRE2_INFO_CAPTURECOUNT, &capture_count);
  if (scratch->match_data == NULL || scratch->match_data_pairs <= capture_count)
    {
      g_clear_pointer (&scratch->match_data, pcre2_match_data_free);
      scratch->match_data_pairs = MAX (capture_count + 1, 10);
      scratch->match_data = pcre2_match_data_create (scratch->match_data_pairs,
                                                     scratch->general);
    }

  scratch->callouts = 0;
  scratch->deadline = 0;

  return pcre2_match (code, (PCRE2_SPTR) subject, length, start,
                      options | PCRE2_NO_UTF_CHECK,
                      scratch->match_data, scratch->match_context);
}

PCRE2_SIZE *
_sw_regex_get_ovector (SwRegexScratch *scratch)
{
  return pcre2_get_ovector_pointer (scratch->match_data);
}

gboolean
_sw_regex_is_limit_error (int rc)
{
  switch (rc)
    {
    case PCRE2_ERROR_MATCHLIMIT:
    case PCRE2_ERROR_DEPTHLIMIT:
    case PCRE2_ERROR_HEAPLIMIT:
    case PCRE2_ERROR_JIT_STACKLIMIT:
    case PCRE2_ERROR_NOMEMORY:
      return TRUE;

    default:
      return FALSE;
    }
}
