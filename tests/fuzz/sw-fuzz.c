/* sw-fuzz.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-fuzz.h"

#include <string.h>

/* Before LLVMFuzzerTestOneInput() first runs, in every target. */
__attribute__((constructor))
static void
sw_fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

guint8
sw_fuzz_take_byte (SwFuzzInput *input)
{
  if (input->size == 0)
    return 0;

  input->size--;
  return *input->data++;
}

guint
sw_fuzz_take_choice (SwFuzzInput *input,
                     guint        n)
{
  g_assert (n > 0 && n <= 256);

  return sw_fuzz_take_byte (input) % n;
}

const guint8 *
sw_fuzz_take_bytes (SwFuzzInput *input,
                    gsize        max_length,
                    gsize       *length)
{
  const guint8 *bytes;
  gsize n = sw_fuzz_take_byte (input);

  /* One length byte reaches 255; a second one, when the first is 255,
   * reaches 64 KiB, so large payloads happen too. */
  if (n == 255)
    n = (gsize) sw_fuzz_take_byte (input) << 8 | sw_fuzz_take_byte (input);

  n = MIN (MIN (n, max_length), input->size);
  bytes = input->data;
  input->data += n;
  input->size -= n;
  *length = n;

  return bytes;
}

char *
sw_fuzz_take_string (SwFuzzInput *input)
{
  char *text = g_strndup ((const char *) input->data, input->size);

  input->data += input->size;
  input->size = 0;

  return text;
}

void
sw_fuzz_assert_utf8 (const char *text,
                     gssize      length)
{
  gsize n = length < 0 ? strlen (text) : (gsize) length;

  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate_len (text, n, NULL));
}

void
sw_fuzz_assert_error (const GError *error,
                      GQuark        domain,
                      int           max_code)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == domain);
  g_assert_cmpint (error->code, >=, 0);
  g_assert_cmpint (error->code, <=, max_code);
  g_assert_cmpstr (error->message, !=, "");
  sw_fuzz_assert_utf8 (error->message, -1);
}
