/* sw-listen-form.h: the "where to listen" fields a server and a relay share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The widgets of a page's template: an address drop-down (all
 * interfaces, all IPv4, localhost, other…), the entry for another
 * address, and the port. */
typedef struct
{
  GtkDropDown *address;
  GtkEditable *custom;
  GtkEditable *port;
} SwListenForm;

/* Follows the drop-down: shows the entry for another address. */
void     sw_listen_form_init      (SwListenForm       *form);
/* What the form asks to listen on: the address (NULL for all interfaces,
 * IPv6 and IPv4) and the port. On bad input, an error for the person,
 * and the field to fix has the focus. */
gboolean sw_listen_form_parse     (const SwListenForm *form,
                                   GInetAddress      **address,
                                   guint16            *port,
                                   GError            **error);
/* The fields describe the next listener: they stay put while one runs. */
void     sw_listen_form_set_sensitive (const SwListenForm *form,
                                       gboolean            sensitive);
/* Saved as "address", "custom-address" and "port". */
void     sw_listen_form_save      (const SwListenForm *form,
                                   GVariantDict       *state);
void     sw_listen_form_restore   (const SwListenForm *form,
                                   GVariantDict       *state);

G_END_DECLS
