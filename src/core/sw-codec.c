/* sw-codec.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-codec"

#include "config.h"

#include "sw-codec.h"
#include "sw-escape.h"
#include "sw-hex.h"
#include "sw-placeholder-private.h"

#include <string.h>

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

static GBytes *
encode_body (const SwCodecOptions  *options,
             const char            *text,
             gsize                  length,
             gsize                 *error_offset,
             GError               **error)
{
  if (options->format == SW_PAYLOAD_FORMAT_HEX)
    return sw_hex_parse (text, length, error_offset, error);

  if (options->escapes)
    return sw_escape_parse (text, length, options->encoding, error_offset, error);

  return sw_encoding_encode (options->encoding, text, length, error_offset, error);
}

static void
append_bytes (GByteArray *array,
              GBytes     *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  g_byte_array_append (array, data, size);
}

/* Text that encodes exactly where @text does, with no placeholder: in
 * HEX they become separators; in TEXT they stay, as plain ASCII; from
 * @tail on (a malformed placeholder) everything but the line breaks is
 * blanked. Encoding it finds the first error before the placeholders'
 * own, with the offset, line and column of @text. */
static char *
mask_placeholders (const SwCodecOptions *options,
                   const char           *text,
                   gsize                 length,
                   GArray               *placeholders,
                   gsize                 tail)
{
  gboolean hex = options->format == SW_PAYLOAD_FORMAT_HEX;
  char *masked = g_strndup (text, length);

  if (hex)
    {
      for (guint i = 0; i < placeholders->len; i++)
        {
          const SwPlaceholder *placeholder = &g_array_index (placeholders, SwPlaceholder, i);

          memset (masked + placeholder->start, ' ', placeholder->end - placeholder->start);
        }
    }

  /* In TEXT the malformed placeholder's own braces stay: "\{{" is an
   * unknown escape "\{" either way. */
  for (gsize i = tail; i < length; i++)
    {
      if (masked[i] == '\n' || masked[i] == '\r')
        continue;
      if (hex || masked[i] == '\\' || (guchar) masked[i] >= 0x80)
        masked[i] = ' ';
    }

  return masked;
}

static GBytes *
expand_placeholders (const SwCodecOptions  *options,
                     const char            *text,
                     gsize                  length,
                     GArray                *placeholders,
                     SwPlaceholderState    *state,
                     gsize                 *error_offset,
                     GError               **error)
{
  g_autoptr(SwPlaceholderState) fresh = NULL;
  g_autoptr(GByteArray) out = g_byte_array_sized_new (length);
  SwPlaceholderExpansion expansion;
  gsize position = 0;

  if (state == NULL)
    state = fresh = sw_placeholder_state_new ();

  _sw_placeholder_expansion_init (&expansion, state);

  for (guint i = 0; i <= placeholders->len; i++)
    {
      const SwPlaceholder *placeholder = NULL;
      g_autoptr(GBytes) piece = NULL;
      g_autoptr(GBytes) value = NULL;
      gsize piece_end = length;
      gboolean is_text;

      if (i < placeholders->len)
        {
          placeholder = &g_array_index (placeholders, SwPlaceholder, i);
          piece_end = placeholder->start;
        }

      /* The masked text encoded, so its pieces do; still, an error
       * points at the right place. */
      piece = encode_body (options, text + position, piece_end - position, error_offset, error);
      if (piece == NULL)
        {
          if (error_offset != NULL)
            *error_offset += position;
          _sw_placeholder_expansion_clear (&expansion, FALSE);
          return NULL;
        }
      append_bytes (out, piece);

      if (placeholder == NULL)
        break;

      value = _sw_placeholder_expansion_value (&expansion, placeholder, &is_text);
      if (is_text && options->format == SW_PAYLOAD_FORMAT_TEXT)
        {
          g_autoptr(GBytes) encoded = NULL;
          gsize value_length;
          const char *value_text = g_bytes_get_data (value, &value_length);

          /* ASCII, which every encoding has. */
          encoded = sw_encoding_encode (options->encoding, value_text, value_length, NULL, NULL);
          g_assert (encoded != NULL);
          append_bytes (out, encoded);
        }
      else
        append_bytes (out, value);

      position = placeholder->end;
    }

  _sw_placeholder_expansion_clear (&expansion, TRUE);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/**
 * sw_codec_encode_full:
 * @options: how to encode
 * @text: what a person typed
 * @state: (nullable): the session's placeholder state, or %NULL for a
 *   fresh one
 * @error_offset: (out) (optional): where in @text the error is
 * @error: return location for a #GError
 *
 * Turns @text into the bytes to send (see sw_codec_encode()). With
 * @options->placeholders, each placeholder is expanded: the counter of
 * @state moves on by one per expansion that uses it, every {{counter}}
 * of the text giving the same number; the clock is read once. A
 * malformed placeholder is a #SW_PLACEHOLDER_ERROR at its "{{", unless
 * the text before it has an error of its own.
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL with @error set
 */
GBytes *
sw_codec_encode_full (const SwCodecOptions  *options,
                      const char            *text,
                      SwPlaceholderState    *state,
                      gsize                 *error_offset,
                      GError               **error)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) ending = NULL;
  const char *ending_text;
  GByteArray *array;
  gsize length;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail ((guint) options->encoding < SW_N_ENCODINGS, NULL);
  g_return_val_if_fail (state == NULL || SW_IS_PLACEHOLDER_STATE (state), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  length = strlen (text);

  if (options->placeholders)
    {
      g_autoptr(GArray) placeholders = g_array_new (FALSE, FALSE, sizeof (SwPlaceholder));
      g_autoptr(GError) scan_error = NULL;
      gsize scan_offset = 0;
      gboolean scanned;

      scanned = _sw_placeholder_scan (text, length, placeholders, &scan_offset, &scan_error);
      if (!scanned || placeholders->len > 0)
        {
          g_autofree char *masked = NULL;
          g_autoptr(GBytes) check = NULL;

          masked = mask_placeholders (options, text, length, placeholders,
                                      scanned ? length : scan_offset);
          check = encode_body (options, masked, length, error_offset, error);
          if (check == NULL)
            return NULL;

          if (!scanned)
            {
              if (error_offset != NULL)
                *error_offset = scan_offset;
              g_propagate_error (error, g_steal_pointer (&scan_error));
              return NULL;
            }

          body = expand_placeholders (options, text, length, placeholders, state,
                                      error_offset, error);
        }
      else
        body = encode_body (options, text, length, error_offset, error);
    }
  else
    body = encode_body (options, text, length, error_offset, error);

  if (body == NULL)
    return NULL;

  /* HEX is exactly the bytes typed. */
  if (options->format == SW_PAYLOAD_FORMAT_HEX)
    return g_steal_pointer (&body);

  ending_text = sw_line_ending_get_bytes (options->line_ending);
  if (*ending_text == '\0')
    return g_steal_pointer (&body);

  /* A line ending is ASCII, so it always encodes. */
  ending = sw_encoding_encode (options->encoding, ending_text, -1, NULL, NULL);
  g_assert (ending != NULL);

  array = g_byte_array_sized_new (g_bytes_get_size (body) + g_bytes_get_size (ending));
  append_bytes (array, body);
  append_bytes (array, ending);

  return g_byte_array_free_to_bytes (array);
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
  SwCodecOptions options = {
    .format = format,
    .escapes = escapes,
    .line_ending = line_ending,
    .encoding = encoding,
    .placeholders = FALSE,
  };

  g_return_val_if_fail (text != NULL, NULL);

  return sw_codec_encode_full (&options, text, NULL, error_offset, error);
}
