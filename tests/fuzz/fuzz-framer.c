/* fuzz-framer.c: libFuzzer target for the streaming framer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first bytes choose the mode and its settings, the next ones the
 * split points; the rest is the stream. Whatever they are:
 *  - frames are contiguous, not empty, no longer than the maximum, and
 *    together (with the pending one at the end) they are the stream;
 *  - the same stream in other pieces gives the same frames (with every
 *    push at one time; with times, the idle gap may cut elsewhere, so
 *    only the coverage holds).
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sw-framer.h"

#define SETTINGS_LENGTH 8
#define MAX_SPLITS      32

typedef struct
{
  const guint8 *input;
  gsize         length;
  gsize         max_frame_size;
  guint64       next_offset;
  GArray       *frames;  /* of SwFrame, data pointers cleared */
} Run;

static void
check_frame (const SwFrame *frame,
             gpointer       user_data)
{
  Run *run = user_data;
  SwFrame copy = *frame;

  if (frame->offset != run->next_offset ||
      frame->length == 0 ||
      frame->length > run->max_frame_size ||
      frame->delimiter_length > frame->length ||
      frame->offset + frame->length > run->length ||
      memcmp (frame->data, run->input + frame->offset, frame->length) != 0)
    abort ();

  run->next_offset += frame->length;
  copy.data = NULL;
  g_array_append_val (run->frames, copy);
}

static SwFraming *
framing_from_settings (const guint8 *s,
                       const guint8 *stream,
                       gsize         stream_length)
{
  SwFraming *framing = sw_framing_new ();
  guint max = 1 + s[1] % 48;

  /* Now and then a maximum the data never reaches. */
  if (s[1] & 0x80)
    max = 1 + (s[1] & 0x7F) * 521;
  sw_framing_set_max_frame_size (framing, max);
  sw_framing_set_mode (framing, s[0] % 5);

  switch (s[0] % 5)
    {
    case SW_FRAMING_MODE_DELIMITER:
      {
        /* A delimiter of 1 to 4 bytes taken from the stream, so it occurs. */
        gsize dlen = 1 + s[2] % 4;
        gsize from = stream_length > dlen ? s[3] % (stream_length - dlen) : 0;
        g_autoptr(GString) hex = g_string_new (NULL);

        for (gsize i = 0; i < dlen; i++)
          g_string_append_printf (hex, "%02X ", i + from < stream_length ? stream[i + from] : s[4 + i]);
        sw_framing_set_delimiter_format (framing, SW_PAYLOAD_FORMAT_HEX);
        sw_framing_set_delimiter (framing, hex->str);
      }
      break;

    case SW_FRAMING_MODE_FIXED:
      sw_framing_set_fixed_length (framing, s[2] % 40);
      break;

    case SW_FRAMING_MODE_LENGTH_FIELD:
      {
        static const guint sizes[] = { 1, 2, 4 };

        sw_framing_set_length_offset (framing, s[2] % 6);
        sw_framing_set_length_size (framing, sizes[s[3] % 3]);
        sw_framing_set_length_big_endian (framing, s[3] & 0x10);
        sw_framing_set_length_includes_header (framing, s[3] & 0x20);
        sw_framing_set_length_adjust (framing, (gint8) s[4] % 16);
      }
      break;

    case SW_FRAMING_MODE_IDLE_GAP:
      sw_framing_set_idle_gap_ms (framing, s[2] % 20);
      break;

    default:
      break;
    }

  return framing;
}

/* Pushes @stream cut at the ascending @splits; with @times, each push
 * comes 0 to 15 ms after the last one, and a timer may fire between. */
static GArray *
run_framer (SwFraming    *framing,
            const guint8 *stream,
            gsize         length,
            const gsize  *splits,
            gsize         n_splits,
            const guint8 *times)
{
  g_autoptr(SwFramer) framer = sw_framer_new (framing, NULL);
  Run run = { stream, length, sw_framing_get_max_frame_size (framing), 0, NULL };
  gint64 now = 0;
  gsize start = 0;

  if (framer == NULL)
    return NULL;

  run.frames = g_array_new (FALSE, FALSE, sizeof (SwFrame));

  for (gsize i = 0; i <= n_splits; i++)
    {
      gsize end = i < n_splits ? splits[i] : length;

      if (times != NULL)
        {
          now += (times[i] & 0x0F) * G_TIME_SPAN_MILLISECOND;
          if (times[i] & 0x10)
            sw_framer_idle (framer, now, check_frame, &run);
        }
      sw_framer_push (framer, stream + start, end - start, now, check_frame, &run);
      if (sw_framer_get_pending_length (framer) >= run.max_frame_size)
        abort ();
      start = end;
    }

  sw_framer_finish (framer, check_frame, &run);
  if (run.next_offset != length || sw_framer_get_pending_length (framer) != 0)
    abort ();

  return run.frames;
}

/* The same cuts and flags; with @times, the times too. */
static gboolean
frames_equal (GArray   *a,
              GArray   *b,
              gboolean  times)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      const SwFrame *x = &g_array_index (a, SwFrame, i);
      const SwFrame *y = &g_array_index (b, SwFrame, i);

      if (x->offset != y->offset || x->length != y->length ||
          x->delimiter_length != y->delimiter_length || x->flags != y->flags)
        return FALSE;
      if (times && (x->time_us != y->time_us || x->end_time_us != y->end_time_us))
        return FALSE;
    }

  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SwFraming) framing = NULL;
  g_autoptr(GArray) whole = NULL;
  g_autoptr(GArray) split = NULL;
  g_autoptr(GArray) timed = NULL;
  gsize splits[MAX_SPLITS];
  guint8 times[MAX_SPLITS + 1];
  gsize n_splits;
  const guint8 *stream;
  gsize length;
  guint32 seed = 0;

  if (size < SETTINGS_LENGTH)
    return 0;

  stream = data + SETTINGS_LENGTH;
  length = size - SETTINGS_LENGTH;
  framing = framing_from_settings (data, stream, length);

  /* Split points and times from a generator seeded by the settings, so
   * the stream stays free for the framer. */
  for (guint i = 4; i < SETTINGS_LENGTH; i++)
    seed = seed * 131 + data[i];
  n_splits = data[5] % (MAX_SPLITS + 1);
  for (gsize i = 0; i < n_splits; i++)
    {
      seed = seed * 1103515245 + 12345;
      splits[i] = length > 0 ? (seed >> 8) % (length + 1) : 0;
    }
  for (gsize i = 1; i < n_splits; i++)
    for (gsize j = i; j > 0 && splits[j - 1] > splits[j]; j--)
      {
        gsize tmp = splits[j];

        splits[j] = splits[j - 1];
        splits[j - 1] = tmp;
      }
  for (gsize i = 0; i <= n_splits; i++)
    {
      seed = seed * 1103515245 + 12345;
      times[i] = seed >> 16;
    }

  whole = run_framer (framing, stream, length, NULL, 0, NULL);
  if (whole == NULL)
    return 0;  /* settings that do not validate: nothing to frame */

  split = run_framer (framing, stream, length, splits, n_splits, NULL);
  timed = run_framer (framing, stream, length, splits, n_splits, times);

  switch (sw_framing_get_mode (framing))
    {
    case SW_FRAMING_MODE_NONE:
      /* Each push is a frame: no two splits agree. */
      break;

    case SW_FRAMING_MODE_IDLE_GAP:
      /* Pushes at one time are one stream; with times, the gap cuts. */
      if (!frames_equal (whole, split, TRUE))
        abort ();
      break;

    default:
      /* Time counts for nothing but the frames' times. */
      if (!frames_equal (whole, split, TRUE) || !frames_equal (whole, timed, FALSE))
        abort ();
      break;
    }

  return 0;
}
