/* test-framer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-core-enums.h"
#include "sw-framer.h"
#include "sw-test-util.h"

/* What the frames of one run were, checked as they came. */
typedef struct
{
  const guint8 *input;
  gsize         input_length;
  gsize         max_frame_size;
  guint64       next_offset;
  GString      *text;
} Run;

/* Frames are contiguous, cover the input, never exceed the maximum and
 * hold the input's bytes; the text says "abc\n|de(I)". */
static void
collect_frame (const SwFrame *frame,
               gpointer       user_data)
{
  Run *run = user_data;

  g_assert_cmpuint (frame->offset, ==, run->next_offset);
  g_assert_cmpuint (frame->length, >, 0);
  g_assert_cmpuint (frame->length, <=, run->max_frame_size);
  g_assert_cmpuint (frame->offset + frame->length, <=, run->input_length);
  g_assert_cmpuint (frame->delimiter_length, <=, frame->length);
  g_assert_cmpmem (frame->data, frame->length, run->input + frame->offset, frame->length);
  run->next_offset += frame->length;

  if (run->text->len > 0)
    g_string_append_c (run->text, '|');
  sw_test_append_escaped (run->text, frame->data, frame->length);
  if (frame->flags & SW_FRAME_INCOMPLETE)
    g_string_append (run->text, "(I)");
  if (frame->flags & SW_FRAME_TRUNCATED)
    g_string_append (run->text, "(T)");
  if (frame->flags & SW_FRAME_INVALID_LENGTH)
    g_string_append (run->text, "(L)");
}

/* Pushes @input cut at the ascending @splits, all at time 0, then
 * finishes; returns the frames' text. */
static char *
run_split (SwFraming    *framing,
           const guint8 *input,
           gsize         length,
           const gsize  *splits,
           gsize         n_splits)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwFramer) framer = sw_framer_new (framing, &error);
  Run run = { input, length, sw_framing_get_max_frame_size (framing), 0, g_string_new (NULL) };
  gsize start = 0;

  g_assert_no_error (error);

  for (gsize i = 0; i <= n_splits; i++)
    {
      gsize end = i < n_splits ? splits[i] : length;

      sw_framer_push (framer, input + start, end - start, 0, collect_frame, &run);
      start = end;
    }
  sw_framer_finish (framer, collect_frame, &run);

  g_assert_cmpuint (sw_framer_get_pending_length (framer), ==, 0);
  g_assert_cmpuint (run.next_offset, ==, length);

  return g_string_free (run.text, FALSE);
}

/* The same frames whatever the pieces: whole, cut once anywhere, cut
 * twice anywhere (short inputs), and a byte at a time. */
static void
assert_frames (SwFraming  *framing,
               const char *input,
               gsize       length,
               const char *expected)
{
  const guint8 *data = (const guint8 *) input;
  g_autofree gsize *bytes = g_new (gsize, length + 1);
  g_autofree char *whole = run_split (framing, data, length, NULL, 0);

  g_assert_cmpstr (whole, ==, expected);

  for (gsize i = 0; i <= length; i++)
    {
      g_autofree char *text = run_split (framing, data, length, &i, 1);

      g_assert_cmpstr (text, ==, expected);
    }

  if (length <= 64)
    for (gsize i = 0; i <= length; i++)
      for (gsize j = i; j <= length; j++)
        {
          gsize splits[] = { i, j };
          g_autofree char *text = run_split (framing, data, length, splits, 2);

          g_assert_cmpstr (text, ==, expected);
        }

  for (gsize i = 0; i < length; i++)
    bytes[i] = i + 1;
  if (length > 0)
    {
      g_autofree char *text = run_split (framing, data, length, bytes, length - 1);

      g_assert_cmpstr (text, ==, expected);
    }
}

#define ASSERT_FRAMES(framing, input, expected) \
  assert_frames ((framing), (input), sizeof (input) - 1, (expected))

static SwFraming *
delimiter_framing (const char      *delimiter,
                   SwPayloadFormat  format)
{
  SwFraming *framing = sw_framing_new ();

  sw_framing_set_mode (framing, SW_FRAMING_MODE_DELIMITER);
  sw_framing_set_delimiter (framing, delimiter);
  sw_framing_set_delimiter_format (framing, format);

  return framing;
}

static void
test_none (void)
{
  g_autoptr(SwFraming) framing = sw_framing_new ();
  g_autofree char *text = NULL;
  gsize splits[] = { 2, 5 };

  /* Each push is a frame: the chunks as read. */
  text = run_split (framing, (const guint8 *) "abcdefgh", 8, splits, 2);
  g_assert_cmpstr (text, ==, "ab|cde|fgh");
  g_clear_pointer (&text, g_free);

  /* Except that a chunk over the maximum is cut. */
  sw_framing_set_max_frame_size (framing, 2);
  text = run_split (framing, (const guint8 *) "abcdefgh", 8, splits, 2);
  g_assert_cmpstr (text, ==, "ab|cd(T)|e|fg(T)|h");
}

static void
test_delimiter (void)
{
  g_autoptr(SwFraming) lf = delimiter_framing ("\\n", SW_PAYLOAD_FORMAT_TEXT);
  g_autoptr(SwFraming) crlf = delimiter_framing ("\\r\\n", SW_PAYLOAD_FORMAT_TEXT);
  g_autoptr(SwFraming) etx = delimiter_framing ("03", SW_PAYLOAD_FORMAT_HEX);
  g_autoptr(SwFraming) word = delimiter_framing ("END", SW_PAYLOAD_FORMAT_TEXT);
  g_autoptr(SwFraming) overlap = delimiter_framing ("abab", SW_PAYLOAD_FORMAT_TEXT);

  ASSERT_FRAMES (lf, "ab\ncd\n\nef", "ab\\n|cd\\n|\\n|ef(I)");
  ASSERT_FRAMES (lf, "\n\n", "\\n|\\n");
  ASSERT_FRAMES (lf, "", "");

  /* "\r\n" split across pushes is still one delimiter; a lone "\r" or
   * "\n" is not. */
  ASSERT_FRAMES (crlf, "a\r\nb\r\r\nc\n\r\nd\r", "a\\r\\n|b\\r\\r\\n|c\\n\\r\\n|d\\r(I)");
  ASSERT_FRAMES (etx, "\x02" "ab\x03\x02\x03\x03", "\\x02ab\\x03|\\x02\\x03|\\x03");
  ASSERT_FRAMES (word, "aENENDbENDEND", "aENEND|bEND|END");
  /* The first occurrence ends the frame, even where occurrences overlap. */
  ASSERT_FRAMES (overlap, "xabababy", "xabab|aby(I)");
  ASSERT_FRAMES (overlap, "aabababab", "aabab|abab");
}

static void
test_delimiter_maximum (void)
{
  g_autoptr(SwFraming) lf = delimiter_framing ("\\n", SW_PAYLOAD_FORMAT_TEXT);
  g_autoptr(SwFraming) crlf = delimiter_framing ("\\r\\n", SW_PAYLOAD_FORMAT_TEXT);

  sw_framing_set_max_frame_size (lf, 4);
  sw_framing_set_max_frame_size (crlf, 4);

  /* Over-long frames are cut at the maximum and the rest goes on. */
  ASSERT_FRAMES (lf, "abcdefghi\nxyz\nabc", "abcd(T)|efgh(T)|i\\n|xyz\\n|abc(I)");
  /* A frame that ends exactly at the maximum is whole; one that reaches
   * it without a delimiter is cut, even when the stream ends there. */
  ASSERT_FRAMES (lf, "abc\nabcd", "abc\\n|abcd(T)");
  /* A delimiter that would end past the maximum does not count. */
  ASSERT_FRAMES (crlf, "abc\r\nz\r\n", "abc\\r(T)|\\nz\\r\\n");

  sw_framing_set_max_frame_size (crlf, 2);
  ASSERT_FRAMES (crlf, "\r\n\r\r\n", "\\r\\n|\\r\\r(T)|\\n(I)");
}

static void
count_frames (const SwFrame *frame,
              gpointer       user_data)
{
  GArray *frames = user_data;

  g_array_append_vals (frames, frame, 1);
}

/* Frames in one push are handed out in place; the display length drops
 * the delimiter when it is not kept. */
static void
test_delimiter_in_place (void)
{
  g_autoptr(SwFraming) crlf = delimiter_framing ("\\r\\n", SW_PAYLOAD_FORMAT_TEXT);
  g_autoptr(SwFramer) framer = sw_framer_new (crlf, NULL);
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (SwFrame));
  static const guint8 input[] = "one\r\ntwo\r\nthr";
  static const guint8 more[] = "ee\r\n";
  const SwFrame *frame;

  sw_framer_push (framer, input, sizeof input - 1, 10, count_frames, frames);
  g_assert_cmpuint (frames->len, ==, 2);
  g_assert_cmpuint (sw_framer_get_pending_length (framer), ==, 3);

  frame = &g_array_index (frames, SwFrame, 1);
  g_assert_true (frame->data == input + 5);
  g_assert_cmpuint (frame->offset, ==, 5);
  g_assert_cmpuint (frame->length, ==, 5);
  g_assert_cmpuint (frame->delimiter_length, ==, 2);
  g_assert_cmpuint (sw_frame_get_display_length (frame, TRUE), ==, 5);
  g_assert_cmpuint (sw_frame_get_display_length (frame, FALSE), ==, 3);

  /* A frame over two pushes is gathered. */
  sw_framer_push (framer, more, sizeof more - 1, 20, count_frames, frames);
  g_assert_cmpuint (frames->len, ==, 3);
  frame = &g_array_index (frames, SwFrame, 2);
  g_assert_false (frame->data >= more && frame->data < more + sizeof more);
  g_assert_cmpuint (frame->offset, ==, 10);
  g_assert_cmpuint (frame->length, ==, 7);
  g_assert_cmpint (frame->time_us, ==, 10);
  g_assert_cmpint (frame->end_time_us, ==, 20);
  g_assert_cmpuint (sw_frame_get_display_length (frame, FALSE), ==, 5);
  g_assert_cmpuint (sw_framer_get_pending_length (framer), ==, 0);
}

static void
test_fixed (void)
{
  g_autoptr(SwFraming) framing = sw_framing_new ();

  sw_framing_set_mode (framing, SW_FRAMING_MODE_FIXED);
  sw_framing_set_fixed_length (framing, 3);
  ASSERT_FRAMES (framing, "abcdefgh", "abc|def|gh(I)");
  ASSERT_FRAMES (framing, "abcdef", "abc|def");

  sw_framing_set_fixed_length (framing, 1);
  ASSERT_FRAMES (framing, "abc", "a|b|c");
}

static SwFraming *
length_framing (guint    offset,
                guint    size,
                gboolean big_endian,
                gboolean includes_header,
                gint     adjust)
{
  SwFraming *framing = sw_framing_new ();

  g_object_set (framing,
                "mode", SW_FRAMING_MODE_LENGTH_FIELD,
                "length-offset", offset,
                "length-size", size,
                "length-big-endian", big_endian,
                "length-includes-header", includes_header,
                "length-adjust", adjust,
                NULL);

  return framing;
}

static void
test_length_field (void)
{
  g_autoptr(SwFraming) one = length_framing (0, 1, TRUE, FALSE, 0);
  g_autoptr(SwFraming) two_be = length_framing (1, 2, TRUE, FALSE, 0);
  g_autoptr(SwFraming) two_le = length_framing (1, 2, FALSE, FALSE, 0);
  g_autoptr(SwFraming) four_be = length_framing (0, 4, TRUE, FALSE, 0);
  g_autoptr(SwFraming) four_le = length_framing (2, 4, FALSE, FALSE, 0);
  g_autoptr(SwFraming) whole = length_framing (0, 2, TRUE, TRUE, 0);
  g_autoptr(SwFraming) crc = length_framing (0, 1, TRUE, FALSE, 2);
  g_autoptr(SwFraming) counts_all = length_framing (0, 1, TRUE, FALSE, -1);
  g_autoptr(SwFraming) mbap = length_framing (4, 2, TRUE, FALSE, 0);

  /* A value of 0 is a header alone. */
  ASSERT_FRAMES (one, "\x02" "ab\x01" "c\x00\x03xy",
                 "\\x02ab|\\x01c|\\x00|\\x03xy(I)");
  ASSERT_FRAMES (two_be, "T\x00\x02" "abU\x00\x00V\x00",
                 "T\\x00\\x02ab|U\\x00\\x00|V\\x00(I)");
  ASSERT_FRAMES (two_le, "T\x02\x00" "abU\x01\x00" "c",
                 "T\\x02\\x00ab|U\\x01\\x00c");
  ASSERT_FRAMES (four_be, "\x00\x00\x00\x01" "a\x00\x00\x00\x00",
                 "\\x00\\x00\\x00\\x01a|\\x00\\x00\\x00\\x00");
  ASSERT_FRAMES (four_le, "hh\x03\x00\x00\x00" "abc",
                 "hh\\x03\\x00\\x00\\x00abc");
  /* The value counts its header: 4 is two bytes after it. */
  ASSERT_FRAMES (whole, "\x00\x04" "ab\x00\x02\x00\x03" "c\x00\x04" "d",
                 "\\x00\\x04ab|\\x00\\x02|\\x00\\x03c|\\x00\\x04d(I)");
  /* The value leaves out a two-byte CRC; or counts itself too. */
  ASSERT_FRAMES (crc, "\x02" "abCC\x00" "CC", "\\x02abCC|\\x00CC");
  ASSERT_FRAMES (counts_all, "\x03" "ab\x01", "\\x03ab|\\x01");
  /* Modbus TCP: the MBAP length at 4 counts the unit id and the PDU. */
  ASSERT_FRAMES (mbap, "\x00\x01\x00\x00\x00\x06\x01\x03\x00\x00\x00\x02"
                       "\x00\x02\x00\x00\x00\x03\x01\x83\x02",
                 "\\x00\\x01\\x00\\x00\\x00\\x06\\x01\\x03\\x00\\x00\\x00\\x02|"
                 "\\x00\\x02\\x00\\x00\\x00\\x03\\x01\\x83\\x02");
}

static void
test_length_field_invalid (void)
{
  g_autoptr(SwFraming) whole = length_framing (0, 2, TRUE, TRUE, 0);
  g_autoptr(SwFraming) one = length_framing (1, 1, TRUE, FALSE, 0);

  /* Less than the header: the header alone comes out marked, and
   * framing goes on with the next byte. */
  ASSERT_FRAMES (whole, "\x00\x01\x00\x03" "a", "\\x00\\x01(L)|\\x00\\x03a");

  /* More than the maximum. */
  sw_framing_set_max_frame_size (one, 6);
  ASSERT_FRAMES (one, "h\x05" "h\x04" "abcd", "h\\x05(L)|h\\x04abcd");
  ASSERT_FRAMES (one, "h\x04" "abcdh\x03", "h\\x04abcd|h\\x03(I)");
}

static void
test_idle_gap (void)
{
  g_autoptr(SwFraming) framing = sw_framing_new ();
  g_autoptr(SwFramer) framer = NULL;
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (SwFrame));
  const SwFrame *frame;

  sw_framing_set_mode (framing, SW_FRAMING_MODE_IDLE_GAP);
  sw_framing_set_idle_gap_ms (framing, 10);

  /* Pushes at the same time are one frame, however they are cut. */
  ASSERT_FRAMES (framing, "abcdef", "abcdef(I)");

  framer = sw_framer_new (framing, NULL);
  g_assert_cmpint (sw_framer_get_idle_deadline (framer), ==, -1);
  sw_framer_push (framer, (const guint8 *) "ab", 2, 1000, count_frames, frames);
  g_assert_cmpint (sw_framer_get_idle_deadline (framer), ==, 11000);
  /* 9.999 ms later: the same frame. */
  sw_framer_push (framer, (const guint8 *) "cd", 2, 10999, count_frames, frames);
  g_assert_cmpuint (frames->len, ==, 0);
  g_assert_cmpint (sw_framer_get_idle_deadline (framer), ==, 20999);
  g_assert_false (sw_framer_idle (framer, 20998, count_frames, frames));
  g_assert_cmpuint (frames->len, ==, 0);

  /* 10 ms later: a push first ends the pending frame. */
  sw_framer_push (framer, (const guint8 *) "ef", 2, 20999, count_frames, frames);
  g_assert_cmpuint (frames->len, ==, 1);
  frame = &g_array_index (frames, SwFrame, 0);
  g_assert_cmpuint (frame->offset, ==, 0);
  g_assert_cmpuint (frame->length, ==, 4);
  g_assert_cmpint (frame->flags, ==, SW_FRAME_FLAGS_NONE);
  g_assert_cmpint (frame->time_us, ==, 1000);
  g_assert_cmpint (frame->end_time_us, ==, 10999);

  /* A timer ends it when the gap has passed, and only then. */
  g_assert_false (sw_framer_idle (framer, 30998, count_frames, frames));
  g_assert_true (sw_framer_idle (framer, 30999, count_frames, frames));
  g_assert_cmpuint (frames->len, ==, 2);
  frame = &g_array_index (frames, SwFrame, 1);
  g_assert_cmpuint (frame->offset, ==, 4);
  g_assert_cmpuint (frame->length, ==, 2);
  g_assert_cmpint (frame->flags, ==, SW_FRAME_FLAGS_NONE);
  g_assert_false (sw_framer_idle (framer, 50000, count_frames, frames));
  g_assert_cmpint (sw_framer_get_idle_deadline (framer), ==, -1);

  /* At the end of the stream, a pending frame is incomplete. */
  sw_framer_push (framer, (const guint8 *) "g", 1, 60000, count_frames, frames);
  sw_framer_finish (framer, count_frames, frames);
  g_assert_cmpuint (frames->len, ==, 3);
  frame = &g_array_index (frames, SwFrame, 2);
  g_assert_cmpuint (frame->offset, ==, 6);
  g_assert_cmpint (frame->flags, ==, SW_FRAME_INCOMPLETE);

  /* The maximum cuts a frame that flows without a gap. */
  sw_framing_set_max_frame_size (framing, 4);
  ASSERT_FRAMES (framing, "abcdefghij", "abcd(T)|efgh(T)|ij(I)");
}

/* The other modes have no idle deadline, and ignore time. */
static void
test_idle_other_modes (void)
{
  g_autoptr(SwFraming) lf = delimiter_framing ("\\n", SW_PAYLOAD_FORMAT_TEXT);
  g_autoptr(SwFramer) framer = sw_framer_new (lf, NULL);
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (SwFrame));

  sw_framer_push (framer, (const guint8 *) "ab", 2, 0, count_frames, frames);
  sw_framer_push (framer, (const guint8 *) "cd", 2, G_USEC_PER_SEC * 100, count_frames, frames);
  g_assert_cmpint (sw_framer_get_idle_deadline (framer), ==, -1);
  g_assert_false (sw_framer_idle (framer, G_MAXINT64, count_frames, frames));
  g_assert_cmpuint (frames->len, ==, 0);
  g_assert_cmpuint (sw_framer_get_pending_length (framer), ==, 4);
}

static void
test_peek_reset (void)
{
  g_autoptr(SwFraming) lf = delimiter_framing ("\\n", SW_PAYLOAD_FORMAT_TEXT);
  g_autoptr(SwFramer) framer = sw_framer_new (lf, NULL);
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (SwFrame));
  const SwFrame *frame;

  sw_framer_peek_pending (framer, count_frames, frames);
  g_assert_cmpuint (frames->len, ==, 0);

  sw_framer_push (framer, (const guint8 *) "a\nbc", 4, 5, count_frames, frames);
  sw_framer_peek_pending (framer, count_frames, frames);
  g_assert_cmpuint (frames->len, ==, 2);
  frame = &g_array_index (frames, SwFrame, 1);
  g_assert_cmpuint (frame->offset, ==, 2);
  g_assert_cmpuint (frame->length, ==, 2);
  g_assert_cmpint (frame->flags, ==, SW_FRAME_INCOMPLETE);
  /* Peeking keeps the bytes. */
  g_assert_cmpuint (sw_framer_get_pending_length (framer), ==, 2);

  sw_framer_push (framer, (const guint8 *) "\n", 1, 6, count_frames, frames);
  g_assert_cmpuint (frames->len, ==, 3);
  frame = &g_array_index (frames, SwFrame, 2);
  g_assert_cmpuint (frame->offset, ==, 2);
  g_assert_cmpuint (frame->length, ==, 3);
  g_assert_cmpint (frame->flags, ==, SW_FRAME_FLAGS_NONE);

  /* A reset starts a new stream at offset 0. */
  sw_framer_push (framer, (const guint8 *) "xy", 2, 7, count_frames, frames);
  sw_framer_reset (framer);
  g_assert_cmpuint (sw_framer_get_pending_length (framer), ==, 0);
  sw_framer_push (framer, (const guint8 *) "z\n", 2, 8, count_frames, frames);
  g_assert_cmpuint (frames->len, ==, 4);
  frame = &g_array_index (frames, SwFrame, 3);
  g_assert_cmpuint (frame->offset, ==, 0);
  g_assert_cmpuint (frame->length, ==, 2);
}

/* Random bytes cut at random points, in every mode: the same frames as
 * in one push (the callback checks coverage and the maximum). */
static void
test_random_splits (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GPtrArray) framings = g_ptr_array_new_with_free_func (g_object_unref);
  SwFraming *framing;

  g_ptr_array_add (framings, delimiter_framing ("\\n", SW_PAYLOAD_FORMAT_TEXT));
  g_ptr_array_add (framings, delimiter_framing ("0D 0A", SW_PAYLOAD_FORMAT_HEX));
  g_ptr_array_add (framings, delimiter_framing ("\\x01\\x01\\x02", SW_PAYLOAD_FORMAT_TEXT));
  framing = sw_framing_new ();
  sw_framing_set_mode (framing, SW_FRAMING_MODE_FIXED);
  sw_framing_set_fixed_length (framing, 7);
  g_ptr_array_add (framings, framing);
  g_ptr_array_add (framings, length_framing (1, 1, TRUE, FALSE, 0));
  g_ptr_array_add (framings, length_framing (0, 2, FALSE, TRUE, 1));
  g_ptr_array_add (framings, length_framing (2, 4, TRUE, FALSE, -3));
  framing = sw_framing_new ();
  sw_framing_set_mode (framing, SW_FRAMING_MODE_IDLE_GAP);
  g_ptr_array_add (framings, framing);

  for (guint round = 0; round < 200; round++)
    {
      gsize length = g_rand_int_range (rand, 0, 600);
      g_autofree guint8 *input = g_malloc (length + 1);
      g_autofree gsize *splits = g_new (gsize, 16);
      gsize n_splits = g_rand_int_range (rand, 0, 16);
      guint max = g_rand_int_range (rand, 8, 80);

      /* A small alphabet, so delimiters and small lengths are common. */
      for (gsize i = 0; i < length; i++)
        input[i] = "\x00\x01\x02\x03\r\na"[g_rand_int_range (rand, 0, 7)];
      for (gsize i = 0; i < n_splits; i++)
        splits[i] = g_rand_int_range (rand, 0, length + 1);
      for (gsize i = 1; i < n_splits; i++)
        for (gsize j = i; j > 0 && splits[j - 1] > splits[j]; j--)
          {
            gsize tmp = splits[j];

            splits[j] = splits[j - 1];
            splits[j - 1] = tmp;
          }

      for (guint i = 0; i < framings->len; i++)
        {
          g_autofree char *whole = NULL;
          g_autofree char *split = NULL;

          framing = g_ptr_array_index (framings, i);
          sw_framing_set_max_frame_size (framing, max);
          whole = run_split (framing, input, length, NULL, 0);
          split = run_split (framing, input, length, splits, n_splits);
          g_assert_cmpstr (split, ==, whole);
        }
    }
}

static void
count_changed (SwFraming *framing,
               guint     *count)
{
  (*count)++;
}

static void
test_properties (void)
{
  g_autoptr(SwFraming) framing = sw_framing_new ();
  GParamSpec **pspecs;
  guint n_pspecs;
  guint changed = 0;

  g_signal_connect (framing, "changed", G_CALLBACK (count_changed), &changed);
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (framing), &n_pspecs);
  g_assert_cmpuint (n_pspecs, ==, 12);

  for (guint i = 0; i < n_pspecs; i++)
    {
      GParamSpec *pspec = pspecs[i];
      g_auto(GValue) value = G_VALUE_INIT;
      g_auto(GValue) other = G_VALUE_INIT;

      g_test_message ("%s", pspec->name);
      g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);

      g_value_init (&value, pspec->value_type);
      g_value_init (&other, pspec->value_type);
      g_object_get_property (G_OBJECT (framing), pspec->name, &value);

      /* Another valid value than the current one. */
      if (G_TYPE_IS_ENUM (pspec->value_type))
        g_value_set_enum (&other, g_value_get_enum (&value) == 0 ? 1 : 0);
      else if (pspec->value_type == G_TYPE_BOOLEAN)
        g_value_set_boolean (&other, !g_value_get_boolean (&value));
      else if (pspec->value_type == G_TYPE_UINT)
        g_value_set_uint (&other, g_value_get_uint (&value) == 1 ? 2 : 1);
      else if (pspec->value_type == G_TYPE_INT)
        g_value_set_int (&other, g_value_get_int (&value) - 1);
      else
        g_value_set_string (&other, "--");

      /* "changed" follows the notifications: one per change. */
      changed = 0;
      sw_test_assert_property_contract (G_OBJECT (framing), pspec->name, &other);
      g_assert_cmpuint (changed, ==, 2);
    }
  g_free (pspecs);

  /* Several at once are one change. */
  changed = 0;
  g_object_set (framing, "mode", SW_FRAMING_MODE_FIXED, "fixed-length", 20, NULL);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (sw_framing_get_mode (framing), ==, SW_FRAMING_MODE_FIXED);
  g_assert_cmpuint (sw_framing_get_fixed_length (framing), ==, 20);

  /* The defaults. */
  g_clear_object (&framing);
  framing = sw_framing_new ();
  g_assert_cmpint (sw_framing_get_mode (framing), ==, SW_FRAMING_MODE_NONE);
  g_assert_cmpstr (sw_framing_get_delimiter (framing), ==, "\\n");
  g_assert_cmpint (sw_framing_get_delimiter_format (framing), ==, SW_PAYLOAD_FORMAT_TEXT);
  g_assert_true (sw_framing_get_keep_delimiter (framing));
  g_assert_cmpuint (sw_framing_get_max_frame_size (framing), ==, 64 * 1024);
  g_assert_cmpuint (sw_framing_get_length_size (framing), ==, 2);
  g_assert_true (sw_framing_get_length_big_endian (framing));
  g_assert_false (sw_framing_get_length_includes_header (framing));
  g_assert_cmpint (sw_framing_get_length_adjust (framing), ==, 0);
  g_assert_true (sw_framing_validate (framing, NULL));
  /* A NULL delimiter is an empty one. */
  sw_framing_set_delimiter (framing, NULL);
  g_assert_cmpstr (sw_framing_get_delimiter (framing), ==, "");
}

static void
test_save_restore (void)
{
  g_autoptr(SwFraming) framing = sw_framing_new ();
  g_autoptr(SwFraming) copy = sw_framing_new ();
  g_autoptr(GVariant) saved = NULL;
  g_autoptr(GVariant) copied = NULL;
  g_autoptr(GVariant) defaults = NULL;
  g_autoptr(GVariant) bad = NULL;
  g_autofree char *mode = NULL;
  guint changed = 0;

  g_object_set (framing,
                "mode", SW_FRAMING_MODE_LENGTH_FIELD,
                "delimiter", "0D 0A",
                "delimiter-format", SW_PAYLOAD_FORMAT_HEX,
                "keep-delimiter", FALSE,
                "fixed-length", 12,
                "length-offset", 4,
                "length-size", 4,
                "length-big-endian", FALSE,
                "length-includes-header", TRUE,
                "length-adjust", -2,
                "max-frame-size", 1500,
                "idle-gap-ms", 250,
                NULL);
  saved = g_variant_ref_sink (sw_framing_save (framing));
  g_assert_true (g_variant_is_of_type (saved, G_VARIANT_TYPE_VARDICT));
  /* Enums by nick, so a saved session outlives a reordering. */
  g_assert_true (g_variant_lookup (saved, "mode", "s", &mode));
  g_assert_cmpstr (mode, ==, "length-field");

  defaults = g_variant_ref_sink (sw_framing_save (copy));
  g_assert_false (g_variant_equal (defaults, saved));

  g_signal_connect (copy, "changed", G_CALLBACK (count_changed), &changed);
  sw_framing_restore (copy, saved);
  g_assert_cmpuint (changed, ==, 1);
  copied = g_variant_ref_sink (sw_framing_save (copy));
  g_assert_true (g_variant_equal (copied, saved));

  /* Unknown keys, other types, unknown nicks and values out of range are
   * ignored, and what fits is applied. */
  bad = g_variant_ref_sink (g_variant_new_parsed ("{'mode': <'spiral'>, 'fixed-length': <'12'>, "
                                                  "'length-size': <uint32 9>, "
                                                  "'max-frame-size': <uint32 0>, "
                                                  "'length-adjust': <uint32 3>, "
                                                  "'colour': <'red'>, "
                                                  "'idle-gap-ms': <uint32 75>}"));
  changed = 0;
  sw_framing_restore (copy, bad);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (sw_framing_get_mode (copy), ==, SW_FRAMING_MODE_LENGTH_FIELD);
  g_assert_cmpuint (sw_framing_get_fixed_length (copy), ==, 12);
  g_assert_cmpuint (sw_framing_get_length_size (copy), ==, 4);
  g_assert_cmpuint (sw_framing_get_max_frame_size (copy), ==, 1500);
  g_assert_cmpint (sw_framing_get_length_adjust (copy), ==, -2);
  g_assert_cmpuint (sw_framing_get_idle_gap_ms (copy), ==, 75);

  /* Nothing new, no change. */
  changed = 0;
  sw_framing_restore (copy, bad);
  g_assert_cmpuint (changed, ==, 0);
}

static void
assert_invalid (SwFraming      *framing,
                SwFramingError  code,
                const char     *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwFramer) framer = NULL;

  g_assert_false (sw_framing_validate (framing, &error));
  g_assert_error (error, SW_FRAMING_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);

  framer = sw_framer_new (framing, &error);
  g_assert_null (framer);
  g_assert_error (error, SW_FRAMING_ERROR, code);
}

static void
test_validate (void)
{
  g_autoptr(SwFraming) framing = sw_framing_new ();
  g_autoptr(GBytes) delimiter = NULL;
  gsize error_offset = 0;

  sw_framing_set_mode (framing, SW_FRAMING_MODE_DELIMITER);
  sw_framing_set_delimiter (framing, "");
  assert_invalid (framing, SW_FRAMING_ERROR_DELIMITER,
                  "The delimiter is empty: type it, such as \\n or \\r\\n");
  sw_framing_set_delimiter (framing, "ab\\q");
  assert_invalid (framing, SW_FRAMING_ERROR_DELIMITER,
                  "Delimiter: Unknown escape “\\q” at column 3: use \\r, \\n, \\t, \\0, \\\\ or \\xNN");
  g_assert_null (sw_framing_parse_delimiter (framing, &error_offset, NULL));
  g_assert_cmpuint (error_offset, ==, 2);

  sw_framing_set_delimiter_format (framing, SW_PAYLOAD_FORMAT_HEX);
  sw_framing_set_delimiter (framing, " ");
  assert_invalid (framing, SW_FRAMING_ERROR_DELIMITER,
                  "The delimiter is empty: type its bytes in hex, such as 0D 0A");
  sw_framing_set_delimiter (framing, "0D 0G");
  assert_invalid (framing, SW_FRAMING_ERROR_DELIMITER,
                  "Delimiter: Invalid hex digit “G” at column 5");
  sw_framing_set_delimiter (framing, "0D 0A");
  delimiter = sw_framing_parse_delimiter (framing, NULL, NULL);
  g_assert_cmpmem (g_bytes_get_data (delimiter, NULL), g_bytes_get_size (delimiter), "\r\n", 2);
  sw_framing_set_max_frame_size (framing, 1);
  assert_invalid (framing, SW_FRAMING_ERROR_DELIMITER,
                  "The delimiter is longer than the maximum frame size of 1 byte");
  sw_framing_set_max_frame_size (framing, 2);
  g_assert_true (sw_framing_validate (framing, NULL));

  /* Only what the mode uses counts. */
  sw_framing_set_delimiter (framing, "zz");
  sw_framing_set_mode (framing, SW_FRAMING_MODE_FIXED);
  sw_framing_set_fixed_length (framing, 0);
  assert_invalid (framing, SW_FRAMING_ERROR_FIXED_LENGTH, "The fixed length must be at least 1 byte");
  sw_framing_set_fixed_length (framing, 3);
  assert_invalid (framing, SW_FRAMING_ERROR_FIXED_LENGTH,
                  "The fixed length is larger than the maximum frame size of 2 bytes");
  sw_framing_set_fixed_length (framing, 2);
  g_assert_true (sw_framing_validate (framing, NULL));

  sw_framing_set_mode (framing, SW_FRAMING_MODE_LENGTH_FIELD);
  sw_framing_set_length_size (framing, 3);
  assert_invalid (framing, SW_FRAMING_ERROR_LENGTH_FIELD,
                  "The length field has 3 bytes: it must have 1, 2 or 4");
  sw_framing_set_length_size (framing, 2);
  sw_framing_set_length_offset (framing, 1);
  assert_invalid (framing, SW_FRAMING_ERROR_LENGTH_FIELD,
                  "The length field ends after the maximum frame size of 2 bytes");
  sw_framing_set_length_offset (framing, 0);
  g_assert_true (sw_framing_validate (framing, NULL));

  sw_framing_set_mode (framing, SW_FRAMING_MODE_IDLE_GAP);
  sw_framing_set_idle_gap_ms (framing, 0);
  assert_invalid (framing, SW_FRAMING_ERROR_IDLE_GAP, "The idle gap must be at least 1 ms");

  sw_framing_set_mode (framing, SW_FRAMING_MODE_NONE);
  g_assert_true (sw_framing_validate (framing, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/framer/none", test_none);
  g_test_add_func ("/sw/framer/delimiter", test_delimiter);
  g_test_add_func ("/sw/framer/delimiter-maximum", test_delimiter_maximum);
  g_test_add_func ("/sw/framer/delimiter-in-place", test_delimiter_in_place);
  g_test_add_func ("/sw/framer/fixed", test_fixed);
  g_test_add_func ("/sw/framer/length-field", test_length_field);
  g_test_add_func ("/sw/framer/length-field-invalid", test_length_field_invalid);
  g_test_add_func ("/sw/framer/idle-gap", test_idle_gap);
  g_test_add_func ("/sw/framer/idle-other-modes", test_idle_other_modes);
  g_test_add_func ("/sw/framer/peek-reset", test_peek_reset);
  g_test_add_func ("/sw/framer/random-splits", test_random_splits);
  g_test_add_func ("/sw/framing/properties", test_properties);
  g_test_add_func ("/sw/framing/save-restore", test_save_restore);
  g_test_add_func ("/sw/framing/validate", test_validate);

  return g_test_run ();
}
