/* sw-traffic-search.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-traffic-search"

#include "config.h"

#include "sw-traffic-search.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-traffic-search-private.h"

/**
 * SwTrafficSearch:
 *
 * All matches of a #SwSearchPattern in a #SwTrafficLog (issue #12): in
 * the whole log, not only what a view drew, and in the records appended
 * later.
 *
 * The haystacks are the log's byte streams: the records of one
 * connection (or, without a connection, of one peer) in one direction,
 * one after the other, so that a match may span chunks; with a framing,
 * each frame of those streams; and each event's text on its own.
 *
 * The search runs in a thread, batch by batch, so that the window keeps
 * drawing while 64 MiB are searched, and that a slow regular expression
 * (one call of PCRE2 cannot be cut short without making every pattern
 * slower) never holds up the main loop. The log is used from its own
 * thread only: an idle callback, below GTK's drawing, takes references
 * to the payloads of a batch of records (the bytes of a record never
 * change), the thread searches them, and the matches are merged here.
 * Matches in records trimmed from the log drop out; a cleared log is
 * searched afresh.
 */

/* A batch: at most this many records or bytes, and at most two batches
 * waiting, which keeps the thread busy; taken from the log in turns of
 * the main loop of at most BUILD_SLICE_USEC, which keeps its share small
 * (a reference costs about 0.1 µs, so a batch of small datagrams takes
 * a few turns). */
#define BATCH_RECORDS   16384
#define BATCH_BYTES     (4 * 1024 * 1024)
#define BATCHES_READY   2
#define BUILD_SLICE_USEC 2000
#define BUILD_CHECK     256
/* Matches dropped from the front are compacted away only this late. */
#define COMPACT_MIN     4096

/* A batch on its way through the thread. It holds the search weakly: a
 * search nobody wants any more stops at the end of the batch. */
typedef struct
{
  GWeakRef        search;
  SwSearchWorker *worker;
  SwSearchBatch  *batch;
  guint           generation;
} Task;

/* How the log names a stream. */
typedef struct
{
  guint  connection;
  guint  direction;
  char  *peer;  /* a GRefString, without a connection */
} StreamKey;

struct _SwTrafficSearch
{
  GObject          parent_instance;

  SwTrafficLog    *log;
  SwSearchPattern *pattern;
  SwFraming       *framing;
  gulong           changed_id;
  gulong           cleared_id;

  SwSearchWorker  *worker;
  GHashTable      *stream_ids;
  guint32          next_stream_id;
  StreamKey        last_key;
  guint32          last_id;

  guint64          cursor;     /* the next record to take */
  guint64          searched;   /* every record before it is searched */
  guint64          start_seq;  /* where progress counts from */

  GArray          *found;
  guint            first_found;
  GArray          *pieces;
  guint            first_piece;

  GQueue           ready;
  SwSearchBatch   *building;
  gsize            building_bytes;
  GSource         *build_source;
  gboolean         running;
  guint            generation;
  GCancellable    *cancellable;
  GError          *error;

  guint            notified_n_matches;
  gboolean         notified_searching;
  double           notified_progress;
};

G_DEFINE_FINAL_TYPE (SwTrafficSearch, sw_traffic_search, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOG,
  PROP_PATTERN,
  PROP_FRAMING,
  PROP_N_MATCHES,
  PROP_SEARCHING,
  PROP_PROGRESS,
  PROP_ERROR,
  N_PROPS
};

enum {
  MATCHES_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule (SwTrafficSearch *self);

static void
task_free (gpointer data)
{
  Task *task = data;

  g_weak_ref_clear (&task->search);
  _sw_search_worker_unref (task->worker);
  _sw_search_batch_free (task->batch);
  g_free (task);
}

static void
task_thread (GTask        *gtask,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Task *task = task_data;

  _sw_search_worker_run (task->worker, task->batch, cancellable);
  g_task_return_boolean (gtask, TRUE);
}

/* Streams, on the main thread */

static guint
stream_key_hash (gconstpointer data)
{
  const StreamKey *key = data;

  return key->connection * 31 + key->direction + (key->peer != NULL ? g_str_hash (key->peer) : 0);
}

static gboolean
stream_key_equal (gconstpointer a,
                  gconstpointer b)
{
  const StreamKey *x = a;
  const StreamKey *y = b;

  return x->connection == y->connection && x->direction == y->direction &&
         g_strcmp0 (x->peer, y->peer) == 0;
}

static void
stream_key_free (gpointer data)
{
  StreamKey *key = data;

  g_clear_pointer (&key->peer, g_ref_string_release);
  g_free (key);
}

/* The stream @record belongs to: its connection (or peer) and direction;
 * SW_SEARCH_EVENTS for an event. */
static guint32
get_stream_id (SwTrafficSearch       *self,
               const SwTrafficRecord *record)
{
  StreamKey key = { record->connection, record->direction, NULL };
  StreamKey *stored;
  gpointer id;

  if (record->direction == SW_DIRECTION_EVENT)
    return SW_SEARCH_EVENTS;

  /* Records of one peer come in runs; the log interns its peers. */
  if (key.connection == 0)
    key.peer = (char *) record->peer;
  if (self->last_id != SW_SEARCH_EVENTS && key.connection == self->last_key.connection &&
      key.direction == self->last_key.direction && key.peer == self->last_key.peer)
    return self->last_id;

  if (!g_hash_table_lookup_extended (self->stream_ids, &key, NULL, &id))
    {
      stored = g_new (StreamKey, 1);
      *stored = key;
      stored->peer = key.peer != NULL ? g_ref_string_acquire (key.peer) : NULL;
      id = GUINT_TO_POINTER (++self->next_stream_id);
      g_hash_table_insert (self->stream_ids, stored, id);
    }

  /* Compared by address, so held: no other string can take it. */
  g_clear_pointer (&self->last_key.peer, g_ref_string_release);
  self->last_key = key;
  if (key.peer != NULL)
    self->last_key.peer = g_ref_string_acquire (key.peer);
  self->last_id = GPOINTER_TO_UINT (id);

  return self->last_id;
}

/* Matches, on the main thread */

static guint
n_found (SwTrafficSearch *self)
{
  return self->found->len - self->first_found;
}

static const SwSearchFound *
get_found (SwTrafficSearch *self,
           guint            index)
{
  return &g_array_index (self->found, SwSearchFound, self->first_found + index);
}

/* The first element in [@first, @array's end) not less than @element. */
static guint
lower_bound (GArray        *array,
             guint          first,
             gconstpointer  element,
             GCompareFunc   compare)
{
  guint size = g_array_get_element_size (array);
  guint lo = first;
  guint hi = array->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare (array->data + (gsize) mid * size, element) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* Merges the sorted @more into the sorted @array; returns the index of
 * the first element that changed. */
static guint
merge_sorted (GArray       *array,
              guint         first,
              GArray       *more,
              GCompareFunc  compare)
{
  guint size = g_array_get_element_size (array);
  g_autoptr(GArray) tail = NULL;
  guint at;
  guint i = 0;
  guint j = 0;

  if (more->len == 0)
    return array->len;

  at = lower_bound (array, first, more->data, compare);
  if (at == array->len)
    {
      g_array_append_vals (array, more->data, more->len);
      return at;
    }

  /* A match that spans records may begin before the last one found. */
  tail = g_array_sized_new (FALSE, FALSE, size, array->len - at);
  g_array_append_vals (tail, array->data + (gsize) at * size, array->len - at);
  g_array_set_size (array, at);

  while (i < tail->len || j < more->len)
    {
      gconstpointer a = tail->data + (gsize) i * size;
      gconstpointer b = more->data + (gsize) j * size;

      if (j == more->len || (i < tail->len && compare (a, b) <= 0))
        {
          g_array_append_vals (array, a, 1);
          i++;
        }
      else
        {
          g_array_append_vals (array, b, 1);
          j++;
        }
    }

  return at;
}

/* Drops what starts before @first_seq (trimmed) from a batch's arrays. */
static void
drop_trimmed_from_batch (SwSearchBatch *batch,
                         guint64        first_seq)
{
  guint n = 0;

  while (n < batch->found->len && g_array_index (batch->found, SwSearchFound, n).match.start_seq < first_seq)
    n++;
  g_array_remove_range (batch->found, 0, n);

  n = 0;
  while (n < batch->pieces->len && g_array_index (batch->pieces, SwSearchPiece, n).seq < first_seq)
    n++;
  g_array_remove_range (batch->pieces, 0, n);
}

static void
set_error (SwTrafficSearch *self,
           GError          *error)
{
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static double
compute_progress (SwTrafficSearch *self)
{
  guint64 first = MAX (self->start_seq, sw_traffic_log_get_first_seq (self->log));
  guint64 end = sw_traffic_log_get_end_seq (self->log);
  guint64 done = MAX (self->searched, first);

  if (end <= first)
    return 1.0;

  return (double) (done - first) / (double) (end - first);
}

static gboolean
compute_searching (SwTrafficSearch *self)
{
  return self->error == NULL && self->searched < sw_traffic_log_get_end_seq (self->log);
}

/* Notifies what changed since it was last notified. */
static void
notify_state (SwTrafficSearch *self)
{
  guint n = n_found (self);
  gboolean searching = compute_searching (self);
  double progress = compute_progress (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (n != self->notified_n_matches)
    {
      self->notified_n_matches = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MATCHES]);
    }
  if (searching != self->notified_searching)
    {
      self->notified_searching = searching;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
    }
  if (progress != self->notified_progress)
    {
      self->notified_progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
merge_batch (SwTrafficSearch *self,
             SwSearchBatch   *batch)
{
  guint old_n = n_found (self);
  guint at;

  self->searched = MAX (self->searched, batch->end_seq);

  drop_trimmed_from_batch (batch, sw_traffic_log_get_first_seq (self->log));
  merge_sorted (self->pieces, self->first_piece, batch->pieces, _sw_search_compare_pieces);
  at = merge_sorted (self->found, self->first_found, batch->found, _sw_search_compare_found);

  if (n_found (self) > SW_TRAFFIC_SEARCH_MAX_MATCHES)
    {
      g_array_set_size (self->found, self->first_found + SW_TRAFFIC_SEARCH_MAX_MATCHES);
      if (batch->error == NULL)
        batch->error = g_error_new (SW_SEARCH_ERROR, SW_SEARCH_ERROR_TOO_MANY,
                                    /* Translators: %u is a number such as 1,000,000 */
                                    _("More than %u matches: the search stopped there; "
                                      "search for something longer"),
                                    SW_TRAFFIC_SEARCH_MAX_MATCHES);
    }

  if (batch->error != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      set_error (self, g_steal_pointer (&batch->error));
    }

  if (n_found (self) != old_n || at - self->first_found < old_n)
    g_signal_emit (self, signals[MATCHES_CHANGED], 0,
                   at - self->first_found, old_n - (at - self->first_found),
                   n_found (self) - (at - self->first_found));

  notify_state (self);
}

static void
task_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Task *task = g_task_get_task_data (G_TASK (result));
  g_autoptr(SwTrafficSearch) self = g_weak_ref_get (&task->search);

  if (self == NULL)
    return;

  self->running = FALSE;

  if (task->generation == self->generation && self->error == NULL &&
      !g_cancellable_is_cancelled (self->cancellable))
    merge_batch (self, task->batch);

  schedule (self);
}

static void
start_task (SwTrafficSearch *self)
{
  g_autoptr(GTask) gtask = NULL;
  Task *task;

  task = g_new0 (Task, 1);
  g_weak_ref_init (&task->search, self);
  task->worker = _sw_search_worker_ref (self->worker);
  task->batch = g_queue_pop_head (&self->ready);
  task->generation = self->generation;

  gtask = g_task_new (NULL, self->cancellable, task_done, NULL);
  g_task_set_source_tag (gtask, start_task);
  g_task_set_name (gtask, "[sw-traffic-search]");
  g_task_set_task_data (gtask, task, task_free);
  g_task_set_return_on_cancel (gtask, FALSE);

  self->running = TRUE;
  g_task_run_in_thread (gtask, task_thread);
}

/* Takes the next records into the batch being built until @deadline;
 * returns whether the batch is done: full, up to the log's end, or up
 * to records that went before the search got to them. */
static gboolean
fill_batch (SwTrafficSearch *self,
            SwSearchBatch   *batch,
            gint64           deadline)
{
  guint64 first = sw_traffic_log_get_first_seq (self->log);
  guint64 end = sw_traffic_log_get_end_seq (self->log);

  if (self->cursor < first)
    {
      /* The streams start over, at the batch's start. */
      if (batch->snaps->len > 0)
        return TRUE;
      batch->reset = TRUE;
      self->cursor = first;
    }

  while (self->cursor < end && batch->snaps->len < BATCH_RECORDS && self->building_bytes < BATCH_BYTES)
    {
      SwTrafficRecord record;
      SwSearchSnap snap;

      if (batch->snaps->len % BUILD_CHECK == BUILD_CHECK - 1 && g_get_monotonic_time () > deadline)
        return FALSE;

      sw_traffic_log_get_record (self->log, self->cursor, &record);
      snap.seq = self->cursor;
      snap.time_us = record.monotonic_time;
      snap.stream = get_stream_id (self, &record);
      snap.payload = record.length > 0 ? sw_traffic_log_dup_payload (self->log, self->cursor) : NULL;
      g_array_append_val (batch->snaps, snap);

      self->building_bytes += record.length;
      self->cursor++;
    }

  return TRUE;
}

static gboolean
build_cb (gpointer user_data)
{
  SwTrafficSearch *self = SW_TRAFFIC_SEARCH (user_data);

  if (self->building == NULL)
    {
      self->building = _sw_search_batch_new ();
      self->building_bytes = 0;
    }

  if (fill_batch (self, self->building, g_get_monotonic_time () + BUILD_SLICE_USEC))
    {
      SwSearchBatch *batch = g_steal_pointer (&self->building);

      batch->end_seq = self->cursor;
      batch->caught_up = self->cursor == sw_traffic_log_get_end_seq (self->log);
      g_queue_push_tail (&self->ready, batch);
      if (!self->running)
        start_task (self);
    }

  if (self->building != NULL ||
      (self->ready.length < BATCHES_READY &&
       self->cursor < sw_traffic_log_get_end_seq (self->log)))
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&self->build_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* Starts what there is to do: a batch into the thread, records into a
 * batch. */
static void
schedule (SwTrafficSearch *self)
{
  if (self->error != NULL)
    return;

  if (!self->running && self->ready.length > 0)
    start_task (self);

  if (self->build_source == NULL && self->ready.length < BATCHES_READY &&
      self->cursor < sw_traffic_log_get_end_seq (self->log))
    {
      /* Below GTK's drawing and the sockets. */
      self->build_source = g_idle_source_new ();
      g_source_set_priority (self->build_source, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_callback (self->build_source, build_cb, self, NULL);
      g_source_set_static_name (self->build_source, "[sw-traffic-search] build");
      g_source_attach (self->build_source, g_main_context_get_thread_default ());
    }
}

static void
stop_building (SwTrafficSearch *self)
{
  g_clear_pointer (&self->building, _sw_search_batch_free);

  if (self->build_source == NULL)
    return;

  g_source_destroy (self->build_source);
  g_clear_pointer (&self->build_source, g_source_unref);
}

static void
drop_trimmed (SwTrafficSearch *self)
{
  guint64 first = sw_traffic_log_get_first_seq (self->log);
  guint removed = 0;

  while (n_found (self) > 0 && get_found (self, 0)->match.start_seq < first)
    {
      self->first_found++;
      removed++;
    }
  while (self->first_piece < self->pieces->len &&
         g_array_index (self->pieces, SwSearchPiece, self->first_piece).seq < first)
    self->first_piece++;

  if (self->first_found > COMPACT_MIN && self->first_found > self->found->len / 2)
    {
      g_array_remove_range (self->found, 0, self->first_found);
      self->first_found = 0;
    }
  if (self->first_piece > COMPACT_MIN && self->first_piece > self->pieces->len / 2)
    {
      g_array_remove_range (self->pieces, 0, self->first_piece);
      self->first_piece = 0;
    }

  if (removed > 0)
    g_signal_emit (self, signals[MATCHES_CHANGED], 0, 0, removed, 0);
}

static void
on_log_changed (SwTrafficSearch *self)
{
  drop_trimmed (self);
  schedule (self);
  notify_state (self);
}

static void
on_log_cleared (SwTrafficSearch *self)
{
  guint removed = n_found (self);
  guint64 end = sw_traffic_log_get_end_seq (self->log);

  /* Start afresh: what runs now is for the old records. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  stop_building (self);
  g_queue_clear_full (&self->ready, (GDestroyNotify) _sw_search_batch_free);
  g_clear_pointer (&self->worker, _sw_search_worker_unref);
  self->worker = _sw_search_worker_new (self->pattern, self->framing);

  g_array_set_size (self->found, 0);
  self->first_found = 0;
  g_array_set_size (self->pieces, 0);
  self->first_piece = 0;
  self->cursor = self->searched = self->start_seq = end;

  if (self->error != NULL)
    set_error (self, NULL);

  if (removed > 0)
    g_signal_emit (self, signals[MATCHES_CHANGED], 0, 0, removed, 0);

  schedule (self);
  notify_state (self);
}

/* Public API */

/**
 * sw_traffic_search_new:
 * @log: the log to search
 * @pattern: what to search for
 * @framing: (nullable): how streams are cut into frames, or %NULL
 *
 * Returns: (transfer full): a search, already under way
 */
SwTrafficSearch *
sw_traffic_search_new (SwTrafficLog    *log,
                       SwSearchPattern *pattern,
                       SwFraming       *framing)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (log), NULL);
  g_return_val_if_fail (pattern != NULL, NULL);
  g_return_val_if_fail (framing == NULL || SW_IS_FRAMING (framing), NULL);

  return g_object_new (SW_TYPE_TRAFFIC_SEARCH,
                       "log", log,
                       "pattern", pattern,
                       "framing", framing,
                       NULL);
}

SwTrafficLog *
sw_traffic_search_get_log (SwTrafficSearch *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_SEARCH (self), NULL);

  return self->log;
}

SwSearchPattern *
sw_traffic_search_get_pattern (SwTrafficSearch *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_SEARCH (self), NULL);

  return self->pattern;
}

guint
sw_traffic_search_get_n_matches (SwTrafficSearch *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_SEARCH (self), 0);

  return n_found (self);
}

/**
 * sw_traffic_search_get_match:
 * @index: from 0 to sw_traffic_search_get_n_matches() - 1
 * @match: (out caller-allocates): where to put it
 *
 * Returns: %TRUE when there is such a match
 */
gboolean
sw_traffic_search_get_match (SwTrafficSearch *self,
                             guint            index,
                             SwSearchMatch   *match)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_SEARCH (self), FALSE);
  g_return_val_if_fail (match != NULL, FALSE);

  if (index >= n_found (self))
    return FALSE;

  *match = get_found (self, index)->match;

  return TRUE;
}

gboolean
sw_traffic_search_get_searching (SwTrafficSearch *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_SEARCH (self), FALSE);

  return compute_searching (self);
}

double
sw_traffic_search_get_progress (SwTrafficSearch *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_SEARCH (self), 0.0);

  return compute_progress (self);
}

const GError *
sw_traffic_search_get_error (SwTrafficSearch *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_SEARCH (self), NULL);

  return self->error;
}

/* The index of the first match that starts at or after @seq, @offset. */
static guint
find_position (SwTrafficSearch *self,
               guint64          seq,
               gsize            offset)
{
  SwSearchFound key = { .match = { .start_seq = seq, .start_offset = offset } };

  return lower_bound (self->found, self->first_found, &key, _sw_search_compare_found) - self->first_found;
}

/* Forward, the first match that starts at or after @seq, @offset;
 * backward, the last that starts before; round the end if need be. */
static gboolean
find_step (SwTrafficSearch *self,
           guint64          seq,
           gsize            offset,
           gboolean         forward,
           guint           *index,
           gboolean        *wrapped)
{
  guint n = n_found (self);
  gboolean round;
  guint i;

  if (n == 0)
    return FALSE;

  i = find_position (self, seq, offset);
  round = forward ? i == n : i == 0;
  if (wrapped != NULL)
    *wrapped = round;
  if (forward)
    *index = round ? 0 : i;
  else
    *index = round ? n - 1 : i - 1;

  return TRUE;
}

/**
 * sw_traffic_search_find_next:
 * @seq: a record
 * @offset: a byte in it
 * @index: (out): the match's index
 * @wrapped: (out) (optional): whether it went round to the first match
 *
 * Returns: %FALSE when there are no matches
 */
gboolean
sw_traffic_search_find_next (SwTrafficSearch *self,
                             guint64          seq,
                             gsize            offset,
                             guint           *index,
                             gboolean        *wrapped)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_SEARCH (self), FALSE);
  g_return_val_if_fail (index != NULL, FALSE);

  return find_step (self, seq, offset, TRUE, index, wrapped);
}

/**
 * sw_traffic_search_find_previous:
 * @seq: a record
 * @offset: a byte in it
 * @index: (out): the match's index
 * @wrapped: (out) (optional): whether it went round to the last match
 *
 * Returns: %FALSE when there are no matches
 */
gboolean
sw_traffic_search_find_previous (SwTrafficSearch *self,
                                 guint64          seq,
                                 gsize            offset,
                                 guint           *index,
                                 gboolean        *wrapped)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_SEARCH (self), FALSE);
  g_return_val_if_fail (index != NULL, FALSE);

  return find_step (self, seq, offset, FALSE, index, wrapped);
}

/* The index in self->pieces of the first piece of record @seq. */
static guint
find_piece (SwTrafficSearch *self,
            guint64          seq)
{
  SwSearchPiece key = { seq, 0, 0 };

  return lower_bound (self->pieces, self->first_piece, &key, _sw_search_compare_pieces);
}

gboolean
sw_traffic_search_record_has_match (SwTrafficSearch *self,
                                    guint64          seq)
{
  guint i;

  g_return_val_if_fail (SW_IS_TRAFFIC_SEARCH (self), FALSE);

  i = find_piece (self, seq);

  return i < self->pieces->len && g_array_index (self->pieces, SwSearchPiece, i).seq == seq;
}

/**
 * sw_traffic_search_get_record_ranges:
 * @seq: a record
 *
 * Returns: (transfer full) (element-type SwSearchRange): the ranges
 */
GArray *
sw_traffic_search_get_record_ranges (SwTrafficSearch *self,
                                     guint64          seq)
{
  GArray *ranges;

  g_return_val_if_fail (SW_IS_TRAFFIC_SEARCH (self), NULL);

  ranges = g_array_new (FALSE, FALSE, sizeof (SwSearchRange));
  for (guint i = find_piece (self, seq); i < self->pieces->len; i++)
    {
      const SwSearchPiece *piece = &g_array_index (self->pieces, SwSearchPiece, i);
      SwSearchRange range = { piece->offset, piece->length };

      if (piece->seq != seq)
        break;
      g_array_append_val (ranges, range);
    }

  return ranges;
}

/**
 * sw_traffic_search_get_match_range:
 * @index: a match
 * @seq: a record
 * @range: (out caller-allocates): the bytes of @seq that the match covers
 *
 * Returns: %TRUE when record @seq holds part of match @index
 */
gboolean
sw_traffic_search_get_match_range (SwTrafficSearch *self,
                                   guint            index,
                                   guint64          seq,
                                   SwSearchRange   *range)
{
  const SwSearchFound *found;
  SwTrafficRecord record;
  gsize from;
  gsize to;

  g_return_val_if_fail (SW_IS_TRAFFIC_SEARCH (self), FALSE);
  g_return_val_if_fail (range != NULL, FALSE);

  if (index >= n_found (self))
    return FALSE;

  found = get_found (self, index);
  if (seq < found->match.start_seq || seq > found->match.end_seq ||
      !sw_traffic_log_get_record (self->log, seq, &record))
    return FALSE;

  /* Records of other streams can come between. */
  if (seq != found->match.start_seq && seq != found->match.end_seq &&
      get_stream_id (self, &record) != found->stream)
    return FALSE;

  from = seq == found->match.start_seq ? found->match.start_offset : 0;
  to = seq == found->match.end_seq ? found->match.end_offset : record.length;
  *range = (SwSearchRange) { from, to - from };

  return TRUE;
}

/* GObject */

static void
sw_traffic_search_constructed (GObject *object)
{
  SwTrafficSearch *self = SW_TRAFFIC_SEARCH (object);

  G_OBJECT_CLASS (sw_traffic_search_parent_class)->constructed (object);

  g_assert (self->log != NULL && self->pattern != NULL);

  self->worker = _sw_search_worker_new (self->pattern, self->framing);
  self->cursor = self->searched = self->start_seq = sw_traffic_log_get_first_seq (self->log);
  self->notified_searching = compute_searching (self);
  self->notified_progress = compute_progress (self);

  self->changed_id = g_signal_connect_swapped (self->log, "changed",
                                               G_CALLBACK (on_log_changed), self);
  self->cleared_id = g_signal_connect_swapped (self->log, "cleared",
                                               G_CALLBACK (on_log_cleared), self);

  schedule (self);
}

static void
sw_traffic_search_dispose (GObject *object)
{
  SwTrafficSearch *self = SW_TRAFFIC_SEARCH (object);

  g_cancellable_cancel (self->cancellable);
  stop_building (self);
  g_queue_clear_full (&self->ready, (GDestroyNotify) _sw_search_batch_free);
  if (self->log != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->log);
      g_clear_signal_handler (&self->cleared_id, self->log);
    }

  G_OBJECT_CLASS (sw_traffic_search_parent_class)->dispose (object);
}

static void
sw_traffic_search_finalize (GObject *object)
{
  SwTrafficSearch *self = SW_TRAFFIC_SEARCH (object);

  g_clear_pointer (&self->worker, _sw_search_worker_unref);
  g_clear_pointer (&self->last_key.peer, g_ref_string_release);
  g_clear_pointer (&self->stream_ids, g_hash_table_unref);
  g_clear_pointer (&self->found, g_array_unref);
  g_clear_pointer (&self->pieces, g_array_unref);
  g_clear_pointer (&self->pattern, sw_search_pattern_unref);
  g_clear_object (&self->framing);
  g_clear_object (&self->log);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (sw_traffic_search_parent_class)->finalize (object);
}

/* A copy that nothing else changes, so that the thread may read it. */
static SwFraming *
copy_framing (SwFraming *framing)
{
  g_autoptr(GVariant) state = NULL;
  SwFraming *copy;

  if (framing == NULL || !sw_framing_validate (framing, NULL))
    return NULL;

  state = g_variant_ref_sink (sw_framing_save (framing));
  copy = sw_framing_new ();
  sw_framing_restore (copy, state);

  return copy;
}

static void
sw_traffic_search_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SwTrafficSearch *self = SW_TRAFFIC_SEARCH (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;

    case PROP_PATTERN:
      g_value_set_boxed (value, self->pattern);
      break;

    case PROP_N_MATCHES:
      g_value_set_uint (value, n_found (self));
      break;

    case PROP_SEARCHING:
      g_value_set_boolean (value, compute_searching (self));
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, compute_progress (self));
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_traffic_search_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SwTrafficSearch *self = SW_TRAFFIC_SEARCH (object);

  switch (prop_id)
    {
    case PROP_LOG:
      self->log = g_value_dup_object (value);
      break;

    case PROP_PATTERN:
      self->pattern = g_value_dup_boxed (value);
      break;

    case PROP_FRAMING:
      self->framing = copy_framing (g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_traffic_search_class_init (SwTrafficSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sw_traffic_search_constructed;
  object_class->dispose = sw_traffic_search_dispose;
  object_class->finalize = sw_traffic_search_finalize;
  object_class->get_property = sw_traffic_search_get_property;
  object_class->set_property = sw_traffic_search_set_property;

  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL,
                         SW_TYPE_TRAFFIC_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATTERN] =
    g_param_spec_boxed ("pattern", NULL, NULL,
                        SW_TYPE_SEARCH_PATTERN,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Copied at construction: a change of framing is a new search. */
  properties[PROP_FRAMING] =
    g_param_spec_object ("framing", NULL, NULL,
                         SW_TYPE_FRAMING,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_MATCHES] =
    g_param_spec_uint ("n-matches", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL,
                         0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwTrafficSearch::matches-changed:
   * @position: the index of the first match that changed
   * @removed: how many matches were there from @position
   * @added: how many there are now from @position
   *
   * Matches were found, or dropped with the records they were in; as
   * #GListModel::items-changed says it.
   */
  signals[MATCHES_CHANGED] =
    g_signal_new ("matches-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
}

static void
sw_traffic_search_init (SwTrafficSearch *self)
{
  self->stream_ids = g_hash_table_new_full (stream_key_hash, stream_key_equal,
                                            stream_key_free, NULL);
  self->found = g_array_new (FALSE, FALSE, sizeof (SwSearchFound));
  self->pieces = g_array_new (FALSE, FALSE, sizeof (SwSearchPiece));
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->ready);
}
