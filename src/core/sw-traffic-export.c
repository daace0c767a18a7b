/* sw-traffic-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-traffic-export"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-traffic-export.h"

#include "sw-core-private.h"

/* Written in pieces of about this size. */
#define WRITE_CHUNK (1024 * 1024)

typedef struct
{
  gint64         wall_time;
  gint64         monotonic_time;
  SwDirection    direction;
  SwEventKind    event_kind;
  SwRecordFlags  flags;
  SwEncoding     encoding;
  char          *peer;
  GBytes        *payload;
} Snapshot;

static const SwExportFormatInfo formats[SW_N_EXPORT_FORMATS] = {
  { SW_EXPORT_FORMAT_TEXT, "text", N_("Text"), "text/plain", { "txt" } },
  { SW_EXPORT_FORMAT_HEX_DUMP, "hex", N_("Hex dump"), NULL, { "hex", "hexdump" } },
};

typedef struct
{
  GFile                *file;
  SwDisplayMode         mode;
  SwEncoding            encoding;
  SwTrafficFormatFlags  flags;
  GArray               *records;
  guint64               first_seq;
  guint64               n_written;
} ExportData;

const SwExportFormatInfo *
sw_export_format_get_info (SwExportFormat format)
{
  g_return_val_if_fail ((guint) format < SW_N_EXPORT_FORMATS, NULL);

  return &formats[format];
}

const char *
sw_export_format_get_name (SwExportFormat format)
{
  g_return_val_if_fail ((guint) format < SW_N_EXPORT_FORMATS, NULL);

  return _(formats[format].name);
}

gboolean
sw_export_format_for_name (const char     *file_name,
                           SwExportFormat *format)
{
  const char *dot;

  g_return_val_if_fail (file_name != NULL, FALSE);

  dot = strrchr (file_name, '.');
  if (dot == NULL)
    return FALSE;

  for (guint i = 0; i < SW_N_EXPORT_FORMATS; i++)
    for (guint j = 0; j < G_N_ELEMENTS (formats[i].extensions) && formats[i].extensions[j] != NULL; j++)
      if (g_ascii_strcasecmp (dot + 1, formats[i].extensions[j]) == 0)
        {
          if (format != NULL)
            *format = formats[i].format;
          return TRUE;
        }

  return FALSE;
}

static void
snapshot_clear (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->peer, g_ref_string_release);
  g_clear_pointer (&snapshot->payload, g_bytes_unref);
}

static void
export_data_free (ExportData *data)
{
  g_object_unref (data->file);
  g_array_unref (data->records);
  g_free (data);
}

static gboolean
write_string (GOutputStream  *stream,
              GString        *text,
              GCancellable   *cancellable,
              GError        **error)
{
  gboolean ok = g_output_stream_write_all (stream, text->str, text->len, NULL, cancellable, error);

  g_string_truncate (text, 0);
  return ok;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(SwTrafficFormatter) formatter = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GString) text = g_string_sized_new (WRITE_CHUNK + 4096);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *saved_at = g_date_time_format (now, "%Y-%m-%d %H:%M:%S %Z");
  g_autoptr(GError) error = NULL;
  gboolean existed;

  /* GIO writes a new file in place, and an existing one's replacement
   * beside it, renamed over it on a successful close. */
  existed = g_file_query_exists (data->file, cancellable);
  stream = g_file_replace (data->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, &error);
  if (stream == NULL)
    goto failed;

  formatter = sw_traffic_formatter_new (data->mode, data->encoding,
                                        data->flags | SW_TRAFFIC_FORMAT_TIME | SW_TRAFFIC_FORMAT_DATE);

  /* The file is UTF-8 whatever the payloads were decoded from: its
   * first line says from what (#9). */
  if (data->mode == SW_DISPLAY_MODE_HEX)
    /* Translators: the first line of a saved traffic log; %s is a date. */
    g_string_append_printf (text, _("# Socket Workbench traffic log, saved %s"), saved_at);
  else if (data->flags & SW_TRAFFIC_FORMAT_TEXT_AS_SENT)
    /* Translators: the first line of a saved traffic log; the first %s
     * is a date, the second an encoding such as GB18030. */
    g_string_append_printf (text, _("# Socket Workbench traffic log, saved %s; payloads decoded as %s, text sent as it was typed; this file is UTF-8"),
                            saved_at, sw_encoding_get_short_name (data->encoding));
  else
    /* Translators: the first line of a saved traffic log; the first %s
     * is a date, the second an encoding such as GB18030. */
    g_string_append_printf (text, _("# Socket Workbench traffic log, saved %s; payloads decoded as %s; this file is UTF-8"),
                            saved_at, sw_encoding_get_short_name (data->encoding));
  g_string_append_c (text, '\n');

  for (guint i = 0; i < data->records->len; i++)
    {
      Snapshot *snapshot = &g_array_index (data->records, Snapshot, i);
      SwTrafficRecord record = { 0 };
      gsize length;

      record.seq = data->first_seq + i;
      record.wall_time = snapshot->wall_time;
      record.monotonic_time = snapshot->monotonic_time;
      record.direction = snapshot->direction;
      record.event_kind = snapshot->event_kind;
      record.flags = snapshot->flags;
      record.encoding = snapshot->encoding;
      record.peer = snapshot->peer;
      record.data = g_bytes_get_data (snapshot->payload, &length);
      record.length = length;

      sw_traffic_formatter_append (formatter, &record, text);
      data->n_written++;

      if (text->len >= WRITE_CHUNK && !write_string (G_OUTPUT_STREAM (stream), text, cancellable, &error))
        goto failed;
    }

  if (!write_string (G_OUTPUT_STREAM (stream), text, cancellable, &error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error))
    goto failed;

  g_task_return_boolean (task, TRUE);
  return;

failed:
  {
    g_autofree char *name = g_file_get_parse_name (data->file);

    /* Nothing half-written replaces what was there (#9): a close that
     * is cancelled makes GIO delete its temporary file instead of
     * renaming it over the old one, and a new file that is only part
     * of the log goes too. */
    if (stream != NULL)
      {
        _sw_output_stream_abandon (G_OUTPUT_STREAM (stream));
        if (!existed)
          g_file_delete (data->file, NULL, NULL);
      }

    g_task_return_new_error (task, error->domain, error->code,
                             /* Translators: %s is a file, the second a reason. */
                             _("Could not save the traffic log to “%s”: %s"),
                             name, error->message);
  }
}

void
sw_traffic_export_async (SwTrafficLog        *log,
                         GFile               *file,
                         SwExportFormat       format,
                         SwEncoding           encoding,
                         SwTrafficFormatFlags flags,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;
  guint64 first;
  guint64 end;

  g_return_if_fail (SW_IS_TRAFFIC_LOG (log));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail ((guint) format < SW_N_EXPORT_FORMATS);

  task = g_task_new (log, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_traffic_export_async);

  first = sw_traffic_log_get_first_seq (log);
  end = sw_traffic_log_get_end_seq (log);

  data = g_new0 (ExportData, 1);
  data->file = g_object_ref (file);
  data->mode = format == SW_EXPORT_FORMAT_HEX_DUMP ? SW_DISPLAY_MODE_HEX : SW_DISPLAY_MODE_TEXT;
  data->encoding = encoding;
  data->flags = flags & SW_TRAFFIC_FORMAT_TEXT_AS_SENT;
  data->first_seq = first;
  data->records = g_array_sized_new (FALSE, TRUE, sizeof (Snapshot), end - first);
  g_array_set_clear_func (data->records, (GDestroyNotify) snapshot_clear);

  /* The payloads are shared, not copied: the log may move on meanwhile. */
  for (guint64 seq = first; seq < end; seq++)
    {
      SwTrafficRecord record;
      Snapshot snapshot = { 0 };

      sw_traffic_log_get_record (log, seq, &record);
      snapshot.wall_time = record.wall_time;
      snapshot.monotonic_time = record.monotonic_time;
      snapshot.direction = record.direction;
      snapshot.event_kind = record.event_kind;
      snapshot.flags = record.flags;
      snapshot.encoding = record.encoding;
      snapshot.peer = record.peer != NULL ? g_ref_string_acquire ((char *) record.peer) : NULL;
      snapshot.payload = sw_traffic_log_dup_payload (log, seq);
      g_array_append_val (data->records, snapshot);
    }

  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
sw_traffic_export_finish (SwTrafficLog  *log,
                          GAsyncResult  *result,
                          guint64       *n_records,
                          GError       **error)
{
  ExportData *data;

  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (log), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, log), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_traffic_export_async, FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (n_records != NULL)
    *n_records = data->n_written;

  return g_task_propagate_boolean (G_TASK (result), error);
}
