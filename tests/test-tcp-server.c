/* test-tcp-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-endpoint.h"
#include "sw-tcp-server.h"
#include "sw-udp-peer.h"
#include "sw-test-util.h"

#define TIMEOUT_MS 20000
#define MANY 1000

static const char *test_binary;

static SwTcpServer *
listening_server (const char *address)
{
  g_autoptr(GInetAddress) inet = address != NULL ? g_inet_address_new_from_string (address) : NULL;
  g_autoptr(GError) error = NULL;
  SwTcpServer *server = sw_tcp_server_new (NULL);

  g_assert_true (sw_tcp_server_listen (server, inet, 0, &error));
  g_assert_no_error (error);
  g_assert_true (sw_tcp_server_get_listening (server));
  g_assert_cmpuint (sw_tcp_server_get_port (server), >, 0);

  return server;
}

/* A server that must be finalized when the test ends: nothing leaks it. */
typedef SwTcpServer SwTcpServer_;

static void
finalize_server (SwTcpServer *server)
{
  g_assert_finalize_object (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwTcpServer_, finalize_server)

static char *
socat_target (SwTcpServer *server,
              const char  *host)
{
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("TCP6:[%s]:%u", host, sw_tcp_server_get_port (server));

  return g_strdup_printf ("TCP4:%s:%u", host, sw_tcp_server_get_port (server));
}

/* socat relays our server to its stdin and stdout. */
static SwTestPeer *
socat_client (SwTcpServer *server,
              const char  *host)
{
  g_autofree char *target = socat_target (server, host);

  return sw_test_peer_new ("socat", "-", target, NULL);
}

typedef struct
{
  SwTcpServer *server;
  guint        n;
} NClients;

static gboolean
has_n_clients (gpointer data)
{
  NClients *wait = data;

  return g_list_model_get_n_items (sw_tcp_server_get_clients (wait->server)) == wait->n;
}

static void
wait_n_clients (SwTcpServer *server,
                guint        n)
{
  NClients wait = { server, n };
  g_autofree char *what = g_strdup_printf ("%u clients", n);

  sw_test_wait (has_n_clients, &wait, 60000, what);
}

static SwConnection *
get_client (SwTcpServer *server,
            guint        position)
{
  SwConnection *client = g_list_model_get_item (sw_tcp_server_get_clients (server), position);

  /* The model keeps its own reference. */
  g_object_unref (client);

  return client;
}

static void
peer_write_text (SwTestPeer *peer,
                 const char *text)
{
  sw_test_peer_write (peer, text, strlen (text));
}

static void
send_text (SwConnection *client,
           const char        *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  g_assert_true (sw_connection_send (client, bytes, &error));
  g_assert_no_error (error);
}

static void
test_listen_port_zero (void)
{
  g_autoptr(SwTcpServer_) server = listening_server ("127.0.0.1");
  g_autofree char *events = sw_test_log_events (sw_engine_get_log (SW_ENGINE (server)));
  g_autofree char *expected = g_strdup_printf ("Listening on 127.0.0.1:%u", sw_tcp_server_get_port (server));
  GSocketAddress *local = sw_engine_get_local_address (SW_ENGINE (server));

  g_assert_nonnull (strstr (events, expected));
  g_assert_cmpuint (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)), ==,
                    sw_tcp_server_get_port (server));

  sw_tcp_server_stop (server, TRUE);
  g_assert_false (sw_tcp_server_get_listening (server));
  g_assert_cmpuint (sw_tcp_server_get_port (server), ==, 0);
}

static void
test_echo_socat_and_ncat (void)
{
  g_autoptr(SwTcpServer_) server = listening_server ("127.0.0.1");
  g_autoptr(SwTestPeer) socat = NULL;
  g_autoptr(SwTestPeer) ncat = NULL;
  g_autofree char *port = g_strdup_printf ("%u", sw_tcp_server_get_port (server));
  g_autofree char *line = NULL;
  SwTrafficTotals totals;

  sw_tcp_server_set_echo (server, TRUE);

  socat = socat_client (server, "127.0.0.1");
  ncat = sw_test_peer_new ("ncat", "127.0.0.1", port, NULL);
  wait_n_clients (server, 2);

  peer_write_text (socat, "hello from socat\n");
  line = sw_test_peer_expect (socat, "^hello from socat$", TIMEOUT_MS);
  g_clear_pointer (&line, g_free);

  peer_write_text (ncat, "你好 from ncat\n");
  line = sw_test_peer_expect (ncat, "^你好 from ncat$", TIMEOUT_MS);

  sw_traffic_log_get_totals (sw_engine_get_log (SW_ENGINE (server)), &totals);
  g_assert_cmpuint (totals.bytes_received, ==, 17 + strlen ("你好 from ncat\n"));
  g_assert_cmpuint (totals.bytes_sent, ==, 17 + strlen ("你好 from ncat\n"));
}

static void
test_send_to_one_and_all (void)
{
  g_autoptr(SwTcpServer_) server = listening_server ("127.0.0.1");
  g_autoptr(SwTestPeer) first = socat_client (server, "127.0.0.1");
  g_autoptr(SwTestPeer) second = NULL;
  g_autoptr(GBytes) everyone = g_bytes_new_static ("to everyone\n", 12);
  g_autofree char *line = NULL;
  SwConnection *client;

  wait_n_clients (server, 1);
  second = socat_client (server, "127.0.0.1");
  wait_n_clients (server, 2);

  /* Clients are listed in the order they came. */
  client = get_client (server, 0);
  g_assert_cmpint (sw_connection_get_state (client), ==, SW_CONNECTION_STATE_CONNECTED);
  g_assert_cmpint (sw_connection_get_connected_time (client), >, 0);
  g_assert_true (g_str_has_prefix (sw_connection_get_name (client), "127.0.0.1:"));

  send_text (client, "only to you\n");
  line = sw_test_peer_expect (first, "^only to you$", TIMEOUT_MS);
  g_clear_pointer (&line, g_free);

  g_assert_cmpuint (sw_tcp_server_send_to_all (server, everyone), ==, 2);
  line = sw_test_peer_expect (first, "^to everyone$", TIMEOUT_MS);
  g_clear_pointer (&line, g_free);
  /* The second client's first line is the one to everyone. */
  line = sw_test_peer_expect (second, ".+", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, "to everyone");

  /* Per-client counters, notified in batches. */
  sw_traffic_log_flush (sw_engine_get_log (SW_ENGINE (server)));
  g_assert_cmpuint (sw_connection_get_bytes_sent (get_client (server, 0)), ==, 24);
  g_assert_cmpuint (sw_connection_get_bytes_sent (get_client (server, 1)), ==, 12);
}

static gboolean
request_complete (gpointer data)
{
  GByteArray *request = data;

  return request->len > 0 && g_strstr_len ((const char *) request->data, request->len, "\r\n\r\n") != NULL;
}

static void
collect_cb (SwTcpServer  *server,
            SwConnection *client,
            GBytes       *bytes,
            GByteArray   *collected)
{
  g_byte_array_append (collected, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_http_client (void)
{
  g_autoptr(SwTcpServer_) server = listening_server ("127.0.0.1");
  g_autofree char *port = g_strdup_printf ("%u", sw_tcp_server_get_port (server));
  g_autoptr(SwTestPeer) client = sw_test_peer_new ("http_client.py", "127.0.0.1", port, NULL);
  g_autoptr(GByteArray) request = g_byte_array_new ();
  const char *response = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nhi\n";
  g_autofree char *response_hex = NULL;
  g_autofree char *expected_hex = NULL;
  g_autofree char *text = NULL;
  g_autofree char *events = NULL;
  GString *hex = g_string_new (NULL);

  g_signal_connect (server, "received", G_CALLBACK (collect_cb), request);
  wait_n_clients (server, 1);
  sw_test_wait (request_complete, request, TIMEOUT_MS, "the request");
  text = g_strndup ((const char *) request->data, request->len);
  g_assert_true (g_str_has_prefix (text, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"));

  /* Answer and close, as an HTTP/1.0-style server does. */
  send_text (get_client (server, 0), response);
  sw_connection_disconnect (get_client (server, 0));

  response_hex = sw_test_peer_expect (client, "^RESPONSE ([0-9a-f]*)$", TIMEOUT_MS);
  for (const char *p = response; *p; p++)
    g_string_append_printf (hex, "%02x", (guchar) *p);
  expected_hex = g_string_free (hex, FALSE);
  g_assert_cmpstr (response_hex, ==, expected_hex);

  wait_n_clients (server, 0);
  events = sw_test_log_events (sw_engine_get_log (SW_ENGINE (server)));
  g_assert_nonnull (strstr (events, "Disconnected client 127.0.0.1:"));
}

static void
test_many_clients_echo (void)
{
  g_autoptr(SwTcpServer_) server = NULL;
  g_autoptr(SwTestPeer) clients = NULL;
  g_autofree char *port = NULL;
  g_autofree char *count = g_strdup_printf ("%u", MANY);
  g_autofree char *ok = NULL;
  SwTrafficTotals totals;

  if (sw_test_raise_fd_limit (MANY * 2 + 200) < MANY * 2 + 100)
    {
      g_test_skip ("the open files limit is too low for 1,000 clients");
      return;
    }

  server = listening_server ("127.0.0.1");
  sw_tcp_server_set_echo (server, TRUE);
  port = g_strdup_printf ("%u", sw_tcp_server_get_port (server));
  clients = sw_test_peer_new ("many_clients.py", "echo", "127.0.0.1", port, "--count", count, NULL);

  /* Each sent a distinct message and got exactly it back. */
  ok = sw_test_peer_expect (clients, "^(OK \\d+|FAIL.*)$", 120000);
  g_assert_cmpstr (ok, ==, "OK 1000");

  wait_n_clients (server, MANY);
  sw_traffic_log_get_totals (sw_engine_get_log (SW_ENGINE (server)), &totals);
  g_assert_cmpuint (totals.bytes_received, ==, MANY * 23);
  g_assert_cmpuint (totals.bytes_sent, ==, MANY * 23);

  /* They all leave when the peer exits. */
  sw_test_peer_close_stdin (clients);
  wait_n_clients (server, 0);
}

static void
test_many_clients_send_to_all (void)
{
  g_autoptr(SwTcpServer_) server = NULL;
  g_autoptr(SwTestPeer) clients = NULL;
  g_autoptr(GBytes) message = g_bytes_new_static ("hello, everyone\n", 16);
  g_autofree char *port = NULL;
  g_autofree char *count = g_strdup_printf ("%u", MANY);
  g_autofree char *line = NULL;

  if (sw_test_raise_fd_limit (MANY * 2 + 200) < MANY * 2 + 100)
    {
      g_test_skip ("the open files limit is too low for 1,000 clients");
      return;
    }

  server = listening_server ("127.0.0.1");
  port = g_strdup_printf ("%u", sw_tcp_server_get_port (server));
  clients = sw_test_peer_new ("many_clients.py", "broadcast", "127.0.0.1", port, "--count", count, NULL);

  line = sw_test_peer_expect (clients, "^CONNECTED (\\d+)$", 120000);
  g_assert_cmpstr (line, ==, "1000");
  wait_n_clients (server, MANY);

  g_assert_cmpuint (sw_tcp_server_send_to_all (server, message), ==, MANY);
  g_clear_pointer (&line, g_free);
  line = sw_test_peer_expect (clients, "^(OK \\d+|FAIL.*)$", 120000);
  g_assert_cmpstr (line, ==, "OK 1000");

  sw_test_peer_close_stdin (clients);
  wait_n_clients (server, 0);
}

static void
test_port_in_use (void)
{
  g_autoptr(SwTcpServer_) first = listening_server ("127.0.0.1");
  g_autoptr(SwTcpServer_) second = sw_tcp_server_new (NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;
  g_autofree char *expected = NULL;

  g_assert_false (sw_tcp_server_listen (second, loopback, sw_tcp_server_get_port (first), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  expected = g_strdup_printf ("127.0.0.1:%u is already in use", sw_tcp_server_get_port (first));
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_error (sw_engine_get_last_error (SW_ENGINE (second)), G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  events = sw_test_log_events (sw_engine_get_log (SW_ENGINE (second)));
  g_assert_nonnull (strstr (events, expected));
  g_assert_false (sw_tcp_server_get_listening (second));

  /* The first is untouched, and the second can listen elsewhere. */
  g_assert_true (sw_tcp_server_get_listening (first));
  g_assert_true (sw_tcp_server_listen (second, loopback, 0, NULL));
  g_assert_null (sw_engine_get_last_error (SW_ENGINE (second)));
}

static void
test_permission_denied (void)
{
  g_autoptr(SwTcpServer_) server = sw_tcp_server_new (NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocket) probe = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) privileged = g_inet_socket_address_new (loopback, 1);
  g_autoptr(GError) error = NULL;

  if (g_socket_bind (probe, privileged, TRUE, NULL))
    {
      g_autofree char *setpriv = g_find_program_in_path ("setpriv");
      g_autoptr(SwTestPeer) unprivileged = NULL;
      g_autofree char *result = NULL;

      /* As root (as in CI), run this test again as nobody. */
      if (setpriv == NULL || g_getenv ("SW_TEST_UNPRIVILEGED") != NULL)
        {
          g_test_skip ("this process may use ports below 1024 and cannot drop that right");
          return;
        }

      g_setenv ("SW_TEST_UNPRIVILEGED", "1", TRUE);
      unprivileged = sw_test_peer_new (setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                                       "--", test_binary, "-p", "/sw/tcp-server/permission-denied",
                                       NULL);
      g_unsetenv ("SW_TEST_UNPRIVILEGED");
      result = sw_test_peer_expect (unprivileged,
                                    "^(ok 1 /sw/tcp-server/permission-denied|not ok .*|setpriv: .*)$",
                                    TIMEOUT_MS);
      if (g_str_has_prefix (result, "setpriv: "))
        {
          /* e.g. the build lies under a folder nobody may enter. */
          g_test_skip_printf ("cannot run the test as nobody: %s", result);
          return;
        }
      g_assert_cmpstr (result, ==, "ok 1 /sw/tcp-server/permission-denied");
      g_assert_cmpint (sw_test_peer_wait_exit (unprivileged, TIMEOUT_MS), ==, 0);
      return;
    }

  g_assert_false (sw_tcp_server_listen (server, loopback, 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "1024"));
}

/* The body of test_link_local(), in a network namespace whose loopback
 * has the link-local address fe80::1. */
static void
link_local_in_namespace (void)
{
  const SwEndpointFlags flags = SW_ENDPOINT_FLAGS_ALLOW_PORT_ZERO | SW_ENDPOINT_FLAGS_ALLOW_ANY_HOST;
  g_autoptr(SwTcpServer_) server = sw_tcp_server_new (NULL);
  g_autoptr(SwUdpPeer) peer = sw_udp_peer_new (NULL);
  g_autoptr(SwEndpoint) scoped = sw_endpoint_parse ("fe80::1%lo", "0", flags, NULL);
  g_autoptr(SwEndpoint) unscoped = sw_endpoint_new ("fe80::1", 0);
  g_autoptr(SwEndpoint) unknown = sw_endpoint_parse ("fe80::1%sw-none0", "0", flags, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *local = NULL;

  /* Without its interface, the address cannot be listened on; the
   * message says where. */
  g_assert_false (sw_tcp_server_listen_endpoint (server, unscoped, &error));
  g_assert_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST);
  g_assert_cmpstr (error->message, ==, "fe80::1 is a link-local address: add the network interface it is on, "
                                       "as in “fe80::1%eth0”");
  g_clear_error (&error);

  g_assert_false (sw_tcp_server_listen_endpoint (server, unknown, &error));
  g_assert_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST);
  g_assert_nonnull (strstr (error->message, "names a network interface this computer does not have"));
  g_clear_error (&error);

  g_assert_true (sw_tcp_server_listen_endpoint (server, scoped, &error));
  g_assert_no_error (error);
  local = sw_socket_address_to_string (sw_engine_get_local_address (SW_ENGINE (server)));
  g_assert_true (g_str_has_prefix (local, "[fe80::1%"));

  address = g_inet_socket_address_new_from_string ("fe80::1%lo", sw_tcp_server_get_port (server));
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
  g_assert_no_error (error);
  wait_n_clients (server, 1);

  g_assert_true (sw_udp_peer_bind_endpoint (peer, scoped, &error));
  g_assert_no_error (error);
  g_assert_true (sw_udp_peer_get_bound (peer));
}

/* #14: a link-local IPv6 address is listened on with its interface, as
 * in "fe80::1%lo". The loopback has no such address; where this process
 * may make a network namespace (as root, as in CI), the test runs again
 * in one, where it has. */
static void
test_link_local (void)
{
  g_autofree char *unshare = NULL;
  g_autoptr(SwTestPeer) inner = NULL;
  g_autofree char *result = NULL;

  if (g_getenv ("SW_TEST_NETNS") != NULL)
    {
      link_local_in_namespace ();
      return;
    }

  unshare = g_find_program_in_path ("unshare");
  if (unshare == NULL)
    {
      g_test_skip ("unshare (util-linux) is not installed");
      return;
    }

  g_setenv ("SW_TEST_NETNS", "1", TRUE);
  inner = sw_test_peer_new (unshare, "--net", "sh", "-c",
                            "ip link set lo up && ip address add fe80::1/64 dev lo nodad && "
                            "exec \"$0\" -p /sw/tcp-server/link-local",
                            test_binary, NULL);
  g_unsetenv ("SW_TEST_NETNS");
  result = sw_test_peer_expect (inner, "^(ok 1 /sw/tcp-server/link-local|not ok .*|unshare: .*|.*(RTNETLINK|ip: ).*)$",
                                TIMEOUT_MS);
  if (g_str_has_prefix (result, "unshare: ") || strstr (result, "RTNETLINK") || strstr (result, "ip: "))
    {
      g_test_skip_printf ("cannot make a network namespace with a link-local address: %s", result);
      return;
    }
  g_assert_cmpstr (result, ==, "ok 1 /sw/tcp-server/link-local");
  g_assert_cmpint (sw_test_peer_wait_exit (inner, TIMEOUT_MS), ==, 0);
}

static void
test_stop_keeps_clients (void)
{
  g_autoptr(SwTcpServer_) server = listening_server ("127.0.0.1");
  g_autoptr(SwTestPeer) client = socat_client (server, "127.0.0.1");
  g_autoptr(GSocketClient) late = g_socket_client_new ();
  g_autoptr(GSocketConnection) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  guint16 port = sw_tcp_server_get_port (server);

  wait_n_clients (server, 1);
  sw_tcp_server_stop (server, FALSE);
  g_assert_false (sw_tcp_server_get_listening (server));

  /* Nobody new gets in… */
  refused = g_socket_client_connect_to_host (late, "127.0.0.1", port, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);

  /* …and the client that is there still talks. */
  send_text (get_client (server, 0), "still here\n");
  line = sw_test_peer_expect (client, "^still here$", TIMEOUT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (sw_tcp_server_get_clients (server)), ==, 1);

  /* Closing them all is the other choice. */
  sw_tcp_server_disconnect_all (server);
  wait_n_clients (server, 0);
  g_assert_cmpint (sw_test_peer_wait_exit (client, TIMEOUT_MS), ==, 0);
}

static void
test_client_leaves (void)
{
  g_autoptr(SwTcpServer_) server = listening_server ("127.0.0.1");
  g_autoptr(SwTestPeer) first = socat_client (server, "127.0.0.1");
  g_autoptr(SwTestPeer) second = NULL;
  g_autofree char *events = NULL;
  g_autofree char *name = NULL;

  wait_n_clients (server, 1);
  second = socat_client (server, "127.0.0.1");
  wait_n_clients (server, 2);
  name = g_strdup (sw_connection_get_name (get_client (server, 0)));

  /* The first closes its side: the server notices, the second stays. */
  sw_test_peer_close_stdin (first);
  wait_n_clients (server, 1);
  g_assert_cmpstr (sw_connection_get_name (get_client (server, 0)), !=, name);

  events = sw_test_log_events (sw_engine_get_log (SW_ENGINE (server)));
  g_assert_nonnull (strstr (events, "closed the connection"));
  g_assert_nonnull (strstr (events, name));
}

static void
test_dual_stack (void)
{
  g_autoptr(SwTcpServer_) server = NULL;
  g_autoptr(SwTestPeer) v4 = NULL;
  g_autoptr(SwTestPeer) v6 = NULL;
  g_autofree char *line = NULL;

  if (sw_test_free_loopback_port (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_STREAM) == 0)
    {
      g_test_skip ("no IPv6 loopback here");
      return;
    }

  /* Every interface, both families, on one port. */
  server = listening_server (NULL);
  sw_tcp_server_set_echo (server, TRUE);
  v4 = socat_client (server, "127.0.0.1");
  wait_n_clients (server, 1);
  v6 = socat_client (server, "::1");
  wait_n_clients (server, 2);

  /* An IPv4 client of a dual-stack socket is named as IPv4. */
  g_assert_true (g_str_has_prefix (sw_connection_get_name (get_client (server, 0)), "127.0.0.1:"));
  g_assert_true (g_str_has_prefix (sw_connection_get_name (get_client (server, 1)), "[::1]:"));

  peer_write_text (v6, "over six\n");
  line = sw_test_peer_expect (v6, "^over six$", TIMEOUT_MS);
}

int
main (int   argc,
      char *argv[])
{
  test_binary = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/tcp-server/listen-port-zero", test_listen_port_zero);
  g_test_add_func ("/sw/tcp-server/echo-socat-and-ncat", test_echo_socat_and_ncat);
  g_test_add_func ("/sw/tcp-server/send-to-one-and-all", test_send_to_one_and_all);
  g_test_add_func ("/sw/tcp-server/http-client", test_http_client);
  g_test_add_func ("/sw/tcp-server/many-clients-echo", test_many_clients_echo);
  g_test_add_func ("/sw/tcp-server/many-clients-send-to-all", test_many_clients_send_to_all);
  g_test_add_func ("/sw/tcp-server/port-in-use", test_port_in_use);
  g_test_add_func ("/sw/tcp-server/link-local", test_link_local);
  g_test_add_func ("/sw/tcp-server/permission-denied", test_permission_denied);
  g_test_add_func ("/sw/tcp-server/stop-keeps-clients", test_stop_keeps_clients);
  g_test_add_func ("/sw/tcp-server/client-leaves", test_client_leaves);
  g_test_add_func ("/sw/tcp-server/dual-stack", test_dual_stack);

  return g_test_run ();
}
