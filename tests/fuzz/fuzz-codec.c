/* fuzz-codec.c: the send bar's codec, from typed text to the bytes sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte picks the format, escapes, line ending and encoding;
 * the rest, up to a NUL, is the text.
 * - Any text encodes or fails with a hex, escape or encoding error whose
 *   offset is inside the text.
 * - Hex gives exactly what sw_hex_parse() gives (no line ending).
 * - Text gives the body (sw_escape_parse() or sw_encoding_encode()) then
 *   the line ending in the same encoding, and fails exactly when the body
 *   does.
 */

#include "config.h"

#include <string.h>

#include "sw-codec.h"
#include "sw-escape.h"
#include "sw-fuzz.h"
#include "sw-hex.h"

static void
assert_error_sane (const GError *error)
{
  if (error->domain == SW_HEX_ERROR)
    sw_fuzz_assert_error (error, SW_HEX_ERROR, SW_HEX_ERROR_EMPTY_PREFIX);
  else if (error->domain == SW_ESCAPE_ERROR)
    sw_fuzz_assert_error (error, SW_ESCAPE_ERROR, SW_ESCAPE_ERROR_INVALID_HEX_ESCAPE);
  else
    sw_fuzz_assert_error (error, SW_ENCODING_ERROR, SW_ENCODING_ERROR_UNSUPPORTED);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  SwFuzzInput input = { data, size };
  guint8 choice = sw_fuzz_take_byte (&input);
  SwPayloadFormat format = choice & 1 ? SW_PAYLOAD_FORMAT_HEX : SW_PAYLOAD_FORMAT_TEXT;
  gboolean escapes = (choice >> 1) & 1;
  SwLineEnding line_ending = (choice >> 2) & 3;
  SwEncoding encoding = (choice >> 4) % SW_N_ENCODINGS;
  g_autofree char *text = sw_fuzz_take_string (&input);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gsize offset = G_MAXSIZE;

  bytes = sw_codec_encode (text, format, escapes, line_ending, encoding, &offset, &error);
  if (bytes == NULL)
    {
      g_assert_nonnull (error);
      assert_error_sane (error);
      g_assert_cmpuint (offset, <, strlen (text));
    }
  else
    g_assert_no_error (error);

  if (format == SW_PAYLOAD_FORMAT_HEX)
    body = sw_hex_parse (text, -1, NULL, NULL);
  else if (escapes)
    body = sw_escape_parse (text, -1, encoding, NULL, NULL);
  else
    body = sw_encoding_encode (encoding, text, -1, NULL, NULL);

  g_assert_true ((body == NULL) == (bytes == NULL));
  if (bytes == NULL)
    return 0;

  if (format == SW_PAYLOAD_FORMAT_HEX)
    {
      g_assert_true (g_bytes_equal (bytes, body));
    }
  else
    {
      const char *ending_text = sw_line_ending_get_bytes (line_ending);
      g_autoptr(GBytes) ending = sw_encoding_encode (encoding, ending_text, -1, NULL, NULL);
      gsize body_size = g_bytes_get_size (body);
      const guint8 *out = g_bytes_get_data (bytes, NULL);

      g_assert_cmpuint (g_bytes_get_size (bytes), ==, body_size + g_bytes_get_size (ending));
      if (g_bytes_get_size (bytes) == 0)
        return 0;
      g_assert_cmpmem (out, body_size, g_bytes_get_data (body, NULL), body_size);
      g_assert_cmpmem (out + body_size, g_bytes_get_size (ending),
                       g_bytes_get_data (ending, NULL), g_bytes_get_size (ending));
    }

  return 0;
}
