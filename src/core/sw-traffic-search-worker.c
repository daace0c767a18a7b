/* sw-traffic-search-worker.c: the half of SwTrafficSearch in a thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-traffic-search"

#include "config.h"

#include "sw-traffic-search-private.h"

#include "sw-framer.h"
#include "sw-search-private.h"

/*
 * The thread's side of a search: the records of each stream fed to a
 * scanner of their own (with a framer, cut into frames), and the
 * matches the scanners report put back into records and offsets. It
 * never touches the log: a batch holds references to the payloads.
 */

/* The thread looks at the cancellable at least this often. */
#define FEED_PIECE      (4 * 1024 * 1024)

/* A record's place in its stream. */
typedef struct
{
  guint64 seq;
  guint64 offset;
  gsize   length;
} Span;

typedef struct
{
  guint32          id;
  SwSearchScanner *scanner;
  SwFramer        *framer;
  guint64          framer_base;
  guint64          offset;
  /* Records from the first byte a match may still start at. */
  GArray          *spans;
  guint            first_span;
  gboolean         dirty;
} Stream;

struct _SwSearchWorker
{
  SwSearchContext *context;
  SwFraming       *framing;
  GHashTable      *streams;
  SwSearchScanner *event_scanner;
  GPtrArray       *dirty;
  GArray          *cuts;

  /* While a batch runs: where matches go, and what they are in. */
  SwSearchBatch   *batch;
  Stream          *stream;
  guint64          event_seq;
};

/* Batches */

static void
snap_clear (gpointer data)
{
  SwSearchSnap *snap = data;

  g_clear_pointer (&snap->payload, g_bytes_unref);
}

SwSearchBatch *
_sw_search_batch_new (void)
{
  SwSearchBatch *batch = g_new0 (SwSearchBatch, 1);

  batch->snaps = g_array_new (FALSE, FALSE, sizeof (SwSearchSnap));
  g_array_set_clear_func (batch->snaps, snap_clear);
  batch->found = g_array_new (FALSE, FALSE, sizeof (SwSearchFound));
  batch->pieces = g_array_new (FALSE, FALSE, sizeof (SwSearchPiece));

  return batch;
}

void
_sw_search_batch_free (SwSearchBatch *batch)
{
  g_array_unref (batch->snaps);
  g_array_unref (batch->found);
  g_array_unref (batch->pieces);
  g_clear_error (&batch->error);
  g_free (batch);
}

int
_sw_search_compare_found (gconstpointer a,
                          gconstpointer b)
{
  const SwSearchMatch *x = &((const SwSearchFound *) a)->match;
  const SwSearchMatch *y = &((const SwSearchFound *) b)->match;

  if (x->start_seq != y->start_seq)
    return x->start_seq < y->start_seq ? -1 : 1;
  if (x->start_offset != y->start_offset)
    return x->start_offset < y->start_offset ? -1 : 1;
  return 0;
}

int
_sw_search_compare_pieces (gconstpointer a,
                           gconstpointer b)
{
  const SwSearchPiece *x = a;
  const SwSearchPiece *y = b;

  if (x->seq != y->seq)
    return x->seq < y->seq ? -1 : 1;
  if (x->offset != y->offset)
    return x->offset < y->offset ? -1 : 1;
  return 0;
}

/* The worker, in the thread */

static void
stream_free (gpointer data)
{
  Stream *stream = data;

  _sw_search_scanner_free (stream->scanner);
  g_clear_pointer (&stream->framer, sw_framer_free);
  g_array_unref (stream->spans);
  g_free (stream);
}

static void
worker_free (gpointer data)
{
  SwSearchWorker *worker = data;

  g_hash_table_unref (worker->streams);
  _sw_search_scanner_free (worker->event_scanner);
  g_ptr_array_unref (worker->dirty);
  g_array_unref (worker->cuts);
  g_clear_object (&worker->framing);
  _sw_search_context_free (worker->context);
}

SwSearchWorker *
_sw_search_worker_new (SwSearchPattern *pattern,
                       SwFraming       *framing)
{
  SwSearchWorker *worker = g_atomic_rc_box_new0 (SwSearchWorker);

  worker->context = _sw_search_context_new (pattern);
  worker->framing = framing != NULL ? g_object_ref (framing) : NULL;
  worker->streams = g_hash_table_new_full (NULL, NULL, NULL, stream_free);
  worker->event_scanner = _sw_search_scanner_new (worker->context, TRUE);
  worker->dirty = g_ptr_array_new ();
  worker->cuts = g_array_new (FALSE, FALSE, sizeof (guint64));

  return worker;
}

SwSearchWorker *
_sw_search_worker_ref (SwSearchWorker *worker)
{
  return g_atomic_rc_box_acquire (worker);
}

void
_sw_search_worker_unref (SwSearchWorker *worker)
{
  g_atomic_rc_box_release_full (worker, worker_free);
}

static Stream *
worker_get_stream (SwSearchWorker *worker,
                   guint32         id)
{
  Stream *stream = g_hash_table_lookup (worker->streams, GUINT_TO_POINTER (id));

  if (stream != NULL)
    return stream;

  stream = g_new0 (Stream, 1);
  stream->id = id;
  stream->scanner = _sw_search_scanner_new (worker->context, FALSE);
  if (worker->framing != NULL)
    stream->framer = sw_framer_new (worker->framing, NULL);
  stream->spans = g_array_new (FALSE, FALSE, sizeof (Span));
  g_hash_table_insert (worker->streams, GUINT_TO_POINTER (id), stream);

  return stream;
}

/* The bytes before are gone: each stream starts over where it is. */
static void
stream_restart (Stream *stream)
{
  _sw_search_scanner_reset (stream->scanner, stream->offset);
  if (stream->framer != NULL)
    sw_framer_reset (stream->framer);
  stream->framer_base = stream->offset;
  g_array_set_size (stream->spans, 0);
  stream->first_span = 0;
}

static const Span *
stream_find_span (Stream  *stream,
                  guint64  offset)
{
  const Span *spans = (const Span *) (gpointer) stream->spans->data;
  guint lo = stream->first_span;
  guint hi = stream->spans->len;

  g_assert (lo < hi && spans[lo].offset <= offset);

  /* The last span that starts at or before @offset. */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (spans[mid].offset <= offset)
        lo = mid;
      else
        hi = mid;
    }

  return &spans[lo];
}

static void
add_piece (SwSearchBatch *batch,
           guint64        seq,
           guint64        offset,
           guint64        length)
{
  SwSearchPiece piece = { seq, MIN (offset, G_MAXUINT32), MIN (length, G_MAXUINT32) };

  g_array_append_val (batch->pieces, piece);
}

static void
on_stream_found (guint64  start,
                 guint64  end,
                 gpointer user_data)
{
  SwSearchWorker *worker = user_data;
  Stream *stream = worker->stream;
  const Span *first = stream_find_span (stream, start);
  const Span *last = stream_find_span (stream, end - 1);
  SwSearchFound found = {
    .match = {
      .start_seq = first->seq,
      .start_offset = start - first->offset,
      .end_seq = last->seq,
      .end_offset = end - last->offset,
    },
    .stream = stream->id,
  };

  g_array_append_val (worker->batch->found, found);

  for (const Span *span = first; span <= last; span++)
    {
      guint64 from = MAX (start, span->offset);
      guint64 to = MIN (end, span->offset + span->length);

      add_piece (worker->batch, span->seq, from - span->offset, to - from);
    }
}

static void
on_event_found (guint64  start,
                guint64  end,
                gpointer user_data)
{
  SwSearchWorker *worker = user_data;
  SwSearchFound found = {
    .match = { worker->event_seq, worker->event_seq, start, end },
    .stream = SW_SEARCH_EVENTS,
  };

  g_array_append_val (worker->batch->found, found);
  add_piece (worker->batch, worker->event_seq, start, end - start);
}

static void
on_frame (const SwFrame *frame,
          gpointer       user_data)
{
  SwSearchWorker *worker = user_data;
  guint64 end = worker->stream->framer_base + frame->offset + frame->length;

  g_array_append_val (worker->cuts, end);
}

/* Feeds @data[@from, @to) in pieces, looking at @cancellable between. */
static gboolean
stream_feed (SwSearchWorker  *worker,
             const guint8    *data,
             gsize            from,
             gsize            to,
             GCancellable    *cancellable,
             GError         **error)
{
  while (from < to)
    {
      gsize n = MIN (to - from, (gsize) FEED_PIECE);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!_sw_search_scanner_feed (worker->stream->scanner, data + from, n,
                                    on_stream_found, worker, error))
        return FALSE;
      from += n;
    }

  return TRUE;
}

static gboolean
worker_search_stream (SwSearchWorker      *worker,
                      const SwSearchSnap  *snap,
                      GCancellable        *cancellable,
                      GError             **error)
{
  Stream *stream = worker_get_stream (worker, snap->stream);
  const guint8 *data;
  gsize length;
  Span span;
  gsize at = 0;
  guint64 keep;

  data = g_bytes_get_data (snap->payload, &length);
  span = (Span) { snap->seq, stream->offset, length };
  g_array_append_val (stream->spans, span);
  worker->stream = stream;

  /* Where frames end in these bytes, a haystack ends. */
  g_array_set_size (worker->cuts, 0);
  if (stream->framer != NULL)
    sw_framer_push (stream->framer, data, length, snap->time_us, on_frame, worker);

  for (guint i = 0; i < worker->cuts->len; i++)
    {
      gsize cut = g_array_index (worker->cuts, guint64, i) - stream->offset;

      g_assert (cut >= at && cut <= length);
      if (!stream_feed (worker, data, at, cut, cancellable, error) ||
          !_sw_search_scanner_end (stream->scanner, on_stream_found, worker, error))
        return FALSE;
      at = cut;
    }

  if (!stream_feed (worker, data, at, length, cancellable, error))
    return FALSE;

  stream->offset += length;
  if (!stream->dirty)
    {
      stream->dirty = TRUE;
      g_ptr_array_add (worker->dirty, stream);
    }

  /* Forget the records no match can start in any more. */
  keep = _sw_search_scanner_get_keep (stream->scanner);
  while (stream->first_span + 1 < stream->spans->len)
    {
      const Span *oldest = &g_array_index (stream->spans, Span, stream->first_span);

      if (oldest->offset + oldest->length > keep)
        break;
      stream->first_span++;
    }
  if (stream->first_span > 64 && stream->first_span > stream->spans->len / 2)
    {
      g_array_remove_range (stream->spans, 0, stream->first_span);
      stream->first_span = 0;
    }

  return TRUE;
}

static gboolean
worker_search_event (SwSearchWorker      *worker,
                     const SwSearchSnap  *snap,
                     GError             **error)
{
  const guint8 *data;
  gsize length;

  data = g_bytes_get_data (snap->payload, &length);
  worker->event_seq = snap->seq;

  _sw_search_scanner_reset (worker->event_scanner, 0);

  return _sw_search_scanner_feed (worker->event_scanner, data, length,
                                  on_event_found, worker, error) &&
         _sw_search_scanner_end (worker->event_scanner, on_event_found, worker, error);
}

static gboolean
worker_flush (SwSearchWorker  *worker,
              GError         **error)
{
  for (guint i = 0; i < worker->dirty->len; i++)
    {
      Stream *stream = g_ptr_array_index (worker->dirty, i);

      worker->stream = stream;
      stream->dirty = FALSE;
      if (!_sw_search_scanner_flush (stream->scanner, on_stream_found, worker, error))
        return FALSE;
    }

  g_ptr_array_set_size (worker->dirty, 0);

  return TRUE;
}

void
_sw_search_worker_run (SwSearchWorker *worker,
                       SwSearchBatch  *batch,
                       GCancellable   *cancellable)
{
  GError **error = &batch->error;

  worker->batch = batch;

  if (batch->reset)
    {
      GHashTableIter iter;
      Stream *stream;

      g_hash_table_iter_init (&iter, worker->streams);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &stream))
        stream_restart (stream);
    }

  for (guint i = 0; i < batch->snaps->len; i++)
    {
      const SwSearchSnap *snap = &g_array_index (batch->snaps, SwSearchSnap, i);
      gboolean ok;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      /* An empty record (an empty datagram) holds no match. */
      if (snap->payload == NULL)
        continue;

      if (snap->stream == SW_SEARCH_EVENTS)
        ok = worker_search_event (worker, snap, error);
      else
        ok = worker_search_stream (worker, snap, cancellable, error);

      if (!ok)
        goto out;
    }

  if (batch->caught_up)
    worker_flush (worker, error);

out:
  worker->batch = NULL;
  worker->stream = NULL;

  g_array_sort (batch->found, _sw_search_compare_found);
  g_array_sort (batch->pieces, _sw_search_compare_pieces);
}

