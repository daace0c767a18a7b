/* test-tcp-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-core-enums.h"
#include "sw-endpoint.h"
#include "sw-tcp-client.h"
#include "sw-test-util.h"

#define TIMEOUT_MS 20000
#define TRANSFER_SIZE (256 * 1024 * 1024)

typedef struct
{
  SwTcpClient *client;
  GByteArray  *received;
  GChecksum   *checksum;
  guint64      received_bytes;
  GArray      *states;
} Session;

static void
received_cb (SwTcpClient  *client,
             SwConnection *connection,
             GBytes       *bytes,
             Session      *session)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  session->received_bytes += length;
  if (session->checksum != NULL)
    g_checksum_update (session->checksum, data, length);
  else
    g_byte_array_append (session->received, data, length);
}

static void
state_cb (SwTcpClient *client,
          GParamSpec  *pspec,
          Session     *session)
{
  SwConnectionState state = sw_engine_get_state (SW_ENGINE (client));

  g_array_append_val (session->states, state);
}

static Session *
session_new (void)
{
  Session *session = g_new0 (Session, 1);

  session->client = sw_tcp_client_new (NULL);
  session->received = g_byte_array_new ();
  session->states = g_array_new (FALSE, FALSE, sizeof (SwConnectionState));
  g_signal_connect (session->client, "received", G_CALLBACK (received_cb), session);
  g_signal_connect (session->client, "notify::state", G_CALLBACK (state_cb), session);

  return session;
}

static void
session_free (Session *session)
{
  g_object_add_weak_pointer (G_OBJECT (session->client), (gpointer *) &session->client);
  g_object_unref (session->client);
  g_assert_null (session->client);
  g_byte_array_unref (session->received);
  g_clear_pointer (&session->checksum, g_checksum_free);
  g_array_unref (session->states);
  g_free (session);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Session, session_free)

static gboolean
session_connect (Session             *session,
                 GSocketConnectable  *address,
                 GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sw_tcp_client_connect_async (session->client, address, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the connection");

  return sw_tcp_client_connect_finish (session->client, result, error);
}

static void
session_connect_to (Session    *session,
                    const char *host,
                    guint16     port)
{
  g_autoptr(GSocketConnectable) address = g_network_address_new (host, port);
  g_autoptr(GError) error = NULL;

  g_assert_true (session_connect (session, address, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sw_engine_get_state (SW_ENGINE (session->client)), ==, SW_CONNECTION_STATE_CONNECTED);
}

typedef struct
{
  Session *session;
  gsize    length;
} ReceivedAtLeast;

static gboolean
has_received (gpointer data)
{
  ReceivedAtLeast *wait = data;

  return wait->session->received_bytes >= wait->length;
}

static void
session_wait_received (Session *session,
                       gsize    length)
{
  ReceivedAtLeast wait = { session, length };

  sw_test_wait (has_received, &wait, TIMEOUT_MS, "data from the peer");
}

static gboolean
is_disconnected (gpointer data)
{
  Session *session = data;

  return sw_engine_get_state (SW_ENGINE (session->client)) == SW_CONNECTION_STATE_DISCONNECTED;
}

static void
session_send (Session    *session,
              const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  g_assert_true (sw_engine_send (SW_ENGINE (session->client), NULL, bytes, &error));
  g_assert_no_error (error);
}

/* Finds the first record at or after *seq with @direction; returns it in
 * @record and moves *seq past it. */
static gboolean
find_record (SwTrafficLog    *log,
             guint64         *seq,
             SwDirection      direction,
             SwTrafficRecord *record)
{
  for (; *seq < sw_traffic_log_get_end_seq (log); (*seq)++)
    {
      g_assert_true (sw_traffic_log_get_record (log, *seq, record));
      if (record->direction == direction)
        {
          (*seq)++;
          return TRUE;
        }
    }

  return FALSE;
}

static char *
event_text (const SwTrafficRecord *record)
{
  return g_strndup ((const char *) record->data, record->length);
}

static void
check_echo (const char *host)
{
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("echo_server.py", "--host", host, NULL);
  guint16 port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  g_autoptr(Session) session = session_new ();
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (session->client));
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *events = NULL;
  g_autofree char *text = NULL;
  g_autofree char *port_suffix = g_strdup_printf (":%u", port);
  SwTrafficRecord record;
  SwTrafficTotals totals;
  guint64 seq;

  session_connect_to (session, host, port);

  /* It went through the states a person sees. */
  g_assert_cmpuint (session->states->len, >=, 3);
  g_assert_cmpint (g_array_index (session->states, SwConnectionState, 0), ==, SW_CONNECTION_STATE_RESOLVING);
  g_assert_cmpint (g_array_index (session->states, SwConnectionState, session->states->len - 1),
                   ==, SW_CONNECTION_STATE_CONNECTED);

  g_assert_nonnull (sw_engine_get_local_address (SW_ENGINE (session->client)));
  g_assert_nonnull (sw_tcp_client_get_remote_address (session->client));
  g_assert_cmpint (sw_tcp_client_get_connected_time (session->client), >, 0);
  remote = sw_socket_address_to_string (sw_tcp_client_get_remote_address (session->client));
  g_assert_true (g_str_has_suffix (remote, port_suffix));

  session_send (session, "hello, echo\r\n");
  session_send (session, "second line\n");
  session_wait_received (session, 25);
  g_assert_cmpmem (session->received->data, session->received->len,
                   "hello, echo\r\nsecond line\n", 25);

  /* The log holds the same, in order: connected, sent, received. */
  seq = sw_traffic_log_get_first_seq (log);
  g_assert_true (find_record (log, &seq, SW_DIRECTION_EVENT, &record));
  g_assert_cmpint (record.event_kind, ==, SW_EVENT_KIND_INFO);
  g_assert_true (find_record (log, &seq, SW_DIRECTION_EVENT, &record));
  g_assert_cmpint (record.event_kind, ==, SW_EVENT_KIND_CONNECTED);
  text = event_text (&record);
  g_assert_nonnull (strstr (text, remote));
  g_assert_true (find_record (log, &seq, SW_DIRECTION_SENT, &record));
  g_assert_cmpmem (record.data, record.length, "hello, echo\r\n", 13);
  g_assert_cmpstr (record.peer, ==, remote);

  sw_traffic_log_get_totals (log, &totals);
  g_assert_cmpuint (totals.bytes_sent, ==, 25);
  g_assert_cmpuint (totals.bytes_received, ==, 25);
  sw_traffic_log_flush (log);
  g_assert_cmpuint (sw_engine_get_bytes_received (SW_ENGINE (session->client)), ==, 25);
  g_assert_cmpuint (sw_engine_get_bytes_sent (SW_ENGINE (session->client)), ==, 25);

  sw_tcp_client_disconnect (session->client);
  g_assert_cmpint (sw_engine_get_state (SW_ENGINE (session->client)), ==, SW_CONNECTION_STATE_DISCONNECTED);
  g_assert_null (sw_tcp_client_get_remote_address (session->client));
  events = sw_test_log_events (log);
  g_assert_nonnull (strstr (events, "Disconnected"));

  /* What the log holds stays after the connection ends. */
  sw_traffic_log_get_totals (log, &totals);
  g_assert_cmpuint (totals.bytes_received, ==, 25);

  /* And it can connect again. */
  session_connect_to (session, host, port);
  session_send (session, "again");
  session_wait_received (session, 30);
  sw_tcp_client_disconnect (session->client);
}

static void
test_echo_ipv4 (void)
{
  check_echo ("127.0.0.1");
}

static void
test_echo_ipv6 (void)
{
  if (sw_test_free_loopback_port (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_STREAM) == 0)
    {
      g_test_skip ("no IPv6 loopback here");
      return;
    }

  check_echo ("::1");
}

static void
test_echo_localhost (void)
{
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("echo_server.py", NULL);
  guint16 port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  g_autoptr(Session) session = session_new ();

  /* A name resolved by GIO, whichever families it gives. */
  session_connect_to (session, "localhost", port);
  session_send (session, "by name");
  session_wait_received (session, 7);
  g_assert_cmpmem (session->received->data, session->received->len, "by name", 7);
}

static void
test_socat_echo (void)
{
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("socat", "-d", "-d",
                                                 "TCP-LISTEN:0,bind=127.0.0.1,reuseaddr,fork",
                                                 "EXEC:cat", NULL);
  guint16 port = sw_test_peer_expect_port (peer, "listening on .*:(\\d+)$");
  g_autoptr(Session) session = session_new ();
  static const guint8 binary[] = { 0x00, 0xff, 0x0d, 0x0a, 0x80, 0x7f, 0x1b, 0x00 };
  g_autoptr(GBytes) bytes = g_bytes_new_static (binary, sizeof binary);

  session_connect_to (session, "127.0.0.1", port);
  g_assert_true (sw_engine_send (SW_ENGINE (session->client), NULL, bytes, NULL));
  session_wait_received (session, sizeof binary);
  g_assert_cmpmem (session->received->data, session->received->len, binary, sizeof binary);
}

static void
test_greeting_first (void)
{
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("hello_server.py", NULL);
  guint16 port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  g_autoptr(Session) session = session_new ();
  g_autofree char *events = NULL;
  g_autofree char *closed = NULL;

  session_connect_to (session, "127.0.0.1", port);

  /* The greeting comes before anything is sent. */
  session_wait_received (session, 5);
  g_assert_cmpmem (session->received->data, session->received->len, "Hello", 5);

  session_send (session, "mike");
  session_wait_received (session, 5 + 11);
  g_assert_cmpmem (session->received->data + 5, 11, "Hello,mike!", 11);

  /* "exit" makes the server close: a clear event, and back to disconnected. */
  session_send (session, "exit");
  g_free (sw_test_peer_expect (peer, "^CLOSED", TIMEOUT_MS));
  sw_test_wait (is_disconnected, session, TIMEOUT_MS, "the server to close");
  events = sw_test_log_events (sw_engine_get_log (SW_ENGINE (session->client)));
  closed = g_strdup_printf ("Connection closed by 127.0.0.1:%u", port);
  g_assert_nonnull (strstr (events, closed));
  g_assert_null (sw_engine_get_last_error (SW_ENGINE (session->client)));
}

static void
test_http_request (void)
{
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("http_server.py", NULL);
  guint16 port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  g_autoptr(Session) session = session_new ();
  const char *request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  g_autofree char *request_hex = NULL;
  g_autofree char *expected_hex = NULL;
  g_autofree char *text = NULL;

  session_connect_to (session, "127.0.0.1", port);
  session_send (session, request);

  request_hex = sw_test_peer_expect (peer, "^REQUEST ([0-9a-f]+)", TIMEOUT_MS);
  expected_hex = g_strdup ("474554202f20485454502f312e310d0a486f73743a203132372e302e302e310d0a436f6e6e656374696f6e3a20636c6f73650d0a0d0a");
  g_assert_cmpstr (request_hex, ==, expected_hex);

  /* The response ends with the server closing. */
  sw_test_wait (is_disconnected, session, TIMEOUT_MS, "the server to close");
  text = g_strndup ((const char *) session->received->data, session->received->len);
  g_assert_true (g_str_has_prefix (text, "HTTP/1.1 200 OK\r\n"));
  g_assert_true (g_str_has_suffix (text, "Hello from the test server</body></html>\n"));
  g_assert_nonnull (strstr (text, "\r\n\r\n"));
}

static void
test_transfer_upload (void)
{
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("stream_peer.py", "sink", NULL);
  guint16 port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  g_autoptr(Session) session = session_new ();
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (session->client));
  g_autofree char *digest = NULL;
  g_autofree char *expected = NULL;
  SwTrafficTotals totals;
  gsize chunk;

  session_connect_to (session, "127.0.0.1", port);

  for (gsize sent = 0; sent < TRANSFER_SIZE; sent += chunk)
    {
      guint32 *data;
      g_autoptr(GBytes) bytes = NULL;

      /* First a block larger than the kernel takes at once. */
      chunk = sent == 0 ? 64 * 1024 * 1024 : 1024 * 1024;
      data = g_malloc (chunk);
      for (gsize i = 0; i < chunk / 4; i++)
        data[i] = g_rand_int (rand);
      g_checksum_update (checksum, (const guchar *) data, chunk);
      bytes = g_bytes_new_take (data, chunk);
      g_assert_true (sw_engine_send (SW_ENGINE (session->client), NULL, bytes, NULL));

      /* What it did not take waits in the client's queue. */
      if (sent == 0)
        {
          g_assert_cmpuint (sw_engine_get_pending_bytes (SW_ENGINE (session->client)), >, 0);
          g_assert_cmpuint (sw_engine_get_pending_bytes (SW_ENGINE (session->client)), <, chunk);
        }
    }

  /* Half-close: the peer sees the end of the data, and can still answer. */
  g_assert_true (sw_tcp_client_shutdown_write (session->client, NULL));

  digest = sw_test_peer_expect (peer, "^SHA256 (.*)$", 120000);
  expected = g_strdup_printf ("%s BYTES %u", g_checksum_get_string (checksum), TRANSFER_SIZE);
  g_assert_cmpstr (digest, ==, expected);
  g_assert_cmpuint (sw_engine_get_pending_bytes (SW_ENGINE (session->client)), ==, 0);

  sw_test_wait (is_disconnected, session, TIMEOUT_MS, "the peer to close");
  sw_traffic_log_get_totals (log, &totals);
  g_assert_cmpuint (totals.bytes_sent, ==, TRANSFER_SIZE);
  /* The log kept its cap while counting every byte. */
  g_assert_cmpuint (sw_traffic_log_get_bytes_held (log), <=, SW_TRAFFIC_LOG_DEFAULT_BYTE_CAP);
  g_assert_cmpuint (totals.records_trimmed, >, 0);
}

static void
test_transfer_download (void)
{
  g_autofree char *size = g_strdup_printf ("%u", TRANSFER_SIZE);
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("stream_peer.py", "source", size, NULL);
  guint16 port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  g_autoptr(Session) session = session_new ();
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (session->client));
  g_autofree char *digest = NULL;
  g_autofree char *expected = NULL;
  SwTrafficTotals totals;

  session->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  session_connect_to (session, "127.0.0.1", port);

  digest = sw_test_peer_expect (peer, "^SHA256 (.*)$", 120000);
  session_wait_received (session, TRANSFER_SIZE);
  /* The peer closes after sending; we close too, and it is all here. */
  sw_test_wait (is_disconnected, session, TIMEOUT_MS, "the peer to close");

  expected = g_strdup_printf ("%s BYTES %" G_GUINT64_FORMAT,
                              g_checksum_get_string (session->checksum),
                              session->received_bytes);
  g_assert_cmpstr (digest, ==, expected);

  sw_traffic_log_get_totals (log, &totals);
  g_assert_cmpuint (totals.bytes_received, ==, TRANSFER_SIZE);
  g_assert_cmpuint (session->received_bytes, ==, TRANSFER_SIZE);
}

static void
test_refused (void)
{
  g_autoptr(Session) session = session_new ();
  g_autoptr(GSocket) holder = NULL;
  g_autoptr(GSocketConnectable) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;
  const GError *last_error;
  /* Nothing listens there: a connect is refused. */
  guint16 port = sw_test_free_loopback_port (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM);

  address = g_network_address_new ("127.0.0.1", port);
  g_assert_false (session_connect (session, address, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);

  g_assert_cmpint (sw_engine_get_state (SW_ENGINE (session->client)), ==, SW_CONNECTION_STATE_DISCONNECTED);
  last_error = sw_engine_get_last_error (SW_ENGINE (session->client));
  g_assert_error (last_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);

  events = sw_test_log_events (sw_engine_get_log (SW_ENGINE (session->client)));
  g_assert_nonnull (strstr (events, "Connection refused by 127.0.0.1:"));
  g_assert_nonnull (strstr (events, "nothing is listening"));
}

/* A resolver that knows no names, at once, or never answers. */
typedef struct
{
  GResolver parent_instance;
  gboolean  hang;
} TestResolver;

typedef GResolverClass TestResolverClass;

static GType test_resolver_get_type (void);
G_DEFINE_TYPE (TestResolver, test_resolver, G_TYPE_RESOLVER)

static void
hung_lookup_cancelled_cb (GCancellable *cancellable,
                          GTask        *task)
{
  g_task_return_error_if_cancelled (task);
}

static void
test_resolver_lookup_by_name_with_flags_async (GResolver                *resolver,
                                               const char               *hostname,
                                               GResolverNameLookupFlags  flags,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  if (((TestResolver *) resolver)->hang)
    {
      /* Only cancelling ends it. */
      g_assert_nonnull (cancellable);
      g_cancellable_connect (cancellable, G_CALLBACK (hung_lookup_cancelled_cb),
                             g_steal_pointer (&task), g_object_unref);
      return;
    }

  g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                           "Error resolving “%s”: Name or service not known", hostname);
}

static void
test_resolver_lookup_by_name_async (GResolver           *resolver,
                                    const char          *hostname,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  test_resolver_lookup_by_name_with_flags_async (resolver, hostname, 0, cancellable, callback, user_data);
}

static GList *
test_resolver_lookup_by_name_finish (GResolver     *resolver,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_resolver_class_init (TestResolverClass *klass)
{
  klass->lookup_by_name_async = test_resolver_lookup_by_name_async;
  klass->lookup_by_name_finish = test_resolver_lookup_by_name_finish;
  klass->lookup_by_name_with_flags_async = test_resolver_lookup_by_name_with_flags_async;
  klass->lookup_by_name_with_flags_finish = test_resolver_lookup_by_name_finish;
}

static void
test_resolver_init (TestResolver *self)
{
}

static void
test_unresolvable (void)
{
  g_autoptr(GResolver) original = g_resolver_get_default ();
  g_autoptr(GResolver) resolver = g_object_new (test_resolver_get_type (), NULL);
  g_autoptr(Session) session = session_new ();
  g_autoptr(GSocketConnectable) address = g_network_address_new ("no-such-host.invalid", 7000);
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;

  g_resolver_set_default (resolver);
  g_assert_false (session_connect (session, address, &error));
  g_resolver_set_default (original);

  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  events = sw_test_log_events (sw_engine_get_log (SW_ENGINE (session->client)));
  g_assert_nonnull (strstr (events, "Host “no-such-host.invalid” not found (port 7000)"));
  g_assert_cmpint (sw_engine_get_state (SW_ENGINE (session->client)), ==, SW_CONNECTION_STATE_DISCONNECTED);
}

static gboolean
is_state (Session           *session,
          SwConnectionState  state)
{
  return sw_engine_get_state (SW_ENGINE (session->client)) == state;
}

static gboolean
is_resolving (gpointer data)
{
  return is_state (data, SW_CONNECTION_STATE_RESOLVING);
}

static gboolean
is_connecting (gpointer data)
{
  return is_state (data, SW_CONNECTION_STATE_CONNECTING);
}

static void
test_cancel_while_resolving (void)
{
  g_autoptr(GResolver) original = g_resolver_get_default ();
  g_autoptr(GResolver) resolver = g_object_new (test_resolver_get_type (), NULL);
  g_autoptr(Session) session = session_new ();
  g_autoptr(GSocketConnectable) address = g_network_address_new ("slow.example", 7000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;

  ((TestResolver *) resolver)->hang = TRUE;
  g_resolver_set_default (resolver);

  sw_tcp_client_connect_async (session->client, address, cancellable, sw_test_store_result, &result);
  sw_test_wait (is_resolving, session, TIMEOUT_MS, "resolving");
  sw_test_run_for (50);
  g_assert_null (result);

  /* The caller's cancellable ends it. */
  g_cancellable_cancel (cancellable);
  sw_test_wait_result (&result, TIMEOUT_MS, "the cancelled connect");
  g_resolver_set_default (original);

  g_assert_false (sw_tcp_client_connect_finish (session->client, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (sw_engine_get_state (SW_ENGINE (session->client)), ==, SW_CONNECTION_STATE_DISCONNECTED);
  g_assert_null (sw_engine_get_last_error (SW_ENGINE (session->client)));
  events = sw_test_log_events (sw_engine_get_log (SW_ENGINE (session->client)));
  g_assert_nonnull (strstr (events, "Connecting cancelled"));
}

static void
test_cancel_while_connecting (void)
{
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("stream_peer.py", "backlog", NULL);
  guint16 port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  g_autoptr(Session) session = session_new ();
  g_autoptr(GSocketConnectable) address = g_network_address_new ("127.0.0.1", port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sw_tcp_client_connect_async (session->client, address, NULL, sw_test_store_result, &result);
  sw_test_wait (is_connecting, session, TIMEOUT_MS, "connecting");
  sw_test_run_for (200);
  g_assert_null (result);

  /* Disconnect while the SYN goes unanswered. */
  sw_tcp_client_disconnect (session->client);
  sw_test_wait_result (&result, TIMEOUT_MS, "the cancelled connect");
  g_assert_false (sw_tcp_client_connect_finish (session->client, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (sw_engine_get_state (SW_ENGINE (session->client)), ==, SW_CONNECTION_STATE_DISCONNECTED);
}

static void
test_connect_timeout (void)
{
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("stream_peer.py", "backlog", NULL);
  guint16 port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  g_autoptr(Session) session = session_new ();
  g_autoptr(GSocketConnectable) address = g_network_address_new ("127.0.0.1", port);
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;
  gint64 start = g_get_monotonic_time ();

  sw_tcp_client_set_timeout (session->client, 1);
  g_assert_false (session_connect (session, address, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);

  events = sw_test_log_events (sw_engine_get_log (SW_ENGINE (session->client)));
  g_assert_nonnull (strstr (events, "No answer from 127.0.0.1:"));
  g_assert_nonnull (strstr (events, "within 1 second"));
  g_assert_error (sw_engine_get_last_error (SW_ENGINE (session->client)), G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

static void
test_peer_reset (void)
{
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("stream_peer.py", "reset", NULL);
  guint16 port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  g_autoptr(Session) session = session_new ();
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (session->client));
  g_autofree char *events = NULL;
  SwTrafficTotals totals;

  session_connect_to (session, "127.0.0.1", port);
  session_send (session, "before the reset");
  g_free (sw_test_peer_expect (peer, "^RESET", TIMEOUT_MS));

  sw_test_wait (is_disconnected, session, TIMEOUT_MS, "the reset to be noticed");
  g_assert_error (sw_engine_get_last_error (SW_ENGINE (session->client)), G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  events = sw_test_log_events (log);
  g_assert_nonnull (strstr (events, "The connection was reset by 127.0.0.1:"));

  /* Nothing already in the log is lost. */
  sw_traffic_log_get_totals (log, &totals);
  g_assert_cmpuint (totals.bytes_sent, ==, 16);
}

static void
test_send_when_disconnected (void)
{
  g_autoptr(Session) session = session_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);
  g_autoptr(GError) error = NULL;

  g_assert_false (sw_engine_send (SW_ENGINE (session->client), NULL, bytes, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  g_clear_error (&error);
  g_assert_false (sw_tcp_client_shutdown_write (session->client, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  /* Disconnecting twice is harmless. */
  sw_tcp_client_disconnect (session->client);
  sw_tcp_client_disconnect (session->client);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/tcp-client/echo-ipv4", test_echo_ipv4);
  g_test_add_func ("/sw/tcp-client/echo-ipv6", test_echo_ipv6);
  g_test_add_func ("/sw/tcp-client/echo-localhost", test_echo_localhost);
  g_test_add_func ("/sw/tcp-client/socat-echo", test_socat_echo);
  g_test_add_func ("/sw/tcp-client/greeting-first", test_greeting_first);
  g_test_add_func ("/sw/tcp-client/http-request", test_http_request);
  g_test_add_func ("/sw/tcp-client/transfer-upload", test_transfer_upload);
  g_test_add_func ("/sw/tcp-client/transfer-download", test_transfer_download);
  g_test_add_func ("/sw/tcp-client/refused", test_refused);
  g_test_add_func ("/sw/tcp-client/unresolvable", test_unresolvable);
  g_test_add_func ("/sw/tcp-client/cancel-while-resolving", test_cancel_while_resolving);
  g_test_add_func ("/sw/tcp-client/cancel-while-connecting", test_cancel_while_connecting);
  g_test_add_func ("/sw/tcp-client/connect-timeout", test_connect_timeout);
  g_test_add_func ("/sw/tcp-client/peer-reset", test_peer_reset);
  g_test_add_func ("/sw/tcp-client/send-when-disconnected", test_send_when_disconnected);

  return g_test_run ();
}
