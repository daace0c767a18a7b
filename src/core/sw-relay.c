/* sw-relay.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-relay"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gnetworking.h>

#include "sw-core-enums.h"
#include "sw-core-private.h"
#include "sw-endpoint.h"
#include "sw-engine-private.h"
#include "sw-listener.h"
#include "sw-poller.h"
#include "sw-relay.h"
#include "sw-stream.h"
#include "sw-udp-peer.h"

/*
 * A relay listens for clients and gives each its own way to the upstream:
 * a TCP connection of its own, or (UDP) a socket of its own, so replies
 * find their way back to the client that asked.
 *
 * Every byte is logged once, when it is read: from the client as "sent"
 * (client → upstream), from the upstream as "received". Forwarding hands
 * the logged bytes to the other side without a copy and without a second
 * record. A side that does not take what it is given (more than
 * FORWARD_HIGH_MARK queued) stops the other side's reading until it has
 * taken most of it: a slow receiver slows its sender down, as a direct
 * connection would, and nothing queues without bound.
 */

#define FORWARD_HIGH_MARK (1024 * 1024)
#define FORWARD_LOW_MARK  (256 * 1024)
#define UDP_RECEIVE_SIZE  65536
#define SWEEP_INTERVAL_MS 1000
/* After the upstream failed, how long the client may take to see the
 * end before it is closed anyway. */
#define LINGER_MS         2000

struct _SwRelayConnection
{
  SwConnection   parent_instance;

  /* TCP: both sides, the upstream's once connected. */
  SwStream      *client;
  SwStream      *upstream;
  GCancellable  *cancellable;
  gboolean       client_eof;
  /* What the client sent before the upstream was there, and its size. */
  GQueue         early;
  gsize          early_bytes;
  /* The upstream could not be reached: the client is told, and closed
   * once it has seen the end (or after LINGER_MS). */
  gboolean       upstream_failed;
  guint          linger_id;
  gboolean       upstream_eof;

  /* UDP: the client's address as the listening socket has it, and the
   * socket that talks to the upstream for this client. */
  GSocketAddress *client_address;
  GSocket        *upstream_socket;
  SwPollerWatch  *upstream_watch;
  gint64          last_used;

  /* What the log says when it ends, when not the usual. */
  char          *end_message;
};

struct _SwRelay
{
  SwEngine        parent_instance;

  SwTransport     transport;
  gboolean        running;
  GCancellable   *cancellable;
  GSocketAddress *upstream;
  char           *upstream_name;
  char           *local_name;

  /* TCP */
  SwListener     *listener;
  /* UDP */
  GSocket        *socket;
  SwPollerWatch  *watch;
  GHashTable     *udp_clients;   /* name → SwRelayConnection */
  guint           sweep_id;
  guint64         dropped;

  GListStore     *connections;
  SwRelayTarget   target;
  guint           idle_timeout;
  guint           connect_timeout;
};

G_DEFINE_FINAL_TYPE (SwRelay, sw_relay, SW_TYPE_ENGINE)
G_DEFINE_FINAL_TYPE (SwRelayConnection, sw_relay_connection, SW_TYPE_CONNECTION)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_TRANSPORT,
  PROP_PORT,
  PROP_UPSTREAM_ADDRESS,
  PROP_CONNECTIONS,
  PROP_TARGET,
  PROP_IDLE_TIMEOUT,
  PROP_CONNECT_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static SwRelay *
connection_relay (SwRelayConnection *self)
{
  SwEngine *engine = sw_connection_get_engine (SW_CONNECTION (self));

  return engine != NULL ? SW_RELAY (engine) : NULL;
}

static void
log_event (SwRelay           *self,
           SwRelayConnection *connection,
           SwEventKind        kind,
           const char        *message)
{
  sw_engine_log_event (SW_ENGINE (self), SW_CONNECTION (connection), kind, message);
}

static void
forget_connection (SwRelay           *self,
                   SwRelayConnection *connection)
{
  guint position;

  if (g_list_store_find (self->connections, connection, &position))
    g_list_store_remove (self->connections, position);
  if (connection->client_address != NULL)
    g_hash_table_remove (self->udp_clients, sw_connection_get_name (SW_CONNECTION (connection)));
}

/* Ends @connection once: its log entry as @end, @message (nullable) as
 * the event, @error as the reason when it failed. */
static void
end_connection (SwRelayConnection *self,
                SwConnectionEnd    end,
                const char        *message,
                const GError      *error,
                gboolean           by_us)
{
  gsize dropped = 0;

  if (sw_connection_get_state (SW_CONNECTION (self)) == SW_CONNECTION_STATE_DISCONNECTED)
    return;

  g_object_ref (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->linger_id, g_source_remove);
  if (self->client != NULL)
    dropped += _sw_stream_close (self->client);
  if (self->upstream != NULL)
    dropped += _sw_stream_close (self->upstream);
  g_clear_pointer (&self->upstream_watch, _sw_poller_watch_destroy);
  if (self->upstream_socket != NULL)
    g_socket_close (self->upstream_socket, NULL);

  g_free (self->end_message);
  self->end_message = g_strdup (message);
  _sw_connection_closed (SW_CONNECTION (self), end, error, by_us, dropped);

  g_object_unref (self);
}

/* TCP */

static SwStream *
other_side (SwRelayConnection *self,
            SwStream          *stream)
{
  return stream == self->client ? self->upstream : self->client;
}

static void
maybe_finish (SwRelayConnection *self)
{
  g_autofree char *message = NULL;

  if (sw_connection_get_state (SW_CONNECTION (self)) == SW_CONNECTION_STATE_DISCONNECTED ||
      !self->client_eof || !self->upstream_eof ||
      _sw_stream_get_pending (self->client) > 0 || _sw_stream_get_pending (self->upstream) > 0)
    return;

  /* Translators: %s is a client's address. */
  message = g_strdup_printf (_("Both sides finished: the relay for %s is closed"),
                             sw_connection_get_name (SW_CONNECTION (self)));
  end_connection (self, SW_CONNECTION_END_CLOSED, message, NULL, FALSE);
}

static void
stream_data_cb (SwStream    *stream,
                SwDirection  direction,
                guint64      seq,
                gsize        length,
                gpointer     user_data)
{
  SwRelayConnection *self = user_data;
  SwRelay *relay = connection_relay (self);
  gboolean from_client = stream == self->client;
  gboolean read = from_client ? direction == SW_DIRECTION_SENT : direction == SW_DIRECTION_RECEIVED;
  SwStream *other;

  if (relay == NULL)
    return;

  if (direction == SW_DIRECTION_RECEIVED)
    _sw_engine_received (SW_ENGINE (relay), SW_CONNECTION (self), seq, length);
  else
    _sw_engine_sent (SW_ENGINE (relay), SW_CONNECTION (self), seq, length);

  /* What was written was typed in (injected): nothing to forward. */
  if (!read)
    return;

  other = other_side (self, stream);
  if (self->upstream_failed)
    return;
  if (other == NULL)
    {
      /* Read while the upstream connects, kept for it (so that a refused
       * upstream closes the client in order, not with a reset). */
      g_queue_push_tail (&self->early, sw_traffic_log_dup_payload (sw_engine_get_log (SW_ENGINE (relay)), seq));
      self->early_bytes += length;
      if (self->early_bytes > FORWARD_HIGH_MARK)
        _sw_stream_set_reading (stream, FALSE);
      return;
    }
  if (_sw_stream_is_closed (other))
    return;

  {
    g_autoptr(GBytes) bytes = sw_traffic_log_dup_payload (sw_engine_get_log (SW_ENGINE (relay)), seq);

    _sw_stream_forward (other, bytes);
  }

  if (_sw_stream_get_pending (other) > FORWARD_HIGH_MARK)
    {
      _sw_stream_set_reading (stream, FALSE);
      _sw_stream_notify_drained (other, FORWARD_LOW_MARK);
    }
}

static void
stream_drained_cb (SwStream *stream,
                   gpointer  user_data)
{
  g_autoptr(SwRelayConnection) self = g_object_ref (user_data);
  SwStream *other = other_side (self, stream);

  if (other != NULL)
    _sw_stream_set_reading (other, TRUE);
  maybe_finish (self);
}

static void
stream_eof_cb (SwStream *stream,
               gpointer  user_data)
{
  /* Passing the end on may end the connection, and drop it. */
  g_autoptr(SwRelayConnection) self = g_object_ref (user_data);
  SwRelay *relay = connection_relay (self);
  gboolean from_client = stream == self->client;
  SwStream *other = other_side (self, stream);
  g_autofree char *message = NULL;

  if (from_client)
    self->client_eof = TRUE;
  else
    self->upstream_eof = TRUE;

  if (self->upstream_failed)
    {
      end_connection (self, SW_CONNECTION_END_CLOSED, NULL, NULL, FALSE);
      return;
    }

  if (relay != NULL)
    {
      if (from_client)
        /* Translators: %s is a client's address. */
        message = g_strdup_printf (_("Client %s finished sending: the upstream is told so"),
                                   sw_connection_get_name (SW_CONNECTION (self)));
      else
        /* Translators: %s is a client's address. */
        message = g_strdup_printf (_("The upstream finished sending to %s: the client is told so"),
                                   sw_connection_get_name (SW_CONNECTION (self)));
      log_event (relay, self, SW_EVENT_KIND_INFO, message);
    }

  /* Half-close passes on: the other side sees the end once it has
   * everything that came before it (the upstream once it is there). */
  if (other != NULL)
    {
      _sw_stream_shutdown_write (other);
      _sw_stream_notify_drained (other, 0);
    }
  _sw_stream_notify_drained (stream, 0);

  maybe_finish (self);
}

static void
stream_closed_cb (SwStream     *stream,
                  const GError *error,
                  gpointer      user_data)
{
  SwRelayConnection *self = user_data;
  gboolean from_client = stream == self->client;
  SwStream *other = other_side (self, stream);
  const char *name = sw_connection_get_name (SW_CONNECTION (self));
  g_autofree char *reason = NULL;
  g_autoptr(GError) described = NULL;

  /* A reset passes on as a reset. */
  if (other != NULL)
    _sw_stream_abort (other);

  reason = sw_net_error_describe (error, from_client ? name : NULL);
  described = g_error_new (error != NULL ? error->domain : G_IO_ERROR,
                           error != NULL ? error->code : G_IO_ERROR_CONNECTION_CLOSED,
                           from_client
                           /* Translators: the first %s is a client's address, the second why. */
                           ? _("The client side of %s failed: %s; the upstream side is reset too")
                           : _("The upstream side of %s failed: %s; the client side is reset too"),
                           name, reason);
  end_connection (self, SW_CONNECTION_END_RESET, NULL, described, FALSE);
}

static const SwStreamCallbacks stream_callbacks = {
  stream_data_cb,
  stream_closed_cb,
  stream_eof_cb,
  stream_drained_cb,
};

static gboolean
linger_cb (gpointer user_data)
{
  SwRelayConnection *self = user_data;

  self->linger_id = 0;
  end_connection (self, SW_CONNECTION_END_CLOSED, NULL, NULL, FALSE);

  return G_SOURCE_REMOVE;
}

static void
upstream_connected_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(SwRelayConnection) self = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  SwRelay *relay;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  relay = connection_relay (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || relay == NULL)
    return;

  if (connection == NULL)
    {
      g_autofree char *reason = sw_net_error_describe (error, relay->upstream_name);
      g_autoptr(GError) described = NULL;

      described = g_error_new (error->domain, error->code,
                               /* Translators: the first %s says why, the second is a client's address. */
                               _("%s: closing the client %s"),
                               reason, sw_connection_get_name (SW_CONNECTION (self)));
      log_event (relay, self, SW_EVENT_KIND_ERROR, described->message);

      /* Closed in order: what the client sent is read and dropped until
       * it has seen the end, so it sees an end and not a reset. */
      self->upstream_failed = TRUE;
      g_queue_clear_full (&self->early, (GDestroyNotify) g_bytes_unref);
      self->early_bytes = 0;
      _sw_stream_set_reading (self->client, TRUE);
      _sw_stream_shutdown_write (self->client);
      if (self->client_eof)
        end_connection (self, SW_CONNECTION_END_CLOSED, NULL, NULL, FALSE);
      else
        self->linger_id = g_timeout_add (LINGER_MS, linger_cb, self);
      return;
    }

  self->upstream = _sw_stream_new (G_IO_STREAM (connection), sw_engine_get_log (SW_ENGINE (relay)),
                                   sw_connection_get_id (SW_CONNECTION (self)),
                                   sw_connection_get_name (SW_CONNECTION (self)), FALSE,
                                   &stream_callbacks, self);

  /* Translators: the first %s is a client's address, the second the upstream's. */
  message = g_strdup_printf (_("Relaying %s to %s"), sw_connection_get_name (SW_CONNECTION (self)),
                             relay->upstream_name);
  log_event (relay, self, SW_EVENT_KIND_CONNECTED, message);

  /* What came early goes first, and an early end after it. */
  while (!g_queue_is_empty (&self->early))
    {
      g_autoptr(GBytes) bytes = g_queue_pop_head (&self->early);

      _sw_stream_forward (self->upstream, bytes);
    }
  self->early_bytes = 0;
  if (self->client_eof)
    {
      _sw_stream_shutdown_write (self->upstream);
      _sw_stream_notify_drained (self->upstream, 0);
    }
  else
    _sw_stream_set_reading (self->client, TRUE);

  _sw_stream_start (self->upstream);
}

static void
accept_cb (GSocket  *socket,
           gpointer  user_data)
{
  SwRelay *self = user_data;
  g_autoptr(GSocketConnection) connection = g_socket_connection_factory_create_connection (socket);
  g_autoptr(GSocketAddress) address = g_socket_get_remote_address (socket, NULL);
  g_autoptr(GSocketClient) connector = NULL;
  g_autofree char *message = NULL;
  SwRelayConnection *relayed;

  if (address == NULL)
    {
      /* Reset before we looked at it. */
      g_socket_close (socket, NULL);
      return;
    }

  relayed = g_object_new (SW_TYPE_RELAY_CONNECTION, NULL);
  _sw_connection_setup (SW_CONNECTION (relayed), SW_ENGINE (self), SW_TRANSPORT_TCP, TRUE,
                        address, self->upstream);
  relayed->cancellable = g_cancellable_new ();
  relayed->client = _sw_stream_new (G_IO_STREAM (connection), sw_engine_get_log (SW_ENGINE (self)),
                                    sw_connection_get_id (SW_CONNECTION (relayed)),
                                    sw_connection_get_name (SW_CONNECTION (relayed)), TRUE,
                                    &stream_callbacks, relayed);
  g_list_store_append (self->connections, relayed);

  /* Translators: the first %s is a client's address, the second the upstream's. */
  message = g_strdup_printf (_("Client %s connected: connecting to %s…"),
                             sw_connection_get_name (SW_CONNECTION (relayed)), self->upstream_name);
  log_event (self, relayed, SW_EVENT_KIND_INFO, message);
  _sw_engine_connection_opened (SW_ENGINE (self), SW_CONNECTION (relayed));

  connector = g_socket_client_new ();
  g_socket_client_set_enable_proxy (connector, FALSE);
  g_socket_client_set_timeout (connector, self->connect_timeout);
  g_socket_client_connect_async (connector, G_SOCKET_CONNECTABLE (self->upstream),
                                 relayed->cancellable, upstream_connected_cb, relayed);
  _sw_stream_start (relayed->client);
}

/* UDP */

static void upstream_ready_cb (GSocket      *socket,
                               GIOCondition  condition,
                               gpointer      user_data);

/* A datagram that could not be forwarded: a full buffer drops it, as a
 * router would, counted; anything else is said. */
static void
forward_failed (SwRelay      *self,
                const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    self->dropped++;
  else
    sw_engine_log_event (SW_ENGINE (self), NULL, SW_EVENT_KIND_ERROR, error->message);
}

/* Sends a datagram of @relayed to the upstream; the first one binds its
 * socket, which is watched from then on for the replies. */
static gboolean
send_upstream (SwRelay            *self,
               SwRelayConnection  *relayed,
               const guint8       *data,
               gsize               length,
               GError            **error)
{
  if (g_socket_send_to (relayed->upstream_socket, self->upstream,
                        (const char *) data, length, NULL, error) < 0)
    return FALSE;

  if (relayed->upstream_watch == NULL)
    relayed->upstream_watch = _sw_poller_watch (_sw_poller_get_default (), relayed->upstream_socket,
                                                G_IO_IN, upstream_ready_cb, relayed);

  return TRUE;
}

/* Receives what waits on @socket into the log as @direction of
 * @connection (or, NULL, of the client each datagram comes from), and
 * forwards each datagram. */
static void
receive_datagrams (SwRelay           *self,
                   GSocket           *socket,
                   SwRelayConnection *connection,
                   SwDirection        direction)
{
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (self));
  gint64 deadline = g_get_monotonic_time () + SW_IO_DISPATCH_BUDGET_USEC;

  g_object_ref (self);

  while (self->running && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GSocketAddress) from = NULL;
      g_autoptr(GError) error = NULL;
      SwRelayConnection *relayed = connection;
      GInputVector vector;
      SwTrafficMeta meta;
      SwTrafficRecord record;
      guint64 seq;
      gssize n;

      vector.buffer = sw_traffic_log_reserve (log, UDP_RECEIVE_SIZE);
      vector.size = UDP_RECEIVE_SIZE;
      n = g_socket_receive_message (socket, &from, &vector, 1, NULL, NULL, NULL, NULL, &error);
      if (n < 0 || from == NULL)
        {
          sw_traffic_log_commit (log, direction, NULL, 0);
          /* ICMP errors and the like end this turn; the next datagram
           * comes through as usual. */
          break;
        }

      if (relayed == NULL)
        {
          g_autofree char *name = sw_socket_address_to_string (from);

          relayed = g_hash_table_lookup (self->udp_clients, name);
          if (relayed == NULL)
            {
              g_autoptr(GError) socket_error = NULL;

              relayed = g_object_new (SW_TYPE_RELAY_CONNECTION, NULL);
              _sw_connection_setup (SW_CONNECTION (relayed), SW_ENGINE (self), SW_TRANSPORT_UDP, TRUE,
                                    from, self->upstream);
              relayed->client_address = g_object_ref (from);
              relayed->upstream_socket = g_socket_new (g_socket_address_get_family (self->upstream),
                                                       G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP,
                                                       &socket_error);
              if (relayed->upstream_socket == NULL)
                {
                  sw_traffic_log_commit (log, direction, NULL, 0);
                  _sw_engine_fail (SW_ENGINE (self), NULL, socket_error);
                  g_object_unref (relayed);
                  break;
                }
              g_socket_set_blocking (relayed->upstream_socket, FALSE);
              g_hash_table_insert (self->udp_clients, g_steal_pointer (&name), relayed);
              /* The list holds it from now on. */
              g_list_store_append (self->connections, relayed);
              g_object_unref (relayed);
              _sw_engine_connection_opened (SW_ENGINE (self), SW_CONNECTION (relayed));
            }
        }

      relayed->last_used = g_get_monotonic_time ();
      _sw_connection_meta (SW_CONNECTION (relayed), direction, NULL, &meta);
      seq = sw_traffic_log_commit_full (log, &meta, n);
      if (n == 0)
        seq = sw_traffic_log_append_full (log, &meta, NULL, 0);
      g_assert (sw_traffic_log_get_record (log, seq, &record));

      if (direction == SW_DIRECTION_SENT)
        {
          _sw_engine_sent (SW_ENGINE (self), SW_CONNECTION (relayed), seq, n);
          if (!send_upstream (self, relayed, record.data, n, &error))
            forward_failed (self, error);
        }
      else
        {
          _sw_engine_received (SW_ENGINE (self), SW_CONNECTION (relayed), seq, n);
          if (g_socket_send_to (self->socket, relayed->client_address,
                                (const char *) record.data, n, NULL, &error) < 0)
            forward_failed (self, error);
        }
    }

  g_object_unref (self);
}

static void
client_ready_cb (GSocket      *socket,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  receive_datagrams (user_data, socket, NULL, SW_DIRECTION_SENT);
}

static void
upstream_ready_cb (GSocket      *socket,
                   GIOCondition  condition,
                   gpointer      user_data)
{
  SwRelayConnection *relayed = user_data;
  SwRelay *relay = connection_relay (relayed);

  if (relay != NULL)
    receive_datagrams (relay, socket, relayed, SW_DIRECTION_RECEIVED);
}

static gboolean
sweep_cb (gpointer user_data)
{
  SwRelay *self = user_data;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GPtrArray) idle = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  SwRelayConnection *relayed;

  if (self->dropped > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, self->dropped);
      g_autofree char *message = NULL;

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              /* Translators: %s is a number of datagrams. */
                                              "%s datagram was dropped: a socket's buffer was full",
                                              "%s datagrams were dropped: a socket's buffer was full",
                                              self->dropped),
                                 count);
      sw_engine_log_event (SW_ENGINE (self), NULL, SW_EVENT_KIND_ERROR, message);
      self->dropped = 0;
    }

  g_hash_table_iter_init (&iter, self->udp_clients);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &relayed))
    if (now - relayed->last_used >= (gint64) self->idle_timeout * G_USEC_PER_SEC)
      g_ptr_array_add (idle, g_object_ref (relayed));

  for (guint i = 0; i < idle->len; i++)
    {
      g_autofree char *message = NULL;

      relayed = g_ptr_array_index (idle, i);
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              /* Translators: %s is a client's address, %u a number of seconds. */
                                              "No datagram from or to %s for %u second: it is forgotten",
                                              "No datagram from or to %s for %u seconds: it is forgotten",
                                              self->idle_timeout),
                                 sw_connection_get_name (SW_CONNECTION (relayed)), self->idle_timeout);
      end_connection (relayed, SW_CONNECTION_END_CLOSED, message, NULL, TRUE);
    }

  return G_SOURCE_CONTINUE;
}

/* Starting */

static void
stop_listening (SwRelay *self)
{
  g_clear_pointer (&self->listener, _sw_listener_free);
  g_clear_pointer (&self->watch, _sw_poller_watch_destroy);
  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  g_clear_pointer (&self->local_name, g_free);
}

static gboolean
listen_now (SwRelay     *self,
            SwEndpoint  *local,
            GError     **error)
{
  GSocketAddress *local_address;

  if (self->transport == SW_TRANSPORT_TCP)
    {
      self->listener = _sw_listener_new (SW_ENGINE (self), local, accept_cb, self, error);
      if (self->listener == NULL)
        return FALSE;
      local_address = g_object_ref (_sw_listener_get_local_address (self->listener));
    }
  else
    {
      self->socket = _sw_socket_new_bound (local, G_SOCKET_TYPE_DATAGRAM, NULL, NULL, error);
      if (self->socket == NULL)
        return FALSE;
      local_address = g_socket_get_local_address (self->socket, NULL);
      self->watch = _sw_poller_watch (_sw_poller_get_default (), self->socket, G_IO_IN,
                                      client_ready_cb, self);
      self->sweep_id = g_timeout_add (SWEEP_INTERVAL_MS, sweep_cb, self);
    }

  self->local_name = sw_socket_address_to_string (local_address);
  _sw_engine_set_local_address (SW_ENGINE (self), local_address);
  g_object_unref (local_address);

  return TRUE;
}

typedef struct
{
  SwEndpoint         *local;
  GSocketConnectable *upstream;
  GSocketAddressEnumerator *enumerator;
  GList              *found;
  GCancellable       *caller_cancellable;
  gulong              cancelled_id;
} StartData;

static void
caller_cancelled_cb (GCancellable *cancellable,
                     GCancellable *own)
{
  g_cancellable_cancel (own);
}

static void
start_data_free (StartData *data)
{
  if (data->caller_cancellable != NULL)
    g_cancellable_disconnect (data->caller_cancellable, data->cancelled_id);
  g_clear_object (&data->caller_cancellable);
  g_clear_pointer (&data->local, sw_endpoint_unref);
  g_clear_object (&data->upstream);
  g_clear_object (&data->enumerator);
  g_list_free_full (data->found, g_object_unref);
  g_free (data);
}

static void
start_failed (SwRelay *self,
              GTask   *task,
              GError  *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _sw_engine_fail (SW_ENGINE (self), NULL, error);
  g_clear_object (&self->cancellable);
  _sw_engine_set_state (SW_ENGINE (self), SW_CONNECTION_STATE_DISCONNECTED);
  g_task_return_error (task, error);
}

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SwRelay *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *message = NULL;
  GError *error = NULL;
  GSocketAddress *chosen = NULL;

  address = g_socket_address_enumerator_next_finish (G_SOCKET_ADDRESS_ENUMERATOR (object), result, &error);
  if (address != NULL)
    {
      if (G_IS_INET_SOCKET_ADDRESS (address))
        data->found = g_list_append (data->found, g_steal_pointer (&address));
      g_socket_address_enumerator_next_async (data->enumerator, self->cancellable,
                                              resolved_cb, g_steal_pointer (&task));
      return;
    }

  /* As the UDP peer does: a name with both families goes to IPv4. */
  for (GList *l = data->found; l != NULL && chosen == NULL; l = l->next)
    if (g_socket_address_get_family (l->data) == G_SOCKET_FAMILY_IPV4)
      chosen = l->data;
  if (chosen == NULL && data->found != NULL)
    chosen = data->found->data;

  if (chosen == NULL)
    {
      g_autofree char *target = g_socket_connectable_to_string (data->upstream);
      GError *described;

      if (error == NULL)
        error = g_error_new (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "%s", target);
      described = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                  ? g_error_copy (error) : sw_net_error_new_described (error, target);
      g_error_free (error);
      start_failed (self, task, described);
      return;
    }
  g_clear_error (&error);

  g_set_object (&self->upstream, chosen);
  g_free (self->upstream_name);
  self->upstream_name = sw_socket_address_to_string (chosen);

  if (!listen_now (self, data->local, &error))
    {
      start_failed (self, task, error);
      return;
    }

  self->running = TRUE;
  g_clear_object (&self->cancellable);
  _sw_engine_set_last_error (SW_ENGINE (self), NULL);

  message = g_strdup_printf (self->transport == SW_TRANSPORT_TCP
                             /* Translators: both %s are addresses, e.g. [::]:8080 and 127.0.0.1:80. */
                             ? _("Relaying TCP from %s to %s")
                             : _("Relaying UDP from %s to %s"),
                             self->local_name, self->upstream_name);
  sw_engine_log_event (SW_ENGINE (self), NULL, SW_EVENT_KIND_INFO, message);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPSTREAM_ADDRESS]);
  _sw_engine_set_state (SW_ENGINE (self), SW_CONNECTION_STATE_CONNECTED);
  g_object_thaw_notify (G_OBJECT (self));

  g_task_return_boolean (task, TRUE);
}

/**
 * sw_relay_new:
 * @log: (nullable): where traffic goes; a new log when %NULL
 *
 * Returns: (transfer full): a relay that is not running
 */
SwRelay *
sw_relay_new (SwTrafficLog *log)
{
  g_return_val_if_fail (log == NULL || SW_IS_TRAFFIC_LOG (log), NULL);

  return g_object_new (SW_TYPE_RELAY, "log", log, NULL);
}

void
sw_relay_start_async (SwRelay             *self,
                      SwTransport          transport,
                      GInetAddress        *address,
                      guint16              port,
                      GSocketConnectable  *upstream,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(SwEndpoint) local = NULL;

  g_return_if_fail (SW_IS_RELAY (self));
  g_return_if_fail (address == NULL || G_IS_INET_ADDRESS (address));

  local = _sw_endpoint_new_local (address, port);
  sw_relay_start_endpoint_async (self, transport, local, upstream, cancellable, callback, user_data);
}

/**
 * sw_relay_start_endpoint_async:
 * @local: where to listen: no host for every interface, or an IP address
 *   of this computer (IPv6 with its scope, "fe80::1%eth0"); port 0 for
 *   any free one
 *
 * As sw_relay_start_async(), with the address as people write it.
 */
void
sw_relay_start_endpoint_async (SwRelay             *self,
                               SwTransport          transport,
                               SwEndpoint          *local,
                               GSocketConnectable  *upstream,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StartData *data;

  g_return_if_fail (SW_IS_RELAY (self));
  g_return_if_fail (local != NULL);
  g_return_if_fail (G_IS_SOCKET_CONNECTABLE (upstream));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_relay_start_async);

  if (sw_engine_get_state (SW_ENGINE (self)) != SW_CONNECTION_STATE_DISCONNECTED)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The relay is running already: stop it first"));
      return;
    }

  data = g_new0 (StartData, 1);
  data->local = sw_endpoint_ref (local);
  data->upstream = g_object_ref (upstream);
  data->enumerator = g_socket_connectable_enumerate (upstream);
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);

  self->transport = transport;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSPORT]);
  /* The relay's own: sw_relay_stop() cancels it too. */
  self->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                g_object_ref (self->cancellable), g_object_unref);
  data->caller_cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  _sw_engine_set_state (SW_ENGINE (self), SW_CONNECTION_STATE_RESOLVING);

  g_socket_address_enumerator_next_async (data->enumerator, self->cancellable,
                                          resolved_cb, g_steal_pointer (&task));
}

gboolean
sw_relay_start_finish (SwRelay       *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (SW_IS_RELAY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_relay_start_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static GPtrArray *
dup_connections (SwRelay *self)
{
  GPtrArray *connections = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (connections, g_list_model_get_item (G_LIST_MODEL (self->connections), i));

  return connections;
}

void
sw_relay_stop (SwRelay *self)
{
  g_autoptr(GPtrArray) connections = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (SW_IS_RELAY (self));

  if (self->cancellable != NULL)
    {
      /* Still resolving: the start fails as cancelled. */
      g_cancellable_cancel (self->cancellable);
      return;
    }

  if (!self->running)
    return;

  message = g_strdup_printf (_("Stopped relaying from %s"), self->local_name);
  connections = dup_connections (self);
  for (guint i = 0; i < connections->len; i++)
    sw_connection_disconnect (g_ptr_array_index (connections, i));

  stop_listening (self);
  self->running = FALSE;
  sw_engine_log_event (SW_ENGINE (self), NULL, SW_EVENT_KIND_INFO, message);

  g_object_freeze_notify (G_OBJECT (self));
  _sw_engine_set_local_address (SW_ENGINE (self), NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  _sw_engine_set_state (SW_ENGINE (self), SW_CONNECTION_STATE_DISCONNECTED);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
sw_relay_get_running (SwRelay *self)
{
  g_return_val_if_fail (SW_IS_RELAY (self), FALSE);

  return self->running;
}

SwTransport
sw_relay_get_transport (SwRelay *self)
{
  g_return_val_if_fail (SW_IS_RELAY (self), SW_TRANSPORT_TCP);

  return self->transport;
}

guint16
sw_relay_get_port (SwRelay *self)
{
  GSocketAddress *local_address;

  g_return_val_if_fail (SW_IS_RELAY (self), 0);

  local_address = sw_engine_get_local_address (SW_ENGINE (self));

  return local_address != NULL ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local_address)) : 0;
}

/**
 * sw_relay_get_upstream_address:
 *
 * Returns: (transfer none) (nullable): where clients are relayed to
 */
GSocketAddress *
sw_relay_get_upstream_address (SwRelay *self)
{
  g_return_val_if_fail (SW_IS_RELAY (self), NULL);

  return self->upstream;
}

/**
 * sw_relay_get_connections:
 *
 * Returns: (transfer none): a list model of #SwRelayConnection
 */
GListModel *
sw_relay_get_connections (SwRelay *self)
{
  g_return_val_if_fail (SW_IS_RELAY (self), NULL);

  return G_LIST_MODEL (self->connections);
}

SwRelayTarget
sw_relay_get_target (SwRelay *self)
{
  g_return_val_if_fail (SW_IS_RELAY (self), SW_RELAY_TARGET_UPSTREAM);

  return self->target;
}

void
sw_relay_set_target (SwRelay       *self,
                     SwRelayTarget  target)
{
  g_return_if_fail (SW_IS_RELAY (self));

  if (self->target == target)
    return;

  self->target = target;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

guint
sw_relay_get_idle_timeout (SwRelay *self)
{
  g_return_val_if_fail (SW_IS_RELAY (self), 0);

  return self->idle_timeout;
}

void
sw_relay_set_idle_timeout (SwRelay *self,
                           guint    seconds)
{
  g_return_if_fail (SW_IS_RELAY (self));
  g_return_if_fail (seconds > 0);

  if (self->idle_timeout == seconds)
    return;

  self->idle_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_TIMEOUT]);
}

guint
sw_relay_get_connect_timeout (SwRelay *self)
{
  g_return_val_if_fail (SW_IS_RELAY (self), 0);

  return self->connect_timeout;
}

void
sw_relay_set_connect_timeout (SwRelay *self,
                              guint    seconds)
{
  g_return_if_fail (SW_IS_RELAY (self));

  if (self->connect_timeout == seconds)
    return;

  self->connect_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_TIMEOUT]);
}

gboolean
sw_relay_connection_inject (SwRelayConnection  *self,
                            SwRelayTarget       target,
                            GBytes             *bytes,
                            const SwSendInfo   *info,
                            GError            **error)
{
  SwRelay *relay;
  SwSendInfo injected = { SW_RECORD_FLAGS_INJECTED, SW_ENCODING_UTF8 };
  gboolean to_client = target == SW_RELAY_TARGET_CLIENT;

  g_return_val_if_fail (SW_IS_RELAY_CONNECTION (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  relay = connection_relay (self);
  if (relay == NULL || sw_connection_get_state (SW_CONNECTION (self)) != SW_CONNECTION_STATE_CONNECTED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                   /* Translators: %s is a client's address. */
                   _("The relay for %s has ended"), sw_connection_get_name (SW_CONNECTION (self)));
      return FALSE;
    }

  if (info != NULL)
    {
      injected = *info;
      injected.flags |= SW_RECORD_FLAGS_INJECTED;
    }

  if (relay->transport == SW_TRANSPORT_UDP)
    {
      SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (relay));
      gsize length;
      const guint8 *data = g_bytes_get_data (bytes, &length);
      SwDirection direction = to_client ? SW_DIRECTION_RECEIVED : SW_DIRECTION_SENT;
      SwTrafficMeta meta;
      guint64 seq;

      if (length > SW_UDP_MAX_PAYLOAD)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                               _("A UDP datagram holds at most 65,507 bytes"));
          return FALSE;
        }

      if (to_client
          ? g_socket_send_to (relay->socket, self->client_address,
                              (const char *) data, length, NULL, error) < 0
          : !send_upstream (relay, self, data, length, error))
        return FALSE;

      _sw_connection_meta (SW_CONNECTION (self), direction, &injected, &meta);
      seq = sw_traffic_log_append_full (log, &meta, data, length);
      if (to_client)
        _sw_engine_received (SW_ENGINE (relay), SW_CONNECTION (self), seq, length);
      else
        _sw_engine_sent (SW_ENGINE (relay), SW_CONNECTION (self), seq, length);
      self->last_used = g_get_monotonic_time ();
      return TRUE;
    }

  if (!to_client && self->upstream == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _("Not connected to the upstream yet: try again in a moment"));
      return FALSE;
    }

  if (!_sw_stream_send (to_client ? self->client : self->upstream, bytes, &injected))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                           to_client
                           ? _("The client has finished: nothing more can be sent to it")
                           : _("The upstream has finished: nothing more can be sent to it"));
      return FALSE;
    }

  return TRUE;
}

/* SwRelayConnection */

static gboolean
sw_relay_connection_send (SwConnection      *connection,
                          GBytes            *bytes,
                          const SwSendInfo  *info,
                          GError           **error)
{
  SwRelay *relay = connection_relay (SW_RELAY_CONNECTION (connection));
  SwRelayTarget target = relay != NULL ? relay->target : SW_RELAY_TARGET_UPSTREAM;

  return sw_relay_connection_inject (SW_RELAY_CONNECTION (connection), target, bytes, info, error);
}

static guint64
sw_relay_connection_get_pending_bytes (SwConnection *connection)
{
  SwRelayConnection *self = SW_RELAY_CONNECTION (connection);
  guint64 pending = 0;

  if (self->client != NULL)
    pending += _sw_stream_get_pending (self->client);
  if (self->upstream != NULL)
    pending += _sw_stream_get_pending (self->upstream);

  return pending;
}

static void
sw_relay_connection_disconnect (SwConnection *connection)
{
  end_connection (SW_RELAY_CONNECTION (connection), SW_CONNECTION_END_CLOSED, NULL, NULL, TRUE);
}

static void
sw_relay_connection_finalize (GObject *object)
{
  SwRelayConnection *self = SW_RELAY_CONNECTION (object);

  g_clear_handle_id (&self->linger_id, g_source_remove);
  g_clear_pointer (&self->upstream_watch, _sw_poller_watch_destroy);
  g_clear_pointer (&self->client, _sw_stream_unref);
  g_clear_pointer (&self->upstream, _sw_stream_unref);
  g_clear_object (&self->cancellable);
  g_queue_clear_full (&self->early, (GDestroyNotify) g_bytes_unref);
  g_clear_object (&self->client_address);
  g_clear_object (&self->upstream_socket);
  g_free (self->end_message);

  G_OBJECT_CLASS (sw_relay_connection_parent_class)->finalize (object);
}

static void
sw_relay_connection_class_init (SwRelayConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SwConnectionClass *connection_class = SW_CONNECTION_CLASS (klass);

  object_class->finalize = sw_relay_connection_finalize;

  connection_class->send = sw_relay_connection_send;
  connection_class->get_pending_bytes = sw_relay_connection_get_pending_bytes;
  connection_class->disconnect = sw_relay_connection_disconnect;
}

static void
sw_relay_connection_init (SwRelayConnection *self)
{
  g_queue_init (&self->early);
  self->last_used = g_get_monotonic_time ();
}

/* SwRelay as an engine */

static gboolean
sw_relay_send (SwEngine          *engine,
               SwConnection      *connection,
               GBytes            *bytes,
               const SwSendInfo  *info,
               GError           **error)
{
  SwRelay *self = SW_RELAY (engine);
  g_autoptr(GPtrArray) connections = NULL;
  guint sent = 0;

  if (connection != NULL)
    return sw_connection_send_full (connection, bytes, info, error);

  connections = dup_connections (self);
  for (guint i = 0; i < connections->len; i++)
    if (sw_connection_send_full (g_ptr_array_index (connections, i), bytes, info, NULL))
      sent++;

  if (sent == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("No client is being relayed"));
      return FALSE;
    }

  return TRUE;
}

static guint64
sw_relay_get_pending_bytes (SwEngine *engine)
{
  g_autoptr(GPtrArray) connections = dup_connections (SW_RELAY (engine));
  guint64 pending = 0;

  for (guint i = 0; i < connections->len; i++)
    pending += sw_connection_get_pending_bytes (g_ptr_array_index (connections, i));

  return pending;
}

static void
sw_relay_stop_engine (SwEngine *engine)
{
  sw_relay_stop (SW_RELAY (engine));
}

static void
sw_relay_connection_closed (SwEngine     *engine,
                            SwConnection *connection,
                            const GError *error,
                            gboolean      by_us,
                            gsize         dropped)
{
  SwRelay *self = SW_RELAY (engine);
  SwRelayConnection *relayed = SW_RELAY_CONNECTION (connection);

  if (error != NULL)
    log_event (self, relayed, SW_EVENT_KIND_ERROR, error->message);
  else if (relayed->end_message != NULL)
    log_event (self, relayed, SW_EVENT_KIND_DISCONNECTED, relayed->end_message);
  else if (by_us)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is a client's address. */
      message = g_strdup_printf (_("Disconnected the relay for %s"), sw_connection_get_name (connection));
      log_event (self, relayed, SW_EVENT_KIND_DISCONNECTED, message);
    }

  forget_connection (self, relayed);
  if (self->listener != NULL)
    _sw_listener_connection_closed (self->listener);
}

static void
sw_relay_dispose (GObject *object)
{
  SwRelay *self = SW_RELAY (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->connections != NULL)
    {
      g_autoptr(GPtrArray) connections = dup_connections (self);

      for (guint i = 0; i < connections->len; i++)
        {
          SwConnection *connection = g_ptr_array_index (connections, i);

          /* Closed without a word: the session is going away. */
          _sw_connection_detach (connection);
          end_connection (SW_RELAY_CONNECTION (connection), SW_CONNECTION_END_CLOSED, NULL, NULL, TRUE);
        }
      g_list_store_remove_all (self->connections);
    }
  if (self->udp_clients != NULL)
    g_hash_table_remove_all (self->udp_clients);

  stop_listening (self);

  G_OBJECT_CLASS (sw_relay_parent_class)->dispose (object);
}

static void
sw_relay_finalize (GObject *object)
{
  SwRelay *self = SW_RELAY (object);

  g_clear_object (&self->upstream);
  g_free (self->upstream_name);
  g_clear_object (&self->connections);
  g_clear_pointer (&self->udp_clients, g_hash_table_unref);

  G_OBJECT_CLASS (sw_relay_parent_class)->finalize (object);
}

static void
sw_relay_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SwRelay *self = SW_RELAY (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_TRANSPORT:
      g_value_set_enum (value, self->transport);
      break;

    case PROP_PORT:
      g_value_set_uint (value, sw_relay_get_port (self));
      break;

    case PROP_UPSTREAM_ADDRESS:
      g_value_set_object (value, self->upstream);
      break;

    case PROP_CONNECTIONS:
      g_value_set_object (value, self->connections);
      break;

    case PROP_TARGET:
      g_value_set_enum (value, self->target);
      break;

    case PROP_IDLE_TIMEOUT:
      g_value_set_uint (value, self->idle_timeout);
      break;

    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_relay_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  SwRelay *self = SW_RELAY (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      sw_relay_set_target (self, g_value_get_enum (value));
      break;

    case PROP_IDLE_TIMEOUT:
      sw_relay_set_idle_timeout (self, g_value_get_uint (value));
      break;

    case PROP_CONNECT_TIMEOUT:
      sw_relay_set_connect_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_relay_class_init (SwRelayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SwEngineClass *engine_class = SW_ENGINE_CLASS (klass);

  object_class->dispose = sw_relay_dispose;
  object_class->finalize = sw_relay_finalize;
  object_class->get_property = sw_relay_get_property;
  object_class->set_property = sw_relay_set_property;

  engine_class->send = sw_relay_send;
  engine_class->get_pending_bytes = sw_relay_get_pending_bytes;
  engine_class->stop = sw_relay_stop_engine;
  engine_class->connection_closed = sw_relay_connection_closed;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRANSPORT] =
    g_param_spec_enum ("transport", NULL, NULL,
                       SW_TYPE_TRANSPORT, SW_TRANSPORT_TCP,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPSTREAM_ADDRESS] =
    g_param_spec_object ("upstream-address", NULL, NULL,
                         G_TYPE_SOCKET_ADDRESS,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTIONS] =
    g_param_spec_object ("connections", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGET] =
    g_param_spec_enum ("target", NULL, NULL,
                       SW_TYPE_RELAY_TARGET, SW_RELAY_TARGET_UPSTREAM,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDLE_TIMEOUT] =
    g_param_spec_uint ("idle-timeout", NULL, NULL, 1, 24 * 3600, 60,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 0, 3600, 10,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_relay_init (SwRelay *self)
{
  self->connections = g_list_store_new (SW_TYPE_RELAY_CONNECTION);
  self->udp_clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->idle_timeout = 60;
  self->connect_timeout = 10;
}
