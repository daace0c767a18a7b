/* sw-engine-private.h: what engines and connections share inside src/core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-connection.h"
#include "sw-engine.h"

G_BEGIN_DECLS

/* For subclasses of SwEngine. */
void     _sw_engine_set_state           (SwEngine          *self,
                                         SwConnectionState  state);
void     _sw_engine_set_last_error      (SwEngine          *self,
                                         const GError      *error);
void     _sw_engine_set_local_address   (SwEngine          *self,
                                         GSocketAddress    *address);
/* Reports an error a person caused or must know of: to the log (about
 * @connection, or the session) and as the last error. */
void     _sw_engine_fail                (SwEngine          *self,
                                         SwConnection      *connection,
                                         const GError      *error);

/* For connections: they count and report through their engine. Record
 * @seq of the log holds the @length bytes. */
void     _sw_engine_received            (SwEngine          *self,
                                         SwConnection      *connection,
                                         guint64            seq,
                                         gsize              length);
void     _sw_engine_sent                (SwEngine          *self,
                                         SwConnection      *connection,
                                         guint64            seq,
                                         gsize              length);
void     _sw_engine_connection_opened   (SwEngine          *self,
                                         SwConnection      *connection);
/* Only for _sw_connection_closed(). */
void     _sw_engine_report_closed       (SwEngine          *self,
                                         SwConnection      *connection,
                                         const GError      *error,
                                         gboolean           by_us,
                                         gsize              dropped);

/* For subclasses of SwConnection: @engine's log gets a connection entry
 * for it (a relay's goes from the client, @local, to the upstream). */
void     _sw_connection_setup           (SwConnection      *self,
                                         SwEngine          *engine,
                                         SwTransport        transport,
                                         gboolean           relay,
                                         GSocketAddress    *local,
                                         GSocketAddress    *remote);
void     _sw_connection_set_state       (SwConnection      *self,
                                         SwConnectionState  state);
/* It ended: by the peer (@error %NULL, or why it failed) or here
 * (@by_us, @dropped bytes unsent). The state becomes DISCONNECTED, the
 * engine says so (SwEngineClass.connection_closed), and the log's entry
 * is closed as @end. */
void     _sw_connection_closed          (SwConnection      *self,
                                         SwConnectionEnd    end,
                                         const GError      *error,
                                         gboolean           by_us,
                                         gsize              dropped);
/* Once it ended, why, in words: "The connection was reset by
 * 127.0.0.1:7000", "127.0.0.1:7000 closed the connection". */
char    *_sw_connection_describe_end    (SwConnection      *self);
/* Forgets the engine, which is going away. */
void     _sw_connection_detach          (SwConnection      *self);
/* The log's meta for a record of this connection. */
void     _sw_connection_meta            (SwConnection      *self,
                                         SwDirection        direction,
                                         const SwSendInfo  *info,
                                         SwTrafficMeta     *meta);
SwTrafficLog *_sw_connection_get_log    (SwConnection      *self);
/* Counts @length bytes in one packet (a read, a write, a datagram). */
void     _sw_connection_count           (SwConnection      *self,
                                         SwDirection        direction,
                                         gsize              length);
/* Returns TRUE the first time since its counters were last notified. */
gboolean _sw_connection_mark_dirty      (SwConnection      *self);
/* Notifies the counters that changed since the last call. */
void     _sw_connection_notify_counters (SwConnection      *self);

G_END_DECLS
