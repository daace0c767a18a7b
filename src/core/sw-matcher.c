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

/* A regular expression on one frame stops at PCRE2's limits (see
 * sw-regex.c) and, without JIT, after this long. */
#define REGEX_TIME_LIMIT_USEC  (5 * 1000)

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
  self->code = _sw_regex_compile (pattern, 0, 0,
                                  SW_RULE_ERROR, SW_RULE_ERROR_INVALID_REGEX,
                                  error_offset, error);
  if (self->code == NULL)
    return FALSE;

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

void
_sw_match_scratch_init (SwMatchScratch *scratch)
{
  memset (scratch, 0, sizeof *scratch);

  scratch->encoding = SW_ENCODING_UTF8;
  scratch->text = g_string_sized_new (256);
  scratch->converter = (GIConv) -1;

  _sw_regex_scratch_init (&scratch->regex, REGEX_TIME_LIMIT_USEC);
}

void
_sw_match_scratch_clear (SwMatchScratch *scratch)
{
  _sw_encoding_clear_converter (&scratch->converter);
  _sw_regex_scratch_clear (&scratch->regex);
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
    scratch->regex.n_allocations++;
  if (!had_converter && scratch->converter != (GIConv) -1)
    scratch->regex.n_allocations++;
}

static SwMatchResult
match_regex (const SwMatcher *self,
             SwMatchScratch  *scratch)
{
  int rc;

  if (!scratch->decoded)
    scratch_decode (scratch);

  rc = _sw_regex_match (&scratch->regex, self->code,
                        scratch->subject, scratch->subject_length, 0, 0);
  if (rc > 0)
    {
      scratch->match_groups = rc;
      return SW_MATCH_RESULT_YES;
    }

  if (rc == PCRE2_ERROR_NOMATCH)
    return SW_MATCH_RESULT_NO;

  if (_sw_regex_is_limit_error (rc))
    return SW_MATCH_RESULT_LIMIT;

  g_debug ("PCRE2 error %d matching a regular expression", rc);
  return SW_MATCH_RESULT_NO;
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
