/* sw-session-kind.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-session-kind"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-relay-page.h"
#include "sw-session-kind.h"
#include "sw-tcp-client-page.h"
#include "sw-tcp-server-page.h"
#include "sw-udp-peer-page.h"

static const SwSessionKind kinds[] = {
  { "tcp-client", N_("TCP Client"), N_("_TCP Client"), "network-transmit-receive-symbolic", sw_tcp_client_page_get_type, "tcp tls" },
  { "tcp-server", N_("TCP Server"), N_("TCP _Server"), "network-server-symbolic", sw_tcp_server_page_get_type, "tcp-listen" },
  { "udp-peer", N_("UDP Peer"), N_("_UDP Peer"), "mail-send-receive-symbolic", sw_udp_peer_page_get_type, "udp udp-bind" },
  /* Translators: a session that sits between a client and a server. */
  { "relay", N_("Relay"), N_("_Relay"), "media-playlist-repeat-symbolic", sw_relay_page_get_type, NULL },
};

guint
sw_session_kind_get_n (void)
{
  return G_N_ELEMENTS (kinds);
}

const SwSessionKind *
sw_session_kind_get (guint position)
{
  g_return_val_if_fail (position < G_N_ELEMENTS (kinds), NULL);

  return &kinds[position];
}

const SwSessionKind *
sw_session_kind_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].id, id) == 0)
      return &kinds[i];

  return NULL;
}

const SwSessionKind *
sw_session_kind_for_type (GType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].get_type () == type)
      return &kinds[i];

  return NULL;
}

const SwSessionKind *
sw_session_kind_for_scheme (SwEndpointScheme scheme)
{
  const char *name = sw_endpoint_scheme_to_string (scheme);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_auto(GStrv) schemes = NULL;

      if (kinds[i].schemes == NULL)
        continue;

      schemes = g_strsplit (kinds[i].schemes, " ", -1);
      if (g_strv_contains ((const char * const *) schemes, name))
        return &kinds[i];
    }

  return NULL;
}

const char *
sw_session_kind_get_title (const SwSessionKind *kind)
{
  return _(kind->title);
}

const char *
sw_session_kind_get_menu_label (const SwSessionKind *kind)
{
  return _(kind->menu_label);
}
