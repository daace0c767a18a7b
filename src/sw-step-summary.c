/* sw-step-summary.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-step-summary"

#include "config.h"

#include "sw-step-summary.h"

#include <glib/gi18n.h>

/* The longest text of a step's own message shown whole, in characters. */
#define TEXT_SHOWN_MAX 32

const char *
sw_match_kind_describe (SwMatchKind kind)
{
  switch (kind)
    {
    case SW_MATCH_KIND_EXACT:
      return C_("expect", "exactly");
    case SW_MATCH_KIND_STARTS_WITH:
      return C_("expect", "starts with");
    case SW_MATCH_KIND_ENDS_WITH:
      return C_("expect", "ends with");
    case SW_MATCH_KIND_REGEX:
      return C_("expect", "regex");
    case SW_MATCH_KIND_HEX:
      return C_("expect", "hex");
    case SW_MATCH_KIND_CONTAINS:
    default:
      return C_("expect", "contains");
    }
}

static char *
shorten (const char *text)
{
  if (g_utf8_strlen (text, -1) <= TEXT_SHOWN_MAX)
    return g_strdup (text);

  return g_strdup_printf ("%.*s…",
                          (int) (g_utf8_offset_to_pointer (text, TEXT_SHOWN_MAX) - text), text);
}

static char *
describe_send (SwSequenceStep *step)
{
  SwMessage *payload = sw_sequence_step_get_payload (step);
  g_autofree char *text = NULL;

  if (*sw_sequence_step_get_message (step) != '\0')
    /* Translators: %s is the name of a saved message */
    return g_strdup_printf (_("Send “%s”"), sw_sequence_step_get_message (step));

  text = shorten (sw_message_get_text (payload));
  if (sw_message_get_format (payload) == SW_PAYLOAD_FORMAT_HEX)
    /* Translators: %s is bytes in hex, such as “01 03 00 00” */
    return g_strdup_printf (_("Send hex %s"), text);

  /* Translators: %s is text as typed, such as “GET\r\n” */
  return g_strdup_printf (_("Send text “%s”"), text);
}

static char *
describe_expect (SwSequenceStep *step)
{
  g_autofree char *pattern = shorten (sw_sequence_step_get_pattern (step));
  guint timeout = sw_sequence_step_get_timeout (step);
  g_autofree char *expect = NULL;

  if (*pattern == '\0')
    /* Translators: %u is milliseconds */
    expect = g_strdup_printf (_("Expect any frame within %u ms"), timeout);
  else
    /* Translators: the first %s is a pattern, the second how it matches
     * (“contains”, “exactly”, “regex”…), %u milliseconds */
    expect = g_strdup_printf (_("Expect “%s” (%s) within %u ms"),
                              pattern, sw_match_kind_describe (sw_sequence_step_get_match_kind (step)), timeout);

  switch (sw_sequence_step_get_on_unmet (step))
    {
    case SW_UNMET_ACTION_CONTINUE:
      /* Translators: %s is an Expect step, described */
      return g_strdup_printf (_("%s, else go on"), expect);

    case SW_UNMET_ACTION_GO_TO:
      /* Translators: the first %s is an Expect step, described; the second the name of a step */
      return g_strdup_printf (_("%s, else go to “%s”"), expect, sw_sequence_step_get_go_to (step));

    case SW_UNMET_ACTION_STOP:
    default:
      return g_steal_pointer (&expect);
    }
}

static char *
describe_repeat (SwSequenceStep *step)
{
  guint count = sw_sequence_step_get_count (step);
  const char *from = sw_sequence_step_get_repeat_from (step);

  if (*from == '\0')
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Repeat from the first step: %u time in all",
                                         "Repeat from the first step: %u times in all",
                                         count),
                            count);

  /* Translators: %s is the name of a step */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Repeat from “%s”: %u time in all",
                                       "Repeat from “%s”: %u times in all",
                                       count),
                          from, count);
}

char *
sw_step_summary (SwSequenceStep *step)
{
  g_autofree char *what = NULL;
  const char *name;

  g_return_val_if_fail (SW_IS_SEQUENCE_STEP (step), NULL);

  switch (sw_sequence_step_get_kind (step))
    {
    case SW_STEP_KIND_SEND:
      what = describe_send (step);
      break;

    case SW_STEP_KIND_EXPECT:
      what = describe_expect (step);
      break;

    case SW_STEP_KIND_WAIT:
      /* Translators: %u is milliseconds */
      what = g_strdup_printf (_("Wait %u ms"), sw_sequence_step_get_duration (step));
      break;

    case SW_STEP_KIND_REPEAT:
    default:
      what = describe_repeat (step);
      break;
    }

  name = sw_sequence_step_get_name (step);
  if (*name == '\0')
    return g_steal_pointer (&what);

  /* Translators: the first %s is the name of a step, the second what it does */
  return g_strdup_printf (_("%s: %s"), name, what);
}
