/* sw-code-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-code-export"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-code-export.h"
#include "sw-code-export-private.h"
#include "sw-code-plan-private.h"
#include "sw-core-private.h"

/*
 * "Copy as code" (issue #14): the session's traffic log turned into a
 * program that does it again, for people who learned sockets from Python
 * tutorials and now have to write the program that talks to their device.
 *
 * The log is read once into a plan (sw-code-plan.c) of steps, sends and
 * receives. The script then sends each send and, for each receive, reads
 * until as much came as then (or a timeout passes), so it keeps pace with
 * the peer as the session did without copying its timing. Literals are
 * written by sw-code-literal.c.
 *
 * Choices:
 *  - Several TCP connections in a row are all repeated, one after the
 *    other; a server serves its clients one after the other, in the order
 *    they came, even if they overlapped.
 *  - The code says nothing about the time it was made, so the same log
 *    gives the same text: times are relative to the log's first record.
 *  - Comments and printed text in the code are English, as Python's own
 *    messages and the tutorials' identifiers are; only errors given to
 *    the person are translated.
 */

G_DEFINE_QUARK (sw-code-export-error-quark, sw_code_export_error)

/* Appends @text as comment lines at @indent, wrapped at
 * SW_CODE_LINE_WIDTH. Only the code's own words and addresses go in;
 * controls are replaced all the same, so that nothing ends a comment. */
static void
append_comment (GString    *out,
                guint       indent,
                const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  guint column = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      gsize length = g_utf8_strlen (words[i], -1);

      if (column > 0 && column + 1 + length > SW_CODE_LINE_WIDTH)
        {
          g_string_append_c (out, '\n');
          column = 0;
        }
      if (column == 0)
        {
          _sw_code_append_spaces (out, indent);
          g_string_append_c (out, '#');
          column = indent + 1;
        }
      g_string_append_c (out, ' ');
      for (const char *p = words[i]; *p != '\0'; p++)
        g_string_append_c (out, (guchar) *p < 0x20 || *p == 0x7f ? '?' : *p);
      column += 1 + length;
    }
  g_string_append_c (out, '\n');
}

static void G_GNUC_PRINTF (3, 4)
append_commentf (GString    *out,
                 guint       indent,
                 const char *format,
                 ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  append_comment (out, indent, text);
}

/* "+1.234 s", locale-free. */
static char *
format_time (SwCodePlan *plan,
             gint64      wall_time)
{
  gint64 ms = MAX (0, wall_time - plan->t0) / 1000;

  return g_strdup_printf ("+%" G_GINT64_FORMAT ".%03d s", ms / 1000, (int) (ms % 1000));
}

static const char *
plural (guint64     n,
        const char *one,
        const char *many)
{
  return n == 1 ? one : many;
}

static const char *
other_end (SwCodeSessionKind kind)
{
  switch (kind)
    {
    case SW_CODE_SESSION_TCP_SERVER:
      return "client";
    case SW_CODE_SESSION_RELAY:
      return "upstream server";
    case SW_CODE_SESSION_TCP_CLIENT:
    case SW_CODE_SESSION_UDP_PEER:
    default:
      return "server";
    }
}

static void
append_header (GString    *out,
               SwCodePlan *plan,
               const char *what)
{
  guint64 n_connections = plan->conversations->len + g_hash_table_size (plan->left_out_connections);

  g_string_append (out, "#!/usr/bin/env python3\n");
  append_comment (out, 0, what);
  g_string_append (out, "#\n");

  if (plan->transport == SW_TRANSPORT_TCP)
    append_commentf (out, 0,
                     "The session: %" G_GUINT64_FORMAT " %s, %" G_GUINT64_FORMAT " bytes sent, %"
                     G_GUINT64_FORMAT " bytes received.",
                     n_connections, plural (n_connections, "connection", "connections"),
                     plan->sent_bytes + plan->left_out_bytes, plan->received_bytes);
  else
    append_commentf (out, 0,
                     "The session: %" G_GUINT64_FORMAT " %s sent (%" G_GUINT64_FORMAT " bytes), %"
                     G_GUINT64_FORMAT " received (%" G_GUINT64_FORMAT " bytes).",
                     plan->sent_records + plan->left_out_records,
                     plural (plan->sent_records + plan->left_out_records, "datagram", "datagrams"),
                     plan->sent_bytes + plan->left_out_bytes,
                     plan->received_records, plan->received_bytes);
  append_comment (out, 0, "The comments give the time of each step in seconds since the first record "
                          "of the session's log.");

  if (plan->totals.records_trimmed > 0)
    append_commentf (out, 0,
                     "The log had dropped its %" G_GUINT64_FORMAT " oldest records (%" G_GUINT64_FORMAT
                     " bytes) to stay within its size limit: this starts where the log did.",
                     plan->totals.records_trimmed, plan->totals.bytes_trimmed);
  if (plan->left_out_files > 0)
    append_commentf (out, 0,
                     "%u %s too big to write into this script %s left out; comments show where, and "
                     "how to send %s from a file.",
                     plan->left_out_files, plural (plan->left_out_files, "file", "files"),
                     plural (plan->left_out_files, "is", "are"), plural (plan->left_out_files, "it", "them"));
  if (plan->truncated)
    {
      guint n_connections_left = g_hash_table_size (plan->left_out_connections);
      g_autofree char *connections = n_connections_left > 0
                                     ? g_strdup_printf (" and %u more %s", n_connections_left,
                                                        plural (n_connections_left, "connection", "connections"))
                                     : g_strdup ("");

      append_commentf (out, 0,
                       "The session went on: %" G_GUINT64_FORMAT " more %s sent (%" G_GUINT64_FORMAT
                       " bytes)%s are left out, as a script holds at most %u MiB of data and %u steps.",
                       plan->left_out_records,
                       plan->transport == SW_TRANSPORT_UDP
                       ? plural (plan->left_out_records, "datagram", "datagrams")
                       : plural (plan->left_out_records, "message", "messages"),
                       plan->left_out_bytes, connections,
                       (guint) (plan->byte_cap / (1024 * 1024)), SW_CODE_MAX_STEPS);
    }

  g_string_append (out, "#\n");
  append_comment (out, 0, "Made by Socket Workbench. Python 3, standard library only.");
  g_string_append (out, "\n");
}

static const char python_show[] =
  "\n"
  "\n"
  "def show(prefix, data):\n"
  "    \"\"\"Prints data as text when most of it is, else as hex.\"\"\"\n"
  "    more = ''\n"
  "    if len(data) > 256:\n"
  "        data, more = data[:256], ' ... ({} bytes in all)'.format(len(data))\n"
  "    texty = sum(32 <= b < 127 or b in (9, 10, 13) for b in data)\n"
  "    if texty * 2 >= len(data):\n"
  "        print(prefix, repr(data) + more)\n"
  "    else:\n"
  "        print(prefix, ' '.join('{:02x}'.format(b) for b in data) + more)\n";

static const char python_main[] =
  "\n"
  "\n"
  "if __name__ == '__main__':\n"
  "    try:\n"
  "        main()\n"
  "    except OSError as error:\n"
  "        sys.exit('Error: {}'.format(error))\n";

static void
append_tcp_helpers (GString    *out,
                    SwCodePlan *plan,
                    gboolean    tls)
{
  const char *other = other_end (plan->kind);

  g_string_append (out, python_show);
  g_string_append (out,
                   "\n"
                   "\n"
                   "def send(sock, data):\n"
                   "    sock.sendall(data)\n"
                   "    show('Sent:', data)\n");
  g_string_append_printf (out,
                          "\n"
                          "\n"
                          "def receive(sock, expected):\n"
                          "    \"\"\"Prints what the %s sends until `expected` bytes came,\n"
                          "    TIMEOUT seconds passed without any, or it closed the connection.\"\"\"\n"
                          "    received = 0\n"
                          "    while received < expected:\n"
                          "        try:\n"
                          "            data = sock.recv(65536)\n"
                          "        except socket.timeout:\n"
                          "            print('Nothing more within {} s ({} of {} bytes came)'\n"
                          "                  .format(TIMEOUT, received, expected))\n"
                          "            return\n"
                          "        if not data:\n"
                          "            print('The %s closed the connection')\n"
                          "            return\n"
                          "        received += len(data)\n"
                          "        show('Received:', data)\n",
                          other, other);
  g_string_append_printf (out,
                          "\n"
                          "\n"
                          "def finish(sock):\n"
                          "    \"\"\"%s then prints what the %s\n"
                          "    still sends until it closes the connection or TIMEOUT seconds pass.\"\"\"\n"
                          "    try:\n"
                          "%s"
                          "        while True:\n"
                          "            data = sock.recv(65536)\n"
                          "            if not data:\n"
                          "                break\n"
                          "            show('Received:', data)\n"
                          "    except OSError:\n"
                          "        # Closed or reset already, or quiet for TIMEOUT seconds.\n"
                          "        pass\n",
                          tls ? "Sends nothing more," : "Says that nothing more comes (FIN),",
                          other,
                          tls ? "" : "        sock.shutdown(socket.SHUT_WR)\n");
}

static void
append_step_send_comment (GString    *out,
                          SwCodePlan *plan,
                          SwCodeStep *step,
                          guint       indent)
{
  g_autofree char *time = format_time (plan, step->wall_time);
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "%s: sent %s%" G_GUINT64_FORMAT " %s", time,
                          step->flags & SW_RECORD_FLAGS_FILE ? "a file, " : "",
                          step->length, plural (step->length, "byte", "bytes"));
  if (plan->transport == SW_TRANSPORT_UDP)
    g_string_append_printf (text, " to %s",
                            ((SwCodeRemote *) g_ptr_array_index (plan->remotes, step->remote))->name);
  if (step->n_records > 1)
    g_string_append_printf (text, " in %u records", step->n_records);
  if (step->flags & SW_RECORD_FLAGS_AUTOMATIC)
    g_string_append (text, ", an automatic reply");
  if (step->flags & SW_RECORD_FLAGS_INJECTED)
    g_string_append (text, ", typed into the relay");
  if (step->data == NULL)
    g_string_append (text, ": too big to write into this script. To send it from a file, give its "
                           "path and uncomment:");
  append_comment (out, indent, text->str);
}

static void
append_step_receive_comment (GString    *out,
                             SwCodePlan *plan,
                             SwCodeStep *step,
                             guint       indent)
{
  g_autofree char *time = format_time (plan, step->wall_time);

  if (plan->transport == SW_TRANSPORT_UDP)
    append_commentf (out, indent, "%s: %u %s came (%" G_GUINT64_FORMAT " %s)", time,
                     step->n_records, plural (step->n_records, "datagram", "datagrams"),
                     step->length, plural (step->length, "byte", "bytes"));
  else
    append_commentf (out, indent, "%s: the %s sent %" G_GUINT64_FORMAT " %s", time,
                     other_end (plan->kind), step->length, plural (step->length, "byte", "bytes"));
}

static void
append_send (GString    *out,
             SwCodeStep *step,
             const char *sock,
             const char *destination,
             guint       indent)
{
  g_autoptr(GString) expression = g_string_new (NULL);
  g_autofree char *tail = destination != NULL ? g_strdup_printf (", %s", destination) : g_strdup ("");

  _sw_code_append_python_bytes (expression, step->data->data, step->data->len,
                                step->flags, step->encoding, indent);
  _sw_code_append_spaces (out, indent);
  if (strchr (expression->str, '\n') != NULL)
    {
      g_string_append_printf (out, "data = %s\n", expression->str);
      _sw_code_append_spaces (out, indent);
      g_string_append_printf (out, "send(%s, data%s)\n", sock, tail);
    }
  else
    g_string_append_printf (out, "send(%s, %s%s)\n", sock, expression->str, tail);
}

static void
append_tcp_steps (GString            *out,
                  SwCodePlan         *plan,
                  SwCodeConversation *conversation,
                  const char         *sock,
                  guint               indent)
{
  for (guint i = 0; i < conversation->steps->len; i++)
    {
      SwCodeStep *step = g_ptr_array_index (conversation->steps, i);

      if (step->kind == SW_CODE_STEP_RECEIVE)
        {
          append_step_receive_comment (out, plan, step, indent);
          _sw_code_append_spaces (out, indent);
          g_string_append_printf (out, "receive(%s, %" G_GUINT64_FORMAT ")\n", sock, step->length);
          continue;
        }

      append_step_send_comment (out, plan, step, indent);
      if (step->data != NULL)
        {
          append_send (out, step, sock, NULL, indent);
          continue;
        }
      _sw_code_append_spaces (out, indent);
      g_string_append (out, "# with open('FILE', 'rb') as f:\n");
      _sw_code_append_spaces (out, indent);
      g_string_append_printf (out, "#     %s.sendfile(f)\n", sock);
    }

  if (conversation->cut)
    append_comment (out, indent, "The session went on here: the rest is left out (see the top).");
  _sw_code_append_spaces (out, indent);
  g_string_append_printf (out, "finish(%s)\n", sock);
}

static void
append_python_address (GString    *out,
                       const char *host,
                       guint16     port)
{
  g_string_append_c (out, '(');
  _sw_code_append_python_str (out, host);
  g_string_append_printf (out, ", %u)", port);
}

/* SERVER or SERVER_2: how the code names a remote. */
static char *
remote_variable (SwCodePlan *plan,
                 const char *stem,
                 guint       index)
{
  return plan->remotes->len == 1 ? g_strdup (stem) : g_strdup_printf ("%s_%u", stem, index + 1);
}

static void
append_remotes (GString    *out,
                SwCodePlan *plan,
                const char *stem)
{
  for (guint i = 0; i < plan->remotes->len; i++)
    {
      SwCodeRemote *remote = g_ptr_array_index (plan->remotes, i);
      g_autofree char *variable = remote_variable (plan, stem, i);

      g_string_append_printf (out, "%s = ", variable);
      append_python_address (out, remote->host, remote->port);
      g_string_append_c (out, '\n');
    }
}

static const char python_timeout[] =
  "# Seconds to wait for an answer before going on.\n"
  "TIMEOUT = 2.0\n";

static char *
python_tcp_client (SwCodePlan *plan,
                   gboolean    tls)
{
  GString *out = g_string_new (NULL);

  if (plan->kind == SW_CODE_SESSION_RELAY)
    append_header (out, plan,
                   "Repeats what the clients of a Socket Workbench relay sent to its upstream server: "
                   "connects to that server, sends the same bytes in the same order and prints what "
                   "comes back, waiting for as much as came then.");
  else
    append_header (out, plan,
                   "Repeats a TCP client session of Socket Workbench: connects to the same server, "
                   "sends the same bytes in the same order and prints what comes back, waiting for "
                   "as much as came then.");

  g_string_append (out, "import socket\n");
  if (tls)
    g_string_append (out, "import ssl\n");
  g_string_append (out, "import sys\n\n");
  append_remotes (out, plan, "SERVER");
  g_string_append (out, python_timeout);
  if (tls)
    g_string_append (out,
                     "\n"
                     "CONTEXT = ssl.create_default_context()\n"
                     "# The workbench may have been told to trust a certificate that Python does\n"
                     "# not. To accept any certificate (for tests only!), uncomment:\n"
                     "# CONTEXT.check_hostname = False\n"
                     "# CONTEXT.verify_mode = ssl.CERT_NONE\n");

  append_tcp_helpers (out, plan, tls);

  g_string_append (out, "\n\ndef main():\n");
  for (guint i = 0; i < plan->conversations->len; i++)
    {
      SwCodeConversation *conversation = g_ptr_array_index (plan->conversations, i);
      g_autofree char *time = format_time (plan, conversation->open_time);
      g_autofree char *server = remote_variable (plan, "SERVER", conversation->remote);

      if (i > 0)
        g_string_append_c (out, '\n');
      if (plan->conversations->len > 1)
        append_commentf (out, 4, "Connection %u of %u, opened at %s", i + 1, plan->conversations->len, time);
      else
        append_commentf (out, 4, "Connected at %s", time);
      if (tls)
        g_string_append_printf (out,
                                "    with CONTEXT.wrap_socket(socket.create_connection(%s, timeout=TIMEOUT),\n"
                                "                             server_hostname=%s[0]) as sock:\n",
                                server, server);
      else
        g_string_append_printf (out, "    with socket.create_connection(%s, timeout=TIMEOUT) as sock:\n", server);
      g_string_append_printf (out, "        print('Connected to {} port {}'.format(*%s))\n", server);
      append_tcp_steps (out, plan, conversation, "sock", 8);
    }
  g_string_append (out, python_main);

  return g_string_free (out, FALSE);
}

static char *
python_tcp_server (SwCodePlan         *plan,
                   const SwCodeTarget *target)
{
  GString *out = g_string_new (NULL);
  SwCodeConversation *first = g_ptr_array_index (plan->conversations, 0);
  g_autofree char *host = NULL;
  guint16 port = 0;
  gboolean ipv6 = FALSE;
  gboolean any_ipv6 = FALSE;

  /* Where the clients came to, when they all came to one address; every
   * interface otherwise, IPv6 ones too ("::" takes IPv4 as well) when
   * some came over IPv6. */
  if (first->local != NULL)
    host = _sw_code_split_address (first->local, &port, &ipv6);
  for (guint i = 1; i < plan->conversations->len; i++)
    {
      SwCodeConversation *conversation = g_ptr_array_index (plan->conversations, i);

      any_ipv6 |= conversation->local != NULL && conversation->local[0] == '[';
      if (g_strcmp0 (conversation->local, first->local) != 0)
        g_clear_pointer (&host, g_free);
    }
  if (target != NULL && target->host != NULL)
    {
      g_free (host);
      host = g_strdup (target->host);
    }
  if (target != NULL && target->port != 0)
    port = target->port;
  if (host == NULL)
    host = g_strdup (any_ipv6 || ipv6 ? "::" : "");
  ipv6 = strchr (host, ':') != NULL;

  append_header (out, plan,
                 "Repeats a TCP server session of Socket Workbench: listens on the same port, "
                 "accepts as many clients as came, one after the other, and answers each with "
                 "what was sent to it, after waiting for as much as it sent first.");

  g_string_append (out, "import socket\nimport sys\n\n");
  if (host[0] == '\0')
    g_string_append (out, "# '' is every interface.\n");
  g_string_append (out, "LISTEN_ON = ");
  append_python_address (out, host, port);
  g_string_append (out, "\n");
  g_string_append (out, python_timeout);

  append_tcp_helpers (out, plan, FALSE);

  g_string_append_printf (out,
                          "\n"
                          "\n"
                          "def main():\n"
                          "    with socket.socket(socket.%s, socket.SOCK_STREAM) as server:\n"
                          "        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                          "        server.bind(LISTEN_ON)\n"
                          "        server.listen(5)\n"
                          "        print('Listening on {} port {}'.format(LISTEN_ON[0] or '*', LISTEN_ON[1]),\n"
                          "              flush=True)\n",
                          ipv6 ? "AF_INET6" : "AF_INET");

  for (guint i = 0; i < plan->conversations->len; i++)
    {
      SwCodeConversation *conversation = g_ptr_array_index (plan->conversations, i);
      g_autofree char *time = format_time (plan, conversation->open_time);

      g_string_append_c (out, '\n');
      append_commentf (out, 8, "Client %u of %u, from %s, connected at %s", i + 1,
                       plan->conversations->len, conversation->name, time);
      g_string_append (out,
                       "        conn, address = server.accept()\n"
                       "        with conn:\n"
                       "            conn.settimeout(TIMEOUT)\n"
                       "            print('Connection from {} port {}'.format(*address[:2]))\n");
      append_tcp_steps (out, plan, conversation, "conn", 12);
    }
  g_string_append (out, python_main);

  return g_string_free (out, FALSE);
}

static gboolean
host_is_any (const char *host)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_any (address);
}

static char *
python_udp (SwCodePlan          *plan,
            const SwCodeTarget  *target,
            GError             **error)
{
  GString *out;
  SwCodeConversation *conversation = g_ptr_array_index (plan->conversations, 0);
  gboolean ipv6 = FALSE, ipv4 = FALSE, answers = FALSE;
  g_autofree char *bind_host = NULL;
  guint16 bind_port = 0;

  for (guint i = 0; i < plan->remotes->len; i++)
    {
      SwCodeRemote *remote = g_ptr_array_index (plan->remotes, i);

      ipv6 |= remote->ipv6;
      ipv4 |= !remote->ipv6;
    }
  if (ipv6 && ipv4)
    {
      g_set_error_literal (error, SW_CODE_EXPORT_ERROR, SW_CODE_EXPORT_ERROR_UNSUPPORTED,
                           _("The session exchanged datagrams with both IPv4 and IPv6 addresses, "
                             "which one socket of a script cannot do"));
      return NULL;
    }

  for (guint i = 0; i < conversation->steps->len; i++)
    {
      SwCodeStep *step = g_ptr_array_index (conversation->steps, i);

      if (step->kind == SW_CODE_STEP_SEND && ((SwCodeRemote *) g_ptr_array_index (plan->remotes, step->remote))->spoke_first)
        answers = TRUE;
    }

  if (target != NULL && target->bind_local && plan->local != NULL && plan->kind == SW_CODE_SESSION_UDP_PEER)
    {
      gboolean bound_ipv6;

      bind_host = _sw_code_split_address (plan->local, &bind_port, &bound_ipv6);
      /* Any address, or one of the other family: the system chooses. */
      if (host_is_any (bind_host) || bound_ipv6 != ipv6)
        {
          g_free (bind_host);
          bind_host = g_strdup ("");
        }
    }

  out = g_string_new (NULL);
  if (plan->kind == SW_CODE_SESSION_RELAY)
    append_header (out, plan,
                   "Repeats what the clients of a Socket Workbench UDP relay sent to its upstream: "
                   "sends the same datagrams in the same order and prints the datagrams that come "
                   "back, waiting for as many as came then.");
  else
    append_header (out, plan,
                   "Repeats a UDP session of Socket Workbench: sends the same datagrams to the same "
                   "addresses in the same order and prints the datagrams that come back, waiting for "
                   "as many as came then.");

  g_string_append (out, "import socket\nimport sys\n\n");
  append_remotes (out, plan, "PEER");
  if (bind_host != NULL)
    {
      if (bind_host[0] == '\0')
        g_string_append (out, "# '' is every interface.\n");
      g_string_append (out, "BIND_TO = ");
      append_python_address (out, bind_host, bind_port);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, python_timeout);

  g_string_append (out, python_show);
  g_string_append (out,
                   "\n"
                   "\n"
                   "def send(sock, data, address):\n"
                   "    sock.sendto(data, address)\n"
                   "    show('Sent to {} port {}:'.format(*address[:2]), data)\n"
                   "\n"
                   "\n"
                   "def receive(sock, expected):\n"
                   "    \"\"\"Prints up to `expected` datagrams, waiting up to TIMEOUT seconds\n"
                   "    for each; returns who sent the last one.\"\"\"\n"
                   "    sender = None\n"
                   "    for _ in range(expected):\n"
                   "        try:\n"
                   "            data, sender = sock.recvfrom(65535)\n"
                   "        except socket.timeout:\n"
                   "            print('No datagram within {} s'.format(TIMEOUT))\n"
                   "            break\n"
                   "        show('From {} port {}:'.format(*sender[:2]), data)\n"
                   "    return sender\n");

  g_string_append_printf (out,
                          "\n"
                          "\n"
                          "def main():\n"
                          "    with socket.socket(socket.%s, socket.SOCK_DGRAM) as sock:\n"
                          "        sock.settimeout(TIMEOUT)\n",
                          ipv6 ? "AF_INET6" : "AF_INET");
  if (bind_host != NULL)
    g_string_append (out,
                     "        sock.bind(BIND_TO)\n"
                     "        print('Bound to {} port {}'.format(*sock.getsockname()[:2]))\n");
  if (answers)
    {
      append_comment (out, 8, "Datagrams to an address that sent first go to whoever sent the last "
                              "datagram, as the workbench's replies to a sender did.");
      g_string_append (out, "        sender = None\n");
    }

  for (guint i = 0; i < conversation->steps->len; i++)
    {
      SwCodeStep *step = g_ptr_array_index (conversation->steps, i);
      SwCodeRemote *remote = g_ptr_array_index (plan->remotes, step->remote);
      g_autofree char *peer = NULL;
      g_autofree char *destination = NULL;

      if (step->kind == SW_CODE_STEP_RECEIVE)
        {
          append_step_receive_comment (out, plan, step, 8);
          g_string_append_printf (out, answers ? "        sender = receive(sock, %u) or sender\n"
                                               : "        receive(sock, %u)\n",
                                  step->n_records);
          continue;
        }

      peer = remote_variable (plan, "PEER", step->remote);
      destination = remote->spoke_first ? g_strdup_printf ("sender or %s", peer) : g_strdup (peer);
      append_step_send_comment (out, plan, step, 8);
      append_send (out, step, "sock", destination, 8);
    }
  if (conversation->cut)
    append_comment (out, 8, "The session went on here: the rest is left out (see the top).");
  g_string_append (out, python_main);

  return g_string_free (out, FALSE);
}

/**
 * sw_code_export_python:
 * @log: the session's log
 * @kind: the session it comes from
 * @target: (nullable): what the session's form says
 * @error: where to say why there is no code
 *
 * Returns: (transfer full): the program, or %NULL with @error set
 */
char *
sw_code_export_python (SwTrafficLog        *log,
                       SwCodeSessionKind    kind,
                       const SwCodeTarget  *target,
                       GError             **error)
{
  g_autoptr(SwCodePlan) plan = NULL;

  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (log), NULL);
  g_return_val_if_fail (kind <= SW_CODE_SESSION_RELAY, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  plan = _sw_code_plan_build (log, kind, target, SW_CODE_PYTHON_MAX_BYTES, error);
  if (plan == NULL)
    return NULL;

  if (plan->transport == SW_TRANSPORT_UDP)
    return python_udp (plan, target, error);
  if (kind == SW_CODE_SESSION_TCP_SERVER)
    return python_tcp_server (plan, target);

  return python_tcp_client (plan, target != NULL && target->tls && kind == SW_CODE_SESSION_TCP_CLIENT);
}

/* Shell */

/* @word as one word for sh: as it is when it can be, else single-quoted. */
static void
append_shell_word (GString    *out,
                   const char *word)
{
  gboolean plain = word[0] != '\0';

  for (const char *p = word; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._:%-+/,@", *p) == NULL)
      plain = FALSE;

  if (plain)
    {
      g_string_append (out, word);
      return;
    }

  g_string_append_c (out, '\'');
  for (const char *p = word; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append (out, "'\\''");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

/**
 * sw_code_export_shell:
 * @log: the session's log
 * @kind: the session it comes from
 * @target: (nullable): what the session's form says
 * @error: where to say why there is no command
 *
 * Returns: (transfer full): the command, one line without a newline, or
 *   %NULL with @error set
 */
char *
sw_code_export_shell (SwTrafficLog        *log,
                      SwCodeSessionKind    kind,
                      const SwCodeTarget  *target,
                      GError             **error)
{
  g_autoptr(SwCodePlan) plan = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree char *port = NULL;
  SwCodeConversation *conversation;
  SwCodeRemote *remote = NULL;
  gboolean udp;

  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (log), NULL);
  g_return_val_if_fail (kind <= SW_CODE_SESSION_RELAY, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (kind == SW_CODE_SESSION_TCP_SERVER)
    {
      g_set_error_literal (error, SW_CODE_EXPORT_ERROR, SW_CODE_EXPORT_ERROR_UNSUPPORTED,
                           _("A shell command cannot play a server: copy the session as Python instead"));
      return NULL;
    }

  /* One byte over the limit is enough to say it is too long. */
  plan = _sw_code_plan_build (log, kind, target, SW_CODE_SHELL_MAX_BYTES + 1, error);
  if (plan == NULL)
    return NULL;

  udp = plan->transport == SW_TRANSPORT_UDP;
  if (plan->conversations->len + g_hash_table_size (plan->left_out_connections) > 1)
    {
      guint n = plan->conversations->len + g_hash_table_size (plan->left_out_connections);

      g_set_error (error, SW_CODE_EXPORT_ERROR, SW_CODE_EXPORT_ERROR_UNSUPPORTED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The session made %u connection, but a shell command makes one: copy the session as Python instead",
                                "The session made %u connections, but a shell command makes one: copy the session as Python instead",
                                n),
                   n);
      return NULL;
    }

  if (plan->sent_records + plan->left_out_records == 0)
    {
      g_set_error_literal (error, SW_CODE_EXPORT_ERROR, SW_CODE_EXPORT_ERROR_EMPTY,
                           _("The session has sent nothing yet: there is nothing to repeat"));
      return NULL;
    }

  if (udp && plan->sent_records + plan->left_out_records > 1)
    {
      guint64 n = plan->sent_records + plan->left_out_records;
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, n);

      g_set_error (error, SW_CODE_EXPORT_ERROR, SW_CODE_EXPORT_ERROR_UNSUPPORTED,
                   /* Translators: %s is a number of datagrams, more than one. */
                   g_dngettext (GETTEXT_PACKAGE,
                                "The session sent %s datagram, but a shell command sends one: copy the session as Python instead",
                                "The session sent %s datagrams, but a shell command sends one: copy the session as Python instead",
                                n),
                   count);
      return NULL;
    }

  if (plan->truncated || plan->left_out_files > 0 || plan->sent_bytes > SW_CODE_SHELL_MAX_BYTES)
    {
      g_autofree char *size = g_format_size_full (plan->sent_bytes + plan->left_out_bytes,
                                                  G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (SW_CODE_SHELL_MAX_BYTES, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, SW_CODE_EXPORT_ERROR, SW_CODE_EXPORT_ERROR_TOO_LONG,
                   /* Translators: both are sizes, such as "5.1 KiB" and "4.0 KiB". */
                   _("The session sent %s, more than a shell command holds (%s): copy the session as Python instead"),
                   size, limit);
      return NULL;
    }

  conversation = g_ptr_array_index (plan->conversations, 0);
  out = g_string_new ("printf '");
  for (guint i = 0; i < conversation->steps->len; i++)
    {
      SwCodeStep *step = g_ptr_array_index (conversation->steps, i);

      if (step->kind == SW_CODE_STEP_SEND)
        {
          _sw_code_append_printf_format (out, step->data->data, step->data->len);
          remote = g_ptr_array_index (plan->remotes, step->remote);
        }
    }
  g_string_append (out, "' | ncat ");

  if (udp)
    {
      /* -i: without an idle timeout, ncat -u quits at the end of its input,
       * before any answer comes. */
      g_string_append (out, "-u -i 2 ");
      if (target != NULL && target->bind_local && plan->local != NULL && kind == SW_CODE_SESSION_UDP_PEER)
        {
          guint16 local_port;
          gboolean ipv6;
          g_autofree char *host G_GNUC_UNUSED = _sw_code_split_address (plan->local, &local_port, &ipv6);

          /* ncat -p takes the port alone: it binds every address. */
          g_string_append_printf (out, "-p %u ", local_port);
        }
    }
  else
    {
      remote = g_ptr_array_index (plan->remotes, conversation->remote);
      if (target != NULL && target->tls && kind == SW_CODE_SESSION_TCP_CLIENT)
        g_string_append (out, "--ssl ");
    }

  g_assert (remote != NULL);
  append_shell_word (out, remote->host);
  port = g_strdup_printf (" %u", remote->port);
  g_string_append (out, port);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
sw_code_export_save_async (const char          *code,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  g_autofree char *prefix = NULL;

  g_return_if_fail (code != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  bytes = g_bytes_new (code, strlen (code));
  name = g_file_get_parse_name (file);
  /* Translators: %s is a file; the reason follows. */
  prefix = g_strdup_printf (_("Could not save the script to “%s”: "), name);
  /* The same safe write as the library's files (#15); 0755: a script to
   * run as ./name, as people do with the ones they write. */
  _sw_file_replace_async (file, bytes, 0755, prefix, NULL, sw_code_export_save_async,
                          cancellable, callback, user_data);
}

gboolean
sw_code_export_save_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_code_export_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
