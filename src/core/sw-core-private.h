/* sw-core-private.h: helpers shared inside src/core only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-encoding.h"
#include "sw-endpoint.h"

G_BEGIN_DECLS

/* Keeps a copy of @error (or none) in *@slot and notifies @pspec of
 * @object when that changes: the "last-error" of the engines. */
void     _sw_set_last_error (GObject       *object,
                             GError       **slot,
                             const GError  *error,
                             GParamSpec    *pspec);

/* Notifies @pspec of @object when @value differs from *@notified, the
 * value last notified, and remembers it: counters say only what changed. */
void     _sw_notify_counter (GObject       *object,
                             guint64       *notified,
                             guint64        value,
                             GParamSpec    *pspec);

/* Properties kept in a field: set *@field to (a copy of) @value and
 * notify @pspec of @object, unless it holds that value already. TRUE
 * when it changed. */
gboolean _sw_object_set_string (GObject       *object,
                                char         **field,
                                const char    *value,
                                GParamSpec    *pspec);
gboolean _sw_object_set_uint   (GObject       *object,
                                guint         *field,
                                guint          value,
                                GParamSpec    *pspec);

/* Byte and packet counters, as engines and connections keep them. */
typedef struct
{
  guint64 bytes_received;
  guint64 bytes_sent;
  guint64 packets_received;
  guint64 packets_sent;
} SwCounters;

#define SW_N_COUNTERS 4

/* Counts one packet of @length bytes sent or received. */
void     _sw_counters_add         (SwCounters        *counters,
                                   gboolean           received,
                                   gsize              length);
/* Installs "bytes-received", "bytes-sent", "packets-received" and
 * "packets-sent" as properties @first_prop_id… of @klass, in @pspecs. */
void     _sw_counters_install     (GObjectClass      *klass,
                                   guint              first_prop_id,
                                   GParamSpec       **pspecs);
/* Sets @value for property @index (0…3) of those. */
void     _sw_counters_get_value   (const SwCounters  *counters,
                                   guint              index,
                                   GValue            *value);
/* Notifies the counters that differ from @notified, and remembers them. */
void     _sw_counters_notify      (GObject           *object,
                                   SwCounters        *notified,
                                   const SwCounters  *counters,
                                   GParamSpec       **pspecs);
/* A read-only guint64 property for a counter. */
GParamSpec *_sw_counter_pspec     (const char        *name);

typedef void (*SwSocketPrepareFunc) (GSocket  *socket,
                                     gpointer  user_data);

/* A non-blocking socket of @type (stream or datagram) bound to @local
 * (an IP address, IPv6 with its scope as in "fe80::1%eth0", and a port),
 * and listening when it is a stream. Without a host, every address: "::",
 * which takes IPv4 too (GLib turns IPV6_V6ONLY off), or 0.0.0.0 where
 * IPv6 is disabled. @prepare, when given, sets options before the bind. A
 * failure is described in words, with the address
 * (sw_net_error_new_described()). */
/* @address (NULL: every address) and @port as an endpoint. */
SwEndpoint *_sw_endpoint_new_local (GInetAddress *address,
                                    guint16       port);
GSocket *_sw_socket_new_bound (SwEndpoint           *local,
                               GSocketType           type,
                               SwSocketPrepareFunc   prepare,
                               gpointer              user_data,
                               GError              **error);

/* Maps a byte offset into @text to a 1-based line and a 1-based column
 * counted in characters, for error messages people can act on. */
void _sw_text_offset_to_position (const char *text,
                                  gsize       offset,
                                  guint      *line,
                                  guint      *column);

/* sw_encoding_decode_append() keeping the converter that the iconv
 * encodings need in *@converter: opened on the first call (set it to
 * (GIConv) -1 before), reused after, so that decoding allocates nothing.
 * Clear it with _sw_encoding_clear_converter() when @encoding changes. */
void _sw_encoding_decode_append_with (SwEncoding     encoding,
                                      GIConv        *converter,
                                      const guint8  *data,
                                      gsize          length,
                                      SwDecodeFlags  flags,
                                      GString       *out);
void _sw_encoding_clear_converter    (GIConv        *converter);

/* Where a stretch of decoded text comes from: byte @in of the input
 * starts character @out of the text. */
typedef struct
{
  guint64 in;
  guint64 out;
} SwDecodeMark;

/* Raw decoding (%SW_DECODE_FLAGS_RAW) for matching, with a way back to
 * the bytes: appends the text of @data to @out and marks to @marks, whose
 * @in counts from @in_base and @out from @out_base (the text offset of
 * @out's first byte). The first mark is at the start of @data, the last
 * at the end of what was decoded; between two consecutive marks the text
 * grows as the bytes do (byte for byte), or four times as fast (\xNN for
 * each byte), or the stretch is one character (or one run iconv did not
 * say more about). Unless @final, a character cut off at the end of @data
 * stays undecoded: returns how many bytes were decoded, and the caller
 * passes the rest again before what follows. */
gsize _sw_encoding_decode_mapped     (SwEncoding     encoding,
                                      GIConv        *converter,
                                      const guint8  *data,
                                      gsize          length,
                                      gboolean       final,
                                      guint64        in_base,
                                      guint64        out_base,
                                      GString       *out,
                                      GArray        *marks);

/* sw_hex_parse() for patterns, where "??" is a byte that matches anything:
 * 0x00 in the bytes and in *@mask, whose other bytes are 0xFF, so a frame
 * byte b matches when (b & mask) == byte. A lone "?" is
 * %SW_HEX_ERROR_HALF_WILDCARD. */
GBytes *_sw_hex_parse_pattern        (const char     *text,
                                      gssize          length,
                                      GBytes        **mask,
                                      gsize          *error_offset,
                                      GError        **error);

/* @text (@length bytes, or -1) as an error message quotes it: valid
 * UTF-8, and when longer than @max_chars characters, its head and tail
 * around an ellipsis, so that a pasted megabyte stays out of a dialog. */
char    *_sw_text_quote              (const char     *text,
                                      gssize          length,
                                      guint           max_chars);

/* Closes a stream from g_file_replace() on @file without committing it:
 * a file that @existed keeps what it had and the temporary file goes;
 * one that did not, which GIO wrote in place, is deleted. (Closing with
 * no cancellable after a failed write would rename the half-written
 * temporary file over the old one.) */
void     _sw_output_stream_abandon   (GOutputStream  *stream,
                                      GFile          *file,
                                      gboolean        existed);

/* A source that runs @func once each time its ready time comes
 * (g_source_set_ready_time(), 0 for the next main-loop turn), then
 * waits to be set again. Attached to the thread-default main context. */
GSource *_sw_wakeup_source_new       (const char     *name,
                                      int             priority,
                                      GSourceFunc     func,
                                      gpointer        user_data);

/* "1,073,741,824" where the locale groups digits, as events count bytes. */
char    *_sw_format_count            (guint64         count);

/* Why a file could not be read or written, in a few words for after
 * "Could not read “x”: " (GIO's own message when nothing shorter fits). */
char    *_sw_file_error_reason       (const GError   *error);

typedef void (*SwWriteProgressFunc) (gsize    written,
                                     gpointer user_data);

/* Writes @bytes to @file through a temporary file renamed over it, so
 * that a failed or cancelled write leaves @file byte for byte as it was
 * and no temporary file behind. @etag, when given, is what @file must
 * still be (G_IO_ERROR_WRONG_ETAG otherwise). @progress, when given, is
 * called after each piece written. Makes the parent folders. */
gboolean _sw_file_replace_atomically (GFile               *file,
                                      const char          *etag,
                                      GBytes              *bytes,
                                      SwWriteProgressFunc  progress,
                                      gpointer             user_data,
                                      GCancellable        *cancellable,
                                      GError             **error);
/* _sw_file_replace_atomically() in a thread, for a task of
 * @source_object (nullable) tagged @source_tag: a failure's message is
 * @prefix ("Could not save … to “file”: ") and the reason. @mode, when
 * not 0, is given to the file once written (where files have modes).
 * The task returns a boolean. */
void     _sw_file_replace_async      (GFile               *file,
                                      GBytes              *bytes,
                                      guint32              mode,
                                      const char          *prefix,
                                      gpointer             source_object,
                                      gpointer             source_tag,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);

G_END_DECLS
