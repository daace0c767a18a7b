/* test-rules.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-core-enums.h"
#include "sw-rule-set.h"
#include "sw-rule-set-private.h"
#include "sw-test-util.h"

/* What the reply function saw, one "pattern -> reply" line per match
 * (the reply's bytes shown with \xNN for the non-printable ones). */
typedef struct
{
  GString *log;
  guint    calls;
  guint    last_delay;
} Replies;

static void
record_reply (SwRule   *rule,
              GBytes   *reply,
              guint     delay_ms,
              gpointer  user_data)
{
  Replies *replies = user_data;
  gsize length;
  const guint8 *data = g_bytes_get_data (reply, &length);

  if (replies->log->len > 0)
    g_string_append_c (replies->log, '\n');
  g_string_append_printf (replies->log, "%s -> ", sw_rule_get_pattern (rule));
  for (gsize i = 0; i < length; i++)
    {
      if (data[i] >= 0x20 && data[i] < 0x7F && data[i] != '\\')
        g_string_append_c (replies->log, data[i]);
      else
        g_string_append_printf (replies->log, "\\x%02X", data[i]);
    }

  replies->calls++;
  replies->last_delay = delay_ms;
}

static SwRule *
add_rule (SwRuleSet   *set,
          SwMatchKind  kind,
          const char  *pattern,
          const char  *reply)
{
  g_autoptr(SwRule) rule = sw_rule_new ();

  sw_rule_set_match_kind (rule, kind);
  sw_rule_set_pattern (rule, pattern);
  sw_rule_set_reply (rule, reply);
  sw_rule_set_add (set, rule);

  /* The set holds it. */
  return rule;
}

/* Matches @frame and returns the replies as record_reply() writes them. */
static char *
match (SwRuleSet  *set,
       const char *frame,
       gssize      length)
{
  Replies replies = { g_string_new (NULL), 0, 0 };
  guint matches;

  if (length < 0)
    length = strlen (frame);

  matches = sw_rule_set_match (set, (const guint8 *) frame, length, record_reply, &replies);
  /* A reply that the filter refuses is a match without a reply. */
  g_assert_cmpuint (matches, >=, replies.calls);

  return g_string_free (replies.log, FALSE);
}

#define assert_replies(set, frame, expected) \
  G_STMT_START { \
    g_autofree char *got_ = match ((set), (frame), -1); \
    g_assert_cmpstr (got_, ==, (expected)); \
  } G_STMT_END

#define assert_replies_len(set, frame, length, expected) \
  G_STMT_START { \
    g_autofree char *got_ = match ((set), (frame), (length)); \
    g_assert_cmpstr (got_, ==, (expected)); \
  } G_STMT_END

static void
assert_rule_error (SwRule      *rule,
                   SwRuleError  code,
                   const char  *message,
                   gssize       offset)
{
  const GError *error = sw_rule_get_error (rule);

  g_assert_error ((GError *) error, SW_RULE_ERROR, (gint) code);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpint (sw_rule_get_error_offset (rule), ==, offset);
}

static void
test_contains (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();

  add_rule (set, SW_MATCH_KIND_CONTAINS, "PING", "PONG");

  assert_replies (set, "PING", "PING -> PONG");
  assert_replies (set, "xxPINGxx", "PING -> PONG");
  assert_replies (set, "PPPING\n", "PING -> PONG");
  assert_replies (set, "PIN", "");
  assert_replies (set, "PINg", "");
  assert_replies (set, "", "");
  /* Bytes, so a NUL in the frame is just a byte. */
  assert_replies_len (set, "\0\0PING\0", 7, "PING -> PONG");
}

static void
test_exact (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();

  add_rule (set, SW_MATCH_KIND_EXACT, "PING", "PONG");

  assert_replies (set, "PING", "PING -> PONG");
  assert_replies (set, "PING\n", "");
  assert_replies (set, "xPING", "");
  assert_replies (set, "PIN", "");
}

static void
test_starts_ends (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();

  sw_rule_set_set_match_all (set, TRUE);
  add_rule (set, SW_MATCH_KIND_STARTS_WITH, "AT+", "OK");
  add_rule (set, SW_MATCH_KIND_ENDS_WITH, "?", "ERROR");

  assert_replies (set, "AT+CSQ", "AT+ -> OK");
  assert_replies (set, "AT+CSQ?", "AT+ -> OK\n? -> ERROR");
  assert_replies (set, "xAT+CSQ", "");
  assert_replies (set, "what?", "? -> ERROR");
  assert_replies (set, "what?!", "");
  assert_replies (set, "AT", "");
}

static void
test_escapes (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();

  sw_rule_set_set_match_all (set, TRUE);
  add_rule (set, SW_MATCH_KIND_ENDS_WITH, "\\r\\n", "CRLF\\r\\n");
  add_rule (set, SW_MATCH_KIND_STARTS_WITH, "\\x02", "\\x06");
  add_rule (set, SW_MATCH_KIND_CONTAINS, "a\\\\b", "backslash\\0");

  assert_replies (set, "hello\r\n", "\\r\\n -> CRLF\\x0D\\x0A");
  assert_replies (set, "hello\n", "");
  assert_replies (set, "\x02" "data\x03", "\\x02 -> \\x06");
  assert_replies (set, "xa\\by", "a\\\\b -> backslash\\x00");
  assert_replies (set, "xa\\\\by", "");
}

static void
test_encoding (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();
  SwRule *rule;

  sw_rule_set_set_encoding (set, SW_ENCODING_GB18030);
  rule = add_rule (set, SW_MATCH_KIND_CONTAINS, "你好", "收到\\r\\n");
  g_assert_true (sw_rule_get_active (rule));

  /* 你好 in GB18030, and the reply in GB18030 too. */
  assert_replies (set, "\xc4\xe3\xba\xc3!", "你好 -> \\xCA\\xD5\\xB5\\xBD\\x0D\\x0A");
  /* The same text in UTF-8 is other bytes. */
  assert_replies (set, "你好!", "");

  /* Back to UTF-8: the rule compiles again, at once. */
  sw_rule_set_set_encoding (set, SW_ENCODING_UTF8);
  assert_replies (set, "你好!", "你好 -> \\xE6\\x94\\xB6\\xE5\\x88\\xB0\\x0D\\x0A");
  assert_replies (set, "\xc4\xe3\xba\xc3!", "");

  /* A character the encoding cannot write keeps the rule off. */
  sw_rule_set_set_encoding (set, SW_ENCODING_LATIN1);
  g_assert_false (sw_rule_get_active (rule));
  g_assert_error ((GError *) sw_rule_get_error (rule), SW_RULE_ERROR, SW_RULE_ERROR_INVALID_PATTERN);
  g_assert_true (g_str_has_prefix (sw_rule_get_error (rule)->message, "Pattern: “你” cannot be written"));
  g_assert_cmpint (sw_rule_get_error_offset (rule), ==, 0);
}

static void
test_regex_encoding (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();

  sw_rule_set_set_encoding (set, SW_ENCODING_GB18030);
  add_rule (set, SW_MATCH_KIND_REGEX, "^温度=(\\d+)$", "已记录\\1");

  /* "温度=25\r\n" in GB18030: the expression sees it decoded, and the
   * reply's text and capture go out in GB18030. */
  assert_replies (set, "\xce\xc2\xb6\xc8=25\r\n",
                  "^温度=(\\d+)$ -> \\xD2\\xD1\\xBC\\xC7\\xC2\\xBC25");
  assert_replies (set, "\xce\xc2\xb6\xc8=x\r\n", "");
}

static void
test_regex (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();
  SwRule *rule;

  rule = add_rule (set, SW_MATCH_KIND_REGEX, "^GET (\\w+) (?<version>\\d+)$", "OK \\1 v${version}\\r\\n");
  g_assert_true (sw_rule_get_active (rule));
  g_assert_null (sw_rule_get_error (rule));

  assert_replies (set, "GET temp 2", "^GET (\\w+) (?<version>\\d+)$ -> OK temp v2\\x0D\\x0A");
  /* Any of CR, LF and CRLF ends a line, so $ matches before it. */
  assert_replies (set, "GET temp 2\r\n", "^GET (\\w+) (?<version>\\d+)$ -> OK temp v2\\x0D\\x0A");
  assert_replies (set, "GET temp 2\n", "^GET (\\w+) (?<version>\\d+)$ -> OK temp v2\\x0D\\x0A");
  assert_replies (set, "GET temp x", "");

  /* ${0} is the whole match, ${N} a group by number; a group that did
   * not take part is empty; \\ is a backslash, never a reference. */
  sw_rule_set_pattern (rule, "(a)|(b)");
  sw_rule_set_reply (rule, "[\\1][\\2][${0}][${2}]\\\\1");
  assert_replies (set, "b", "(a)|(b) -> [][b][b][b]\\x5C1");
  assert_replies (set, "a", "(a)|(b) -> [a][][a][]\\x5C1");

  /* A capture is inserted as text, never parsed for escapes. */
  sw_rule_set_pattern (rule, "path=(\\S+)");
  sw_rule_set_reply (rule, "got \\1\\n");
  assert_replies (set, "path=C:\\temp\\x41", "path=(\\S+) -> got C:\\x5Ctemp\\x5Cx41\\x0A");

  /* Characters are characters, controls included. */
  sw_rule_set_pattern (rule, "^(.)\\t(.)\\r\\n$");
  sw_rule_set_reply (rule, "\\2\\1");
  assert_replies (set, "中\t文\r\n", "^(.)\\t(.)\\r\\n$ -> \\xE6\\x96\\x87\\xE4\\xB8\\xAD");
}

static void
test_regex_undecodable (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();

  /* A byte that does not decode is "\xNN" text, as the log shows it. */
  add_rule (set, SW_MATCH_KIND_REGEX, "^A\\\\xFF(.)$", "\\1");
  assert_replies (set, "A\xff" "B", "^A\\\\xFF(.)$ -> B");
  assert_replies (set, "A\xc3\xbf" "B", "");

  /* U+0000 is itself. */
  sw_rule_set_set_match_all (set, TRUE);
  add_rule (set, SW_MATCH_KIND_REGEX, "^\\x00{2}$", "two NULs");
  assert_replies_len (set, "\0\0", 2, "^\\x00{2}$ -> two NULs");
}

static void
test_hex (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();
  SwRule *rule;

  rule = add_rule (set, SW_MATCH_KIND_HEX, "01 03 ?? ??", "01 03 02 00 2A");
  sw_rule_set_reply_format (rule, SW_PAYLOAD_FORMAT_HEX);
  g_assert_true (sw_rule_get_active (rule));

  assert_replies_len (set, "\x01\x03\x00\x0a", 4, "01 03 ?? ?? -> \\x01\\x03\\x02\\x00*");
  assert_replies_len (set, "\x01\x03\xff\xff", 4, "01 03 ?? ?? -> \\x01\\x03\\x02\\x00*");
  assert_replies_len (set, "\x01\x04\x00\x0a", 4, "");
  assert_replies_len (set, "\x02\x03\x00\x0a", 4, "");
  /* The whole frame, of exactly the pattern's length. */
  assert_replies_len (set, "\x01\x03\x00", 3, "");
  assert_replies_len (set, "\x01\x03\x00\x0a\x00", 5, "");

  /* As the send bar takes hex: 0x prefixes, no spaces, any case. */
  sw_rule_set_pattern (rule, "0x01,03??0A");
  assert_replies_len (set, "\x01\x03\x7f\x0a", 4, "0x01,03??0A -> \\x01\\x03\\x02\\x00*");
  assert_replies_len (set, "\x01\x03\x7f\x0b", 4, "");

  /* No wildcard: compared whole. */
  sw_rule_set_pattern (rule, "ff fe");
  assert_replies_len (set, "\xff\xfe", 2, "ff fe -> \\x01\\x03\\x02\\x00*");
}

static void
test_first_match (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();

  add_rule (set, SW_MATCH_KIND_CONTAINS, "b", "1");
  add_rule (set, SW_MATCH_KIND_STARTS_WITH, "a", "2");
  add_rule (set, SW_MATCH_KIND_REGEX, "c$", "3");

  g_assert_false (sw_rule_set_get_match_all (set));
  assert_replies (set, "abc", "b -> 1");
  assert_replies (set, "ac", "a -> 2");
  assert_replies (set, "c", "c$ -> 3");

  sw_rule_set_set_match_all (set, TRUE);
  assert_replies (set, "abc", "b -> 1\na -> 2\nc$ -> 3");
  assert_replies (set, "ac", "a -> 2\nc$ -> 3");

  /* The order is the list's. */
  sw_rule_set_move (set, 2, 0);
  assert_replies (set, "abc", "c$ -> 3\nb -> 1\na -> 2");
  sw_rule_set_set_match_all (set, FALSE);
  assert_replies (set, "abc", "c$ -> 3");
}

static void
test_disabled (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();
  SwRule *first;

  first = add_rule (set, SW_MATCH_KIND_CONTAINS, "x", "first");
  add_rule (set, SW_MATCH_KIND_CONTAINS, "x", "second");

  g_assert_true (sw_rule_get_enabled (first));
  g_assert_true (sw_rule_get_active (first));

  sw_rule_set_enabled (first, FALSE);
  g_assert_false (sw_rule_get_active (first));
  g_assert_null (sw_rule_get_error (first));
  assert_replies (set, "x", "x -> second");
  g_assert_cmpuint (sw_rule_get_hits (first), ==, 0);

  sw_rule_set_enabled (first, TRUE);
  assert_replies (set, "x", "x -> first");
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static gboolean
counter_reached (gpointer data)
{
  return *(guint *) data >= 1;
}

static void
test_hits (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();
  SwRule *rule;
  SwRule *other;
  guint notified = 0;
  guint other_notified = 0;

  sw_rule_set_set_match_all (set, TRUE);
  rule = add_rule (set, SW_MATCH_KIND_CONTAINS, "a", "A");
  other = add_rule (set, SW_MATCH_KIND_CONTAINS, "b", "B");
  g_signal_connect (rule, "notify::hits", G_CALLBACK (count_notify), &notified);
  g_signal_connect (other, "notify::hits", G_CALLBACK (count_notify), &other_notified);

  for (guint i = 0; i < 1000; i++)
    g_assert_cmpuint (sw_rule_set_match (set, (const guint8 *) "a", 1, NULL, NULL), ==, 1);
  g_assert_cmpuint (sw_rule_set_match (set, (const guint8 *) "ab", 2, NULL, NULL), ==, 2);

  /* Counted at once, notified later. */
  g_assert_cmpuint (sw_rule_get_hits (rule), ==, 1001);
  g_assert_cmpuint (sw_rule_get_hits (other), ==, 1);
  g_assert_cmpuint (notified, ==, 0);

  sw_rule_set_flush_hits (set);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (other_notified, ==, 1);
  sw_rule_set_flush_hits (set);
  g_assert_cmpuint (notified, ==, 1);

  /* By itself, from the main context, once for many hits. */
  for (guint i = 0; i < 1000; i++)
    sw_rule_set_match (set, (const guint8 *) "a", 1, NULL, NULL);
  notified = 0;
  sw_test_wait (counter_reached, &notified, 2000, "hits to be notified");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (sw_rule_get_hits (rule), ==, 2001);
  g_assert_cmpuint (other_notified, ==, 1);
  sw_test_run_for (300);
  g_assert_cmpuint (notified, ==, 1);

  sw_rule_set_reset_hits (set);
  g_assert_cmpuint (sw_rule_get_hits (rule), ==, 0);
  g_assert_cmpuint (notified, ==, 2);
}

static void
test_invalid_regex (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();
  SwRule *bad;
  guint error_notified = 0;
  guint active_notified = 0;

  bad = add_rule (set, SW_MATCH_KIND_REGEX, "(ab", "never");
  add_rule (set, SW_MATCH_KIND_CONTAINS, "ab", "still works");

  assert_rule_error (bad, SW_RULE_ERROR_INVALID_REGEX,
                     "Invalid regular expression at column 4: missing closing parenthesis", 3);
  g_assert_true (sw_rule_get_enabled (bad));
  g_assert_false (sw_rule_get_active (bad));
  assert_replies (set, "(ab", "ab -> still works");

  g_signal_connect (bad, "notify::error", G_CALLBACK (count_notify), &error_notified);
  g_signal_connect (bad, "notify::active", G_CALLBACK (count_notify), &active_notified);

  /* The column counts characters. */
  sw_rule_set_pattern (bad, "温度[");
  assert_rule_error (bad, SW_RULE_ERROR_INVALID_REGEX,
                     "Invalid regular expression at column 4: "
                     "missing terminating ] for character class", 7);
  g_assert_cmpuint (error_notified, ==, 1);
  g_assert_cmpuint (active_notified, ==, 0);

  sw_rule_set_pattern (bad, "(ab)");
  g_assert_null (sw_rule_get_error (bad));
  g_assert_cmpint (sw_rule_get_error_offset (bad), ==, -1);
  g_assert_true (sw_rule_get_active (bad));
  g_assert_cmpuint (error_notified, ==, 2);
  g_assert_cmpuint (active_notified, ==, 1);
  assert_replies (set, "(ab", "(ab) -> never");
}

static void
test_invalid_hex (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();
  SwRule *bad;

  bad = add_rule (set, SW_MATCH_KIND_HEX, "01 0G", "never");
  add_rule (set, SW_MATCH_KIND_CONTAINS, "\\x01", "still works");

  assert_rule_error (bad, SW_RULE_ERROR_INVALID_PATTERN,
                     "Pattern: Invalid hex digit “G” at column 5", 4);
  g_assert_false (sw_rule_get_active (bad));
  assert_replies_len (set, "\x01\x0a", 2, "\\x01 -> still works");

  sw_rule_set_pattern (bad, "01 ?3");
  assert_rule_error (bad, SW_RULE_ERROR_INVALID_PATTERN,
                     "Pattern: Lone “?” at column 4: write ?? for a byte that can be anything", 3);
  sw_rule_set_pattern (bad, "01 3?");
  assert_rule_error (bad, SW_RULE_ERROR_INVALID_PATTERN,
                     "Pattern: Lone “?” at column 5: write ?? for a byte that can be anything", 4);
  sw_rule_set_pattern (bad, "01 ???");
  assert_rule_error (bad, SW_RULE_ERROR_INVALID_PATTERN,
                     "Pattern: Lone “?” at column 6: write ?? for a byte that can be anything", 5);
  sw_rule_set_pattern (bad, "01 030");
  assert_rule_error (bad, SW_RULE_ERROR_INVALID_PATTERN,
                     "Pattern: Odd number of hex digits in “030” at column 4: "
                     "write each byte as two digits, like 0A", 3);
  sw_rule_set_pattern (bad, "   ");
  assert_rule_error (bad, SW_RULE_ERROR_EMPTY_PATTERN, "Type a pattern for the rule to match", -1);

  /* Outside hex patterns, "?" is no hex digit. */
  sw_rule_set_pattern (bad, "01 ??");
  g_assert_true (sw_rule_get_active (bad));
  sw_rule_set_reply_format (bad, SW_PAYLOAD_FORMAT_HEX);
  sw_rule_set_reply (bad, "06 ??");
  assert_rule_error (bad, SW_RULE_ERROR_INVALID_REPLY, "Reply: Invalid hex digit “?” at column 4", 3);
  g_assert_false (sw_rule_get_active (bad));
}

static void
test_invalid_reply (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();
  SwRule *rule;

  rule = add_rule (set, SW_MATCH_KIND_CONTAINS, "x", "ok\\q");
  assert_rule_error (rule, SW_RULE_ERROR_INVALID_REPLY,
                     "Reply: Unknown escape “\\q” at column 3: use \\r, \\n, \\t, \\0, \\\\ or \\xNN", 2);
  g_assert_false (sw_rule_get_active (rule));
  assert_replies (set, "x", "");

  /* References are for regular expressions only. */
  sw_rule_set_reply (rule, "\\1");
  assert_rule_error (rule, SW_RULE_ERROR_INVALID_REPLY,
                     "Reply: Unknown escape “\\1” at column 1: use \\r, \\n, \\t, \\0, \\\\ or \\xNN", 0);

  sw_rule_set_match_kind (rule, SW_MATCH_KIND_REGEX);
  assert_rule_error (rule, SW_RULE_ERROR_INVALID_REPLY,
                     "Reply: “\\1” at column 1 refers to a group, but the pattern has none: "
                     "put what to capture in parentheses", 0);

  sw_rule_set_pattern (rule, "(x)(?<name>y)?");
  sw_rule_set_reply (rule, "\\1\\2\\3");
  assert_rule_error (rule, SW_RULE_ERROR_INVALID_REPLY,
                     "Reply: “\\3” at column 5 refers to a group the pattern does not have", 4);
  sw_rule_set_reply (rule, "${name}${nmae}");
  assert_rule_error (rule, SW_RULE_ERROR_INVALID_REPLY,
                     "Reply: “${nmae}” at column 8 refers to a group the pattern does not have", 7);
  sw_rule_set_reply (rule, "${3}");
  assert_rule_error (rule, SW_RULE_ERROR_INVALID_REPLY,
                     "Reply: “${3}” at column 1 refers to a group the pattern does not have", 0);
  sw_rule_set_reply (rule, "a ${name");
  assert_rule_error (rule, SW_RULE_ERROR_INVALID_REPLY,
                     "Reply: “${” at column 3 must be followed by a group name or number "
                     "and “}”; write $\\x7B for a literal “${”", 2);

  /* An escape cut by a reference is an error at its place in the reply. */
  sw_rule_set_reply (rule, "ok \\x4\\1");
  assert_rule_error (rule, SW_RULE_ERROR_INVALID_REPLY,
                     "Reply: Invalid hex escape “\\x4_” at column 4: "
                     "\\x takes exactly two hex digits, as in \\x0A", 3);
  sw_rule_set_reply (rule, "ok \\${name}");
  g_assert_error ((GError *) sw_rule_get_error (rule), SW_RULE_ERROR, SW_RULE_ERROR_INVALID_REPLY);
  g_assert_cmpint (sw_rule_get_error_offset (rule), ==, 3);

  sw_rule_set_reply (rule, "[${name}] $\\x7Bname} \\1$");
  g_assert_null (sw_rule_get_error (rule));
  assert_replies (set, "xy", "(x)(?<name>y)? -> [y] ${name} x$");
  assert_replies (set, "x", "(x)(?<name>y)? -> [] ${name} x$");
}

static void
test_empty_pattern (void)
{
  g_autoptr(SwRule) rule = sw_rule_new ();
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();

  /* A new row: enabled, Contains, text, and waiting for a pattern. */
  g_assert_true (sw_rule_get_enabled (rule));
  g_assert_cmpint (sw_rule_get_match_kind (rule), ==, SW_MATCH_KIND_CONTAINS);
  g_assert_cmpint (sw_rule_get_reply_format (rule), ==, SW_PAYLOAD_FORMAT_TEXT);
  g_assert_cmpuint (sw_rule_get_delay (rule), ==, 0);
  g_assert_false (sw_rule_get_active (rule));
  assert_rule_error (rule, SW_RULE_ERROR_EMPTY_PATTERN, "Type a pattern for the rule to match", -1);

  sw_rule_set_add (set, rule);
  assert_replies (set, "anything", "");

  /* An empty reply is a reply: the match counts. */
  sw_rule_set_pattern (rule, "any");
  g_assert_true (sw_rule_get_active (rule));
  assert_replies (set, "anything", "any -> ");
  g_assert_cmpuint (sw_rule_get_hits (rule), ==, 1);
}

/* 64 KiB of "a" and one "!": (a+)+$ tries every way to split the "a"s. */
static char *
pathological_subject (gsize *length)
{
  gsize n = 64 * 1024;
  char *text = g_malloc (n + 1);

  memset (text, 'a', n);
  text[n] = '!';
  *length = n + 1;

  return text;
}

static void
assert_stops_at_limit (const char *pattern)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();
  g_autofree char *subject = NULL;
  SwRule *rule;
  gsize length;
  gint64 start;
  gint64 elapsed;

  sw_rule_set_set_match_all (set, TRUE);
  rule = add_rule (set, SW_MATCH_KIND_REGEX, pattern, "never");
  add_rule (set, SW_MATCH_KIND_ENDS_WITH, "!", "still works");

  subject = pathological_subject (&length);
  start = g_get_monotonic_time ();
  assert_replies_len (set, subject, length, "! -> still works");
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("%s on %" G_GSIZE_FORMAT " bytes stopped after %.2f ms",
                  pattern, length, elapsed / 1000.0);

  /* A few ms on this machine; the bound leaves room for a loaded one. */
  g_assert_cmpint (elapsed, <, G_USEC_PER_SEC / 2);
  assert_rule_error (rule, SW_RULE_ERROR_MATCH_LIMIT,
                     "A frame took this regular expression too long, so it was stopped there "
                     "and the frame did not match: simplify it (nested repeats such as (a+)+ "
                     "are the usual cause)", -1);
  g_assert_true (sw_rule_get_active (rule));
  g_assert_cmpuint (sw_rule_get_hits (rule), ==, 0);

  /* It stays until the rule is edited. */
  assert_replies (set, "bbb", "");
  g_assert_error ((GError *) sw_rule_get_error (rule), SW_RULE_ERROR, SW_RULE_ERROR_MATCH_LIMIT);
  sw_rule_set_reply (rule, "fine");
  g_assert_null (sw_rule_get_error (rule));
  assert_replies (set, "aaa", g_str_has_prefix (pattern, "(a+)") ? "(a+)+$ -> fine" : "");
}

static void
test_match_limit (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();
  g_autofree char *subject = NULL;
  gsize length;

  /* Exponential backtracking: the match limit (JIT or not). */
  assert_stops_at_limit ("(a+)+$");
  /* A scan from every start position, which no backtracking limit
   * counts: the time limit of a pattern that runs without JIT. */
  assert_stops_at_limit ("(*NO_JIT)\\w*\\d");

  /* 64 KiB of "a" alone match (a+)+$ at once. */
  add_rule (set, SW_MATCH_KIND_REGEX, "(a+)+$", "all a");
  subject = pathological_subject (&length);
  assert_replies_len (set, subject, length - 1, "(a+)+$ -> all a");
}

typedef struct
{
  guint calls;
  guint destroyed;
  gboolean refuse;
} Filter;

static GBytes *
append_checksum (GBytes   *reply,
                 gpointer  user_data,
                 GError  **error)
{
  Filter *filter = user_data;
  gsize length;
  const guint8 *data = g_bytes_get_data (reply, &length);
  GByteArray *out;
  guint8 sum = 0;

  filter->calls++;
  if (filter->refuse)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The checksum range is empty");
      return NULL;
    }

  out = g_byte_array_new ();
  g_byte_array_append (out, data, length);
  for (gsize i = 0; i < length; i++)
    sum += data[i];
  g_byte_array_append (out, &sum, 1);

  return g_byte_array_free_to_bytes (out);
}

static void
filter_destroyed (gpointer user_data)
{
  ((Filter *) user_data)->destroyed++;
}

static void
test_reply_filter (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();
  Filter filter = { 0, 0, FALSE };
  Filter other = { 0, 0, FALSE };
  SwRule *rule;

  sw_rule_set_set_match_all (set, TRUE);
  rule = add_rule (set, SW_MATCH_KIND_CONTAINS, "a", "\\x01\\x02");
  add_rule (set, SW_MATCH_KIND_REGEX, "(b)", "\\1");
  sw_rule_set_set_reply_filter (set, append_checksum, &filter, filter_destroyed);

  assert_replies (set, "ab", "a -> \\x01\\x02\\x03\n(b) -> bb");
  g_assert_cmpuint (filter.calls, ==, 2);

  /* A refused reply is not sent; the match counts; the rule says why. */
  filter.refuse = TRUE;
  assert_replies (set, "a", "");
  g_assert_cmpuint (sw_rule_set_match (set, (const guint8 *) "a", 1, NULL, NULL), ==, 1);
  g_assert_cmpuint (sw_rule_get_hits (rule), ==, 3);
  assert_rule_error (rule, SW_RULE_ERROR_INVALID_REPLY, "Reply: The checksum range is empty", -1);
  g_assert_true (sw_rule_get_active (rule));

  /* A new filter clears that, and the old one's data is freed. */
  sw_rule_set_set_reply_filter (set, append_checksum, &other, filter_destroyed);
  g_assert_cmpuint (filter.destroyed, ==, 1);
  g_assert_null (sw_rule_get_error (rule));
  assert_replies (set, "a", "a -> \\x01\\x02\\x03");
  g_assert_cmpuint (other.calls, ==, 1);

  g_clear_object (&set);
  g_assert_cmpuint (other.destroyed, ==, 1);
}

static void
test_delay (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();
  Replies replies = { g_string_new (NULL), 0, 0 };
  SwRule *rule;

  rule = add_rule (set, SW_MATCH_KIND_CONTAINS, "a", "b");
  sw_rule_set_delay (rule, 250);
  sw_rule_set_match (set, (const guint8 *) "a", 1, record_reply, &replies);
  g_assert_cmpuint (replies.last_delay, ==, 250);
  g_string_free (replies.log, TRUE);

  g_object_set (rule, "delay", SW_RULE_MAX_DELAY_MS, NULL);
  g_assert_cmpuint (sw_rule_get_delay (rule), ==, SW_RULE_MAX_DELAY_MS);
}

static void
test_properties (void)
{
  g_autoptr(SwRule) rule = sw_rule_new ();
  const char *names[] = { "pattern", "match-kind", "reply", "reply-format", "delay", "enabled" };
  guint counts[G_N_ELEMENTS (names)] = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", names[i], NULL);

      g_signal_connect (rule, signal, G_CALLBACK (count_notify), &counts[i]);
    }

  /* Each notifies once per change, and not for the same value. */
  for (guint round = 0; round < 2; round++)
    g_object_set (rule,
                  "pattern", "x",
                  "match-kind", SW_MATCH_KIND_REGEX,
                  "reply", "y",
                  "reply-format", SW_PAYLOAD_FORMAT_TEXT,
                  "delay", 10,
                  "enabled", FALSE,
                  NULL);

  g_assert_cmpuint (counts[0], ==, 1);
  g_assert_cmpuint (counts[1], ==, 1);
  g_assert_cmpuint (counts[2], ==, 1);
  g_assert_cmpuint (counts[3], ==, 0);
  g_assert_cmpuint (counts[4], ==, 1);
  g_assert_cmpuint (counts[5], ==, 1);
}

static void
test_save_restore (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();
  g_autoptr(SwRuleSet) copy = sw_rule_set_new ();
  g_autoptr(GVariant) saved = NULL;
  g_autoptr(GVariant) saved_again = NULL;
  g_autoptr(GVariant) odd = NULL;
  g_autoptr(SwRule) first = NULL;
  g_autoptr(SwRule) second = NULL;
  SwRule *rule;

  add_rule (set, SW_MATCH_KIND_CONTAINS, "PING\\r\\n", "PONG\\r\\n");
  rule = add_rule (set, SW_MATCH_KIND_HEX, "01 03 ?? ??", "01 83 02");
  sw_rule_set_reply_format (rule, SW_PAYLOAD_FORMAT_HEX);
  sw_rule_set_delay (rule, 1500);
  sw_rule_set_enabled (rule, FALSE);
  add_rule (set, SW_MATCH_KIND_REGEX, "(a", "broken, saved as typed");

  saved = sw_rule_set_save (set);
  g_assert_true (g_variant_is_of_type (saved, G_VARIANT_TYPE ("aa{sv}")));
  g_assert_false (g_variant_is_floating (saved));

  add_rule (copy, SW_MATCH_KIND_EXACT, "replaced", "");
  g_assert_true (sw_rule_set_restore (copy, saved));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (copy)), ==, 3);
  saved_again = sw_rule_set_save (copy);
  g_assert_true (g_variant_equal (saved, saved_again));

  second = g_list_model_get_item (G_LIST_MODEL (copy), 1);
  g_assert_cmpstr (sw_rule_get_pattern (second), ==, "01 03 ?? ??");
  g_assert_cmpint (sw_rule_get_match_kind (second), ==, SW_MATCH_KIND_HEX);
  g_assert_cmpstr (sw_rule_get_reply (second), ==, "01 83 02");
  g_assert_cmpint (sw_rule_get_reply_format (second), ==, SW_PAYLOAD_FORMAT_HEX);
  g_assert_cmpuint (sw_rule_get_delay (second), ==, 1500);
  g_assert_false (sw_rule_get_enabled (second));
  assert_replies (copy, "PING\r\n", "PING\\r\\n -> PONG\\x0D\\x0A");

  /* Unknown keys are ignored; mistyped or unknown values keep defaults. */
  odd = g_variant_ref_sink (g_variant_new_parsed (
    "[{'pattern': <'ok'>, 'match-kind': <'starts-with'>, 'colour': <'red'>, 'delay': <uint32 9999999>},"
    " {'pattern': <42>, 'match-kind': <'sounds-like'>, 'reply': <'x'>, 'enabled': <'yes'>, 'delay': <-1>},"
    " @a{sv} {}]"));
  g_assert_true (sw_rule_set_restore (copy, odd));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (copy)), ==, 3);
  first = g_list_model_get_item (G_LIST_MODEL (copy), 0);
  g_assert_cmpstr (sw_rule_get_pattern (first), ==, "ok");
  g_assert_cmpint (sw_rule_get_match_kind (first), ==, SW_MATCH_KIND_STARTS_WITH);
  g_assert_cmpuint (sw_rule_get_delay (first), ==, SW_RULE_MAX_DELAY_MS);
  g_clear_object (&second);
  second = g_list_model_get_item (G_LIST_MODEL (copy), 1);
  g_assert_cmpstr (sw_rule_get_pattern (second), ==, "");
  g_assert_cmpint (sw_rule_get_match_kind (second), ==, SW_MATCH_KIND_CONTAINS);
  g_assert_cmpstr (sw_rule_get_reply (second), ==, "x");
  g_assert_true (sw_rule_get_enabled (second));
  g_assert_cmpuint (sw_rule_get_delay (second), ==, 0);

  /* Not a list of rules at all: nothing changes. */
  g_assert_false (sw_rule_set_restore (copy, g_variant_new_string ("rules")));
  g_assert_false (sw_rule_set_restore (copy, g_variant_new_parsed ("[<'a'>]")));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (copy)), ==, 3);
}

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint n_items_notified;
} Changed;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  Changed *changed = user_data;

  changed->position = position;
  changed->removed = removed;
  changed->added = added;
}

#define assert_changed(changed, p, r, a) \
  G_STMT_START { \
    g_assert_cmpuint ((changed)->position, ==, (p)); \
    g_assert_cmpuint ((changed)->removed, ==, (r)); \
    g_assert_cmpuint ((changed)->added, ==, (a)); \
  } G_STMT_END

static char *
patterns (SwRuleSet *set)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (set)); i++)
    {
      g_autoptr(SwRule) rule = g_list_model_get_item (G_LIST_MODEL (set), i);

      g_string_append (out, sw_rule_get_pattern (rule));
    }

  return g_string_free (out, FALSE);
}

#define assert_patterns(set, expected) \
  G_STMT_START { \
    g_autofree char *got_ = patterns (set); \
    g_assert_cmpstr (got_, ==, (expected)); \
  } G_STMT_END

static void
test_list_model (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();
  g_autoptr(SwRule) rule = sw_rule_new ();
  Changed changed = { 0 };
  guint position = 0;

  g_signal_connect (set, "items-changed", G_CALLBACK (items_changed_cb), &changed);
  g_signal_connect (set, "notify::n-items", G_CALLBACK (count_notify), &changed.n_items_notified);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (set)) == SW_TYPE_RULE);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (set), 0));

  add_rule (set, SW_MATCH_KIND_CONTAINS, "a", "");
  assert_changed (&changed, 0, 0, 1);
  add_rule (set, SW_MATCH_KIND_CONTAINS, "b", "");
  assert_changed (&changed, 1, 0, 1);
  add_rule (set, SW_MATCH_KIND_CONTAINS, "c", "");
  sw_rule_set_pattern (rule, "d");
  sw_rule_set_insert (set, 1, rule);
  assert_changed (&changed, 1, 0, 1);
  assert_patterns (set, "adbc");
  g_assert_cmpuint (changed.n_items_notified, ==, 4);
  g_assert_true (sw_rule_set_find (set, rule, &position));
  g_assert_cmpuint (position, ==, 1);

  sw_rule_set_move (set, 0, 2);
  assert_changed (&changed, 0, 3, 3);
  assert_patterns (set, "dbac");
  sw_rule_set_move (set, 3, 1);
  assert_changed (&changed, 1, 3, 3);
  assert_patterns (set, "dcba");
  g_assert_cmpuint (changed.n_items_notified, ==, 4);

  sw_rule_set_remove (set, 0);
  assert_changed (&changed, 0, 1, 0);
  assert_patterns (set, "cba");
  g_assert_false (sw_rule_set_find (set, rule, NULL));
  g_assert_cmpuint (changed.n_items_notified, ==, 5);

  /* Out of the set, the rule can go into another. */
  {
    g_autoptr(SwRuleSet) other = sw_rule_set_new ();

    sw_rule_set_add (other, rule);
    assert_replies (other, "d", "d -> ");
  }

  g_object_unref (g_steal_pointer (&rule));
  g_assert_finalize_object (g_steal_pointer (&set));
}

static void
remove_first (SwRule   *rule,
              GBytes   *reply,
              guint     delay_ms,
              gpointer  user_data)
{
  SwRuleSet *set = user_data;

  (void) sw_rule_get_pattern (rule);
  sw_rule_set_remove (set, 0);
}

static void
test_edit_while_matching (void)
{
  g_autoptr(SwRuleSet) set = sw_rule_set_new ();
  SwRule *second;

  sw_rule_set_set_match_all (set, TRUE);
  add_rule (set, SW_MATCH_KIND_CONTAINS, "a", "");
  second = add_rule (set, SW_MATCH_KIND_CONTAINS, "a", "");

  /* The reply function removes the rule that matched: the match stops
   * there, and the rule lived through the call. */
  g_assert_cmpuint (sw_rule_set_match (set, (const guint8 *) "a", 1, remove_first, set), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (set)), ==, 1);
  g_assert_cmpuint (sw_rule_get_hits (second), ==, 0);
}

/* Frames that match no rule allocate nothing, whatever the encoding and
 * whether they decode: the decoded text, PCRE2's match data and the
 * converter are the set's, made once. The set counts PCRE2's allocations
 * (its general context) and the growth of its buffers; valgrind's dhat
 * on sw-bench-rules shows the same from outside. */
static void
test_no_allocation (void)
{
  const SwEncoding encodings[] = { SW_ENCODING_UTF8, SW_ENCODING_GB18030, SW_ENCODING_LATIN1,
                                   SW_ENCODING_UTF16BE };
  const char *frames[] = {
    "id=0042 t=23.51 h=45.2 p=1013 st=OK seq=0000123\n",
    "\xce\xc2\xb6\xc8=25 \xff\xfe invalid in UTF-8 \x81\n",
    "",
    "short\r\n",
  };

  for (guint e = 0; e < G_N_ELEMENTS (encodings); e++)
    {
      g_autoptr(SwRuleSet) set = sw_rule_set_new ();
      guint64 allocations;
      const char *buffer;

      sw_rule_set_set_encoding (set, encodings[e]);
      sw_rule_set_set_match_all (set, TRUE);
      add_rule (set, SW_MATCH_KIND_CONTAINS, "ALARM", "");
      add_rule (set, SW_MATCH_KIND_HEX, "01 03 ?? ??", "");
      add_rule (set, SW_MATCH_KIND_REGEX, "st=(ERR|FAIL)(\\d+)", "");
      add_rule (set, SW_MATCH_KIND_REGEX, "(*NO_JIT)^(\\w+)=(\\d+)$", "");

      for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
        g_assert_cmpuint (sw_rule_set_match (set, (const guint8 *) frames[i], strlen (frames[i]),
                                             NULL, NULL), ==, 0);
      allocations = _sw_rule_set_get_n_allocations (set);
      buffer = _sw_rule_set_get_text_buffer (set);
      g_assert_cmpuint (allocations, >, 0);

      for (guint round = 0; round < 10000; round++)
        {
          const char *frame = frames[round % G_N_ELEMENTS (frames)];

          sw_rule_set_match (set, (const guint8 *) frame, strlen (frame), NULL, NULL);
        }

      g_assert_cmpuint (_sw_rule_set_get_n_allocations (set), ==, allocations);
      g_assert_true (_sw_rule_set_get_text_buffer (set) == buffer);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/rules/contains", test_contains);
  g_test_add_func ("/sw/rules/exact", test_exact);
  g_test_add_func ("/sw/rules/starts-ends", test_starts_ends);
  g_test_add_func ("/sw/rules/escapes", test_escapes);
  g_test_add_func ("/sw/rules/encoding", test_encoding);
  g_test_add_func ("/sw/rules/regex", test_regex);
  g_test_add_func ("/sw/rules/regex-encoding", test_regex_encoding);
  g_test_add_func ("/sw/rules/regex-undecodable", test_regex_undecodable);
  g_test_add_func ("/sw/rules/hex", test_hex);
  g_test_add_func ("/sw/rules/first-match", test_first_match);
  g_test_add_func ("/sw/rules/disabled", test_disabled);
  g_test_add_func ("/sw/rules/hits", test_hits);
  g_test_add_func ("/sw/rules/invalid-regex", test_invalid_regex);
  g_test_add_func ("/sw/rules/invalid-hex", test_invalid_hex);
  g_test_add_func ("/sw/rules/invalid-reply", test_invalid_reply);
  g_test_add_func ("/sw/rules/empty-pattern", test_empty_pattern);
  g_test_add_func ("/sw/rules/match-limit", test_match_limit);
  g_test_add_func ("/sw/rules/reply-filter", test_reply_filter);
  g_test_add_func ("/sw/rules/delay", test_delay);
  g_test_add_func ("/sw/rules/properties", test_properties);
  g_test_add_func ("/sw/rules/save-restore", test_save_restore);
  g_test_add_func ("/sw/rules/list-model", test_list_model);
  g_test_add_func ("/sw/rules/edit-while-matching", test_edit_while_matching);
  g_test_add_func ("/sw/rules/no-allocation", test_no_allocation);

  return g_test_run ();
}
