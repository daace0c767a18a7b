/* sw-net-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-net-error"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-net-error.h"

#include "sw-endpoint.h"

/**
 * sw_tls_certificate_flags_describe:
 *
 * Returns: (transfer full): the reasons, joined into one phrase
 */
char *
sw_tls_certificate_flags_describe (GTlsCertificateFlags flags)
{
  static const struct {
    GTlsCertificateFlags flag;
    const char *reason;
  } reasons[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, N_("it is self-signed or signed by an unknown authority") },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, N_("it was issued for another host name") },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, N_("it is not valid yet") },
    { G_TLS_CERTIFICATE_EXPIRED, N_("it has expired") },
    { G_TLS_CERTIFICATE_REVOKED, N_("it has been revoked") },
    { G_TLS_CERTIFICATE_INSECURE, N_("it uses an insecure algorithm") },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, N_("it could not be checked") },
  };
  g_autoptr(GString) str = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      if ((flags & reasons[i].flag) == 0)
        continue;
      if (str->len > 0)
        /* Translators: separates reasons why a certificate is not trusted. */
        g_string_append (str, _("; "));
      g_string_append (str, _(reasons[i].reason));
    }

  if (str->len == 0)
    g_string_append (str, _("it could not be checked"));

  return g_string_free (g_steal_pointer (&str), FALSE);
}

static char *
describe_io_error (const GError *error,
                   const char   *peer)
{
  switch (error->code)
    {
    case G_IO_ERROR_CONNECTION_REFUSED:
      /* Translators: %s is an address such as 127.0.0.1:7000. */
      return g_strdup_printf (_("Connection refused by %s: nothing is listening on that port, or a firewall rejects it"), peer);

    case G_IO_ERROR_TIMED_OUT:
      return g_strdup_printf (_("No answer from %s in time: check the address and that the host is up"), peer);

    case G_IO_ERROR_HOST_UNREACHABLE:
      return g_strdup_printf (_("%s cannot be reached: there is no route to that host"), peer);

    case G_IO_ERROR_NETWORK_UNREACHABLE:
      return g_strdup_printf (_("The network of %s cannot be reached: check this computer’s network connection"), peer);

    case G_IO_ERROR_ADDRESS_IN_USE:
      return g_strdup_printf (_("%s is already in use: stop the program using it or choose another port"), peer);

    case G_IO_ERROR_PERMISSION_DENIED:
      return g_strdup_printf (_("Permission denied for %s: ports below 1024 need administrator rights, so choose a port of 1024 or above"), peer);

    /* Also G_IO_ERROR_CONNECTION_CLOSED, its alias (ECONNRESET, EPIPE). */
    case G_IO_ERROR_BROKEN_PIPE:
      return g_strdup_printf (_("The connection was reset by %s"), peer);

    case G_IO_ERROR_NOT_CONNECTED:
      return g_strdup_printf (_("Not connected to %s"), peer);

    case G_IO_ERROR_MESSAGE_TOO_LARGE:
      return g_strdup_printf (_("The datagram for %s is too large: a UDP datagram holds at most 65,507 bytes"), peer);

    case G_IO_ERROR_NOT_SUPPORTED:
      return g_strdup_printf (_("%s: this kind of address is not supported here"), peer);

    case G_IO_ERROR_INVALID_ARGUMENT:
      return g_strdup_printf (_("%s cannot be used: %s"), peer, error->message);

    default:
      break;
    }

  /* EADDRNOTAVAIL has no GIOErrorEnum code before GLib 2.80; its text is
   * the C library's, so match the errno string the library produced. */
  if (g_str_has_suffix (error->message, g_strerror (99 /* EADDRNOTAVAIL */)))
    return g_strdup_printf (_("%s is not an address of this computer: choose one of its addresses or listen on all interfaces"), peer);

  return NULL;
}

/* A name that was not found is the host alone, not "host:port" (#9). */
static char *
describe_resolver_error (const GError *error,
                         const char   *peer)
{
  g_autoptr(SwEndpoint) endpoint = sw_endpoint_parse (peer, NULL, SW_ENDPOINT_FLAGS_NONE, NULL);
  const char *host = endpoint != NULL ? sw_endpoint_get_host (endpoint) : peer;

  switch (error->code)
    {
    case G_RESOLVER_ERROR_NOT_FOUND:
      if (endpoint != NULL)
        /* Translators: %s is a host name, %u a port number. */
        return g_strdup_printf (_("Host “%s” not found (port %u): check the name, or use an IP address"),
                                host, sw_endpoint_get_port (endpoint));
      /* Translators: %s is a host name. */
      return g_strdup_printf (_("Host “%s” not found: check the name, or use an IP address"), host);

    case G_RESOLVER_ERROR_TEMPORARY_FAILURE:
      if (endpoint != NULL)
        /* Translators: %s is a host name, %u a port number. */
        return g_strdup_printf (_("Could not look up “%s” (port %u): the name service did not answer; check the network or use an IP address"),
                                host, sw_endpoint_get_port (endpoint));
      return g_strdup_printf (_("Could not look up “%s”: the name service did not answer; check the network or use an IP address"), host);

    default:
      return NULL;
    }
}

/**
 * sw_net_error_describe:
 *
 * Returns: (transfer full): a sentence for people, translated
 */
char *
sw_net_error_describe (const GError *error,
                       const char   *peer)
{
  char *message = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  if (peer == NULL)
    peer = _("the peer");

  if (error->domain == G_IO_ERROR)
    message = describe_io_error (error, peer);
  else if (error->domain == G_RESOLVER_ERROR)
    message = describe_resolver_error (error, peer);
  else if (error->domain == G_TLS_ERROR)
    {
      switch (error->code)
        {
        case G_TLS_ERROR_NOT_TLS:
          message = g_strdup_printf (_("%s does not speak TLS on this port: turn TLS off, or use the port of its TLS service"), peer);
          break;

        case G_TLS_ERROR_BAD_CERTIFICATE:
          message = g_strdup_printf (_("The certificate of %s is not trusted"), peer);
          break;

        case G_TLS_ERROR_EOF:
          message = g_strdup_printf (_("%s closed the connection during the TLS handshake"), peer);
          break;

        case G_TLS_ERROR_UNAVAILABLE:
          message = g_strdup (_("TLS is not available: install glib-networking"));
          break;

        case G_TLS_ERROR_HANDSHAKE:
          message = g_strdup_printf (_("The TLS handshake with %s failed: %s"), peer, error->message);
          break;

        default:
          message = g_strdup_printf (_("TLS error with %s: %s"), peer, error->message);
          break;
        }
    }

  if (message == NULL)
    message = g_strdup_printf (_("%s: %s"), peer, error->message);

  return message;
}

/**
 * sw_net_error_new_described:
 *
 * Returns: (transfer full): the error, in words a person can act on
 */
GError *
sw_net_error_new_described (const GError *error,
                            const char   *peer)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  message = sw_net_error_describe (error, peer);

  return g_error_new_literal (error->domain, error->code, message);
}
