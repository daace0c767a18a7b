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

/* Before @widget hides with the focus inside it: moves the focus on to
 * the first control after it, not to nowhere. */
void     sw_widget_focus_next           (GtkWidget  *widget);

/* A count with its digits grouped as the locale groups them
 * ("52,454,800"); where it does not (C, POSIX), in threes with the
 * separator the translation names. */
char    *sw_format_count                (guint64     value);
/* An exact number of bytes, with the size a person reads beside it from
 * a thousand bytes on: "52,454,800 B (52.5 MB)", "7 B". */
char    *sw_format_byte_count           (guint64     bytes);

/* At start-up: raises the soft limit of open files to the hard one, where
 * the system has them, and keeps a reserve of them for the UI. */
void sw_raise_open_file_limit     (void);

/* Binding transforms between an enum property and the "selected" of a
 * drop-down whose rows are the enum's values in order. */
gboolean sw_enum_to_position      (GBinding     *binding,
                                   const GValue *from_value,
                                   GValue       *to_value,
                                   gpointer      user_data);
gboolean sw_position_to_enum      (GBinding     *binding,
                                   const GValue *from_value,
                                   GValue       *to_value,
                                   gpointer      user_data);
/* The same between an SwPayloadFormat property and whether a "Hex"
 * toggle is active. */
gboolean sw_format_to_hex         (GBinding     *binding,
                                   const GValue *from_value,
                                   GValue       *to_value,
                                   gpointer      user_data);
gboolean sw_hex_to_format         (GBinding     *binding,
                                   const GValue *from_value,
                                   GValue       *to_value,
                                   gpointer      user_data);

/* The same between a boolean property and a drop-down of two rows;
 * user_data is the row of TRUE (GUINT_TO_POINTER (0) or (1)). */
gboolean sw_boolean_to_position   (GBinding     *binding,
                                   const GValue *from_value,
                                   GValue       *to_value,
                                   gpointer      user_data);
gboolean sw_position_to_boolean   (GBinding     *binding,
                                   const GValue *from_value,
                                   GValue       *to_value,
                                   gpointer      user_data);

/* Stops following an object with @bindings and @signals, and frees
 * them: for dispose. */
void     sw_clear_groups          (GBindingGroup **bindings,
                                   GSignalGroup  **signals);

/* Before GTK starts: picks the cairo renderer when there is no GPU (see
 * sw-utils.c), unless GSK_RENDERER says otherwise. */
void sw_choose_renderer           (void);

G_END_DECLS
