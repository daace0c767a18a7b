/* fuzz-sequence.c: the sequence reader and the URI parser on any bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is read twice:
 * - as a library file: it fails with a readable SW_LIBRARY_ERROR_INVALID,
 *   or its sequences, written again and read back, are equal to what was
 *   read (and validating them never crashes);
 * - as a URI (up to the first newline): it fails with a readable
 *   SW_ENDPOINT_ERROR, or the endpoint written as a URI parses back to the
 *   same scheme, host and port.
 */

#include "config.h"

#include <string.h>

#include "sw-endpoint.h"
#include "sw-library-document-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

/* A failed g_return_if_fail() is a finding too. */
__attribute__((constructor))
static void
fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

static void
assert_readable (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->message[0] != '\0');
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
check_library (const guint8 *data,
               size_t        size)
{
  g_autoptr(SwLibraryDocument) document = NULL;
  g_autoptr(SwLibraryDocument) again = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;

  document = _sw_library_document_parse ((const char *) data, size, &error);
  if (document == NULL)
    {
      g_assert_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID);
      assert_readable (error);
      return;
    }

  written = _sw_library_document_write ((SwMessage *const *) document->messages->pdata,
                                        document->messages->len,
                                        (SwSequence *const *) document->sequences->pdata,
                                        document->sequences->len);
  again = _sw_library_document_parse (g_bytes_get_data (written, NULL), g_bytes_get_size (written),
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->sequences->len, ==, document->sequences->len);

  for (guint i = 0; i < document->sequences->len; i++)
    {
      SwSequence *sequence = g_ptr_array_index (document->sequences, i);
      g_autoptr(SwSequence) copy = sw_sequence_copy (sequence);
      g_autoptr(GError) invalid = NULL;

      g_assert_true (sw_sequence_equal (sequence, g_ptr_array_index (again->sequences, i)));
      g_assert_true (sw_sequence_equal (sequence, copy));

      if (!sw_sequence_validate (sequence, NULL, &invalid))
        {
          g_assert_error (invalid, SW_SEQUENCE_ERROR, invalid->code);
          assert_readable (invalid);
        }
    }
}

static void
check_uri (const guint8 *data,
           size_t        size)
{
  const guint8 *newline = memchr (data, '\n', size);
  g_autofree char *text = g_strndup ((const char *) data, newline != NULL ? (gsize) (newline - data) : size);
  g_autoptr(SwEndpoint) endpoint = NULL;
  g_autoptr(SwEndpoint) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  SwEndpointScheme scheme;
  SwEndpointScheme scheme_again;

  endpoint = sw_endpoint_parse_uri (text, &scheme, &error);
  if (endpoint == NULL)
    {
      g_assert_true (error->domain == SW_ENDPOINT_ERROR);
      assert_readable (error);
      return;
    }

  uri = sw_endpoint_to_uri (endpoint, scheme);
  again = sw_endpoint_parse_uri (uri, &scheme_again, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scheme_again, ==, scheme);
  g_assert_cmpstr (sw_endpoint_get_host (again), ==, sw_endpoint_get_host (endpoint));
  g_assert_cmpuint (sw_endpoint_get_port (again), ==, sw_endpoint_get_port (endpoint));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  check_library (data, size);
  check_uri (data, size);

  return 0;
}
