/* test-codec.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-codec.h"
#include "sw-escape.h"
#include "sw-hex.h"

static void
assert_encodes (const char      *text,
                SwPayloadFormat  format,
                gboolean         escapes,
                SwLineEnding     line_ending,
                SwEncoding       encoding,
                const char      *expected,
                gsize            expected_length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = sw_codec_encode (text, format, escapes, line_ending, encoding, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   expected, expected_length);
}

static void
test_text (void)
{
  assert_encodes ("hello", SW_PAYLOAD_FORMAT_TEXT, FALSE, SW_LINE_ENDING_NONE,
                  SW_ENCODING_UTF8, "hello", 5);
  assert_encodes ("hello", SW_PAYLOAD_FORMAT_TEXT, FALSE, SW_LINE_ENDING_CRLF,
                  SW_ENCODING_UTF8, "hello\r\n", 7);
  assert_encodes ("hello", SW_PAYLOAD_FORMAT_TEXT, FALSE, SW_LINE_ENDING_LF,
                  SW_ENCODING_UTF8, "hello\n", 6);
  assert_encodes ("hello", SW_PAYLOAD_FORMAT_TEXT, FALSE, SW_LINE_ENDING_CR,
                  SW_ENCODING_UTF8, "hello\r", 6);
  /* Without escapes, a backslash is a backslash. */
  assert_encodes ("a\\r", SW_PAYLOAD_FORMAT_TEXT, FALSE, SW_LINE_ENDING_NONE,
                  SW_ENCODING_UTF8, "a\\r", 3);
  /* With them, it is a carriage return. */
  assert_encodes ("a\\r\\x00", SW_PAYLOAD_FORMAT_TEXT, TRUE, SW_LINE_ENDING_NONE,
                  SW_ENCODING_UTF8, "a\r\0", 3);
  /* The line ending follows the encoding. */
  assert_encodes ("你好", SW_PAYLOAD_FORMAT_TEXT, TRUE, SW_LINE_ENDING_CRLF,
                  SW_ENCODING_GBK, "\xc4\xe3\xba\xc3\r\n", 6);
  assert_encodes ("A", SW_PAYLOAD_FORMAT_TEXT, FALSE, SW_LINE_ENDING_LF,
                  SW_ENCODING_UTF16LE, "A\0\n\0", 4);
  assert_encodes ("", SW_PAYLOAD_FORMAT_TEXT, TRUE, SW_LINE_ENDING_NONE,
                  SW_ENCODING_UTF8, "", 0);
}

static void
test_hex (void)
{
  /* Exactly the bytes typed: no line ending, no encoding. */
  assert_encodes ("48 65 0d 0A", SW_PAYLOAD_FORMAT_HEX, TRUE, SW_LINE_ENDING_CRLF,
                  SW_ENCODING_UTF16BE, "He\r\n", 4);
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  gsize offset = 0;

  g_assert_null (sw_codec_encode ("48 6G", SW_PAYLOAD_FORMAT_HEX, FALSE, SW_LINE_ENDING_NONE,
                                  SW_ENCODING_UTF8, &offset, &error));
  g_assert_error (error, SW_HEX_ERROR, SW_HEX_ERROR_INVALID_CHARACTER);
  g_assert_cmpuint (offset, ==, 4);
  g_clear_error (&error);

  g_assert_null (sw_codec_encode ("ok\\q", SW_PAYLOAD_FORMAT_TEXT, TRUE, SW_LINE_ENDING_LF,
                                  SW_ENCODING_UTF8, &offset, &error));
  g_assert_error (error, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_UNKNOWN_ESCAPE);
  g_assert_cmpuint (offset, ==, 2);
  g_clear_error (&error);

  g_assert_null (sw_codec_encode ("ab中", SW_PAYLOAD_FORMAT_TEXT, FALSE, SW_LINE_ENDING_LF,
                                  SW_ENCODING_LATIN1, &offset, &error));
  g_assert_error (error, SW_ENCODING_ERROR, SW_ENCODING_ERROR_UNREPRESENTABLE);
  g_assert_cmpuint (offset, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/codec/text", test_text);
  g_test_add_func ("/sw/codec/hex", test_hex);
  g_test_add_func ("/sw/codec/errors", test_errors);

  return g_test_run ();
}
