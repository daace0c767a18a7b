/* sw-listen-form.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-listen-form"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-endpoint.h"
#include "sw-listen-form.h"
#include "sw-session-page-private.h"

/* The rows of the address drop-down, in order. */
typedef enum
{
  ADDRESS_ANY,
  ADDRESS_ANY_IPV4,
  ADDRESS_LOCALHOST,
  ADDRESS_CUSTOM,
} AddressChoice;

/* Saved by name, not position: rows may be added in between later. */
static const char * const address_ids[] = { "any", "any-ipv4", "localhost", "custom" };

static void
address_changed_cb (GtkDropDown *drop_down,
                    GParamSpec  *pspec,
                    GtkWidget   *custom)
{
  gboolean is_custom = gtk_drop_down_get_selected (drop_down) == ADDRESS_CUSTOM;

  gtk_widget_set_visible (custom, is_custom);

  /* Picked by a person: the address is what they type next. */
  if (is_custom && gtk_widget_get_mapped (GTK_WIDGET (drop_down)))
    gtk_widget_grab_focus (custom);
}

void
sw_listen_form_init (SwListenForm *form)
{
  g_signal_connect_object (form->address, "notify::selected", G_CALLBACK (address_changed_cb),
                           form->custom, 0);
  address_changed_cb (form->address, NULL, GTK_WIDGET (form->custom));
}

static gboolean
parse (const SwListenForm  *form,
       GInetAddress       **address,
       guint16             *port,
       GError             **error)
{
  const SwEndpointFlags flags = SW_ENDPOINT_FLAGS_ALLOW_PORT_ZERO | SW_ENDPOINT_FLAGS_ALLOW_ANY_HOST;
  AddressChoice choice = gtk_drop_down_get_selected (form->address);
  const char *port_text = gtk_editable_get_text (form->port);
  g_autoptr(SwEndpoint) endpoint = NULL;
  g_autoptr(GInetAddress) inet = NULL;

  if (choice == ADDRESS_CUSTOM)
    {
      g_autofree char *host = g_strstrip (g_strdup (gtk_editable_get_text (form->custom)));

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

gboolean
sw_listen_form_parse (const SwListenForm  *form,
                      GInetAddress       **address,
                      guint16             *port,
                      GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  if (parse (form, address, port, &local_error))
    return TRUE;

  if (sw_endpoint_error_is_port (local_error) || !gtk_widget_get_visible (GTK_WIDGET (form->custom)))
    gtk_widget_grab_focus (GTK_WIDGET (form->port));
  else
    gtk_widget_grab_focus (GTK_WIDGET (form->custom));

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

void
sw_listen_form_set_sensitive (const SwListenForm *form,
                              gboolean            sensitive)
{
  gtk_widget_set_sensitive (GTK_WIDGET (form->address), sensitive);
  gtk_widget_set_sensitive (GTK_WIDGET (form->custom), sensitive);
  gtk_widget_set_sensitive (GTK_WIDGET (form->port), sensitive);
}

void
sw_listen_form_save (const SwListenForm *form,
                     GVariantDict       *state)
{
  _sw_session_save_choice (state, "address", form->address, address_ids, G_N_ELEMENTS (address_ids));
  _sw_session_save_property (state, "custom-address", form->custom, "text");
  _sw_session_save_property (state, "port", form->port, "text");
}

void
sw_listen_form_restore (const SwListenForm *form,
                        GVariantDict       *state)
{
  _sw_session_restore_choice (state, "address", form->address, address_ids, G_N_ELEMENTS (address_ids));
  _sw_session_restore_property (state, "custom-address", form->custom, "text");
  _sw_session_restore_property (state, "port", form->port, "text");
}
