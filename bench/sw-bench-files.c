/* sw-bench-files.c: a file sent, a download captured, by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue #12's figures for files, run by hand: a 1 GiB file sent by the
 * engine (an SwTcpClient and an SwFileSender, no window) to a TCP sink,
 * against read() and send() in a loop (send_file_mbps_ratio), the peak
 * resident memory meanwhile (send_file_rss_mb_peak), and that the bytes
 * arrived (SHA-256); then 1 GiB received while capturing to a file: the
 * digest of the file, the speed and the memory.
 *
 *   sw-bench-files [--size MIB] [--dir DIR] [--rounds N] [--only send|capture]
 *
 * The file is made in DIR (default: the temporary folder) and left there
 * for the next run; the capture is removed.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "sw-bench.h"
#include "sw-test-util.h"

static const char *self_path;

static SwTestPeer *
spawn_self (const char *mode,
            const char *arg)
{
  const char *argv[] = { self_path, mode, arg, NULL };

  return sw_test_peer_newv (argv);
}

static double
raw_once (const char *path)
{
  g_autoptr(SwTestPeer) sink = spawn_self ("tcp-sink-server", NULL);
  guint16 port = sw_test_peer_expect_port (sink, "^PORT (\\d+)");

  return sw_bench_raw_send_file (path, port);
}

static gboolean
app_once (const char      *path,
          SwBenchTransfer *result)
{
  g_autoptr(SwTestPeer) sink = spawn_self ("tcp-sink-server", NULL);
  guint16 port = sw_test_peer_expect_port (sink, "^PORT (\\d+)");

  return sw_bench_send_file (path, port, result);
}

/* The file sent by the engine and by read()/send(), taking turns (loopback
 * speed on a shared machine drifts: each one's best run counts); then
 * once more to a sink that hashes what it gets. */
static gboolean
measure_send (const char *path,
              guint64     size,
              const char *sha256,
              guint       rounds)
{
  SwBenchTransfer best = { 0 };
  SwBenchTransfer transfer;
  double raw = 0;
  double rss_peak = 0;

  for (guint round = 0; round < rounds; round++)
    {
      double raw_run = raw_once (path);

      if (!app_once (path, &transfer) || transfer.bytes != size)
        return FALSE;
      printf ("round %u: raw %.0f MB/s, engine %.0f MB/s, peak RSS %.1f MB\n",
              round + 1, raw_run, transfer.mbps, transfer.rss_mb_peak);
      raw = MAX (raw, raw_run);
      if (transfer.mbps > best.mbps)
        best = transfer;
      rss_peak = MAX (rss_peak, transfer.rss_mb_peak);
    }

  printf ("raw_send_file_mbps %.0f\n", raw);
  printf ("send_file_mbps %.0f\n", best.mbps);
  printf ("send_file_mbps_ratio %.2f\n", best.mbps / raw);
  printf ("send_file_rss_mb_peak %.1f\n", rss_peak);

  {
    g_autoptr(SwTestPeer) sink = spawn_self ("hash-sink-server", NULL);
    guint16 port = sw_test_peer_expect_port (sink, "^PORT (\\d+)");
    g_autofree char *received = NULL;
    g_autofree char *expected = g_strdup_printf ("%" G_GUINT64_FORMAT " SHA256 %s", size, sha256);

    if (!sw_bench_send_file (path, port, &transfer))
      return FALSE;
    received = sw_test_peer_expect (sink, "^RECEIVED (.*)$", 600 * 1000);
    printf ("send_file_sha256_equal %d\n", g_str_equal (received, expected));
  }

  return TRUE;
}

/* A download received by a plain blocking reader and captured by the
 * engine, taking turns; then once more from a source that hashes what it
 * sends. */
static gboolean
measure_capture (const char *capture_path,
                 guint64     size,
                 guint       rounds)
{
  g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, size);
  SwBenchTransfer transfer;
  double raw = 0;
  double capture = 0;
  double rss_peak = 0;

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(SwTestPeer) raw_source = spawn_self ("tcp-flood-server", bytes);
      g_autoptr(SwTestPeer) source = NULL;
      double seconds = 0;
      guint64 received;

      received = sw_bench_raw_tcp_receive (sw_test_peer_expect_port (raw_source, "^PORT (\\d+)"), &seconds);
      raw = MAX (raw, received / 1e6 / seconds);

      source = spawn_self ("tcp-flood-server", bytes);
      if (!sw_bench_capture (sw_test_peer_expect_port (source, "^PORT (\\d+)"), capture_path, &transfer) ||
          transfer.bytes != size)
        return FALSE;
      printf ("round %u: raw receive %.0f MB/s, capture %.0f MB/s, peak RSS %.1f MB\n",
              round + 1, received / 1e6 / seconds, transfer.mbps, transfer.rss_mb_peak);
      capture = MAX (capture, transfer.mbps);
      rss_peak = MAX (rss_peak, transfer.rss_mb_peak);
    }

  printf ("raw_receive_mbps %.0f\n", raw);
  printf ("capture_mbps %.0f\n", capture);
  printf ("capture_mbps_ratio %.2f\n", capture / raw);
  printf ("capture_rss_mb_peak %.1f\n", rss_peak);

  {
    g_autoptr(SwTestPeer) source = spawn_self ("hash-source-server", bytes);
    guint16 port = sw_test_peer_expect_port (source, "^PORT (\\d+)");
    g_autofree char *sent = NULL;
    g_autofree char *captured = NULL;
    g_autofree char *expected = NULL;

    if (!sw_bench_capture (port, capture_path, &transfer))
      return FALSE;
    sent = sw_test_peer_expect (source, "^SENT (.*)$", 600 * 1000);
    captured = sw_bench_file_sha256 (capture_path);
    expected = g_strdup_printf ("%" G_GUINT64_FORMAT " SHA256 %s", transfer.bytes, captured);
    printf ("capture_sha256_equal %d\n", g_str_equal (sent, expected));
  }

  g_unlink (capture_path);

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint64 size = 1024;
  guint rounds = 3;
  const char *dir = g_get_tmp_dir ();
  const char *only = NULL;
  g_autofree char *path = NULL;
  g_autofree char *capture_path = NULL;

  self_path = argv[0];
  if (argc >= 2 && g_str_equal (argv[1], "tcp-sink-server"))
    return sw_bench_tcp_sink_server ();
  if (argc >= 3 && g_str_equal (argv[1], "tcp-flood-server"))
    return sw_bench_tcp_flood_server (g_ascii_strtoull (argv[2], NULL, 10), 128 * 1024);
  if (argc >= 2 && g_str_equal (argv[1], "hash-sink-server"))
    return sw_bench_hash_sink_server ();
  if (argc >= 3 && g_str_equal (argv[1], "hash-source-server"))
    return sw_bench_hash_source_server (g_ascii_strtoull (argv[2], NULL, 10));

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--size") && i + 1 < argc)
        size = g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--dir") && i + 1 < argc)
        dir = argv[++i];
      else if (g_str_equal (argv[i], "--only") && i + 1 < argc)
        only = argv[++i];
      else if (g_str_equal (argv[i], "--rounds") && i + 1 < argc)
        {
          int n = atoi (argv[++i]);

          rounds = MAX (1, n);
        }
      else
        {
          fprintf (stderr, "usage: %s [--size MIB] [--dir DIR] [--rounds N] [--only send|capture]\n", argv[0]);
          return 2;
        }
    }
  size *= 1024 * 1024;

  if (only == NULL || g_str_equal (only, "send"))
    {
      g_autofree char *sha256 = NULL;

      path = g_strdup_printf ("%s/sw-bench-files-%" G_GUINT64_FORMAT ".bin", dir, size);
      if (!sw_bench_make_file (path, size))
        {
          fprintf (stderr, "sw-bench-files: could not make %s\n", path);
          return 1;
        }
      sha256 = sw_bench_file_sha256 (path);
      printf ("file %s, %" G_GUINT64_FORMAT " bytes, SHA-256 %s\n", path, size, sha256);
      if (!measure_send (path, size, sha256, rounds))
        return 1;
    }

  if (only == NULL || g_str_equal (only, "capture"))
    {
      capture_path = g_strdup_printf ("%s/sw-bench-files-capture.bin", dir);
      if (!measure_capture (capture_path, size, rounds))
        return 1;
    }

  return 0;
}
