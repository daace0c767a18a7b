/* test-traffic-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-traffic-format.h"

static SwTrafficRecord
make_record (SwDirection  direction,
             const char  *peer,
             const void  *data,
             gsize        length)
{
  SwTrafficRecord record = { 0 };

  record.direction = direction;
  record.peer = peer;
  record.data = data;
  record.length = length;
  /* 2026-11-21 12:34:56.789 UTC */
  record.wall_time = G_GINT64_CONSTANT (1795264496789000);
  if (direction == SW_DIRECTION_EVENT)
    record.event_kind = SW_EVENT_KIND_INFO;

  return record;
}

static char *
format (SwDisplayMode         mode,
        SwEncoding            encoding,
        SwTrafficFormatFlags  flags,
        gsize                 limit,
        const SwTrafficRecord *record,
        gsize                *header)
{
  g_autoptr(SwTrafficFormatter) formatter = sw_traffic_formatter_new (mode, encoding, flags);
  GString *out = g_string_new (NULL);
  gsize length;

  sw_traffic_formatter_set_payload_limit (formatter, limit);
  length = sw_traffic_formatter_append (formatter, record, out);
  if (header != NULL)
    *header = length;

  return g_string_free (out, FALSE);
}

static void
test_text (void)
{
  SwTrafficRecord sent = make_record (SW_DIRECTION_SENT, "127.0.0.1:7000", "hello\r\n", 7);
  SwTrafficRecord received = make_record (SW_DIRECTION_RECEIVED, "[::1]:9", "a\nb\nc", 5);
  g_autofree char *text = NULL;
  gsize header;

  text = format (SW_DISPLAY_MODE_TEXT, SW_ENCODING_UTF8, 0, 0, &sent, &header);
  g_assert_cmpstr (text, ==, "→ 127.0.0.1:7000 (7 B) hello\\r\\n\n");
  g_assert_cmpuint (header, ==, strlen ("→ 127.0.0.1:7000 (7 B)"));
  g_clear_pointer (&text, g_free);

  /* Lines after the first are indented under the record. */
  text = format (SW_DISPLAY_MODE_TEXT, SW_ENCODING_UTF8, 0, 0, &received, NULL);
  g_assert_cmpstr (text, ==, "← [::1]:9 (5 B) a\\n\n    b\\n\n    c\n");
}

static void
test_encodings (void)
{
  SwTrafficRecord gbk = make_record (SW_DIRECTION_RECEIVED, "p", "\xc4\xe3\xba\xc3", 4);
  SwTrafficRecord binary = make_record (SW_DIRECTION_RECEIVED, "p", "\x00\xff\x1b", 3);
  g_autofree char *text = NULL;

  text = format (SW_DISPLAY_MODE_TEXT, SW_ENCODING_GBK, 0, 0, &gbk, NULL);
  g_assert_cmpstr (text, ==, "← p (4 B) 你好\n");
  g_clear_pointer (&text, g_free);

  /* Undecodable and control bytes stay visible. */
  text = format (SW_DISPLAY_MODE_TEXT, SW_ENCODING_UTF8, 0, 0, &binary, NULL);
  g_assert_cmpstr (text, ==, "← p (3 B) \\x00\\xFF\\x1B\n");
}

static void
test_hex (void)
{
  SwTrafficRecord sent = make_record (SW_DIRECTION_SENT, "127.0.0.1:7000", "hello\r\n", 7);
  g_autofree char *text = NULL;

  text = format (SW_DISPLAY_MODE_HEX, SW_ENCODING_UTF8, 0, 0, &sent, NULL);
  g_assert_cmpstr (text, ==,
                   "→ 127.0.0.1:7000 (7 B)\n"
                   "    00000000  68 65 6C 6C 6F 0D 0A                              |hello..|\n");
}

static void
test_events (void)
{
  SwTrafficRecord event = make_record (SW_DIRECTION_EVENT, NULL, "Connected to 127.0.0.1:7000", 27);
  g_autofree char *text = NULL;
  gsize header;

  text = format (SW_DISPLAY_MODE_HEX, SW_ENCODING_UTF8, 0, 0, &event, &header);
  g_assert_cmpstr (text, ==, "· Connected to 127.0.0.1:7000\n");
  g_assert_cmpuint (header, ==, strlen ("· "));
}

/* An empty datagram is logged with NULL data; an empty event message too. */
static void
test_empty (void)
{
  SwTrafficRecord empty = make_record (SW_DIRECTION_RECEIVED, "10.0.0.1:53", NULL, 0);
  SwTrafficRecord event = make_record (SW_DIRECTION_EVENT, NULL, NULL, 0);
  g_autofree char *text = NULL;

  for (guint e = 0; e < SW_N_ENCODINGS; e++)
    {
      text = format (SW_DISPLAY_MODE_TEXT, e, 0, 0, &empty, NULL);
      g_assert_cmpstr (text, ==, "← 10.0.0.1:53 (0 B) \n");
      g_clear_pointer (&text, g_free);

      text = format (SW_DISPLAY_MODE_TEXT, e, 0, 8, &empty, NULL);
      g_assert_cmpstr (text, ==, "← 10.0.0.1:53 (0 B) \n");
      g_clear_pointer (&text, g_free);

      text = format (SW_DISPLAY_MODE_HEX, e, 0, 0, &empty, NULL);
      g_assert_cmpstr (text, ==, "← 10.0.0.1:53 (0 B)\n");
      g_clear_pointer (&text, g_free);
    }

  text = format (SW_DISPLAY_MODE_TEXT, SW_ENCODING_UTF8, 0, 0, &event, NULL);
  g_assert_cmpstr (text, ==, "· \n");
}

static void
test_time (void)
{
  SwTrafficRecord sent = make_record (SW_DIRECTION_SENT, "p", "x", 1);
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (sent.wall_time / G_USEC_PER_SEC);
  g_autofree char *clock = g_date_time_format (local, "%H:%M:%S.789 ");
  g_autofree char *date = g_date_time_format (local, "%Y-%m-%d %H:%M:%S.789 ");
  g_autofree char *text = NULL;
  gsize header;

  text = format (SW_DISPLAY_MODE_TEXT, SW_ENCODING_UTF8, SW_TRAFFIC_FORMAT_TIME, 0, &sent, &header);
  g_assert_true (g_str_has_prefix (text, clock));
  g_assert_cmpstr (text + strlen (clock), ==, "→ p (1 B) x\n");
  g_assert_cmpuint (header, ==, strlen (clock) + strlen ("→ p (1 B)"));
  g_clear_pointer (&text, g_free);

  text = format (SW_DISPLAY_MODE_TEXT, SW_ENCODING_UTF8,
                 SW_TRAFFIC_FORMAT_TIME | SW_TRAFFIC_FORMAT_DATE, 0, &sent, NULL);
  g_assert_true (g_str_has_prefix (text, date));
}

static void
test_limit (void)
{
  g_autofree char *data = g_strnfill (100, 'a');
  SwTrafficRecord big = make_record (SW_DIRECTION_RECEIVED, "p", data, 100);
  g_autofree char *text = NULL;

  text = format (SW_DISPLAY_MODE_TEXT, SW_ENCODING_UTF8, 0, 10, &big, NULL);
  g_assert_cmpstr (text, ==, "← p (100 B) aaaaaaaaaa … 90 more bytes (in the log, and in what is saved)\n");
  g_clear_pointer (&text, g_free);

  /* Binary data as text: the text stays within about the limit too. */
  {
    guint8 binary[400];
    g_autofree char *han = NULL;
    GString *many = g_string_new (NULL);
    SwTrafficRecord record;

    /* Bytes that UTF-8 shows as \xNN: 25 of them make 100 characters. */
    memset (binary, 0xff, sizeof binary);
    record = make_record (SW_DIRECTION_RECEIVED, "p", (const char *) binary, sizeof binary);
    text = format (SW_DISPLAY_MODE_TEXT, SW_ENCODING_UTF8, 0, 100, &record, NULL);
    g_assert_true (g_str_has_prefix (text, "← p (400 B) \\xFF"));
    g_assert_true (g_str_has_suffix (text, "\\xFF … 375 more bytes (in the log, and in what is saved)\n"));
    g_clear_pointer (&text, g_free);

    /* UTF-8 is cut between characters: 中 is three bytes. */
    for (guint i = 0; i < 200; i++)
      g_string_append (many, "中");
    han = g_string_free (many, FALSE);
    record = make_record (SW_DIRECTION_RECEIVED, "p", han, strlen (han));
    text = format (SW_DISPLAY_MODE_TEXT, SW_ENCODING_UTF8, 0, 100, &record, NULL);
    g_assert_true (g_str_has_prefix (text, "← p (600 B) 中中中"));
    g_assert_true (g_str_has_suffix (text, "中中 … 501 more bytes (in the log, and in what is saved)\n"));
    g_clear_pointer (&text, g_free);
  }

  text = format (SW_DISPLAY_MODE_HEX, SW_ENCODING_UTF8, 0, 16, &big, NULL);
  g_assert_cmpstr (text, ==,
                   "← p (100 B)\n"
                   "    00000000  61 61 61 61 61 61 61 61  61 61 61 61 61 61 61 61  |aaaaaaaaaaaaaaaa|\n"
                   "    … 84 more bytes (in the log, and in what is saved)\n");
}

/* A note goes in brackets after the size, and says where it is. */
static void
test_note (void)
{
  SwTrafficRecord received = make_record (SW_DIRECTION_RECEIVED, "p", "OK", 2);
  g_autoptr(SwTrafficFormatter) formatter = sw_traffic_formatter_new (SW_DISPLAY_MODE_TEXT, SW_ENCODING_UTF8, 0);
  g_autoptr(SwTrafficFormatter) hex = sw_traffic_formatter_new (SW_DISPLAY_MODE_HEX, SW_ENCODING_UTF8, 0);
  g_autoptr(GString) out = g_string_new ("x");
  gsize note_start = 99;
  gsize note_end = 99;
  gsize header;

  header = sw_traffic_formatter_append_noted (formatter, &received, "CRC-16/MODBUS ✓", out,
                                              &note_start, &note_end);
  g_assert_cmpstr (out->str, ==, "x← p (2 B) [CRC-16/MODBUS ✓] OK\n");
  g_assert_cmpuint (header, ==, strlen ("← p (2 B)"));
  g_assert_cmpuint (note_start, ==, header + 1);
  g_assert_cmpuint (note_end, ==, strlen ("← p (2 B) [CRC-16/MODBUS ✓]"));

  g_string_assign (out, "");
  sw_traffic_formatter_append_noted (hex, &received, "incomplete", out, &note_start, &note_end);
  g_assert_cmpstr (out->str, ==,
                   "← p (2 B) [incomplete]\n"
                   "    00000000  4F 4B                                             |OK|\n");

  /* No note, no brackets. */
  g_string_assign (out, "");
  sw_traffic_formatter_append_noted (formatter, &received, NULL, out, &note_start, &note_end);
  g_assert_cmpstr (out->str, ==, "← p (2 B) OK\n");
  g_assert_cmpuint (note_start, ==, 0);
  g_assert_cmpuint (note_end, ==, 0);
}

/* Positions in a hex dump are the bytes under them. */
static void
test_locate_hex (void)
{
  guint8 data[20];
  SwTrafficRecord record = make_record (SW_DIRECTION_RECEIVED, "p", data, sizeof data);
  g_autoptr(SwTrafficFormatter) formatter = sw_traffic_formatter_new (SW_DISPLAY_MODE_HEX, SW_ENCODING_UTF8, 0);

  for (guint i = 0; i < sizeof data; i++)
    data[i] = i;

  /* The header shows none. */
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 0, 5), ==, 0);
  /* "    00000000  00 01 02 03 04 05 06 07  08 … 0F  |…|" */
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 1, 0), ==, 0);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 1, 14), ==, 0);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 1, 15), ==, 0);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 1, 16), ==, 1);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 1, 17), ==, 1);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 1, 37), ==, 8);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 1, 38), ==, 8);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 1, 39), ==, 8);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 1, 60), ==, 15);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 1, 62), ==, 16);
  /* The gutter. */
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 1, 64), ==, 16);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 1, 65), ==, 0);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 1, 70), ==, 5);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 1, 90), ==, 16);
  /* The last row holds four. */
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 2, 0), ==, 16);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 2, 20), ==, 18);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 2, 30), ==, 20);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &record, NULL, 3, 0), ==, 20);
}

/* Where a byte is shown: the inverse of locate, in text and in hex. */
static void
test_find (void)
{
  SwTrafficRecord utf8 = make_record (SW_DIRECTION_RECEIVED, "p", "h\xc3\xa9llo\nw\xc3\xb6rld", 13);
  guint8 data[20];
  SwTrafficRecord binary = make_record (SW_DIRECTION_RECEIVED, "p", data, sizeof data);
  g_autoptr(SwTrafficFormatter) text = sw_traffic_formatter_new (SW_DISPLAY_MODE_TEXT, SW_ENCODING_UTF8, 0);
  g_autoptr(SwTrafficFormatter) hex = sw_traffic_formatter_new (SW_DISPLAY_MODE_HEX, SW_ENCODING_UTF8, 0);
  guint line = 0;
  guint column = 0;
  guint gutter = 0;

  for (guint i = 0; i < sizeof data; i++)
    data[i] = i;

  /* "← p (13 B) héllo\n" then "    wörld": the payload at column 11. */
  g_assert_true (sw_traffic_formatter_find (text, &utf8, NULL, 0, &line, &column, NULL));
  g_assert_cmpuint (line, ==, 0);
  g_assert_cmpuint (column, ==, 11);
  g_assert_true (sw_traffic_formatter_find (text, &utf8, NULL, 3, &line, &column, NULL));
  g_assert_cmpuint (line, ==, 0);
  g_assert_cmpuint (column, ==, 13);
  g_assert_true (sw_traffic_formatter_find (text, &utf8, NULL, 9, &line, &column, NULL));
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (column, ==, 6);
  /* The end of the payload, for where a range ends. */
  g_assert_true (sw_traffic_formatter_find (text, &utf8, NULL, 13, &line, &column, NULL));
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (column, ==, 9);
  g_assert_false (sw_traffic_formatter_find (text, &utf8, NULL, 14, &line, &column, NULL));
  /* Each position found is located back to its byte. */
  for (gsize i = 0; i <= utf8.length; i++)
    if (i != 2 && i != 9)  /* inside a character */
      {
        g_assert_true (sw_traffic_formatter_find (text, &utf8, NULL, i, &line, &column, NULL));
        g_assert_cmpuint (sw_traffic_formatter_locate (text, &utf8, NULL, line, column), ==, i);
      }

  /* All at once, in one pass, as one by one; past the payload, nowhere. */
  {
    gsize offsets[] = { 0, 1, 3, 4, 8, 9, 13, 14 };
    guint lines[G_N_ELEMENTS (offsets)];
    guint columns[G_N_ELEMENTS (offsets)];

    sw_traffic_formatter_find_each (text, &utf8, NULL, offsets, G_N_ELEMENTS (offsets), lines, columns, NULL);
    for (guint i = 0; i + 1 < G_N_ELEMENTS (offsets); i++)
      {
        g_assert_true (sw_traffic_formatter_find (text, &utf8, NULL, offsets[i], &line, &column, NULL));
        g_assert_cmpuint (lines[i], ==, line);
        g_assert_cmpuint (columns[i], ==, column);
      }
    g_assert_cmpuint (lines[G_N_ELEMENTS (offsets) - 1], ==, G_MAXUINT);
  }

  /* Hex: the digits and the gutter, a space more after the eighth. */
  g_assert_true (sw_traffic_formatter_find (hex, &binary, NULL, 0, &line, &column, &gutter));
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (column, ==, 14);
  g_assert_cmpuint (gutter, ==, 65);
  g_assert_true (sw_traffic_formatter_find (hex, &binary, NULL, 8, &line, &column, &gutter));
  g_assert_cmpuint (column, ==, 39);
  g_assert_cmpuint (gutter, ==, 73);
  g_assert_true (sw_traffic_formatter_find (hex, &binary, NULL, 18, &line, &column, &gutter));
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (column, ==, 20);
  g_assert_false (sw_traffic_formatter_find (hex, &binary, NULL, 20, &line, &column, &gutter));
  for (gsize i = 0; i < binary.length; i++)
    {
      g_assert_true (sw_traffic_formatter_find (hex, &binary, NULL, i, &line, &column, &gutter));
      g_assert_cmpuint (sw_traffic_formatter_locate (hex, &binary, NULL, line, column), ==, i);
      g_assert_cmpuint (sw_traffic_formatter_locate (hex, &binary, NULL, line, gutter), ==, i);
    }
}

/* Positions in text are the bytes of the characters under them. */
static void
test_locate_text (void)
{
  SwTrafficRecord utf8 = make_record (SW_DIRECTION_RECEIVED, "p", "h\xc3\xa9llo\nw\xc3\xb6rld", 13);
  SwTrafficRecord binary = make_record (SW_DIRECTION_RECEIVED, "p", "\x00\xff", 2);
  SwTrafficRecord gbk = make_record (SW_DIRECTION_RECEIVED, "p", "\xc4\xe3\xba\xc3", 4);
  g_autoptr(SwTrafficFormatter) formatter = sw_traffic_formatter_new (SW_DISPLAY_MODE_TEXT, SW_ENCODING_UTF8, 0);
  g_autoptr(SwTrafficFormatter) chinese = sw_traffic_formatter_new (SW_DISPLAY_MODE_TEXT, SW_ENCODING_GBK, 0);
  /* "← p (13 B) héllo\n" then "    wörld" */
  guint start = g_utf8_strlen ("← p (13 B) ", -1);

  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &utf8, NULL, 0, 0), ==, 0);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &utf8, NULL, 0, start), ==, 0);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &utf8, NULL, 0, start + 1), ==, 1);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &utf8, NULL, 0, start + 2), ==, 3);
  /* "\n" is one byte in two characters: its middle is past it. */
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &utf8, NULL, 0, start + 5), ==, 6);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &utf8, NULL, 0, start + 6), ==, 7);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &utf8, NULL, 1, 4), ==, 7);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &utf8, NULL, 1, 6), ==, 10);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &utf8, NULL, 1, 99), ==, 13);
  /* With a note, the payload starts further on. */
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &utf8, "ok", 0, start + 1), ==, 0);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &utf8, "ok", 0, start + 6), ==, 1);

  start = g_utf8_strlen ("← p (2 B) ", -1);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &binary, NULL, 0, start + 4), ==, 1);
  g_assert_cmpuint (sw_traffic_formatter_locate (formatter, &binary, NULL, 0, start + 8), ==, 2);

  start = g_utf8_strlen ("← p (4 B) ", -1);
  g_assert_cmpuint (sw_traffic_formatter_locate (chinese, &gbk, NULL, 0, start + 1), ==, 2);
  g_assert_cmpuint (sw_traffic_formatter_locate (chinese, &gbk, NULL, 0, start + 2), ==, 4);
}

/* The rest of a file sent, as one line, in either mode. */
static void
test_file_more (void)
{
  g_autoptr(SwTrafficFormatter) text = sw_traffic_formatter_new (SW_DISPLAY_MODE_TEXT, SW_ENCODING_UTF8,
                                                                 SW_TRAFFIC_FORMAT_TIME);
  g_autoptr(SwTrafficFormatter) hex = sw_traffic_formatter_new (SW_DISPLAY_MODE_HEX, SW_ENCODING_UTF8, 0);
  g_autoptr(GString) out = g_string_new ("x\n");

  sw_traffic_formatter_append_file_more (text, G_GUINT64_CONSTANT (1073479680), out);
  g_assert_cmpstr (out->str, ==,
                   "x\n⋯ 1073479680 more bytes sent from the file, not drawn here (the counters include them)\n");

  g_string_truncate (out, 0);
  sw_traffic_formatter_append_file_more (hex, 1, out);
  g_assert_cmpstr (out->str, ==, "⋯ 1 more byte sent from the file, not drawn here (the counters include it)\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/traffic-format/text", test_text);
  g_test_add_func ("/sw/traffic-format/encodings", test_encodings);
  g_test_add_func ("/sw/traffic-format/hex", test_hex);
  g_test_add_func ("/sw/traffic-format/events", test_events);
  g_test_add_func ("/sw/traffic-format/empty", test_empty);
  g_test_add_func ("/sw/traffic-format/time", test_time);
  g_test_add_func ("/sw/traffic-format/limit", test_limit);
  g_test_add_func ("/sw/traffic-format/note", test_note);
  g_test_add_func ("/sw/traffic-format/locate-hex", test_locate_hex);
  g_test_add_func ("/sw/traffic-format/locate-text", test_locate_text);
  g_test_add_func ("/sw/traffic-format/find", test_find);
  g_test_add_func ("/sw/traffic-format/file-more", test_file_more);

  return g_test_run ();
}
