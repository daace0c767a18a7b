/* sw-traffic-search-private.h: the two halves of SwTrafficSearch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-traffic-search.h"

G_BEGIN_DECLS

/* Streams are numbered by the main thread; 0 stands for the events. */
#define SW_SEARCH_EVENTS 0

/* A record as the thread sees it: a reference to its payload (which
 * never changes, and outlives the record), and its stream. */
typedef struct
{
  guint64  seq;
  gint64   time_us;
  GBytes  *payload;  /* NULL when empty */
  guint32  stream;
} SwSearchSnap;

/* A match, and the stream it is in. */
typedef struct
{
  SwSearchMatch match;
  guint32       stream;
} SwSearchFound;

/* The part of a match one record holds. */
typedef struct
{
  guint64 seq;
  guint32 offset;
  guint32 length;
} SwSearchPiece;

/* Records the main thread hands to the thread, and what it found. */
typedef struct
{
  /* In: the records; whether bytes went missing before them (trimmed
   * before the search got to them), and whether they end where the log
   * did. */
  GArray  *snaps;
  gboolean reset;
  gboolean caught_up;
  guint64  end_seq;

  /* Out: sorted. */
  GArray  *found;
  GArray  *pieces;
  GError  *error;
} SwSearchBatch;

SwSearchBatch  *_sw_search_batch_new       (void);
void            _sw_search_batch_free      (SwSearchBatch   *batch);

/* By where they start; pieces by record and offset. */
int             _sw_search_compare_found   (gconstpointer    a,
                                            gconstpointer    b);
int             _sw_search_compare_pieces  (gconstpointer    a,
                                            gconstpointer    b);

/* What the thread keeps from batch to batch: the state of every stream.
 * Used by one thread at a time; its reference count is atomic. */
typedef struct _SwSearchWorker SwSearchWorker;

/* @framing, when given, must not change any more. */
SwSearchWorker *_sw_search_worker_new      (SwSearchPattern *pattern,
                                            SwFraming       *framing);
SwSearchWorker *_sw_search_worker_ref      (SwSearchWorker  *worker);
void            _sw_search_worker_unref    (SwSearchWorker  *worker);
/* Searches the records of @batch, after those of the batches before,
 * into its found and pieces (sorted), or its error. */
void            _sw_search_worker_run      (SwSearchWorker  *worker,
                                            SwSearchBatch   *batch,
                                            GCancellable    *cancellable);

G_END_DECLS
