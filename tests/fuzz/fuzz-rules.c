/* fuzz-rules.c: auto-reply rules on any pattern, reply and frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one byte of settings (bits 0–2 the match kind modulo 6, bit 3 a
 * hex reply, bit 4 match-all, bits 5–7 the encoding modulo 7), then the
 * pattern, the reply and the frame, separated by NUL bytes.
 *
 * Checks: every pattern of every kind compiles or says why, with an
 * offset inside the text it blames; a rule is active exactly when it is
 * enabled and has no error; only active rules reply, a disabled twin
 * never does; text kinds match exactly when a naive search says so.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sw-escape.h"
#include "sw-rule-set.h"

typedef struct
{
  SwRule *disabled;
  guint   replies;
} Seen;

static void
on_reply (SwRule   *rule,
          GBytes   *reply,
          guint     delay_ms,
          gpointer  user_data)
{
  Seen *seen = user_data;

  g_assert_true (rule != seen->disabled);
  g_assert_true (sw_rule_get_enabled (rule));
  g_assert_true (sw_rule_get_active (rule));
  g_assert_nonnull (reply);
  g_assert_cmpuint (delay_ms, ==, sw_rule_get_delay (rule));
  seen->replies++;
}

static void
check_error (SwRule *rule)
{
  const GError *error = sw_rule_get_error (rule);
  gssize offset = sw_rule_get_error_offset (rule);

  g_assert_true ((error == NULL) == sw_rule_get_active (rule));
  if (error == NULL)
    {
      g_assert_cmpint (offset, ==, -1);
      return;
    }

  g_assert_true (error->domain == SW_RULE_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));

  switch (error->code)
    {
    case SW_RULE_ERROR_INVALID_PATTERN:
    case SW_RULE_ERROR_INVALID_REGEX:
      g_assert_cmpint (offset, >=, 0);
      g_assert_cmpint (offset, <=, (gssize) strlen (sw_rule_get_pattern (rule)));
      break;

    case SW_RULE_ERROR_INVALID_REPLY:
      g_assert_cmpint (offset, >=, -1);
      g_assert_cmpint (offset, <=, (gssize) strlen (sw_rule_get_reply (rule)));
      break;

    case SW_RULE_ERROR_EMPTY_PATTERN:
      g_assert_cmpint (offset, ==, -1);
      break;

    default:
      abort ();
    }
}

/* What the text kinds must answer, the slow way. */
static gboolean
naive_match (SwMatchKind   kind,
             GBytes       *needle,
             const guint8 *frame,
             gsize         length)
{
  gsize n;
  const guint8 *p = g_bytes_get_data (needle, &n);

  switch (kind)
    {
    case SW_MATCH_KIND_EXACT:
      return length == n && memcmp (frame, p, n) == 0;

    case SW_MATCH_KIND_STARTS_WITH:
      return length >= n && memcmp (frame, p, n) == 0;

    case SW_MATCH_KIND_ENDS_WITH:
      return length >= n && memcmp (frame + length - n, p, n) == 0;

    case SW_MATCH_KIND_CONTAINS:
      for (gsize i = 0; i + n <= length; i++)
        if (memcmp (frame + i, p, n) == 0)
          return TRUE;
      return FALSE;

    case SW_MATCH_KIND_REGEX:
    case SW_MATCH_KIND_HEX:
    default:
      abort ();
    }
}

/* The next NUL-terminated piece of the input, or the rest. */
static char *
take_piece (const guint8 **data,
            gsize         *size)
{
  const guint8 *nul = memchr (*data, '\0', *size);
  gsize n = nul != NULL ? (gsize) (nul - *data) : *size;
  char *piece = g_strndup ((const char *) *data, n);

  *data += nul != NULL ? n + 1 : n;
  *size -= nul != NULL ? n + 1 : n;

  return piece;
}

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SwRuleSet) set = NULL;
  g_autoptr(SwRule) rule = NULL;
  g_autoptr(SwRule) twin = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *reply = NULL;
  SwMatchKind kind;
  SwEncoding encoding;
  Seen seen = { NULL, 0 };
  guint matches;
  guint8 settings;

  if (size < 1)
    return 0;

  settings = data[0];
  data++;
  size--;
  kind = (SwMatchKind) ((settings & 7) % (SW_MATCH_KIND_HEX + 1));
  encoding = (SwEncoding) ((settings >> 5) % SW_N_ENCODINGS);
  pattern = take_piece (&data, &size);
  reply = take_piece (&data, &size);

  set = sw_rule_set_new ();
  sw_rule_set_set_encoding (set, encoding);
  sw_rule_set_set_match_all (set, (settings & 0x10) != 0);

  rule = sw_rule_new ();
  sw_rule_set_match_kind (rule, kind);
  sw_rule_set_reply_format (rule, (settings & 0x08) ? SW_PAYLOAD_FORMAT_HEX : SW_PAYLOAD_FORMAT_TEXT);
  sw_rule_set_pattern (rule, pattern);
  sw_rule_set_reply (rule, reply);
  check_error (rule);
  sw_rule_set_add (set, rule);
  check_error (rule);

  /* A disabled copy first: it must never reply, even to a match. */
  twin = sw_rule_new ();
  sw_rule_set_match_kind (twin, kind);
  sw_rule_set_pattern (twin, pattern);
  sw_rule_set_reply (twin, reply);
  sw_rule_set_enabled (twin, FALSE);
  g_assert_false (sw_rule_get_active (twin));
  sw_rule_set_insert (set, 0, twin);
  seen.disabled = twin;

  /* Twice: the second run reuses what the first one made. */
  for (guint round = 0; round < 2; round++)
    {
      seen.replies = 0;
      matches = sw_rule_set_match (set, data, size, on_reply, &seen);
      g_assert_cmpuint (matches, <=, 1);
      g_assert_cmpuint (seen.replies, <=, matches);
      if (!sw_rule_get_active (rule))
        g_assert_cmpuint (matches, ==, 0);

      if (sw_rule_get_active (rule) && kind != SW_MATCH_KIND_REGEX && kind != SW_MATCH_KIND_HEX)
        {
          g_autoptr(GBytes) needle = sw_escape_parse (pattern, -1, encoding, NULL, NULL);

          g_assert_nonnull (needle);
          g_assert_cmpuint (matches, ==, naive_match (kind, needle, data, size) ? 1 : 0);
        }

      /* Only a regular expression learns things while matching. */
      if (kind != SW_MATCH_KIND_REGEX)
        check_error (rule);
      else if (sw_rule_get_error (rule) != NULL && sw_rule_get_active (rule))
        g_assert_true (sw_rule_get_error (rule)->code == SW_RULE_ERROR_MATCH_LIMIT
                       || sw_rule_get_error (rule)->code == SW_RULE_ERROR_INVALID_REPLY);
    }

  /* Another encoding compiles everything again. */
  sw_rule_set_set_encoding (set, (encoding + 1) % SW_N_ENCODINGS);
  check_error (rule);
  sw_rule_set_match (set, data, size, on_reply, &seen);

  return 0;
}
