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

G_END_DECLS
