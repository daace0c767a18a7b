/* sw-traffic-lens.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-framer.h"
#include "sw-traffic-log.h"

G_BEGIN_DECLS

typedef enum
{
  /* A record as it is: an event, or a chunk or datagram without framing. */
  SW_LENS_ENTRY_RECORD,
  /* A frame of one connection's stream in one direction, over one or
   * more records; with framing, a datagram is a frame of its own. */
  SW_LENS_ENTRY_FRAME,
  /* Records that left the log before the lens read them. */
  SW_LENS_ENTRY_GAP,
} SwLensEntryKind;

/* One entry of the log as the lens shows it. Frames point into the log
 * (it stays the truth); the lens copies nothing it hands out. */
typedef struct
{
  guint64         seq;               /* the record; a frame's first byte's record; a gap's record count */
  guint64         end_seq;           /* the record of its last byte (a record's own seq) */
  gsize           offset;            /* of a frame's first byte in record @seq */
  gsize           length;            /* its bytes, delimiter included */
  gsize           delimiter_length;  /* of the delimiter it ends with, or 0 */
  SwLensEntryKind kind;
  SwFrameFlags    flags;
} SwLensEntry;

typedef void (*SwLensEntryFunc) (const SwLensEntry *entry,
                                 gpointer           user_data);

typedef struct _SwTrafficLens SwTrafficLens;

/* Reads @log as entries: its records, or with framing, the frames of each
 * connection and direction. It starts at the log's first record. */
SwTrafficLens *sw_traffic_lens_new                (SwTrafficLog       *log);
void           sw_traffic_lens_free               (SwTrafficLens      *self);

/* Frames with a snapshot of @framing (NULL or None: records as they are)
 * and starts again from the log's first record. Settings that do not
 * validate leave records as they are, and say why. */
gboolean       sw_traffic_lens_set_framing        (SwTrafficLens      *self,
                                                   SwFraming          *framing,
                                                   GError            **error);
/* Whether it cuts frames (framing other than None, and valid). */
gboolean       sw_traffic_lens_get_framed         (SwTrafficLens      *self);
/* Whether frames are shown with their delimiter. */
gboolean       sw_traffic_lens_get_keep_delimiter (SwTrafficLens      *self);

/* Forgets what it read and starts again from the log's first record. */
void           sw_traffic_lens_rewind             (SwTrafficLens      *self);
/* The next record it reads. */
guint64        sw_traffic_lens_get_position       (SwTrafficLens      *self);
/* Whether it has read every record the log holds. */
gboolean       sw_traffic_lens_is_caught_up       (SwTrafficLens      *self);

/* Reads records up to the log's end, or until @deadline (monotonic µs;
 * 0: none) has passed; @func gets every entry they end, in order: an
 * event keeps its place, a frame comes with the record it ends in.
 * Returns TRUE when it reached the end. */
gboolean       sw_traffic_lens_advance            (SwTrafficLens      *self,
                                                   gint64              deadline,
                                                   SwLensEntryFunc     func,
                                                   gpointer            user_data);
/* The frames begun and not ended yet, flagged INCOMPLETE, in the order
 * they began: what a live view shows as still arriving. */
void           sw_traffic_lens_foreach_pending    (SwTrafficLens      *self,
                                                   SwLensEntryFunc     func,
                                                   gpointer            user_data);
/* Idle-gap framing: when the earliest pending frame ends if nothing more
 * comes (monotonic µs), or -1. */
gint64         sw_traffic_lens_get_idle_deadline  (SwTrafficLens      *self);
/* Ends the pending frames whose gap has passed at @now; TRUE if any. */
gboolean       sw_traffic_lens_idle               (SwTrafficLens      *self,
                                                   gint64              now,
                                                   SwLensEntryFunc     func,
                                                   gpointer            user_data);

/* Appends to @out the first @max_length bytes (G_MAXSIZE: all) of what
 * @entry holds; FALSE when the log no longer holds them all. */
gboolean       sw_traffic_lens_read               (SwTrafficLog       *log,
                                                   const SwLensEntry  *entry,
                                                   gsize               max_length,
                                                   GByteArray         *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwTrafficLens, sw_traffic_lens_free)

G_END_DECLS
