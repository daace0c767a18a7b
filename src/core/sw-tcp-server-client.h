/* sw-tcp-server-client.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-net-error.h"

G_BEGIN_DECLS

#define SW_TYPE_TCP_SERVER_CLIENT (sw_tcp_server_client_get_type ())

G_DECLARE_FINAL_TYPE (SwTcpServerClient, sw_tcp_server_client, SW, TCP_SERVER_CLIENT, GObject)

GSocketAddress    *sw_tcp_server_client_get_address        (SwTcpServerClient  *self);
/* "127.0.0.1:53120", as the log names it. */
const char        *sw_tcp_server_client_get_name           (SwTcpServerClient  *self);
/* When it connected, µs since the epoch. */
gint64             sw_tcp_server_client_get_connected_time (SwTcpServerClient  *self);
SwConnectionState  sw_tcp_server_client_get_state          (SwTcpServerClient  *self);
guint64            sw_tcp_server_client_get_bytes_received (SwTcpServerClient  *self);
guint64            sw_tcp_server_client_get_bytes_sent     (SwTcpServerClient  *self);

/* Queues @bytes for this client. */
gboolean           sw_tcp_server_client_send               (SwTcpServerClient  *self,
                                                            GBytes             *bytes,
                                                            GError            **error);
/* Bytes queued for this client that its connection has not taken yet. */
guint64            sw_tcp_server_client_get_pending_bytes  (SwTcpServerClient  *self);
/* Closes this client's connection now. */
void               sw_tcp_server_client_disconnect         (SwTcpServerClient  *self);

G_END_DECLS
