/* sw-tcp-client-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-tcp-client-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-endpoint.h"
#include "sw-session-page-private.h"
#include "sw-tcp-client-page.h"
#include "sw-utils.h"

struct _SwTcpClientPage
{
  SwSessionPage   parent_instance;

  GtkEditable    *host_entry;
  GtkEditable    *port_entry;
  GtkCheckButton *tls_check;
  GtkButton      *connect_button;
  GtkButton      *trust_button;

  SwTcpClient    *client;
  guint           clock_id;
};

G_DEFINE_FINAL_TYPE (SwTcpClientPage, sw_tcp_client_page, SW_TYPE_SESSION_PAGE)

static char *
format_duration (gint64 since)
{
  gint64 seconds = MAX (0, (g_get_real_time () - since) / G_USEC_PER_SEC);

  return g_strdup_printf ("%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT,
                          seconds / 3600, seconds / 60 % 60, seconds % 60);
}

static char *
address_string (GSocketAddress *address)
{
  return address != NULL ? sw_socket_address_to_string (address) : g_strdup ("?");
}

static void
update_status (SwTcpClientPage *self)
{
  SwConnectionState state = sw_engine_get_state (SW_ENGINE (self->client));
  g_autofree char *target = NULL;
  g_autofree char *text = NULL;

  target = g_strdup_printf ("%s:%s", gtk_editable_get_text (self->host_entry),
                            gtk_editable_get_text (self->port_entry));

  switch (state)
    {
    case SW_CONNECTION_STATE_RESOLVING:
      /* Translators: %s is what is being connected to, e.g. localhost:7000. */
      text = g_strdup_printf (_("Looking up %s…"), target);
      break;

    case SW_CONNECTION_STATE_CONNECTING:
      text = g_strdup_printf (_("Connecting to %s…"), target);
      break;

    case SW_CONNECTION_STATE_TLS_HANDSHAKE:
      text = g_strdup_printf (_("Securing the connection to %s with TLS…"), target);
      break;

    case SW_CONNECTION_STATE_CONNECTED:
      {
        g_autofree char *remote = address_string (sw_tcp_client_get_remote_address (self->client));
        g_autofree char *local = address_string (sw_engine_get_local_address (SW_ENGINE (self->client)));
        g_autofree char *duration = format_duration (sw_tcp_client_get_connected_time (self->client));

        /* Translators: connected to REMOTE from LOCAL, for DURATION (hh:mm:ss). */
        text = g_strdup_printf (_("Connected to %s from %s · %s"), remote, local, duration);
      }
      break;

    case SW_CONNECTION_STATE_CLOSING:
      text = g_strdup (_("Disconnecting…"));
      break;

    case SW_CONNECTION_STATE_DISCONNECTED:
    default:
      text = g_strdup (_("Not connected"));
      break;
    }

  _sw_session_page_set_status (SW_SESSION_PAGE (self), text,
                               state != SW_CONNECTION_STATE_DISCONNECTED &&
                               state != SW_CONNECTION_STATE_CONNECTED);
}

static gboolean
clock_cb (gpointer user_data)
{
  update_status (user_data);

  return G_SOURCE_CONTINUE;
}

static void
update_title (SwTcpClientPage *self)
{
  const char *host = gtk_editable_get_text (self->host_entry);
  const char *port = gtk_editable_get_text (self->port_entry);
  g_autoptr(SwEndpoint) endpoint = sw_endpoint_parse (host, port, SW_ENDPOINT_FLAGS_NONE, NULL);
  g_autofree char *title = NULL;

  title = endpoint != NULL ? sw_endpoint_to_string (endpoint) : NULL;
  _sw_session_page_set_title (SW_SESSION_PAGE (self),
                              title != NULL ? title : sw_session_kind_get_title (sw_session_page_get_kind (SW_SESSION_PAGE (self))));
}

static void
state_changed_cb (SwTcpClientPage *self)
{
  SwConnectionState state = sw_engine_get_state (SW_ENGINE (self->client));
  gboolean idle = state == SW_CONNECTION_STATE_DISCONNECTED;
  const char *label;

  switch (state)
    {
    case SW_CONNECTION_STATE_CONNECTED:
      label = _("_Disconnect");
      break;

    case SW_CONNECTION_STATE_RESOLVING:
    case SW_CONNECTION_STATE_CONNECTING:
    case SW_CONNECTION_STATE_TLS_HANDSHAKE:
      label = _("_Cancel");
      break;

    case SW_CONNECTION_STATE_CLOSING:
    case SW_CONNECTION_STATE_DISCONNECTED:
    default:
      label = _("_Connect");
      break;
    }

  sw_button_set_mnemonic_label (self->connect_button, label);
  if (idle)
    gtk_widget_add_css_class (GTK_WIDGET (self->connect_button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->connect_button), "suggested-action");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.connect", state != SW_CONNECTION_STATE_CLOSING);

  /* The form describes the next connection; it stays put while one runs. */
  _sw_session_page_set_form_sensitive (SW_SESSION_PAGE (self), idle,
                                       GTK_WIDGET (self->host_entry), GTK_WIDGET (self->port_entry),
                                       GTK_WIDGET (self->tls_check), NULL);

  _sw_session_page_set_can_send (SW_SESSION_PAGE (self), state == SW_CONNECTION_STATE_CONNECTED,
                                 _("Connect first"));

  g_clear_handle_id (&self->clock_id, g_source_remove);
  if (state == SW_CONNECTION_STATE_CONNECTED)
    self->clock_id = g_timeout_add_seconds (1, clock_cb, self);

  update_status (self);
}

static void
last_error_changed_cb (SwTcpClientPage *self)
{
  const GError *error = sw_engine_get_last_error (SW_ENGINE (self->client));
  gboolean untrusted = g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) &&
                       sw_tcp_client_get_peer_certificate (self->client) != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->trust_button), untrusted);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  /* Failures reach the person through last-error and the log; the page
   * holds nothing across the connect, so closing it ends one at once. */
  sw_tcp_client_connect_finish (SW_TCP_CLIENT (object), result, NULL);
}

static void
start_connecting (SwTcpClientPage *self)
{
  g_autoptr(SwEndpoint) endpoint = NULL;
  g_autoptr(GSocketConnectable) address = NULL;
  g_autoptr(GError) error = NULL;

  endpoint = sw_endpoint_parse (gtk_editable_get_text (self->host_entry),
                                gtk_editable_get_text (self->port_entry),
                                SW_ENDPOINT_FLAGS_NONE, &error);
  if (endpoint == NULL)
    {
      /* Bad input: say why, change nothing else. */
      _sw_session_page_show_error (SW_SESSION_PAGE (self), error);
      gtk_widget_grab_focus (GTK_WIDGET (error->code == SW_ENDPOINT_ERROR_MISSING_PORT ||
                                         error->code == SW_ENDPOINT_ERROR_INVALID_PORT ||
                                         error->code == SW_ENDPOINT_ERROR_PORT_OUT_OF_RANGE
                                         ? self->port_entry : self->host_entry));
      return;
    }

  _sw_session_page_show_error (SW_SESSION_PAGE (self), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->trust_button), FALSE);

  address = sw_endpoint_to_connectable (endpoint);
  sw_tcp_client_set_tls (self->client, gtk_check_button_get_active (self->tls_check));
  sw_tcp_client_set_timeout (self->client,
                             g_settings_get_uint (_sw_session_page_get_settings (SW_SESSION_PAGE (self)),
                                                  "connect-timeout"));
  sw_tcp_client_connect_async (self->client, address,
                               _sw_session_page_get_cancellable (SW_SESSION_PAGE (self)),
                               connect_cb, NULL);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SwTcpClientPage *self = SW_TCP_CLIENT_PAGE (widget);

  if (sw_engine_get_state (SW_ENGINE (self->client)) == SW_CONNECTION_STATE_DISCONNECTED)
    start_connecting (self);
  else
    sw_tcp_client_disconnect (self->client);
}

static void
trust_certificate_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SwTcpClientPage *self = SW_TCP_CLIENT_PAGE (widget);
  GTlsCertificate *certificate = sw_tcp_client_get_peer_certificate (self->client);

  if (certificate == NULL || sw_engine_get_state (SW_ENGINE (self->client)) != SW_CONNECTION_STATE_DISCONNECTED)
    return;

  sw_tcp_client_set_accepted_certificate (self->client, certificate);
  start_connecting (self);
}

static void
entry_activate_cb (SwTcpClientPage *self)
{
  if (sw_engine_get_state (SW_ENGINE (self->client)) == SW_CONNECTION_STATE_DISCONNECTED)
    start_connecting (self);
}

static void
form_changed_cb (SwTcpClientPage *self)
{
  /* A new address: a certificate trusted for the old one is not. */
  if (sw_tcp_client_get_accepted_certificate (self->client) != NULL &&
      sw_engine_get_state (SW_ENGINE (self->client)) == SW_CONNECTION_STATE_DISCONNECTED)
    sw_tcp_client_set_accepted_certificate (self->client, NULL);

  update_title (self);
}

/**
 * sw_tcp_client_page_new:
 *
 * Returns: (transfer floating): a TCP client session
 */
GtkWidget *
sw_tcp_client_page_new (void)
{
  return g_object_new (SW_TYPE_TCP_CLIENT_PAGE, NULL);
}

/**
 * sw_tcp_client_page_get_client:
 *
 * Returns: (transfer none): the page's engine
 */
SwTcpClient *
sw_tcp_client_page_get_client (SwTcpClientPage *self)
{
  g_return_val_if_fail (SW_IS_TCP_CLIENT_PAGE (self), NULL);

  return self->client;
}

static void
sw_tcp_client_page_save_state (SwSessionPage *page,
                               GVariantDict  *state)
{
  SwTcpClientPage *self = SW_TCP_CLIENT_PAGE (page);

  _sw_session_save_property (state, "host", self->host_entry, "text");
  _sw_session_save_property (state, "port", self->port_entry, "text");
  _sw_session_save_property (state, "tls", self->tls_check, "active");
}

static void
sw_tcp_client_page_restore_state (SwSessionPage *page,
                                  GVariantDict  *state)
{
  SwTcpClientPage *self = SW_TCP_CLIENT_PAGE (page);

  _sw_session_restore_property (state, "host", self->host_entry, "text");
  _sw_session_restore_property (state, "port", self->port_entry, "text");
  _sw_session_restore_property (state, "tls", self->tls_check, "active");
}

static void
sw_tcp_client_page_open_endpoint (SwSessionPage    *page,
                                  SwEndpoint       *endpoint,
                                  SwEndpointScheme  scheme)
{
  SwTcpClientPage *self = SW_TCP_CLIENT_PAGE (page);
  g_autofree char *port = g_strdup_printf ("%u", sw_endpoint_get_port (endpoint));

  g_return_if_fail (scheme == SW_ENDPOINT_SCHEME_TCP || scheme == SW_ENDPOINT_SCHEME_TLS);

  if (sw_engine_get_state (SW_ENGINE (self->client)) != SW_CONNECTION_STATE_DISCONNECTED)
    sw_tcp_client_disconnect (self->client);

  gtk_editable_set_text (self->host_entry, sw_endpoint_get_host (endpoint));
  gtk_editable_set_text (self->port_entry, port);
  gtk_check_button_set_active (self->tls_check, scheme == SW_ENDPOINT_SCHEME_TLS);
  start_connecting (self);
}

static char *
sw_tcp_client_page_describe_code (SwSessionPage     *page,
                                  SwCodeSessionKind *kind,
                                  SwCodeTarget      *target)
{
  SwTcpClientPage *self = SW_TCP_CLIENT_PAGE (page);

  *kind = SW_CODE_SESSION_TCP_CLIENT;
  target->tls = gtk_check_button_get_active (self->tls_check);

  return _sw_session_page_typed_endpoint (self->host_entry, self->port_entry, &target->port);
}

static void
sw_tcp_client_page_dispose (GObject *object)
{
  SwTcpClientPage *self = SW_TCP_CLIENT_PAGE (object);

  g_clear_handle_id (&self->clock_id, g_source_remove);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_TCP_CLIENT_PAGE);

  G_OBJECT_CLASS (sw_tcp_client_page_parent_class)->dispose (object);

  g_clear_object (&self->client);
}

static void
sw_tcp_client_page_class_init (SwTcpClientPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SwSessionPageClass *page_class = SW_SESSION_PAGE_CLASS (klass);

  object_class->dispose = sw_tcp_client_page_dispose;

  page_class->save_state = sw_tcp_client_page_save_state;
  page_class->restore_state = sw_tcp_client_page_restore_state;
  page_class->open_endpoint = sw_tcp_client_page_open_endpoint;
  page_class->describe_code = sw_tcp_client_page_describe_code;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-tcp-client-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SwTcpClientPage, host_entry);
  gtk_widget_class_bind_template_child (widget_class, SwTcpClientPage, port_entry);
  gtk_widget_class_bind_template_child (widget_class, SwTcpClientPage, tls_check);
  gtk_widget_class_bind_template_child (widget_class, SwTcpClientPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, SwTcpClientPage, trust_button);

  gtk_widget_class_install_action (widget_class, "page.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "page.trust-certificate", NULL, trust_certificate_action);
}

static void
sw_tcp_client_page_init (SwTcpClientPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->client = sw_tcp_client_new (NULL);
  _sw_session_page_set_engine (SW_SESSION_PAGE (self), SW_ENGINE (self->client));

  g_signal_connect_swapped (self->client, "notify::state", G_CALLBACK (state_changed_cb), self);
  g_signal_connect_swapped (self->client, "notify::last-error", G_CALLBACK (last_error_changed_cb), self);
  g_signal_connect_swapped (self->host_entry, "activate", G_CALLBACK (entry_activate_cb), self);
  g_signal_connect_swapped (self->port_entry, "activate", G_CALLBACK (entry_activate_cb), self);
  g_signal_connect_swapped (self->host_entry, "changed", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->port_entry, "changed", G_CALLBACK (form_changed_cb), self);

  update_title (self);
  state_changed_cb (self);
}
