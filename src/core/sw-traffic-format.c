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

gsize
sw_traffic_formatter_append (SwTrafficFormatter    *self,
                             const SwTrafficRecord *record,
                             GString               *out)
{
  gsize start = out->len;
  gsize header;
  gsize shown;
  SwEncoding encoding;
  char size[24];

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (record != NULL, 0);
  g_return_val_if_fail (out != NULL, 0);

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

  shown = record->length;
  if (self->payload_limit > 0 && shown > self->payload_limit)
    shown = self->payload_limit;

  if (self->mode == SW_DISPLAY_MODE_HEX)
    {
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

  /* What a person typed is known as text; anything else is bytes. */
  encoding = self->encoding;
  if ((self->flags & SW_TRAFFIC_FORMAT_TEXT_AS_SENT) && (record->flags & SW_RECORD_FLAGS_TEXT) &&
      (guint) record->encoding < SW_N_ENCODINGS)
    encoding = record->encoding;

  g_string_append_c (out, ' ');
  if (shown < record->length)
    shown = cut_between_characters (encoding, record->data, shown);
  g_string_truncate (self->scratch, 0);
  sw_encoding_decode_append (encoding, record->data, shown,
                             SW_DECODE_FLAGS_BREAK_LF, self->scratch);

  /* Binary data shown as text takes four characters a byte (\xNN): the
   * text, too, stays within about the limit, and fewer bytes show. */
  if (self->payload_limit > 0 && self->scratch->len > self->payload_limit + self->payload_limit / 4)
    {
      shown = cut_between_characters (encoding, record->data,
                                      shown * self->payload_limit / self->scratch->len);
      g_string_truncate (self->scratch, 0);
      sw_encoding_decode_append (encoding, record->data, shown,
                                 SW_DECODE_FLAGS_BREAK_LF, self->scratch);
    }
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
