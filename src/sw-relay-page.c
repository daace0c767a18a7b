/* sw-relay-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-relay-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-connection-list.h"
#include "sw-endpoint.h"
#include "sw-listen-form.h"
#include "sw-relay-page.h"
#include "sw-session-page-private.h"
#include "sw-utils.h"

/* Saved by name, not position. */
static const char * const protocol_ids[] = { "tcp", "udp" };
static const char * const target_ids[] = { "upstream", "client" };

struct _SwRelayPage
{
  SwSessionPage     parent_instance;

  GtkDropDown      *address_drop_down;
  GtkEditable      *custom_entry;
  GtkEditable      *port_entry;
  GtkDropDown      *protocol_drop_down;
  GtkEditable      *upstream_host_entry;
  GtkEditable      *upstream_port_entry;
  GtkButton        *start_button;
  SwConnectionList *connection_list;
  GtkDropDown      *target_drop_down;
  GtkLabel         *target_hint;

  SwRelay          *relay;
  SwListenForm      listen_form;
};

G_DEFINE_FINAL_TYPE (SwRelayPage, sw_relay_page, SW_TYPE_SESSION_PAGE)

static SwSendBar *
get_send_bar (SwRelayPage *self)
{
  return sw_session_page_get_send_bar (SW_SESSION_PAGE (self));
}

static char *
address_string (GSocketAddress *address)
{
  return address != NULL ? sw_socket_address_to_string (address) : g_strdup ("?");
}

static void
update_status (SwRelayPage *self)
{
  SwConnectionState state = sw_engine_get_state (SW_ENGINE (self->relay));
  guint n_clients = g_list_model_get_n_items (sw_relay_get_connections (self->relay));
  g_autofree char *text = NULL;

  if (state == SW_CONNECTION_STATE_RESOLVING)
    {
      g_autofree char *upstream = g_strdup_printf ("%s:%s", gtk_editable_get_text (self->upstream_host_entry),
                                                   gtk_editable_get_text (self->upstream_port_entry));

      /* Translators: %s is the upstream as typed, e.g. example.com:80. */
      text = g_strdup_printf (_("Looking up %s…"), upstream);
    }
  else if (sw_relay_get_running (self->relay))
    {
      g_autofree char *local = address_string (sw_engine_get_local_address (SW_ENGINE (self->relay)));
      g_autofree char *upstream = address_string (sw_relay_get_upstream_address (self->relay));
      g_autofree char *clients = g_strdup_printf (ngettext ("%u client", "%u clients", n_clients), n_clients);

      text = g_strdup_printf (sw_relay_get_transport (self->relay) == SW_TRANSPORT_TCP
                              /* Translators: relaying FROM to UPSTREAM · “2 clients”. */
                              ? _("Relaying TCP from %s to %s · %s")
                              : _("Relaying UDP from %s to %s · %s"),
                              local, upstream, clients);
    }
  else
    text = g_strdup (_("Not relaying"));

  _sw_session_page_set_status (SW_SESSION_PAGE (self), text, state == SW_CONNECTION_STATE_RESOLVING);
}

static void
update_title (SwRelayPage *self)
{
  g_autoptr(SwEndpoint) endpoint = NULL;
  g_autofree char *title = NULL;
  guint port = sw_relay_get_port (self->relay);

  if (port == 0)
    {
      endpoint = sw_endpoint_parse (NULL, gtk_editable_get_text (self->port_entry),
                                    SW_ENDPOINT_FLAGS_ALLOW_PORT_ZERO | SW_ENDPOINT_FLAGS_ALLOW_ANY_HOST,
                                    NULL);
      if (endpoint != NULL)
        port = sw_endpoint_get_port (endpoint);
    }

  /* Translators: a relay tab's title; %u is the port it listens on. */
  title = port != 0 ? g_strdup_printf (_("Relay :%u"), port) : g_strdup (_("Relay"));
  _sw_session_page_set_title (SW_SESSION_PAGE (self), title);
}

/* Which relayed connections a typed message goes to: those selected,
 * or the only one there is. */
static GPtrArray *
dup_targets (SwRelayPage *self)
{
  GPtrArray *targets = sw_connection_list_dup_connections (self->connection_list, TRUE);

  if (targets->len == 0)
    {
      g_autoptr(GPtrArray) all = sw_connection_list_dup_connections (self->connection_list, FALSE);

      if (all->len == 1)
        g_ptr_array_add (targets, g_object_ref (g_ptr_array_index (all, 0)));
    }

  return targets;
}

static void
update_send_target (SwRelayPage *self)
{
  g_autoptr(GPtrArray) targets = dup_targets (self);
  gboolean to_client = gtk_drop_down_get_selected (self->target_drop_down) == SW_RELAY_TARGET_CLIENT;
  g_autofree char *hint = NULL;
  const char *reason = NULL;

  sw_relay_set_target (self->relay, to_client ? SW_RELAY_TARGET_CLIENT : SW_RELAY_TARGET_UPSTREAM);

  if (sw_connection_list_count (self->connection_list, FALSE) == 0)
    reason = _("No client is being relayed");
  else if (targets->len == 0)
    reason = _("Select a connection to send into");

  if (reason != NULL)
    hint = g_strdup (reason);
  else if (to_client)
    hint = g_strdup_printf (ngettext ("Sends to the client of %u connection, as if the upstream answered",
                                      "Sends to the clients of %u connections, as if the upstream answered",
                                      targets->len),
                            targets->len);
  else
    hint = g_strdup_printf (ngettext ("Sends to the upstream of %u connection, as if the client sent it",
                                      "Sends to the upstream of %u connections, as if the clients sent it",
                                      targets->len),
                            targets->len);
  gtk_label_set_text (self->target_hint, hint);

  _sw_session_page_set_can_send (SW_SESSION_PAGE (self), reason == NULL, reason);
}

static void
connections_changed_cb (SwRelayPage *self)
{
  update_send_target (self);
  update_status (self);
}

static void
state_changed_cb (SwRelayPage *self)
{
  SwConnectionState state = sw_engine_get_state (SW_ENGINE (self->relay));
  gboolean idle = state == SW_CONNECTION_STATE_DISCONNECTED;

  /* Translators: Start and Stop are one button; give them the same
   * mnemonic letter. */
  sw_button_set_mnemonic_label (self->start_button, idle ? _("S_tart") : _("S_top"));
  if (idle)
    gtk_widget_add_css_class (GTK_WIDGET (self->start_button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->start_button), "suggested-action");

  /* The form describes the next relay; it stays put while one runs. */
  sw_listen_form_set_sensitive (&self->listen_form, SW_SESSION_PAGE (self), idle);
  _sw_session_page_set_form_sensitive (SW_SESSION_PAGE (self), idle,
                                       GTK_WIDGET (self->protocol_drop_down),
                                       GTK_WIDGET (self->upstream_host_entry),
                                       GTK_WIDGET (self->upstream_port_entry), NULL);

  update_status (self);
  update_title (self);
}

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  /* Failures reach the person through last-error and the log. */
  sw_relay_start_finish (SW_RELAY (object), result, NULL);
}

static void
start_relaying (SwRelayPage *self)
{
  g_autoptr(SwEndpoint) local = NULL;
  g_autoptr(SwEndpoint) upstream = NULL;
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GError) error = NULL;
  GSettings *settings = _sw_session_page_get_settings (SW_SESSION_PAGE (self));

  local = sw_listen_form_parse (&self->listen_form, &error);
  if (local == NULL)
    {
      /* Bad input: say why, change nothing else. */
      _sw_session_page_show_error (SW_SESSION_PAGE (self), error);
      return;
    }

  upstream = sw_endpoint_parse (gtk_editable_get_text (self->upstream_host_entry),
                                gtk_editable_get_text (self->upstream_port_entry),
                                SW_ENDPOINT_FLAGS_NONE, &error);
  if (upstream == NULL)
    {
      _sw_session_page_show_error (SW_SESSION_PAGE (self), error);
      gtk_widget_grab_focus (GTK_WIDGET (sw_endpoint_error_is_port (error) ? self->upstream_port_entry
                                                                          : self->upstream_host_entry));
      return;
    }

  _sw_session_page_show_error (SW_SESSION_PAGE (self), NULL);

  connectable = sw_endpoint_to_connectable (upstream);
  sw_relay_set_connect_timeout (self->relay, g_settings_get_uint (settings, "connect-timeout"));
  sw_relay_start_endpoint_async (self->relay,
                        gtk_drop_down_get_selected (self->protocol_drop_down) == 1 ? SW_TRANSPORT_UDP : SW_TRANSPORT_TCP,
                        local, connectable,
                        _sw_session_page_get_cancellable (SW_SESSION_PAGE (self)),
                        start_cb, NULL);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SwRelayPage *self = SW_RELAY_PAGE (widget);

  if (sw_engine_get_state (SW_ENGINE (self->relay)) == SW_CONNECTION_STATE_DISCONNECTED)
    start_relaying (self);
  else
    sw_relay_stop (self->relay);
}

static void
entry_activate_cb (SwRelayPage *self)
{
  if (sw_engine_get_state (SW_ENGINE (self->relay)) == SW_CONNECTION_STATE_DISCONNECTED)
    start_relaying (self);
}

/* The connections a message goes into, or none and why. */
static GPtrArray *
dup_send_targets (SwRelayPage  *self,
                  GError      **error)
{
  g_autoptr(GPtrArray) targets = dup_targets (self);

  if (targets->len == 0)
    {
      update_send_target (self);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           sw_send_bar_get_send_blocked_reason (get_send_bar (self)));
      return NULL;
    }

  return g_steal_pointer (&targets);
}

static gboolean
sw_relay_page_send (SwSessionPage     *page,
                    GBytes            *payload,
                    const SwSendInfo  *info,
                    GError           **error)
{
  SwRelayPage *self = SW_RELAY_PAGE (page);
  g_autoptr(GPtrArray) targets = dup_send_targets (self, error);
  SwRelayTarget target = sw_relay_get_target (self->relay);

  if (targets == NULL)
    return FALSE;

  for (guint i = 0; i < targets->len; i++)
    if (!sw_relay_connection_inject (g_ptr_array_index (targets, i), target, payload, info, error))
      return FALSE;

  return TRUE;
}

/* Into the direction the Send to choice says: the relay's target. */
static gboolean
sw_relay_page_prepare_file_sender (SwSessionPage  *page,
                                   SwFileSender   *sender,
                                   GError        **error)
{
  g_autoptr(GPtrArray) targets = dup_send_targets (SW_RELAY_PAGE (page), error);

  if (targets == NULL)
    return FALSE;

  for (guint i = 0; i < targets->len; i++)
    sw_file_sender_add_target (sender, g_ptr_array_index (targets, i));

  return TRUE;
}

static SwTransport
sw_relay_page_get_transport (SwSessionPage *page)
{
  SwRelayPage *self = SW_RELAY_PAGE (page);

  if (sw_relay_get_running (self->relay))
    return sw_relay_get_transport (self->relay);

  return gtk_drop_down_get_selected (self->protocol_drop_down) == 1 ? SW_TRANSPORT_UDP : SW_TRANSPORT_TCP;
}

/* Public API */

/**
 * sw_relay_page_new:
 *
 * Returns: (transfer floating): a relay session
 */
GtkWidget *
sw_relay_page_new (void)
{
  return g_object_new (SW_TYPE_RELAY_PAGE, NULL);
}

/**
 * sw_relay_page_get_relay:
 *
 * Returns: (transfer none): the page's engine
 */
SwRelay *
sw_relay_page_get_relay (SwRelayPage *self)
{
  g_return_val_if_fail (SW_IS_RELAY_PAGE (self), NULL);

  return self->relay;
}

/* SwSessionPage */

static char *
sw_relay_page_describe_code (SwSessionPage     *page,
                             SwCodeSessionKind *kind,
                             SwCodeTarget      *target)
{
  SwRelayPage *self = SW_RELAY_PAGE (page);

  *kind = SW_CODE_SESSION_RELAY;

  return _sw_session_page_typed_endpoint (self->upstream_host_entry, self->upstream_port_entry,
                                          &target->port);
}

static void
sw_relay_page_save_state (SwSessionPage *page,
                          GVariantDict  *state)
{
  SwRelayPage *self = SW_RELAY_PAGE (page);

  sw_listen_form_save (&self->listen_form, state);
  _sw_session_save_choice (state, "protocol", self->protocol_drop_down, protocol_ids, G_N_ELEMENTS (protocol_ids));
  _sw_session_save_property (state, "upstream-host", self->upstream_host_entry, "text");
  _sw_session_save_property (state, "upstream-port", self->upstream_port_entry, "text");
  _sw_session_save_choice (state, "send-to", self->target_drop_down, target_ids, G_N_ELEMENTS (target_ids));
}

static void
sw_relay_page_restore_state (SwSessionPage *page,
                             GVariantDict  *state)
{
  SwRelayPage *self = SW_RELAY_PAGE (page);

  sw_listen_form_restore (&self->listen_form, state);
  _sw_session_restore_choice (state, "protocol", self->protocol_drop_down, protocol_ids, G_N_ELEMENTS (protocol_ids));
  _sw_session_restore_property (state, "upstream-host", self->upstream_host_entry, "text");
  _sw_session_restore_property (state, "upstream-port", self->upstream_port_entry, "text");
  _sw_session_restore_choice (state, "send-to", self->target_drop_down, target_ids, G_N_ELEMENTS (target_ids));
}

/* GObject */

static void
sw_relay_page_dispose (GObject *object)
{
  SwRelayPage *self = SW_RELAY_PAGE (object);

  if (self->relay != NULL)
    g_signal_handlers_disconnect_by_data (self->relay, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_RELAY_PAGE);

  G_OBJECT_CLASS (sw_relay_page_parent_class)->dispose (object);

  g_clear_object (&self->relay);
}

static void
sw_relay_page_class_init (SwRelayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SwSessionPageClass *page_class = SW_SESSION_PAGE_CLASS (klass);

  object_class->dispose = sw_relay_page_dispose;

  page_class->save_state = sw_relay_page_save_state;
  page_class->restore_state = sw_relay_page_restore_state;
  page_class->send = sw_relay_page_send;
  page_class->describe_code = sw_relay_page_describe_code;
  page_class->prepare_file_sender = sw_relay_page_prepare_file_sender;
  page_class->get_transport = sw_relay_page_get_transport;

  g_type_ensure (SW_TYPE_CONNECTION_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-relay-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SwRelayPage, address_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwRelayPage, custom_entry);
  gtk_widget_class_bind_template_child (widget_class, SwRelayPage, port_entry);
  gtk_widget_class_bind_template_child (widget_class, SwRelayPage, protocol_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwRelayPage, upstream_host_entry);
  gtk_widget_class_bind_template_child (widget_class, SwRelayPage, upstream_port_entry);
  gtk_widget_class_bind_template_child (widget_class, SwRelayPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, SwRelayPage, connection_list);
  gtk_widget_class_bind_template_child (widget_class, SwRelayPage, target_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwRelayPage, target_hint);
  gtk_widget_class_bind_template_callback_full (widget_class, "drop_down_mnemonic_activate_cb",
                                                G_CALLBACK (sw_drop_down_mnemonic_activate));

  gtk_widget_class_install_action (widget_class, "page.start", NULL, start_action);
}

static void
sw_relay_page_init (SwRelayPage *self)
{
  GSettings *settings;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->relay = sw_relay_new (NULL);
  _sw_session_page_set_engine (SW_SESSION_PAGE (self), SW_ENGINE (self->relay));
  sw_connection_list_set_model (self->connection_list, sw_relay_get_connections (self->relay));
  _sw_session_page_set_connection_list (SW_SESSION_PAGE (self), self->connection_list);

  settings = _sw_session_page_get_settings (SW_SESSION_PAGE (self));
  g_settings_bind (settings, "relay-idle-timeout", self->relay, "idle-timeout", G_SETTINGS_BIND_GET);

  self->listen_form = (SwListenForm) { self->address_drop_down, self->custom_entry, self->port_entry };
  sw_listen_form_init (&self->listen_form);

  g_signal_connect_swapped (self->relay, "notify::state", G_CALLBACK (state_changed_cb), self);
  g_signal_connect_swapped (self->relay, "notify::port", G_CALLBACK (update_title), self);
  g_signal_connect_swapped (self->connection_list, "changed", G_CALLBACK (connections_changed_cb), self);
  g_signal_connect_swapped (self->target_drop_down, "notify::selected", G_CALLBACK (update_send_target), self);
  g_signal_connect_swapped (self->port_entry, "changed", G_CALLBACK (update_title), self);
  g_signal_connect_swapped (self->port_entry, "activate", G_CALLBACK (entry_activate_cb), self);
  g_signal_connect_swapped (self->custom_entry, "activate", G_CALLBACK (entry_activate_cb), self);
  g_signal_connect_swapped (self->upstream_host_entry, "activate", G_CALLBACK (entry_activate_cb), self);
  g_signal_connect_swapped (self->upstream_port_entry, "activate", G_CALLBACK (entry_activate_cb), self);

  connections_changed_cb (self);
  state_changed_cb (self);
}
