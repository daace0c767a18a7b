/* sw-traffic-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-traffic-export"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-traffic-export.h"

#include "sw-core-private.h"

/* Written in pieces of about this size. */
#define WRITE_CHUNK (1024 * 1024)

typedef struct
{
  gint64       wall_time;
  gint64       monotonic_time;
  SwDirection  direction;
  SwEventKind  event_kind;
  char        *peer;
  GBytes      *payload;
} Snapshot;

typedef struct
{
  GFile         *file;
  SwDisplayMode  mode;
  SwEncoding     encoding;
  GArray        *records;
  guint64        first_seq;
  guint64        n_written;
} ExportData;

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

  stream = g_file_replace (data->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, &error);
  if (stream == NULL)
    goto failed;

  formatter = sw_traffic_formatter_new (data->mode, data->encoding,
                                        SW_TRAFFIC_FORMAT_TIME | SW_TRAFFIC_FORMAT_DATE);

  /* Translators: the first line of a saved traffic log; %s is a date. */
  g_string_append_printf (text, _("# Socket Workbench traffic log, saved %s"), saved_at);
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

    /* Nothing half-written replaces what was there. */
    if (stream != NULL)
      _sw_output_stream_abandon (G_OUTPUT_STREAM (stream));

    g_task_return_new_error (task, error->domain, error->code,
                             /* Translators: %s is a file, the second a reason. */
                             _("Could not save the traffic log to “%s”: %s"),
                             name, error->message);
  }
}

void
sw_traffic_export_async (SwTrafficLog        *log,
                         GFile               *file,
                         SwDisplayMode        mode,
                         SwEncoding           encoding,
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

  task = g_task_new (log, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_traffic_export_async);

  first = sw_traffic_log_get_first_seq (log);
  end = sw_traffic_log_get_end_seq (log);

  data = g_new0 (ExportData, 1);
  data->file = g_object_ref (file);
  data->mode = mode;
  data->encoding = encoding;
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
