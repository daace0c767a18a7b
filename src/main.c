/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sw-application.h"
#include "sw-utils.h"

/* The program built to run from the build tree reads the catalogues
 * compiled there (src/meson.build). */
#ifdef SW_UNINSTALLED
# define SW_LOCALEDIR BUILD_LOCALEDIR
#else
# define SW_LOCALEDIR LOCALEDIR
#endif

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SwApplication) app = NULL;

#ifdef SW_UNINSTALLED
  /* The same program: its windows, logs and accessible name say so. */
  g_set_prgname ("socket-workbench");
#endif
  bindtextdomain (GETTEXT_PACKAGE, SW_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Socket Workbench"));
  sw_raise_open_file_limit ();
  sw_choose_renderer ();

  app = sw_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
