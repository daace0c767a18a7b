/* test-engine.c: what every engine shares, checked on each kind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-endpoint.h"
#include "sw-tcp-client.h"
#include "sw-tcp-server.h"
#include "sw-test-util.h"
#include "sw-udp-peer.h"

#define TIMEOUT_MS 20000

/* What an engine's signals said. */
typedef struct
{
  GPtrArray  *opened;     /* SwConnection */
  GPtrArray  *closed;     /* SwConnection */
  GPtrArray  *received;   /* SwConnection, one per signal */
  GByteArray *bytes;
  guint       want;
} Seen;

static void
opened_cb (SwEngine     *engine,
           SwConnection *connection,
           Seen         *seen)
{
  g_ptr_array_add (seen->opened, g_object_ref (connection));
}

static void
closed_cb (SwEngine     *engine,
           SwConnection *connection,
           Seen         *seen)
{
  g_assert_cmpint (sw_connection_get_state (connection), ==, SW_CONNECTION_STATE_DISCONNECTED);
  g_ptr_array_add (seen->closed, g_object_ref (connection));
}

static void
received_cb (SwEngine     *engine,
             SwConnection *connection,
             GBytes       *bytes,
             Seen         *seen)
{
  g_assert_true (sw_connection_get_engine (connection) == engine);
  g_ptr_array_add (seen->received, g_object_ref (connection));
  g_byte_array_append (seen->bytes, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
seen_init (Seen     *seen,
           SwEngine *engine)
{
  seen->opened = g_ptr_array_new_with_free_func (g_object_unref);
  seen->closed = g_ptr_array_new_with_free_func (g_object_unref);
  seen->received = g_ptr_array_new_with_free_func (g_object_unref);
  seen->bytes = g_byte_array_new ();
  g_signal_connect (engine, "connection-opened", G_CALLBACK (opened_cb), seen);
  g_signal_connect (engine, "connection-closed", G_CALLBACK (closed_cb), seen);
  g_signal_connect (engine, "received", G_CALLBACK (received_cb), seen);
}

static void
seen_clear (Seen *seen)
{
  g_ptr_array_unref (seen->opened);
  g_ptr_array_unref (seen->closed);
  g_ptr_array_unref (seen->received);
  g_byte_array_unref (seen->bytes);
}

static gboolean
has_bytes (gpointer data)
{
  Seen *seen = data;

  return seen->bytes->len >= seen->want;
}

static void
wait_bytes (Seen       *seen,
            guint       n,
            const char *what)
{
  seen->want = n;
  sw_test_wait (has_bytes, seen, TIMEOUT_MS, what);
}

static gboolean
seen_closed (gpointer data)
{
  return ((Seen *) data)->closed->len > 0;
}

static guint16
address_port (GSocketAddress *address)
{
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

/* Every data record of @log belongs to @connection. */
static void
assert_records_of (SwTrafficLog *log,
                   guint         connection,
                   guint         expected_data_records)
{
  guint found = 0;

  for (guint64 seq = sw_traffic_log_get_first_seq (log); seq < sw_traffic_log_get_end_seq (log); seq++)
    {
      SwTrafficRecord record;

      g_assert_true (sw_traffic_log_get_record (log, seq, &record));
      if (record.direction == SW_DIRECTION_EVENT)
        continue;
      g_assert_cmpuint (record.connection, ==, connection);
      found++;
    }

  g_assert_cmpuint (found, >=, expected_data_records);
}

static void
test_tcp_client_connections (void)
{
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("echo_server.py", NULL);
  guint16 port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  g_autoptr(SwTcpClient) client = sw_tcp_client_new (NULL);
  SwEngine *engine = SW_ENGINE (client);
  SwTrafficLog *log = sw_engine_get_log (engine);
  g_autoptr(GSocketConnectable) target = g_network_address_new ("127.0.0.1", port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) message = g_bytes_new_static ("hello, engine\n", 14);
  g_autoptr(GError) error = NULL;
  SwSendInfo info = { SW_RECORD_FLAGS_TEXT, SW_ENCODING_GB18030 };
  g_autofree char *name = NULL;
  SwTrafficConnection entry;
  SwTrafficRecord record;
  SwConnection *connection;
  Seen seen;

  seen_init (&seen, engine);

  sw_tcp_client_connect_async (client, target, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the connect");
  g_assert_true (sw_tcp_client_connect_finish (client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sw_engine_get_state (engine), ==, SW_CONNECTION_STATE_CONNECTED);

  g_assert_cmpuint (seen.opened->len, ==, 1);
  connection = g_ptr_array_index (seen.opened, 0);
  g_assert_true (SW_CONNECTION (sw_tcp_client_get_connection (client)) == connection);
  g_assert_cmpint (sw_connection_get_transport (connection), ==, SW_TRANSPORT_TCP);
  name = g_strdup_printf ("127.0.0.1:%u", port);
  g_assert_cmpstr (sw_connection_get_name (connection), ==, name);
  g_assert_true (sw_engine_get_local_address (engine) == sw_connection_get_local_address (connection));

  /* The log knows who talked to whom. */
  g_assert_true (sw_traffic_log_get_connection (log, sw_connection_get_id (connection), &entry));
  g_assert_cmpint (entry.end, ==, SW_CONNECTION_END_OPEN);
  g_assert_cmpuint (address_port (entry.remote), ==, port);
  g_assert_cmpuint (address_port (entry.local), ==,
                    address_port (sw_connection_get_local_address (connection)));

  g_assert_true (sw_engine_send_full (engine, NULL, message, &info, &error));
  g_assert_no_error (error);
  wait_bytes (&seen, 14, "the echo");
  g_assert_cmpmem (seen.bytes->data, seen.bytes->len, "hello, engine\n", 14);
  g_assert_true (g_ptr_array_index (seen.received, 0) == connection);

  /* The sent record says how it was made. */
  for (guint64 seq = sw_traffic_log_get_first_seq (log); ; seq++)
    {
      g_assert_true (sw_traffic_log_get_record (log, seq, &record));
      if (record.direction == SW_DIRECTION_SENT)
        break;
    }
  g_assert_cmpint (record.flags, ==, SW_RECORD_FLAGS_TEXT);
  g_assert_cmpint (record.encoding, ==, SW_ENCODING_GB18030);
  assert_records_of (log, sw_connection_get_id (connection), 2);

  sw_traffic_log_flush (log);
  g_assert_cmpuint (sw_engine_get_bytes_sent (engine), ==, 14);
  g_assert_cmpuint (sw_engine_get_bytes_received (engine), ==, 14);
  g_assert_cmpuint (sw_connection_get_bytes_sent (connection), ==, 14);
  g_assert_cmpuint (sw_connection_get_packets_sent (connection), ==, 1);
  g_assert_cmpuint (sw_engine_get_packets_sent (engine), ==, 1);

  sw_engine_stop (engine);
  g_assert_cmpint (sw_engine_get_state (engine), ==, SW_CONNECTION_STATE_DISCONNECTED);
  g_assert_cmpuint (seen.closed->len, ==, 1);
  g_assert_true (g_ptr_array_index (seen.closed, 0) == connection);
  g_assert_true (sw_traffic_log_get_connection (log, sw_connection_get_id (connection), &entry));
  g_assert_cmpint (entry.end, ==, SW_CONNECTION_END_CLOSED);
  g_assert_null (sw_tcp_client_get_connection (client));

  seen_clear (&seen);
}

static void
test_tcp_server_connections (void)
{
  g_autoptr(SwTcpServer) server = sw_tcp_server_new (NULL);
  SwEngine *engine = SW_ENGINE (server);
  SwTrafficLog *log = sw_engine_get_log (engine);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwTestPeer) reset_peer = NULL;
  g_autoptr(GBytes) reply = g_bytes_new_static ("pong\n", 5);
  g_autofree char *target = NULL;
  g_autofree char *port = NULL;
  SwTrafficConnection entry;
  SwConnection *first;
  Seen seen;

  seen_init (&seen, engine);
  g_assert_true (sw_tcp_server_listen (server, loopback, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sw_engine_get_state (engine), ==, SW_CONNECTION_STATE_CONNECTED);

  /* A client that talks, then closes in order. */
  target = g_strdup_printf ("TCP4:127.0.0.1:%u", sw_tcp_server_get_port (server));
  {
    g_autoptr(SwTestPeer) client = sw_test_peer_new ("socat", "-", target, NULL);
    g_autofree char *pong = NULL;

    sw_test_peer_write (client, "ping", 4);
    wait_bytes (&seen, 4, "the ping");
    g_assert_cmpuint (seen.opened->len, ==, 1);
    first = g_ptr_array_index (seen.opened, 0);
    g_assert_true (g_ptr_array_index (seen.received, 0) == first);

    /* Without a connection, a server sends to every client. */
    g_assert_true (sw_engine_send (engine, NULL, reply, &error));
    g_assert_no_error (error);
    pong = sw_test_peer_expect (client, "^(pong)", TIMEOUT_MS);
    g_assert_cmpstr (pong, ==, "pong");
    sw_test_peer_close_stdin (client);
    sw_test_wait (seen_closed, &seen, TIMEOUT_MS, "the close");
  }
  g_assert_true (g_ptr_array_index (seen.closed, 0) == first);
  g_assert_true (sw_traffic_log_get_connection (log, sw_connection_get_id (first), &entry));
  g_assert_cmpint (entry.end, ==, SW_CONNECTION_END_CLOSED);
  g_assert_cmpuint (address_port (entry.local), ==, sw_tcp_server_get_port (server));
  g_assert_cmpuint (address_port (entry.remote), ==,
                    address_port (sw_connection_get_remote_address (first)));
  assert_records_of (log, sw_connection_get_id (first), 2);

  /* Nobody left to send to: said, not ignored. */
  g_assert_false (sw_engine_send (engine, NULL, reply, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  g_clear_error (&error);

  /* A client that resets: the log says so. */
  g_ptr_array_set_size (seen.closed, 0);
  port = g_strdup_printf ("%u", sw_tcp_server_get_port (server));
  reset_peer = sw_test_peer_new ("stream_peer.py", "client-reset", "127.0.0.1", port, NULL);
  sw_test_wait (seen_closed, &seen, TIMEOUT_MS, "the reset");
  g_assert_true (sw_traffic_log_get_connection (log, sw_connection_get_id (g_ptr_array_index (seen.closed, 0)), &entry));
  g_assert_cmpint (entry.end, ==, SW_CONNECTION_END_RESET);

  sw_engine_stop (engine);
  g_assert_cmpint (sw_engine_get_state (engine), ==, SW_CONNECTION_STATE_DISCONNECTED);

  seen_clear (&seen);
}

static void
test_udp_associations (void)
{
  g_autoptr(SwUdpPeer) peer = sw_udp_peer_new (NULL);
  SwEngine *engine = SW_ENGINE (peer);
  SwTrafficLog *log = sw_engine_get_log (engine);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("udp_peer.py", "echo", NULL);
  guint16 echo_port = sw_test_peer_expect_port (echo, "^PORT (\\d+)");
  g_autoptr(GSocketAddress) echo_address = g_inet_socket_address_new (loopback, echo_port);
  g_autoptr(GBytes) datagram = g_bytes_new_static ("\x01\x02\x03", 3);
  g_autoptr(GError) error = NULL;
  SwTrafficConnection entry;
  SwConnection *association;
  Seen seen;

  seen_init (&seen, engine);
  g_assert_true (sw_udp_peer_bind (peer, loopback, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sw_engine_get_state (engine), ==, SW_CONNECTION_STATE_CONNECTED);

  sw_udp_peer_set_remote (peer, G_SOCKET_CONNECTABLE (echo_address));
  g_assert_true (sw_engine_send (engine, NULL, datagram, &error));
  g_assert_no_error (error);
  wait_bytes (&seen, 3, "the echo");

  /* One association for the echo: the datagram's both ways. */
  g_assert_cmpuint (seen.opened->len, ==, 1);
  association = g_ptr_array_index (seen.opened, 0);
  g_assert_true (SW_IS_UDP_ASSOCIATION (association));
  g_assert_true (g_ptr_array_index (seen.received, 0) == association);
  g_assert_cmpint (sw_connection_get_transport (association), ==, SW_TRANSPORT_UDP);
  g_assert_true (sw_traffic_log_get_connection (log, sw_connection_get_id (association), &entry));
  g_assert_cmpuint (address_port (entry.remote), ==, echo_port);
  g_assert_cmpuint (address_port (entry.local), ==, sw_udp_peer_get_local_port (peer));
  assert_records_of (log, sw_connection_get_id (association), 2);

  /* Sending to the association sends to its address. */
  g_byte_array_set_size (seen.bytes, 0);
  g_assert_true (sw_connection_send (association, datagram, &error));
  g_assert_no_error (error);
  wait_bytes (&seen, 3, "the second echo");
  sw_traffic_log_flush (log);
  g_assert_cmpuint (sw_connection_get_packets_sent (association), ==, 2);
  g_assert_cmpuint (sw_connection_get_packets_received (association), ==, 2);

  /* Errors known at once come back at once. */
  {
    g_autoptr(GBytes) huge = g_bytes_new_take (g_malloc0 (70000), 70000);

    g_assert_false (sw_engine_send (engine, NULL, huge, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
    g_clear_error (&error);
  }

  sw_engine_stop (engine);
  g_assert_cmpint (sw_engine_get_state (engine), ==, SW_CONNECTION_STATE_DISCONNECTED);
  g_assert_cmpuint (seen.closed->len, ==, 1);
  g_assert_cmpint (sw_connection_get_state (association), ==, SW_CONNECTION_STATE_DISCONNECTED);

  seen_clear (&seen);
}

/* Sessions side by side */

/* Binds a new UDP peer on 127.0.0.1 and has a datagram sent to it: it
 * must arrive in the signal, the log and the counters, whatever other
 * engines of this process did before or still do. The peer is returned
 * bound, for more. */
static SwUdpPeer *
udp_peer_hears (const char *payload_hex,
                const char *payload)
{
  SwUdpPeer *peer = sw_udp_peer_new (NULL);
  SwEngine *engine = SW_ENGINE (peer);
  SwTrafficLog *log = sw_engine_get_log (engine);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwTestPeer) sender = NULL;
  g_autofree char *port = NULL;
  g_autofree char *from = NULL;
  gsize length = strlen (payload);
  SwTrafficTotals totals;
  SwTrafficRecord record;
  gboolean found = FALSE;
  Seen seen;

  seen_init (&seen, engine);
  g_assert_true (sw_udp_peer_bind (peer, loopback, 0, &error));
  g_assert_no_error (error);

  port = g_strdup_printf ("%u", sw_udp_peer_get_local_port (peer));
  sender = sw_test_peer_new ("udp_peer.py", "send", "127.0.0.1", port, payload_hex, NULL);
  from = g_strdup_printf ("127.0.0.1:%u", sw_test_peer_expect_port (sender, "^PORT (\\d+)"));
  wait_bytes (&seen, length, "the datagram");
  g_assert_cmpmem (seen.bytes->data, seen.bytes->len, payload, length);

  /* In the log, from its sender, and counted. */
  for (guint64 seq = sw_traffic_log_get_first_seq (log); seq < sw_traffic_log_get_end_seq (log); seq++)
    {
      g_assert_true (sw_traffic_log_get_record (log, seq, &record));
      if (record.direction != SW_DIRECTION_RECEIVED)
        continue;
      g_assert_cmpstr (record.peer, ==, from);
      g_assert_cmpmem (record.data, record.length, payload, length);
      found = TRUE;
    }
  g_assert_true (found);
  sw_traffic_log_flush (log);
  g_assert_cmpuint (sw_engine_get_packets_received (engine), ==, 1);
  g_assert_cmpuint (sw_engine_get_bytes_received (engine), ==, length);
  sw_traffic_log_get_totals (log, &totals);
  g_assert_cmpuint (totals.records_received, ==, 1);
  g_assert_cmpuint (totals.bytes_received, ==, length);

  g_signal_handlers_disconnect_by_data (peer, &seen);
  seen_clear (&seen);

  return peer;
}

static void
stop_and_finalize (gpointer engine)
{
  sw_engine_stop (engine);
  g_assert_finalize_object (engine);
}

/* A TCP client that talked to an echo server, and talks on. */
static SwTcpClient *
talking_tcp_client (guint16  port,
                    Seen    *seen)
{
  SwTcpClient *client = sw_tcp_client_new (NULL);
  g_autoptr(GSocketConnectable) target = g_network_address_new ("127.0.0.1", port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) message = g_bytes_new_static ("hello, tcp\n", 11);
  g_autoptr(GError) error = NULL;

  seen_init (seen, SW_ENGINE (client));
  sw_tcp_client_connect_async (client, target, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the connect");
  g_assert_true (sw_tcp_client_connect_finish (client, result, &error));
  g_assert_no_error (error);
  g_assert_true (sw_engine_send (SW_ENGINE (client), NULL, message, &error));
  g_assert_no_error (error);
  wait_bytes (seen, seen->bytes->len + 11, "the echo");

  return client;
}

static void
assert_tcp_client_echoes (SwTcpClient *client,
                          Seen        *seen)
{
  g_autoptr(GBytes) message = g_bytes_new_static ("again\n", 6);
  g_autoptr(GError) error = NULL;

  g_assert_true (sw_engine_send (SW_ENGINE (client), NULL, message, &error));
  g_assert_no_error (error);
  wait_bytes (seen, seen->bytes->len + 6, "the echo");
}

/* It was reported that after a TCP client had talked, a UDP peer bound
 * next read its datagrams but neither logged nor counted them: what the
 * engines share (the main loop, its poller, descriptors the system
 * hands out again) must not let one deafen another. */
static void
test_udp_after_tcp_client (void)
{
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("echo_server.py", NULL);
  guint16 port = sw_test_peer_expect_port (echo, "^PORT (\\d+)");
  SwTcpClient *client;
  SwUdpPeer *peer;
  Seen seen;

  /* While the client is connected. */
  client = talking_tcp_client (port, &seen);
  peer = udp_peer_hears ("6f6e65", "one");
  assert_tcp_client_echoes (client, &seen);

  /* Once it disconnected: the next socket may take its descriptor. */
  sw_engine_stop (SW_ENGINE (client));
  stop_and_finalize (peer);
  peer = udp_peer_hears ("74776f", "two");
  stop_and_finalize (peer);

  /* And once it is gone, with the UDP peer still bound. */
  peer = udp_peer_hears ("7468726565", "three");
  g_signal_handlers_disconnect_by_data (client, &seen);
  seen_clear (&seen);
  g_assert_finalize_object (client);
  stop_and_finalize (udp_peer_hears ("666f7572", "four"));
  stop_and_finalize (peer);
}

/* The other way round: a TCP client after a UDP peer talks as well. */
static void
test_tcp_client_after_udp (void)
{
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("echo_server.py", NULL);
  guint16 port = sw_test_peer_expect_port (echo, "^PORT (\\d+)");
  SwUdpPeer *peer = udp_peer_hears ("6f6e65", "one");
  SwTcpClient *client;
  Seen seen;

  client = talking_tcp_client (port, &seen);
  stop_and_finalize (peer);
  assert_tcp_client_echoes (client, &seen);
  g_signal_handlers_disconnect_by_data (client, &seen);
  seen_clear (&seen);
  stop_and_finalize (client);
}

static void
test_udp_after_tcp_server (void)
{
  g_autoptr(SwTcpServer) server = sw_tcp_server_new (NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwTestPeer) client = NULL;
  g_autofree char *target = NULL;
  Seen seen;

  seen_init (&seen, SW_ENGINE (server));
  g_assert_true (sw_tcp_server_listen (server, loopback, 0, &error));
  g_assert_no_error (error);
  target = g_strdup_printf ("TCP4:127.0.0.1:%u", sw_tcp_server_get_port (server));
  client = sw_test_peer_new ("socat", "-", target, NULL);
  sw_test_peer_write (client, "ping", 4);
  wait_bytes (&seen, 4, "the ping");

  /* With the server listening and its client connected, then after the
   * client left, then after the server stopped. */
  stop_and_finalize (udp_peer_hears ("6f6e65", "one"));
  sw_test_peer_write (client, "pong", 4);
  wait_bytes (&seen, 8, "the pong");
  sw_test_peer_close_stdin (client);
  sw_test_wait (seen_closed, &seen, TIMEOUT_MS, "the client to leave");
  stop_and_finalize (udp_peer_hears ("74776f", "two"));
  sw_engine_stop (SW_ENGINE (server));
  stop_and_finalize (udp_peer_hears ("7468726565", "three"));

  seen_clear (&seen);
}

static void
test_udp_after_relay (void)
{
  g_autoptr(SwTestPeer) tcp_echo = sw_test_peer_new ("echo_server.py", NULL);
  g_autoptr(SwTestPeer) udp_echo = sw_test_peer_new ("udp_peer.py", "echo", NULL);
  SwRelay *relay;
  g_autofree char *target = NULL;
  g_autofree char *port = NULL;
  g_autofree char *reply = NULL;

  /* TCP through a relay, then a UDP peer, with the relay still up. */
  relay = sw_test_relay_new_started (SW_TRANSPORT_TCP, sw_test_peer_expect_port (tcp_echo, "^PORT (\\d+)"));
  target = g_strdup_printf ("TCP4:127.0.0.1:%u", sw_relay_get_port (relay));
  {
    g_autoptr(SwTestPeer) client = sw_test_peer_new ("socat", "-", target, NULL);

    sw_test_peer_write (client, "via relay\n", 10);
    g_free (sw_test_peer_expect (client, "^via relay$", TIMEOUT_MS));
    stop_and_finalize (udp_peer_hears ("6f6e65", "one"));
    sw_test_peer_write (client, "still\n", 6);
    g_free (sw_test_peer_expect (client, "^still$", TIMEOUT_MS));
  }
  stop_and_finalize (relay);
  stop_and_finalize (udp_peer_hears ("74776f", "two"));

  /* A UDP relay's sockets, then a UDP peer. */
  relay = sw_test_relay_new_started (SW_TRANSPORT_UDP, sw_test_peer_expect_port (udp_echo, "^PORT (\\d+)"));
  port = g_strdup_printf ("%u", sw_relay_get_port (relay));
  {
    g_autoptr(SwTestPeer) client = sw_test_peer_new ("udp_peer.py", "send", "127.0.0.1", port, "aa01", NULL);

    reply = sw_test_peer_expect (client, "^REPLY (\\S+)", TIMEOUT_MS);
    g_assert_cmpstr (reply, ==, "aa01");
    stop_and_finalize (udp_peer_hears ("7468726565", "three"));
  }
  stop_and_finalize (relay);
  stop_and_finalize (udp_peer_hears ("666f7572", "four"));
}

/* Two UDP peers at once, and one bound after another closed (on the
 * descriptor the first one had, as likely as not). */
static void
test_two_udp_peers (void)
{
  SwUdpPeer *first = udp_peer_hears ("6f6e65", "one");
  SwUdpPeer *second = udp_peer_hears ("74776f", "two");

  stop_and_finalize (first);
  first = udp_peer_hears ("7468726565", "three");
  stop_and_finalize (second);
  stop_and_finalize (first);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/engine/tcp-client-connections", test_tcp_client_connections);
  g_test_add_func ("/sw/engine/tcp-server-connections", test_tcp_server_connections);
  g_test_add_func ("/sw/engine/udp-associations", test_udp_associations);
  g_test_add_func ("/sw/engine/udp-after-tcp-client", test_udp_after_tcp_client);
  g_test_add_func ("/sw/engine/tcp-client-after-udp", test_tcp_client_after_udp);
  g_test_add_func ("/sw/engine/udp-after-tcp-server", test_udp_after_tcp_server);
  g_test_add_func ("/sw/engine/udp-after-relay", test_udp_after_relay);
  g_test_add_func ("/sw/engine/two-udp-peers", test_two_udp_peers);

  return g_test_run ();
}
