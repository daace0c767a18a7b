/* test-search.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-encoding.h"
#include "sw-framing.h"
#include "sw-search-pattern.h"
#include "sw-test-util.h"
#include "sw-traffic-filter.h"
#include "sw-traffic-search.h"

#define WAIT_MS 20000

/* Appends @data (@length bytes, or a string with -1) to @connection's
 * stream in @direction, or with @connection 0, to @peer's. */
static guint64
append (SwTrafficLog *log,
        SwDirection   direction,
        guint         connection,
        const char   *peer,
        const void   *data,
        gssize        length)
{
  SwTrafficMeta meta = { .direction = direction, .connection = connection, .peer = peer };

  if (length < 0)
    length = strlen (data);

  return sw_traffic_log_append_full (log, &meta, data, length);
}

/* Appends @text encoded in @encoding to @peer's stream. */
static void
append_encoded (SwTrafficLog *log,
                const char   *peer,
                SwEncoding    encoding,
                const char   *text)
{
  g_autoptr(GBytes) bytes = sw_encoding_encode (encoding, text, -1, NULL, NULL);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  append (log, SW_DIRECTION_RECEIVED, 0, peer, data, length);
}

static guint
open_tcp (SwTrafficLog *log,
          const char   *name)
{
  return sw_traffic_log_open_connection (log, SW_TRANSPORT_TCP, FALSE, NULL, NULL, name);
}

static gboolean
search_done (gpointer data)
{
  return !sw_traffic_search_get_searching (data);
}

static void
wait_search (SwTrafficSearch *search)
{
  sw_test_wait (search_done, search, WAIT_MS, "the search to finish");
}

static SwSearchPattern *
pattern_new (SwSearchKind   kind,
             const char    *text,
             SwEncoding     encoding,
             SwSearchFlags  flags)
{
  g_autoptr(GError) error = NULL;
  SwSearchPattern *pattern;

  pattern = sw_search_pattern_new (kind, text, encoding, flags, NULL, &error);
  g_assert_no_error (error);

  return pattern;
}

/* Searches @log to the end. */
static SwTrafficSearch *
search_full (SwTrafficLog  *log,
             SwSearchKind   kind,
             const char    *text,
             SwEncoding     encoding,
             SwSearchFlags  flags,
             SwFraming     *framing)
{
  g_autoptr(SwSearchPattern) pattern = pattern_new (kind, text, encoding, flags);
  SwTrafficSearch *search = sw_traffic_search_new (log, pattern, framing);

  wait_search (search);

  return search;
}

static SwTrafficSearch *
search_text (SwTrafficLog *log,
             const char   *text)
{
  return search_full (log, SW_SEARCH_KIND_TEXT, text, SW_ENCODING_UTF8, 0, NULL);
}

/* The matches as "start_seq:offset-end_seq:offset", space-separated. */
static char *
describe (SwTrafficSearch *search)
{
  GString *out = g_string_new (NULL);
  SwSearchMatch match;

  for (guint i = 0; sw_traffic_search_get_match (search, i, &match); i++)
    g_string_append_printf (out, "%s%" G_GUINT64_FORMAT ":%zu-%" G_GUINT64_FORMAT ":%zu",
                            i > 0 ? " " : "",
                            match.start_seq, match.start_offset,
                            match.end_seq, match.end_offset);

  return g_string_free (out, FALSE);
}

static void
assert_matches (SwTrafficSearch *search,
                const char      *expected)
{
  g_autofree char *found = describe (search);

  g_assert_cmpstr (found, ==, expected);
  g_assert_null (sw_traffic_search_get_error (search));
}

/* The search's matches, found in the text: "kind:text" → matches. */
static void
assert_search (SwTrafficLog  *log,
               SwSearchKind   kind,
               const char    *text,
               SwEncoding     encoding,
               SwSearchFlags  flags,
               const char    *expected)
{
  g_autoptr(SwTrafficSearch) search = search_full (log, kind, text, encoding, flags, NULL);

  g_test_message ("searching for “%s”", text);
  assert_matches (search, expected);
}

static void
assert_pattern_error (SwSearchKind  kind,
                      const char   *text,
                      SwEncoding    encoding,
                      SwSearchError code,
                      gsize         offset,
                      const char   *message)
{
  g_autoptr(GError) error = NULL;
  gsize error_offset = 999;
  SwSearchPattern *pattern;

  pattern = sw_search_pattern_new (kind, text, encoding, 0, &error_offset, &error);
  g_assert_null (pattern);
  g_assert_error (error, SW_SEARCH_ERROR, code);
  g_assert_cmpuint (error_offset, ==, offset);
  g_assert_nonnull (strstr (error->message, message));
}

static void
test_pattern_errors (void)
{
  g_autoptr(SwSearchPattern) a = pattern_new (SW_SEARCH_KIND_HEX, "de ad", SW_ENCODING_UTF8, 0);
  g_autoptr(SwSearchPattern) b = pattern_new (SW_SEARCH_KIND_HEX, "de ad", SW_ENCODING_GB18030, 0);
  g_autoptr(SwSearchPattern) c = pattern_new (SW_SEARCH_KIND_TEXT, "de ad", SW_ENCODING_GB18030, 0);

  assert_pattern_error (SW_SEARCH_KIND_TEXT, "", SW_ENCODING_UTF8,
                        SW_SEARCH_ERROR_EMPTY, 0, "Type something");
  assert_pattern_error (SW_SEARCH_KIND_TEXT, "OK\\q", SW_ENCODING_UTF8,
                        SW_SEARCH_ERROR_INVALID_PATTERN, 2, "column 3");
  assert_pattern_error (SW_SEARCH_KIND_TEXT, "ab中", SW_ENCODING_LATIN1,
                        SW_SEARCH_ERROR_INVALID_PATTERN, 2, "column 3");
  assert_pattern_error (SW_SEARCH_KIND_HEX, "DE AD ?X", SW_ENCODING_UTF8,
                        SW_SEARCH_ERROR_INVALID_PATTERN, 6, "column 7");
  assert_pattern_error (SW_SEARCH_KIND_HEX, "DE AG", SW_ENCODING_UTF8,
                        SW_SEARCH_ERROR_INVALID_PATTERN, 4, "column 5");
  assert_pattern_error (SW_SEARCH_KIND_HEX, "  ", SW_ENCODING_UTF8,
                        SW_SEARCH_ERROR_EMPTY, 0, "0D 0A");
  assert_pattern_error (SW_SEARCH_KIND_REGEX, "ab(c", SW_ENCODING_UTF8,
                        SW_SEARCH_ERROR_INVALID_REGEX, 4, "column 5");

  g_assert_cmpint (sw_search_pattern_get_kind (c), ==, SW_SEARCH_KIND_TEXT);
  g_assert_cmpstr (sw_search_pattern_get_text (c), ==, "de ad");
  g_assert_cmpint (sw_search_pattern_get_encoding (c), ==, SW_ENCODING_GB18030);
  g_assert_true (sw_search_pattern_equal (a, b));
  g_assert_false (sw_search_pattern_equal (a, c));
}

static void
test_text_utf8 (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();

  append (log, SW_DIRECTION_RECEIVED, 0, "a", "héllo wörld, wörld", -1);
  append (log, SW_DIRECTION_SENT, 0, "a", "OK\r\n", -1);

  assert_search (log, SW_SEARCH_KIND_TEXT, "wörld", SW_ENCODING_UTF8, 0, "0:7-0:13 0:15-0:21");
  assert_search (log, SW_SEARCH_KIND_TEXT, "WÖRLD", SW_ENCODING_UTF8, 0, "");
  /* As the log shows those bytes. */
  assert_search (log, SW_SEARCH_KIND_TEXT, "OK\\r\\n", SW_ENCODING_UTF8, 0, "1:0-1:4");
  /* Matches do not overlap. */
  append (log, SW_DIRECTION_RECEIVED, 0, "b", "aaaaa", -1);
  assert_search (log, SW_SEARCH_KIND_TEXT, "aa", SW_ENCODING_UTF8, 0, "2:0-2:2 2:2-2:4");
}

static void
test_text_gb18030 (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();

  append_encoded (log, "a", SW_ENCODING_GB18030, "中文测试 ok");

  assert_search (log, SW_SEARCH_KIND_TEXT, "测试", SW_ENCODING_GB18030, 0, "0:4-0:8");
  assert_search (log, SW_SEARCH_KIND_TEXT, "测试", SW_ENCODING_UTF8, 0, "");
  assert_search (log, SW_SEARCH_KIND_TEXT, "OK", SW_ENCODING_GB18030,
                 SW_SEARCH_FLAGS_CASE_INSENSITIVE, "0:9-0:11");
  /* The regular expression sees characters; the match is in bytes. */
  assert_search (log, SW_SEARCH_KIND_REGEX, "测.", SW_ENCODING_GB18030, 0, "0:4-0:8");
  assert_search (log, SW_SEARCH_KIND_REGEX, "文\\S+", SW_ENCODING_GB18030, 0, "0:2-0:8");
}

static void
test_case_insensitive (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();

  append (log, SW_DIRECTION_RECEIVED, 0, "a", "Hello HELLO hello", -1);
  append (log, SW_DIRECTION_RECEIVED, 0, "b", "STRASSE STRAßE straße École ÉCOLE", -1);
  append_encoded (log, "c", SW_ENCODING_UTF16LE, "xHeLLo");

  assert_search (log, SW_SEARCH_KIND_TEXT, "hello", SW_ENCODING_UTF8,
                 SW_SEARCH_FLAGS_CASE_INSENSITIVE, "0:0-0:5 0:6-0:11 0:12-0:17");
  assert_search (log, SW_SEARCH_KIND_TEXT, "hello", SW_ENCODING_UTF8, 0, "0:12-0:17");
  /* Beyond ASCII, one case for another (ß stays ß). */
  assert_search (log, SW_SEARCH_KIND_TEXT, "straße", SW_ENCODING_UTF8,
                 SW_SEARCH_FLAGS_CASE_INSENSITIVE, "1:8-1:15 1:16-1:23");
  assert_search (log, SW_SEARCH_KIND_TEXT, "école", SW_ENCODING_UTF8,
                 SW_SEARCH_FLAGS_CASE_INSENSITIVE, "1:24-1:30 1:31-1:37");
  assert_search (log, SW_SEARCH_KIND_REGEX, "école", SW_ENCODING_UTF8,
                 SW_SEARCH_FLAGS_CASE_INSENSITIVE, "1:24-1:30 1:31-1:37");
  /* In GB18030 too, each case encoded: Cyrillic, full-width Latin. */
  append_encoded (log, "d", SW_ENCODING_GB18030, "ПРИВЕТ ＡＢＣ");
  assert_search (log, SW_SEARCH_KIND_TEXT, "привет", SW_ENCODING_GB18030,
                 SW_SEARCH_FLAGS_CASE_INSENSITIVE, "3:0-3:12");
  assert_search (log, SW_SEARCH_KIND_TEXT, "ａｂｃ", SW_ENCODING_GB18030,
                 SW_SEARCH_FLAGS_CASE_INSENSITIVE, "3:13-3:19");
  /* In UTF-16, at the code units. */
  assert_search (log, SW_SEARCH_KIND_TEXT, "hello", SW_ENCODING_UTF16LE,
                 SW_SEARCH_FLAGS_CASE_INSENSITIVE, "2:2-2:12");
}

static void
test_hex_wildcards (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  static const guint8 a[] = { 0x00, 0xDE, 0xAD, 0x01, 0xEF, 0xDE, 0xAD, 0xFF, 0xEF, 0xDE, 0xAD, 0x02, 0xEE };

  append (log, SW_DIRECTION_RECEIVED, 0, "a", a, sizeof a);

  assert_search (log, SW_SEARCH_KIND_HEX, "DE AD ?? EF", SW_ENCODING_UTF8, 0, "0:1-0:5 0:5-0:9");
  assert_search (log, SW_SEARCH_KIND_HEX, "?? AD", SW_ENCODING_UTF8, 0, "0:1-0:3 0:5-0:7 0:9-0:11");
  assert_search (log, SW_SEARCH_KIND_HEX, "0xdead02", SW_ENCODING_UTF8, 0, "0:9-0:12");
  assert_search (log, SW_SEARCH_KIND_HEX, "?? ?? ?? ?? ?? ??", SW_ENCODING_UTF8, 0, "0:0-0:6 0:6-0:12");
}

static void
test_regex (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  static const guint8 binary[] = { 'x', 0xFF, 'y', 0x00, 'z' };

  append (log, SW_DIRECTION_RECEIVED, 0, "a", "id=12-ab; id=7-c\r\nline two\r\n", -1);
  append (log, SW_DIRECTION_RECEIVED, 0, "b", binary, sizeof binary);

  /* Groups do not make more matches. */
  assert_search (log, SW_SEARCH_KIND_REGEX, "id=(\\d+)-(\\w+)", SW_ENCODING_UTF8, 0,
                 "0:0-0:8 0:10-0:16");
  /* ^ and $ at every line; never an empty match. */
  assert_search (log, SW_SEARCH_KIND_REGEX, "^\\w+", SW_ENCODING_UTF8, 0, "0:0-0:2 0:18-0:22 1:0-1:1");
  assert_search (log, SW_SEARCH_KIND_REGEX, "two$", SW_ENCODING_UTF8, 0, "0:23-0:26");
  assert_search (log, SW_SEARCH_KIND_REGEX, "q*", SW_ENCODING_UTF8, 0, "");
  /* A byte that does not decode is \xNN, and maps back to itself. */
  assert_search (log, SW_SEARCH_KIND_REGEX, "x\\\\xFFy", SW_ENCODING_UTF8, 0, "1:0-1:3");
  assert_search (log, SW_SEARCH_KIND_REGEX, "xFF", SW_ENCODING_UTF8, 0, "1:1-1:2");
  assert_search (log, SW_SEARCH_KIND_REGEX, "y\\x00z", SW_ENCODING_UTF8, 0, "1:2-1:5");
  /* Each byte once, though `.` matches each character of its \xNN. */
  append (log, SW_DIRECTION_RECEIVED, 0, "c", "\xC4\xC5" "a", -1);
  assert_search (log, SW_SEARCH_KIND_REGEX, "[^\\s\\w=;-]|[a-c]$", SW_ENCODING_UTF8, 0,
                 "0:15-0:16 1:1-1:2 1:3-1:4 2:0-2:1 2:1-2:2 2:2-2:3");
  assert_search (log, SW_SEARCH_KIND_REGEX, "C\\d", SW_ENCODING_UTF8, 0, "2:0-2:1 2:1-2:2");
  /* A \d+ at the very end is found when nothing more comes; digits
   * of \xNN are text too. */
  append (log, SW_DIRECTION_RECEIVED, 0, "d", "n=42", -1);
  assert_search (log, SW_SEARCH_KIND_REGEX, "\\d+", SW_ENCODING_UTF8, 0,
                 "0:3-0:5 0:13-0:14 2:0-2:1 2:1-2:2 3:2-3:4");
}

/* @n random bytes, with no 'N' nor '<' (which the needles below start
 * with): binary data, where copying and escaping alternate at random. */
static void
append_random (SwTrafficLog *log,
               guint         connection,
               GRand        *rand,
               gsize         n,
               const char   *tail,
               gsize         tail_length)
{
  g_autoptr(GByteArray) data = g_byte_array_sized_new (n + tail_length);

  for (gsize i = 0; i < n; i++)
    {
      guint8 b = g_rand_int (rand);

      if (b == 'N' || b == '<')
        b = 0xFF;
      g_byte_array_append (data, &b, 1);
    }
  g_byte_array_append (data, (const guint8 *) tail, tail_length);

  append (log, SW_DIRECTION_RECEIVED, connection, NULL, data->data, data->len);
}

/* Literal bytes: sizeof keeps the NULs and the length. */
#define BYTES(literal) (literal), sizeof (literal) - 1

/* A regular expression on a long stream of binary data, over several of
 * the pieces it is decoded in, finds its matches at the right bytes,
 * within a record and across records: between the bytes of an escape,
 * of ASCII, and of a character. */
static void
test_regex_binary (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  guint one = open_tcp (log, "127.0.0.1:1");

  append_random (log, one, rand, 100000, BYTES (""));                      /* 0 */
  append_random (log, one, rand, 5000, BYTES ("NEEDLE\xFF\x80!"));         /* 1 */
  append_random (log, one, rand, 5000, BYTES ("NEEDLE\xFF"));              /* 2 */
  append (log, SW_DIRECTION_RECEIVED, one, NULL, BYTES ("\x80!"));         /* 3 */
  append_random (log, one, rand, 3000, BYTES ("NEE"));                     /* 4 */
  append (log, SW_DIRECTION_RECEIVED, one, NULL, BYTES ("DLE\xFF\x80!<\xC3")); /* 5 */
  append (log, SW_DIRECTION_RECEIVED, one, NULL, BYTES ("\xA9>"));         /* 6 */
  append_random (log, one, rand, 200000, BYTES ("<\xC3\xA9> NEEDLE\xFF\x80!")); /* 7 */

  assert_search (log, SW_SEARCH_KIND_REGEX, "NEEDLE\\\\xFF\\\\x80!", SW_ENCODING_UTF8, 0,
                 "1:5000-1:5009 2:5000-3:2 4:3000-5:6 7:200005-7:200014");
  assert_search (log, SW_SEARCH_KIND_REGEX, "<é>", SW_ENCODING_UTF8, 0,
                 "5:6-6:2 7:200000-7:200004");
  /* In GB18030, C3 A9 is a character too, and 0xFF and 0x80 are none. */
  assert_search (log, SW_SEARCH_KIND_REGEX, "\\\\xFF\\\\x80!|<.>", SW_ENCODING_GB18030, 0,
                 "1:5006-1:5009 2:5006-3:2 5:3-5:6 5:6-6:2 7:200000-7:200004 7:200011-7:200014");
}

/* The stream of @search's records (from seq 0), cut every @record_size
 * bytes: each match holds @expected, and there are @n_expected. */
static void
assert_matches_hold (SwTrafficSearch *search,
                     const guint8    *stream,
                     gsize            record_size,
                     GBytes          *expected,
                     guint            n_expected)
{
  SwSearchMatch match;
  gsize length;
  const guint8 *bytes = g_bytes_get_data (expected, &length);

  g_assert_null (sw_traffic_search_get_error (search));
  g_assert_cmpuint (sw_traffic_search_get_n_matches (search), ==, n_expected);

  for (guint i = 0; sw_traffic_search_get_match (search, i, &match); i++)
    {
      gsize start = match.start_seq * record_size + match.start_offset;
      gsize end = match.end_seq * record_size + match.end_offset;

      g_assert_cmpmem (stream + start, end - start, bytes, length);
    }
}

/* @n lines of @line in @encoding; with @invalid, a byte that is not
 * UTF-8 (0xFF) before the middle one. */
static GBytes *
encode_lines (SwEncoding  encoding,
              const char *line,
              guint       n,
              gboolean    invalid)
{
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  g_autoptr(GBytes) bytes = sw_encoding_encode (encoding, line, -1, NULL, NULL);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  for (guint i = 0; i < n; i++)
    {
      if (invalid && i == n / 2)
        g_byte_array_append (stream, (const guint8 *) "\xFF", 1);
      g_byte_array_append (stream, data, length);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&stream));
}

/* @stream in records of @record_size bytes, on one connection: a
 * character can be cut between two. */
static void
append_cut (SwTrafficLog *log,
            GBytes       *stream,
            gsize         record_size)
{
  guint connection = open_tcp (log, "127.0.0.1:1");
  gsize length;
  const guint8 *data = g_bytes_get_data (stream, &length);

  for (gsize at = 0; at < length; at += record_size)
    append (log, SW_DIRECTION_RECEIVED, connection, NULL, data + at, MIN (record_size, length - at));
}

#define RECORD_SIZE 4001
#define N_LINES     6000

/* Long logs of text, cut anywhere, in UTF-8 and other encodings: every
 * match is found at its bytes. */
static void
test_regex_long_text (void)
{
  static const struct
  {
    SwEncoding  encoding;
    const char *line;
    const char *regex;
    const char *match;
  } cases[] = {
    { SW_ENCODING_UTF8, "line: ünïcödé text 中文 ok\n", "文 o", "文 o" },
    { SW_ENCODING_GB18030, "测试数据 abc 123\n", "数.", "数据" },
    { SW_ENCODING_BIG5, "測試資料 abc 123\n", "資.", "資料" },
    { SW_ENCODING_LATIN1, "Grüße, café!\n", "é!$", "é!" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
      g_autoptr(SwTrafficSearch) search = NULL;
      g_autoptr(GBytes) match = sw_encoding_encode (cases[i].encoding, cases[i].match, -1, NULL, NULL);
      g_autoptr(GBytes) stream = encode_lines (cases[i].encoding, cases[i].line, N_LINES, FALSE);

      g_test_message ("%s", sw_encoding_get_charset (cases[i].encoding));
      append_cut (log, stream, RECORD_SIZE);
      search = search_full (log, SW_SEARCH_KIND_REGEX, cases[i].regex, cases[i].encoding, 0, NULL);
      assert_matches_hold (search, g_bytes_get_data (stream, NULL), RECORD_SIZE, match, N_LINES);
    }
}

/* A byte that is not UTF-8 in the middle of a long log of text is \xFF,
 * and the text after it text again. */
static void
test_regex_invalid_byte (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficSearch) search = NULL;
  g_autoptr(GBytes) stream = encode_lines (SW_ENCODING_UTF8, "line: ünïcödé text 中文 ok\n",
                                           N_LINES, TRUE);
  g_autoptr(GBytes) match = g_bytes_new_static ("文 o", strlen ("文 o"));
  const guint8 *data = g_bytes_get_data (stream, NULL);
  gsize invalid = (const guint8 *) memchr (data, 0xFF, g_bytes_get_size (stream)) - data;
  g_autofree char *expected = g_strdup_printf ("%zu:%zu-%zu:%zu",
                                               invalid / RECORD_SIZE, invalid % RECORD_SIZE,
                                               (invalid + 5) / RECORD_SIZE, (invalid + 5) % RECORD_SIZE);

  append_cut (log, stream, RECORD_SIZE);
  assert_search (log, SW_SEARCH_KIND_REGEX, "\\\\xFF\\w+", SW_ENCODING_UTF8, 0, expected);
  search = search_full (log, SW_SEARCH_KIND_REGEX, "文 o", SW_ENCODING_UTF8, 0, NULL);
  assert_matches_hold (search, data, RECORD_SIZE, match, N_LINES);
}

#undef RECORD_SIZE
#undef N_LINES

/* A match runs on in the same stream over records in between. */
static void
test_span (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  guint one = open_tcp (log, "127.0.0.1:1");
  guint two = open_tcp (log, "127.0.0.1:2");
  g_autoptr(SwTrafficSearch) search = NULL;
  g_autoptr(GArray) ranges = NULL;
  SwSearchRange range;

  append (log, SW_DIRECTION_RECEIVED, one, NULL, "xxHEL", -1);        /* 0 */
  append (log, SW_DIRECTION_RECEIVED, one, NULL, "LOxx", -1);         /* 1 */
  append (log, SW_DIRECTION_RECEIVED, one, NULL, "HE", -1);           /* 2 */
  append (log, SW_DIRECTION_RECEIVED, two, NULL, "L", -1);            /* 3 */
  append (log, SW_DIRECTION_SENT, one, NULL, "L", -1);                /* 4 */
  append (log, SW_DIRECTION_RECEIVED, one, NULL, "L", -1);            /* 5 */
  append (log, SW_DIRECTION_RECEIVED, one, NULL, NULL, 0);            /* 6 */
  append (log, SW_DIRECTION_RECEIVED, one, NULL, "LO!", -1);          /* 7 */
  /* Not across connections, nor directions. */
  append (log, SW_DIRECTION_RECEIVED, two, NULL, "HEL", -1);          /* 8 */
  append (log, SW_DIRECTION_SENT, two, NULL, "LO", -1);               /* 9 */
  append (log, SW_DIRECTION_RECEIVED, one, NULL, "HEL", -1);          /* 10 */
  append (log, SW_DIRECTION_RECEIVED, two, NULL, "LO", -1);           /* 11 */
  /* Without a connection, a peer's records are a stream. */
  append (log, SW_DIRECTION_RECEIVED, 0, "10.0.0.1:9", "HE", -1);     /* 12 */
  append (log, SW_DIRECTION_RECEIVED, 0, "10.0.0.2:9", "LLO", -1);    /* 13 */
  append (log, SW_DIRECTION_RECEIVED, 0, "10.0.0.1:9", "LLO", -1);    /* 14 */

  search = search_text (log, "HELLO");
  assert_matches (search, "0:2-1:2 2:0-7:2 8:0-11:2 12:0-14:3");

  /* What a view draws: the parts of each record. */
  g_assert_true (sw_traffic_search_get_match_range (search, 1, 5, &range));
  g_assert_cmpuint (range.offset, ==, 0);
  g_assert_cmpuint (range.length, ==, 1);
  g_assert_false (sw_traffic_search_get_match_range (search, 1, 3, &range));
  g_assert_false (sw_traffic_search_get_match_range (search, 1, 4, &range));
  g_assert_true (sw_traffic_search_get_match_range (search, 1, 7, &range));
  g_assert_cmpuint (range.offset, ==, 0);
  g_assert_cmpuint (range.length, ==, 2);
  g_assert_true (sw_traffic_search_get_match_range (search, 0, 0, &range));
  g_assert_cmpuint (range.offset, ==, 2);
  g_assert_cmpuint (range.length, ==, 3);
  g_assert_true (sw_traffic_search_record_has_match (search, 5));
  g_assert_false (sw_traffic_search_record_has_match (search, 3));
  g_assert_false (sw_traffic_search_record_has_match (search, 4));
  g_assert_false (sw_traffic_search_record_has_match (search, 9));
  ranges = sw_traffic_search_get_record_ranges (search, 1);
  g_assert_cmpuint (ranges->len, ==, 1);
  g_assert_cmpuint (g_array_index (ranges, SwSearchRange, 0).offset, ==, 0);
  g_assert_cmpuint (g_array_index (ranges, SwSearchRange, 0).length, ==, 2);
}

/* A character cut between two chunks is still a character. */
static void
test_span_characters (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  guint one = open_tcp (log, "127.0.0.1:1");
  static const guint8 a[] = { 'x', 0xE4 };
  static const guint8 b[] = { 0xB8 };
  static const guint8 c[] = { 0xAD, 'y' };

  append (log, SW_DIRECTION_RECEIVED, one, NULL, a, sizeof a);
  append (log, SW_DIRECTION_RECEIVED, one, NULL, b, sizeof b);
  append (log, SW_DIRECTION_RECEIVED, one, NULL, c, sizeof c);

  assert_search (log, SW_SEARCH_KIND_REGEX, "x中y", SW_ENCODING_UTF8, 0, "0:0-2:2");
  assert_search (log, SW_SEARCH_KIND_REGEX, "中", SW_ENCODING_UTF8, 0, "0:1-2:1");
  assert_search (log, SW_SEARCH_KIND_TEXT, "中", SW_ENCODING_UTF8, 0, "0:1-2:1");
}

static void
test_framing (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwFraming) framing = sw_framing_new ();
  guint one = open_tcp (log, "127.0.0.1:1");
  g_autoptr(SwTrafficSearch) search = NULL;

  append (log, SW_DIRECTION_RECEIVED, one, NULL, "AB\nC", -1);
  append (log, SW_DIRECTION_RECEIVED, one, NULL, "D\nE", -1);

  /* Each chunk a frame: nothing spans. */
  sw_framing_set_mode (framing, SW_FRAMING_MODE_NONE);
  g_clear_object (&search);
  search = search_full (log, SW_SEARCH_KIND_TEXT, "CD", SW_ENCODING_UTF8, 0, framing);
  assert_matches (search, "");

  /* Lines: the delimiter ends a frame and belongs to it. */
  sw_framing_set_mode (framing, SW_FRAMING_MODE_DELIMITER);
  sw_framing_set_delimiter (framing, "\\n");
  g_clear_object (&search);
  search = search_full (log, SW_SEARCH_KIND_TEXT, "CD", SW_ENCODING_UTF8, 0, framing);
  assert_matches (search, "0:3-1:1");
  g_clear_object (&search);
  search = search_full (log, SW_SEARCH_KIND_TEXT, "B\\nC", SW_ENCODING_UTF8, 0, framing);
  assert_matches (search, "");
  g_clear_object (&search);
  search = search_full (log, SW_SEARCH_KIND_TEXT, "D\\n", SW_ENCODING_UTF8, 0, framing);
  assert_matches (search, "1:0-1:2");
  /* $ ends a frame as well as a line. */
  g_clear_object (&search);
  search = search_full (log, SW_SEARCH_KIND_REGEX, "[A-Z]\\n\\z", SW_ENCODING_UTF8, 0, framing);
  assert_matches (search, "0:1-0:3 1:0-1:2");
  /* Without framing, one haystack. */
  g_clear_object (&search);
  search = search_full (log, SW_SEARCH_KIND_REGEX, "[A-Z]\\n\\z", SW_ENCODING_UTF8, 0, NULL);
  assert_matches (search, "");
}

static void
test_trim (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficSearch) search = NULL;
  guint changes = 0;
  char chunk[1000];

  memset (chunk, '.', sizeof chunk);
  memcpy (chunk + 10, "NEEDLE", 6);
  for (guint i = 0; i < 20; i++)
    append (log, SW_DIRECTION_RECEIVED, 0, "a", chunk, sizeof chunk);

  search = search_text (log, "NEEDLE");
  g_assert_cmpuint (sw_traffic_search_get_n_matches (search), ==, 20);
  g_assert_cmpfloat (sw_traffic_search_get_progress (search), ==, 1.0);
  g_signal_connect (search, "notify::n-matches", G_CALLBACK (sw_test_count_notify), &changes);

  /* Down to about 5 records. */
  sw_traffic_log_set_byte_cap (log, 5500);
  sw_traffic_log_flush (log);
  g_assert_cmpuint (sw_traffic_log_get_first_seq (log), >, 10);
  g_assert_cmpuint (sw_traffic_search_get_n_matches (search),
                    ==, sw_traffic_log_get_n_records (log));
  g_assert_cmpuint (changes, ==, 1);

  /* The first match is in the first record left. */
  {
    SwSearchMatch match;

    g_assert_true (sw_traffic_search_get_match (search, 0, &match));
    g_assert_cmpuint (match.start_seq, ==, sw_traffic_log_get_first_seq (log));
  }
}

static void
test_clear (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficSearch) search = NULL;
  guint64 seq;

  append (log, SW_DIRECTION_RECEIVED, 0, "a", "one NEEDLE", -1);
  append (log, SW_DIRECTION_RECEIVED, 0, "a", "NEE", -1);
  search = search_text (log, "NEEDLE");
  g_assert_cmpuint (sw_traffic_search_get_n_matches (search), ==, 1);

  sw_traffic_log_clear (log);
  g_assert_cmpuint (sw_traffic_search_get_n_matches (search), ==, 0);

  /* What was before the clear does not complete a match. */
  seq = append (log, SW_DIRECTION_RECEIVED, 0, "a", "DLE and NEEDLE", -1);
  sw_traffic_log_flush (log);
  wait_search (search);
  g_assert_cmpuint (sw_traffic_search_get_n_matches (search), ==, 1);
  {
    SwSearchMatch match;

    g_assert_true (sw_traffic_search_get_match (search, 0, &match));
    g_assert_cmpuint (match.start_seq, ==, seq);
    g_assert_cmpuint (match.start_offset, ==, 8);
  }
}

static gboolean
search_under_way (gpointer data)
{
  double progress = sw_traffic_search_get_progress (data);

  return progress > 0.0;
}

static void
test_append_while_searching (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficSearch) search = NULL;
  g_autoptr(SwSearchPattern) text = pattern_new (SW_SEARCH_KIND_TEXT, "NEEDLE", SW_ENCODING_UTF8, 0);
  g_autoptr(SwSearchPattern) regex = pattern_new (SW_SEARCH_KIND_REGEX, "NEED+LE", SW_ENCODING_UTF8, 0);
  g_autoptr(SwTrafficSearch) by_regex = NULL;
  g_autofree guint8 *chunk = g_malloc (64 * 1024);
  guint one = open_tcp (log, "127.0.0.1:1");

  /* 16 MiB: several batches. */
  memset (chunk, 'x', 64 * 1024);
  memcpy (chunk + 100, "NEEDLE", 6);
  memcpy (chunk + 64 * 1024 - 3, "NEE", 3);
  for (guint i = 0; i < 256; i++)
    append (log, SW_DIRECTION_RECEIVED, one, NULL, chunk, 64 * 1024);

  search = sw_traffic_search_new (log, text, NULL);
  by_regex = sw_traffic_search_new (log, regex, NULL);
  g_assert_true (sw_traffic_search_get_searching (search));
  sw_test_wait (search_under_way, search, WAIT_MS, "the search to begin");
  g_assert_cmpfloat (sw_traffic_search_get_progress (search), <, 1.0);

  /* The last chunk's "NEE" goes on in the first new one. */
  append (log, SW_DIRECTION_RECEIVED, one, NULL, "DLE NEEDLE", -1);
  sw_traffic_log_flush (log);
  wait_search (search);
  wait_search (by_regex);
  g_assert_cmpuint (sw_traffic_search_get_n_matches (search), ==, 256 + 2);
  g_assert_cmpuint (sw_traffic_search_get_n_matches (by_regex), ==, 256 + 2);

  /* Caught up, and then more. */
  append (log, SW_DIRECTION_RECEIVED, one, NULL, "NE", -1);
  sw_traffic_log_flush (log);
  wait_search (search);
  wait_search (by_regex);
  append (log, SW_DIRECTION_RECEIVED, one, NULL, "EDLE", -1);
  sw_traffic_log_flush (log);
  wait_search (search);
  wait_search (by_regex);
  g_assert_cmpuint (sw_traffic_search_get_n_matches (search), ==, 256 + 3);
  g_assert_cmpuint (sw_traffic_search_get_n_matches (by_regex), ==, 256 + 3);
}

static void
test_next_previous (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficSearch) search = NULL;
  gboolean wrapped = TRUE;
  guint index = 99;

  append (log, SW_DIRECTION_RECEIVED, 0, "a", "x", -1);          /* 0 */
  append (log, SW_DIRECTION_RECEIVED, 0, "a", "ab ab", -1);      /* 1 */
  append (log, SW_DIRECTION_RECEIVED, 0, "a", "x", -1);          /* 2 */
  append (log, SW_DIRECTION_RECEIVED, 0, "a", "ab", -1);         /* 3 */

  search = search_text (log, "ab");
  assert_matches (search, "1:0-1:2 1:3-1:5 3:0-3:2");

  /* From the top of the view: match 1 of 3. */
  g_assert_true (sw_traffic_search_find_next (search, 0, 0, &index, &wrapped));
  g_assert_cmpuint (index, ==, 0);
  g_assert_false (wrapped);
  /* At a match's start: that match. */
  g_assert_true (sw_traffic_search_find_next (search, 1, 3, &index, &wrapped));
  g_assert_cmpuint (index, ==, 1);
  g_assert_true (sw_traffic_search_find_next (search, 1, 4, &index, &wrapped));
  g_assert_cmpuint (index, ==, 2);
  g_assert_false (wrapped);
  /* Past the last one: round to the first. */
  g_assert_true (sw_traffic_search_find_next (search, 3, 1, &index, &wrapped));
  g_assert_cmpuint (index, ==, 0);
  g_assert_true (wrapped);

  g_assert_true (sw_traffic_search_find_previous (search, 3, 0, &index, &wrapped));
  g_assert_cmpuint (index, ==, 1);
  g_assert_false (wrapped);
  g_assert_true (sw_traffic_search_find_previous (search, 1, 0, &index, &wrapped));
  g_assert_cmpuint (index, ==, 2);
  g_assert_true (wrapped);
  g_assert_true (sw_traffic_search_find_previous (search, 2, 0, &index, NULL));
  g_assert_cmpuint (index, ==, 1);

  g_clear_object (&search);
  search = search_text (log, "zz");
  g_assert_false (sw_traffic_search_find_next (search, 0, 0, &index, &wrapped));
  g_assert_false (sw_traffic_search_find_previous (search, 0, 0, &index, &wrapped));
}

static void
test_events (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  guint one = open_tcp (log, "127.0.0.1:7000");

  sw_traffic_log_append_connection_event (log, one, SW_EVENT_KIND_CONNECTED, "Connected to 127.0.0.1:7000");
  append (log, SW_DIRECTION_RECEIVED, one, NULL, "Connec", -1);
  sw_traffic_log_append_event (log, SW_EVENT_KIND_ERROR, NULL, "连接被拒绝");
  append (log, SW_DIRECTION_RECEIVED, one, NULL, "ted", -1);

  /* An event is a haystack of its own, in UTF-8 whatever the display. */
  assert_search (log, SW_SEARCH_KIND_TEXT, "Connected", SW_ENCODING_UTF8, 0, "0:0-0:9 1:0-3:3");
  assert_search (log, SW_SEARCH_KIND_TEXT, "被拒绝", SW_ENCODING_GB18030, 0, "2:6-2:15");
  assert_search (log, SW_SEARCH_KIND_REGEX, "拒.", SW_ENCODING_GB18030, 0, "2:9-2:15");
  assert_search (log, SW_SEARCH_KIND_REGEX, "\\d+$", SW_ENCODING_UTF8, 0, "0:23-0:27");
}

static void
test_empty_records (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwFraming) framing = sw_framing_new ();
  static const char *const patterns[][2] = {
    { "TEXT", "AB" }, { "HEX", "41 ??" }, { "REGEX", "A.?" },
  };

  for (guint i = 0; i < 3; i++)
    {
      append (log, SW_DIRECTION_RECEIVED, 0, "a", NULL, 0);
      append (log, SW_DIRECTION_RECEIVED, 0, "a", "A", -1);
      append (log, SW_DIRECTION_RECEIVED, 0, "a", NULL, 0);
      append (log, SW_DIRECTION_RECEIVED, 0, "a", "B", -1);
      append (log, SW_DIRECTION_SENT, 0, NULL, NULL, 0);
    }
  sw_traffic_log_append_event (log, SW_EVENT_KIND_INFO, NULL, "");

  sw_framing_set_mode (framing, SW_FRAMING_MODE_NONE);

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      SwSearchKind kind = i;
      g_autoptr(SwTrafficSearch) plain = NULL;
      g_autoptr(SwTrafficSearch) framed = NULL;

      g_test_message ("%s %s", patterns[i][0], patterns[i][1]);
      plain = search_full (log, kind, patterns[i][1], SW_ENCODING_UTF8, 0, NULL);
      assert_matches (plain, "1:0-3:1 6:0-8:1 11:0-13:1");
      framed = search_full (log, kind, patterns[i][1], SW_ENCODING_UTF8, 0, framing);
      g_assert_cmpuint (sw_traffic_search_get_n_matches (framed), ==, i == 2 ? 3 : 0);
    }
}

static void
test_regex_limit (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficSearch) search = NULL;
  g_autofree char *text = g_malloc (64 * 1024);
  const GError *error;

  memset (text, 'a', 64 * 1024 - 1);
  text[64 * 1024 - 1] = '!';
  append (log, SW_DIRECTION_RECEIVED, 0, "a", text, 64 * 1024);
  append (log, SW_DIRECTION_RECEIVED, 0, "a", "more", -1);

  search = search_full (log, SW_SEARCH_KIND_REGEX, "(a+)+$", SW_ENCODING_UTF8, 0, NULL);
  error = sw_traffic_search_get_error (search);
  g_assert_error ((GError *) error, SW_SEARCH_ERROR, SW_SEARCH_ERROR_MATCH_LIMIT);
  g_assert_false (sw_traffic_search_get_searching (search));
  g_assert_nonnull (strstr (error->message, "(a+)+"));
}

static void
test_too_many (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficSearch) search = NULL;
  g_autofree guint8 *data = g_malloc0 (SW_TRAFFIC_SEARCH_MAX_MATCHES + 1000);

  append (log, SW_DIRECTION_RECEIVED, 0, "a", data, SW_TRAFFIC_SEARCH_MAX_MATCHES + 1000);
  search = search_full (log, SW_SEARCH_KIND_HEX, "??", SW_ENCODING_UTF8, 0, NULL);

  g_assert_error ((GError *) sw_traffic_search_get_error (search),
                  SW_SEARCH_ERROR, SW_SEARCH_ERROR_TOO_MANY);
  g_assert_cmpuint (sw_traffic_search_get_n_matches (search), ==, SW_TRAFFIC_SEARCH_MAX_MATCHES);
}

static void
count_signal (gpointer  instance,
              guint    *count)
{
  (*count)++;
}

static guint
count_passing (SwTrafficLog    *log,
               SwTrafficFilter *filter)
{
  guint n = 0;

  for (guint64 seq = sw_traffic_log_get_first_seq (log); seq < sw_traffic_log_get_end_seq (log); seq++)
    {
      SwTrafficRecord record;

      g_assert_true (sw_traffic_log_get_record (log, seq, &record));
      n += sw_traffic_filter_matches (filter, &record);
    }

  return n;
}

static void
test_filter (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficFilter) filter = sw_traffic_filter_new ();
  g_autoptr(SwTrafficSearch) search = NULL;
  guint one = open_tcp (log, "127.0.0.1:1");
  guint two = open_tcp (log, "127.0.0.1:2");
  guint changes = 0;

  sw_traffic_log_append_connection_event (log, one, SW_EVENT_KIND_CONNECTED, "Connected");
  append (log, SW_DIRECTION_RECEIVED, one, NULL, "ping", -1);
  append (log, SW_DIRECTION_SENT, one, NULL, "pong", -1);
  append (log, SW_DIRECTION_RECEIVED, two, NULL, "pi", -1);
  append (log, SW_DIRECTION_RECEIVED, two, NULL, "ng", -1);
  append (log, SW_DIRECTION_RECEIVED, 0, "10.0.0.9:5", "hello", -1);
  sw_traffic_log_append_event (log, SW_EVENT_KIND_INFO, NULL, "Listening");

  g_signal_connect (filter, "changed", G_CALLBACK (count_signal), &changes);

  g_assert_false (sw_traffic_filter_is_active (filter));
  g_assert_cmpuint (count_passing (log, filter), ==, 7);

  sw_traffic_filter_set_directions (filter, SW_TRAFFIC_FILTER_SENT | SW_TRAFFIC_FILTER_EVENTS);
  g_assert_true (sw_traffic_filter_is_active (filter));
  g_assert_cmpuint (count_passing (log, filter), ==, 3);
  sw_traffic_filter_set_directions (filter, SW_TRAFFIC_FILTER_RECEIVED);
  g_assert_cmpuint (count_passing (log, filter), ==, 4);
  sw_traffic_filter_set_directions (filter, SW_TRAFFIC_FILTER_ALL);
  g_assert_cmpuint (changes, ==, 3);
  /* The same value again changes nothing. */
  sw_traffic_filter_set_directions (filter, SW_TRAFFIC_FILTER_ALL);
  g_assert_cmpuint (changes, ==, 3);

  /* One connection, with its events. */
  sw_traffic_filter_set_connection (filter, one);
  g_assert_cmpuint (count_passing (log, filter), ==, 3);
  sw_traffic_filter_set_connection (filter, 0);

  /* One peer, as records name it. */
  sw_traffic_filter_set_peer (filter, "127.0.0.1:2");
  g_assert_cmpuint (count_passing (log, filter), ==, 2);
  sw_traffic_filter_set_peer (filter, "10.0.0.9:5");
  g_assert_cmpuint (count_passing (log, filter), ==, 1);
  sw_traffic_filter_set_peer (filter, NULL);

  /* Records that hold a match, parts of one included. */
  search = search_text (log, "ping");
  sw_traffic_filter_set_search (filter, search);
  g_assert_cmpuint (count_passing (log, filter), ==, 3);

  /* Matches found later change what passes. */
  changes = 0;
  append (log, SW_DIRECTION_SENT, two, NULL, "ping", -1);
  sw_traffic_log_flush (log);
  wait_search (search);
  g_assert_cmpuint (changes, >=, 1);
  g_assert_cmpuint (count_passing (log, filter), ==, 4);

  sw_traffic_filter_set_search (filter, NULL);
  g_assert_false (sw_traffic_filter_is_active (filter));
}

static void
test_filter_properties (void)
{
  g_autoptr(SwTrafficFilter) filter = sw_traffic_filter_new ();
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_UINT);
  g_value_set_uint (&value, 7);
  sw_test_assert_property_contract (G_OBJECT (filter), "connection", &value);
  g_value_unset (&value);

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, "127.0.0.1:1");
  sw_test_assert_property_contract (G_OBJECT (filter), "peer", &value);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/search/pattern-errors", test_pattern_errors);
  g_test_add_func ("/sw/search/text-utf8", test_text_utf8);
  g_test_add_func ("/sw/search/text-gb18030", test_text_gb18030);
  g_test_add_func ("/sw/search/case-insensitive", test_case_insensitive);
  g_test_add_func ("/sw/search/hex-wildcards", test_hex_wildcards);
  g_test_add_func ("/sw/search/regex", test_regex);
  g_test_add_func ("/sw/search/regex-binary", test_regex_binary);
  g_test_add_func ("/sw/search/regex-long-text", test_regex_long_text);
  g_test_add_func ("/sw/search/regex-invalid-byte", test_regex_invalid_byte);
  g_test_add_func ("/sw/search/span", test_span);
  g_test_add_func ("/sw/search/span-characters", test_span_characters);
  g_test_add_func ("/sw/search/framing", test_framing);
  g_test_add_func ("/sw/search/trim", test_trim);
  g_test_add_func ("/sw/search/clear", test_clear);
  g_test_add_func ("/sw/search/append-while-searching", test_append_while_searching);
  g_test_add_func ("/sw/search/next-previous", test_next_previous);
  g_test_add_func ("/sw/search/events", test_events);
  g_test_add_func ("/sw/search/empty-records", test_empty_records);
  g_test_add_func ("/sw/search/regex-limit", test_regex_limit);
  g_test_add_func ("/sw/search/too-many", test_too_many);
  g_test_add_func ("/sw/search/filter", test_filter);
  g_test_add_func ("/sw/search/filter-properties", test_filter_properties);

  return g_test_run ();
}
