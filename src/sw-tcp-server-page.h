/* sw-tcp-server-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-session-page.h"

#include "sw-tcp-server.h"

G_BEGIN_DECLS

#define SW_TYPE_TCP_SERVER_PAGE (sw_tcp_server_page_get_type ())

G_DECLARE_FINAL_TYPE (SwTcpServerPage, sw_tcp_server_page, SW, TCP_SERVER_PAGE, SwSessionPage)

GtkWidget   *sw_tcp_server_page_new        (void);
SwTcpServer *sw_tcp_server_page_get_server (SwTcpServerPage *self);

G_END_DECLS
