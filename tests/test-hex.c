/* test-hex.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-hex.h"

#define N_RANDOM_BUFFERS 300
#define MAX_RANDOM_LENGTH 4096

static void
assert_parses_len (const char   *text,
                   gssize        length,
                   const guint8 *expected,
                   gsize         expected_length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize error_offset = 12345;

  bytes = sw_hex_parse (text, length, &error_offset, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   expected, expected_length);
  /* Success leaves the out parameter alone. */
  g_assert_cmpuint (error_offset, ==, 12345);
}

static void
assert_parses (const char *text,
               const char *expected,
               gsize       expected_length)
{
  assert_parses_len (text, -1, (const guint8 *) expected, expected_length);
}

/* Checks the domain, code and offset, and that the message holds every
 * string in the NULL-terminated @needles. @multi_line says whether the
 * message must name the line. */
static void
assert_parse_error_len (const char *text,
                        gssize      length,
                        SwHexError  code,
                        gsize       offset,
                        gboolean    multi_line,
                        ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize error_offset = G_MAXSIZE;
  const char *needle;
  va_list args;

  bytes = sw_hex_parse (text, length, &error_offset, &error);
  g_assert_null (bytes);
  g_assert_error (error, SW_HEX_ERROR, (int) code);
  g_assert_cmpuint (error_offset, ==, offset);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));

  if (multi_line)
    g_assert_nonnull (strstr (error->message, " at line "));
  else
    g_assert_null (strstr (error->message, "line"));

  va_start (args, multi_line);
  while ((needle = va_arg (args, const char *)) != NULL)
    {
      if (strstr (error->message, needle) == NULL)
        g_error ("Message “%s” lacks “%s”", error->message, needle);
    }
  va_end (args);

  /* Without error or offset the parser still fails, quietly. */
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = sw_hex_parse (text, length, NULL, NULL);
  g_assert_null (bytes);
}

#define assert_parse_error(text, code, offset, multi_line, ...) \
  assert_parse_error_len (text, -1, code, offset, multi_line, __VA_ARGS__, NULL)

static void
test_parse_separators (void)
{
  static const char *separators[] = {
    " ", "\t", "\r", "\n", ",", ":", ";", "-", "\r\n",
    " , ", "\t-\t", " :; ,\t-\r\n",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (separators); i++)
    {
      g_autofree char *text = NULL;

      text = g_strjoin (separators[i], "48", "65", "6C", "6C", "6F", NULL);
      assert_parses (text, "Hello", 5);

      /* Leading and trailing separators are ignored too. */
      g_clear_pointer (&text, g_free);
      text = g_strconcat (separators[i], "48", separators[i], "69", separators[i], NULL);
      assert_parses (text, "Hi", 2);
    }

  assert_parses ("48:65-6C;6C,6F", "Hello", 5);
  assert_parses ("00 ff", "\x00\xff", 2);
}

static void
test_parse_prefix (void)
{
  assert_parses ("0x48,0x65", "He", 2);
  assert_parses ("0X48 0x65", "He", 2);
  assert_parses ("0x4865", "He", 2);
  assert_parses ("0x48-0X65;0x6c:0x6C\n0x6f", "Hello", 5);
  assert_parses ("0x00", "\0", 1);
  /* A leading 00 is two digits, not a prefix. */
  assert_parses ("0048", "\x00\x48", 2);
  /* Prefixed and bare tokens mix. */
  assert_parses ("48 0x65 6C6C 0x6F", "Hello", 5);
}

static void
test_parse_contiguous (void)
{
  assert_parses ("48656C", "Hel", 3);
  assert_parses ("48656C6C6F", "Hello", 5);
  assert_parses ("4865 6C6C6F", "Hello", 5);
}

static void
test_parse_case (void)
{
  static const guint8 expected[] = { 0xAB, 0xCD, 0xEF, 0x0A, 0xBC };

  assert_parses_len ("ABCDEF0ABC", -1, expected, sizeof expected);
  assert_parses_len ("abcdef0abc", -1, expected, sizeof expected);
  assert_parses_len ("aBcDeF0aBc", -1, expected, sizeof expected);
  assert_parses_len ("Ab cD eF 0A bC", -1, expected, sizeof expected);
}

static void
test_parse_all_bytes (void)
{
  g_autoptr(GString) upper = g_string_new (NULL);
  g_autoptr(GString) lower = g_string_new (NULL);
  guint8 all[256];
  guint i;

  for (i = 0; i < 256; i++)
    {
      all[i] = (guint8) i;
      g_string_append_printf (upper, "%02X ", i);
      g_string_append_printf (lower, "0x%02x,", i);
    }

  assert_parses_len (upper->str, -1, all, sizeof all);
  assert_parses_len (lower->str, -1, all, sizeof all);
}

static void
test_parse_empty (void)
{
  assert_parses ("", "", 0);
  assert_parses (" ", "", 0);
  assert_parses (" ,:;-\t\r\n", "", 0);
  assert_parses_len (NULL, 0, NULL, 0);
  assert_parses_len ("48", 0, NULL, 0);
}

static void
test_parse_length (void)
{
  /* Only @length bytes are read: the junk after them is never seen. */
  assert_parses_len ("4865zz", 4, (const guint8 *) "He", 2);
  assert_parses_len ("48 65 0", 5, (const guint8 *) "He", 2);

  /* An explicit length reaching past a NUL sees the NUL as a character. */
  assert_parse_error_len ("48\0" "65", 5, SW_HEX_ERROR_INVALID_CHARACTER, 2, FALSE,
                          "“U+0000”", "column 3", NULL);
  /* A length cutting a token short makes its digit count odd. */
  assert_parse_error_len ("486", 3, SW_HEX_ERROR_ODD_DIGITS, 0, FALSE,
                          "“486”", "column 1", NULL);
}

static void
test_parse_invalid_character (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  assert_parse_error ("48 656g", SW_HEX_ERROR_INVALID_CHARACTER, 6, FALSE,
                      "“g”", "column 7");
  bytes = sw_hex_parse ("48 656g", -1, NULL, &error);
  g_assert_error (error, SW_HEX_ERROR, SW_HEX_ERROR_INVALID_CHARACTER);
  g_assert_cmpstr (error->message, ==, "Invalid hex digit “g” at column 7");

  /* First or second digit of a pair, first character of a token. */
  assert_parse_error ("g0", SW_HEX_ERROR_INVALID_CHARACTER, 0, FALSE, "“g”", "column 1");
  assert_parse_error ("4865Z1", SW_HEX_ERROR_INVALID_CHARACTER, 4, FALSE, "“Z”", "column 5");
  assert_parse_error ("48 .", SW_HEX_ERROR_INVALID_CHARACTER, 3, FALSE, "“.”", "column 4");
  assert_parse_error ("0xG1", SW_HEX_ERROR_INVALID_CHARACTER, 2, FALSE, "“G”", "column 3");
  assert_parse_error ("48 0x0x", SW_HEX_ERROR_INVALID_CHARACTER, 6, FALSE, "“x”", "column 7");
  /* A stray character inside an odd token is the mistake to report. */
  assert_parse_error ("ABCG", SW_HEX_ERROR_INVALID_CHARACTER, 3, FALSE, "“G”", "column 4");
  assert_parse_error ("ABC_", SW_HEX_ERROR_INVALID_CHARACTER, 3, FALSE, "“_”", "column 4");
}

static void
test_parse_invalid_utf8_character (void)
{
  /* Multi-byte characters are named whole, not as their first byte. */
  assert_parse_error ("48 你好", SW_HEX_ERROR_INVALID_CHARACTER, 3, FALSE,
                      "“你”", "column 4");
  assert_parse_error ("48😀", SW_HEX_ERROR_INVALID_CHARACTER, 2, FALSE,
                      "“😀”", "column 3");
  assert_parse_error ("你 4g", SW_HEX_ERROR_INVALID_CHARACTER, 0, FALSE,
                      "“你”", "column 1");
  assert_parse_error ("é😀 48 ÿ", SW_HEX_ERROR_INVALID_CHARACTER, 0, FALSE,
                      "“é”", "column 1");
  assert_parse_error ("48 ÿ", SW_HEX_ERROR_INVALID_CHARACTER, 3, FALSE,
                      "“ÿ”", "column 4");

  /* Invisible characters get a code point, bytes that are not UTF-8 a
   * \x escape, so the message stays readable and valid UTF-8. */
  assert_parse_error ("48\x01", SW_HEX_ERROR_INVALID_CHARACTER, 2, FALSE,
                      "“U+0001”", "column 3");
  assert_parse_error ("48\xc2\xa0" "65", SW_HEX_ERROR_INVALID_CHARACTER, 2, FALSE,
                      "“U+00A0”", "column 3");
  assert_parse_error ("48 \xff", SW_HEX_ERROR_INVALID_CHARACTER, 3, FALSE,
                      "“\\xFF”", "column 4");
  assert_parse_error ("48 \xe4\xbd", SW_HEX_ERROR_INVALID_CHARACTER, 3, FALSE,
                      "“\\xE4”", "column 4");
}

static void
test_parse_odd_digits (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = sw_hex_parse ("48, ABC", -1, NULL, &error);
  g_assert_error (error, SW_HEX_ERROR, SW_HEX_ERROR_ODD_DIGITS);
  g_assert_cmpstr (error->message, ==,
                   "Odd number of hex digits in “ABC” at column 5: "
                   "write each byte as two digits, like 0A");

  assert_parse_error ("48, ABC", SW_HEX_ERROR_ODD_DIGITS, 4, FALSE, "“ABC”", "column 5");
  assert_parse_error ("4", SW_HEX_ERROR_ODD_DIGITS, 0, FALSE, "“4”", "column 1");
  assert_parse_error ("48 6 6C", SW_HEX_ERROR_ODD_DIGITS, 3, FALSE, "“6”", "column 4");
  assert_parse_error ("0x486,65", SW_HEX_ERROR_ODD_DIGITS, 0, FALSE, "“0x486”", "column 1");
  /* The first problem from the left wins. */
  assert_parse_error ("ABC g", SW_HEX_ERROR_ODD_DIGITS, 0, FALSE, "“ABC”", "column 1");
}

static void
test_parse_odd_digits_long_token (void)
{
  g_autoptr(GString) text = g_string_new ("00 ");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize error_offset = 0;
  guint i;

  for (i = 0; i < 1001; i++)
    g_string_append_c (text, "0123456789ABCDEF"[i % 16]);

  bytes = sw_hex_parse (text->str, text->len, &error_offset, &error);
  g_assert_error (error, SW_HEX_ERROR, SW_HEX_ERROR_ODD_DIGITS);
  g_assert_cmpuint (error_offset, ==, 3);
  /* A huge token is shortened around an ellipsis, keeping both ends. */
  g_assert_cmpuint (strlen (error->message), <, 200);
  g_assert_nonnull (strstr (error->message, "“0123456789…"));
  g_assert_nonnull (strstr (error->message, "…F012345678”"));
  g_assert_nonnull (strstr (error->message, "column 4"));
}

static void
test_parse_empty_prefix (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  assert_parse_error ("0x", SW_HEX_ERROR_EMPTY_PREFIX, 0, FALSE, "“0x”", "column 1");
  assert_parse_error ("48 0X, 65", SW_HEX_ERROR_EMPTY_PREFIX, 3, FALSE, "“0X”", "column 4");
  assert_parse_error ("48 0x\t", SW_HEX_ERROR_EMPTY_PREFIX, 3, FALSE, "“0x”", "column 4");

  bytes = sw_hex_parse ("0x48 0x", -1, NULL, &error);
  g_assert_error (error, SW_HEX_ERROR, SW_HEX_ERROR_EMPTY_PREFIX);
  g_assert_cmpstr (error->message, ==,
                   "No hex digits after “0x” at column 6: write bytes like 0x0A");
}

static void
test_parse_multi_line (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  assert_parse_error ("48 65\n6C 6g", SW_HEX_ERROR_INVALID_CHARACTER, 10, TRUE,
                      "“g”", "line 2, column 5");
  assert_parse_error ("4g 65\n6C 6C", SW_HEX_ERROR_INVALID_CHARACTER, 1, TRUE,
                      "“g”", "line 1, column 2");
  assert_parse_error ("48\r\n65\r\n\r\n你好", SW_HEX_ERROR_INVALID_CHARACTER, 10, TRUE,
                      "“你”", "line 4, column 1");
  assert_parse_error ("48\n😀 6é", SW_HEX_ERROR_INVALID_CHARACTER, 3, TRUE,
                      "“😀”", "line 2, column 1");
  assert_parse_error ("48\n65 😀 6é", SW_HEX_ERROR_INVALID_CHARACTER, 6, TRUE,
                      "“😀”", "line 2, column 4");
  assert_parse_error ("48\n😀\n", SW_HEX_ERROR_INVALID_CHARACTER, 3, TRUE,
                      "“😀”", "line 2, column 1");
  assert_parse_error ("48\n65 ABC\n6C", SW_HEX_ERROR_ODD_DIGITS, 6, TRUE,
                      "“ABC”", "line 2, column 4");
  assert_parse_error ("48\n\n 0x", SW_HEX_ERROR_EMPTY_PREFIX, 5, TRUE,
                      "“0x”", "line 3, column 2");

  /* A trailing line break alone does not make a second line. */
  assert_parse_error ("48 6g\n", SW_HEX_ERROR_INVALID_CHARACTER, 4, FALSE,
                      "“g”", "column 5");
  assert_parse_error ("48 6g\r\n\n", SW_HEX_ERROR_INVALID_CHARACTER, 4, FALSE,
                      "“g”", "column 5");

  bytes = sw_hex_parse ("48\n65 ABC", -1, NULL, &error);
  g_assert_error (error, SW_HEX_ERROR, SW_HEX_ERROR_ODD_DIGITS);
  g_assert_cmpstr (error->message, ==,
                   "Odd number of hex digits in “ABC” at line 2, column 4: "
                   "write each byte as two digits, like 0A");
}

static void
test_format_fixed (void)
{
  static const guint8 all_nibbles[] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xFF };
  g_autofree char *hello = sw_hex_format ((const guint8 *) "Hello", 5);
  g_autofree char *empty = sw_hex_format (NULL, 0);
  g_autofree char *one = sw_hex_format ((const guint8 *) "\0", 1);
  g_autofree char *nibbles = sw_hex_format (all_nibbles, sizeof all_nibbles);

  g_assert_cmpstr (hello, ==, "48 65 6C 6C 6F");
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (one, ==, "00");
  g_assert_cmpstr (nibbles, ==, "01 23 45 67 89 AB CD EF FF");
}

static void
test_format_append (void)
{
  g_autoptr(GString) out = g_string_new ("TX: ");

  sw_hex_append (out, (const guint8 *) "Hi", 2);
  g_assert_cmpstr (out->str, ==, "TX: 48 69");
  g_assert_cmpuint (out->len, ==, strlen ("TX: 48 69"));

  sw_hex_append (out, NULL, 0);
  g_assert_cmpstr (out->str, ==, "TX: 48 69");

  g_string_append_c (out, ' ');
  sw_hex_append (out, (const guint8 *) "\x80\x7f", 2);
  g_assert_cmpstr (out->str, ==, "TX: 48 69 80 7F");
}

static void
fill_random (guint8 *data,
             gsize   length)
{
  gsize i;

  for (i = 0; i < length; i++)
    data[i] = (guint8) g_test_rand_int_range (0, 256);
}

static void
test_format_round_trip (void)
{
  guint i;

  for (i = 0; i < N_RANDOM_BUFFERS; i++)
    {
      gsize length = (gsize) g_test_rand_int_range (0, MAX_RANDOM_LENGTH + 1);
      g_autofree guint8 *data = g_malloc (MAX (length, 1));
      g_autofree char *text = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;

      fill_random (data, length);
      text = sw_hex_format (data, length);
      g_assert_cmpuint (strlen (text), ==, length > 0 ? length * 3 - 1 : 0);

      bytes = sw_hex_parse (text, -1, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       data, length);
    }
}

static void
assert_dump (const guint8 *data,
             gsize         length,
             const char   *expected)
{
  g_autofree char *dump = sw_hex_dump (data, length);

  g_assert_cmpstr (dump, ==, expected);
}

static void
test_dump_fixed (void)
{
  guint8 high[17];
  guint8 seventeen[17];
  guint i;

  assert_dump (NULL, 0, "");

  assert_dump ((const guint8 *) "Hello, world!\r\n\0", 16,
               "00000000  48 65 6C 6C 6F 2C 20 77  6F 72 6C 64 21 0D 0A 00  |Hello, world!...|\n");

  assert_dump ((const guint8 *) "Hi", 2,
               "00000000  48 69                                             |Hi|\n");

  assert_dump ((const guint8 *) "abcdefghi", 9,
               "00000000  61 62 63 64 65 66 67 68  69                       |abcdefghi|\n");

  assert_dump ((const guint8 *) "abcdefgh", 8,
               "00000000  61 62 63 64 65 66 67 68                           |abcdefgh|\n");

  for (i = 0; i < 17; i++)
    seventeen[i] = (guint8) ('A' + i);
  assert_dump (seventeen, 17,
               "00000000  41 42 43 44 45 46 47 48  49 4A 4B 4C 4D 4E 4F 50  |ABCDEFGHIJKLMNOP|\n"
               "00000010  51                                                |Q|\n");

  /* Only 0x20–0x7E show in the gutter; DEL and everything above is a dot. */
  for (i = 0; i < 17; i++)
    high[i] = (guint8) (0x7E + i);
  assert_dump (high, 17,
               "00000000  7E 7F 80 81 82 83 84 85  86 87 88 89 8A 8B 8C 8D  |~...............|\n"
               "00000010  8E                                                |.|\n");

  assert_dump ((const guint8 *) "\x1f \xff", 3,
               "00000000  1F 20 FF                                          |. .|\n");
}

static void
test_dump_offsets (void)
{
  guint8 data[0x123];
  g_autofree char *dump = NULL;
  g_auto(GStrv) lines = NULL;
  guint i;

  for (i = 0; i < sizeof data; i++)
    data[i] = (guint8) i;

  dump = sw_hex_dump (data, sizeof data);
  lines = g_strsplit (dump, "\n", -1);

  /* 0x123 bytes make 0x12 full rows, a short one, and the empty string
   * after the final line break. */
  g_assert_cmpuint (g_strv_length (lines), ==, 0x13 + 1);
  g_assert_cmpstr (lines[0x13], ==, "");
  g_assert_cmpstr (lines[1], ==,
                   "00000010  10 11 12 13 14 15 16 17  18 19 1A 1B 1C 1D 1E 1F  "
                   "|................|");
  g_assert_cmpstr (lines[0xF], ==,
                   "000000F0  F0 F1 F2 F3 F4 F5 F6 F7  F8 F9 FA FB FC FD FE FF  "
                   "|................|");
  g_assert_cmpstr (lines[0x12], ==,
                   "00000120  20 21 22                                          "
                   "| !\"|");

  for (i = 0; i < 0x12; i++)
    g_assert_cmpuint (strlen (lines[i]), ==, 78);
}

static void
test_dump_append_prefix (void)
{
  g_autoptr(GString) out = g_string_new ("RX 17 bytes\n");

  sw_hex_dump_append (out, (const guint8 *) "0123456789abcdefg", 17, "    ");
  g_assert_cmpstr (out->str, ==,
                   "RX 17 bytes\n"
                   "    00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  "
                   "|0123456789abcdef|\n"
                   "    00000010  67                                                "
                   "|g|\n");

  /* An empty prefix is the same as none; no data appends nothing. */
  g_string_truncate (out, 0);
  sw_hex_dump_append (out, (const guint8 *) "Hi", 2, "");
  sw_hex_dump_append (out, NULL, 0, "  ");
  g_assert_cmpstr (out->str, ==,
                   "00000000  48 69                                             |Hi|\n");
}

/* Reads the hex columns back out of a dump: they start after the offset
 * and its two spaces and end before the two spaces and the gutter. */
static char *
dump_hex_columns (const char *dump)
{
  g_autoptr(GString) hex = g_string_new (NULL);
  g_auto(GStrv) lines = g_strsplit (dump, "\n", -1);
  guint i;

  for (i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      const char *bar = strchr (lines[i], '|');

      g_assert_nonnull (bar);
      g_assert_cmpint (bar - lines[i], ==, 60);
      g_assert_cmpint (lines[i][strlen (lines[i]) - 1], ==, '|');
      g_string_append_len (hex, lines[i] + 10, 50);
      g_string_append_c (hex, '\n');
    }

  return g_string_free (g_steal_pointer (&hex), FALSE);
}

static void
test_dump_round_trip (void)
{
  guint i;

  for (i = 0; i < N_RANDOM_BUFFERS; i++)
    {
      gsize length = (gsize) g_test_rand_int_range (0, MAX_RANDOM_LENGTH + 1);
      g_autofree guint8 *data = g_malloc (MAX (length, 1));
      g_autofree char *dump = NULL;
      g_autofree char *hex = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      gsize rows = (length + SW_HEX_DUMP_WIDTH - 1) / SW_HEX_DUMP_WIDTH;

      fill_random (data, length);
      dump = sw_hex_dump (data, length);
      /* 79 characters a full row, one fewer per missing gutter byte. */
      g_assert_cmpuint (strlen (dump), ==, rows * (79 - SW_HEX_DUMP_WIDTH) + length);

      hex = dump_hex_columns (dump);
      bytes = sw_hex_parse (hex, -1, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       data, length);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/hex/parse/separators", test_parse_separators);
  g_test_add_func ("/sw/hex/parse/prefix", test_parse_prefix);
  g_test_add_func ("/sw/hex/parse/contiguous", test_parse_contiguous);
  g_test_add_func ("/sw/hex/parse/case", test_parse_case);
  g_test_add_func ("/sw/hex/parse/all-bytes", test_parse_all_bytes);
  g_test_add_func ("/sw/hex/parse/empty", test_parse_empty);
  g_test_add_func ("/sw/hex/parse/length", test_parse_length);
  g_test_add_func ("/sw/hex/parse/invalid-character", test_parse_invalid_character);
  g_test_add_func ("/sw/hex/parse/invalid-utf8-character", test_parse_invalid_utf8_character);
  g_test_add_func ("/sw/hex/parse/odd-digits", test_parse_odd_digits);
  g_test_add_func ("/sw/hex/parse/odd-digits-long-token", test_parse_odd_digits_long_token);
  g_test_add_func ("/sw/hex/parse/empty-prefix", test_parse_empty_prefix);
  g_test_add_func ("/sw/hex/parse/multi-line", test_parse_multi_line);
  g_test_add_func ("/sw/hex/format/fixed", test_format_fixed);
  g_test_add_func ("/sw/hex/format/append", test_format_append);
  g_test_add_func ("/sw/hex/format/round-trip", test_format_round_trip);
  g_test_add_func ("/sw/hex/dump/fixed", test_dump_fixed);
  g_test_add_func ("/sw/hex/dump/offsets", test_dump_offsets);
  g_test_add_func ("/sw/hex/dump/append-prefix", test_dump_append_prefix);
  g_test_add_func ("/sw/hex/dump/round-trip", test_dump_round_trip);

  return g_test_run ();
}
