/* test-sequence.c: sequences, their file, and runs against real peers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sw-library-document-private.h"
#include "sw-sequence-runner.h"
#include "sw-tcp-client.h"
#include "sw-test-util.h"
#include "sw-udp-peer.h"

#define TIMEOUT_MS 20000

/* The model and its file */

static SwSequence *
full_sequence (void)
{
  SwSequence *sequence = sw_sequence_new ("Login");
  g_autoptr(SwSequenceStep) send = sw_sequence_step_new_send_message ("Hello");
  g_autoptr(SwSequenceStep) inline_send = sw_sequence_step_new_send_text ("01 03 00 00 00 02",
                                                                         SW_PAYLOAD_FORMAT_HEX);
  g_autoptr(SwSequenceStep) expect = sw_sequence_step_new_expect (SW_MATCH_KIND_REGEX, "^VALUE (\\d+)$", 1500);
  g_autoptr(SwSequenceStep) wait = sw_sequence_step_new_wait (250);
  g_autoptr(SwSequenceStep) repeat = sw_sequence_step_new_repeat (3, "Again");
  SwMessage *payload = sw_sequence_step_get_payload (inline_send);

  sw_sequence_set_note (sequence, "log in, read, check");
  sw_sequence_step_set_name (inline_send, "Again");
  sw_message_set_checksum (payload, "crc16-modbus");
  sw_message_set_checksum_byte_order (payload, "little");
  sw_sequence_step_set_name (expect, "Check");
  sw_sequence_step_set_encoding (expect, SW_ENCODING_GB18030);
  sw_sequence_step_set_on_unmet (expect, SW_UNMET_ACTION_GO_TO);
  sw_sequence_step_set_go_to (expect, "Again");

  sw_sequence_append (sequence, send);
  sw_sequence_append (sequence, inline_send);
  sw_sequence_append (sequence, expect);
  sw_sequence_append (sequence, wait);
  sw_sequence_append (sequence, repeat);

  return sequence;
}

static void
test_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sw-sequence-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "library.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SwMessageLibrary) library = sw_message_library_new (file);
  g_autoptr(SwMessageLibrary) reloaded = sw_message_library_new (file);
  g_autoptr(SwSequence) sequence = full_sequence ();
  g_autoptr(SwSequence) copy = NULL;
  g_autoptr(SwMessage) hello = sw_message_new ("Hello");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  SwSequence *found;

  sw_message_library_add (library, hello);
  sw_message_library_add_sequence (library, sequence);
  g_assert_true (sw_message_library_save (library, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (sw_message_library_get_modified (library));

  /* An edit of a step makes the library modified. */
  sw_sequence_step_set_timeout (sw_sequence_get_step (sequence, 2), 1600);
  g_assert_true (sw_message_library_get_modified (library));
  g_assert_true (sw_message_library_save (library, NULL, &error));

  g_assert_true (sw_message_library_load (reloaded, NULL, &error));
  g_assert_no_error (error);
  found = sw_message_library_find_sequence (reloaded, "Login", NULL);
  g_assert_nonnull (found);
  g_assert_true (sw_sequence_equal (found, sequence));
  g_assert_cmpuint (sw_sequence_step_get_timeout (sw_sequence_get_step (found, 2)), ==, 1600);
  g_assert_cmpstr (sw_message_get_checksum (sw_sequence_step_get_payload (sw_sequence_get_step (found, 1))),
                   ==, "crc16-modbus");
  g_assert_cmpint (sw_sequence_step_get_encoding (sw_sequence_get_step (found, 2)), ==, SW_ENCODING_GB18030);

  /* The file says it plainly. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"kind\" : \"expect\""));
  g_assert_nonnull (strstr (contents, "\"on-unmet\" : \"go-to\""));
  g_assert_nonnull (strstr (contents, "\"repeat-from\" : \"Again\""));

  /* A copy is equal, and a change makes it differ. */
  copy = sw_sequence_copy (sequence);
  g_assert_true (sw_sequence_equal (copy, sequence));
  sw_message_set_text (sw_sequence_step_get_payload (sw_sequence_get_step (copy, 1)), "01");
  g_assert_false (sw_sequence_equal (copy, sequence));

  /* Names stay unique. */
  sw_message_library_add_sequence (library, copy);
  g_assert_cmpstr (sw_sequence_get_name (copy), ==, "Login (2)");
  sw_message_library_remove_sequence (library, 1);
  g_assert_cmpuint (g_list_model_get_n_items (sw_message_library_get_sequences (library)), ==, 1);

  g_assert_true (g_file_delete (file, NULL, NULL));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_unknown_keys (void)
{
  const char *text =
    "{ \"format\": \"socket-workbench-library\", \"version\": 1, \"colour\": 3,\n"
    "  \"sequences\": [ { \"name\": \"S\", \"icon\": \"x\", \"steps\": [\n"
    "    { \"kind\": \"wait\", \"duration\": 10, \"jitter\": 5 },\n"
    "    { \"kind\": \"expect\" } ] } ] }";
  g_autoptr(SwLibraryDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  SwSequence *sequence;
  SwSequenceStep *expect;

  document = _sw_library_document_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (document->sequences->len, ==, 1);
  sequence = g_ptr_array_index (document->sequences, 0);
  g_assert_cmpuint (sw_sequence_get_n_steps (sequence), ==, 2);
  g_assert_cmpuint (sw_sequence_step_get_duration (sw_sequence_get_step (sequence, 0)), ==, 10);

  /* Defaults for what is not there. */
  expect = sw_sequence_get_step (sequence, 1);
  g_assert_cmpint (sw_sequence_step_get_match_kind (expect), ==, SW_MATCH_KIND_CONTAINS);
  g_assert_cmpuint (sw_sequence_step_get_timeout (expect), ==, SW_STEP_DEFAULT_TIMEOUT_MS);
  g_assert_cmpint (sw_sequence_step_get_on_unmet (expect), ==, SW_UNMET_ACTION_STOP);
}

static void
test_load_errors (void)
{
  static const struct {
    const char *sequences;
    const char *message;
  } cases[] = {
    { "[ 3 ]", "Sequence 1 is not a sequence" },
    { "[ { \"steps\": [] } ]", "Sequence 1 has no name" },
    { "[ { \"name\": \"S\", \"steps\": {} } ]", "Sequence 1 (“S”): “steps” must be a list" },
    { "[ { \"name\": \"S\", \"steps\": [ 1 ] } ]", "Sequence 1 (“S”), step 1 is not a step" },
    { "[ { \"name\": \"S\", \"steps\": [ {} ] } ]", "Sequence 1 (“S”), step 1 has no “kind”" },
    { "[ { \"name\": \"S\", \"steps\": [ { \"kind\": \"jump\" } ] } ]",
      "Sequence 1 (“S”), step 1: “kind” must be “send”, “expect”, “wait”, “repeat”, not “jump”" },
    { "[ { \"name\": \"S\", \"steps\": [ { \"kind\": \"wait\", \"duration\": -1 } ] } ]",
      "Sequence 1 (“S”), step 1: “duration” must be a whole number from 0 to 86400000" },
    { "[ { \"name\": \"S\", \"steps\": [ { \"kind\": \"repeat\", \"count\": 0 } ] } ]",
      "Sequence 1 (“S”), step 1: “count” must be a whole number from 1 to 1000000" },
    { "[ { \"name\": \"S\", \"steps\": [ { \"kind\": \"expect\", \"match-kind\": \"glob\" } ] } ]",
      "“match-kind” must be “contains”" },
    { "[ { \"name\": \"S\", \"steps\": [ { \"kind\": \"expect\", \"on-unmet\": \"retry\" } ] } ]",
      "“on-unmet” must be “stop”, “continue”, “go-to”" },
    { "[ { \"name\": \"S\", \"steps\": [ { \"kind\": \"send\", \"payload\": { \"format\": \"b64\" } } ] } ]",
      "Sequence 1 (“S”), step 1: “format” must be" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{ \"format\": \"socket-workbench-library\", "
                                               "\"version\": 1, \"sequences\": %s }",
                                               cases[i].sequences);
      g_autoptr(SwLibraryDocument) document = NULL;
      g_autoptr(GError) error = NULL;

      document = _sw_library_document_parse (text, strlen (text), &error);
      g_assert_null (document);
      g_assert_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not contain “%s”", i, error->message, cases[i].message);
    }
}

static void
assert_invalid (SwSequence       *sequence,
                SwMessageLibrary *library,
                int               code,
                const char       *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sw_sequence_validate (sequence, library, &error));
  g_assert_error (error, SW_SEQUENCE_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_validate (void)
{
  g_autoptr(SwMessageLibrary) library = sw_message_library_new (NULL);
  g_autoptr(SwMessage) hello = sw_message_new ("Hello");
  g_autoptr(SwSequence) sequence = sw_sequence_new ("S");
  g_autoptr(SwSequenceStep) send = sw_sequence_step_new_send_message ("Goodbye");
  g_autoptr(SwSequenceStep) expect = sw_sequence_step_new_expect (SW_MATCH_KIND_REGEX, "VALUE (\\d+", 100);
  g_autoptr(SwSequenceStep) repeat = sw_sequence_step_new_repeat (2, "Later");
  g_autoptr(SwSequenceStep) later = sw_sequence_step_new_wait (1);
  g_autoptr(GError) error = NULL;

  sw_message_library_add (library, hello);
  sw_sequence_append (sequence, send);
  sw_sequence_append (sequence, expect);
  sw_sequence_append (sequence, repeat);
  sw_sequence_append (sequence, later);

  assert_invalid (sequence, library, SW_SEQUENCE_ERROR_UNKNOWN_MESSAGE,
                  "Step 1 sends the message “Goodbye”, which is not in the library");
  sw_sequence_step_set_message (send, "Hello");
  assert_invalid (sequence, NULL, SW_SEQUENCE_ERROR_UNKNOWN_MESSAGE,
                  "Step 1 sends the message “Hello”, which is not in the library");

  assert_invalid (sequence, library, SW_SEQUENCE_ERROR_INVALID_PATTERN,
                  "Step 2: Invalid regular expression at column 11: missing closing parenthesis");
  sw_sequence_step_set_match_kind (expect, SW_MATCH_KIND_HEX);
  sw_sequence_step_set_pattern (expect, "56 4G");
  assert_invalid (sequence, library, SW_SEQUENCE_ERROR_INVALID_PATTERN,
                  "Step 2: Pattern: Invalid hex digit “G” at column 5");
  sw_sequence_step_set_pattern (expect, "56 ??");

  sw_sequence_step_set_on_unmet (expect, SW_UNMET_ACTION_GO_TO);
  assert_invalid (sequence, library, SW_SEQUENCE_ERROR_UNKNOWN_STEP,
                  "Step 2 goes to another step when it is not met, but does not say which: "
                  "give the step a name and choose it");
  sw_sequence_step_set_go_to (expect, "Nowhere");
  assert_invalid (sequence, library, SW_SEQUENCE_ERROR_UNKNOWN_STEP,
                  "Step 2 goes to the step “Nowhere”, but no step has that name");
  sw_sequence_step_set_on_unmet (expect, SW_UNMET_ACTION_STOP);

  assert_invalid (sequence, library, SW_SEQUENCE_ERROR_UNKNOWN_STEP,
                  "Step 3 repeats from the step “Later”, but no step has that name");
  sw_sequence_step_set_name (later, "Later");
  assert_invalid (sequence, library, SW_SEQUENCE_ERROR_UNKNOWN_STEP,
                  "Step 3 repeats from the step “Later”, which does not come before it");
  sw_sequence_step_set_repeat_from (repeat, "");

  /* A goto may go anywhere, forwards too. */
  sw_sequence_step_set_on_unmet (expect, SW_UNMET_ACTION_GO_TO);
  sw_sequence_step_set_go_to (expect, "Later");
  sw_sequence_step_set_name (send, "Later");
  assert_invalid (sequence, library, SW_SEQUENCE_ERROR_DUPLICATE_STEP,
                  "Steps 1 and 4 are both called “Later”: give each step its own name");
  sw_sequence_step_set_name (send, "");

  sw_message_set_format (hello, SW_PAYLOAD_FORMAT_HEX);
  sw_message_set_text (hello, "0x");
  assert_invalid (sequence, library, SW_SEQUENCE_ERROR_INVALID_MESSAGE,
                  "Step 1: the message “Hello” cannot be sent: No hex digits after “0x” at column 1: "
                  "write bytes like 0x0A");
  sw_message_set_text (hello, "01");
  sw_message_set_checksum (hello, "crc99");
  assert_invalid (sequence, library, SW_SEQUENCE_ERROR_INVALID_MESSAGE,
                  "Step 1: the message “Hello” cannot be sent: The checksum “crc99” is not one "
                  "this version knows");
  sw_message_set_checksum (hello, "none");

  g_assert_true (sw_sequence_validate (sequence, library, &error));
  g_assert_no_error (error);
}

/* Runs against real peers */

typedef struct
{
  SwTestPeer       *peer;
  SwTcpClient      *client;
  SwFraming        *framing;
  SwSequenceRunner *runner;
  SwMessageLibrary *library;
  GPtrArray        *events;   /* "2:passed" … */
} Device;

static void
on_step_changed (SwSequenceRunner *runner,
                 SwStepResult     *result,
                 GPtrArray        *events)
{
  static const char *const states[] = { "pending", "running", "passed", "failed" };

  g_ptr_array_add (events, g_strdup_printf ("%u:%s", sw_step_result_get_position (result) + 1,
                                            states[sw_step_result_get_state (result)]));
}

static void
device_set_up (Device     *device,
               const char *greet)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSocketConnectable) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwMessage) login = sw_message_new ("Login");
  guint16 port;

  device->peer = sw_test_peer_new ("device_server.py", "--greet", greet, NULL);
  port = sw_test_peer_expect_port (device->peer, "^PORT (\\d+)");

  device->framing = sw_framing_new ();
  sw_framing_set_mode (device->framing, SW_FRAMING_MODE_DELIMITER);
  sw_framing_set_delimiter (device->framing, "\\r\\n");
  sw_framing_set_keep_delimiter (device->framing, FALSE);

  device->client = sw_tcp_client_new (NULL);
  /* Made before connecting: it sees the greeting. */
  device->runner = sw_sequence_runner_new (SW_ENGINE (device->client), device->framing, NULL);
  device->events = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (device->runner, "step-changed", G_CALLBACK (on_step_changed), device->events);

  address = g_network_address_new ("127.0.0.1", port);
  sw_tcp_client_connect_async (device->client, address, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "connected");
  g_assert_true (sw_tcp_client_connect_finish (device->client, result, &error));
  g_assert_no_error (error);

  device->library = sw_message_library_new (NULL);
  sw_message_set_text (login, "LOGIN admin");
  sw_message_set_line_ending (login, SW_LINE_ENDING_CRLF);
  sw_message_library_add (device->library, login);
}

static void
device_tear_down (Device *device)
{
  g_clear_pointer (&device->events, g_ptr_array_unref);
  g_clear_object (&device->runner);
  sw_engine_stop (SW_ENGINE (device->client));
  g_clear_object (&device->client);
  g_clear_object (&device->framing);
  g_clear_object (&device->library);
  g_clear_pointer (&device->peer, sw_test_peer_free);
}

static gboolean
run (Device      *device,
     SwSequence  *sequence,
     GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sw_sequence_runner_run_async (device->runner, sequence, device->library, NULL,
                                sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the run");
  g_assert_false (sw_sequence_runner_get_running (device->runner));

  return sw_sequence_runner_run_finish (device->runner, result, error);
}

static SwStepResult *
result_at (Device *device,
           guint   position)
{
  g_autoptr(SwStepResult) result = g_list_model_get_item (sw_sequence_runner_get_results (device->runner),
                                                          position);

  return result;
}

static void
add_step (SwSequence     *sequence,
          SwSequenceStep *step)
{
  sw_sequence_append (sequence, step);
  g_object_unref (step);
}

static SwSequenceStep *
send_line (const char *line)
{
  g_autofree char *text = g_strconcat (line, "\\r\\n", NULL);

  return sw_sequence_step_new_send_text (text, SW_PAYLOAD_FORMAT_TEXT);
}

static char *
events_text (GPtrArray *events)
{
  g_ptr_array_add (events, NULL);
  {
    char *text = g_strjoinv (" ", (char **) events->pdata);

    g_ptr_array_set_size (events, events->len - 1);
    return text;
  }
}

/* Login → query → check the answer, and the greeting that came first. */
static void
test_run_pass (void)
{
  Device device = { NULL };
  g_autoptr(SwSequence) sequence = sw_sequence_new ("Query");
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;
  g_autofree char *line = NULL;

  device_set_up (&device, "WELCOME");
  add_step (sequence, sw_sequence_step_new_expect (SW_MATCH_KIND_STARTS_WITH, "WELCOME", 5000));
  add_step (sequence, sw_sequence_step_new_send_message ("Login"));
  add_step (sequence, sw_sequence_step_new_expect (SW_MATCH_KIND_EXACT, "LOGIN ok", 5000));
  add_step (sequence, send_line ("GET"));
  add_step (sequence, sw_sequence_step_new_expect (SW_MATCH_KIND_REGEX, "^VALUE \\d+$", 5000));
  add_step (sequence, sw_sequence_step_new_expect (SW_MATCH_KIND_HEX, "", 0));
  sw_sequence_remove (sequence, 5);

  g_assert_true (run (&device, sequence, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sw_sequence_runner_get_result (device.runner), ==, SW_RUN_RESULT_PASSED);
  g_assert_cmpuint (sw_sequence_runner_get_steps_run (device.runner), ==, 5);
  g_assert_cmpint (sw_sequence_runner_get_duration (device.runner), >, 0);

  events = events_text (device.events);
  g_assert_cmpstr (events, ==, "1:running 1:passed 2:running 2:passed 3:running 3:passed "
                               "4:running 4:passed 5:running 5:passed");
  g_assert_cmpstr (sw_step_result_get_frame_text (result_at (&device, 0)), ==, "WELCOME");
  g_assert_cmpstr (sw_step_result_get_frame_text (result_at (&device, 1)), ==, "LOGIN admin\\r\\n");
  g_assert_cmpstr (sw_step_result_get_reason (result_at (&device, 1)), ==, "Sent 13 bytes");
  g_assert_cmpstr (sw_step_result_get_frame_text (result_at (&device, 4)), ==, "VALUE 42");
  g_assert_cmpstr (sw_step_result_get_frame_hex (result_at (&device, 4)), ==, "56 41 4C 55 45 20 34 32");
  g_assert_cmpstr (sw_step_result_get_reason (result_at (&device, 4)), ==, "A frame matched");

  /* The peer got what the sequence sent, and the log has it. */
  line = sw_test_peer_expect (device.peer, "^LINE (LOGIN.*)$", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, "LOGIN admin");
  g_assert_cmpuint (sw_engine_get_packets_sent (SW_ENGINE (device.client)), ==, 2);

  device_tear_down (&device);
}

static void
test_run_timeout_and_mismatch (void)
{
  Device device = { NULL };
  g_autoptr(SwSequence) quiet = sw_sequence_new ("Quiet");
  g_autoptr(SwSequence) wrong = sw_sequence_new ("Wrong");
  g_autoptr(GError) error = NULL;
  SwStepResult *result;

  device_set_up (&device, "");

  /* Nothing comes. */
  add_step (quiet, send_line ("QUIET"));
  add_step (quiet, sw_sequence_step_new_expect (SW_MATCH_KIND_CONTAINS, "x", 300));
  add_step (quiet, send_line ("NEVER"));
  g_assert_false (run (&device, quiet, &error));
  g_assert_error (error, SW_SEQUENCE_ERROR, SW_SEQUENCE_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "Step 2 failed: Nothing arrived within 300 milliseconds");
  g_clear_error (&error);
  result = result_at (&device, 1);
  g_assert_cmpint (sw_step_result_get_state (result), ==, SW_STEP_STATE_FAILED);
  g_assert_cmpint (sw_step_result_get_failure (result), ==, SW_STEP_FAILURE_TIMEOUT);
  g_assert_null (sw_step_result_get_frame (result));
  g_assert_cmpint (sw_step_result_get_state (result_at (&device, 2)), ==, SW_STEP_STATE_PENDING);
  g_assert_cmpint (sw_sequence_runner_get_result (device.runner), ==, SW_RUN_RESULT_FAILED);
  g_assert_cmpint (sw_sequence_runner_get_duration (device.runner), >=, 300 * 1000);

  /* Something else comes: it is shown. */
  add_step (wrong, send_line ("GET BAD"));
  add_step (wrong, sw_sequence_step_new_expect (SW_MATCH_KIND_EXACT, "VALUE 42", 500));
  g_assert_false (run (&device, wrong, &error));
  g_assert_error (error, SW_SEQUENCE_ERROR, SW_SEQUENCE_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "Step 2 failed: 1 frame arrived, but it did not match");
  result = result_at (&device, 1);
  g_assert_cmpint (sw_step_result_get_failure (result), ==, SW_STEP_FAILURE_MISMATCH);
  g_assert_cmpstr (sw_step_result_get_frame_text (result), ==, "VALUE 41");
  g_assert_cmpstr (sw_step_result_get_frame_hex (result), ==, "56 41 4C 55 45 20 34 31");

  device_tear_down (&device);
}

/* go to a named step, continue, and the steps a jump passes over. */
static void
test_run_branch (void)
{
  Device device = { NULL };
  g_autoptr(SwSequence) sequence = sw_sequence_new ("Branch");
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  SwSequenceStep *check;
  SwSequenceStep *optional;
  SwSequenceStep *retry;

  device_set_up (&device, "");
  add_step (sequence, send_line ("GET BAD"));
  check = sw_sequence_step_new_expect (SW_MATCH_KIND_EXACT, "VALUE 42", 300);
  sw_sequence_step_set_name (check, "Check");
  sw_sequence_step_set_on_unmet (check, SW_UNMET_ACTION_GO_TO);
  sw_sequence_step_set_go_to (check, "Retry");
  add_step (sequence, check);
  add_step (sequence, send_line ("SKIPPED"));
  retry = send_line ("GET");
  sw_sequence_step_set_name (retry, "Retry");
  add_step (sequence, retry);
  add_step (sequence, sw_sequence_step_new_expect (SW_MATCH_KIND_EXACT, "VALUE 42", 5000));
  optional = sw_sequence_step_new_expect (SW_MATCH_KIND_CONTAINS, "BONUS", 100);
  sw_sequence_step_set_on_unmet (optional, SW_UNMET_ACTION_CONTINUE);
  add_step (sequence, optional);
  add_step (sequence, send_line ("DONE"));

  /* Failures that the sequence handles leave the run passed. */
  g_assert_true (run (&device, sequence, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sw_step_result_get_state (result_at (&device, 1)), ==, SW_STEP_STATE_FAILED);
  g_assert_cmpstr (sw_step_result_get_frame_text (result_at (&device, 1)), ==, "VALUE 41");
  g_assert_cmpint (sw_step_result_get_state (result_at (&device, 2)), ==, SW_STEP_STATE_PENDING);
  g_assert_cmpuint (sw_step_result_get_runs (result_at (&device, 2)), ==, 0);
  g_assert_cmpint (sw_step_result_get_state (result_at (&device, 4)), ==, SW_STEP_STATE_PASSED);
  g_assert_cmpint (sw_step_result_get_state (result_at (&device, 5)), ==, SW_STEP_STATE_FAILED);
  g_assert_cmpint (sw_step_result_get_failure (result_at (&device, 5)), ==, SW_STEP_FAILURE_TIMEOUT);
  g_assert_cmpint (sw_step_result_get_state (result_at (&device, 6)), ==, SW_STEP_STATE_PASSED);

  line = sw_test_peer_expect (device.peer, "^LINE (GET BAD)$", TIMEOUT_MS);
  g_clear_pointer (&line, g_free);
  line = sw_test_peer_expect (device.peer, "^LINE (.*)$", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, "GET");
  g_clear_pointer (&line, g_free);
  line = sw_test_peer_expect (device.peer, "^LINE (.*)$", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, "DONE");

  device_tear_down (&device);
}

/* {{counter}} moves on at every send; nested repeats. */
static void
test_run_repeat (void)
{
  Device device = { NULL };
  g_autoptr(SwSequence) sequence = sw_sequence_new ("Repeat");
  g_autoptr(GError) error = NULL;
  SwSequenceStep *ping = send_line ("PING {{counter}}");
  SwSequenceStep *outer = sw_sequence_step_new_send_message ("Login");

  device_set_up (&device, "");
  sw_sequence_step_set_name (outer, "Outer");
  add_step (sequence, outer);
  add_step (sequence, sw_sequence_step_new_expect (SW_MATCH_KIND_EXACT, "LOGIN ok", 5000));
  sw_sequence_step_set_name (ping, "Ping");
  sw_message_set_placeholders (sw_sequence_step_get_payload (ping), TRUE);
  add_step (sequence, ping);
  add_step (sequence, sw_sequence_step_new_expect (SW_MATCH_KIND_STARTS_WITH, "ECHO PING", 5000));
  add_step (sequence, sw_sequence_step_new_repeat (3, "Ping"));
  add_step (sequence, sw_sequence_step_new_repeat (2, NULL));

  g_assert_true (run (&device, sequence, &error));
  g_assert_no_error (error);
  /* (2 + 3 × 2 + 3 repeats) × 2, and the outer repeat twice. */
  g_assert_cmpuint (sw_sequence_runner_get_steps_run (device.runner), ==, 2 * (2 + 3 * 3) + 2);
  g_assert_cmpuint (sw_step_result_get_runs (result_at (&device, 2)), ==, 6);
  g_assert_cmpstr (sw_step_result_get_reason (result_at (&device, 4)), ==, "Ran the steps from step 3 3 times");

  for (guint i = 1; i <= 6; i++)
    {
      g_autofree char *expected = g_strdup_printf ("PING %u", i);
      g_autofree char *line = sw_test_peer_expect (device.peer, "^LINE (PING.*)$", TIMEOUT_MS);

      g_assert_cmpstr (line, ==, expected);
    }

  device_tear_down (&device);
}

static void
test_run_wait_and_cancel (void)
{
  Device device = { NULL };
  g_autoptr(SwSequence) sequence = sw_sequence_new ("Wait");
  g_autoptr(SwSequence) slow = sw_sequence_new ("Slow");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  device_set_up (&device, "");
  add_step (sequence, sw_sequence_step_new_wait (200));
  g_assert_true (run (&device, sequence, &error));
  g_assert_cmpint (sw_sequence_runner_get_duration (device.runner), >=, 200 * 1000);
  g_assert_cmpstr (sw_step_result_get_reason (result_at (&device, 0)), ==, "Waited 200 milliseconds");

  add_step (slow, send_line ("QUIET"));
  add_step (slow, sw_sequence_step_new_expect (SW_MATCH_KIND_CONTAINS, "never", 60000));
  sw_sequence_runner_run_async (device.runner, slow, NULL, cancellable, sw_test_store_result, &result);
  sw_test_run_for (100);
  g_assert_true (sw_sequence_runner_get_running (device.runner));
  g_cancellable_cancel (cancellable);
  sw_test_wait_result (&result, TIMEOUT_MS, "the stopped run");
  g_assert_false (sw_sequence_runner_run_finish (device.runner, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (sw_sequence_runner_get_result (device.runner), ==, SW_RUN_RESULT_CANCELLED);
  g_assert_cmpint (sw_step_result_get_failure (result_at (&device, 1)), ==, SW_STEP_FAILURE_CANCELLED);
  g_assert_cmpint (sw_sequence_runner_get_duration (device.runner), <, 10 * G_USEC_PER_SEC);

  device_tear_down (&device);
}

/* A "go to" that loops forever ends at the step budget. */
static void
test_run_budget (void)
{
  Device device = { NULL };
  g_autoptr(SwSequence) sequence = sw_sequence_new ("Loop");
  g_autoptr(GError) error = NULL;
  SwSequenceStep *loop = sw_sequence_step_new_expect (SW_MATCH_KIND_CONTAINS, "never", 0);

  device_set_up (&device, "");
  sw_sequence_step_set_name (loop, "Loop");
  sw_sequence_step_set_on_unmet (loop, SW_UNMET_ACTION_GO_TO);
  sw_sequence_step_set_go_to (loop, "Loop");
  add_step (sequence, loop);
  g_signal_handlers_disconnect_by_data (device.runner, device.events);

  g_assert_false (run (&device, sequence, &error));
  g_assert_error (error, SW_SEQUENCE_ERROR, SW_SEQUENCE_ERROR_STEP_BUDGET);
  g_assert_nonnull (strstr (error->message, "over 100000 steps"));
  g_assert_cmpuint (sw_sequence_runner_get_steps_run (device.runner), ==, SW_SEQUENCE_STEP_BUDGET);
  g_assert_cmpint (sw_step_result_get_failure (result_at (&device, 0)), ==, SW_STEP_FAILURE_BUDGET);

  device_tear_down (&device);
}

/* The peer closes: the run fails there. */
static void
test_run_closed (void)
{
  Device device = { NULL };
  g_autoptr(SwSequence) sequence = sw_sequence_new ("Bye");
  g_autoptr(GError) error = NULL;

  device_set_up (&device, "");
  add_step (sequence, send_line ("BYE"));
  add_step (sequence, sw_sequence_step_new_expect (SW_MATCH_KIND_CONTAINS, "x", 10000));
  g_assert_false (run (&device, sequence, &error));
  g_assert_error (error, SW_SEQUENCE_ERROR, SW_SEQUENCE_ERROR_NOT_CONNECTED);
  g_assert_cmpint (sw_step_result_get_failure (result_at (&device, 1)), ==, SW_STEP_FAILURE_CLOSED);
  g_clear_error (&error);

  /* Not connected: nothing runs. */
  g_assert_false (run (&device, sequence, &error));
  g_assert_error (error, SW_SEQUENCE_ERROR, SW_SEQUENCE_ERROR_NOT_CONNECTED);

  device_tear_down (&device);
}

/* Each datagram is a frame. */
static void
test_run_udp (void)
{
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("udp_peer.py", "echo", NULL);
  g_autoptr(SwUdpPeer) udp = sw_udp_peer_new (NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketConnectable) remote = NULL;
  g_autoptr(SwSequenceRunner) runner = NULL;
  g_autoptr(SwSequence) sequence = sw_sequence_new ("UDP");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");

  g_assert_true (sw_udp_peer_bind (udp, loopback, 0, &error));
  remote = g_network_address_new ("127.0.0.1", port);
  sw_udp_peer_set_remote (udp, remote);
  runner = sw_sequence_runner_new (SW_ENGINE (udp), NULL, NULL);

  add_step (sequence, sw_sequence_step_new_send_text ("01 02 0D 0A", SW_PAYLOAD_FORMAT_HEX));
  add_step (sequence, sw_sequence_step_new_expect (SW_MATCH_KIND_HEX, "01 ?? 0D 0A", 5000));
  add_step (sequence, sw_sequence_step_new_send_text ("hello", SW_PAYLOAD_FORMAT_TEXT));
  add_step (sequence, sw_sequence_step_new_expect (SW_MATCH_KIND_EXACT, "hello", 5000));

  sw_sequence_runner_run_async (runner, sequence, NULL, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the UDP run");
  g_assert_true (sw_sequence_runner_run_finish (runner, result, &error));
  g_assert_no_error (error);
  {
    g_autoptr(SwStepResult) step = g_list_model_get_item (sw_sequence_runner_get_results (runner), 1);

    g_assert_cmpstr (sw_step_result_get_frame_hex (step), ==, "01 02 0D 0A");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/sequence/round-trip", test_round_trip);
  g_test_add_func ("/sw/sequence/unknown-keys", test_unknown_keys);
  g_test_add_func ("/sw/sequence/load-errors", test_load_errors);
  g_test_add_func ("/sw/sequence/validate", test_validate);
  g_test_add_func ("/sw/sequence/run/pass", test_run_pass);
  g_test_add_func ("/sw/sequence/run/timeout-and-mismatch", test_run_timeout_and_mismatch);
  g_test_add_func ("/sw/sequence/run/branch", test_run_branch);
  g_test_add_func ("/sw/sequence/run/repeat", test_run_repeat);
  g_test_add_func ("/sw/sequence/run/wait-and-cancel", test_run_wait_and_cancel);
  g_test_add_func ("/sw/sequence/run/budget", test_run_budget);
  g_test_add_func ("/sw/sequence/run/closed", test_run_closed);
  g_test_add_func ("/sw/sequence/run/udp", test_run_udp);

  return g_test_run ();
}
