/* sw-udp-peer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-endpoint.h"
#include "sw-engine.h"
#include "sw-udp-association.h"

G_BEGIN_DECLS

#define SW_TYPE_UDP_PEER (sw_udp_peer_get_type ())

G_DECLARE_FINAL_TYPE (SwUdpPeer, sw_udp_peer, SW, UDP_PEER, SwEngine)

/* The largest UDP payload over IPv4. */
#define SW_UDP_MAX_PAYLOAD 65507

/* The log, state (CONNECTED while bound), errors, counters and sending
 * are SwEngine's: its connections are the SwUdpAssociation of each
 * address datagrams came from or went to; sw_engine_send() without one
 * sends where sw_udp_peer_send_async() with no destination does. */
SwUdpPeer          *sw_udp_peer_new                (SwTrafficLog         *log);

/* Binds @address (NULL: every interface, IPv6 and IPv4 together where
 * the system allows) and @port (0: any free port); starts receiving. */
gboolean            sw_udp_peer_bind               (SwUdpPeer            *self,
                                                    GInetAddress         *address,
                                                    guint16               port,
                                                    GError              **error);
/* The same, with the address as people write it (a link-local IPv6
 * address with its scope included). */
gboolean            sw_udp_peer_bind_endpoint      (SwUdpPeer            *self,
                                                    SwEndpoint           *local,
                                                    GError              **error);
void                sw_udp_peer_close              (SwUdpPeer            *self);
gboolean            sw_udp_peer_get_bound          (SwUdpPeer            *self);
guint16             sw_udp_peer_get_local_port     (SwUdpPeer            *self);

/* Where sends go by default: a host name is resolved when sending, to
 * its IPv4 address when it has both (UDP cannot fall back). */
GSocketConnectable *sw_udp_peer_get_remote         (SwUdpPeer            *self);
void                sw_udp_peer_set_remote         (SwUdpPeer            *self,
                                                    GSocketConnectable   *remote);
/* When set, sends go to whoever sent the last datagram, once someone has. */
gboolean            sw_udp_peer_get_reply_to_sender (SwUdpPeer           *self);
void                sw_udp_peer_set_reply_to_sender (SwUdpPeer           *self,
                                                     gboolean             reply_to_sender);
GSocketAddress     *sw_udp_peer_get_last_sender    (SwUdpPeer            *self);

/* Sends one datagram to @destination, or (NULL) to the last sender or
 * the remote as set above. Binds first if not bound, to any free port. */
void                sw_udp_peer_send_async         (SwUdpPeer            *self,
                                                    GSocketConnectable   *destination,
                                                    GBytes               *bytes,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean            sw_udp_peer_send_finish        (SwUdpPeer            *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* SO_BROADCAST: needed to send to a broadcast address. */
gboolean            sw_udp_peer_get_broadcast      (SwUdpPeer            *self);
void                sw_udp_peer_set_broadcast      (SwUdpPeer            *self,
                                                    gboolean              broadcast);
/* Multicast groups, IPv4 or IPv6, on @iface (NULL: the system's choice). */
gboolean            sw_udp_peer_join_group         (SwUdpPeer            *self,
                                                    GInetAddress         *group,
                                                    const char           *iface,
                                                    GError              **error);
gboolean            sw_udp_peer_leave_group        (SwUdpPeer            *self,
                                                    GInetAddress         *group,
                                                    const char           *iface,
                                                    GError              **error);
/* The groups joined, as "239.1.2.3" or "239.1.2.3%eth0". */
GStrv               sw_udp_peer_dup_groups         (SwUdpPeer            *self);

G_END_DECLS
