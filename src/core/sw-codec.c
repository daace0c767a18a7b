/* sw-codec.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-codec"

#include "config.h"

#include "sw-codec.h"
#include "sw-escape.h"
#include "sw-hex.h"

const char *
sw_line_ending_get_bytes (SwLineEnding line_ending)
{
  switch (line_ending)
    {
    case SW_LINE_ENDING_NONE:
      return "";
    case SW_LINE_ENDING_LF:
      return "\n";
    case SW_LINE_ENDING_CR:
      return "\r";
    case SW_LINE_ENDING_CRLF:
      return "\r\n";
    default:
      g_return_val_if_reached ("");
    }
}

/**
 * sw_codec_encode:
 * @error_offset: (out) (optional): where in @text the error is
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL with @error set
 */
GBytes *
sw_codec_encode (const char       *text,
                 SwPayloadFormat   format,
                 gboolean          escapes,
                 SwLineEnding      line_ending,
                 SwEncoding        encoding,
                 gsize            *error_offset,
                 GError          **error)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) ending = NULL;
  const char *ending_text;
  GByteArray *array;

  g_return_val_if_fail (text != NULL, NULL);

  if (format == SW_PAYLOAD_FORMAT_HEX)
    return sw_hex_parse (text, -1, error_offset, error);

  if (escapes)
    body = sw_escape_parse (text, -1, encoding, error_offset, error);
  else
    body = sw_encoding_encode (encoding, text, -1, error_offset, error);

  if (body == NULL)
    return NULL;

  ending_text = sw_line_ending_get_bytes (line_ending);
  if (*ending_text == '\0')
    return g_steal_pointer (&body);

  /* A line ending is ASCII, so it always encodes. */
  ending = sw_encoding_encode (encoding, ending_text, -1, NULL, NULL);
  g_assert (ending != NULL);

  array = g_byte_array_sized_new (g_bytes_get_size (body) + g_bytes_get_size (ending));
  g_byte_array_append (array, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_byte_array_append (array, g_bytes_get_data (ending, NULL), g_bytes_get_size (ending));

  return g_byte_array_free_to_bytes (array);
}
