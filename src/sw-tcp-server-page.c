/* sw-tcp-server-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-tcp-server-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-connection-list.h"
#include "sw-endpoint.h"
#include "sw-listen-form.h"
#include "sw-session-page-private.h"
#include "sw-tcp-server-page.h"
#include "sw-utils.h"

/* The rows of the Send to drop-down, in order. */
typedef enum
{
  TARGET_ALL,
  TARGET_SELECTED,
} SendTarget;

/* Saved by name, not position: rows may be added in between later. */
static const char * const target_ids[] = { "all", "selected" };

struct _SwTcpServerPage
{
  SwSessionPage      parent_instance;

  GtkDropDown       *address_drop_down;
  GtkEditable       *custom_entry;
  GtkEditable       *port_entry;
  GtkSwitch         *echo_switch;
  GtkButton         *listen_button;
  SwConnectionList  *connection_list;
  GtkDropDown       *target_drop_down;
  GtkLabel          *target_hint;

  SwTcpServer       *server;
  SwListenForm       listen_form;
};

G_DEFINE_FINAL_TYPE (SwTcpServerPage, sw_tcp_server_page, SW_TYPE_SESSION_PAGE)

/* State */

static SwSendBar *
get_send_bar (SwTcpServerPage *self)
{
  return sw_session_page_get_send_bar (SW_SESSION_PAGE (self));
}

static char *
dup_local_name (SwTcpServerPage *self)
{
  GSocketAddress *address = sw_engine_get_local_address (SW_ENGINE (self->server));

  return address != NULL ? sw_socket_address_to_string (address) : NULL;
}

static void
update_status (SwTcpServerPage *self)
{
  guint n_clients = g_list_model_get_n_items (sw_tcp_server_get_clients (self->server));
  g_autofree char *text = NULL;

  if (sw_tcp_server_get_listening (self->server))
    {
      g_autofree char *local = dup_local_name (self);
      g_autofree char *clients = NULL;

      clients = g_strdup_printf (ngettext ("%u client", "%u clients", n_clients), n_clients);
      /* Translators: the first %s is where the server listens, e.g.
       * [::]:7000, the second how many clients it has, e.g. “2 clients”. */
      text = g_strdup_printf (_("Listening on %s · %s"), local, clients);
    }
  else if (n_clients > 0)
    text = g_strdup_printf (ngettext ("Not listening · %u client still connected",
                                      "Not listening · %u clients still connected",
                                      n_clients),
                            n_clients);
  else
    text = g_strdup (_("Not listening"));

  _sw_session_page_set_status (SW_SESSION_PAGE (self), text, FALSE);
}

static void
update_empty_label (SwTcpServerPage *self)
{
  g_autofree char *text = NULL;

  if (sw_tcp_server_get_listening (self->server))
    text = g_strdup_printf (_("No clients yet: connect to port %u"),
                            (guint) sw_tcp_server_get_port (self->server));
  else
    text = g_strdup (_("Not listening: press Listen to let clients connect"));

  sw_connection_list_set_empty_text (self->connection_list, text);
}

static void
update_title (SwTcpServerPage *self)
{
  g_autoptr(SwEndpoint) endpoint = NULL;
  g_autofree char *where = NULL;
  g_autofree char *title = NULL;

  if (sw_tcp_server_get_listening (self->server))
    where = dup_local_name (self);
  else
    {
      endpoint = sw_endpoint_parse (NULL, gtk_editable_get_text (self->port_entry),
                                    SW_ENDPOINT_FLAGS_ALLOW_PORT_ZERO | SW_ENDPOINT_FLAGS_ALLOW_ANY_HOST,
                                    NULL);
      if (endpoint != NULL && sw_endpoint_get_port (endpoint) != 0)
        where = g_strdup_printf (":%u", (guint) sw_endpoint_get_port (endpoint));
    }

  /* Translators: a server tab's title; %s is where it listens, e.g.
   * “[::]:7000”, or only the port before it listens, e.g. “:7000”. */
  title = where != NULL ? g_strdup_printf (_("Server %s"), where) : g_strdup (_("TCP Server"));
  _sw_session_page_set_title (SW_SESSION_PAGE (self), title);
}

/* Whether Send can go anywhere, and why not: on the Send button's
 * tooltip and, in words, beside the Send to choice. */
static void
update_send_target (SwTcpServerPage *self)
{
  gboolean selected_only = gtk_drop_down_get_selected (self->target_drop_down) == TARGET_SELECTED;
  guint n_targets = sw_connection_list_count (self->connection_list, selected_only);
  g_autofree char *hint = NULL;
  const char *reason = NULL;

  if (sw_connection_list_count (self->connection_list, FALSE) == 0)
    reason = _("No client is connected");
  else if (n_targets == 0)
    reason = _("Select a client to send to");

  if (reason != NULL)
    hint = g_strdup (reason);
  else if (selected_only)
    hint = g_strdup_printf (ngettext ("Sends to %u selected client", "Sends to %u selected clients", n_targets),
                            n_targets);
  else
    hint = g_strdup_printf (ngettext ("Sends to %u client", "Sends to %u clients", n_targets),
                            n_targets);
  gtk_label_set_text (self->target_hint, hint);

  _sw_session_page_set_can_send (SW_SESSION_PAGE (self), reason == NULL, reason);
}

static void
clients_changed_cb (SwTcpServerPage *self)
{
  update_send_target (self);
  update_status (self);
}

static void
listening_changed_cb (SwTcpServerPage *self)
{
  gboolean listening = sw_tcp_server_get_listening (self->server);
  const char *label;

  /* Translators: Listen and Stop are one button; give them the same
   * mnemonic letter. */
  label = listening ? _("S_top") : _("Lis_ten");
  sw_button_set_mnemonic_label (self->listen_button, label);
  if (listening)
    gtk_widget_remove_css_class (GTK_WIDGET (self->listen_button), "suggested-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->listen_button), "suggested-action");

  sw_listen_form_set_sensitive (&self->listen_form, SW_SESSION_PAGE (self), !listening);

  update_status (self);
  update_empty_label (self);
  update_title (self);
}

/* Actions */

static void
start_listening (SwTcpServerPage *self)
{
  g_autoptr(SwEndpoint) local = NULL;
  g_autoptr(GError) error = NULL;

  local = sw_listen_form_parse (&self->listen_form, &error);
  if (local == NULL)
    {
      /* Bad input: say why, change nothing else. */
      _sw_session_page_show_error (SW_SESSION_PAGE (self), error);
      return;
    }

  _sw_session_page_show_error (SW_SESSION_PAGE (self), NULL);

  /* Failures reach the person through last-error and the log. */
  sw_tcp_server_listen_endpoint (self->server, local, NULL);
}

static void
listen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SwTcpServerPage *self = SW_TCP_SERVER_PAGE (widget);

  /* Stopping keeps the connected clients: Disconnect All is at hand,
   * and a client may be what is being tested. */
  if (sw_tcp_server_get_listening (self->server))
    sw_tcp_server_stop (self->server, FALSE);
  else
    start_listening (self);
}

static void
entry_activate_cb (SwTcpServerPage *self)
{
  if (!sw_tcp_server_get_listening (self->server))
    start_listening (self);
}

/* The clients the Send to choice picks, or none and why. */
static GPtrArray *
dup_send_targets (SwTcpServerPage  *self,
                  GError          **error)
{
  g_autoptr(GPtrArray) clients = NULL;

  clients = sw_connection_list_dup_connections (self->connection_list,
                                                gtk_drop_down_get_selected (self->target_drop_down) == TARGET_SELECTED);
  if (clients->len == 0)
    {
      /* Only when a client left since the bar last asked. */
      update_send_target (self);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           sw_send_bar_get_send_blocked_reason (get_send_bar (self)));
      return NULL;
    }

  return g_steal_pointer (&clients);
}

static gboolean
sw_tcp_server_page_send (SwSessionPage     *page,
                         GBytes            *payload,
                         const SwSendInfo  *info,
                         GError           **error)
{
  SwTcpServerPage *self = SW_TCP_SERVER_PAGE (page);
  g_autoptr(GPtrArray) clients = dup_send_targets (self, error);
  g_autoptr(GError) first_error = NULL;

  if (clients == NULL)
    return FALSE;

  for (guint i = 0; i < clients->len; i++)
    {
      g_autoptr(GError) local_error = NULL;

      /* A client that left since the list last changed; say so once. */
      if (!sw_connection_send_full (g_ptr_array_index (clients, i), payload, info, &local_error) &&
          first_error == NULL)
        first_error = g_steal_pointer (&local_error);
    }

  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
sw_tcp_server_page_prepare_file_sender (SwSessionPage  *page,
                                        SwFileSender   *sender,
                                        GError        **error)
{
  g_autoptr(GPtrArray) clients = dup_send_targets (SW_TCP_SERVER_PAGE (page), error);

  if (clients == NULL)
    return FALSE;

  for (guint i = 0; i < clients->len; i++)
    sw_file_sender_add_target (sender, g_ptr_array_index (clients, i));

  return TRUE;
}

/* What the slowest client holds: copies wait for it. */
static guint64
sw_tcp_server_page_get_backlog (SwSessionPage *page)
{
  GListModel *clients = sw_tcp_server_get_clients (SW_TCP_SERVER_PAGE (page)->server);
  guint n_items = g_list_model_get_n_items (clients);
  guint64 most = 0;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SwConnection) client = g_list_model_get_item (clients, i);

      most = MAX (most, sw_connection_get_pending_bytes (client));
    }

  return most;
}

/* Public API */

/**
 * sw_tcp_server_page_new:
 *
 * Returns: (transfer floating): a TCP server session
 */
GtkWidget *
sw_tcp_server_page_new (void)
{
  return g_object_new (SW_TYPE_TCP_SERVER_PAGE, NULL);
}

/**
 * sw_tcp_server_page_get_server:
 *
 * Returns: (transfer none): the page's engine
 */
SwTcpServer *
sw_tcp_server_page_get_server (SwTcpServerPage *self)
{
  g_return_val_if_fail (SW_IS_TCP_SERVER_PAGE (self), NULL);

  return self->server;
}

/* SwSessionPage */

static void
sw_tcp_server_page_save_state (SwSessionPage *page,
                               GVariantDict  *state)
{
  SwTcpServerPage *self = SW_TCP_SERVER_PAGE (page);

  sw_listen_form_save (&self->listen_form, state);
  _sw_session_save_property (state, "echo", self->server, "echo");
  _sw_session_save_choice (state, "send-to", self->target_drop_down, target_ids, G_N_ELEMENTS (target_ids));
}

static void
sw_tcp_server_page_restore_state (SwSessionPage *page,
                                  GVariantDict  *state)
{
  SwTcpServerPage *self = SW_TCP_SERVER_PAGE (page);

  sw_listen_form_restore (&self->listen_form, state);
  _sw_session_restore_property (state, "echo", self->server, "echo");
  _sw_session_restore_choice (state, "send-to", self->target_drop_down, target_ids, G_N_ELEMENTS (target_ids));
}

static void
sw_tcp_server_page_open_endpoint (SwSessionPage    *page,
                                  SwEndpoint       *endpoint,
                                  SwEndpointScheme  scheme)
{
  SwTcpServerPage *self = SW_TCP_SERVER_PAGE (page);

  g_return_if_fail (scheme == SW_ENDPOINT_SCHEME_TCP_LISTEN);

  if (sw_tcp_server_get_listening (self->server))
    sw_tcp_server_stop (self->server, FALSE);

  sw_listen_form_set_endpoint (&self->listen_form, endpoint);
  start_listening (self);
}

static char *
sw_tcp_server_page_describe_code (SwSessionPage     *page,
                                  SwCodeSessionKind *kind,
                                  SwCodeTarget      *target)
{
  SwTcpServerPage *self = SW_TCP_SERVER_PAGE (page);
  g_autoptr(SwEndpoint) local = NULL;

  *kind = SW_CODE_SESSION_TCP_SERVER;

  /* Quietly: a form that does not parse leaves the log's address. */
  local = sw_listen_form_parse_quietly (&self->listen_form);
  if (local == NULL)
    return NULL;

  target->port = sw_endpoint_get_port (local);
  /* "" is every interface. */
  return g_strdup (sw_endpoint_get_host (local) != NULL ? sw_endpoint_get_host (local) : "");
}

/* GObject */

static void
sw_tcp_server_page_dispose (GObject *object)
{
  SwTcpServerPage *self = SW_TCP_SERVER_PAGE (object);

  if (self->server != NULL)
    g_signal_handlers_disconnect_by_data (self->server, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_TCP_SERVER_PAGE);

  G_OBJECT_CLASS (sw_tcp_server_page_parent_class)->dispose (object);

  g_clear_object (&self->server);
}

static void
sw_tcp_server_page_class_init (SwTcpServerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SwSessionPageClass *page_class = SW_SESSION_PAGE_CLASS (klass);

  object_class->dispose = sw_tcp_server_page_dispose;

  page_class->save_state = sw_tcp_server_page_save_state;
  page_class->restore_state = sw_tcp_server_page_restore_state;
  page_class->send = sw_tcp_server_page_send;
  page_class->get_backlog = sw_tcp_server_page_get_backlog;
  page_class->prepare_file_sender = sw_tcp_server_page_prepare_file_sender;
  page_class->open_endpoint = sw_tcp_server_page_open_endpoint;
  page_class->describe_code = sw_tcp_server_page_describe_code;

  g_type_ensure (SW_TYPE_CONNECTION_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-tcp-server-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, address_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, custom_entry);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, port_entry);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, echo_switch);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, listen_button);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, connection_list);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, target_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, target_hint);
  gtk_widget_class_bind_template_callback_full (widget_class, "drop_down_mnemonic_activate_cb",
                                                G_CALLBACK (sw_drop_down_mnemonic_activate));

  gtk_widget_class_install_action (widget_class, "page.listen", NULL, listen_action);
}

static void
sw_tcp_server_page_init (SwTcpServerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->server = sw_tcp_server_new (NULL);
  _sw_session_page_set_engine (SW_SESSION_PAGE (self), SW_ENGINE (self->server));
  sw_connection_list_set_model (self->connection_list, sw_tcp_server_get_clients (self->server));
  _sw_session_page_set_connection_list (SW_SESSION_PAGE (self), self->connection_list);

  g_object_bind_property (self->server, "echo", self->echo_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  g_signal_connect_swapped (self->server, "notify::listening", G_CALLBACK (listening_changed_cb), self);
  g_signal_connect_swapped (self->connection_list, "changed", G_CALLBACK (clients_changed_cb), self);
  g_signal_connect_swapped (self->target_drop_down, "notify::selected", G_CALLBACK (update_send_target), self);
  g_signal_connect_swapped (self->custom_entry, "activate", G_CALLBACK (entry_activate_cb), self);
  g_signal_connect_swapped (self->port_entry, "activate", G_CALLBACK (entry_activate_cb), self);
  g_signal_connect_swapped (self->port_entry, "changed", G_CALLBACK (update_title), self);

  self->listen_form = (SwListenForm) { self->address_drop_down, self->custom_entry, self->port_entry };
  sw_listen_form_init (&self->listen_form);
  clients_changed_cb (self);
  listening_changed_cb (self);
}
