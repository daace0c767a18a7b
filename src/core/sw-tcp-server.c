/* sw-tcp-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-tcp-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-core-private.h"
#include "sw-endpoint.h"
#include "sw-poller.h"
#include "sw-tcp-server-private.h"

/* GSocket's default backlog is 10: a burst of connects then waits for
 * SYN retries (1,000 clients took 91 s). The kernel caps it at somaxconn. */
#define LISTEN_BACKLOG 4096
/* At the open-file limit, look for a free descriptor this often (a
 * client of this server leaving resumes at once). */
#define ACCEPT_RETRY_MS 1000
/* Connections reset before they were accepted are reported together,
 * once none came for this long (or this long after the first). */
#define ABORTED_QUIET_MS 500
#define ABORTED_MAX_MS   5000

struct _SwTcpServer
{
  GObject         parent_instance;

  SwTrafficLog   *log;
  gulong          log_changed_id;

  GSocket        *listener;
  SwPollerWatch  *accept_watch;
  guint           accept_retry_id;
  gboolean        accept_paused;
  /* Since the limit was reached until every waiting client is in. */
  gboolean        at_file_limit;
  guint           aborted;
  gint64          aborted_since;
  guint           aborted_report_id;
  GSocketAddress *local_address;
  char           *local_name;
  GError         *last_error;
  gboolean        echo;

  /* The list model changes once per main-loop turn, not per client. */
  GListStore     *clients;
  GPtrArray      *added;
  GPtrArray      *removed;
  GSource        *flush_source;
  /* Clients whose counters changed since the log last batched. */
  GPtrArray      *dirty;
};

G_DEFINE_FINAL_TYPE (SwTcpServer, sw_tcp_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOG,
  PROP_LISTENING,
  PROP_PORT,
  PROP_LOCAL_ADDRESS,
  PROP_LAST_ERROR,
  PROP_ECHO,
  PROP_CLIENTS,
  N_PROPS
};

enum {
  CLIENT_CONNECTED,
  CLIENT_DISCONNECTED,
  RECEIVED,
  SENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
log_event (SwTcpServer *self,
           SwEventKind  kind,
           const char  *peer,
           const char  *message)
{
  sw_traffic_log_append_event (self->log, kind, peer, message);
}

static void
set_last_error (SwTcpServer  *self,
                const GError *error)
{
  _sw_set_last_error (G_OBJECT (self), &self->last_error, error, properties[PROP_LAST_ERROR]);
}

static void
mark_dirty (SwTcpServer       *self,
            SwTcpServerClient *client)
{
  if (_sw_tcp_server_client_mark_dirty (client))
    g_ptr_array_add (self->dirty, g_object_ref (client));
}

static void
log_changed_cb (SwTcpServer *self)
{
  g_autoptr(GPtrArray) dirty = g_steal_pointer (&self->dirty);

  self->dirty = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < dirty->len; i++)
    _sw_tcp_server_client_notify_counters (g_ptr_array_index (dirty, i));
}

static gboolean
flush_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  g_source_set_ready_time (source, -1);

  return callback (user_data);
}

static GSourceFuncs flush_source_funcs = {
  NULL, NULL, flush_source_dispatch, NULL, NULL, NULL,
};

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
          SwTcpServerClient *client = g_list_model_get_item (G_LIST_MODEL (self->clients), i);

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
    {
      self->flush_source = g_source_new (&flush_source_funcs, sizeof (GSource));
      g_source_set_static_name (self->flush_source, "[sw-tcp-server-flush]");
      g_source_set_callback (self->flush_source, flush_source_cb, self, NULL);
      g_source_attach (self->flush_source, NULL);
    }

  g_source_set_ready_time (self->flush_source, 0);
}

/* Connections reset before they were accepted (issue #15)
 *
 * A client that connects and resets before the server gets to it still
 * counts: people testing a server want to know it happened. A burst of
 * them is one event, once they stop coming (or every ABORTED_MAX_MS). */

static void
report_aborted (SwTcpServer *self)
{
  g_autofree char *count = NULL;
  g_autofree char *message = NULL;

  g_clear_handle_id (&self->aborted_report_id, g_source_remove);
  if (self->aborted == 0)
    return;

  count = g_strdup_printf ("%u", self->aborted);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          /* Translators: %s is a number of connections. */
                                          "%s connection reset before it was accepted",
                                          "%s connections reset before they were accepted",
                                          self->aborted),
                             count);
  self->aborted = 0;
  log_event (self, SW_EVENT_KIND_INFO, NULL, message);
}

static gboolean
aborted_report_cb (gpointer user_data)
{
  SwTcpServer *self = user_data;

  self->aborted_report_id = 0;
  report_aborted (self);

  return G_SOURCE_REMOVE;
}

static void
count_aborted (SwTcpServer *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->aborted++ == 0)
    self->aborted_since = now;

  g_clear_handle_id (&self->aborted_report_id, g_source_remove);
  if (now - self->aborted_since >= ABORTED_MAX_MS * G_TIME_SPAN_MILLISECOND)
    report_aborted (self);
  else
    self->aborted_report_id = g_timeout_add (ABORTED_QUIET_MS, aborted_report_cb, self);
}

/* Running out of file descriptors (issue #15)
 *
 * At the limit, accept() fails with EMFILE while the listener stays
 * readable: retrying at once would loop, and a program with no descriptor
 * left cannot even open a font to draw the error. So the server stops
 * accepting, before the limit when the app said where it is, says so once,
 * and lets the clients wait in the backlog until one of its own leaves
 * (or, checked every ACCEPT_RETRY_MS, a descriptor is free again). */

static guint open_file_limit;
static guint open_file_reserve;

/**
 * sw_tcp_server_set_open_file_limit:
 * @limit: how many files the process may have open, 0 if unknown
 * @reserve: how many of them servers leave to the rest of the program
 *
 * Tells every server of the process where the open-file limit is, as the
 * app learns it at start-up on systems that have one. A server then stops
 * accepting once fewer than @reserve descriptors would be left, instead of
 * running into the limit.
 */
void
sw_tcp_server_set_open_file_limit (guint limit,
                                   guint reserve)
{
  g_return_if_fail (limit == 0 || reserve < limit);

  open_file_limit = limit;
  open_file_reserve = reserve;
}

/* Whether @socket took one of the descriptors kept for the rest of the
 * program. Where there is a limit, a new descriptor gets the lowest free
 * number, so its number is how many were open before it. */
static gboolean
in_file_reserve (GSocket *socket)
{
  return open_file_limit > 0 &&
         (guint) g_socket_get_fd (socket) >= open_file_limit - open_file_reserve;
}

/* Whether a client could be accepted without taking a descriptor of the
 * reserve, found out without taking a client: the socket made to see
 * which descriptor comes next is closed at once. Only at the limit. */
static gboolean
has_free_descriptor (SwTcpServer *self)
{
  g_autoptr(GSocket) probe = g_socket_new (g_socket_get_family (self->listener),
                                           G_SOCKET_TYPE_DATAGRAM,
                                           G_SOCKET_PROTOCOL_DEFAULT, NULL);

  return probe != NULL && !in_file_reserve (probe);
}

static void listener_ready_cb (GSocket      *socket,
                               GIOCondition  condition,
                               gpointer      user_data);

/* Every ACCEPT_RETRY_MS at the limit, for descriptors freed elsewhere than
 * by this server's clients, and at once when one of them left. */
static gboolean
accept_retry_cb (gpointer user_data)
{
  SwTcpServer *self = user_data;

  self->accept_retry_id = 0;

  if (!has_free_descriptor (self))
    {
      self->accept_retry_id = g_timeout_add (ACCEPT_RETRY_MS, accept_retry_cb, self);
      return G_SOURCE_REMOVE;
    }

  self->accept_paused = FALSE;
  _sw_poller_watch_set_condition (self->accept_watch, G_IO_IN);
  /* Not only when a client waits: finding none ends the episode, which
   * waiting for the listener to be readable would miss. */
  listener_ready_cb (self->listener, G_IO_IN, self);

  return G_SOURCE_REMOVE;
}

static void
pause_accepting (SwTcpServer *self)
{
  g_autoptr(GError) error = NULL;

  _sw_poller_watch_set_condition (self->accept_watch, 0);
  self->accept_paused = TRUE;
  g_clear_handle_id (&self->accept_retry_id, g_source_remove);
  self->accept_retry_id = g_timeout_add (ACCEPT_RETRY_MS, accept_retry_cb, self);

  if (self->at_file_limit)
    return;

  self->at_file_limit = TRUE;
  if (open_file_limit > 0)
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES,
                         /* Translators: %u is the most files a program may open. */
                         _("Open-file limit reached (%u): new clients wait until one disconnects"),
                         open_file_limit);
  else
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES,
                                 _("Open-file limit reached: new clients wait until one disconnects"));
  log_event (self, SW_EVENT_KIND_ERROR, NULL, error->message);
  set_last_error (self, error);
}

/* A descriptor of ours is free: let the next waiting client in, from an
 * idle rather than from inside the handling of the one that left. */
static void
resume_accepting (SwTcpServer *self)
{
  if (!self->accept_paused)
    return;

  g_clear_handle_id (&self->accept_retry_id, g_source_remove);
  self->accept_retry_id = g_idle_add (accept_retry_cb, self);
}

/* Every waiting client is in: the next time the limit is reached is news. */
static void
leave_file_limit (SwTcpServer *self)
{
  if (!self->at_file_limit)
    return;

  self->at_file_limit = FALSE;
  if (g_error_matches (self->last_error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES))
    set_last_error (self, NULL);
}

static void
client_received_cb (SwTcpServer       *self,
                    SwTcpServerClient *client,
                    guint64            seq)
{
  mark_dirty (self, client);

  if (self->echo)
    {
      g_autoptr(GBytes) bytes = sw_traffic_log_dup_payload (self->log, seq);

      _sw_stream_send (_sw_tcp_server_client_get_stream (client), bytes);
    }

  if (g_signal_has_handler_pending (self, signals[RECEIVED], 0, TRUE))
    {
      g_autoptr(GBytes) bytes = sw_traffic_log_dup_payload (self->log, seq);

      g_signal_emit (self, signals[RECEIVED], 0, client, bytes);
    }
}

static void
client_sent_cb (SwTcpServer       *self,
                SwTcpServerClient *client,
                guint64            seq)
{
  mark_dirty (self, client);

  if (g_signal_has_handler_pending (self, signals[SENT], 0, TRUE))
    {
      g_autoptr(GBytes) bytes = sw_traffic_log_dup_payload (self->log, seq);

      g_signal_emit (self, signals[SENT], 0, client, bytes);
    }
}

static void
client_closed_cb (SwTcpServer       *self,
                  SwTcpServerClient *client,
                  const GError      *error,
                  gboolean           by_us,
                  gsize              dropped)
{
  const char *name = sw_tcp_server_client_get_name (client);
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

  log_event (self, kind, name, message);

  g_ptr_array_add (self->removed, g_object_ref (client));
  queue_flush (self);
  resume_accepting (self);

  g_signal_emit (self, signals[CLIENT_DISCONNECTED], 0, client);
}

static const SwTcpServerClientCallbacks client_callbacks = {
  client_received_cb,
  client_sent_cb,
  client_closed_cb,
};

static void
add_client (SwTcpServer *self,
            GSocket     *socket)
{
  g_autoptr(GSocketConnection) connection = g_socket_connection_factory_create_connection (socket);
  g_autoptr(GSocketAddress) address = g_socket_get_remote_address (socket, NULL);
  g_autoptr(SwTcpServerClient) client = NULL;
  g_autofree char *message = NULL;

  if (address == NULL)
    {
      /* Reset while it waited to be accepted: Linux still hands it out,
       * but it has no peer any more (ENOTCONN). */
      g_socket_close (socket, NULL);
      count_aborted (self);
      return;
    }

  client = _sw_tcp_server_client_new (self, connection, address, self->log, &client_callbacks);

  /* Translators: %s is a client's address, e.g. 127.0.0.1:53120. */
  message = g_strdup_printf (_("Client %s connected"), sw_tcp_server_client_get_name (client));
  log_event (self, SW_EVENT_KIND_CONNECTED, sw_tcp_server_client_get_name (client), message);

  g_ptr_array_add (self->added, g_object_ref (client));
  queue_flush (self);

  g_signal_emit (self, signals[CLIENT_CONNECTED], 0, client);

  _sw_tcp_server_client_start (client);
}

static void
listener_ready_cb (GSocket      *socket,
                   GIOCondition  condition,
                   gpointer      user_data)
{
  SwTcpServer *self = user_data;
  gint64 deadline = g_get_monotonic_time () + SW_IO_DISPATCH_BUDGET_USEC;

  g_object_ref (self);

  while (self->listener != NULL && !self->accept_paused && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) accepted = NULL;

      /* At the limit, each descriptor freed lets one client in, no more:
       * the reserve stays whole however often clients come and go. */
      if (self->at_file_limit && !has_free_descriptor (self))
        {
          pause_accepting (self);
          break;
        }

      accepted = g_socket_accept (self->listener, NULL, &error);
      if (accepted != NULL)
        {
          gboolean full = in_file_reserve (accepted);

          add_client (self, accepted);
          if (full)
            pause_accepting (self);
          continue;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          leave_file_limit (self);
          break;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES))
        {
          pause_accepting (self);
          break;
        }

      /* BSDs (and Linux at times) fail with ECONNABORTED for a connection
       * reset in the backlog, which GIO reports as a plain failure. */
      if (error->domain == G_IO_ERROR &&
          (error->code == G_IO_ERROR_FAILED || error->code == G_IO_ERROR_CONNECTION_CLOSED))
        count_aborted (self);
      else
        g_debug ("accept: %s", error->message);
    }

  g_object_unref (self);
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
 * sw_tcp_server_get_log:
 *
 * Returns: (transfer none): the session's traffic log
 */
SwTrafficLog *
sw_tcp_server_get_log (SwTcpServer *self)
{
  g_return_val_if_fail (SW_IS_TCP_SERVER (self), NULL);

  return self->log;
}

static void
prepare_listener (GSocket  *socket,
                  gpointer  user_data)
{
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
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
  g_autoptr(GError) local_error = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (SW_IS_TCP_SERVER (self), FALSE);
  g_return_val_if_fail (address == NULL || G_IS_INET_ADDRESS (address), FALSE);

  if (self->listener != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                   _("Already listening on %s: stop first"), self->local_name);
      return FALSE;
    }

  self->listener = _sw_socket_new_bound (address, port, G_SOCKET_TYPE_STREAM,
                                         prepare_listener, NULL, &local_error);
  if (self->listener == NULL)
    {
      log_event (self, SW_EVENT_KIND_ERROR, NULL, local_error->message);
      set_last_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  set_last_error (self, NULL);
  self->local_address = g_socket_get_local_address (self->listener, NULL);
  self->local_name = sw_socket_address_to_string (self->local_address);
  self->accept_watch = _sw_poller_watch (_sw_poller_get_default (), self->listener,
                                         G_IO_IN, listener_ready_cb, self);

  /* Translators: %s is a local address and port, e.g. [::]:7000. */
  message = g_strdup_printf (_("Listening on %s"), self->local_name);
  log_event (self, SW_EVENT_KIND_INFO, NULL, message);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL_ADDRESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LISTENING]);
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

static void
close_listener (SwTcpServer *self)
{
  g_clear_pointer (&self->accept_watch, _sw_poller_watch_destroy);
  g_clear_handle_id (&self->accept_retry_id, g_source_remove);
  g_clear_handle_id (&self->aborted_report_id, g_source_remove);
  self->aborted = 0;
  self->accept_paused = FALSE;
  self->at_file_limit = FALSE;
  if (self->listener != NULL)
    g_socket_close (self->listener, NULL);
  g_clear_object (&self->listener);
  g_clear_object (&self->local_address);
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
      report_aborted (self);
      close_listener (self);
      log_event (self, SW_EVENT_KIND_INFO, NULL, message);

      g_object_freeze_notify (G_OBJECT (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL_ADDRESS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LISTENING]);
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
  g_return_val_if_fail (SW_IS_TCP_SERVER (self), 0);

  if (self->local_address == NULL)
    return 0;

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (self->local_address));
}

/**
 * sw_tcp_server_get_local_address:
 *
 * Returns: (transfer none) (nullable): the address listened on
 */
GSocketAddress *
sw_tcp_server_get_local_address (SwTcpServer *self)
{
  g_return_val_if_fail (SW_IS_TCP_SERVER (self), NULL);

  return self->local_address;
}

/**
 * sw_tcp_server_get_last_error:
 *
 * Returns: (nullable): why listening last failed
 */
const GError *
sw_tcp_server_get_last_error (SwTcpServer *self)
{
  g_return_val_if_fail (SW_IS_TCP_SERVER (self), NULL);

  return self->last_error;
}

/**
 * sw_tcp_server_get_clients:
 *
 * Returns: (transfer none): a list model of #SwTcpServerClient
 */
GListModel *
sw_tcp_server_get_clients (SwTcpServer *self)
{
  g_return_val_if_fail (SW_IS_TCP_SERVER (self), NULL);

  return G_LIST_MODEL (self->clients);
}

/* Every client still connected, in the model or about to be. */
static GPtrArray *
connected_clients (SwTcpServer *self)
{
  GPtrArray *clients = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->clients));

  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (clients, g_list_model_get_item (G_LIST_MODEL (self->clients), i));
  for (guint i = 0; i < self->added->len; i++)
    g_ptr_array_add (clients, g_object_ref (g_ptr_array_index (self->added, i)));

  return clients;
}

guint
sw_tcp_server_send_to_all (SwTcpServer *self,
                           GBytes      *bytes)
{
  g_autoptr(GPtrArray) clients = NULL;
  guint sent = 0;

  g_return_val_if_fail (SW_IS_TCP_SERVER (self), 0);
  g_return_val_if_fail (bytes != NULL, 0);

  clients = connected_clients (self);
  for (guint i = 0; i < clients->len; i++)
    if (sw_tcp_server_client_send (g_ptr_array_index (clients, i), bytes, NULL))
      sent++;

  return sent;
}

void
sw_tcp_server_disconnect_all (SwTcpServer *self)
{
  g_autoptr(GPtrArray) clients = NULL;

  g_return_if_fail (SW_IS_TCP_SERVER (self));

  clients = connected_clients (self);
  for (guint i = 0; i < clients->len; i++)
    sw_tcp_server_client_disconnect (g_ptr_array_index (clients, i));
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
sw_tcp_server_constructed (GObject *object)
{
  SwTcpServer *self = SW_TCP_SERVER (object);

  G_OBJECT_CLASS (sw_tcp_server_parent_class)->constructed (object);

  if (self->log == NULL)
    self->log = sw_traffic_log_new ();

  self->log_changed_id = g_signal_connect_swapped (self->log, "totals-changed",
                                                   G_CALLBACK (log_changed_cb), self);
}

static void
detach_client (gpointer item,
               gpointer user_data)
{
  SwTcpServerClient *client = item;

  _sw_tcp_server_client_detach (client);
  _sw_stream_close (_sw_tcp_server_client_get_stream (client));
}

static void
sw_tcp_server_dispose (GObject *object)
{
  SwTcpServer *self = SW_TCP_SERVER (object);

  close_listener (self);

  if (self->clients != NULL)
    {
      g_autoptr(GPtrArray) clients = connected_clients (self);

      g_ptr_array_foreach (clients, detach_client, NULL);
      g_list_store_remove_all (self->clients);
    }
  g_ptr_array_set_size (self->added, 0);
  g_ptr_array_set_size (self->removed, 0);
  g_ptr_array_set_size (self->dirty, 0);

  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }

  g_clear_signal_handler (&self->log_changed_id, self->log);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (sw_tcp_server_parent_class)->dispose (object);
}

static void
sw_tcp_server_finalize (GObject *object)
{
  SwTcpServer *self = SW_TCP_SERVER (object);

  g_clear_object (&self->clients);
  g_clear_pointer (&self->added, g_ptr_array_unref);
  g_clear_pointer (&self->removed, g_ptr_array_unref);
  g_clear_pointer (&self->dirty, g_ptr_array_unref);
  g_clear_error (&self->last_error);

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
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;

    case PROP_LISTENING:
      g_value_set_boolean (value, sw_tcp_server_get_listening (self));
      break;

    case PROP_PORT:
      g_value_set_uint (value, sw_tcp_server_get_port (self));
      break;

    case PROP_LOCAL_ADDRESS:
      g_value_set_object (value, self->local_address);
      break;

    case PROP_LAST_ERROR:
      g_value_set_boxed (value, self->last_error);
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
    case PROP_LOG:
      self->log = g_value_dup_object (value);
      break;

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

  object_class->constructed = sw_tcp_server_constructed;
  object_class->dispose = sw_tcp_server_dispose;
  object_class->finalize = sw_tcp_server_finalize;
  object_class->get_property = sw_tcp_server_get_property;
  object_class->set_property = sw_tcp_server_set_property;

  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL,
                         SW_TYPE_TRAFFIC_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LISTENING] =
    g_param_spec_boolean ("listening", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCAL_ADDRESS] =
    g_param_spec_object ("local-address", NULL, NULL,
                         G_TYPE_SOCKET_ADDRESS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_boxed ("last-error", NULL, NULL,
                        G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ECHO] =
    g_param_spec_boolean ("echo", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENTS] =
    g_param_spec_object ("clients", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwTcpServer::client-connected:
   * @client: the new client
   */
  signals[CLIENT_CONNECTED] =
    g_signal_new ("client-connected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SW_TYPE_TCP_SERVER_CLIENT);

  /**
   * SwTcpServer::client-disconnected:
   * @client: the client that left, however it left
   */
  signals[CLIENT_DISCONNECTED] =
    g_signal_new ("client-disconnected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SW_TYPE_TCP_SERVER_CLIENT);

  /**
   * SwTcpServer::received:
   * @client: who sent it
   * @bytes: what arrived, as one read delivered it
   */
  signals[RECEIVED] =
    g_signal_new ("received",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SW_TYPE_TCP_SERVER_CLIENT,
                  G_TYPE_BYTES | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * SwTcpServer::sent:
   * @client: to whom
   * @bytes: what the system took to send, in order
   */
  signals[SENT] =
    g_signal_new ("sent",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SW_TYPE_TCP_SERVER_CLIENT,
                  G_TYPE_BYTES | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
sw_tcp_server_init (SwTcpServer *self)
{
  self->clients = g_list_store_new (SW_TYPE_TCP_SERVER_CLIENT);
  self->added = g_ptr_array_new_with_free_func (g_object_unref);
  self->removed = g_ptr_array_new_with_free_func (g_object_unref);
  self->dirty = g_ptr_array_new_with_free_func (g_object_unref);
}
