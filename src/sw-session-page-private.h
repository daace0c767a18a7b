/* sw-session-page-private.h: for the kinds' pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-capture.h"
#include "sw-connection-list.h"
#include "sw-messages-panel.h"
#include "sw-rules-panel.h"
#include "sw-session-page.h"

G_BEGIN_DECLS

/* The page's engine, made in the subclass's init: the base shows its
 * last error, gives it the page's log settings and stops it on dispose. */
void          _sw_session_page_set_engine       (SwSessionPage      *self,
                                                 SwEngine           *engine);
/* The list the page's Disconnect and Disconnect All act on. */
void          _sw_session_page_set_connection_list (SwSessionPage    *self,
                                                    SwConnectionList *list);
void          _sw_session_page_set_title        (SwSessionPage      *self,
                                                 const char         *title);
/* Makes the form's @first and following widgets (%NULL ended) sensitive
 * or not. When they turn insensitive with the focus in one of them (Enter
 * in the Port field connects), the focus goes on to the message first,
 * as it would when the field is left. */
void          _sw_session_page_set_form_sensitive (SwSessionPage    *self,
                                                   gboolean          sensitive,
                                                   GtkWidget        *first,
                                                   ...) G_GNUC_NULL_TERMINATED;
/* Whether the send bar can send as far as the kind knows (connected, a
 * client to send to), and @reason why not: a file going out blocks it
 * too, with its own reason. Kinds call this, not the send bar's. */
void          _sw_session_page_set_can_send     (SwSessionPage      *self,
                                                 gboolean            can_send,
                                                 const char         *reason);
/* Shows @error's message under the form, or hides it. */
void          _sw_session_page_show_error       (SwSessionPage      *self,
                                                 const GError       *error);
/* The status line, with a spinner while @busy. */
void          _sw_session_page_set_status       (SwSessionPage      *self,
                                                 const char         *status,
                                                 gboolean            busy);
GSettings    *_sw_session_page_get_settings     (SwSessionPage      *self);
/* Cancelled when the page goes: for the page's async calls. */
GCancellable *_sw_session_page_get_cancellable  (SwSessionPage      *self);
/* The page's Rules and Messages panels, made (hidden) on first ask as
 * showing them makes them: for the tests. */
SwRulesPanel *_sw_session_page_get_rules_panel  (SwSessionPage      *self);
SwMessagesPanel *_sw_session_page_get_messages_panel (SwSessionPage   *self);
/* Sends @payload as the send bar's Send would, to where it sends: FALSE
 * with @error saying why when the bar cannot send now (no connection, no
 * target) or the connection holds more than SW_SEND_SCHEDULER_BACKLOG_MAX
 * bytes it has not sent yet. For the Messages panel. */
gboolean      _sw_session_page_send             (SwSessionPage      *self,
                                                 GBytes             *payload,
                                                 const SwSendInfo   *info,
                                                 GError            **error);
/* Points what the session sends next where the form says, as Send does
 * (see SwSessionPageClass.prepare_send): for a sequence about to run. */
gboolean      _sw_session_page_prepare_send     (SwSessionPage      *self,
                                                 GError            **error);
/* What the log says of a message from the send bar: text in its
 * encoding, or bytes. */
void          _sw_session_page_send_info        (SwSessionPage      *self,
                                                 SwSendInfo         *info);

/* For describe_code: the host and port of two fields as typed, the host
 * (a name stays a name) returned and the port in @port; %NULL and 0 when
 * they do not parse, so that the log's address is used. */
char         *_sw_session_page_typed_endpoint   (GtkEditable        *host,
                                                 GtkEditable        *port_entry,
                                                 guint16            *port);

/* Saves or restores a property (string, boolean, number or enum) under
 * @key; a missing or mistyped key leaves the property as it is. */
void          _sw_session_save_property         (GVariantDict       *state,
                                                 const char         *key,
                                                 gpointer            object,
                                                 const char         *property);
void          _sw_session_restore_property      (GVariantDict       *state,
                                                 const char         *key,
                                                 gpointer            object,
                                                 const char         *property);
/* The same for a drop-down, by the ids of its rows. */
void          _sw_session_save_choice           (GVariantDict       *state,
                                                 const char         *key,
                                                 GtkDropDown        *drop_down,
                                                 const char * const *ids,
                                                 guint               n_ids);
void          _sw_session_restore_choice        (GVariantDict       *state,
                                                 const char         *key,
                                                 GtkDropDown        *drop_down,
                                                 const char * const *ids,
                                                 guint               n_ids);

/* For tests, which cannot drive a file chooser: what Send File… and
 * Capture to File… do with the file chosen. Over UDP, sending asks for
 * the datagrams' size and rate first (see get_send_file_dialog()); a
 * capture of @connection (nullable) is Capture… in the list of clients. */
void          _sw_session_page_send_file        (SwSessionPage      *self,
                                                 GFile              *file);
void          _sw_session_page_capture          (SwSessionPage      *self,
                                                 GFile              *file,
                                                 SwConnection       *connection);
/* The file chooser open now, or %NULL. */
GtkNativeDialog *_sw_session_page_get_file_chooser (SwSessionPage   *self);
/* The dialog asking how a file goes out over UDP, open now, or %NULL. */
GtkWindow    *_sw_session_page_get_send_file_dialog (SwSessionPage  *self);
/* The file going out or last sent, and the capture going on or last
 * made, or %NULL. */
SwFileSender *_sw_session_page_get_file_sender  (SwSessionPage      *self);
SwCapture    *_sw_session_page_get_capture      (SwSessionPage      *self);

G_END_DECLS
