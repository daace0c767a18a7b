/* fuzz-endpoint.c: what people type into the host and port fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte picks the flags and which fields are NULL; the rest is
 * the host field, then after a NUL the port field.
 * - Any fields parse or fail with an SW_ENDPOINT_ERROR whose code is one
 *   of its own and whose message is readable text; sw_endpoint_error_is_port()
 *   agrees with the code.
 * - What parses respects the flags (any address, port 0 only when
 *   allowed), and its string, typed into the host field alone, parses
 *   back to the same host and port.
 */

#include "config.h"

#include <string.h>

#include "sw-endpoint.h"
#include "sw-fuzz.h"

static void
check_parses_back (SwEndpoint      *endpoint,
                   SwEndpointFlags  flags)
{
  g_autofree char *text = sw_endpoint_to_string (endpoint);
  g_autoptr(SwEndpoint) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnectable) connectable = NULL;

  sw_fuzz_assert_utf8 (text, -1);
  again = sw_endpoint_parse (text, NULL, flags, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_endpoint_get_host (again), ==, sw_endpoint_get_host (endpoint));
  g_assert_cmpuint (sw_endpoint_get_port (again), ==, sw_endpoint_get_port (endpoint));
  g_assert_true ((sw_endpoint_get_inet_address (again) == NULL) ==
                 (sw_endpoint_get_inet_address (endpoint) == NULL));

  connectable = sw_endpoint_to_connectable (endpoint);
  g_assert_true ((connectable == NULL) == (sw_endpoint_get_host (endpoint) == NULL));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  SwFuzzInput input = { data, size };
  guint8 choice = sw_fuzz_take_byte (&input);
  SwEndpointFlags flags = choice & (SW_ENDPOINT_FLAGS_ALLOW_PORT_ZERO | SW_ENDPOINT_FLAGS_ALLOW_ANY_HOST);
  const char *fields = (const char *) input.data;
  const char *nul = memchr (fields, '\0', input.size);
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_autoptr(SwEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;

  /* A field left NULL is one that was never filled in. */
  if (!(choice & 0x04))
    host = g_strndup (fields, nul != NULL ? (gsize) (nul - fields) : input.size);
  if (nul != NULL)
    port = g_strndup (nul + 1, input.size - (nul + 1 - fields));
  else if (!(choice & 0x08))
    port = g_strdup ("");

  endpoint = sw_endpoint_parse (host, port, flags, &error);
  if (endpoint == NULL)
    {
      sw_fuzz_assert_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_CONFLICTING_PORT);
      g_assert_true (sw_endpoint_error_is_port (error) ==
                     (error->code == SW_ENDPOINT_ERROR_MISSING_PORT ||
                      error->code == SW_ENDPOINT_ERROR_INVALID_PORT ||
                      error->code == SW_ENDPOINT_ERROR_PORT_OUT_OF_RANGE));
      return 0;
    }

  g_assert_no_error (error);
  if (sw_endpoint_get_host (endpoint) == NULL)
    g_assert_true (flags & SW_ENDPOINT_FLAGS_ALLOW_ANY_HOST);
  else
    sw_fuzz_assert_utf8 (sw_endpoint_get_host (endpoint), -1);
  if (sw_endpoint_get_port (endpoint) == 0)
    g_assert_true (flags & SW_ENDPOINT_FLAGS_ALLOW_PORT_ZERO);

  check_parses_back (endpoint, flags);

  return 0;
}
