/* test-headless.c: socket-workbench --run, as a shell script runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sw-test-util.h"

#define TIMEOUT_MS 20000

static const char library_text[] =
  "{ \"format\": \"socket-workbench-library\", \"version\": 1,\n"
  "  \"messages\": [ { \"name\": \"Login\", \"text\": \"LOGIN admin\", \"line-ending\": \"crlf\" } ],\n"
  "  \"sequences\": [\n"
  "    { \"name\": \"Check\", \"steps\": [\n"
  "      { \"kind\": \"send\", \"message\": \"Login\" },\n"
  "      { \"kind\": \"expect\", \"pattern\": \"LOGIN ok\", \"match-kind\": \"exact\" },\n"
  "      { \"kind\": \"send\", \"payload\": { \"text\": \"GET\\\\r\\\\n\" } },\n"
  "      { \"kind\": \"expect\", \"name\": \"Value\", \"pattern\": \"^VALUE 42$\", \"match-kind\": \"regex\" } ] },\n"
  "    { \"name\": \"Bad\", \"steps\": [\n"
  "      { \"kind\": \"send\", \"payload\": { \"text\": \"GET BAD\\\\r\\\\n\" } },\n"
  "      { \"kind\": \"expect\", \"name\": \"Value\", \"pattern\": \"VALUE 42\", \"timeout\": 300 } ] },\n"
  "    { \"name\": \"Broken\", \"steps\": [ { \"kind\": \"send\", \"message\": \"Nope\" } ] } ] }\n";

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

/* Runs the built binary with no display at all. */
static void
run_binary (Run        *run,
            const char *first,
            ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("SW_TEST_BINARY");
  va_list args;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  /* A broken window path would try these; there must be none. */
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "none-at-all", TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static char *
write_library (void)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("sw-headless-XXXXXX.json", &path, &error);

  g_assert_no_error (error);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (path, library_text, -1, &error));
  g_assert_no_error (error);

  return path;
}

static void
test_exit_codes (void)
{
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("device_server.py", NULL);
  g_autofree char *library = write_library ();
  g_autofree char *uri = NULL;
  Run run = { 0 };

  uri = g_strdup_printf ("tcp://127.0.0.1:%u", sw_test_peer_expect_port (peer, "^PORT (\\d+)"));

  /* Passed: 0, each step and the result on stdout. */
  run_binary (&run, "--run", "Check", "--connect", uri, "--library", library,
              "--delimiter", "\\r\\n", NULL);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Running “Check” over tcp://127.0.0.1:"));
  g_assert_nonnull (strstr (run.out, "\nStep 1: passed — Sent 13 bytes: “LOGIN admin\\r\\n” "
                                    "(4C 4F 47 49 4E 20 61 64 6D 69 6E 0D 0A)\n"));
  g_assert_nonnull (strstr (run.out, "\nStep 4 (“Value”): passed — A frame matched: “VALUE 42” "
                                    "(56 41 4C 55 45 20 34 32)\n"));
  g_assert_nonnull (strstr (run.out, "\nPassed: 4 steps in "));
  g_assert_cmpstr (run.err, ==, "");
  run_clear (&run);

  /* Failed: 1, with what came instead. */
  run_binary (&run, "-r", "Bad", "-c", uri, "-l", library, "-d", "\\r\\n", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "\nStep 2 (“Value”): failed — 1 frame arrived, but it did not "
                                    "match: “VALUE 41” (56 41 4C 55 45 20 34 31)\n"));
  g_assert_nonnull (strstr (run.out, "\nFailed: Step 2 (“Value”) failed: 1 frame arrived, but it "
                                    "did not match ("));
  run_clear (&run);

  /* Nobody listening: 1. */
  run_binary (&run, "--run", "Check", "--connect", "tcp://127.0.0.1:1", "--library", library, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "Could not connect to tcp://127.0.0.1:1: "));
  run_clear (&run);

  /* Bad arguments: 2, and why on stderr. */
  run_binary (&run, "--run", "Nope", "--connect", uri, "--library", library, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "There is no sequence called “Nope” in the library"));
  g_assert_nonnull (strstr (run.err, "it has “Check”, “Bad”, “Broken”"));
  run_clear (&run);

  run_binary (&run, "--run", "Broken", "--connect", uri, "--library", library, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.err, ==, "socket-workbench: The sequence “Broken” cannot run: Step 1 sends "
                                "the message “Nope”, which is not in the library\n");
  run_clear (&run);

  run_binary (&run, "--run", "Check", "--connect", "tcp://127.0.0.1", "--library", library, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.err, ==, "socket-workbench: “tcp://127.0.0.1” has no port: write it as "
                                "tcp://HOST:PORT\n");
  run_clear (&run);

  run_binary (&run, "--run", "Check", "--connect", "http://example.com", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "is not an address this program understands"));
  run_clear (&run);

  run_binary (&run, "--run", "Check", "--connect", uri, "--library", "/nonexistent/dir/x.json", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_binary (&run, "--run", "Check", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--run needs --connect URI"));
  run_clear (&run);

  /* An unreadable library is named. */
  g_assert_true (g_file_set_contents (library, "{ not json", -1, NULL));
  run_binary (&run, "--run", "Check", "--connect", uri, "--library", library, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Could not read the message library"));
  run_clear (&run);

  g_assert_cmpint (g_unlink (library), ==, 0);
}

static void
test_help (void)
{
  Run run = { 0 };

  run_binary (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--run=NAME"));
  g_assert_nonnull (strstr (run.out, "--connect=URI"));
  g_assert_nonnull (strstr (run.out, "--library=FILE"));
  g_assert_nonnull (strstr (run.out, "0 when it passed, 1 when it failed, 2 when the arguments are wrong"));
  /* The sessions a URI opens. */
  g_assert_nonnull (strstr (run.out, "[URI…]"));
  g_assert_nonnull (strstr (run.out, "tcp-listen://[ADDRESS]:PORT  a TCP server, listening"));
  g_assert_nonnull (strstr (run.out, "udp-bind://[ADDRESS]:PORT    a UDP peer, bound"));
  g_assert_nonnull (strstr (run.out, "gapplication action io.github.socketworkbench.SocketWorkbench new-session"));
  run_clear (&run);
}

/* A URI that is wrong is said on stderr, exits 2 and opens nothing: not
 * even the good ones beside it, and no display is needed to say so. */
static void
test_bad_uris (void)
{
  static const struct {
    const char *uri;
    const char *message;
  } cases[] = {
    { "tcp://127.0.0.1", "socket-workbench: cannot open “tcp://127.0.0.1”: “tcp://127.0.0.1” has no port: write it as tcp://HOST:PORT\n" },
    { "http://example.com:80", "is not an address this program understands" },
    { "tcp://[::1:7000", "missing the closing bracket" },
    { "udp://host:99999", "Port must be 1–65535" },
    { "tcp-listen://:7000/path", "has something after the port" },
    { "127.0.0.1:7000", "is not an address this program understands" },
  };
  Run run = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      run_binary (&run, "tcp-listen://:0", cases[i].uri, NULL);
      g_test_message ("%s: %s", cases[i].uri, run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, cases[i].message));
      g_assert_null (strstr (run.err, "display"));
      run_clear (&run);
    }

  run_binary (&run, "--run", "Check", "--connect", "tcp://127.0.0.1:7", "udp://127.0.0.1:7", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--run takes where to run as --connect URI"));
  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/headless/exit-codes", test_exit_codes);
  g_test_add_func ("/sw/headless/help", test_help);
  g_test_add_func ("/sw/headless/bad-uris", test_bad_uris);

  return g_test_run ();
}
