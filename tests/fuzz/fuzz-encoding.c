/* fuzz-encoding.c: decoding received bytes for display, encoding typed
 * text for sending, in every encoding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte picks the encoding and the decode flags, the rest is the
 * data.
 * - Any bytes decode to valid UTF-8 without a NUL, the same appended to a
 *   string as on their own; in the encodings where bytes and characters
 *   map one to one (UTF-8, Latin-1, UTF-16), a display without escapes
 *   encodes back to the same bytes.
 * - Valid UTF-8 text encodes or fails with an error whose offset is
 *   inside the text; what encodes decodes to what the text itself
 *   displays as (encode, then decode, is the identity on what is shown).
 * - Invalid UTF-8 text fails with SW_ENCODING_ERROR_INVALID_INPUT at the
 *   first invalid byte.
 */

#include "config.h"

#include <string.h>

#include "sw-encoding.h"
#include "sw-fuzz.h"

static gboolean
is_one_to_one (SwEncoding encoding)
{
  return encoding == SW_ENCODING_UTF8 || encoding == SW_ENCODING_LATIN1 ||
         encoding == SW_ENCODING_UTF16LE || encoding == SW_ENCODING_UTF16BE;
}

static void
check_decode (SwEncoding     encoding,
              SwDecodeFlags  flags,
              const guint8  *data,
              gsize          length)
{
  g_autofree char *display = sw_encoding_decode (encoding, data, length, flags);
  g_autoptr(GString) appended = g_string_new ("·");

  sw_fuzz_assert_utf8 (display, -1);

  sw_encoding_decode_append (encoding, data, length, flags, appended);
  g_assert_cmpstr (appended->str + strlen ("·"), ==, display);

  /* Nothing was escaped: every byte decoded to a visible character. */
  if (is_one_to_one (encoding) && strchr (display, '\\') == NULL)
    {
      g_autoptr(GBytes) encoded = sw_encoding_encode (encoding, display, -1, NULL, NULL);

      g_assert_nonnull (encoded);
      g_assert_cmpmem (g_bytes_get_data (encoded, NULL), g_bytes_get_size (encoded), data, length);
    }
}

/* How @text (valid UTF-8, may hold U+0000) shows in @encoding's view:
 * C1 controls are \xNN in Latin-1 only, where they are bytes. */
static char *
display_of_text (SwEncoding  encoding,
                 const char *text,
                 gsize       length)
{
  if (encoding == SW_ENCODING_LATIN1)
    {
      g_autoptr(GString) latin1 = g_string_new (NULL);

      for (const char *p = text; p < text + length; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          g_assert_cmpuint (c, <=, 0xFF);
          g_string_append_c (latin1, (char) c);
        }
      return sw_encoding_decode (encoding, (const guint8 *) latin1->str, latin1->len,
                                 SW_DECODE_FLAGS_NONE);
    }

  return sw_encoding_decode (SW_ENCODING_UTF8, (const guint8 *) text, length, SW_DECODE_FLAGS_NONE);
}

static void
check_encode (SwEncoding  encoding,
              const char *text,
              gsize       length)
{
  g_autoptr(GBytes) encoded = NULL;
  g_autoptr(GError) error = NULL;
  const char *valid_end = text;
  gsize offset = G_MAXSIZE;

  encoded = sw_encoding_encode (encoding, text, length, &offset, &error);

  /* Where the text stops being UTF-8 (U+0000 is a character here). */
  while (valid_end < text + length &&
         !g_utf8_validate_len (valid_end, text + length - valid_end, &valid_end) &&
         *valid_end == '\0')
    valid_end++;

  if (valid_end < text + length)
    {
      g_assert_null (encoded);
      sw_fuzz_assert_error (error, SW_ENCODING_ERROR, SW_ENCODING_ERROR_UNSUPPORTED);
      g_assert_cmpint (error->code, ==, SW_ENCODING_ERROR_INVALID_INPUT);
      g_assert_cmpuint (offset, ==, valid_end - text);
      return;
    }

  if (encoded == NULL)
    {
      sw_fuzz_assert_error (error, SW_ENCODING_ERROR, SW_ENCODING_ERROR_UNSUPPORTED);
      g_assert_cmpint (error->code, !=, SW_ENCODING_ERROR_INVALID_INPUT);
      g_assert_cmpuint (offset, <, length);
      /* The offset is at a character: the one that cannot be written. */
      g_assert_true (((guchar) text[offset] & 0xC0) != 0x80);
      return;
    }

  g_assert_no_error (error);
  {
    g_autofree char *shown = sw_encoding_decode (encoding,
                                                 g_bytes_get_data (encoded, NULL),
                                                 g_bytes_get_size (encoded),
                                                 SW_DECODE_FLAGS_NONE);
    g_autofree char *expected = display_of_text (encoding, text, length);

    g_assert_cmpstr (shown, ==, expected);
  }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  SwFuzzInput input = { data, size };
  guint8 choice = sw_fuzz_take_byte (&input);
  SwEncoding encoding = (choice & 0x7F) % SW_N_ENCODINGS;
  SwDecodeFlags flags = choice & 0x80 ? SW_DECODE_FLAGS_BREAK_LF : SW_DECODE_FLAGS_NONE;

  check_decode (encoding, flags, input.data, input.size);
  check_encode (encoding, (const char *) input.data, input.size);

  return 0;
}
