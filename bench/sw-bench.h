/* sw-bench.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gint64  sw_bench_now_us             (void);
void    sw_bench_raise_fd_limit     (void);
guint   sw_bench_fd_limit           (void);

int     sw_bench_tcp_flood_server   (guint64     bytes,
                                     gsize       chunk);
guint64 sw_bench_raw_tcp_receive    (guint16     port,
                                     double     *seconds);
/* Lines of telemetry (issue #11's rules_frames_per_s and reframe_ms). */
#define SW_BENCH_LINE_LENGTH 64
int     sw_bench_tcp_lines_server   (guint64     bytes,
                                     gsize       chunk);
int     sw_bench_tcp_sink_server    (void);
int     sw_bench_udp_blast          (guint16     port,
                                     guint64     count,
                                     gsize       size,
                                     guint64     rate);
int     sw_bench_udp_socket         (guint16    *port);
guint64 sw_bench_raw_udp_receive    (int         fd,
                                     double     *seconds);
gboolean sw_bench_udp_stats         (guint16     port,
                                     guint64    *drops,
                                     guint64    *queued);
void    sw_bench_epoll_echo_server  (void) G_GNUC_NORETURN;
int     sw_bench_clients            (guint16     port,
                                     guint       n,
                                     const char *mode,
                                     double      seconds);

/* Files in and out (issue #12), sw-bench-send-file.c. */
typedef struct
{
  guint64 bytes;
  double  mbps;
  /* VmHWM since the transfer began. */
  double  rss_mb_peak;
} SwBenchTransfer;

/* A file of @size bytes that do not repeat (kept when it is there). */
gboolean sw_bench_make_file         (const char      *path,
                                     guint64          size);
char    *sw_bench_file_sha256       (const char      *path);
/* The baseline: read() and a blocking send() to 127.0.0.1:@port, until
 * the sink closes; MB/s. */
double   sw_bench_raw_send_file     (const char      *path,
                                     guint16          port);
/* Children: accept one client, read to its end, print "RECEIVED <n>
 * SHA256 <hex>"; or send it @bytes that do not repeat, print "SENT <n>
 * SHA256 <hex>" and close. Both print "PORT <n>" first. */
int      sw_bench_hash_sink_server  (void);
int      sw_bench_hash_source_server (guint64         bytes);
/* An SwTcpClient sends @path with an SwFileSender to 127.0.0.1:@port,
 * until the sink closes. */
gboolean sw_bench_send_file         (const char      *path,
                                     guint16          port,
                                     SwBenchTransfer *result);
/* An SwTcpClient receives from 127.0.0.1:@port, until the source closes,
 * capturing to @path. */
gboolean sw_bench_capture           (guint16          port,
                                     const char      *path,
                                     SwBenchTransfer *result);

G_END_DECLS
