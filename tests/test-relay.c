/* test-relay.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sw-endpoint.h"
#include "sw-relay.h"
#include "sw-tcp-server.h"
#include "sw-test-util.h"

#define TIMEOUT_MS 60000
#define BIG 268435456 /* 256 MiB */
#define MANY 1000

static char *
relay_port (SwRelay *relay)
{
  return g_strdup_printf ("%u", sw_relay_get_port (relay));
}

/* The relay's log: every payload of @direction, joined, as text. */
static char *
log_text (SwRelay     *relay,
          SwDirection  direction)
{
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (relay));
  GString *text = g_string_new (NULL);

  for (guint64 seq = sw_traffic_log_get_first_seq (log); seq < sw_traffic_log_get_end_seq (log); seq++)
    {
      SwTrafficRecord record;

      g_assert_true (sw_traffic_log_get_record (log, seq, &record));
      if (record.direction == direction)
        g_string_append_len (text, (const char *) record.data, record.length);
    }

  return g_string_free (text, FALSE);
}

static gboolean
has_no_connections (gpointer data)
{
  return g_list_model_get_n_items (sw_relay_get_connections (data)) == 0;
}

static void
test_http_through_relay (void)
{
  g_autofree char *root = g_dir_make_tmp ("sw-relay-XXXXXX", NULL);
  g_autofree char *page = g_build_filename (root, "page.html", NULL);
  g_autoptr(SwTestPeer) server = NULL;
  g_autoptr(SwTestPeer) curl = NULL;
  g_autoptr(SwRelay) relay = NULL;
  g_autofree char *url = NULL;
  g_autofree char *requests = NULL;
  g_autofree char *responses = NULL;
  g_autofree char *body = NULL;
  g_autofree char *events = NULL;
  guint16 port;

  g_assert_true (g_file_set_contents (page, "<p>through the relay</p>\n", -1, NULL));
  server = sw_test_peer_new ("python3", "-u", "-m", "http.server", "0",
                             "--bind", "127.0.0.1", "--directory", root, NULL);
  port = sw_test_peer_expect_port (server, "port (\\d+)");
  relay = sw_test_relay_new_started (SW_TRANSPORT_TCP, port);

  url = g_strdup_printf ("http://127.0.0.1:%u/page.html", sw_relay_get_port (relay));
  curl = sw_test_peer_new ("curl", "--silent", "--show-error", "--max-time", "30", url, NULL);
  body = sw_test_peer_expect (curl, "^(<p>.*</p>)$", TIMEOUT_MS);
  g_assert_cmpstr (body, ==, "<p>through the relay</p>");
  g_assert_cmpint (sw_test_peer_wait_exit (curl, TIMEOUT_MS), ==, 0);

  /* The log has both directions, each once. */
  sw_test_wait (has_no_connections, relay, TIMEOUT_MS, "the relayed connection to end");
  requests = log_text (relay, SW_DIRECTION_SENT);
  responses = log_text (relay, SW_DIRECTION_RECEIVED);
  g_assert_true (g_str_has_prefix (requests, "GET /page.html HTTP/1.1\r\n"));
  g_assert_nonnull (strstr (responses, "HTTP/1.0 200 OK\r\n"));
  g_assert_true (g_str_has_suffix (responses, "<p>through the relay</p>\n"));
  g_assert_null (strstr (responses, "GET /page.html"));

  events = sw_test_log_events (sw_engine_get_log (SW_ENGINE (relay)));
  g_assert_nonnull (strstr (events, "connecting to 127.0.0.1:"));
  g_assert_nonnull (strstr (events, "Relaying 127.0.0.1:"));

  g_unlink (page);
  g_rmdir (root);
}

static void
test_big_transfers_each_way (void)
{
  g_autoptr(SwTestPeer) sink = sw_test_peer_new ("stream_peer.py", "sink", NULL);
  g_autoptr(SwTestPeer) source = sw_test_peer_new ("stream_peer.py", "source", G_STRINGIFY (BIG), NULL);
  g_autoptr(SwRelay) to_sink = sw_test_relay_new_started (SW_TRANSPORT_TCP, sw_test_peer_expect_port (sink, "^PORT (\\d+)"));
  g_autoptr(SwRelay) from_source = sw_test_relay_new_started (SW_TRANSPORT_TCP, sw_test_peer_expect_port (source, "^PORT (\\d+)"));
  g_autofree char *sink_port = relay_port (to_sink);
  g_autofree char *source_port = relay_port (from_source);
  g_autoptr(SwTestPeer) client_source = NULL;
  g_autoptr(SwTestPeer) client_sink = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *arrived = NULL;
  g_autofree char *served = NULL;
  g_autofree char *fetched = NULL;
  SwTrafficTotals totals;

  /* Both at once: up through one relay, down through the other. The
   * client's half-close must reach the sink for it to answer. */
  client_source = sw_test_peer_new ("stream_peer.py", "client-source", "127.0.0.1", sink_port,
                                    G_STRINGIFY (BIG), NULL);
  client_sink = sw_test_peer_new ("stream_peer.py", "client-sink", "127.0.0.1", source_port, NULL);

  sent = sw_test_peer_expect (client_source, "^SHA256 (\\S+ BYTES \\d+)", TIMEOUT_MS);
  arrived = sw_test_peer_expect (sink, "^SHA256 (\\S+ BYTES \\d+)", TIMEOUT_MS);
  served = sw_test_peer_expect (source, "^SHA256 (\\S+ BYTES \\d+)", TIMEOUT_MS);
  fetched = sw_test_peer_expect (client_sink, "^SHA256 (\\S+ BYTES \\d+)", TIMEOUT_MS);
  g_assert_cmpstr (sent, ==, arrived);
  g_assert_cmpstr (served, ==, fetched);
  g_assert_true (g_str_has_suffix (sent, " BYTES " G_STRINGIFY (BIG)));
  g_assert_true (g_str_has_suffix (served, " BYTES " G_STRINGIFY (BIG)));

  sw_test_wait (has_no_connections, to_sink, TIMEOUT_MS, "the upload's end");
  sw_test_wait (has_no_connections, from_source, TIMEOUT_MS, "the download's end");

  /* The log counted every byte relayed, once. */
  sw_traffic_log_get_totals (sw_engine_get_log (SW_ENGINE (to_sink)), &totals);
  g_assert_cmpuint (totals.bytes_sent, ==, BIG);
  g_assert_cmpuint (totals.bytes_received, ==, 0);
  sw_traffic_log_get_totals (sw_engine_get_log (SW_ENGINE (from_source)), &totals);
  g_assert_cmpuint (totals.bytes_received, ==, BIG);
  g_assert_cmpuint (totals.bytes_sent, ==, 0);
  g_assert_cmpuint (sw_engine_get_bytes_received (SW_ENGINE (from_source)), ==, BIG);
}

static void
test_reset_and_refused (void)
{
  g_autoptr(SwTestPeer) resetter = sw_test_peer_new ("stream_peer.py", "reset", NULL);
  g_autoptr(SwRelay) relay = sw_test_relay_new_started (SW_TRANSPORT_TCP, sw_test_peer_expect_port (resetter, "^PORT (\\d+)"));
  g_autoptr(SwRelay) nowhere = sw_test_relay_new_started (SW_TRANSPORT_TCP,
                                                          sw_test_free_loopback_port (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM));
  g_autofree char *port = relay_port (relay);
  g_autofree char *nowhere_port = relay_port (nowhere);
  g_autoptr(SwTestPeer) client = NULL;
  g_autoptr(SwTestPeer) refused = NULL;
  g_autofree char *end = NULL;
  g_autofree char *events = NULL;
  SwTrafficConnection entry;
  SwTrafficRecord record;
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (relay));

  /* The upstream resets: so does the relay, towards the client. */
  client = sw_test_peer_new ("stream_peer.py", "client-talk", "127.0.0.1", port, NULL);
  end = sw_test_peer_expect (client, "^(EOF|RESET)", TIMEOUT_MS);
  g_assert_cmpstr (end, ==, "RESET");
  sw_test_wait (has_no_connections, relay, TIMEOUT_MS, "the reset to end the relay");
  events = sw_test_log_events (log);
  g_assert_nonnull (strstr (events, "The upstream side of 127.0.0.1:"));
  g_assert_nonnull (strstr (events, "the client side is reset too"));
  g_assert_true (sw_traffic_log_get_record (log, sw_traffic_log_get_end_seq (log) - 1, &record));
  g_assert_true (sw_traffic_log_get_connection (log, record.connection, &entry));
  g_assert_cmpint (entry.end, ==, SW_CONNECTION_END_RESET);
  g_assert_true (entry.relay);
  g_clear_pointer (&events, g_free);
  g_clear_pointer (&end, g_free);

  /* Nothing listens upstream: the client is closed, and the log says why. */
  refused = sw_test_peer_new ("stream_peer.py", "client-talk", "127.0.0.1", nowhere_port, NULL);
  end = sw_test_peer_expect (refused, "^(EOF|RESET)", TIMEOUT_MS);
  g_assert_cmpstr (end, ==, "EOF");
  sw_test_wait (has_no_connections, nowhere, TIMEOUT_MS, "the refused relay to end");
  events = sw_test_log_events (sw_engine_get_log (SW_ENGINE (nowhere)));
  g_assert_nonnull (strstr (events, "refused"));
  g_assert_nonnull (strstr (events, "closing the client 127.0.0.1:"));
}

static void
test_many_connections (void)
{
  g_autoptr(SwTcpServer) echo = sw_tcp_server_new (NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(SwRelay) relay = NULL;
  g_autoptr(SwTestPeer) clients = NULL;
  g_autofree char *port = NULL;
  g_autofree char *ok = NULL;
  g_autoptr(GError) error = NULL;

  sw_test_raise_fd_limit (4 * MANY + 256);
  sw_tcp_server_set_echo (echo, TRUE);
  g_assert_true (sw_tcp_server_listen (echo, loopback, 0, &error));
  g_assert_no_error (error);
  relay = sw_test_relay_new_started (SW_TRANSPORT_TCP, sw_tcp_server_get_port (echo));
  port = relay_port (relay);

  /* Each client says its own line and must get exactly it back. */
  clients = sw_test_peer_new ("many_clients.py", "echo", "127.0.0.1", port,
                              "--count", G_STRINGIFY (MANY), NULL);
  ok = sw_test_peer_expect (clients, "^(OK \\d+|FAIL.*)", TIMEOUT_MS);
  g_assert_cmpstr (ok, ==, "OK " G_STRINGIFY (MANY));
  g_assert_cmpuint (g_list_model_get_n_items (sw_relay_get_connections (relay)), ==, MANY);

  sw_test_peer_close_stdin (clients);
  g_assert_cmpint (sw_test_peer_wait_exit (clients, TIMEOUT_MS), ==, 0);
  sw_test_wait (has_no_connections, relay, TIMEOUT_MS, "every relayed connection to end");
  g_assert_true (has_no_connections (relay));
}

static void
inject_to_client (SwRelay    *relay,
                  guint16     client_port,
                  const char *payload)
{
  GListModel *connections = sw_relay_get_connections (relay);
  g_autofree char *suffix = g_strdup_printf (":%u", client_port);

  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr(SwRelayConnection) relayed = g_list_model_get_item (connections, i);
      g_autoptr(GBytes) bytes = g_bytes_new (payload, strlen (payload));
      g_autoptr(GError) error = NULL;

      if (!g_str_has_suffix (sw_connection_get_name (SW_CONNECTION (relayed)), suffix))
        continue;

      g_assert_true (sw_relay_connection_inject (relayed, SW_RELAY_TARGET_CLIENT, bytes, NULL, &error));
      g_assert_no_error (error);
      return;
    }

  g_assert_not_reached ();
}

static void
test_udp_clients_apart (void)
{
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("udp_peer.py", "echo", NULL);
  g_autoptr(SwRelay) relay = sw_test_relay_new_started (SW_TRANSPORT_UDP, sw_test_peer_expect_port (echo, "^PORT (\\d+)"));
  g_autofree char *port = relay_port (relay);
  g_autoptr(SwTestPeer) first = NULL;
  g_autoptr(SwTestPeer) second = NULL;
  g_autofree char *first_reply = NULL;
  g_autofree char *second_reply = NULL;
  g_autofree char *events = NULL;
  guint16 first_port, second_port;

  first = sw_test_peer_new ("udp_peer.py", "send", "127.0.0.1", port, "aa01", NULL);
  second = sw_test_peer_new ("udp_peer.py", "send", "127.0.0.1", port, "bb02", NULL);
  first_port = sw_test_peer_expect_port (first, "^PORT (\\d+)");
  second_port = sw_test_peer_expect_port (second, "^PORT (\\d+)");
  first_reply = sw_test_peer_expect (first, "^REPLY (\\S+)", TIMEOUT_MS);
  second_reply = sw_test_peer_expect (second, "^REPLY (\\S+)", TIMEOUT_MS);
  g_assert_cmpstr (first_reply, ==, "aa01");
  g_assert_cmpstr (second_reply, ==, "bb02");
  g_assert_cmpuint (g_list_model_get_n_items (sw_relay_get_connections (relay)), ==, 2);

  /* Typed into one client's association, towards the client: only that
   * client gets it, and each one's next datagram is its own. */
  inject_to_client (relay, first_port, "\xcc\x03");
  inject_to_client (relay, second_port, "\xdd\x04");
  g_clear_pointer (&first_reply, g_free);
  g_clear_pointer (&second_reply, g_free);
  first_reply = sw_test_peer_expect (first, "^REPLY (\\S+)", TIMEOUT_MS);
  second_reply = sw_test_peer_expect (second, "^REPLY (\\S+)", TIMEOUT_MS);
  g_assert_cmpstr (first_reply, ==, "cc03");
  g_assert_cmpstr (second_reply, ==, "dd04");

  /* Silent clients are forgotten after the idle timeout. */
  sw_relay_set_idle_timeout (relay, 1);
  sw_test_wait (has_no_connections, relay, TIMEOUT_MS, "the idle clients to be forgotten");
  events = sw_test_log_events (sw_engine_get_log (SW_ENGINE (relay)));
  g_assert_nonnull (strstr (events, "for 1 second: it is forgotten"));
}

static void
test_stop_while_resolving (void)
{
  g_autoptr(SwRelay) relay = sw_relay_new (NULL);
  g_autoptr(GSocketConnectable) upstream = g_network_address_new ("no-such-host.invalid", 80);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sw_relay_start_async (relay, SW_TRANSPORT_TCP, NULL, 0, upstream, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the lookup to fail");
  g_assert_false (sw_relay_start_finish (relay, result, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "no-such-host.invalid"));
  g_assert_false (sw_relay_get_running (relay));
  g_assert_cmpint (sw_engine_get_state (SW_ENGINE (relay)), ==, SW_CONNECTION_STATE_DISCONNECTED);
  g_assert_nonnull (sw_engine_get_last_error (SW_ENGINE (relay)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/relay/http-through-relay", test_http_through_relay);
  g_test_add_func ("/sw/relay/big-transfers-each-way", test_big_transfers_each_way);
  g_test_add_func ("/sw/relay/reset-and-refused", test_reset_and_refused);
  g_test_add_func ("/sw/relay/many-connections", test_many_connections);
  g_test_add_func ("/sw/relay/udp-clients-apart", test_udp_clients_apart);
  g_test_add_func ("/sw/relay/unresolvable-upstream", test_stop_while_resolving);

  return g_test_run ();
}
