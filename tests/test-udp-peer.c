/* test-udp-peer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-endpoint.h"
#include "sw-test-util.h"
#include "sw-traffic-format.h"
#include "sw-udp-peer.h"

#define TIMEOUT_MS 20000

typedef SwUdpPeer SwUdpPeer_;

static void
finalize_peer (SwUdpPeer *peer)
{
  g_assert_finalize_object (peer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwUdpPeer_, finalize_peer)

typedef struct
{
  GPtrArray *from;
  GPtrArray *payloads;
  guint64    bytes;
} Received;

static void
received_cb (SwUdpPeer    *peer,
             SwConnection *from,
             GBytes       *bytes,
             Received     *received)
{
  g_ptr_array_add (received->from, g_strdup (sw_connection_get_name (from)));
  g_ptr_array_add (received->payloads, g_bytes_ref (bytes));
  received->bytes += g_bytes_get_size (bytes);
}

static void
received_init (Received  *received,
               SwUdpPeer *peer)
{
  received->from = g_ptr_array_new_with_free_func (g_free);
  received->payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  received->bytes = 0;
  g_signal_connect (peer, "received", G_CALLBACK (received_cb), received);
}

static void
received_clear (Received *received)
{
  g_ptr_array_unref (received->from);
  g_ptr_array_unref (received->payloads);
}

static void
wait_datagrams (Received *received,
                guint     n)
{
  g_autofree char *what = g_strdup_printf ("%u datagrams", n);

  sw_test_wait_length (received->payloads, n, TIMEOUT_MS, what);
}

static SwUdpPeer *
bound_peer (const char *address)
{
  g_autoptr(GInetAddress) inet = address != NULL ? g_inet_address_new_from_string (address) : NULL;
  g_autoptr(GError) error = NULL;
  SwUdpPeer *peer = sw_udp_peer_new (NULL);

  g_assert_true (sw_udp_peer_bind (peer, inet, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sw_udp_peer_get_local_port (peer), >, 0);

  return peer;
}

static gboolean
send_to (SwUdpPeer           *peer,
         GSocketConnectable  *destination,
         const void          *data,
         gsize                length,
         GError             **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  g_autoptr(GAsyncResult) result = NULL;

  sw_udp_peer_send_async (peer, destination, bytes, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the datagram to be sent");

  return sw_udp_peer_send_finish (peer, result, error);
}

static char *
to_hex (const char *text)
{
  GString *hex = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    g_string_append_printf (hex, "%02x", (guchar) *p);

  return g_string_free (hex, FALSE);
}

static void
test_two_senders_and_reply (void)
{
  g_autoptr(SwUdpPeer_) peer = bound_peer ("127.0.0.1");
  g_autofree char *port = g_strdup_printf ("%u", sw_udp_peer_get_local_port (peer));
  g_autofree char *hello_hex = to_hex ("hello from one");
  g_autofree char *other_hex = to_hex ("hello from two");
  g_autoptr(SwTestPeer) one = sw_test_peer_new ("udp_peer.py", "send", "127.0.0.1", port, hello_hex, NULL);
  g_autoptr(SwTestPeer) two = NULL;
  g_autofree char *one_name = NULL;
  g_autofree char *two_name = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *reply_hex = to_hex ("reply to the last");
  Received received;
  SwTrafficRecord record;

  received_init (&received, peer);
  one_name = g_strdup_printf ("127.0.0.1:%u", sw_test_peer_expect_port (one, "^PORT (\\d+)"));
  wait_datagrams (&received, 1);

  two = sw_test_peer_new ("udp_peer.py", "send", "127.0.0.1", port, other_hex, NULL);
  two_name = g_strdup_printf ("127.0.0.1:%u", sw_test_peer_expect_port (two, "^PORT (\\d+)"));
  wait_datagrams (&received, 2);

  /* Each datagram carries its own source. */
  g_assert_cmpstr (g_ptr_array_index (received.from, 0), ==, one_name);
  g_assert_cmpstr (g_ptr_array_index (received.from, 1), ==, two_name);
  g_assert_true (sw_traffic_log_get_record (sw_engine_get_log (SW_ENGINE (peer)), 1, &record));
  g_assert_cmpint (record.direction, ==, SW_DIRECTION_RECEIVED);
  g_assert_cmpstr (record.peer, ==, one_name);
  g_assert_cmpmem (record.data, record.length, "hello from one", 14);

  /* Replying goes to whoever spoke last. */
  sw_udp_peer_set_reply_to_sender (peer, TRUE);
  g_assert_true (send_to (peer, NULL, "reply to the last", 17, NULL));
  reply = sw_test_peer_expect (two, "^REPLY ([0-9a-f-]+)$", TIMEOUT_MS);
  g_assert_cmpstr (reply, ==, reply_hex);
  g_assert_true (sw_traffic_log_get_record (sw_engine_get_log (SW_ENGINE (peer)),
                                            sw_traffic_log_get_end_seq (sw_engine_get_log (SW_ENGINE (peer))) - 1,
                                            &record));
  g_assert_cmpint (record.direction, ==, SW_DIRECTION_SENT);
  g_assert_cmpstr (record.peer, ==, two_name);

  received_clear (&received);
}

static void
test_echo_peer_by_name (void)
{
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("udp_peer.py", "echo", NULL);
  guint16 echo_port = sw_test_peer_expect_port (echo, "^PORT (\\d+)");
  g_autoptr(SwUdpPeer_) peer = sw_udp_peer_new (NULL);
  g_autoptr(GSocketConnectable) remote = g_network_address_new ("localhost", echo_port);
  g_autofree char *events = NULL;
  g_autofree char *line = NULL;
  Received received;

  received_init (&received, peer);

  /* Not bound yet: sending binds to a free port first, and says so.
   * While the name resolves, the datagram waits, and counts as such. */
  sw_udp_peer_set_remote (peer, remote);
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static ("ping", 4);
    g_autoptr(GAsyncResult) result = NULL;

    sw_udp_peer_send_async (peer, NULL, bytes, NULL, sw_test_store_result, &result);
    g_assert_cmpuint (sw_engine_get_pending_bytes (SW_ENGINE (peer)), ==, 4);
    sw_test_wait_result (&result, TIMEOUT_MS, "the datagram to be sent");
    g_assert_true (sw_udp_peer_send_finish (peer, result, NULL));
    g_assert_cmpuint (sw_engine_get_pending_bytes (SW_ENGINE (peer)), ==, 0);
  }
  g_assert_true (sw_udp_peer_get_bound (peer));
  g_assert_cmpuint (sw_udp_peer_get_local_port (peer), >, 0);

  line = sw_test_peer_expect (echo, "^FROM (.*)$", TIMEOUT_MS);
  g_assert_true (g_str_has_suffix (line, " 70696e67"));
  wait_datagrams (&received, 1);
  g_assert_cmpmem (g_bytes_get_data (g_ptr_array_index (received.payloads, 0), NULL), 4, "ping", 4);

  /* The resolved remote is reused. */
  g_assert_true (send_to (peer, NULL, "pong", 4, NULL));
  wait_datagrams (&received, 2);

  events = sw_test_log_events (sw_engine_get_log (SW_ENGINE (peer)));
  g_assert_nonnull (strstr (events, "for sending (the system chose the port)"));

  received_clear (&received);
}

static void
test_ncat_sender (void)
{
  g_autoptr(SwUdpPeer_) peer = bound_peer ("127.0.0.1");
  g_autofree char *port = g_strdup_printf ("%u", sw_udp_peer_get_local_port (peer));
  g_autoptr(SwTestPeer) ncat = sw_test_peer_new ("ncat", "-u", "127.0.0.1", port, NULL);
  Received received;

  received_init (&received, peer);
  sw_test_peer_write (ncat, "datagram from ncat\n", 19);
  wait_datagrams (&received, 1);
  g_assert_cmpmem (g_bytes_get_data (g_ptr_array_index (received.payloads, 0), NULL), 19,
                   "datagram from ncat\n", 19);
  received_clear (&received);
}

static void
test_many_datagrams_counted (void)
{
  g_autoptr(SwUdpPeer_) peer = bound_peer ("127.0.0.1");
  g_autofree char *port = g_strdup_printf ("%u", sw_udp_peer_get_local_port (peer));
  g_autoptr(SwTestPeer) blaster = sw_test_peer_new ("udp_peer.py", "blast", "127.0.0.1", port, "10000", NULL);
  g_autofree char *sent = NULL;
  g_autofree char *expected = NULL;
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (peer));
  SwTrafficTotals totals;
  guint64 total_bytes = 0;
  Received received;

  received_init (&received, peer);
  sent = sw_test_peer_expect (blaster, "^SENT (.*)$", 60000);
  for (guint i = 0; i < 10000; i++)
    total_bytes += (i * 7919) % 1473;
  expected = g_strdup_printf ("10000 BYTES %" G_GUINT64_FORMAT, total_bytes);
  g_assert_cmpstr (sent, ==, expected);

  wait_datagrams (&received, 10000);
  sw_test_run_for (100);

  /* Every one, exactly, empty ones included, each whole and in order. */
  g_assert_cmpuint (received.payloads->len, ==, 10000);
  g_assert_cmpuint (received.bytes, ==, total_bytes);
  for (guint i = 0; i < 10000; i++)
    {
      GBytes *bytes = g_ptr_array_index (received.payloads, i);
      const guint8 *data = g_bytes_get_data (bytes, NULL);

      g_assert_cmpuint (g_bytes_get_size (bytes), ==, (i * 7919) % 1473);
      if (g_bytes_get_size (bytes) > 0)
        g_assert_cmpuint (data[0], ==, i % 256);
    }

  sw_traffic_log_get_totals (log, &totals);
  g_assert_cmpuint (totals.records_received, ==, 10000);
  g_assert_cmpuint (totals.bytes_received, ==, total_bytes);

  received_clear (&received);
}

/* An empty datagram is a record of its own, with NULL data, which every
 * way of showing it must take (UBSan once caught NULL + 0 there). */
static void
test_empty_datagram (void)
{
  g_autoptr(SwUdpPeer_) peer = bound_peer ("127.0.0.1");
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (peer));
  g_autoptr(GError) error = NULL;
  SwTrafficRecord record;
  Received received;

  received_init (&received, peer);
  g_assert_true (send_to (peer, G_SOCKET_CONNECTABLE (sw_engine_get_local_address (SW_ENGINE (peer))),
                          NULL, 0, &error));
  g_assert_no_error (error);
  wait_datagrams (&received, 1);
  g_assert_cmpuint (g_bytes_get_size (g_ptr_array_index (received.payloads, 0)), ==, 0);

  g_assert_true (sw_traffic_log_get_record (log, sw_traffic_log_get_end_seq (log) - 1, &record));
  g_assert_cmpint (record.direction, ==, SW_DIRECTION_RECEIVED);
  g_assert_cmpuint (record.length, ==, 0);

  for (SwDisplayMode mode = SW_DISPLAY_MODE_TEXT; mode <= SW_DISPLAY_MODE_HEX; mode++)
    for (guint e = 0; e < SW_N_ENCODINGS; e++)
      {
        g_autoptr(SwTrafficFormatter) formatter = sw_traffic_formatter_new (mode, e, SW_TRAFFIC_FORMAT_TIME);
        g_autoptr(GString) out = g_string_new (NULL);
        gsize header = sw_traffic_formatter_append (formatter, &record, out);

        g_assert_nonnull (strstr (out->str, "← 127.0.0.1:"));
        g_assert_true (g_str_has_suffix (out->str, "(0 B)\n") || g_str_has_suffix (out->str, "(0 B) \n"));
        g_assert_cmpuint (header, <=, out->len);
      }

  received_clear (&received);
}

static void
test_largest_datagram (void)
{
  g_autoptr(SwUdpPeer_) peer = bound_peer ("127.0.0.1");
  g_autofree char *port = g_strdup_printf ("%u", sw_udp_peer_get_local_port (peer));
  g_autoptr(SwTestPeer) sender = sw_test_peer_new ("udp_peer.py", "big", "127.0.0.1", port, "65507", NULL);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *sent = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GBytes) too_big = NULL;
  g_autoptr(GError) error = NULL;
  Received received;
  GBytes *bytes;

  received_init (&received, peer);
  sent = sw_test_peer_expect (sender, "^SENT 1 SHA256 ([0-9a-f]+)$", TIMEOUT_MS);
  wait_datagrams (&received, 1);

  bytes = g_ptr_array_index (received.payloads, 0);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, SW_UDP_MAX_PAYLOAD);
  g_checksum_update (checksum, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpstr (g_checksum_get_string (checksum), ==, sent);

  /* One byte more does not fit, and says so before anything is sent. */
  too_big = g_bytes_new_take (g_malloc0 (SW_UDP_MAX_PAYLOAD + 1), SW_UDP_MAX_PAYLOAD + 1);
  g_assert_false (send_to (peer, G_SOCKET_CONNECTABLE (sw_engine_get_local_address (SW_ENGINE (peer))),
                           g_bytes_get_data (too_big, NULL), g_bytes_get_size (too_big), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "65,507"));

  received_clear (&received);
}

typedef struct
{
  SwTrafficLog *log;
  const char   *needle;
} LogContains;

static gboolean
log_contains (gpointer data)
{
  LogContains *wait = data;
  g_autofree char *events = sw_test_log_events (wait->log);

  return strstr (events, wait->needle) != NULL;
}

static void
test_port_unreachable (void)
{
  g_autoptr(SwUdpPeer_) peer = bound_peer ("127.0.0.1");
  g_autofree char *port = g_strdup_printf ("%u", sw_udp_peer_get_local_port (peer));
  guint16 closed = sw_test_free_loopback_port (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM);
  g_autoptr(GSocketConnectable) nowhere = g_network_address_new ("127.0.0.1", closed);
  g_autofree char *needle = NULL;
  g_autofree char *hex = to_hex ("still receiving");
  g_autoptr(SwTestPeer) later = NULL;
  LogContains wait;
  Received received;

  received_init (&received, peer);
  g_assert_true (send_to (peer, nowhere, "anyone there?", 13, NULL));

#ifdef __linux__
  /* Linux tells an unconnected socket only with IP_RECVERR, which is on. */
  needle = g_strdup_printf ("Nothing is listening on 127.0.0.1:%u", closed);
  wait.log = sw_engine_get_log (SW_ENGINE (peer));
  wait.needle = needle;
  sw_test_wait (log_contains, &wait, TIMEOUT_MS, "the port unreachable event");
#endif

  /* Receiving goes on afterwards. */
  later = sw_test_peer_new ("udp_peer.py", "send", "127.0.0.1", port, hex, NULL);
  wait_datagrams (&received, 1);
  g_assert_true (sw_udp_peer_get_bound (peer));

  received_clear (&received);
}

static void
test_bind_errors (void)
{
  g_autoptr(SwUdpPeer_) first = bound_peer ("127.0.0.1");
  g_autoptr(SwUdpPeer_) second = sw_udp_peer_new (NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GInetAddress) foreign = g_inet_address_new_from_string ("192.0.2.1");
  g_autoptr(GError) error = NULL;

  g_assert_false (sw_udp_peer_bind (second, loopback, sw_udp_peer_get_local_port (first), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_assert_nonnull (strstr (error->message, "already in use"));
  g_assert_false (sw_udp_peer_get_bound (second));
  g_clear_error (&error);

  /* An address that is not this machine's (TEST-NET-1, RFC 5737). */
  g_assert_false (sw_udp_peer_bind (second, foreign, 0, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "not an address of this computer"));
  g_clear_error (&error);

  g_assert_true (sw_udp_peer_bind (second, loopback, 0, &error));
  g_assert_no_error (error);
  g_assert_null (sw_engine_get_last_error (SW_ENGINE (second)));
}

static void
test_broadcast_needs_permission (void)
{
  g_autoptr(SwUdpPeer_) peer = bound_peer ("0.0.0.0");
  g_autoptr(GInetAddress) everyone = g_inet_address_new_from_string ("255.255.255.255");
  g_autoptr(GSocketAddress) destination = g_inet_socket_address_new (everyone, 9);
  g_autoptr(GError) error = NULL;

  /* Without SO_BROADCAST the kernel refuses at once: nothing leaves. */
  g_assert_false (sw_udp_peer_get_broadcast (peer));
  g_assert_false (send_to (peer, G_SOCKET_CONNECTABLE (destination), "x", 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "turn on Broadcast"));

  sw_udp_peer_set_broadcast (peer, TRUE);
  g_assert_true (sw_udp_peer_get_broadcast (peer));
}

static void
test_multicast_loopback (void)
{
  g_autoptr(SwUdpPeer_) peer = bound_peer ("0.0.0.0");
  g_autoptr(GInetAddress) group = g_inet_address_new_from_string ("239.255.42.99");
  g_autoptr(GInetAddress) unicast = g_inet_address_new_from_string ("10.1.2.3");
  g_autofree char *port = g_strdup_printf ("%u", sw_udp_peer_get_local_port (peer));
  g_autofree char *hex = to_hex ("to the group");
  g_auto(GStrv) groups = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwTestPeer) sender = NULL;
  Received received;

  received_init (&received, peer);

  g_assert_false (sw_udp_peer_join_group (peer, unicast, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "not a multicast address"));
  g_clear_error (&error);

  if (!sw_udp_peer_join_group (peer, group, "lo", &error))
    {
      g_test_skip_printf ("cannot join a multicast group on lo here: %s", error->message);
      received_clear (&received);
      return;
    }
  groups = sw_udp_peer_dup_groups (peer);
  g_assert_cmpuint (g_strv_length (groups), ==, 1);
  g_assert_cmpstr (groups[0], ==, "239.255.42.99%lo");

  /* Sent on lo with a TTL of 0: it never leaves this machine. */
  sender = sw_test_peer_new ("udp_peer.py", "send", "239.255.42.99", port, hex,
                             "--multicast-loopback", NULL);
  wait_datagrams (&received, 1);
  g_assert_cmpmem (g_bytes_get_data (g_ptr_array_index (received.payloads, 0), NULL), 12,
                   "to the group", 12);

  g_assert_true (sw_udp_peer_leave_group (peer, group, "lo", &error));
  g_assert_no_error (error);
  g_clear_pointer (&groups, g_strfreev);
  groups = sw_udp_peer_dup_groups (peer);
  g_assert_cmpuint (g_strv_length (groups), ==, 0);

  received_clear (&received);
}

static void
test_send_without_remote (void)
{
  g_autoptr(SwUdpPeer_) peer = bound_peer ("127.0.0.1");
  g_autoptr(GError) error = NULL;

  g_assert_false (send_to (peer, NULL, "x", 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "remote host and port"));
  g_clear_error (&error);

  sw_udp_peer_set_reply_to_sender (peer, TRUE);
  g_assert_false (send_to (peer, NULL, "x", 1, &error));
  g_assert_nonnull (strstr (error->message, "Nobody has sent a datagram yet"));

  sw_udp_peer_close (peer);
  g_assert_false (sw_udp_peer_get_bound (peer));
  g_assert_cmpuint (sw_udp_peer_get_local_port (peer), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/udp-peer/two-senders-and-reply", test_two_senders_and_reply);
  g_test_add_func ("/sw/udp-peer/echo-peer-by-name", test_echo_peer_by_name);
  g_test_add_func ("/sw/udp-peer/ncat-sender", test_ncat_sender);
  g_test_add_func ("/sw/udp-peer/many-datagrams-counted", test_many_datagrams_counted);
  g_test_add_func ("/sw/udp-peer/empty-datagram", test_empty_datagram);
  g_test_add_func ("/sw/udp-peer/largest-datagram", test_largest_datagram);
  g_test_add_func ("/sw/udp-peer/port-unreachable", test_port_unreachable);
  g_test_add_func ("/sw/udp-peer/bind-errors", test_bind_errors);
  g_test_add_func ("/sw/udp-peer/broadcast-needs-permission", test_broadcast_needs_permission);
  g_test_add_func ("/sw/udp-peer/multicast-loopback", test_multicast_loopback);
  g_test_add_func ("/sw/udp-peer/send-without-remote", test_send_without_remote);

  return g_test_run ();
}
