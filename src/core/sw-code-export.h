/* sw-code-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-traffic-log.h"

G_BEGIN_DECLS

#define SW_CODE_EXPORT_ERROR (sw_code_export_error_quark ())

typedef enum
{
  /* The log holds nothing this kind of session could repeat. */
  SW_CODE_EXPORT_ERROR_EMPTY,
  /* The target's host is not a host name or an address. */
  SW_CODE_EXPORT_ERROR_INVALID_HOST,
  /* The session did something the code cannot say: a server as a shell
   * command, several connections or datagrams in one command, datagrams
   * to IPv4 and IPv6 addresses from one socket. */
  SW_CODE_EXPORT_ERROR_UNSUPPORTED,
  /* More bytes than a shell command holds (SW_CODE_SHELL_MAX_BYTES). */
  SW_CODE_EXPORT_ERROR_TOO_LONG,
} SwCodeExportError;

/* Which session a log comes from: the log alone cannot tell a TCP
 * client from a server. */
typedef enum
{
  SW_CODE_SESSION_TCP_CLIENT,
  SW_CODE_SESSION_TCP_SERVER,
  SW_CODE_SESSION_UDP_PEER,
  /* Code for a client of the relay's upstream: it sends what the relay's
   * clients sent (and what was typed in towards the upstream). */
  SW_CODE_SESSION_RELAY,
} SwCodeSessionKind;

/* What the session's form says and the log does not. All of it is
 * optional: a zeroed target (or %NULL) uses the addresses in the log. */
typedef struct
{
  /* The host as the person typed it ("device.local"), used instead of
   * the address it resolved to: for the server a TCP client, a relay or
   * a UDP peer last sent to; for a TCP server the address to listen on,
   * where "" is every interface. %NULL: the address in the log. */
  const char *host;
  /* With it, the port; 0: the one in the log. */
  guint16     port;
  /* UDP peer: the person bound the local port (Bind with a port), so
   * the code binds the same one. %FALSE: the system chose it, and the
   * code lets the system choose again. */
  gboolean    bind_local;
  /* TCP client: the session used TLS. */
  gboolean    tls;
} SwCodeTarget;

/* A script inlines at most this many payload bytes: the rest is left
 * out, and the script says so where it would have been. */
#define SW_CODE_PYTHON_MAX_BYTES (1024 * 1024)
/* A shell command sends at most this many bytes. */
#define SW_CODE_SHELL_MAX_BYTES  4096

GQuark sw_code_export_error_quark (void);

/* A Python 3 program (standard library only) that does what the session
 * in @log did: connects, listens or binds as it did, sends every byte it
 * sent in order, and prints what comes back, waiting for as much as came
 * then. Several TCP connections are made one after the other; a server
 * serves its clients in turn. The same log gives the same text; its
 * comments are English. */
char  *sw_code_export_python      (SwTrafficLog        *log,
                                   SwCodeSessionKind    kind,
                                   const SwCodeTarget  *target,
                                   GError             **error);
/* A `printf '…' | ncat HOST PORT` command for a short client
 * conversation: one connection (TCP) or one datagram (UDP), at most
 * SW_CODE_SHELL_MAX_BYTES, no server. Single-quoted for any POSIX sh. */
char  *sw_code_export_shell       (SwTrafficLog        *log,
                                   SwCodeSessionKind    kind,
                                   const SwCodeTarget  *target,
                                   GError             **error);

/* Saves @code (a script from sw_code_export_python()) to @file, ready to
 * run (executable where files have modes), in a thread. It is written
 * beside @file and renamed over it: a save that fails part way (a full
 * disk) or is cancelled leaves @file byte for byte as it was, or no file
 * where there was none, and no temporary file. The error says which file
 * and why. */
void      sw_code_export_save_async  (const char          *code,
                                      GFile               *file,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean  sw_code_export_save_finish (GAsyncResult        *result,
                                      GError             **error);

G_END_DECLS
