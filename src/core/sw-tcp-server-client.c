/* sw-tcp-server-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-tcp-server-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-core-enums.h"
#include "sw-core-private.h"
#include "sw-endpoint.h"
#include "sw-tcp-server-private.h"

struct _SwTcpServerClient
{
  GObject                           parent_instance;

  SwTcpServer                      *server;
  const SwTcpServerClientCallbacks *callbacks;
  SwStream                         *stream;
  GSocketAddress                   *address;
  char                             *name;
  gint64                            connected_time;
  SwConnectionState                 state;

  guint64                           notified_bytes_received;
  guint64                           notified_bytes_sent;
  gboolean                          dirty;
};

G_DEFINE_FINAL_TYPE (SwTcpServerClient, sw_tcp_server_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_NAME,
  PROP_CONNECTED_TIME,
  PROP_STATE,
  PROP_BYTES_RECEIVED,
  PROP_BYTES_SENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
stream_received_cb (SwStream *stream,
                    guint64   seq,
                    gsize     length,
                    gpointer  user_data)
{
  SwTcpServerClient *self = user_data;

  if (self->server != NULL)
    self->callbacks->received (self->server, self, seq);
}

static void
stream_sent_cb (SwStream *stream,
                guint64   seq,
                gsize     length,
                gpointer  user_data)
{
  SwTcpServerClient *self = user_data;

  if (self->server != NULL)
    self->callbacks->sent (self->server, self, seq);
}

static void
set_disconnected (SwTcpServerClient *self)
{
  self->state = SW_CONNECTION_STATE_DISCONNECTED;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  _sw_tcp_server_client_notify_counters (self);
}

static void
stream_closed_cb (SwStream     *stream,
                  const GError *error,
                  gpointer      user_data)
{
  SwTcpServerClient *self = user_data;

  g_object_ref (self);
  set_disconnected (self);
  if (self->server != NULL)
    self->callbacks->closed (self->server, self, error, FALSE, 0);
  g_object_unref (self);
}

static const SwStreamCallbacks stream_callbacks = {
  stream_received_cb,
  stream_sent_cb,
  stream_closed_cb,
};

SwTcpServerClient *
_sw_tcp_server_client_new (SwTcpServer                      *server,
                           GSocketConnection                *connection,
                           GSocketAddress                   *address,
                           SwTrafficLog                     *log,
                           const SwTcpServerClientCallbacks *callbacks)
{
  SwTcpServerClient *self = g_object_new (SW_TYPE_TCP_SERVER_CLIENT, NULL);

  self->server = server;
  self->callbacks = callbacks;
  self->address = g_object_ref (address);
  self->name = sw_socket_address_to_string (address);
  self->connected_time = g_get_real_time ();
  self->state = SW_CONNECTION_STATE_CONNECTED;
  self->stream = _sw_stream_new (G_IO_STREAM (connection), log, self->name,
                                 &stream_callbacks, self);

  return self;
}

void
_sw_tcp_server_client_start (SwTcpServerClient *self)
{
  _sw_stream_start (self->stream);
}

SwStream *
_sw_tcp_server_client_get_stream (SwTcpServerClient *self)
{
  return self->stream;
}

void
_sw_tcp_server_client_detach (SwTcpServerClient *self)
{
  self->server = NULL;
}

gboolean
_sw_tcp_server_client_mark_dirty (SwTcpServerClient *self)
{
  if (self->dirty)
    return FALSE;

  self->dirty = TRUE;
  return TRUE;
}

void
_sw_tcp_server_client_notify_counters (SwTcpServerClient *self)
{
  guint64 received = _sw_stream_get_bytes_received (self->stream);
  guint64 sent = _sw_stream_get_bytes_sent (self->stream);

  self->dirty = FALSE;

  _sw_notify_counter (G_OBJECT (self), &self->notified_bytes_received, received,
                      properties[PROP_BYTES_RECEIVED]);
  _sw_notify_counter (G_OBJECT (self), &self->notified_bytes_sent, sent,
                      properties[PROP_BYTES_SENT]);
}

/**
 * sw_tcp_server_client_get_address:
 *
 * Returns: (transfer none): where the client connects from
 */
GSocketAddress *
sw_tcp_server_client_get_address (SwTcpServerClient *self)
{
  g_return_val_if_fail (SW_IS_TCP_SERVER_CLIENT (self), NULL);

  return self->address;
}

const char *
sw_tcp_server_client_get_name (SwTcpServerClient *self)
{
  g_return_val_if_fail (SW_IS_TCP_SERVER_CLIENT (self), NULL);

  return self->name;
}

gint64
sw_tcp_server_client_get_connected_time (SwTcpServerClient *self)
{
  g_return_val_if_fail (SW_IS_TCP_SERVER_CLIENT (self), 0);

  return self->connected_time;
}

SwConnectionState
sw_tcp_server_client_get_state (SwTcpServerClient *self)
{
  g_return_val_if_fail (SW_IS_TCP_SERVER_CLIENT (self), SW_CONNECTION_STATE_DISCONNECTED);

  return self->state;
}

guint64
sw_tcp_server_client_get_bytes_received (SwTcpServerClient *self)
{
  g_return_val_if_fail (SW_IS_TCP_SERVER_CLIENT (self), 0);

  return _sw_stream_get_bytes_received (self->stream);
}

guint64
sw_tcp_server_client_get_bytes_sent (SwTcpServerClient *self)
{
  g_return_val_if_fail (SW_IS_TCP_SERVER_CLIENT (self), 0);

  return _sw_stream_get_bytes_sent (self->stream);
}

gboolean
sw_tcp_server_client_send (SwTcpServerClient  *self,
                           GBytes             *bytes,
                           GError            **error)
{
  g_return_val_if_fail (SW_IS_TCP_SERVER_CLIENT (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (self->state != SW_CONNECTION_STATE_CONNECTED || !_sw_stream_send (self->stream, bytes))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                   /* Translators: %s is a client's address. */
                   _("Client %s is no longer connected"), self->name);
      return FALSE;
    }

  return TRUE;
}

guint64
sw_tcp_server_client_get_pending_bytes (SwTcpServerClient *self)
{
  g_return_val_if_fail (SW_IS_TCP_SERVER_CLIENT (self), 0);

  return self->stream != NULL ? _sw_stream_get_pending (self->stream) : 0;
}

void
sw_tcp_server_client_disconnect (SwTcpServerClient *self)
{
  gsize dropped;

  g_return_if_fail (SW_IS_TCP_SERVER_CLIENT (self));

  if (self->state != SW_CONNECTION_STATE_CONNECTED)
    return;

  g_object_ref (self);
  dropped = _sw_stream_close (self->stream);
  set_disconnected (self);
  if (self->server != NULL)
    self->callbacks->closed (self->server, self, NULL, TRUE, dropped);
  g_object_unref (self);
}

static void
sw_tcp_server_client_dispose (GObject *object)
{
  SwTcpServerClient *self = SW_TCP_SERVER_CLIENT (object);

  if (self->stream != NULL)
    _sw_stream_close (self->stream);

  G_OBJECT_CLASS (sw_tcp_server_client_parent_class)->dispose (object);
}

static void
sw_tcp_server_client_finalize (GObject *object)
{
  SwTcpServerClient *self = SW_TCP_SERVER_CLIENT (object);

  g_clear_pointer (&self->stream, _sw_stream_unref);
  g_clear_object (&self->address);
  g_free (self->name);

  G_OBJECT_CLASS (sw_tcp_server_client_parent_class)->finalize (object);
}

static void
sw_tcp_server_client_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SwTcpServerClient *self = SW_TCP_SERVER_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_value_set_object (value, self->address);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_CONNECTED_TIME:
      g_value_set_int64 (value, self->connected_time);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->notified_bytes_received);
      break;

    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->notified_bytes_sent);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_tcp_server_client_class_init (SwTcpServerClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_tcp_server_client_dispose;
  object_class->finalize = sw_tcp_server_client_finalize;
  object_class->get_property = sw_tcp_server_client_get_property;

  properties[PROP_ADDRESS] =
    g_param_spec_object ("address", NULL, NULL,
                         G_TYPE_SOCKET_ADDRESS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTED_TIME] =
    g_param_spec_int64 ("connected-time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       SW_TYPE_CONNECTION_STATE, SW_CONNECTION_STATE_CONNECTED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Notified at most once per frame (when the session's log batches). */
  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BYTES_SENT] =
    g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_tcp_server_client_init (SwTcpServerClient *self)
{
}
