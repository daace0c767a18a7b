/* sw-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-utils"

#include "config.h"

#include "sw-utils.h"

#include <limits.h>
#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

/* "_Connect" → "Connect", "__init" → "_init". */
static char *
strip_mnemonic (const char *label)
{
  GString *out = g_string_new (NULL);

  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] == '_')
            {
              g_string_append_c (out, '_');
              p++;
            }
          continue;
        }
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static void
fix_name (GtkWidget *widget)
{
  const char *label = NULL;
  gboolean use_underline = FALSE;
  g_autofree char *name = NULL;

  if (GTK_IS_BUTTON (widget))
    {
      label = gtk_button_get_label (GTK_BUTTON (widget));
      use_underline = gtk_button_get_use_underline (GTK_BUTTON (widget));
    }
  else if (GTK_IS_CHECK_BUTTON (widget))
    {
      label = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
      use_underline = gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget));
    }

  if (label == NULL || !use_underline)
    return;

  /* A button's mnemonic label already names it (labelled-by); a check
   * button's does not. */
  if (GTK_IS_BUTTON (widget))
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  name = strip_mnemonic (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

gboolean
sw_drop_down_mnemonic_activate (GtkWidget *drop_down,
                                gboolean   group_cycling)
{
  GtkRoot *root = gtk_widget_get_root (drop_down);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, drop_down))
    gtk_widget_child_focus (drop_down, GTK_DIR_TAB_FORWARD);

  return TRUE;
}

void
sw_widget_focus_next (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (focus == NULL || (focus != widget && !gtk_widget_is_ancestor (focus, widget)))
    return;

  for (GtkWidget *next = gtk_widget_get_next_sibling (widget); next != NULL; next = gtk_widget_get_next_sibling (next))
    if (gtk_widget_child_focus (next, GTK_DIR_TAB_FORWARD))
      return;
}

char *
sw_format_count (guint64 value)
{
  const struct lconv *conv = localeconv ();
  const char *separator = conv->thousands_sep;
  const char *grouping = conv->grouping;
  char digits[24];
  guint sizes[24];
  guint n_sizes = 0;
  guint left;
  GString *out;

  if (separator == NULL || *separator == '\0' ||
      grouping == NULL || *grouping <= 0 || *grouping == CHAR_MAX)
    {
      /* Translators: what separates groups of three digits in a count
       * ("52,454,800") where the locale says nothing (C, POSIX). */
      separator = C_("digit group separator", ",");
      grouping = "\3";
    }

  left = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);

  /* The groups' sizes from the right: each byte of grouping is one, the
   * last repeats, CHAR_MAX ends the grouping. */
  while (left > 0)
    {
      guint size = *grouping == CHAR_MAX ? left : MIN ((guint) *grouping, left);

      sizes[n_sizes++] = size;
      left -= size;
      if (grouping[1] != '\0')
        grouping++;
    }

  out = g_string_sized_new (sizeof digits * 2);
  for (guint i = n_sizes, start = 0; i > 0; i--)
    {
      g_string_append_len (out, digits + start, sizes[i - 1]);
      start += sizes[i - 1];
      if (i > 1)
        g_string_append (out, separator);
    }

  return g_string_free (out, FALSE);
}

char *
sw_format_byte_count (guint64 bytes)
{
  g_autofree char *count = sw_format_count (bytes);
  g_autofree char *size = NULL;

  if (bytes < 1000)
    /* Translators: a number of bytes, "7 B". */
    return g_strdup_printf (_("%s B"), count);

  size = g_format_size (bytes);
  /* Translators: an exact number of bytes and the same as a size:
   * "52,454,800 B (52.5 MB)". */
  return g_strdup_printf (_("%s B (%s)"), count, size);
}

void
sw_fix_mnemonic_names (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  fix_name (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    sw_fix_mnemonic_names (child);
}

void
sw_button_set_mnemonic_label (GtkButton  *button,
                              const char *label)
{
  g_return_if_fail (GTK_IS_BUTTON (button));

  gtk_button_set_use_underline (button, TRUE);
  gtk_button_set_label (button, label);
  fix_name (GTK_WIDGET (button));
}

/* Whether a GPU is there to draw with: a DRI render node we may open. */
static gboolean
have_render_node (void)
{
#ifdef __linux__
  g_autoptr(GDir) dir = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/dev/dri", name, NULL);

      if (g_str_has_prefix (name, "renderD") && g_access (path, R_OK | W_OK) == 0)
        return TRUE;
    }

  return FALSE;
#else
  return TRUE;
#endif
}

/* Without a GPU, GTK 4.8 still draws with GL, on Mesa's software
 * rasterizer: measured here, its threads take half a core and each frame
 * stalls the main thread until they finish, which halves what the sockets
 * can read under a flood. Cairo draws the same, on the main thread only.
 * A GPU-less virtual machine is a common home for a network tool. */
void
sw_choose_renderer (void)
{
  if (g_getenv ("GSK_RENDERER") != NULL)
    return;

  if (!have_render_node ())
    g_setenv ("GSK_RENDERER", "cairo", FALSE);
}
