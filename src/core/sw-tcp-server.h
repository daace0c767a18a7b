/* sw-tcp-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-tcp-server-client.h"
#include "sw-traffic-log.h"

G_BEGIN_DECLS

#define SW_TYPE_TCP_SERVER (sw_tcp_server_get_type ())

G_DECLARE_FINAL_TYPE (SwTcpServer, sw_tcp_server, SW, TCP_SERVER, GObject)

SwTcpServer    *sw_tcp_server_new               (SwTrafficLog   *log);
SwTrafficLog   *sw_tcp_server_get_log           (SwTcpServer    *self);

/* Listens on @address (NULL: every interface, IPv6 and IPv4 together
 * where the system allows) and @port (0: any free port, see
 * sw_tcp_server_get_port()). */
gboolean        sw_tcp_server_listen            (SwTcpServer    *self,
                                                 GInetAddress   *address,
                                                 guint16         port,
                                                 GError        **error);
/* Stops accepting; connected clients stay unless @close_clients. */
void            sw_tcp_server_stop              (SwTcpServer    *self,
                                                 gboolean        close_clients);
gboolean        sw_tcp_server_get_listening     (SwTcpServer    *self);
guint16         sw_tcp_server_get_port          (SwTcpServer    *self);
GSocketAddress *sw_tcp_server_get_local_address (SwTcpServer    *self);
const GError   *sw_tcp_server_get_last_error    (SwTcpServer    *self);

/* The connected clients (SwTcpServerClient), in the order they came. */
GListModel     *sw_tcp_server_get_clients       (SwTcpServer    *self);
/* Queues @bytes for every connected client; returns how many. */
guint           sw_tcp_server_send_to_all       (SwTcpServer    *self,
                                                 GBytes         *bytes);
void            sw_tcp_server_disconnect_all    (SwTcpServer    *self);

/* Where the process may open only @limit files (the app says at start-up;
 * 0: unknown), servers stop accepting while fewer than @reserve would be
 * left for the rest of the program, and clients wait. */
void            sw_tcp_server_set_open_file_limit (guint     limit,
                                                   guint     reserve);

/* Echo: everything a client sends is sent back to it. */
gboolean        sw_tcp_server_get_echo          (SwTcpServer    *self);
void            sw_tcp_server_set_echo          (SwTcpServer    *self,
                                                 gboolean        echo);

G_END_DECLS
