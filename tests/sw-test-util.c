/* sw-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sw-test-util.h"

#ifdef G_OS_UNIX
# include <signal.h>
# include <sys/resource.h>
#endif

/* How often a blocked wait looks at a condition no source reports. */
#define POLL_MS 5
/* A relay starts at once on loopback; a loaded machine gets some slack. */
#define START_TIMEOUT_MS 60000

static gboolean
keep_source (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @condition holds or @deadline passes, and says
 * which. It blocks in the loop, as the application does, so sockets are
 * served as soon as they are ready: sleeping between turns instead would
 * add its length to every round trip measured. */
static gboolean
iterate_until (SwTestCondition condition,
               gpointer        data,
               gint64          deadline)
{
  guint poll_id = g_timeout_add (POLL_MS, keep_source, NULL);
  gboolean met;

  while (!(met = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (poll_id);

  return met;
}

typedef struct
{
  SwTrafficLog *log;
  guint64       records;
} Received;

static gboolean
has_received (gpointer data)
{
  Received *received = data;
  SwTrafficTotals totals;

  sw_traffic_log_get_totals (received->log, &totals);

  return totals.records_received >= received->records;
}

void
sw_test_wait_received (SwTrafficLog *log,
                       guint64       records,
                       guint         timeout_ms)
{
  Received received = { log, records };
  g_autofree char *what = g_strdup_printf ("%" G_GUINT64_FORMAT " records received", records);

  sw_test_wait (has_received, &received, timeout_ms, what);
}

gboolean
sw_test_run_until (SwTestCondition condition,
                   gpointer        data,
                   guint           timeout_ms)
{
  return iterate_until (condition, data, g_get_monotonic_time () + (gint64) timeout_ms * 1000);
}

void
sw_test_wait (SwTestCondition  condition,
              gpointer         data,
              guint            timeout_ms,
              const char      *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  if (!iterate_until (condition, data, deadline))
    g_error ("Timed out after %u ms waiting for %s", timeout_ms, what);
}

static gboolean
result_is_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

void
sw_test_wait_result (GAsyncResult **result,
                     guint          timeout_ms,
                     const char    *what)
{
  sw_test_wait (result_is_set, result, timeout_ms, what);
}

typedef struct
{
  GPtrArray *array;
  guint      n;
} Length;

static gboolean
has_length (gpointer data)
{
  Length *length = data;

  return length->array->len >= length->n;
}

void
sw_test_wait_length (GPtrArray  *array,
                     guint       n,
                     guint       timeout_ms,
                     const char *what)
{
  Length length = { array, n };

  sw_test_wait (has_length, &length, timeout_ms, what);
}

guint16
sw_test_free_loopback_port (GSocketFamily family,
                            GSocketType   type)
{
  g_autoptr(GSocket) socket = g_socket_new (family, type, G_SOCKET_PROTOCOL_DEFAULT, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (family);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  if (socket == NULL || !g_socket_bind (socket, address, TRUE, NULL))
    return 0;

  bound = g_socket_get_local_address (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

SwRelay *
sw_test_relay_new_started (SwTransport transport,
                           guint16     upstream_port)
{
  return sw_test_relay_new_started_full (NULL, transport, upstream_port);
}

SwRelay *
sw_test_relay_new_started_full (SwTrafficLog *log,
                                SwTransport   transport,
                                guint16       upstream_port)
{
  SwRelay *relay = sw_relay_new (log);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketConnectable) upstream = g_network_address_new ("127.0.0.1", upstream_port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sw_relay_start_async (relay, transport, loopback, 0, upstream, NULL, sw_test_store_result, &result);
  g_assert_cmpint (sw_engine_get_state (SW_ENGINE (relay)), ==, SW_CONNECTION_STATE_RESOLVING);
  sw_test_wait_result (&result, START_TIMEOUT_MS, "the relay to start");
  g_assert_true (sw_relay_start_finish (relay, result, &error));
  g_assert_no_error (error);
  g_assert_true (sw_relay_get_running (relay));
  g_assert_cmpint (sw_engine_get_state (SW_ENGINE (relay)), ==, SW_CONNECTION_STATE_CONNECTED);
  g_assert_cmpuint (sw_relay_get_port (relay), >, 0);

  return relay;
}

guint
sw_test_log_open_connection (SwTrafficLog *log,
                             SwTransport   transport,
                             const char   *local,
                             guint16       local_port,
                             const char   *remote,
                             guint16       remote_port)
{
  g_autoptr(GSocketAddress) local_address = g_inet_socket_address_new_from_string (local, local_port);
  g_autoptr(GSocketAddress) remote_address = g_inet_socket_address_new_from_string (remote, remote_port);
  g_autofree char *name = sw_socket_address_to_string (remote_address);

  return sw_traffic_log_open_connection (log, transport, FALSE, local_address, remote_address, name);
}

char *
sw_test_log_events (SwTrafficLog *log)
{
  GString *str = g_string_new (NULL);

  for (guint64 seq = sw_traffic_log_get_first_seq (log); seq < sw_traffic_log_get_end_seq (log); seq++)
    {
      SwTrafficRecord record;

      g_assert_true (sw_traffic_log_get_record (log, seq, &record));
      if (record.direction == SW_DIRECTION_EVENT)
        {
          g_string_append_len (str, (const char *) record.data, record.length);
          g_string_append_c (str, '\n');
        }
    }

  return g_string_free (str, FALSE);
}

void
sw_test_store_result (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **store = user_data;

  g_assert_null (*store);
  *store = g_object_ref (result);
}

void
sw_test_count_notifies (gpointer           object,
                        const char *const *names,
                        guint             *counts)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", names[i], NULL);

      g_signal_connect (object, signal, G_CALLBACK (sw_test_count_notify), &counts[i]);
    }
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
sw_test_run_for (guint ms)
{
  iterate_until (never, NULL, g_get_monotonic_time () + (gint64) ms * 1000);
}

void
sw_test_count_notify (GObject    *object,
                      GParamSpec *pspec,
                      guint      *count)
{
  (*count)++;
}

void
sw_test_assert_property_contract (GObject      *object,
                                  const char   *property,
                                  const GValue *other)
{
  g_autofree char *signal = g_strconcat ("notify::", property, NULL);
  g_auto(GValue) value = G_VALUE_INIT;
  guint notified = 0;
  gulong id;

  g_object_get_property (object, property, &value);
  id = g_signal_connect (object, signal, G_CALLBACK (sw_test_count_notify), &notified);

  g_object_set_property (object, property, &value);
  g_assert_cmpuint (notified, ==, 0);
  g_object_set_property (object, property, other);
  g_assert_cmpuint (notified, ==, 1);
  g_object_set_property (object, property, other);
  g_assert_cmpuint (notified, ==, 1);
  g_object_set_property (object, property, &value);
  g_assert_cmpuint (notified, ==, 2);

  g_signal_handler_disconnect (object, id);
}

guint
sw_test_raise_fd_limit (guint wanted)
{
#ifdef G_OS_UNIX
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return 0;
  if (limit.rlim_cur < wanted)
    {
      limit.rlim_cur = MIN ((rlim_t) wanted, limit.rlim_max);
      setrlimit (RLIMIT_NOFILE, &limit);
      getrlimit (RLIMIT_NOFILE, &limit);
    }
  return limit.rlim_cur;
#else
  return wanted;
#endif
}

gboolean
sw_test_limit_file_size (guint64 bytes)
{
#ifdef G_OS_UNIX
  struct rlimit limit;

  if (getrlimit (RLIMIT_FSIZE, &limit) != 0)
    return FALSE;
  limit.rlim_cur = MIN ((rlim_t) bytes, limit.rlim_max);
  signal (SIGXFSZ, SIG_IGN);

  return setrlimit (RLIMIT_FSIZE, &limit) == 0;
#else
  return FALSE;
#endif
}

void
sw_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

char *
sw_test_list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (", ", (char **) names->pdata);
}

void
sw_test_assert_file (const char *path,
                     const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  gsize length = 0;

  g_file_get_contents (path, &found, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, strlen (contents));
  g_assert_cmpstr (found, ==, contents);
}

char *
sw_test_make_target (const char  *name,
                     const char  *old_contents,
                     char       **dir)
{
  g_autoptr(GError) error = NULL;
  char *path;

  *dir = g_dir_make_tmp ("sw-target-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, name, NULL);
  if (old_contents != NULL)
    {
      g_file_set_contents (path, old_contents, -1, &error);
      g_assert_no_error (error);
    }

  return path;
}

void
sw_test_assert_target_untouched (const char *dir,
                                 const char *name,
                                 const char *old_contents)
{
  g_autofree char *names = sw_test_list_dir (dir);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (old_contents != NULL)
    {
      g_assert_cmpstr (names, ==, name);
      sw_test_assert_file (path, old_contents);
      g_assert_cmpint (g_remove (path), ==, 0);
    }
  else
    g_assert_cmpstr (names, ==, "");
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

void
sw_test_trap_failed_write (const char *name,
                           const char *old_contents,
                           guint       timeout_s)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

#ifndef G_OS_UNIX
  g_test_skip ("No file size limit to make a write fail here");
  return;
#endif

  path = sw_test_make_target (name, old_contents, &dir);
  g_setenv ("SW_TEST_TARGET", path, TRUE);
  g_test_trap_subprocess (NULL, timeout_s * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("SW_TEST_TARGET");
  g_test_trap_assert_passed ();
  sw_test_assert_target_untouched (dir, name, old_contents);
}

struct _SwTestPeer
{
  char             *name;
  GSubprocess      *process;
  GDataInputStream *stdout_lines;
  GOutputStream    *stdin_pipe;
  GCancellable     *cancellable;
  GPtrArray        *lines;
  GString          *transcript;
  gboolean          reading;
  gboolean          eof;
  gboolean          exited;
};

static void read_next_line (SwTestPeer *self);

static void
line_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SwTestPeer *self = user_data;
  g_autoptr(GError) error = NULL;
  char *line;

  self->reading = FALSE;
  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (line == NULL)
    {
      self->eof = TRUE;
      return;
    }

  g_string_append_printf (self->transcript, "%s\n", line);
  g_ptr_array_add (self->lines, line);
  read_next_line (self);
}

static void
read_next_line (SwTestPeer *self)
{
  self->reading = TRUE;
  g_data_input_stream_read_line_async (self->stdout_lines, G_PRIORITY_DEFAULT,
                                       self->cancellable, line_read_cb, self);
}

SwTestPeer *
sw_test_peer_newv (const char *const *argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  SwTestPeer *self;

  if (g_str_has_suffix (argv[0], ".py"))
    {
      const char *python = g_getenv ("SW_TEST_PYTHON");

      g_ptr_array_add (args, g_strdup (python != NULL ? python : "python3"));
      g_ptr_array_add (args, g_test_build_filename (G_TEST_DIST, "peers", argv[0], NULL));
    }
  else
    g_ptr_array_add (args, g_strdup (argv[0]));

  for (guint i = 1; argv[i] != NULL; i++)
    g_ptr_array_add (args, g_strdup (argv[i]));
  g_ptr_array_add (args, NULL);

  self = g_new0 (SwTestPeer, 1);
  self->name = g_strjoinv (" ", (char **) args->pdata);
  self->lines = g_ptr_array_new_with_free_func (g_free);
  self->transcript = g_string_new (NULL);
  self->cancellable = g_cancellable_new ();
  self->process = g_subprocess_newv ((const char *const *) args->pdata,
                                     G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                     G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_MERGE,
                                     &error);
  g_assert_no_error (error);

  self->stdin_pipe = g_object_ref (g_subprocess_get_stdin_pipe (self->process));
  self->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  read_next_line (self);

  g_debug ("started peer: %s", self->name);

  return self;
}

SwTestPeer *
sw_test_peer_new (const char *first_arg,
                  ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  return sw_test_peer_newv ((const char *const *) argv->pdata);
}

static gboolean
has_news (gpointer data)
{
  SwTestPeer *self = data;

  return self->lines->len > 0 || self->eof;
}

char *
sw_test_peer_expect (SwTestPeer *self,
                     const char *regex,
                     guint       timeout_ms)
{
  g_autoptr(GRegex) re = g_regex_new (regex, 0, 0, NULL);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  g_assert_nonnull (re);

  for (;;)
    {
      while (self->lines->len > 0)
        {
          g_autofree char *line = g_ptr_array_steal_index (self->lines, 0);
          g_autoptr(GMatchInfo) match = NULL;

          if (g_regex_match (re, line, 0, &match))
            return g_match_info_get_match_count (match) > 1
                   ? g_match_info_fetch (match, 1)
                   : g_match_info_fetch (match, 0);
        }

      if (self->eof)
        g_error ("Peer “%s” ended without printing /%s/; it printed:\n%s",
                 self->name, regex, self->transcript->str);
      if (!iterate_until (has_news, self, deadline))
        g_error ("Timed out after %u ms waiting for /%s/ from peer “%s”; it printed:\n%s",
                 timeout_ms, regex, self->name, self->transcript->str);
    }
}

guint16
sw_test_peer_expect_port (SwTestPeer *self,
                          const char *regex)
{
  g_autofree char *port = sw_test_peer_expect (self, regex, 20000);
  guint64 value = 0;

  g_assert_true (g_ascii_string_to_unsigned (port, 10, 1, 65535, &value, NULL));

  return value;
}

void
sw_test_peer_write (SwTestPeer *self,
                    const void *data,
                    gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (self->stdin_pipe, data, length, NULL, NULL, &error);
  g_assert_no_error (error);
}

void
sw_test_peer_close_stdin (SwTestPeer *self)
{
  g_output_stream_close (self->stdin_pipe, NULL, NULL);
}

static void
peer_exited_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SwTestPeer *self = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  self->exited = TRUE;
}

static gboolean
peer_has_exited (gpointer data)
{
  return ((SwTestPeer *) data)->exited;
}

int
sw_test_peer_wait_exit (SwTestPeer *self,
                        guint       timeout_ms)
{
  if (!self->exited)
    {
      g_subprocess_wait_async (self->process, NULL, peer_exited_cb, self);
      sw_test_wait (peer_has_exited, self, timeout_ms, self->name);
    }

  return g_subprocess_get_if_exited (self->process)
         ? g_subprocess_get_exit_status (self->process)
         : -1;
}

void
sw_test_peer_free (SwTestPeer *self)
{
  if (self == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  /* The cancelled read still calls back, with self. */
  while (self->reading)
    g_main_context_iteration (NULL, TRUE);
  if (!self->exited)
    {
      g_subprocess_force_exit (self->process);
      g_subprocess_wait (self->process, NULL, NULL);
    }

  g_clear_object (&self->stdin_pipe);
  g_clear_object (&self->stdout_lines);
  g_clear_object (&self->process);
  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->lines);
  g_string_free (self->transcript, TRUE);
  g_free (self->name);
  g_free (self);
}

void
sw_test_append_escaped (GString      *out,
                        const guint8 *data,
                        gsize         length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '\n')
        g_string_append (out, "\\n");
      else if (data[i] == '\r')
        g_string_append (out, "\\r");
      else if (data[i] >= 0x20 && data[i] < 0x7F && data[i] != '\\' && data[i] != '|')
        g_string_append_c (out, data[i]);
      else
        g_string_append_printf (out, "\\x%02X", data[i]);
    }
}

SwTestPeer *
sw_test_start_modbus_device (guint16 *port)
{
  g_autofree char *script = NULL;
  SwTestPeer *device;

  if (!g_file_test ("/usr/lib/python3/dist-packages/pymodbus", G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("pymodbus (Debian python3-pymodbus) is not installed");
      return NULL;
    }

  /* Debian's python3, which has it. */
  script = g_test_build_filename (G_TEST_DIST, "peers", "modbus_device.py", NULL);
  device = sw_test_peer_new ("/usr/bin/python3", script, NULL);
  *port = sw_test_peer_expect_port (device, "^PORT (\\d+)");

  return device;
}
