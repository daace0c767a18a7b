/* sw-core-private.h: helpers shared inside src/core only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

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

G_END_DECLS
