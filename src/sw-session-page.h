/* sw-session-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-code-export.h"
#include "sw-engine.h"
#include "sw-file-sender.h"
#include "sw-framing.h"
#include "sw-rule-set.h"
#include "sw-send-bar.h"
#include "sw-session-kind.h"
#include "sw-traffic-view.h"

G_BEGIN_DECLS

#define SW_TYPE_SESSION_PAGE (sw_session_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (SwSessionPage, sw_session_page, SW, SESSION_PAGE, GtkWidget)

/* A session tab: a form, a status line, the traffic view and the send
 * bar around one engine. A kind's page derives from it; its template
 * fills the slots with <child type="form">, "status" (beside the status
 * line), "side" (beside the traffic view) and "send-target" (above the
 * send bar). The rules panel opens on the other side of the view. */
struct _SwSessionPageClass
{
  GtkWidgetClass parent_class;

  /* What the kind keeps besides the view's and the send bar's settings. */
  void     (*save_state)    (SwSessionPage     *self,
                             GVariantDict      *state);
  void     (*restore_state) (SwSessionPage     *self,
                             GVariantDict      *state);
  /* Sends a message from the send bar; the default gives it to the
   * engine (sw_engine_send_full() without a connection). */
  gboolean (*send)          (SwSessionPage     *self,
                             GBytes            *payload,
                             const SwSendInfo  *info,
                             GError           **error);
  /* The bytes a send waits behind; the default, the engine's unsent bytes. */
  guint64  (*get_backlog)   (SwSessionPage     *self);
  /* Fills the form from a URI of one of the kind's schemes and connects,
   * listens or binds as its button would. */
  void     (*open_endpoint) (SwSessionPage     *self,
                             SwEndpoint        *endpoint,
                             SwEndpointScheme   scheme);
  /* What code made from the log needs to know of the form (see
   * sw-code-export.h): the kind, the port, TLS…, and the host as typed
   * (returned, or %NULL for the log's address). */
  char    *(*describe_code) (SwSessionPage     *self,
                             SwCodeSessionKind *kind,
                             SwCodeTarget      *target);
  /* Points a file about to be sent where a message from the send bar
   * goes (sw_file_sender_add_target()), after prepare_send; FALSE with
   * why when there is nowhere. The default leaves it to the engine. */
  gboolean (*prepare_file_sender) (SwSessionPage  *self,
                                   SwFileSender   *sender,
                                   GError        **error);
  /* How the session talks now: over UDP a file goes out in datagrams
   * of a size the person picks. The default, TCP. */
  SwTransport (*get_transport) (SwSessionPage   *self);
  /* Points what the session sends next where the form says (the remote
   * typed in a UDP form), before a message from the send bar or the
   * Messages panel and before a sequence runs; FALSE with why when the
   * form says nowhere. The default has nothing to do. */
  gboolean (*prepare_send)  (SwSessionPage     *self,
                             GError           **error);

  /*< private >*/
  gpointer padding[3];
};

const SwSessionKind *sw_session_page_get_kind         (SwSessionPage *self);
/* The #SwSessionPage:title, shown on its tab. */
const char          *sw_session_page_get_title        (SwSessionPage *self);
SwEngine            *sw_session_page_get_engine       (SwSessionPage *self);
SwTrafficView       *sw_session_page_get_traffic_view (SwSessionPage *self);
SwSendBar           *sw_session_page_get_send_bar     (SwSessionPage *self);
/* Opens what a URI of @scheme asks for (see #SwSessionKind.schemes). */
void                 sw_session_page_open_endpoint    (SwSessionPage    *self,
                                                       SwEndpoint       *endpoint,
                                                       SwEndpointScheme  scheme);
/* The auto-reply rules, and how what is received is cut into the frames
 * they match (the same framing a lens of the view can show). */
SwRuleSet           *sw_session_page_get_rules        (SwSessionPage *self);
SwFraming           *sw_session_page_get_framing      (SwSessionPage *self);
/* The form values and view settings, as an a{sv} with a "kind". */
GVariant            *sw_session_page_save_state       (SwSessionPage *self);
void                 sw_session_page_restore_state    (SwSessionPage *self,
                                                       GVariant      *state);

G_END_DECLS
