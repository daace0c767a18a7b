/* sw-udp-association.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-connection.h"

G_BEGIN_DECLS

#define SW_TYPE_UDP_ASSOCIATION (sw_udp_association_get_type ())

/* The other end of a UDP socket's exchange: one address datagrams come
 * from or go to. Sending to it sends one datagram through its engine. */
G_DECLARE_FINAL_TYPE (SwUdpAssociation, sw_udp_association, SW, UDP_ASSOCIATION, SwConnection)

/* When a datagram last came from it or went to it (monotonic, µs). */
gint64  sw_udp_association_get_last_used (SwUdpAssociation *self);

G_END_DECLS
