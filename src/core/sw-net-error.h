/* sw-net-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SW_CONNECTION_STATE_DISCONNECTED,
  SW_CONNECTION_STATE_RESOLVING,
  SW_CONNECTION_STATE_CONNECTING,
  SW_CONNECTION_STATE_TLS_HANDSHAKE,
  SW_CONNECTION_STATE_CONNECTED,
  SW_CONNECTION_STATE_CLOSING,
} SwConnectionState;

/* A sentence a person can act on for a socket, resolver or TLS error;
 * @peer (nullable) is what the operation was talking to, as typed or as
 * "host:port". */
char *sw_net_error_describe              (const GError         *error,
                                          const char           *peer);
/* A copy of @error (same domain and code) whose message is
 * sw_net_error_describe()'s, so callers can show error->message. */
GError *sw_net_error_new_described       (const GError         *error,
                                          const char           *peer);
/* Why a certificate is not trusted, e.g. "it is self-signed or signed by
 * an unknown authority; it has expired". */
char *sw_tls_certificate_flags_describe  (GTlsCertificateFlags  flags);

G_END_DECLS
