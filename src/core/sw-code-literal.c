/* sw-code-literal.c: bytes as Python and printf(1) write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-code-literal"

#include "config.h"

#include <string.h>

#include "sw-code-export-private.h"

/* Room a call around a one-line literal takes: "sock.sendto(…, PEER_1)". */
#define CALL_SLACK 24
/* Bytes per line of a bytes.fromhex() literal. */
#define HEX_PER_LINE 16

typedef struct
{
  GPtrArray *pieces;   /* char *: the inside of one quoted literal each */
  GString   *current;
  guint      columns;
  guint      width;
} Packer;

static void
packer_init (Packer *packer,
             guint   width)
{
  packer->pieces = g_ptr_array_new_with_free_func (g_free);
  packer->current = g_string_new (NULL);
  packer->columns = 0;
  packer->width = width;
}

static void
packer_break (Packer *packer)
{
  g_ptr_array_add (packer->pieces, g_string_free (packer->current, FALSE));
  packer->current = g_string_new (NULL);
  packer->columns = 0;
}

/* Adds one escaped character; a piece ends after a newline. */
static void
packer_add (Packer     *packer,
            const char *token,
            gsize       length,
            guint       columns,
            gboolean    line_end)
{
  if (packer->current->len > 0 && packer->columns + columns > packer->width)
    packer_break (packer);
  g_string_append_len (packer->current, token, length);
  packer->columns += columns;
  if (line_end)
    packer_break (packer);
}

static GPtrArray *
packer_finish (Packer *packer)
{
  if (packer->current->len > 0 || packer->pieces->len == 0)
    packer_break (packer);
  g_string_free (packer->current, TRUE);

  return packer->pieces;
}

static gboolean
is_texty (guint8 byte)
{
  return (byte >= 0x20 && byte < 0x7f) || byte == '\n' || byte == '\r' || byte == '\t';
}

/* The quote repr() would choose: ' unless only " avoids escapes. */
static char
choose_quote (const char *text,
              gsize       length)
{
  /* An empty datagram is logged with NULL data. */
  if (length == 0)
    return '\'';

  return memchr (text, '\'', length) != NULL && memchr (text, '"', length) == NULL ? '"' : '\'';
}

/* The escape of a character below 0x80 in a Python literal, or NULL when
 * it stands for itself. */
static const char *
ascii_escape (guint8 c,
              char   quote,
              char   buf[8])
{
  switch (c)
    {
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    case '\\':
      return "\\\\";
    default:
      if (c == (guint8) quote)
        {
          buf[0] = '\\';
          buf[1] = quote;
          buf[2] = '\0';
          return buf;
        }
      if (c < 0x20 || c >= 0x7f)
        {
          g_snprintf (buf, 8, "\\x%02x", c);
          return buf;
        }
      return NULL;
    }
}

static GPtrArray *
pack_bytes (const guint8 *data,
            gsize         length,
            char          quote,
            guint         width)
{
  Packer packer;

  packer_init (&packer, width);
  for (gsize i = 0; i < length; i++)
    {
      char buf[8];
      const char *escape = ascii_escape (data[i], quote, buf);

      if (escape != NULL)
        packer_add (&packer, escape, strlen (escape), strlen (escape), data[i] == '\n');
      else
        packer_add (&packer, (const char *) &data[i], 1, 1, FALSE);
    }

  return packer_finish (&packer);
}

static GPtrArray *
pack_hex (const guint8 *data,
          gsize         length)
{
  GPtrArray *pieces = g_ptr_array_new_with_free_func (g_free);

  for (gsize start = 0; start < length || start == 0; start += HEX_PER_LINE)
    {
      GString *piece = g_string_new (NULL);

      for (gsize i = start; i < MIN (length, start + HEX_PER_LINE); i++)
        g_string_append_printf (piece, i > start ? " %02x" : "%02x", data[i]);
      g_ptr_array_add (pieces, g_string_free (piece, FALSE));
      if (length == 0)
        break;
    }

  return pieces;
}

/* Whether the character stands for itself in a str literal: not a
 * control, nothing invisible or that reorders text (Trojan Source). */
static gboolean
unichar_is_plain (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return FALSE;
    case G_UNICODE_SPACE_SEPARATOR:
      return c == ' ';
    default:
      return TRUE;
    }
}

static GPtrArray *
pack_text (const char *text,
           gsize       length,
           char        quote,
           guint       width)
{
  Packer packer;

  packer_init (&packer, width);
  for (const char *p = text; p < text + length; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char buf[16];
      const char *escape;

      if (c < 0x80)
        {
          escape = ascii_escape (c, quote, buf);
          if (escape != NULL)
            packer_add (&packer, escape, strlen (escape), strlen (escape), c == '\n');
          else
            packer_add (&packer, p, 1, 1, FALSE);
        }
      else if (unichar_is_plain (c))
        packer_add (&packer, p, g_utf8_next_char (p) - p, g_unichar_iswide (c) ? 2 : 1, FALSE);
      else
        {
          if (c < 0x100)
            g_snprintf (buf, sizeof buf, "\\x%02x", c);
          else if (c < 0x10000)
            g_snprintf (buf, sizeof buf, "\\u%04x", c);
          else
            g_snprintf (buf, sizeof buf, "\\U%08x", c);
          packer_add (&packer, buf, strlen (buf), strlen (buf), FALSE);
        }
    }

  return packer_finish (&packer);
}

/* Python's name of the codec that encodes as the workbench does, or NULL.
 * Python's big5 differs from iconv's BIG5 (e.g. U+FF0F, U+3005). */
static const char *
python_codec (SwEncoding encoding)
{
  switch (encoding)
    {
    case SW_ENCODING_UTF8:
      return "utf-8";
    case SW_ENCODING_GB18030:
      return "gb18030";
    case SW_ENCODING_GBK:
      return "gbk";
    case SW_ENCODING_LATIN1:
      return "latin-1";
    case SW_ENCODING_UTF16LE:
      return "utf-16-le";
    case SW_ENCODING_UTF16BE:
      return "utf-16-be";
    case SW_ENCODING_BIG5:
    default:
      return NULL;
    }
}

/* Whether Python encodes @c in @encoding as iconv does. For GB18030 and
 * GBK that is checked (by test-code-export, against python3) only in
 * these blocks: Latin-1, general punctuation, CJK symbols, the unified
 * ideographs of GBK, full-width forms. */
static gboolean
python_encodes_alike (SwEncoding encoding,
                      gunichar   c)
{
  if (c < 0x80 || (encoding != SW_ENCODING_GB18030 && encoding != SW_ENCODING_GBK))
    return TRUE;

  return (c >= 0xa0 && c <= 0xff) ||
         (c >= 0x2000 && c <= 0x206f) ||
         (c >= 0x3000 && c <= 0x303f) ||
         (c >= 0x4e00 && c <= 0x9fa5) ||
         (c >= 0xff01 && c <= 0xff5e);
}

/* @data as UTF-8 text when Python turns that text back into exactly
 * @data with python_codec(), and the text form is the more readable one
 * (it has non-ASCII characters, or it is UTF-16). */
static char *
decode_for_python (const guint8 *data,
                   gsize         length,
                   SwEncoding    encoding,
                   gsize        *text_length)
{
  g_autofree char *text = NULL;
  g_autoptr(GBytes) again = NULL;
  gboolean non_ascii = FALSE;
  gsize n_read = 0;

  if (python_codec (encoding) == NULL || length == 0)
    return NULL;

  text = g_convert ((const char *) data, length, "UTF-8", sw_encoding_get_charset (encoding),
                    &n_read, text_length, NULL);
  if (text == NULL || n_read != length || !g_utf8_validate (text, *text_length, NULL))
    return NULL;

  again = sw_encoding_encode (encoding, text, *text_length, NULL, NULL);
  if (again == NULL || g_bytes_get_size (again) != length ||
      memcmp (g_bytes_get_data (again, NULL), data, length) != 0)
    return NULL;

  for (const char *p = text; p < text + *text_length; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!python_encodes_alike (encoding, c))
        return NULL;
      non_ascii |= c >= 0x80;
    }

  if (!non_ascii && encoding != SW_ENCODING_UTF16LE && encoding != SW_ENCODING_UTF16BE)
    return NULL;

  return g_steal_pointer (&text);
}

/**
 * _sw_code_append_spaces:
 *
 * See sw-code-export-private.h.
 */
void
_sw_code_append_spaces (GString *out,
                        guint    n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (out, ' ');
}

/* Lays @pieces out on one line when they fit, else a piece a line:
 * single_open + 'piece' + single_close, or multi_open, the pieces
 * indented, then multi_close at @indent. */
static void
append_layout (GString    *out,
               GPtrArray  *pieces,
               const char *prefix,
               char        quote,
               const char *single_open,
               const char *single_close,
               const char *multi_open,
               const char *multi_close,
               guint       indent)
{
  const char *first = g_ptr_array_index (pieces, 0);

  if (pieces->len == 1 &&
      indent + strlen (single_open) + strlen (prefix) + g_utf8_strlen (first, -1) + 2 +
      strlen (single_close) + CALL_SLACK <= SW_CODE_LINE_WIDTH)
    {
      g_string_append_printf (out, "%s%s%c%s%c%s", single_open, prefix, quote, first, quote, single_close);
      return;
    }

  g_string_append (out, multi_open);
  g_string_append_c (out, '\n');
  for (guint i = 0; i < pieces->len; i++)
    {
      _sw_code_append_spaces (out, indent + 4);
      g_string_append_printf (out, "%s%c%s%c\n", prefix, quote, (const char *) g_ptr_array_index (pieces, i), quote);
    }
  _sw_code_append_spaces (out, indent);
  g_string_append (out, multi_close);
}

/**
 * _sw_code_append_python_bytes:
 *
 * See sw-code-export-private.h.
 */
void
_sw_code_append_python_bytes (GString       *out,
                              const guint8  *data,
                              gsize          length,
                              SwRecordFlags  flags,
                              SwEncoding     encoding,
                              guint          indent)
{
  g_autoptr(GPtrArray) pieces = NULL;
  g_autofree char *text = NULL;
  guint width = MAX (16, SW_CODE_LINE_WIDTH - (int) indent - 4 - 3);
  gsize text_length = 0;
  gsize texty = 0;

  g_return_if_fail (out != NULL);
  g_return_if_fail (data != NULL || length == 0);

  if (flags & SW_RECORD_FLAGS_TEXT)
    text = decode_for_python (data, length, encoding, &text_length);

  if (text != NULL)
    {
      char quote = choose_quote (text, text_length);
      g_autofree char *encode = g_strdup_printf (".encode('%s')", python_codec (encoding));
      g_autofree char *multi_close = g_strdup_printf (")%s", encode);

      pieces = pack_text (text, text_length, quote, width);
      append_layout (out, pieces, "", quote, "", encode, "(", multi_close, indent);
      return;
    }

  for (gsize i = 0; i < length; i++)
    texty += is_texty (data[i]);

  if (texty * 2 < length)
    {
      pieces = pack_hex (data, length);
      append_layout (out, pieces, "", '\'', "bytes.fromhex(", ")", "bytes.fromhex(", ")", indent);
    }
  else
    {
      char quote = choose_quote ((const char *) data, length);

      pieces = pack_bytes (data, length, quote, width);
      append_layout (out, pieces, "b", quote, "", "", "(", ")", indent);
    }
}

/**
 * _sw_code_append_printf_format:
 *
 * See sw-code-export-private.h.
 */
void
_sw_code_append_printf_format (GString      *out,
                               const guint8 *data,
                               gsize         length)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (data != NULL || length == 0);

  for (gsize i = 0; i < length; i++)
    {
      guint8 c = data[i];

      if (c == '%')
        g_string_append (out, "%%");
      else if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      /* A format that starts with "-" would be taken for an option. */
      else if (c >= 0x20 && c < 0x7f && c != '\'' && !(i == 0 && c == '-'))
        g_string_append_c (out, c);
      else
        /* Always three digits, so that a digit after it stays a digit. */
        g_string_append_printf (out, "\\%03o", c);
    }
}

/**
 * _sw_code_append_python_str:
 *
 * See sw-code-export-private.h.
 */
void
_sw_code_append_python_str (GString    *out,
                            const char *text)
{
  g_autoptr(GPtrArray) pieces = NULL;
  char quote = choose_quote (text, strlen (text));

  pieces = pack_text (text, strlen (text), quote, G_MAXUINT);
  g_string_append_printf (out, "%c%s%c", quote, (const char *) g_ptr_array_index (pieces, 0), quote);
}
