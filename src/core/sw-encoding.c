/* sw-encoding.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-encoding"

#include "config.h"

#include "sw-encoding.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-core-private.h"

/* Decoded text goes through a stack buffer of this size before it is
 * escaped into the output; large enough to amortise the calls. */
#define DECODE_BLOCK 8192

typedef struct
{
  const char *charset;
  const char *id;
  const char *short_name;
  const char *display_name;
} EncodingInfo;

static const EncodingInfo encodings[SW_N_ENCODINGS] = {
  [SW_ENCODING_UTF8]    = { "UTF-8",      "utf-8",    "UTF-8",    N_("Unicode (UTF-8)") },
  [SW_ENCODING_GB18030] = { "GB18030",    "gb18030",  "GB18030",  N_("Chinese Simplified (GB18030)") },
  [SW_ENCODING_GBK]     = { "GBK",        "gbk",      "GBK",      N_("Chinese Simplified (GBK)") },
  [SW_ENCODING_BIG5]    = { "BIG5",       "big5",     "Big5",     N_("Chinese Traditional (Big5)") },
  [SW_ENCODING_LATIN1]  = { "ISO-8859-1", "latin-1",  "Latin-1",  N_("Western (ISO-8859-1)") },
  [SW_ENCODING_UTF16LE] = { "UTF-16LE",   "utf-16le", "UTF-16LE", N_("Unicode (UTF-16 LE)") },
  [SW_ENCODING_UTF16BE] = { "UTF-16BE",   "utf-16be", "UTF-16BE", N_("Unicode (UTF-16 BE)") },
};

G_DEFINE_QUARK (sw-encoding-error-quark, sw_encoding_error)

const char *
sw_encoding_get_charset (SwEncoding encoding)
{
  g_return_val_if_fail ((guint) encoding < SW_N_ENCODINGS, NULL);

  return encodings[encoding].charset;
}

const char *
sw_encoding_get_id (SwEncoding encoding)
{
  g_return_val_if_fail ((guint) encoding < SW_N_ENCODINGS, NULL);

  return encodings[encoding].id;
}

const char *
sw_encoding_get_short_name (SwEncoding encoding)
{
  g_return_val_if_fail ((guint) encoding < SW_N_ENCODINGS, NULL);

  return encodings[encoding].short_name;
}

const char *
sw_encoding_get_display_name (SwEncoding encoding)
{
  g_return_val_if_fail ((guint) encoding < SW_N_ENCODINGS, NULL);

  return _(encodings[encoding].display_name);
}

gboolean
sw_encoding_from_id (const char *id,
                     SwEncoding *encoding)
{
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < SW_N_ENCODINGS; i++)
    {
      if (strcmp (id, encodings[i].id) == 0)
        {
          if (encoding != NULL)
            *encoding = (SwEncoding) i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Decoding for display
 *
 * Every decoder turns the bytes it can decode into UTF-8 (which may hold
 * U+0000) and hands that to append_display(), which applies the escaping
 * rules shared by all encodings; bytes that do not decode are written as
 * \xNN directly by the decoder.
 */

/* Writes "\xNN" for @byte at @p; returns its length. */
static inline gsize
put_hex_escape (char  *p,
                guint  byte)
{
  static const char hex[] = "0123456789ABCDEF";

  p[0] = '\\';
  p[1] = 'x';
  p[2] = hex[(byte >> 4) & 0xF];
  p[3] = hex[byte & 0xF];

  return 4;
}

static inline void
append_hex_escape (GString *out,
                   guint    byte)
{
  char buf[4];

  g_string_append_len (out, buf, put_hex_escape (buf, byte));
}

static void
append_hex_escapes (GString      *out,
                    const guint8 *data,
                    gsize         length)
{
  for (gsize i = 0; i < length; i++)
    append_hex_escape (out, data[i]);
}

/* C0 controls, DEL and the backslash. */
static inline void
append_ascii_escape (GString       *out,
                     guint          c,
                     SwDecodeFlags  flags)
{
  switch (c)
    {
    case '\r':
      g_string_append_len (out, "\\r", 2);
      break;

    case '\n':
      if (flags & SW_DECODE_FLAGS_BREAK_LF)
        g_string_append_len (out, "\\n\n", 3);
      else
        g_string_append_len (out, "\\n", 2);
      break;

    case '\t':
      g_string_append_len (out, "\\t", 2);
      break;

    case '\\':
      g_string_append_len (out, "\\\\", 2);
      break;

    default:
      append_hex_escape (out, c);
      break;
    }
}

/* Characters that would be invisible or would move text around in a text
 * view: format characters (Cf: zero-width spaces and joiners, bidi
 * controls, BOM, soft hyphen, …) and the line/paragraph separators. */
static inline gboolean
is_invisible_char (gunichar c)
{
  if (c == 0x2028 || c == 0x2029)
    return TRUE;

  return g_unichar_type (c) == G_UNICODE_FORMAT;
}

/* Appends @text, valid UTF-8 that may contain U+0000, applying the display
 * escapes. C1 controls are written as \xNN only when @c1_is_byte (Latin-1,
 * where U+0085 is the byte 0x85); elsewhere they are \u{0085}, because
 * \xNN must keep meaning "this one byte". */
static void
append_display (GString       *out,
                const char    *text,
                gsize          length,
                gboolean       c1_is_byte,
                SwDecodeFlags  flags)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + length;
  const guchar *run = p;

  if (flags & SW_DECODE_FLAGS_RAW)
    {
      g_string_append_len (out, text, length);
      return;
    }

  while (p < end)
    {
      guchar b = *p;
      const guchar *next;
      gunichar c;

      if (G_LIKELY (b >= 0x20 && b < 0x7F && b != '\\'))
        {
          p++;
          continue;
        }

      if (b < 0x80)
        {
          g_string_append_len (out, (const char *) run, p - run);
          append_ascii_escape (out, b, flags);
          run = ++p;
          continue;
        }

      next = (const guchar *) g_utf8_next_char (p);
      g_assert (next <= end);
      c = g_utf8_get_char ((const char *) p);

      if (c >= 0xA0 && G_LIKELY (!is_invisible_char (c)))
        {
          p = next;
          continue;
        }

      g_string_append_len (out, (const char *) run, p - run);
      if (c < 0xA0 && c1_is_byte)
        append_hex_escape (out, c);
      else
        g_string_append_printf (out, "\\u{%04X}", c);
      run = p = next;
    }

  g_string_append_len (out, (const char *) run, p - run);
}

/* Where the text of _sw_encoding_decode_mapped() comes from: the
 * decoders call mapper_mark() at the boundaries of what they append, and
 * stop before a character cut off at the end unless @final. Binary data
 * needs a mark every two bytes or so, so marks are written straight into
 * @marks, which is longer than the @n_marks it holds while decoding. */
typedef struct
{
  GArray       *marks;
  guint         n_marks;
  const guint8 *data;
  guint64       in_base;
  guint64       out_base;
  GString      *out;
  gboolean      final;
  gsize         stop;
} Mapper;

/* Room for @n more marks (the array grows by powers of two); returns
 * where the marks are. */
static SwDecodeMark *
mapper_reserve (Mapper *map,
                gsize   n)
{
  if (map->n_marks + n > map->marks->len)
    g_array_set_size (map->marks, map->n_marks + n);

  return (SwDecodeMark *) (gpointer) map->marks->data;
}

/* Marks that the byte at @in starts the text at @delta bytes from the
 * end of the output (the bytes a decoder holds before appending them,
 * or a negative offset back into what it appended). A stretch that goes
 * on as the last one did (byte for byte, or 1 to 4 for \xNN) extends it. */
static inline void
mapper_mark (Mapper       *map,
             const guint8 *in,
             gssize        delta)
{
  SwDecodeMark mark = { map->in_base + (in - map->data), map->out_base + map->out->len + delta };
  guint n = map->n_marks;
  SwDecodeMark *marks = mapper_reserve (map, 1);

  if (n > 0)
    {
      SwDecodeMark *last = &marks[n - 1];

      if (last->in == mark.in && last->out == mark.out)
        return;

      if (n > 1)
        {
          const SwDecodeMark *prev = last - 1;
          guint64 in1 = last->in - prev->in;
          guint64 out1 = last->out - prev->out;
          guint64 in2 = mark.in - last->in;
          guint64 out2 = mark.out - last->out;

          if ((out1 == in1 && out2 == in2) || (out1 == 4 * in1 && out2 == 4 * in2))
            {
              *last = mark;
              return;
            }
        }
    }

  marks[n] = mark;
  map->n_marks = n + 1;
}

/* The length of the character at @p (4 bytes at least there) if it is
 * valid as g_utf8_get_char_validated() takes it (no overlong form, no
 * surrogate, nothing over U+10FFFF), or 0; without calling it. */
static inline gsize
utf8_char_length (const guint8 *p)
{
  guint b = p[0];
  /* 2 to 4 for the first byte of a character, else 0 */
  guint n = ((b >= 0xC2) * 2u + (b >= 0xE0) + (b >= 0xF0)) & (0u - (guint) (b <= 0xF4));
  /* What the second byte can be after it */
  guint low = 0x80u | (guint) (b == 0xE0) << 5 | (guint) (b == 0xF0) << 4;
  guint high = 0xBFu - ((guint) (b == 0xED) << 5) - (guint) (b == 0xF4) * 0x30u;
  guint valid = ((guint) p[1] - low <= high - low) &
                ((n < 3) | ((p[2] & 0xC0) == 0x80)) & ((n < 4) | ((p[3] & 0xC0) == 0x80));

  return n & (0u - valid);
}

#define ESCAPE_ROW(h) \
  "\\x" h "0\\x" h "1\\x" h "2\\x" h "3\\x" h "4\\x" h "5\\x" h "6\\x" h "7" \
  "\\x" h "8\\x" h "9\\x" h "A\\x" h "B\\x" h "C\\x" h "D\\x" h "E\\x" h "F"

/* "\x00\x01…\xFF": the escape of byte b is the 4 characters at 4 * b. */
static const char hex_escapes[] =
  ESCAPE_ROW ("0") ESCAPE_ROW ("1") ESCAPE_ROW ("2") ESCAPE_ROW ("3")
  ESCAPE_ROW ("4") ESCAPE_ROW ("5") ESCAPE_ROW ("6") ESCAPE_ROW ("7")
  ESCAPE_ROW ("8") ESCAPE_ROW ("9") ESCAPE_ROW ("A") ESCAPE_ROW ("B")
  ESCAPE_ROW ("C") ESCAPE_ROW ("D") ESCAPE_ROW ("E") ESCAPE_ROW ("F");

#undef ESCAPE_ROW

/* decode_utf8() for raw text, where valid UTF-8 (U+0000 included) is
 * copied and only bytes that do not decode become \xNN.
 *
 * Binary data switches between the two every other byte, at random, so
 * up to the last bytes (where a character can be cut off) the loop takes
 * no branch on that: it writes a byte's escape or the byte itself by
 * masks, advances by what it wrote, and writes a mark for every piece,
 * keeping it (advancing) only where copying and escaping alternate. Its
 * branches are on what is rare in binary data and runs long in text:
 * eight ASCII bytes, copied at once, and a byte that can start a
 * character and is followed by one that can continue it. */
static void
decode_utf8_raw (const guint8 *data,
                 gsize         length,
                 GString      *out,
                 Mapper       *map)
{
  /* Room for the text of the last bytes */
  char buf[4 * 8];
  const guint8 *p = data;
  const guint8 *end = data + length;
  const guint8 *fast_end = length >= 8 ? end - 7 : data;
  /* Without @map, marks go nowhere. */
  SwDecodeMark sink;
  guint keep = map != NULL;
  gboolean escaping = FALSE;
  gsize n = 0;

  if (map != NULL)
    mapper_mark (map, p, 0);

  /* The first stretch is of the first piece's kind. */
  if (p < fast_end)
    escaping = p[0] >= 0x80 && utf8_char_length (p) == 0;

  while (p < fast_end)
    {
      /* Up to four bytes of text for each byte, and eight at most after
       * the last piece begins. */
      const guint8 *stop = p + MIN ((gsize) (fast_end - p), (gsize) DECODE_BLOCK);
      gsize at = out->len;
      SwDecodeMark *mark = &sink;
      guint64 in_base = 0;
      guint64 text_base = 0;
      char *o;

      g_string_set_size (out, at + 4 * (stop - p) + 8);
      o = out->str + at;
      if (map != NULL)
        {
          mark = mapper_reserve (map, stop - p + 1) + map->n_marks;
          in_base = map->in_base;
          text_base = map->out_base;
        }

      while (p < stop)
        {
          guint64 eight;
          guint32 word;
          guint32 escaped;
          guint32 mask;
          guint lead;
          gboolean escape;
          gsize take;

          mark->in = in_base + (p - data);
          mark->out = text_base + (o - out->str);

          memcpy (&eight, p, 8);
          if ((eight & G_GUINT64_CONSTANT (0x8080808080808080)) == 0)
            {
              escape = FALSE;
              take = 8;
              memcpy (o, p, 8);
            }
          else
            {
              /* At most 0xF4 - 0xC2 if p[0] can start a character and
               * p[1] continue it: one test for both. */
              lead = ((guint) p[0] - 0xC2) | ((p[1] & 0xC0u) ^ 0x80) << 8;
              escape = p[0] >= 0x80;
              take = 1;
              if (G_UNLIKELY (lead <= 0xF4 - 0xC2))
                {
                  take = utf8_char_length (p);
                  escape = take == 0;
                  take += escape;
                }

              /* The first four bytes there, or the escape of the first */
              mask = 0u - (guint32) escape;
              memcpy (&word, p, 4);
              memcpy (&escaped, hex_escapes + 4 * p[0], 4);
              word = (escaped & mask) | (word & ~mask);
              memcpy (o, &word, 4);
            }

          mark += (escape != escaping) & keep;
          escaping = escape;
          o += take + 3 * escape;
          p += take;
        }

      g_string_truncate (out, o - out->str);
      if (map != NULL)
        map->n_marks = mark - (SwDecodeMark *) (gpointer) map->marks->data;
    }

  /* The last bytes, where a character may be cut off. */
  while (p < end)
    {
      guchar b = *p;
      gsize take = 1;
      gboolean escape = FALSE;

      if (b >= 0x80)
        {
          gunichar c = (b >= 0xC2 && b <= 0xF4) ? g_utf8_get_char_validated ((const char *) p, end - p)
                                                : (gunichar) -1;

          /* The start of a character cut off at the end (GLib also
           * takes the 5- and 6-byte forms of old). */
          if (map != NULL && !map->final && end - p < 4 && b >= 0xC0 &&
              g_utf8_get_char_validated ((const char *) p, end - p) == (gunichar) -2)
            {
              map->stop = p - data;
              break;
            }

          if (c < 0x110000)
            take = g_utf8_skip[b];
          else
            escape = TRUE;
        }

      if (map != NULL && escape != escaping)
        mapper_mark (map, p, n);
      escaping = escape;

      if (escape)
        {
          n += put_hex_escape (buf + n, b);
        }
      else
        {
          memcpy (buf + n, p, take);
          n += take;
        }
      p += take;
    }

  if (n > 0)
    g_string_append_len (out, buf, n);
  if (map != NULL)
    mapper_mark (map, p, 0);
}

/* Bytes claimed to be UTF-8: valid runs are displayed, every byte of an
 * invalid or truncated sequence becomes \xNN and decoding resumes at the
 * next byte. */
static void
decode_utf8 (const guint8  *data,
             gsize          length,
             SwDecodeFlags  flags,
             GString       *out,
             Mapper        *map)
{
  const char *p = (const char *) data;
  const char *end = p + length;

  if (flags & SW_DECODE_FLAGS_RAW)
    {
      decode_utf8_raw (data, length, out, map);
      return;
    }

  g_assert (map == NULL);

  while (p < end)
    {
      const char *valid_end;

      g_utf8_validate_len (p, end - p, &valid_end);
      append_display (out, p, valid_end - p, FALSE, flags);
      p = valid_end;

      /* An invalid byte (or U+0000, where validation stops too): \xNN. */
      if (p < end)
        {
          char buf[64];
          gsize n = 0;

          /* And the bytes after it that cannot start a character
           * (continuation bytes, C0, C1, F5–FF), without validating
           * each: binary data is mostly such runs. */
          do
            {
              n += put_hex_escape (buf + n, (guchar) *p++);
              if (n == sizeof buf)
                {
                  g_string_append_len (out, buf, n);
                  n = 0;
                }
            }
          while (p < end && (guchar) *p >= 0x80 && ((guchar) *p < 0xC2 || (guchar) *p > 0xF4));

          g_string_append_len (out, buf, n);
        }
    }
}

static void
decode_latin1 (const guint8  *data,
               gsize          length,
               SwDecodeFlags  flags,
               GString       *out,
               Mapper        *map)
{
  char buf[DECODE_BLOCK * 2];
  gsize i = 0;

  while (i < length)
    {
      gsize n = MIN (length - i, (gsize) DECODE_BLOCK);
      char *o = buf;

      for (gsize j = 0; j < n; j++)
        {
          guint8 b = data[i + j];

          if (b < 0x80)
            {
              *o++ = (char) b;
            }
          else
            {
              /* Two bytes of text for one: a character of its own. */
              if (map != NULL)
                mapper_mark (map, data + i + j, o - buf);
              *o++ = (char) (0xC0 | (b >> 6));
              *o++ = (char) (0x80 | (b & 0x3F));
              if (map != NULL)
                mapper_mark (map, data + i + j + 1, o - buf);
            }
        }

      append_display (out, buf, o - buf, TRUE, flags);
      i += n;
    }
}

/* UTF-16 is decoded here rather than with iconv: it is simple, and the
 * rules for unpaired surrogates must not depend on the platform's iconv. */
static void
decode_utf16 (gboolean       big_endian,
              const guint8  *data,
              gsize          length,
              SwDecodeFlags  flags,
              GString       *out,
              Mapper        *map)
{
  char buf[DECODE_BLOCK + 8];
  gsize n = 0;
  gsize i = 0;

#define UNIT(k) (big_endian ? (guint) data[k] << 8 | data[(k) + 1] \
                            : (guint) data[(k) + 1] << 8 | data[k])

  while (i + 2 <= length)
    {
      guint u = UNIT (i);
      gunichar c;

      if (map != NULL)
        {
          /* Every character maps on its own. */
          mapper_mark (map, data + i, n);
          if (!map->final && u >= 0xD800 && u <= 0xDBFF && i + 4 > length)
            break;
        }

      if (u < 0xD800 || u > 0xDFFF)
        {
          c = u;
          i += 2;
        }
      else if (u <= 0xDBFF && i + 4 <= length && (UNIT (i + 2) & 0xFC00) == 0xDC00)
        {
          c = 0x10000 + ((u - 0xD800) << 10) + (UNIT (i + 2) - 0xDC00);
          i += 4;
        }
      else
        {
          /* Unpaired surrogate, or a high one cut off at the end. */
          append_display (out, buf, n, FALSE, flags);
          n = 0;
          append_hex_escapes (out, data + i, 2);
          i += 2;
          continue;
        }

      n += g_unichar_to_utf8 (c, buf + n);
      if (n >= DECODE_BLOCK)
        {
          append_display (out, buf, n, FALSE, flags);
          n = 0;
        }
    }

#undef UNIT

  append_display (out, buf, n, FALSE, flags);

  if (map != NULL)
    {
      mapper_mark (map, data + i, 0);
      if (!map->final && i < length)
        {
          map->stop = i;
          return;
        }
    }

  if (i < length)
    {
      append_hex_escape (out, data[i]);
      if (map != NULL)
        mapper_mark (map, data + length, 0);
    }
}

/* Whether @data, which iconv called incomplete, really is the beginning of
 * a character; glibc also says "incomplete" for GB18030 "81 30 20" because
 * fewer than four bytes are left, although 0x20 cannot continue it. */
static gboolean
is_truncated_char (SwEncoding    encoding,
                   const guint8 *data,
                   gsize         length)
{
  if (length == 0 || data[0] < 0x81 || data[0] > 0xFE)
    return FALSE;

  switch (encoding)
    {
    case SW_ENCODING_GB18030:
      /* Four-byte form: [81–FE] [30–39] [81–FE] [30–39] */
      if (length >= 2 && (data[1] < 0x30 || data[1] > 0x39))
        return FALSE;
      if (length >= 3 && (data[2] < 0x81 || data[2] > 0xFE))
        return FALSE;
      return length <= 3;

    case SW_ENCODING_GBK:
    case SW_ENCODING_BIG5:
      return length == 1;

    case SW_ENCODING_UTF8:
    case SW_ENCODING_LATIN1:
    case SW_ENCODING_UTF16LE:
    case SW_ENCODING_UTF16BE:
    default:
      return FALSE;
    }
}

/* The length of the character at @p in a double-byte encoding, as far
 * as its first bytes say. (GBK as iconv takes it has 0x80 for "€".) */
static gsize
dbcs_char_length (SwEncoding    encoding,
                  const guint8 *p,
                  const guint8 *end)
{
  if (p[0] < 0x80 || (p[0] == 0x80 && encoding == SW_ENCODING_GBK))
    return 1;
  if (encoding == SW_ENCODING_GB18030 && end - p >= 2 && p[1] >= 0x30 && p[1] <= 0x39)
    return 4;
  return 2;
}

/* Marks every character iconv turned @in…@in_end into (@text, now at the
 * end of the output), when the bytes and the characters pair up as the
 * encoding says; otherwise the span stays one unit, which only makes a
 * match inside it cover the whole span. (GBK's "€" is 0x80; a single
 * byte can also stand for a character outside ASCII in other iconvs.) */
static void
mark_iconv_chars (Mapper       *map,
                  SwEncoding    encoding,
                  const guint8 *in,
                  const guint8 *in_end,
                  const char   *text,
                  gsize         text_length)
{
  const guint8 *p = in;
  gsize o = 0;

  /* Pairs up as it should: one byte for ASCII, more for the rest. */
  while (p < in_end && o < text_length)
    {
      gsize n = dbcs_char_length (encoding, p, in_end);

      if ((n == 1) != ((guchar) text[o] < 0x80))
        return;
      p += n;
      o += g_utf8_skip[(guchar) text[o]];
    }
  if (p != in_end || o != text_length)
    return;

  for (p = in, o = 0; p < in_end; o += g_utf8_skip[(guchar) text[o]])
    {
      mapper_mark (map, p, (gssize) o - (gssize) text_length);
      p += dbcs_char_length (encoding, p, in_end);
    }
}

/* With @converter %NULL, opens and closes a converter of its own: no
 * shared state, safe from any thread. */
static void
decode_iconv (SwEncoding     encoding,
              GIConv        *converter,
              const guint8  *data,
              gsize          length,
              SwDecodeFlags  flags,
              GString       *out,
              Mapper        *map)
{
  char buf[DECODE_BLOCK];
  gchar *in = (gchar *) data;
  gsize in_left = length;
  GIConv cd = converter != NULL ? *converter : (GIConv) -1;

  if (cd != (GIConv) -1)
    {
      /* The last caller may have stopped in the middle of a character. */
      g_iconv (cd, NULL, NULL, NULL, NULL);
    }
  else
    {
      /* Opening costs about 0.2 µs with glibc, but it allocates. */
      cd = g_iconv_open ("UTF-8", encodings[encoding].charset);
      if (cd == (GIConv) -1)
        {
          g_warning_once ("No converter from %s to UTF-8; received text is shown as \\xNN",
                          encodings[encoding].charset);
          if (map != NULL)
            mapper_mark (map, data, 0);
          append_hex_escapes (out, data, length);
          if (map != NULL)
            mapper_mark (map, data + length, 0);
          return;
        }
      if (converter != NULL)
        *converter = cd;
    }

  while (in_left > 0)
    {
      const guint8 *in_start = (const guint8 *) in;
      gchar *o = buf;
      gsize o_left = sizeof buf;
      gsize res;
      int saved_errno;

      res = g_iconv (cd, &in, &in_left, &o, &o_left);
      saved_errno = errno;

      if (map != NULL)
        mapper_mark (map, in_start, 0);

      /* iconv's output is UTF-8 already, but checking it costs little and
       * guarantees the view never gets an invalid byte. */
      decode_utf8 ((const guint8 *) buf, o - buf, flags, out, NULL);

      if (map != NULL)
        {
          mark_iconv_chars (map, encoding, in_start, (const guint8 *) in, buf, o - buf);
          mapper_mark (map, (const guint8 *) in, 0);
        }

      if (res != (gsize) -1)
        break;

      if (saved_errno == E2BIG && o != buf)
        continue;

      if (saved_errno == EINVAL
          && is_truncated_char (encoding, (const guint8 *) in, in_left))
        {
          if (map != NULL && !map->final)
            {
              map->stop = (const guint8 *) in - data;
              break;
            }
          append_hex_escapes (out, (const guint8 *) in, in_left);
          if (map != NULL)
            mapper_mark (map, data + length, 0);
          break;
        }

      /* EILSEQ, or anything unexpected: show the byte, go on after it. */
      append_hex_escape (out, (guchar) *in);
      in++;
      in_left--;
      if (map != NULL)
        mapper_mark (map, (const guint8 *) in, 0);
      g_iconv (cd, NULL, NULL, NULL, NULL);
    }

  if (converter == NULL)
    g_iconv_close (cd);
}

/**
 * sw_encoding_decode_append:
 * @encoding: the encoding of @data
 * @data: (array length=length): received bytes
 * @length: the number of bytes in @data
 * @flags: #SwDecodeFlags
 * @out: the string to append to
 *
 * Appends @data to @out as valid UTF-8 for a text view, losing no byte:
 *
 * - `\r`, `\n`, `\t` and a backslash (`\\`) are written as escapes;
 * - other C0 controls and DEL are `\xNN`;
 * - C1 controls (U+0080–U+009F) are `\xNN` in Latin-1, where they are
 *   that byte, and `\u{00NN}` in the other encodings, where `\xNN` would
 *   read as a single byte;
 * - format characters (general category Cf: zero-width characters, bidi
 *   controls, BOM, soft hyphen) and U+2028/U+2029 are `\u{NNNN}`;
 * - each byte that does not decode, including a sequence cut off at the
 *   end of @data, is `\xNN`; decoding resumes at the next byte (the next
 *   two-byte unit in UTF-16).
 *
 * Safe to call from any thread.
 */
void
sw_encoding_decode_append (SwEncoding     encoding,
                           const guint8  *data,
                           gsize          length,
                           SwDecodeFlags  flags,
                           GString       *out)
{
  g_return_if_fail ((guint) encoding < SW_N_ENCODINGS);
  g_return_if_fail (data != NULL || length == 0);
  g_return_if_fail (out != NULL);

  _sw_encoding_decode_append_with (encoding, NULL, data, length, flags, out);
}

static void
decode_append (SwEncoding     encoding,
               GIConv        *converter,
               const guint8  *data,
               gsize          length,
               SwDecodeFlags  flags,
               GString       *out,
               Mapper        *map)
{
  /* An empty payload may come with @data NULL (an empty datagram), and
   * even NULL + 0 is undefined behaviour in C. */
  if (length == 0)
    return;

  switch (encoding)
    {
    case SW_ENCODING_UTF8:
      decode_utf8 (data, length, flags, out, map);
      break;

    case SW_ENCODING_LATIN1:
      decode_latin1 (data, length, flags, out, map);
      break;

    case SW_ENCODING_UTF16LE:
    case SW_ENCODING_UTF16BE:
      decode_utf16 (encoding == SW_ENCODING_UTF16BE, data, length, flags, out, map);
      break;

    case SW_ENCODING_GB18030:
    case SW_ENCODING_GBK:
    case SW_ENCODING_BIG5:
    default:
      decode_iconv (encoding, converter, data, length, flags, out, map);
      break;
    }
}

void
_sw_encoding_decode_append_with (SwEncoding     encoding,
                                 GIConv        *converter,
                                 const guint8  *data,
                                 gsize          length,
                                 SwDecodeFlags  flags,
                                 GString       *out)
{
  decode_append (encoding, converter, data, length, flags, out, NULL);
}

gsize
_sw_encoding_decode_mapped (SwEncoding     encoding,
                            GIConv        *converter,
                            const guint8  *data,
                            gsize          length,
                            gboolean       final,
                            guint64        in_base,
                            guint64        out_base,
                            GString       *out,
                            GArray        *marks)
{
  Mapper map = {
    .marks = marks,
    .n_marks = marks->len,
    .data = data,
    .in_base = in_base,
    .out_base = out_base,
    .out = out,
    .final = final,
    .stop = length,
  };

  g_assert (g_array_get_element_size (marks) == sizeof (SwDecodeMark));

  if (length == 0)
    return 0;

  mapper_mark (&map, data, 0);
  decode_append (encoding, converter, data, length, SW_DECODE_FLAGS_RAW, out, &map);
  mapper_mark (&map, data + map.stop, 0);
  g_array_set_size (marks, map.n_marks);

  return map.stop;
}

void
_sw_encoding_clear_converter (GIConv *converter)
{
  if (*converter != (GIConv) -1)
    g_iconv_close (*converter);
  *converter = (GIConv) -1;
}

/**
 * sw_encoding_decode:
 *
 * Like sw_encoding_decode_append(), into a new string.
 *
 * Returns: (transfer full): valid UTF-8 text
 */
char *
sw_encoding_decode (SwEncoding     encoding,
                    const guint8  *data,
                    gsize          length,
                    SwDecodeFlags  flags)
{
  GString *out;

  g_return_val_if_fail ((guint) encoding < SW_N_ENCODINGS, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  out = g_string_sized_new (length + 16);
  sw_encoding_decode_append (encoding, data, length, flags, out);

  return g_string_free (out, FALSE);
}

/* Encoding for sending */

static gboolean
is_multiline (const char *text,
              gsize       length)
{
  return memchr (text, '\n', length) != NULL;
}

static void
set_invalid_input_error (GError     **error,
                         const char  *text,
                         gsize        length,
                         gsize        offset)
{
  guint line;
  guint column;

  _sw_text_offset_to_position (text, offset, &line, &column);

  if (is_multiline (text, length))
    g_set_error (error, SW_ENCODING_ERROR, SW_ENCODING_ERROR_INVALID_INPUT,
                 _("The text is not valid UTF-8 at line %u, column %u"),
                 line, column);
  else
    g_set_error (error, SW_ENCODING_ERROR, SW_ENCODING_ERROR_INVALID_INPUT,
                 _("The text is not valid UTF-8 at column %u"),
                 column);
}

static void
set_unrepresentable_error (GError     **error,
                           SwEncoding   encoding,
                           const char  *text,
                           gsize        length,
                           gsize        offset)
{
  gunichar c = g_utf8_get_char (text + offset);
  char shown[16];
  guint line;
  guint column;

  /* An invisible character is named by its code point. */
  if (g_unichar_isgraph (c))
    shown[g_unichar_to_utf8 (c, shown)] = '\0';
  else
    g_snprintf (shown, sizeof shown, "U+%04X", c);

  _sw_text_offset_to_position (text, offset, &line, &column);

  if (is_multiline (text, length))
    g_set_error (error, SW_ENCODING_ERROR, SW_ENCODING_ERROR_UNREPRESENTABLE,
                 /* Translators: a character such as “中”, then an encoding name */
                 _("“%s” cannot be written in %s (line %u, column %u)"),
                 shown, sw_encoding_get_display_name (encoding), line, column);
  else
    g_set_error (error, SW_ENCODING_ERROR, SW_ENCODING_ERROR_UNREPRESENTABLE,
                 /* Translators: a character such as “中”, then an encoding name */
                 _("“%s” cannot be written in %s (column %u)"),
                 shown, sw_encoding_get_display_name (encoding), column);
}

static gboolean
validate_utf8 (const char  *text,
               gsize        length,
               gsize       *error_offset,
               GError     **error)
{
  const char *p = text;
  const char *end = text + length;

  /* g_utf8_validate_len() stops at U+0000, a valid character here. */
  while (!g_utf8_validate_len (p, end - p, &p))
    {
      if (*p != '\0')
        {
          if (error_offset != NULL)
            *error_offset = p - text;
          set_invalid_input_error (error, text, length, p - text);
          return FALSE;
        }
      p++;
    }

  return TRUE;
}

static GBytes *
encode_latin1 (const char  *text,
               gsize        length,
               gsize       *error_offset,
               GError     **error)
{
  g_autofree guint8 *buf = g_malloc (length + 1);
  const char *p = text;
  const char *end = text + length;
  gsize n = 0;

  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);

      if (c > 0xFF)
        {
          if (error_offset != NULL)
            *error_offset = p - text;
          set_unrepresentable_error (error, SW_ENCODING_LATIN1, text, length, p - text);
          return NULL;
        }

      buf[n++] = (guint8) c;
      p = g_utf8_next_char (p);
    }

  return g_bytes_new_take (g_steal_pointer (&buf), n);
}

static GBytes *
encode_utf16 (gboolean    big_endian,
              const char *text,
              gsize       length)
{
  /* UTF-16 never needs more than twice the UTF-8 length. */
  g_autofree guint8 *buf = g_malloc (length * 2 + 1);
  const char *p = text;
  const char *end = text + length;
  gsize n = 0;

#define PUT_UNIT(u) G_STMT_START {                 \
    guint unit_ = (u);                             \
    buf[n++] = big_endian ? unit_ >> 8 : unit_ & 0xFF; \
    buf[n++] = big_endian ? unit_ & 0xFF : unit_ >> 8; \
  } G_STMT_END

  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x10000)
        {
          PUT_UNIT (c);
        }
      else
        {
          PUT_UNIT (0xD800 + ((c - 0x10000) >> 10));
          PUT_UNIT (0xDC00 + ((c - 0x10000) & 0x3FF));
        }

      p = g_utf8_next_char (p);
    }

#undef PUT_UNIT

  return g_bytes_new_take (g_steal_pointer (&buf), n);
}

static GBytes *
encode_iconv (SwEncoding   encoding,
              const char  *text,
              gsize        length,
              gsize       *error_offset,
              GError     **error)
{
  /* GB18030 needs at most twice the UTF-8 length; grown if ever short. */
  gsize size = length * 2 + 16;
  g_autofree char *buf = g_malloc (size);
  gchar *in = (gchar *) text;
  gsize in_left = length;
  gchar *o = buf;
  gsize o_left = size;
  GIConv cd;

  cd = g_iconv_open (encodings[encoding].charset, "UTF-8");
  if (cd == (GIConv) -1)
    {
      g_set_error (error, SW_ENCODING_ERROR, SW_ENCODING_ERROR_UNSUPPORTED,
                   /* Translators: %s is an encoding such as “Chinese Traditional (Big5)” */
                   _("This system cannot convert text to %s; choose another encoding"),
                   sw_encoding_get_display_name (encoding));
      return NULL;
    }

  for (;;)
    {
      gboolean flushing = in_left == 0;
      gsize res;

      /* The last round, with no input, flushes any shift state. */
      if (flushing)
        res = g_iconv (cd, NULL, NULL, &o, &o_left);
      else
        res = g_iconv (cd, &in, &in_left, &o, &o_left);

      if (res != (gsize) -1)
        {
          if (flushing)
            break;
          continue;
        }

      if (errno == E2BIG)
        {
          gsize used = o - buf;

          size *= 2;
          buf = g_realloc (buf, size);
          o = buf + used;
          o_left = size - used;
          continue;
        }

      g_iconv_close (cd);
      g_assert (!flushing);

      /* The input is valid UTF-8, so this means "no such character". */
      if (error_offset != NULL)
        *error_offset = in - text;
      set_unrepresentable_error (error, encoding, text, length, in - text);
      return NULL;
    }

  g_iconv_close (cd);
  size = o - buf;

  return g_bytes_new_take (g_steal_pointer (&buf), size);
}

/**
 * sw_encoding_encode:
 * @encoding: the encoding to write
 * @text: UTF-8 text
 * @length: the length of @text in bytes, or -1 if it is nul-terminated
 * @error_offset: (out) (optional): on error, the byte offset in @text of
 *   the invalid byte or of the character @encoding cannot represent
 * @error: return location for a #GError
 *
 * Encodes @text for sending, without a byte order mark. With an explicit
 * @length, @text may contain U+0000.
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL with @error set
 *   (%SW_ENCODING_ERROR_INVALID_INPUT, %SW_ENCODING_ERROR_UNREPRESENTABLE
 *   with a message naming the character and its position, or
 *   %SW_ENCODING_ERROR_UNSUPPORTED)
 */
GBytes *
sw_encoding_encode (SwEncoding   encoding,
                    const char  *text,
                    gssize       length,
                    gsize       *error_offset,
                    GError     **error)
{
  gsize len;

  g_return_val_if_fail ((guint) encoding < SW_N_ENCODINGS, NULL);
  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length == 0)
    return g_bytes_new (NULL, 0);

  len = length < 0 ? strlen (text) : (gsize) length;

  if (!validate_utf8 (text, len, error_offset, error))
    return NULL;

  switch (encoding)
    {
    case SW_ENCODING_UTF8:
      return g_bytes_new (text, len);

    case SW_ENCODING_LATIN1:
      return encode_latin1 (text, len, error_offset, error);

    case SW_ENCODING_UTF16LE:
    case SW_ENCODING_UTF16BE:
      return encode_utf16 (encoding == SW_ENCODING_UTF16BE, text, len);

    case SW_ENCODING_GB18030:
    case SW_ENCODING_GBK:
    case SW_ENCODING_BIG5:
    default:
      return encode_iconv (encoding, text, len, error_offset, error);
    }
}
