/* sw-tcp-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-tcp-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-core-private.h"
#include "sw-endpoint.h"
#include "sw-engine-private.h"
#include "sw-listener.h"
#include "sw-tcp-connection-private.h"
#include "sw-tcp-server-private.h"

struct _SwTcpServer
{
  SwEngine        parent_instance;

  SwListener     *listener;
  char           *local_name;
  gboolean        echo;

  /* The list model changes once per main-loop turn, not per client. */
  GListStore     *clients;
  GPtrArray      *added;
  GPtrArray      *removed;
  GSource        *flush_source;
};

G_DEFINE_FINAL_TYPE (SwTcpServer, sw_tcp_server, SW_TYPE_ENGINE)

enum {
  PROP_0,
  PROP_LISTENING,
  PROP_PORT,
  PROP_ECHO,
  PROP_CLIENTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
log_event (SwTcpServer  *self,
           SwConnection *client,
           SwEventKind   kind,
           const char   *message)
{
  sw_engine_log_event (SW_ENGINE (self), client, kind, message);
}

static void
set_last_error (SwTcpServer  *self,
                const GError *error)
{
  _sw_engine_set_last_error (SW_ENGINE (self), error);
}

static void
flush_clients (SwTcpServer *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->clients));

  if (self->removed->len > 0)
    {
      g_autoptr(GHashTable) gone = g_hash_table_new (NULL, NULL);
      g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
      guint first = G_MAXUINT;

      for (guint i = 0; i < self->removed->len; i++)
        {
          gpointer client = g_ptr_array_index (self->removed, i);
          guint index;

          /* Came and went within one turn: it never reached the model. */
          if (g_ptr_array_find (self->added, client, &index))
            g_ptr_array_remove_index (self->added, index);
          else
            g_hash_table_add (gone, client);
        }

      for (guint i = 0; i < n_items; i++)
        {
          SwConnection *client = g_list_model_get_item (G_LIST_MODEL (self->clients), i);

          if (g_hash_table_contains (gone, client))
            {
              first = MIN (first, i);
              g_object_unref (client);
            }
          else if (first != G_MAXUINT)
            g_ptr_array_add (kept, client);
          else
            g_object_unref (client);
        }

      if (first != G_MAXUINT)
        g_list_store_splice (self->clients, first, n_items - first, kept->pdata, kept->len);

      g_ptr_array_set_size (self->removed, 0);
      n_items = g_list_model_get_n_items (G_LIST_MODEL (self->clients));
    }

  if (self->added->len > 0)
    {
      g_list_store_splice (self->clients, n_items, 0, self->added->pdata, self->added->len);
      g_ptr_array_set_size (self->added, 0);
    }
}

static gboolean
flush_source_cb (gpointer user_data)
{
  flush_clients (SW_TCP_SERVER (user_data));

  return G_SOURCE_CONTINUE;
}

static void
queue_flush (SwTcpServer *self)
{
  if (self->flush_source == NULL)
    self->flush_source = _sw_wakeup_source_new ("[sw-tcp-server-flush]", G_PRIORITY_DEFAULT,
                                                flush_source_cb, self);

  g_source_set_ready_time (self->flush_source, 0);
}

static void
sw_tcp_server_data_received (SwEngine     *engine,
                             SwConnection *client,
                             guint64       seq)
{
  SwTcpServer *self = SW_TCP_SERVER (engine);

  if (self->echo)
    {
      g_autoptr(GBytes) bytes = sw_traffic_log_dup_payload (sw_engine_get_log (engine), seq);
      SwSendInfo info = { SW_RECORD_FLAGS_AUTOMATIC, SW_ENCODING_UTF8 };

      sw_connection_send_full (client, bytes, &info, NULL);
    }
}

static void
sw_tcp_server_connection_closed (SwEngine     *engine,
                                 SwConnection *client,
                                 const GError *error,
                                 gboolean      by_us,
                                 gsize         dropped)
{
  SwTcpServer *self = SW_TCP_SERVER (engine);
  const char *name = sw_connection_get_name (client);
  g_autofree char *message = NULL;
  SwEventKind kind = SW_EVENT_KIND_DISCONNECTED;

  if (error != NULL)
    {
      message = sw_net_error_describe (error, name);
      kind = SW_EVENT_KIND_ERROR;
    }
  else if (by_us && dropped > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GSIZE_FORMAT, dropped);

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              /* Translators: the first %s is a client's address, the second a number. */
                                              "Disconnected client %s; %s byte still queued was not sent",
                                              "Disconnected client %s; %s bytes still queued were not sent",
                                              dropped),
                                 name, count);
    }
  else if (by_us)
    message = g_strdup_printf (_("Disconnected client %s"), name);
  else
    message = g_strdup_printf (_("Client %s closed the connection"), name);

  log_event (self, client, kind, message);

  g_ptr_array_add (self->removed, g_object_ref (client));
  queue_flush (self);
  if (self->listener != NULL)
    _sw_listener_connection_closed (self->listener);
}

static void
add_client (GSocket  *socket,
            gpointer  user_data)
{
  SwTcpServer *self = user_data;
  g_autoptr(GSocketConnection) connection = g_socket_connection_factory_create_connection (socket);
  g_autoptr(GSocketAddress) address = g_socket_get_remote_address (socket, NULL);
  g_autoptr(SwTcpConnection) client = NULL;
  g_autofree char *message = NULL;

  if (address == NULL)
    {
      /* Reset before we looked at it. */
      g_socket_close (socket, NULL);
      return;
    }

  client = _sw_tcp_connection_new (SW_ENGINE (self), G_IO_STREAM (connection), address);

  /* Translators: %s is a client's address, e.g. 127.0.0.1:53120. */
  message = g_strdup_printf (_("Client %s connected"), sw_connection_get_name (SW_CONNECTION (client)));
  log_event (self, SW_CONNECTION (client), SW_EVENT_KIND_CONNECTED, message);

  g_ptr_array_add (self->added, g_object_ref (client));
  queue_flush (self);

  _sw_engine_connection_opened (SW_ENGINE (self), SW_CONNECTION (client));

  _sw_tcp_connection_start (client);
}

/**
 * sw_tcp_server_set_open_file_limit:
 * @limit: how many files the process may have open, 0 if unknown
 * @reserve: how many of them listeners leave to the rest of the program
 *
 * Tells every listener of the process (servers, relays) where the
 * open-file limit is, as the app learns it at start-up on systems that
 * have one. A listener then stops accepting once fewer than @reserve
 * descriptors would be left, instead of running into the limit, and says
 * so once (issue #15).
 */
void
sw_tcp_server_set_open_file_limit (guint limit,
                                   guint reserve)
{
  g_return_if_fail (limit == 0 || reserve < limit);

  _sw_listener_set_open_file_limit (limit, reserve);
}

/**
 * sw_tcp_server_new:
 * @log: (nullable): where traffic goes; a new log when %NULL
 *
 * Returns: (transfer full): a server that is not listening yet
 */
SwTcpServer *
sw_tcp_server_new (SwTrafficLog *log)
{
  g_return_val_if_fail (log == NULL || SW_IS_TRAFFIC_LOG (log), NULL);

  return g_object_new (SW_TYPE_TCP_SERVER, "log", log, NULL);
}

/**
 * sw_tcp_server_listen:
 * @address: (nullable): the local address to listen on
 * @port: the port, or 0 for any free one
 *
 * Returns: %TRUE when listening; otherwise @error (and the log) say why in
 *   words a person can act on
 */
gboolean
sw_tcp_server_listen (SwTcpServer   *self,
                      GInetAddress  *address,
                      guint16        port,
                      GError       **error)
{
  g_autoptr(SwEndpoint) local = NULL;

  g_return_val_if_fail (SW_IS_TCP_SERVER (self), FALSE);
  g_return_val_if_fail (address == NULL || G_IS_INET_ADDRESS (address), FALSE);

  local = _sw_endpoint_new_local (address, port);

  return sw_tcp_server_listen_endpoint (self, local, error);
}

/**
 * sw_tcp_server_listen_endpoint:
 * @local: where to listen: no host for every interface, or an IP address
 *   of this computer (IPv6 with its scope, "fe80::1%eth0"); port 0 for
 *   any free one
 *
 * Returns: %TRUE when listening; otherwise @error (and the log) say why in
 *   words a person can act on
 */
gboolean
sw_tcp_server_listen_endpoint (SwTcpServer  *self,
                               SwEndpoint   *local,
                               GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  GSocketAddress *local_address;
  g_autofree char *message = NULL;

  g_return_val_if_fail (SW_IS_TCP_SERVER (self), FALSE);
  g_return_val_if_fail (local != NULL, FALSE);

  if (self->listener != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                   _("Already listening on %s: stop first"), self->local_name);
      return FALSE;
    }

  self->listener = _sw_listener_new (SW_ENGINE (self), local, add_client, self, &local_error);
  if (self->listener == NULL)
    {
      _sw_engine_fail (SW_ENGINE (self), NULL, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  set_last_error (self, NULL);
  local_address = _sw_listener_get_local_address (self->listener);
  self->local_name = sw_socket_address_to_string (local_address);

  /* Translators: %s is a local address and port, e.g. [::]:7000. */
  message = g_strdup_printf (_("Listening on %s"), self->local_name);
  log_event (self, NULL, SW_EVENT_KIND_INFO, message);

  g_object_freeze_notify (G_OBJECT (self));
  _sw_engine_set_local_address (SW_ENGINE (self), local_address);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LISTENING]);
  _sw_engine_set_state (SW_ENGINE (self), SW_CONNECTION_STATE_CONNECTED);
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

static void
close_listener (SwTcpServer *self)
{
  g_clear_pointer (&self->listener, _sw_listener_free);
  g_clear_pointer (&self->local_name, g_free);
}

/**
 * sw_tcp_server_stop:
 * @close_clients: whether to also close every client's connection
 */
void
sw_tcp_server_stop (SwTcpServer *self,
                    gboolean     close_clients)
{
  g_autofree char *message = NULL;

  g_return_if_fail (SW_IS_TCP_SERVER (self));

  if (self->listener != NULL)
    {
      message = g_strdup_printf (_("Stopped listening on %s"), self->local_name);
      close_listener (self);
      log_event (self, NULL, SW_EVENT_KIND_INFO, message);

      g_object_freeze_notify (G_OBJECT (self));
      _sw_engine_set_local_address (SW_ENGINE (self), NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LISTENING]);
      _sw_engine_set_state (SW_ENGINE (self), SW_CONNECTION_STATE_DISCONNECTED);
      g_object_thaw_notify (G_OBJECT (self));
    }

  if (close_clients)
    sw_tcp_server_disconnect_all (self);
}

gboolean
sw_tcp_server_get_listening (SwTcpServer *self)
{
  g_return_val_if_fail (SW_IS_TCP_SERVER (self), FALSE);

  return self->listener != NULL;
}

/**
 * sw_tcp_server_get_port:
 *
 * Returns: the port listened on (the one picked when 0 was asked), or 0
 */
guint16
sw_tcp_server_get_port (SwTcpServer *self)
{
  GSocketAddress *local_address;

  g_return_val_if_fail (SW_IS_TCP_SERVER (self), 0);

  local_address = sw_engine_get_local_address (SW_ENGINE (self));
  if (local_address == NULL)
    return 0;

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local_address));
}

/**
 * sw_tcp_server_get_clients:
 *
 * Returns: (transfer none): a list model of #SwTcpConnection
 */
GListModel *
sw_tcp_server_get_clients (SwTcpServer *self)
{
  g_return_val_if_fail (SW_IS_TCP_SERVER (self), NULL);

  return G_LIST_MODEL (self->clients);
}

/* Every client still connected, in the model or about to be. */
GPtrArray *
_sw_tcp_server_dup_clients (SwTcpServer *self)
{
  GPtrArray *clients = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->clients));

  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (clients, g_list_model_get_item (G_LIST_MODEL (self->clients), i));
  for (guint i = 0; i < self->added->len; i++)
    g_ptr_array_add (clients, g_object_ref (g_ptr_array_index (self->added, i)));

  return clients;
}

static guint
send_to_all (SwTcpServer      *self,
             GBytes           *bytes,
             const SwSendInfo *info)
{
  g_autoptr(GPtrArray) clients = NULL;
  guint sent = 0;

  clients = _sw_tcp_server_dup_clients (self);
  for (guint i = 0; i < clients->len; i++)
    if (sw_connection_send_full (g_ptr_array_index (clients, i), bytes, info, NULL))
      sent++;

  return sent;
}

guint
sw_tcp_server_send_to_all (SwTcpServer *self,
                           GBytes      *bytes)
{
  g_return_val_if_fail (SW_IS_TCP_SERVER (self), 0);
  g_return_val_if_fail (bytes != NULL, 0);

  return send_to_all (self, bytes, NULL);
}

static gboolean
sw_tcp_server_send (SwEngine          *engine,
                    SwConnection      *client,
                    GBytes            *bytes,
                    const SwSendInfo  *info,
                    GError           **error)
{
  SwTcpServer *self = SW_TCP_SERVER (engine);

  if (client != NULL)
    return sw_connection_send_full (client, bytes, info, error);

  if (send_to_all (self, bytes, info) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("No client is connected"));
      return FALSE;
    }

  return TRUE;
}

static guint64
sw_tcp_server_get_pending_bytes (SwEngine *engine)
{
  g_autoptr(GPtrArray) clients = _sw_tcp_server_dup_clients (SW_TCP_SERVER (engine));
  guint64 pending = 0;

  for (guint i = 0; i < clients->len; i++)
    pending += sw_connection_get_pending_bytes (g_ptr_array_index (clients, i));

  return pending;
}

static void
sw_tcp_server_stop_engine (SwEngine *engine)
{
  sw_tcp_server_stop (SW_TCP_SERVER (engine), TRUE);
}

void
sw_tcp_server_disconnect_all (SwTcpServer *self)
{
  g_autoptr(GPtrArray) clients = NULL;

  g_return_if_fail (SW_IS_TCP_SERVER (self));

  clients = _sw_tcp_server_dup_clients (self);
  for (guint i = 0; i < clients->len; i++)
    sw_connection_disconnect (g_ptr_array_index (clients, i));
}

gboolean
sw_tcp_server_get_echo (SwTcpServer *self)
{
  g_return_val_if_fail (SW_IS_TCP_SERVER (self), FALSE);

  return self->echo;
}

void
sw_tcp_server_set_echo (SwTcpServer *self,
                        gboolean     echo)
{
  g_return_if_fail (SW_IS_TCP_SERVER (self));

  echo = !!echo;
  if (self->echo != echo)
    {
      self->echo = echo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ECHO]);
    }
}

static void
detach_client (gpointer item,
               gpointer user_data)
{
  SwConnection *client = item;

  /* Closed without a word: the session is going away. */
  _sw_connection_detach (client);
  sw_connection_disconnect (client);
}

static void
sw_tcp_server_dispose (GObject *object)
{
  SwTcpServer *self = SW_TCP_SERVER (object);

  close_listener (self);

  if (self->clients != NULL)
    {
      g_autoptr(GPtrArray) clients = _sw_tcp_server_dup_clients (self);

      g_ptr_array_foreach (clients, detach_client, NULL);
      g_list_store_remove_all (self->clients);
    }
  g_ptr_array_set_size (self->added, 0);
  g_ptr_array_set_size (self->removed, 0);

  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }

  G_OBJECT_CLASS (sw_tcp_server_parent_class)->dispose (object);
}

static void
sw_tcp_server_finalize (GObject *object)
{
  SwTcpServer *self = SW_TCP_SERVER (object);

  g_clear_object (&self->clients);
  g_clear_pointer (&self->added, g_ptr_array_unref);
  g_clear_pointer (&self->removed, g_ptr_array_unref);

  G_OBJECT_CLASS (sw_tcp_server_parent_class)->finalize (object);
}

static void
sw_tcp_server_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SwTcpServer *self = SW_TCP_SERVER (object);

  switch (prop_id)
    {
    case PROP_LISTENING:
      g_value_set_boolean (value, sw_tcp_server_get_listening (self));
      break;

    case PROP_PORT:
      g_value_set_uint (value, sw_tcp_server_get_port (self));
      break;

    case PROP_ECHO:
      g_value_set_boolean (value, self->echo);
      break;

    case PROP_CLIENTS:
      g_value_set_object (value, self->clients);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_tcp_server_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SwTcpServer *self = SW_TCP_SERVER (object);

  switch (prop_id)
    {
    case PROP_ECHO:
      sw_tcp_server_set_echo (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_tcp_server_class_init (SwTcpServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SwEngineClass *engine_class = SW_ENGINE_CLASS (klass);

  object_class->dispose = sw_tcp_server_dispose;
  object_class->finalize = sw_tcp_server_finalize;
  object_class->get_property = sw_tcp_server_get_property;
  object_class->set_property = sw_tcp_server_set_property;

  engine_class->send = sw_tcp_server_send;
  engine_class->get_pending_bytes = sw_tcp_server_get_pending_bytes;
  engine_class->stop = sw_tcp_server_stop_engine;
  engine_class->connection_closed = sw_tcp_server_connection_closed;
  engine_class->data_received = sw_tcp_server_data_received;

  properties[PROP_LISTENING] =
    g_param_spec_boolean ("listening", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ECHO] =
    g_param_spec_boolean ("echo", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENTS] =
    g_param_spec_object ("clients", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_tcp_server_init (SwTcpServer *self)
{
  self->clients = g_list_store_new (SW_TYPE_TCP_CONNECTION);
  self->added = g_ptr_array_new_with_free_func (g_object_unref);
  self->removed = g_ptr_array_new_with_free_func (g_object_unref);
}
