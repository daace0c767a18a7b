/* test-escape.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-escape.h"

static void
assert_parse_full (const char *text,
                   gssize      length,
                   SwEncoding  encoding,
                   const char *expected,
                   gsize       expected_length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize error_offset = G_MAXSIZE;

  bytes = sw_escape_parse (text, length, encoding, &error_offset, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   expected, expected_length);
  /* Left alone on success. */
  g_assert_cmpuint (error_offset, ==, G_MAXSIZE);
}

/* Expected bytes are literals; sizeof keeps embedded NULs. */
#define assert_parse(text, encoding, bytes) \
  assert_parse_full ((text), -1, (encoding), (bytes), sizeof (bytes) - 1)

static void
assert_parse_error (const char *text,
                    SwEncoding  encoding,
                    GQuark      domain,
                    gint        code,
                    gsize       offset,
                    const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize error_offset = G_MAXSIZE;

  bytes = sw_escape_parse (text, -1, encoding, &error_offset, &error);
  g_assert_null (bytes);
  g_assert_error (error, domain, code);
  g_assert_cmpuint (error_offset, ==, offset);
  g_assert_cmpstr (error->message, ==, message);

  /* The offset is optional. */
  g_clear_error (&error);
  bytes = sw_escape_parse (text, -1, encoding, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, domain, code);
}

static void
test_each_escape (void)
{
  assert_parse ("\\r", SW_ENCODING_UTF8, "\r");
  assert_parse ("\\n", SW_ENCODING_UTF8, "\n");
  assert_parse ("\\t", SW_ENCODING_UTF8, "\t");
  assert_parse ("\\0", SW_ENCODING_UTF8, "\0");
  assert_parse ("\\\\", SW_ENCODING_UTF8, "\\");
  assert_parse ("\\r\\n\\t\\0\\\\", SW_ENCODING_UTF8, "\r\n\t\0\\");
  /* \0 is not octal: the digits after it are text. */
  assert_parse ("\\00\\01", SW_ENCODING_UTF8, "\0" "0\0" "1");
  /* \\ followed by a letter is a backslash and the letter. */
  assert_parse ("\\\\n", SW_ENCODING_UTF8, "\\n");
}

static void
test_hex_escape (void)
{
  assert_parse ("\\x00", SW_ENCODING_UTF8, "\0");
  assert_parse ("\\xff\\xFF\\xAb\\xaB", SW_ENCODING_UTF8, "\xFF\xFF\xAB\xAB");
  assert_parse ("\\x41\\x7f\\x80\\x9F", SW_ENCODING_UTF8, "A\x7F\x80\x9F");
  /* Exactly two digits: a third one is text. */
  assert_parse ("\\x414", SW_ENCODING_UTF8, "A4");

  for (guint b = 0; b < 256; b++)
    {
      g_autofree char *upper = g_strdup_printf ("\\x%02X", b);
      g_autofree char *lower = g_strdup_printf ("\\x%02x", b);
      guint8 byte = b;

      assert_parse_full (upper, -1, SW_ENCODING_UTF8, (const char *) &byte, 1);
      assert_parse_full (lower, -1, SW_ENCODING_UTF16BE, (const char *) &byte, 1);
    }
}

static void
test_plain_text (void)
{
  assert_parse ("", SW_ENCODING_UTF8, "");
  assert_parse ("", SW_ENCODING_UTF16LE, "");
  assert_parse ("hello", SW_ENCODING_UTF8, "hello");
  assert_parse ("你好", SW_ENCODING_UTF8, "\xE4\xBD\xA0\xE5\xA5\xBD");
  assert_parse ("line 1\nline 2", SW_ENCODING_UTF8, "line 1\nline 2");
  assert_parse_full (NULL, 0, SW_ENCODING_GBK, "", 0);

  /* Only @length bytes are read. */
  assert_parse_full ("\\x41\\x42", 4, SW_ENCODING_UTF8, "A", 1);
  assert_parse_full ("ab\\", 2, SW_ENCODING_UTF8, "ab", 2);
  /* An explicit length may include U+0000 in the text. */
  assert_parse_full ("a\0b", 3, SW_ENCODING_UTF16LE, "a\0\0\0b\0", 6);
}

static void
test_mixed_utf8 (void)
{
  assert_parse ("你好\\r\\n", SW_ENCODING_UTF8, "\xE4\xBD\xA0\xE5\xA5\xBD\r\n");
  assert_parse ("A\\x80中", SW_ENCODING_UTF8, "A\x80\xE4\xB8\xAD");
  assert_parse ("AT+CMD=1\\r\\n", SW_ENCODING_UTF8, "AT+CMD=1\r\n");
  assert_parse ("\\xAA\\x55 ok \\\\ \\t end", SW_ENCODING_UTF8, "\xAA\x55 ok \\ \t end");
}

static void
test_mixed_gbk (void)
{
  assert_parse ("你好\\r\\n", SW_ENCODING_GBK, "\xC4\xE3\xBA\xC3\r\n");
  assert_parse ("\\xFF你好\\x00世界", SW_ENCODING_GBK, "\xFF\xC4\xE3\xBA\xC3\0\xCA\xC0\xBD\xE7");
  assert_parse ("温度=25\\n", SW_ENCODING_GBK, "\xCE\xC2\xB6\xC8=25\n");
  assert_parse ("中文\\t€", SW_ENCODING_BIG5, "\xA4\xA4\xA4\xE5\t\xA3\xE1");
  assert_parse ("你\\x80", SW_ENCODING_GB18030, "\xC4\xE3\x80");
}

static void
test_mixed_utf16 (void)
{
  /* Escapes are single raw bytes, even in UTF-16. */
  assert_parse ("A\\n中\\x00", SW_ENCODING_UTF16LE, "A\0\n\x2D\x4E\0");
  assert_parse ("A\\n中\\x00", SW_ENCODING_UTF16BE, "\0A\n\x4E\x2D\0");
  assert_parse ("\\xFF\\xFE" "hi", SW_ENCODING_UTF16LE, "\xFF\xFEh\0i\0");
  assert_parse ("😀\\r", SW_ENCODING_UTF16LE, "\x3D\xD8\x00\xDE\r");
  /* Literal runs get no byte order mark. */
  assert_parse ("a\\tb", SW_ENCODING_UTF16LE, "a\0\tb\0");
}

static void
test_mixed_latin1 (void)
{
  assert_parse ("café\\r\\n", SW_ENCODING_LATIN1, "caf\xE9\r\n");
  assert_parse ("\\xE9é", SW_ENCODING_LATIN1, "\xE9\xE9");
}

static void
test_unknown_escape (void)
{
  assert_parse_error ("abc\\q", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_UNKNOWN_ESCAPE, 3,
                      "Unknown escape “\\q” at column 4: use \\r, \\n, \\t, \\0, \\\\ or \\xNN");
  assert_parse_error ("a\nbc\\q", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_UNKNOWN_ESCAPE, 4,
                      "Unknown escape “\\q” at line 2, column 3: use \\r, \\n, \\t, \\0, \\\\ or \\xNN");
  /* Columns count characters, not bytes. */
  assert_parse_error ("你好\\a", SW_ENCODING_GBK, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_UNKNOWN_ESCAPE, 6,
                      "Unknown escape “\\a” at column 3: use \\r, \\n, \\t, \\0, \\\\ or \\xNN");
  assert_parse_error ("\\中文", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_UNKNOWN_ESCAPE, 0,
                      "Unknown escape “\\中” at column 1: use \\r, \\n, \\t, \\0, \\\\ or \\xNN");
  /* Uppercase letters are not escapes, nor is \u. */
  assert_parse_error ("\\N", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_UNKNOWN_ESCAPE, 0,
                      "Unknown escape “\\N” at column 1: use \\r, \\n, \\t, \\0, \\\\ or \\xNN");
  assert_parse_error ("ok\\X41", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_UNKNOWN_ESCAPE, 2,
                      "Unknown escape “\\X” at column 3: use \\r, \\n, \\t, \\0, \\\\ or \\xNN");
  assert_parse_error ("\\u{200B}", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_UNKNOWN_ESCAPE, 0,
                      "Unknown escape “\\u” at column 1: use \\r, \\n, \\t, \\0, \\\\ or \\xNN");
  assert_parse_error ("\\1", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_UNKNOWN_ESCAPE, 0,
                      "Unknown escape “\\1” at column 1: use \\r, \\n, \\t, \\0, \\\\ or \\xNN");
  /* The first error wins. */
  assert_parse_error ("\\r\\q\\x", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_UNKNOWN_ESCAPE, 2,
                      "Unknown escape “\\q” at column 3: use \\r, \\n, \\t, \\0, \\\\ or \\xNN");
}

static void
test_incomplete_escape (void)
{
  assert_parse_error ("\\", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_INCOMPLETE_ESCAPE, 0,
                      "Lone backslash at column 1: write \\\\ for a backslash, or complete the escape");
  assert_parse_error ("abc\\", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_INCOMPLETE_ESCAPE, 3,
                      "Lone backslash at column 4: write \\\\ for a backslash, or complete the escape");
  assert_parse_error ("a\\\\\\", SW_ENCODING_GBK, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_INCOMPLETE_ESCAPE, 3,
                      "Lone backslash at column 4: write \\\\ for a backslash, or complete the escape");
  assert_parse_error ("a\n你\\", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_INCOMPLETE_ESCAPE, 5,
                      "Lone backslash at line 2, column 2: write \\\\ for a backslash, or complete the escape");
  /* At the end of a line too. */
  assert_parse_error ("ab\\\ncd", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_INCOMPLETE_ESCAPE, 2,
                      "Lone backslash at line 1, column 3: write \\\\ for a backslash, or complete the escape");
  assert_parse_error ("ab\\\r\ncd", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_INCOMPLETE_ESCAPE, 2,
                      "Lone backslash at line 1, column 3: write \\\\ for a backslash, or complete the escape");
}

static void
test_invalid_hex_escape (void)
{
  assert_parse_error ("\\x", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_INVALID_HEX_ESCAPE, 0,
                      "Invalid hex escape “\\x” at column 1: \\x takes exactly two hex digits, as in \\x0A");
  assert_parse_error ("a\\x4", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_INVALID_HEX_ESCAPE, 1,
                      "Invalid hex escape “\\x4” at column 2: \\x takes exactly two hex digits, as in \\x0A");
  assert_parse_error ("\\x4G", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_INVALID_HEX_ESCAPE, 0,
                      "Invalid hex escape “\\x4G” at column 1: \\x takes exactly two hex digits, as in \\x0A");
  assert_parse_error ("\\xG1", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_INVALID_HEX_ESCAPE, 0,
                      "Invalid hex escape “\\xG1” at column 1: \\x takes exactly two hex digits, as in \\x0A");
  assert_parse_error ("\\x 1", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_INVALID_HEX_ESCAPE, 0,
                      "Invalid hex escape “\\x 1” at column 1: \\x takes exactly two hex digits, as in \\x0A");
  assert_parse_error ("\\x41\\x中文", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_INVALID_HEX_ESCAPE, 4,
                      "Invalid hex escape “\\x中文” at column 5: \\x takes exactly two hex digits, as in \\x0A");
  /* What was found stops at the end of the line. */
  assert_parse_error ("ok\n\\x4\nAB", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_INVALID_HEX_ESCAPE, 3,
                      "Invalid hex escape “\\x4” at line 2, column 1: \\x takes exactly two hex digits, as in \\x0A");
  assert_parse_error ("ok\\x\nAB", SW_ENCODING_UTF8, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_INVALID_HEX_ESCAPE, 2,
                      "Invalid hex escape “\\x” at line 1, column 3: \\x takes exactly two hex digits, as in \\x0A");
}

static void
test_encoding_error (void)
{
  assert_parse_error ("a\\n中", SW_ENCODING_LATIN1,
                      SW_ENCODING_ERROR, SW_ENCODING_ERROR_UNREPRESENTABLE, 3,
                      "“中” cannot be written in Western (ISO-8859-1) (column 4)");
  /* The offset and position are in the whole text, not in the run. */
  assert_parse_error ("ab\\x41\ncd\\t😀", SW_ENCODING_LATIN1,
                      SW_ENCODING_ERROR, SW_ENCODING_ERROR_UNREPRESENTABLE, 11,
                      "“😀” cannot be written in Western (ISO-8859-1) (line 2, column 5)");
  assert_parse_error ("\\r\\n你好😀", SW_ENCODING_GBK,
                      SW_ENCODING_ERROR, SW_ENCODING_ERROR_UNREPRESENTABLE, 10,
                      "“😀” cannot be written in Chinese Simplified (GBK) (column 7)");
  assert_parse_error ("中\\x00文\\\\ü", SW_ENCODING_BIG5,
                      SW_ENCODING_ERROR, SW_ENCODING_ERROR_UNREPRESENTABLE, 12,
                      "“ü” cannot be written in Chinese Traditional (Big5) (column 9)");
  /* A later line break makes it a multi-line text. */
  assert_parse_error ("中\\n\n", SW_ENCODING_LATIN1,
                      SW_ENCODING_ERROR, SW_ENCODING_ERROR_UNREPRESENTABLE, 0,
                      "“中” cannot be written in Western (ISO-8859-1) (line 1, column 1)");
  /* An escape error before the encoding error wins, and the other way round. */
  assert_parse_error ("\\q中", SW_ENCODING_LATIN1, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_UNKNOWN_ESCAPE, 0,
                      "Unknown escape “\\q” at column 1: use \\r, \\n, \\t, \\0, \\\\ or \\xNN");
  assert_parse_error ("中\\q", SW_ENCODING_LATIN1,
                      SW_ENCODING_ERROR, SW_ENCODING_ERROR_UNREPRESENTABLE, 0,
                      "“中” cannot be written in Western (ISO-8859-1) (column 1)");
}

static void
test_invalid_utf8 (void)
{
  assert_parse_error ("a\xFF", SW_ENCODING_UTF8,
                      SW_ENCODING_ERROR, SW_ENCODING_ERROR_INVALID_INPUT, 1,
                      "The text is not valid UTF-8 at column 2");
  assert_parse_error ("\\n\n\\x41\xE4\xBD", SW_ENCODING_GBK,
                      SW_ENCODING_ERROR, SW_ENCODING_ERROR_INVALID_INPUT, 7,
                      "The text is not valid UTF-8 at line 2, column 5");
  /* Even right after a backslash. */
  assert_parse_error ("\\\xC3", SW_ENCODING_UTF16LE,
                      SW_ENCODING_ERROR, SW_ENCODING_ERROR_INVALID_INPUT, 1,
                      "The text is not valid UTF-8 at column 2");
}

static void
test_random_round_trip (void)
{
  static const SwEncoding encodings[] = {
    SW_ENCODING_UTF8, SW_ENCODING_GB18030, SW_ENCODING_GBK, SW_ENCODING_BIG5,
    SW_ENCODING_LATIN1, SW_ENCODING_UTF16LE, SW_ENCODING_UTF16BE,
  };

  for (guint round = 0; round < 500; round++)
    {
      g_autoptr(GByteArray) data = g_byte_array_new ();
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) parsed = NULL;
      SwEncoding encoding = encodings[round % G_N_ELEMENTS (encodings)];
      guint n = g_test_rand_int_range (0, 200);

      for (guint i = 0; i < n; i++)
        {
          guint8 byte = g_test_rand_int_range (0, 256);

          g_byte_array_append (data, &byte, 1);

          /* Short forms where there are some, \xNN in either case. */
          if (byte == '\r' && g_test_rand_bit ())
            g_string_append (text, "\\r");
          else if (byte == '\n' && g_test_rand_bit ())
            g_string_append (text, "\\n");
          else if (byte == '\t' && g_test_rand_bit ())
            g_string_append (text, "\\t");
          else if (byte == 0 && g_test_rand_bit ())
            g_string_append (text, "\\0");
          else if (byte == '\\' && g_test_rand_bit ())
            g_string_append (text, "\\\\");
          else
            g_string_append_printf (text, g_test_rand_bit () ? "\\x%02X" : "\\x%02x", byte);
        }

      parsed = sw_escape_parse (text->str, text->len, encoding, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (parsed, NULL), g_bytes_get_size (parsed),
                       data->data, data->len);
    }
}

/* What a received message looks like in the view (UTF-8 or Latin-1) can be
 * pasted into the send field to send the same bytes again, as long as it
 * holds no \u{NNNN}, which only the view writes. */
static void
test_display_round_trip (void)
{
  static const SwEncoding encodings[] = { SW_ENCODING_UTF8, SW_ENCODING_LATIN1 };
  static const char *samples[] = { "你好", "A", "\\", "\r\n", "😀", "é", "\t", " " };
  guint tested = 0;

  for (guint round = 0; round < 500; round++)
    {
      g_autoptr(GByteArray) data = g_byte_array_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) parsed = NULL;
      g_autofree char *display = NULL;
      SwEncoding encoding = encodings[round % G_N_ELEMENTS (encodings)];
      guint n = g_test_rand_int_range (0, 80);

      for (guint i = 0; i < n; i++)
        {
          if (g_test_rand_bit ())
            {
              guint8 byte = g_test_rand_int_range (0, 256);

              g_byte_array_append (data, &byte, 1);
            }
          else
            {
              const char *sample = samples[g_test_rand_int_range (0, G_N_ELEMENTS (samples))];

              g_byte_array_append (data, (const guint8 *) sample, strlen (sample));
            }
        }

      display = sw_encoding_decode (encoding, data->data, data->len, SW_DECODE_FLAGS_NONE);
      if (strstr (display, "\\u{") != NULL)
        continue;

      parsed = sw_escape_parse (display, -1, encoding, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (parsed, NULL), g_bytes_get_size (parsed),
                       data->data, data->len);
      tested++;
    }

  g_assert_cmpuint (tested, >, 100);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/escape/each", test_each_escape);
  g_test_add_func ("/sw/escape/hex", test_hex_escape);
  g_test_add_func ("/sw/escape/plain-text", test_plain_text);
  g_test_add_func ("/sw/escape/mixed-utf8", test_mixed_utf8);
  g_test_add_func ("/sw/escape/mixed-gbk", test_mixed_gbk);
  g_test_add_func ("/sw/escape/mixed-utf16", test_mixed_utf16);
  g_test_add_func ("/sw/escape/mixed-latin1", test_mixed_latin1);
  g_test_add_func ("/sw/escape/unknown-escape", test_unknown_escape);
  g_test_add_func ("/sw/escape/incomplete-escape", test_incomplete_escape);
  g_test_add_func ("/sw/escape/invalid-hex-escape", test_invalid_hex_escape);
  g_test_add_func ("/sw/escape/encoding-error", test_encoding_error);
  g_test_add_func ("/sw/escape/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/sw/escape/random-round-trip", test_random_round_trip);
  g_test_add_func ("/sw/escape/display-round-trip", test_display_round_trip);

  return g_test_run ();
}
