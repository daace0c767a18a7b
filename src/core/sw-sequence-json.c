/* sw-sequence-json.c: sequences in the library's JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-library-document"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-library-document-private.h"

static const char *const kind_ids[] = { "send", "expect", "wait", "repeat", NULL };
static const char *const match_kind_ids[] = {
  "contains", "exact", "starts-with", "ends-with", "regex", "hex", NULL
};
static const char *const unmet_ids[] = { "stop", "continue", "go-to", NULL };

G_STATIC_ASSERT (SW_STEP_KIND_REPEAT == 3);
G_STATIC_ASSERT (SW_MATCH_KIND_HEX == 5);
G_STATIC_ASSERT (SW_UNMET_ACTION_GO_TO == 2);

static gboolean
read_send (SwSequenceStep  *step,
           JsonObject      *object,
           const char      *place,
           GError         **error)
{
  g_autoptr(SwMessage) read = NULL;
  const char *message = NULL;
  JsonObject *payload = NULL;
  const char *name = NULL;

  if (!_sw_json_get_string (object, "message", place, &message, error) ||
      !_sw_json_get_object (object, "payload", place, &payload, error))
    return FALSE;

  sw_sequence_step_set_message (step, message);
  if (payload == NULL)
    return TRUE;

  /* The payload's name is not used, but kept. */
  if (!_sw_json_get_string (payload, "name", place, &name, error))
    return FALSE;
  read = _sw_json_read_message (payload, place, name, error);
  if (read == NULL)
    return FALSE;

  sw_sequence_step_set_payload (step, read);

  return TRUE;
}

static gboolean
read_expect (SwSequenceStep  *step,
             JsonObject      *object,
             const char      *place,
             GError         **error)
{
  const char *pattern = NULL;
  const char *go_to = NULL;
  guint match_kind = SW_MATCH_KIND_CONTAINS;
  guint on_unmet = SW_UNMET_ACTION_STOP;
  SwEncoding encoding = SW_ENCODING_UTF8;
  guint timeout = SW_STEP_DEFAULT_TIMEOUT_MS;

  if (!_sw_json_get_string (object, "pattern", place, &pattern, error) ||
      !_sw_json_get_choice (object, "match-kind", place, match_kind_ids, &match_kind, error) ||
      !_sw_json_get_encoding (object, place, &encoding, error) ||
      !_sw_json_get_uint (object, "timeout", place, SW_STEP_MAX_MS, FALSE, &timeout, error) ||
      !_sw_json_get_choice (object, "on-unmet", place, unmet_ids, &on_unmet, error) ||
      !_sw_json_get_string (object, "go-to", place, &go_to, error))
    return FALSE;

  g_object_set (step,
                "pattern", pattern,
                "match-kind", match_kind,
                "encoding", encoding,
                "timeout", timeout,
                "on-unmet", on_unmet,
                "go-to", go_to,
                NULL);
  return TRUE;
}

static gboolean
read_repeat (SwSequenceStep  *step,
             JsonObject      *object,
             const char      *place,
             GError         **error)
{
  const char *from = NULL;
  guint count = sw_sequence_step_get_count (step);

  if (!_sw_json_get_uint (object, "count", place, SW_STEP_MAX_COUNT, FALSE, &count, error) ||
      !_sw_json_get_string (object, "repeat-from", place, &from, error))
    return FALSE;

  if (count == 0)
    {
      g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                   /* Translators: %s is where (“Sequence 1 (“Login”), step 3”); %u the
                    * largest number */
                   _("%s: “count” must be a whole number from 1 to %u, not “0”"),
                   place, (guint) SW_STEP_MAX_COUNT);
      return FALSE;
    }

  g_object_set (step, "count", count, "repeat-from", from, NULL);
  return TRUE;
}

static SwSequenceStep *
read_step (JsonNode    *node,
           const char  *sequence_place,
           guint        index,
           GError     **error)
{
  g_autoptr(SwSequenceStep) step = NULL;
  /* Translators: where an error is: %s is a sequence (“Sequence 1
   * (“Login”)”), %u counts its steps from 1 */
  g_autofree char *place = g_strdup_printf (_("%s, step %u"), sequence_place, index + 1);
  JsonObject *object;
  const char *name = NULL;
  guint kind = 0;
  guint duration = 0;
  gboolean ok;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                   /* Translators: %s is where (“Sequence 1, step 3”) */
                   _("%s is not a step: an object was expected"),
                   place);
      return NULL;
    }

  object = json_node_get_object (node);
  if (json_object_get_member (object, "kind") == NULL)
    {
      g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                   /* Translators: %s is where (“Sequence 1, step 3”); keep “kind” */
                   _("%s has no “kind”"),
                   place);
      return NULL;
    }

  if (!_sw_json_get_choice (object, "kind", place, kind_ids, &kind, error) ||
      !_sw_json_get_string (object, "name", place, &name, error))
    return NULL;

  step = sw_sequence_step_new (kind);
  sw_sequence_step_set_name (step, name);

  switch (kind)
    {
    case SW_STEP_KIND_SEND:
      ok = read_send (step, object, place, error);
      break;

    case SW_STEP_KIND_EXPECT:
      ok = read_expect (step, object, place, error);
      break;

    case SW_STEP_KIND_WAIT:
      ok = _sw_json_get_uint (object, "duration", place, SW_STEP_MAX_MS, FALSE, &duration, error);
      if (ok)
        sw_sequence_step_set_duration (step, duration);
      break;

    case SW_STEP_KIND_REPEAT:
      ok = read_repeat (step, object, place, error);
      break;

    default:
      g_assert_not_reached ();
    }

  return ok ? g_steal_pointer (&step) : NULL;
}

SwSequence *
_sw_json_read_sequence (JsonNode  *node,
                        guint      index,
                        GError   **error)
{
  g_autoptr(SwSequence) sequence = NULL;
  g_autofree char *place = NULL;
  const char *name;
  const char *note = NULL;
  JsonObject *object;
  JsonNode *steps;

  object = _sw_json_read_named (node, SW_JSON_PLACE_SEQUENCE, index, &name, &place, error);
  if (object == NULL || !_sw_json_get_string (object, "note", place, &note, error))
    return NULL;

  sequence = sw_sequence_new (name);
  sw_sequence_set_note (sequence, note);

  steps = json_object_get_member (object, "steps");
  if (steps == NULL)
    return g_steal_pointer (&sequence);

  if (!JSON_NODE_HOLDS_ARRAY (steps))
    {
      g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                   /* Translators: %s is where (“Sequence 1 (“Login”)”); keep “steps” */
                   _("%s: “steps” must be a list"),
                   place);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (steps)); i++)
    {
      g_autoptr(SwSequenceStep) step = NULL;

      step = read_step (json_array_get_element (json_node_get_array (steps), i), place, i, error);
      if (step == NULL)
        return NULL;
      sw_sequence_append (sequence, step);
    }

  return g_steal_pointer (&sequence);
}

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
}

static void
add_uint (JsonBuilder *builder,
          const char  *key,
          guint        value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, value);
}

static void
write_step (SwSequenceStep *step,
            JsonBuilder    *builder)
{
  SwStepKind kind = sw_sequence_step_get_kind (step);

  json_builder_begin_object (builder);
  add_string (builder, "kind", kind_ids[kind]);
  add_string (builder, "name", sw_sequence_step_get_name (step));

  switch (kind)
    {
    case SW_STEP_KIND_SEND:
      add_string (builder, "message", sw_sequence_step_get_message (step));
      if (*sw_sequence_step_get_message (step) == '\0')
        {
          json_builder_set_member_name (builder, "payload");
          _sw_json_write_message (sw_sequence_step_get_payload (step), builder);
        }
      break;

    case SW_STEP_KIND_EXPECT:
      add_string (builder, "pattern", sw_sequence_step_get_pattern (step));
      add_string (builder, "match-kind", match_kind_ids[sw_sequence_step_get_match_kind (step)]);
      add_string (builder, "encoding", sw_encoding_get_id (sw_sequence_step_get_encoding (step)));
      add_uint (builder, "timeout", sw_sequence_step_get_timeout (step));
      add_string (builder, "on-unmet", unmet_ids[sw_sequence_step_get_on_unmet (step)]);
      if (sw_sequence_step_get_on_unmet (step) == SW_UNMET_ACTION_GO_TO)
        add_string (builder, "go-to", sw_sequence_step_get_go_to (step));
      break;

    case SW_STEP_KIND_WAIT:
      add_uint (builder, "duration", sw_sequence_step_get_duration (step));
      break;

    case SW_STEP_KIND_REPEAT:
      add_uint (builder, "count", sw_sequence_step_get_count (step));
      add_string (builder, "repeat-from", sw_sequence_step_get_repeat_from (step));
      break;

    default:
      g_assert_not_reached ();
    }

  json_builder_end_object (builder);
}

void
_sw_json_write_sequence (SwSequence  *sequence,
                         JsonBuilder *builder)
{
  json_builder_begin_object (builder);
  add_string (builder, "name", sw_sequence_get_name (sequence));
  add_string (builder, "note", sw_sequence_get_note (sequence));

  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sw_sequence_get_n_steps (sequence); i++)
    write_step (sw_sequence_get_step (sequence, i), builder);
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}
