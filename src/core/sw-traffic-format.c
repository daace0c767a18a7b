/* sw-traffic-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-traffic-format"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-core-private.h"
#include "sw-hex.h"
#include "sw-traffic-format.h"

struct _SwTrafficFormatter
{
  SwDisplayMode         mode;
  SwEncoding            encoding;
  SwTrafficFormatFlags  flags;
  gsize                 payload_limit;

  /* Formatting a local time is costly; records come many per second. */
  gint64                cached_second;
  char                  cached_time[32];

  /* "(%s B)" translated, looked up once and split around the number. */
  char                 *size_prefix;
  char                 *size_suffix;
  GString              *scratch;
};

/**
 * sw_traffic_formatter_new:
 *
 * Returns: (transfer full): a formatter
 */
SwTrafficFormatter *
sw_traffic_formatter_new (SwDisplayMode        mode,
                          SwEncoding           encoding,
                          SwTrafficFormatFlags flags)
{
  SwTrafficFormatter *self = g_new0 (SwTrafficFormatter, 1);

  self->mode = mode;
  self->encoding = encoding;
  self->flags = flags;
  self->cached_second = G_MININT64;
  self->scratch = g_string_new (NULL);

  {
    /* Translators: the size of a record in the traffic log; %s is a
     * number of bytes. Keep it short. */
    const char *size_format = _("(%s B)");
    const char *number = strstr (size_format, "%s");

    /* A translation without the number falls back to the original. */
    if (number == NULL)
      {
        size_format = "(%s B)";
        number = size_format + 1;
      }
    self->size_prefix = g_strndup (size_format, number - size_format);
    self->size_suffix = g_strdup (number + 2);
  }

  return self;
}

void
sw_traffic_formatter_free (SwTrafficFormatter *self)
{
  if (self == NULL)
    return;

  g_string_free (self->scratch, TRUE);
  g_free (self->size_prefix);
  g_free (self->size_suffix);
  g_free (self);
}

void
sw_traffic_formatter_set_payload_limit (SwTrafficFormatter *self,
                                        gsize               max_bytes)
{
  self->payload_limit = max_bytes;
}

static void
append_time (SwTrafficFormatter *self,
             gint64              wall_time,
             GString            *out)
{
  gint64 second = wall_time / G_USEC_PER_SEC;
  guint millis = (wall_time % G_USEC_PER_SEC) / 1000;

  if (second != self->cached_second)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (second);
      g_autofree char *text = NULL;

      text = g_date_time_format (time, (self->flags & SW_TRAFFIC_FORMAT_DATE)
                                       ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S");
      g_strlcpy (self->cached_time, text != NULL ? text : "??:??:??", sizeof self->cached_time);
      self->cached_second = second;
    }

  g_string_append (out, self->cached_time);
  g_string_append_c (out, '.');
  g_string_append_c (out, '0' + millis / 100);
  g_string_append_c (out, '0' + millis / 10 % 10);
  g_string_append_c (out, '0' + millis % 10);
  g_string_append_c (out, ' ');
}

/* Appends text, indenting the lines after the first. */
static void
append_indented (GString    *out,
                 const char *text,
                 gsize       length)
{
  const char *end;
  const char *p = text;

  /* An empty event message is stored as NULL, and NULL + 0 is undefined. */
  if (length == 0)
    return;

  end = text + length;
  while (p < end)
    {
      const char *newline = memchr (p, '\n', end - p);

      if (newline == NULL)
        {
          g_string_append_len (out, p, end - p);
          break;
        }

      g_string_append_len (out, p, newline + 1 - p);
      p = newline + 1;
      if (p < end)
        g_string_append (out, SW_TRAFFIC_FORMAT_INDENT);
    }
}

static void
append_more (GString *out,
             gsize    more)
{
  g_autofree char *count = g_strdup_printf ("%" G_GSIZE_FORMAT, more);

  /* Translators: ends a payload shown in part; %s is a number of bytes. */
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                            "… %s more byte (in the log, and in what is saved)",
                                            "… %s more bytes (in the log, and in what is saved)",
                                            more),
                          count);
}

/* ngettext() takes an unsigned long: keep the plural form of bigger
 * numbers where long is 32 bits. */
static gulong
plural_number (guint64 n)
{
  return n <= G_MAXULONG ? (gulong) n : (gulong) (n % 1000000 + 1000000);
}

/* Where to cut @data to keep about @n bytes without splitting a
 * character, where the encoding makes that plain. */
static gsize
cut_between_characters (SwEncoding    encoding,
                        const guint8 *data,
                        gsize         n)
{
  switch (encoding)
    {
    case SW_ENCODING_UTF8:
      while (n > 1 && (data[n] & 0xC0) == 0x80)
        n--;
      break;

    case SW_ENCODING_UTF16LE:
    case SW_ENCODING_UTF16BE:
      n = MAX (2, n & ~(gsize) 1);
      break;

    case SW_ENCODING_GB18030:
    case SW_ENCODING_GBK:
    case SW_ENCODING_BIG5:
    case SW_ENCODING_LATIN1:
    default:
      break;
    }

  return MAX (n, 1);
}

/* The encoding text mode shows @record's payload in. */
static SwEncoding
text_encoding (SwTrafficFormatter    *self,
               const SwTrafficRecord *record)
{
  /* What a person typed is known as text; anything else is bytes. */
  if ((self->flags & SW_TRAFFIC_FORMAT_TEXT_AS_SENT) && (record->flags & SW_RECORD_FLAGS_TEXT) &&
      (guint) record->encoding < SW_N_ENCODINGS)
    return record->encoding;

  return self->encoding;
}

/* Text mode: decodes into @text the bytes of the payload shown, and
 * returns how many they are. */
static gsize
decode_shown (SwTrafficFormatter    *self,
              const SwTrafficRecord *record,
              SwEncoding             encoding,
              GString               *text)
{
  gsize shown = record->length;

  if (self->payload_limit > 0 && shown > self->payload_limit)
    shown = cut_between_characters (encoding, record->data, self->payload_limit);
  g_string_truncate (text, 0);
  sw_encoding_decode_append (encoding, record->data, shown, SW_DECODE_FLAGS_BREAK_LF, text);

  /* Binary data shown as text takes four characters a byte (\xNN): the
   * text, too, stays within about the limit, and fewer bytes show. */
  if (self->payload_limit > 0 && text->len > self->payload_limit + self->payload_limit / 4)
    {
      shown = cut_between_characters (encoding, record->data,
                                      shown * self->payload_limit / text->len);
      g_string_truncate (text, 0);
      sw_encoding_decode_append (encoding, record->data, shown, SW_DECODE_FLAGS_BREAK_LF, text);
    }

  return shown;
}

/* The bytes of the payload a hex dump shows. */
static gsize
hex_shown (SwTrafficFormatter    *self,
           const SwTrafficRecord *record)
{
  if (self->payload_limit > 0 && record->length > self->payload_limit)
    return self->payload_limit;

  return record->length;
}

gsize
sw_traffic_formatter_append (SwTrafficFormatter    *self,
                             const SwTrafficRecord *record,
                             GString               *out)
{
  return sw_traffic_formatter_append_noted (self, record, NULL, out, NULL, NULL);
}

/**
 * sw_traffic_formatter_append_noted:
 * @note: (nullable): what to say of the payload, e.g. "CRC-16/MODBUS ✓"
 * @note_start: (out) (optional): where the note begins, in bytes from
 *   where the record does (0 without a note)
 * @note_end: (out) (optional): where it ends
 *
 * Like sw_traffic_formatter_append(), with @note in brackets after the
 * size: "← 127.0.0.1:502 (8 B) [CRC-16/MODBUS ✓] …".
 *
 * Returns: the byte length of the header, before the note
 */
gsize
sw_traffic_formatter_append_noted (SwTrafficFormatter    *self,
                                   const SwTrafficRecord *record,
                                   const char            *note,
                                   GString               *out,
                                   gsize                 *note_start,
                                   gsize                 *note_end)
{
  gsize start = out->len;
  gsize header;
  gsize shown;
  SwEncoding encoding;
  char size[24];

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (record != NULL, 0);
  g_return_val_if_fail (out != NULL, 0);

  if (note_start != NULL)
    *note_start = 0;
  if (note_end != NULL)
    *note_end = 0;

  if (self->flags & SW_TRAFFIC_FORMAT_TIME)
    append_time (self, record->wall_time, out);

  if (record->direction == SW_DIRECTION_EVENT)
    {
      g_string_append (out, "· ");
      header = out->len - start;
      append_indented (out, (const char *) record->data, record->length);
      g_string_append_c (out, '\n');
      return header;
    }

  g_string_append (out, record->direction == SW_DIRECTION_SENT ? "→ " : "← ");
  if (record->peer != NULL)
    {
      g_string_append (out, record->peer);
      g_string_append_c (out, ' ');
    }
  g_snprintf (size, sizeof size, "%" G_GSIZE_FORMAT, record->length);
  g_string_append (out, self->size_prefix);
  g_string_append (out, size);
  g_string_append (out, self->size_suffix);
  header = out->len - start;

  if (note != NULL && *note != '\0')
    {
      g_string_append_c (out, ' ');
      if (note_start != NULL)
        *note_start = out->len - start;
      g_string_append_c (out, '[');
      g_string_append (out, note);
      g_string_append_c (out, ']');
      if (note_end != NULL)
        *note_end = out->len - start;
    }

  if (self->mode == SW_DISPLAY_MODE_HEX)
    {
      shown = hex_shown (self, record);
      g_string_append_c (out, '\n');
      sw_hex_dump_append (out, record->data, shown, SW_TRAFFIC_FORMAT_INDENT);
      if (shown < record->length)
        {
          g_string_append (out, SW_TRAFFIC_FORMAT_INDENT);
          append_more (out, record->length - shown);
          g_string_append_c (out, '\n');
        }
      return header;
    }

  encoding = text_encoding (self, record);
  g_string_append_c (out, ' ');
  shown = decode_shown (self, record, encoding, self->scratch);
  append_indented (out, self->scratch->str, self->scratch->len);
  if (shown < record->length)
    {
      if (out->str[out->len - 1] == '\n')
        g_string_append (out, SW_TRAFFIC_FORMAT_INDENT);
      else
        g_string_append_c (out, ' ');
      append_more (out, record->length - shown);
    }
  if (out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');

  return header;
}

/* The layout of sw_hex_dump_append() of @shown bytes: indent, offset,
 * two spaces, 16 bytes as "XX " with one more space after the eighth, a
 * space and the gutter between bars; where the hex digits and the
 * gutter begin, in characters. */
static void
dump_layout (gsize  shown,
             guint *hex_start,
             guint *gutter_start)
{
  guint offset_digits = 8;

  while (offset_digits < 16 && ((guint64) (shown - 1) >> (offset_digits * 4)) != 0)
    offset_digits++;
  *hex_start = strlen (SW_TRAFFIC_FORMAT_INDENT) + offset_digits + 2;
  *gutter_start = *hex_start + SW_HEX_DUMP_WIDTH * 3 + 1 + 2;
}

/* Hex mode: the byte shown at @column of dump row @row. */
static gsize
locate_in_dump (gsize shown,
                gsize row,
                guint column)
{
  gsize first = row * SW_HEX_DUMP_WIDTH;
  gsize n;
  guint hex_start;
  guint gutter_start;
  gsize i;

  if (first >= shown)
    return shown;
  n = MIN (shown - first, SW_HEX_DUMP_WIDTH);
  dump_layout (shown, &hex_start, &gutter_start);

  if (column < hex_start)
    i = 0;
  else if (column < gutter_start - 2)
    {
      guint x = column - hex_start;
      guint half = SW_HEX_DUMP_WIDTH / 2 * 3;

      if (x >= half)
        x = x == half ? half + 1 : x - 1;
      /* On a byte's digits: that byte; on the space after it: the next. */
      i = x / 3 + (x % 3 == 2 ? 1 : 0);
    }
  else if (column < gutter_start)
    i = n;
  else
    i = column - gutter_start;

  return first + MIN (i, n);
}

/* Text mode: how many bytes of @data from @k make the character whose
 * text continues @text at @pos, its text's length in *@text_step; 0 for
 * bytes that only decode together with what follows them. Each
 * character's bytes decode to the text it shows, whatever comes around
 * them: the shortest run of bytes whose text continues the text is the
 * next character. */
static gsize
next_character (SwEncoding    encoding,
                const guint8 *data,
                gsize         length,
                gsize         k,
                const char   *text,
                gsize         text_length,
                gsize         pos,
                GString      *piece,
                gsize        *text_step)
{
  for (gsize m = 1; m <= 4 && k + m <= length; m++)
    {
      g_string_truncate (piece, 0);
      sw_encoding_decode_append (encoding, data + k, m, SW_DECODE_FLAGS_BREAK_LF, piece);
      if (piece->len > 0 && pos + piece->len <= text_length &&
          memcmp (text + pos, piece->str, piece->len) == 0)
        {
          *text_step = piece->len;
          return m;
        }
    }

  return 0;
}

/* Text mode: the first byte of @data whose text begins at or after
 * @target bytes into @text, the text of all of @data. */
static gsize
locate_in_text (SwEncoding    encoding,
                const guint8 *data,
                gsize         length,
                const char   *text,
                gsize         text_length,
                gsize         target)
{
  g_autoptr(GString) piece = g_string_new (NULL);
  gsize k = 0;
  gsize pos = 0;

  while (k < length && pos < target)
    {
      gsize step = 0;
      gsize m = next_character (encoding, data, length, k, text, text_length, pos, piece, &step);

      /* Bytes that only decode together: as near as can be, in proportion. */
      if (m == 0)
        return MIN (length, (gsize) ((double) target / text_length * length));
      k += m;
      pos += step;
    }

  return k;
}

/* Text mode: where in @text, the text of all of @data, the first
 * character at or after each of @offsets (ascending) begins, in one pass. */
static void
text_positions (SwEncoding    encoding,
                const guint8 *data,
                gsize         length,
                const char   *text,
                gsize         text_length,
                const gsize  *offsets,
                guint         n_offsets,
                gsize        *positions)
{
  g_autoptr(GString) piece = g_string_new (NULL);
  gboolean lost = FALSE;
  gsize k = 0;
  gsize pos = 0;

  for (guint i = 0; i < n_offsets; i++)
    {
      while (!lost && k < length && k < offsets[i])
        {
          gsize step = 0;
          gsize m = next_character (encoding, data, length, k, text, text_length, pos, piece, &step);

          lost = m == 0;
          k += m;
          pos += step;
        }

      /* Bytes that only decode together: as near as can be, in proportion. */
      positions[i] = lost ? MIN (text_length, (gsize) ((double) offsets[i] / length * text_length)) : pos;
    }
}

/* Text mode: where the payload begins on the first line of a record, in
 * characters: after the header, its note and a space. */
static glong
first_payload_column (SwTrafficFormatter    *self,
                      const SwTrafficRecord *record,
                      const char            *note)
{
  g_autoptr(GString) rendered = g_string_new (NULL);
  gsize note_end = 0;
  gsize header;

  header = sw_traffic_formatter_append_noted (self, record, note, rendered, NULL, &note_end);

  return g_utf8_strlen (rendered->str, MAX (header, note_end)) + 1;
}

/**
 * sw_traffic_formatter_locate:
 * @note: (nullable): the note it was appended with
 * @line: a line of what sw_traffic_formatter_append_noted() appends for
 *   @record (0: the first)
 * @column: a position on it, in characters
 *
 * Which byte of @record's payload is shown there: the first one at or
 * after it, or the payload's length past the last one shown. A selection
 * from one position to another shows the bytes [locate (start), locate
 * (end)).
 *
 * Returns: an index into the payload
 */
gsize
sw_traffic_formatter_locate (SwTrafficFormatter    *self,
                             const SwTrafficRecord *record,
                             const char            *note,
                             guint                  line,
                             guint                  column)
{
  g_autoptr(GString) text = NULL;
  const char *text_line;
  const char *text_end;
  const char *p;
  glong payload_column;
  gsize shown;
  SwEncoding encoding;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (record != NULL, 0);

  if (record->direction == SW_DIRECTION_EVENT || record->length == 0)
    return 0;

  if (self->mode == SW_DISPLAY_MODE_HEX)
    return line == 0 ? 0 : locate_in_dump (hex_shown (self, record), line - 1, column);

  payload_column = first_payload_column (self, record, note);

  encoding = text_encoding (self, record);
  text = g_string_new (NULL);
  shown = decode_shown (self, record, encoding, text);
  text_end = text->str + text->len;

  /* The text's line @line, and the column on it. */
  text_line = text->str;
  for (guint i = 0; i < line && text_line != NULL; i++)
    {
      text_line = memchr (text_line, '\n', text_end - text_line);
      if (text_line != NULL)
        text_line++;
    }
  if (text_line == NULL || text_line >= text_end)
    return shown;

  if (line == 0)
    payload_column = (glong) column - payload_column;
  else
    payload_column = (glong) column - (glong) strlen (SW_TRAFFIC_FORMAT_INDENT);
  if (payload_column <= 0)
    p = text_line;
  else
    {
      const char *line_end = memchr (text_line, '\n', text_end - text_line);

      line_end = line_end != NULL ? line_end + 1 : text_end;
      p = text_line;
      for (glong i = 0; i < payload_column && p < line_end; i++)
        p = g_utf8_next_char (p);
      p = MIN (p, line_end);
    }

  return locate_in_text (encoding, record->data, shown, text->str, text->len, p - text->str);
}

/**
 * sw_traffic_formatter_find_each:
 * @note: (nullable): the note it was appended with
 * @offsets: (array length=n_offsets): indexes into @record's payload, in
 *   ascending order; in text, the number of bytes shown too, for where a
 *   range ends
 * @lines: (out caller-allocates) (array length=n_offsets): the line of
 *   what sw_traffic_formatter_append_noted() appends for @record (0: the
 *   first) where each is shown, or G_MAXUINT where it is not (past what
 *   a long payload shows, or an event)
 * @columns: (out caller-allocates) (array length=n_offsets): the position
 *   on it, in characters: with hex, of the byte's first digit
 * @gutter_columns: (out caller-allocates) (optional): with hex, of its
 *   character in the gutter
 *
 * Where bytes of @record's payload are shown: the inverse of
 * sw_traffic_formatter_locate(), for highlighting what a search found, in
 * one pass over the payload however many there are.
 */
void
sw_traffic_formatter_find_each (SwTrafficFormatter    *self,
                                const SwTrafficRecord *record,
                                const char            *note,
                                const gsize           *offsets,
                                guint                  n_offsets,
                                guint                 *lines,
                                guint                 *columns,
                                guint                 *gutter_columns)
{
  g_autoptr(GString) text = NULL;
  g_autofree gsize *positions = NULL;
  SwEncoding encoding;
  const char *p;
  glong first_column;
  guint line = 0;
  guint column = 0;
  gsize shown;

  g_return_if_fail (self != NULL);
  g_return_if_fail (record != NULL);
  g_return_if_fail (offsets != NULL || n_offsets == 0);
  g_return_if_fail (lines != NULL && columns != NULL);

  for (guint i = 0; i < n_offsets; i++)
    {
      lines[i] = columns[i] = G_MAXUINT;
      if (gutter_columns != NULL)
        gutter_columns[i] = 0;
    }
  if (record->direction == SW_DIRECTION_EVENT || n_offsets == 0)
    return;

  if (self->mode == SW_DISPLAY_MODE_HEX)
    {
      guint hex_start;
      guint gutter_start;

      shown = hex_shown (self, record);
      if (shown == 0)
        return;
      dump_layout (shown, &hex_start, &gutter_start);
      for (guint i = 0; i < n_offsets && offsets[i] < shown; i++)
        {
          guint b = offsets[i] % SW_HEX_DUMP_WIDTH;

          lines[i] = 1 + offsets[i] / SW_HEX_DUMP_WIDTH;
          columns[i] = hex_start + b * 3 + (b >= SW_HEX_DUMP_WIDTH / 2 ? 1 : 0);
          if (gutter_columns != NULL)
            gutter_columns[i] = gutter_start + b;
        }
      return;
    }

  encoding = text_encoding (self, record);
  text = g_string_new (NULL);
  shown = decode_shown (self, record, encoding, text);
  positions = g_new (gsize, n_offsets);
  text_positions (encoding, record->data, shown, text->str, text->len, offsets, n_offsets, positions);
  first_column = first_payload_column (self, record, note);

  /* Lines and columns, counted along the text as the positions go. */
  p = text->str;
  for (guint i = 0; i < n_offsets && offsets[i] <= shown; i++)
    {
      for (; p < text->str + positions[i]; p = g_utf8_next_char (p))
        {
          if (*p == '\n')
            {
              line++;
              column = 0;
            }
          else
            column++;
        }
      lines[i] = line;
      columns[i] = (line == 0 ? (guint) first_column : strlen (SW_TRAFFIC_FORMAT_INDENT)) + column;
    }
}

/**
 * sw_traffic_formatter_find:
 * @gutter_column: (out) (optional): with hex, where the byte is in the
 *   gutter
 *
 * sw_traffic_formatter_find_each() for one byte.
 *
 * Returns: %FALSE when the byte is not shown
 */
gboolean
sw_traffic_formatter_find (SwTrafficFormatter    *self,
                           const SwTrafficRecord *record,
                           const char            *note,
                           gsize                  offset,
                           guint                 *line,
                           guint                 *column,
                           guint                 *gutter_column)
{
  g_return_val_if_fail (line != NULL && column != NULL, FALSE);

  sw_traffic_formatter_find_each (self, record, note, &offset, 1, line, column, gutter_column);

  return *line != G_MAXUINT;
}

/**
 * sw_format_size:
 * @bytes: a size
 *
 * @bytes as g_format_size() writes it ("2.4 MB"), with sizes under a
 * kilobyte translated by this program ("7 bytes"): GLib's catalogues do
 * not all have them (Traditional Chinese does not).
 *
 * Returns: (transfer full): the size
 */
char *
sw_format_size (guint64 bytes)
{
  g_autofree char *count = NULL;

  if (bytes >= 1000)
    return g_format_size (bytes);

  count = _sw_format_count (bytes);
  /* Translators: a size under a kilobyte, as "7 bytes", where sizes
   * above it read "2.4 MB"; %s is the number. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s byte", "%s bytes", plural_number (bytes)), count);
}

void
sw_traffic_formatter_append_file_more (SwTrafficFormatter *self,
                                       guint64             bytes,
                                       GString            *out)
{
  g_autofree char *count = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  count = _sw_format_count (bytes);
  g_string_append (out, "⋯ ");
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                            /* Translators: stands for the rest of a file sent,
                                             * after its first pieces; %s is a number of bytes. */
                                            "%s more byte sent from the file, not drawn here (the counters include it)",
                                            "%s more bytes sent from the file, not drawn here (the counters include them)",
                                            plural_number (bytes)),
                          count);
  g_string_append_c (out, '\n');
}
