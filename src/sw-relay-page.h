/* sw-relay-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-relay.h"
#include "sw-session-page.h"

G_BEGIN_DECLS

#define SW_TYPE_RELAY_PAGE (sw_relay_page_get_type ())

G_DECLARE_FINAL_TYPE (SwRelayPage, sw_relay_page, SW, RELAY_PAGE, SwSessionPage)

GtkWidget *sw_relay_page_new       (void);
SwRelay   *sw_relay_page_get_relay (SwRelayPage *self);

G_END_DECLS
