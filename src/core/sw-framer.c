/* sw-framer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-framer"

#include "config.h"

#include "sw-framer.h"

#include <string.h>

/*
 * Cuts one byte stream into frames, whatever pieces it comes in: the
 * frames depend on the bytes (and, for the idle gap, on the push times),
 * never on where the pushes split them. Frames are contiguous and cover
 * every byte, so the log stays the truth and the frames are a lens.
 *
 * It serves the re-splitting of a whole log (64 MiB in well under a
 * second) and the live path (over a million frames a second), so:
 *  - a frame that lies in one push is handed out in place, uncopied;
 *    only a frame spread over pushes is gathered in the pending buffer;
 *  - the pending buffer is reused and never grows past the maximum
 *    frame size, so there is no allocation per frame;
 *  - the delimiter is found with memchr() over the push, not byte by byte.
 */

#define MIN_BUFFER_SIZE 256

struct _SwFramer
{
  SwFramingMode  mode;
  guint8        *delimiter;
  gsize          delimiter_length;
  gsize          fixed_length;
  gsize          length_offset;
  gsize          length_size;
  gsize          header_length;      /* length_offset + length_size */
  gboolean       length_big_endian;
  gboolean       length_includes_header;
  gint64         length_adjust;
  gsize          max_frame_size;
  gint64         idle_gap_us;

  guint8        *buffer;
  gsize          capacity;
  gsize          pending;            /* bytes of the current frame held */
  gsize          need;               /* its whole length once known, or 0 */
  gint64         pending_time;       /* when its first byte came */
  gint64         last_time;          /* of the last push */
  guint64        offset;             /* of the current frame's first byte */
  gboolean       busy;               /* in a callback */
};

/* How much of a push belongs to the current frame, and whether that
 * ends it. A cut either takes bytes or ends a frame with bytes pending. */
typedef struct
{
  gsize        take;
  gboolean     ends;
  SwFrameFlags flags;
  gsize        delimiter_length;
} Cut;

gsize
sw_frame_get_display_length (const SwFrame *frame,
                             gboolean       keep_delimiter)
{
  g_return_val_if_fail (frame != NULL, 0);

  return keep_delimiter ? frame->length : frame->length - frame->delimiter_length;
}

/**
 * sw_framer_new:
 *
 * Returns: (transfer full) (nullable): a framer, or %NULL with @error set
 *   when @framing does not validate
 */
SwFramer *
sw_framer_new (SwFraming  *framing,
               GError    **error)
{
  g_autoptr(SwFramer) self = NULL;

  g_return_val_if_fail (SW_IS_FRAMING (framing), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sw_framing_validate (framing, error))
    return NULL;

  self = g_new0 (SwFramer, 1);
  self->mode = sw_framing_get_mode (framing);
  self->max_frame_size = sw_framing_get_max_frame_size (framing);

  switch (self->mode)
    {
    case SW_FRAMING_MODE_DELIMITER:
      {
        g_autoptr(GBytes) delimiter = sw_framing_parse_delimiter (framing, NULL, error);

        /* It validated, so it parses. */
        g_assert (delimiter != NULL);
        self->delimiter = g_bytes_unref_to_data (g_steal_pointer (&delimiter),
                                                 &self->delimiter_length);
      }
      break;

    case SW_FRAMING_MODE_FIXED:
      self->fixed_length = sw_framing_get_fixed_length (framing);
      break;

    case SW_FRAMING_MODE_LENGTH_FIELD:
      self->length_offset = sw_framing_get_length_offset (framing);
      self->length_size = sw_framing_get_length_size (framing);
      self->header_length = self->length_offset + self->length_size;
      self->length_big_endian = sw_framing_get_length_big_endian (framing);
      self->length_includes_header = sw_framing_get_length_includes_header (framing);
      self->length_adjust = sw_framing_get_length_adjust (framing);
      break;

    case SW_FRAMING_MODE_IDLE_GAP:
      self->idle_gap_us = (gint64) sw_framing_get_idle_gap_ms (framing) * G_TIME_SPAN_MILLISECOND;
      break;

    case SW_FRAMING_MODE_NONE:
    default:
      break;
    }

  return g_steal_pointer (&self);
}

void
sw_framer_free (SwFramer *self)
{
  if (self == NULL)
    return;

  g_return_if_fail (!self->busy);

  g_free (self->delimiter);
  g_free (self->buffer);
  g_free (self);
}

void
sw_framer_reset (SwFramer *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->busy);

  self->pending = 0;
  self->need = 0;
  self->offset = 0;
}

gsize
sw_framer_get_pending_length (SwFramer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->pending;
}

static void
append_pending (SwFramer     *self,
                const guint8 *data,
                gsize         length,
                gint64        time_us)
{
  gsize wanted = self->pending + length;

  g_assert (wanted <= self->max_frame_size);

  if (length == 0)
    return;

  if (wanted > self->capacity)
    {
      gsize capacity = MAX (self->capacity, MIN_BUFFER_SIZE);

      while (capacity < wanted)
        capacity *= 2;
      capacity = MIN (capacity, self->max_frame_size);

      /* Nothing else is kept: no need to copy the old bytes twice. */
      self->buffer = g_realloc (self->buffer, capacity);
      self->capacity = capacity;
    }

  if (self->pending == 0)
    self->pending_time = time_us;

  memcpy (self->buffer + self->pending, data, length);
  self->pending = wanted;
}

static void
emit (SwFramer     *self,
      const guint8 *data,
      gsize         length,
      gsize         delimiter_length,
      SwFrameFlags  flags,
      gint64        time_us,
      gint64        end_time_us,
      SwFrameFunc   func,
      gpointer      user_data)
{
  SwFrame frame = {
    .offset = self->offset,
    .length = length,
    .delimiter_length = delimiter_length,
    .data = data,
    .flags = flags,
    .time_us = time_us,
    .end_time_us = end_time_us,
  };

  g_assert (length > 0 && length <= self->max_frame_size);

  self->offset += length;
  func (&frame, user_data);
}

/* Emits the pending bytes as one frame and starts the next. */
static void
emit_pending (SwFramer     *self,
              gsize         delimiter_length,
              SwFrameFlags  flags,
              gint64        end_time_us,
              SwFrameFunc   func,
              gpointer      user_data)
{
  gsize length = self->pending;

  self->pending = 0;
  self->need = 0;
  emit (self, self->buffer, length, delimiter_length, flags,
        self->pending_time, end_time_us, func, user_data);
}

/* The first occurrence of the delimiter entirely inside data[0, length). */
static const guint8 *
find_delimiter (SwFramer     *self,
                const guint8 *data,
                gsize         length)
{
  const guint8 *end = data + length;
  const guint8 *p = data;
  guint8 first = self->delimiter[0];
  gsize rest = self->delimiter_length - 1;

  while ((gsize) (end - p) > rest)
    {
      p = memchr (p, first, (end - p) - rest);
      if (p == NULL)
        return NULL;
      if (memcmp (p + 1, self->delimiter + 1, rest) == 0)
        return p;
      p++;
    }

  return NULL;
}

static void
cut_delimiter (SwFramer     *self,
               const guint8 *data,
               gsize         length,
               Cut          *cut)
{
  gsize dlen = self->delimiter_length;
  /* Bytes of this push the current frame can still take. */
  gsize window = MIN (length, self->max_frame_size - self->pending);
  const guint8 *found;

  /* A delimiter begun in the pending bytes and ended by this push; the
   * one that starts first ends first. */
  for (gsize j = MIN (dlen - 1, self->pending); j >= 1; j--)
    {
      gsize rest = dlen - j;

      /* A smaller j needs even more bytes. */
      if (rest > window)
        break;

      if (memcmp (self->buffer + self->pending - j, self->delimiter, j) == 0 &&
          memcmp (data, self->delimiter + j, rest) == 0)
        {
          cut->take = rest;
          cut->ends = TRUE;
          cut->delimiter_length = dlen;
          return;
        }
    }

  found = find_delimiter (self, data, window);
  if (found != NULL)
    {
      cut->take = found - data + dlen;
      cut->ends = TRUE;
      cut->delimiter_length = dlen;
      return;
    }

  cut->take = window;
  if (self->pending + window == self->max_frame_size)
    {
      cut->ends = TRUE;
      cut->flags = SW_FRAME_TRUNCATED;
    }
}

/* The frame length the header gives, or 0 if invalid; the header is the
 * pending bytes followed by @data. */
static gsize
read_length_field (SwFramer     *self,
                   const guint8 *data)
{
  guint32 value = 0;
  gint64 total;

  for (gsize i = 0; i < self->length_size; i++)
    {
      gsize pos = self->length_offset +
                  (self->length_big_endian ? i : self->length_size - 1 - i);
      guint8 byte = pos < self->pending ? self->buffer[pos] : data[pos - self->pending];

      value = (value << 8) | byte;
    }

  total = (gint64) value + self->length_adjust;
  if (!self->length_includes_header)
    total += self->header_length;

  if (total < (gint64) self->header_length || total > (gint64) self->max_frame_size)
    return 0;

  return total;
}

/* Takes up to self->need bytes; the frame ends when it has them all. */
static void
cut_to_need (SwFramer *self,
             gsize     length,
             Cut      *cut)
{
  cut->take = MIN (length, self->need - self->pending);
  cut->ends = self->pending + cut->take == self->need;
}

static void
cut_length_field (SwFramer     *self,
                  const guint8 *data,
                  gsize         length,
                  Cut          *cut)
{
  if (self->need == 0)
    {
      /* Gather the header first. */
      if (self->pending + length < self->header_length)
        {
          cut->take = length;
          return;
        }

      self->need = read_length_field (self, data);
      if (self->need == 0)
        {
          /* Resynchronise: the header alone is the frame, and the next
           * byte starts a new one. */
          cut->take = self->header_length - self->pending;
          cut->ends = TRUE;
          cut->flags = SW_FRAME_INVALID_LENGTH;
          return;
        }
    }

  cut_to_need (self, length, cut);
}

/* Idle gap: only the maximum ends a frame while the bytes flow. */
static void
cut_chunk (SwFramer *self,
           gsize     length,
           Cut      *cut)
{
  cut->take = MIN (length, self->max_frame_size - self->pending);
  if (self->pending + cut->take == self->max_frame_size)
    {
      cut->ends = TRUE;
      cut->flags = SW_FRAME_TRUNCATED;
    }
}

void
sw_framer_push (SwFramer     *self,
                const guint8 *data,
                gsize         length,
                gint64        time_us,
                SwFrameFunc   func,
                gpointer      user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || length == 0);
  g_return_if_fail (func != NULL);
  g_return_if_fail (!self->busy);

  if (length == 0)
    return;

  self->busy = TRUE;

  if (self->mode == SW_FRAMING_MODE_IDLE_GAP &&
      self->pending > 0 &&
      time_us - self->last_time >= self->idle_gap_us)
    emit_pending (self, 0, SW_FRAME_FLAGS_NONE, self->last_time, func, user_data);
  self->last_time = time_us;

  while (length > 0)
    {
      Cut cut = { 0, FALSE, SW_FRAME_FLAGS_NONE, 0 };

      switch (self->mode)
        {
        case SW_FRAMING_MODE_NONE:
          /* The chunk is the frame; only the maximum cuts it. */
          cut.take = MIN (length, self->max_frame_size);
          cut.ends = TRUE;
          if (cut.take < length)
            cut.flags = SW_FRAME_TRUNCATED;
          break;

        case SW_FRAMING_MODE_DELIMITER:
          cut_delimiter (self, data, length, &cut);
          break;

        case SW_FRAMING_MODE_FIXED:
          self->need = self->fixed_length;
          cut_to_need (self, length, &cut);
          break;

        case SW_FRAMING_MODE_LENGTH_FIELD:
          cut_length_field (self, data, length, &cut);
          break;

        case SW_FRAMING_MODE_IDLE_GAP:
          cut_chunk (self, length, &cut);
          break;

        default:
          g_assert_not_reached ();
        }

      g_assert (cut.take <= length);
      g_assert (cut.take > 0 || (cut.ends && self->pending > 0));

      if (!cut.ends)
        {
          append_pending (self, data, cut.take, time_us);
        }
      else if (self->pending == 0)
        {
          /* The whole frame is in this push: hand it out in place. */
          self->need = 0;
          emit (self, data, cut.take, cut.delimiter_length, cut.flags,
                time_us, time_us, func, user_data);
        }
      else
        {
          append_pending (self, data, cut.take, time_us);
          emit_pending (self, cut.delimiter_length, cut.flags, time_us, func, user_data);
        }

      data += cut.take;
      length -= cut.take;
    }

  self->busy = FALSE;
}

gint64
sw_framer_get_idle_deadline (SwFramer *self)
{
  g_return_val_if_fail (self != NULL, -1);

  if (self->mode != SW_FRAMING_MODE_IDLE_GAP || self->pending == 0)
    return -1;

  return self->last_time + self->idle_gap_us;
}

gboolean
sw_framer_idle (SwFramer    *self,
                gint64       now_us,
                SwFrameFunc  func,
                gpointer     user_data)
{
  gint64 deadline;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (!self->busy, FALSE);

  deadline = sw_framer_get_idle_deadline (self);
  if (deadline < 0 || now_us < deadline)
    return FALSE;

  self->busy = TRUE;
  emit_pending (self, 0, SW_FRAME_FLAGS_NONE, self->last_time, func, user_data);
  self->busy = FALSE;

  return TRUE;
}

void
sw_framer_finish (SwFramer    *self,
                  SwFrameFunc  func,
                  gpointer     user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);
  g_return_if_fail (!self->busy);

  if (self->pending == 0)
    return;

  self->busy = TRUE;
  emit_pending (self, 0, SW_FRAME_INCOMPLETE, self->last_time, func, user_data);
  self->busy = FALSE;
}

void
sw_framer_peek_pending (SwFramer    *self,
                        SwFrameFunc  func,
                        gpointer     user_data)
{
  SwFrame frame;

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);
  g_return_if_fail (!self->busy);

  if (self->pending == 0)
    return;

  frame = (SwFrame) {
    .offset = self->offset,
    .length = self->pending,
    .data = self->buffer,
    .flags = SW_FRAME_INCOMPLETE,
    .time_us = self->pending_time,
    .end_time_us = self->last_time,
  };

  self->busy = TRUE;
  func (&frame, user_data);
  self->busy = FALSE;
}
