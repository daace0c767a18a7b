/* sw-listener.h: a listening TCP socket that accepts between frames (internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-endpoint.h"
#include "sw-engine.h"

G_BEGIN_DECLS

typedef struct _SwListener SwListener;

/* Called for each connection accepted, with its socket. */
typedef void (*SwListenerAcceptFunc) (GSocket  *socket,
                                      gpointer  user_data);

/* Listens on @local (no host: every interface, IPv6 and IPv4 together
 * where the system allows; port 0: any free one) for @engine, whose log
 * and last error hear of what goes wrong while accepting. */
SwListener     *_sw_listener_new               (SwEngine              *engine,
                                                SwEndpoint            *local,
                                                SwListenerAcceptFunc   func,
                                                gpointer               user_data,
                                                GError               **error);
/* Stops listening and closes the socket. */
void            _sw_listener_free              (SwListener            *self);
GSocketAddress *_sw_listener_get_local_address (SwListener            *self);
/* A connection of the engine closed: at the open-file limit, a waiting
 * client may come in. */
void            _sw_listener_connection_closed (SwListener            *self);
/* See sw_tcp_server_set_open_file_limit(). */
void            _sw_listener_set_open_file_limit (guint                limit,
                                                  guint                reserve);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwListener, _sw_listener_free)

G_END_DECLS
