/* test-faults.c: the engine under faults (issue #15)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Churn, resets in the middle of transfers, connections reset before they
 * were accepted, running out of file descriptors and a UDP flood: what
 * used to be probed once by hand, run on every submission. The counts of
 * open descriptors and of resident memory are read from /proc (Linux).
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gio/gnetworking.h>
#include <sys/resource.h>
#include <unistd.h>

#include "sw-relay.h"
#include "sw-tcp-client.h"
#include "sw-tcp-server.h"
#include "sw-test-util.h"
#include "sw-udp-peer.h"

#define TIMEOUT_MS 30000
#define CHURN_CYCLES 10000
/* Past the warm-up, churning may grow the resident set by this much: two
 * 1 MiB blocks of the (capped) log can be alive at once, and malloc keeps
 * some slack; a leak of even 100 bytes a cycle would be 1 MiB more. */
#define CHURN_RSS_GROWTH (3 * 1024 * 1024)
#define BIG_TRANSFER (16 * 1024 * 1024)

/* AddressSanitizer keeps freed memory in quarantine on purpose, so the
 * resident set says nothing about leaks there (LeakSanitizer does). */
#if defined(__SANITIZE_ADDRESS__)
# define UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define UNDER_ASAN 1
# endif
#endif
#ifndef UNDER_ASAN
# define UNDER_ASAN 0
#endif

/* What a server did, as its signals said. */
typedef struct
{
  SwTcpServer *server;
  guint        connected;
  guint        disconnected;
  /* What a wait waits for: *counted to reach wanted. */
  const guint *counted;
  guint        wanted;
} Tally;

static void
client_connected_cb (SwEngine     *server,
                     SwConnection *client,
                     Tally        *tally)
{
  tally->connected++;
}

static void
client_disconnected_cb (SwEngine     *server,
                        SwConnection *client,
                        Tally        *tally)
{
  tally->disconnected++;
}

static SwTcpServer *
tallied_server (Tally *tally)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  SwTcpServer *server = sw_tcp_server_new (NULL);

  g_assert_true (sw_tcp_server_listen (server, loopback, 0, &error));
  g_assert_no_error (error);

  memset (tally, 0, sizeof *tally);
  tally->server = server;
  g_signal_connect (server, "connection-opened", G_CALLBACK (client_connected_cb), tally);
  g_signal_connect (server, "connection-closed", G_CALLBACK (client_disconnected_cb), tally);

  return server;
}

static gboolean
tally_reached (gpointer data)
{
  Tally *tally = data;

  return *tally->counted >= tally->wanted;
}

static guint
n_clients (SwTcpServer *server)
{
  return g_list_model_get_n_items (sw_tcp_server_get_clients (server));
}

static gboolean
has_no_clients (gpointer data)
{
  return n_clients (data) == 0;
}

static void
wait_tally (Tally       *tally,
            const guint *counted,
            guint        n,
            const char  *what)
{
  g_autofree char *message = g_strdup_printf ("%u clients %s", n, what);

  tally->counted = counted;
  tally->wanted = n;
  sw_test_wait (tally_reached, tally, TIMEOUT_MS, message);
}

#define wait_connected(tally, n) wait_tally ((tally), &(tally)->connected, (n), "accepted")
#define wait_disconnected(tally, n) wait_tally ((tally), &(tally)->disconnected, (n), "gone")

/* A blocking connect: the kernel completes it from the listener's backlog
 * whether or not the server has accepted yet. */
static GSocket *
connect_to (guint16 port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GError) error = NULL;
  GSocket *socket;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_connect (socket, address, NULL, &error));
  g_assert_no_error (error);

  return socket;
}

/* Closes with a RST instead of a FIN: SO_LINGER with a zero timeout. */
static void
reset_socket (GSocket *socket)
{
  struct linger linger = { 1, 0 };

  g_assert_cmpint (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER,
                               &linger, sizeof linger), ==, 0);
  g_assert_true (g_socket_close (socket, NULL));
}

static guint
count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  /* Not the one reading the directory. */
  return n - 1;
}

static gsize
resident_bytes (void)
{
  g_autofree char *statm = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL));
  fields = g_strsplit (statm, " ", -1);

  return g_ascii_strtoull (fields[1], NULL, 10) * sysconf (_SC_PAGESIZE);
}

/* How many events of @log contain @needle. */
static guint
count_events (SwTrafficLog *log,
              const char   *needle)
{
  g_autofree char *events = sw_test_log_events (log);
  g_auto(GStrv) lines = g_strsplit (events, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += strstr (lines[i], needle) != NULL;

  return n;
}

/* The newest event of @log (the data around may be trimmed). */
static char *
last_event (SwTrafficLog *log)
{
  for (guint64 seq = sw_traffic_log_get_end_seq (log); seq > sw_traffic_log_get_first_seq (log); seq--)
    {
      SwTrafficRecord record;

      g_assert_true (sw_traffic_log_get_record (log, seq - 1, &record));
      if (record.direction == SW_DIRECTION_EVENT)
        return g_strndup ((const char *) record.data, record.length);
    }

  g_assert_not_reached ();
}

static void
assert_reset_told (SwTrafficLog *log)
{
  g_autofree char *event = last_event (log);

  g_assert_true (g_str_has_prefix (event, "The connection was reset by 127.0.0.1:"));
}

/* The @i-th client of a churn leaves: closing normally, with a reset or
 * after shutting down first, in turn. */
static void
churn_leave (GSocket *socket,
             guint    i)
{
  switch (i % 3)
    {
    case 0:
      g_assert_true (g_socket_close (socket, NULL));
      break;

    case 1:
      reset_socket (socket);
      break;

    case 2:
    default:
      g_assert_true (g_socket_shutdown (socket, TRUE, TRUE, NULL));
      g_assert_true (g_socket_close (socket, NULL));
      break;
    }
}

/* What the process holds: descriptors and resident memory. */
typedef struct
{
  guint fds;
  gsize rss;
} Footprint;

/* Taken after a warm-up, when buffers, the poller and the log's blocks
 * exist. */
static void
footprint_take_at (Footprint *footprint,
                   guint      cycle)
{
  if (cycle != CHURN_CYCLES / 10)
    return;

  footprint->fds = count_open_fds ();
  footprint->rss = resident_bytes ();
}

/* The descriptors back to where they were, and memory flat. */
static void
footprint_assert_flat (const Footprint *before,
                       const char      *what)
{
  g_test_message ("%u cycles%s: %u descriptors open before and %u after; resident %zu KiB, then %zu KiB",
                  CHURN_CYCLES, what, before->fds, count_open_fds (),
                  before->rss / 1024, resident_bytes () / 1024);
  g_assert_cmpuint (count_open_fds (), ==, before->fds);
  if (!UNDER_ASAN)
    g_assert_cmpuint (resident_bytes (), <=, before->rss + CHURN_RSS_GROWTH);
}

/* Connect, disconnect: 10,000 times, closing normally, with a reset
 * and after shutting down first. The server's descriptors and client list
 * come back to where they were, and memory stays flat. */
static void
test_churn (void)
{
  Tally tally;
  g_autoptr(SwTcpServer) server = tallied_server (&tally);
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (server));
  guint16 port = sw_tcp_server_get_port (server);
  Footprint before = { 0 };

  /* Events stay in the log: a small cap keeps them from looking like a
   * leak (the cap itself is tested with the log). */
  sw_traffic_log_set_byte_cap (log, 256 * 1024);

  for (guint i = 0; i < CHURN_CYCLES; i++)
    {
      g_autoptr(GSocket) socket = NULL;

      footprint_take_at (&before, i);
      socket = connect_to (port);
      wait_connected (&tally, i + 1);

      churn_leave (socket, i);

      wait_disconnected (&tally, i + 1);
    }

  sw_test_wait (has_no_clients, server, TIMEOUT_MS, "an empty client list");
  footprint_assert_flat (&before, "");

  /* The reason of each reset is in the log. */
  g_assert_cmpuint (count_events (log, "The connection was reset by 127.0.0.1:"), >, 0);
  g_assert_cmpuint (tally.connected, ==, CHURN_CYCLES);

  sw_tcp_server_stop (server, TRUE);
  g_assert_finalize_object (g_steal_pointer (&server));
}

typedef struct
{
  SwTrafficLog *log;
  const char   *needle;
  guint         n;
} EventCount;

static gboolean
has_event_count (gpointer data)
{
  EventCount *count = data;

  return count_events (count->log, count->needle) >= count->n;
}

static void
wait_events (SwTrafficLog *log,
             const char   *needle,
             guint         n)
{
  EventCount count = { log, needle, n };

  sw_test_wait (has_event_count, &count, TIMEOUT_MS, needle);
}

/* Connections reset while they waited in the backlog are counted, and a
 * burst of them is one event, not silence. */
static void
test_reset_before_accept (void)
{
  Tally tally;
  g_autoptr(SwTcpServer) server = tallied_server (&tally);
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (server));
  guint16 port = sw_tcp_server_get_port (server);

  /* The main loop does not run: nobody accepts them before the reset. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GSocket) socket = connect_to (port);

      reset_socket (socket);
    }

  wait_events (log, "3 connections reset before they were accepted", 1);
  sw_test_run_for (700);
  g_assert_cmpuint (count_events (log, "reset before"), ==, 1);
  g_assert_cmpuint (tally.connected, ==, 0);
  g_assert_cmpuint (n_clients (server), ==, 0);

  /* A second burst, with a client that stays among them. */
  {
    g_autoptr(GSocket) stays = connect_to (port);

    for (guint i = 0; i < 50; i++)
      {
        g_autoptr(GSocket) socket = connect_to (port);

        reset_socket (socket);
      }
    wait_events (log, "50 connections reset before they were accepted", 1);
    g_assert_cmpuint (count_events (log, "reset before"), ==, 2);
    g_assert_cmpuint (tally.connected, ==, 1);
  }

  /* One alone is said in the singular. */
  {
    g_autoptr(GSocket) socket = connect_to (port);

    reset_socket (socket);
    wait_events (log, "1 connection reset before it was accepted", 1);
  }

  sw_tcp_server_stop (server, TRUE);
  g_assert_finalize_object (g_steal_pointer (&server));
}

/* Writes into @socket, without blocking, until it takes no more. */
static gsize
fill_socket (GSocket *socket)
{
  g_autofree char *chunk = g_malloc0 (64 * 1024);
  gsize total = 0;

  g_socket_set_blocking (socket, FALSE);
  for (;;)
    {
      gssize n = g_socket_send (socket, chunk, 64 * 1024, NULL, NULL);

      if (n <= 0)
        break;
      total += n;
    }

  return total;
}

/* A new reference to the one client connected. */
static SwConnection *
only_client (SwTcpServer *server)
{
  g_assert_cmpuint (n_clients (server), ==, 1);

  return g_list_model_get_item (sw_tcp_server_get_clients (server), 0);
}

static gboolean
server_has_clients (gpointer data)
{
  return n_clients (data) > 0;
}

/* A client resets while the server reads (echoing everything) or while
 * the server sends to all: the server neither hangs nor keeps anything
 * queued, and says why the client went. */
static void
test_server_reset_mid_transfer (gconstpointer data)
{
  gboolean server_sending = GPOINTER_TO_INT (data);
  Tally tally;
  g_autoptr(SwTcpServer) server = tallied_server (&tally);
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (server));
  g_autoptr(SwConnection) client = NULL;
  g_autoptr(GSocket) socket = NULL;

  for (guint round = 0; round < 20; round++)
    {
      socket = connect_to (sw_tcp_server_get_port (server));
      sw_test_wait (server_has_clients, server, TIMEOUT_MS, "the client");
      client = only_client (server);

      if (server_sending)
        {
          g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (BIG_TRANSFER), BIG_TRANSFER);

          /* The client reads nothing: most of it stays queued. */
          g_assert_cmpuint (sw_tcp_server_send_to_all (server, big), ==, 1);
          sw_test_run_for (20);
          g_assert_cmpuint (sw_connection_get_pending_bytes (client), >, 0);
        }
      else
        {
          /* The server echoes into a client that reads nothing, so both
           * directions are full when it resets. */
          sw_tcp_server_set_echo (server, TRUE);
          g_assert_cmpuint (fill_socket (socket), >, 0);
          sw_test_run_for (20);
          fill_socket (socket);
        }

      reset_socket (socket);
      g_clear_object (&socket);
      wait_disconnected (&tally, round + 1);

      g_assert_cmpint (sw_connection_get_state (client), ==, SW_CONNECTION_STATE_DISCONNECTED);
      g_assert_cmpuint (sw_connection_get_pending_bytes (client), ==, 0);
      assert_reset_told (log);
      g_clear_object (&client);
      sw_test_wait (has_no_clients, server, TIMEOUT_MS, "an empty client list");
    }

  sw_tcp_server_stop (server, TRUE);
  g_assert_finalize_object (g_steal_pointer (&server));
}

static gboolean
is_disconnected (gpointer data)
{
  return sw_engine_get_state (data) == SW_CONNECTION_STATE_DISCONNECTED;
}

/* The server resets while the client receives, or while it sends. */
static void
test_client_reset_mid_transfer (gconstpointer data)
{
  gboolean client_sending = GPOINTER_TO_INT (data);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;

  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (listener, any_port, TRUE, &error));
  g_assert_true (g_socket_listen (listener, &error));
  address = g_socket_get_local_address (listener, &error);
  g_assert_no_error (error);

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(SwTcpClient) client = sw_tcp_client_new (NULL);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GSocket) peer = NULL;

      sw_tcp_client_connect_async (client, G_SOCKET_CONNECTABLE (address), NULL,
                                   sw_test_store_result, &result);
      sw_test_wait_result (&result, TIMEOUT_MS, "the connection");
      g_assert_true (sw_tcp_client_connect_finish (client, result, &error));
      g_assert_no_error (error);
      /* The task holds the client. */
      g_clear_object (&result);
      peer = g_socket_accept (listener, NULL, &error);
      g_assert_no_error (error);

      if (client_sending)
        {
          g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (BIG_TRANSFER), BIG_TRANSFER);

          /* The server reads nothing: most of it stays queued. */
          g_assert_true (sw_engine_send (SW_ENGINE (client), NULL, big, &error));
          sw_test_run_for (20);
          g_assert_cmpuint (sw_engine_get_pending_bytes (SW_ENGINE (client)), >, 0);
        }
      else
        {
          g_assert_cmpuint (fill_socket (peer), >, 0);
          sw_test_run_for (20);
          fill_socket (peer);
        }

      reset_socket (peer);
      sw_test_wait (is_disconnected, client, TIMEOUT_MS, "the client to notice the reset");

      g_assert_cmpuint (sw_engine_get_pending_bytes (SW_ENGINE (client)), ==, 0);
      assert_reset_told (sw_engine_get_log (SW_ENGINE (client)));
      g_assert_finalize_object (g_steal_pointer (&client));
    }
}

/* How many times a relay said it reached the upstream ("Relaying a to
 * b"), read on from where the last look stopped. */
typedef struct
{
  SwTrafficLog *log;
  guint64       next_seq;
  guint         n;
  guint         wanted;
} Relayed;

static gboolean
relayed_reached (gpointer data)
{
  Relayed *relayed = data;
  guint64 end = sw_traffic_log_get_end_seq (relayed->log);

  for (guint64 seq = MAX (relayed->next_seq, sw_traffic_log_get_first_seq (relayed->log)); seq < end; seq++)
    {
      SwTrafficRecord record;

      g_assert_true (sw_traffic_log_get_record (relayed->log, seq, &record));
      if (record.direction == SW_DIRECTION_EVENT && record.event_kind == SW_EVENT_KIND_CONNECTED &&
          record.length > 9 && memcmp (record.data, "Relaying ", 9) == 0)
        relayed->n++;
    }
  relayed->next_seq = end;

  return relayed->n >= relayed->wanted;
}

static void
wait_relayed (Relayed *relayed,
              guint    n)
{
  relayed->wanted = n;
  sw_test_wait (relayed_reached, relayed, TIMEOUT_MS, "the relay to reach the upstream");
}

static gboolean
model_is_empty (gpointer data)
{
  return g_list_model_get_n_items (data) == 0;
}

/* The churn again, through a relay: each client connects to the relay,
 * which connects to the upstream server for it, then leaves (closing,
 * resetting, shutting down first), and the relay drops both sides. Its
 * connection list and descriptors come back to where they were, memory
 * stays flat, and the upstream saw every connection come and go. */
static void
test_relay_churn (void)
{
  Tally upstream_tally;
  Tally relay_tally = { NULL };
  g_autoptr(SwTcpServer) upstream = tallied_server (&upstream_tally);
  /* One log for both, capped as the churn's: the bound on memory is its. */
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (upstream));
  g_autoptr(SwRelay) relay = sw_test_relay_new_started_full (log, SW_TRANSPORT_TCP,
                                                             sw_tcp_server_get_port (upstream));
  Relayed relayed = { log, 0, 0, 0 };
  guint16 port = sw_relay_get_port (relay);
  Footprint before = { 0 };

  sw_traffic_log_set_byte_cap (log, 256 * 1024);
  g_signal_connect (relay, "connection-opened", G_CALLBACK (client_connected_cb), &relay_tally);
  g_signal_connect (relay, "connection-closed", G_CALLBACK (client_disconnected_cb), &relay_tally);

  for (guint i = 0; i < CHURN_CYCLES; i++)
    {
      g_autoptr(GSocket) socket = NULL;

      footprint_take_at (&before, i);
      socket = connect_to (port);
      wait_connected (&relay_tally, i + 1);
      /* The relay has its upstream connection, and the upstream its client. */
      wait_relayed (&relayed, i + 1);
      wait_connected (&upstream_tally, i + 1);

      churn_leave (socket, i);

      /* Both sides dropped. */
      wait_disconnected (&relay_tally, i + 1);
      wait_disconnected (&upstream_tally, i + 1);
    }

  sw_test_wait (model_is_empty, sw_relay_get_connections (relay), TIMEOUT_MS,
                "an empty connection list");
  sw_test_wait (has_no_clients, upstream, TIMEOUT_MS, "the upstream's empty client list");
  footprint_assert_flat (&before, " through the relay");

  /* Each reset passed on as one, and the upstream saw every client. */
  g_assert_cmpuint (count_events (log, "the upstream side is reset too"), >, 0);
  g_assert_cmpuint (relay_tally.connected, ==, CHURN_CYCLES);
  g_assert_cmpuint (relayed.n, ==, CHURN_CYCLES);
  g_assert_cmpuint (upstream_tally.connected, ==, CHURN_CYCLES);
  g_assert_cmpuint (upstream_tally.disconnected, ==, CHURN_CYCLES);

  sw_relay_stop (relay);
  g_assert_finalize_object (g_steal_pointer (&relay));
  sw_tcp_server_stop (upstream, TRUE);
  g_assert_finalize_object (g_steal_pointer (&upstream));
}

/* A flood of datagrams into a log capped at 64 KiB: the log trims, the
 * counters stay exact, and memory does not follow the bytes received. */
static void
test_udp_flood_bounded (void)
{
  g_autoptr(SwUdpPeer) peer = sw_udp_peer_new (NULL);
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (peer));
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwTestPeer) flooder = NULL;
  g_autofree char *port = NULL;
  g_autofree char *sent = NULL;
  SwTrafficTotals totals;
  gsize rss_before;
  guint64 received = 0;
  guint quiet = 0;

  sw_traffic_log_set_byte_cap (log, 64 * 1024);
  g_assert_true (sw_udp_peer_bind (peer, loopback, 0, &error));
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", sw_udp_peer_get_local_port (peer));
  rss_before = resident_bytes ();

  flooder = sw_test_peer_new ("udp_peer.py", "flood", "127.0.0.1", port, "100000", NULL);
  sent = sw_test_peer_expect (flooder, "^SENT (.*)$", 120000);
  g_assert_cmpstr (sent, ==, "100000 BYTES 140000000");

  /* Until nothing more comes (UDP may drop some under a flood). */
  while (quiet < 5)
    {
      sw_test_run_for (50);
      sw_traffic_log_get_totals (log, &totals);
      quiet = totals.bytes_received == received ? quiet + 1 : 0;
      received = totals.bytes_received;
    }

  g_test_message ("%" G_GUINT64_FORMAT " of 100,000 datagrams received, %" G_GUINT64_FORMAT
                  " B held; resident %zu KiB before, %zu KiB after",
                  totals.records_received, sw_traffic_log_get_bytes_held (log),
                  rss_before / 1024, resident_bytes () / 1024);
  g_assert_cmpuint (totals.records_received, >, 1000);
  g_assert_cmpuint (totals.bytes_received, ==, totals.records_received * 1400);
  g_assert_cmpuint (sw_traffic_log_get_bytes_held (log), <=, 64 * 1024);
  g_assert_cmpuint (totals.records_trimmed, ==,
                    totals.records_received + totals.events - sw_traffic_log_get_n_records (log));
  if (!UNDER_ASAN)
    g_assert_cmpuint (resident_bytes (), <=, rss_before + 8 * 1024 * 1024);
}

/* Running out of file descriptors
 *
 * In a subprocess whose soft limit is lowered to 256 (the hard one stays,
 * so the peer can have its 400 connections), a server is connected to by
 * 400 clients. It takes what it can, says so once, keeps descriptors for
 * the rest of the program when it knows the limit, and takes the others
 * as clients leave. */

#define FD_LIMIT 256
#define FD_RESERVE 32
#define FD_CLIENTS 400

static void
lower_fd_limit (rlim_t soft)
{
  struct rlimit limit;

  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &limit), ==, 0);
  g_assert_cmpuint (limit.rlim_max, >, FD_CLIENTS + 64);
  limit.rlim_cur = soft;
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &limit), ==, 0);
}

static gboolean
has_no_error (gpointer data)
{
  return sw_engine_get_last_error (data) == NULL;
}

static void
peer_command (SwTestPeer *peer,
              const char *command,
              const char *expected)
{
  g_autofree char *line = NULL;

  sw_test_peer_write (peer, command, strlen (command));
  line = sw_test_peer_expect (peer, "^CLOSED .*$", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, expected);
}

static void
run_at_fd_limit (gboolean limit_known)
{
  Tally tally;
  g_autoptr(SwTcpServer) server = NULL;
  SwTrafficLog *log;
  g_autoptr(SwTestPeer) peer = NULL;
  g_autofree char *port = NULL;
  g_autofree char *line = NULL;
  const char *event = limit_known
    ? "Open-file limit reached (256): new clients wait until one disconnects"
    : "Open-file limit reached: new clients wait until one disconnects";
  guint first_batch;

  lower_fd_limit (FD_LIMIT);
  if (limit_known)
    sw_tcp_server_set_open_file_limit (FD_LIMIT, FD_RESERVE);

  server = tallied_server (&tally);
  log = sw_engine_get_log (SW_ENGINE (server));
  port = g_strdup_printf ("%u", sw_tcp_server_get_port (server));
  peer = sw_test_peer_new ("many_clients.py", "hold", "127.0.0.1", port,
                           "--count", G_STRINGIFY (FD_CLIENTS), NULL);
  line = sw_test_peer_expect (peer, "^CONNECTED .*$", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, "CONNECTED " G_STRINGIFY (FD_CLIENTS));

  /* It takes what it can and says so, once, however long they wait
   * (it looks for a free descriptor every second meanwhile). */
  wait_events (log, event, 1);
  sw_test_run_for (2500);
  first_batch = tally.connected;
  g_test_message ("%u of %u clients accepted under a limit of %u", first_batch, FD_CLIENTS, FD_LIMIT);
  g_assert_cmpuint (first_batch, >, 100);
  g_assert_cmpuint (first_batch, <, FD_CLIENTS);
  g_assert_cmpuint (count_events (log, event), ==, 1);
  g_assert_cmpuint (count_events (log, "Open-file limit"), ==, 1);
  g_assert_cmpstr (sw_engine_get_last_error (SW_ENGINE (server))->message, ==, event);

  /* The rest of the program can still open files: fonts, dialogs. */
  if (limit_known)
    {
      int fds[FD_RESERVE - 2];

      for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
        {
          fds[i] = g_open ("/dev/null", O_RDONLY, 0);
          g_assert_cmpint (fds[i], >=, 0);
        }
      for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
        g_close (fds[i], NULL);
    }

  /* 50 leave: as many of those waiting come in. */
  peer_command (peer, "close 50\n", "CLOSED 50");
  wait_disconnected (&tally, 50);
  wait_connected (&tally, first_batch + 50);
  sw_test_run_for (200);
  g_assert_cmpuint (tally.connected, ==, first_batch + 50);
  g_assert_cmpuint (count_events (log, "Open-file limit"), ==, 1);

  /* All leave: everyone was accepted in the end, and the limit is past. */
  peer_command (peer, "close 350\n", "CLOSED 350");
  wait_connected (&tally, FD_CLIENTS);
  wait_disconnected (&tally, FD_CLIENTS);
  sw_test_wait (has_no_clients, server, TIMEOUT_MS, "an empty client list");
  /* Once it found nobody waiting any more. */
  sw_test_wait (has_no_error, server, TIMEOUT_MS, "the limit to be past");
  g_assert_cmpuint (count_events (log, "Open-file limit"), ==, 1);

  sw_test_peer_close_stdin (peer);
  g_assert_cmpint (sw_test_peer_wait_exit (peer, TIMEOUT_MS), ==, 0);
  sw_tcp_server_stop (server, TRUE);
  g_assert_finalize_object (g_steal_pointer (&server));
}

static void
test_fd_limit (gconstpointer data)
{
  gboolean limit_known = GPOINTER_TO_INT (data);

  if (g_test_subprocess ())
    {
      run_at_fd_limit (limit_known);
      return;
    }

  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/faults/churn", test_churn);
  g_test_add_func ("/sw/faults/relay-churn", test_relay_churn);
  g_test_add_func ("/sw/faults/reset-before-accept", test_reset_before_accept);
  g_test_add_data_func ("/sw/faults/server-reset-while-echoing", GINT_TO_POINTER (FALSE),
                        test_server_reset_mid_transfer);
  g_test_add_data_func ("/sw/faults/server-reset-while-sending-to-all", GINT_TO_POINTER (TRUE),
                        test_server_reset_mid_transfer);
  g_test_add_data_func ("/sw/faults/client-reset-while-receiving", GINT_TO_POINTER (FALSE),
                        test_client_reset_mid_transfer);
  g_test_add_data_func ("/sw/faults/client-reset-while-sending", GINT_TO_POINTER (TRUE),
                        test_client_reset_mid_transfer);
  g_test_add_func ("/sw/faults/udp-flood-bounded", test_udp_flood_bounded);
  g_test_add_data_func ("/sw/faults/fd-limit-known", GINT_TO_POINTER (TRUE), test_fd_limit);
  g_test_add_data_func ("/sw/faults/fd-limit-unknown", GINT_TO_POINTER (FALSE), test_fd_limit);

  return g_test_run ();
}
