/* sw-tcp-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-endpoint.h"
#include "sw-engine.h"
#include "sw-tcp-connection.h"

G_BEGIN_DECLS

#define SW_TYPE_TCP_SERVER (sw_tcp_server_get_type ())

G_DECLARE_FINAL_TYPE (SwTcpServer, sw_tcp_server, SW, TCP_SERVER, SwEngine)

/* The log, state (CONNECTED while listening), errors, counters and
 * sending are SwEngine's; sw_engine_send() without a connection sends to
 * every client. */
SwTcpServer    *sw_tcp_server_new               (SwTrafficLog   *log);

/* Listens on @address (NULL: every interface, IPv6 and IPv4 together
 * where the system allows) and @port (0: any free port, see
 * sw_tcp_server_get_port()). */
gboolean        sw_tcp_server_listen            (SwTcpServer    *self,
                                                 GInetAddress   *address,
                                                 guint16         port,
                                                 GError        **error);
/* The same, with the address as people write it: what a URI or the
 * listen form gives, a link-local IPv6 address with its scope included. */
gboolean        sw_tcp_server_listen_endpoint   (SwTcpServer    *self,
                                                 SwEndpoint     *local,
                                                 GError        **error);
/* Stops accepting; connected clients stay unless @close_clients. */
void            sw_tcp_server_stop              (SwTcpServer    *self,
                                                 gboolean        close_clients);
gboolean        sw_tcp_server_get_listening     (SwTcpServer    *self);
guint16         sw_tcp_server_get_port          (SwTcpServer    *self);

/* The connected clients (SwTcpConnection), in the order they came. */
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
