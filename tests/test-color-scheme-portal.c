/* test-color-scheme-portal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-color-scheme-portal.h"

/* Parses @value (a floating one is taken) and returns the scheme, failing the
 * test when it is not one. */
static SwColorScheme
parse (GVariant *value)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (value);
  SwColorScheme scheme = 99;

  g_assert_true (sw_color_scheme_parse_portal_value (owned, &scheme));

  return scheme;
}

static void
assert_not_a_scheme (GVariant *value)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (value);
  SwColorScheme scheme = 99;

  g_assert_false (sw_color_scheme_parse_portal_value (owned, &scheme));
  /* Left alone. */
  g_assert_cmpint (scheme, ==, 99);
}

/* Read's value as portals since 1.15 send it, and SettingChanged's. */
static void
test_once (void)
{
  g_assert_cmpint (parse (g_variant_new_uint32 (0)), ==, SW_COLOR_SCHEME_NO_PREFERENCE);
  g_assert_cmpint (parse (g_variant_new_uint32 (1)), ==, SW_COLOR_SCHEME_PREFER_DARK);
  g_assert_cmpint (parse (g_variant_new_uint32 (2)), ==, SW_COLOR_SCHEME_PREFER_LIGHT);
}

/* Read's value as older portals send it: a variant in a variant. */
static void
test_twice (void)
{
  g_assert_cmpint (parse (g_variant_new_variant (g_variant_new_uint32 (0))), ==, SW_COLOR_SCHEME_NO_PREFERENCE);
  g_assert_cmpint (parse (g_variant_new_variant (g_variant_new_uint32 (1))), ==, SW_COLOR_SCHEME_PREFER_DARK);
  g_assert_cmpint (parse (g_variant_new_variant (g_variant_new_uint32 (2))), ==, SW_COLOR_SCHEME_PREFER_LIGHT);
}

/* The value taken out of Read's reply, as the portal's code does it. */
static SwColorScheme
parse_reply (GVariant *reply)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (reply);
  g_autoptr(GVariant) value = NULL;

  g_variant_get (owned, "(v)", &value);

  return parse (value);
}

static void
test_reply (void)
{
  /* (<uint32 1>) and (<<uint32 1>>). */
  g_assert_cmpint (parse_reply (g_variant_new ("(v)", g_variant_new_uint32 (1))), ==,
                   SW_COLOR_SCHEME_PREFER_DARK);
  g_assert_cmpint (parse_reply (g_variant_new ("(v)", g_variant_new_variant (g_variant_new_uint32 (2)))), ==,
                   SW_COLOR_SCHEME_PREFER_LIGHT);
}

/* A value the specification adds later means no preference, as it asks. */
static void
test_unknown_number (void)
{
  g_assert_cmpint (parse (g_variant_new_uint32 (3)), ==, SW_COLOR_SCHEME_NO_PREFERENCE);
  g_assert_cmpint (parse (g_variant_new_variant (g_variant_new_uint32 (G_MAXUINT32))), ==,
                   SW_COLOR_SCHEME_NO_PREFERENCE);
}

static void
test_bad_types (void)
{
  assert_not_a_scheme (g_variant_new_int32 (1));
  assert_not_a_scheme (g_variant_new_string ("prefer-dark"));
  assert_not_a_scheme (g_variant_new_boolean (TRUE));
  assert_not_a_scheme (g_variant_new_variant (g_variant_new_string ("1")));
  assert_not_a_scheme (g_variant_new ("(u)", 1));
  /* Wrapped once more than any portal does. */
  assert_not_a_scheme (g_variant_new_variant (g_variant_new_variant (g_variant_new_uint32 (1))));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/color-scheme-portal/once", test_once);
  g_test_add_func ("/sw/color-scheme-portal/twice", test_twice);
  g_test_add_func ("/sw/color-scheme-portal/reply", test_reply);
  g_test_add_func ("/sw/color-scheme-portal/unknown-number", test_unknown_number);
  g_test_add_func ("/sw/color-scheme-portal/bad-types", test_bad_types);

  return g_test_run ();
}
