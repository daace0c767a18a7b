/* sw-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "sw-test-ui.h"

void
sw_test_ui_init (int    *argc,
                 char ***argv)
{
  /* The locale of the tests is C, whatever the machine's. */
  g_setenv ("LANGUAGE", "C", TRUE);
  /* Mesa keeps its shader cache there. */
  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  g_mkdir_with_parents (g_get_user_runtime_dir (), 0700);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      exit (0);
    }

  /* Without a window manager a window's focus comes and goes; GtkText's
   * blink timer then warns that it missed a focus-out. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  g_test_init (argc, argv, NULL);
}

SwApplication *
sw_test_ui_get_application (void)
{
  static SwApplication *app;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = sw_application_new ();
      /* Tests run in parallel: never hand off to another instance. */
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }

  return app;
}

static gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

void
sw_test_ui_wait_mapped (GtkWidget *widget)
{
  sw_test_wait (is_drawn, widget, 10000, "the widget to be mapped");
}
