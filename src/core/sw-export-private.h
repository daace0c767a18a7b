/* sw-export-private.h: what the export writers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-encoding.h"
#include "sw-traffic-log.h"

G_BEGIN_DECLS

/* The buffer is written out once it holds this much; a record adds at
 * most about as much again (payloads are appended in pieces). */
#define SW_EXPORT_BUFFER_SIZE (256 * 1024)

/* Payloads are formatted in pieces of at most this many bytes. */
#define SW_EXPORT_PIECE_SIZE (32 * 1024)

typedef struct
{
  GOutputStream *out;
  GCancellable  *cancellable;
  GString       *buffer;
} SwExportWriter;

void     _sw_export_writer_init        (SwExportWriter  *writer,
                                        GOutputStream   *out,
                                        GCancellable    *cancellable);
/* Writes the buffer to the stream once it holds SW_EXPORT_BUFFER_SIZE
 * bytes or more, after checking the cancellable. */
gboolean _sw_export_writer_maybe_flush (SwExportWriter  *writer,
                                        GError         **error);
/* Writes out everything buffered and flushes the stream. */
gboolean _sw_export_writer_finish      (SwExportWriter  *writer,
                                        GError         **error);
void     _sw_export_writer_clear       (SwExportWriter  *writer);

/* ISO 8601 local time with milliseconds and offset,
 * "2026-11-28T09:15:02.123+08:00", cached per second. */
typedef struct
{
  gint64 second;
  char   date[24];    /* "2026-11-28T09:15:02" */
  char   offset[8];   /* "+08:00" */
} SwExportClock;

void     _sw_export_clock_init         (SwExportClock   *clock);
void     _sw_export_append_time        (SwExportClock   *clock,
                                        gint64           wall_time,
                                        GString         *out);

/* The nick of @value in the enum @type ("sent", "tcp", "reset"). */
const char *_sw_export_enum_nick       (GType            type,
                                        int              value);
/* Calls @func with the nick of each flag set in @flags, in order. */
void     _sw_export_foreach_flag       (SwRecordFlags    flags,
                                        void           (*func) (const char *nick,
                                                                gpointer    user_data),
                                        gpointer         user_data);

/* An event's message as valid UTF-8, at most @max bytes of it read. */
char    *_sw_export_event_message      (const SwTrafficRecord *record,
                                        gsize            max);

/* The encoding a record's text is shown in: a sent text record's own,
 * else UTF-8. */
SwEncoding _sw_export_text_encoding    (const SwTrafficRecord *record);
/* Appends the display text of @data[0..@length) in @encoding, or of its
 * first piece of at most about @max bytes when the encoding can be cut
 * without changing the text; returns how many bytes it took. */
gsize    _sw_export_decode_piece       (SwEncoding       encoding,
                                        const guint8    *data,
                                        gsize            length,
                                        gsize            max,
                                        GString         *out);

G_END_DECLS
