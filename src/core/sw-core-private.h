/* sw-core-private.h: helpers shared inside src/core only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-encoding.h"

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

/* A non-blocking socket of @type (stream or datagram) bound to @address
 * and @port, and listening when it is a stream. With @address %NULL, every
 * address: "::", which takes IPv4 too (GLib turns IPV6_V6ONLY off), or
 * 0.0.0.0 where IPv6 is disabled. @prepare, when given, sets options
 * before the bind. A failure is described in words, with the address
 * (sw_net_error_new_described()). */
GSocket *_sw_socket_new_bound (GInetAddress         *address,
                               guint16               port,
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

/* Closes a stream from g_file_replace() without committing it: the
 * file keeps what it had and the temporary file goes. (Closing with no
 * cancellable after a failed write would rename the half-written
 * temporary file over it.) */
void     _sw_output_stream_abandon   (GOutputStream  *stream);

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

G_END_DECLS
