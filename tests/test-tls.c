/* test-tls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sw-tcp-client.h"
#include "sw-test-util.h"

#define TIMEOUT_MS 20000

static char *tmpdir;
static char *cert_path;
static char *key_path;

typedef SwTcpClient SwTcpClient_;

static void
finalize_client (SwTcpClient *client)
{
  g_assert_finalize_object (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwTcpClient_, finalize_client)

static gboolean
make_certificate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwTestPeer) openssl = NULL;

  tmpdir = g_dir_make_tmp ("sw-tls-XXXXXX", &error);
  g_assert_no_error (error);
  cert_path = g_build_filename (tmpdir, "cert.pem", NULL);
  key_path = g_build_filename (tmpdir, "key.pem", NULL);

  /* A self-signed certificate for "localhost", as a developer makes one. */
  openssl = sw_test_peer_new ("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                              "-keyout", key_path, "-out", cert_path, "-days", "2",
                              "-subj", "/CN=localhost/O=Socket Workbench tests",
                              "-addext", "subjectAltName=DNS:localhost", NULL);

  return sw_test_peer_wait_exit (openssl, 60000) == 0;
}

static void
remove_certificate (void)
{
  g_remove (cert_path);
  g_remove (key_path);
  g_rmdir (tmpdir);
  g_free (cert_path);
  g_free (key_path);
  g_free (tmpdir);
}

static gboolean
connect_tls (SwTcpClient  *client,
             const char   *host,
             guint16       port,
             GError      **error)
{
  g_autoptr(GSocketConnectable) address = g_network_address_new (host, port);
  g_autoptr(GAsyncResult) result = NULL;

  sw_tcp_client_set_tls (client, TRUE);
  sw_tcp_client_connect_async (client, address, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the TLS connection");

  return sw_tcp_client_connect_finish (client, result, error);
}

static void
collect_cb (SwTcpClient  *client,
            SwConnection *connection,
            GBytes       *bytes,
            GByteArray   *collected)
{
  g_byte_array_append (collected, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

typedef struct
{
  GByteArray *collected;
  gsize       length;
} Collected;

static gboolean
has_collected (gpointer data)
{
  Collected *wait = data;

  return wait->collected->len >= wait->length;
}

static gboolean
is_disconnected (gpointer data)
{
  return sw_engine_get_state (SW_ENGINE (data)) == SW_CONNECTION_STATE_DISCONNECTED;
}

static void
test_untrusted_then_accepted (void)
{
  g_autoptr(SwTestPeer) server = sw_test_peer_new ("openssl", "s_server", "-accept", "127.0.0.1:0",
                                                   "-cert", cert_path, "-key", key_path,
                                                   "-rev", NULL);
  guint16 port = sw_test_peer_expect_port (server, "^ACCEPT .*:(\\d+)$");
  g_autoptr(SwTcpClient_) client = sw_tcp_client_new (NULL);
  g_autoptr(GByteArray) collected = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;
  GTlsCertificate *certificate;
  Collected wait = { collected, 6 };
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello\n", 6);

  /* Verified by default: a self-signed certificate is not trusted. */
  g_assert_false (connect_tls (client, "localhost", port, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_nonnull (strstr (error->message, "is not trusted"));
  g_assert_nonnull (strstr (error->message, "self-signed or signed by an unknown authority"));
  g_assert_cmpint (sw_engine_get_state (SW_ENGINE (client)), ==, SW_CONNECTION_STATE_DISCONNECTED);
  g_assert_error (sw_engine_get_last_error (SW_ENGINE (client)), G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);

  certificate = sw_tcp_client_get_peer_certificate (client);
  g_assert_nonnull (certificate);
  g_assert_true (sw_tcp_client_get_peer_certificate_errors (client) & G_TLS_CERTIFICATE_UNKNOWN_CA);
  g_clear_error (&error);

  /* The person accepts that certificate: it connects, both ways. */
  sw_tcp_client_set_accepted_certificate (client, certificate);
  g_assert_true (connect_tls (client, "localhost", port, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sw_engine_get_state (SW_ENGINE (client)), ==, SW_CONNECTION_STATE_CONNECTED);

  events = sw_test_log_events (sw_engine_get_log (SW_ENGINE (client)));
  g_assert_nonnull (strstr (events, "established with 127.0.0.1:"));
  g_assert_nonnull (strstr (events, "TLS 1."));
  g_assert_nonnull (strstr (events, "Server certificate: subject "));
  g_assert_nonnull (strstr (events, "CN=localhost"));
  g_assert_nonnull (strstr (events, "valid from "));
  g_assert_nonnull (strstr (events, "accepted by hand"));

  g_signal_connect (client, "received", G_CALLBACK (collect_cb), collected);
  g_assert_true (sw_engine_send (SW_ENGINE (client), NULL, hello, NULL));
  sw_test_wait (has_collected, &wait, TIMEOUT_MS, "the reversed line");
  g_assert_cmpmem (collected->data, collected->len, "olleh\n", 6);

  sw_tcp_client_disconnect (client);
}

static void
test_echo_large (void)
{
  g_autofree char *listen = g_strdup_printf ("OPENSSL-LISTEN:0,bind=127.0.0.1,reuseaddr,fork,"
                                             "cert=%s,key=%s,verify=0", cert_path, key_path);
  g_autoptr(SwTestPeer) server = sw_test_peer_new ("socat", "-d", "-d", listen, "EXEC:cat", NULL);
  guint16 port = sw_test_peer_expect_port (server, "listening on .*:(\\d+)$");
  g_autoptr(SwTcpClient_) client = sw_tcp_client_new (NULL);
  g_autoptr(GByteArray) collected = g_byte_array_new ();
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  SwTrafficTotals totals;
  Collected wait = { collected, 256 * 1024 };
  guint8 *data = g_malloc (256 * 1024);

  for (guint i = 0; i < 256 * 1024; i++)
    data[i] = (i * 31) % 251;
  payload = g_bytes_new_take (data, 256 * 1024);

  certificate = g_tls_certificate_new_from_file (cert_path, &error);
  g_assert_no_error (error);
  sw_tcp_client_set_accepted_certificate (client, certificate);

  g_assert_true (connect_tls (client, "localhost", port, &error));
  g_assert_no_error (error);

  /* Many TLS records each way, through the pollable streams. */
  g_signal_connect (client, "received", G_CALLBACK (collect_cb), collected);
  g_assert_true (sw_engine_send (SW_ENGINE (client), NULL, payload, NULL));
  sw_test_wait (has_collected, &wait, TIMEOUT_MS, "the echo over TLS");
  g_assert_cmpmem (collected->data, collected->len, g_bytes_get_data (payload, NULL), 256 * 1024);

  sw_traffic_log_get_totals (sw_engine_get_log (SW_ENGINE (client)), &totals);
  g_assert_cmpuint (totals.bytes_sent, ==, 256 * 1024);
  g_assert_cmpuint (totals.bytes_received, ==, 256 * 1024);

  sw_tcp_client_disconnect (client);
}

static void
test_not_tls (void)
{
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("hello_server.py", NULL);
  guint16 port = sw_test_peer_expect_port (echo, "^PORT (\\d+)");
  g_autoptr(SwTcpClient_) client = sw_tcp_client_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;

  /* A plain server answers the handshake with "Hello": not TLS. */
  g_assert_false (connect_tls (client, "127.0.0.1", port, &error));
  g_assert_true (error->domain == G_TLS_ERROR);
  events = sw_test_log_events (sw_engine_get_log (SW_ENGINE (client)));
  g_assert_nonnull (strstr (events, "127.0.0.1:"));
  g_assert_cmpint (sw_engine_get_state (SW_ENGINE (client)), ==, SW_CONNECTION_STATE_DISCONNECTED);
  sw_test_wait (is_disconnected, client, TIMEOUT_MS, "disconnected");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_print ("1..0 # SKIP no TLS backend (install glib-networking)\n");
      return 0;
    }

  if (!make_certificate ())
    {
      g_print ("1..0 # SKIP openssl could not make a certificate\n");
      return 0;
    }

  g_test_add_func ("/sw/tls/untrusted-then-accepted", test_untrusted_then_accepted);
  g_test_add_func ("/sw/tls/echo-large", test_echo_large);
  g_test_add_func ("/sw/tls/not-tls", test_not_tls);

  status = g_test_run ();
  remove_certificate ();

  return status;
}
