/* sw-session-kind.h: the one table of session kinds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sw-endpoint.h"

G_BEGIN_DECLS

/* A kind of session: what the "New Session" menu offers, what
 * win.new-session('ID') opens, what a saved session says it was. Adding
 * a kind is its engine, its page and a row of this table. */
typedef struct
{
  const char *id;           /* saved with sessions: never change one */
  const char *title;        /* untranslated, for the tab until it has a better one */
  const char *menu_label;   /* untranslated, with a mnemonic */
  const char *icon_name;
  GType     (*get_type) (void);
  /* The URI schemes its page opens ("tcp tls"), space-separated, or NULL. */
  const char *schemes;
} SwSessionKind;

guint                 sw_session_kind_get_n    (void);
const SwSessionKind  *sw_session_kind_get      (guint       position);
/* The kind saved as @id, or %NULL (e.g. from a newer version). */
const SwSessionKind  *sw_session_kind_lookup   (const char *id);
/* The kind whose pages are of @type, or %NULL. */
const SwSessionKind  *sw_session_kind_for_type (GType       type);
/* The kind that opens URIs of @scheme (tcp://… opens a TCP client). */
const SwSessionKind  *sw_session_kind_for_scheme (SwEndpointScheme scheme);
/* The title and menu label, translated. */
const char           *sw_session_kind_get_title      (const SwSessionKind *kind);
const char           *sw_session_kind_get_menu_label (const SwSessionKind *kind);

G_END_DECLS
