/* sw-connection-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-connection.h"

G_BEGIN_DECLS

#define SW_TYPE_CONNECTION_LIST (sw_connection_list_get_type ())

G_DECLARE_FINAL_TYPE (SwConnectionList, sw_connection_list, SW, CONNECTION_LIST, GtkWidget)

/* The connections of a server or a relay: who, since when, bytes each
 * way, with Disconnect and Disconnect All. */
GtkWidget  *sw_connection_list_new             (void);

/* The list model of SwConnection to show. */
GListModel *sw_connection_list_get_model       (SwConnectionList *self);
void        sw_connection_list_set_model       (SwConnectionList *self,
                                                GListModel       *model);
/* Whether the rows are a relay's: client and upstream, and the counts
 * named for the direction. */
gboolean    sw_connection_list_get_relay       (SwConnectionList *self);
void        sw_connection_list_set_relay       (SwConnectionList *self,
                                                gboolean          relay);
/* What the list says when it is empty. */
void        sw_connection_list_set_empty_text  (SwConnectionList *self,
                                                const char       *text);

/* The connected ones, all or only those selected. */
GPtrArray  *sw_connection_list_dup_connections (SwConnectionList *self,
                                                gboolean          selected_only);
guint       sw_connection_list_count           (SwConnectionList *self,
                                                gboolean          selected_only);

G_END_DECLS
