/* test-traffic-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-traffic-log.h"

static void
assert_record (SwTrafficLog *log,
               guint64       seq,
               SwDirection   direction,
               const char   *peer,
               const char   *payload)
{
  SwTrafficRecord record;

  g_assert_true (sw_traffic_log_get_record (log, seq, &record));
  g_assert_cmpuint (record.seq, ==, seq);
  g_assert_cmpint (record.direction, ==, direction);
  g_assert_cmpstr (record.peer, ==, peer);
  g_assert_cmpuint (record.length, ==, strlen (payload));
  if (record.length > 0)
    g_assert_cmpmem (record.data, record.length, payload, strlen (payload));
}

static void
test_append_and_read (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  SwTrafficRecord record;
  SwTrafficTotals totals;
  gint64 before = g_get_real_time ();
  guint64 seq;

  g_assert_cmpuint (sw_traffic_log_get_n_records (log), ==, 0);
  g_assert_false (sw_traffic_log_get_record (log, 0, &record));

  seq = sw_traffic_log_append (log, SW_DIRECTION_SENT, "127.0.0.1:7000",
                               (const guint8 *) "hello\r\n", 7);
  g_assert_cmpuint (seq, ==, 0);
  seq = sw_traffic_log_append (log, SW_DIRECTION_RECEIVED, "127.0.0.1:7000",
                               (const guint8 *) "HELLO\r\n", 7);
  g_assert_cmpuint (seq, ==, 1);
  seq = sw_traffic_log_append_event (log, SW_EVENT_KIND_DISCONNECTED, NULL,
                                     "Connection closed by the peer");
  g_assert_cmpuint (seq, ==, 2);
  seq = sw_traffic_log_append (log, SW_DIRECTION_RECEIVED, "[::1]:9", NULL, 0);
  g_assert_cmpuint (seq, ==, 3);

  g_assert_cmpuint (sw_traffic_log_get_first_seq (log), ==, 0);
  g_assert_cmpuint (sw_traffic_log_get_end_seq (log), ==, 4);
  g_assert_cmpuint (sw_traffic_log_get_n_records (log), ==, 4);

  assert_record (log, 0, SW_DIRECTION_SENT, "127.0.0.1:7000", "hello\r\n");
  assert_record (log, 1, SW_DIRECTION_RECEIVED, "127.0.0.1:7000", "HELLO\r\n");
  assert_record (log, 2, SW_DIRECTION_EVENT, NULL, "Connection closed by the peer");
  assert_record (log, 3, SW_DIRECTION_RECEIVED, "[::1]:9", "");

  g_assert_true (sw_traffic_log_get_record (log, 2, &record));
  g_assert_cmpint (record.event_kind, ==, SW_EVENT_KIND_DISCONNECTED);
  g_assert_true (sw_traffic_log_get_record (log, 0, &record));
  g_assert_cmpint (record.event_kind, ==, SW_EVENT_KIND_NONE);
  g_assert_cmpint (record.wall_time, >=, before);
  g_assert_cmpint (record.wall_time, <=, g_get_real_time ());
  g_assert_cmpint (record.monotonic_time, <=, g_get_monotonic_time ());

  g_assert_false (sw_traffic_log_get_record (log, 4, &record));

  sw_traffic_log_get_totals (log, &totals);
  g_assert_cmpuint (totals.bytes_sent, ==, 7);
  g_assert_cmpuint (totals.bytes_received, ==, 7);
  g_assert_cmpuint (totals.records_sent, ==, 1);
  g_assert_cmpuint (totals.records_received, ==, 2);
  g_assert_cmpuint (totals.events, ==, 1);
  g_assert_cmpuint (totals.records_trimmed, ==, 0);
}

static void
test_monotonic_order (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  gint64 last = 0;

  for (guint i = 0; i < 5000; i++)
    sw_traffic_log_append (log, i % 2 ? SW_DIRECTION_SENT : SW_DIRECTION_RECEIVED,
                           NULL, (const guint8 *) &i, sizeof i);

  for (guint64 seq = 0; seq < 5000; seq++)
    {
      SwTrafficRecord record;
      guint value;

      g_assert_true (sw_traffic_log_get_record (log, seq, &record));
      g_assert_cmpint (record.monotonic_time, >=, last);
      last = record.monotonic_time;
      memcpy (&value, record.data, sizeof value);
      g_assert_cmpuint (value, ==, seq);
    }
}

/* Compares what the log holds with a plain model of what was appended. */
static void
assert_matches_model (SwTrafficLog *log,
                      GPtrArray    *model)
{
  guint64 first = sw_traffic_log_get_first_seq (log);
  guint64 end = sw_traffic_log_get_end_seq (log);

  g_assert_cmpuint (end, ==, model->len);

  for (guint64 seq = first; seq < end; seq++)
    {
      SwTrafficRecord record;
      GBytes *expected = g_ptr_array_index (model, seq);
      gsize length;
      const guint8 *data = g_bytes_get_data (expected, &length);

      g_assert_true (sw_traffic_log_get_record (log, seq, &record));
      g_assert_cmpmem (record.data, record.length, data, length);
    }
}

static GBytes *
random_payload (gsize length)
{
  guint8 *data = g_malloc (length + 1);

  for (gsize i = 0; i < length; i++)
    data[i] = g_test_rand_int_range (0, 256);

  return g_bytes_new_take (data, length);
}

static void
test_byte_cap_trims_oldest (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(GPtrArray) model = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  const guint64 cap = 256 * 1024;
  guint64 sent = 0;
  guint64 received = 0;
  SwTrafficTotals totals;

  sw_traffic_log_set_byte_cap (log, cap);
  g_assert_cmpuint (sw_traffic_log_get_byte_cap (log), ==, cap);

  /* Enough records to wrap the chunk ring several times, with sizes from
   * datagram-small to larger than a block's "large payload" threshold. */
  for (guint i = 0; i < 20000; i++)
    {
      gsize length;
      GBytes *payload;
      SwDirection direction = g_test_rand_bit () ? SW_DIRECTION_SENT : SW_DIRECTION_RECEIVED;

      if (i % 997 == 0)
        length = g_test_rand_int_range (256 * 1024, 300 * 1024);
      else
        length = g_test_rand_int_range (0, 200);

      payload = random_payload (length);
      sw_traffic_log_append_bytes (log, direction, "10.0.0.1:1", payload);
      g_ptr_array_add (model, payload);

      if (direction == SW_DIRECTION_SENT)
        sent += length;
      else
        received += length;

      /* The newest record always stays, even when it alone is over. */
      g_assert_cmpuint (sw_traffic_log_get_end_seq (log), ==, i + 1);
      g_assert_true (sw_traffic_log_get_bytes_held (log) <= cap ||
                     sw_traffic_log_get_n_records (log) == 1);
    }

  assert_matches_model (log, model);

  sw_traffic_log_get_totals (log, &totals);
  g_assert_cmpuint (totals.bytes_sent, ==, sent);
  g_assert_cmpuint (totals.bytes_received, ==, received);
  g_assert_cmpuint (totals.records_sent + totals.records_received, ==, 20000);
  g_assert_cmpuint (totals.records_trimmed, ==, sw_traffic_log_get_first_seq (log));
  g_assert_cmpuint (totals.records_trimmed, >, 0);

  /* What was trimmed is exactly what is missing from the front. */
  {
    guint64 trimmed_bytes = 0;

    for (guint64 seq = 0; seq < sw_traffic_log_get_first_seq (log); seq++)
      trimmed_bytes += g_bytes_get_size (g_ptr_array_index (model, seq));
    g_assert_cmpuint (totals.bytes_trimmed, ==, trimmed_bytes);
  }
}

static void
test_lowering_cap_trims_at_once (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  guint8 data[1000] = { 0 };

  for (guint i = 0; i < 1000; i++)
    sw_traffic_log_append (log, SW_DIRECTION_RECEIVED, NULL, data, sizeof data);

  g_assert_cmpuint (sw_traffic_log_get_n_records (log), ==, 1000);

  sw_traffic_log_set_byte_cap (log, 100 * 1024);
  g_assert_cmpuint (sw_traffic_log_get_bytes_held (log), <=, 100 * 1024);
  g_assert_cmpuint (sw_traffic_log_get_n_records (log), <, 1000);
  g_assert_cmpuint (sw_traffic_log_get_n_records (log), >, 50);
  g_assert_cmpuint (sw_traffic_log_get_end_seq (log), ==, 1000);
}

static void
test_record_larger_than_cap (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(GBytes) big = random_payload (2 * 1024 * 1024);
  g_autoptr(GBytes) copy = NULL;

  sw_traffic_log_set_byte_cap (log, 1024 * 1024);
  sw_traffic_log_append (log, SW_DIRECTION_RECEIVED, NULL, (const guint8 *) "a", 1);
  sw_traffic_log_append_bytes (log, SW_DIRECTION_SENT, NULL, big);

  g_assert_cmpuint (sw_traffic_log_get_n_records (log), ==, 1);
  copy = sw_traffic_log_dup_payload (log, 1);
  g_assert_true (g_bytes_equal (copy, big));

  sw_traffic_log_append (log, SW_DIRECTION_RECEIVED, NULL, (const guint8 *) "b", 1);
  g_assert_cmpuint (sw_traffic_log_get_first_seq (log), ==, 2);
  /* The reference handed out outlives the record. */
  g_assert_true (g_bytes_equal (copy, big));
}

static void
test_reserve_commit (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  guint8 *room;
  guint64 seq;
  SwTrafficTotals totals;

  room = sw_traffic_log_reserve (log, 65536);
  g_assert_nonnull (room);
  memcpy (room, "first", 5);
  seq = sw_traffic_log_commit (log, SW_DIRECTION_RECEIVED, "peer", 5);
  g_assert_cmpuint (seq, ==, 0);

  /* Nothing arrived: no record. */
  room = sw_traffic_log_reserve (log, 65536);
  g_assert_nonnull (room);
  g_assert_cmpuint (sw_traffic_log_commit (log, SW_DIRECTION_RECEIVED, "peer", 0), ==, 0);
  g_assert_cmpuint (sw_traffic_log_get_n_records (log), ==, 1);

  room = sw_traffic_log_reserve (log, 65536);
  memcpy (room, "second", 6);
  seq = sw_traffic_log_commit (log, SW_DIRECTION_RECEIVED, "peer", 6);
  g_assert_cmpuint (seq, ==, 1);

  /* A reservation larger than a block gets a block of its own. */
  room = sw_traffic_log_reserve (log, 3 * 1024 * 1024);
  memset (room, 'x', 3 * 1024 * 1024);
  seq = sw_traffic_log_commit (log, SW_DIRECTION_RECEIVED, "peer", 3 * 1024 * 1024);
  g_assert_cmpuint (seq, ==, 2);

  assert_record (log, 0, SW_DIRECTION_RECEIVED, "peer", "first");
  assert_record (log, 1, SW_DIRECTION_RECEIVED, "peer", "second");

  sw_traffic_log_get_totals (log, &totals);
  g_assert_cmpuint (totals.bytes_received, ==, 11 + 3 * 1024 * 1024);
  g_assert_cmpuint (totals.records_received, ==, 3);
}

static void
test_reserve_fills_blocks (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(GPtrArray) model = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  sw_traffic_log_set_byte_cap (log, 4 * 1024 * 1024);

  for (guint i = 0; i < 3000; i++)
    {
      gsize length = g_test_rand_int_range (1, 65536);
      g_autoptr(GBytes) payload = random_payload (length);
      guint8 *room = sw_traffic_log_reserve (log, 65536);

      memcpy (room, g_bytes_get_data (payload, NULL), length);
      sw_traffic_log_commit (log, SW_DIRECTION_RECEIVED, NULL, length);
      g_ptr_array_add (model, g_bytes_ref (payload));
    }

  assert_matches_model (log, model);
  g_assert_cmpuint (sw_traffic_log_get_bytes_held (log), <=, 4 * 1024 * 1024);
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           GHashTable *seen)
{
  g_hash_table_add (seen, g_strdup (pspec->name));
}

static void
wait_count (guint       *count,
            guint        at_least,
            const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (*count < at_least)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_changed_is_batched (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint changed = 0;
  guint totals = 0;
  gint64 start;

  g_signal_connect (log, "changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect (log, "totals-changed", G_CALLBACK (count_cb), &totals);
  g_signal_connect (log, "notify", G_CALLBACK (notify_cb), seen);

  for (guint i = 0; i < 10000; i++)
    sw_traffic_log_append (log, SW_DIRECTION_RECEIVED, NULL, (const guint8 *) "x", 1);

  /* Nothing is emitted synchronously from an append. */
  g_assert_cmpuint (changed, ==, 0);
  g_assert_cmpuint (totals, ==, 0);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 0);

  /* One batch of records, then the totals, which nobody heard of yet. */
  wait_count (&totals, 1, "the totals");
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (g_hash_table_contains (seen, "bytes-received"));
  g_assert_true (g_hash_table_contains (seen, "records-received"));
  g_assert_true (g_hash_table_contains (seen, "n-records"));
  g_assert_true (g_hash_table_contains (seen, "end-seq"));
  g_assert_false (g_hash_table_contains (seen, "bytes-sent"));

  /* Nothing more is pending. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (totals, ==, 1);

  /* While records keep coming, batches of them follow at most once a
   * frame and the totals at most four times a second: over 300 ms, some
   * 18 batches and one more total (two if this machine is very slow to
   * start the loop). A slow machine only makes fewer. */
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 300 * 1000)
    {
      sw_traffic_log_append (log, SW_DIRECTION_SENT, NULL, (const guint8 *) "y", 1);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpuint (changed, <=, 1 + 300 / 16 + 1);
  g_assert_cmpuint (totals, <=, 1 + 2);

  /* And they do come. */
  wait_count (&changed, 2, "the second batch");
  wait_count (&totals, 2, "the second totals");
  g_assert_true (g_hash_table_contains (seen, "bytes-sent"));

  /* flush() delivers both at once. */
  sw_traffic_log_flush (log);
  changed = totals = 0;
  sw_traffic_log_append (log, SW_DIRECTION_SENT, NULL, (const guint8 *) "z", 1);
  sw_traffic_log_flush (log);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (totals, ==, 1);
  sw_traffic_log_flush (log);
  g_assert_cmpuint (changed, ==, 1);
}

static void
test_clear_and_reset (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(GBytes) kept = NULL;
  SwTrafficTotals totals;
  SwTrafficRecord record;
  guint cleared = 0;

  g_signal_connect (log, "cleared", G_CALLBACK (count_cb), &cleared);

  for (guint i = 0; i < 3000; i++)
    sw_traffic_log_append (log, SW_DIRECTION_RECEIVED, "p", (const guint8 *) "abc", 3);
  kept = sw_traffic_log_dup_payload (log, 2999);

  sw_traffic_log_clear (log);
  g_assert_cmpuint (cleared, ==, 1);
  g_assert_cmpuint (sw_traffic_log_get_n_records (log), ==, 0);
  g_assert_cmpuint (sw_traffic_log_get_first_seq (log), ==, 3000);
  g_assert_cmpuint (sw_traffic_log_get_bytes_held (log), ==, 0);
  g_assert_false (sw_traffic_log_get_record (log, 2999, &record));
  g_assert_null (sw_traffic_log_dup_payload (log, 2999));
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), "abc", 3);

  /* Totals survive a clear. */
  sw_traffic_log_get_totals (log, &totals);
  g_assert_cmpuint (totals.bytes_received, ==, 9000);

  /* The sequence continues. */
  g_assert_cmpuint (sw_traffic_log_append (log, SW_DIRECTION_SENT, NULL, (const guint8 *) "d", 1), ==, 3000);
  assert_record (log, 3000, SW_DIRECTION_SENT, NULL, "d");

  sw_traffic_log_reset_totals (log);
  sw_traffic_log_get_totals (log, &totals);
  g_assert_cmpuint (totals.bytes_received, ==, 0);
  g_assert_cmpuint (totals.bytes_sent, ==, 0);
  g_assert_cmpuint (totals.records_sent, ==, 0);
  g_assert_cmpuint (sw_traffic_log_get_n_records (log), ==, 1);
}

static void
test_peer_strings (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  char peer[32];
  SwTrafficRecord record;

  for (guint i = 0; i < 100; i++)
    {
      g_snprintf (peer, sizeof peer, "10.0.0.%u:%u", i % 3, 1000 + i % 3);
      sw_traffic_log_append (log, SW_DIRECTION_RECEIVED, peer, (const guint8 *) "x", 1);
    }
  /* The caller's buffer is not kept. */
  memset (peer, 0, sizeof peer);

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *expected = g_strdup_printf ("10.0.0.%u:%u", i % 3, 1000 + i % 3);

      g_assert_true (sw_traffic_log_get_record (log, i, &record));
      g_assert_cmpstr (record.peer, ==, expected);
    }
}

static void
test_record_flags (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  SwTrafficMeta meta = {
    .direction = SW_DIRECTION_SENT,
    .peer = "127.0.0.1:7000",
    .flags = SW_RECORD_FLAGS_TEXT | SW_RECORD_FLAGS_AUTOMATIC,
    .encoding = SW_ENCODING_GB18030,
  };
  SwTrafficRecord record;
  guint8 *buffer;
  guint64 seq;

  seq = sw_traffic_log_append_full (log, &meta, (const guint8 *) "\xc4\xe3", 2);
  g_assert_true (sw_traffic_log_get_record (log, seq, &record));
  g_assert_cmpint (record.flags, ==, SW_RECORD_FLAGS_TEXT | SW_RECORD_FLAGS_AUTOMATIC);
  g_assert_cmpint (record.encoding, ==, SW_ENCODING_GB18030);
  g_assert_cmpuint (record.connection, ==, 0);

  /* The plain appends say nothing more. */
  seq = sw_traffic_log_append (log, SW_DIRECTION_RECEIVED, "127.0.0.1:7000", (const guint8 *) "x", 1);
  g_assert_true (sw_traffic_log_get_record (log, seq, &record));
  g_assert_cmpint (record.flags, ==, SW_RECORD_FLAGS_NONE);

  meta.direction = SW_DIRECTION_RECEIVED;
  meta.flags = SW_RECORD_FLAGS_FILE;
  buffer = sw_traffic_log_reserve (log, 16);
  memcpy (buffer, "abc", 3);
  seq = sw_traffic_log_commit_full (log, &meta, 3);
  g_assert_true (sw_traffic_log_get_record (log, seq, &record));
  g_assert_cmpint (record.flags, ==, SW_RECORD_FLAGS_FILE);
  g_assert_cmpmem (record.data, record.length, "abc", 3);
}

static void
test_connections (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) local = g_inet_socket_address_new (loopback, 50000);
  g_autoptr(GSocketAddress) remote = g_inet_socket_address_new (loopback, 7000);
  SwTrafficMeta meta = { .direction = SW_DIRECTION_SENT };
  SwTrafficConnection info;
  SwTrafficRecord record;
  guint first, second;
  guint64 seq;

  first = sw_traffic_log_open_connection (log, SW_TRANSPORT_TCP, FALSE, local, remote, "127.0.0.1:7000");
  second = sw_traffic_log_open_connection (log, SW_TRANSPORT_UDP, TRUE, NULL, remote, "peer");
  g_assert_cmpuint (first, !=, 0);
  g_assert_cmpuint (second, !=, first);

  g_assert_true (sw_traffic_log_get_connection (log, first, &info));
  g_assert_cmpuint (info.id, ==, first);
  g_assert_cmpint (info.transport, ==, SW_TRANSPORT_TCP);
  g_assert_false (info.relay);
  g_assert_true (info.local == local);
  g_assert_true (info.remote == remote);
  g_assert_cmpstr (info.name, ==, "127.0.0.1:7000");
  g_assert_cmpint (info.end, ==, SW_CONNECTION_END_OPEN);
  g_assert_cmpint (info.close_time, ==, 0);
  g_assert_true (sw_traffic_log_get_connection (log, second, &info));
  g_assert_true (info.relay);
  g_assert_cmpint (info.transport, ==, SW_TRANSPORT_UDP);

  /* Records of a connection are named as it is. */
  meta.connection = first;
  meta.peer = "ignored";
  seq = sw_traffic_log_append_full (log, &meta, (const guint8 *) "hello", 5);
  g_assert_true (sw_traffic_log_get_record (log, seq, &record));
  g_assert_cmpuint (record.connection, ==, first);
  g_assert_cmpstr (record.peer, ==, "127.0.0.1:7000");
  seq = sw_traffic_log_append_connection_event (log, first, SW_EVENT_KIND_DISCONNECTED, "closed");
  g_assert_true (sw_traffic_log_get_record (log, seq, &record));
  g_assert_cmpuint (record.connection, ==, first);
  g_assert_cmpstr (record.peer, ==, "127.0.0.1:7000");

  /* Closed, it stays while its records do… */
  sw_traffic_log_close_connection (log, first, SW_CONNECTION_END_RESET);
  g_assert_true (sw_traffic_log_get_connection (log, first, &info));
  g_assert_cmpint (info.end, ==, SW_CONNECTION_END_RESET);
  g_assert_cmpint (info.close_time, >=, info.open_time);
  /* …a second close changes nothing… */
  sw_traffic_log_close_connection (log, first, SW_CONNECTION_END_CLOSED);
  g_assert_true (sw_traffic_log_get_connection (log, first, &info));
  g_assert_cmpint (info.end, ==, SW_CONNECTION_END_RESET);

  /* …and goes with the last of them (the newest record always stays). */
  sw_traffic_log_append (log, SW_DIRECTION_RECEIVED, NULL, (const guint8 *) "x", 1);
  sw_traffic_log_set_byte_cap (log, 1);
  g_assert_false (sw_traffic_log_get_connection (log, first, &info));
  /* One with no record goes when it closes; an open one stays. */
  g_assert_true (sw_traffic_log_get_connection (log, second, &info));
  sw_traffic_log_close_connection (log, second, SW_CONNECTION_END_CLOSED);
  g_assert_false (sw_traffic_log_get_connection (log, second, &info));
  g_assert_false (sw_traffic_log_get_connection (log, 0, &info));
}

static void
test_connections_cleared (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  SwTrafficMeta meta = { .direction = SW_DIRECTION_RECEIVED };
  SwTrafficConnection info;
  guint open, closed;

  open = sw_traffic_log_open_connection (log, SW_TRANSPORT_TCP, FALSE, NULL, NULL, "a");
  closed = sw_traffic_log_open_connection (log, SW_TRANSPORT_TCP, FALSE, NULL, NULL, "b");
  meta.connection = open;
  sw_traffic_log_append_full (log, &meta, (const guint8 *) "1", 1);
  meta.connection = closed;
  sw_traffic_log_append_full (log, &meta, (const guint8 *) "2", 1);
  sw_traffic_log_close_connection (log, closed, SW_CONNECTION_END_CLOSED);
  g_assert_true (sw_traffic_log_get_connection (log, closed, &info));

  sw_traffic_log_clear (log);
  g_assert_true (sw_traffic_log_get_connection (log, open, &info));
  g_assert_false (sw_traffic_log_get_connection (log, closed, &info));
}

static void
test_finalize_frees_everything (void)
{
  SwTrafficLog *log = sw_traffic_log_new ();
  GBytes *payload;

  for (guint i = 0; i < 5000; i++)
    sw_traffic_log_append (log, SW_DIRECTION_RECEIVED, "peer", (const guint8 *) "data", 4);
  sw_traffic_log_append_event (log, SW_EVENT_KIND_ERROR, NULL, "Connection reset");
  payload = sw_traffic_log_dup_payload (log, 10);

  g_assert_finalize_object (log);

  g_assert_cmpmem (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), "data", 4);
  g_bytes_unref (payload);
}

static void
count_changed (SwTrafficLog *log,
               guint        *count)
{
  (*count)++;
}

static gboolean
keep_sent (const SwTrafficRecord *record,
           gpointer               user_data)
{
  return record->direction == SW_DIRECTION_SENT;
}

/* A snapshot of what a filter keeps: those records in order, renumbered
 * from the first, payloads shared, over more than one chunk. */
static void
test_snapshot_filtered (void)
{
  SwTrafficLog *log = sw_traffic_log_new ();
  SwTrafficLog *snapshot;
  guint64 first;
  guint64 seq;
  guint n_sent = 0;

  for (guint i = 0; i < 5000; i++)
    {
      char text[32];

      g_snprintf (text, sizeof text, "%u", i);
      sw_traffic_log_append (log, i % 3 == 0 ? SW_DIRECTION_SENT : SW_DIRECTION_RECEIVED, "p",
                             (const guint8 *) text, strlen (text));
    }
  first = sw_traffic_log_get_first_seq (log);

  snapshot = sw_traffic_log_snapshot_filtered (log, keep_sent, NULL);
  g_assert_cmpuint (sw_traffic_log_get_first_seq (snapshot), ==, first);
  for (seq = first; seq < sw_traffic_log_get_end_seq (log); seq++)
    {
      SwTrafficRecord a, b;

      g_assert_true (sw_traffic_log_get_record (log, seq, &a));
      if (a.direction != SW_DIRECTION_SENT)
        continue;
      g_assert_true (sw_traffic_log_get_record (snapshot, first + n_sent, &b));
      g_assert_true (a.data == b.data);
      g_assert_cmpuint (a.length, ==, b.length);
      g_assert_cmpint (b.direction, ==, SW_DIRECTION_SENT);
      n_sent++;
    }
  g_assert_cmpuint (n_sent, ==, 1667);
  g_assert_cmpuint (sw_traffic_log_get_end_seq (snapshot), ==, first + n_sent);

  g_assert_finalize_object (log);
  g_assert_finalize_object (snapshot);
}

static void
test_snapshot (void)
{
  SwTrafficLog *log = sw_traffic_log_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocketAddress) local = g_inet_socket_address_new (loopback, 50000);
  g_autoptr(GSocketAddress) remote = g_inet_socket_address_new (loopback, 7000);
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  SwTrafficMeta meta = { SW_DIRECTION_SENT, 0, NULL, SW_RECORD_FLAGS_TEXT, SW_ENCODING_GB18030 };
  SwTrafficLog *snapshot;
  SwTrafficTotals totals, snapshot_totals;
  SwTrafficConnection info;
  guint64 first, end;
  guint tcp, idle;
  guint changed = 0;
  char big[4000];

  /* A trimmed log, over more than one chunk of records. */
  memset (big, 'x', sizeof big);
  tcp = sw_traffic_log_open_connection (log, SW_TRANSPORT_TCP, FALSE, local, remote, "[::1]:7000");
  idle = sw_traffic_log_open_connection (log, SW_TRANSPORT_UDP, TRUE, NULL, remote, "no records");
  sw_traffic_log_set_byte_cap (log, 512 * 1024);
  meta.connection = tcp;
  for (guint i = 0; i < 3000; i++)
    {
      meta.direction = i % 3 == 0 ? SW_DIRECTION_SENT : SW_DIRECTION_RECEIVED;
      sw_traffic_log_append_full (log, &meta, (const guint8 *) big, i % 2 ? 40 : sizeof big);
      if (i % 500 == 0)
        sw_traffic_log_append_event (log, SW_EVENT_KIND_INFO, "peer", "an event");
    }
  sw_traffic_log_close_connection (log, tcp, SW_CONNECTION_END_CLOSED);
  first = sw_traffic_log_get_first_seq (log);
  end = sw_traffic_log_get_end_seq (log);
  g_assert_cmpuint (first, >, 0);

  snapshot = sw_traffic_log_snapshot (log);
  g_signal_connect (snapshot, "changed", G_CALLBACK (count_changed), &changed);

  /* The same records, sharing their payloads. */
  g_assert_cmpuint (sw_traffic_log_get_first_seq (snapshot), ==, first);
  g_assert_cmpuint (sw_traffic_log_get_end_seq (snapshot), ==, end);
  g_assert_cmpuint (sw_traffic_log_get_bytes_held (snapshot), ==, sw_traffic_log_get_bytes_held (log));
  sw_traffic_log_get_totals (log, &totals);
  sw_traffic_log_get_totals (snapshot, &snapshot_totals);
  g_assert_cmpmem (&totals, sizeof totals, &snapshot_totals, sizeof snapshot_totals);
  for (guint64 seq = first; seq < end; seq++)
    {
      SwTrafficRecord a, b;

      g_assert_true (sw_traffic_log_get_record (log, seq, &a));
      g_assert_true (sw_traffic_log_get_record (snapshot, seq, &b));
      g_assert_cmpint (a.wall_time, ==, b.wall_time);
      g_assert_cmpint (a.monotonic_time, ==, b.monotonic_time);
      g_assert_cmpint (a.direction, ==, b.direction);
      g_assert_cmpint (a.event_kind, ==, b.event_kind);
      g_assert_true (a.peer == b.peer);
      g_assert_true (a.data == b.data);
      g_assert_cmpuint (a.length, ==, b.length);
      g_assert_cmpuint (a.connection, ==, b.connection);
      g_assert_cmpint (a.flags, ==, b.flags);
      g_assert_cmpint (a.encoding, ==, b.encoding);
      g_ptr_array_add (payloads, g_bytes_new (a.data, a.length));
    }
  g_assert_true (sw_traffic_log_get_connection (snapshot, tcp, &info));
  g_assert_true (info.local == local);
  g_assert_true (info.remote == remote);
  g_assert_cmpstr (info.name, ==, "[::1]:7000");
  g_assert_cmpint (info.end, ==, SW_CONNECTION_END_CLOSED);
  g_assert_true (sw_traffic_log_get_connection (snapshot, idle, &info));
  g_assert_true (info.relay);

  /* The log goes on, trims, clears and goes; the snapshot stays as it was. */
  for (guint i = 0; i < 300; i++)
    sw_traffic_log_append_full (log, &meta, (const guint8 *) big, sizeof big);
  sw_traffic_log_close_connection (log, idle, SW_CONNECTION_END_RESET);
  sw_traffic_log_clear (log);
  g_assert_finalize_object (log);

  g_assert_cmpuint (sw_traffic_log_get_end_seq (snapshot), ==, end);
  for (guint64 seq = first; seq < end; seq++)
    {
      SwTrafficRecord record;
      GBytes *payload = g_ptr_array_index (payloads, seq - first);

      g_assert_true (sw_traffic_log_get_record (snapshot, seq, &record));
      g_assert_cmpmem (record.data, record.length, g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
    }
  g_assert_true (sw_traffic_log_get_connection (snapshot, idle, &info));
  g_assert_cmpint (info.end, ==, SW_CONNECTION_END_OPEN);

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (changed, ==, 0);
  g_assert_finalize_object (snapshot);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/traffic-log/append-and-read", test_append_and_read);
  g_test_add_func ("/sw/traffic-log/monotonic-order", test_monotonic_order);
  g_test_add_func ("/sw/traffic-log/byte-cap-trims-oldest", test_byte_cap_trims_oldest);
  g_test_add_func ("/sw/traffic-log/lowering-cap-trims-at-once", test_lowering_cap_trims_at_once);
  g_test_add_func ("/sw/traffic-log/record-larger-than-cap", test_record_larger_than_cap);
  g_test_add_func ("/sw/traffic-log/reserve-commit", test_reserve_commit);
  g_test_add_func ("/sw/traffic-log/reserve-fills-blocks", test_reserve_fills_blocks);
  g_test_add_func ("/sw/traffic-log/changed-is-batched", test_changed_is_batched);
  g_test_add_func ("/sw/traffic-log/clear-and-reset", test_clear_and_reset);
  g_test_add_func ("/sw/traffic-log/peer-strings", test_peer_strings);
  g_test_add_func ("/sw/traffic-log/record-flags", test_record_flags);
  g_test_add_func ("/sw/traffic-log/connections", test_connections);
  g_test_add_func ("/sw/traffic-log/connections-cleared", test_connections_cleared);
  g_test_add_func ("/sw/traffic-log/finalize-frees-everything", test_finalize_frees_everything);
  g_test_add_func ("/sw/traffic-log/snapshot", test_snapshot);
  g_test_add_func ("/sw/traffic-log/snapshot-filtered", test_snapshot_filtered);

  return g_test_run ();
}
