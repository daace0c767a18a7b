/* sw-tcp-connection.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-connection.h"

G_BEGIN_DECLS

#define SW_TYPE_TCP_CONNECTION (sw_tcp_connection_get_type ())

G_DECLARE_FINAL_TYPE (SwTcpConnection, sw_tcp_connection, SW, TCP_CONNECTION, SwConnection)

/* Sends what is queued, then shuts down the sending side (FIN); the
 * connection stays open for what the peer still sends. */
void      sw_tcp_connection_shutdown_write  (SwTcpConnection *self);
/* Whether the sending side is shut down, or will be once the queue is sent. */
gboolean  sw_tcp_connection_get_write_shut  (SwTcpConnection *self);

G_END_DECLS
