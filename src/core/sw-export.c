/* sw-export.c: what the CSV, JSON Lines and pcapng writers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-export"

#include "config.h"

#include "sw-export-private.h"

#include "sw-core-enums.h"

void
_sw_export_writer_init (SwExportWriter *writer,
                        GOutputStream  *out,
                        GCancellable   *cancellable)
{
  writer->out = out;
  writer->cancellable = cancellable;
  writer->buffer = g_string_sized_new (SW_EXPORT_BUFFER_SIZE + SW_EXPORT_BUFFER_SIZE / 4);
}

static gboolean
write_buffer (SwExportWriter  *writer,
              GError         **error)
{
  gboolean ok;

  /* Memory streams, for one, never look at the cancellable. */
  if (g_cancellable_set_error_if_cancelled (writer->cancellable, error))
    return FALSE;

  ok = g_output_stream_write_all (writer->out, writer->buffer->str, writer->buffer->len,
                                  NULL, writer->cancellable, error);
  g_string_truncate (writer->buffer, 0);

  return ok;
}

gboolean
_sw_export_writer_maybe_flush (SwExportWriter  *writer,
                               GError         **error)
{
  if (writer->buffer->len < SW_EXPORT_BUFFER_SIZE)
    return TRUE;

  return write_buffer (writer, error);
}

gboolean
_sw_export_writer_finish (SwExportWriter  *writer,
                          GError         **error)
{
  return write_buffer (writer, error) &&
         g_output_stream_flush (writer->out, writer->cancellable, error);
}

void
_sw_export_writer_clear (SwExportWriter *writer)
{
  if (writer->buffer != NULL)
    g_string_free (g_steal_pointer (&writer->buffer), TRUE);
}

void
_sw_export_clock_init (SwExportClock *clock)
{
  clock->second = G_MININT64;
}

void
_sw_export_append_time (SwExportClock *clock,
                        gint64         wall_time,
                        GString       *out)
{
  gint64 second = wall_time / G_USEC_PER_SEC;
  gint64 micros = wall_time % G_USEC_PER_SEC;
  guint millis;

  if (micros < 0)
    {
      second--;
      micros += G_USEC_PER_SEC;
    }
  millis = micros / 1000;

  if (second != clock->second)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (second);
      g_autofree char *date = NULL;
      g_autofree char *offset = NULL;

      if (time != NULL)
        {
          date = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
          offset = g_date_time_format (time, "%:z");
        }
      g_strlcpy (clock->date, date != NULL ? date : "0000-00-00T00:00:00", sizeof clock->date);
      g_strlcpy (clock->offset, offset != NULL ? offset : "Z", sizeof clock->offset);
      clock->second = second;
    }

  g_string_append (out, clock->date);
  g_string_append_c (out, '.');
  g_string_append_c (out, '0' + millis / 100);
  g_string_append_c (out, '0' + millis / 10 % 10);
  g_string_append_c (out, '0' + millis % 10);
  g_string_append (out, clock->offset);
}

const char *
_sw_export_enum_nick (GType type,
                      int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  /* The class stays: GLib keeps static enum classes alive. */
  return enum_value != NULL ? enum_value->value_nick : "unknown";
}

void
_sw_export_foreach_flag (SwRecordFlags   flags,
                         void          (*func) (const char *nick,
                                                gpointer    user_data),
                         gpointer        user_data)
{
  g_autoptr(GFlagsClass) klass = g_type_class_ref (SW_TYPE_RECORD_FLAGS);

  for (guint i = 0; i < klass->n_values; i++)
    if (klass->values[i].value != 0 && (flags & klass->values[i].value) == klass->values[i].value)
      func (klass->values[i].value_nick, user_data);
}

char *
_sw_export_event_message (const SwTrafficRecord *record,
                          gsize                  max)
{
  /* An empty message has no payload at all. */
  if (record->data == NULL)
    return g_strdup ("");

  return g_utf8_make_valid ((const char *) record->data, MIN (record->length, max));
}

SwEncoding
_sw_export_text_encoding (const SwTrafficRecord *record)
{
  if (record->direction == SW_DIRECTION_SENT && (record->flags & SW_RECORD_FLAGS_TEXT) &&
      (guint) record->encoding < SW_N_ENCODINGS)
    return record->encoding;

  return SW_ENCODING_UTF8;
}

/* Where @data may be cut so that decoding the two parts apart gives the
 * text of the whole: at most @max, or @length when it cannot be cut. */
static gsize
safe_cut (SwEncoding    encoding,
          const guint8 *data,
          gsize         length,
          gsize         max)
{
  gsize cut;

  if (length <= max)
    return length;

  switch (encoding)
    {
    case SW_ENCODING_UTF8:
      /* A valid sequence never spans a byte that is not a continuation
       * byte, and invalid bytes are escaped one by one: cutting before
       * the lead byte of the sequence the cut would split changes
       * nothing. */
      cut = max;
      for (gsize back = 0; back < 4 && cut > 0; back++, cut--)
        if ((data[cut] & 0xC0) != 0x80)
          return cut;
      return max;

    case SW_ENCODING_LATIN1:
      return max;

    case SW_ENCODING_UTF16LE:
    case SW_ENCODING_UTF16BE:
      {
        /* Between code units, and not before a low surrogate. */
        gsize high_byte = encoding == SW_ENCODING_UTF16LE ? 1 : 0;

        cut = max & ~(gsize) 1;
        if (cut >= 2 && cut + 1 < length && (data[cut + high_byte] & 0xFC) == 0xDC)
          cut -= 2;
        return cut > 0 ? cut : length;
      }

    case SW_ENCODING_GB18030:
    case SW_ENCODING_GBK:
    case SW_ENCODING_BIG5:
    default:
      /* Multi-byte encodings without self-synchronization: whole. */
      return length;
    }
}

gsize
_sw_export_decode_piece (SwEncoding    encoding,
                         const guint8 *data,
                         gsize         length,
                         gsize         max,
                         GString      *out)
{
  gsize cut = safe_cut (encoding, data, length, max);

  sw_encoding_decode_append (encoding, data, cut, SW_DECODE_FLAGS_NONE, out);

  return cut;
}
