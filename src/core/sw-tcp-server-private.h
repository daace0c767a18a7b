/* sw-tcp-server-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-stream.h"
#include "sw-tcp-server.h"

G_BEGIN_DECLS

typedef struct
{
  void (*received)     (SwTcpServer       *server,
                        SwTcpServerClient *client,
                        guint64            seq);
  void (*sent)         (SwTcpServer       *server,
                        SwTcpServerClient *client,
                        guint64            seq);
  /* The peer closed (@error NULL), the connection failed, or (@by_us)
   * it was closed here with @dropped bytes unsent. */
  void (*closed)       (SwTcpServer       *server,
                        SwTcpServerClient *client,
                        const GError      *error,
                        gboolean           by_us,
                        gsize              dropped);
} SwTcpServerClientCallbacks;

SwTcpServerClient *_sw_tcp_server_client_new          (SwTcpServer                      *server,
                                                       GSocketConnection                *connection,
                                                       GSocketAddress                   *address,
                                                       SwTrafficLog                     *log,
                                                       const SwTcpServerClientCallbacks *callbacks);
void               _sw_tcp_server_client_start        (SwTcpServerClient                *self);
SwStream          *_sw_tcp_server_client_get_stream   (SwTcpServerClient                *self);
/* Forgets the server, which is going away. */
void               _sw_tcp_server_client_detach       (SwTcpServerClient                *self);
/* Returns TRUE the first time since the counters were last notified. */
gboolean           _sw_tcp_server_client_mark_dirty   (SwTcpServerClient                *self);
/* Notifies counters that changed since the last call. */
void               _sw_tcp_server_client_notify_counters (SwTcpServerClient             *self);

G_END_DECLS
