/* test-files.c: sending a file, capturing to a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#ifdef G_OS_UNIX
# include <signal.h>
# include <sys/resource.h>
#endif

#include "sw-capture-private.h"
#include "sw-core-enums.h"
#include "sw-file-sender.h"
#include "sw-tcp-client.h"
#include "sw-tcp-server.h"
#include "sw-test-util.h"
#include "sw-udp-peer.h"

#define TIMEOUT_MS 60000
#define MIB (1024 * 1024)

/* Helpers */

/* Each test gets a folder of its own, removed after it. */
typedef struct
{
  char *dir;
} Tmp;

static void
tmp_setup (Tmp           *tmp,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  tmp->dir = g_dir_make_tmp ("sw-files-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
tmp_teardown (Tmp           *tmp,
              gconstpointer  data)
{
  sw_test_remove_dir (tmp->dir);
  g_free (tmp->dir);
}

static char *
tmp_path (Tmp        *tmp,
          const char *name)
{
  return g_build_filename (tmp->dir, name, NULL);
}

/* A file of @size bytes of noise; returns its path, and in @sha256 the
 * hex digest of its contents. */
static char *
make_file (Tmp         *tmp,
           const char  *name,
           gsize        size,
           char       **sha256)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (size);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *data = g_malloc (MAX (size, 1));
  char *path = tmp_path (tmp, name);

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int (rand) >> 24;

  g_file_set_contents (path, (const char *) data, size, &error);
  g_assert_no_error (error);
  if (sha256 != NULL)
    *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);

  return path;
}

static char *
file_sha256 (const char *path,
             gsize      *size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  if (size != NULL)
    *size = length;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

static void
connect_client (SwTcpClient *client,
                guint16      port)
{
  g_autoptr(GSocketConnectable) address = g_network_address_new ("127.0.0.1", port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sw_tcp_client_connect_async (client, address, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the connection");
  g_assert_true (sw_tcp_client_connect_finish (client, result, &error));
  g_assert_no_error (error);
}

static SwTcpClient *
connected_client (guint16 port)
{
  SwTcpClient *client = sw_tcp_client_new (NULL);

  connect_client (client, port);

  return client;
}

static void
opened_cb (SwEngine     *engine,
           SwConnection *connection,
           GPtrArray    *opened)
{
  g_ptr_array_add (opened, g_object_ref (connection));
}

/* A server on 127.0.0.1 whose clients, as they come, go to @opened. */
static SwTcpServer *
listening_server (GPtrArray *opened)
{
  SwTcpServer *server = sw_tcp_server_new (NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;

  g_assert_true (sw_tcp_server_listen (server, loopback, 0, &error));
  g_assert_no_error (error);
  g_signal_connect (server, "connection-opened", G_CALLBACK (opened_cb), opened);

  return server;
}

/* A stream_peer.py client of @server in @mode, and which of the
 * server's connections it is, in @connection. A source (of @size bytes)
 * waits a second after connecting: time to start capturing. */
static SwTestPeer *
server_peer (SwTcpServer   *server,
             GPtrArray     *opened,
             const char    *mode,
             const char    *size,
             SwConnection **connection)
{
  g_autofree char *port = g_strdup_printf ("%u", sw_tcp_server_get_port (server));
  const char *argv[] = { "stream_peer.py", mode, "127.0.0.1", port, size, "--delay", "1", NULL };
  SwTestPeer *peer = sw_test_peer_newv (argv);
  guint16 local_port = sw_test_peer_expect_port (peer, "^LOCAL (\\d+)");

  for (guint i = 0;; i++)
    {
      SwConnection *client;

      sw_test_wait_length (opened, i + 1, TIMEOUT_MS, "the client");
      client = g_ptr_array_index (opened, i);
      if (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (sw_connection_get_remote_address (client))) == local_port)
        {
          *connection = client;
          return peer;
        }
    }
}

/* "<sha256> BYTES <size>" of the file at @path, as the peers say it. */
static char *
file_digest (const char *path)
{
  gsize size = 0;
  g_autofree char *sha256 = file_sha256 (path, &size);

  return g_strdup_printf ("%s BYTES %" G_GSIZE_FORMAT, sha256, size);
}

static SwFileSender *
new_sender (gpointer    engine,
            const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return sw_file_sender_new (SW_ENGINE (engine), file);
}

/* Sends @path through @sender's engine and waits for the end; returns
 * what start_finish() said. */
static gboolean
run_sender (SwFileSender  *sender,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sw_file_sender_start_async (sender, cancellable, sw_test_store_result, &result);
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (sender)), !=, SW_TRANSFER_STATE_IDLE);
  sw_test_wait_result (&result, TIMEOUT_MS, "the file to be sent");

  return sw_file_sender_start_finish (sender, result, error);
}

static void
assert_log_has (SwEngine   *engine,
                const char *text)
{
  g_autofree char *events = sw_test_log_events (sw_engine_get_log (engine));

  if (strstr (events, text) == NULL)
    g_error ("The log has no “%s”; its events:\n%s", text, events);
}

/* Every SENT record of @engine's log is flagged FILE. */
static void
assert_sent_records_are_file (SwEngine *engine)
{
  SwTrafficLog *log = sw_engine_get_log (engine);
  guint sent = 0;

  for (guint64 seq = sw_traffic_log_get_first_seq (log); seq < sw_traffic_log_get_end_seq (log); seq++)
    {
      SwTrafficRecord record;

      g_assert_true (sw_traffic_log_get_record (log, seq, &record));
      if (record.direction != SW_DIRECTION_SENT)
        continue;
      g_assert_cmpint (record.flags & SW_RECORD_FLAGS_FILE, ==, SW_RECORD_FLAGS_FILE);
      sent++;
    }

  g_assert_cmpuint (sent, >, 0);
}

/* Sending */

static void
test_send_tcp (Tmp           *tmp,
               gconstpointer  data)
{
  g_autofree char *path = make_file (tmp, "file.bin", 6 * MIB + 123, NULL);
  g_autoptr(SwTestPeer) sink = sw_test_peer_new ("stream_peer.py", "sink", NULL);
  guint16 port = sw_test_peer_expect_port (sink, "^PORT (\\d+)");
  g_autoptr(SwTcpClient) client = connected_client (port);
  g_autoptr(SwFileSender) sender = new_sender (client, path);
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *expected = NULL;
  SwTrafficTotals totals;
  guint notified = 0;

  g_signal_connect (sender, "notify::bytes-sent", G_CALLBACK (sw_test_count_notify), &notified);

  g_assert_true (run_sender (sender, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (sender)), ==, SW_TRANSFER_STATE_DONE);
  g_assert_null (sw_transfer_get_error (SW_TRANSFER (sender)));
  g_assert_cmpuint (sw_file_sender_get_bytes_total (sender), ==, 6 * MIB + 123);
  g_assert_cmpuint (sw_file_sender_get_bytes_sent (sender), ==, 6 * MIB + 123);
  g_assert_cmpint (sw_file_sender_get_time_left (sender), ==, 0);
  g_assert_cmpfloat (sw_file_sender_get_rate (sender), >, 0);
  /* Progress is for people: a few times a second, not per write. */
  g_assert_cmpuint (notified, >=, 1);
  g_assert_cmpuint (notified, <=, 40);
  g_assert_cmpuint (sw_engine_get_pending_bytes (SW_ENGINE (client)), ==, 0);

  g_assert_true (sw_tcp_client_shutdown_write (client, NULL));
  digest = sw_test_peer_expect (sink, "^SHA256 (.*)$", TIMEOUT_MS);
  expected = file_digest (path);
  g_assert_cmpstr (digest, ==, expected);

  sw_traffic_log_get_totals (sw_engine_get_log (SW_ENGINE (client)), &totals);
  g_assert_cmpuint (totals.bytes_sent, ==, 6 * MIB + 123);
  assert_sent_records_are_file (SW_ENGINE (client));
  assert_log_has (SW_ENGINE (client), "Sending “file.bin”, 6291579 bytes");
  assert_log_has (SW_ENGINE (client), "Sent “file.bin”: 6291579 bytes in ");
}

/* To two clients of a server: chosen, or (no target) all it has when
 * the send starts. */
static void
send_to_server_clients (Tmp      *tmp,
                        gboolean  chosen)
{
  g_autofree char *path = make_file (tmp, "both.bin", 3 * MIB + 7, NULL);
  g_autofree char *expected = file_digest (path);
  g_autoptr(GPtrArray) opened = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SwTcpServer) server = listening_server (opened);
  SwConnection *clients[2];
  g_autoptr(SwTestPeer) first = server_peer (server, opened, "client-sink", NULL, &clients[0]);
  g_autoptr(SwTestPeer) second = server_peer (server, opened, "client-sink", NULL, &clients[1]);
  g_autoptr(SwFileSender) sender = new_sender (server, path);
  g_autoptr(GError) error = NULL;
  SwTrafficTotals totals;

  if (chosen)
    {
      sw_file_sender_add_target (sender, clients[0]);
      sw_file_sender_add_target (sender, clients[1]);
    }

  g_assert_true (run_sender (sender, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sw_file_sender_get_bytes_sent (sender), ==, 3 * MIB + 7);

  for (guint i = 0; i < 2; i++)
    sw_tcp_connection_shutdown_write (SW_TCP_CONNECTION (clients[i]));
  {
    g_autofree char *first_digest = sw_test_peer_expect (first, "^SHA256 (.*)$", TIMEOUT_MS);
    g_autofree char *second_digest = sw_test_peer_expect (second, "^SHA256 (.*)$", TIMEOUT_MS);

    g_assert_cmpstr (first_digest, ==, expected);
    g_assert_cmpstr (second_digest, ==, expected);
  }

  /* Each client's copy counts. */
  sw_traffic_log_get_totals (sw_engine_get_log (SW_ENGINE (server)), &totals);
  g_assert_cmpuint (totals.bytes_sent, ==, 2 * (3 * MIB + 7));
  assert_log_has (SW_ENGINE (server), "Sending “both.bin”, 3145735 bytes");
}

static void
test_send_server_chosen (Tmp           *tmp,
                         gconstpointer  data)
{
  send_to_server_clients (tmp, TRUE);
}

static void
test_send_server_default (Tmp           *tmp,
                          gconstpointer  data)
{
  send_to_server_clients (tmp, FALSE);
}

static SwUdpPeer *
udp_peer_towards (guint16 port)
{
  SwUdpPeer *peer = sw_udp_peer_new (NULL);
  g_autoptr(GSocketConnectable) remote = g_network_address_new ("127.0.0.1", port);

  sw_udp_peer_set_remote (peer, remote);

  return peer;
}

static void
send_udp (Tmp   *tmp,
          guint  datagram_size,
          gsize  file_size)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *path = make_file (tmp, "datagrams.bin", file_size, &sha256);
  guint n_datagrams = (file_size + datagram_size - 1) / datagram_size;
  g_autofree char *count = g_strdup_printf ("%u", n_datagrams);
  g_autoptr(SwTestPeer) receiver = sw_test_peer_new ("udp_peer.py", "collect", count, NULL);
  guint16 port = sw_test_peer_expect_port (receiver, "^PORT (\\d+)");
  g_autoptr(SwUdpPeer) peer = udp_peer_towards (port);
  g_autoptr(SwFileSender) sender = new_sender (peer, path);
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;
  g_autofree char *expected = NULL;

  sw_file_sender_set_datagram_size (sender, datagram_size);
  /* Fast, yet slow enough for a Python reader. */
  sw_file_sender_set_datagram_rate (sender, 20000);

  g_assert_true (run_sender (sender, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sw_file_sender_get_bytes_sent (sender), ==, file_size);
  g_assert_cmpuint (sw_engine_get_packets_sent (SW_ENGINE (peer)), ==, n_datagrams);
  g_assert_cmpuint (sw_engine_get_bytes_sent (SW_ENGINE (peer)), ==, file_size);

  received = sw_test_peer_expect (receiver, "^RECEIVED (.*)$", TIMEOUT_MS);
  expected = g_strdup_printf ("%u BYTES %" G_GSIZE_FORMAT " LARGEST %u SHA256 %s",
                              n_datagrams, file_size, datagram_size, sha256);
  g_assert_cmpstr (received, ==, expected);
  assert_sent_records_are_file (SW_ENGINE (peer));

  {
    g_autofree char *start = g_strdup_printf ("Sending “datagrams.bin”, %" G_GSIZE_FORMAT " bytes, "
                                              "in datagrams of %u bytes, 20000 a second",
                                              file_size, datagram_size);

    assert_log_has (SW_ENGINE (peer), start);
  }

}

static void
test_send_udp_1024 (Tmp           *tmp,
                    gconstpointer  data)
{
  send_udp (tmp, 1024, 2 * MIB + 100);
}

static void
test_send_udp_1400 (Tmp           *tmp,
                    gconstpointer  data)
{
  send_udp (tmp, 1400, 2 * MIB + 100);
}

static void
test_send_udp_rate (Tmp           *tmp,
                    gconstpointer  data)
{
  g_autofree char *path = make_file (tmp, "paced.bin", 500 * 64, NULL);
  g_autoptr(SwTestPeer) receiver = sw_test_peer_new ("udp_peer.py", "collect", "500", NULL);
  guint16 port = sw_test_peer_expect_port (receiver, "^PORT (\\d+)");
  g_autoptr(SwUdpPeer) peer = udp_peer_towards (port);
  g_autoptr(SwFileSender) sender = new_sender (peer, path);
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;
  gint64 start;
  double seconds;

  sw_file_sender_set_datagram_size (sender, 64);
  sw_file_sender_set_datagram_rate (sender, 1000);

  start = g_get_monotonic_time ();
  g_assert_true (run_sender (sender, NULL, &error));
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_no_error (error);
  g_test_message ("500 datagrams at 1,000/s took %.3f s", seconds);

  /* 499 intervals of 1 ms after the first; loosely: timers are late. */
  g_assert_cmpfloat (seconds, >=, 0.4);
  g_assert_cmpfloat (seconds, <, 5);
  g_assert_cmpuint (sw_engine_get_packets_sent (SW_ENGINE (peer)), ==, 500);
  received = sw_test_peer_expect (receiver, "^RECEIVED (\\d+) ", TIMEOUT_MS);
  g_assert_cmpstr (received, ==, "500");
}

/* Without a limit the datagrams go as fast as the socket takes them, and
 * the main loop still turns. */
static gboolean
count_tick (gpointer data)
{
  (*(guint *) data)++;

  return G_SOURCE_CONTINUE;
}

static void
test_send_udp_unlimited (Tmp           *tmp,
                         gconstpointer  data)
{
  g_autofree char *path = make_file (tmp, "fast.bin", 16 * MIB, NULL);
  g_autoptr(SwTestPeer) receiver = sw_test_peer_new ("udp_peer.py", "collect", "1", NULL);
  guint16 port = sw_test_peer_expect_port (receiver, "^PORT (\\d+)");
  g_autoptr(SwUdpPeer) peer = udp_peer_towards (port);
  g_autoptr(SwFileSender) sender = new_sender (peer, path);
  g_autoptr(GError) error = NULL;
  guint ticks = 0;
  guint tick_id;
  gint64 start;
  double seconds;

  sw_file_sender_set_datagram_size (sender, 1024);
  tick_id = g_timeout_add (10, count_tick, &ticks);

  start = g_get_monotonic_time ();
  g_assert_true (run_sender (sender, NULL, &error));
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_source_remove (tick_id);
  g_assert_no_error (error);
  g_test_message ("16,384 datagrams without a limit: %.3f s, %u ticks of a 10 ms timer", seconds, ticks);

  g_assert_cmpuint (sw_engine_get_packets_sent (SW_ENGINE (peer)), ==, 16 * 1024);
  /* A 10 ms timer kept firing: at least a third of its ticks. */
  if (seconds > 0.1)
    g_assert_cmpuint (ticks, >=, (guint) (seconds * 100 / 3));
}

static gboolean
has_sent_some (gpointer data)
{
  return sw_engine_get_bytes_sent (data) > 0;
}

/* A peer that accepts nothing and reads nothing: the connection takes
 * what the kernel buffers, then the file waits. */
static GSocket *
silent_listener (guint16 *port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any_port, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  return socket;
}

static void
test_send_cancel (Tmp           *tmp,
                  gconstpointer  data)
{
  g_autofree char *path = make_file (tmp, "big.bin", 64 * MIB, NULL);
  guint16 port = 0;
  g_autoptr(GSocket) listener = silent_listener (&port);
  g_autoptr(SwTcpClient) client = connected_client (port);
  g_autoptr(SwFileSender) sender = new_sender (client, path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sw_file_sender_start_async (sender, cancellable, sw_test_store_result, &result);
  sw_test_wait (has_sent_some, client, TIMEOUT_MS, "the first bytes");
  sw_test_run_for (300);

  /* It waits for the connection, holding no more than a few MiB. */
  g_assert_null (result);
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (sender)), ==, SW_TRANSFER_STATE_RUNNING);
  g_assert_cmpuint (sw_engine_get_pending_bytes (SW_ENGINE (client)), <=, 5 * MIB);

  g_cancellable_cancel (cancellable);
  sw_test_wait_result (&result, TIMEOUT_MS, "the cancel");
  g_assert_false (sw_file_sender_start_finish (sender, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (sender)), ==, SW_TRANSFER_STATE_CANCELLED);
  g_assert_cmpuint (sw_file_sender_get_bytes_sent (sender), <, 64 * MIB);
  assert_log_has (SW_ENGINE (client), "Sending “big.bin” cancelled after ");

  /* Nothing more is handed over. */
  {
    guint64 queued = sw_engine_get_bytes_sent (SW_ENGINE (client)) +
                     sw_engine_get_pending_bytes (SW_ENGINE (client));

    sw_test_run_for (200);
    g_assert_cmpuint (sw_engine_get_bytes_sent (SW_ENGINE (client)) +
                      sw_engine_get_pending_bytes (SW_ENGINE (client)), ==, queued);
  }

}

static void
test_send_reset (Tmp           *tmp,
                 gconstpointer  data)
{
  g_autofree char *path = make_file (tmp, "reset.bin", 64 * MIB, NULL);
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("stream_peer.py", "reset", NULL);
  guint16 port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  g_autoptr(SwTcpClient) client = connected_client (port);
  g_autoptr(SwFileSender) sender = new_sender (client, path);
  g_autoptr(GError) error = NULL;
  g_autofree char *reset = g_strdup_printf ("The connection was reset by 127.0.0.1:%u", port);

  g_assert_false (run_sender (sender, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_cmpstr (error->message, ==, reset);
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (sender)), ==, SW_TRANSFER_STATE_FAILED);
  g_assert_cmpstr (sw_transfer_get_error (SW_TRANSFER (sender))->message, ==, reset);
  g_assert_cmpuint (sw_file_sender_get_bytes_sent (sender), <, 64 * MIB);
  assert_log_has (SW_ENGINE (client), "Sending “reset.bin” failed after ");
  assert_log_has (SW_ENGINE (client), reset);
}

static void
test_send_unreadable (Tmp           *tmp,
                      gconstpointer  data)
{
  g_autofree char *missing = tmp_path (tmp, "missing.bin");
  g_autoptr(SwTestPeer) sink = sw_test_peer_new ("stream_peer.py", "sink", NULL);
  guint16 port = sw_test_peer_expect_port (sink, "^PORT (\\d+)");
  g_autoptr(SwTcpClient) client = connected_client (port);
  struct {
    const char *path;
    const char *message;
    GIOErrorEnum code;
  } cases[] = {
    { missing, "Could not read “missing.bin”: there is no such file", G_IO_ERROR_NOT_FOUND },
    { tmp->dir, NULL, G_IO_ERROR_IS_DIRECTORY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SwFileSender) sender = new_sender (client, cases[i].path);
      g_autoptr(GError) error = NULL;
      g_autofree char *event = NULL;

      g_assert_false (run_sender (sender, NULL, &error));
      g_assert_error (error, G_IO_ERROR, cases[i].code);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
      else
        g_assert_true (g_str_has_suffix (error->message, ": it is a folder"));
      g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (sender)), ==, SW_TRANSFER_STATE_FAILED);
      event = g_strdup_printf ("Could not send “%s”: %s",
                               i == 0 ? "missing.bin" : strrchr (tmp->dir, G_DIR_SEPARATOR) + 1,
                               error->message);
      assert_log_has (SW_ENGINE (client), event);
    }

  /* The session is fine. */
  g_assert_cmpint (sw_engine_get_state (SW_ENGINE (client)), ==, SW_CONNECTION_STATE_CONNECTED);
  g_assert_cmpuint (sw_engine_get_bytes_sent (SW_ENGINE (client)), ==, 0);
}

static void
test_send_not_connected (Tmp           *tmp,
                         gconstpointer  data)
{
  g_autofree char *path = make_file (tmp, "nowhere.bin", 10, NULL);
  g_autoptr(SwTcpClient) client = sw_tcp_client_new (NULL);
  g_autoptr(SwTcpServer) server = sw_tcp_server_new (NULL);
  g_autoptr(SwFileSender) to_client = new_sender (client, path);
  g_autoptr(SwFileSender) to_server = new_sender (server, path);
  g_autoptr(GError) error = NULL;

  g_assert_false (run_sender (to_client, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  g_assert_cmpstr (error->message, ==, "Not connected: connect first");
  assert_log_has (SW_ENGINE (client), "Could not send “nowhere.bin”: Not connected: connect first");
  g_clear_error (&error);

  g_assert_false (run_sender (to_server, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  g_assert_cmpstr (error->message, ==, "No client is connected");
}

/* Capturing */

/* A capture of @engine's (or @connection's) bytes to @name in @tmp. */
static SwCapture *
tmp_capture (Tmp          *tmp,
             const char   *name,
             gpointer      engine,
             SwConnection *connection)
{
  g_autofree char *path = tmp_path (tmp, name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return sw_capture_new (SW_ENGINE (engine), connection, file);
}

static gboolean
engine_is_disconnected (gpointer data)
{
  return sw_engine_get_state (data) == SW_CONNECTION_STATE_DISCONNECTED;
}

static void
start_capture (SwCapture *capture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sw_capture_start_async (capture, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the capture to start");
  g_assert_true (sw_capture_start_finish (capture, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (capture)), ==, SW_TRANSFER_STATE_RUNNING);
}

static gboolean
stop_capture (SwCapture  *capture,
              GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sw_capture_stop_async (capture, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the capture to stop");

  return sw_capture_stop_finish (capture, result, error);
}

/* @capture (not started) of @client's download of @size bytes from a
 * stream_peer.py source: the file holds exactly what the peer sent. */
static void
capture_download (SwCapture   *capture,
                  SwTcpClient *client,
                  guint        size)
{
  g_autofree char *count = g_strdup_printf ("%u", size);
  g_autoptr(SwTestPeer) source = sw_test_peer_new ("stream_peer.py", "source", count, NULL);
  guint16 port = sw_test_peer_expect_port (source, "^PORT (\\d+)");
  g_autofree char *path = g_file_get_path (sw_transfer_get_file (SW_TRANSFER (capture)));
  g_autofree char *digest = NULL;
  g_autofree char *captured = NULL;
  g_autoptr(GError) error = NULL;

  start_capture (capture);
  connect_client (client, port);
  digest = sw_test_peer_expect (source, "^SHA256 (.*)$", TIMEOUT_MS);
  sw_test_wait (engine_is_disconnected, client, TIMEOUT_MS, "the peer to close");

  g_assert_true (stop_capture (capture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (capture)), ==, SW_TRANSFER_STATE_DONE);
  g_assert_cmpuint (sw_capture_get_bytes_written (capture), ==, size);
  captured = file_digest (path);
  g_assert_cmpstr (digest, ==, captured);
}

static void
test_capture (Tmp           *tmp,
              gconstpointer  data)
{
  g_autofree char *path = tmp_path (tmp, "capture.bin");
  g_autoptr(SwTcpClient) client = sw_tcp_client_new (NULL);
  g_autoptr(SwCapture) capture = tmp_capture (tmp, "capture.bin", client, NULL);

  /* Replaces what is there. */
  g_file_set_contents (path, "old contents", -1, NULL);
  /* The log keeps 64 KiB; the capture keeps everything. */
  sw_traffic_log_set_byte_cap (sw_engine_get_log (SW_ENGINE (client)), 64 * 1024);

  capture_download (capture, client, 12 * MIB + 5);
  assert_log_has (SW_ENGINE (client), "Capture to “capture.bin” stopped: 12582917 bytes written");

  /* Stopping again is fine. */
  g_assert_true (stop_capture (capture, NULL));
}

static gboolean
capture_has_ended (gpointer data)
{
  return sw_transfer_get_state (SW_TRANSFER (data)) != SW_TRANSFER_STATE_RUNNING;
}

/* A disk that cannot keep up with a TCP download: the connection is no
 * longer read while the capture holds too much, and nothing is lost. */
static void
test_capture_held (Tmp           *tmp,
                   gconstpointer  data)
{
  g_autoptr(SwTcpClient) client = sw_tcp_client_new (NULL);
  g_autoptr(SwCapture) capture = tmp_capture (tmp, "held.bin", client, NULL);

  /* Held above one read's worth, buffered at most 1 MiB. */
  _sw_capture_set_limits (capture, 64 * 1024, 16 * 1024, MIB);
  capture_download (capture, client, 8 * MIB);
}

static gboolean
udp_received_all (gpointer data)
{
  return sw_engine_get_bytes_received (data) == 40000;
}

/* UDP cannot be slowed down: past its bound the capture stops, saying
 * why, and the session receives on. */
static void
test_capture_overflow (Tmp           *tmp,
                       gconstpointer  data)
{
  g_autoptr(SwUdpPeer) peer = sw_udp_peer_new (NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(SwCapture) capture = tmp_capture (tmp, "overflow.bin", peer, NULL);
  g_autoptr(SwTestPeer) sender = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;

  g_assert_true (sw_udp_peer_bind (peer, loopback, 0, &error));
  g_assert_no_error (error);
  _sw_capture_set_limits (capture, 16 * 1024, 8 * 1024, 32 * 1024);
  start_capture (capture);

  port = g_strdup_printf ("%u", sw_udp_peer_get_local_port (peer));
  sender = sw_test_peer_new ("udp_peer.py", "big", "127.0.0.1", port, "40000", NULL);
  sw_test_wait (capture_has_ended, capture, TIMEOUT_MS, "the capture to stop");

  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (capture)), ==, SW_TRANSFER_STATE_FAILED);
  g_assert_cmpstr (sw_transfer_get_error (SW_TRANSFER (capture))->message, ==,
                   "The disk did not keep up: capture stopped after 0 bytes");
  assert_log_has (SW_ENGINE (peer), "Capture to “overflow.bin” failed: The disk did not keep up: "
                                    "capture stopped after 0 bytes");
  sw_test_wait (udp_received_all, peer, TIMEOUT_MS, "the datagram");
  g_assert_true (sw_udp_peer_get_bound (peer));
}

static gboolean
connection_is_closed (gpointer data)
{
  return sw_connection_get_state (data) == SW_CONNECTION_STATE_DISCONNECTED;
}

static void
test_capture_one_client (Tmp           *tmp,
                         gconstpointer  data)
{
  g_autofree char *path = tmp_path (tmp, "one.bin");
  g_autoptr(GPtrArray) opened = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SwTcpServer) server = listening_server (opened);
  g_autofree char *size = g_strdup_printf ("%u", 3 * MIB);
  SwConnection *client;
  SwConnection *other;
  g_autoptr(SwTestPeer) captured_peer = server_peer (server, opened, "client-source", size, &client);
  g_autoptr(SwTestPeer) other_peer = server_peer (server, opened, "client-source", "1000", &other);
  g_autoptr(SwCapture) capture = tmp_capture (tmp, "one.bin", server, client);
  g_autofree char *digest = NULL;
  g_autofree char *captured = NULL;
  g_autofree char *event = NULL;

  start_capture (capture);
  digest = sw_test_peer_expect (captured_peer, "^SHA256 (.*)$", TIMEOUT_MS);
  g_free (sw_test_peer_expect (other_peer, "^SHA256 (.*)$", TIMEOUT_MS));

  /* Both finish sending, and go: the capture of that client stops then. */
  sw_test_wait (capture_has_ended, capture, TIMEOUT_MS, "the capture to stop");
  g_assert_true (stop_capture (capture, NULL));
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (capture)), ==, SW_TRANSFER_STATE_DONE);
  g_assert_cmpuint (sw_capture_get_bytes_written (capture), ==, 3 * MIB);
  captured = file_digest (path);
  g_assert_cmpstr (digest, ==, captured);
  sw_test_wait (connection_is_closed, other, TIMEOUT_MS, "the other client to go");
  g_assert_cmpint (sw_connection_get_bytes_received (other), ==, 1000);

  event = g_strdup_printf ("Capturing what %s sends to “one.bin”", sw_connection_get_name (client));
  assert_log_has (SW_ENGINE (server), event);
  assert_log_has (SW_ENGINE (server), "Capture to “one.bin” stopped: 3145728 bytes written");
}

static void
test_capture_uncreatable (Tmp           *tmp,
                          gconstpointer  data)
{
  g_autoptr(SwTcpClient) client = sw_tcp_client_new (NULL);
  g_autoptr(SwCapture) capture = tmp_capture (tmp, "no/such/folder.bin", client, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sw_capture_start_async (capture, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the capture to fail");
  g_assert_false (sw_capture_start_finish (capture, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Could not create “folder.bin”: there is no such file");
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (capture)), ==, SW_TRANSFER_STATE_FAILED);
  assert_log_has (SW_ENGINE (client), "Could not create “folder.bin”: there is no such file");
}

/* A file that may not grow past 1 MiB, as a full disk: the capture fails
 * with the reason, the session receives on. */
static void
test_capture_write_error (Tmp           *tmp,
                          gconstpointer  data)
{
#ifdef G_OS_UNIX
  if (g_test_subprocess ())
    {
      g_autofree char *size = g_strdup_printf ("%u", 8 * MIB);
      g_autoptr(SwTestPeer) source = sw_test_peer_new ("stream_peer.py", "source", size, NULL);
      guint16 port = sw_test_peer_expect_port (source, "^PORT (\\d+)");
      g_autoptr(SwTcpClient) client = sw_tcp_client_new (NULL);
      g_autoptr(SwCapture) capture = tmp_capture (tmp, "full.bin", client, NULL);
      g_autoptr(GError) error = NULL;
      struct rlimit limit;

      g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      limit.rlim_cur = MIB;
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      start_capture (capture);
      connect_client (client, port);

      sw_test_wait (capture_has_ended, capture, TIMEOUT_MS, "the capture to fail");
      g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (capture)), ==, SW_TRANSFER_STATE_FAILED);
      g_assert_cmpuint (sw_capture_get_bytes_written (capture), ==, MIB);
      g_assert_true (g_str_has_prefix (sw_transfer_get_error (SW_TRANSFER (capture))->message,
                                       "Could not write “full.bin” after 1048576 bytes: "));
      assert_log_has (SW_ENGINE (client), "Capture to “full.bin” failed: Could not write “full.bin” after 1048576 bytes: ");

      /* The session goes on: everything arrives. */
      g_free (sw_test_peer_expect (source, "^SHA256 (.*)$", TIMEOUT_MS));
      sw_test_wait (engine_is_disconnected, client, TIMEOUT_MS, "the peer to close");
      g_assert_cmpuint (sw_engine_get_bytes_received (SW_ENGINE (client)), ==, 8 * MIB);

      /* Stopping says why it ended. */
      g_assert_false (stop_capture (capture, &error));
      g_assert_nonnull (error);

      return;
    }

  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
#else
  g_test_skip ("needs RLIMIT_FSIZE");
#endif
}

#define add_test(path, func) \
  g_test_add (path, Tmp, NULL, tmp_setup, func, tmp_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("/sw/files/send-tcp", test_send_tcp);
  add_test ("/sw/files/send-server-chosen", test_send_server_chosen);
  add_test ("/sw/files/send-server-default", test_send_server_default);
  add_test ("/sw/files/send-udp-1024", test_send_udp_1024);
  add_test ("/sw/files/send-udp-1400", test_send_udp_1400);
  add_test ("/sw/files/send-udp-rate", test_send_udp_rate);
  add_test ("/sw/files/send-udp-unlimited", test_send_udp_unlimited);
  add_test ("/sw/files/send-cancel", test_send_cancel);
  add_test ("/sw/files/send-reset", test_send_reset);
  add_test ("/sw/files/send-unreadable", test_send_unreadable);
  add_test ("/sw/files/send-not-connected", test_send_not_connected);
  add_test ("/sw/files/capture", test_capture);
  add_test ("/sw/files/capture-held", test_capture_held);
  add_test ("/sw/files/capture-overflow", test_capture_overflow);
  add_test ("/sw/files/capture-one-client", test_capture_one_client);
  add_test ("/sw/files/capture-uncreatable", test_capture_uncreatable);
  add_test ("/sw/files/capture-write-error", test_capture_write_error);

  return g_test_run ();
}
