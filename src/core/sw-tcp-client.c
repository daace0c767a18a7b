/* sw-tcp-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-tcp-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-core-enums.h"
#include "sw-core-private.h"
#include "sw-endpoint.h"
#include "sw-engine-private.h"
#include "sw-tcp-client.h"
#include "sw-tcp-connection-private.h"

struct _SwTcpClient
{
  SwEngine              parent_instance;

  gboolean              tls;
  guint                 timeout;

  /* While connecting. */
  GSocketClient        *socket_client;
  GTask                *connect_task;
  GCancellable         *cancellable;
  gulong                cancelled_id;
  GCancellable         *caller_cancellable;
  guint                 timeout_id;
  char                 *target;
  gboolean              timed_out;

  /* Before the connection, what events name: the target, then the
   * address connected to. */
  char                 *remote_name;
  GSocketAddress       *remote_address;

  /* While connected. */
  SwTcpConnection      *connection;

  GTlsCertificate      *peer_certificate;
  GTlsCertificateFlags  peer_certificate_errors;
  GTlsCertificate      *accepted_certificate;
};

G_DEFINE_FINAL_TYPE (SwTcpClient, sw_tcp_client, SW_TYPE_ENGINE)

enum {
  PROP_0,
  PROP_TLS,
  PROP_TIMEOUT,
  PROP_REMOTE_ADDRESS,
  PROP_CONNECTED_TIME,
  PROP_PEER_CERTIFICATE,
  PROP_PEER_CERTIFICATE_ERRORS,
  PROP_ACCEPTED_CERTIFICATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_state (SwTcpClient       *self,
           SwConnectionState  state)
{
  _sw_engine_set_state (SW_ENGINE (self), state);
}

static void
set_last_error (SwTcpClient  *self,
                const GError *error)
{
  _sw_engine_set_last_error (SW_ENGINE (self), error);
}

static void
log_event (SwTcpClient *self,
           SwEventKind  kind,
           const char  *message)
{
  if (self->connection != NULL)
    sw_engine_log_event (SW_ENGINE (self), SW_CONNECTION (self->connection), kind, message);
  else
    sw_traffic_log_append_event (sw_engine_get_log (SW_ENGINE (self)), kind,
                                 self->remote_name, message);
}

static void
stop_connecting (SwTcpClient *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->caller_cancellable != NULL)
    g_cancellable_disconnect (self->caller_cancellable, self->cancelled_id);
  self->cancelled_id = 0;
  g_clear_object (&self->caller_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->socket_client);
  g_clear_pointer (&self->target, g_free);
}

static void
forget_connection (SwTcpClient *self)
{
  if (self->connection != NULL)
    _sw_connection_detach (SW_CONNECTION (self->connection));
  g_clear_object (&self->connection);
  g_clear_object (&self->remote_address);
  g_clear_pointer (&self->remote_name, g_free);

  g_object_freeze_notify (G_OBJECT (self));
  _sw_engine_set_local_address (SW_ENGINE (self), NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ADDRESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED_TIME]);
  set_state (self, SW_CONNECTION_STATE_DISCONNECTED);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
sw_tcp_client_connection_closed (SwEngine     *engine,
                                 SwConnection *connection,
                                 const GError *error,
                                 gboolean      by_us,
                                 gsize         dropped)
{
  SwTcpClient *self = SW_TCP_CLIENT (engine);
  g_autofree char *message = NULL;

  if (error != NULL)
    {
      g_autoptr(GError) described = sw_net_error_new_described (error, self->remote_name);

      log_event (self, SW_EVENT_KIND_ERROR, described->message);
      set_last_error (self, described);
    }
  else if (by_us && dropped > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GSIZE_FORMAT, dropped);

      /* Translators: %s is a number of bytes. */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Disconnected; %s byte still queued was not sent",
                                              "Disconnected; %s bytes still queued were not sent",
                                              dropped),
                                 count);
      log_event (self, SW_EVENT_KIND_DISCONNECTED, message);
    }
  else if (by_us)
    log_event (self, SW_EVENT_KIND_DISCONNECTED, _("Disconnected"));
  else
    {
      /* Translators: %s is the peer's address, e.g. 127.0.0.1:7000. */
      message = g_strdup_printf (_("Connection closed by %s"), self->remote_name);
      log_event (self, SW_EVENT_KIND_DISCONNECTED, message);
    }

  if (connection == SW_CONNECTION (self->connection))
    forget_connection (self);
}

static void
connect_failed (SwTcpClient *self,
                GTask       *task,
                GError      *error)
{
  g_autofree char *message = NULL;

  if (self->timed_out)
    {
      g_clear_error (&error);
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   /* Translators: %s is an address, %u a number of seconds. */
                   g_dngettext (GETTEXT_PACKAGE,
                                "No answer from %s within %u second",
                                "No answer from %s within %u seconds",
                                self->timeout),
                   self->target, self->timeout);
      message = g_strdup_printf (_("%s: check the address and that the host is up"), error->message);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      log_event (self, SW_EVENT_KIND_INFO, _("Connecting cancelled"));
    }
  else
    {
      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) &&
          self->peer_certificate_errors != 0)
        {
          g_autofree char *reasons = sw_tls_certificate_flags_describe (self->peer_certificate_errors);
          g_autoptr(GError) described = NULL;

          described = g_error_new (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                                   /* Translators: the first %s is an address, the second the reasons. */
                                   _("The certificate of %s is not trusted: %s"),
                                   self->target, reasons);
          g_clear_error (&error);
          error = g_steal_pointer (&described);
          message = g_strdup (error->message);
        }

      if (message == NULL)
        message = sw_net_error_describe (error, self->target);
      /* What the caller and the person see is the described message. */
      {
        GError *described = g_error_new_literal (error->domain, error->code, message);

        g_clear_error (&error);
        error = described;
      }
      log_event (self, SW_EVENT_KIND_ERROR, message);
      set_last_error (self, error);
    }

  stop_connecting (self);
  g_clear_object (&self->connect_task);
  forget_connection (self);

  g_task_return_error (task, error);
}

static char *
format_date (GDateTime *date)
{
  if (date == NULL)
    return g_strdup ("?");

  return g_date_time_format (date, "%Y-%m-%d %H:%M:%S %Z");
}

static const char *
tls_version_name (GTlsProtocolVersion version)
{
  switch (version)
    {
    case G_TLS_PROTOCOL_VERSION_SSL_3_0:
      return "SSL 3.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_0:
      return "TLS 1.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_1:
      return "TLS 1.1";
    case G_TLS_PROTOCOL_VERSION_TLS_1_2:
      return "TLS 1.2";
    case G_TLS_PROTOCOL_VERSION_TLS_1_3:
      return "TLS 1.3";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_0:
      return "DTLS 1.0";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_2:
      return "DTLS 1.2";
    case G_TLS_PROTOCOL_VERSION_UNKNOWN:
    default:
      return "TLS";
    }
}

static void
log_tls_details (SwTcpClient    *self,
                 GTlsConnection *tls)
{
  GTlsCertificate *certificate = g_tls_connection_get_peer_certificate (tls);
  g_autofree char *ciphersuite = g_tls_connection_get_ciphersuite_name (tls);
  g_autofree char *message = NULL;

  /* Translators: "%s established" names a protocol version such as
   * "TLS 1.3"; the last %s is a cipher suite name. */
  message = g_strdup_printf (_("%s established with %s, cipher suite %s"),
                             tls_version_name (g_tls_connection_get_protocol_version (tls)),
                             self->remote_name,
                             ciphersuite != NULL ? ciphersuite : "?");
  log_event (self, SW_EVENT_KIND_INFO, message);

  if (certificate != NULL)
    {
      g_autofree char *subject = g_tls_certificate_get_subject_name (certificate);
      g_autofree char *issuer = g_tls_certificate_get_issuer_name (certificate);
      g_autoptr(GDateTime) not_before = g_tls_certificate_get_not_valid_before (certificate);
      g_autoptr(GDateTime) not_after = g_tls_certificate_get_not_valid_after (certificate);
      g_autofree char *from = format_date (not_before);
      g_autofree char *until = format_date (not_after);
      g_autofree char *details = NULL;

      details = g_strdup_printf (_("Server certificate: subject %s; issuer %s; valid from %s until %s"),
                                 subject != NULL ? subject : "?",
                                 issuer != NULL ? issuer : "?",
                                 from, until);
      log_event (self, SW_EVENT_KIND_INFO, details);

      if (self->peer_certificate_errors != 0)
        {
          g_autofree char *reasons = sw_tls_certificate_flags_describe (self->peer_certificate_errors);
          g_autofree char *accepted = NULL;

          accepted = g_strdup_printf (_("The certificate was accepted by hand although %s"), reasons);
          log_event (self, SW_EVENT_KIND_INFO, accepted);
        }
    }
}

static void
connect_succeeded (SwTcpClient *self,
                   GTask       *task,
                   GIOStream   *io_stream)
{
  g_autofree char *local = NULL;
  g_autofree char *message = NULL;
  GSocketAddress *local_address;

  stop_connecting (self);
  g_clear_object (&self->connect_task);

  self->connection = _sw_tcp_connection_new (SW_ENGINE (self), io_stream, self->remote_address);
  local_address = sw_connection_get_local_address (SW_CONNECTION (self->connection));

  local = local_address != NULL ? sw_socket_address_to_string (local_address) : g_strdup ("?");
  /* Translators: both %s are addresses, e.g. 127.0.0.1:7000. */
  message = g_strdup_printf (_("Connected to %s from %s"), self->remote_name, local);
  log_event (self, SW_EVENT_KIND_CONNECTED, message);

  if (G_IS_TLS_CONNECTION (io_stream))
    log_tls_details (self, G_TLS_CONNECTION (io_stream));

  g_object_freeze_notify (G_OBJECT (self));
  _sw_engine_set_local_address (SW_ENGINE (self), local_address);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ADDRESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED_TIME]);
  set_state (self, SW_CONNECTION_STATE_CONNECTED);
  g_object_thaw_notify (G_OBJECT (self));

  _sw_engine_connection_opened (SW_ENGINE (self), SW_CONNECTION (self->connection));
  _sw_tcp_connection_start (self->connection);

  g_task_return_boolean (task, TRUE);
}

static gboolean
accept_certificate_cb (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       SwTcpClient          *self)
{
  g_set_object (&self->peer_certificate, certificate);
  self->peer_certificate_errors = errors;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_CERTIFICATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_CERTIFICATE_ERRORS]);

  return self->accepted_certificate != NULL &&
         g_tls_certificate_is_same (self->accepted_certificate, certificate);
}

static void
handshake_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SwTcpClient *self = g_task_get_source_object (task);
  GTlsConnection *tls = G_TLS_CONNECTION (object);
  GError *error = NULL;

  if (!g_tls_connection_handshake_finish (tls, result, &error))
    {
      g_io_stream_close_async (G_IO_STREAM (tls), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      connect_failed (self, task, error);
      return;
    }

  if (self->peer_certificate == NULL)
    {
      g_set_object (&self->peer_certificate, g_tls_connection_get_peer_certificate (tls));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_CERTIFICATE]);
    }

  connect_succeeded (self, task, G_IO_STREAM (tls));
}

static void
socket_client_connected_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SwTcpClient *self = g_task_get_source_object (task);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) tls = NULL;
  GError *error = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      connect_failed (self, task, error);
      return;
    }

  g_clear_object (&self->remote_address);
  self->remote_address = g_socket_connection_get_remote_address (connection, NULL);
  g_free (self->remote_name);
  self->remote_name = self->remote_address != NULL
                      ? sw_socket_address_to_string (self->remote_address)
                      : g_strdup (self->target);

  if (!self->tls)
    {
      connect_succeeded (self, task, G_IO_STREAM (connection));
      return;
    }

  set_state (self, SW_CONNECTION_STATE_TLS_HANDSHAKE);
  tls = g_tls_client_connection_new (G_IO_STREAM (connection),
                                     g_task_get_task_data (task),
                                     &error);
  if (tls == NULL)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      connect_failed (self, task, error);
      return;
    }

  g_signal_connect_object (tls, "accept-certificate",
                           G_CALLBACK (accept_certificate_cb), self, 0);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT,
                                    self->cancellable, handshake_cb,
                                    g_steal_pointer (&task));
}

static void
socket_client_event_cb (GSocketClient      *socket_client,
                        GSocketClientEvent  event,
                        GSocketConnectable *connectable,
                        GIOStream          *connection,
                        SwTcpClient        *self)
{
  switch (event)
    {
    case G_SOCKET_CLIENT_RESOLVING:
      set_state (self, SW_CONNECTION_STATE_RESOLVING);
      break;

    case G_SOCKET_CLIENT_CONNECTING:
      set_state (self, SW_CONNECTION_STATE_CONNECTING);
      break;

    case G_SOCKET_CLIENT_RESOLVED:
    case G_SOCKET_CLIENT_CONNECTED:
    case G_SOCKET_CLIENT_PROXY_NEGOTIATING:
    case G_SOCKET_CLIENT_PROXY_NEGOTIATED:
    case G_SOCKET_CLIENT_TLS_HANDSHAKING:
    case G_SOCKET_CLIENT_TLS_HANDSHAKED:
    case G_SOCKET_CLIENT_COMPLETE:
    default:
      break;
    }
}

static gboolean
connect_timeout_cb (gpointer user_data)
{
  SwTcpClient *self = user_data;

  self->timeout_id = 0;
  self->timed_out = TRUE;
  g_cancellable_cancel (self->cancellable);

  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     GCancellable *own)
{
  g_cancellable_cancel (own);
}

/**
 * sw_tcp_client_new:
 * @log: (nullable): where traffic goes; a new log when %NULL
 *
 * Returns: (transfer full): a disconnected client
 */
SwTcpClient *
sw_tcp_client_new (SwTrafficLog *log)
{
  g_return_val_if_fail (log == NULL || SW_IS_TRAFFIC_LOG (log), NULL);

  return g_object_new (SW_TYPE_TCP_CLIENT, "log", log, NULL);
}

void
sw_tcp_client_connect_async (SwTcpClient         *self,
                             GSocketConnectable  *address,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (SW_IS_TCP_CLIENT (self));
  g_return_if_fail (G_IS_SOCKET_CONNECTABLE (address));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_tcp_client_connect_async);
  g_task_set_task_data (task, g_object_ref (address), g_object_unref);

  if (sw_engine_get_state (SW_ENGINE (self)) != SW_CONNECTION_STATE_DISCONNECTED)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("Already connected or connecting: disconnect first"));
      return;
    }

  set_last_error (self, NULL);
  g_clear_object (&self->peer_certificate);
  self->peer_certificate_errors = 0;
  self->timed_out = FALSE;
  self->target = g_socket_connectable_to_string (address);
  self->remote_name = g_strdup (self->target);
  self->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->cancelled_id = g_cancellable_connect (cancellable,
                                                  G_CALLBACK (caller_cancelled_cb),
                                                  g_object_ref (self->cancellable),
                                                  g_object_unref);
    }
  if (self->timeout > 0)
    /* Not g_timeout_add_seconds(): it may fire up to a second early. */
    self->timeout_id = g_timeout_add (self->timeout * 1000, connect_timeout_cb, self);

  self->socket_client = g_socket_client_new ();
  /* A debugging tool talks to the host it is told, never via a proxy. */
  g_socket_client_set_enable_proxy (self->socket_client, FALSE);
  g_signal_connect_object (self->socket_client, "event",
                           G_CALLBACK (socket_client_event_cb), self, 0);

  self->connect_task = g_object_ref (task);

  /* Translators: %s is what is being connected to, e.g. localhost:7000. */
  message = g_strdup_printf (_("Connecting to %s…"), self->target);
  log_event (self, SW_EVENT_KIND_INFO, message);
  set_state (self, SW_CONNECTION_STATE_RESOLVING);

  g_socket_client_connect_async (self->socket_client, address, self->cancellable,
                                 socket_client_connected_cb, g_steal_pointer (&task));
}

/**
 * sw_tcp_client_connect_finish:
 *
 * Returns: %TRUE when connected; otherwise @error says why, and
 *   #SwTcpClient:last-error and the log say it to people
 */
gboolean
sw_tcp_client_connect_finish (SwTcpClient   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (SW_IS_TCP_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_tcp_client_connect_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
check_connected (SwTcpClient  *self,
                 GError      **error)
{
  if (self->connection != NULL &&
      sw_connection_get_state (SW_CONNECTION (self->connection)) == SW_CONNECTION_STATE_CONNECTED)
    return TRUE;

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                       _("Not connected: connect first"));
  return FALSE;
}

static gboolean
sw_tcp_client_send (SwEngine          *engine,
                    SwConnection      *connection,
                    GBytes            *bytes,
                    const SwSendInfo  *info,
                    GError           **error)
{
  SwTcpClient *self = SW_TCP_CLIENT (engine);

  if (!check_connected (self, error))
    return FALSE;

  return sw_connection_send_full (connection != NULL ? connection : SW_CONNECTION (self->connection),
                                  bytes, info, error);
}

static guint64
sw_tcp_client_get_pending_bytes (SwEngine *engine)
{
  SwTcpClient *self = SW_TCP_CLIENT (engine);

  return self->connection != NULL ? sw_connection_get_pending_bytes (SW_CONNECTION (self->connection)) : 0;
}

/**
 * sw_tcp_client_get_connection:
 *
 * Returns: (transfer none) (nullable): the connection, while connected
 */
SwTcpConnection *
sw_tcp_client_get_connection (SwTcpClient *self)
{
  g_return_val_if_fail (SW_IS_TCP_CLIENT (self), NULL);

  return self->connection;
}

gboolean
sw_tcp_client_shutdown_write (SwTcpClient  *self,
                              GError      **error)
{
  g_return_val_if_fail (SW_IS_TCP_CLIENT (self), FALSE);

  if (!check_connected (self, error))
    return FALSE;

  if (!sw_tcp_connection_get_write_shut (self->connection))
    {
      log_event (self, SW_EVENT_KIND_INFO,
                 _("Sending side shut down: the peer sees the end of the data once the queue is sent"));
      sw_tcp_connection_shutdown_write (self->connection);
    }

  return TRUE;
}

void
sw_tcp_client_disconnect (SwTcpClient *self)
{
  g_return_if_fail (SW_IS_TCP_CLIENT (self));

  if (self->connect_task != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      return;
    }

  if (self->connection == NULL)
    return;

  set_state (self, SW_CONNECTION_STATE_CLOSING);
  sw_connection_disconnect (SW_CONNECTION (self->connection));
}

static void
sw_tcp_client_stop (SwEngine *engine)
{
  sw_tcp_client_disconnect (SW_TCP_CLIENT (engine));
}

gboolean
sw_tcp_client_get_tls (SwTcpClient *self)
{
  g_return_val_if_fail (SW_IS_TCP_CLIENT (self), FALSE);

  return self->tls;
}

void
sw_tcp_client_set_tls (SwTcpClient *self,
                       gboolean     tls)
{
  g_return_if_fail (SW_IS_TCP_CLIENT (self));

  tls = !!tls;
  if (self->tls != tls)
    {
      self->tls = tls;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS]);
    }
}

guint
sw_tcp_client_get_timeout (SwTcpClient *self)
{
  g_return_val_if_fail (SW_IS_TCP_CLIENT (self), 0);

  return self->timeout;
}

/**
 * sw_tcp_client_set_timeout:
 * @seconds: how long a connect may take; 0 waits as long as the system does
 */
void
sw_tcp_client_set_timeout (SwTcpClient *self,
                           guint        seconds)
{
  g_return_if_fail (SW_IS_TCP_CLIENT (self));

  if (self->timeout != seconds)
    {
      self->timeout = seconds;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
    }
}

/**
 * sw_tcp_client_get_remote_address:
 *
 * Returns: (transfer none) (nullable): the address connected to
 */
GSocketAddress *
sw_tcp_client_get_remote_address (SwTcpClient *self)
{
  g_return_val_if_fail (SW_IS_TCP_CLIENT (self), NULL);

  return self->connection != NULL ? sw_connection_get_remote_address (SW_CONNECTION (self->connection)) : NULL;
}

/**
 * sw_tcp_client_get_connected_time:
 *
 * Returns: when the connection was made (µs since the epoch), or 0
 */
gint64
sw_tcp_client_get_connected_time (SwTcpClient *self)
{
  g_return_val_if_fail (SW_IS_TCP_CLIENT (self), 0);

  return self->connection != NULL ? sw_connection_get_connected_time (SW_CONNECTION (self->connection)) : 0;
}

/**
 * sw_tcp_client_get_peer_certificate:
 *
 * Returns: (transfer none) (nullable): the server's certificate
 */
GTlsCertificate *
sw_tcp_client_get_peer_certificate (SwTcpClient *self)
{
  g_return_val_if_fail (SW_IS_TCP_CLIENT (self), NULL);

  return self->peer_certificate;
}

GTlsCertificateFlags
sw_tcp_client_get_peer_certificate_errors (SwTcpClient *self)
{
  g_return_val_if_fail (SW_IS_TCP_CLIENT (self), 0);

  return self->peer_certificate_errors;
}

/**
 * sw_tcp_client_set_accepted_certificate:
 * @certificate: (nullable): the certificate to trust, or %NULL to trust
 *   only what verifies
 */
void
sw_tcp_client_set_accepted_certificate (SwTcpClient     *self,
                                        GTlsCertificate *certificate)
{
  g_return_if_fail (SW_IS_TCP_CLIENT (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  if (g_set_object (&self->accepted_certificate, certificate))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCEPTED_CERTIFICATE]);
}

/**
 * sw_tcp_client_get_accepted_certificate:
 *
 * Returns: (transfer none) (nullable): the certificate trusted by hand
 */
GTlsCertificate *
sw_tcp_client_get_accepted_certificate (SwTcpClient *self)
{
  g_return_val_if_fail (SW_IS_TCP_CLIENT (self), NULL);

  return self->accepted_certificate;
}

static void
sw_tcp_client_dispose (GObject *object)
{
  SwTcpClient *self = SW_TCP_CLIENT (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  stop_connecting (self);

  if (self->connection != NULL)
    {
      _sw_connection_detach (SW_CONNECTION (self->connection));
      g_clear_object (&self->connection);
    }

  G_OBJECT_CLASS (sw_tcp_client_parent_class)->dispose (object);
}

static void
sw_tcp_client_finalize (GObject *object)
{
  SwTcpClient *self = SW_TCP_CLIENT (object);

  g_assert (self->connect_task == NULL);

  g_clear_object (&self->remote_address);
  g_clear_pointer (&self->remote_name, g_free);
  g_clear_object (&self->peer_certificate);
  g_clear_object (&self->accepted_certificate);

  G_OBJECT_CLASS (sw_tcp_client_parent_class)->finalize (object);
}

static void
sw_tcp_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SwTcpClient *self = SW_TCP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TLS:
      g_value_set_boolean (value, self->tls);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_REMOTE_ADDRESS:
      g_value_set_object (value, sw_tcp_client_get_remote_address (self));
      break;

    case PROP_CONNECTED_TIME:
      g_value_set_int64 (value, sw_tcp_client_get_connected_time (self));
      break;

    case PROP_PEER_CERTIFICATE:
      g_value_set_object (value, self->peer_certificate);
      break;

    case PROP_PEER_CERTIFICATE_ERRORS:
      g_value_set_flags (value, self->peer_certificate_errors);
      break;

    case PROP_ACCEPTED_CERTIFICATE:
      g_value_set_object (value, self->accepted_certificate);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_tcp_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SwTcpClient *self = SW_TCP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TLS:
      sw_tcp_client_set_tls (self, g_value_get_boolean (value));
      break;

    case PROP_TIMEOUT:
      sw_tcp_client_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_ACCEPTED_CERTIFICATE:
      sw_tcp_client_set_accepted_certificate (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_tcp_client_class_init (SwTcpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SwEngineClass *engine_class = SW_ENGINE_CLASS (klass);

  object_class->dispose = sw_tcp_client_dispose;
  object_class->finalize = sw_tcp_client_finalize;
  object_class->get_property = sw_tcp_client_get_property;
  object_class->set_property = sw_tcp_client_set_property;

  engine_class->send = sw_tcp_client_send;
  engine_class->get_pending_bytes = sw_tcp_client_get_pending_bytes;
  engine_class->stop = sw_tcp_client_stop;
  engine_class->connection_closed = sw_tcp_client_connection_closed;

  properties[PROP_TLS] =
    g_param_spec_boolean ("tls", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, 10,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REMOTE_ADDRESS] =
    g_param_spec_object ("remote-address", NULL, NULL,
                         G_TYPE_SOCKET_ADDRESS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTED_TIME] =
    g_param_spec_int64 ("connected-time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PEER_CERTIFICATE] =
    g_param_spec_object ("peer-certificate", NULL, NULL,
                         G_TYPE_TLS_CERTIFICATE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PEER_CERTIFICATE_ERRORS] =
    g_param_spec_flags ("peer-certificate-errors", NULL, NULL,
                        G_TYPE_TLS_CERTIFICATE_FLAGS, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCEPTED_CERTIFICATE] =
    g_param_spec_object ("accepted-certificate", NULL, NULL,
                         G_TYPE_TLS_CERTIFICATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_tcp_client_init (SwTcpClient *self)
{
  self->timeout = 10;
}
