/* sw-utils.h: small helpers the widgets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* GTK 4.8 names a button with a mnemonic after its raw label ("_Send"),
 * so screen readers say the underscore. Gives every button under @root
 * the name a person reads. */
void sw_fix_mnemonic_names        (GtkWidget  *root);
/* Sets a button's mnemonic label and the matching accessible name. */
void sw_button_set_mnemonic_label (GtkButton  *button,
                                   const char *label);

/* A "mnemonic-activate" handler for a labelled GtkDropDown: GTK 4.8's
 * cannot take the focus itself, so its label's mnemonic would do nothing;
 * later ones pop it up. Either way, it is focused, as every other
 * labelled control is. */
gboolean sw_drop_down_mnemonic_activate (GtkWidget *drop_down,
                                         gboolean   group_cycling);

/* At start-up: raises the soft limit of open files to the hard one, where
 * the system has them, and keeps a reserve of them for the UI. */
void sw_raise_open_file_limit     (void);

/* Before GTK starts: picks the cairo renderer when there is no GPU (see
 * sw-utils.c), unless GSK_RENDERER says otherwise. */
void sw_choose_renderer           (void);

G_END_DECLS
