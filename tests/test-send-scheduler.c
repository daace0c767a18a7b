/* test-send-scheduler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-send-scheduler.h"
#include "sw-test-util.h"

/* A connection as the scheduler sees it: what it was given, what it
 * holds and has not taken yet, and whether it fails. */
typedef struct
{
  SwSendScheduler *scheduler;
  GPtrArray       *sent;
  guint64          backlog;
  guint64          backlog_max_seen;
  /* Sending copy number fail_at (from 1) fails; 0: none does. */
  guint            fail_at;
  /* Sending copy number stop_at calls stop(). */
  guint            stop_at;
  /* Each copy adds its size to the backlog. */
  gboolean         queues;
} Connection;

static gboolean
send_cb (GBytes   *payload,
         gpointer  user_data)
{
  Connection *connection = user_data;

  if (connection->fail_at != 0 && connection->sent->len + 1 == connection->fail_at)
    return FALSE;

  g_ptr_array_add (connection->sent, g_bytes_ref (payload));
  if (connection->queues)
    {
      connection->backlog += g_bytes_get_size (payload);
      connection->backlog_max_seen = MAX (connection->backlog_max_seen, connection->backlog);
    }

  if (connection->stop_at != 0 && connection->sent->len == connection->stop_at)
    sw_send_scheduler_stop (connection->scheduler);

  return TRUE;
}

static guint64
backlog_cb (gpointer user_data)
{
  Connection *connection = user_data;

  return connection->backlog;
}

static void
connection_init (Connection *connection,
                 const char *message)
{
  g_autoptr(GBytes) payload = g_bytes_new (message, strlen (message));

  *connection = (Connection) { 0 };
  connection->scheduler = sw_send_scheduler_new ();
  connection->sent = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  sw_send_scheduler_set_payload (connection->scheduler, payload);
  sw_send_scheduler_set_send_func (connection->scheduler, send_cb, connection, NULL);
  sw_send_scheduler_set_backlog_func (connection->scheduler, backlog_cb, connection, NULL);
}

static void
connection_clear (Connection *connection)
{
  g_assert_finalize_object (g_steal_pointer (&connection->scheduler));
  g_clear_pointer (&connection->sent, g_ptr_array_unref);
}

static gboolean
is_inactive (gpointer data)
{
  return !sw_send_scheduler_get_active (data);
}

static void
assert_sent (Connection *connection,
             const char *message)
{
  for (guint i = 0; i < connection->sent->len; i++)
    {
      gsize size;
      const char *data = g_bytes_get_data (connection->sent->pdata[i], &size);

      g_assert_cmpmem (data, size, message, strlen (message));
    }
}

/* Iterates for @ms and asserts nothing more was sent. */
static void
assert_quiet (Connection *connection,
              guint       ms)
{
  guint count = connection->sent->len;

  sw_test_run_for (ms);
  g_assert_cmpuint (connection->sent->len, ==, count);
}

static void
test_properties (void)
{
  g_autoptr(SwSendScheduler) scheduler = sw_send_scheduler_new ();
  const char *names[] = { "repeat", "repeat-interval", "times", "payload", "active", "sent", NULL };
  guint counts[G_N_ELEMENTS (names)] = { 0 };
  g_autoptr(GBytes) payload = g_bytes_new_static ("x", 1);
  gboolean repeat, active;
  guint interval, times;
  guint64 sent;

  g_object_get (scheduler,
                "repeat", &repeat,
                "repeat-interval", &interval,
                "times", &times,
                "active", &active,
                "sent", &sent,
                NULL);
  g_assert_false (repeat);
  g_assert_cmpuint (interval, ==, 1000);
  g_assert_cmpuint (times, ==, 1);
  g_assert_false (active);
  g_assert_cmpuint (sent, ==, 0);
  g_assert_null (sw_send_scheduler_get_payload (scheduler));

  sw_test_count_notifies (scheduler, names, counts);

  /* The same value is no news; a new one is, once. */
  g_object_set (scheduler, "repeat", FALSE, "repeat-interval", 1000, "times", 1, "payload", NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpuint (counts[i], ==, 0);
  g_object_set (scheduler, "repeat", TRUE, "repeat-interval", 20, "times", 7, "payload", payload, NULL);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (counts[i], ==, 1);
  g_assert_true (sw_send_scheduler_get_repeat (scheduler));
  g_assert_cmpuint (sw_send_scheduler_get_repeat_interval (scheduler), ==, 20);
  g_assert_cmpuint (sw_send_scheduler_get_times (scheduler), ==, 7);
  g_assert_true (sw_send_scheduler_get_payload (scheduler) == payload);

  /* Armed is not sending. */
  sw_test_run_for (50);
  g_assert_false (sw_send_scheduler_get_active (scheduler));
  g_assert_cmpuint (counts[4], ==, 0);
}

static void
test_once (void)
{
  Connection connection;

  connection_init (&connection, "one");

  /* Neither times nor repeat: the copy goes out at once, no run. */
  g_assert_true (sw_send_scheduler_start (connection.scheduler));
  g_assert_cmpuint (connection.sent->len, ==, 1);
  assert_sent (&connection, "one");
  g_assert_false (sw_send_scheduler_get_active (connection.scheduler));
  g_assert_cmpuint (sw_send_scheduler_get_sent (connection.scheduler), ==, 1);
  assert_quiet (&connection, 50);

  /* Even with a backlog: a person asked for this one. */
  connection.backlog = G_MAXUINT64;
  g_assert_true (sw_send_scheduler_start (connection.scheduler));
  g_assert_cmpuint (connection.sent->len, ==, 2);

  /* It could not be sent; nothing to send. */
  connection.fail_at = 3;
  g_assert_false (sw_send_scheduler_start (connection.scheduler));
  g_assert_cmpuint (sw_send_scheduler_get_sent (connection.scheduler), ==, 0);
  sw_send_scheduler_set_payload (connection.scheduler, NULL);
  g_assert_false (sw_send_scheduler_start (connection.scheduler));
  g_assert_cmpuint (connection.sent->len, ==, 2);

  connection_clear (&connection);
}

static void
test_times (void)
{
  Connection connection;
  const char *names[] = { "active", NULL };
  guint active_notifies = 0;

  connection_init (&connection, "copy");
  sw_test_count_notifies (connection.scheduler, names, &active_notifies);
  sw_send_scheduler_set_times (connection.scheduler, 5);

  /* The copies go out from the main loop. */
  g_assert_true (sw_send_scheduler_start (connection.scheduler));
  g_assert_true (sw_send_scheduler_get_active (connection.scheduler));
  g_assert_false (sw_send_scheduler_get_repeating (connection.scheduler));
  g_assert_cmpuint (active_notifies, ==, 1);
  g_assert_cmpuint (connection.sent->len, ==, 0);
  /* One run at a time. */
  g_assert_false (sw_send_scheduler_start (connection.scheduler));

  sw_test_wait (is_inactive, connection.scheduler, 5000, "the copies");
  g_assert_cmpuint (connection.sent->len, ==, 5);
  assert_sent (&connection, "copy");
  g_assert_cmpuint (sw_send_scheduler_get_sent (connection.scheduler), ==, 5);
  g_assert_cmpuint (active_notifies, ==, 2);
  assert_quiet (&connection, 50);

  /* A changed message applies to the next copy. */
  g_ptr_array_set_size (connection.sent, 0);
  sw_send_scheduler_set_times (connection.scheduler, 1000000000);
  g_assert_true (sw_send_scheduler_start (connection.scheduler));
  sw_test_wait_length (connection.sent, 10, 5000, "10 copies");
  {
    g_autoptr(GBytes) other = g_bytes_new_static ("other", 5);
    guint before;

    sw_send_scheduler_set_payload (connection.scheduler, other);
    before = connection.sent->len;
    sw_test_wait_length (connection.sent, before + 10, 5000, "10 more copies");
    g_assert_true (g_bytes_equal (connection.sent->pdata[connection.sent->len - 1], other));
  }

  /* Stop ends them. */
  sw_send_scheduler_stop (connection.scheduler);
  g_assert_false (sw_send_scheduler_get_active (connection.scheduler));
  g_assert_cmpuint (sw_send_scheduler_get_sent (connection.scheduler), ==, connection.sent->len);
  assert_quiet (&connection, 100);
  g_assert_cmpuint (connection.sent->len, <, 1000000000);

  connection_clear (&connection);
}

/* A connection that takes @bytes_per_ms of its backlog. */
static gboolean
drain_cb (gpointer user_data)
{
  Connection *connection = user_data;

  connection->backlog -= MIN (connection->backlog, 64 * 1024);

  return G_SOURCE_CONTINUE;
}

static void
test_backpressure (void)
{
  Connection connection;
  g_autofree char *chunk = g_strnfill (10000, 'b');
  guint drain;

  connection_init (&connection, chunk);
  connection.queues = TRUE;
  sw_send_scheduler_set_times (connection.scheduler, 1000);

  /* A connection that takes nothing: the copies wait. */
  connection.backlog = G_MAXUINT64 / 2;
  g_assert_true (sw_send_scheduler_start (connection.scheduler));
  sw_test_run_for (100);
  g_assert_cmpuint (connection.sent->len, ==, 0);
  g_assert_true (sw_send_scheduler_get_active (connection.scheduler));

  /* One that takes 64 KiB a millisecond: 10 MB go out, and it never
   * holds much more than the limit. */
  connection.backlog = 0;
  connection.backlog_max_seen = 0;
  drain = g_timeout_add (1, drain_cb, &connection);
  sw_test_wait (is_inactive, connection.scheduler, 30000, "the copies to go out");
  g_source_remove (drain);
  g_assert_cmpuint (connection.sent->len, ==, 1000);
  g_assert_cmpuint (connection.backlog_max_seen, <=, SW_SEND_SCHEDULER_BACKLOG_MAX + 16 * 10000);

  connection_clear (&connection);
}

static void
test_backpressure_large (void)
{
  Connection connection;
  g_autofree char *chunk = g_strnfill (1024 * 1024, 'L');

  /* Copies larger than the limit: it is asked before each one. */
  connection_init (&connection, chunk);
  connection.queues = TRUE;
  sw_send_scheduler_set_times (connection.scheduler, 100);
  g_assert_true (sw_send_scheduler_start (connection.scheduler));
  sw_test_run_for (100);
  g_assert_cmpuint (connection.sent->len, ==, 1);
  g_assert_cmpuint (connection.backlog, ==, 1024 * 1024);

  connection.backlog = 0;
  sw_test_wait_length (connection.sent, 2, 5000, "the next copy");
  sw_test_run_for (50);
  g_assert_cmpuint (connection.sent->len, ==, 2);

  connection_clear (&connection);
}

static void
test_repeat (void)
{
  Connection connection;
  gint64 start;
  guint count;

  connection_init (&connection, "tick");
  sw_send_scheduler_set_repeat_interval (connection.scheduler, 20);

  /* Armed, it waits for a start. */
  sw_send_scheduler_set_repeat (connection.scheduler, TRUE);
  assert_quiet (&connection, 100);
  g_assert_false (sw_send_scheduler_get_active (connection.scheduler));

  /* Started, the first goes out at once, then one every 20 ms. */
  start = g_get_monotonic_time ();
  g_assert_true (sw_send_scheduler_start (connection.scheduler));
  g_assert_true (sw_send_scheduler_get_repeating (connection.scheduler));
  for (guint i = 0; i < 5 && connection.sent->len == 0; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (connection.sent->len, >=, 1);
  sw_test_wait_length (connection.sent, 6, 5000, "repeats");
  assert_sent (&connection, "tick");
  /* Never more than the interval allows, counting the first. */
  g_assert_cmpuint (connection.sent->len, <=, (g_get_monotonic_time () - start) / 20000 + 1);

  /* Disarmed: it ends. */
  sw_send_scheduler_set_repeat (connection.scheduler, FALSE);
  g_assert_false (sw_send_scheduler_get_active (connection.scheduler));
  assert_quiet (&connection, 100);

  /* Stop ends it too, and the next start starts again. */
  sw_send_scheduler_set_repeat (connection.scheduler, TRUE);
  g_assert_true (sw_send_scheduler_start (connection.scheduler));
  count = connection.sent->len;
  sw_test_wait_length (connection.sent, count + 3, 5000, "repeats after starting again");
  sw_send_scheduler_stop (connection.scheduler);
  g_assert_true (sw_send_scheduler_get_repeat (connection.scheduler));
  g_assert_false (sw_send_scheduler_get_active (connection.scheduler));
  assert_quiet (&connection, 100);

  /* Each tick sends the times. */
  sw_send_scheduler_set_times (connection.scheduler, 3);
  g_ptr_array_set_size (connection.sent, 0);
  g_assert_true (sw_send_scheduler_start (connection.scheduler));
  sw_test_wait_length (connection.sent, 9, 5000, "three ticks of three");
  sw_send_scheduler_stop (connection.scheduler);

  /* Going away while it repeats ends it. */
  g_ptr_array_set_size (connection.sent, 0);
  g_assert_true (sw_send_scheduler_start (connection.scheduler));
  sw_test_wait_length (connection.sent, 3, 5000, "repeats before the end");
  g_assert_finalize_object (g_steal_pointer (&connection.scheduler));
  assert_quiet (&connection, 100);
  g_clear_pointer (&connection.sent, g_ptr_array_unref);
}

static void
test_repeat_catch_up (void)
{
  Connection connection;
  gint64 start;
  guint count;

  connection_init (&connection, "tick");
  sw_send_scheduler_set_repeat_interval (connection.scheduler, 10);
  sw_send_scheduler_set_repeat (connection.scheduler, TRUE);
  g_assert_true (sw_send_scheduler_start (connection.scheduler));
  start = g_get_monotonic_time ();

  /* The interval holds on average: about 50 in 500 ms, never more than
   * fell due. */
  sw_test_run_for (500);
  g_assert_cmpuint (connection.sent->len, >=, 10);
  g_assert_cmpuint (connection.sent->len, <=, (g_get_monotonic_time () - start) / 10000 + 1);

  /* A loop held up for 300 ms: 30 fell due, at most 10 go out at once. */
  g_usleep (300 * 1000);
  count = connection.sent->len;
  for (guint i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (connection.sent->len - count, >=, 1);
  g_assert_cmpuint (connection.sent->len - count, <=, 10);

  connection_clear (&connection);
}

static void
test_repeat_no_pile_up (void)
{
  Connection connection;
  guint count;

  /* Ticks every millisecond, three copies each, into a connection that
   * takes nothing for 300 ms. */
  connection_init (&connection, "tick");
  sw_send_scheduler_set_repeat_interval (connection.scheduler, 1);
  sw_send_scheduler_set_times (connection.scheduler, 3);
  sw_send_scheduler_set_repeat (connection.scheduler, TRUE);
  connection.backlog = G_MAXUINT64 / 2;
  g_assert_true (sw_send_scheduler_start (connection.scheduler));
  sw_test_run_for (300);
  g_assert_cmpuint (connection.sent->len, ==, 0);

  /* Then it takes them: what went past was skipped, not queued. */
  connection.backlog = 0;
  for (guint i = 0; i < 3; i++)
    g_main_context_iteration (NULL, FALSE);
  count = connection.sent->len;
  g_assert_cmpuint (count, <=, 3 * 10);
  sw_test_wait_length (connection.sent, count + 30, 5000, "ticks going on");
  sw_send_scheduler_stop (connection.scheduler);

  connection_clear (&connection);
}

static void
test_send_failure (void)
{
  Connection connection;

  /* Copies: the third fails, and ends the run. */
  connection_init (&connection, "x");
  connection.fail_at = 3;
  sw_send_scheduler_set_times (connection.scheduler, 10);
  g_assert_true (sw_send_scheduler_start (connection.scheduler));
  sw_test_wait (is_inactive, connection.scheduler, 5000, "the run to end");
  g_assert_cmpuint (connection.sent->len, ==, 2);
  g_assert_cmpuint (sw_send_scheduler_get_sent (connection.scheduler), ==, 2);
  assert_quiet (&connection, 50);

  /* Repeating: the same. */
  g_ptr_array_set_size (connection.sent, 0);
  sw_send_scheduler_set_times (connection.scheduler, 1);
  sw_send_scheduler_set_repeat_interval (connection.scheduler, 5);
  sw_send_scheduler_set_repeat (connection.scheduler, TRUE);
  g_assert_true (sw_send_scheduler_start (connection.scheduler));
  sw_test_wait (is_inactive, connection.scheduler, 5000, "the repeat to end");
  g_assert_cmpuint (connection.sent->len, ==, 2);
  assert_quiet (&connection, 50);
  /* Still armed, for the next start. */
  g_assert_true (sw_send_scheduler_get_repeat (connection.scheduler));

  /* The send function stops it itself. */
  g_ptr_array_set_size (connection.sent, 0);
  connection.fail_at = 0;
  connection.stop_at = 4;
  g_assert_true (sw_send_scheduler_start (connection.scheduler));
  sw_test_wait (is_inactive, connection.scheduler, 5000, "the stop");
  g_assert_cmpuint (connection.sent->len, ==, 4);
  assert_quiet (&connection, 50);

  connection_clear (&connection);
}

typedef struct
{
  guint  calls;
  guint  last;
} Counter;

static GBytes *
payload_cb (gpointer user_data)
{
  Counter *counter = user_data;

  counter->calls++;
  if (counter->calls > counter->last)
    return NULL;

  return g_bytes_new_take (g_strdup_printf ("#%u", counter->calls), 2);
}

static void
test_payload_func (void)
{
  Connection connection;
  Counter counter = { 0, 4 };

  /* Asked before each copy; nothing to send ends the run. */
  connection_init (&connection, "unused");
  sw_send_scheduler_set_payload_func (connection.scheduler, payload_cb, &counter, NULL);
  sw_send_scheduler_set_times (connection.scheduler, 10);
  g_assert_true (sw_send_scheduler_start (connection.scheduler));
  sw_test_wait (is_inactive, connection.scheduler, 5000, "the run to end");
  g_assert_cmpuint (connection.sent->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *expected = g_strdup_printf ("#%u", i + 1);

      g_assert_cmpmem (g_bytes_get_data (connection.sent->pdata[i], NULL),
                       g_bytes_get_size (connection.sent->pdata[i]),
                       expected, 2);
    }

  connection_clear (&connection);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/send-scheduler/properties", test_properties);
  g_test_add_func ("/sw/send-scheduler/once", test_once);
  g_test_add_func ("/sw/send-scheduler/times", test_times);
  g_test_add_func ("/sw/send-scheduler/backpressure", test_backpressure);
  g_test_add_func ("/sw/send-scheduler/backpressure-large", test_backpressure_large);
  g_test_add_func ("/sw/send-scheduler/repeat", test_repeat);
  g_test_add_func ("/sw/send-scheduler/repeat-catch-up", test_repeat_catch_up);
  g_test_add_func ("/sw/send-scheduler/repeat-no-pile-up", test_repeat_no_pile_up);
  g_test_add_func ("/sw/send-scheduler/send-failure", test_send_failure);
  g_test_add_func ("/sw/send-scheduler/payload-func", test_payload_func);

  return g_test_run ();
}
