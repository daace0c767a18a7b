/* sw-engine.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-connection.h"
#include "sw-net-error.h"
#include "sw-traffic-log.h"

G_BEGIN_DECLS

#define SW_TYPE_ENGINE (sw_engine_get_type ())

G_DECLARE_DERIVABLE_TYPE (SwEngine, sw_engine, SW, ENGINE, GObject)

/* What every session kind's network side shares: a log, a state, the
 * last error, counters, connections that data arrives on, one way to
 * send. The TCP client, the TCP server, the UDP peer and the relay
 * derive from it; what attaches to the receive or send path (framing,
 * rules, capture, file streams) attaches here, once. */
struct _SwEngineClass
{
  GObjectClass parent_class;

  /* Sends @bytes to @connection, or with %NULL where the engine sends
   * by default (the client's connection, every client of a server, the
   * UDP remote or last sender). */
  gboolean (*send)              (SwEngine         *self,
                                 SwConnection     *connection,
                                 GBytes           *bytes,
                                 const SwSendInfo *info,
                                 GError          **error);
  guint64  (*get_pending_bytes) (SwEngine         *self);
  /* Disconnects, stops listening, closes: back to where it started. */
  void     (*stop)              (SwEngine         *self);

  /* A connection of this engine ended: by the peer (@error %NULL, or why
   * it failed) or here (@by_us, with @dropped bytes unsent). The default
   * logs it; subclasses say it in their words. */
  void     (*connection_closed) (SwEngine         *self,
                                 SwConnection     *connection,
                                 const GError     *error,
                                 gboolean          by_us,
                                 gsize             dropped);
  /* Data arrived on @connection, record @seq of the log; before the
   * #SwEngine::received signal (a server echoes here). */
  void     (*data_received)     (SwEngine         *self,
                                 SwConnection     *connection,
                                 guint64           seq);

  /*< private >*/
  gpointer padding[8];
};

SwTrafficLog      *sw_engine_get_log              (SwEngine         *self);
/* CONNECTED while connected, listening or bound. */
SwConnectionState  sw_engine_get_state            (SwEngine         *self);
/* Why the last connect, listen, bind or send failed, in words. */
const GError      *sw_engine_get_last_error       (SwEngine         *self);
/* This end: the connection's, or the address listened on or bound. */
GSocketAddress    *sw_engine_get_local_address    (SwEngine         *self);
/* Since the engine was made, over every connection. */
guint64            sw_engine_get_bytes_received   (SwEngine         *self);
guint64            sw_engine_get_bytes_sent       (SwEngine         *self);
guint64            sw_engine_get_packets_received (SwEngine         *self);
guint64            sw_engine_get_packets_sent     (SwEngine         *self);
/* Bytes given to send that have not left yet, over every connection. */
guint64            sw_engine_get_pending_bytes    (SwEngine         *self);

/* See #SwEngineClass.send. */
gboolean           sw_engine_send                 (SwEngine         *self,
                                                   SwConnection     *connection,
                                                   GBytes           *bytes,
                                                   GError          **error);
gboolean           sw_engine_send_full            (SwEngine         *self,
                                                   SwConnection     *connection,
                                                   GBytes           *bytes,
                                                   const SwSendInfo *info,
                                                   GError          **error);
void               sw_engine_stop                 (SwEngine         *self);

/* Adds an event to the log, about @connection or (%NULL) the session. */
void               sw_engine_log_event            (SwEngine         *self,
                                                   SwConnection     *connection,
                                                   SwEventKind       kind,
                                                   const char       *message);

/* How long, in µs, the engines read and write in one turn of the main
 * loop before letting the rest of the program run (a window's next
 * frame, timers): SW_ENGINE_IO_BUDGET_DEFAULT unless a window set it from
 * what its frames cost. Clamped to SW_ENGINE_IO_BUDGET_MIN–MAX. */
#define SW_ENGINE_IO_BUDGET_DEFAULT 2000
#define SW_ENGINE_IO_BUDGET_MIN      250
#define SW_ENGINE_IO_BUDGET_MAX     8000
guint              sw_engine_get_io_budget        (void);
void               sw_engine_set_io_budget        (guint             usec);

G_END_DECLS
