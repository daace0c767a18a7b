/* test-encoding.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-core-private.h"
#include "sw-encoding.h"

static const SwEncoding all_encodings[] = {
  SW_ENCODING_UTF8,
  SW_ENCODING_GB18030,
  SW_ENCODING_GBK,
  SW_ENCODING_BIG5,
  SW_ENCODING_LATIN1,
  SW_ENCODING_UTF16LE,
  SW_ENCODING_UTF16BE,
};

static void
assert_decode_full (SwEncoding     encoding,
                    const char    *data,
                    gsize          length,
                    SwDecodeFlags  flags,
                    const char    *expected)
{
  g_autofree char *text = sw_encoding_decode (encoding, (const guint8 *) data, length, flags);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpstr (text, ==, expected);
}

/* Byte strings are literals; sizeof keeps embedded NULs. */
#define assert_decode(encoding, bytes, expected) \
  assert_decode_full ((encoding), (bytes), sizeof (bytes) - 1, SW_DECODE_FLAGS_NONE, (expected))

static void
assert_bytes (GBytes     *bytes,
              const char *expected,
              gsize       expected_length)
{
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   expected, expected_length);
}

#define assert_encode(encoding, text, bytes) G_STMT_START {                   \
    g_autoptr(GError) error_ = NULL;                                          \
    g_autoptr(GBytes) encoded_ = sw_encoding_encode ((encoding), (text), -1,  \
                                                     NULL, &error_);          \
    g_assert_no_error (error_);                                               \
    assert_bytes (encoded_, (bytes), sizeof (bytes) - 1);                     \
  } G_STMT_END

static void
test_ids (void)
{
  static const struct {
    SwEncoding encoding;
    const char *charset;
    const char *id;
    const char *display_name;
  } expected[] = {
    { SW_ENCODING_UTF8, "UTF-8", "utf-8", "Unicode (UTF-8)" },
    { SW_ENCODING_GB18030, "GB18030", "gb18030", "Chinese Simplified (GB18030)" },
    { SW_ENCODING_GBK, "GBK", "gbk", "Chinese Simplified (GBK)" },
    { SW_ENCODING_BIG5, "BIG5", "big5", "Chinese Traditional (Big5)" },
    { SW_ENCODING_LATIN1, "ISO-8859-1", "latin-1", "Western (ISO-8859-1)" },
    { SW_ENCODING_UTF16LE, "UTF-16LE", "utf-16le", "Unicode (UTF-16 LE)" },
    { SW_ENCODING_UTF16BE, "UTF-16BE", "utf-16be", "Unicode (UTF-16 BE)" },
  };
  SwEncoding encoding = SW_ENCODING_BIG5;

  G_STATIC_ASSERT (G_N_ELEMENTS (expected) == SW_N_ENCODINGS);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SwEncoding found = SW_ENCODING_UTF8;
      GIConv cd;

      g_assert_cmpstr (sw_encoding_get_charset (expected[i].encoding), ==, expected[i].charset);
      g_assert_cmpstr (sw_encoding_get_id (expected[i].encoding), ==, expected[i].id);
      g_assert_cmpstr (sw_encoding_get_display_name (expected[i].encoding), ==,
                       expected[i].display_name);
      g_assert_true (sw_encoding_from_id (expected[i].id, &found));
      g_assert_cmpint (found, ==, expected[i].encoding);

      /* The charset names are ones iconv knows. */
      cd = g_iconv_open ("UTF-8", expected[i].charset);
      g_assert_true (cd != (GIConv) -1);
      g_iconv_close (cd);
    }

  g_assert_false (sw_encoding_from_id ("UTF-8", &encoding));
  g_assert_false (sw_encoding_from_id ("latin1", &encoding));
  g_assert_false (sw_encoding_from_id ("", &encoding));
  g_assert_cmpint (encoding, ==, SW_ENCODING_BIG5);
}

static void
test_decode_utf8 (void)
{
  assert_decode (SW_ENCODING_UTF8, "", "");
  assert_decode (SW_ENCODING_UTF8, "Hello, world", "Hello, world");
  assert_decode (SW_ENCODING_UTF8, "你好，世界 😀 café €", "你好，世界 😀 café €");
  /* U+00A0 no-break space is a space, not a format character. */
  assert_decode (SW_ENCODING_UTF8, "a\xC2\xA0" "b", "a\xC2\xA0" "b");
}

static void
test_decode_controls (void)
{
  assert_decode (SW_ENCODING_UTF8, "a\rb\nc\td", "a\\rb\\nc\\td");
  assert_decode (SW_ENCODING_UTF8, "C:\\dir\\n", "C:\\\\dir\\\\n");
  assert_decode (SW_ENCODING_UTF8, "\\", "\\\\");
  assert_decode (SW_ENCODING_UTF8, "\0", "\\x00");
  assert_decode (SW_ENCODING_UTF8, "a\0b\0", "a\\x00b\\x00");
  assert_decode (SW_ENCODING_UTF8, "\x01\x07\x08\x0B\x0C\x1B\x1F", "\\x01\\x07\\x08\\x0B\\x0C\\x1B\\x1F");
  assert_decode (SW_ENCODING_UTF8, "del\x7F", "del\\x7F");
  assert_decode (SW_ENCODING_UTF8, "\r\n", "\\r\\n");

  /* Every C0 control in every ASCII-compatible encoding. */
  for (guint e = 0; e < G_N_ELEMENTS (all_encodings); e++)
    {
      if (all_encodings[e] == SW_ENCODING_UTF16LE || all_encodings[e] == SW_ENCODING_UTF16BE)
        continue;

      for (guint8 b = 0; b < 0x20; b++)
        {
          g_autofree char *text = sw_encoding_decode (all_encodings[e], &b, 1, SW_DECODE_FLAGS_NONE);
          g_autofree char *expected = NULL;

          if (b == '\r')
            expected = g_strdup ("\\r");
          else if (b == '\n')
            expected = g_strdup ("\\n");
          else if (b == '\t')
            expected = g_strdup ("\\t");
          else
            expected = g_strdup_printf ("\\x%02X", b);

          g_assert_cmpstr (text, ==, expected);
        }
    }
}

static void
test_decode_c1 (void)
{
  /* In Latin-1 a C1 control is that byte. */
  assert_decode (SW_ENCODING_LATIN1, "\x80", "\\x80");
  assert_decode (SW_ENCODING_LATIN1, "a\x85" "b\x9F", "a\\x85b\\x9F");
  /* In the other encodings \xNN would read as one lone byte. */
  assert_decode (SW_ENCODING_UTF8, "a\xC2\x85" "b", "a\\u{0085}b");
  assert_decode (SW_ENCODING_UTF8, "\xC2\x80\xC2\x9F", "\\u{0080}\\u{009F}");
  assert_decode (SW_ENCODING_GB18030, "\x81\x30\x81\x35", "\\u{0085}");
  assert_decode (SW_ENCODING_UTF16LE, "\x85\x00", "\\u{0085}");
  assert_decode (SW_ENCODING_UTF16BE, "\x00\x85", "\\u{0085}");
}

static void
test_decode_format_chars (void)
{
  static const struct {
    const char *utf8;
    const char *expected;
  } cases[] = {
    { "\xC2\xAD", "\\u{00AD}" },           /* soft hyphen */
    { "\xE2\x80\x8B", "\\u{200B}" },       /* zero width space */
    { "\xE2\x80\x8D", "\\u{200D}" },       /* zero width joiner */
    { "\xE2\x80\x8F", "\\u{200F}" },       /* right-to-left mark */
    { "\xE2\x80\xAA", "\\u{202A}" },       /* left-to-right embedding */
    { "\xE2\x80\xAE", "\\u{202E}" },       /* right-to-left override */
    { "\xE2\x81\xA6", "\\u{2066}" },       /* left-to-right isolate */
    { "\xE2\x81\xA9", "\\u{2069}" },       /* pop directional isolate */
    { "\xEF\xBB\xBF", "\\u{FEFF}" },       /* byte order mark */
    { "\xE2\x80\xA8", "\\u{2028}" },       /* line separator */
    { "\xE2\x80\xA9", "\\u{2029}" },       /* paragraph separator */
    { "\xF3\xA0\x80\x81", "\\u{E0001}" },  /* language tag */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *input = g_strconcat ("a", cases[i].utf8, "b", NULL);
      g_autofree char *expected = g_strconcat ("a", cases[i].expected, "b", NULL);

      assert_decode_full (SW_ENCODING_UTF8, input, strlen (input), SW_DECODE_FLAGS_NONE, expected);
    }

  /* The same character from other encodings. */
  assert_decode (SW_ENCODING_LATIN1, "a\xAD" "b", "a\\u{00AD}b");
  assert_decode (SW_ENCODING_UTF16LE, "\xFF\xFE" "A\x00", "\\u{FEFF}A");
  assert_decode (SW_ENCODING_UTF16BE, "\xFE\xFF\x00" "A", "\\u{FEFF}A");
  assert_decode (SW_ENCODING_UTF16BE, "\x20\x2E", "\\u{202E}");
  assert_decode (SW_ENCODING_GB18030, "\xC4\xE3\x81\x36\xA4\x37\xBA\xC3", "你\\u{200B}好");
}

static void
test_decode_invalid_utf8 (void)
{
  assert_decode (SW_ENCODING_UTF8, "a\xFF" "b", "a\\xFFb");
  assert_decode (SW_ENCODING_UTF8, "\x80", "\\x80");
  assert_decode (SW_ENCODING_UTF8, "\xFE\xFF", "\\xFE\\xFF");
  /* Overlong forms, surrogates and code points past U+10FFFF. */
  assert_decode (SW_ENCODING_UTF8, "\xC0\x80", "\\xC0\\x80");
  assert_decode (SW_ENCODING_UTF8, "\xE0\x80\xAF", "\\xE0\\x80\\xAF");
  assert_decode (SW_ENCODING_UTF8, "\xED\xA0\x80", "\\xED\\xA0\\x80");
  assert_decode (SW_ENCODING_UTF8, "\xF4\x90\x80\x80", "\\xF4\\x90\\x80\\x80");
  /* A broken sequence mid-string: decoding resumes at the next byte. */
  assert_decode (SW_ENCODING_UTF8, "\xE4\xBD" "A\xE4\xBD\xA0", "\\xE4\\xBDA你");
  assert_decode (SW_ENCODING_UTF8, "\xE4\xE4\xBD\xA0", "\\xE4你");
  /* Cut off at the end of the chunk. */
  assert_decode (SW_ENCODING_UTF8, "ab\xE4\xBD", "ab\\xE4\\xBD");
  assert_decode (SW_ENCODING_UTF8, "ab\xF0\x9F\x98", "ab\\xF0\\x9F\\x98");
  assert_decode (SW_ENCODING_UTF8, "\xC3", "\\xC3");
}

static void
test_decode_latin1 (void)
{
  assert_decode (SW_ENCODING_LATIN1, "Gr\xFC\xDF" "e, caf\xE9 \xBD", "Grüße, café ½");
  assert_decode (SW_ENCODING_LATIN1, "\xA0\xFF", "\xC2\xA0ÿ");
  assert_decode (SW_ENCODING_LATIN1, "\\\r\n\t\x7F", "\\\\\\r\\n\\t\\x7F");

  /* Every byte decodes to something. */
  for (guint b = 0xA0; b <= 0xFF; b++)
    {
      guint8 byte = b;
      g_autofree char *text = sw_encoding_decode (SW_ENCODING_LATIN1, &byte, 1, SW_DECODE_FLAGS_NONE);

      if (b == 0xAD)
        g_assert_cmpstr (text, ==, "\\u{00AD}");
      else
        g_assert_cmpuint (g_utf8_get_char (text), ==, b);
    }
}

static void
test_decode_gb18030 (void)
{
  assert_decode (SW_ENCODING_GB18030, "\xC4\xE3\xBA\xC3\xA3\xAC\xCA\xC0\xBD\xE7", "你好，世界");
  assert_decode (SW_ENCODING_GB18030, "\xA2\xE3", "€");
  /* Four-byte sequences: U+00C4 and U+1F600. */
  assert_decode (SW_ENCODING_GB18030, "\x81\x30\x87\x32", "Ä");
  assert_decode (SW_ENCODING_GB18030, "\x94\x39\xFC\x36", "😀");
  assert_decode (SW_ENCODING_GB18030, "a\r\n\\", "a\\r\\n\\\\");

  /* Invalid bytes mid-string. */
  assert_decode (SW_ENCODING_GB18030, "\xC4\xE3\xFF\xBA\xC3", "你\\xFF好");
  assert_decode (SW_ENCODING_GB18030, "\x80" "A", "\\x80A");
  assert_decode (SW_ENCODING_GB18030, "\xC4\xE3\x81\x20" "A", "你\\x81 A");
  assert_decode (SW_ENCODING_GB18030, "\x81\x30\x20" "AB", "\\x810 AB");
  /* Near the end: only a real beginning of a character is all \xNN. */
  assert_decode (SW_ENCODING_GB18030, "\x81\x30\x20", "\\x810 ");
  assert_decode (SW_ENCODING_GB18030, "\xC4\xE3\xBA", "你\\xBA");
  assert_decode (SW_ENCODING_GB18030, "\xC4\xE3\x81\x30", "你\\x81\\x30");
  assert_decode (SW_ENCODING_GB18030, "\xC4\xE3\x81\x30\x81", "你\\x81\\x30\\x81");
  assert_decode (SW_ENCODING_GB18030, "\xFF", "\\xFF");
}

static void
test_decode_gbk (void)
{
  assert_decode (SW_ENCODING_GBK, "\xC4\xE3\xBA\xC3", "你好");
  assert_decode (SW_ENCODING_GBK, "\xC4\xE3\xBA\xC3\xA3\xAC\xCA\xC0\xBD\xE7", "你好，世界");
  assert_decode (SW_ENCODING_GBK, "\x80", "€");
  assert_decode (SW_ENCODING_GBK, "OK\r\n", "OK\\r\\n");

  assert_decode (SW_ENCODING_GBK, "\xC4\xE3\x81\x20\xBA\xC3", "你\\x81 好");
  assert_decode (SW_ENCODING_GBK, "\xC4\xE3\x81\x7F", "你\\x81\\x7F");
  assert_decode (SW_ENCODING_GBK, "\xFF\xC4\xE3", "\\xFF你");
  assert_decode (SW_ENCODING_GBK, "\xC4\xE3\xBA", "你\\xBA");
  assert_decode (SW_ENCODING_GBK, "\xC4", "\\xC4");
}

static void
test_decode_big5 (void)
{
  assert_decode (SW_ENCODING_BIG5, "\xA4\xA4\xA4\xE5", "中文");
  assert_decode (SW_ENCODING_BIG5, "\xA7\x41\xA6\x6E", "你好");
  assert_decode (SW_ENCODING_BIG5, "\xA3\xE1", "€");

  assert_decode (SW_ENCODING_BIG5, "\xA4\xA4\x81\x40\xA4\xE5", "中\\x81@文");
  assert_decode (SW_ENCODING_BIG5, "\xFF\xA4\xA4", "\\xFF中");
  assert_decode (SW_ENCODING_BIG5, "\xA4\xA4\xA4", "中\\xA4");
}

static void
test_decode_utf16 (void)
{
  assert_decode (SW_ENCODING_UTF16LE, "A\x00\x2D\x4E\x87\x65", "A中文");
  assert_decode (SW_ENCODING_UTF16BE, "\x00" "A\x4E\x2D\x65\x87", "A中文");
  /* Surrogate pairs: U+1F600. */
  assert_decode (SW_ENCODING_UTF16LE, "\x3D\xD8\x00\xDE", "😀");
  assert_decode (SW_ENCODING_UTF16BE, "\xD8\x3D\xDE\x00", "😀");
  assert_decode (SW_ENCODING_UTF16LE, "\r\x00\n\x00\t\x00\\\x00\x00\x00\x01\x00",
                 "\\r\\n\\t\\\\\\x00\\x01");

  /* Unpaired surrogates: both bytes of the unit, then the next unit. */
  assert_decode (SW_ENCODING_UTF16LE, "\x3D\xD8" "A\x00", "\\x3D\\xD8A");
  assert_decode (SW_ENCODING_UTF16BE, "\xD8\x3D\x00" "A", "\\xD8\\x3DA");
  assert_decode (SW_ENCODING_UTF16LE, "\x00\xDE" "A\x00", "\\x00\\xDEA");
  assert_decode (SW_ENCODING_UTF16LE, "\x3D\xD8\x3D\xD8\x00\xDE", "\\x3D\\xD8😀");
  /* Cut off at the end: a lone byte, a high surrogate without its pair. */
  assert_decode (SW_ENCODING_UTF16LE, "A\x00" "B", "A\\x42");
  assert_decode (SW_ENCODING_UTF16BE, "\x00" "A\x4E", "A\\x4E");
  assert_decode (SW_ENCODING_UTF16LE, "A\x00\x3D\xD8", "A\\x3D\\xD8");
  assert_decode (SW_ENCODING_UTF16LE, "A\x00\x3D\xD8\x00", "A\\x3D\\xD8\\x00");
}

static gunichar
random_printable_char (void)
{
  for (;;)
    {
      gunichar c;

      switch (g_test_rand_int_range (0, 4))
        {
        case 0:
          c = g_test_rand_int_range (0x20, 0x7F);
          break;
        case 1:
          c = g_test_rand_int_range (0xA0, 0x800);
          break;
        case 2:
          c = g_test_rand_int_range (0x800, 0x10000);
          break;
        default:
          c = g_test_rand_int_range (0x10000, 0x110000);
          break;
        }

      /* Private use characters are left out: glibc's GB18030 lacks some
       * that the 2022 edition moved to standard code points. */
      if (c != '\\' && g_unichar_validate (c) && g_unichar_isgraph (c)
          && g_unichar_type (c) != G_UNICODE_FORMAT
          && g_unichar_type (c) != G_UNICODE_PRIVATE_USE
          && c != 0x2028 && c != 0x2029)
        return c;
    }
}

/* The hand-written UTF-16 codec agrees with iconv. */
static void
test_utf16_matches_iconv (void)
{
  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint n = g_test_rand_int_range (1, 60);

      for (guint i = 0; i < n; i++)
        g_string_append_unichar (text, random_printable_char ());

      for (guint k = 0; k < 2; k++)
        {
          SwEncoding encoding = k ? SW_ENCODING_UTF16BE : SW_ENCODING_UTF16LE;
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) encoded = NULL;
          g_autofree char *converted = NULL;
          g_autofree char *decoded = NULL;
          gsize converted_len = 0;

          converted = g_convert (text->str, text->len, sw_encoding_get_charset (encoding), "UTF-8",
                                 NULL, &converted_len, &error);
          g_assert_no_error (error);

          encoded = sw_encoding_encode (encoding, text->str, text->len, NULL, &error);
          g_assert_no_error (error);
          assert_bytes (encoded, converted, converted_len);

          decoded = sw_encoding_decode (encoding, (const guint8 *) converted, converted_len,
                                        SW_DECODE_FLAGS_NONE);
          g_assert_cmpstr (decoded, ==, text->str);
        }
    }
}

static void
test_decode_break_lf (void)
{
  assert_decode_full (SW_ENCODING_UTF8, "a\r\nb\nc", 6, SW_DECODE_FLAGS_BREAK_LF,
                      "a\\r\\n\nb\\n\nc");
  assert_decode_full (SW_ENCODING_UTF8, "a\r\nb\nc", 6, SW_DECODE_FLAGS_NONE,
                      "a\\r\\nb\\nc");
  assert_decode_full (SW_ENCODING_UTF8, "\n\n", 2, SW_DECODE_FLAGS_BREAK_LF, "\\n\n\\n\n");
  assert_decode_full (SW_ENCODING_UTF8, "a\rb", 3, SW_DECODE_FLAGS_BREAK_LF, "a\\rb");
  assert_decode_full (SW_ENCODING_LATIN1, "\xE9\n", 2, SW_DECODE_FLAGS_BREAK_LF, "é\\n\n");
  assert_decode_full (SW_ENCODING_GBK, "\xC4\xE3\n\xBA\xC3", 5, SW_DECODE_FLAGS_BREAK_LF,
                      "你\\n\n好");
  assert_decode_full (SW_ENCODING_UTF16LE, "a\x00\n\x00" "b\x00", 6, SW_DECODE_FLAGS_BREAK_LF,
                      "a\\n\nb");
}

static void
assert_decode_raw (SwEncoding  encoding,
                   GIConv     *converter,
                   const char *data,
                   gsize       length,
                   const char *expected,
                   gsize       expected_length)
{
  g_autoptr(GString) text = g_string_new (NULL);

  _sw_encoding_decode_append_with (encoding, converter, (const guint8 *) data, length,
                                   SW_DECODE_FLAGS_RAW, text);
  g_assert_cmpmem (text->str, text->len, expected, expected_length);
}

#define assert_raw(encoding, converter, bytes, expected) \
  assert_decode_raw ((encoding), (converter), (bytes), sizeof (bytes) - 1, \
                     (expected), sizeof (expected) - 1)

/* Text to match: characters are themselves, undecodable bytes \xNN. */
static void
test_decode_raw (void)
{
  GIConv converter = (GIConv) -1;

  assert_raw (SW_ENCODING_UTF8, NULL, "a\r\n\\\0\xff" "b", "a\r\n\\\0\\xFFb");
  assert_raw (SW_ENCODING_LATIN1, NULL, "\x85\xe9\t", "\xc2\x85\xc3\xa9\t");
  assert_raw (SW_ENCODING_UTF16LE, NULL, "a\0\n\0\0\xd8", "a\n\\x00\\xD8");
  assert_raw (SW_ENCODING_UTF8, NULL, "\xe2\x80\x8b", "\xe2\x80\x8b");

  /* With a converter kept between calls, one cut off in the middle of a
   * character does not spoil the next call. */
  for (guint i = 0; i < 3; i++)
    {
      assert_raw (SW_ENCODING_GB18030, &converter, "\xc4\xe3\t\x81", "你\t\\x81");
      g_assert_true (converter != (GIConv) -1);
      assert_raw (SW_ENCODING_GB18030, &converter, "\xba\xc3\\", "好\\");
    }
  _sw_encoding_clear_converter (&converter);
  g_assert_true (converter == (GIConv) -1);
}

static void
test_decode_append (void)
{
  g_autoptr(GString) out = g_string_new ("> ");

  sw_encoding_decode_append (SW_ENCODING_GBK, (const guint8 *) "\xC4\xE3", 2,
                             SW_DECODE_FLAGS_NONE, out);
  sw_encoding_decode_append (SW_ENCODING_UTF8, (const guint8 *) "\n", 1,
                             SW_DECODE_FLAGS_NONE, out);
  sw_encoding_decode_append (SW_ENCODING_UTF8, NULL, 0, SW_DECODE_FLAGS_NONE, out);
  g_assert_cmpstr (out->str, ==, "> 你\\n");

  for (guint e = 0; e < G_N_ELEMENTS (all_encodings); e++)
    {
      g_autofree char *text = sw_encoding_decode (all_encodings[e], NULL, 0, SW_DECODE_FLAGS_NONE);

      g_assert_cmpstr (text, ==, "");
    }
}

/* A larger input crosses the internal block boundaries. */
static void
test_decode_long (void)
{
  for (guint e = 0; e < G_N_ELEMENTS (all_encodings); e++)
    {
      SwEncoding encoding = all_encodings[e];
      const char *sample = encoding == SW_ENCODING_LATIN1 ? "Grüße\\ café\n" : "你好，中文\\ ok\n";
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GString) expected = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) encoded = NULL;
      g_autofree char *decoded = NULL;
      gsize size;
      const guint8 *data;

      for (guint i = 0; i < 5000; i++)
        g_string_append (text, sample);

      for (const char *p = text->str; *p; p++)
        {
          if (*p == '\\')
            g_string_append (expected, "\\\\");
          else if (*p == '\n')
            g_string_append (expected, "\\n");
          else
            g_string_append_c (expected, *p);
        }

      encoded = sw_encoding_encode (encoding, text->str, text->len, NULL, &error);
      g_assert_no_error (error);

      data = g_bytes_get_data (encoded, &size);
      decoded = sw_encoding_decode (encoding, data, size, SW_DECODE_FLAGS_NONE);
      g_assert_cmpstr (decoded, ==, expected->str);
    }
}

/* Random bytes, with some characters of each encoding mixed in. */
static GByteArray *
random_buffer (SwEncoding encoding)
{
  static const char *samples[] = { "你好", "中文", "A", "€", "\\", "\r\n", "😀", "é",
                                   "\xE2\x80\xAE", "\xC2\x85", "\xEF\xBB\xBF", "\t" };
  GByteArray *buffer = g_byte_array_new ();
  guint n = g_test_rand_int_range (0, 120);

  for (guint i = 0; i < n; i++)
    {
      if (g_test_rand_bit ())
        {
          guint8 byte = g_test_rand_int_range (0, 256);

          g_byte_array_append (buffer, &byte, 1);
        }
      else
        {
          const char *sample = samples[g_test_rand_int_range (0, G_N_ELEMENTS (samples))];
          g_autoptr(GBytes) encoded = sw_encoding_encode (encoding, sample, -1, NULL, NULL);

          if (encoded != NULL)
            g_byte_array_append (buffer, g_bytes_get_data (encoded, NULL),
                                 g_bytes_get_size (encoded));
        }
    }

  return buffer;
}

static void
test_decode_always_valid (void)
{
  for (guint e = 0; e < G_N_ELEMENTS (all_encodings); e++)
    {
      for (guint round = 0; round < 300; round++)
        {
          g_autoptr(GByteArray) buffer = random_buffer (all_encodings[e]);
          g_autoptr(GString) out = g_string_new (NULL);

          sw_encoding_decode_append (all_encodings[e], buffer->data, buffer->len,
                                     round % 2 ? SW_DECODE_FLAGS_BREAK_LF : SW_DECODE_FLAGS_NONE,
                                     out);

          /* Fails on an embedded NUL as well. */
          g_assert_true (g_utf8_validate (out->str, out->len, NULL));

          for (const char *p = out->str; *p; p = g_utf8_next_char (p))
            {
              gunichar c = g_utf8_get_char (p);

              /* Only BREAK_LF adds a real line break, and only after "\n". */
              if (c == '\n')
                {
                  g_assert_true (round % 2 == 1);
                  g_assert_true (p - out->str >= 2 && p[-2] == '\\' && p[-1] == 'n');
                  continue;
                }

              g_assert_false (g_unichar_iscntrl (c));
              g_assert_cmpint (g_unichar_type (c), !=, G_UNICODE_FORMAT);
              g_assert_cmpuint (c, !=, 0x2028);
              g_assert_cmpuint (c, !=, 0x2029);
            }
        }
    }
}

static int
hex_digit (char c)
{
  g_assert_true (g_ascii_isxdigit (c));
  g_assert_false (g_ascii_islower (c));
  return g_ascii_xdigit_value (c);
}

static void
append_char (GByteArray *bytes,
             SwEncoding  encoding,
             gunichar    c)
{
  if (encoding == SW_ENCODING_LATIN1)
    {
      guint8 byte = c;

      g_assert_cmpuint (c, <=, 0xFF);
      g_byte_array_append (bytes, &byte, 1);
    }
  else
    {
      char buf[6];

      g_assert_true (encoding == SW_ENCODING_UTF8);
      g_byte_array_append (bytes, (const guint8 *) buf, g_unichar_to_utf8 (c, buf));
    }
}

/* Turns what the view shows back into the bytes received. */
static GByteArray *
unescape_display (const char *display,
                  SwEncoding  encoding,
                  gboolean    break_lf)
{
  GByteArray *bytes = g_byte_array_new ();
  const char *p = display;

  while (*p)
    {
      guint8 byte;

      if (*p == '\n')
        {
          /* The line break BREAK_LF adds after a visible "\n". */
          g_assert_true (break_lf);
          g_assert_true (p - display >= 2 && p[-2] == '\\' && p[-1] == 'n');
          p++;
          continue;
        }

      if (*p != '\\')
        {
          append_char (bytes, encoding, g_utf8_get_char (p));
          p = g_utf8_next_char (p);
          continue;
        }

      p++;
      switch (*p)
        {
        case 'r':
          byte = '\r';
          break;
        case 'n':
          byte = '\n';
          g_assert_true (!break_lf || p[1] == '\n');
          break;
        case 't':
          byte = '\t';
          break;
        case '\\':
          byte = '\\';
          break;
        case 'x':
          byte = hex_digit (p[1]) << 4 | hex_digit (p[2]);
          p += 2;
          break;
        case 'u':
          {
            char *close;
            gunichar c;

            g_assert_cmpint (p[1], ==, '{');
            c = g_ascii_strtoull (p + 2, &close, 16);
            g_assert_cmpint (*close, ==, '}');
            g_assert_cmpint (close - (p + 2), >=, 4);
            append_char (bytes, encoding, c);
            p = close + 1;
            continue;
          }
        default:
          g_assert_not_reached ();
        }

      g_byte_array_append (bytes, &byte, 1);
      p++;
    }

  return bytes;
}

static void
test_decode_no_byte_dropped (void)
{
  static const SwEncoding encodings[] = { SW_ENCODING_UTF8, SW_ENCODING_LATIN1 };

  for (guint e = 0; e < G_N_ELEMENTS (encodings); e++)
    {
      for (guint round = 0; round < 500; round++)
        {
          gboolean break_lf = round % 2;
          g_autoptr(GByteArray) buffer = random_buffer (SW_ENCODING_UTF8);
          g_autoptr(GByteArray) back = NULL;
          g_autofree char *display = NULL;

          display = sw_encoding_decode (encodings[e], buffer->data, buffer->len,
                                        break_lf ? SW_DECODE_FLAGS_BREAK_LF : SW_DECODE_FLAGS_NONE);
          back = unescape_display (display, encodings[e], break_lf);
          g_assert_cmpmem (back->data, back->len, buffer->data, buffer->len);
        }
    }
}

static void
decode_many_times (void)
{
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *a = sw_encoding_decode (SW_ENCODING_GBK,
                                               (const guint8 *) "\xC4\xE3\xFF\xBA\xC3", 5,
                                               SW_DECODE_FLAGS_NONE);
      g_autofree char *b = sw_encoding_decode (SW_ENCODING_BIG5,
                                               (const guint8 *) "\xA4\xA4\xA4\xE5\xA4", 5,
                                               SW_DECODE_FLAGS_NONE);

      g_assert_cmpstr (a, ==, "你\\xFF好");
      g_assert_cmpstr (b, ==, "中文\\xA4");
    }
}

static gpointer
decode_thread (gpointer data)
{
  decode_many_times ();
  return NULL;
}

static void
test_decode_threads (void)
{
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("decode", decode_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

static void
test_encode_round_trip (void)
{
  static const struct {
    SwEncoding encoding;
    const char *text;
  } cases[] = {
    { SW_ENCODING_UTF8, "Hello, 你好，世界 😀 Grüße €" },
    { SW_ENCODING_GB18030, "Hello, 你好，世界 😀 Grüße € 中文" },
    { SW_ENCODING_GBK, "Hello, 你好，世界 € 中文" },
    { SW_ENCODING_BIG5, "Hello, 中文，你好 €" },
    { SW_ENCODING_LATIN1, "Hello, Grüße, café ½ ÿ" },
    { SW_ENCODING_UTF16LE, "Hello, 你好，世界 😀 Grüße €" },
    { SW_ENCODING_UTF16BE, "Hello, 你好，世界 😀 Grüße €" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) encoded = NULL;
      g_autofree char *decoded = NULL;
      const guint8 *data;
      gsize size;

      encoded = sw_encoding_encode (cases[i].encoding, cases[i].text, -1, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (encoded);

      data = g_bytes_get_data (encoded, &size);
      decoded = sw_encoding_decode (cases[i].encoding, data, size, SW_DECODE_FLAGS_NONE);
      g_assert_cmpstr (decoded, ==, cases[i].text);
    }

  /* Random printable text in the Unicode encodings and GB18030. */
  for (guint round = 0; round < 100; round++)
    {
      static const SwEncoding unicode[] = { SW_ENCODING_UTF8, SW_ENCODING_GB18030,
                                            SW_ENCODING_UTF16LE, SW_ENCODING_UTF16BE };
      g_autoptr(GString) text = g_string_new (NULL);
      guint n = g_test_rand_int_range (0, 40);

      for (guint i = 0; i < n; i++)
        g_string_append_unichar (text, random_printable_char ());

      for (guint e = 0; e < G_N_ELEMENTS (unicode); e++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) encoded = NULL;
          g_autofree char *decoded = NULL;
          const guint8 *data;
          gsize size;

          encoded = sw_encoding_encode (unicode[e], text->str, text->len, NULL, &error);
          g_assert_no_error (error);
          data = g_bytes_get_data (encoded, &size);
          decoded = sw_encoding_decode (unicode[e], data, size, SW_DECODE_FLAGS_NONE);
          g_assert_cmpstr (decoded, ==, text->str);
        }
    }
}

static void
test_encode_bytes (void)
{
  assert_encode (SW_ENCODING_UTF8, "你好", "\xE4\xBD\xA0\xE5\xA5\xBD");
  assert_encode (SW_ENCODING_GB18030, "你好，世界", "\xC4\xE3\xBA\xC3\xA3\xAC\xCA\xC0\xBD\xE7");
  assert_encode (SW_ENCODING_GB18030, "😀€", "\x94\x39\xFC\x36\xA2\xE3");
  assert_encode (SW_ENCODING_GBK, "你好", "\xC4\xE3\xBA\xC3");
  assert_encode (SW_ENCODING_GBK, "€", "\x80");
  assert_encode (SW_ENCODING_BIG5, "中文", "\xA4\xA4\xA4\xE5");
  assert_encode (SW_ENCODING_LATIN1, "café\r\n", "caf\xE9\r\n");
  assert_encode (SW_ENCODING_LATIN1, "\xC2\x85", "\x85");
  /* No byte order mark. */
  assert_encode (SW_ENCODING_UTF16LE, "A中😀", "A\x00\x2D\x4E\x3D\xD8\x00\xDE");
  assert_encode (SW_ENCODING_UTF16BE, "A中😀", "\x00" "A\x4E\x2D\xD8\x3D\xDE\x00");
}

static void
test_encode_length (void)
{
  for (guint e = 0; e < G_N_ELEMENTS (all_encodings); e++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) empty1 = NULL;
      g_autoptr(GBytes) empty2 = NULL;
      g_autoptr(GBytes) empty3 = NULL;
      g_autoptr(GBytes) prefix = NULL;
      gsize unit = all_encodings[e] == SW_ENCODING_UTF16LE
                   || all_encodings[e] == SW_ENCODING_UTF16BE ? 2 : 1;

      empty1 = sw_encoding_encode (all_encodings[e], "", -1, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (empty1), ==, 0);

      empty2 = sw_encoding_encode (all_encodings[e], "abc", 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (empty2), ==, 0);

      empty3 = sw_encoding_encode (all_encodings[e], NULL, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (empty3), ==, 0);

      /* Only @length bytes are read, and they may hold U+0000. */
      prefix = sw_encoding_encode (all_encodings[e], "a\0b\xFF", 3, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (prefix), ==, 3 * unit);
    }

  assert_encode (SW_ENCODING_UTF16LE, "", "");
}

static void
assert_encode_error (SwEncoding  encoding,
                     const char *text,
                     gint        code,
                     gsize       offset,
                     const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) encoded = NULL;
  gsize error_offset = G_MAXSIZE;

  encoded = sw_encoding_encode (encoding, text, -1, &error_offset, &error);
  g_assert_null (encoded);
  g_assert_error (error, SW_ENCODING_ERROR, code);
  g_assert_cmpuint (error_offset, ==, offset);
  g_assert_cmpstr (error->message, ==, message);

  /* The offset is optional. */
  g_clear_error (&error);
  encoded = sw_encoding_encode (encoding, text, -1, NULL, &error);
  g_assert_null (encoded);
  g_assert_error (error, SW_ENCODING_ERROR, code);
}

static void
test_encode_unrepresentable (void)
{
  assert_encode_error (SW_ENCODING_LATIN1, "ab中", SW_ENCODING_ERROR_UNREPRESENTABLE, 2,
                       "“中” cannot be written in Western (ISO-8859-1) (column 3)");
  assert_encode_error (SW_ENCODING_LATIN1, "ab\ncé中\nx", SW_ENCODING_ERROR_UNREPRESENTABLE, 6,
                       "“中” cannot be written in Western (ISO-8859-1) (line 2, column 3)");
  assert_encode_error (SW_ENCODING_LATIN1, "€", SW_ENCODING_ERROR_UNREPRESENTABLE, 0,
                       "“€” cannot be written in Western (ISO-8859-1) (column 1)");
  /* The line form whenever the text has several lines. */
  assert_encode_error (SW_ENCODING_GBK, "a😀\n", SW_ENCODING_ERROR_UNREPRESENTABLE, 1,
                       "“😀” cannot be written in Chinese Simplified (GBK) (line 1, column 2)");
  assert_encode_error (SW_ENCODING_GBK, "你好😀", SW_ENCODING_ERROR_UNREPRESENTABLE, 6,
                       "“😀” cannot be written in Chinese Simplified (GBK) (column 3)");
  assert_encode_error (SW_ENCODING_BIG5, "中文 ü", SW_ENCODING_ERROR_UNREPRESENTABLE, 7,
                       "“ü” cannot be written in Chinese Traditional (Big5) (column 4)");
  assert_encode_error (SW_ENCODING_BIG5, "😀", SW_ENCODING_ERROR_UNREPRESENTABLE, 0,
                       "“😀” cannot be written in Chinese Traditional (Big5) (column 1)");
  /* An invisible character is named by its code point. */
  assert_encode_error (SW_ENCODING_LATIN1, "a\xE2\x80\x8B", SW_ENCODING_ERROR_UNREPRESENTABLE, 1,
                       "“U+200B” cannot be written in Western (ISO-8859-1) (column 2)");
  assert_encode_error (SW_ENCODING_GBK, "\xC2\x85", SW_ENCODING_ERROR_UNREPRESENTABLE, 0,
                       "“U+0085” cannot be written in Chinese Simplified (GBK) (column 1)");
}

static void
test_encode_invalid_input (void)
{
  for (guint e = 0; e < G_N_ELEMENTS (all_encodings); e++)
    {
      assert_encode_error (all_encodings[e], "ab\xFF" "c", SW_ENCODING_ERROR_INVALID_INPUT, 2,
                           "The text is not valid UTF-8 at column 3");
      assert_encode_error (all_encodings[e], "a\nb\xE4\xBD", SW_ENCODING_ERROR_INVALID_INPUT, 3,
                           "The text is not valid UTF-8 at line 2, column 2");
      assert_encode_error (all_encodings[e], "\xED\xA0\x80", SW_ENCODING_ERROR_INVALID_INPUT, 0,
                           "The text is not valid UTF-8 at column 1");
    }
}

/* The raw decoding of @data, U+0000 included. */
static GString *
decode_raw (SwEncoding    encoding,
            const guint8 *data,
            gsize         length)
{
  GString *text = g_string_new (NULL);

  sw_encoding_decode_append (encoding, data, length, SW_DECODE_FLAGS_RAW, text);

  return text;
}

/* Decodes @data as a stream cut at @split: the text is the raw decoding
 * of the whole, and at every mark, the bytes after it decode to the text
 * after it. (Not always the bytes before to the text before: "D6 30"
 * alone is the start of a GB18030 character, in "D6 30 CE C4" it is an
 * invalid byte and a "0".) */
static void
check_mapped (SwEncoding    encoding,
              const guint8 *data,
              gsize         length,
              gsize         split)
{
  g_autoptr(GString) whole = decode_raw (encoding, data, length);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (SwDecodeMark));
  GIConv converter = (GIConv) -1;
  const SwDecodeMark *m;
  gsize used;

  used = _sw_encoding_decode_mapped (encoding, &converter, data, split, FALSE, 0, 0, text, marks);
  g_assert_cmpuint (used, <=, split);
  g_assert_cmpuint (split - used, <=, 4);
  g_assert_cmpuint (_sw_encoding_decode_mapped (encoding, &converter, data + used, length - used,
                                                TRUE, used, 0, text, marks), ==, length - used);
  _sw_encoding_clear_converter (&converter);

  g_assert_cmpmem (text->str, text->len, whole->str, whole->len);
  if (length == 0)
    return;

  m = (const SwDecodeMark *) (gpointer) marks->data;
  g_assert_cmpuint (m[0].in, ==, 0);
  g_assert_cmpuint (m[0].out, ==, 0);
  g_assert_cmpuint (m[marks->len - 1].in, ==, length);
  g_assert_cmpuint (m[marks->len - 1].out, ==, text->len);

  for (guint i = 0; i < marks->len; i++)
    {
      g_autoptr(GString) rest = decode_raw (encoding, data + m[i].in, length - m[i].in);

      g_assert_cmpmem (rest->str, rest->len, text->str + m[i].out, text->len - m[i].out);
      if (i > 0)
        {
          guint64 in_span = m[i].in - m[i - 1].in;
          guint64 out_span = m[i].out - m[i - 1].out;

          g_assert_cmpuint (m[i].in, >=, m[i - 1].in);
          g_assert_cmpuint (m[i].out, >=, m[i - 1].out);

          /* Four to one: \xNN escapes, one per byte. */
          if (out_span == 4 * in_span)
            for (guint64 k = 0; k < in_span; k++)
              g_assert_true (text->str[m[i - 1].out + 4 * k] == '\\' &&
                             text->str[m[i - 1].out + 4 * k + 1] == 'x');
          /* One to one in UTF-8: the bytes themselves. */
          if (encoding == SW_ENCODING_UTF8 && out_span == in_span)
            g_assert_cmpmem (text->str + m[i - 1].out, out_span, data + m[i - 1].in, in_span);
        }
    }
}

/* Raw UTF-8 a byte at a time, as the decoder once was: a valid
 * character (g_utf8_get_char_validated()'s idea of one) is copied, any
 * other byte is \xNN. */
static GString *
raw_utf8_slowly (const guint8 *data,
                 gsize         length)
{
  GString *text = g_string_new (NULL);

  for (gsize i = 0; i < length; )
    {
      gunichar c = data[i] < 0x80 ? data[i]
                                  : g_utf8_get_char_validated ((const char *) data + i, length - i);

      if (c < 0x110000)
        {
          gsize n = data[i] < 0x80 ? 1 : (gsize) g_utf8_skip[data[i]];

          g_string_append_len (text, (const char *) data + i, n);
          i += n;
        }
      else
        {
          g_string_append_printf (text, "\\x%02X", data[i]);
          i++;
        }
    }

  return text;
}

/* Bytes that UTF-8 tells apart: ASCII, continuations at the edges of
 * the ranges each first byte allows, first bytes of every length and
 * the ones that never start a character. */
static const guint8 utf8_edges[] = {
  0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
  0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5, 0xFF,
};

/* After the second byte, only whether a byte continues a character. */
static const guint8 utf8_tails[] = { 0x41, 0x80, 0xBF, 0xC2 };

/* Every first byte that is not ASCII, followed by every one of
 * utf8_edges and two of utf8_tails, with ASCII in between at varying
 * lengths (so that each sequence meets the eight-byte steps of the
 * decoder at every phase), then the same packed with no ASCII between
 * (so that sequences run into one another). */
static GByteArray *
utf8_edge_cases (void)
{
  GByteArray *data = g_byte_array_new ();
  guint n = G_N_ELEMENTS (utf8_edges);
  guint t = G_N_ELEMENTS (utf8_tails);

  for (guint packed = 0; packed < 2; packed++)
    for (guint b0 = 0x80; b0 <= 0xFF; b0++)
      for (guint i = 0; i < n * t * t; i++)
        {
          guint8 sequence[4] = { b0, utf8_edges[i % n], utf8_tails[i / n % t], utf8_tails[i / n / t] };

          g_byte_array_append (data, sequence, sizeof sequence);
          if (!packed)
            g_byte_array_append (data, (const guint8 *) "abcdefghijklmnop", i % 11);
        }

  return data;
}

/* 256 KiB: random bytes, where copying and escaping alternate at
 * random (@kind 0); ASCII with one random byte in 16 (1); characters
 * of all lengths among random bytes (2). */
static GByteArray *
long_random_buffer (guint kind)
{
  GByteArray *data = g_byte_array_sized_new (256 * 1024 + 1024);

  while (data->len < 256 * 1024)
    {
      if (kind == 2)
        {
          g_autoptr(GByteArray) some = random_buffer (SW_ENCODING_UTF8);

          g_byte_array_append (data, some->data, some->len);
        }
      else
        {
          guint8 b = g_test_rand_int_range (0, 256);

          if (kind == 1 && g_test_rand_int_range (0, 16) != 0)
            b &= 0x7F;
          g_byte_array_append (data, &b, 1);
        }
    }

  return data;
}

/* Raw UTF-8 decoding is what decoding a byte at a time gives: on every
 * way a character can be valid or not, on each of its first bytes, and
 * on long random data. */
static void
test_decode_raw_utf8 (void)
{
  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(GByteArray) data = round == 0 ? utf8_edge_cases () : long_random_buffer (round - 1);
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GString) expected = raw_utf8_slowly (data->data, data->len);

      sw_encoding_decode_append (SW_ENCODING_UTF8, data->data, data->len, SW_DECODE_FLAGS_RAW, text);
      g_assert_cmpmem (text->str, text->len, expected->str, expected->len);

      /* Up to every length where the end is decoded one way and the
       * rest another. */
      for (gsize length = 0; length < 64; length++)
        {
          g_autoptr(GString) head = raw_utf8_slowly (data->data, length);

          g_string_truncate (text, 0);
          sw_encoding_decode_append (SW_ENCODING_UTF8, data->data, length, SW_DECODE_FLAGS_RAW, text);
          g_assert_cmpmem (text->str, text->len, head->str, head->len);
        }
    }
}

/* The same, as a stream decoded with marks in pieces of every size up
 * to 40 bytes and then in large ones: the text is the same, the marks
 * start at the start and end at the end, and between two of them the
 * text is the bytes themselves or, four characters a byte, their \xNN. */
static void
check_mapped_long (GByteArray *data)
{
  g_autoptr(GString) expected = raw_utf8_slowly (data->data, data->len);

  for (gsize piece = 1; piece <= 40 * 1024; piece = piece < 40 ? piece + 1 : piece * 32)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (SwDecodeMark));
      GIConv converter = (GIConv) -1;
      const SwDecodeMark *m;
      gsize at = 0;

      while (at < data->len)
        {
          gsize n = MIN (piece, data->len - at);
          gsize used = _sw_encoding_decode_mapped (SW_ENCODING_UTF8, &converter, data->data + at, n,
                                                   at + n == data->len, at, 0, text, marks);

          g_assert_cmpuint (n - used, <=, 4);
          /* What is held back comes again, with more after it. */
          if (used == 0 && at + n < data->len)
            used = _sw_encoding_decode_mapped (SW_ENCODING_UTF8, &converter, data->data + at,
                                               MIN (n + 4, data->len - at),
                                               at + n + 4 >= data->len, at, 0, text, marks);
          g_assert_cmpuint (used, >, 0);
          at += used;
        }
      _sw_encoding_clear_converter (&converter);

      g_assert_cmpmem (text->str, text->len, expected->str, expected->len);

      m = (const SwDecodeMark *) (gpointer) marks->data;
      g_assert_cmpuint (marks->len, >, 1);
      g_assert_cmpuint (m[0].in, ==, 0);
      g_assert_cmpuint (m[0].out, ==, 0);
      g_assert_cmpuint (m[marks->len - 1].in, ==, data->len);
      g_assert_cmpuint (m[marks->len - 1].out, ==, text->len);

      for (guint i = 1; i < marks->len; i++)
        {
          guint64 in_span = m[i].in - m[i - 1].in;
          guint64 out_span = m[i].out - m[i - 1].out;
          const char *t = text->str + m[i - 1].out;
          const guint8 *b = data->data + m[i - 1].in;

          g_assert_cmpuint (m[i].in, >=, m[i - 1].in);
          g_assert_cmpuint (m[i].out, >=, m[i - 1].out);
          g_assert_true (m[i].in > m[i - 1].in || m[i].out > m[i - 1].out);

          if (out_span == in_span)
            {
              g_assert_cmpmem (t, out_span, b, in_span);
            }
          else
            {
              g_assert_cmpuint (out_span, ==, 4 * in_span);
              for (guint64 k = 0; k < in_span; k++)
                {
                  char escape[5];

                  g_snprintf (escape, sizeof escape, "\\x%02X", b[k]);
                  g_assert_cmpmem (t + 4 * k, 4, escape, 4);
                }
            }
        }
    }
}

static void
test_decode_mapped_long (void)
{
  g_autoptr(GByteArray) edges = utf8_edge_cases ();
  g_autoptr(GByteArray) binary = long_random_buffer (0);

  check_mapped_long (edges);
  check_mapped_long (binary);
}

#define CASE(encoding, bytes) { encoding, bytes, sizeof (bytes) - 1 }

static void
test_decode_mapped (void)
{
  static const struct
  {
    SwEncoding  encoding;
    const char *data;
    gsize       length;
  } cases[] = {
    /* Valid text, a character cut, bad bytes, U+0000. */
    CASE (SW_ENCODING_UTF8, "a\xE4\xB8\xAD" "b\xFF\xFE" "c\xE4\xB8" "d\0e\xF0\x9F\x98\x80"),
    CASE (SW_ENCODING_LATIN1, "a\xE9\xFF" "b\0"),
    /* "a", U+1F600 as a pair, a lone low surrogate, a cut-off byte. */
    CASE (SW_ENCODING_UTF16LE, "a\0\x3D\xD8\x00\xDE\x00\xDC" "b\0c"),
    CASE (SW_ENCODING_UTF16BE, "\0a\xD8\x3D\xDE\x00\xD8\x3D"),
    /* Two- and four-byte characters, a bad byte, a cut-off one. */
    CASE (SW_ENCODING_GB18030, "a\xD6\xD0\x81\x30\x81\x30" "b\xFF" "c\xD6"),
    /* Not a four-byte character after all; U+0000 between. */
    CASE (SW_ENCODING_GB18030, "\xD6\x30\xCE\xC4\xB2\xE2\0\xCA\xD4\0\0\xE8" "aa"),
    CASE (SW_ENCODING_GBK, "\xC4\xE3\xBA\xC3" "a\x80\xC4"),
    /* "€" is one byte, 0x80, in GBK. */
    CASE (SW_ENCODING_GBK, "\x01\x80\x9E\xFE\xE4\x62\0\x06"),
    CASE (SW_ENCODING_BIG5, "\xA4\xA4\xA4\xE5" "x\xA4"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (gsize split = 0; split <= cases[i].length; split++)
      check_mapped (cases[i].encoding, (const guint8 *) cases[i].data, cases[i].length, split);
}

#undef CASE

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/encoding/ids", test_ids);
  g_test_add_func ("/sw/encoding/decode/utf8", test_decode_utf8);
  g_test_add_func ("/sw/encoding/decode/controls", test_decode_controls);
  g_test_add_func ("/sw/encoding/decode/c1", test_decode_c1);
  g_test_add_func ("/sw/encoding/decode/format-chars", test_decode_format_chars);
  g_test_add_func ("/sw/encoding/decode/invalid-utf8", test_decode_invalid_utf8);
  g_test_add_func ("/sw/encoding/decode/latin1", test_decode_latin1);
  g_test_add_func ("/sw/encoding/decode/gb18030", test_decode_gb18030);
  g_test_add_func ("/sw/encoding/decode/gbk", test_decode_gbk);
  g_test_add_func ("/sw/encoding/decode/big5", test_decode_big5);
  g_test_add_func ("/sw/encoding/decode/utf16", test_decode_utf16);
  g_test_add_func ("/sw/encoding/decode/utf16-matches-iconv", test_utf16_matches_iconv);
  g_test_add_func ("/sw/encoding/decode/break-lf", test_decode_break_lf);
  g_test_add_func ("/sw/encoding/decode/raw", test_decode_raw);
  g_test_add_func ("/sw/encoding/decode/append", test_decode_append);
  g_test_add_func ("/sw/encoding/decode/long", test_decode_long);
  g_test_add_func ("/sw/encoding/decode/always-valid", test_decode_always_valid);
  g_test_add_func ("/sw/encoding/decode/no-byte-dropped", test_decode_no_byte_dropped);
  g_test_add_func ("/sw/encoding/decode/threads", test_decode_threads);
  g_test_add_func ("/sw/encoding/decode/mapped", test_decode_mapped);
  g_test_add_func ("/sw/encoding/decode/raw-utf8", test_decode_raw_utf8);
  g_test_add_func ("/sw/encoding/decode/mapped-long", test_decode_mapped_long);
  g_test_add_func ("/sw/encoding/encode/round-trip", test_encode_round_trip);
  g_test_add_func ("/sw/encoding/encode/bytes", test_encode_bytes);
  g_test_add_func ("/sw/encoding/encode/length", test_encode_length);
  g_test_add_func ("/sw/encoding/encode/unrepresentable", test_encode_unrepresentable);
  g_test_add_func ("/sw/encoding/encode/invalid-input", test_encode_invalid_input);

  return g_test_run ();
}
