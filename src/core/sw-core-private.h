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

G_END_DECLS
