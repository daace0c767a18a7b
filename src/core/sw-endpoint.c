/* sw-endpoint.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-endpoint"

#include "config.h"

#include "sw-endpoint.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* RFC 1035 §2.3.4, counted on the ASCII (punycode) form. */
#define MAX_LABEL_LENGTH 63
#define MAX_NAME_LENGTH  253

struct _SwEndpoint
{
  char         *host;     /* NULL means "any address" */
  GInetAddress *address;  /* set when host is an IP literal */
  guint16       port;
};

G_DEFINE_QUARK (sw-endpoint-error-quark, sw_endpoint_error)
G_DEFINE_BOXED_TYPE (SwEndpoint, sw_endpoint, sw_endpoint_ref, sw_endpoint_unref)

static gboolean
is_all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;

  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isdigit (*text))
        return FALSE;
    }

  return TRUE;
}

static gboolean
has_space (const char *text)
{
  for (; *text != '\0'; text = g_utf8_next_char (text))
    {
      if (g_unichar_isspace (g_utf8_get_char (text)))
        return TRUE;
    }

  return FALSE;
}

/* Copies @text (valid UTF-8 or NULL) without the white space around it;
 * Unicode spaces count too, because no-break spaces come with pasted text. */
static char *
dup_trimmed (const char *text)
{
  const char *start;
  const char *end;
  const char *p;

  if (text == NULL)
    return g_strdup ("");

  start = text;
  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  end = start;
  for (p = start; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        end = g_utf8_next_char (p);
    }

  return g_strndup (start, end - start);
}

/* An interface name ("eth0") or number ("2") after the "%" of an IPv6
 * literal (RFC 4007 §11). Whether the interface exists is only known when
 * connecting, and may change, so this checks the syntax alone. */
static gboolean
is_valid_scope (const char *scope)
{
  if (*scope == '\0')
    return FALSE;

  for (; *scope != '\0'; scope++)
    {
      if (!g_ascii_isgraph (*scope) || strchr ("%:[]/", *scope) != NULL)
        return FALSE;
    }

  return TRUE;
}

/* Parses an IPv6 literal with an optional "%scope". GInetAddress itself
 * has no scope id, so it is split off here. */
static GInetAddress *
parse_ipv6_literal (const char *text)
{
  const char *percent = strchr (text, '%');
  g_autofree char *bare = NULL;
  g_autoptr(GInetAddress) address = NULL;

  if (percent != NULL && !is_valid_scope (percent + 1))
    return NULL;

  bare = percent != NULL ? g_strndup (text, percent - text) : g_strdup (text);
  address = g_inet_address_new_from_string (bare);

  if (address == NULL ||
      g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6)
    return NULL;

  return g_steal_pointer (&address);
}

/* The address when @host is an IPv4 or IPv6 literal, else NULL. */
static GInetAddress *
parse_ip_literal (const char *host)
{
  if (host == NULL)
    return NULL;

  if (strchr (host, ':') != NULL)
    return parse_ipv6_literal (host);

  if (strchr (host, '%') != NULL)
    return NULL;

  return g_inet_address_new_from_string (host);
}

static void
set_invalid_host (GError     **error,
                  const char  *host,
                  const char  *reason)
{
  g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
               /* Translators: the first %s is a host name, the second a
                * reason such as “it has an empty part between dots”. */
               _("“%s” is not a valid host name: %s"),
               host, reason);
}

/* Checks an IPv6 literal written without brackets (or the text between
 * them) and explains what is wrong. */
static gboolean
check_ipv6_literal (const char  *text,
                    GError     **error)
{
  g_autoptr(GInetAddress) address = NULL;
  const char *percent;
  const char *last_colon;
  const char *p;

  address = parse_ipv6_literal (text);
  if (address != NULL)
    return TRUE;

  /* "::1:7000" is a valid address, so a port can only follow an IPv6
   * address in brackets; say so when that is clearly what was meant. */
  last_colon = strrchr (text, ':');
  if (last_colon != NULL && is_all_digits (last_colon + 1))
    {
      g_autofree char *prefix = g_strndup (text, last_colon - text);
      g_autoptr(GInetAddress) prefix_address = parse_ipv6_literal (prefix);

      if (prefix_address != NULL)
        {
          g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                       _("To add a port to an IPv6 address, put the address in brackets: “[%s]:%s”"),
                       prefix, last_colon + 1);
          return FALSE;
        }
    }

  percent = strchr (text, '%');

  /* Letters beyond hex digits and no "::": "host:80:90" rather than a
   * mistyped address. */
  if (strstr (text, "::") == NULL)
    {
      for (p = text; *p != '\0' && p != percent; p++)
        {
          if (!g_ascii_isxdigit (*p) && *p != ':' && *p != '.')
            {
              g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                           _("“%s” has more than one “:”; write “host:port”, or put an IPv6 address in brackets, as in “[::1]:7000”"),
                           text);
              return FALSE;
            }
        }
    }

  if (percent != NULL && !is_valid_scope (percent + 1))
    {
      g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                   _("“%s” is not a valid IPv6 address: after “%%” comes a network interface name or number, as in “fe80::1%%eth0”"),
                   text);
      return FALSE;
    }

  g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
               _("“%s” is not a valid IPv6 address"),
               text);
  return FALSE;
}

/* Checks a host name or IPv4 literal (no colons, brackets or spaces) and
 * returns the host to keep: what was typed, or its ASCII form when that
 * turns out to be an IPv4 address ("１２７.０.０.１"). */
static char *
check_host_name (const char  *text,
                 GError     **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *ascii = NULL;
  gboolean all_labels_numeric = TRUE;
  gboolean label_numeric = TRUE;
  gboolean last_label_numeric = FALSE;
  gsize label_start = 0;
  gsize length;
  gsize i;

  address = g_inet_address_new_from_string (text);
  if (address != NULL)
    return g_strdup (text);

  /* Internationalized names are kept as typed (GResolver converts them
   * again), but the rules below apply to what goes on the wire. */
  ascii = g_hostname_to_ascii (text);
  if (ascii == NULL)
    {
      g_autofree char *lower = g_ascii_strdown (text, -1);

      /* Only names with non-ASCII characters fail here: either a label
       * longer than 63 characters once encoded, or an encoded "xn--"
       * label mixed with Unicode. */
      if (strstr (lower, "xn--") != NULL)
        set_invalid_host (error, text, _("a part starting with “xn--” is already encoded and cannot contain other characters"));
      else
        set_invalid_host (error, text, _("a part between dots has more than 63 characters once encoded for DNS"));
      return NULL;
    }

  if (strcmp (ascii, text) != 0)
    {
      g_autoptr(GInetAddress) ascii_address = g_inet_address_new_from_string (ascii);

      if (ascii_address != NULL)
        return g_steal_pointer (&ascii);
    }

  /* A trailing dot marks a fully qualified name ("example.com."). */
  length = strlen (ascii);
  if (length > 1 && ascii[length - 1] == '.')
    length--;

  if (length > MAX_NAME_LENGTH)
    {
      g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                   _("The host name is too long: a host name has at most 253 characters"));
      return NULL;
    }

  for (i = 0; i <= length; i++)
    {
      char c = i < length ? ascii[i] : '.';

      if (c == '.')
        {
          gsize label_length = i - label_start;

          if (label_length == 0)
            {
              set_invalid_host (error, text, _("it has an empty part between dots"));
              return NULL;
            }
          if (label_length > MAX_LABEL_LENGTH)
            {
              set_invalid_host (error, text, _("a part between dots has more than 63 characters"));
              return NULL;
            }
          if (ascii[label_start] == '-' || ascii[i - 1] == '-')
            {
              set_invalid_host (error, text, _("a part between dots cannot start or end with “-”"));
              return NULL;
            }

          all_labels_numeric = all_labels_numeric && label_numeric;
          last_label_numeric = label_numeric;
          label_numeric = TRUE;
          label_start = i + 1;
        }
      /* Underscores are not in RFC 952, but real names (SRV records,
       * Windows hosts) have them and resolvers accept them. */
      else if (g_ascii_isalpha (c) || c == '-' || c == '_')
        {
          label_numeric = FALSE;
        }
      else if (!g_ascii_isdigit (c))
        {
          g_autofree char *reason = NULL;

          if (g_ascii_isprint (c))
            /* Translators: %c is a character such as “/” */
            reason = g_strdup_printf (_("it cannot contain “%c”"), c);
          else
            reason = g_strdup (_("it contains a character that is not allowed"));

          set_invalid_host (error, text, reason);
          return NULL;
        }
    }

  /* Resolvers read "999.1.1.1", "127.1" or "0x7f.1" as (old-style) IPv4
   * numbers instead of looking them up, and no top-level domain is all
   * digits (RFC 3696 §2), so such names are always typos. */
  if (all_labels_numeric)
    {
      g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                   _("“%s” is not a valid IPv4 address: it needs four numbers from 0 to 255, as in “192.168.1.5”"),
                   text);
      return NULL;
    }
  if (last_label_numeric)
    {
      set_invalid_host (error, text, _("the last part cannot be only digits"));
      return NULL;
    }

  return g_strdup (text);
}

/* Splits a host field (trimmed, without spaces, not only digits) into
 * the host part and the port written after it, if any. An IPv6 host
 * part is checked here, where its brackets are still known. */
static gboolean
split_host_field (const char  *text,
                  char       **host,
                  char       **port,
                  gboolean    *is_ipv6,
                  GError     **error)
{
  const char *colon;

  *host = NULL;
  *port = NULL;
  *is_ipv6 = FALSE;

  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');
      g_autofree char *inner = NULL;

      if (close == NULL)
        {
          g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                       _("“%s” is missing the closing bracket “]”"),
                       text);
          return FALSE;
        }

      inner = g_strndup (text + 1, close - text - 1);

      if (strchr (inner, '[') != NULL)
        {
          g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                       _("“%s” has brackets in the wrong place; only an IPv6 address goes in brackets, as in “[::1]:7000”"),
                       text);
          return FALSE;
        }

      if (close[1] != '\0' && close[1] != ':')
        {
          g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                       _("“%s” is not a valid address: only “:” and a port number can follow “]”"),
                       text);
          return FALSE;
        }

      if (inner[0] == '\0')
        {
          g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                       _("Enter an IPv6 address between the brackets"));
          return FALSE;
        }

      if (strchr (inner, ':') == NULL)
        {
          g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                       _("Brackets are only for IPv6 addresses; remove them from “%s”"),
                       text);
          return FALSE;
        }

      if (!check_ipv6_literal (inner, error))
        return FALSE;

      *host = g_steal_pointer (&inner);
      *port = close[1] == ':' ? g_strdup (close + 2) : NULL;
      *is_ipv6 = TRUE;
      return TRUE;
    }

  if (strchr (text, ']') != NULL && strchr (text, '[') == NULL)
    {
      g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                   _("“%s” has a closing bracket “]” without an opening “[”"),
                   text);
      return FALSE;
    }

  if (strchr (text, '[') != NULL)
    {
      g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                   _("“%s” has brackets in the wrong place; only an IPv6 address goes in brackets, as in “[::1]:7000”"),
                   text);
      return FALSE;
    }

  colon = strchr (text, ':');

  if (colon == NULL)
    {
      *host = g_strdup (text);
      return TRUE;
    }

  /* Two or more colons: a bare IPv6 literal, the port comes separately. */
  if (strchr (colon + 1, ':') != NULL)
    {
      if (!check_ipv6_literal (text, error))
        return FALSE;

      *host = g_strdup (text);
      *is_ipv6 = TRUE;
      return TRUE;
    }

  *host = g_strndup (text, colon - text);
  *port = g_strdup (colon + 1);
  return TRUE;
}

static gboolean
parse_port (const char       *text,
            SwEndpointFlags   flags,
            guint16          *port,
            GError          **error)
{
  guint value = 0;
  const char *p;

  g_assert (text != NULL && *text != '\0');

  for (p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        {
          g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_PORT,
                       _("“%s” is not a port number"),
                       text);
          return FALSE;
        }

      /* Stop growing once out of range, so long inputs cannot overflow. */
      if (value <= G_MAXUINT16)
        value = value * 10 + (guint) (*p - '0');
    }

  if (value > G_MAXUINT16 ||
      (value == 0 && !(flags & SW_ENDPOINT_FLAGS_ALLOW_PORT_ZERO)))
    {
      if (flags & SW_ENDPOINT_FLAGS_ALLOW_PORT_ZERO)
        g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_PORT_OUT_OF_RANGE,
                     _("Port must be 0–65535"));
      else
        g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_PORT_OUT_OF_RANGE,
                     _("Port must be 1–65535"));
      return FALSE;
    }

  *port = (guint16) value;
  return TRUE;
}

/**
 * sw_endpoint_parse:
 * @host_text: (nullable): the text of a host field
 * @port_text: (nullable): the text of a port field
 * @flags: what the endpoint is for
 * @error: return location for a #SW_ENDPOINT_ERROR
 *
 * Parses what people type into a host field and a port field. Both are
 * trimmed. The host field takes a host name (also internationalized), an
 * IPv4 literal, an IPv6 literal with or without brackets and with an
 * optional "%scope", "host:port", "[v6addr]:port", or a bare port. When
 * both fields give a port they must agree. With
 * %SW_ENDPOINT_FLAGS_ALLOW_ANY_HOST an empty host or "*" means any address.
 *
 * Nothing is resolved: a name that parses may still not exist.
 *
 * Returns: (transfer full) (nullable): the endpoint, or %NULL with @error set
 */
SwEndpoint *
sw_endpoint_parse (const char       *host_text,
                   const char       *port_text,
                   SwEndpointFlags   flags,
                   GError          **error)
{
  g_autofree char *host_field = NULL;
  g_autofree char *port_field = NULL;
  g_autofree char *host_part = NULL;
  g_autofree char *host_port = NULL;
  g_autofree char *host = NULL;
  gboolean host_field_is_port = FALSE;
  gboolean is_ipv6 = FALSE;
  guint16 port = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (host_text != NULL && !g_utf8_validate (host_text, -1, NULL))
    {
      g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                   _("The host contains bytes that are not text; type it again"));
      return NULL;
    }
  if (port_text != NULL && !g_utf8_validate (port_text, -1, NULL))
    {
      g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_PORT,
                   _("The port contains bytes that are not text; type it again"));
      return NULL;
    }

  host_field = dup_trimmed (host_text);
  port_field = dup_trimmed (port_text);

  /* The host first: it is the first field people fill in. */
  if (has_space (host_field))
    {
      g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                   _("“%s” contains a space; host names and addresses cannot contain spaces"),
                   host_field);
      return NULL;
    }

  if (is_all_digits (host_field))
    {
      /* A bare port typed into the host field */
      host_part = g_strdup ("");
      host_port = g_strdup (host_field);
      host_field_is_port = TRUE;
    }
  else if (!split_host_field (host_field, &host_part, &host_port, &is_ipv6, error))
    {
      return NULL;
    }

  if (host_part[0] == '\0' || strcmp (host_part, "*") == 0)
    {
      if (!(flags & SW_ENDPOINT_FLAGS_ALLOW_ANY_HOST))
        {
          if (host_field_is_port)
            g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_EMPTY_HOST,
                         _("Enter a host name or address to connect to; “%s” is a port number"),
                         host_field);
          else if (host_part[0] == '*')
            g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_EMPTY_HOST,
                         _("Enter a host name or address to connect to; “*” stands for any address, which only works for listening"));
          else
            g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_EMPTY_HOST,
                         _("Enter a host name or address to connect to"));
          return NULL;
        }
    }
  else if (is_ipv6)
    {
      host = g_steal_pointer (&host_part);
    }
  else
    {
      host = check_host_name (host_part, error);
      if (host == NULL)
        return NULL;
    }

  if (host_port != NULL && host_port[0] != '\0')
    {
      if (!parse_port (host_port, flags, &port, error))
        return NULL;

      if (port_field[0] != '\0')
        {
          guint16 field_port;

          if (!parse_port (port_field, flags, &field_port, error))
            return NULL;

          if (field_port != port)
            {
              if (host_field_is_port)
                g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_CONFLICTING_PORT,
                             _("The host field says port %u but the port field says %u"),
                             (guint) port, (guint) field_port);
              else
                g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_CONFLICTING_PORT,
                             _("The address says port %u but the port field says %u"),
                             (guint) port, (guint) field_port);
              return NULL;
            }
        }
    }
  else if (port_field[0] != '\0')
    {
      if (!parse_port (port_field, flags, &port, error))
        return NULL;
    }
  else
    {
      g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_MISSING_PORT,
                   _("Enter a port number"));
      return NULL;
    }

  return sw_endpoint_new (host, port);
}

static void
sw_endpoint_clear (SwEndpoint *self)
{
  g_clear_pointer (&self->host, g_free);
  g_clear_object (&self->address);
}

/**
 * sw_endpoint_new:
 * @host: (nullable): a host name or IP literal without brackets, or %NULL
 *   for any address
 * @port: the port, 0 for "any free port"
 *
 * Creates an endpoint from values that are already known to be good
 * (settings, a peer's address). Nothing is validated; use
 * sw_endpoint_parse() for what people type.
 *
 * Returns: (transfer full): a new endpoint
 */
SwEndpoint *
sw_endpoint_new (const char *host,
                 guint16     port)
{
  SwEndpoint *self;

  g_return_val_if_fail (host == NULL || (host[0] != '\0' && host[0] != '['), NULL);

  self = g_atomic_rc_box_new0 (SwEndpoint);
  self->host = g_strdup (host);
  self->address = parse_ip_literal (host);
  self->port = port;

  return self;
}

SwEndpoint *
sw_endpoint_ref (SwEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
sw_endpoint_unref (SwEndpoint *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) sw_endpoint_clear);
}

const char *
sw_endpoint_get_host (SwEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->host;
}

guint16
sw_endpoint_get_port (SwEndpoint *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->port;
}

/**
 * sw_endpoint_get_inet_address:
 * @self: an endpoint
 *
 * Gets the address of a literal host. An IPv6 scope id ("%eth0") is not
 * part of a #GInetAddress; sw_endpoint_to_connectable() keeps it.
 *
 * Returns: (transfer none) (nullable): the address, or %NULL when the host
 *   is a name or any address
 */
GInetAddress *
sw_endpoint_get_inet_address (SwEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->address;
}

/**
 * sw_endpoint_to_connectable:
 * @self: an endpoint
 *
 * Gets something to connect to: a #GInetSocketAddress for a literal (with
 * its scope id), a #GNetworkAddress for a name. Any address cannot be
 * connected to, so that gives %NULL.
 *
 * A scope naming an interface this computer does not have also gives a
 * #GNetworkAddress, so that connecting reports the problem.
 *
 * Returns: (transfer full) (nullable): a connectable, or %NULL for any address
 */
GSocketConnectable *
sw_endpoint_to_connectable (SwEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->host == NULL)
    return NULL;

  if (self->address != NULL)
    {
      /* Parses "fe80::1%eth0" into an address with a scope id. */
      GSocketAddress *address = g_inet_socket_address_new_from_string (self->host, self->port);

      if (address != NULL)
        return G_SOCKET_CONNECTABLE (address);
    }

  return g_network_address_new (self->host, self->port);
}

char *
sw_endpoint_to_string (SwEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->host == NULL)
    return g_strdup_printf ("*:%u", (guint) self->port);

  if (strchr (self->host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", self->host, (guint) self->port);

  return g_strdup_printf ("%s:%u", self->host, (guint) self->port);
}

static const char *const scheme_ids[] = {
  "tcp", "tls", "udp", "tcp-listen", "udp-bind",
};

G_STATIC_ASSERT (G_N_ELEMENTS (scheme_ids) == SW_ENDPOINT_SCHEME_UDP_BIND + 1);

const char *
sw_endpoint_scheme_to_string (SwEndpointScheme scheme)
{
  g_return_val_if_fail ((guint) scheme < G_N_ELEMENTS (scheme_ids), NULL);

  return scheme_ids[scheme];
}

gboolean
sw_endpoint_scheme_is_local (SwEndpointScheme scheme)
{
  return scheme == SW_ENDPOINT_SCHEME_TCP_LISTEN || scheme == SW_ENDPOINT_SCHEME_UDP_BIND;
}

static void
set_invalid_uri (GError     **error,
                 const char  *uri)
{
  g_autofree char *shown = g_utf8_make_valid (uri, -1);

  g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_URI,
               /* Translators: %s is what was given; keep the examples as they are */
               _("“%s” is not an address this program understands: write it as "
                 "tcp://HOST:PORT, tls://HOST:PORT, udp://HOST:PORT, "
                 "tcp-listen://[HOST]:PORT or udp-bind://[HOST]:PORT"),
               shown);
}

/**
 * sw_endpoint_parse_uri:
 * @uri: what was given, such as "tcp://example.com:7000"
 * @scheme: (out) (optional): what it asks for
 * @error: return location for a #SW_ENDPOINT_ERROR
 *
 * Returns: (transfer full) (nullable): the endpoint, or %NULL with @error set
 */
SwEndpoint *
sw_endpoint_parse_uri (const char        *uri,
                       SwEndpointScheme  *scheme,
                       GError           **error)
{
  g_autofree char *lower = NULL;
  g_autofree char *authority = NULL;
  g_autoptr(SwEndpoint) endpoint = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *separator;
  const char *rest;
  SwEndpointFlags flags = SW_ENDPOINT_FLAGS_NONE;
  gsize length;
  char *percent;
  guint found = G_N_ELEMENTS (scheme_ids);

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  separator = strstr (uri, "://");
  if (separator != NULL)
    {
      lower = g_ascii_strdown (uri, separator - uri);
      for (guint i = 0; i < G_N_ELEMENTS (scheme_ids); i++)
        if (g_str_equal (lower, scheme_ids[i]))
          found = i;
    }
  if (found == G_N_ELEMENTS (scheme_ids) || !g_utf8_validate (uri, -1, NULL))
    {
      set_invalid_uri (error, uri);
      return NULL;
    }

  rest = separator + 3;
  length = strcspn (rest, "/?#");
  if (rest[length] != '\0' && !(rest[length] == '/' && rest[length + 1] == '\0'))
    {
      g_autofree char *shown = g_strdup (uri);

      g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_URI,
                   /* Translators: %s is what was given */
                   _("“%s” has something after the port: only an address and a port go after “//”"),
                   shown);
      return NULL;
    }

  authority = g_strndup (rest, length);

  /* RFC 6874 writes the "%" of an IPv6 zone as "%25". */
  if (authority[0] == '[' && (percent = strstr (authority, "%25")) != NULL &&
      percent < strchr (authority, ']'))
    memmove (percent + 1, percent + 3, strlen (percent + 3) + 1);

  /* Without brackets an IPv6 address cannot carry a port; say so. */
  if (authority[0] != '[' && strchr (authority, ':') != strrchr (authority, ':'))
    {
      g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                   /* Translators: %s is what was given */
                   _("In “%s”, put the IPv6 address in brackets, as in tcp://[::1]:7000"),
                   uri);
      return NULL;
    }

  if (sw_endpoint_scheme_is_local (found))
    {
      flags = SW_ENDPOINT_FLAGS_ALLOW_ANY_HOST | SW_ENDPOINT_FLAGS_ALLOW_PORT_ZERO;

      /* No port: any. */
      if (authority[0] == '[' ? g_str_has_suffix (authority, "]") : strchr (authority, ':') == NULL)
        {
          char *with_port = g_strconcat (authority, ":0", NULL);

          g_free (authority);
          authority = with_port;
        }
    }
  else if (authority[0] == '\0' || authority[0] == ':')
    {
      g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_EMPTY_HOST,
                   /* Translators: %s is what was given */
                   _("“%s” has no host: write it as %s://HOST:PORT"),
                   uri, scheme_ids[found]);
      return NULL;
    }

  endpoint = sw_endpoint_parse (authority, NULL, flags, &local_error);
  if (endpoint == NULL)
    {
      if (g_error_matches (local_error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_MISSING_PORT))
        g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_MISSING_PORT,
                     /* Translators: the first %s is what was given, the second a scheme such as “tcp” */
                     _("“%s” has no port: write it as %s://HOST:PORT"),
                     uri, scheme_ids[found]);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (scheme != NULL)
    *scheme = found;

  return g_steal_pointer (&endpoint);
}

/**
 * sw_endpoint_to_uri:
 *
 * Returns: (transfer full): "tcp://host:port", "udp://[::1]:7000",
 *   "udp://[fe80::1%25eth0]:7000" (the zone's "%" written "%25")
 */
char *
sw_endpoint_to_uri (SwEndpoint       *self,
                    SwEndpointScheme  scheme)
{
  g_autofree char *address = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail ((guint) scheme < G_N_ELEMENTS (scheme_ids), NULL);

  address = sw_endpoint_to_string (self);
  if (address[0] == '[' && strchr (address, '%') != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (address, "%", 2);

      g_free (address);
      address = g_strjoin ("%25", parts[0], parts[1], NULL);
    }

  return g_strconcat (scheme_ids[scheme], "://", address, NULL);
}

gboolean
sw_endpoint_error_is_port (const GError *error)
{
  return g_error_matches (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_MISSING_PORT) ||
         g_error_matches (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_PORT) ||
         g_error_matches (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_PORT_OUT_OF_RANGE);
}

/**
 * sw_socket_address_to_string:
 * @address: a socket address
 *
 * Formats an address for logs and labels: "127.0.0.1:7000",
 * "[::1]:7000", "[fe80::1%2]:7000". IPv4-mapped IPv6 addresses, which a
 * dual-stack socket reports for IPv4 peers, are shown as IPv4. Called per
 * datagram, so it avoids needless allocations.
 *
 * Returns: (transfer full): the text
 */
char *
sw_socket_address_to_string (GSocketAddress *address)
{
  GInetSocketAddress *inet;
  GInetAddress *inet_address;
  const guint8 *bytes;
  char buf[96];
  int length;
  guint port;

  g_return_val_if_fail (G_IS_SOCKET_ADDRESS (address), NULL);

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));

  inet = G_INET_SOCKET_ADDRESS (address);
  inet_address = g_inet_socket_address_get_address (inet);
  port = g_inet_socket_address_get_port (inet);
  bytes = g_inet_address_to_bytes (inet_address);

  if (g_inet_address_get_family (inet_address) == G_SOCKET_FAMILY_IPV4)
    {
      length = g_snprintf (buf, sizeof buf, "%u.%u.%u.%u:%u",
                           bytes[0], bytes[1], bytes[2], bytes[3], port);
    }
  else if (bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0 &&
           bytes[4] == 0 && bytes[5] == 0 && bytes[6] == 0 && bytes[7] == 0 &&
           bytes[8] == 0 && bytes[9] == 0 && bytes[10] == 0xff && bytes[11] == 0xff)
    {
      /* ::ffff:a.b.c.d (RFC 4291 §2.5.5.2) */
      length = g_snprintf (buf, sizeof buf, "%u.%u.%u.%u:%u",
                           bytes[12], bytes[13], bytes[14], bytes[15], port);
    }
  else
    {
      g_autofree char *text = g_inet_address_to_string (inet_address);
      guint32 scope_id = g_inet_socket_address_get_scope_id (inet);

      if (scope_id != 0)
        length = g_snprintf (buf, sizeof buf, "[%s%%%u]:%u", text, scope_id, port);
      else
        length = g_snprintf (buf, sizeof buf, "[%s]:%u", text, port);
    }

  g_assert (length > 0 && (gsize) length < sizeof buf);

  return g_strndup (buf, length);
}
