/* fuzz-placeholders.c: sw_codec_encode_full() with placeholders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte picks the format, escapes, line ending and placeholders,
 * the second the encoding; the rest, up to a NUL, is the text.
 * - Any text gives bytes, or an error (hex, escape, encoding or
 *   placeholder) with a readable message and an offset inside the text;
 * - the counter moves on by at most one, and only on success;
 * - without placeholders, or with no "{{" in the text, the bytes are
 *   those of sw_codec_encode();
 * - a placeholder error is at a "{{";
 * - the same seed and clock give the same bytes.
 */

#include "config.h"

#include <string.h>

#include "sw-codec.h"
#include "sw-escape.h"
#include "sw-hex.h"
#include "sw-placeholder-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

/* A failed g_return_if_fail() is a finding too. */
__attribute__((constructor))
static void
fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

static GDateTime *
fixed_clock (gpointer user_data)
{
  return g_date_time_new_utc (2024, 2, 29, 13, 5, 9);
}

static SwPlaceholderState *
state_new (void)
{
  SwPlaceholderState *state = sw_placeholder_state_new ();

  _sw_placeholder_state_set_clock (state, fixed_clock, NULL);
  _sw_placeholder_state_set_seed (state, 7);
  sw_placeholder_state_set_counter (state, 41);

  return state;
}

static gboolean
bytes_equal (GBytes *a,
             GBytes *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_bytes_equal (a, b);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SwPlaceholderState) state = state_new ();
  g_autoptr(SwPlaceholderState) twin = state_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) plain_error = NULL;
  g_autofree char *text = NULL;
  SwCodecOptions options = { 0 };
  gsize offset = G_MAXSIZE;
  gsize plain_offset = G_MAXSIZE;
  gsize length;
  guint64 counter;

  if (size < 2)
    return 0;

  options.format = data[0] & 1 ? SW_PAYLOAD_FORMAT_HEX : SW_PAYLOAD_FORMAT_TEXT;
  options.escapes = (data[0] >> 1) & 1;
  options.line_ending = (data[0] >> 2) & 3;
  options.placeholders = !((data[0] >> 4) & 1);
  options.encoding = data[1] % SW_N_ENCODINGS;
  text = g_strndup ((const char *) data + 2, size - 2);
  length = strlen (text);

  bytes = sw_codec_encode_full (&options, text, state, &offset, &error);
  counter = sw_placeholder_state_get_counter (state);

  if (bytes == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == SW_HEX_ERROR || error->domain == SW_ESCAPE_ERROR ||
                     error->domain == SW_ENCODING_ERROR || error->domain == SW_PLACEHOLDER_ERROR);
      g_assert_true (error->message[0] != '\0');
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpuint (offset, <, length);
      g_assert_cmpuint (counter, ==, 41);
      if (error->domain == SW_PLACEHOLDER_ERROR)
        g_assert_true (text[offset] == '{' && text[offset + 1] == '{');
    }
  else
    {
      g_assert_no_error (error);
      g_assert_true (counter == 41 || counter == 42);
    }

  /* Where nothing is expanded, the codec as before. */
  plain = sw_codec_encode (text, options.format, options.escapes, options.line_ending,
                           options.encoding, &plain_offset, &plain_error);
  if (!options.placeholders || strstr (text, "{{") == NULL)
    {
      g_assert_true (bytes_equal (bytes, plain));
      g_assert_cmpuint (offset, ==, plain_offset);
      g_assert_true ((error == NULL) == (plain_error == NULL));
      if (error != NULL)
        g_assert_cmpstr (error->message, ==, plain_error->message);
    }
  else if (plain == NULL && (bytes != NULL || error->domain == SW_PLACEHOLDER_ERROR))
    {
      /* The plain text fails where placeholders do not: in what they
       * replaced, at or after the first "{{". */
      g_assert_cmpuint (plain_offset, >=, (gsize) (strstr (text, "{{") - text));
    }

  /* Deterministic, given the seed and the clock. */
  again = sw_codec_encode_full (&options, text, twin, NULL, NULL);
  g_assert_true (bytes_equal (bytes, again));

  return 0;
}
