/* sw-connection.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-net-error.h"
#include "sw-traffic-log.h"

G_BEGIN_DECLS

#define SW_TYPE_CONNECTION (sw_connection_get_type ())

G_DECLARE_DERIVABLE_TYPE (SwConnection, sw_connection, SW, CONNECTION, GObject)

typedef struct _SwEngine SwEngine;

/* What the log says of a message besides its bytes. */
typedef struct
{
  SwRecordFlags flags;
  SwEncoding    encoding;   /* with SW_RECORD_FLAGS_TEXT */
} SwSendInfo;

/* One other end an engine talks to: a TCP connection, or the address a
 * UDP socket exchanges datagrams with. Its records in the log carry its
 * #SwConnection:id. */
struct _SwConnectionClass
{
  GObjectClass parent_class;

  gboolean (*send)              (SwConnection      *self,
                                 GBytes            *bytes,
                                 const SwSendInfo  *info,
                                 GError           **error);
  guint64  (*get_pending_bytes) (SwConnection      *self);
  void     (*disconnect)        (SwConnection      *self);

  /*< private >*/
  gpointer padding[8];
};

/* The engine it belongs to (a weak reference), or %NULL once that is gone. */
SwEngine          *sw_connection_get_engine          (SwConnection     *self);
/* Its id in the engine's log (sw_traffic_log_get_connection()). */
guint              sw_connection_get_id              (SwConnection     *self);
SwTransport        sw_connection_get_transport       (SwConnection     *self);
/* "127.0.0.1:53120", as the log names it. */
const char        *sw_connection_get_name            (SwConnection     *self);
GSocketAddress    *sw_connection_get_local_address   (SwConnection     *self);
GSocketAddress    *sw_connection_get_remote_address  (SwConnection     *self);
SwConnectionState  sw_connection_get_state           (SwConnection     *self);
/* When it connected (or the first datagram), µs since the epoch. */
gint64             sw_connection_get_connected_time  (SwConnection     *self);
guint64            sw_connection_get_bytes_received  (SwConnection     *self);
guint64            sw_connection_get_bytes_sent      (SwConnection     *self);
guint64            sw_connection_get_packets_received (SwConnection    *self);
guint64            sw_connection_get_packets_sent    (SwConnection     *self);
/* Bytes given to send that have not left yet. */
guint64            sw_connection_get_pending_bytes   (SwConnection     *self);

/* Queues @bytes; they leave in order, after what was queued before. */
gboolean           sw_connection_send                (SwConnection     *self,
                                                      GBytes           *bytes,
                                                      GError          **error);
/* The same, saying how the message was made (see #SwRecordFlags). */
gboolean           sw_connection_send_full           (SwConnection     *self,
                                                      GBytes           *bytes,
                                                      const SwSendInfo *info,
                                                      GError          **error);
/* Closes it now; what is still queued is dropped (and the log says so). */
void               sw_connection_disconnect          (SwConnection     *self);

G_END_DECLS
