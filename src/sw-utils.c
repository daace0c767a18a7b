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

#ifdef G_OS_UNIX
#include <sys/resource.h>
#endif

#include "sw-tcp-server.h"

/* Descriptors a server leaves to the rest of the app at the open-file
 * limit: fonts, icons, files, dialogs, D-Bus (issue #15). */
#define OPEN_FILE_RESERVE 64

#include "sw-codec.h"

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

gboolean
sw_enum_to_position (GBinding     *binding,
                     const GValue *from_value,
                     GValue       *to_value,
                     gpointer      user_data)
{
  g_value_set_uint (to_value, g_value_get_enum (from_value));

  return TRUE;
}

gboolean
sw_position_to_enum (GBinding     *binding,
                     const GValue *from_value,
                     GValue       *to_value,
                     gpointer      user_data)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (G_VALUE_TYPE (to_value));
  guint position = g_value_get_uint (from_value);

  if (position > G_MAXINT || g_enum_get_value (enum_class, position) == NULL)
    return FALSE;

  g_value_set_enum (to_value, position);

  return TRUE;
}

gboolean
sw_format_to_hex (GBinding     *binding,
                  const GValue *from_value,
                  GValue       *to_value,
                  gpointer      user_data)
{
  g_value_set_boolean (to_value, g_value_get_enum (from_value) == SW_PAYLOAD_FORMAT_HEX);

  return TRUE;
}

gboolean
sw_hex_to_format (GBinding     *binding,
                  const GValue *from_value,
                  GValue       *to_value,
                  gpointer      user_data)
{
  g_value_set_enum (to_value, g_value_get_boolean (from_value) ? SW_PAYLOAD_FORMAT_HEX : SW_PAYLOAD_FORMAT_TEXT);

  return TRUE;
}

gboolean
sw_boolean_to_position (GBinding     *binding,
                        const GValue *from_value,
                        GValue       *to_value,
                        gpointer      user_data)
{
  guint true_row = GPOINTER_TO_UINT (user_data);

  g_value_set_uint (to_value, g_value_get_boolean (from_value) ? true_row : 1 - true_row);

  return TRUE;
}

gboolean
sw_position_to_boolean (GBinding     *binding,
                        const GValue *from_value,
                        GValue       *to_value,
                        gpointer      user_data)
{
  guint position = g_value_get_uint (from_value);

  if (position > 1)
    return FALSE;

  g_value_set_boolean (to_value, position == GPOINTER_TO_UINT (user_data));

  return TRUE;
}

void
sw_clear_groups (GBindingGroup **bindings,
                 GSignalGroup  **signals)
{
  if (bindings != NULL && *bindings != NULL)
    {
      g_binding_group_set_source (*bindings, NULL);
      g_clear_object (bindings);
    }
  if (signals != NULL && *signals != NULL)
    {
      g_signal_group_set_target (*signals, NULL);
      g_clear_object (signals);
    }
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

/* A desktop session usually starts programs with a soft limit of 1,024
 * open files, a few hundred clients for a server tab, though the hard
 * limit is much higher; GLib and GTK poll() rather than select(), so a
 * high limit is safe. Raises it, and tells the servers where it is so
 * that they stop accepting before the UI runs out of descriptors (with
 * none left, it cannot even open the font to draw the error). */
void
sw_raise_open_file_limit (void)
{
#ifdef G_OS_UNIX
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return;

  if (limit.rlim_cur < limit.rlim_max)
    {
      struct rlimit raised = limit;

      raised.rlim_cur = limit.rlim_max;
#ifdef OPEN_MAX
      /* macOS refuses more than OPEN_MAX, whatever the hard limit says. */
      raised.rlim_cur = MIN (raised.rlim_cur, (rlim_t) OPEN_MAX);
#endif
      if (setrlimit (RLIMIT_NOFILE, &raised) == 0)
        limit = raised;
    }

  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur <= G_MAXUINT &&
      limit.rlim_cur > 2 * OPEN_FILE_RESERVE)
    sw_tcp_server_set_open_file_limit ((guint) limit.rlim_cur, OPEN_FILE_RESERVE);
#endif
}
