/* sw-export-csv.c: the traffic log as CSV (RFC 4180)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-export-csv"

#include "config.h"

#include <string.h>

#include "sw-export.h"

#include "sw-core-enums.h"
#include "sw-export-private.h"

#define CSV_HEADER "time,direction,event,peer,connection,length,hex,text,encoding,flags\r\n"

typedef struct
{
  SwExportWriter  writer;
  SwExportClock   clock;
  GString        *piece;
  gboolean        first_piece;
} Csv;

/* Appends @text as a field, quoted when it holds a comma, a quote or a
 * line break (RFC 4180 §2.6). */
static void
append_field (GString    *out,
              const char *text)
{
  if (text[strcspn (text, ",\"\r\n")] == '\0')
    g_string_append (out, text);
  else
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
}

/* Appends a piece of the text field, which is always quoted: its
 * pieces are written before the whole is known. */
static void
append_text_piece (Csv        *csv,
                   const char *text,
                   gsize       length)
{
  GString *out = csv->writer.buffer;
  const char *end = text + length;

  /* Spreadsheets run a cell that starts like a formula, and payloads
   * come from the network: such text gets a ' first (the hex column
   * has the bytes). */
  if (csv->first_piece && length > 0 && strchr ("=+-@", text[0]) != NULL)
    g_string_append_c (out, '\'');
  csv->first_piece = FALSE;

  for (const char *p = text; p < end; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
}

static void
append_hex (GString      *out,
            const guint8 *data,
            gsize         length)
{
  static const char digits[] = "0123456789abcdef";
  gsize old_length = out->len;
  char *p;

  g_string_set_size (out, old_length + length * 2);
  p = out->str + old_length;
  for (gsize i = 0; i < length; i++)
    {
      *p++ = digits[data[i] >> 4];
      *p++ = digits[data[i] & 0xF];
    }
}

typedef struct
{
  GString  *out;
  gboolean  first;
} FlagList;

static void
append_flag (const char *nick,
             gpointer    user_data)
{
  FlagList *list = user_data;

  if (!list->first)
    g_string_append_c (list->out, ' ');
  g_string_append (list->out, nick);
  list->first = FALSE;
}

static gboolean
write_record (Csv                   *csv,
              const SwTrafficRecord *record,
              GError               **error)
{
  GString *out = csv->writer.buffer;
  gboolean event = record->direction == SW_DIRECTION_EVENT;
  SwEncoding encoding = _sw_export_text_encoding (record);
  FlagList flags = { out, TRUE };
  gsize offset;

  _sw_export_append_time (&csv->clock, record->wall_time, out);
  g_string_append_c (out, ',');
  g_string_append (out, _sw_export_enum_nick (SW_TYPE_DIRECTION, record->direction));
  g_string_append_c (out, ',');
  if (event)
    g_string_append (out, _sw_export_enum_nick (SW_TYPE_EVENT_KIND, record->event_kind));
  g_string_append_c (out, ',');
  if (record->peer != NULL)
    append_field (out, record->peer);
  g_string_append_c (out, ',');
  if (record->connection != 0)
    g_string_append_printf (out, "%u", record->connection);
  g_string_append_c (out, ',');

  if (event)
    {
      g_autofree char *message = _sw_export_event_message (record, G_MAXSIZE);

      g_string_append (out, ",,\"");
      csv->first_piece = TRUE;
      append_text_piece (csv, message, strlen (message));
      g_string_append (out, "\",,\r\n");

      return _sw_export_writer_maybe_flush (&csv->writer, error);
    }

  g_string_append_printf (out, "%" G_GSIZE_FORMAT ",", record->length);

  for (offset = 0; offset < record->length; offset += SW_EXPORT_PIECE_SIZE)
    {
      append_hex (out, record->data + offset, MIN (SW_EXPORT_PIECE_SIZE, record->length - offset));
      if (!_sw_export_writer_maybe_flush (&csv->writer, error))
        return FALSE;
    }

  g_string_append (out, ",\"");
  csv->first_piece = TRUE;
  offset = 0;
  while (offset < record->length)
    {
      g_string_truncate (csv->piece, 0);
      offset += _sw_export_decode_piece (encoding, record->data + offset, record->length - offset,
                                         SW_EXPORT_PIECE_SIZE, csv->piece);
      append_text_piece (csv, csv->piece->str, csv->piece->len);
      if (!_sw_export_writer_maybe_flush (&csv->writer, error))
        return FALSE;
    }
  g_string_append (out, "\",");

  g_string_append (out, sw_encoding_get_id (encoding));
  g_string_append_c (out, ',');
  _sw_export_foreach_flag (record->flags, append_flag, &flags);
  g_string_append (out, "\r\n");

  return _sw_export_writer_maybe_flush (&csv->writer, error);
}

/**
 * sw_export_write_csv:
 * @log: the log to write
 * @out: where to write it
 * @cancellable: (nullable): to stop
 * @error: where to say why it failed
 *
 * Writes every record of @log as a row of CSV; see sw-export.h.
 *
 * Returns: %TRUE when all of it was written
 */
gboolean
sw_export_write_csv (SwTrafficLog   *log,
                     GOutputStream  *out,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(GString) piece = NULL;
  gboolean ok = TRUE;
  Csv csv;

  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (log), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  piece = g_string_sized_new (SW_EXPORT_PIECE_SIZE * 4);
  _sw_export_writer_init (&csv.writer, out, cancellable);
  _sw_export_clock_init (&csv.clock);
  csv.piece = piece;

  g_string_append (csv.writer.buffer, CSV_HEADER);

  for (guint64 seq = sw_traffic_log_get_first_seq (log);
       ok && seq < sw_traffic_log_get_end_seq (log);
       seq++)
    {
      SwTrafficRecord record;

      if (sw_traffic_log_get_record (log, seq, &record))
        ok = write_record (&csv, &record, error);
    }

  ok = ok && _sw_export_writer_finish (&csv.writer, error);
  _sw_export_writer_clear (&csv.writer);

  return ok;
}
