/* sw-relay.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-endpoint.h"
#include "sw-engine.h"

G_BEGIN_DECLS

#define SW_TYPE_RELAY (sw_relay_get_type ())
#define SW_TYPE_RELAY_CONNECTION (sw_relay_connection_get_type ())

G_DECLARE_FINAL_TYPE (SwRelay, sw_relay, SW, RELAY, SwEngine)
/* One client relayed to the upstream: its connection (TCP) or its
 * datagrams (UDP). Its local address is the client's, its remote the
 * upstream's; "sent" counts client → upstream, "received" the other way. */
G_DECLARE_FINAL_TYPE (SwRelayConnection, sw_relay_connection, SW, RELAY_CONNECTION, SwConnection)

/* Where a message typed into a relay goes. */
typedef enum
{
  SW_RELAY_TARGET_UPSTREAM,
  SW_RELAY_TARGET_CLIENT,
} SwRelayTarget;

/* Sits between clients and an upstream server and forwards both ways,
 * logging each record once, as the relay sees it: client → upstream as
 * sent, upstream → client as received. */
SwRelay        *sw_relay_new                 (SwTrafficLog         *log);

/* Resolves @upstream, then listens on @address (NULL: every interface)
 * and @port (0: any free one) for @transport. */
void            sw_relay_start_async         (SwRelay              *self,
                                              SwTransport           transport,
                                              GInetAddress         *address,
                                              guint16               port,
                                              GSocketConnectable   *upstream,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
/* The same, with the address as people write it (a link-local IPv6
 * address with its scope included). */
void            sw_relay_start_endpoint_async (SwRelay            *self,
                                              SwTransport          transport,
                                              SwEndpoint          *local,
                                              GSocketConnectable  *upstream,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean        sw_relay_start_finish        (SwRelay              *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* Stops listening and closes every relayed connection. */
void            sw_relay_stop                (SwRelay              *self);

gboolean        sw_relay_get_running         (SwRelay              *self);
SwTransport     sw_relay_get_transport       (SwRelay              *self);
guint16         sw_relay_get_port            (SwRelay              *self);
/* The upstream address relayed to, once resolved. */
GSocketAddress *sw_relay_get_upstream_address (SwRelay             *self);
/* The relayed connections (SwRelayConnection), in the order they came. */
GListModel     *sw_relay_get_connections     (SwRelay              *self);

/* Where sw_engine_send() and sw_connection_send() put a message. */
SwRelayTarget   sw_relay_get_target          (SwRelay              *self);
void            sw_relay_set_target          (SwRelay              *self,
                                              SwRelayTarget         target);
/* Seconds a UDP client may stay silent before it is forgotten. */
guint           sw_relay_get_idle_timeout    (SwRelay              *self);
void            sw_relay_set_idle_timeout    (SwRelay              *self,
                                              guint                 seconds);
/* Seconds a connect to the upstream may take (0: as long as the system). */
guint           sw_relay_get_connect_timeout (SwRelay              *self);
void            sw_relay_set_connect_timeout (SwRelay              *self,
                                              guint                 seconds);

/* Sends @bytes towards @target on this relayed connection, marked in
 * the log as typed in rather than relayed. */
gboolean        sw_relay_connection_inject   (SwRelayConnection    *self,
                                              SwRelayTarget         target,
                                              GBytes               *bytes,
                                              const SwSendInfo     *info,
                                              GError              **error);

G_END_DECLS
