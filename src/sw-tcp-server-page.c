/* sw-tcp-server-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-tcp-server-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-endpoint.h"
#include "sw-session-private.h"
#include "sw-tcp-server-page.h"
#include "sw-utils.h"

/* The rows of the Address drop-down, in order. */
typedef enum
{
  ADDRESS_ANY,
  ADDRESS_ANY_IPV4,
  ADDRESS_LOCALHOST,
  ADDRESS_CUSTOM,
} AddressChoice;

/* The rows of the Send to drop-down, in order. */
typedef enum
{
  TARGET_ALL,
  TARGET_SELECTED,
} SendTarget;

/* Saved by name, not position: rows may be added in between later. */
static const char *address_ids[] = { "any", "any-ipv4", "localhost", "custom" };
static const char *target_ids[] = { "all", "selected" };

struct _SwTcpServerPage
{
  GtkWidget          parent_instance;

  GtkDropDown       *address_drop_down;
  GtkEditable       *custom_entry;
  GtkEditable       *port_entry;
  GtkSwitch         *echo_switch;
  GtkButton         *listen_button;
  GtkLabel          *status_label;
  GtkLabel          *error_label;
  GtkLabel          *clients_count_label;
  GtkStack          *clients_stack;
  GtkLabel          *empty_label;
  GtkColumnView     *client_view;
  GtkDropDown       *target_drop_down;
  GtkLabel          *target_hint;
  SwTrafficView     *traffic_view;
  SwSendBar         *send_bar;

  GSettings         *settings;
  SwTrafficLog      *log;
  SwTcpServer       *server;
  GtkMultiSelection *selection;
  char              *title;
};

static void sw_tcp_server_page_session_init (SwSessionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SwTcpServerPage, sw_tcp_server_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (SW_TYPE_SESSION, sw_tcp_server_page_session_init))

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

/* The list's cells */

static char *
format_time (gpointer this,
             gint64   usec,
             gpointer user_data)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%H:%M:%S") : g_strdup ("");
}

static char *
format_count (gpointer this,
              guint64  count,
              gpointer user_data)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, count);
}

/* ngettext() takes an unsigned long: keep the plural form of bigger
 * numbers where long is 32 bits. */
static gulong
plural_number (guint64 n)
{
  return n <= G_MAXULONG ? (gulong) n : (gulong) (n % 1000000 + 1000000);
}

/* The counts' tooltips say what they count, in words. They are made when
 * shown: a tooltip set on each change would have GTK look for the pointer
 * every time, a round trip to the X server per row four times a second. */
static gboolean
count_query_tooltip_cb (GtkWidget   *label,
                        int          x,
                        int          y,
                        gboolean     keyboard_mode,
                        GtkTooltip  *tooltip,
                        GtkListItem *list_item)
{
  SwTcpServerClient *client = gtk_list_item_get_item (list_item);
  gboolean received = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "sw-received"));
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;
  guint64 count;

  if (client == NULL)
    return FALSE;

  count = received ? sw_tcp_server_client_get_bytes_received (client)
                   : sw_tcp_server_client_get_bytes_sent (client);
  number = format_count (NULL, count, NULL);
  if (received)
    text = g_strdup_printf (ngettext ("%s byte came in from this client",
                                      "%s bytes came in from this client",
                                      plural_number (count)),
                            number);
  else
    text = g_strdup_printf (ngettext ("%s byte went out to this client",
                                      "%s bytes went out to this client",
                                      plural_number (count)),
                            number);
  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static GtkExpression *
client_property_expression (const char *property,
                            GCallback   format)
{
  GtkExpression *expression;

  expression = gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item");
  expression = gtk_property_expression_new (SW_TYPE_TCP_SERVER_CLIENT, expression, property);
  if (format != NULL)
    expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 1, &expression, format, NULL, NULL);

  return expression;
}

/* A label showing @property of the row's client, kept up to date by an
 * expression: it follows the item and the property's notifications. */
static GtkWidget *
setup_cell (GtkListItem *list_item,
            const char  *property,
            GCallback    format)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_expression_bind (client_property_expression (property, format), label, "label", list_item);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_list_item_set_child (list_item, label);

  return label;
}

/* Counts: exact, right-aligned, in digits of one width. */
static void
setup_count_cell (GtkListItem *list_item,
                  const char  *property,
                  gboolean     received)
{
  GtkWidget *label = setup_cell (list_item, property, G_CALLBACK (format_count));

  g_object_set_data (G_OBJECT (label), "sw-received", GINT_TO_POINTER (received));
  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (count_query_tooltip_cb), list_item);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_add_css_class (label, "numeric");
}

static void
address_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item)
{
  setup_cell (list_item, "name", NULL);
}

static void
connected_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item)
{
  GtkWidget *label = setup_cell (list_item, "connected-time", G_CALLBACK (format_time));

  gtk_widget_add_css_class (label, "numeric");
}

static void
received_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item)
{
  setup_count_cell (list_item, "bytes-received", TRUE);
}

static void
sent_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  setup_count_cell (list_item, "bytes-sent", FALSE);
}

/* State */

static gboolean
client_is_connected (SwTcpServerClient *client)
{
  return sw_tcp_server_client_get_state (client) == SW_CONNECTION_STATE_CONNECTED;
}

/* The clients a message or a Disconnect goes to: the connected ones,
 * all of them or only the selected. */
static GPtrArray *
dup_clients (SwTcpServerPage *self,
             gboolean         selected_only)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n_items = g_list_model_get_n_items (model);
  GPtrArray *clients = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SwTcpServerClient) client = NULL;

      if (selected_only && !gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), i))
        continue;

      client = g_list_model_get_item (model, i);
      if (client_is_connected (client))
        g_ptr_array_add (clients, g_steal_pointer (&client));
    }

  return clients;
}

static guint
count_clients (SwTcpServerPage *self,
               gboolean         selected_only)
{
  g_autoptr(GPtrArray) clients = dup_clients (self, selected_only);

  return clients->len;
}

static char *
dup_local_name (SwTcpServerPage *self)
{
  GSocketAddress *address = sw_tcp_server_get_local_address (self->server);

  return address != NULL ? sw_socket_address_to_string (address) : NULL;
}

static void
update_status (SwTcpServerPage *self)
{
  guint n_clients = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
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

  gtk_label_set_text (self->status_label, text);
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

  gtk_label_set_text (self->empty_label, text);
}

static void
update_title (SwTcpServerPage *self)
{
  g_autoptr(SwEndpoint) endpoint = NULL;
  g_autofree char *where = NULL;
  char *title;

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
  _sw_session_take_title (SW_SESSION (self), &self->title, title);
}

/* Whether Send can go anywhere, and why not: on the Send button's
 * tooltip and, in words, beside the Send to choice. */
static void
update_send_target (SwTcpServerPage *self)
{
  gboolean selected_only = gtk_drop_down_get_selected (self->target_drop_down) == TARGET_SELECTED;
  guint n_targets = count_clients (self, selected_only);
  g_autofree char *hint = NULL;
  const char *reason = NULL;

  if (count_clients (self, FALSE) == 0)
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

  /* The reason first: the bar shows it as soon as it cannot send. */
  if (reason != NULL)
    sw_send_bar_set_send_blocked_reason (self->send_bar, reason);
  sw_send_bar_set_can_send (self->send_bar, reason == NULL);
}

static void
clients_changed_cb (SwTcpServerPage *self)
{
  guint n_clients = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  g_autofree char *count = g_strdup_printf ("%u", n_clients);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  gtk_label_set_text (self->clients_count_label, count);
  gtk_stack_set_visible_child_name (self->clients_stack, n_clients > 0 ? "list" : "empty");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.disconnect", !gtk_bitset_is_empty (selected));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.disconnect-all", n_clients > 0);

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

  /* The form describes the next listener; it stays put while one runs. */
  _sw_session_set_form_sensitive (self->send_bar, !listening,
                                  GTK_WIDGET (self->address_drop_down), GTK_WIDGET (self->custom_entry),
                                  GTK_WIDGET (self->port_entry), NULL);

  update_status (self);
  update_empty_label (self);
  update_title (self);
}

static void
last_error_changed_cb (SwTcpServerPage *self)
{
  _sw_session_show_error (self->error_label, sw_tcp_server_get_last_error (self->server));
}

static void
address_changed_cb (SwTcpServerPage *self)
{
  gboolean custom = gtk_drop_down_get_selected (self->address_drop_down) == ADDRESS_CUSTOM;

  gtk_widget_set_visible (GTK_WIDGET (self->custom_entry), custom);

  /* Picked by a person: the address is what they type next. */
  if (custom && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->custom_entry));
}

/* Actions */

/* What the form asks to listen on: the address (NULL for all
 * interfaces, IPv6 and IPv4) and the port, or an error for the person. */
static gboolean
parse_form (SwTcpServerPage  *self,
            GInetAddress    **address,
            guint16          *port,
            GError          **error)
{
  const SwEndpointFlags flags = SW_ENDPOINT_FLAGS_ALLOW_PORT_ZERO | SW_ENDPOINT_FLAGS_ALLOW_ANY_HOST;
  AddressChoice choice = gtk_drop_down_get_selected (self->address_drop_down);
  const char *port_text = gtk_editable_get_text (self->port_entry);
  g_autoptr(SwEndpoint) endpoint = NULL;
  g_autoptr(GInetAddress) inet = NULL;

  if (choice == ADDRESS_CUSTOM)
    {
      g_autofree char *host = g_strstrip (g_strdup (gtk_editable_get_text (self->custom_entry)));

      if (*host == '\0')
        {
          g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_EMPTY_HOST,
                       _("Enter an IP address of this computer to listen on, or choose another address"));
          return FALSE;
        }

      endpoint = sw_endpoint_parse (host, port_text, flags, error);
      if (endpoint == NULL)
        return FALSE;

      /* Only a literal names one of this computer's interfaces; the
       * engine says when it is not one of them. */
      if (sw_endpoint_get_host (endpoint) != NULL && sw_endpoint_get_inet_address (endpoint) == NULL)
        {
          g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                       /* Translators: %s is what was typed, e.g. “example.com”. */
                       _("“%s” is a name: to listen, enter an IP address of this computer, such as 192.168.1.5"),
                       sw_endpoint_get_host (endpoint));
          return FALSE;
        }

      if (sw_endpoint_get_inet_address (endpoint) != NULL)
        inet = g_object_ref (sw_endpoint_get_inet_address (endpoint));
    }
  else
    {
      endpoint = sw_endpoint_parse (NULL, port_text, flags, error);
      if (endpoint == NULL)
        return FALSE;

      if (choice == ADDRESS_ANY_IPV4)
        inet = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
      else if (choice == ADDRESS_LOCALHOST)
        inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    }

  *address = g_steal_pointer (&inet);
  *port = sw_endpoint_get_port (endpoint);

  return TRUE;
}

static void
start_listening (SwTcpServerPage *self)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port = 0;

  if (!parse_form (self, &address, &port, &error))
    {
      /* Bad input: say why, change nothing else. */
      _sw_session_show_error (self->error_label, error);
      if (sw_endpoint_error_is_port (error) || !gtk_widget_get_visible (GTK_WIDGET (self->custom_entry)))
        gtk_widget_grab_focus (GTK_WIDGET (self->port_entry));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->custom_entry));
      return;
    }

  _sw_session_show_error (self->error_label, NULL);

  /* Failures reach the person through last-error and the log. */
  sw_tcp_server_listen (self->server, address, port, NULL);
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
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SwTcpServerPage *self = SW_TCP_SERVER_PAGE (widget);
  g_autoptr(GPtrArray) clients = dup_clients (self, TRUE);

  for (guint i = 0; i < clients->len; i++)
    sw_tcp_server_client_disconnect (g_ptr_array_index (clients, i));
}

static void
disconnect_all_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  sw_tcp_server_disconnect_all (SW_TCP_SERVER_PAGE (widget)->server);
}

static void
entry_activate_cb (SwTcpServerPage *self)
{
  if (!sw_tcp_server_get_listening (self->server))
    start_listening (self);
}

static void
send_cb (SwTcpServerPage *self,
         GBytes          *payload)
{
  g_autoptr(GPtrArray) clients = NULL;
  g_autoptr(GError) error = NULL;

  clients = dup_clients (self, gtk_drop_down_get_selected (self->target_drop_down) == TARGET_SELECTED);
  if (clients->len == 0)
    {
      /* Only when a client left since the bar last asked. */
      update_send_target (self);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           sw_send_bar_get_send_blocked_reason (self->send_bar));
    }

  for (guint i = 0; i < clients->len; i++)
    {
      g_autoptr(GError) local_error = NULL;

      /* A client that left since the list last changed; say so once. */
      if (!sw_tcp_server_client_send (g_ptr_array_index (clients, i), payload, &local_error) &&
          error == NULL)
        error = g_steal_pointer (&local_error);
    }

  if (error != NULL)
    {
      _sw_session_show_error (self->error_label, error);
      sw_send_bar_stop (self->send_bar);
    }
}

/* What the slowest client holds: copies wait for it. */
static guint64
send_backlog (gpointer user_data)
{
  SwTcpServerPage *self = user_data;
  GListModel *clients = sw_tcp_server_get_clients (self->server);
  guint n_items = g_list_model_get_n_items (clients);
  guint64 most = 0;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SwTcpServerClient) client = g_list_model_get_item (clients, i);

      most = MAX (most, sw_tcp_server_client_get_pending_bytes (client));
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

/* SwSession */

static void
save_choice (GVariantDict *state,
             const char   *key,
             GtkDropDown  *drop_down,
             const char  **ids,
             guint         n_ids)
{
  guint selected = gtk_drop_down_get_selected (drop_down);

  if (selected < n_ids)
    g_variant_dict_insert (state, key, "s", ids[selected]);
}

static void
restore_choice (GVariantDict *state,
                const char   *key,
                GtkDropDown  *drop_down,
                const char  **ids,
                guint         n_ids)
{
  const char *id;

  if (!g_variant_dict_lookup (state, key, "&s", &id))
    return;

  for (guint i = 0; i < n_ids; i++)
    if (g_str_equal (id, ids[i]))
      gtk_drop_down_set_selected (drop_down, i);
}

static const char *
sw_tcp_server_page_get_kind (SwSession *session)
{
  return "tcp-server";
}

static void
sw_tcp_server_page_save_state (SwSession    *session,
                               GVariantDict *state)
{
  SwTcpServerPage *self = SW_TCP_SERVER_PAGE (session);

  save_choice (state, "address", self->address_drop_down, address_ids, G_N_ELEMENTS (address_ids));
  _sw_session_save_property (state, "custom-address", self->custom_entry, "text");
  _sw_session_save_property (state, "port", self->port_entry, "text");
  _sw_session_save_property (state, "echo", self->server, "echo");
  save_choice (state, "send-to", self->target_drop_down, target_ids, G_N_ELEMENTS (target_ids));
  _sw_session_save_common (state, self->traffic_view, self->send_bar);
}

static void
sw_tcp_server_page_restore_state (SwSession    *session,
                                  GVariantDict *state)
{
  SwTcpServerPage *self = SW_TCP_SERVER_PAGE (session);

  restore_choice (state, "address", self->address_drop_down, address_ids, G_N_ELEMENTS (address_ids));
  _sw_session_restore_property (state, "custom-address", self->custom_entry, "text");
  _sw_session_restore_property (state, "port", self->port_entry, "text");
  _sw_session_restore_property (state, "echo", self->server, "echo");
  restore_choice (state, "send-to", self->target_drop_down, target_ids, G_N_ELEMENTS (target_ids));
  _sw_session_restore_common (state, self->traffic_view, self->send_bar);
}

static SwTrafficView *
sw_tcp_server_page_get_traffic_view (SwSession *session)
{
  return SW_TCP_SERVER_PAGE (session)->traffic_view;
}

static void
sw_tcp_server_page_session_init (SwSessionInterface *iface)
{
  iface->get_kind = sw_tcp_server_page_get_kind;
  iface->save_state = sw_tcp_server_page_save_state;
  iface->restore_state = sw_tcp_server_page_restore_state;
  iface->get_traffic_view = sw_tcp_server_page_get_traffic_view;
}

/* GObject */

static void
sw_tcp_server_page_dispose (GObject *object)
{
  SwTcpServerPage *self = SW_TCP_SERVER_PAGE (object);
  GtkWidget *child;

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->server != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->server, self);
      sw_tcp_server_stop (self->server, TRUE);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_TCP_SERVER_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  /* The list goes before the engine that fills it. */
  g_clear_object (&self->selection);
  g_clear_object (&self->server);
  g_clear_object (&self->log);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sw_tcp_server_page_parent_class)->dispose (object);
}

static void
sw_tcp_server_page_finalize (GObject *object)
{
  SwTcpServerPage *self = SW_TCP_SERVER_PAGE (object);

  g_free (self->title);

  G_OBJECT_CLASS (sw_tcp_server_page_parent_class)->finalize (object);
}

static void
sw_tcp_server_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SwTcpServerPage *self = SW_TCP_SERVER_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_tcp_server_page_class_init (SwTcpServerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_tcp_server_page_dispose;
  object_class->finalize = sw_tcp_server_page_finalize;
  object_class->get_property = sw_tcp_server_page_get_property;

  g_object_class_override_property (object_class, PROP_TITLE, "title");

  g_type_ensure (SW_TYPE_TRAFFIC_VIEW);
  g_type_ensure (SW_TYPE_SEND_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-tcp-server-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, address_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, custom_entry);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, port_entry);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, echo_switch);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, listen_button);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, clients_count_label);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, clients_stack);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, empty_label);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, client_view);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, target_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, target_hint);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, traffic_view);
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, send_bar);
  gtk_widget_class_bind_template_callback_full (widget_class, "drop_down_mnemonic_activate_cb",
                                                G_CALLBACK (sw_drop_down_mnemonic_activate));
  gtk_widget_class_bind_template_callback (widget_class, address_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, connected_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, received_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, sent_setup_cb);

  gtk_widget_class_install_action (widget_class, "page.listen", NULL, listen_action);
  gtk_widget_class_install_action (widget_class, "page.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "page.disconnect-all", NULL, disconnect_all_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
sw_tcp_server_page_init (SwTcpServerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  sw_fix_mnemonic_names (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->log = sw_traffic_log_new ();
  self->server = sw_tcp_server_new (self->log);
  _sw_session_setup (self->traffic_view, self->log, self->settings);

  self->selection = gtk_multi_selection_new (g_object_ref (sw_tcp_server_get_clients (self->server)));
  gtk_column_view_set_model (self->client_view, GTK_SELECTION_MODEL (self->selection));

  g_object_bind_property (self->server, "echo", self->echo_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  g_signal_connect_swapped (self->server, "notify::listening", G_CALLBACK (listening_changed_cb), self);
  g_signal_connect_swapped (self->server, "notify::last-error", G_CALLBACK (last_error_changed_cb), self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (clients_changed_cb), self);
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (clients_changed_cb), self);
  g_signal_connect_swapped (self->target_drop_down, "notify::selected", G_CALLBACK (update_send_target), self);
  g_signal_connect_swapped (self->address_drop_down, "notify::selected", G_CALLBACK (address_changed_cb), self);
  g_signal_connect_swapped (self->send_bar, "send", G_CALLBACK (send_cb), self);
  sw_send_bar_set_backlog_func (self->send_bar, send_backlog, self, NULL);
  g_signal_connect_swapped (self->custom_entry, "activate", G_CALLBACK (entry_activate_cb), self);
  g_signal_connect_swapped (self->port_entry, "activate", G_CALLBACK (entry_activate_cb), self);
  g_signal_connect_swapped (self->port_entry, "changed", G_CALLBACK (update_title), self);

  address_changed_cb (self);
  clients_changed_cb (self);
  listening_changed_cb (self);
}
