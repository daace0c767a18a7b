/* test-placeholders.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-codec.h"
#include "sw-escape.h"
#include "sw-hex.h"
#include "sw-message.h"
#include "sw-placeholder-private.h"

static GDateTime *
fixed_clock (gpointer user_data)
{
  /* 2024-02-29 13:05:09 UTC */
  return g_date_time_new_utc (2024, 2, 29, 13, 5, 9);
}

static SwPlaceholderState *
test_state_new (void)
{
  SwPlaceholderState *state = sw_placeholder_state_new ();

  _sw_placeholder_state_set_clock (state, fixed_clock, NULL);
  _sw_placeholder_state_set_seed (state, 42);

  return state;
}

static const SwCodecOptions text_options = {
  .format = SW_PAYLOAD_FORMAT_TEXT,
  .escapes = TRUE,
  .line_ending = SW_LINE_ENDING_NONE,
  .encoding = SW_ENCODING_UTF8,
  .placeholders = TRUE,
};

static const SwCodecOptions hex_options = {
  .format = SW_PAYLOAD_FORMAT_HEX,
  .escapes = TRUE,
  .line_ending = SW_LINE_ENDING_CRLF,
  .encoding = SW_ENCODING_UTF8,
  .placeholders = TRUE,
};

static void
assert_expands (const SwCodecOptions *options,
                SwPlaceholderState   *state,
                const char           *text,
                const char           *expected,
                gsize                 expected_length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = sw_codec_encode_full (options, text, state, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   expected, expected_length);
}

#define assert_expands_str(options, state, text, expected) \
  assert_expands (options, state, text, expected, strlen (expected))

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_counter (void)
{
  g_autoptr(SwPlaceholderState) state = test_state_new ();
  guint notified = 0;

  g_signal_connect (state, "notify::counter", G_CALLBACK (on_notify), &notified);
  g_assert_cmpuint (sw_placeholder_state_get_counter (state), ==, 1);

  assert_expands_str (&text_options, state, "id={{counter}};", "id=1;");
  assert_expands_str (&text_options, state, "id={{counter}};", "id=2;");
  g_assert_cmpuint (notified, ==, 2);

  /* Widths as printf: zero-padded with a leading 0, else spaces. */
  assert_expands_str (&text_options, state, "{{counter:04}}", "0003");
  assert_expands_str (&text_options, state, "{{counter:3}}", "  4");
  assert_expands_str (&text_options, state, "{{counter:1}}", "5");

  /* One number per expansion, however many counters the text has. */
  assert_expands_str (&text_options, state, "{{counter}}-{{counter:02}}", "6-06");
  g_assert_cmpuint (sw_placeholder_state_get_counter (state), ==, 7);

  /* A text without a counter, or one that fails, takes no number. */
  assert_expands_str (&text_options, state, "{{date}}", "2024-02-29");
  g_assert_null (sw_codec_encode_full (&text_options, "{{counter}}{{nope}}", state, NULL, NULL));
  g_assert_cmpuint (sw_placeholder_state_get_counter (state), ==, 7);

  notified = 0;
  sw_placeholder_state_set_counter (state, 100);
  sw_placeholder_state_set_counter (state, 100);
  g_assert_cmpuint (notified, ==, 1);
  assert_expands_str (&text_options, state, "{{counter}}", "100");

  /* No state: a fresh one each time, for previews. */
  assert_expands_str (&text_options, NULL, "{{counter}}", "1");
  assert_expands_str (&text_options, NULL, "{{counter}}", "1");
}

static void
test_time (void)
{
  g_autoptr(SwPlaceholderState) state = test_state_new ();

  assert_expands_str (&text_options, state, "{{date}} {{time}} {{unixtime}}",
                      "2024-02-29 13:05:09 1709211909");
}

static void
test_random (void)
{
  g_autoptr(SwPlaceholderState) state = test_state_new ();
  g_autoptr(SwPlaceholderState) same_seed = test_state_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) next = NULL;
  g_autoptr(GBytes) largest = NULL;
  guint8 expected[6];
  guint32 value = 0;

  /* Four bytes from each number, low byte first. */
  for (guint i = 0; i < sizeof expected; i++)
    {
      if (i % 4 == 0)
        value = g_rand_int (rand);
      expected[i] = value & 0xff;
      value >>= 8;
    }

  first = sw_codec_encode_full (&text_options, "{{random:6}}", state, NULL, NULL);
  g_assert_cmpmem (g_bytes_get_data (first, NULL), g_bytes_get_size (first),
                   expected, sizeof expected);

  again = sw_codec_encode_full (&text_options, "{{random:6}}", same_seed, NULL, NULL);
  g_assert_true (g_bytes_equal (first, again));

  next = sw_codec_encode_full (&text_options, "{{random:6}}", state, NULL, NULL);
  g_assert_false (g_bytes_equal (first, next));

  /* Raw bytes in every format and encoding: never text. */
  {
    SwCodecOptions utf16 = text_options;
    g_autoptr(SwPlaceholderState) seeded = test_state_new ();
    g_autoptr(GBytes) bytes = NULL;

    utf16.encoding = SW_ENCODING_UTF16LE;
    bytes = sw_codec_encode_full (&utf16, "A{{random:2}}", seeded, NULL, NULL);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                     ((guint8[]) { 'A', 0, expected[0], expected[1] }), 4);
  }
  {
    g_autoptr(SwPlaceholderState) seeded = test_state_new ();
    g_autoptr(GBytes) bytes = NULL;

    bytes = sw_codec_encode_full (&hex_options, "AA {{random:3}} BB", seeded, NULL, NULL);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                     ((guint8[]) { 0xAA, expected[0], expected[1], expected[2], 0xBB }), 5);
  }

  largest = sw_codec_encode_full (&text_options, "{{random:65507}}", state, NULL, NULL);
  g_assert_cmpuint (g_bytes_get_size (largest), ==, SW_PLACEHOLDER_RANDOM_MAX);
}

static void
test_hex (void)
{
  g_autoptr(SwPlaceholderState) state = test_state_new ();

  /* Placeholders give their ASCII bytes; no line ending in hex. */
  assert_expands (&hex_options, state, "01 {{counter:02}} 0D", "\x01" "01" "\x0d", 4);
  assert_expands (&hex_options, state, "01{{time}}02", "\x01" "13:05:09" "\x02", 10);
  /* Hex groups end at a placeholder, as at a space. */
  assert_expands (&hex_options, state, "0A0B{{counter}}0C", "\x0a\x0b" "2" "\x0c", 4);
}

static void
test_text (void)
{
  g_autoptr(SwPlaceholderState) state = test_state_new ();
  SwCodecOptions options = text_options;

  /* The text between placeholders is encoded as without them. */
  assert_expands (&options, state, "\\x00{{counter}}\\n", "\x00" "1" "\n", 3);

  options.escapes = FALSE;
  assert_expands_str (&options, state, "\\x00{{counter}}", "\\x002");

  options.line_ending = SW_LINE_ENDING_CRLF;
  assert_expands_str (&options, state, "T{{counter}}", "T3\r\n");

  options.encoding = SW_ENCODING_UTF16BE;
  assert_expands (&options, state, "é{{counter}}", "\0\xe9\0" "4" "\0\r\0\n", 8);

  options.encoding = SW_ENCODING_GBK;
  options.line_ending = SW_LINE_ENDING_NONE;
  assert_expands (&options, state, "你{{counter}}好", "\xc4\xe3" "5" "\xba\xc3", 5);

  /* Braces that open no placeholder are text; so are those before one. */
  assert_expands_str (&text_options, state, "{x} }} {", "{x} }} {");
  assert_expands_str (&text_options, state, "{\"id\":{{counter}}}", "{\"id\":6}");
  assert_expands_str (&text_options, state, "{{{counter}}}", "{7}");
  assert_expands_str (&text_options, state, "", "");
}

static void
test_off (void)
{
  g_autoptr(SwPlaceholderState) state = test_state_new ();
  SwCodecOptions options = text_options;

  options.placeholders = FALSE;
  assert_expands_str (&options, state, "{{counter}} {{nope", "{{counter}} {{nope");
  g_assert_cmpuint (sw_placeholder_state_get_counter (state), ==, 1);
}

typedef struct
{
  const char      *text;
  SwPayloadFormat  format;
  SwEncoding       encoding;
  const char      *domain;
  gint             code;
  gsize            offset;
  const char      *message_part;
} ErrorCase;

static void
test_errors (void)
{
  static const ErrorCase cases[] = {
    { "ab {{nope}}", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_UTF8,
      "placeholder", SW_PLACEHOLDER_ERROR_UNKNOWN, 3, "“{{nope}}” at column 4" },
    { "{{counter", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_UTF8,
      "placeholder", SW_PLACEHOLDER_ERROR_UNCLOSED, 0, "column 1" },
    { "a\n{{counter\n}}", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_UTF8,
      "placeholder", SW_PLACEHOLDER_ERROR_UNCLOSED, 2, "line 2, column 1" },
    { "x{{random:0}}", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_UTF8,
      "placeholder", SW_PLACEHOLDER_ERROR_INVALID_ARGUMENT, 1, "from 1 to 65507" },
    { "{{random:65508}}", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_UTF8,
      "placeholder", SW_PLACEHOLDER_ERROR_INVALID_ARGUMENT, 0, NULL },
    { "{{random}}", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_UTF8,
      "placeholder", SW_PLACEHOLDER_ERROR_INVALID_ARGUMENT, 0, NULL },
    { "{{random:1x}}", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_UTF8,
      "placeholder", SW_PLACEHOLDER_ERROR_INVALID_ARGUMENT, 0, NULL },
    { "{{counter:x}}", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_UTF8,
      "placeholder", SW_PLACEHOLDER_ERROR_INVALID_ARGUMENT, 0, "{{counter:04}}" },
    { "{{counter:00}}", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_UTF8,
      "placeholder", SW_PLACEHOLDER_ERROR_INVALID_ARGUMENT, 0, NULL },
    { "{{counter:21}}", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_UTF8,
      "placeholder", SW_PLACEHOLDER_ERROR_INVALID_ARGUMENT, 0, NULL },
    { "{{time:1}}", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_UTF8,
      "placeholder", SW_PLACEHOLDER_ERROR_UNKNOWN, 0, NULL },
    { "{{ counter }}", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_UTF8,
      "placeholder", SW_PLACEHOLDER_ERROR_UNKNOWN, 0, NULL },
    { "é{{}}", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_UTF8,
      "placeholder", SW_PLACEHOLDER_ERROR_UNKNOWN, 2, "column 2" },
    /* The error of the text before a placeholder comes first… */
    { "\\q {{nope}}", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_UTF8,
      "escape", SW_ESCAPE_ERROR_UNKNOWN_ESCAPE, 0, "“\\q”" },
    { "\\{{counter}}", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_UTF8,
      "escape", SW_ESCAPE_ERROR_UNKNOWN_ESCAPE, 0, "“\\{”" },
    { "\\x4{{counter}}", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_UTF8,
      "escape", SW_ESCAPE_ERROR_INVALID_HEX_ESCAPE, 0, NULL },
    { "€{{counter}}", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_LATIN1,
      "encoding", SW_ENCODING_ERROR_UNREPRESENTABLE, 0, NULL },
    { "zz {{nope}}", SW_PAYLOAD_FORMAT_HEX, SW_ENCODING_UTF8,
      "hex", SW_HEX_ERROR_INVALID_CHARACTER, 0, "column 1" },
    { "0x{{counter}}", SW_PAYLOAD_FORMAT_HEX, SW_ENCODING_UTF8,
      "hex", SW_HEX_ERROR_EMPTY_PREFIX, 0, NULL },
    { "4{{counter}}", SW_PAYLOAD_FORMAT_HEX, SW_ENCODING_UTF8,
      "hex", SW_HEX_ERROR_ODD_DIGITS, 0, NULL },
    /* …and the text after one only matters when it is valid. */
    { "{{nope}} zz", SW_PAYLOAD_FORMAT_HEX, SW_ENCODING_UTF8,
      "placeholder", SW_PLACEHOLDER_ERROR_UNKNOWN, 0, NULL },
    { "{{counter}} zz", SW_PAYLOAD_FORMAT_HEX, SW_ENCODING_UTF8,
      "hex", SW_HEX_ERROR_INVALID_CHARACTER, 12, "column 13" },
    { "{{counter}}\\q", SW_PAYLOAD_FORMAT_TEXT, SW_ENCODING_UTF8,
      "escape", SW_ESCAPE_ERROR_UNKNOWN_ESCAPE, 11, "column 12" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ErrorCase *c = &cases[i];
      g_autoptr(SwPlaceholderState) state = test_state_new ();
      g_autoptr(GError) error = NULL;
      SwCodecOptions options = text_options;
      GQuark domain;
      gsize offset = G_MAXSIZE;

      g_test_message ("%s", c->text);
      options.format = c->format;
      options.encoding = c->encoding;

      g_assert_null (sw_codec_encode_full (&options, c->text, state, &offset, &error));

      if (g_str_equal (c->domain, "placeholder"))
        domain = SW_PLACEHOLDER_ERROR;
      else if (g_str_equal (c->domain, "escape"))
        domain = SW_ESCAPE_ERROR;
      else if (g_str_equal (c->domain, "encoding"))
        domain = SW_ENCODING_ERROR;
      else
        domain = SW_HEX_ERROR;

      g_assert_error (error, domain, c->code);
      g_assert_cmpuint (offset, ==, c->offset);
      if (c->message_part != NULL)
        g_assert_nonnull (strstr (error->message, c->message_part));
      g_assert_cmpuint (sw_placeholder_state_get_counter (state), ==, 1);
    }
}

static void
test_message (void)
{
  g_autoptr(SwMessage) message = sw_message_new ("Ping");
  g_autoptr(SwPlaceholderState) state = test_state_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set (message,
                "text", "ping {{counter}}",
                "line-ending", SW_LINE_ENDING_LF,
                /* Not applied by sw_message_encode(). */
                "checksum", "crc16-modbus",
                NULL);

  /* Off unless the message turns them on. */
  bytes = sw_message_encode (message, state, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   "ping {{counter}}\n", 17);
  g_clear_pointer (&bytes, g_bytes_unref);

  sw_message_set_placeholders (message, TRUE);
  bytes = sw_message_encode (message, state, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "ping 1\n", 7);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* Every send, repeats included, expands again. */
  bytes = sw_message_encode (message, state, &error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "ping 2\n", 7);
  g_clear_pointer (&bytes, g_bytes_unref);

  sw_message_set_text (message, "ping {{count}}");
  g_assert_null (sw_message_encode (message, state, &error));
  g_assert_error (error, SW_PLACEHOLDER_ERROR, SW_PLACEHOLDER_ERROR_UNKNOWN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/placeholders/counter", test_counter);
  g_test_add_func ("/sw/placeholders/time", test_time);
  g_test_add_func ("/sw/placeholders/random", test_random);
  g_test_add_func ("/sw/placeholders/hex", test_hex);
  g_test_add_func ("/sw/placeholders/text", test_text);
  g_test_add_func ("/sw/placeholders/off", test_off);
  g_test_add_func ("/sw/placeholders/errors", test_errors);
  g_test_add_func ("/sw/placeholders/message", test_message);

  return g_test_run ();
}
