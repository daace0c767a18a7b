/* sw-bench-rules.c: auto-reply rules on frames, without sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The matching half of issue #11's rules_frames_per_s, run by hand:
 * 20 enabled rules (19 CONTAINS, 1 REGEX) that never match, over 64-byte
 * "\n"-terminated lines, on one core. Prints frames per second and how
 * many allocations matching made (there should be none per frame; for a
 * view from outside, run it under `valgrind --tool=dhat` with two frame
 * counts and compare the totals).
 *
 *   sw-bench-rules [--frames N] [--encoding ID] [--kind contains|regex|all]
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sw-rule-set.h"
#include "sw-rule-set-private.h"

#define FRAME_LENGTH 64
#define N_DISTINCT   4096

static SwRule *
rule_new (SwMatchKind  kind,
          const char  *pattern)
{
  SwRule *rule = sw_rule_new ();

  sw_rule_set_match_kind (rule, kind);
  sw_rule_set_pattern (rule, pattern);
  sw_rule_set_reply (rule, "ALARM ACK\\r\\n");
  g_assert (sw_rule_get_active (rule));

  return rule;
}

/* Telemetry lines such as a device streams, each exactly 64 bytes. */
static guint8 *
make_frames (void)
{
  guint8 *frames = g_malloc (N_DISTINCT * FRAME_LENGTH);
  GRand *rand = g_rand_new_with_seed (11);

  for (guint i = 0; i < N_DISTINCT; i++)
    {
      char line[FRAME_LENGTH + 16];
      int n;

      n = g_snprintf (line, sizeof line, "id=%04u t=%02d.%02d h=%02d.%d p=%04d st=OK seq=%07u",
                      g_rand_int_range (rand, 0, 10000),
                      g_rand_int_range (rand, 10, 40), g_rand_int_range (rand, 0, 100),
                      g_rand_int_range (rand, 20, 90), g_rand_int_range (rand, 0, 10),
                      g_rand_int_range (rand, 950, 1050), i);
      g_assert (n < FRAME_LENGTH);
      memset (line + n, ' ', FRAME_LENGTH - 1 - n);
      line[FRAME_LENGTH - 1] = '\n';
      memcpy (frames + i * FRAME_LENGTH, line, FRAME_LENGTH);
    }

  g_rand_free (rand);

  return frames;
}

static void
count_reply (SwRule   *rule,
             GBytes   *reply,
             guint     delay_ms,
             gpointer  user_data)
{
  (*(guint64 *) user_data)++;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwRuleSet) set = NULL;
  g_autofree guint8 *frames = NULL;
  g_autofree char *encoding_id = NULL;
  g_autofree char *kind = NULL;
  gint64 n_frames = 5000000;
  SwEncoding encoding = SW_ENCODING_UTF8;
  guint64 replies = 0;
  guint64 matches = 0;
  guint64 allocations;
  gint64 start;
  gint64 elapsed;
  GOptionEntry entries[] = {
    { "frames", 0, 0, G_OPTION_ARG_INT64, &n_frames, "Frames to match (5000000)", "N" },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding_id, "Session encoding (utf-8)", "ID" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, "Rules: all (19 contains + 1 regex), contains, regex", "KIND" },
    { NULL }
  };

  context = g_option_context_new ("— auto-reply rules on 64-byte frames");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (encoding_id != NULL && !sw_encoding_from_id (encoding_id, &encoding))
    {
      g_printerr ("Unknown encoding %s\n", encoding_id);
      return 2;
    }
  if (kind == NULL)
    kind = g_strdup ("all");

  set = sw_rule_set_new ();
  sw_rule_set_set_encoding (set, encoding);
  sw_rule_set_set_match_all (set, TRUE);

  if (g_str_equal (kind, "all") || g_str_equal (kind, "contains"))
    {
      for (guint i = 0; i < 19; i++)
        {
          g_autofree char *pattern = g_strdup_printf ("ALARM-%02u", i);
          g_autoptr(SwRule) rule = rule_new (SW_MATCH_KIND_CONTAINS, pattern);

          sw_rule_set_add (set, rule);
        }
    }
  if (g_str_equal (kind, "all") || g_str_equal (kind, "regex"))
    {
      g_autoptr(SwRule) rule = rule_new (SW_MATCH_KIND_REGEX, "st=(ERR|FAIL)(\\d+)");

      sw_rule_set_add (set, rule);
    }

  frames = make_frames ();

  /* Warm up: PCRE2's match data, the decoded text, the converter. */
  for (guint i = 0; i < N_DISTINCT; i++)
    matches += sw_rule_set_match (set, frames + i * FRAME_LENGTH, FRAME_LENGTH,
                                  count_reply, &replies);
  allocations = _sw_rule_set_get_n_allocations (set);

  start = g_get_monotonic_time ();
  for (gint64 i = 0; i < n_frames; i++)
    matches += sw_rule_set_match (set, frames + (i % N_DISTINCT) * FRAME_LENGTH, FRAME_LENGTH,
                                  count_reply, &replies);
  elapsed = g_get_monotonic_time () - start;

  printf ("rules: %u (%s), encoding %s\n",
          g_list_model_get_n_items (G_LIST_MODEL (set)), kind, sw_encoding_get_id (encoding));
  printf ("frames: %" G_GINT64_FORMAT " of %d bytes in %.3f s\n",
          n_frames, FRAME_LENGTH, elapsed / 1e6);
  printf ("rules_frames_per_s: %.0f\n", n_frames / (elapsed / 1e6));
  printf ("ns_per_frame: %.1f\n", elapsed * 1e3 / n_frames);
  printf ("matches: %" G_GUINT64_FORMAT ", replies: %" G_GUINT64_FORMAT "\n", matches, replies);
  printf ("allocations while timed: %" G_GUINT64_FORMAT "\n",
          _sw_rule_set_get_n_allocations (set) - allocations);

  return matches == 0 ? 0 : 1;
}
