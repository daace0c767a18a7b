/* sw-tcp-connection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-tcp-connection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-engine-private.h"
#include "sw-stream.h"
#include "sw-tcp-connection-private.h"

/* One TCP connection, plain or TLS: the client's, or one of a server's
 * clients. The stream does the I/O; this reports to the engine. */

struct _SwTcpConnection
{
  SwConnection  parent_instance;

  SwStream     *stream;
  /* Readers of what arrives that cannot keep up (a capture to a slow
   * disk): while any holds it, nothing is read, and TCP slows the peer. */
  guint         read_holds;
};

G_DEFINE_FINAL_TYPE (SwTcpConnection, sw_tcp_connection, SW_TYPE_CONNECTION)

static void
stream_data_cb (SwStream    *stream,
                SwDirection  direction,
                guint64      seq,
                gsize        length,
                gpointer     user_data)
{
  SwConnection *connection = user_data;
  SwEngine *engine = sw_connection_get_engine (connection);

  if (engine == NULL)
    return;

  if (direction == SW_DIRECTION_RECEIVED)
    _sw_engine_received (engine, connection, seq, length);
  else
    _sw_engine_sent (engine, connection, seq, length);
}

static void
stream_closed_cb (SwStream     *stream,
                  const GError *error,
                  gpointer      user_data)
{
  _sw_connection_closed (user_data,
                         error != NULL ? SW_CONNECTION_END_RESET : SW_CONNECTION_END_CLOSED,
                         error, FALSE, 0);
}

static const SwStreamCallbacks stream_callbacks = {
  stream_data_cb,
  stream_closed_cb,
};

SwTcpConnection *
_sw_tcp_connection_new (SwEngine       *engine,
                        GIOStream      *io_stream,
                        GSocketAddress *remote)
{
  SwTcpConnection *self = g_object_new (SW_TYPE_TCP_CONNECTION, NULL);
  SwConnection *connection = SW_CONNECTION (self);
  GIOStream *base = io_stream;
  g_autoptr(GSocketAddress) local = NULL;

  if (G_IS_TLS_CONNECTION (io_stream))
    {
      g_object_get (io_stream, "base-io-stream", &base, NULL);
      g_object_unref (base);
    }
  if (G_IS_SOCKET_CONNECTION (base))
    local = g_socket_connection_get_local_address (G_SOCKET_CONNECTION (base), NULL);

  _sw_connection_setup (connection, engine, SW_TRANSPORT_TCP, FALSE, local, remote);
  self->stream = _sw_stream_new (io_stream, sw_engine_get_log (engine),
                                 sw_connection_get_id (connection),
                                 sw_connection_get_name (connection), FALSE,
                                 &stream_callbacks, self);

  return self;
}

void
_sw_tcp_connection_start (SwTcpConnection *self)
{
  _sw_stream_start (self->stream);
}

void
_sw_tcp_connection_hold_reading (SwTcpConnection *self)
{
  if (self->read_holds++ == 0)
    _sw_stream_set_reading (self->stream, FALSE);
}

void
_sw_tcp_connection_release_reading (SwTcpConnection *self)
{
  g_return_if_fail (self->read_holds > 0);

  if (--self->read_holds == 0)
    _sw_stream_set_reading (self->stream, TRUE);
}

GSocket *
_sw_tcp_connection_get_socket (SwTcpConnection *self)
{
  return _sw_stream_get_socket (self->stream);
}

void
sw_tcp_connection_shutdown_write (SwTcpConnection *self)
{
  g_return_if_fail (SW_IS_TCP_CONNECTION (self));

  _sw_stream_shutdown_write (self->stream);
}

gboolean
sw_tcp_connection_get_write_shut (SwTcpConnection *self)
{
  g_return_val_if_fail (SW_IS_TCP_CONNECTION (self), TRUE);

  return _sw_stream_is_write_shut (self->stream);
}

static gboolean
sw_tcp_connection_send (SwConnection      *connection,
                        GBytes            *bytes,
                        const SwSendInfo  *info,
                        GError           **error)
{
  SwTcpConnection *self = SW_TCP_CONNECTION (connection);

  if (!_sw_stream_send (self->stream, bytes, info))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                           _("The sending side is shut down: reconnect to send again"));
      return FALSE;
    }

  return TRUE;
}

static guint64
sw_tcp_connection_get_pending_bytes (SwConnection *connection)
{
  return _sw_stream_get_pending (SW_TCP_CONNECTION (connection)->stream);
}

static void
sw_tcp_connection_disconnect (SwConnection *connection)
{
  SwTcpConnection *self = SW_TCP_CONNECTION (connection);
  gsize dropped;

  _sw_connection_set_state (connection, SW_CONNECTION_STATE_CLOSING);
  dropped = _sw_stream_close (self->stream);
  _sw_connection_closed (connection, SW_CONNECTION_END_CLOSED, NULL, TRUE, dropped);
}

static void
sw_tcp_connection_finalize (GObject *object)
{
  SwTcpConnection *self = SW_TCP_CONNECTION (object);

  if (self->stream != NULL)
    _sw_stream_close (self->stream);
  g_clear_pointer (&self->stream, _sw_stream_unref);

  G_OBJECT_CLASS (sw_tcp_connection_parent_class)->finalize (object);
}

static void
sw_tcp_connection_class_init (SwTcpConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SwConnectionClass *connection_class = SW_CONNECTION_CLASS (klass);

  object_class->finalize = sw_tcp_connection_finalize;

  connection_class->send = sw_tcp_connection_send;
  connection_class->get_pending_bytes = sw_tcp_connection_get_pending_bytes;
  connection_class->disconnect = sw_tcp_connection_disconnect;
}

static void
sw_tcp_connection_init (SwTcpConnection *self)
{
}
