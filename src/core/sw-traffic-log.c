/* sw-traffic-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-traffic-log"

#include "config.h"

#include <string.h>

#include "sw-core-enums.h"
#include "sw-core-private.h"
#include "sw-traffic-log.h"

/*
 * The log is the truth of a session: every chunk sent or received and every
 * event, in order. It is built for floods (hundreds of MB/s, hundreds of
 * thousands of datagrams/s):
 *
 *  - Records live in fixed-size chunks kept in a ring, so an append is O(1)
 *    and a record is found by sequence number in O(1).
 *  - Payloads are packed into large refcounted blocks (an arena), so a
 *    64-byte datagram costs no allocation of its own; large payloads get a
 *    block to themselves. reserve()/commit() let a socket read straight
 *    into the arena.
 *  - A byte cap bounds memory: the oldest records go first, and a block is
 *    freed once no record (and no GBytes handed out) points into it.
 *  - Readers are told about changes in batches: one "changed" emission per
 *    main-loop turn at most, and no more often than the display refreshes.
 *
 * The log is used from the thread whose main context was the thread-default
 * when it was created.
 */

#define RECORDS_PER_CHUNK 1024
#define BLOCK_SIZE        (1024 * 1024)
/* Payloads above this get a block of their own instead of wasting a tail. */
#define LARGE_PAYLOAD     (BLOCK_SIZE / 4)
/* New records at most once a frame; totals (counters people read) four
 * times a second: each label change repaints the window, which software
 * rendering makes dear. */
#define NOTIFY_INTERVAL_USEC (G_USEC_PER_SEC / 60)
#define TOTALS_INTERVAL_USEC (G_USEC_PER_SEC / 4)

typedef struct _Block
{
  gatomicrefcount ref_count;
  gsize           size;
  gsize           used;
  guint8          data[];
} Block;

typedef struct
{
  gint64  wall_time;
  gint64  monotonic_time;
  char   *peer;            /* GRefString */
  Block  *block;
  guint8 *data;
  gsize   length;
  guint32 connection;
  guint8  direction;
  guint8  event_kind;
  guint8  flags;
  guint8  encoding;
} Slot;

typedef struct
{
  SwTrafficConnection info;
  char               *name;          /* GRefString */
  /* The newest record that refers to it: it goes once trimmed past
   * that and closed. */
  guint64             last_seq;
  gboolean            referenced;
} Connection;

typedef struct
{
  Slot slots[RECORDS_PER_CHUNK];
} Chunk;

/* What a record costs beyond its payload, for the byte cap. */
#define RECORD_OVERHEAD ((guint64) sizeof (Slot))

struct _SwTrafficLog
{
  GObject          parent_instance;

  /* Ring of chunks; chunk i holds seqs chunk_base + i * RECORDS_PER_CHUNK. */
  Chunk          **ring;
  guint            ring_size;
  guint            ring_head;
  guint            n_chunks;
  guint64          chunk_base;

  guint64          first_seq;
  guint64          end_seq;

  Block           *current;
  gsize            reserved;

  char            *last_peer;

  GHashTable      *connections;     /* id → Connection */
  guint            next_connection;
  Connection      *last_connection; /* a cache for appends */

  guint64          byte_cap;
  guint64          bytes_held;

  SwTrafficTotals  totals;
  SwTrafficTotals  notified;
  guint64          notified_first_seq;
  guint64          notified_end_seq;
  guint64          notified_n_records;

  GMainContext    *context;
  GSource         *notify_source;
  gint64           last_notify_time;
  gint64           last_totals_time;
  guint            changed_pending : 1;
  guint            totals_pending : 1;
};

G_DEFINE_FINAL_TYPE (SwTrafficLog, sw_traffic_log, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BYTE_CAP,
  PROP_BYTES_HELD,
  PROP_FIRST_SEQ,
  PROP_END_SEQ,
  PROP_N_RECORDS,
  PROP_BYTES_RECEIVED,
  PROP_BYTES_SENT,
  PROP_RECORDS_RECEIVED,
  PROP_RECORDS_SENT,
  PROP_EVENTS,
  PROP_RECORDS_TRIMMED,
  PROP_BYTES_TRIMMED,
  N_PROPS
};

enum {
  CHANGED,
  TOTALS_CHANGED,
  CLEARED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static Block *
block_new (gsize size)
{
  Block *block = g_malloc (sizeof (Block) + size);

  g_atomic_ref_count_init (&block->ref_count);
  block->size = size;
  block->used = 0;

  return block;
}

static Block *
block_ref (Block *block)
{
  g_atomic_ref_count_inc (&block->ref_count);
  return block;
}

static void
block_unref (gpointer data)
{
  Block *block = data;

  if (g_atomic_ref_count_dec (&block->ref_count))
    g_free (block);
}

static inline Slot *
get_slot (SwTrafficLog *self,
          guint64       seq)
{
  guint64 index = seq - self->chunk_base;
  guint chunk = (self->ring_head + index / RECORDS_PER_CHUNK) % self->ring_size;

  return &self->ring[chunk]->slots[index % RECORDS_PER_CHUNK];
}

static void
ring_push_chunk (SwTrafficLog *self)
{
  if (self->n_chunks == self->ring_size)
    {
      guint new_size = MAX (8, self->ring_size * 2);
      Chunk **ring = g_new (Chunk *, new_size);

      for (guint i = 0; i < self->n_chunks; i++)
        ring[i] = self->ring[(self->ring_head + i) % self->ring_size];

      g_free (self->ring);
      self->ring = ring;
      self->ring_size = new_size;
      self->ring_head = 0;
    }

  self->ring[(self->ring_head + self->n_chunks) % self->ring_size] = g_new (Chunk, 1);
  self->n_chunks++;
}

static void
ring_pop_chunk (SwTrafficLog *self)
{
  g_assert (self->n_chunks > 0);

  g_free (self->ring[self->ring_head]);
  self->ring_head = (self->ring_head + 1) % self->ring_size;
  self->n_chunks--;
  self->chunk_base += RECORDS_PER_CHUNK;
}

static gboolean
notify_source_dispatch (GSource     *source,
                        GSourceFunc  callback,
                        gpointer     user_data)
{
  g_source_set_ready_time (source, -1);

  return callback (user_data);
}

static GSourceFuncs notify_source_funcs = {
  NULL, NULL, notify_source_dispatch, NULL, NULL, NULL,
};

static void
emit_totals (SwTrafficLog *self)
{
  const SwTrafficTotals *t = &self->totals;
  SwTrafficTotals *n = &self->notified;

  self->totals_pending = FALSE;
  self->last_totals_time = g_get_monotonic_time ();

  g_object_freeze_notify (G_OBJECT (self));

#define NOTIFY_IF_CHANGED(field, prop) \
  G_STMT_START { \
    if (t->field != n->field) \
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
  } G_STMT_END

  NOTIFY_IF_CHANGED (bytes_received, PROP_BYTES_RECEIVED);
  NOTIFY_IF_CHANGED (bytes_sent, PROP_BYTES_SENT);
  NOTIFY_IF_CHANGED (records_received, PROP_RECORDS_RECEIVED);
  NOTIFY_IF_CHANGED (records_sent, PROP_RECORDS_SENT);
  NOTIFY_IF_CHANGED (events, PROP_EVENTS);
  NOTIFY_IF_CHANGED (records_trimmed, PROP_RECORDS_TRIMMED);
  NOTIFY_IF_CHANGED (bytes_trimmed, PROP_BYTES_TRIMMED);

#undef NOTIFY_IF_CHANGED

  if (self->end_seq - self->first_seq != self->notified_n_records)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RECORDS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_HELD]);

  *n = *t;
  self->notified_n_records = self->end_seq - self->first_seq;

  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[TOTALS_CHANGED], 0);
}

static void
emit_changed (SwTrafficLog *self)
{
  self->changed_pending = FALSE;
  self->last_notify_time = g_get_monotonic_time ();

  g_object_freeze_notify (G_OBJECT (self));
  if (self->first_seq != self->notified_first_seq)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_SEQ]);
  if (self->end_seq != self->notified_end_seq)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_SEQ]);
  self->notified_first_seq = self->first_seq;
  self->notified_end_seq = self->end_seq;
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[CHANGED], 0);

  self->totals_pending = TRUE;
}

static void schedule_notify (SwTrafficLog *self);

static gboolean
notify_source_cb (gpointer user_data)
{
  SwTrafficLog *self = SW_TRAFFIC_LOG (user_data);
  gint64 now = g_get_monotonic_time ();

  if (self->changed_pending && now >= self->last_notify_time + NOTIFY_INTERVAL_USEC)
    emit_changed (self);

  /* Only now: "changed" handlers see the records before the totals. */
  if (self->totals_pending && now >= self->last_totals_time + TOTALS_INTERVAL_USEC)
    emit_totals (self);

  schedule_notify (self);

  return G_SOURCE_CONTINUE;
}

/* Sets the source to fire when the next pending notification is due. */
static void
schedule_notify (SwTrafficLog *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 due = G_MAXINT64;

  if (self->changed_pending)
    due = MIN (due, self->last_notify_time + NOTIFY_INTERVAL_USEC);
  if (self->totals_pending)
    due = MIN (due, self->last_totals_time + TOTALS_INTERVAL_USEC);

  if (self->notify_source == NULL)
    {
      if (due == G_MAXINT64)
        return;
      self->notify_source = g_source_new (&notify_source_funcs, sizeof (GSource));
      g_source_set_static_name (self->notify_source, "[sw-traffic-log-notify]");
      g_source_set_priority (self->notify_source, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->notify_source, notify_source_cb, self, NULL);
      g_source_attach (self->notify_source, self->context);
    }

  g_source_set_ready_time (self->notify_source,
                           due == G_MAXINT64 ? -1 : due > now ? due : 0);
}

static void
queue_changed (SwTrafficLog *self)
{
  if (self->changed_pending)
    return;

  self->changed_pending = TRUE;
  schedule_notify (self);
}

static void
connection_free (gpointer data)
{
  Connection *connection = data;

  g_clear_object (&connection->info.local);
  g_clear_object (&connection->info.remote);
  g_clear_pointer (&connection->name, g_ref_string_release);
  g_free (connection);
}

static Connection *
lookup_connection (SwTrafficLog *self,
                   guint         id)
{
  if (id == 0)
    return NULL;

  if (self->last_connection == NULL || self->last_connection->info.id != id)
    self->last_connection = g_hash_table_lookup (self->connections, GUINT_TO_POINTER (id));

  return self->last_connection;
}

static gboolean
connection_is_gone (SwTrafficLog *self,
                    Connection   *connection)
{
  return connection->info.end != SW_CONNECTION_END_OPEN &&
         (!connection->referenced || connection->last_seq < self->first_seq);
}

static void
forget_connection (SwTrafficLog *self,
                   Connection   *connection)
{
  if (self->last_connection == connection)
    self->last_connection = NULL;
  g_hash_table_remove (self->connections, GUINT_TO_POINTER (connection->info.id));
}

static void
drop_slot (Slot *slot)
{
  g_clear_pointer (&slot->peer, g_ref_string_release);
  g_clear_pointer (&slot->block, block_unref);
}

static void
trim_oldest (SwTrafficLog *self)
{
  Slot *slot;

  g_assert (self->first_seq < self->end_seq);

  slot = get_slot (self, self->first_seq);

  self->totals.records_trimmed++;
  self->totals.bytes_trimmed += slot->length;
  self->bytes_held -= slot->length + RECORD_OVERHEAD;

  {
    guint id = slot->connection;

    drop_slot (slot);

    self->first_seq++;
    if (self->first_seq - self->chunk_base == RECORDS_PER_CHUNK)
      ring_pop_chunk (self);

    if (id != 0)
      {
        Connection *connection = lookup_connection (self, id);

        if (connection != NULL && connection_is_gone (self, connection))
          forget_connection (self, connection);
      }
  }
}

static void
enforce_cap (SwTrafficLog *self)
{
  /* The newest record always stays, even when it alone exceeds the cap. */
  while (self->bytes_held > self->byte_cap && self->end_seq - self->first_seq > 1)
    trim_oldest (self);
}

static char *
intern_peer (SwTrafficLog *self,
             const char   *peer)
{
  if (peer == NULL)
    return NULL;

  if (self->last_peer == NULL || strcmp (self->last_peer, peer) != 0)
    {
      g_clear_pointer (&self->last_peer, g_ref_string_release);
      self->last_peer = g_ref_string_new_intern (peer);
    }

  return g_ref_string_acquire (self->last_peer);
}

/* Makes sure the current block has room for @length more bytes. */
static void
ensure_current (SwTrafficLog *self,
                gsize         length)
{
  if (self->current == NULL || self->current->size - self->current->used < length)
    {
      g_clear_pointer (&self->current, block_unref);
      self->current = block_new (MAX (BLOCK_SIZE, length));
    }
}

/* Finds room for @length bytes of payload, in the current block or, for a
 * large payload, a block of its own (whose reference the caller adopts). */
static guint8 *
allocate_payload (SwTrafficLog  *self,
                  gsize          length,
                  Block        **block_out)
{
  if (length > LARGE_PAYLOAD)
    {
      Block *block = block_new (length);

      block->used = length;
      *block_out = block;
      return block->data;
    }

  ensure_current (self, length);
  *block_out = self->current;

  return self->current->data + self->current->used;
}

static guint64
append_slot (SwTrafficLog        *self,
             const SwTrafficMeta *meta,
             SwEventKind          event_kind,
             Block               *block,
             guint8              *data,
             gsize                length)
{
  SwDirection direction = meta->direction;
  Connection *connection = lookup_connection (self, meta->connection);
  guint64 seq = self->end_seq;
  Slot *slot;

  if (seq - self->chunk_base == (guint64) self->n_chunks * RECORDS_PER_CHUNK)
    ring_push_chunk (self);

  slot = get_slot (self, seq);
  slot->wall_time = g_get_real_time ();
  slot->monotonic_time = g_get_monotonic_time ();
  if (connection != NULL)
    {
      slot->peer = g_ref_string_acquire (connection->name);
      slot->connection = connection->info.id;
      connection->last_seq = seq;
      connection->referenced = TRUE;
    }
  else
    {
      slot->peer = intern_peer (self, meta->peer);
      slot->connection = 0;
    }
  slot->data = data;
  slot->length = length;
  slot->direction = direction;
  slot->event_kind = event_kind;
  slot->flags = meta->flags;
  slot->encoding = meta->encoding;

  if (block == NULL)
    {
      slot->block = NULL;
      slot->data = NULL;
    }
  else if (block == self->current)
    {
      slot->block = block_ref (block);
      block->used += length;
    }
  else
    {
      /* A large payload's own block: the slot adopts its reference. */
      slot->block = block;
    }

  self->end_seq++;
  self->bytes_held += length + RECORD_OVERHEAD;

  switch (direction)
    {
    case SW_DIRECTION_RECEIVED:
      self->totals.bytes_received += length;
      self->totals.records_received++;
      break;

    case SW_DIRECTION_SENT:
      self->totals.bytes_sent += length;
      self->totals.records_sent++;
      break;

    case SW_DIRECTION_EVENT:
      self->totals.events++;
      break;

    default:
      g_assert_not_reached ();
    }

  enforce_cap (self);
  queue_changed (self);

  return seq;
}

/**
 * sw_traffic_log_new:
 *
 * Returns: (transfer full): an empty log with the default byte cap
 */
SwTrafficLog *
sw_traffic_log_new (void)
{
  return g_object_new (SW_TYPE_TRAFFIC_LOG, NULL);
}

guint64
sw_traffic_log_get_byte_cap (SwTrafficLog *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (self), 0);

  return self->byte_cap;
}

/**
 * sw_traffic_log_set_byte_cap:
 * @byte_cap: the most memory records may hold, payload plus bookkeeping
 *
 * Sets the cap and trims the oldest records at once if they exceed it.
 */
void
sw_traffic_log_set_byte_cap (SwTrafficLog *self,
                             guint64       byte_cap)
{
  g_return_if_fail (SW_IS_TRAFFIC_LOG (self));
  g_return_if_fail (byte_cap > 0);
  g_return_if_fail (self->reserved == 0);

  if (self->byte_cap == byte_cap)
    return;

  self->byte_cap = byte_cap;
  enforce_cap (self);
  queue_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTE_CAP]);
}

guint64
sw_traffic_log_get_bytes_held (SwTrafficLog *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (self), 0);

  return self->bytes_held;
}

/**
 * sw_traffic_log_append_full:
 * @meta: the record's direction, connection (or peer) and flags
 * @data: (array length=length): the payload, copied
 *
 * Returns: the new record's sequence number
 */
guint64
sw_traffic_log_append_full (SwTrafficLog        *self,
                            const SwTrafficMeta *meta,
                            const guint8        *data,
                            gsize                length)
{
  Block *block = NULL;
  guint8 *dest = NULL;

  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (self), 0);
  g_return_val_if_fail (meta != NULL, 0);
  g_return_val_if_fail (meta->direction == SW_DIRECTION_RECEIVED || meta->direction == SW_DIRECTION_SENT, 0);
  g_return_val_if_fail (data != NULL || length == 0, 0);
  g_return_val_if_fail (self->reserved == 0, 0);

  if (length > 0)
    {
      dest = allocate_payload (self, length, &block);
      memcpy (dest, data, length);
    }

  return append_slot (self, meta, SW_EVENT_KIND_NONE, block, dest, length);
}

/**
 * sw_traffic_log_append:
 * @peer: (nullable): the remote end, e.g. "127.0.0.1:7000"
 * @data: (array length=length): the payload, copied
 *
 * Returns: the new record's sequence number
 */
guint64
sw_traffic_log_append (SwTrafficLog *self,
                       SwDirection   direction,
                       const char   *peer,
                       const guint8 *data,
                       gsize         length)
{
  SwTrafficMeta meta = { .direction = direction, .peer = peer };

  return sw_traffic_log_append_full (self, &meta, data, length);
}

/**
 * sw_traffic_log_append_bytes:
 * @peer: (nullable): the remote end
 *
 * Like sw_traffic_log_append() with the contents of @bytes.
 */
guint64
sw_traffic_log_append_bytes (SwTrafficLog *self,
                             SwDirection   direction,
                             const char   *peer,
                             GBytes       *bytes)
{
  gconstpointer data;
  gsize length;

  g_return_val_if_fail (bytes != NULL, 0);

  data = g_bytes_get_data (bytes, &length);

  return sw_traffic_log_append (self, direction, peer, data, length);
}

static guint64
append_event (SwTrafficLog *self,
              guint         connection,
              const char   *peer,
              SwEventKind   kind,
              const char   *message)
{
  SwTrafficMeta meta = { .direction = SW_DIRECTION_EVENT, .connection = connection, .peer = peer };
  Block *block = NULL;
  guint8 *dest = NULL;
  gsize length;

  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (self), 0);
  g_return_val_if_fail (kind != SW_EVENT_KIND_NONE, 0);
  g_return_val_if_fail (message != NULL, 0);
  g_return_val_if_fail (self->reserved == 0, 0);

  length = strlen (message);
  if (length > 0)
    {
      dest = allocate_payload (self, length, &block);
      memcpy (dest, message, length);
    }

  return append_slot (self, &meta, kind, block, dest, length);
}

/**
 * sw_traffic_log_append_event:
 * @kind: what happened
 * @peer: (nullable): whom it concerns
 * @message: a sentence for people, already translated
 *
 * Records an event (connected, closed, an error…) in order with the data.
 */
guint64
sw_traffic_log_append_event (SwTrafficLog *self,
                             SwEventKind   kind,
                             const char   *peer,
                             const char   *message)
{
  return append_event (self, 0, peer, kind, message);
}

/**
 * sw_traffic_log_append_connection_event:
 * @connection: the connection it concerns, or 0
 * @kind: what happened
 * @message: a sentence for people, already translated
 *
 * Records an event, naming the other end as the connection's records do.
 */
guint64
sw_traffic_log_append_connection_event (SwTrafficLog *self,
                                        guint         connection,
                                        SwEventKind   kind,
                                        const char   *message)
{
  return append_event (self, connection, NULL, kind, message);
}

/**
 * sw_traffic_log_reserve:
 * @max_length: the most bytes the caller will write
 *
 * Returns: (transfer none): room for @max_length bytes, valid until
 *   sw_traffic_log_commit()
 */
guint8 *
sw_traffic_log_reserve (SwTrafficLog *self,
                        gsize         max_length)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (self), NULL);
  g_return_val_if_fail (max_length > 0, NULL);
  g_return_val_if_fail (self->reserved == 0, NULL);

  ensure_current (self, max_length);
  self->reserved = max_length;

  return self->current->data + self->current->used;
}

/**
 * sw_traffic_log_commit_full:
 * @meta: the record's direction, connection (or peer) and flags
 * @length: how many of the reserved bytes hold data (0 drops the reservation)
 *
 * Returns: the new record's sequence number, or 0 when @length is 0
 */
guint64
sw_traffic_log_commit_full (SwTrafficLog        *self,
                            const SwTrafficMeta *meta,
                            gsize                length)
{
  Block *block;

  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (self), 0);
  g_return_val_if_fail (meta != NULL, 0);
  g_return_val_if_fail (self->reserved > 0, 0);
  g_return_val_if_fail (length <= self->reserved, 0);
  g_return_val_if_fail (meta->direction == SW_DIRECTION_RECEIVED || meta->direction == SW_DIRECTION_SENT, 0);

  self->reserved = 0;

  if (length == 0)
    return 0;

  block = self->current;

  return append_slot (self, meta, SW_EVENT_KIND_NONE,
                      block, block->data + block->used, length);
}

/**
 * sw_traffic_log_commit:
 * @length: how many of the reserved bytes hold data (0 drops the reservation)
 *
 * Returns: the new record's sequence number, or 0 when @length is 0
 */
guint64
sw_traffic_log_commit (SwTrafficLog *self,
                       SwDirection   direction,
                       const char   *peer,
                       gsize         length)
{
  SwTrafficMeta meta = { .direction = direction, .peer = peer };

  return sw_traffic_log_commit_full (self, &meta, length);
}

/**
 * sw_traffic_log_open_connection:
 * @local: (nullable): this end
 * @remote: (nullable): the other end
 * @name: how records and events name the other end, e.g. "127.0.0.1:7000"
 *
 * Returns: the connection's id, never 0
 */
guint
sw_traffic_log_open_connection (SwTrafficLog   *self,
                                SwTransport     transport,
                                gboolean        relay,
                                GSocketAddress *local,
                                GSocketAddress *remote,
                                const char     *name)
{
  Connection *connection;

  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (self), 0);
  g_return_val_if_fail (local == NULL || G_IS_SOCKET_ADDRESS (local), 0);
  g_return_val_if_fail (remote == NULL || G_IS_SOCKET_ADDRESS (remote), 0);
  g_return_val_if_fail (name != NULL, 0);

  /* Ids wrap after four billion connections; 0 stays "none". */
  do
    self->next_connection = self->next_connection == G_MAXUINT ? 1 : self->next_connection + 1;
  while (g_hash_table_contains (self->connections, GUINT_TO_POINTER (self->next_connection)));

  connection = g_new0 (Connection, 1);
  connection->name = g_ref_string_new_intern (name);
  connection->info.id = self->next_connection;
  connection->info.transport = transport;
  connection->info.relay = !!relay;
  connection->info.local = local != NULL ? g_object_ref (local) : NULL;
  connection->info.remote = remote != NULL ? g_object_ref (remote) : NULL;
  connection->info.name = connection->name;
  connection->info.open_time = g_get_real_time ();
  connection->info.end = SW_CONNECTION_END_OPEN;
  g_hash_table_insert (self->connections, GUINT_TO_POINTER (connection->info.id), connection);

  return connection->info.id;
}

/**
 * sw_traffic_log_close_connection:
 * @end: how it ended
 *
 * Marks the connection closed; it is forgotten with its last record.
 */
void
sw_traffic_log_close_connection (SwTrafficLog    *self,
                                 guint            id,
                                 SwConnectionEnd  end)
{
  Connection *connection;

  g_return_if_fail (SW_IS_TRAFFIC_LOG (self));
  g_return_if_fail (end != SW_CONNECTION_END_OPEN);

  connection = lookup_connection (self, id);
  if (connection == NULL || connection->info.end != SW_CONNECTION_END_OPEN)
    return;

  connection->info.end = end;
  connection->info.close_time = g_get_real_time ();

  if (connection_is_gone (self, connection))
    forget_connection (self, connection);
}

/**
 * sw_traffic_log_get_connection:
 * @info: (out caller-allocates): where to put a borrowed view
 *
 * Returns: %TRUE when the log knows @id
 */
gboolean
sw_traffic_log_get_connection (SwTrafficLog        *self,
                               guint                id,
                               SwTrafficConnection *info)
{
  Connection *connection;

  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  connection = lookup_connection (self, id);
  if (connection == NULL)
    return FALSE;

  *info = connection->info;

  return TRUE;
}

guint64
sw_traffic_log_get_first_seq (SwTrafficLog *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (self), 0);

  return self->first_seq;
}

guint64
sw_traffic_log_get_end_seq (SwTrafficLog *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (self), 0);

  return self->end_seq;
}

guint
sw_traffic_log_get_n_records (SwTrafficLog *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (self), 0);

  return self->end_seq - self->first_seq;
}

/**
 * sw_traffic_log_get_record:
 * @record: (out caller-allocates): where to put a borrowed view
 *
 * Returns: %TRUE if the log still holds @seq
 */
gboolean
sw_traffic_log_get_record (SwTrafficLog    *self,
                           guint64          seq,
                           SwTrafficRecord *record)
{
  const Slot *slot;

  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (seq < self->first_seq || seq >= self->end_seq)
    return FALSE;

  slot = get_slot (self, seq);

  record->seq = seq;
  record->wall_time = slot->wall_time;
  record->monotonic_time = slot->monotonic_time;
  record->direction = slot->direction;
  record->event_kind = slot->event_kind;
  record->peer = slot->peer;
  record->data = slot->data;
  record->length = slot->length;
  record->connection = slot->connection;
  record->flags = slot->flags;
  record->encoding = slot->encoding;

  return TRUE;
}

/**
 * sw_traffic_log_dup_payload:
 *
 * Returns: (transfer full) (nullable): the payload of @seq, or %NULL when
 *   the log no longer holds it
 */
GBytes *
sw_traffic_log_dup_payload (SwTrafficLog *self,
                            guint64       seq)
{
  Slot *slot;

  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (self), NULL);

  if (seq < self->first_seq || seq >= self->end_seq)
    return NULL;

  slot = get_slot (self, seq);
  if (slot->block == NULL)
    return g_bytes_new (NULL, 0);

  return g_bytes_new_with_free_func (slot->data, slot->length,
                                     block_unref, block_ref (slot->block));
}

/**
 * sw_traffic_log_get_totals:
 * @totals: (out caller-allocates): where to copy the totals
 */
void
sw_traffic_log_get_totals (SwTrafficLog    *self,
                           SwTrafficTotals *totals)
{
  g_return_if_fail (SW_IS_TRAFFIC_LOG (self));
  g_return_if_fail (totals != NULL);

  *totals = self->totals;
}

/**
 * sw_traffic_log_clear:
 *
 * Drops every record; new records continue the sequence. Emits
 * #SwTrafficLog::cleared at once.
 */
void
sw_traffic_log_clear (SwTrafficLog *self)
{
  g_return_if_fail (SW_IS_TRAFFIC_LOG (self));
  g_return_if_fail (self->reserved == 0);

  for (guint64 seq = self->first_seq; seq < self->end_seq; seq++)
    drop_slot (get_slot (self, seq));

  while (self->n_chunks > 0)
    ring_pop_chunk (self);

  self->first_seq = self->end_seq;
  self->chunk_base = self->end_seq;
  self->bytes_held = 0;
  g_clear_pointer (&self->current, block_unref);

  {
    GHashTableIter iter;
    Connection *connection;

    self->last_connection = NULL;
    g_hash_table_iter_init (&iter, self->connections);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &connection))
      if (connection_is_gone (self, connection))
        g_hash_table_iter_remove (&iter);
  }

  g_signal_emit (self, signals[CLEARED], 0);
  queue_changed (self);
}

/**
 * sw_traffic_log_reset_totals:
 *
 * Sets every total to zero, as when a person resets the counters.
 */
void
sw_traffic_log_reset_totals (SwTrafficLog *self)
{
  g_return_if_fail (SW_IS_TRAFFIC_LOG (self));

  memset (&self->totals, 0, sizeof self->totals);
  self->totals_pending = TRUE;
  queue_changed (self);
}

void
sw_traffic_log_flush (SwTrafficLog *self)
{
  g_return_if_fail (SW_IS_TRAFFIC_LOG (self));

  if (self->changed_pending)
    emit_changed (self);
  if (self->totals_pending)
    emit_totals (self);
  if (self->notify_source != NULL)
    g_source_set_ready_time (self->notify_source, -1);
}

/**
 * sw_traffic_log_snapshot:
 *
 * A log that holds the records, connections and totals of this one as
 * they are now, sharing the payloads rather than copying them (a record
 * costs its bookkeeping only). Nothing appends to it and it never trims,
 * so it can be read in another thread while this one goes on, as
 * exports do.
 *
 * Returns: (transfer full): the snapshot
 */
SwTrafficLog *
sw_traffic_log_snapshot (SwTrafficLog *self)
{
  return sw_traffic_log_snapshot_filtered (self, NULL, NULL);
}

/**
 * sw_traffic_log_snapshot_filtered:
 * @keep: (nullable): whether a record goes into the snapshot; %NULL for
 *   every one
 *
 * Like sw_traffic_log_snapshot(), with only the records @keep keeps (in
 * order, numbered on from the first): "what is shown" through a filter.
 * The totals stay those of the whole log.
 *
 * Returns: (transfer full): the snapshot
 */
SwTrafficLog *
sw_traffic_log_snapshot_filtered (SwTrafficLog        *self,
                                  SwTrafficRecordFunc  keep,
                                  gpointer             user_data)
{
  SwTrafficLog *copy;
  GHashTableIter iter;
  Connection *connection;
  guint64 bytes_held = 0;

  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (self), NULL);
  g_return_val_if_fail (self->reserved == 0, NULL);

  copy = g_object_new (SW_TYPE_TRAFFIC_LOG, NULL);
  copy->byte_cap = G_MAXUINT64;
  copy->chunk_base = copy->first_seq = copy->end_seq = self->first_seq;

  for (guint64 seq = self->first_seq; seq < self->end_seq; seq++)
    {
      const Slot *from = get_slot (self, seq);
      Slot *to;

      if (keep != NULL)
        {
          SwTrafficRecord record;

          sw_traffic_log_get_record (self, seq, &record);
          if (!keep (&record, user_data))
            continue;
        }

      if (copy->end_seq - copy->chunk_base == (guint64) copy->n_chunks * RECORDS_PER_CHUNK)
        ring_push_chunk (copy);
      to = get_slot (copy, copy->end_seq);
      *to = *from;
      if (to->peer != NULL)
        g_ref_string_acquire (to->peer);
      if (to->block != NULL)
        block_ref (to->block);
      copy->end_seq++;
      bytes_held += from->length + RECORD_OVERHEAD;
    }

  copy->bytes_held = keep != NULL ? bytes_held : self->bytes_held;
  copy->totals = self->totals;
  copy->notified = self->totals;
  copy->notified_first_seq = copy->first_seq;
  copy->notified_end_seq = copy->end_seq;
  copy->notified_n_records = copy->end_seq - copy->first_seq;
  copy->next_connection = self->next_connection;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &connection))
    {
      Connection *twin = g_new0 (Connection, 1);

      *twin = *connection;
      twin->name = g_ref_string_acquire (connection->name);
      twin->info.name = twin->name;
      if (twin->info.local != NULL)
        g_object_ref (twin->info.local);
      if (twin->info.remote != NULL)
        g_object_ref (twin->info.remote);
      g_hash_table_insert (copy->connections, GUINT_TO_POINTER (twin->info.id), twin);
    }

  return copy;
}

static void
sw_traffic_log_dispose (GObject *object)
{
  SwTrafficLog *self = SW_TRAFFIC_LOG (object);

  if (self->notify_source != NULL)
    {
      g_source_destroy (self->notify_source);
      g_clear_pointer (&self->notify_source, g_source_unref);
    }

  G_OBJECT_CLASS (sw_traffic_log_parent_class)->dispose (object);
}

static void
sw_traffic_log_finalize (GObject *object)
{
  SwTrafficLog *self = SW_TRAFFIC_LOG (object);

  for (guint64 seq = self->first_seq; seq < self->end_seq; seq++)
    drop_slot (get_slot (self, seq));
  while (self->n_chunks > 0)
    ring_pop_chunk (self);

  g_clear_pointer (&self->ring, g_free);
  g_clear_pointer (&self->current, block_unref);
  g_clear_pointer (&self->last_peer, g_ref_string_release);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (sw_traffic_log_parent_class)->finalize (object);
}

static void
sw_traffic_log_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SwTrafficLog *self = SW_TRAFFIC_LOG (object);

  switch (prop_id)
    {
    case PROP_BYTE_CAP:
      g_value_set_uint64 (value, self->byte_cap);
      break;

    case PROP_BYTES_HELD:
      g_value_set_uint64 (value, self->bytes_held);
      break;

    case PROP_FIRST_SEQ:
      g_value_set_uint64 (value, self->first_seq);
      break;

    case PROP_END_SEQ:
      g_value_set_uint64 (value, self->end_seq);
      break;

    case PROP_N_RECORDS:
      g_value_set_uint64 (value, self->end_seq - self->first_seq);
      break;

    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->totals.bytes_received);
      break;

    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->totals.bytes_sent);
      break;

    case PROP_RECORDS_RECEIVED:
      g_value_set_uint64 (value, self->totals.records_received);
      break;

    case PROP_RECORDS_SENT:
      g_value_set_uint64 (value, self->totals.records_sent);
      break;

    case PROP_EVENTS:
      g_value_set_uint64 (value, self->totals.events);
      break;

    case PROP_RECORDS_TRIMMED:
      g_value_set_uint64 (value, self->totals.records_trimmed);
      break;

    case PROP_BYTES_TRIMMED:
      g_value_set_uint64 (value, self->totals.bytes_trimmed);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_traffic_log_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SwTrafficLog *self = SW_TRAFFIC_LOG (object);

  switch (prop_id)
    {
    case PROP_BYTE_CAP:
      sw_traffic_log_set_byte_cap (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_traffic_log_class_init (SwTrafficLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_traffic_log_dispose;
  object_class->finalize = sw_traffic_log_finalize;
  object_class->get_property = sw_traffic_log_get_property;
  object_class->set_property = sw_traffic_log_set_property;

  properties[PROP_BYTE_CAP] =
    g_param_spec_uint64 ("byte-cap", NULL, NULL,
                         1, G_MAXUINT64, SW_TRAFFIC_LOG_DEFAULT_BYTE_CAP,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BYTES_HELD] = _sw_counter_pspec ("bytes-held");
  properties[PROP_FIRST_SEQ] = _sw_counter_pspec ("first-seq");
  properties[PROP_END_SEQ] = _sw_counter_pspec ("end-seq");
  properties[PROP_N_RECORDS] = _sw_counter_pspec ("n-records");
  properties[PROP_BYTES_RECEIVED] = _sw_counter_pspec ("bytes-received");
  properties[PROP_BYTES_SENT] = _sw_counter_pspec ("bytes-sent");
  properties[PROP_RECORDS_RECEIVED] = _sw_counter_pspec ("records-received");
  properties[PROP_RECORDS_SENT] = _sw_counter_pspec ("records-sent");
  properties[PROP_EVENTS] = _sw_counter_pspec ("events");
  properties[PROP_RECORDS_TRIMMED] = _sw_counter_pspec ("records-trimmed");
  properties[PROP_BYTES_TRIMMED] = _sw_counter_pspec ("bytes-trimmed");

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwTrafficLog::changed:
   *
   * Records were appended or trimmed, or totals changed, since the last
   * emission. Emitted from the main loop, at most once per turn.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * SwTrafficLog::totals-changed:
   *
   * The totals (and their properties) changed; at most four times a
   * second, after #SwTrafficLog::changed, so counters people read do not
   * repaint the window for every socket read.
   */
  signals[TOTALS_CHANGED] =
    g_signal_new ("totals-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * SwTrafficLog::cleared:
   *
   * sw_traffic_log_clear() dropped every record.
   */
  signals[CLEARED] =
    g_signal_new ("cleared",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
sw_traffic_log_init (SwTrafficLog *self)
{
  self->byte_cap = SW_TRAFFIC_LOG_DEFAULT_BYTE_CAP;
  self->context = g_main_context_ref_thread_default ();
  self->connections = g_hash_table_new_full (NULL, NULL, NULL, connection_free);
  self->last_notify_time = G_MININT64 / 2;
  self->last_totals_time = G_MININT64 / 2;
}
