/* sw-endpoint.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SW_ENDPOINT_ERROR (sw_endpoint_error_quark ())
#define SW_TYPE_ENDPOINT (sw_endpoint_get_type ())

typedef enum
{
  SW_ENDPOINT_ERROR_EMPTY_HOST,
  SW_ENDPOINT_ERROR_INVALID_HOST,
  SW_ENDPOINT_ERROR_MISSING_PORT,
  SW_ENDPOINT_ERROR_INVALID_PORT,
  SW_ENDPOINT_ERROR_PORT_OUT_OF_RANGE,
  SW_ENDPOINT_ERROR_CONFLICTING_PORT,
  /* A URI without a scheme this program knows, or with a path. */
  SW_ENDPOINT_ERROR_INVALID_URI,
} SwEndpointError;

/* What a URI asks for: tcp://HOST:PORT connects, tls:// connects with
 * TLS, udp://HOST:PORT sends there; tcp-listen:// and udp-bind:// take
 * an address to listen on or bind (any host, port 0 or none: any). */
typedef enum
{
  SW_ENDPOINT_SCHEME_TCP,
  SW_ENDPOINT_SCHEME_TLS,
  SW_ENDPOINT_SCHEME_UDP,
  SW_ENDPOINT_SCHEME_TCP_LISTEN,
  SW_ENDPOINT_SCHEME_UDP_BIND,
} SwEndpointScheme;

typedef enum
{
  SW_ENDPOINT_FLAGS_NONE            = 0,
  /* Port 0 means "pick one" (listening, binding). */
  SW_ENDPOINT_FLAGS_ALLOW_PORT_ZERO = 1 << 0,
  /* An empty host is allowed and means "any address" (listening, binding). */
  SW_ENDPOINT_FLAGS_ALLOW_ANY_HOST  = 1 << 1,
} SwEndpointFlags;

typedef struct _SwEndpoint SwEndpoint;

GQuark              sw_endpoint_error_quark       (void);
GType               sw_endpoint_get_type          (void) G_GNUC_CONST;

/* Parses what people type into a host field and a port field:
 * "host:port", "[v6addr]:port", "v6addr" with the port separate, a bare
 * port in either field, a host name or an IPv4/IPv6 literal. Nothing is
 * resolved. Errors are SW_ENDPOINT_ERROR, with messages for people. */
SwEndpoint         *sw_endpoint_parse             (const char         *host,
                                                   const char         *port,
                                                   SwEndpointFlags     flags,
                                                   GError            **error);
/* No validation: @host is NULL (any address) or a non-empty name or
 * literal without brackets, as sw_endpoint_get_host() returns it. */
SwEndpoint         *sw_endpoint_new               (const char         *host,
                                                   guint16             port);
SwEndpoint         *sw_endpoint_ref               (SwEndpoint         *self);
void                sw_endpoint_unref             (SwEndpoint         *self);

/* The host without brackets, or NULL for "any address". */
const char         *sw_endpoint_get_host          (SwEndpoint         *self);
guint16             sw_endpoint_get_port          (SwEndpoint         *self);
/* The literal address, or NULL when the host is a name (or "any"). The
 * scope id of "fe80::1%eth0" is not part of it. */
GInetAddress       *sw_endpoint_get_inet_address  (SwEndpoint         *self);
/* Something GIO connects to (a GNetworkAddress or GInetSocketAddress,
 * with the scope id), or NULL for "any", which cannot be connected to. */
GSocketConnectable *sw_endpoint_to_connectable    (SwEndpoint         *self);
/* "host:port" with IPv6 literals in brackets, "*:port" for "any". */
char               *sw_endpoint_to_string         (SwEndpoint         *self);

/* Parses "tcp://host:port", "udp://[::1]:7000", "tcp-listen://:7000",
 * "udp-bind://0.0.0.0:0"… (the scheme in any case, a "/" after the port
 * allowed, nothing else after it). IPv6 literals go in brackets (a zone
 * as "%25eth0" or "%eth0"). The host and port follow sw_endpoint_parse():
 * tcp, tls and udp need both (port 1–65535); tcp-listen and udp-bind
 * take "", "*" or no host for any address, and port 0 or none for any. */
SwEndpoint         *sw_endpoint_parse_uri         (const char         *uri,
                                                   SwEndpointScheme   *scheme,
                                                   GError            **error);
/* The URI of @self for @scheme, which sw_endpoint_parse_uri() reads back. */
char               *sw_endpoint_to_uri            (SwEndpoint         *self,
                                                   SwEndpointScheme    scheme);
/* "tcp", "tls", "udp", "tcp-listen", "udp-bind". */
const char         *sw_endpoint_scheme_to_string  (SwEndpointScheme    scheme);
/* Whether @scheme listens or binds rather than connecting. */
gboolean            sw_endpoint_scheme_is_local   (SwEndpointScheme    scheme);

/* Whether @error, from sw_endpoint_parse(), is about the port rather
 * than the host: which field a person should fix. */
gboolean            sw_endpoint_error_is_port     (const GError       *error);

/* "127.0.0.1:7000", "[::1]:7000" (scope ids kept, IPv4-mapped IPv6
 * shown as IPv4), for logs and labels. */
char               *sw_socket_address_to_string   (GSocketAddress     *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwEndpoint, sw_endpoint_unref)

G_END_DECLS
