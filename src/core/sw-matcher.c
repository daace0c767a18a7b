/* sw-matcher.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-matcher"

#include "config.h"

#include "sw-matcher-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-core-private.h"
#include "sw-escape.h"

/*
 * Patterns as auto-reply rules (issue #11) and sequence expectations
 * (issue #13) match frames; what each kind means is documented on
 * SwRule.
 */

/* Limits of a regular expression on one frame: backtracking steps (the
 * JIT and the interpreter), nesting of the backtracking (the interpreter;
 * the JIT has its stack), and, without JIT, time: a pattern the JIT
 * cannot take runs with PCRE2_AUTO_CALLOUT and the callout stops it.
 * (a+)+$ on 64 KiB of "a…a!" stops after 0.3 ms (JIT), 1.4 ms (without). */
#define REGEX_MATCH_LIMIT      100000
#define REGEX_DEPTH_LIMIT      100000
#define REGEX_HEAP_LIMIT_KIB   (16 * 1024)
#define REGEX_JIT_STACK_START  (32 * 1024)
#define REGEX_JIT_STACK_MAX    (1024 * 1024)
#define REGEX_TIME_LIMIT_USEC  (5 * 1000)
#define REGEX_CALLOUT_CHECK    64

/* Wraps an error of the escape or hex parser as "Pattern: …". */
static void
set_pattern_error (GError       **error,
                   const GError  *cause)
{
  g_set_error (error, SW_RULE_ERROR, SW_RULE_ERROR_INVALID_PATTERN,
               /* Translators: %s says what is wrong, e.g. “Invalid hex digit “g” at column 3” */
               _("Pattern: %s"), cause->message);
}

static void
set_empty_pattern_error (GError **error)
{
  g_set_error_literal (error, SW_RULE_ERROR, SW_RULE_ERROR_EMPTY_PATTERN,
                       _("Type a pattern to match"));
}

static gboolean
compile_text_pattern (SwMatcher   *self,
                      const char  *pattern,
                      SwEncoding   encoding,
                      gsize       *error_offset,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  self->needle = sw_escape_parse (pattern, -1, encoding, error_offset, &local_error);
  if (self->needle == NULL)
    {
      set_pattern_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
compile_hex_pattern (SwMatcher   *self,
                     const char  *pattern,
                     gsize       *error_offset,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) mask = NULL;
  const guint8 *m;
  gsize n;

  self->needle = _sw_hex_parse_pattern (pattern, -1, &mask, error_offset, &local_error);
  if (self->needle == NULL)
    {
      set_pattern_error (error, local_error);
      return FALSE;
    }

  /* Only spaces, say: the pattern is empty after all. */
  if (g_bytes_get_size (self->needle) == 0)
    {
      set_empty_pattern_error (error);
      return FALSE;
    }

  /* Without a wildcard, a plain comparison does. */
  m = g_bytes_get_data (mask, &n);
  for (gsize i = 0; i < n; i++)
    {
      if (m[i] != 0xFF)
        {
          self->mask = g_steal_pointer (&mask);
          break;
        }
    }

  return TRUE;
}

static gboolean
compile_regex (SwMatcher   *self,
               const char  *pattern,
               gsize       *error_offset,
               GError     **error)
{
  pcre2_compile_context *context;
  guint32 options = PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C;
  PCRE2_SIZE offset = 0;
  gsize jit_size = 0;
  int code = 0;

  context = pcre2_compile_context_create (NULL);
  pcre2_set_newline (context, PCRE2_NEWLINE_ANYCRLF);

  self->code = pcre2_compile ((PCRE2_SPTR) pattern, PCRE2_ZERO_TERMINATED,
                              options, &code, &offset, context);
  if (self->code == NULL)
    {
      PCRE2_UCHAR message[256];
      guint line;
      guint column;

      pcre2_compile_context_free (context);

      if (pcre2_get_error_message (code, message, sizeof message) < 0)
        g_strlcpy ((char *) message, "?", sizeof message);

      *error_offset = MIN (offset, strlen (pattern));
      _sw_text_offset_to_position (pattern, *error_offset, &line, &column);
      if (line > 1)
        g_set_error (error, SW_RULE_ERROR, SW_RULE_ERROR_INVALID_REGEX,
                     /* Translators: %s is PCRE2's own explanation, in English */
                     _("Invalid regular expression at line %u, column %u: %s"),
                     line, column, (const char *) message);
      else
        g_set_error (error, SW_RULE_ERROR, SW_RULE_ERROR_INVALID_REGEX,
                     /* Translators: %s is PCRE2's own explanation, in English */
                     _("Invalid regular expression at column %u: %s"),
                     column, (const char *) message);
      return FALSE;
    }

  /* Without JIT (not built in, or (*NO_JIT)) a pattern can scan a frame
   * once per start position, which the match limit does not count:
   * compile it again with a callout before every item, which keeps time. */
  pcre2_jit_compile (self->code, PCRE2_JIT_COMPLETE);
  pcre2_pattern_info (self->code, PCRE2_INFO_JITSIZE, &jit_size);
  if (jit_size == 0)
    {
      g_clear_pointer (&self->code, pcre2_code_free);
      self->code = pcre2_compile ((PCRE2_SPTR) pattern, PCRE2_ZERO_TERMINATED,
                                  options | PCRE2_AUTO_CALLOUT, &code, &offset, context);
      g_assert (self->code != NULL);
    }

  pcre2_compile_context_free (context);
  pcre2_pattern_info (self->code, PCRE2_INFO_CAPTURECOUNT, &self->capture_count);

  return TRUE;
}

void
_sw_matcher_clear (SwMatcher *self)
{
  g_clear_pointer (&self->needle, g_bytes_unref);
  g_clear_pointer (&self->mask, g_bytes_unref);
  g_clear_pointer (&self->code, pcre2_code_free);
  self->capture_count = 0;
}

gboolean
_sw_matcher_compile (SwMatcher   *self,
                     SwMatchKind  kind,
                     const char  *pattern,
                     SwEncoding   encoding,
                     gsize       *error_offset,
                     GError     **error)
{
  gsize offset = 0;
  gboolean compiled;

  _sw_matcher_clear (self);
  self->kind = kind;

  if (error_offset == NULL)
    error_offset = &offset;

  if (pattern[0] == '\0')
    {
      set_empty_pattern_error (error);
      return FALSE;
    }

  switch (kind)
    {
    case SW_MATCH_KIND_REGEX:
      compiled = compile_regex (self, pattern, error_offset, error);
      break;

    case SW_MATCH_KIND_HEX:
      compiled = compile_hex_pattern (self, pattern, error_offset, error);
      break;

    case SW_MATCH_KIND_CONTAINS:
    case SW_MATCH_KIND_EXACT:
    case SW_MATCH_KIND_STARTS_WITH:
    case SW_MATCH_KIND_ENDS_WITH:
    default:
      compiled = compile_text_pattern (self, pattern, encoding, error_offset, error);
      break;
    }

  if (!compiled)
    _sw_matcher_clear (self);

  return compiled;
}

/* Matching */

/* Matching */

static void *
scratch_malloc (PCRE2_SIZE size,
                void       *data)
{
  SwMatchScratch *scratch = data;

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
 * step is at most one scan of the frame) and cheap. */
static int
regex_callout (pcre2_callout_block *block,
               void                *data)
{
  SwMatchScratch *scratch = data;
  gint64 now;

  if (++scratch->callouts % REGEX_CALLOUT_CHECK != 0)
    return 0;

  now = g_get_monotonic_time ();
  if (scratch->deadline == 0)
    scratch->deadline = now + REGEX_TIME_LIMIT_USEC;
  else if (now > scratch->deadline)
    return PCRE2_ERROR_MATCHLIMIT;

  return 0;
}

void
_sw_match_scratch_init (SwMatchScratch *scratch)
{
  memset (scratch, 0, sizeof *scratch);

  scratch->encoding = SW_ENCODING_UTF8;
  scratch->text = g_string_sized_new (256);
  scratch->converter = (GIConv) -1;

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
_sw_match_scratch_clear (SwMatchScratch *scratch)
{
  _sw_encoding_clear_converter (&scratch->converter);
  g_clear_pointer (&scratch->match_data, pcre2_match_data_free);
  g_clear_pointer (&scratch->jit_stack, pcre2_jit_stack_free);
  g_clear_pointer (&scratch->match_context, pcre2_match_context_free);
  g_clear_pointer (&scratch->general, pcre2_general_context_free);
  if (scratch->text != NULL)
    g_string_free (g_steal_pointer (&scratch->text), TRUE);
}

void
_sw_match_scratch_set_encoding (SwMatchScratch *scratch,
                               SwEncoding     encoding)
{
  if (scratch->encoding == encoding)
    return;

  scratch->encoding = encoding;
  _sw_encoding_clear_converter (&scratch->converter);
}

void
_sw_match_scratch_begin (SwMatchScratch *scratch,
                        const guint8  *frame,
                        gsize          length)
{
  scratch->frame = frame;
  scratch->length = length;
  scratch->decoded = FALSE;
}

/* Valid UTF-8, U+0000 included. */
static gboolean
is_utf8 (const guint8 *data,
         gsize         length)
{
  const char *p = (const char *) data;
  const char *end = p + length;

  while (!g_utf8_validate_len (p, end - p, &p))
    {
      if (*p != '\0')
        return FALSE;
      p++;
    }

  return TRUE;
}

static void
scratch_decode (SwMatchScratch *scratch)
{
  gsize allocated = scratch->text->allocated_len;
  gboolean had_converter = scratch->converter != (GIConv) -1;

  scratch->decoded = TRUE;

  if (scratch->encoding == SW_ENCODING_UTF8 && is_utf8 (scratch->frame, scratch->length))
    {
      scratch->subject = (const char *) scratch->frame;
      scratch->subject_length = scratch->length;
      return;
    }

  g_string_truncate (scratch->text, 0);
  _sw_encoding_decode_append_with (scratch->encoding, &scratch->converter,
                                   scratch->frame, scratch->length,
                                   SW_DECODE_FLAGS_RAW, scratch->text);
  scratch->subject = scratch->text->str;
  scratch->subject_length = scratch->text->len;

  if (scratch->text->allocated_len != allocated)
    scratch->n_allocations++;
  if (!had_converter && scratch->converter != (GIConv) -1)
    scratch->n_allocations++;
}

static SwMatchResult
match_regex (const SwMatcher *self,
             SwMatchScratch  *scratch)
{
  int rc;

  if (!scratch->decoded)
    scratch_decode (scratch);

  if (scratch->match_data == NULL || scratch->match_data_pairs <= self->capture_count)
    {
      g_clear_pointer (&scratch->match_data, pcre2_match_data_free);
      scratch->match_data_pairs = MAX (self->capture_count + 1, 10);
      scratch->match_data = pcre2_match_data_create (scratch->match_data_pairs,
                                                     scratch->general);
    }

  scratch->callouts = 0;
  scratch->deadline = 0;

  rc = pcre2_match (self->code, (PCRE2_SPTR) scratch->subject, scratch->subject_length,
                    0, PCRE2_NO_UTF_CHECK, scratch->match_data, scratch->match_context);
  if (rc > 0)
    {
      scratch->match_groups = rc;
      return SW_MATCH_RESULT_YES;
    }

  switch (rc)
    {
    case PCRE2_ERROR_NOMATCH:
      return SW_MATCH_RESULT_NO;

    case PCRE2_ERROR_MATCHLIMIT:
    case PCRE2_ERROR_DEPTHLIMIT:
    case PCRE2_ERROR_HEAPLIMIT:
    case PCRE2_ERROR_JIT_STACKLIMIT:
    case PCRE2_ERROR_NOMEMORY:
      return SW_MATCH_RESULT_LIMIT;

    default:
      g_debug ("PCRE2 error %d matching a regular expression", rc);
      return SW_MATCH_RESULT_NO;
    }
}

static inline gboolean
find_bytes (const guint8 *haystack,
            gsize         haystack_length,
            const guint8 *needle,
            gsize         needle_length)
{
  const guint8 *p = haystack;
  const guint8 *last;

  if (needle_length > haystack_length)
    return FALSE;
  if (needle_length == 0)
    return TRUE;

  /* memchr() finds the candidates (memmem() is not everywhere). */
  last = haystack + (haystack_length - needle_length);
  while (p <= last)
    {
      p = memchr (p, needle[0], last - p + 1);
      if (p == NULL)
        return FALSE;
      if (memcmp (p + 1, needle + 1, needle_length - 1) == 0)
        return TRUE;
      p++;
    }

  return FALSE;
}

static inline gboolean
match_masked (const guint8 *frame,
              const guint8 *bytes,
              const guint8 *mask,
              gsize         length)
{
  for (gsize i = 0; i < length; i++)
    {
      if ((frame[i] & mask[i]) != bytes[i])
        return FALSE;
    }

  return TRUE;
}

SwMatchResult
_sw_matcher_match (const SwMatcher *self,
                   SwMatchScratch  *scratch)
{
  const guint8 *frame = scratch->frame;
  gsize length = scratch->length;
  const guint8 *needle;
  gboolean matched;
  gsize n;

  if (self->kind == SW_MATCH_KIND_REGEX)
    return match_regex (self, scratch);

  needle = g_bytes_get_data (self->needle, &n);

  switch (self->kind)
    {
    case SW_MATCH_KIND_CONTAINS:
      matched = find_bytes (frame, length, needle, n);
      break;

    case SW_MATCH_KIND_EXACT:
      matched = length == n && memcmp (frame, needle, n) == 0;
      break;

    case SW_MATCH_KIND_STARTS_WITH:
      matched = length >= n && memcmp (frame, needle, n) == 0;
      break;

    case SW_MATCH_KIND_ENDS_WITH:
      matched = length >= n && memcmp (frame + length - n, needle, n) == 0;
      break;

    case SW_MATCH_KIND_HEX:
      if (length != n)
        matched = FALSE;
      else if (self->mask == NULL)
        matched = memcmp (frame, needle, n) == 0;
      else
        matched = match_masked (frame, needle, g_bytes_get_data (self->mask, NULL), n);
      break;

    case SW_MATCH_KIND_REGEX:
    default:
      g_assert_not_reached ();
    }

  return matched ? SW_MATCH_RESULT_YES : SW_MATCH_RESULT_NO;
}
