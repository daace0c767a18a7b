/* sw-message.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sw-checksum.h"
#include "sw-codec.h"

G_BEGIN_DECLS

#define SW_TYPE_MESSAGE (sw_message_get_type ())

G_DECLARE_FINAL_TYPE (SwMessage, sw_message, SW, MESSAGE, GObject)

/* A saved message: what the send bar knows (text, format, escapes, line
 * ending, encoding, checksum and its range, placeholders), a name, a
 * group and a note, and where it goes by default (kept from an import).
 * Every property notifies only when it changes; "changed" follows once
 * per batch of notifications. */
SwMessage       *sw_message_new                      (const char       *name);
/* A new message with the same properties. */
SwMessage       *sw_message_copy                     (SwMessage        *self);
/* Whether every property is the same. */
gboolean         sw_message_equal                    (SwMessage        *a,
                                                      SwMessage        *b);

const char      *sw_message_get_name                 (SwMessage        *self);
void             sw_message_set_name                 (SwMessage        *self,
                                                      const char       *name);
/* A folder name, "" for none. */
const char      *sw_message_get_group                (SwMessage        *self);
void             sw_message_set_group                (SwMessage        *self,
                                                      const char       *group);
const char      *sw_message_get_note                 (SwMessage        *self);
void             sw_message_set_note                 (SwMessage        *self,
                                                      const char       *note);
const char      *sw_message_get_text                 (SwMessage        *self);
void             sw_message_set_text                 (SwMessage        *self,
                                                      const char       *text);
SwPayloadFormat  sw_message_get_format               (SwMessage        *self);
void             sw_message_set_format               (SwMessage        *self,
                                                      SwPayloadFormat   format);
gboolean         sw_message_get_escapes              (SwMessage        *self);
void             sw_message_set_escapes              (SwMessage        *self,
                                                      gboolean          escapes);
SwLineEnding     sw_message_get_line_ending          (SwMessage        *self);
void             sw_message_set_line_ending          (SwMessage        *self,
                                                      SwLineEnding      line_ending);
SwEncoding       sw_message_get_encoding             (SwMessage        *self);
void             sw_message_set_encoding             (SwMessage        *self,
                                                      SwEncoding        encoding);
gboolean         sw_message_get_placeholders         (SwMessage        *self);
void             sw_message_set_placeholders         (SwMessage        *self,
                                                      gboolean          placeholders);

/* The checksum, as the id of an algorithm ("crc16-modbus"; "none" for
 * none), the byte order it is appended in ("big" or "little"), and the
 * range it covers: from byte @start to the end less @end_trim bytes. */
const char      *sw_message_get_checksum             (SwMessage        *self);
void             sw_message_set_checksum             (SwMessage        *self,
                                                      const char       *checksum);
const char      *sw_message_get_checksum_byte_order  (SwMessage        *self);
void             sw_message_set_checksum_byte_order  (SwMessage        *self,
                                                      const char       *byte_order);
guint            sw_message_get_checksum_start       (SwMessage        *self);
void             sw_message_set_checksum_start       (SwMessage        *self,
                                                      guint             start);
guint            sw_message_get_checksum_end_trim    (SwMessage        *self);
void             sw_message_set_checksum_end_trim    (SwMessage        *self,
                                                      guint             end_trim);

/* Where it goes when nothing else says: "tcp", "udp", "tls" or "" for
 * none, a host ("" none), a port (0 none), and a repeat interval in
 * milliseconds (0 none). */
const char      *sw_message_get_protocol             (SwMessage        *self);
void             sw_message_set_protocol             (SwMessage        *self,
                                                      const char       *protocol);
const char      *sw_message_get_host                 (SwMessage        *self);
void             sw_message_set_host                 (SwMessage        *self,
                                                      const char       *host);
guint            sw_message_get_port                 (SwMessage        *self);
void             sw_message_set_port                 (SwMessage        *self,
                                                      guint             port);
guint            sw_message_get_repeat_interval      (SwMessage        *self);
void             sw_message_set_repeat_interval      (SwMessage        *self,
                                                      guint             interval_ms);

/* The codec options of the message. */
void             sw_message_get_codec_options        (SwMessage        *self,
                                                      SwCodecOptions   *options);
/* The bytes to send, placeholders expanded with @state (%NULL: a fresh
 * state) when the message turns them on. The checksum is NOT appended:
 * the caller applies it to these bytes. */
GBytes          *sw_message_encode                   (SwMessage        *self,
                                                      SwPlaceholderState *state,
                                                      GError          **error);

/* The checksum settings as a spec; FALSE (SW_CHECKSUM_ERROR_UNKNOWN)
 * when the id names no algorithm this version knows. */
gboolean         sw_message_get_checksum_spec        (SwMessage        *self,
                                                      SwChecksumSpec   *spec,
                                                      GError          **error);
/* What goes on the wire: sw_message_encode() with the message's own
 * checksum appended over its range. */
GBytes          *sw_message_encode_with_checksum     (SwMessage        *self,
                                                      SwPlaceholderState *state,
                                                      GError          **error);

G_END_DECLS
