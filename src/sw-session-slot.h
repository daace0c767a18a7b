/* sw-session-slot.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-session-kind.h"
#include "sw-session-page.h"

G_BEGIN_DECLS

#define SW_TYPE_SESSION_SLOT (sw_session_slot_get_type ())

G_DECLARE_FINAL_TYPE (SwSessionSlot, sw_session_slot, SW, SESSION_SLOT, GtkWidget)

/* A session's tab in the window. Its page is made the first time the tab
 * is shown (or asked for), from @state if it has one: a window restoring
 * many sessions pays only for the one it shows. */
SwSessionSlot       *sw_session_slot_new        (const SwSessionKind *kind,
                                                 GVariant            *state);
const SwSessionKind *sw_session_slot_get_kind   (SwSessionSlot       *self);
/* The page, made now if it was not yet. */
SwSessionPage       *sw_session_slot_get_page   (SwSessionSlot       *self);
/* The page, or %NULL while the tab has never been shown. */
SwSessionPage       *sw_session_slot_peek_page  (SwSessionSlot       *self);
const char          *sw_session_slot_get_title  (SwSessionSlot       *self);
/* What to restore the session from: its page's state, or the state it
 * was given while it has no page yet. */
GVariant            *sw_session_slot_save_state (SwSessionSlot       *self);

G_END_DECLS
