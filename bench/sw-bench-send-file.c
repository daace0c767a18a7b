/* sw-bench-send-file.c: files in and out of the engine, and their baselines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue #12's send_file_mbps_ratio and send_file_rss_mb_peak, and the
 * capture of a download: the engine side (an SwTcpClient with an
 * SwFileSender or an SwCapture, no window) and the other side in plain C,
 * as child processes of the benchmark (sw-bench-files MODE …). Linux only,
 * like the benchmark.
 */

#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <gio/gio.h>

#include "sw-bench.h"
#include "sw-capture.h"
#include "sw-file-sender.h"
#include "sw-tcp-client.h"
#include "sw-test-util.h"

#define IO_SIZE (256 * 1024)

static void
die (const char *what)
{
  fprintf (stderr, "sw-bench: %s: %s\n", what, strerror (errno));
  exit (1);
}

/* Bytes that do not repeat (so a lost or reordered piece changes the
 * digest) and cost nothing to make: xorshift64 from @state. */
static void
fill_noise (guint8  *buffer,
            gsize    size,
            guint64 *state)
{
  guint64 x = *state;

  for (gsize i = 0; i + 8 <= size; i += 8)
    {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      memcpy (buffer + i, &x, 8);
    }
  *state = x;
}

gboolean
sw_bench_make_file (const char *path,
                    guint64     size)
{
  g_autofree guint8 *buffer = g_malloc (IO_SIZE);
  guint64 state = 0x9E3779B97F4A7C15;
  struct stat info;
  int fd;

  if (stat (path, &info) == 0 && (guint64) info.st_size == size)
    return TRUE;

  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0)
    return FALSE;

  for (guint64 written = 0; written < size;)
    {
      gsize want = MIN (IO_SIZE, size - written);
      ssize_t n;

      fill_noise (buffer, IO_SIZE, &state);
      n = write (fd, buffer, want);
      if (n < 0)
        {
          close (fd);
          return FALSE;
        }
      written += n;
    }

  return close (fd) == 0;
}

static int
connect_loopback (guint16 port)
{
  struct sockaddr_in address = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  address.sin_family = AF_INET;
  address.sin_port = htons (port);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd < 0 || connect (fd, (struct sockaddr *) &address, sizeof address) < 0)
    die ("connect");

  return fd;
}

static int
accept_one (void)
{
  struct sockaddr_in address = { 0 };
  socklen_t length = sizeof address;
  int listener = socket (AF_INET, SOCK_STREAM, 0);
  int one = 1;
  int fd;

  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  setsockopt (listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind (listener, (struct sockaddr *) &address, sizeof address) < 0 || listen (listener, 1) < 0)
    die ("listen");
  getsockname (listener, (struct sockaddr *) &address, &length);
  printf ("PORT %u\n", ntohs (address.sin_port));
  fflush (stdout);

  fd = accept (listener, NULL, NULL);
  if (fd < 0)
    die ("accept");
  close (listener);

  return fd;
}

static void
send_all (int           fd,
          const guint8 *data,
          gsize         size)
{
  for (gsize done = 0; done < size;)
    {
      ssize_t n = send (fd, data + done, size - done, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        die ("send");
      done += n;
    }
}

/* Says it sent everything (shuts down its sending side), then waits for
 * the other side to close, so that nothing in flight is reset. */
static void
finish_sending (int     fd,
                guint8 *buffer)
{
  shutdown (fd, SHUT_WR);
  while (recv (fd, buffer, IO_SIZE, 0) > 0)
    ;
  close (fd);
}

double
sw_bench_raw_send_file (const char *path,
                        guint16     port)
{
  g_autofree guint8 *buffer = g_malloc (IO_SIZE);
  int file = open (path, O_RDONLY);
  int fd = connect_loopback (port);
  gint64 start = sw_bench_now_us ();
  guint64 sent = 0;
  ssize_t n;

  if (file < 0)
    die ("open");

  while ((n = read (file, buffer, IO_SIZE)) > 0)
    {
      send_all (fd, buffer, n);
      sent += n;
    }
  close (file);

  /* Done once the sink has it all and closes. */
  finish_sending (fd, buffer);

  return sent / 1e6 / ((sw_bench_now_us () - start) / (double) G_USEC_PER_SEC);
}

int
sw_bench_hash_sink_server (void)
{
  g_autofree guint8 *buffer = g_malloc (IO_SIZE);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  int fd = accept_one ();
  guint64 received = 0;
  ssize_t n;

  while ((n = recv (fd, buffer, IO_SIZE, 0)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        die ("recv");
      g_checksum_update (checksum, buffer, n);
      received += n;
    }
  close (fd);
  printf ("RECEIVED %" G_GUINT64_FORMAT " SHA256 %s\n", received, g_checksum_get_string (checksum));
  fflush (stdout);

  return 0;
}

int
sw_bench_hash_source_server (guint64 bytes)
{
  g_autofree guint8 *buffer = g_malloc (IO_SIZE);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint64 state = 0x2545F4914F6CDD1D;
  int fd = accept_one ();
  guint64 sent = 0;

  while (sent < bytes)
    {
      gsize want = MIN (IO_SIZE, bytes - sent);

      fill_noise (buffer, IO_SIZE, &state);
      g_checksum_update (checksum, buffer, want);
      send_all (fd, buffer, want);
      sent += want;
    }
  printf ("SENT %" G_GUINT64_FORMAT " SHA256 %s\n", sent, g_checksum_get_string (checksum));
  fflush (stdout);
  finish_sending (fd, buffer);

  return 0;
}

/* The peak resident memory from now on (Linux ≥ 4.0). */
static void
reset_peak_rss (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

static double
peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "\nVmHWM:")) == NULL)
    return 0;

  return g_ascii_strtoull (line + strlen ("\nVmHWM:"), NULL, 10) / 1024.0;
}

static SwTcpClient *
connect_client (guint16 port)
{
  SwTcpClient *client = sw_tcp_client_new (NULL);
  g_autoptr(GSocketConnectable) address = g_network_address_new ("127.0.0.1", port);
  g_autoptr(GAsyncResult) result = NULL;

  sw_tcp_client_connect_async (client, address, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, 20000, "the connection");
  if (!sw_tcp_client_connect_finish (client, result, NULL))
    g_error ("Could not connect to 127.0.0.1:%u", port);

  return client;
}

static gboolean
is_disconnected (gpointer data)
{
  return sw_engine_get_state (data) == SW_CONNECTION_STATE_DISCONNECTED;
}

gboolean
sw_bench_send_file (const char        *path,
                    guint16            port,
                    SwBenchTransfer   *result)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SwTcpClient) client = NULL;
  g_autoptr(SwFileSender) sender = NULL;
  g_autoptr(GAsyncResult) sent = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  reset_peak_rss ();
  client = connect_client (port);
  sender = sw_file_sender_new (SW_ENGINE (client), file);

  start = sw_bench_now_us ();
  sw_file_sender_start_async (sender, NULL, sw_test_store_result, &sent);
  sw_test_wait_result (&sent, 600 * 1000, "the file to be sent");
  if (!sw_file_sender_start_finish (sender, sent, &error))
    {
      g_printerr ("sw-bench: sending %s failed: %s\n", path, error->message);
      return FALSE;
    }

  /* Done once the sink has it all and closes, as the raw sender. */
  sw_tcp_client_shutdown_write (client, NULL);
  sw_test_wait (is_disconnected, client, 600 * 1000, "the sink to close");

  result->bytes = sw_file_sender_get_bytes_sent (sender);
  result->mbps = result->bytes / 1e6 / ((sw_bench_now_us () - start) / (double) G_USEC_PER_SEC);
  result->rss_mb_peak = peak_rss_mb ();

  return TRUE;
}

gboolean
sw_bench_capture (guint16          port,
                  const char      *path,
                  SwBenchTransfer *result)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SwTcpClient) client = sw_tcp_client_new (NULL);
  g_autoptr(SwCapture) capture = sw_capture_new (SW_ENGINE (client), NULL, file);
  g_autoptr(GSocketConnectable) address = g_network_address_new ("127.0.0.1", port);
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GAsyncResult) connected = NULL;
  g_autoptr(GAsyncResult) stopped = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  reset_peak_rss ();
  sw_capture_start_async (capture, NULL, sw_test_store_result, &started);
  sw_test_wait_result (&started, 20000, "the capture to start");
  if (!sw_capture_start_finish (capture, started, &error))
    {
      g_printerr ("sw-bench: capturing to %s failed: %s\n", path, error->message);
      return FALSE;
    }

  start = sw_bench_now_us ();
  sw_tcp_client_connect_async (client, address, NULL, sw_test_store_result, &connected);
  sw_test_wait_result (&connected, 20000, "the connection");
  if (!sw_tcp_client_connect_finish (client, connected, &error))
    {
      g_printerr ("sw-bench: %s\n", error->message);
      return FALSE;
    }
  sw_test_wait (is_disconnected, client, 600 * 1000, "the source to close");

  sw_capture_stop_async (capture, NULL, sw_test_store_result, &stopped);
  sw_test_wait_result (&stopped, 600 * 1000, "the capture to stop");
  if (!sw_capture_stop_finish (capture, stopped, &error))
    {
      g_printerr ("sw-bench: capturing to %s failed: %s\n", path, error->message);
      return FALSE;
    }

  result->bytes = sw_capture_get_bytes_written (capture);
  result->mbps = result->bytes / 1e6 / ((sw_bench_now_us () - start) / (double) G_USEC_PER_SEC);
  result->rss_mb_peak = peak_rss_mb ();

  return TRUE;
}

char *
sw_bench_file_sha256 (const char *path)
{
  g_autofree guint8 *buffer = g_malloc (IO_SIZE);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  int fd = open (path, O_RDONLY);
  ssize_t n;

  if (fd < 0)
    return NULL;
  while ((n = read (fd, buffer, IO_SIZE)) > 0)
    g_checksum_update (checksum, buffer, n);
  close (fd);

  return g_strdup (g_checksum_get_string (checksum));
}
