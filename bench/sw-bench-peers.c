/* sw-bench-peers.c: the benchmark's other side, in plain C
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Senders, load generators and the raw baselines the app is compared
 * with, each as simple and fast as blocking sockets or epoll make them.
 * They run as child processes of sw-bench (sw-bench MODE …), so the app
 * and its peer get a core each, as a person's app and a remote peer would.
 * Linux only, like the benchmark.
 */

#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <glib.h>

#include "sw-bench.h"

static void
die (const char *what)
{
  fprintf (stderr, "sw-bench: %s: %s\n", what, strerror (errno));
  exit (1);
}

gint64
sw_bench_now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);

  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

void
sw_bench_raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

guint
sw_bench_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return 1024;

  return limit.rlim_cur;
}

static struct sockaddr_in
loopback (guint16 port)
{
  struct sockaddr_in address = { 0 };

  address.sin_family = AF_INET;
  address.sin_port = htons (port);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);

  return address;
}

static int
listen_loopback (int type,
                 guint16 *port)
{
  struct sockaddr_in address = loopback (0);
  socklen_t length = sizeof address;
  int fd = socket (AF_INET, type, 0);
  int one = 1;

  if (fd < 0)
    die ("socket");
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind (fd, (struct sockaddr *) &address, sizeof address) < 0)
    die ("bind");
  if (type == SOCK_STREAM && listen (fd, 8192) < 0)
    die ("listen");
  getsockname (fd, (struct sockaddr *) &address, &length);
  *port = ntohs (address.sin_port);

  return fd;
}

static void
fill_pattern (guint8 *buffer,
              gsize   size)
{
  for (gsize i = 0; i < size; i++)
    buffer[i] = (guint8) (i * 31 + (i >> 8));
}

/* Accepts one client, sends it @bytes from @buffer (@chunk bytes that
 * repeat), closes and says how much it sent. */
static int
serve_one_client (guint8  *buffer,
                  gsize    chunk,
                  guint64  bytes)
{
  guint16 port;
  int listener = listen_loopback (SOCK_STREAM, &port);
  int fd;
  guint64 sent = 0;

  printf ("PORT %u\n", port);
  fflush (stdout);

  fd = accept (listener, NULL, NULL);
  if (fd < 0)
    die ("accept");

  while (sent < bytes)
    {
      /* From where the last write stopped, so lines stay whole. */
      gsize offset = sent % chunk;
      gsize want = MIN (chunk - offset, bytes - sent);
      ssize_t n = send (fd, buffer + offset, want, MSG_NOSIGNAL);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          die ("send");
        }
      sent += n;
    }

  shutdown (fd, SHUT_WR);
  /* Wait for the receiver to close, so nothing is reset in flight. */
  while (read (fd, buffer, chunk) > 0)
    ;
  close (fd);
  printf ("SENT %" G_GUINT64_FORMAT "\n", sent);
  fflush (stdout);

  return 0;
}

/* Accepts one client and sends it @bytes, @chunk at a time, then closes:
 * the flood both the raw receiver and the app receive. */
int
sw_bench_tcp_flood_server (guint64 bytes,
                           gsize   chunk)
{
  g_autofree guint8 *buffer = g_malloc (chunk);

  fill_pattern (buffer, chunk);

  return serve_one_client (buffer, chunk, bytes);
}

/* Telemetry lines such as a device streams, each 64 bytes ending with
 * "\n" (as sw-bench-rules matches), @chunk bytes of them. */
static void
fill_lines (guint8 *buffer,
            gsize   chunk)
{
  for (gsize line = 0; line < chunk / SW_BENCH_LINE_LENGTH; line++)
    {
      char text[SW_BENCH_LINE_LENGTH + 32];
      int n = g_snprintf (text, sizeof text, "id=%04u t=%02u.%02u h=%02u.%u p=%04u st=OK seq=%07u",
                          (guint) (line * 7919 % 10000), (guint) (10 + line % 30), (guint) (line % 100),
                          (guint) (20 + line % 70), (guint) (line % 10), (guint) (950 + line % 100),
                          (guint) line);

      memset (text + n, ' ', SW_BENCH_LINE_LENGTH - 1 - n);
      text[SW_BENCH_LINE_LENGTH - 1] = '\n';
      memcpy (buffer + line * SW_BENCH_LINE_LENGTH, text, SW_BENCH_LINE_LENGTH);
    }
}

/* Accepts one client and sends it @bytes of lines (a multiple of the
 * line length), @chunk at a time, then closes. */
int
sw_bench_tcp_lines_server (guint64 bytes,
                           gsize   chunk)
{
  g_autofree guint8 *buffer = g_malloc (chunk);

  g_assert (chunk % SW_BENCH_LINE_LENGTH == 0);
  fill_lines (buffer, chunk);

  return serve_one_client (buffer, chunk, bytes);
}

/* Reads @fd until the peer closes; says when the first bytes came. */
static guint64
read_to_end (int     fd,
             gint64 *first)
{
  g_autofree guint8 *buffer = g_malloc (256 * 1024);
  guint64 received = 0;

  for (;;)
    {
      ssize_t n = recv (fd, buffer, 256 * 1024, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      if (first != NULL && *first == 0)
        *first = sw_bench_now_us ();
      received += n;
    }

  return received;
}

/* Accepts one client and reads everything it sends until it closes, then
 * says how much: where the app's sends go. */
int
sw_bench_tcp_sink_server (void)
{
  guint16 port;
  int listener = listen_loopback (SOCK_STREAM, &port);
  guint64 received;
  int fd;

  printf ("PORT %u\n", port);
  fflush (stdout);

  fd = accept (listener, NULL, NULL);
  if (fd < 0)
    die ("accept");

  received = read_to_end (fd, NULL);
  close (fd);
  printf ("RECEIVED %" G_GUINT64_FORMAT "\n", received);
  fflush (stdout);

  return 0;
}

/* The limit: a blocking receiver reading as fast as it can. */
guint64
sw_bench_raw_tcp_receive (guint16  port,
                          double  *seconds)
{
  struct sockaddr_in address = loopback (port);
  guint64 received;
  gint64 first = 0;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  if (connect (fd, (struct sockaddr *) &address, sizeof address) < 0)
    die ("connect");

  received = read_to_end (fd, &first);
  *seconds = (sw_bench_now_us () - first) / (double) G_USEC_PER_SEC;
  close (fd);

  return received;
}

/* Sends @count datagrams of @size bytes to 127.0.0.1:@port, in batches
 * with sendmmsg(), at @rate per second (0: as fast as it goes). */
int
sw_bench_udp_blast (guint16 port,
                    guint64 count,
                    gsize   size,
                    guint64 rate)
{
  struct sockaddr_in address = loopback (port);
  g_autofree guint8 *payload = g_malloc0 (MAX (size, 1));
  struct mmsghdr messages[64];
  struct iovec vectors[64];
  guint64 sent = 0;
  gint64 start;
  int fd = socket (AF_INET, SOCK_DGRAM, 0);
  int buffer = 4 * 1024 * 1024;

  setsockopt (fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
  fill_pattern (payload, size);
  memset (messages, 0, sizeof messages);
  for (guint i = 0; i < 64; i++)
    {
      vectors[i].iov_base = payload;
      vectors[i].iov_len = size;
      messages[i].msg_hdr.msg_iov = &vectors[i];
      messages[i].msg_hdr.msg_iovlen = 1;
      messages[i].msg_hdr.msg_name = &address;
      messages[i].msg_hdr.msg_namelen = sizeof address;
    }

  printf ("READY\n");
  fflush (stdout);
  start = sw_bench_now_us ();

  while (sent < count)
    {
      guint batch = MIN (64, count - sent);
      int n;

      if (rate > 0)
        {
          gint64 due = start + (gint64) (sent * (double) G_USEC_PER_SEC / rate);
          gint64 now = sw_bench_now_us ();

          if (due > now)
            g_usleep (MIN (due - now, 1000));
          batch = MIN (batch, 16);
        }

      n = sendmmsg (fd, messages, batch, 0);
      if (n < 0)
        {
          if (errno == EINTR || errno == ENOBUFS || errno == EAGAIN)
            continue;
          die ("sendmmsg");
        }
      sent += n;
    }

  printf ("SENT %" G_GUINT64_FORMAT " %.3f\n", sent, (sw_bench_now_us () - start) / 1e6);
  fflush (stdout);
  close (fd);

  return 0;
}

/* The limit for UDP: a blocking recvfrom() loop, as a plain C program
 * reads datagrams with their sources. Ends when none came for 300 ms. */
guint64
sw_bench_raw_udp_receive (int     fd,
                          double *seconds)
{
  guint8 buffer[65536];
  struct timeval timeout = { 0, 300 * 1000 };
  guint64 received = 0;
  gint64 first = 0;
  gint64 last = 0;

  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);

  for (;;)
    {
      struct sockaddr_storage from;
      socklen_t length = sizeof from;
      ssize_t n = recvfrom (fd, buffer, sizeof buffer, 0, (struct sockaddr *) &from, &length);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      last = sw_bench_now_us ();
      if (first == 0)
        first = last;
      received++;
    }

  *seconds = (last - first) / (double) G_USEC_PER_SEC;

  return received;
}

int
sw_bench_udp_socket (guint16 *port)
{
  int fd = listen_loopback (SOCK_DGRAM, port);
  int buffer = 4 * 1024 * 1024;

  setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);

  return fd;
}

/* What the kernel says of a local UDP port, from /proc/net/udp ("sl local
 * rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops",
 * local as "0100007F:1F90"): datagrams dropped, and bytes still queued. */
gboolean
sw_bench_udp_stats (guint16  port,
                    guint64 *drops,
                    guint64 *queued)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/net/udp", &contents, NULL, NULL))
    return FALSE;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " ", -1);
      g_autoptr(GPtrArray) words = g_ptr_array_new ();
      const char *colon;

      for (guint j = 0; fields[j] != NULL; j++)
        if (*fields[j] != '\0')
          g_ptr_array_add (words, fields[j]);

      if (words->len < 13)
        continue;

      colon = strchr (g_ptr_array_index (words, 1), ':');
      if (colon == NULL || g_ascii_strtoull (colon + 1, NULL, 16) != port)
        continue;

      *drops = g_ascii_strtoull (g_ptr_array_index (words, words->len - 1), NULL, 10);
      colon = strchr (g_ptr_array_index (words, 4), ':');
      *queued = colon != NULL ? g_ascii_strtoull (colon + 1, NULL, 16) : 0;
      return TRUE;
    }

  return FALSE;
}

/* A small epoll echo server: the baseline for the app's server. */
void
sw_bench_epoll_echo_server (void)
{
  struct epoll_event events[512];
  guint8 buffer[65536];
  guint16 port;
  int listener = listen_loopback (SOCK_STREAM, &port);
  int epfd = epoll_create1 (0);
  struct epoll_event event = { .events = EPOLLIN, .data.fd = listener };

  sw_bench_raise_fd_limit ();
  /* accept4() in a loop until EAGAIN: the listener must not block. */
  fcntl (listener, F_SETFL, fcntl (listener, F_GETFL) | O_NONBLOCK);
  epoll_ctl (epfd, EPOLL_CTL_ADD, listener, &event);
  printf ("PORT %u\n", port);
  fflush (stdout);

  for (;;)
    {
      int n = epoll_wait (epfd, events, G_N_ELEMENTS (events), -1);

      for (int i = 0; i < n; i++)
        {
          int fd = events[i].data.fd;

          if (fd == listener)
            {
              int client;

              while ((client = accept4 (listener, NULL, NULL, SOCK_NONBLOCK)) >= 0)
                {
                  int one = 1;
                  struct epoll_event add = { .events = EPOLLIN, .data.fd = client };

                  setsockopt (client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                  epoll_ctl (epfd, EPOLL_CTL_ADD, client, &add);
                }
              continue;
            }

          for (;;)
            {
              ssize_t got = recv (fd, buffer, sizeof buffer, 0);

              if (got > 0)
                {
                  send (fd, buffer, got, MSG_NOSIGNAL);
                  continue;
                }
              if (got == 0 || (errno != EAGAIN && errno != EINTR))
                {
                  epoll_ctl (epfd, EPOLL_CTL_DEL, fd, NULL);
                  close (fd);
                }
              break;
            }
        }
    }
}

#define MESSAGE_SIZE 16

/* Opens @n connections to 127.0.0.1:@port, says CONNECTED when all are,
 * then for @seconds does ping-pong round trips of 16 bytes: on one
 * connection ("one"), or on all of them at once ("all"); prints RTPS.
 * Then holds the connections until stdin closes. */
int
sw_bench_clients (guint16     port,
                  guint       n,
                  const char *mode,
                  double      seconds)
{
  struct sockaddr_in address = loopback (port);
  g_autofree int *fds = g_new (int, n);
  g_autofree guint *pending = g_new0 (guint, n);
  struct epoll_event events[512];
  guint8 message[MESSAGE_SIZE];
  guint8 buffer[4096];
  guint connected = 0;
  guint64 round_trips = 0;
  gboolean all = g_strcmp0 (mode, "all") == 0;
  gint64 start;
  gint64 end;
  int epfd = epoll_create1 (0);

  sw_bench_raise_fd_limit ();
  memset (message, 'x', sizeof message);

  start = sw_bench_now_us ();
  for (guint i = 0; i < n; i++)
    {
      struct epoll_event event = { .events = EPOLLOUT, .data.u32 = i };
      int one = 1;

      fds[i] = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      if (fds[i] < 0)
        die ("socket");
      setsockopt (fds[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      if (connect (fds[i], (struct sockaddr *) &address, sizeof address) < 0 && errno != EINPROGRESS)
        die ("connect");
      epoll_ctl (epfd, EPOLL_CTL_ADD, fds[i], &event);
    }

  while (connected < n)
    {
      int got = epoll_wait (epfd, events, G_N_ELEMENTS (events), 60000);

      if (got <= 0)
        {
          fprintf (stderr, "sw-bench: only %u of %u connected\n", connected, n);
          return 1;
        }
      for (int i = 0; i < got; i++)
        {
          struct epoll_event event = { .events = EPOLLIN, .data.u32 = events[i].data.u32 };

          epoll_ctl (epfd, EPOLL_CTL_MOD, fds[events[i].data.u32], &event);
          connected++;
        }
    }

  printf ("CONNECTED %u %.3f\n", connected, (sw_bench_now_us () - start) / 1e6);
  fflush (stdout);

  /* Let the server catch up with the burst before measuring. */
  g_usleep (G_USEC_PER_SEC / 2);

  start = sw_bench_now_us ();
  end = start + (gint64) (seconds * G_USEC_PER_SEC);

  for (guint i = 0; i < (all ? n : 1); i++)
    {
      send (fds[i], message, sizeof message, MSG_NOSIGNAL);
      pending[i] = sizeof message;
    }

  while (sw_bench_now_us () < end)
    {
      int got = epoll_wait (epfd, events, G_N_ELEMENTS (events), 100);

      for (int i = 0; i < got; i++)
        {
          guint index = events[i].data.u32;
          ssize_t r = recv (fds[index], buffer, sizeof buffer, 0);

          if (r <= 0)
            continue;
          pending[index] -= MIN ((guint) r, pending[index]);
          if (pending[index] == 0)
            {
              round_trips++;
              send (fds[index], message, sizeof message, MSG_NOSIGNAL);
              pending[index] = sizeof message;
            }
        }
    }

  printf ("RTPS %.1f\n", round_trips / ((sw_bench_now_us () - start) / 1e6));
  fflush (stdout);

  while (read (STDIN_FILENO, buffer, sizeof buffer) > 0)
    ;

  return 0;
}
