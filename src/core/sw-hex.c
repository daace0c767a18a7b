/* sw-hex.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-hex"

#include "config.h"

#include "sw-hex.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-core-private.h"

G_DEFINE_QUARK (sw-hex-error-quark, sw_hex_error)

/* Classes of input bytes for the parser: 0–15 is the value of a hex
 * digit, everything else is a separator or a byte that has no place in
 * hex text. Both non-digit classes have bit 4 set, so (hi | lo) < 16
 * tests two digits at once. */
enum
{
  HEX_CLASS_SEPARATOR = 16,
  HEX_CLASS_INVALID   = 17,
};

#define SP HEX_CLASS_SEPARATOR
#define NO HEX_CLASS_INVALID

static const guint8 hex_class[256] = {
  /* 0x00: tab, LF and CR separate */
  NO, NO, NO, NO, NO, NO, NO, NO, NO, SP, SP, NO, NO, SP, NO, NO,
  NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
  /* 0x20: space, comma and hyphen separate */
  SP, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, SP, SP, NO, NO,
  /* 0x30: 0–9, then colon and semicolon separate */
   0,  1,  2,  3,  4,  5,  6,  7,  8,  9, SP, SP, NO, NO, NO, NO,
  /* 0x40: A–F */
  NO, 10, 11, 12, 13, 14, 15, NO, NO, NO, NO, NO, NO, NO, NO, NO,
  NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
  /* 0x60: a–f */
  NO, 10, 11, 12, 13, 14, 15, NO, NO, NO, NO, NO, NO, NO, NO, NO,
  NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
  /* 0x80–0xFF: never hex (UTF-8 sequences are named whole in errors) */
  NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
  NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
  NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
  NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
  NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
  NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
  NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
  NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
};

#undef SP
#undef NO

static const char hex_digits[16] = "0123456789ABCDEF";

/* Longest token quoted whole in an error; longer ones are shortened
 * around an ellipsis so a pasted megabyte does not end up in a dialog. */
#define TOKEN_QUOTE_MAX  24
#define TOKEN_QUOTE_EDGE 10

/* A trailing line break does not make a second line people can see. */
static gboolean
text_has_several_lines (const char *text,
                        gsize       length)
{
  while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == '\r'))
    length--;

  return length > 0 && memchr (text, '\n', length) != NULL;
}

/* Names the character at @p the way a person can recognise it: itself
 * when visible, U+XXXX when invisible, \xNN when it is not UTF-8. */
static char *
describe_character (const char *p,
                    gsize       remaining)
{
  gunichar ch;
  char buf[8] = { 0 };

  g_assert (remaining > 0);

  /* GLib reads an embedded NUL as an incomplete sequence, not U+0000. */
  if ((guchar) *p < 0x80)
    ch = (guchar) *p;
  else
    ch = g_utf8_get_char_validated (p, MIN (remaining, (gsize) G_MAXSSIZE));

  if (ch == (gunichar) -1 || ch == (gunichar) -2)
    return g_strdup_printf ("\\x%02X", (guint) (guchar) *p);

  if (!g_unichar_isgraph (ch))
    return g_strdup_printf ("U+%04X", (guint) ch);

  g_unichar_to_utf8 (ch, buf);

  return g_strdup (buf);
}

static char *
describe_token (const char *token,
                gsize       token_length)
{
  if (token_length <= TOKEN_QUOTE_MAX)
    return g_strndup (token, token_length);

  /* Tokens are ASCII (digits and a prefix), so cutting bytes is safe. */
  return g_strdup_printf ("%.*s…%.*s",
                          TOKEN_QUOTE_EDGE, token,
                          TOKEN_QUOTE_EDGE, token + token_length - TOKEN_QUOTE_EDGE);
}

static void
set_parse_error (GError     **error,
                 gsize       *error_offset,
                 SwHexError   code,
                 const char  *text,
                 gsize        length,
                 gsize        offset,
                 gsize        token_length)
{
  g_autofree char *what = NULL;
  guint line = 1;
  guint column = 1;

  g_assert (offset < length);

  if (error_offset != NULL)
    *error_offset = offset;

  if (error == NULL)
    return;

  if (code == SW_HEX_ERROR_INVALID_CHARACTER)
    what = describe_character (text + offset, length - offset);
  else
    what = describe_token (text + offset, token_length);

  _sw_text_offset_to_position (text, offset, &line, &column);

  if (text_has_several_lines (text, length))
    {
      switch (code)
        {
        case SW_HEX_ERROR_INVALID_CHARACTER:
          g_set_error (error, SW_HEX_ERROR, code,
                       /* Translators: %s is the character typed where a hex digit
                        * (0–9, A–F) was expected, or a code such as U+00A0 for an
                        * invisible one; then the 1-based line and column. */
                       _("Invalid hex digit “%s” at line %u, column %u"),
                       what, line, column);
          break;

        case SW_HEX_ERROR_ODD_DIGITS:
          g_set_error (error, SW_HEX_ERROR, code,
                       /* Translators: %s is a run of hex digits such as “ABC”;
                        * then the 1-based line and column where it starts.
                        * Keep “0A” as is: it is an example of a byte. */
                       _("Odd number of hex digits in “%s” at line %u, column %u: "
                         "write each byte as two digits, like 0A"),
                       what, line, column);
          break;

        case SW_HEX_ERROR_HALF_WILDCARD:
          g_set_error (error, SW_HEX_ERROR, code,
                       /* Translators: keep “?” and “??” as they are; then the
                        * 1-based line and column. */
                       _("Lone “?” at line %u, column %u: write ?? for a byte "
                         "that can be anything"),
                       line, column);
          break;

        case SW_HEX_ERROR_EMPTY_PREFIX:
          g_set_error (error, SW_HEX_ERROR, code,
                       /* Translators: %s is the prefix “0x” or “0X” as typed;
                        * then the 1-based line and column where it starts.
                        * Keep “0x0A” as is: it is an example of a byte. */
                       _("No hex digits after “%s” at line %u, column %u: "
                         "write bytes like 0x0A"),
                       what, line, column);
          break;

        default:
          g_assert_not_reached ();
        }
    }
  else
    {
      switch (code)
        {
        case SW_HEX_ERROR_INVALID_CHARACTER:
          g_set_error (error, SW_HEX_ERROR, code,
                       /* Translators: %s is the character typed where a hex digit
                        * (0–9, A–F) was expected, or a code such as U+00A0 for an
                        * invisible one; %u is the 1-based column. */
                       _("Invalid hex digit “%s” at column %u"),
                       what, column);
          break;

        case SW_HEX_ERROR_ODD_DIGITS:
          g_set_error (error, SW_HEX_ERROR, code,
                       /* Translators: %s is a run of hex digits such as “ABC”;
                        * %u is the 1-based column where it starts.
                        * Keep “0A” as is: it is an example of a byte. */
                       _("Odd number of hex digits in “%s” at column %u: "
                         "write each byte as two digits, like 0A"),
                       what, column);
          break;

        case SW_HEX_ERROR_HALF_WILDCARD:
          g_set_error (error, SW_HEX_ERROR, code,
                       /* Translators: keep “?” and “??” as they are; %u is the
                        * 1-based column. */
                       _("Lone “?” at column %u: write ?? for a byte that can be anything"),
                       column);
          break;

        case SW_HEX_ERROR_EMPTY_PREFIX:
          g_set_error (error, SW_HEX_ERROR, code,
                       /* Translators: %s is the prefix “0x” or “0X” as typed;
                        * %u is the 1-based column where it starts.
                        * Keep “0x0A” as is: it is an example of a byte. */
                       _("No hex digits after “%s” at column %u: write bytes like 0x0A"),
                       what, column);
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/* The parser of sw_hex_parse() and, with @mask, of hex patterns: there
 * "??" is a byte that matches anything, 0x00 in the bytes and in *@mask,
 * where every other byte is 0xFF. */
static GBytes *
hex_parse (const char  *text,
           gssize       length,
           GBytes     **mask,
           gsize       *error_offset,
           GError     **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autofree guint8 *mask_data = NULL;
  const guchar *start;
  const guchar *p;
  const guchar *end;
  guint8 *out;
  guint8 *data;
  gsize text_length;
  gsize produced;

  text_length = length < 0 ? strlen (text) : (gsize) length;

  /* @text may be NULL here, and even NULL + 0 is undefined behaviour. */
  if (text_length == 0)
    return g_bytes_new (NULL, 0);

  start = (const guchar *) text;
  p = start;
  end = start + text_length;

  /* Every byte takes two digits, so half the text is always enough. */
  bytes = g_byte_array_sized_new (text_length / 2);
  g_byte_array_set_size (bytes, text_length / 2);
  out = bytes->data;
  if (mask != NULL)
    mask_data = g_malloc (text_length / 2 + 1);

  while (p < end)
    {
      const guchar *token = p;

      if (hex_class[*p] == HEX_CLASS_SEPARATOR)
        {
          p++;
          continue;
        }

      if (p[0] == '0' && end - p >= 2 && (p[1] == 'x' || p[1] == 'X'))
        {
          p += 2;
          if (p == end || hex_class[*p] == HEX_CLASS_SEPARATOR)
            {
              set_parse_error (error, error_offset, SW_HEX_ERROR_EMPTY_PREFIX,
                               text, text_length, token - start, 2);
              return NULL;
            }
        }

      while (end - p >= 2)
        {
          guint hi = hex_class[p[0]];
          guint lo = hex_class[p[1]];

          if ((hi | lo) < 16)
            {
              if (mask != NULL)
                mask_data[out - bytes->data] = 0xFF;
              *out++ = (guint8) (hi << 4 | lo);
            }
          else if (mask != NULL && p[0] == '?' && p[1] == '?')
            {
              mask_data[out - bytes->data] = 0;
              *out++ = 0;
            }
          else
            {
              break;
            }
          p += 2;
        }

      if (p == end || hex_class[*p] == HEX_CLASS_SEPARATOR)
        continue;

      /* Half a wildcard next to a digit, or alone. */
      if (mask != NULL && (p[0] == '?' || (end - p >= 2 && p[1] == '?')))
        {
          set_parse_error (error, error_offset, SW_HEX_ERROR_HALF_WILDCARD,
                           text, text_length, p[0] == '?' ? p - start : p + 1 - start, 0);
          return NULL;
        }

      /* A stray character inside a token is the real mistake, so it wins
       * over the digit count that it also breaks. */
      if (hex_class[*p] == HEX_CLASS_INVALID)
        {
          set_parse_error (error, error_offset, SW_HEX_ERROR_INVALID_CHARACTER,
                           text, text_length, p - start, 0);
          return NULL;
        }

      if (end - p >= 2 && hex_class[p[1]] == HEX_CLASS_INVALID)
        {
          set_parse_error (error, error_offset, SW_HEX_ERROR_INVALID_CHARACTER,
                           text, text_length, p + 1 - start, 0);
          return NULL;
        }

      /* One digit left over, followed by a separator or the end. */
      set_parse_error (error, error_offset, SW_HEX_ERROR_ODD_DIGITS,
                       text, text_length, token - start, p + 1 - token);
      return NULL;
    }

  /* Spaced hex ("48 65 …") fills only two thirds of the guess; give the
   * rest back rather than keep it alive as long as the GBytes. */
  produced = out - bytes->data;
  data = g_byte_array_free (g_steal_pointer (&bytes), FALSE);

  if (mask != NULL)
    *mask = g_bytes_new_take (g_realloc (g_steal_pointer (&mask_data), produced), produced);

  return g_bytes_new_take (g_realloc (data, produced), produced);
}

GBytes *
sw_hex_parse (const char  *text,
              gssize       length,
              gsize       *error_offset,
              GError     **error)
{
  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return hex_parse (text, length, NULL, error_offset, error);
}

GBytes *
_sw_hex_parse_pattern (const char  *text,
                       gssize       length,
                       GBytes     **mask,
                       gsize       *error_offset,
                       GError     **error)
{
  g_assert (mask != NULL);

  return hex_parse (text, length, mask, error_offset, error);
}

void
sw_hex_append (GString      *out,
               const guint8 *data,
               gsize         length)
{
  gsize old_length;
  char *p;
  gsize i;

  g_return_if_fail (out != NULL);
  g_return_if_fail (data != NULL || length == 0);
  g_return_if_fail (length <= (G_MAXSIZE - out->len - 1) / 3);

  if (length == 0)
    return;

  old_length = out->len;
  g_string_set_size (out, old_length + length * 3 - 1);
  p = out->str + old_length;

  for (i = 0; i + 1 < length; i++)
    {
      p[0] = hex_digits[data[i] >> 4];
      p[1] = hex_digits[data[i] & 0xF];
      p[2] = ' ';
      p += 3;
    }

  p[0] = hex_digits[data[i] >> 4];
  p[1] = hex_digits[data[i] & 0xF];
}

char *
sw_hex_format (const guint8 *data,
               gsize         length)
{
  GString *out;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (length <= (G_MAXSIZE - 1) / 3, NULL);

  out = g_string_sized_new (length * 3);
  sw_hex_append (out, data, length);

  return g_string_free (out, FALSE);
}

/* Layout of one dump row after the prefix and the offset:
 * two spaces, 16 × "XX " plus one space between the groups of 8, one more
 * space, "|", up to 16 gutter characters, "|\n". */
#define DUMP_HEX_AREA   (2 + SW_HEX_DUMP_WIDTH * 3 + 1 + 1)
#define DUMP_ROW_FIXED  (DUMP_HEX_AREA + 1 + 1 + 1)

static inline char
gutter_char (guint8 b)
{
  return b >= 0x20 && b <= 0x7E ? (char) b : '.';
}

static inline char *
write_row (char         *p,
           const char   *prefix,
           gsize         prefix_length,
           guint64       offset,
           guint         offset_digits,
           const guint8 *row,
           gsize         n)
{
  guint i;

  if (prefix_length > 0)
    {
      memcpy (p, prefix, prefix_length);
      p += prefix_length;
    }

  for (i = offset_digits; i > 0; i--)
    {
      p[i - 1] = hex_digits[offset & 0xF];
      offset >>= 4;
    }
  p += offset_digits;

  *p++ = ' ';
  *p++ = ' ';

  if (n == SW_HEX_DUMP_WIDTH)
    {
      for (i = 0; i < SW_HEX_DUMP_WIDTH / 2; i++)
        {
          p[0] = hex_digits[row[i] >> 4];
          p[1] = hex_digits[row[i] & 0xF];
          p[2] = ' ';
          p += 3;
        }
      *p++ = ' ';
      for (; i < SW_HEX_DUMP_WIDTH; i++)
        {
          p[0] = hex_digits[row[i] >> 4];
          p[1] = hex_digits[row[i] & 0xF];
          p[2] = ' ';
          p += 3;
        }
    }
  else
    {
      for (i = 0; i < SW_HEX_DUMP_WIDTH; i++)
        {
          if (i == SW_HEX_DUMP_WIDTH / 2)
            *p++ = ' ';

          if (i < n)
            {
              p[0] = hex_digits[row[i] >> 4];
              p[1] = hex_digits[row[i] & 0xF];
            }
          else
            {
              p[0] = ' ';
              p[1] = ' ';
            }
          p[2] = ' ';
          p += 3;
        }
    }

  *p++ = ' ';
  *p++ = '|';
  for (i = 0; i < n; i++)
    *p++ = gutter_char (row[i]);
  *p++ = '|';
  *p++ = '\n';

  return p;
}

void
sw_hex_dump_append (GString      *out,
                    const guint8 *data,
                    gsize         length,
                    const char   *line_prefix)
{
  gsize prefix_length;
  gsize rows;
  gsize row_size;
  gsize total;
  guint64 last_offset;
  guint offset_digits = 8;
  gsize old_length;
  gsize done;
  char *p;

  g_return_if_fail (out != NULL);
  g_return_if_fail (data != NULL || length == 0);

  if (length == 0)
    return;

  prefix_length = line_prefix != NULL ? strlen (line_prefix) : 0;

  /* Offsets past 4 GiB widen the column instead of wrapping around. */
  last_offset = (guint64) (length - 1);
  while (offset_digits < 16 && (last_offset >> (offset_digits * 4)) != 0)
    offset_digits++;

  rows = (length + SW_HEX_DUMP_WIDTH - 1) / SW_HEX_DUMP_WIDTH;
  row_size = prefix_length + offset_digits + DUMP_ROW_FIXED;
  g_return_if_fail (row_size <= (G_MAXSIZE - length - out->len - 1) / rows);
  total = rows * row_size + length;

  old_length = out->len;
  g_string_set_size (out, old_length + total);
  p = out->str + old_length;

  for (done = 0; done < length; done += SW_HEX_DUMP_WIDTH)
    p = write_row (p, line_prefix, prefix_length, done, offset_digits,
                   data + done, MIN (length - done, SW_HEX_DUMP_WIDTH));

  g_assert (p == out->str + out->len);
}

char *
sw_hex_dump (const guint8 *data,
             gsize         length)
{
  GString *out;
  gsize rows;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  rows = (length + SW_HEX_DUMP_WIDTH - 1) / SW_HEX_DUMP_WIDTH;
  out = g_string_sized_new (rows * (8 + DUMP_ROW_FIXED) + length);
  sw_hex_dump_append (out, data, length, NULL);

  return g_string_free (out, FALSE);
}
