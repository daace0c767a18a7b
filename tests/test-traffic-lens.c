/* test-traffic-lens.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-framer.h"
#include "sw-traffic-lens.h"
#include "sw-test-util.h"

/* What a lens showed, as text: "abc\n|·closed|de(I)". */
typedef struct
{
  SwTrafficLog *log;
  GString      *text;
  GArray       *entries;
} Seen;

static void
seen_cb (const SwLensEntry *entry,
         gpointer           user_data)
{
  Seen *seen = user_data;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  SwTrafficRecord record;

  g_array_append_val (seen->entries, *entry);
  if (seen->text->len > 0)
    g_string_append_c (seen->text, '|');

  if (entry->kind == SW_LENS_ENTRY_GAP)
    {
      g_string_append_printf (seen->text, "gap %" G_GUINT64_FORMAT, entry->seq);
      return;
    }

  g_assert_cmpuint (entry->seq, <=, entry->end_seq);
  g_assert_true (sw_traffic_lens_read (seen->log, entry, G_MAXSIZE, bytes));
  g_assert_cmpuint (bytes->len, ==, entry->length);
  g_assert_true (sw_traffic_log_get_record (seen->log, entry->end_seq, &record));

  if (record.direction == SW_DIRECTION_EVENT)
    g_string_append (seen->text, "·");
  else if (entry->kind == SW_LENS_ENTRY_RECORD)
    g_string_append (seen->text, "[");
  if (record.direction == SW_DIRECTION_SENT)
    g_string_append (seen->text, "→");
  sw_test_append_escaped (seen->text, bytes->data, bytes->len);
  if (entry->kind == SW_LENS_ENTRY_RECORD && record.direction != SW_DIRECTION_EVENT)
    g_string_append (seen->text, "]");
  if (entry->flags & SW_FRAME_INCOMPLETE)
    g_string_append (seen->text, "(I)");
  if (entry->flags & SW_FRAME_TRUNCATED)
    g_string_append (seen->text, "(T)");
  if (entry->delimiter_length > 0)
    g_string_append_printf (seen->text, "(d%" G_GSIZE_FORMAT ")", entry->delimiter_length);
}

static void
seen_init (Seen         *seen,
           SwTrafficLog *log)
{
  seen->log = log;
  seen->text = g_string_new (NULL);
  seen->entries = g_array_new (FALSE, FALSE, sizeof (SwLensEntry));
}

static void
seen_clear (Seen *seen)
{
  g_string_free (seen->text, TRUE);
  g_array_unref (seen->entries);
}

static char *
seen_take (Seen *seen)
{
  char *text = g_strdup (seen->text->str);

  g_string_truncate (seen->text, 0);
  g_array_set_size (seen->entries, 0);

  return text;
}

/* Everything the lens shows of the log now, then its pending frames
 * after a "…". */
static char *
show (SwTrafficLens *lens,
      SwTrafficLog  *log)
{
  Seen seen;
  g_autofree char *done = NULL;
  g_autofree char *pending = NULL;

  seen_init (&seen, log);
  g_assert_true (sw_traffic_lens_advance (lens, 0, seen_cb, &seen));
  g_assert_true (sw_traffic_lens_is_caught_up (lens));
  done = seen_take (&seen);
  sw_traffic_lens_foreach_pending (lens, seen_cb, &seen);
  pending = seen_take (&seen);
  seen_clear (&seen);

  return *pending != '\0' ? g_strconcat (done, " … ", pending, NULL) : g_strdup (done);
}

static SwFraming *
delimiter_framing (const char *delimiter)
{
  SwFraming *framing = sw_framing_new ();

  sw_framing_set_mode (framing, SW_FRAMING_MODE_DELIMITER);
  sw_framing_set_delimiter (framing, delimiter);

  return framing;
}

static void
append_data (SwTrafficLog *log,
             guint         connection,
             SwDirection   direction,
             const char   *text)
{
  SwTrafficMeta meta = { direction, connection, NULL, SW_RECORD_FLAGS_NONE, SW_ENCODING_UTF8 };

  sw_traffic_log_append_full (log, &meta, (const guint8 *) text, strlen (text));
}

static guint
open_tcp (SwTrafficLog *log,
          const char   *name)
{
  return sw_traffic_log_open_connection (log, SW_TRANSPORT_TCP, FALSE, NULL, NULL, name);
}

/* Without framing, the lens shows the records as they are. */
static void
test_records (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficLens) lens = sw_traffic_lens_new (log);
  guint id = open_tcp (log, "127.0.0.1:7000");
  g_autofree char *text = NULL;

  append_data (log, id, SW_DIRECTION_RECEIVED, "AB\nC");
  sw_traffic_log_append_connection_event (log, id, SW_EVENT_KIND_INFO, "note");
  append_data (log, id, SW_DIRECTION_SENT, "x");
  g_assert_false (sw_traffic_lens_get_framed (lens));

  text = show (lens, log);
  g_assert_cmpstr (text, ==, "[AB\\nC]|·note|[→x]");
  g_assert_cmpuint (sw_traffic_lens_get_position (lens), ==, 3);
}

/* Frames cut by the delimiter whatever the chunks, one stream per
 * connection and direction; an event keeps its place and a frame comes
 * with the chunk it ends in. */
static void
test_delimiter_streams (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficLens) lens = sw_traffic_lens_new (log);
  g_autoptr(SwFraming) framing = delimiter_framing ("\\n");
  guint a = open_tcp (log, "127.0.0.1:1");
  guint b = open_tcp (log, "127.0.0.1:2");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (sw_traffic_lens_set_framing (lens, framing, &error));
  g_assert_no_error (error);
  g_assert_true (sw_traffic_lens_get_framed (lens));

  append_data (log, a, SW_DIRECTION_RECEIVED, "HEL");
  append_data (log, b, SW_DIRECTION_RECEIVED, "X\nY");
  append_data (log, a, SW_DIRECTION_SENT, "ping\n");
  sw_traffic_log_append_connection_event (log, 0, SW_EVENT_KIND_INFO, "note");
  append_data (log, a, SW_DIRECTION_RECEIVED, "LO\nW");
  append_data (log, a, SW_DIRECTION_RECEIVED, "ORLD\n\n");

  text = show (lens, log);
  g_assert_cmpstr (text, ==,
                   "X\\n(d1)|→ping\\n(d1)|·note|HELLO\\n(d1)|WORLD\\n(d1)|\\n(d1) … Y(I)");

  /* The frame under way completes as its bytes come. */
  g_clear_pointer (&text, g_free);
  append_data (log, b, SW_DIRECTION_RECEIVED, "Z\n");
  text = show (lens, log);
  g_assert_cmpstr (text, ==, "YZ\\n(d1)");
}

/* Where each frame's bytes are: in the records it spans. */
static void
test_entry_positions (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficLens) lens = sw_traffic_lens_new (log);
  g_autoptr(SwFraming) framing = delimiter_framing ("\\r\\n");
  guint a = open_tcp (log, "127.0.0.1:1");
  guint b = open_tcp (log, "127.0.0.1:2");
  Seen seen;
  const SwLensEntry *entry;

  g_assert_true (sw_traffic_lens_set_framing (lens, framing, NULL));
  append_data (log, a, SW_DIRECTION_RECEIVED, "ab\r");      /* seq 0 */
  append_data (log, b, SW_DIRECTION_RECEIVED, "zz");        /* seq 1 */
  append_data (log, a, SW_DIRECTION_RECEIVED, "\ncd\r\nef"); /* seq 2 */

  seen_init (&seen, log);
  sw_traffic_lens_advance (lens, 0, seen_cb, &seen);
  g_assert_cmpstr (seen.text->str, ==, "ab\\r\\n(d2)|cd\\r\\n(d2)");
  entry = &g_array_index (seen.entries, SwLensEntry, 0);
  g_assert_cmpuint (entry->seq, ==, 0);
  g_assert_cmpuint (entry->offset, ==, 0);
  g_assert_cmpuint (entry->end_seq, ==, 2);
  g_assert_cmpuint (entry->length, ==, 4);
  entry = &g_array_index (seen.entries, SwLensEntry, 1);
  g_assert_cmpuint (entry->seq, ==, 2);
  g_assert_cmpuint (entry->offset, ==, 1);
  g_assert_cmpuint (entry->end_seq, ==, 2);
  g_free (seen_take (&seen));

  sw_traffic_lens_foreach_pending (lens, seen_cb, &seen);
  g_assert_cmpstr (seen.text->str, ==, "zz(I)|ef(I)");
  g_assert_cmpuint (g_array_index (seen.entries, SwLensEntry, 1).seq, ==, 2);
  g_assert_cmpuint (g_array_index (seen.entries, SwLensEntry, 1).offset, ==, 5);

  /* Read in part, as a view reads what it shows. */
  {
    g_autoptr(GByteArray) bytes = g_byte_array_new ();
    SwLensEntry first = { 0, 2, 0, 4, 2, SW_LENS_ENTRY_FRAME, 0 };

    g_assert_true (sw_traffic_lens_read (log, &first, 3, bytes));
    g_assert_cmpmem (bytes->data, bytes->len, "ab\r", 3);
  }
  seen_clear (&seen);
}

/* The frames do not depend on where the chunks split the stream: every
 * split into three chunks, with another connection's frames between
 * them, gives the frames of the stream in one chunk. */
static void
test_every_split (void)
{
  static const char input[] = "GET /\r\nHost: x\r\n\r\n\rA\r\r\nlast";
  gsize length = strlen (input);
  g_autoptr(SwFraming) framing = delimiter_framing ("\\r\\n");
  g_autofree char *expected = NULL;

  sw_framing_set_max_frame_size (framing, 8);

  {
    g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
    g_autoptr(SwTrafficLens) lens = sw_traffic_lens_new (log);

    sw_traffic_lens_set_framing (lens, framing, NULL);
    append_data (log, open_tcp (log, "whole"), SW_DIRECTION_RECEIVED, input);
    expected = show (lens, log);
    /* Cut at the maximum, and a frame under way at the end. */
    g_assert_nonnull (strstr (expected, "(T)"));
    g_assert_true (g_str_has_suffix (expected, " … last(I)"));
  }

  for (gsize i = 0; i <= length; i++)
    for (gsize j = i; j <= length; j++)
      {
        g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
        g_autoptr(SwTrafficLens) lens = sw_traffic_lens_new (log);
        guint id = open_tcp (log, "split");
        guint other = open_tcp (log, "other");
        SwTrafficMeta meta = { SW_DIRECTION_RECEIVED, id, NULL, 0, 0 };
        g_autoptr(GString) ours = g_string_new (NULL);
        g_auto(GStrv) parts = NULL;
        g_autofree char *done = NULL;
        g_autofree char *pending = NULL;
        Seen seen;

        sw_traffic_lens_set_framing (lens, framing, NULL);
        sw_traffic_log_append_full (log, &meta, (const guint8 *) input, i);
        append_data (log, other, SW_DIRECTION_RECEIVED, "-\r\n");
        sw_traffic_log_append_full (log, &meta, (const guint8 *) input + i, j - i);
        append_data (log, other, SW_DIRECTION_SENT, "-\r\n");
        sw_traffic_log_append_full (log, &meta, (const guint8 *) input + j, length - j);

        /* Read a record per slice: slices make no difference either. */
        seen_init (&seen, log);
        while (!sw_traffic_lens_advance (lens, 1, seen_cb, &seen))
          ;
        done = seen_take (&seen);
        sw_traffic_lens_foreach_pending (lens, seen_cb, &seen);
        pending = seen_take (&seen);
        seen_clear (&seen);

        /* Without the other connection's frames. */
        parts = g_strsplit (done, "|", -1);
        for (guint k = 0; parts[k] != NULL; k++)
          if (!g_str_equal (parts[k], "-\\r\\n(d2)") && !g_str_equal (parts[k], "→-\\r\\n(d2)"))
            g_string_append_printf (ours, "%s%s", ours->len > 0 ? "|" : "", parts[k]);
        g_string_append_printf (ours, " … %s", pending);

        if (!g_str_equal (ours->str, expected))
          g_error ("split at %" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT ": %s", i, j, ours->str);
      }
}

/* A frame over the maximum is cut and marked; a connection that ends
 * leaves what it held as an incomplete frame, before the event. */
static void
test_truncated_and_closed (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficLens) lens = sw_traffic_lens_new (log);
  g_autoptr(SwFraming) framing = delimiter_framing ("\\n");
  guint id = open_tcp (log, "127.0.0.1:1");
  g_autofree char *text = NULL;

  sw_framing_set_max_frame_size (framing, 4);
  sw_traffic_lens_set_framing (lens, framing, NULL);
  append_data (log, id, SW_DIRECTION_RECEIVED, "ABCDEFG\nPAR");
  append_data (log, id, SW_DIRECTION_SENT, "Q");
  sw_traffic_log_append_connection_event (log, id, SW_EVENT_KIND_DISCONNECTED, "closed");
  append_data (log, id, SW_DIRECTION_RECEIVED, "end\n");

  text = show (lens, log);
  g_assert_cmpstr (text, ==, "ABCD(T)|EFG\\n(d1)|PAR(I)|→Q(I)|·closed|end\\n(d1)");
}

/* A datagram is a frame of its own, whatever the framing. */
static void
test_datagrams (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficLens) lens = sw_traffic_lens_new (log);
  g_autoptr(SwFraming) framing = delimiter_framing ("\\n");
  guint id = sw_traffic_log_open_connection (log, SW_TRANSPORT_UDP, FALSE, NULL, NULL, "127.0.0.1:9");
  g_autofree char *text = NULL;

  sw_traffic_lens_set_framing (lens, framing, NULL);
  append_data (log, id, SW_DIRECTION_RECEIVED, "a\nb");
  append_data (log, id, SW_DIRECTION_RECEIVED, "c");
  text = show (lens, log);
  g_assert_cmpstr (text, ==, "a\\nb|c");
}

/* Records that left the log unread are a gap; the streams start again. */
static void
test_gap (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficLens) lens = sw_traffic_lens_new (log);
  g_autoptr(SwFraming) framing = delimiter_framing ("\\n");
  guint id = open_tcp (log, "127.0.0.1:1");
  g_autofree char *text = NULL;
  g_autofree char *more = NULL;

  sw_traffic_lens_set_framing (lens, framing, NULL);
  append_data (log, id, SW_DIRECTION_RECEIVED, "one\ntw");
  g_free (show (lens, log));
  for (guint i = 0; i < 3; i++)
    append_data (log, id, SW_DIRECTION_RECEIVED, "xx");
  /* Room for the newest two records only. */
  sw_traffic_log_set_byte_cap (log, 2 * (2 + 80));
  append_data (log, id, SW_DIRECTION_RECEIVED, "o\n");
  g_assert_cmpuint (sw_traffic_log_get_first_seq (log), >, 1);
  text = show (lens, log);
  g_assert_true (g_str_has_prefix (text, "gap "));
  g_assert_true (g_str_has_suffix (text, "o\\n(d1)"));

  /* Rewound, it reads what is left from the start. */
  sw_traffic_lens_rewind (lens);
  more = show (lens, log);
  g_assert_cmpstr (more, ==, "xxo\\n(d1)");
}

/* Settings that do not validate show records as they are, and say why;
 * new settings read the log again from its start. */
static void
test_set_framing (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficLens) lens = sw_traffic_lens_new (log);
  g_autoptr(SwFraming) framing = delimiter_framing ("");
  guint id = open_tcp (log, "127.0.0.1:1");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  append_data (log, id, SW_DIRECTION_RECEIVED, "a;b;");
  g_assert_false (sw_traffic_lens_set_framing (lens, framing, &error));
  g_assert_error (error, SW_FRAMING_ERROR, SW_FRAMING_ERROR_DELIMITER);
  g_assert_false (sw_traffic_lens_get_framed (lens));
  text = show (lens, log);
  g_assert_cmpstr (text, ==, "[a;b;]");

  /* The lens keeps its own copy: a later change is not half applied. */
  sw_framing_set_delimiter (framing, ";");
  sw_framing_set_keep_delimiter (framing, FALSE);
  g_assert_true (sw_traffic_lens_set_framing (lens, framing, NULL));
  g_assert_false (sw_traffic_lens_get_keep_delimiter (lens));
  sw_framing_set_delimiter (framing, "b");
  g_clear_pointer (&text, g_free);
  text = show (lens, log);
  g_assert_cmpstr (text, ==, "a;(d1)|b;(d1)");

  g_assert_true (sw_traffic_lens_set_framing (lens, NULL, NULL));
  g_assert_false (sw_traffic_lens_get_framed (lens));
  g_clear_pointer (&text, g_free);
  text = show (lens, log);
  g_assert_cmpstr (text, ==, "[a;b;]");
}

/* Idle gap: a pause between chunks ends a frame, and so does the clock
 * once nothing more comes. */
static void
test_idle_gap (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficLens) lens = sw_traffic_lens_new (log);
  g_autoptr(SwFraming) framing = sw_framing_new ();
  guint id = open_tcp (log, "127.0.0.1:1");
  g_autofree char *text = NULL;
  SwTrafficRecord record;
  Seen seen;
  gint64 deadline;

  sw_framing_set_mode (framing, SW_FRAMING_MODE_IDLE_GAP);
  sw_framing_set_idle_gap_ms (framing, 20);
  sw_traffic_lens_set_framing (lens, framing, NULL);
  g_assert_cmpint (sw_traffic_lens_get_idle_deadline (lens), ==, -1);

  append_data (log, id, SW_DIRECTION_RECEIVED, "A");
  g_usleep (60 * 1000);
  append_data (log, id, SW_DIRECTION_RECEIVED, "B");
  text = show (lens, log);
  g_assert_cmpstr (text, ==, "A … B(I)");

  g_assert_true (sw_traffic_log_get_record (log, 1, &record));
  deadline = sw_traffic_lens_get_idle_deadline (lens);
  g_assert_cmpint (deadline, ==, record.monotonic_time + 20 * 1000);

  seen_init (&seen, log);
  g_assert_false (sw_traffic_lens_idle (lens, deadline - 1, seen_cb, &seen));
  g_assert_true (sw_traffic_lens_idle (lens, deadline, seen_cb, &seen));
  g_assert_cmpstr (seen.text->str, ==, "B");
  g_assert_cmpuint (g_array_index (seen.entries, SwLensEntry, 0).seq, ==, 1);
  g_assert_cmpint (sw_traffic_lens_get_idle_deadline (lens), ==, -1);
  seen_clear (&seen);
}

/* Records without a connection are one stream per peer. */
static void
test_peers (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficLens) lens = sw_traffic_lens_new (log);
  g_autoptr(SwFraming) framing = delimiter_framing ("\\n");
  g_autofree char *text = NULL;

  sw_traffic_lens_set_framing (lens, framing, NULL);
  sw_traffic_log_append (log, SW_DIRECTION_RECEIVED, "p1", (const guint8 *) "a", 1);
  sw_traffic_log_append (log, SW_DIRECTION_RECEIVED, "p2", (const guint8 *) "b\n", 2);
  sw_traffic_log_append (log, SW_DIRECTION_RECEIVED, "p1", (const guint8 *) "c\n", 2);
  text = show (lens, log);
  g_assert_cmpstr (text, ==, "b\\n(d1)|ac\\n(d1)");
}

static void
count_cb (const SwLensEntry *entry,
          gpointer           user_data)
{
  guint64 *counts = user_data;

  g_assert_cmpint (entry->kind, ==, SW_LENS_ENTRY_FRAME);
  counts[0]++;
  counts[1] += entry->length;
}

/* Re-splitting a big log, in slices with a deadline. */
static void
test_big_log (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTrafficLens) lens = sw_traffic_lens_new (log);
  g_autoptr(SwFraming) framing = delimiter_framing ("\\n");
  guint id = open_tcp (log, "127.0.0.1:1");
  g_autofree guint8 *chunk = g_malloc (64 * 1024);
  guint64 counts[2] = { 0, 0 };
  guint64 total = 0;
  guint slices = 0;
  gint64 start;

  /* 16 MiB of 64-byte lines in reads of about 64 KiB, so that a line now
   * and then straddles two reads. */
  for (guint i = 0; i < 64 * 1024; i++)
    chunk[i] = i % 64 == 63 ? '\n' : 'a' + i % 26;
  for (guint i = 0; i < 256; i++)
    {
      SwTrafficMeta meta = { SW_DIRECTION_RECEIVED, id, NULL, 0, 0 };
      gsize cut = i % 3;

      sw_traffic_log_append_full (log, &meta, chunk + cut, 64 * 1024 - cut);
      total += 64 * 1024 - cut;
    }

  sw_traffic_lens_set_framing (lens, framing, NULL);
  start = g_get_monotonic_time ();
  do
    slices++;
  while (!sw_traffic_lens_advance (lens, g_get_monotonic_time () + 2000, count_cb, counts));
  g_test_message ("16 MiB re-split in %.1f ms, %u slices, %" G_GUINT64_FORMAT " frames",
                  (g_get_monotonic_time () - start) / 1000.0, slices, counts[0]);

  /* Every byte is in a frame, or in the one under way. */
  sw_traffic_lens_foreach_pending (lens, count_cb, counts);
  g_assert_cmpuint (counts[1], ==, total);
  g_assert_cmpuint (counts[0], >=, total / 64);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/traffic-lens/records", test_records);
  g_test_add_func ("/sw/traffic-lens/delimiter-streams", test_delimiter_streams);
  g_test_add_func ("/sw/traffic-lens/entry-positions", test_entry_positions);
  g_test_add_func ("/sw/traffic-lens/every-split", test_every_split);
  g_test_add_func ("/sw/traffic-lens/truncated-and-closed", test_truncated_and_closed);
  g_test_add_func ("/sw/traffic-lens/datagrams", test_datagrams);
  g_test_add_func ("/sw/traffic-lens/gap", test_gap);
  g_test_add_func ("/sw/traffic-lens/set-framing", test_set_framing);
  g_test_add_func ("/sw/traffic-lens/idle-gap", test_idle_gap);
  g_test_add_func ("/sw/traffic-lens/peers", test_peers);
  g_test_add_func ("/sw/traffic-lens/big-log", test_big_log);

  return g_test_run ();
}
