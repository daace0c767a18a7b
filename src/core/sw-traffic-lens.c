/* sw-traffic-lens.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-traffic-lens"

#include "config.h"

#include "sw-traffic-lens.h"

#include <string.h>

/*
 * Framing as a lens over the traffic log (issue #11): the log keeps what
 * arrived, chunk by chunk, and the lens reads it as frames, one stream
 * per connection and direction, with the same SwFramer as the live path
 * of the rules. Nothing is re-received and nothing is copied out: an
 * entry says which records its bytes are in, and sw_traffic_lens_read()
 * gathers them when someone shows it. Changing the framing is reading
 * the log again from its start (64 MiB in well under a second), which a
 * view does in slices, with a deadline, so that it keeps painting.
 */

/* The clock is read every so many records, or bytes, of a slice. */
#define CHECK_EVERY_RECORDS 64
#define CHECK_EVERY_BYTES   (256 * 1024)

typedef struct
{
  guint        connection;
  SwDirection  direction;
  char        *peer;          /* GRefString, for records of no connection */
  gboolean     datagrams;
  SwFramer    *framer;        /* NULL for datagrams */

  /* Where the frame under way begins. */
  guint64      start_seq;
  gsize        start_offset;
  /* The last record pushed, the one before, and where the last starts
   * in the stream. */
  guint64      cur_seq;
  guint64      prev_seq;
  gsize        cur_length;
  guint64      pos;
  guint64      total;
} Stream;

struct _SwTrafficLens
{
  SwTrafficLog *log;
  SwFraming    *framing;       /* a copy of the settings, or NULL: records */
  gboolean      keep_delimiter;
  guint64       position;
  GHashTable   *streams;       /* Stream (as key and value) */
  Stream       *last_stream;
};

typedef struct
{
  SwTrafficLens   *lens;
  Stream          *stream;
  SwLensEntryFunc  func;
  gpointer         user_data;
} FrameContext;

static guint
stream_hash (gconstpointer key)
{
  const Stream *stream = key;
  guint hash = stream->connection * 2 + stream->direction;

  if (stream->peer != NULL)
    hash ^= g_str_hash (stream->peer);

  return hash;
}

static gboolean
stream_equal (gconstpointer a,
              gconstpointer b)
{
  const Stream *x = a;
  const Stream *y = b;

  return x->connection == y->connection && x->direction == y->direction &&
         g_strcmp0 (x->peer, y->peer) == 0;
}

static void
stream_free (gpointer data)
{
  Stream *stream = data;

  g_clear_pointer (&stream->framer, sw_framer_free);
  g_clear_pointer (&stream->peer, g_ref_string_release);
  g_free (stream);
}

/* The stream a record of data belongs to. */
static void
stream_key_of (const SwTrafficRecord *record,
               Stream                *key)
{
  memset (key, 0, sizeof *key);
  key->connection = record->connection;
  key->direction = record->direction;
  /* Without a connection, the peer names the other end. */
  key->peer = record->connection == 0 ? (char *) record->peer : NULL;
}

static void
reset_streams (SwTrafficLens *self)
{
  self->last_stream = NULL;
  g_hash_table_remove_all (self->streams);
}

/**
 * sw_traffic_lens_new:
 *
 * Returns: (transfer full): a lens showing @log's records as they are
 */
SwTrafficLens *
sw_traffic_lens_new (SwTrafficLog *log)
{
  SwTrafficLens *self;

  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (log), NULL);

  self = g_new0 (SwTrafficLens, 1);
  self->log = g_object_ref (log);
  self->keep_delimiter = TRUE;
  self->streams = g_hash_table_new_full (stream_hash, stream_equal, NULL, stream_free);
  self->position = sw_traffic_log_get_first_seq (log);

  return self;
}

void
sw_traffic_lens_free (SwTrafficLens *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->streams, g_hash_table_unref);
  g_clear_object (&self->framing);
  g_clear_object (&self->log);
  g_free (self);
}

gboolean
sw_traffic_lens_set_framing (SwTrafficLens  *self,
                             SwFraming      *framing,
                             GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean valid = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (framing == NULL || SW_IS_FRAMING (framing), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_clear_object (&self->framing);
  self->keep_delimiter = TRUE;

  if (framing != NULL && sw_framing_get_mode (framing) != SW_FRAMING_MODE_NONE)
    {
      valid = sw_framing_validate (framing, &local_error);
      if (valid)
        {
          /* A copy: a framer made later for a new stream must cut it as
           * the others were cut, whatever the settings are by then. */
          g_autoptr(GVariant) state = g_variant_ref_sink (sw_framing_save (framing));

          self->framing = sw_framing_new ();
          sw_framing_restore (self->framing, state);
          self->keep_delimiter = sw_framing_get_keep_delimiter (framing);
        }
    }

  sw_traffic_lens_rewind (self);

  if (!valid)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

gboolean
sw_traffic_lens_get_framed (SwTrafficLens *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->framing != NULL;
}

gboolean
sw_traffic_lens_get_keep_delimiter (SwTrafficLens *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->keep_delimiter;
}

void
sw_traffic_lens_rewind (SwTrafficLens *self)
{
  g_return_if_fail (self != NULL);

  reset_streams (self);
  self->position = sw_traffic_log_get_first_seq (self->log);
}

guint64
sw_traffic_lens_get_position (SwTrafficLens *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->position;
}

gboolean
sw_traffic_lens_is_caught_up (SwTrafficLens *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->position >= sw_traffic_log_get_end_seq (self->log);
}

static void
emit_record (const SwTrafficRecord *record,
             SwLensEntryKind        kind,
             SwLensEntryFunc        func,
             gpointer               user_data)
{
  SwLensEntry entry = {
    .seq = record->seq,
    .end_seq = record->seq,
    .offset = 0,
    .length = record->length,
    .delimiter_length = 0,
    .kind = kind,
    .flags = SW_FRAME_FLAGS_NONE,
  };

  func (&entry, user_data);
}

static void
frame_cb (const SwFrame *frame,
          gpointer       user_data)
{
  FrameContext *context = user_data;
  Stream *stream = context->stream;
  guint64 frame_end = frame->offset + frame->length;
  SwLensEntry entry = {
    .seq = stream->start_seq,
    /* An idle gap can end a frame before the record just pushed. */
    .end_seq = frame_end > stream->pos ? stream->cur_seq : stream->prev_seq,
    .offset = stream->start_offset,
    .length = frame->length,
    .delimiter_length = frame->delimiter_length,
    .kind = SW_LENS_ENTRY_FRAME,
    .flags = frame->flags,
  };

  /* The next frame begins right after it, in this record, or else with
   * the next record of the stream (see push()). */
  if (frame_end >= stream->pos && frame_end - stream->pos < stream->cur_length)
    {
      stream->start_seq = stream->cur_seq;
      stream->start_offset = frame_end - stream->pos;
    }

  context->func (&entry, context->user_data);
}

static Stream *
lookup_stream (SwTrafficLens         *self,
               const SwTrafficRecord *record)
{
  Stream key;
  Stream *stream;

  stream_key_of (record, &key);
  if (self->last_stream != NULL && stream_equal (self->last_stream, &key))
    return self->last_stream;

  stream = g_hash_table_lookup (self->streams, &key);
  if (stream == NULL)
    {
      SwTrafficConnection info;

      stream = g_new0 (Stream, 1);
      stream->connection = key.connection;
      stream->direction = key.direction;
      stream->peer = key.peer != NULL ? g_ref_string_acquire (key.peer) : NULL;
      stream->datagrams = record->connection != 0 &&
                          sw_traffic_log_get_connection (self->log, record->connection, &info) &&
                          info.transport == SW_TRANSPORT_UDP;
      if (!stream->datagrams)
        {
          /* The copy validated when it was made. */
          stream->framer = sw_framer_new (self->framing, NULL);
          g_assert (stream->framer != NULL);
        }
      g_hash_table_add (self->streams, stream);
    }

  self->last_stream = stream;

  return stream;
}

static void
push (SwTrafficLens         *self,
      Stream                *stream,
      const SwTrafficRecord *record,
      SwLensEntryFunc        func,
      gpointer               user_data)
{
  FrameContext context = { self, stream, func, user_data };

  if (sw_framer_get_pending_length (stream->framer) == 0)
    {
      stream->start_seq = record->seq;
      stream->start_offset = 0;
    }
  stream->prev_seq = stream->cur_seq;
  stream->cur_seq = record->seq;
  stream->cur_length = record->length;
  stream->pos = stream->total;

  sw_framer_push (stream->framer, record->data, record->length, record->monotonic_time,
                  frame_cb, &context);
  stream->total += record->length;
}

/* The connection ended: what its streams hold is a frame cut short. */
static void
finish_connection (SwTrafficLens   *self,
                   guint            connection,
                   SwLensEntryFunc  func,
                   gpointer         user_data)
{
  static const SwDirection directions[] = { SW_DIRECTION_RECEIVED, SW_DIRECTION_SENT };

  for (guint i = 0; i < G_N_ELEMENTS (directions); i++)
    {
      Stream key = { .connection = connection, .direction = directions[i] };
      Stream *stream = g_hash_table_lookup (self->streams, &key);

      if (stream == NULL)
        continue;

      if (stream->framer != NULL)
        {
          FrameContext context = { self, stream, func, user_data };

          sw_framer_finish (stream->framer, frame_cb, &context);
        }
      if (self->last_stream == stream)
        self->last_stream = NULL;
      g_hash_table_remove (self->streams, stream);
    }
}

static void
read_record (SwTrafficLens         *self,
             const SwTrafficRecord *record,
             SwLensEntryFunc        func,
             gpointer               user_data)
{
  Stream *stream;

  if (record->direction == SW_DIRECTION_EVENT)
    {
      if (record->connection != 0 && self->framing != NULL &&
          (record->event_kind == SW_EVENT_KIND_DISCONNECTED || record->event_kind == SW_EVENT_KIND_ERROR))
        finish_connection (self, record->connection, func, user_data);
      emit_record (record, SW_LENS_ENTRY_RECORD, func, user_data);
      return;
    }

  if (self->framing == NULL)
    {
      emit_record (record, SW_LENS_ENTRY_RECORD, func, user_data);
      return;
    }

  stream = lookup_stream (self, record);
  if (stream->datagrams)
    emit_record (record, SW_LENS_ENTRY_FRAME, func, user_data);
  else if (record->length > 0)
    push (self, stream, record, func, user_data);
}

gboolean
sw_traffic_lens_advance (SwTrafficLens   *self,
                         gint64           deadline,
                         SwLensEntryFunc  func,
                         gpointer         user_data)
{
  guint64 first;
  guint64 end;
  guint records = 0;
  gsize bytes = 0;

  g_return_val_if_fail (self != NULL, TRUE);
  g_return_val_if_fail (func != NULL, TRUE);

  first = sw_traffic_log_get_first_seq (self->log);
  end = sw_traffic_log_get_end_seq (self->log);

  if (self->position < first)
    {
      SwLensEntry gap = {
        .seq = first - self->position,
        .kind = SW_LENS_ENTRY_GAP,
      };

      /* The streams lost bytes: whatever they held goes with them. */
      reset_streams (self);
      self->position = first;
      func (&gap, user_data);
    }

  while (self->position < end)
    {
      SwTrafficRecord record;
      gboolean held = sw_traffic_log_get_record (self->log, self->position, &record);

      g_assert (held);
      self->position++;
      read_record (self, &record, func, user_data);

      records++;
      bytes += record.length;
      if (deadline > 0 && (records % CHECK_EVERY_RECORDS == 0 || bytes >= CHECK_EVERY_BYTES))
        {
          bytes = 0;
          if (g_get_monotonic_time () >= deadline)
            break;
        }
    }

  return self->position >= end;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const SwLensEntry *x = a;
  const SwLensEntry *y = b;

  if (x->seq != y->seq)
    return x->seq < y->seq ? -1 : 1;

  return x->offset < y->offset ? -1 : x->offset > y->offset;
}

typedef struct
{
  Stream *stream;
  GArray *entries;
} PendingContext;

static void
pending_cb (const SwFrame *frame,
            gpointer       user_data)
{
  PendingContext *context = user_data;
  SwLensEntry entry = {
    .seq = context->stream->start_seq,
    .end_seq = context->stream->cur_seq,
    .offset = context->stream->start_offset,
    .length = frame->length,
    .kind = SW_LENS_ENTRY_FRAME,
    .flags = frame->flags,
  };

  g_array_append_val (context->entries, entry);
}

void
sw_traffic_lens_foreach_pending (SwTrafficLens   *self,
                                 SwLensEntryFunc  func,
                                 gpointer         user_data)
{
  g_autoptr(GArray) entries = NULL;
  GHashTableIter iter;
  Stream *stream;

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  entries = g_array_new (FALSE, FALSE, sizeof (SwLensEntry));
  g_hash_table_iter_init (&iter, self->streams);
  while (g_hash_table_iter_next (&iter, (gpointer *) &stream, NULL))
    {
      PendingContext context = { stream, entries };

      if (stream->framer != NULL)
        sw_framer_peek_pending (stream->framer, pending_cb, &context);
    }

  g_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    func (&g_array_index (entries, SwLensEntry, i), user_data);
}

gint64
sw_traffic_lens_get_idle_deadline (SwTrafficLens *self)
{
  GHashTableIter iter;
  Stream *stream;
  gint64 due = -1;

  g_return_val_if_fail (self != NULL, -1);

  if (self->framing == NULL || sw_framing_get_mode (self->framing) != SW_FRAMING_MODE_IDLE_GAP)
    return -1;

  g_hash_table_iter_init (&iter, self->streams);
  while (g_hash_table_iter_next (&iter, (gpointer *) &stream, NULL))
    {
      gint64 deadline = stream->framer != NULL ? sw_framer_get_idle_deadline (stream->framer) : -1;

      if (deadline >= 0 && (due < 0 || deadline < due))
        due = deadline;
    }

  return due;
}

static int
compare_streams_by_start (gconstpointer a,
                          gconstpointer b)
{
  const Stream *x = *(Stream * const *) a;
  const Stream *y = *(Stream * const *) b;

  if (x->start_seq != y->start_seq)
    return x->start_seq < y->start_seq ? -1 : 1;

  return x->start_offset < y->start_offset ? -1 : x->start_offset > y->start_offset;
}

gboolean
sw_traffic_lens_idle (SwTrafficLens   *self,
                      gint64           now,
                      SwLensEntryFunc  func,
                      gpointer         user_data)
{
  g_autoptr(GPtrArray) due = NULL;
  GHashTableIter iter;
  Stream *stream;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (sw_traffic_lens_get_idle_deadline (self) < 0)
    return FALSE;

  due = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->streams);
  while (g_hash_table_iter_next (&iter, (gpointer *) &stream, NULL))
    {
      gint64 deadline = stream->framer != NULL ? sw_framer_get_idle_deadline (stream->framer) : -1;

      if (deadline >= 0 && now >= deadline)
        g_ptr_array_add (due, stream);
    }

  /* In the order they began, as they would have come out. */
  g_ptr_array_sort (due, compare_streams_by_start);
  for (guint i = 0; i < due->len; i++)
    {
      FrameContext context = { self, g_ptr_array_index (due, i), func, user_data };

      sw_framer_idle (context.stream->framer, now, frame_cb, &context);
    }

  return due->len > 0;
}

static gboolean
same_stream (const SwTrafficRecord *a,
             const SwTrafficRecord *b)
{
  return a->direction == b->direction && a->connection == b->connection &&
         (a->connection != 0 || g_strcmp0 (a->peer, b->peer) == 0);
}

gboolean
sw_traffic_lens_read (SwTrafficLog      *log,
                      const SwLensEntry *entry,
                      gsize              max_length,
                      GByteArray        *out)
{
  SwTrafficRecord last;
  gsize wanted;
  gsize gathered = 0;

  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (log), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (entry->kind == SW_LENS_ENTRY_GAP)
    return TRUE;

  if (!sw_traffic_log_get_record (log, entry->end_seq, &last))
    return FALSE;

  wanted = MIN (entry->length, max_length);
  for (guint64 seq = entry->seq; seq <= entry->end_seq && gathered < wanted; seq++)
    {
      SwTrafficRecord record;
      gsize offset;
      gsize take;

      if (!sw_traffic_log_get_record (log, seq, &record))
        return FALSE;
      if (seq != entry->end_seq && !same_stream (&record, &last))
        continue;

      offset = seq == entry->seq ? entry->offset : 0;
      if (offset >= record.length)
        continue;
      take = MIN (record.length - offset, wanted - gathered);
      g_byte_array_append (out, record.data + offset, take);
      gathered += take;
    }

  return gathered == wanted;
}
