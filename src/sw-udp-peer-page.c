/* sw-udp-peer-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-udp-peer-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sw-endpoint.h"
#include "sw-session-page-private.h"
#include "sw-udp-peer-page.h"
#include "sw-utils.h"

struct _SwUdpPeerPage
{
  SwSessionPage   parent_instance;

  GtkEditable    *local_address_entry;
  GtkEditable    *local_port_entry;
  GtkButton      *bind_button;
  GtkCheckButton *broadcast_check;
  GtkEditable    *remote_host_entry;
  GtkEditable    *remote_port_entry;
  GtkSwitch      *reply_switch;
  GtkLabel       *last_sender_label;
  GtkWidget      *multicast_box;
  GtkEditable    *group_entry;
  GtkEditable    *interface_entry;
  GtkLabel       *groups_label;

  SwUdpPeer      *peer;
  GBindingGroup  *bindings;
  /* The remote as last given to the engine, to keep its resolved address
   * while the fields do not change. */
  char           *remote;
};

G_DEFINE_FINAL_TYPE (SwUdpPeerPage, sw_udp_peer_page, SW_TYPE_SESSION_PAGE)

static void
show_error (SwUdpPeerPage *self,
            const GError  *error)
{
  _sw_session_page_show_error (SW_SESSION_PAGE (self), error);
}

#define LOCAL_FLAGS (SW_ENDPOINT_FLAGS_ALLOW_PORT_ZERO | SW_ENDPOINT_FLAGS_ALLOW_ANY_HOST)

/* The local fields: an empty port means any free one, as 0 does. */
static SwEndpoint *
parse_local (SwUdpPeerPage  *self,
             GError        **error)
{
  const char *address = gtk_editable_get_text (self->local_address_entry);
  g_autoptr(GError) local_error = NULL;
  SwEndpoint *endpoint;

  endpoint = sw_endpoint_parse (address, gtk_editable_get_text (self->local_port_entry),
                                LOCAL_FLAGS, &local_error);
  if (endpoint == NULL &&
      g_error_matches (local_error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_MISSING_PORT))
    return sw_endpoint_parse (address, "0", LOCAL_FLAGS, error);

  if (endpoint == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return endpoint;
}

static void
update_title (SwUdpPeerPage *self)
{
  guint port = sw_udp_peer_get_local_port (self->peer);
  g_autofree char *title = NULL;

  if (port == 0)
    {
      g_autoptr(SwEndpoint) endpoint = parse_local (self, NULL);

      if (endpoint != NULL)
        port = sw_endpoint_get_port (endpoint);
    }

  /* Translators: a tab title, %u is the local UDP port, e.g. “UDP :7788”. */
  title = port != 0 ? g_strdup_printf (_("UDP :%u"), port) : g_strdup (_("UDP Peer"));
  _sw_session_page_set_title (SW_SESSION_PAGE (self), title);
}

static void
update_status (SwUdpPeerPage *self)
{
  GSocketAddress *local = sw_engine_get_local_address (SW_ENGINE (self->peer));
  g_autofree char *text = NULL;

  if (local != NULL)
    {
      g_autofree char *name = sw_socket_address_to_string (local);

      /* Translators: %s is the local address and port, e.g. [::]:7788. */
      text = g_strdup_printf (_("Bound to %s"), name);
    }
  else
    text = g_strdup (_("Not bound: sending binds to a free port"));

  _sw_session_page_set_status (SW_SESSION_PAGE (self), text, FALSE);
}

static void
update_groups (SwUdpPeerPage *self)
{
  g_auto(GStrv) groups = sw_udp_peer_dup_groups (self->peer);
  g_autofree char *text = NULL;

  if (groups[0] != NULL)
    {
      /* Translators: the separator between the multicast groups joined. */
      g_autofree char *list = g_strjoinv (_(", "), groups);

      /* Translators: %s lists multicast groups, e.g. “239.1.2.3, ff02::1234%eth0”. */
      text = g_strdup_printf (_("Joined: %s"), list);
    }
  else
    text = g_strdup (_("No groups joined"));

  gtk_label_set_text (self->groups_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.leave-group", groups[0] != NULL);
}

static void
update_can_send (SwUdpPeerPage *self)
{
  const char *host = gtk_editable_get_text (self->remote_host_entry);
  const char *port = gtk_editable_get_text (self->remote_port_entry);
  gboolean reply = sw_udp_peer_get_reply_to_sender (self->peer);
  gboolean can_send;

  if (reply && sw_udp_peer_get_last_sender (self->peer) != NULL)
    can_send = TRUE;
  else if (*host == '\0')
    can_send = FALSE;
  else if (*port != '\0')
    can_send = TRUE;
  else
    {
      /* "host:port" in the host field fills both. */
      g_autoptr(SwEndpoint) endpoint = sw_endpoint_parse (host, port, SW_ENDPOINT_FLAGS_NONE, NULL);

      can_send = endpoint != NULL;
    }

  _sw_session_page_set_can_send (SW_SESSION_PAGE (self), can_send,
                                 reply
                                 ? _("Nobody has sent a datagram yet: enter a remote host and port")
                                 : _("Enter a remote host and port"));
}

static void
last_sender_changed_cb (SwUdpPeerPage *self)
{
  GSocketAddress *sender = sw_udp_peer_get_last_sender (self->peer);

  if (sender != NULL)
    {
      g_autofree char *name = sw_socket_address_to_string (sender);
      /* Translators: %s is an address and port, e.g. 127.0.0.1:5000. */
      g_autofree char *text = g_strdup_printf (_("Last datagram from %s"), name);

      gtk_label_set_text (self->last_sender_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->last_sender_label), sender != NULL);

  update_can_send (self);
}

static void
bound_changed_cb (SwUdpPeerPage *self)
{
  gboolean bound = sw_udp_peer_get_bound (self->peer);

  sw_button_set_mnemonic_label (self->bind_button, bound ? _("_Close") : _("_Bind"));
  if (bound)
    gtk_widget_remove_css_class (GTK_WIDGET (self->bind_button), "suggested-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->bind_button), "suggested-action");

  /* The local fields describe the next bind; they stay put while bound. */
  _sw_session_page_set_form_sensitive (SW_SESSION_PAGE (self), !bound,
                                       GTK_WIDGET (self->local_address_entry),
                                       GTK_WIDGET (self->local_port_entry), NULL);

  update_status (self);
  update_title (self);
  update_groups (self);
}

static void
bind_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwUdpPeerPage *self = SW_UDP_PEER_PAGE (widget);
  g_autoptr(SwEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;

  if (sw_udp_peer_get_bound (self->peer))
    {
      sw_udp_peer_close (self->peer);
      return;
    }

  endpoint = parse_local (self, &error);
  if (endpoint != NULL && sw_endpoint_get_host (endpoint) != NULL &&
      sw_endpoint_get_inet_address (endpoint) == NULL)
    g_set_error (&error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                 /* Translators: %s is what was typed as the local address. */
                 _("“%s” is not an IP address: enter an address of this computer, such as 127.0.0.1 or 192.168.1.5, or leave it empty to receive on every interface"),
                 sw_endpoint_get_host (endpoint));

  if (error != NULL)
    {
      /* Bad input: say why, change nothing else. */
      show_error (self, error);
      gtk_widget_grab_focus (GTK_WIDGET (sw_endpoint_error_is_port (error) ? self->local_port_entry
                                                               : self->local_address_entry));
      return;
    }

  show_error (self, NULL);

  /* Failures reach the person through last-error and the log. */
  sw_udp_peer_bind_endpoint (self->peer, endpoint, NULL);
}

/* The group field, with an interface written as "ff02::1%eth0". */
static GInetAddress *
parse_group (SwUdpPeerPage  *self,
             char          **iface,
             GError        **error)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (self->group_entry)));
  g_autofree char *typed_iface = g_strstrip (g_strdup (gtk_editable_get_text (self->interface_entry)));
  char *percent = strchr (text, '%');
  GInetAddress *group;

  if (percent != NULL)
    {
      *percent = '\0';
      if (*typed_iface == '\0')
        {
          g_free (typed_iface);
          typed_iface = g_strdup (percent + 1);
        }
    }

  if (*text == '\0')
    {
      g_set_error_literal (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_EMPTY_HOST,
                           _("Enter a multicast group address, such as 239.1.2.3 or ff02::1234"));
      return NULL;
    }

  group = g_inet_address_new_from_string (text);
  if (group == NULL)
    {
      g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                   /* Translators: %s is what was typed as a multicast group. */
                   _("“%s” is not an IP address: a multicast group is one, such as 239.1.2.3 or ff02::1234"),
                   text);
      return NULL;
    }

  *iface = *typed_iface != '\0' ? g_steal_pointer (&typed_iface) : NULL;

  return group;
}

static void
group_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SwUdpPeerPage *self = SW_UDP_PEER_PAGE (widget);
  g_autoptr(GInetAddress) group = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *iface = NULL;

  group = parse_group (self, &iface, &error);
  if (group == NULL)
    {
      show_error (self, error);
      gtk_widget_grab_focus (GTK_WIDGET (self->group_entry));
      return;
    }

  if (g_str_equal (action_name, "page.join-group"))
    sw_udp_peer_join_group (self->peer, group, iface, &error);
  else
    sw_udp_peer_leave_group (self->peer, group, iface, &error);

  /* Not every refusal is a last-error (nothing bound yet, not a group). */
  show_error (self, error);
  update_groups (self);
}

static void
local_entry_activate_cb (SwUdpPeerPage *self)
{
  if (!sw_udp_peer_get_bound (self->peer))
    gtk_widget_activate_action (GTK_WIDGET (self), "page.bind", NULL);
}

static void
group_entry_activate_cb (SwUdpPeerPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "page.join-group", NULL);
}

/* Enter in the remote fields moves on; sending is the message's business. */
static void
remote_host_activate_cb (SwUdpPeerPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->remote_port_entry));
}

static void
remote_port_activate_cb (SwUdpPeerPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (sw_session_page_get_send_bar (SW_SESSION_PAGE (self))));
}

/* Gives the engine the remote of the form when it changed. */
static gboolean
apply_remote (SwUdpPeerPage  *self,
              GError        **error)
{
  g_autoptr(SwEndpoint) endpoint = NULL;
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autofree char *remote = NULL;

  endpoint = sw_endpoint_parse (gtk_editable_get_text (self->remote_host_entry),
                                gtk_editable_get_text (self->remote_port_entry),
                                SW_ENDPOINT_FLAGS_NONE, error);
  if (endpoint == NULL)
    return FALSE;

  remote = sw_endpoint_to_string (endpoint);
  if (g_strcmp0 (remote, self->remote) == 0 && sw_udp_peer_get_remote (self->peer) != NULL)
    return TRUE;

  connectable = sw_endpoint_to_connectable (endpoint);
  sw_udp_peer_set_remote (self->peer, connectable);
  g_free (self->remote);
  self->remote = g_steal_pointer (&remote);

  return TRUE;
}

/* Whatever goes out (a message, a sequence's, a file) goes to the remote
 * typed in the form, or to the last sender when replying. Replies need
 * no remote; anything else does, and bad input sends nothing. */
static gboolean
sw_udp_peer_page_prepare_send (SwSessionPage  *page,
                               GError        **error)
{
  SwUdpPeerPage *self = SW_UDP_PEER_PAGE (page);

  return (sw_udp_peer_get_reply_to_sender (self->peer) && sw_udp_peer_get_last_sender (self->peer) != NULL) ||
         apply_remote (self, error);
}

static SwTransport
sw_udp_peer_page_get_transport (SwSessionPage *page)
{
  return SW_TRANSPORT_UDP;
}

static gboolean
sw_udp_peer_page_send (SwSessionPage     *page,
                       GBytes            *payload,
                       const SwSendInfo  *info,
                       GError           **error)
{
  SwUdpPeerPage *self = SW_UDP_PEER_PAGE (page);

  if (!SW_SESSION_PAGE_CLASS (sw_udp_peer_page_parent_class)->send (page, payload, info, error))
    return FALSE;

  /* Sent, or on its way once the name is known: an earlier error is past. */
  show_error (self, NULL);
  return TRUE;
}

/**
 * sw_udp_peer_page_new:
 *
 * Returns: (transfer floating): a UDP session
 */
GtkWidget *
sw_udp_peer_page_new (void)
{
  return g_object_new (SW_TYPE_UDP_PEER_PAGE, NULL);
}

/**
 * sw_udp_peer_page_get_peer:
 *
 * Returns: (transfer none): the page's engine
 */
SwUdpPeer *
sw_udp_peer_page_get_peer (SwUdpPeerPage *self)
{
  g_return_val_if_fail (SW_IS_UDP_PEER_PAGE (self), NULL);

  return self->peer;
}

static void
sw_udp_peer_page_open_endpoint (SwSessionPage    *page,
                                SwEndpoint       *endpoint,
                                SwEndpointScheme  scheme)
{
  SwUdpPeerPage *self = SW_UDP_PEER_PAGE (page);
  const char *host = sw_endpoint_get_host (endpoint);
  g_autofree char *port = g_strdup_printf ("%u", sw_endpoint_get_port (endpoint));

  g_return_if_fail (scheme == SW_ENDPOINT_SCHEME_UDP || scheme == SW_ENDPOINT_SCHEME_UDP_BIND);

  if (scheme == SW_ENDPOINT_SCHEME_UDP)
    {
      /* Sending binds to a free port: what is left is the message. */
      gtk_editable_set_text (self->remote_host_entry, host);
      gtk_editable_set_text (self->remote_port_entry, port);
      gtk_widget_grab_focus (GTK_WIDGET (sw_session_page_get_send_bar (page)));
      return;
    }

  if (sw_udp_peer_get_bound (self->peer))
    sw_udp_peer_close (self->peer);

  gtk_editable_set_text (self->local_address_entry, host != NULL ? host : "");
  gtk_editable_set_text (self->local_port_entry, port);
  gtk_widget_activate_action (GTK_WIDGET (self), "page.bind", NULL);
}

static char *
sw_udp_peer_page_describe_code (SwSessionPage     *page,
                                SwCodeSessionKind *kind,
                                SwCodeTarget      *target)
{
  SwUdpPeerPage *self = SW_UDP_PEER_PAGE (page);
  g_autoptr(SwEndpoint) local = parse_local (self, NULL);

  *kind = SW_CODE_SESSION_UDP_PEER;
  /* A port the person chose is bound again; one the system chose is not. */
  target->bind_local = local != NULL && sw_endpoint_get_port (local) != 0;

  return _sw_session_page_typed_endpoint (self->remote_host_entry, self->remote_port_entry, &target->port);
}

static void
sw_udp_peer_page_save_state (SwSessionPage *page,
                             GVariantDict  *state)
{
  SwUdpPeerPage *self = SW_UDP_PEER_PAGE (page);

  _sw_session_save_property (state, "local-address", self->local_address_entry, "text");
  _sw_session_save_property (state, "local-port", self->local_port_entry, "text");
  _sw_session_save_property (state, "remote-host", self->remote_host_entry, "text");
  _sw_session_save_property (state, "remote-port", self->remote_port_entry, "text");
  _sw_session_save_property (state, "reply-to-sender", self->reply_switch, "active");
  _sw_session_save_property (state, "broadcast", self->broadcast_check, "active");
  _sw_session_save_property (state, "group", self->group_entry, "text");
  _sw_session_save_property (state, "interface", self->interface_entry, "text");
}

static void
sw_udp_peer_page_restore_state (SwSessionPage *page,
                                GVariantDict  *state)
{
  SwUdpPeerPage *self = SW_UDP_PEER_PAGE (page);

  _sw_session_restore_property (state, "local-address", self->local_address_entry, "text");
  _sw_session_restore_property (state, "local-port", self->local_port_entry, "text");
  _sw_session_restore_property (state, "remote-host", self->remote_host_entry, "text");
  _sw_session_restore_property (state, "remote-port", self->remote_port_entry, "text");
  _sw_session_restore_property (state, "reply-to-sender", self->reply_switch, "active");
  _sw_session_restore_property (state, "broadcast", self->broadcast_check, "active");
  _sw_session_restore_property (state, "group", self->group_entry, "text");
  _sw_session_restore_property (state, "interface", self->interface_entry, "text");
}

static void
sw_udp_peer_page_dispose (GObject *object)
{
  SwUdpPeerPage *self = SW_UDP_PEER_PAGE (object);

  g_clear_object (&self->bindings);
  if (self->peer != NULL)
    g_signal_handlers_disconnect_by_data (self->peer, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_UDP_PEER_PAGE);

  G_OBJECT_CLASS (sw_udp_peer_page_parent_class)->dispose (object);

  g_clear_object (&self->peer);
}

static void
sw_udp_peer_page_finalize (GObject *object)
{
  g_free (SW_UDP_PEER_PAGE (object)->remote);

  G_OBJECT_CLASS (sw_udp_peer_page_parent_class)->finalize (object);
}

static void
sw_udp_peer_page_class_init (SwUdpPeerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SwSessionPageClass *page_class = SW_SESSION_PAGE_CLASS (klass);

  object_class->dispose = sw_udp_peer_page_dispose;
  object_class->finalize = sw_udp_peer_page_finalize;

  page_class->save_state = sw_udp_peer_page_save_state;
  page_class->restore_state = sw_udp_peer_page_restore_state;
  page_class->send = sw_udp_peer_page_send;
  page_class->prepare_send = sw_udp_peer_page_prepare_send;
  page_class->get_transport = sw_udp_peer_page_get_transport;
  page_class->open_endpoint = sw_udp_peer_page_open_endpoint;
  page_class->describe_code = sw_udp_peer_page_describe_code;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-udp-peer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SwUdpPeerPage, local_address_entry);
  gtk_widget_class_bind_template_child (widget_class, SwUdpPeerPage, local_port_entry);
  gtk_widget_class_bind_template_child (widget_class, SwUdpPeerPage, bind_button);
  gtk_widget_class_bind_template_child (widget_class, SwUdpPeerPage, broadcast_check);
  gtk_widget_class_bind_template_child (widget_class, SwUdpPeerPage, remote_host_entry);
  gtk_widget_class_bind_template_child (widget_class, SwUdpPeerPage, remote_port_entry);
  gtk_widget_class_bind_template_child (widget_class, SwUdpPeerPage, reply_switch);
  gtk_widget_class_bind_template_child (widget_class, SwUdpPeerPage, last_sender_label);
  gtk_widget_class_bind_template_child (widget_class, SwUdpPeerPage, multicast_box);
  gtk_widget_class_bind_template_child (widget_class, SwUdpPeerPage, group_entry);
  gtk_widget_class_bind_template_child (widget_class, SwUdpPeerPage, interface_entry);
  gtk_widget_class_bind_template_child (widget_class, SwUdpPeerPage, groups_label);

  gtk_widget_class_install_action (widget_class, "page.bind", NULL, bind_action);
  gtk_widget_class_install_action (widget_class, "page.join-group", NULL, group_action);
  gtk_widget_class_install_action (widget_class, "page.leave-group", NULL, group_action);
}

static void
sw_udp_peer_page_init (SwUdpPeerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Out of the widget tree while the expander is folded. */
  sw_fix_mnemonic_names (self->multicast_box);

  self->peer = sw_udp_peer_new (NULL);
  _sw_session_page_set_engine (SW_SESSION_PAGE (self), SW_ENGINE (self->peer));

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "reply-to-sender", self->reply_switch, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "broadcast", self->broadcast_check, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_set_source (self->bindings, self->peer);

  g_signal_connect_swapped (self->peer, "notify::bound", G_CALLBACK (bound_changed_cb), self);
  g_signal_connect_swapped (self->peer, "notify::local-address", G_CALLBACK (bound_changed_cb), self);
  g_signal_connect_swapped (self->peer, "notify::last-sender", G_CALLBACK (last_sender_changed_cb), self);
  g_signal_connect_swapped (self->peer, "notify::reply-to-sender", G_CALLBACK (update_can_send), self);
  g_signal_connect_swapped (self->local_address_entry, "activate", G_CALLBACK (local_entry_activate_cb), self);
  g_signal_connect_swapped (self->local_port_entry, "activate", G_CALLBACK (local_entry_activate_cb), self);
  g_signal_connect_swapped (self->local_port_entry, "changed", G_CALLBACK (update_title), self);
  g_signal_connect_swapped (self->local_address_entry, "changed", G_CALLBACK (update_title), self);
  g_signal_connect_swapped (self->remote_host_entry, "activate", G_CALLBACK (remote_host_activate_cb), self);
  g_signal_connect_swapped (self->remote_port_entry, "activate", G_CALLBACK (remote_port_activate_cb), self);
  g_signal_connect_swapped (self->remote_host_entry, "changed", G_CALLBACK (update_can_send), self);
  g_signal_connect_swapped (self->remote_port_entry, "changed", G_CALLBACK (update_can_send), self);
  g_signal_connect_swapped (self->group_entry, "activate", G_CALLBACK (group_entry_activate_cb), self);

  bound_changed_cb (self);
  last_sender_changed_cb (self);
}
