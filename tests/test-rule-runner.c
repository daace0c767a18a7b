/* test-rule-runner.c: engines that answer by themselves, against real peers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-checksum.h"
#include "sw-codec.h"
#include "sw-relay.h"
#include "sw-rule-runner.h"
#include "sw-tcp-client.h"
#include "sw-tcp-server.h"
#include "sw-test-util.h"
#include "sw-udp-peer.h"

#define TIMEOUT_MS 20000

static SwRule *
add_rule (SwRuleSet   *rules,
          SwMatchKind  kind,
          const char  *pattern,
          const char  *reply)
{
  g_autoptr(SwRule) rule = sw_rule_new ();

  g_object_set (rule, "match-kind", kind, "pattern", pattern, "reply", reply, NULL);
  g_assert_no_error (sw_rule_get_error (rule));
  sw_rule_set_add (rules, rule);

  return rule;
}

static SwFraming *
line_framing (void)
{
  SwFraming *framing = sw_framing_new ();

  sw_framing_set_mode (framing, SW_FRAMING_MODE_DELIMITER);
  sw_framing_set_delimiter (framing, "\\r\\n");
  sw_framing_set_keep_delimiter (framing, FALSE);

  return framing;
}

static SwTcpServer *
listening_server (void)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  SwTcpServer *server = sw_tcp_server_new (NULL);

  g_assert_true (sw_tcp_server_listen (server, loopback, 0, &error));
  g_assert_no_error (error);

  return server;
}

/* A device simulated by rules: frames split anywhere are still frames,
 * every frame of a persistent connection is answered, captures fill the
 * reply. */
static void
test_tcp_device (void)
{
  g_autoptr(SwTcpServer) server = listening_server ();
  g_autoptr(SwRuleSet) rules = sw_rule_set_new ();
  g_autoptr(SwFraming) framing = line_framing ();
  g_autoptr(SwRuleRunner) runner = sw_rule_runner_new (SW_ENGINE (server), rules, framing);
  g_autoptr(SwTestPeer) client = NULL;
  g_autofree char *target = g_strdup_printf ("TCP4:127.0.0.1:%u", sw_tcp_server_get_port (server));
  g_autofree char *line = NULL;
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (server));
  guint automatic = 0;

  add_rule (rules, SW_MATCH_KIND_EXACT, "PING", "PONG\\r\\n");
  add_rule (rules, SW_MATCH_KIND_REGEX, "^GET (?<name>\\w+)$", "VALUE ${name}=42\\r\\n");

  client = sw_test_peer_new ("socat", "-", target, NULL);
  /* One frame in two pieces, then two frames in one. */
  sw_test_peer_write (client, "PI", 2);
  sw_test_run_for (50);
  sw_test_peer_write (client, "NG\r\nGET speed\r\nPING\r\n", 21);
  line = sw_test_peer_expect (client, "^(PONG)\r?$", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, "PONG");
  g_clear_pointer (&line, g_free);
  line = sw_test_peer_expect (client, "^(VALUE [^\r]*)\r?$", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, "VALUE speed=42");
  g_clear_pointer (&line, g_free);
  line = sw_test_peer_expect (client, "^(PONG)\r?$", TIMEOUT_MS);
  g_clear_pointer (&line, g_free);

  /* A hundred more on the same connection: a hundred answers. */
  for (guint i = 0; i < 100; i++)
    sw_test_peer_write (client, "PING\r\n", 6);
  for (guint i = 0; i < 100; i++)
    {
      line = sw_test_peer_expect (client, "^(PONG)\r?$", TIMEOUT_MS);
      g_clear_pointer (&line, g_free);
    }
  g_assert_cmpuint (sw_rule_runner_get_replies (runner), ==, 103);

  /* The log marks the replies as automatic. */
  for (guint64 seq = sw_traffic_log_get_first_seq (log); seq < sw_traffic_log_get_end_seq (log); seq++)
    {
      SwTrafficRecord record;

      g_assert_true (sw_traffic_log_get_record (log, seq, &record));
      if (record.direction == SW_DIRECTION_SENT)
        {
          g_assert_true (record.flags & SW_RECORD_FLAGS_AUTOMATIC);
          g_assert_true (record.flags & SW_RECORD_FLAGS_TEXT);
          automatic++;
        }
    }
  g_assert_cmpuint (automatic, >=, 1);

  /* Off, it answers nothing. */
  sw_rule_runner_set_enabled (runner, FALSE);
  sw_test_peer_write (client, "PING\r\n", 6);
  sw_test_run_for (200);
  g_assert_cmpuint (sw_rule_runner_get_replies (runner), ==, 103);
}

/* The checksum of the session is applied to every reply. */
static GBytes *
crc_filter (GBytes    *reply,
            gpointer   user_data,
            GError   **error)
{
  return sw_checksum_spec_apply (user_data, reply, error);
}

/* A Modbus-like device: hex patterns with wildcards, a checksummed reply,
 * and a delay. */
static void
test_hex_device_with_checksum (void)
{
  g_autoptr(SwTcpServer) server = listening_server ();
  g_autoptr(SwRuleSet) rules = sw_rule_set_new ();
  g_autoptr(SwFraming) framing = sw_framing_new ();
  g_autoptr(SwRuleRunner) runner = sw_rule_runner_new (SW_ENGINE (server), rules, framing);
  g_autofree char *port = g_strdup_printf ("%u", sw_tcp_server_get_port (server));
  g_autoptr(SwTestPeer) client = NULL;
  g_autofree char *reply = NULL;
  SwChecksumSpec spec = { SW_CHECKSUM_CRC16_MODBUS, SW_BYTE_ORDER_LITTLE_ENDIAN, 0, 0 };
  SwRule *rule;
  gint64 start;

  /* Fixed 8-byte frames: address, function 3, start, count, CRC. */
  sw_framing_set_mode (framing, SW_FRAMING_MODE_FIXED);
  sw_framing_set_fixed_length (framing, 8);
  sw_rule_set_set_reply_filter (rules, crc_filter, &spec, NULL);
  rule = add_rule (rules, SW_MATCH_KIND_HEX, "01 03 ?? ?? ?? ?? ?? ??", "01 03 04 00 2A 00 2B");
  g_object_set (rule, "reply-format", SW_PAYLOAD_FORMAT_HEX, "delay", 150, NULL);

  start = g_get_monotonic_time ();
  client = sw_test_peer_new ("stream_peer.py", "client-hex", "127.0.0.1", port, "010300000002c40b", NULL);
  reply = sw_test_peer_expect (client, "^REPLY (\\S+)", TIMEOUT_MS);
  /* The CRC a real device sends for this answer. */
  g_assert_cmpstr (reply, ==, "010304002a002b9be4");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 150 * 1000);
  g_assert_cmpuint (sw_rule_get_hits (rule), ==, 1);
}

static void
test_udp_device (void)
{
  g_autoptr(SwUdpPeer) peer = sw_udp_peer_new (NULL);
  g_autoptr(SwRuleSet) rules = sw_rule_set_new ();
  g_autoptr(SwFraming) framing = line_framing ();
  g_autoptr(SwRuleRunner) runner = sw_rule_runner_new (SW_ENGINE (peer), rules, framing);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwTestPeer) first = NULL;
  g_autoptr(SwTestPeer) second = NULL;
  g_autofree char *port = NULL;
  g_autofree char *first_reply = NULL;
  g_autofree char *second_reply = NULL;

  g_assert_true (sw_udp_peer_bind (peer, loopback, 0, &error));
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", sw_udp_peer_get_local_port (peer));
  /* A datagram is a frame: the delimiter framing does not apply. */
  add_rule (rules, SW_MATCH_KIND_STARTS_WITH, "hello", "hi there");

  /* Each sender gets its own answer. */
  first = sw_test_peer_new ("udp_peer.py", "send", "127.0.0.1", port, "68656c6c6f2031", NULL);
  second = sw_test_peer_new ("udp_peer.py", "send", "127.0.0.1", port, "68656c6c6f2032", NULL);
  first_reply = sw_test_peer_expect (first, "^REPLY (\\S+)", TIMEOUT_MS);
  second_reply = sw_test_peer_expect (second, "^REPLY (\\S+)", TIMEOUT_MS);
  g_assert_cmpstr (first_reply, ==, "6869207468657265");
  g_assert_cmpstr (second_reply, ==, "6869207468657265");
  g_assert_cmpuint (sw_rule_runner_get_replies (runner), ==, 2);
}

static gboolean
upstream_has_nine (gpointer data)
{
  return sw_engine_get_bytes_received (data) >= 9;
}

/* A relay answers its client as the upstream would; the upstream still
 * gets what the client sent. */
static void
test_relay_answers_client (void)
{
  g_autoptr(SwTcpServer) upstream = listening_server ();
  g_autoptr(SwRelay) relay = sw_relay_new (NULL);
  g_autoptr(SwRuleSet) rules = sw_rule_set_new ();
  g_autoptr(SwFraming) framing = line_framing ();
  g_autoptr(SwRuleRunner) runner = sw_rule_runner_new (SW_ENGINE (relay), rules, framing);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketConnectable) target = g_network_address_new ("127.0.0.1", sw_tcp_server_get_port (upstream));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwTestPeer) client = NULL;
  g_autofree char *address = NULL;
  g_autofree char *line = NULL;
  SwTrafficTotals totals;

  add_rule (rules, SW_MATCH_KIND_CONTAINS, "STATUS", "OK from the relay\\r\\n");
  sw_relay_start_async (relay, SW_TRANSPORT_TCP, loopback, 0, G_SOCKET_CONNECTABLE (target),
                        NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the relay to start");
  g_assert_true (sw_relay_start_finish (relay, result, &error));
  g_assert_no_error (error);

  address = g_strdup_printf ("TCP4:127.0.0.1:%u", sw_relay_get_port (relay));
  client = sw_test_peer_new ("socat", "-", address, NULL);
  sw_test_peer_write (client, "STATUS?\r\n", 9);
  line = sw_test_peer_expect (client, "^(OK from the relay)\r?$", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, "OK from the relay");

  sw_test_wait (upstream_has_nine, upstream, TIMEOUT_MS, "the request at the upstream");
  sw_traffic_log_get_totals (sw_engine_get_log (SW_ENGINE (relay)), &totals);
  g_assert_cmpuint (totals.bytes_sent, ==, 9);
  g_assert_cmpuint (totals.bytes_received, ==, 19);
}

static void
collect_cb (SwEngine     *engine,
            SwConnection *connection,
            GBytes       *bytes,
            GByteArray   *received)
{
  g_byte_array_append (received, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static gboolean
has_nine_bytes (gpointer data)
{
  return ((GByteArray *) data)->len >= 9;
}

/* A device nobody here wrote checks our checksum: a Modbus RTU request
 * built by the codec and CRC-16/MODBUS is answered by pymodbus, and a
 * wrong CRC is not. */
static void
test_modbus_device (void)
{
  g_autoptr(SwTestPeer) device = NULL;
  g_autoptr(SwTcpClient) client = sw_tcp_client_new (NULL);
  g_autoptr(GSocketConnectable) target = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) framed = NULL;
  g_autoptr(GByteArray) received = g_byte_array_new ();
  guint16 port;
  SwChecksumSpec spec = { SW_CHECKSUM_CRC16_MODBUS, SW_BYTE_ORDER_LITTLE_ENDIAN, 0, 0 };
  guint32 expected, found;

  if ((device = sw_test_start_modbus_device (&port)) == NULL)
    return;

  target = g_network_address_new ("127.0.0.1", port);
  g_signal_connect (client, "received", G_CALLBACK (collect_cb), received);
  sw_tcp_client_connect_async (client, target, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the connect");
  g_assert_true (sw_tcp_client_connect_finish (client, result, &error));
  g_assert_no_error (error);

  /* "Read two holding registers from 0 of device 1", as typed in hex. */
  request = sw_codec_encode ("01 03 00 00 00 02", SW_PAYLOAD_FORMAT_HEX, FALSE, SW_LINE_ENDING_NONE,
                             SW_ENCODING_UTF8, NULL, &error);
  g_assert_no_error (error);
  framed = sw_checksum_spec_apply (&spec, request, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (framed, NULL), g_bytes_get_size (framed),
                   "\x01\x03\x00\x00\x00\x02\xc4\x0b", 8);
  g_assert_true (sw_engine_send (SW_ENGINE (client), NULL, framed, &error));
  g_assert_no_error (error);

  /* 42 and 43, with a CRC that checks. */
  sw_test_wait (has_nine_bytes, received, TIMEOUT_MS, "the device's answer");
  g_assert_cmpuint (received->len, ==, 9);
  g_assert_cmpmem (received->data, 7, "\x01\x03\x04\x00\x2a\x00\x2b", 7);
  g_assert_cmpint (sw_checksum_spec_verify (&spec, received->data, received->len, &expected, &found),
                   ==, SW_CHECKSUM_RESULT_VALID);

  /* A wrong CRC: the device ignores the frame. */
  g_byte_array_set_size (received, 0);
  {
    g_autoptr(GBytes) wrong = g_bytes_new_static ("\x01\x03\x00\x00\x00\x02\xc4\x0c", 8);

    g_assert_true (sw_engine_send (SW_ENGINE (client), NULL, wrong, &error));
    g_assert_no_error (error);
  }
  sw_test_run_for (500);
  g_assert_cmpuint (received->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/rule-runner/tcp-device", test_tcp_device);
  g_test_add_func ("/sw/rule-runner/hex-device-with-checksum", test_hex_device_with_checksum);
  g_test_add_func ("/sw/rule-runner/udp-device", test_udp_device);
  g_test_add_func ("/sw/rule-runner/relay-answers-client", test_relay_answers_client);
  g_test_add_func ("/sw/rule-runner/modbus-device", test_modbus_device);

  return g_test_run ();
}
