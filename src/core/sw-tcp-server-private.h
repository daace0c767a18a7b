/* sw-tcp-server-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-tcp-server.h"

G_BEGIN_DECLS

/* Every client connected now (SwTcpConnection), in the order they came,
 * including those that reach #SwTcpServer:clients at the next main-loop
 * turn. */
GPtrArray *_sw_tcp_server_dup_clients (SwTcpServer *self);

G_END_DECLS
