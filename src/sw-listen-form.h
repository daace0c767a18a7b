/* sw-listen-form.h: the "where to listen" fields a server and a relay share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-endpoint.h"
#include "sw-session-page.h"

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
/* What the form asks to listen on: no host for all interfaces (IPv6 and
 * IPv4), or an IP address (IPv6 with its scope, "fe80::1%eth0"), and the
 * port. On bad input, %NULL with an error for the person, and the field
 * to fix has the focus. */
SwEndpoint *sw_listen_form_parse  (const SwListenForm *form,
                                   GError            **error);
/* The same without moving the focus or saying why: %NULL when the fields
 * do not parse. */
SwEndpoint *sw_listen_form_parse_quietly (const SwListenForm *form);
/* Shows @endpoint in the fields: no host is all interfaces. */
void     sw_listen_form_set_endpoint (const SwListenForm *form,
                                      SwEndpoint         *endpoint);
/* The fields describe the next listener: they stay put while one runs. */
void     sw_listen_form_set_sensitive (const SwListenForm *form,
                                       SwSessionPage      *page,
                                       gboolean            sensitive);
/* Saved as "address", "custom-address" and "port". */
void     sw_listen_form_save      (const SwListenForm *form,
                                   GVariantDict       *state);
void     sw_listen_form_restore   (const SwListenForm *form,
                                   GVariantDict       *state);

G_END_DECLS
