/* sw-framer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-framing.h"

G_BEGIN_DECLS

typedef enum
{
  SW_FRAME_FLAGS_NONE     = 0,
  /* The stream ended (or the frame was peeked at) before the frame did. */
  SW_FRAME_INCOMPLETE     = 1 << 0,
  /* Cut at the maximum frame size; the rest comes as the next frame(s). */
  SW_FRAME_TRUNCATED      = 1 << 1,
  /* The length field said less than its header or more than the maximum:
   * the frame is the header alone, and framing goes on after it. */
  SW_FRAME_INVALID_LENGTH = 1 << 2,
} SwFrameFlags;

typedef struct
{
  guint64       offset;            /* of its first byte in the stream */
  gsize         length;            /* its bytes, delimiter included */
  gsize         delimiter_length;  /* of the delimiter it ends with, or 0 */
  const guint8 *data;              /* valid during the callback only */
  SwFrameFlags  flags;
  gint64        time_us;           /* time of the push of its first byte */
  gint64        end_time_us;       /* time of the push of its last byte */
} SwFrame;

/* Its length as shown: without the delimiter unless @keep_delimiter. */
gsize     sw_frame_get_display_length  (const SwFrame *frame,
                                        gboolean       keep_delimiter);

typedef void (*SwFrameFunc) (const SwFrame *frame,
                             gpointer       user_data);

typedef struct _SwFramer SwFramer;

/* A framer for one stream (one direction of one connection), with a
 * snapshot of @framing; NULL with the reason when it does not validate. */
SwFramer *sw_framer_new                (SwFraming    *framing,
                                        GError      **error);
void      sw_framer_free               (SwFramer     *self);
/* Forgets the pending bytes and starts a new stream at offset 0. */
void      sw_framer_reset              (SwFramer     *self);

/* Feeds the next bytes of the stream, which arrived at @time_us (µs on
 * any clock, used by the idle gap); @func gets every frame they end, in
 * order. @func must not call back into @self. */
void      sw_framer_push               (SwFramer     *self,
                                        const guint8 *data,
                                        gsize         length,
                                        gint64        time_us,
                                        SwFrameFunc   func,
                                        gpointer      user_data);
/* Idle gap: ends the pending frame when @now_us is at least the gap after
 * the last push; returns whether it did. Call it from a timer, at
 * sw_framer_get_idle_deadline(). */
gboolean  sw_framer_idle               (SwFramer     *self,
                                        gint64        now_us,
                                        SwFrameFunc   func,
                                        gpointer      user_data);
/* When sw_framer_idle() will end the pending frame, or -1 (no pending
 * frame, or not the idle-gap mode). */
gint64    sw_framer_get_idle_deadline  (SwFramer     *self);
/* End of stream: the pending bytes, if any, come out flagged INCOMPLETE. */
void      sw_framer_finish             (SwFramer     *self,
                                        SwFrameFunc   func,
                                        gpointer      user_data);
/* Shows the pending bytes, if any, as an INCOMPLETE frame and keeps them:
 * the frame a live view shows as still arriving. */
void      sw_framer_peek_pending       (SwFramer     *self,
                                        SwFrameFunc   func,
                                        gpointer      user_data);
gsize     sw_framer_get_pending_length (SwFramer     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwFramer, sw_framer_free)

G_END_DECLS
