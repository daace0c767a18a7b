/* fuzz-escape.c: text with \r \n \t \0 \\ \xNN escapes, in every encoding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte picks the encoding, the rest is the text.
 * - Any text parses or fails with an escape or encoding error whose
 *   offset is inside the text; text without a backslash parses as the
 *   encoder encodes it.
 * - Any bytes written as \xNN escapes parse back to themselves, in every
 *   encoding (escapes are raw bytes).
 * - What the traffic view shows of any bytes in UTF-8 or Latin-1 is valid
 *   UTF-8 and, unless it holds a \u{NNNN} (which only the view writes),
 *   parses back to the same bytes: pasting a received message sends it.
 */

#include "config.h"

#include <string.h>

#include "sw-escape.h"
#include "sw-fuzz.h"

static void
check_parse (const char *text,
             gsize       length,
             SwEncoding  encoding)
{
  g_autoptr(GBytes) parsed = NULL;
  g_autoptr(GError) error = NULL;
  gsize offset = G_MAXSIZE;

  parsed = sw_escape_parse (text, length, encoding, &offset, &error);
  if (parsed == NULL)
    {
      g_assert_nonnull (error);
      if (error->domain == SW_ESCAPE_ERROR)
        sw_fuzz_assert_error (error, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_INVALID_HEX_ESCAPE);
      else
        sw_fuzz_assert_error (error, SW_ENCODING_ERROR, SW_ENCODING_ERROR_UNSUPPORTED);
      g_assert_cmpuint (offset, <, length);
      return;
    }

  g_assert_no_error (error);
  if (memchr (text, '\\', length) == NULL)
    {
      g_autoptr(GBytes) encoded = sw_encoding_encode (encoding, text, length, NULL, NULL);

      g_assert_true (g_bytes_equal (parsed, encoded));
    }
}

static void
check_hex_escapes (const guint8 *data,
                   gsize         length,
                   SwEncoding    encoding)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) parsed = NULL;
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (text, i % 2 ? "\\x%02x" : "\\x%02X", data[i]);

  parsed = sw_escape_parse (text->str, text->len, encoding, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (parsed, NULL), g_bytes_get_size (parsed), data, length);
}

static void
check_display_round_trip (const guint8 *data,
                          gsize         length,
                          SwEncoding    encoding)
{
  g_autofree char *display = sw_encoding_decode (encoding, data, length, SW_DECODE_FLAGS_NONE);
  g_autoptr(GBytes) parsed = NULL;
  g_autoptr(GError) error = NULL;

  sw_fuzz_assert_utf8 (display, -1);
  if (strstr (display, "\\u{") != NULL)
    return;

  parsed = sw_escape_parse (display, -1, encoding, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (parsed, NULL), g_bytes_get_size (parsed), data, length);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  SwFuzzInput input = { data, size };
  SwEncoding encoding = sw_fuzz_take_choice (&input, SW_N_ENCODINGS);

  check_parse ((const char *) input.data, input.size, encoding);
  check_hex_escapes (input.data, input.size, encoding);
  check_display_round_trip (input.data, input.size, SW_ENCODING_UTF8);
  check_display_round_trip (input.data, input.size, SW_ENCODING_LATIN1);

  return 0;
}
