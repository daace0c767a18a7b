/* sw-headless.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-headless"

#include "config.h"

#include "sw-headless.h"

#include <glib/gi18n-lib.h>

#include "sw-endpoint.h"
#include "sw-sequence-runner.h"
#include "sw-tcp-client.h"
#include "sw-udp-peer.h"

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  GMainContext *context = g_main_context_get_thread_default ();

  while (wait->result == NULL)
    g_main_context_iteration (context, TRUE);

  return wait->result;
}

static int
bad_arguments (const char *message)
{
  /* Translators: %s says what is wrong with the command line */
  g_printerr (_("socket-workbench: %s\n"), message);

  return SW_HEADLESS_EXIT_BAD_ARGUMENTS;
}

/* "“A”, “B”" */
static char *
list_sequences (SwMessageLibrary *library)
{
  GListModel *sequences = sw_message_library_get_sequences (library);
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (sequences); i++)
    {
      g_autoptr(SwSequence) sequence = g_list_model_get_item (sequences, i);

      g_string_append_printf (list, "%s“%s”", i > 0 ? ", " : "", sw_sequence_get_name (sequence));
    }

  return g_string_free (list, FALSE);
}

static int
unknown_sequence (SwMessageLibrary *library,
                  const char       *name)
{
  g_autofree char *file = g_file_get_parse_name (sw_message_library_get_file (library));
  g_autofree char *names = list_sequences (library);
  g_autofree char *message = NULL;

  if (*names == '\0')
    message = g_strdup_printf (_("There is no sequence called “%s”: the library “%s” has no sequences"),
                               name, file);
  else
    /* Translators: the last %s lists the names of the sequences there are */
    message = g_strdup_printf (_("There is no sequence called “%s” in the library “%s”; it has %s"),
                               name, file, names);

  return bad_arguments (message);
}

static void
print_step (SwSequenceRunner *runner,
            SwStepResult     *result,
            SwSequence       *sequence)
{
  SwStepState state = sw_step_result_get_state (result);
  g_autofree char *where = NULL;
  GString *line;

  if (state != SW_STEP_STATE_PASSED && state != SW_STEP_STATE_FAILED)
    return;

  where = sw_sequence_describe_step (sequence, sw_step_result_get_position (result));
  line = g_string_new (NULL);
  g_string_append_printf (line,
                          state == SW_STEP_STATE_PASSED
                          /* Translators: %s is a step (“Step 2”), the second what happened */
                          ? _("%s: passed — %s")
                          /* Translators: %s is a step (“Step 2”), the second what happened */
                          : _("%s: failed — %s"),
                          where, sw_step_result_get_reason (result));

  if (sw_step_result_get_frame (result) != NULL)
    g_string_append_printf (line, ": “%s” (%s)",
                            sw_step_result_get_frame_text (result),
                            sw_step_result_get_frame_hex (result));

  g_print ("%s\n", line->str);
  g_string_free (line, TRUE);
}

static SwEngine *
connect_engine (SwEndpoint        *endpoint,
                SwEndpointScheme   scheme,
                GError           **error)
{
  g_autoptr(GSocketConnectable) address = sw_endpoint_to_connectable (endpoint);

  if (scheme == SW_ENDPOINT_SCHEME_UDP)
    {
      g_autoptr(SwUdpPeer) peer = sw_udp_peer_new (NULL);

      if (!sw_udp_peer_bind (peer, NULL, 0, error))
        return NULL;
      sw_udp_peer_set_remote (peer, address);

      return SW_ENGINE (g_steal_pointer (&peer));
    }
  else
    {
      g_autoptr(SwTcpClient) client = sw_tcp_client_new (NULL);
      Wait wait = { NULL };
      gboolean connected;

      sw_tcp_client_set_tls (client, scheme == SW_ENDPOINT_SCHEME_TLS);
      sw_tcp_client_connect_async (client, address, NULL, store_result, &wait);
      connected = sw_tcp_client_connect_finish (client, wait_for (&wait), error);
      g_object_unref (wait.result);

      return connected ? SW_ENGINE (g_steal_pointer (&client)) : NULL;
    }
}

static SwFraming *
make_framing (const char  *delimiter,
              GError     **error)
{
  g_autoptr(SwFraming) framing = sw_framing_new ();

  if (delimiter == NULL || *delimiter == '\0')
    return g_steal_pointer (&framing);

  sw_framing_set_mode (framing, SW_FRAMING_MODE_DELIMITER);
  sw_framing_set_delimiter (framing, delimiter);
  sw_framing_set_keep_delimiter (framing, FALSE);
  if (!sw_framing_validate (framing, error))
    return NULL;

  return g_steal_pointer (&framing);
}

int
sw_headless_run (const SwHeadlessOptions *options)
{
  g_autoptr(SwEndpoint) endpoint = NULL;
  g_autoptr(SwMessageLibrary) library = NULL;
  g_autoptr(SwFraming) framing = NULL;
  g_autoptr(SwEngine) engine = NULL;
  g_autoptr(SwSequenceRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *seconds = NULL;
  SwEndpointScheme scheme;
  SwSequence *sequence;
  Wait wait = { NULL };
  gboolean passed;

  g_return_val_if_fail (options != NULL, SW_HEADLESS_EXIT_BAD_ARGUMENTS);
  g_return_val_if_fail (options->sequence != NULL && options->uri != NULL,
                        SW_HEADLESS_EXIT_BAD_ARGUMENTS);

  endpoint = sw_endpoint_parse_uri (options->uri, &scheme, &error);
  if (endpoint == NULL)
    return bad_arguments (error->message);
  if (sw_endpoint_scheme_is_local (scheme))
    return bad_arguments (_("--connect takes an address to connect to: tcp://HOST:PORT, "
                            "tls://HOST:PORT or udp://HOST:PORT"));

  framing = make_framing (options->delimiter, &error);
  if (framing == NULL)
    {
      /* Translators: %s says what is wrong with the delimiter */
      g_autofree char *message = g_strdup_printf (_("--delimiter: %s"), error->message);

      return bad_arguments (message);
    }

  library = sw_message_library_new (options->library);
  if (!sw_message_library_load (library, NULL, &error))
    return bad_arguments (error->message);

  sequence = sw_message_library_find_sequence (library, options->sequence, NULL);
  if (sequence == NULL)
    return unknown_sequence (library, options->sequence);
  if (!sw_sequence_validate (sequence, library, &error))
    {
      /* Translators: the first %s is a sequence's name, the second what is wrong */
      g_autofree char *message = g_strdup_printf (_("The sequence “%s” cannot run: %s"),
                                                  options->sequence, error->message);

      return bad_arguments (message);
    }

  target = sw_endpoint_to_uri (endpoint, scheme);
  engine = connect_engine (endpoint, scheme, &error);
  if (engine == NULL)
    {
      /* Translators: the first %s is an address (tcp://HOST:PORT), the second why */
      g_printerr (_("Could not connect to %s: %s\n"), target, error->message);
      return SW_HEADLESS_EXIT_FAILED;
    }

  /* Translators: the first %s is a sequence's name, the second an address (tcp://HOST:PORT) */
  g_print (_("Running “%s” over %s\n"), options->sequence, target);

  runner = sw_sequence_runner_new (engine, framing, NULL);
  g_signal_connect (runner, "step-changed", G_CALLBACK (print_step), sequence);
  sw_sequence_runner_run_async (runner, sequence, library, NULL, store_result, &wait);
  passed = sw_sequence_runner_run_finish (runner, wait_for (&wait), &error);
  g_object_unref (wait.result);
  g_signal_handlers_disconnect_by_data (runner, sequence);

  seconds = g_strdup_printf ("%.2f", sw_sequence_runner_get_duration (runner) / (double) G_USEC_PER_SEC);
  if (passed)
    {
      guint steps = sw_sequence_runner_get_steps_run (runner);

      g_print (g_dngettext (GETTEXT_PACKAGE,
                            /* Translators: %u is a number of steps, %s of seconds */
                            "Passed: %u step in %s s\n", "Passed: %u steps in %s s\n", steps),
               steps, seconds);
    }
  else
    /* Translators: the first %s says why, the second is a number of seconds */
    g_print (_("Failed: %s (%s s)\n"), error->message, seconds);

  sw_engine_stop (engine);

  return passed ? SW_HEADLESS_EXIT_PASSED : SW_HEADLESS_EXIT_FAILED;
}
