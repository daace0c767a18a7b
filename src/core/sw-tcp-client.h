/* sw-tcp-client.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-engine.h"
#include "sw-tcp-connection.h"

G_BEGIN_DECLS

#define SW_TYPE_TCP_CLIENT (sw_tcp_client_get_type ())

G_DECLARE_FINAL_TYPE (SwTcpClient, sw_tcp_client, SW, TCP_CLIENT, SwEngine)

/* The engine's log, state, errors, counters and sending are SwEngine's
 * (sw_engine_send() goes to the connection). */
SwTcpClient         *sw_tcp_client_new                          (SwTrafficLog         *log);

/* Connects to @address (a host name is resolved, IPv4 and IPv6 tried),
 * then does the TLS handshake if #SwTcpClient:tls is set. Cancelling,
 * sw_tcp_client_disconnect() and #SwTcpClient:timeout end it early. */
void                 sw_tcp_client_connect_async                (SwTcpClient          *self,
                                                                 GSocketConnectable   *address,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean             sw_tcp_client_connect_finish               (SwTcpClient          *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
/* The connection, while connected. */
SwTcpConnection     *sw_tcp_client_get_connection               (SwTcpClient          *self);
/* Sends what is queued, then shuts down the sending side (FIN); the
 * connection stays open for what the peer still sends. */
gboolean             sw_tcp_client_shutdown_write               (SwTcpClient          *self,
                                                                 GError              **error);
/* Cancels a connect under way, or closes the connection now. */
void                 sw_tcp_client_disconnect                   (SwTcpClient          *self);

gboolean             sw_tcp_client_get_tls                      (SwTcpClient          *self);
void                 sw_tcp_client_set_tls                      (SwTcpClient          *self,
                                                                 gboolean              tls);
guint                sw_tcp_client_get_timeout                  (SwTcpClient          *self);
void                 sw_tcp_client_set_timeout                  (SwTcpClient          *self,
                                                                 guint                 seconds);
GSocketAddress      *sw_tcp_client_get_remote_address           (SwTcpClient          *self);
gint64               sw_tcp_client_get_connected_time           (SwTcpClient          *self);

/* The certificate the server presented in the last handshake, and why it
 * was not trusted (0 when it was). */
GTlsCertificate     *sw_tcp_client_get_peer_certificate         (SwTcpClient          *self);
GTlsCertificateFlags sw_tcp_client_get_peer_certificate_errors  (SwTcpClient          *self);
/* Trusts this one certificate (for the next connections of this client)
 * although it failed verification, as after asking the person. */
void                 sw_tcp_client_set_accepted_certificate     (SwTcpClient          *self,
                                                                 GTlsCertificate      *certificate);
GTlsCertificate     *sw_tcp_client_get_accepted_certificate     (SwTcpClient          *self);

G_END_DECLS
