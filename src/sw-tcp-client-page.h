/* sw-tcp-client-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-session-page.h"

#include "sw-tcp-client.h"

G_BEGIN_DECLS

#define SW_TYPE_TCP_CLIENT_PAGE (sw_tcp_client_page_get_type ())

G_DECLARE_FINAL_TYPE (SwTcpClientPage, sw_tcp_client_page, SW, TCP_CLIENT_PAGE, SwSessionPage)

GtkWidget   *sw_tcp_client_page_new        (void);
SwTcpClient *sw_tcp_client_page_get_client (SwTcpClientPage *self);

G_END_DECLS
