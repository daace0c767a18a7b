/* sw-tcp-connection-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-engine.h"
#include "sw-tcp-connection.h"

G_BEGIN_DECLS

/* A connection of @engine over @io_stream (a GSocketConnection, or a
 * GTlsConnection over one), reading once started. */
SwTcpConnection *_sw_tcp_connection_new       (SwEngine        *engine,
                                               GIOStream       *io_stream,
                                               GSocketAddress  *remote);
void             _sw_tcp_connection_start     (SwTcpConnection *self);
GSocket         *_sw_tcp_connection_get_socket (SwTcpConnection *self);
/* Stops reading until every hold is released: the peer is slowed down
 * by TCP's flow control instead of data piling up here. */
void             _sw_tcp_connection_hold_reading    (SwTcpConnection *self);
void             _sw_tcp_connection_release_reading (SwTcpConnection *self);

G_END_DECLS
