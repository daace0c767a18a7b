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

static SwEndpoint *
parse (const SwListenForm  *form,
       GError             **error)
{
  const SwEndpointFlags flags = SW_ENDPOINT_FLAGS_ALLOW_PORT_ZERO | SW_ENDPOINT_FLAGS_ALLOW_ANY_HOST;
  AddressChoice choice = gtk_drop_down_get_selected (form->address);
  const char *port_text = gtk_editable_get_text (form->port);
  g_autoptr(SwEndpoint) endpoint = NULL;

  if (choice == ADDRESS_CUSTOM)
    {
      g_autofree char *host = g_strstrip (g_strdup (gtk_editable_get_text (form->custom)));

      if (*host == '\0')
        {
          g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_EMPTY_HOST,
                       _("Enter an IP address of this computer to listen on, or choose another address"));
          return NULL;
        }

      endpoint = sw_endpoint_parse (host, port_text, flags, error);
      if (endpoint == NULL)
        return NULL;

      /* Only a literal names one of this computer's interfaces; the
       * engine says when it is not one of them. */
      if (sw_endpoint_get_host (endpoint) != NULL && sw_endpoint_get_inet_address (endpoint) == NULL)
        {
          g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                       /* Translators: %s is what was typed, e.g. “example.com”. */
                       _("“%s” is a name: to listen, enter an IP address of this computer, such as 192.168.1.5"),
                       sw_endpoint_get_host (endpoint));
          return NULL;
        }

      return g_steal_pointer (&endpoint);
    }

  endpoint = sw_endpoint_parse (NULL, port_text, flags, error);
  if (endpoint == NULL)
    return NULL;

  if (choice == ADDRESS_ANY_IPV4)
    return sw_endpoint_new ("0.0.0.0", sw_endpoint_get_port (endpoint));
  if (choice == ADDRESS_LOCALHOST)
    return sw_endpoint_new ("127.0.0.1", sw_endpoint_get_port (endpoint));

  return g_steal_pointer (&endpoint);
}

SwEndpoint *
sw_listen_form_parse (const SwListenForm  *form,
                      GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  SwEndpoint *endpoint;

  endpoint = parse (form, &local_error);
  if (endpoint != NULL)
    return endpoint;

  if (sw_endpoint_error_is_port (local_error) || !gtk_widget_get_visible (GTK_WIDGET (form->custom)))
    gtk_widget_grab_focus (GTK_WIDGET (form->port));
  else
    gtk_widget_grab_focus (GTK_WIDGET (form->custom));

  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

SwEndpoint *
sw_listen_form_parse_quietly (const SwListenForm *form)
{
  return parse (form, NULL);
}

void
sw_listen_form_set_endpoint (const SwListenForm *form,
                             SwEndpoint         *endpoint)
{
  const char *host = sw_endpoint_get_host (endpoint);
  g_autofree char *port = g_strdup_printf ("%u", sw_endpoint_get_port (endpoint));
  AddressChoice choice = ADDRESS_CUSTOM;

  if (host == NULL)
    choice = ADDRESS_ANY;
  else if (g_str_equal (host, "0.0.0.0"))
    choice = ADDRESS_ANY_IPV4;
  else if (g_str_equal (host, "127.0.0.1"))
    choice = ADDRESS_LOCALHOST;
  else
    gtk_editable_set_text (form->custom, host);

  gtk_drop_down_set_selected (form->address, choice);
  gtk_editable_set_text (form->port, port);
}

void
sw_listen_form_set_sensitive (const SwListenForm *form,
                              SwSessionPage      *page,
                              gboolean            sensitive)
{
  _sw_session_page_set_form_sensitive (page, sensitive,
                                       GTK_WIDGET (form->address), GTK_WIDGET (form->custom),
                                       GTK_WIDGET (form->port), NULL);
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
