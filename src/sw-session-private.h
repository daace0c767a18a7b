/* sw-session-private.h: what the session pages share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-send-bar.h"
#include "sw-session.h"
#include "sw-traffic-log.h"
#include "sw-traffic-view.h"

G_BEGIN_DECLS

/* Follows the preferences (log limit, view lines) and starts @view with
 * the default display settings. */
void _sw_session_setup          (SwTrafficView *view,
                                 SwTrafficLog  *log,
                                 GSettings     *settings);
/* Saves or restores a property (string, boolean, number or enum) under
 * @key; a missing or mistyped key leaves the property as it is. */
void _sw_session_save_property    (GVariantDict *state,
                                   const char   *key,
                                   gpointer      object,
                                   const char   *property);
void _sw_session_restore_property (GVariantDict *state,
                                   const char   *key,
                                   gpointer      object,
                                   const char   *property);
/* The send bar's and the view's settings, as every session has them. */
void _sw_session_save_common      (GVariantDict  *state,
                                   SwTrafficView *view,
                                   SwSendBar     *send_bar);
void _sw_session_restore_common   (GVariantDict  *state,
                                   SwTrafficView *view,
                                   SwSendBar     *send_bar);
/* Makes @title (taken) the session's title in *@slot, notifying
 * #SwSession:title when it changed. */
void _sw_session_take_title       (SwSession    *self,
                                   char        **slot,
                                   char         *title);
/* Makes the form's @first and following widgets (%NULL ended) sensitive
 * or not. When they turn insensitive with the focus in one of them (Enter
 * in the Port field connects), the focus goes on to @send_bar's message
 * first, as it would when the field is left. */
void _sw_session_set_form_sensitive (SwSendBar    *send_bar,
                                     gboolean      sensitive,
                                     GtkWidget    *first,
                                     ...) G_GNUC_NULL_TERMINATED;
/* Shows @error's message under the form, or hides the label. */
void _sw_session_show_error       (GtkLabel     *label,
                                   const GError *error);

G_END_DECLS
