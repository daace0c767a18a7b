/* fuzz-hex.c: hex as people type it, and hex as the app writes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * - Any input either parses or fails with an SW_HEX_ERROR whose offset is
 *   inside the input, and explicit length and nul-terminated agree.
 * - What parses, formatted again, parses back to the same bytes.
 * - Any bytes, formatted, parse back to themselves (format ∘ parse), and
 *   their hex dump is ASCII with one line per 16 bytes.
 */

#include "config.h"

#include <string.h>

#include "sw-fuzz.h"
#include "sw-hex.h"

static void
assert_bytes_equal (GBytes       *bytes,
                    const guint8 *data,
                    gsize         length)
{
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, length);
}

static void
check_format_round_trip (const guint8 *data,
                         gsize         length)
{
  g_autofree char *hex = sw_hex_format (data, length);
  g_autofree char *dump = sw_hex_dump (data, length);
  g_autoptr(GBytes) parsed = NULL;
  g_autoptr(GError) error = NULL;
  gsize lines = 0;

  g_assert_cmpuint (strlen (hex), ==, length == 0 ? 0 : length * 3 - 1);
  parsed = sw_hex_parse (hex, -1, NULL, &error);
  g_assert_no_error (error);
  assert_bytes_equal (parsed, data, length);

  for (const char *p = dump; *p != '\0'; p++)
    {
      g_assert_true (*p == '\n' || g_ascii_isprint (*p));
      lines += *p == '\n';
    }
  g_assert_cmpuint (lines, ==, (length + SW_HEX_DUMP_WIDTH - 1) / SW_HEX_DUMP_WIDTH);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *text = (const char *) data;
  g_autoptr(GBytes) parsed = NULL;
  g_autoptr(GError) error = NULL;
  gsize offset = G_MAXSIZE;

  parsed = sw_hex_parse (text, size, &offset, &error);
  if (parsed == NULL)
    {
      sw_fuzz_assert_error (error, SW_HEX_ERROR, SW_HEX_ERROR_EMPTY_PREFIX);
      g_assert_cmpuint (offset, <, size);
    }
  else
    {
      g_assert_no_error (error);
      g_assert_cmpuint (offset, ==, G_MAXSIZE);
      /* Two digits a byte at least. */
      g_assert_cmpuint (g_bytes_get_size (parsed) * 2, <=, size);
      check_format_round_trip (g_bytes_get_data (parsed, NULL), g_bytes_get_size (parsed));
    }

  /* The same text, nul-terminated, when it holds no NUL. */
  if (memchr (data, '\0', size) == NULL)
    {
      g_autofree char *copy = g_strndup (text, size);
      g_autoptr(GBytes) again = NULL;
      g_autoptr(GError) again_error = NULL;
      gsize again_offset = G_MAXSIZE;

      again = sw_hex_parse (copy, -1, &again_offset, &again_error);
      g_assert_true ((again == NULL) == (parsed == NULL));
      if (parsed != NULL)
        g_assert_true (g_bytes_equal (again, parsed));
      else
        {
          g_assert_cmpuint (again_offset, ==, offset);
          g_assert_cmpstr (again_error->message, ==, error->message);
        }
    }

  check_format_round_trip (data, size);

  return 0;
}
