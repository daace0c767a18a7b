/* sw-escape.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-escape"

#include "config.h"

#include "sw-escape.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-core-private.h"

G_DEFINE_QUARK (sw-escape-error-quark, sw_escape_error)

typedef struct
{
  const char *text;
  gsize       length;
  SwEncoding  encoding;
  GByteArray *bytes;
} Parser;

static void
set_escape_error (Parser      *parser,
                  gint         code,
                  gsize        offset,
                  const char  *found,
                  GError     **error)
{
  gboolean multiline = memchr (parser->text, '\n', parser->length) != NULL;
  guint line;
  guint column;

  _sw_text_offset_to_position (parser->text, offset, &line, &column);

  switch (code)
    {
    case SW_ESCAPE_ERROR_UNKNOWN_ESCAPE:
      if (multiline)
        g_set_error (error, SW_ESCAPE_ERROR, code,
                     /* Translators: %s is what was typed, such as “\q” */
                     _("Unknown escape “%s” at line %u, column %u: "
                       "use \\r, \\n, \\t, \\0, \\\\ or \\xNN"),
                     found, line, column);
      else
        g_set_error (error, SW_ESCAPE_ERROR, code,
                     /* Translators: %s is what was typed, such as “\q” */
                     _("Unknown escape “%s” at column %u: "
                       "use \\r, \\n, \\t, \\0, \\\\ or \\xNN"),
                     found, column);
      break;

    case SW_ESCAPE_ERROR_INCOMPLETE_ESCAPE:
      if (multiline)
        g_set_error (error, SW_ESCAPE_ERROR, code,
                     _("Lone backslash at line %u, column %u: "
                       "write \\\\ for a backslash, or complete the escape"),
                     line, column);
      else
        g_set_error (error, SW_ESCAPE_ERROR, code,
                     _("Lone backslash at column %u: "
                       "write \\\\ for a backslash, or complete the escape"),
                     column);
      break;

    case SW_ESCAPE_ERROR_INVALID_HEX_ESCAPE:
      if (multiline)
        g_set_error (error, SW_ESCAPE_ERROR, code,
                     /* Translators: %s is what was typed, such as “\x4G” */
                     _("Invalid hex escape “%s” at line %u, column %u: "
                       "\\x takes exactly two hex digits, as in \\x0A"),
                     found, line, column);
      else
        g_set_error (error, SW_ESCAPE_ERROR, code,
                     /* Translators: %s is what was typed, such as “\x4G” */
                     _("Invalid hex escape “%s” at column %u: "
                       "\\x takes exactly two hex digits, as in \\x0A"),
                     found, column);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Encodes the literal text [start, end) and appends it. */
static gboolean
append_literal (Parser      *parser,
                const char  *start,
                const char  *end,
                gsize       *error_offset,
                GError     **error)
{
  g_autoptr(GBytes) encoded = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize local_offset = 0;

  if (start == end)
    return TRUE;

  if (parser->encoding == SW_ENCODING_UTF8)
    {
      /* Already validated. */
      g_byte_array_append (parser->bytes, (const guint8 *) start, end - start);
      return TRUE;
    }

  encoded = sw_encoding_encode (parser->encoding, start, end - start,
                                &local_offset, &local_error);
  if (encoded == NULL)
    {
      g_autoptr(GBytes) whole = NULL;

      /* The error must give the position in the whole text. Everything
       * before this run encoded fine and escapes are ASCII, which every
       * encoding has, so encoding the whole text fails at the same
       * character, with the right offset, line and column. */
      whole = sw_encoding_encode (parser->encoding, parser->text, parser->length,
                                  error_offset, error);
      if (whole != NULL)
        {
          g_critical ("Encoding %s failed on part of the text only",
                      sw_encoding_get_charset (parser->encoding));
          if (error_offset != NULL)
            *error_offset = (start - parser->text) + local_offset;
          g_propagate_error (error, g_steal_pointer (&local_error));
        }
      return FALSE;
    }

  g_byte_array_append (parser->bytes,
                       g_bytes_get_data (encoded, NULL),
                       g_bytes_get_size (encoded));
  return TRUE;
}

static inline int
hex_value (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

/* The text after "\x" as people see it, up to two characters on the
 * same line, for the error message. */
static char *
describe_hex_escape (const char *p,
                     const char *end)
{
  GString *found = g_string_new ("\\x");

  for (guint i = 0; i < 2 && p < end && *p != '\n' && *p != '\r'; i++)
    {
      const char *next = g_utf8_next_char (p);

      g_string_append_len (found, p, next - p);
      p = next;
    }

  return g_string_free (found, FALSE);
}

/**
 * sw_escape_parse:
 * @text: UTF-8 text with escapes
 * @length: the length of @text in bytes, or -1 if it is nul-terminated
 * @encoding: the encoding for the literal text
 * @error_offset: (out) (optional): on error, the byte offset in @text of
 *   the faulty escape's backslash, or of the character @encoding cannot
 *   represent
 * @error: return location for a #GError
 *
 * Turns text with `\r`, `\n`, `\t`, `\0`, `\\` and `\xNN` escapes into
 * bytes. Escapes are raw bytes in every encoding (`\n` is the single byte
 * 0x0A even in UTF-16); the literal text between them is encoded with
 * @encoding. A backslash at the end of the text or of a line is
 * %SW_ESCAPE_ERROR_INCOMPLETE_ESCAPE.
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL with @error set
 *   (#SW_ESCAPE_ERROR, or #SW_ENCODING_ERROR for the literal text)
 */
GBytes *
sw_escape_parse (const char  *text,
                 gssize       length,
                 SwEncoding   encoding,
                 gsize       *error_offset,
                 GError     **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  const char *p;
  const char *end;
  const char *literal;
  const char *check;
  Parser parser;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail ((guint) encoding < SW_N_ENCODINGS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length == 0)
    return g_bytes_new (NULL, 0);
  if (length < 0)
    length = strlen (text);

  p = literal = check = text;
  end = text + length;

  /* Escapes are parsed byte by byte, so check the text as a whole first;
   * the UTF-8 encoder reports invalid input (U+0000 is allowed). */
  while (!g_utf8_validate_len (check, end - check, &check))
    {
      if (*check != '\0')
        return sw_encoding_encode (SW_ENCODING_UTF8, text, length, error_offset, error);
      check++;
    }

  bytes = g_byte_array_sized_new (length);
  parser.text = text;
  parser.length = length;
  parser.encoding = encoding;
  parser.bytes = bytes;

  while ((p = memchr (p, '\\', end - p)) != NULL)
    {
      const char *backslash = p;
      guint8 byte;

      if (!append_literal (&parser, literal, backslash, error_offset, error))
        return NULL;

      if (backslash + 1 == end || backslash[1] == '\n' || backslash[1] == '\r')
        {
          if (error_offset != NULL)
            *error_offset = backslash - text;
          set_escape_error (&parser, SW_ESCAPE_ERROR_INCOMPLETE_ESCAPE,
                            backslash - text, NULL, error);
          return NULL;
        }

      switch (backslash[1])
        {
        case 'r':
          byte = '\r';
          p = backslash + 2;
          break;

        case 'n':
          byte = '\n';
          p = backslash + 2;
          break;

        case 't':
          byte = '\t';
          p = backslash + 2;
          break;

        case '0':
          byte = 0;
          p = backslash + 2;
          break;

        case '\\':
          byte = '\\';
          p = backslash + 2;
          break;

        case 'x':
          if (end - backslash < 4 || hex_value (backslash[2]) < 0 || hex_value (backslash[3]) < 0)
            {
              g_autofree char *found = describe_hex_escape (backslash + 2, end);

              if (error_offset != NULL)
                *error_offset = backslash - text;
              set_escape_error (&parser, SW_ESCAPE_ERROR_INVALID_HEX_ESCAPE,
                                backslash - text, found, error);
              return NULL;
            }
          byte = (guint8) (hex_value (backslash[2]) << 4 | hex_value (backslash[3]));
          p = backslash + 4;
          break;

        default:
          {
            const char *next = g_utf8_next_char (backslash + 1);
            g_autofree char *found = g_strndup (backslash, next - backslash);

            if (error_offset != NULL)
              *error_offset = backslash - text;
            set_escape_error (&parser, SW_ESCAPE_ERROR_UNKNOWN_ESCAPE,
                              backslash - text, found, error);
            return NULL;
          }
        }

      g_byte_array_append (bytes, &byte, 1);
      literal = p;
    }

  if (!append_literal (&parser, literal, end, error_offset, error))
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
