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
#include "sw-export.h"

/* Written in pieces of about this size. */
#define WRITE_CHUNK (1024 * 1024)

static const SwExportFormatInfo formats[SW_N_EXPORT_FORMATS] = {
  { SW_EXPORT_FORMAT_TEXT, "text", N_("Text"), "text/plain", { "txt" } },
  { SW_EXPORT_FORMAT_HEX_DUMP, "hex", N_("Hex dump"), NULL, { "hex", "hexdump" } },
  { SW_EXPORT_FORMAT_CSV, "csv", N_("CSV"), "text/csv", { "csv" } },
  /* Translators: the file format, one JSON object per line. */
  { SW_EXPORT_FORMAT_JSONL, "jsonl", N_("JSON Lines"), "application/x-ndjson", { "jsonl", "ndjson" } },
  /* Translators: the file format Wireshark reads. */
  { SW_EXPORT_FORMAT_PCAPNG, "pcapng", N_("Wireshark capture (pcapng)"), "application/x-pcapng", { "pcapng" } },
};

typedef struct
{
  GFile                *file;
  SwExportFormat        format;
  SwEncoding            encoding;
  SwTrafficFormatFlags  flags;
  /* The records when the export began, payloads shared. */
  SwTrafficLog         *log;
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
export_data_free (ExportData *data)
{
  g_object_unref (data->file);
  g_object_unref (data->log);
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

/* Text or a hex dump, as the traffic view shows the records. */
static gboolean
write_as_shown (ExportData     *data,
                GOutputStream  *stream,
                GCancellable   *cancellable,
                GError        **error)
{
  SwDisplayMode mode = data->format == SW_EXPORT_FORMAT_HEX_DUMP ? SW_DISPLAY_MODE_HEX : SW_DISPLAY_MODE_TEXT;
  g_autoptr(SwTrafficFormatter) formatter = NULL;
  g_autoptr(GString) text = g_string_sized_new (WRITE_CHUNK + 4096);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *saved_at = g_date_time_format (now, "%Y-%m-%d %H:%M:%S %Z");
  guint64 end = sw_traffic_log_get_end_seq (data->log);

  formatter = sw_traffic_formatter_new (mode, data->encoding,
                                        data->flags | SW_TRAFFIC_FORMAT_TIME | SW_TRAFFIC_FORMAT_DATE);

  /* The file is UTF-8 whatever the payloads were decoded from: its
   * first line says from what (#9). */
  if (mode == SW_DISPLAY_MODE_HEX)
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

  for (guint64 seq = sw_traffic_log_get_first_seq (data->log); seq < end; seq++)
    {
      SwTrafficRecord record;

      sw_traffic_log_get_record (data->log, seq, &record);
      sw_traffic_formatter_append (formatter, &record, text);

      if (text->len >= WRITE_CHUNK && !write_string (stream, text, cancellable, error))
        return FALSE;
    }

  return write_string (stream, text, cancellable, error);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *out;
  gboolean existed;
  gboolean written;

  /* GIO writes a new file in place, and an existing one's replacement
   * beside it, renamed over it on a successful close. */
  existed = g_file_query_exists (data->file, cancellable);
  stream = g_file_replace (data->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, &error);
  if (stream == NULL)
    goto failed;

  out = G_OUTPUT_STREAM (stream);
  switch (data->format)
    {
    case SW_EXPORT_FORMAT_CSV:
      written = sw_export_write_csv (data->log, out, cancellable, &error);
      break;
    case SW_EXPORT_FORMAT_JSONL:
      written = sw_export_write_jsonl (data->log, out, cancellable, &error);
      break;
    case SW_EXPORT_FORMAT_PCAPNG:
      written = sw_export_write_pcapng (data->log, out, cancellable, &error);
      break;
    case SW_EXPORT_FORMAT_TEXT:
    case SW_EXPORT_FORMAT_HEX_DUMP:
    default:
      written = write_as_shown (data, out, cancellable, &error);
      break;
    }

  if (!written || !g_output_stream_close (out, cancellable, &error))
    goto failed;

  data->n_written = sw_traffic_log_get_n_records (data->log);
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
      _sw_output_stream_abandon (G_OUTPUT_STREAM (stream), data->file, existed);

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

  g_return_if_fail (SW_IS_TRAFFIC_LOG (log));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail ((guint) format < SW_N_EXPORT_FORMATS);

  task = g_task_new (log, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_traffic_export_async);

  data = g_new0 (ExportData, 1);
  data->file = g_object_ref (file);
  data->format = format;
  data->encoding = encoding;
  data->flags = flags & SW_TRAFFIC_FORMAT_TEXT_AS_SENT;
  /* The payloads are shared, not copied: the log may move on meanwhile. */
  data->log = sw_traffic_log_snapshot (log);

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
