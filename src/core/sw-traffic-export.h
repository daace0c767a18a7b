/* sw-traffic-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-traffic-format.h"

G_BEGIN_DECLS

/* What a log can be saved as. */
typedef enum
{
  /* As the traffic view shows it, payloads as text. */
  SW_EXPORT_FORMAT_TEXT,
  /* As the traffic view shows it, payloads as hex dumps. */
  SW_EXPORT_FORMAT_HEX_DUMP,
  /* A row per record, for spreadsheets (sw_export_write_csv()). */
  SW_EXPORT_FORMAT_CSV,
  /* A JSON object per line, for scripts (sw_export_write_jsonl()). */
  SW_EXPORT_FORMAT_JSONL,
  /* Packets for Wireshark (sw_export_write_pcapng()). */
  SW_EXPORT_FORMAT_PCAPNG,
} SwExportFormat;

#define SW_N_EXPORT_FORMATS (SW_EXPORT_FORMAT_PCAPNG + 1)

typedef struct
{
  SwExportFormat  format;
  /* Stable, for settings and actions: "text", "hex", "csv", "jsonl", "pcapng". */
  const char     *id;
  /* Untranslated; sw_export_format_get_name() translates it. */
  const char     *name;
  /* For file choosers; NULL when there is none. */
  const char     *mime_type;
  /* Without the dot; the first is the one a new file gets. */
  const char     *extensions[3];
} SwExportFormatInfo;

/* One row of the table of formats, in the order they are offered. */
const SwExportFormatInfo *sw_export_format_get_info  (SwExportFormat  format);
/* "Text", "Hex dump", translated. */
const char               *sw_export_format_get_name  (SwExportFormat  format);
/* The format a file name's extension names ("log.hexdump"), in any case;
 * FALSE when it names none. */
gboolean                  sw_export_format_for_name  (const char     *file_name,
                                                      SwExportFormat *format);

/* Writes every record the log holds to @file in @format. Text and hex
 * dumps are as the traffic view shows them, with dated timestamps and
 * payloads whole (@flags may add SW_TRAFFIC_FORMAT_TEXT_AS_SENT), in
 * UTF-8, the first line naming @encoding; the other formats are those of
 * sw-export.h. The records are taken when this is called; the file is
 * written in a worker thread, and a failed or cancelled write leaves the
 * file that was there as it was. */
void     sw_traffic_export_async  (SwTrafficLog         *log,
                                   GFile                *file,
                                   SwExportFormat        format,
                                   SwEncoding            encoding,
                                   SwTrafficFormatFlags  flags,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
/* Returns how many records were written, or 0 with @error set. */
gboolean sw_traffic_export_finish (SwTrafficLog         *log,
                                   GAsyncResult         *result,
                                   guint64              *n_records,
                                   GError              **error);

G_END_DECLS
