/* test-faults.c: the engine under faults (issue #15)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Running out of file descriptors: what used to be probed once by hand,
 * run on every submission.
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sys/resource.h>

#include "sw-tcp-server.h"
#include "sw-test-util.h"

#define TIMEOUT_MS 30000

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
client_connected_cb (SwTcpServer       *server,
                     SwTcpServerClient *client,
                     Tally             *tally)
{
  tally->connected++;
}

static void
client_disconnected_cb (SwTcpServer       *server,
                        SwTcpServerClient *client,
                        Tally             *tally)
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
  g_signal_connect (server, "client-connected", G_CALLBACK (client_connected_cb), tally);
  g_signal_connect (server, "client-disconnected", G_CALLBACK (client_disconnected_cb), tally);

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
  log = sw_tcp_server_get_log (server);
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
  g_assert_cmpstr (sw_tcp_server_get_last_error (server)->message, ==, event);

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
  g_assert_null (sw_tcp_server_get_last_error (server));
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

  g_test_add_data_func ("/sw/faults/fd-limit-known", GINT_TO_POINTER (TRUE), test_fd_limit);
  g_test_add_data_func ("/sw/faults/fd-limit-unknown", GINT_TO_POINTER (FALSE), test_fd_limit);

  return g_test_run ();
}
