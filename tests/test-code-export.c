/* test-code-export.c: sessions turned into Python and ncat, run again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sw-code-export-private.h"
#include "sw-endpoint.h"
#include "sw-relay.h"
#include "sw-tcp-client.h"
#include "sw-tcp-server.h"
#include "sw-test-util.h"
#include "sw-udp-peer.h"

#define TIMEOUT_MS 30000

static char *tmpdir;

static const char *
python (void)
{
  const char *path = g_getenv ("SW_TEST_PYTHON");

  return path != NULL ? path : "python3";
}

/* Runs @program (Python 3 source) and returns what it printed. */
static char *
run_python_program (const char *program)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, python (), "-", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, program, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("python3 failed: %s\nThe program was:\n%s", err, program);

  return out;
}

/* What `sh -c @command` printed, byte for byte. */
static GBytes *
run_sh (const char *command)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *out = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "sh", "-c", command, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));

  return out;
}

/* Fails showing @haystack when @needle is not in it. */
static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” is not in:\n%s", needle, haystack);
}

static void G_GNUC_PRINTF (2, 3)
assert_containsf (const char *haystack,
                  const char *format,
                  ...)
{
  g_autofree char *needle = NULL;
  va_list args;

  va_start (args, format);
  needle = g_strdup_vprintf (format, args);
  va_end (args);

  assert_contains (haystack, needle);
}

static char *
python_bytes (const guint8  *data,
              gsize          length,
              SwRecordFlags  flags,
              SwEncoding     encoding,
              guint          indent)
{
  GString *out = g_string_new (NULL);

  _sw_code_append_python_bytes (out, data, length, flags, encoding, indent);

  return g_string_free (out, FALSE);
}

typedef struct
{
  GPtrArray  *expressions;
  GPtrArray  *expected;      /* hex */
} Literals;

static void
literals_add (Literals      *literals,
              const guint8  *data,
              gsize          length,
              SwRecordFlags  flags,
              SwEncoding     encoding,
              const char    *form)
{
  char *expression = python_bytes (data, length, flags, encoding, 4);
  GString *hex = g_string_new (NULL);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (hex, "%02x", data[i]);

  if (form != NULL && strstr (expression, form) == NULL)
    g_error ("expected the form %s, got %s", form, expression);

  /* Lines of ASCII forms fit in 79 columns. */
  if (g_str_is_ascii (expression))
    {
      g_auto(GStrv) lines = g_strsplit (expression, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        g_assert_cmpuint (strlen (lines[i]) + (i == 0 ? 4 : 0), <=, 79);
    }

  g_ptr_array_add (literals->expressions, expression);
  g_ptr_array_add (literals->expected, g_string_free (hex, FALSE));
}

/* Python evaluates every literal to exactly its bytes. */
static void
literals_check (Literals *literals)
{
  GString *program = g_string_new ("import sys\nL = [\n");
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < literals->expressions->len; i++)
    g_string_append_printf (program, "    %s,\n", (char *) g_ptr_array_index (literals->expressions, i));
  g_string_append (program, "]\nfor x in L:\n    assert type(x) is bytes\n    print(x.hex())\n");

  out = run_python_program (program->str);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, literals->expected->len + 1);
  for (guint i = 0; i < literals->expected->len; i++)
    if (g_strcmp0 (lines[i], g_ptr_array_index (literals->expected, i)) != 0)
      g_error ("literal %s\ngave %s\nnot   %s", (char *) g_ptr_array_index (literals->expressions, i),
               lines[i], (char *) g_ptr_array_index (literals->expected, i));

  g_string_free (program, TRUE);
  g_ptr_array_unref (literals->expressions);
  g_ptr_array_unref (literals->expected);
}

static void
add_text (Literals   *literals,
          const char *utf8,
          SwEncoding  encoding,
          const char *form)
{
  g_autoptr(GBytes) bytes = sw_encoding_encode (encoding, utf8, -1, NULL, NULL);

  g_assert_nonnull (bytes);
  literals_add (literals, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                SW_RECORD_FLAGS_TEXT, encoding, form);
}

static void
test_python_literals (void)
{
  Literals literals = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  guint8 all[256];
  guint8 buf[12000];

  /* Every byte, in text and alone. */
  for (guint b = 0; b < 256; b++)
    {
      guint8 in_text[] = { 'a', '\'', b, '"', '9' };

      all[b] = b;
      literals_add (&literals, in_text, sizeof in_text, SW_RECORD_FLAGS_NONE, SW_ENCODING_UTF8, "b'");
      literals_add (&literals, all + b, 1, SW_RECORD_FLAGS_NONE, SW_ENCODING_UTF8, NULL);
    }
  literals_add (&literals, all, sizeof all, SW_RECORD_FLAGS_NONE, SW_ENCODING_UTF8, "bytes.fromhex(");
  literals_add (&literals, (const guint8 *) "", 0, SW_RECORD_FLAGS_NONE, SW_ENCODING_UTF8, "b''");
  literals_add (&literals, (const guint8 *) "it's", 4, SW_RECORD_FLAGS_NONE, SW_ENCODING_UTF8, "b\"it's\"");
  literals_add (&literals, (const guint8 *) "\x01\x03\x00\x00\x00\x02\xc4\x0b", 8,
                SW_RECORD_FLAGS_NONE, SW_ENCODING_UTF8, "bytes.fromhex('01 03 00 00 00 02 c4 0b')");

  /* Long ones span lines: text breaks after its newlines. */
  for (gsize i = 0; i < sizeof buf; i++)
    buf[i] = g_rand_int_range (rand, 0, 256);
  literals_add (&literals, buf, sizeof buf, SW_RECORD_FLAGS_NONE, SW_ENCODING_UTF8, "bytes.fromhex(\n");
  for (gsize i = 0; i < sizeof buf; i++)
    buf[i] = g_rand_int_range (rand, 0, 12) == 0 ? "\n\r\t\\'\"\x01"[g_rand_int_range (rand, 0, 7)]
                                                   : g_rand_int_range (rand, 0x20, 0x7f);
  literals_add (&literals, buf, sizeof buf, SW_RECORD_FLAGS_NONE, SW_ENCODING_UTF8, "(\n");
  literals_add (&literals, (const guint8 *) "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", 37,
                SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF8, "b'GET / HTTP/1.1\\r\\n'\n");

  /* Text typed in an encoding Python spells the same is written as text. */
  add_text (&literals, "你好，世界！\r\n", SW_ENCODING_UTF8, "'你好，世界！\\r\\n'.encode('utf-8')");
  add_text (&literals, "温度 25.5℃? 'x' \"y\" \\ \t\x01\x7f", SW_ENCODING_UTF8, ".encode('utf-8')");
  /* Invisible and reordering characters are escapes, never themselves. */
  add_text (&literals, "a\u202eb\u200bc\u00a0d\u2028e", SW_ENCODING_UTF8,
            "'a\\u202eb\\u200bc\\xa0d\\u2028e'.encode('utf-8')");
  add_text (&literals, "中文：“引号”……——《书名》、。", SW_ENCODING_GBK, ".encode('gbk')");
  add_text (&literals, "中文 GB18030 测试\n第二行\n", SW_ENCODING_GB18030, ".encode('gb18030')");
  add_text (&literals, "café ÿ ©", SW_ENCODING_LATIN1, ".encode('latin-1')");
  add_text (&literals, "hi 😀 中", SW_ENCODING_UTF16LE, ".encode('utf-16-le')");
  add_text (&literals, "plain", SW_ENCODING_UTF16BE, ".encode('utf-16-be')");
  /* ASCII text stays a bytes literal; Big5 and characters out of the
   * checked blocks are bytes too (hex, as most bytes are not ASCII). */
  add_text (&literals, "plain ascii", SW_ENCODING_GBK, "b'plain ascii'");
  add_text (&literals, "中文", SW_ENCODING_BIG5, "bytes.fromhex('a4 a4 a4 e5')");
  add_text (&literals, "\u4e00\u9fa6", SW_ENCODING_GB18030, "bytes.fromhex(");
  {
    GString *long_text = g_string_new (NULL);

    for (guint i = 0; i < 300; i++)
      g_string_append (long_text, i % 37 == 36 ? "行\n" : "汉字");
    add_text (&literals, long_text->str, SW_ENCODING_UTF8, ").encode('utf-8')");
    g_string_free (long_text, TRUE);
  }
  /* Bytes marked as text that do not decode are bytes. */
  literals_add (&literals, (const guint8 *) "\xff\xfe text", 7, SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF8, "b'");
  literals_add (&literals, (const guint8 *) "a\0b\xc3\xa9", 5, SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF8, NULL);

  literals_check (&literals);
}

/* Where the code writes text for GB18030 and GBK, Python encodes every
 * character as the workbench (iconv) does. */
static void
test_python_codecs (void)
{
  static const gunichar blocks[][2] = {
    { 0xa0, 0xff }, { 0x2000, 0x206f }, { 0x3000, 0x303f }, { 0x4e00, 0x9fa5 }, { 0xff01, 0xff5e },
  };
  static const struct { SwEncoding encoding; const char *codec; } encodings[] = {
    { SW_ENCODING_GB18030, "gb18030" },
    { SW_ENCODING_GBK, "gbk" },
  };

  for (guint e = 0; e < G_N_ELEMENTS (encodings); e++)
    {
      GString *program = g_string_new ("import sys\nfor c in sys.argv[0:0] or [");
      GString *expected = g_string_new (NULL);
      g_autofree char *out = NULL;
      guint n = 0;

      g_string_assign (program, "chars = '");
      for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
        for (gunichar c = blocks[b][0]; c <= blocks[b][1]; c++)
          {
            char utf8[8] = { 0 };
            g_autoptr(GBytes) bytes = NULL;
            gsize length;
            const guint8 *data;

            g_unichar_to_utf8 (c, utf8);
            bytes = sw_encoding_encode (encodings[e].encoding, utf8, -1, NULL, NULL);
            g_string_append_printf (program, "\\U%08x", c);
            if (bytes == NULL)
              {
                g_string_append (expected, "-\n");
                continue;
              }
            data = g_bytes_get_data (bytes, &length);
            for (gsize i = 0; i < length; i++)
              g_string_append_printf (expected, "%02x", data[i]);
            g_string_append_c (expected, '\n');
            n++;
          }
      g_string_append_printf (program,
                              "'\n"
                              "for c in chars:\n"
                              "    try:\n"
                              "        print(c.encode('%s').hex())\n"
                              "    except UnicodeEncodeError:\n"
                              "        print('-')\n",
                              encodings[e].codec);

      out = run_python_program (program->str);
      g_assert_cmpuint (n, >, 20000);
      g_assert_cmpstr (out, ==, expected->str);

      g_string_free (program, TRUE);
      g_string_free (expected, TRUE);
    }
}

static void
test_printf_format (void)
{
  guint8 all[256];
  static const char *const cases[] = { "-n", "-", "%d%s%%", "\\0\\n", "\001" "1", "'\"'", "\xe4\xbd\xa0" };

  for (guint b = 0; b < 256; b++)
    all[b] = b;

  /* Every byte, then every byte first (where "-" or "%" could be taken
   * for more than a byte) and followed by a digit. */
  for (int i = -1; i < 256 + (int) G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) command = g_string_new ("printf '");
      g_autoptr(GBytes) out = NULL;
      guint8 two[2] = { i, '7' };
      const guint8 *data = i < 0 ? all : i < 256 ? two : (const guint8 *) cases[i - 256];
      gsize length = i < 0 ? sizeof all : i < 256 ? 2 : strlen (cases[i - 256]);

      _sw_code_append_printf_format (command, data, length);
      g_string_append_c (command, '\'');
      /* Printable ASCII only: the quotes hold it for sh. */
      for (gsize j = 0; j < command->len; j++)
        g_assert_true (command->str[j] >= 0x20 && command->str[j] < 0x7f);
      g_assert_true (strchr (command->str + 8, '\'') == command->str + command->len - 1);

      out = run_sh (command->str);
      g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), data, length);
    }
}

/* Logs made by hand */

static void
append (SwTrafficLog  *log,
        guint          connection,
        SwDirection    direction,
        SwRecordFlags  flags,
        const void    *data,
        gsize          length)
{
  SwTrafficMeta meta = { direction, connection, NULL, flags, SW_ENCODING_UTF8 };

  sw_traffic_log_append_full (log, &meta, data, length);
}

/* Python compiles @code. */
static void
assert_python_compiles (const char *code)
{
  g_autofree char *program = NULL;
  g_autofree char *quoted = g_strescape (code, "");
  g_autofree char *out = NULL;

  program = g_strdup_printf ("compile(\"%s\", 'script.py', 'exec')\nprint('ok')\n", quoted);
  out = run_python_program (program);
  g_assert_cmpstr (out, ==, "ok\n");
}

static char *
export_python (SwTrafficLog       *log,
               SwCodeSessionKind   kind,
               const SwCodeTarget *target)
{
  g_autoptr(GError) error = NULL;
  char *code = sw_code_export_python (log, kind, target, &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (code);
  if (g_test_verbose ())
    g_test_message ("%s", code);

  /* The same log gives the same text. */
  again = sw_code_export_python (log, kind, target, NULL);
  g_assert_cmpstr (code, ==, again);

  return code;
}

typedef char *(*ExportFunc) (SwTrafficLog        *log,
                             SwCodeSessionKind    kind,
                             const SwCodeTarget  *target,
                             GError             **error);

/* @export fails with @code, and @message when given. */
static void
assert_fails (ExportFunc          export,
              SwTrafficLog       *log,
              SwCodeSessionKind   kind,
              const SwCodeTarget *target,
              SwCodeExportError   code,
              const char         *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (export (log, kind, target, &error));
  g_assert_error (error, SW_CODE_EXPORT_ERROR, code);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
}

static void
test_steps (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  guint first = sw_test_log_open_connection (log, SW_TRANSPORT_TCP, "127.0.0.1", 40000, "127.0.0.1", 7000);
  guint second;
  g_autofree char *code = NULL;
  g_autofree char *server = NULL;

  append (log, first, SW_DIRECTION_RECEIVED, 0, "Hello", 5);
  /* Two records sent together are one step; later ones are their own. */
  append (log, first, SW_DIRECTION_SENT, SW_RECORD_FLAGS_TEXT, "one ", 4);
  append (log, first, SW_DIRECTION_SENT, SW_RECORD_FLAGS_TEXT, "two", 3);
  g_usleep (30 * 1000);
  append (log, first, SW_DIRECTION_SENT, SW_RECORD_FLAGS_TEXT, "three", 5);
  append (log, first, SW_DIRECTION_RECEIVED, 0, "ab", 2);
  append (log, first, SW_DIRECTION_RECEIVED, 0, "cde", 3);
  append (log, first, SW_DIRECTION_SENT, SW_RECORD_FLAGS_AUTOMATIC, "auto", 4);
  sw_traffic_log_close_connection (log, first, SW_CONNECTION_END_CLOSED);
  second = sw_test_log_open_connection (log, SW_TRANSPORT_TCP, "127.0.0.1", 40001, "127.0.0.1", 7001);
  append (log, second, SW_DIRECTION_SENT, 0, "\x01\x02", 2);

  code = export_python (log, SW_CODE_SESSION_TCP_CLIENT, NULL);
  assert_python_compiles (code);
  assert_contains (code, "SERVER_1 = ('127.0.0.1', 7000)\nSERVER_2 = ('127.0.0.1', 7001)\n");
  assert_contains (code, "# The session: 2 connections, 18 bytes sent, 10 bytes received.\n");
  assert_contains (code, "        receive(sock, 5)\n");
  assert_contains (code, "sent 7 bytes in 2 records\n        send(sock, b'one two')\n");
  assert_contains (code, "sent 5 bytes\n        send(sock, b'three')\n");
  assert_contains (code, "the server sent 5 bytes\n        receive(sock, 5)\n");
  assert_contains (code, "sent 4 bytes, an automatic reply\n        send(sock, b'auto')\n");
  assert_contains (code, "# Connection 2 of 2, opened at +0.0");
  assert_contains (code, "socket.create_connection(SERVER_2, timeout=TIMEOUT)");
  assert_contains (code, "send(sock, bytes.fromhex('01 02'))\n        finish(sock)\n");
  g_assert_true (g_regex_match_simple ("# \\+0\\.0[3-9]\\d s: sent 5 bytes", code, 0, 0));

  /* The form's host goes where the session went last. */
  {
    SwCodeTarget target = { "device.example", 0, FALSE, FALSE };
    g_autofree char *named = export_python (log, SW_CODE_SESSION_TCP_CLIENT, &target);

    assert_contains (named, "SERVER_1 = ('127.0.0.1', 7000)\nSERVER_2 = ('device.example', 7001)\n");
  }

  /* The same log read as a server's: its clients answered in turn. */
  server = export_python (log, SW_CODE_SESSION_TCP_SERVER, NULL);
  assert_python_compiles (server);
  assert_contains (server, "# '' is every interface.\nLISTEN_ON = ('', 40000)\n");
  assert_contains (server, "# Client 2 of 2, from 127.0.0.1:7001, connected at +0.0");
  assert_contains (server, "the client sent 5 bytes\n            receive(conn, 5)\n");
}

static void
test_limits (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  guint id = sw_test_log_open_connection (log, SW_TRANSPORT_TCP, "127.0.0.1", 40000, "::1", 7000);
  g_autofree guint8 *chunk = g_malloc0 (256 * 1024);
  g_autofree char *code = NULL;
  g_autofree char *trimmed = NULL;

  memset (chunk, 'x', 256 * 1024);
  append (log, id, SW_DIRECTION_SENT, 0, "start", 5);
  /* A 2 MiB file is left out where it was sent; what follows stays. */
  for (guint i = 0; i < 8; i++)
    append (log, id, SW_DIRECTION_SENT, SW_RECORD_FLAGS_FILE, chunk, 256 * 1024);
  append (log, id, SW_DIRECTION_RECEIVED, 0, "ok", 2);
  append (log, id, SW_DIRECTION_SENT, 0, "after the file", 14);
  /* Beyond 1 MiB, the rest is left out. */
  for (guint i = 0; i < 5; i++)
    append (log, id, SW_DIRECTION_SENT, 0, chunk, 256 * 1024);

  code = export_python (log, SW_CODE_SESSION_TCP_CLIENT, NULL);
  assert_python_compiles (code);
  g_assert_cmpuint (strlen (code), <, 4 * 1024 * 1024);
  assert_contains (code, "SERVER = ('::1', 7000)\n");
  assert_contains (code, "# 1 file too big to write into this script is left out");
  assert_contains (code, "sent a file, 2097152 bytes in 8 records: too big to write\n");
  assert_contains (code, "        # with open('FILE', 'rb') as f:\n        #     sock.sendfile(f)\n");
  assert_contains (code, "        data = (\n            b'after the filexxx");
  assert_contains (code, "# The session went on: 2 more messages sent (524288 bytes) are left out, as a\n"
                         "# script holds at most 1 MiB of data and 10000 steps.\n");
  assert_contains (code, "        # The session went on here: the rest is left out (see the top).\n"
                         "        finish(sock)\n");

  /* Too much for a shell command. */
  assert_fails (sw_code_export_shell, log, SW_CODE_SESSION_TCP_CLIENT, NULL, SW_CODE_EXPORT_ERROR_TOO_LONG,
                "The session sent 3.3\u00a0MiB, more than a shell command holds (4.0\u00a0KiB): " "copy the session as Python instead");

  /* A log that trimmed its oldest records says so. */
  sw_traffic_log_set_byte_cap (log, 64 * 1024);
  append (log, id, SW_DIRECTION_SENT, 0, "last", 4);
  trimmed = export_python (log, SW_CODE_SESSION_TCP_CLIENT, NULL);
  g_assert_true (g_regex_match_simple ("^# The log had dropped its \\d+ oldest records \\(\\d+ bytes\\) to stay",
                                          trimmed, G_REGEX_MULTILINE, 0));
  assert_contains (trimmed, "send(sock, b'last')\n");
}

static void
test_udp_steps (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  guint device = sw_test_log_open_connection (log, SW_TRANSPORT_UDP, "0.0.0.0", 5000, "192.0.2.7", 4000);
  guint server = sw_test_log_open_connection (log, SW_TRANSPORT_UDP, "0.0.0.0", 5000, "192.0.2.8", 53);
  SwCodeTarget bound = { NULL, 0, TRUE, FALSE };
  SwCodeTarget named = { "ntp.example", 123, FALSE, FALSE };
  g_autofree char *code = NULL;
  g_autofree char *unbound = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *many = NULL;

  /* A device spoke first and was answered; then a datagram to a server. */
  append (log, device, SW_DIRECTION_RECEIVED, 0, "HELLO", 5);
  append (log, device, SW_DIRECTION_SENT, SW_RECORD_FLAGS_AUTOMATIC, "ACK", 3);
  append (log, server, SW_DIRECTION_SENT, 0, "query", 5);
  append (log, server, SW_DIRECTION_RECEIVED, 0, "a", 1);
  append (log, server, SW_DIRECTION_RECEIVED, 0, "b", 1);

  code = export_python (log, SW_CODE_SESSION_UDP_PEER, &bound);
  assert_python_compiles (code);
  assert_contains (code, "PEER_1 = ('192.0.2.7', 4000)\nPEER_2 = ('192.0.2.8', 53)\n");
  assert_contains (code, "# '' is every interface.\nBIND_TO = ('', 5000)\n");
  assert_contains (code, "        sock.bind(BIND_TO)\n");
  assert_contains (code, "1 datagram came (5 bytes)\n        sender = receive(sock, 1) or sender\n");
  assert_contains (code, "sent 3 bytes to 192.0.2.7:4000, an automatic reply\n"
                         "        send(sock, b'ACK', sender or PEER_1)\n");
  assert_contains (code, "        send(sock, b'query', PEER_2)\n");
  assert_contains (code, "2 datagrams came (2 bytes)\n        sender = receive(sock, 2) or sender\n");

  /* A port the system chose is not bound again; the form's host replaces
   * where the session sent last. */
  unbound = export_python (log, SW_CODE_SESSION_UDP_PEER, NULL);
  g_assert_null (strstr (unbound, "bind"));
  renamed = export_python (log, SW_CODE_SESSION_UDP_PEER, &named);
  assert_contains (renamed, "PEER_2 = ('ntp.example', 123)\n");
  assert_contains (renamed, "sent 5 bytes to ntp.example:123\n");

  /* More steps than a script takes: the rest is said to be left out. */
  for (guint i = 0; i < 10050; i++)
    append (log, server, SW_DIRECTION_SENT, 0, "x", 1);
  many = export_python (log, SW_CODE_SESSION_UDP_PEER, NULL);
  assert_python_compiles (many);
  assert_contains (many, "# The session went on: 54 more datagrams sent (54 bytes) are left out");
}

static void
test_tls_client (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  guint id = sw_test_log_open_connection (log, SW_TRANSPORT_TCP, "127.0.0.1", 40000, "127.0.0.1", 443);
  SwCodeTarget target = { "localhost", 0, FALSE, TRUE };
  g_autofree char *code = NULL;

  append (log, id, SW_DIRECTION_SENT, SW_RECORD_FLAGS_TEXT, "GET / HTTP/1.0\r\n\r\n", 18);
  append (log, id, SW_DIRECTION_RECEIVED, 0, "HTTP/1.0 200 OK\r\n", 17);

  code = export_python (log, SW_CODE_SESSION_TCP_CLIENT, &target);
  assert_python_compiles (code);
  assert_contains (code, "import ssl\n");
  assert_contains (code, "SERVER = ('localhost', 443)\n");
  assert_contains (code, "    with CONTEXT.wrap_socket(socket.create_connection(SERVER, timeout=TIMEOUT),\n"
                         "                             server_hostname=SERVER[0]) as sock:\n");
  /* shutdown() would drop TLS from the socket: no FIN half-close. */
  g_assert_null (strstr (code, "SHUT_WR"));
}

static void
test_errors (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  SwCodeTarget bad = { "bad host; rm -rf ~", 0, FALSE, FALSE };
  SwCodeTarget option = { "-oProxyCommand=x", 0, FALSE, FALSE };
  guint id, udp;

  for (SwCodeSessionKind kind = SW_CODE_SESSION_TCP_CLIENT; kind <= SW_CODE_SESSION_RELAY; kind++)
    assert_fails (sw_code_export_python, log, kind, NULL, SW_CODE_EXPORT_ERROR_EMPTY, NULL);

  id = sw_test_log_open_connection (log, SW_TRANSPORT_TCP, "127.0.0.1", 40000, "127.0.0.1", 7000);
  append (log, id, SW_DIRECTION_RECEIVED, 0, "hi", 2);

  /* Nothing sent: a script connects and listens, a command has nothing to say. */
  g_free (export_python (log, SW_CODE_SESSION_TCP_CLIENT, NULL));
  assert_fails (sw_code_export_shell, log, SW_CODE_SESSION_TCP_CLIENT, NULL, SW_CODE_EXPORT_ERROR_EMPTY, NULL);

  assert_fails (sw_code_export_python, log, SW_CODE_SESSION_TCP_CLIENT, &bad, SW_CODE_EXPORT_ERROR_INVALID_HOST,
                "“bad host; rm -rf ~” is not a host name or an address");
  assert_fails (sw_code_export_shell, log, SW_CODE_SESSION_TCP_CLIENT, &option, SW_CODE_EXPORT_ERROR_INVALID_HOST, NULL);

  assert_fails (sw_code_export_shell, log, SW_CODE_SESSION_TCP_SERVER, NULL, SW_CODE_EXPORT_ERROR_UNSUPPORTED, NULL);

  append (log, id, SW_DIRECTION_SENT, 0, "x", 1);
  sw_traffic_log_close_connection (log, id, SW_CONNECTION_END_CLOSED);
  id = sw_test_log_open_connection (log, SW_TRANSPORT_TCP, "127.0.0.1", 40001, "127.0.0.1", 7000);
  append (log, id, SW_DIRECTION_SENT, 0, "y", 1);
  assert_fails (sw_code_export_shell, log, SW_CODE_SESSION_TCP_CLIENT, NULL, SW_CODE_EXPORT_ERROR_UNSUPPORTED,
                "The session made 2 connections, but a shell command makes one: copy the session as Python instead");

  /* UDP: one datagram per command, one address family per socket. */
  udp = sw_test_log_open_connection (log, SW_TRANSPORT_UDP, "0.0.0.0", 5000, "127.0.0.1", 7000);
  append (log, udp, SW_DIRECTION_SENT, 0, "a", 1);
  append (log, udp, SW_DIRECTION_SENT, 0, "b", 1);
  assert_fails (sw_code_export_shell, log, SW_CODE_SESSION_UDP_PEER, NULL, SW_CODE_EXPORT_ERROR_UNSUPPORTED,
                "The session sent 2 datagrams, but a shell command sends one: copy the session as Python instead");
  udp = sw_test_log_open_connection (log, SW_TRANSPORT_UDP, "::", 5000, "::1", 7000);
  append (log, udp, SW_DIRECTION_SENT, 0, "c", 1);
  assert_fails (sw_code_export_python, log, SW_CODE_SESSION_UDP_PEER, NULL, SW_CODE_EXPORT_ERROR_UNSUPPORTED, NULL);
}

static void
test_shell_quoting (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  guint id = sw_test_log_open_connection (log, SW_TRANSPORT_TCP, "127.0.0.1", 40000, "::1", 7000);
  SwCodeTarget tls = { "device.example", 443, FALSE, TRUE };
  g_autofree char *command = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *named = NULL;

  append (log, id, SW_DIRECTION_SENT, 0, "-it's 100%\r\n", 12);
  append (log, id, SW_DIRECTION_RECEIVED, 0, "ok", 2);
  append (log, id, SW_DIRECTION_SENT, 0, "\x00\xff", 2);

  command = sw_code_export_shell (log, SW_CODE_SESSION_TCP_CLIENT, NULL, NULL);
  g_assert_cmpstr (command, ==, "printf '\\055it\\047s 100%%\\r\\n\\000\\377' | ncat ::1 7000");
  named = sw_code_export_shell (log, SW_CODE_SESSION_TCP_CLIENT, &tls, NULL);
  g_assert_cmpstr (named, ==, "printf '\\055it\\047s 100%%\\r\\n\\000\\377' | ncat --ssl device.example 443");
}

/* Real sessions, repeated against fresh peers */

static char *
write_script (const char *name,
              const char *code)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);

  g_file_set_contents (path, code, -1, &error);
  g_assert_no_error (error);

  return path;
}

static SwTestPeer *
run_script (const char *path)
{
  const char *argv[] = { python (), "-u", path, NULL };

  return sw_test_peer_newv (argv);
}

static SwTestPeer *
run_shell (const char *command)
{
  const char *argv[] = { "sh", "-c", command, NULL };

  return sw_test_peer_newv (argv);
}

typedef struct
{
  GByteArray *received;
  guint       want;
} Seen;

static void
received_cb (SwEngine     *engine,
             SwConnection *connection,
             GBytes       *bytes,
             Seen         *seen)
{
  g_byte_array_append (seen->received, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static gboolean
has_received (gpointer data)
{
  Seen *seen = data;

  return seen->received->len >= seen->want;
}

static void
wait_received (Seen       *seen,
               guint       total,
               const char *what)
{
  seen->want = total;
  sw_test_wait (has_received, seen, TIMEOUT_MS, what);
}

static void
connect_client (SwTcpClient *client,
                guint16      port)
{
  g_autoptr(GSocketConnectable) address = g_network_address_new ("127.0.0.1", port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sw_tcp_client_connect_async (client, address, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the connect");
  g_assert_true (sw_tcp_client_connect_finish (client, result, &error));
  g_assert_no_error (error);
}

static void
send_bytes (SwEngine      *engine,
            const void    *data,
            gsize          length,
            SwRecordFlags  flags,
            SwEncoding     encoding)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  g_autoptr(GError) error = NULL;
  SwSendInfo info = { flags, encoding };

  g_assert_true (sw_engine_send_full (engine, NULL, bytes, &info, &error));
  g_assert_no_error (error);
}

static gboolean
is_disconnected (gpointer data)
{
  return sw_engine_get_state (data) == SW_CONNECTION_STATE_DISCONNECTED;
}

static void
test_tcp_client_echo (void)
{
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("echo_server.py", "--digest", NULL);
  guint16 port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  g_autoptr(SwTcpClient) client = sw_tcp_client_new (NULL);
  SwEngine *engine = SW_ENGINE (client);
  static const guint8 binary[] = { 0x00, 0xff, 0x01, '%', '\'', '\\', 0x7f, 0x80 };
  g_autoptr(GBytes) gbk = sw_encoding_encode (SW_ENCODING_GBK, "中文：测试", -1, NULL, NULL);
  g_autofree guint8 *big = g_malloc (70000);
  Seen seen = { g_byte_array_new (), 0 };
  g_autofree char *digest = NULL;
  g_autofree char *code = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SwTestPeer) script = NULL;
  g_autofree char *port_arg = g_strdup_printf ("%u", port);
  g_autofree char *pattern = NULL;
  gsize total = 0;

  for (guint i = 0; i < 70000; i++)
    big[i] = (i * 7919) >> 3;

  g_signal_connect (engine, "received", G_CALLBACK (received_cb), &seen);
  connect_client (client, port);
  send_bytes (engine, "hello, echo\r\n", 13, SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF8);
  wait_received (&seen, total += 13, "the first echo");
  send_bytes (engine, binary, sizeof binary, SW_RECORD_FLAGS_NONE, SW_ENCODING_UTF8);
  wait_received (&seen, total += sizeof binary, "the binary echo");
  send_bytes (engine, "你好\n", strlen ("你好\n"), SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF8);
  wait_received (&seen, total += strlen ("你好\n"), "the UTF-8 echo");
  send_bytes (engine, g_bytes_get_data (gbk, NULL), g_bytes_get_size (gbk), SW_RECORD_FLAGS_TEXT, SW_ENCODING_GBK);
  wait_received (&seen, total += g_bytes_get_size (gbk), "the GBK echo");
  send_bytes (engine, big, 70000, SW_RECORD_FLAGS_NONE, SW_ENCODING_UTF8);
  wait_received (&seen, total += 70000, "the big echo");
  send_bytes (engine, "bye\n", 4, SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF8);
  wait_received (&seen, total += 4, "the last echo");
  sw_tcp_client_disconnect (client);
  digest = sw_test_peer_expect (peer, "^DIGEST (.*)$", TIMEOUT_MS);

  code = export_python (sw_engine_get_log (engine), SW_CODE_SESSION_TCP_CLIENT, NULL);
  assert_contains (code, "send(sock, '你好\\n'.encode('utf-8'))");
  assert_contains (code, "send(sock, '中文：测试'.encode('gbk'))");
  path = write_script ("echo-client.py", code);

  /* A fresh echo server on the same port gets the same bytes. */
  g_clear_pointer (&peer, sw_test_peer_free);
  peer = sw_test_peer_new ("echo_server.py", "--digest", "--port", port_arg, NULL);
  g_assert_cmpuint (sw_test_peer_expect_port (peer, "^PORT (\\d+)"), ==, port);
  script = run_script (path);
  g_free (sw_test_peer_expect (script, "^Received: b'hello, echo\\\\r\\\\n'$", TIMEOUT_MS));
  g_assert_cmpint (sw_test_peer_wait_exit (script, TIMEOUT_MS), ==, 0);
  pattern = g_strdup_printf ("^DIGEST (%s)$", digest);
  g_free (sw_test_peer_expect (peer, pattern, TIMEOUT_MS));

  g_byte_array_unref (seen.received);
}

static gboolean
make_certificate (const char *cert_path,
                  const char *key_path)
{
  g_autoptr(SwTestPeer) openssl = NULL;

  /* A self-signed certificate for "localhost", as a developer makes one. */
  openssl = sw_test_peer_new ("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                              "-keyout", key_path, "-out", cert_path, "-days", "2",
                              "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", NULL);

  return sw_test_peer_wait_exit (openssl, TIMEOUT_MS) == 0;
}

static void
test_tls_echo (void)
{
  g_autofree char *cert_path = g_build_filename (tmpdir, "cert.pem", NULL);
  g_autofree char *key_path = g_build_filename (tmpdir, "key.pem", NULL);
  g_autoptr(SwTestPeer) peer = NULL;
  g_autoptr(SwTcpClient) client = sw_tcp_client_new (NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GSocketConnectable) address = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwTestPeer) script = NULL;
  Seen seen = { g_byte_array_new (), 0 };
  SwCodeTarget target = { "localhost", 0, FALSE, TRUE };
  g_autofree char *port_arg = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *code = NULL;
  g_autofree char *path = NULL;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()) || !make_certificate (cert_path, key_path))
    {
      g_test_skip ("no TLS backend, or openssl could not make a certificate");
      return;
    }

  peer = sw_test_peer_new ("echo_server.py", "--digest", "--tls", cert_path, key_path, NULL);
  target.port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  port_arg = g_strdup_printf ("%u", target.port);

  /* The person trusted the certificate by hand; Python trusts it
   * through SSL_CERT_FILE. */
  certificate = g_tls_certificate_new_from_file (cert_path, &error);
  g_assert_no_error (error);
  sw_tcp_client_set_accepted_certificate (client, certificate);
  sw_tcp_client_set_tls (client, TRUE);
  address = g_network_address_new ("127.0.0.1", target.port);
  sw_tcp_client_connect_async (client, address, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the TLS connection");
  g_assert_true (sw_tcp_client_connect_finish (client, result, &error));
  g_assert_no_error (error);

  g_signal_connect (client, "received", G_CALLBACK (received_cb), &seen);
  send_bytes (SW_ENGINE (client), "hello over TLS\n", 15, SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF8);
  wait_received (&seen, 15, "the echo over TLS");
  send_bytes (SW_ENGINE (client), "\x00\x01\x02", 3, SW_RECORD_FLAGS_NONE, SW_ENCODING_UTF8);
  wait_received (&seen, 18, "the binary echo over TLS");
  sw_tcp_client_disconnect (client);
  digest = sw_test_peer_expect (peer, "^DIGEST (.*)$", TIMEOUT_MS);
  pattern = g_strdup_printf ("^DIGEST (%s)$", digest);

  code = export_python (sw_engine_get_log (SW_ENGINE (client)), SW_CODE_SESSION_TCP_CLIENT, &target);
  path = write_script ("tls-client.py", code);

  g_clear_pointer (&peer, sw_test_peer_free);
  peer = sw_test_peer_new ("echo_server.py", "--digest", "--tls", cert_path, key_path, "--port", port_arg, NULL);
  g_assert_cmpuint (sw_test_peer_expect_port (peer, "^PORT (\\d+)"), ==, target.port);
  g_setenv ("SSL_CERT_FILE", cert_path, TRUE);
  script = run_script (path);
  g_unsetenv ("SSL_CERT_FILE");
  g_free (sw_test_peer_expect (script, "^Received: b'hello over TLS\\\\n'$", TIMEOUT_MS));
  g_assert_cmpint (sw_test_peer_wait_exit (script, TIMEOUT_MS), ==, 0);
  g_free (sw_test_peer_expect (peer, pattern, TIMEOUT_MS));

  g_byte_array_unref (seen.received);
}

static void
test_tcp_client_hello (void)
{
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("hello_server.py", "--digest", NULL);
  guint16 port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  g_autoptr(SwTcpClient) client = sw_tcp_client_new (NULL);
  SwEngine *engine = SW_ENGINE (client);
  Seen seen = { g_byte_array_new (), 0 };
  g_autofree char *digest = NULL;
  g_autofree char *code = NULL;
  g_autofree char *command = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pattern = NULL;
  g_autoptr(SwTestPeer) script = NULL;
  g_autoptr(SwTestPeer) shell = NULL;
  SwCodeTarget target = { "127.0.0.1", 0, FALSE, FALSE };

  g_signal_connect (engine, "received", G_CALLBACK (received_cb), &seen);
  connect_client (client, port);
  wait_received (&seen, 5, "the greeting");
  send_bytes (engine, "mike", 4, SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF8);
  wait_received (&seen, 5 + 11, "Hello,mike!");
  send_bytes (engine, "bob", 3, SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF8);
  wait_received (&seen, 5 + 11 + 10, "Hello,bob!");
  send_bytes (engine, "exit", 4, SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF8);
  sw_test_wait (is_disconnected, engine, TIMEOUT_MS, "the server to close");
  digest = sw_test_peer_expect (peer, "^DIGEST (.*)$", TIMEOUT_MS);
  pattern = g_strdup_printf ("^DIGEST (%s)$", digest);
  g_clear_pointer (&peer, sw_test_peer_free);

  /* Another hello server, on another port, as the person typed it. */
  peer = sw_test_peer_new ("hello_server.py", "--digest", NULL);
  target.port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  code = export_python (sw_engine_get_log (engine), SW_CODE_SESSION_TCP_CLIENT, &target);
  assert_contains (code, "        receive(sock, 5)\n");
  path = write_script ("hello-client.py", code);
  script = run_script (path);
  g_free (sw_test_peer_expect (script, "^Received: b'Hello'$", TIMEOUT_MS));
  g_free (sw_test_peer_expect (script, "^Received: b'Hello,mike!'$", TIMEOUT_MS));
  g_free (sw_test_peer_expect (script, "^Received: b'Hello,bob!'$", TIMEOUT_MS));
  g_assert_cmpint (sw_test_peer_wait_exit (script, TIMEOUT_MS), ==, 0);
  g_free (sw_test_peer_expect (peer, pattern, TIMEOUT_MS));

  /* The same conversation as one ncat command. */
  command = sw_code_export_shell (sw_engine_get_log (engine), SW_CODE_SESSION_TCP_CLIENT, &target, NULL);
  expected = g_strdup_printf ("printf 'mikebobexit' | ncat 127.0.0.1 %u", target.port);
  g_assert_cmpstr (command, ==, expected);
  shell = run_shell (command);
  g_assert_cmpint (sw_test_peer_wait_exit (shell, TIMEOUT_MS), ==, 0);
  g_free (sw_test_peer_expect (peer, pattern, TIMEOUT_MS));

  g_byte_array_unref (seen.received);
}

static SwUdpPeer *
bound_udp_peer (guint16 port)
{
  SwUdpPeer *udp = sw_udp_peer_new (NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;

  g_assert_true (sw_udp_peer_bind (udp, loopback, port, &error));
  g_assert_no_error (error);

  return udp;
}

static void
udp_send (SwUdpPeer  *udp,
          guint16     port,
          const void *data,
          gsize       length)
{
  g_autoptr(GSocketConnectable) destination = g_network_address_new ("127.0.0.1", port);
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sw_udp_peer_send_async (udp, destination, bytes, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the datagram to leave");
  g_assert_true (sw_udp_peer_send_finish (udp, result, &error));
  g_assert_no_error (error);
}

/* "<port> <hex>" of the next datagram the echo peer saw. */
static char *
expect_from (SwTestPeer *peer)
{
  return sw_test_peer_expect (peer, "^FROM 127\\.0\\.0\\.1 (\\d+ [0-9a-f-]+)$", TIMEOUT_MS);
}

static void
test_udp_echo (void)
{
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("udp_peer.py", "echo", NULL);
  guint16 port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  g_autofree char *port_arg = g_strdup_printf ("%u", port);
  g_autoptr(SwUdpPeer) udp = bound_udp_peer (0);
  guint16 local_port = sw_udp_peer_get_local_port (udp);
  static const guint8 binary[] = { 0x00, 0x01, 0x02, 0xff };
  SwCodeTarget target = { NULL, 0, TRUE, FALSE };
  Seen seen = { g_byte_array_new (), 0 };
  g_autoptr(GPtrArray) datagrams = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *code = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SwTestPeer) script = NULL;

  g_signal_connect (udp, "received", G_CALLBACK (received_cb), &seen);
  udp_send (udp, port, "ping", 4);
  wait_received (&seen, 4, "the first echo");
  udp_send (udp, port, binary, sizeof binary);
  wait_received (&seen, 8, "the binary echo");
  udp_send (udp, port, "", 0);
  udp_send (udp, port, "last\n", 5);
  wait_received (&seen, 13, "the last echo");
  for (guint i = 0; i < 4; i++)
    g_ptr_array_add (datagrams, expect_from (peer));
  sw_udp_peer_close (udp);

  code = export_python (sw_engine_get_log (SW_ENGINE (udp)), SW_CODE_SESSION_UDP_PEER, &target);
  assert_containsf (code, "BIND_TO = ('127.0.0.1', %u)\n", local_port);
  assert_contains (code, "        receive(sock, 1)\n");
  path = write_script ("udp.py", code);

  /* A fresh echo peer on the same port sees the same datagrams, from the
   * same port, in the same order. */
  g_clear_pointer (&peer, sw_test_peer_free);
  peer = sw_test_peer_new ("udp_peer.py", "echo", "--port", port_arg, NULL);
  g_assert_cmpuint (sw_test_peer_expect_port (peer, "^PORT (\\d+)"), ==, port);
  script = run_script (path);
  g_assert_cmpint (sw_test_peer_wait_exit (script, TIMEOUT_MS), ==, 0);
  for (guint i = 0; i < datagrams->len; i++)
    {
      g_autofree char *again = expect_from (peer);

      g_assert_cmpstr (again, ==, g_ptr_array_index (datagrams, i));
      g_assert_cmpuint (g_ascii_strtoull (again, NULL, 10), ==, local_port);
    }

  g_byte_array_unref (seen.received);
}

static void
test_udp_shell (void)
{
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("udp_peer.py", "echo", NULL);
  guint16 port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  g_autofree char *port_arg = g_strdup_printf ("%u", port);
  g_autoptr(SwUdpPeer) udp = sw_udp_peer_new (NULL);
  Seen seen = { g_byte_array_new (), 0 };
  g_autofree char *original = NULL;
  g_autofree char *again = NULL;
  g_autofree char *command = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(SwTestPeer) shell = NULL;

  /* Not bound by hand: the system chose the port, and chooses again. */
  g_signal_connect (udp, "received", G_CALLBACK (received_cb), &seen);
  udp_send (udp, port, "hello 'udp' 100%\n", 17);
  wait_received (&seen, 17, "the echo");
  original = expect_from (peer);
  sw_udp_peer_close (udp);

  command = sw_code_export_shell (sw_engine_get_log (SW_ENGINE (udp)), SW_CODE_SESSION_UDP_PEER, NULL, NULL);
  expected = g_strdup_printf ("printf 'hello \\047udp\\047 100%%%%\\n' | ncat -u -i 2 127.0.0.1 %u", port);
  g_assert_cmpstr (command, ==, expected);

  g_clear_pointer (&peer, sw_test_peer_free);
  peer = sw_test_peer_new ("udp_peer.py", "echo", "--port", port_arg, NULL);
  g_assert_cmpuint (sw_test_peer_expect_port (peer, "^PORT (\\d+)"), ==, port);
  shell = run_shell (command);
  again = expect_from (peer);
  g_assert_cmpstr (strchr (again, ' '), ==, strchr (original, ' '));
  g_assert_cmpint (sw_test_peer_wait_exit (shell, TIMEOUT_MS), ==, 0);

  g_byte_array_unref (seen.received);
}

static void
welcome_cb (SwEngine     *engine,
            SwConnection *connection,
            gpointer      user_data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("Welcome\r\n", 9);

  g_assert_true (sw_connection_send (connection, bytes, NULL));
}

/* Reads the client's REPLY lines until @length bytes (as hex) came. */
static char *
expect_replies (SwTestPeer *client,
                gsize       length)
{
  GString *hex = g_string_new (NULL);

  while (hex->len < length * 2)
    {
      g_autofree char *reply = sw_test_peer_expect (client, "^REPLY ([0-9a-f]+)$", TIMEOUT_MS);

      g_string_append (hex, reply);
    }

  return g_string_free (hex, FALSE);
}

static gboolean
server_has_received (gpointer data)
{
  return sw_engine_get_bytes_received (data) >= 8 && sw_engine_get_pending_bytes (data) == 0;
}

static void
test_tcp_server (void)
{
  g_autoptr(SwTcpServer) server = sw_tcp_server_new (NULL);
  SwEngine *engine = SW_ENGINE (server);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwTestPeer) client = NULL;
  g_autoptr(SwTestPeer) script = NULL;
  g_autofree char *port_arg = NULL;
  g_autofree char *original = NULL;
  g_autofree char *again = NULL;
  g_autofree char *code = NULL;
  g_autofree char *path = NULL;
  guint16 port;

  sw_tcp_server_set_echo (server, TRUE);
  g_signal_connect (engine, "connection-opened", G_CALLBACK (welcome_cb), NULL);
  g_assert_true (sw_tcp_server_listen (server, loopback, 0, &error));
  g_assert_no_error (error);
  port = sw_tcp_server_get_port (server);
  port_arg = g_strdup_printf ("%u", port);

  client = sw_test_peer_new ("stream_peer.py", "client-hex", "127.0.0.1", port_arg, "70696e67", "000102ff", NULL);
  original = expect_replies (client, 9 + 8);
  g_assert_cmpstr (original, ==, "57656c636f6d650d0a" "70696e67" "000102ff");
  sw_test_wait (server_has_received, engine, TIMEOUT_MS, "the client's messages");
  sw_tcp_server_stop (server, TRUE);
  g_clear_pointer (&client, sw_test_peer_free);

  code = export_python (sw_engine_get_log (engine), SW_CODE_SESSION_TCP_SERVER, NULL);
  assert_containsf (code, "LISTEN_ON = ('127.0.0.1', %u)\n", port);
  assert_contains (code, "an automatic reply\n");
  path = write_script ("server.py", code);

  /* The script answers a client that says the same as the first did. */
  script = run_script (path);
  g_free (sw_test_peer_expect (script, "^Listening on 127.0.0.1 port", TIMEOUT_MS));
  client = sw_test_peer_new ("stream_peer.py", "client-hex", "127.0.0.1", port_arg, "70696e67", "000102ff", NULL);
  again = expect_replies (client, 9 + 8);
  g_assert_cmpstr (again, ==, original);
  g_assert_cmpint (sw_test_peer_wait_exit (script, TIMEOUT_MS), ==, 0);
}

static void
test_relay (void)
{
  g_autoptr(SwTestPeer) upstream = sw_test_peer_new ("echo_server.py", "--digest", NULL);
  guint16 upstream_port = sw_test_peer_expect_port (upstream, "^PORT (\\d+)");
  g_autofree char *upstream_arg = g_strdup_printf ("%u", upstream_port);
  g_autoptr(SwRelay) relay = sw_relay_new (NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketConnectable) address = g_network_address_new ("127.0.0.1", upstream_port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwTestPeer) client = NULL;
  g_autoptr(SwTestPeer) script = NULL;
  g_autoptr(GBytes) typed = g_bytes_new_static ("typed\n", 6);
  g_autoptr(GBytes) to_client = g_bytes_new_static ("to the client\n", 14);
  g_autofree char *relay_arg = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *code = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pattern = NULL;
  SwRelayConnection *relayed;

  sw_relay_start_async (relay, SW_TRANSPORT_TCP, loopback, 0, address, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the relay to start");
  g_assert_true (sw_relay_start_finish (relay, result, &error));
  g_assert_no_error (error);
  relay_arg = g_strdup_printf ("%u", sw_relay_get_port (relay));

  client = sw_test_peer_new ("stream_peer.py", "client-hex", "127.0.0.1", relay_arg, "6869", "00ff", NULL);
  g_free (expect_replies (client, 4));
  relayed = g_list_model_get_item (sw_relay_get_connections (relay), 0);
  g_assert_true (sw_relay_connection_inject (relayed, SW_RELAY_TARGET_UPSTREAM, typed, NULL, &error));
  g_assert_true (sw_relay_connection_inject (relayed, SW_RELAY_TARGET_CLIENT, to_client, NULL, &error));
  g_assert_no_error (error);
  g_free (expect_replies (client, 6 + 14));
  g_object_unref (relayed);
  sw_relay_stop (relay);
  digest = sw_test_peer_expect (upstream, "^DIGEST (.*)$", TIMEOUT_MS);

  code = export_python (sw_engine_get_log (SW_ENGINE (relay)), SW_CODE_SESSION_RELAY, NULL);
  assert_containsf (code, "SERVER = ('127.0.0.1', %u)\n", upstream_port);
  assert_contains (code, "sent 6 bytes, typed into the relay\n");
  /* What was typed towards the client is not waited for from upstream. */
  g_assert_null (strstr (code, "receive(sock, 14)"));
  path = write_script ("relay.py", code);

  g_clear_pointer (&upstream, sw_test_peer_free);
  upstream = sw_test_peer_new ("echo_server.py", "--digest", "--port", upstream_arg, NULL);
  g_assert_cmpuint (sw_test_peer_expect_port (upstream, "^PORT (\\d+)"), ==, upstream_port);
  script = run_script (path);
  g_assert_cmpint (sw_test_peer_wait_exit (script, TIMEOUT_MS), ==, 0);
  pattern = g_strdup_printf ("^DIGEST (%s)$", digest);
  g_free (sw_test_peer_expect (upstream, pattern, TIMEOUT_MS));
}

/* Saving a script (#15): the same safe write as the other files. */

#define OLD_SCRIPT "print('the script saved before')\n"

/* A script of 512 KiB of binary data, written out as Python literals. */
static char *
big_script (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  guint id = sw_test_log_open_connection (log, SW_TRANSPORT_TCP, "127.0.0.1", 40000, "127.0.0.1", 7000);
  g_autofree guint8 *chunk = g_malloc (256 * 1024);
  char *code;

  for (gsize i = 0; i < 256 * 1024; i++)
    chunk[i] = i % 251;
  append (log, id, SW_DIRECTION_SENT, 0, chunk, 256 * 1024);
  append (log, id, SW_DIRECTION_SENT, 0, chunk, 256 * 1024);
  code = export_python (log, SW_CODE_SESSION_TCP_CLIENT, NULL);
  g_assert_cmpuint (strlen (code), >, 512 * 1024);

  return code;
}

static gboolean
save_script (const char    *code,
             const char    *path,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  sw_code_export_save_async (code, file, cancellable, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the script to be saved");

  return sw_code_export_save_finish (result, error);
}

/* A new script, then one over it: each whole, ready to run, alone. */
static void
test_save (void)
{
  g_autofree char *code = big_script ();
  g_autofree char *dir = NULL;
  g_autofree char *path = sw_test_make_target ("session.py", NULL, &dir);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (save_script (OLD_SCRIPT, path, NULL, &error));
  g_assert_no_error (error);
  sw_test_assert_file (path, OLD_SCRIPT);
#ifdef G_OS_UNIX
  {
    GStatBuf info;

    g_assert_cmpint (g_stat (path, &info), ==, 0);
    g_assert_cmpint (info.st_mode & 0777, ==, 0755);
  }
#endif

  g_assert_true (save_script (code, path, NULL, &error));
  g_assert_no_error (error);
  sw_test_assert_file (path, code);
  names = sw_test_list_dir (dir);
  g_assert_cmpstr (names, ==, "session.py");
  sw_test_remove_dir (dir);
}

/* A disk that fills up part way through the script: the old one stays
 * byte for byte, no partial or temporary file is left, and the error
 * names the file and says why. */
static void
test_save_fails_part_way (gconstpointer data)
{
  gboolean existed = GPOINTER_TO_INT (data);

  if (g_test_subprocess ())
    {
      g_autofree char *code = big_script ();
      const char *target = g_getenv ("SW_TEST_TARGET");
      g_autofree char *expected = g_strdup_printf ("Could not save the script to “%s”: ", target);
      g_autoptr(GError) error = NULL;

      /* Less than the script, more than a piece of it: it fails part way. */
      g_assert_true (sw_test_limit_file_size (64 * 1024));
      g_assert_false (save_script (code, target, NULL, &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, expected));
      g_assert_cmpuint (strlen (error->message), >, strlen (expected));
      return;
    }

  sw_test_trap_failed_write ("session.py", existed ? OLD_SCRIPT : NULL, 30);
}

/* A save cancelled (as closing the page does) writes nothing. */
static void
test_save_cancelled (gconstpointer data)
{
  gboolean existed = GPOINTER_TO_INT (data);
  g_autofree char *code = big_script ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = sw_test_make_target ("session.py", existed ? OLD_SCRIPT : NULL, &dir);

  g_cancellable_cancel (cancellable);
  g_assert_false (save_script (code, path, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  sw_test_assert_target_untouched (dir, "session.py", existed ? OLD_SCRIPT : NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("sw-code-export-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/sw/code-export/python-literals", test_python_literals);
  g_test_add_func ("/sw/code-export/python-codecs", test_python_codecs);
  g_test_add_func ("/sw/code-export/printf-format", test_printf_format);
  g_test_add_func ("/sw/code-export/steps", test_steps);
  g_test_add_func ("/sw/code-export/limits", test_limits);
  g_test_add_func ("/sw/code-export/udp-steps", test_udp_steps);
  g_test_add_func ("/sw/code-export/tls-client", test_tls_client);
  g_test_add_func ("/sw/code-export/errors", test_errors);
  g_test_add_func ("/sw/code-export/shell-quoting", test_shell_quoting);
  g_test_add_func ("/sw/code-export/tcp-client-echo", test_tcp_client_echo);
  g_test_add_func ("/sw/code-export/tcp-client-hello", test_tcp_client_hello);
  g_test_add_func ("/sw/code-export/tls-echo", test_tls_echo);
  g_test_add_func ("/sw/code-export/udp-echo", test_udp_echo);
  g_test_add_func ("/sw/code-export/udp-shell", test_udp_shell);
  g_test_add_func ("/sw/code-export/tcp-server", test_tcp_server);
  g_test_add_func ("/sw/code-export/relay", test_relay);
  g_test_add_func ("/sw/code-export/save", test_save);
  g_test_add_data_func ("/sw/code-export/save-fails-part-way/replacing", GINT_TO_POINTER (TRUE),
                        test_save_fails_part_way);
  g_test_add_data_func ("/sw/code-export/save-fails-part-way/new-file", GINT_TO_POINTER (FALSE),
                        test_save_fails_part_way);
  g_test_add_data_func ("/sw/code-export/save-cancelled/replacing", GINT_TO_POINTER (TRUE),
                        test_save_cancelled);
  g_test_add_data_func ("/sw/code-export/save-cancelled/new-file", GINT_TO_POINTER (FALSE),
                        test_save_cancelled);

  status = g_test_run ();

  {
    const char *name;
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmpdir, name, NULL);

        g_remove (path);
      }
    g_rmdir (tmpdir);
    g_free (tmpdir);
  }

  return status;
}
