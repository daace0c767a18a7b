/* sw-udp-peer-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-session-page.h"

#include "sw-udp-peer.h"

G_BEGIN_DECLS

#define SW_TYPE_UDP_PEER_PAGE (sw_udp_peer_page_get_type ())

G_DECLARE_FINAL_TYPE (SwUdpPeerPage, sw_udp_peer_page, SW, UDP_PEER_PAGE, SwSessionPage)

GtkWidget *sw_udp_peer_page_new      (void);
SwUdpPeer *sw_udp_peer_page_get_peer (SwUdpPeerPage *self);

G_END_DECLS
