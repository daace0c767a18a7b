/* sw-send-bar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-checksum.h"
#include "sw-codec.h"
#include "sw-send-scheduler.h"

G_BEGIN_DECLS

#define SW_TYPE_SEND_BAR (sw_send_bar_get_type ())

G_DECLARE_FINAL_TYPE (SwSendBar, sw_send_bar, SW, SEND_BAR, GtkWidget)

/* Creates the "what to send, how" area of a session. */
GtkWidget       *sw_send_bar_new                     (void);

/* The message as typed. */
const char      *sw_send_bar_get_text                (SwSendBar       *self);
void             sw_send_bar_set_text                (SwSendBar       *self,
                                                      const char      *text);

/* Whether the message is text or hex bytes. */
SwPayloadFormat  sw_send_bar_get_format              (SwSendBar       *self);
void             sw_send_bar_set_format              (SwSendBar       *self,
                                                      SwPayloadFormat  format);

/* Whether \r \n \t \0 \\ and \xNN in text become bytes. */
gboolean         sw_send_bar_get_escapes             (SwSendBar       *self);
void             sw_send_bar_set_escapes             (SwSendBar       *self,
                                                      gboolean         escapes);

/* What is appended to text messages. */
SwLineEnding     sw_send_bar_get_line_ending         (SwSendBar       *self);
void             sw_send_bar_set_line_ending         (SwSendBar       *self,
                                                      SwLineEnding     line_ending);

/* The encoding text messages are sent in; one of those the bar offers:
 * UTF-8, GB18030, GBK, Big5 or Latin-1. */
SwEncoding       sw_send_bar_get_encoding            (SwSendBar       *self);
void             sw_send_bar_set_encoding            (SwSendBar       *self,
                                                      SwEncoding       encoding);

/* The checksum added after each message (and its byte order and range,
 * see #SwChecksumSpec); a message too short for the range does not
 * encode. */
#define SW_SEND_BAR_CHECKSUM_RANGE_MAX G_MAXINT
SwChecksum       sw_send_bar_get_checksum            (SwSendBar       *self);
void             sw_send_bar_set_checksum            (SwSendBar       *self,
                                                      SwChecksum       checksum);
SwByteOrder      sw_send_bar_get_checksum_byte_order (SwSendBar       *self);
void             sw_send_bar_set_checksum_byte_order (SwSendBar       *self,
                                                      SwByteOrder      byte_order);
guint            sw_send_bar_get_checksum_start      (SwSendBar       *self);
void             sw_send_bar_set_checksum_start      (SwSendBar       *self,
                                                      guint            start);
guint            sw_send_bar_get_checksum_end_trim   (SwSendBar       *self);
void             sw_send_bar_set_checksum_end_trim   (SwSendBar       *self,
                                                      guint            end_trim);
void             sw_send_bar_get_checksum_spec       (SwSendBar       *self,
                                                      SwChecksumSpec  *spec);

/* Whether Send repeats the message every repeat-interval milliseconds
 * until Stop (armed); unsetting it ends a repeating run. */
gboolean         sw_send_bar_get_repeat              (SwSendBar       *self);
void             sw_send_bar_set_repeat              (SwSendBar       *self,
                                                      gboolean         repeat);
guint            sw_send_bar_get_repeat_interval     (SwSendBar       *self);
void             sw_send_bar_set_repeat_interval     (SwSendBar       *self,
                                                      guint            interval_ms);

/* How many times each send sends the message: copies after the first go
 * out as fast as the connection takes them (see set_backlog_func). */
guint            sw_send_bar_get_times               (SwSendBar       *self);
void             sw_send_bar_set_times               (SwSendBar       *self,
                                                      guint            times);
/* Whether copies or repeats of a message are going out; stop() ends
 * them. */
gboolean         sw_send_bar_get_sending             (SwSendBar       *self);
void             sw_send_bar_stop                    (SwSendBar       *self);

/* Bytes the connection holds that it has not sent yet. */
typedef SwSendSchedulerBacklogFunc SwSendBarBacklogFunc;
void             sw_send_bar_set_backlog_func        (SwSendBar            *self,
                                                      SwSendBarBacklogFunc  func,
                                                      gpointer              user_data,
                                                      GDestroyNotify        destroy);

/* Whether sending is possible at all (e.g. connected). */
gboolean         sw_send_bar_get_can_send            (SwSendBar       *self);
void             sw_send_bar_set_can_send            (SwSendBar       *self,
                                                      gboolean         can_send);

/* Why sending is not possible, shown on the Send button. */
const char      *sw_send_bar_get_send_blocked_reason (SwSendBar       *self);
void             sw_send_bar_set_send_blocked_reason (SwSendBar       *self,
                                                      const char      *reason);

/* Why the message does not encode, or %NULL when it does. */
const GError    *sw_send_bar_get_error               (SwSendBar       *self);
/* The bytes the message encodes to, with its checksum: what Send sends;
 * %NULL when it does not encode. */
GBytes          *sw_send_bar_get_payload             (SwSendBar       *self);

/* Puts the text cursor where the message stops encoding. */
void             sw_send_bar_select_error            (SwSendBar       *self);

G_END_DECLS
