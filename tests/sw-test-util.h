/* sw-test-util.h: waits with deadlines, and real peers as subprocesses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-relay.h"
#include "sw-traffic-log.h"

G_BEGIN_DECLS

typedef gboolean (*SwTestCondition) (gpointer data);

/* Iterates the thread-default main context until @condition holds;
 * fails the test naming @what after @timeout_ms. */
void        sw_test_wait                 (SwTestCondition   condition,
                                          gpointer          data,
                                          guint             timeout_ms,
                                          const char       *what);
/* The same without failing: whether @condition held in time. */
gboolean    sw_test_run_until            (SwTestCondition   condition,
                                          gpointer          data,
                                          guint             timeout_ms);
/* Waits until *@result is set (by a GAsyncReadyCallback that stores it). */
void        sw_test_wait_result          (GAsyncResult    **result,
                                          guint             timeout_ms,
                                          const char       *what);
/* Waits until @array holds at least @n items. */
void        sw_test_wait_length          (GPtrArray        *array,
                                          guint             n,
                                          guint             timeout_ms,
                                          const char       *what);
/* A loopback port of @family that nothing uses: a socket of @type bound
 * to it is closed on return. 0 where @family has no loopback (IPv6 off). */
guint16     sw_test_free_loopback_port   (GSocketFamily     family,
                                          GSocketType       type);
/* A relay of @transport from a free port of 127.0.0.1 to 127.0.0.1:
 * @upstream_port, started (it fails the test when it cannot start). */
SwRelay    *sw_test_relay_new_started    (SwTransport       transport,
                                          guint16           upstream_port);
/* The same, logging into @log (%NULL: a log of its own). */
SwRelay    *sw_test_relay_new_started_full (SwTrafficLog   *log,
                                            SwTransport     transport,
                                            guint16         upstream_port);
/* Opens a connection of @transport in @log between the two addresses
 * (numeric hosts), named after the remote one as the engines name it. */
guint       sw_test_log_open_connection  (SwTrafficLog     *log,
                                          SwTransport       transport,
                                          const char       *local,
                                          guint16           local_port,
                                          const char       *remote,
                                          guint16           remote_port);
/* The texts of the events @log holds, a line each. */
char       *sw_test_log_events           (SwTrafficLog     *log);
/* Waits until @log has received @records records in all. */
void        sw_test_wait_received        (SwTrafficLog     *log,
                                          guint64           records,
                                          guint             timeout_ms);
/* A GAsyncReadyCallback storing a reference to the result in *user_data. */
void        sw_test_store_result         (GObject          *object,
                                          GAsyncResult     *result,
                                          gpointer          user_data);
/* Counts the notifications of each of the properties @names (%NULL
 * ended) of @object in @counts, for property contracts. */
void        sw_test_count_notifies       (gpointer          object,
                                          const char *const *names,
                                          guint            *counts);
/* Iterates for @ms, for "nothing more happens" checks. */
void        sw_test_run_for              (guint             ms);
/* A "notify" handler counting in the guint at @count. */
void        sw_test_count_notify         (GObject          *object,
                                          GParamSpec       *pspec,
                                          guint            *count);
/* The property contract: setting @property to the value it has notifies
 * nothing; setting @other notifies once, setting it again nothing, and
 * going back once more. @object ends with the value it had. */
void        sw_test_assert_property_contract (GObject      *object,
                                              const char   *property,
                                              const GValue *other);
/* Raises the soft limit of open files towards @wanted; returns the limit. */
guint       sw_test_raise_fd_limit       (guint             wanted);
/* Makes writes of this process fail (EFBIG, not a signal) past @bytes of
 * a file, as a full disk does; FALSE where that cannot be done. For a
 * g_test_trap_subprocess() child. */
gboolean    sw_test_limit_file_size      (guint64           bytes);
/* Removes @dir and the files in it. */
void        sw_test_remove_dir           (const char       *dir);
/* The names in @dir, sorted, joined by ", "; "" when it is empty. */
char       *sw_test_list_dir             (const char       *dir);
/* Fails the test unless @path holds exactly @contents. */
void        sw_test_assert_file          (const char       *path,
                                          const char       *contents);
/* A new folder holding a file @name with @old_contents, or nothing when
 * @old_contents is %NULL: where a write that must fail goes. Returns the
 * file's path; *@dir is the folder. */
char       *sw_test_make_target          (const char       *name,
                                          const char       *old_contents,
                                          char            **dir);
/* After a write into sw_test_make_target()'s folder failed: @name holds
 * @old_contents byte for byte (or is not there when %NULL) and nothing
 * else is there, no partial file and no temporary one. Removes both. */
void        sw_test_assert_target_untouched (const char    *dir,
                                             const char    *name,
                                             const char    *old_contents);
/* Runs the test again in a subprocess whose write of @name (its path in
 * the environment as SW_TEST_TARGET) must fail, into a folder made by
 * sw_test_make_target() (@old_contents: as it does); the subprocess
 * passes, and the folder is as sw_test_assert_target_untouched() wants
 * it. Skips the test where nothing can make a write fail. */
void        sw_test_trap_failed_write    (const char       *name,
                                          const char       *old_contents,
                                          guint             timeout_s);
/* Appends bytes readably: "abc\n" as "abc\\n", \r as "\\r", other
 * bytes outside printable ASCII (and "\\" and "|") as \xNN. */
void        sw_test_append_escaped       (GString          *out,
                                          const guint8     *data,
                                          gsize             length);

typedef struct _SwTestPeer SwTestPeer;

/* Starts a peer: a script of tests/peers (run by python3) when the first
 * argument ends in ".py", otherwise a program from PATH. */
SwTestPeer *sw_test_peer_new             (const char       *first_arg,
                                          ...) G_GNUC_NULL_TERMINATED;
SwTestPeer *sw_test_peer_newv            (const char *const *argv);
/* Waits for an output line matching @regex and returns its first group
 * (or the whole match). Lines are consumed in order. */
char       *sw_test_peer_expect          (SwTestPeer       *self,
                                          const char       *regex,
                                          guint             timeout_ms);
guint16     sw_test_peer_expect_port     (SwTestPeer       *self,
                                          const char       *regex);
void        sw_test_peer_write           (SwTestPeer       *self,
                                          const void       *data,
                                          gsize             length);
void        sw_test_peer_close_stdin     (SwTestPeer       *self);
/* Waits for the peer to exit and returns its exit status. */
int         sw_test_peer_wait_exit       (SwTestPeer       *self,
                                          guint             timeout_ms);
void        sw_test_peer_free            (SwTestPeer       *self);

/* A Modbus RTU device over TCP (pymodbus, tests/peers/modbus_device.py)
 * listening on *@port of 127.0.0.1; NULL, with the test skipped, when
 * Debian's python3-pymodbus is not installed. */
SwTestPeer *sw_test_start_modbus_device  (guint16          *port);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwTestPeer, sw_test_peer_free)

G_END_DECLS
