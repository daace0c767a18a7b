/* sw-udp-peer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-udp-peer"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gio/gnetworking.h>

#include "sw-core-private.h"
#include "sw-endpoint.h"
#include "sw-engine-private.h"
#include "sw-net-error.h"
#include "sw-poller.h"
#include "sw-udp-association-private.h"
#include "sw-udp-peer.h"

/*
 * One UDP socket: datagrams from anyone are received whole (up to 64 KiB)
 * straight into the log's arena, each with its source, draining the
 * socket per dispatch; sends go out at once, or in order from a queue
 * while the socket's buffer is full.
 *
 * On Linux an unconnected UDP socket hears nothing of ICMP "port
 * unreachable" unless IP_RECVERR is on; with it, the error is reported by
 * the next receive and the original destination waits in the socket's
 * error queue, which must be drained or poll() keeps reporting it. So a
 * person learns that nothing listens where they sent, and receiving goes
 * on (on Windows the same error famously stops naive receive loops).
 */

#define RECEIVE_SIZE 65536
/* Floods arrive faster than a frame: give the kernel room to queue them. */
#define RECEIVE_BUFFER (4 * 1024 * 1024)
/* Peers remembered at most; a flood from many sources forgets the
 * oldest half (their records stay in the log). */
#define MAX_ASSOCIATIONS 4096

typedef struct
{
  GSocketAddress *to;
  GBytes         *bytes;
  GTask          *task;
  SwSendInfo      info;
} Pending;

typedef struct
{
  GInetAddress *group;
  char         *iface;
} Group;

struct _SwUdpPeer
{
  SwEngine            parent_instance;

  GSocket            *socket;
  SwPollerWatch      *watch;
  char               *local_name;

  GSocketConnectable *remote;
  GSocketAddress     *remote_resolved;
  gboolean            reply_to_sender;
  GSocketAddress     *last_sender;
  gboolean            broadcast;
  GPtrArray          *groups;

  /* The other ends, by name ("127.0.0.1:7000"). GLib reuses the
   * GSocketAddress of a recent source, so the last one looked up is kept
   * for the next datagram from the same peer. */
  GHashTable         *associations;
  GSocketAddress     *named_address;
  SwUdpAssociation   *named;

  /* Datagrams the socket would not take yet, and their bytes. */
  GQueue              pending;
  guint64             pending_bytes;
  /* Bytes of datagrams waiting for their destination's name. */
  guint64             resolving_bytes;
};

G_DEFINE_FINAL_TYPE (SwUdpPeer, sw_udp_peer, SW_TYPE_ENGINE)

enum {
  PROP_0,
  PROP_BOUND,
  PROP_REMOTE,
  PROP_REPLY_TO_SENDER,
  PROP_LAST_SENDER,
  PROP_BROADCAST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
group_free (gpointer data)
{
  Group *group = data;

  g_object_unref (group->group);
  g_free (group->iface);
  g_free (group);
}

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->to);
  g_bytes_unref (pending->bytes);
  g_clear_object (&pending->task);
  g_free (pending);
}

static void
set_last_error (SwUdpPeer    *self,
                const GError *error)
{
  _sw_engine_set_last_error (SW_ENGINE (self), error);
}

static void
log_event (SwUdpPeer        *self,
           SwUdpAssociation *association,
           SwEventKind       kind,
           const char       *message)
{
  sw_engine_log_event (SW_ENGINE (self), SW_CONNECTION (association), kind, message);
}

static SwTrafficLog *
get_log (SwUdpPeer *self)
{
  return sw_engine_get_log (SW_ENGINE (self));
}

static void
forget_associations (SwUdpPeer *self,
                     gboolean   all)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  SwUdpAssociation *association;
  gint64 oldest = G_MAXINT64;
  gint64 newest = G_MININT64;
  gint64 median;

  g_hash_table_iter_init (&iter, self->associations);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &association))
    {
      oldest = MIN (oldest, sw_udp_association_get_last_used (association));
      newest = MAX (newest, sw_udp_association_get_last_used (association));
    }
  /* None at all: nothing to compare (and newest - oldest would overflow). */
  median = oldest <= newest ? oldest + (newest - oldest) / 2 : 0;

  g_hash_table_iter_init (&iter, self->associations);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &association))
    if (all || sw_udp_association_get_last_used (association) <= median)
      g_ptr_array_add (gone, g_object_ref (association));

  g_clear_object (&self->named_address);
  self->named = NULL;
  for (guint i = 0; i < gone->len; i++)
    sw_connection_disconnect (g_ptr_array_index (gone, i));
}

/* The association for @address, made on first use. */
static SwUdpAssociation *
lookup_association (SwUdpPeer      *self,
                    GSocketAddress *address)
{
  g_autofree char *name = NULL;
  SwUdpAssociation *association;

  if (address == self->named_address && self->named != NULL)
    goto found;

  name = sw_socket_address_to_string (address);
  association = g_hash_table_lookup (self->associations, name);
  if (association == NULL)
    {
      if (g_hash_table_size (self->associations) >= MAX_ASSOCIATIONS)
        forget_associations (self, FALSE);

      association = _sw_udp_association_new (SW_ENGINE (self),
                                             sw_engine_get_local_address (SW_ENGINE (self)),
                                             address, FALSE);
      g_hash_table_insert (self->associations, g_steal_pointer (&name), association);
      _sw_engine_connection_opened (SW_ENGINE (self), SW_CONNECTION (association));
    }

  g_set_object (&self->named_address, address);
  self->named = association;

found:
  _sw_udp_association_used (self->named);
  return self->named;
}

static void
sw_udp_peer_connection_closed (SwEngine     *engine,
                               SwConnection *connection,
                               const GError *error,
                               gboolean      by_us,
                               gsize         dropped)
{
  SwUdpPeer *self = SW_UDP_PEER (engine);

  /* UDP has nothing to close: the peer is forgotten without a word. */
  if (self->named == SW_UDP_ASSOCIATION (connection))
    {
      g_clear_object (&self->named_address);
      self->named = NULL;
    }
  g_hash_table_remove (self->associations, sw_connection_get_name (connection));
}

static GSocketFamily
socket_family (SwUdpPeer *self)
{
  return g_socket_get_family (self->socket);
}

/* An IPv6 socket reaches IPv4 peers through IPv4-mapped addresses. */
static GSocketAddress *
address_for_socket (SwUdpPeer      *self,
                    GSocketAddress *address)
{
  GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (address);
  GInetAddress *ip = g_inet_socket_address_get_address (inet);
  guint8 mapped[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
  g_autoptr(GInetAddress) mapped_ip = NULL;

  if (socket_family (self) != G_SOCKET_FAMILY_IPV6 ||
      g_inet_address_get_family (ip) != G_SOCKET_FAMILY_IPV4)
    return g_object_ref (address);

  memcpy (mapped + 12, g_inet_address_to_bytes (ip), 4);
  mapped_ip = g_inet_address_new_from_bytes (mapped, G_SOCKET_FAMILY_IPV6);

  return g_inet_socket_address_new (mapped_ip, g_inet_socket_address_get_port (inet));
}

static void
report_unreachable (SwUdpPeer    *self,
                    const GError *error)
{
  gboolean reported = FALSE;

#ifdef MSG_ERRQUEUE
  /* Each ICMP error left the datagram's destination in the error queue. */
  for (;;)
    {
      g_autoptr(GSocketAddress) destination = NULL;
      g_autoptr(GError) queue_error = NULL;
      g_autofree char *message = NULL;
      guint8 discard[512];
      GInputVector vector = { discard, sizeof discard };
      int flags = MSG_ERRQUEUE;
      SwUdpAssociation *association;
      const char *name;

      if (g_socket_receive_message (self->socket, &destination, &vector, 1,
                                    NULL, NULL, &flags, NULL, &queue_error) < 0 ||
          destination == NULL)
        break;

      association = lookup_association (self, destination);
      name = sw_connection_get_name (SW_CONNECTION (association));
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        /* Translators: %s is an address such as 127.0.0.1:9999. */
        message = g_strdup_printf (_("Nothing is listening on %s: its system answered “port unreachable”"), name);
      else
        message = sw_net_error_describe (error, name);
      log_event (self, association, SW_EVENT_KIND_ERROR, message);
      reported = TRUE;
    }
#endif

  if (!reported)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
        message = g_strdup (_("A datagram sent earlier was answered with “port unreachable”: nothing is listening there"));
      else
        message = sw_net_error_describe (error, NULL);
      log_event (self, NULL, SW_EVENT_KIND_ERROR, message);
    }
}

static void
receive_some (SwUdpPeer *self)
{
  gint64 deadline = g_get_monotonic_time () + SW_IO_DISPATCH_BUDGET_USEC;
  SwTrafficLog *log = get_log (self);
  GSocketAddress *first_sender = self->last_sender;
  guint errors = 0;

  g_object_ref (self);

  while (self->socket != NULL && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GSocketAddress) from = NULL;
      g_autoptr(GError) error = NULL;
      GInputVector vector;
      SwUdpAssociation *association;
      SwTrafficMeta meta;
      guint64 seq;
      int flags = 0;
      gssize n;

      vector.buffer = sw_traffic_log_reserve (log, RECEIVE_SIZE);
      vector.size = RECEIVE_SIZE;
      n = g_socket_receive_message (self->socket, &from, &vector, 1,
                                    NULL, NULL, &flags, NULL, &error);

      if (n < 0 || from == NULL)
        {
          sw_traffic_log_commit (log, SW_DIRECTION_RECEIVED, NULL, 0);

          if (n >= 0 || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            break;

          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
              g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
              g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
              g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
            {
              report_unreachable (self, error);
              continue;
            }

          /* Anything else is logged once per dispatch, and receiving goes on. */
          if (errors++ == 0)
            {
              g_autofree char *message = sw_net_error_describe (error, self->local_name);

              log_event (self, NULL, SW_EVENT_KIND_ERROR, message);
            }
          break;
        }

      association = lookup_association (self, from);
      _sw_connection_meta (SW_CONNECTION (association), SW_DIRECTION_RECEIVED, NULL, &meta);
      if (n > 0)
        seq = sw_traffic_log_commit_full (log, &meta, n);
      else
        {
          /* An empty datagram is a datagram too. */
          sw_traffic_log_commit_full (log, &meta, 0);
          seq = sw_traffic_log_append_full (log, &meta, NULL, 0);
        }

      if (self->last_sender != from)
        g_set_object (&self->last_sender, from);

      _sw_engine_received (SW_ENGINE (self), SW_CONNECTION (association), seq, n);
    }

  if (self->last_sender != first_sender)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SENDER]);

  g_object_unref (self);
}

static gboolean send_datagram (SwUdpPeer         *self,
                               GSocketAddress    *to,
                               GBytes            *bytes,
                               const SwSendInfo  *info,
                               GError           **error);

static void
update_watch (SwUdpPeer *self)
{
  GIOCondition condition = G_IO_IN | (g_queue_is_empty (&self->pending) ? 0 : G_IO_OUT);

  if (self->watch != NULL)
    _sw_poller_watch_set_condition (self->watch, condition);
}

static void
flush_pending (SwUdpPeer *self)
{
  Pending *pending;

  while ((pending = g_queue_peek_head (&self->pending)) != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!send_datagram (self, pending->to, pending->bytes, &pending->info, &error) &&
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;

      g_queue_pop_head (&self->pending);
      self->pending_bytes -= g_bytes_get_size (pending->bytes);
      if (pending->task != NULL)
        {
          if (error != NULL)
            g_task_return_error (pending->task, g_steal_pointer (&error));
          else
            g_task_return_boolean (pending->task, TRUE);
        }
      pending_free (pending);
    }

  update_watch (self);
}

static void
socket_ready_cb (GSocket      *socket,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  SwUdpPeer *self = user_data;

  if (condition & (G_IO_IN | G_IO_ERR | G_IO_HUP))
    receive_some (self);

  if (self->socket != NULL && (condition & G_IO_OUT))
    flush_pending (self);
}

static void
prepare_socket (GSocket  *socket,
                gpointer  user_data)
{
  SwUdpPeer *self = user_data;

  g_socket_set_broadcast (socket, self->broadcast);
  /* The kernel caps this at net.core.rmem_max; any gain helps. */
  g_socket_set_option (socket, SOL_SOCKET, SO_RCVBUF, RECEIVE_BUFFER, NULL);
#ifdef IP_RECVERR
  g_socket_set_option (socket, IPPROTO_IP, IP_RECVERR, TRUE, NULL);
#endif
#ifdef IPV6_RECVERR
  if (g_socket_get_family (socket) == G_SOCKET_FAMILY_IPV6)
    g_socket_set_option (socket, IPPROTO_IPV6, IPV6_RECVERR, TRUE, NULL);
#endif
}

static gboolean
bind_internal (SwUdpPeer     *self,
               SwEndpoint    *local,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_autoptr(GSocketAddress) local_address = NULL;

  self->socket = _sw_socket_new_bound (local, G_SOCKET_TYPE_DATAGRAM,
                                       prepare_socket, self, &local_error);
  if (self->socket == NULL)
    {
      _sw_engine_fail (SW_ENGINE (self), NULL, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  local_address = g_socket_get_local_address (self->socket, NULL);
  self->local_name = sw_socket_address_to_string (local_address);
  self->watch = _sw_poller_watch (_sw_poller_get_default (), self->socket,
                                  G_IO_IN, socket_ready_cb, self);

  set_last_error (self, NULL);
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOUND]);
  _sw_engine_set_local_address (SW_ENGINE (self), local_address);
  _sw_engine_set_state (SW_ENGINE (self), SW_CONNECTION_STATE_CONNECTED);
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

/**
 * sw_udp_peer_new:
 * @log: (nullable): where traffic goes; a new log when %NULL
 *
 * Returns: (transfer full): a peer that is not bound yet
 */
SwUdpPeer *
sw_udp_peer_new (SwTrafficLog *log)
{
  g_return_val_if_fail (log == NULL || SW_IS_TRAFFIC_LOG (log), NULL);

  return g_object_new (SW_TYPE_UDP_PEER, "log", log, NULL);
}

/**
 * sw_udp_peer_bind:
 * @address: (nullable): the local address
 * @port: the local port, or 0 for any free one
 *
 * Returns: %TRUE when bound; otherwise @error (and the log) say why in
 *   words a person can act on
 */
gboolean
sw_udp_peer_bind (SwUdpPeer     *self,
                  GInetAddress  *address,
                  guint16        port,
                  GError       **error)
{
  g_autoptr(SwEndpoint) local = NULL;

  g_return_val_if_fail (SW_IS_UDP_PEER (self), FALSE);
  g_return_val_if_fail (address == NULL || G_IS_INET_ADDRESS (address), FALSE);

  local = _sw_endpoint_new_local (address, port);

  return sw_udp_peer_bind_endpoint (self, local, error);
}

/**
 * sw_udp_peer_bind_endpoint:
 * @local: what to bind: no host for every interface, or an IP address of
 *   this computer (IPv6 with its scope, "fe80::1%eth0"); port 0 for any
 *   free one
 *
 * Returns: %TRUE when bound; otherwise @error (and the log) say why in
 *   words a person can act on
 */
gboolean
sw_udp_peer_bind_endpoint (SwUdpPeer   *self,
                           SwEndpoint  *local,
                           GError     **error)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (SW_IS_UDP_PEER (self), FALSE);
  g_return_val_if_fail (local != NULL, FALSE);

  if (self->socket != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                   _("Already bound to %s: close first"), self->local_name);
      return FALSE;
    }

  if (!bind_internal (self, local, error))
    return FALSE;

  /* Translators: %s is a local address and port, e.g. [::]:7788. */
  message = g_strdup_printf (_("Bound to %s: receiving datagrams"), self->local_name);
  log_event (self, NULL, SW_EVENT_KIND_INFO, message);

  return TRUE;
}

static void
fail_pending (SwUdpPeer *self)
{
  Pending *pending;

  self->pending_bytes = 0;
  while ((pending = g_queue_pop_head (&self->pending)) != NULL)
    {
      if (pending->task != NULL)
        g_task_return_new_error (pending->task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                                 _("The socket was closed before the datagram could be sent"));
      pending_free (pending);
    }
}

void
sw_udp_peer_close (SwUdpPeer *self)
{
  g_autofree char *message = NULL;

  g_return_if_fail (SW_IS_UDP_PEER (self));

  if (self->socket == NULL)
    return;

  message = g_strdup_printf (_("Closed %s"), self->local_name);

  fail_pending (self);
  g_clear_pointer (&self->watch, _sw_poller_watch_destroy);
  g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  g_clear_pointer (&self->local_name, g_free);
  g_ptr_array_set_size (self->groups, 0);
  forget_associations (self, TRUE);

  log_event (self, NULL, SW_EVENT_KIND_INFO, message);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOUND]);
  _sw_engine_set_local_address (SW_ENGINE (self), NULL);
  _sw_engine_set_state (SW_ENGINE (self), SW_CONNECTION_STATE_DISCONNECTED);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
sw_udp_peer_get_bound (SwUdpPeer *self)
{
  g_return_val_if_fail (SW_IS_UDP_PEER (self), FALSE);

  return self->socket != NULL;
}

guint16
sw_udp_peer_get_local_port (SwUdpPeer *self)
{
  GSocketAddress *local_address;

  g_return_val_if_fail (SW_IS_UDP_PEER (self), 0);

  local_address = sw_engine_get_local_address (SW_ENGINE (self));
  if (local_address == NULL)
    return 0;

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local_address));
}

/**
 * sw_udp_peer_get_remote:
 *
 * Returns: (transfer none) (nullable): where sends go by default
 */
GSocketConnectable *
sw_udp_peer_get_remote (SwUdpPeer *self)
{
  g_return_val_if_fail (SW_IS_UDP_PEER (self), NULL);

  return self->remote;
}

/**
 * sw_udp_peer_set_remote:
 * @remote: (nullable): a host and port, or an address
 */
void
sw_udp_peer_set_remote (SwUdpPeer          *self,
                        GSocketConnectable *remote)
{
  g_return_if_fail (SW_IS_UDP_PEER (self));
  g_return_if_fail (remote == NULL || G_IS_SOCKET_CONNECTABLE (remote));

  if (g_set_object (&self->remote, remote))
    {
      g_clear_object (&self->remote_resolved);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE]);
    }
}

gboolean
sw_udp_peer_get_reply_to_sender (SwUdpPeer *self)
{
  g_return_val_if_fail (SW_IS_UDP_PEER (self), FALSE);

  return self->reply_to_sender;
}

void
sw_udp_peer_set_reply_to_sender (SwUdpPeer *self,
                                 gboolean   reply_to_sender)
{
  g_return_if_fail (SW_IS_UDP_PEER (self));

  reply_to_sender = !!reply_to_sender;
  if (self->reply_to_sender != reply_to_sender)
    {
      self->reply_to_sender = reply_to_sender;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLY_TO_SENDER]);
    }
}

/**
 * sw_udp_peer_get_last_sender:
 *
 * Returns: (transfer none) (nullable): the source of the last datagram
 */
GSocketAddress *
sw_udp_peer_get_last_sender (SwUdpPeer *self)
{
  g_return_val_if_fail (SW_IS_UDP_PEER (self), NULL);

  return self->last_sender;
}

static gboolean
send_datagram (SwUdpPeer         *self,
               GSocketAddress    *to,
               GBytes            *bytes,
               const SwSendInfo  *info,
               GError           **error)
{
  g_autoptr(GSocketAddress) target = address_for_socket (self, to);
  g_autoptr(GError) local_error = NULL;
  SwUdpAssociation *association = lookup_association (self, to);
  const char *name = sw_connection_get_name (SW_CONNECTION (association));
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  SwTrafficMeta meta;
  gssize n;
  guint64 seq;

  n = g_socket_send_to (self->socket, target, (const char *) data, length, NULL, &local_error);

  if (n < 0)
    {
      g_autoptr(GError) described = NULL;

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) && !self->broadcast)
        described = g_error_new (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                                 /* Translators: %s is an address such as 192.168.1.255:9. */
                                 _("Sending to %s was refused: to send to a broadcast address, turn on Broadcast"),
                                 name);
      else
        described = sw_net_error_new_described (local_error, name);

      _sw_engine_fail (SW_ENGINE (self), SW_CONNECTION (association), described);
      g_propagate_error (error, g_steal_pointer (&described));
      return FALSE;
    }

  _sw_connection_meta (SW_CONNECTION (association), SW_DIRECTION_SENT, info, &meta);
  seq = sw_traffic_log_append_full (get_log (self), &meta, data, length);
  _sw_engine_sent (SW_ENGINE (self), SW_CONNECTION (association), seq, length);

  return TRUE;
}

/* Sends at once, or queues behind what waits for the socket (completing
 * @task, when given, once sent). Returns FALSE with @error when it failed
 * at once. */
static gboolean
send_now (SwUdpPeer         *self,
          GSocketAddress    *to,
          GBytes            *bytes,
          const SwSendInfo  *info,
          GTask             *task,
          GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->socket == NULL)
    {
      g_autofree char *message = NULL;
      g_autoptr(SwEndpoint) any = sw_endpoint_new (NULL, 0);

      if (!bind_internal (self, any, error))
        return FALSE;

      /* Translators: %s is a local address and port, e.g. [::]:40123. */
      message = g_strdup_printf (_("Bound to %s for sending (the system chose the port): receiving datagrams"),
                                 self->local_name);
      log_event (self, NULL, SW_EVENT_KIND_INFO, message);
    }

  /* Datagrams leave in the order they were given. */
  if (g_queue_is_empty (&self->pending))
    {
      if (send_datagram (self, to, bytes, info, &local_error))
        {
          if (task != NULL)
            g_task_return_boolean (task, TRUE);
          return TRUE;
        }

      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  {
    Pending *pending = g_new0 (Pending, 1);

    pending->to = g_object_ref (to);
    pending->bytes = g_bytes_ref (bytes);
    pending->task = task != NULL ? g_object_ref (task) : NULL;
    if (info != NULL)
      pending->info = *info;
    g_queue_push_tail (&self->pending, pending);
    self->pending_bytes += g_bytes_get_size (bytes);
    update_watch (self);
  }

  return TRUE;
}

static void
send_now_task (SwUdpPeer        *self,
               GSocketAddress   *to,
               GBytes           *bytes,
               const SwSendInfo *info,
               GTask            *task)
{
  GError *error = NULL;

  if (!send_now (self, to, bytes, info, task, &error))
    g_task_return_error (task, error);
}

/* UDP cannot try one address and fall back to the next as TCP connects
 * do, so a name with both families (localhost) goes to IPv4, where the
 * servers of most tutorials listen; a socket bound to a specific IPv6
 * address can only reach IPv6. */
static GSocketAddress *
pick_address (SwUdpPeer *self,
              GList     *addresses)
{
  GSocketFamily wanted = G_SOCKET_FAMILY_IPV4;

  if (self->socket != NULL && socket_family (self) == G_SOCKET_FAMILY_IPV6 &&
      !g_inet_address_get_is_any (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (sw_engine_get_local_address (SW_ENGINE (self))))))
    wanted = G_SOCKET_FAMILY_IPV6;
  else if (self->socket != NULL && socket_family (self) == G_SOCKET_FAMILY_IPV4)
    wanted = G_SOCKET_FAMILY_IPV4;

  for (GList *l = addresses; l != NULL; l = l->next)
    if (g_socket_address_get_family (l->data) == wanted)
      return l->data;

  /* A bound IPv4 socket cannot reach IPv6 at all: the send says so. */
  return addresses != NULL ? addresses->data : NULL;
}

typedef struct
{
  GSocketConnectable *destination;
  GBytes             *bytes;
  SwSendInfo          info;
  GList              *addresses;
} SendData;

static void
send_data_free (SendData *data)
{
  g_object_unref (data->destination);
  g_bytes_unref (data->bytes);
  g_list_free_full (data->addresses, g_object_unref);
  g_free (data);
}

static void enumerate_next (GTask *task);

static void
enumerated_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SwUdpPeer *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  GSocketAddress *chosen;

  address = g_socket_address_enumerator_next_finish (G_SOCKET_ADDRESS_ENUMERATOR (object),
                                                     result, &error);
  if (address != NULL)
    {
      if (G_IS_INET_SOCKET_ADDRESS (address))
        data->addresses = g_list_append (data->addresses, g_steal_pointer (&address));
      g_object_set_data_full (G_OBJECT (task), "enumerator", g_object_ref (object), g_object_unref);
      enumerate_next (g_steal_pointer (&task));
      return;
    }

  self->resolving_bytes -= g_bytes_get_size (data->bytes);

  chosen = pick_address (self, data->addresses);
  if (chosen == NULL)
    {
      g_autofree char *target = g_socket_connectable_to_string (data->destination);
      g_autoptr(GError) described = NULL;

      if (error == NULL)
        error = g_error_new (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "%s", target);
      described = sw_net_error_new_described (error, target);
      _sw_engine_fail (SW_ENGINE (self), NULL, described);
      g_task_return_error (task, g_steal_pointer (&described));
      return;
    }

  if (data->destination == self->remote)
    g_set_object (&self->remote_resolved, chosen);

  send_now_task (self, chosen, data->bytes, &data->info, task);
}

static void
enumerate_next (GTask *task)
{
  GSocketAddressEnumerator *enumerator = g_object_get_data (G_OBJECT (task), "enumerator");

  g_socket_address_enumerator_next_async (enumerator, g_task_get_cancellable (task),
                                          enumerated_cb, task);
}

/* Where a send goes and whether it can: the destination given, or the
 * last sender or the remote. */
static GSocketConnectable *
check_send (SwUdpPeer           *self,
            GSocketConnectable  *destination,
            GBytes              *bytes,
            GError             **error)
{
  if (g_bytes_get_size (bytes) > SW_UDP_MAX_PAYLOAD)
    {
      g_autofree char *size = g_strdup_printf ("%" G_GSIZE_FORMAT, g_bytes_get_size (bytes));

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   /* Translators: %s is a number of bytes. */
                   _("%s bytes do not fit in one datagram: a UDP datagram holds at most 65,507 bytes"),
                   size);
      return NULL;
    }

  if (destination == NULL)
    {
      if (self->reply_to_sender && self->last_sender != NULL)
        destination = G_SOCKET_CONNECTABLE (self->last_sender);
      else if (self->remote_resolved != NULL)
        destination = G_SOCKET_CONNECTABLE (self->remote_resolved);
      else
        destination = self->remote;
    }

  if (destination == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         self->reply_to_sender
                         ? _("Nobody has sent a datagram yet: enter a remote host and port to send to")
                         : _("Enter a remote host and port to send to"));

  return destination;
}

/* Resolves @destination, a name, then sends; the task completes then. */
static void
send_resolving (SwUdpPeer          *self,
                GSocketConnectable *destination,
                GBytes             *bytes,
                const SwSendInfo   *info,
                GTask              *task)
{
  SendData *data = g_new0 (SendData, 1);

  data->destination = g_object_ref (destination);
  data->bytes = g_bytes_ref (bytes);
  if (info != NULL)
    data->info = *info;
  self->resolving_bytes += g_bytes_get_size (bytes);
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);
  g_object_set_data_full (G_OBJECT (task), "enumerator",
                          g_socket_connectable_enumerate (destination), g_object_unref);
  enumerate_next (g_object_ref (task));
}

static void
send_async (SwUdpPeer           *self,
            GSocketConnectable  *destination,
            GBytes              *bytes,
            const SwSendInfo    *info,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_udp_peer_send_async);

  destination = check_send (self, destination, bytes, &error);
  if (destination == NULL)
    g_task_return_error (task, error);
  else if (G_IS_INET_SOCKET_ADDRESS (destination))
    send_now_task (self, G_SOCKET_ADDRESS (destination), bytes, info, task);
  else
    send_resolving (self, destination, bytes, info, task);
}

void
sw_udp_peer_send_async (SwUdpPeer           *self,
                        GSocketConnectable  *destination,
                        GBytes              *bytes,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (SW_IS_UDP_PEER (self));
  g_return_if_fail (destination == NULL || G_IS_SOCKET_CONNECTABLE (destination));
  g_return_if_fail (bytes != NULL);

  send_async (self, destination, bytes, NULL, cancellable, callback, user_data);
}

gboolean
sw_udp_peer_send_finish (SwUdpPeer     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (SW_IS_UDP_PEER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_udp_peer_send_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sw_udp_peer_get_pending_bytes:
 *
 * Returns: the bytes of the datagrams waiting for the socket to take them,
 *   or for their destination's name to be resolved
 */
static guint64
sw_udp_peer_get_pending_bytes (SwEngine *engine)
{
  SwUdpPeer *self = SW_UDP_PEER (engine);

  return self->pending_bytes + self->resolving_bytes;
}

/* Failures are in the log and the last error already. */
static void
engine_send_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  sw_udp_peer_send_finish (SW_UDP_PEER (object), result, NULL);
}

/* Sends at once where it can; a name to resolve sends later, saying
 * any failure through the log and the last error. */
static gboolean
sw_udp_peer_send (SwEngine          *engine,
                  SwConnection      *connection,
                  GBytes            *bytes,
                  const SwSendInfo  *info,
                  GError           **error)
{
  SwUdpPeer *self = SW_UDP_PEER (engine);
  GSocketConnectable *destination = NULL;
  g_autoptr(GTask) task = NULL;

  if (connection != NULL)
    destination = G_SOCKET_CONNECTABLE (sw_connection_get_remote_address (connection));

  /* An error known at once (too large, nowhere to send, the bind or the
   * send failed) is the caller's to show. */
  destination = check_send (self, destination, bytes, error);
  if (destination == NULL)
    return FALSE;

  if (G_IS_INET_SOCKET_ADDRESS (destination))
    return send_now (self, G_SOCKET_ADDRESS (destination), bytes, info, NULL, error);

  task = g_task_new (self, NULL, engine_send_cb, NULL);
  g_task_set_source_tag (task, sw_udp_peer_send_async);
  send_resolving (self, destination, bytes, info, task);

  return TRUE;
}

static void
sw_udp_peer_stop (SwEngine *engine)
{
  sw_udp_peer_close (SW_UDP_PEER (engine));
}

gboolean
sw_udp_peer_get_broadcast (SwUdpPeer *self)
{
  g_return_val_if_fail (SW_IS_UDP_PEER (self), FALSE);

  return self->broadcast;
}

void
sw_udp_peer_set_broadcast (SwUdpPeer *self,
                           gboolean   broadcast)
{
  g_return_if_fail (SW_IS_UDP_PEER (self));

  broadcast = !!broadcast;
  if (self->broadcast == broadcast)
    return;

  self->broadcast = broadcast;
  if (self->socket != NULL)
    g_socket_set_broadcast (self->socket, broadcast);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BROADCAST]);
}

static char *
group_name (GInetAddress *group,
            const char   *iface)
{
  g_autofree char *address = g_inet_address_to_string (group);

  if (iface == NULL || *iface == '\0')
    return g_steal_pointer (&address);

  return g_strdup_printf ("%s%%%s", address, iface);
}

static gboolean
change_membership (SwUdpPeer     *self,
                   GInetAddress  *group,
                   const char    *iface,
                   gboolean       join,
                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = group_name (group, iface);
  g_autofree char *message = NULL;
  gboolean ok;

  if (iface != NULL && *iface == '\0')
    iface = NULL;

  if (!g_inet_address_get_is_multicast (group))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is an IP address. */
                   _("%s is not a multicast address: IPv4 groups are 224.0.0.0 to 239.255.255.255, IPv6 groups start with ff"),
                   name);
      return FALSE;
    }

  if (self->socket == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("Bind a local port first: a group is joined on a bound socket"));
      return FALSE;
    }

  if (join)
    ok = g_socket_join_multicast_group (self->socket, group, FALSE, iface, &local_error);
  else
    ok = g_socket_leave_multicast_group (self->socket, group, FALSE, iface, &local_error);

  if (!ok)
    {
      g_autoptr(GError) described = NULL;

      described = g_error_new (local_error->domain, local_error->code,
                               join
                               ? _("Could not join multicast group %s: %s")
                               : _("Could not leave multicast group %s: %s"),
                               name, local_error->message);
      _sw_engine_fail (SW_ENGINE (self), NULL, described);
      g_propagate_error (error, g_steal_pointer (&described));
      return FALSE;
    }

  if (join)
    {
      Group *entry = g_new0 (Group, 1);

      entry->group = g_object_ref (group);
      entry->iface = g_strdup (iface);
      g_ptr_array_add (self->groups, entry);
      message = g_strdup_printf (_("Joined multicast group %s"), name);
    }
  else
    {
      for (guint i = 0; i < self->groups->len; i++)
        {
          Group *entry = g_ptr_array_index (self->groups, i);

          if (g_inet_address_equal (entry->group, group) && g_strcmp0 (entry->iface, iface) == 0)
            {
              g_ptr_array_remove_index (self->groups, i);
              break;
            }
        }
      message = g_strdup_printf (_("Left multicast group %s"), name);
    }

  log_event (self, NULL, SW_EVENT_KIND_INFO, message);

  return TRUE;
}

gboolean
sw_udp_peer_join_group (SwUdpPeer     *self,
                        GInetAddress  *group,
                        const char    *iface,
                        GError       **error)
{
  g_return_val_if_fail (SW_IS_UDP_PEER (self), FALSE);
  g_return_val_if_fail (G_IS_INET_ADDRESS (group), FALSE);

  return change_membership (self, group, iface, TRUE, error);
}

gboolean
sw_udp_peer_leave_group (SwUdpPeer     *self,
                         GInetAddress  *group,
                         const char    *iface,
                         GError       **error)
{
  g_return_val_if_fail (SW_IS_UDP_PEER (self), FALSE);
  g_return_val_if_fail (G_IS_INET_ADDRESS (group), FALSE);

  return change_membership (self, group, iface, FALSE, error);
}

/**
 * sw_udp_peer_dup_groups:
 *
 * Returns: (transfer full): the multicast groups joined
 */
GStrv
sw_udp_peer_dup_groups (SwUdpPeer *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SW_IS_UDP_PEER (self), NULL);

  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *entry = g_ptr_array_index (self->groups, i);
      g_autofree char *name = group_name (entry->group, entry->iface);

      g_strv_builder_add (builder, name);
    }

  return g_strv_builder_end (builder);
}

static void
sw_udp_peer_dispose (GObject *object)
{
  SwUdpPeer *self = SW_UDP_PEER (object);

  fail_pending (self);
  g_clear_pointer (&self->watch, _sw_poller_watch_destroy);
  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  if (self->associations != NULL)
    {
      GHashTableIter iter;
      SwConnection *association;

      g_hash_table_iter_init (&iter, self->associations);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &association))
        _sw_connection_detach (association);
      g_hash_table_remove_all (self->associations);
    }
  g_clear_object (&self->named_address);
  self->named = NULL;

  G_OBJECT_CLASS (sw_udp_peer_parent_class)->dispose (object);
}

static void
sw_udp_peer_finalize (GObject *object)
{
  SwUdpPeer *self = SW_UDP_PEER (object);

  g_clear_pointer (&self->local_name, g_free);
  g_clear_object (&self->remote);
  g_clear_object (&self->remote_resolved);
  g_clear_object (&self->last_sender);
  g_clear_pointer (&self->associations, g_hash_table_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (sw_udp_peer_parent_class)->finalize (object);
}

static void
sw_udp_peer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SwUdpPeer *self = SW_UDP_PEER (object);

  switch (prop_id)
    {
    case PROP_BOUND:
      g_value_set_boolean (value, self->socket != NULL);
      break;

    case PROP_REMOTE:
      g_value_set_object (value, self->remote);
      break;

    case PROP_REPLY_TO_SENDER:
      g_value_set_boolean (value, self->reply_to_sender);
      break;

    case PROP_LAST_SENDER:
      g_value_set_object (value, self->last_sender);
      break;

    case PROP_BROADCAST:
      g_value_set_boolean (value, self->broadcast);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_udp_peer_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SwUdpPeer *self = SW_UDP_PEER (object);

  switch (prop_id)
    {
    case PROP_REMOTE:
      sw_udp_peer_set_remote (self, g_value_get_object (value));
      break;

    case PROP_REPLY_TO_SENDER:
      sw_udp_peer_set_reply_to_sender (self, g_value_get_boolean (value));
      break;

    case PROP_BROADCAST:
      sw_udp_peer_set_broadcast (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_udp_peer_class_init (SwUdpPeerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SwEngineClass *engine_class = SW_ENGINE_CLASS (klass);

  object_class->dispose = sw_udp_peer_dispose;
  object_class->finalize = sw_udp_peer_finalize;
  object_class->get_property = sw_udp_peer_get_property;
  object_class->set_property = sw_udp_peer_set_property;

  engine_class->send = sw_udp_peer_send;
  engine_class->get_pending_bytes = sw_udp_peer_get_pending_bytes;
  engine_class->stop = sw_udp_peer_stop;
  engine_class->connection_closed = sw_udp_peer_connection_closed;

  properties[PROP_BOUND] =
    g_param_spec_boolean ("bound", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REMOTE] =
    g_param_spec_object ("remote", NULL, NULL,
                         G_TYPE_SOCKET_CONNECTABLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPLY_TO_SENDER] =
    g_param_spec_boolean ("reply-to-sender", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SENDER] =
    g_param_spec_object ("last-sender", NULL, NULL,
                         G_TYPE_SOCKET_ADDRESS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BROADCAST] =
    g_param_spec_boolean ("broadcast", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_udp_peer_init (SwUdpPeer *self)
{
  g_queue_init (&self->pending);
  self->associations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->groups = g_ptr_array_new_with_free_func (group_free);
}
