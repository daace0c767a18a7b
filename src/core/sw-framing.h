/* sw-framing.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sw-codec.h"

G_BEGIN_DECLS

#define SW_FRAMING_ERROR (sw_framing_error_quark ())

typedef enum
{
  SW_FRAMING_ERROR_DELIMITER,
  SW_FRAMING_ERROR_FIXED_LENGTH,
  SW_FRAMING_ERROR_LENGTH_FIELD,
  SW_FRAMING_ERROR_IDLE_GAP,
} SwFramingError;

/* How a byte stream is cut into frames. */
typedef enum
{
  SW_FRAMING_MODE_NONE,          /* each chunk as read is a frame */
  SW_FRAMING_MODE_DELIMITER,     /* a frame ends with the delimiter */
  SW_FRAMING_MODE_FIXED,         /* every frame has fixed-length bytes */
  SW_FRAMING_MODE_LENGTH_FIELD,  /* a header field gives the length */
  SW_FRAMING_MODE_IDLE_GAP,      /* a frame ends after a pause */
} SwFramingMode;

/* 64 KiB, the default maximum frame size. */
#define SW_FRAMING_DEFAULT_MAX_FRAME_SIZE (64 * 1024)
/* The most the maximum frame size can be: a frame is buffered whole. */
#define SW_FRAMING_MAX_FRAME_SIZE_LIMIT (64 * 1024 * 1024)

#define SW_TYPE_FRAMING (sw_framing_get_type ())

G_DECLARE_FINAL_TYPE (SwFraming, sw_framing, SW, FRAMING, GObject)

GQuark           sw_framing_error_quark                (void);

SwFraming       *sw_framing_new                        (void);

SwFramingMode    sw_framing_get_mode                   (SwFraming       *self);
void             sw_framing_set_mode                   (SwFraming       *self,
                                                        SwFramingMode    mode);
/* The delimiter as typed: "\r\n" (text with escapes) or "0D 0A" (hex). */
const char      *sw_framing_get_delimiter              (SwFraming       *self);
void             sw_framing_set_delimiter              (SwFraming       *self,
                                                        const char      *delimiter);
SwPayloadFormat  sw_framing_get_delimiter_format       (SwFraming       *self);
void             sw_framing_set_delimiter_format       (SwFraming       *self,
                                                        SwPayloadFormat  format);
/* Whether the display shows the delimiter; frames always hold it. */
gboolean         sw_framing_get_keep_delimiter         (SwFraming       *self);
void             sw_framing_set_keep_delimiter         (SwFraming       *self,
                                                        gboolean         keep_delimiter);
guint            sw_framing_get_fixed_length           (SwFraming       *self);
void             sw_framing_set_fixed_length           (SwFraming       *self,
                                                        guint            fixed_length);
/* Where the length field starts, in bytes from the frame's start. */
guint            sw_framing_get_length_offset          (SwFraming       *self);
void             sw_framing_set_length_offset          (SwFraming       *self,
                                                        guint            length_offset);
/* 1, 2 or 4 bytes. */
guint            sw_framing_get_length_size            (SwFraming       *self);
void             sw_framing_set_length_size            (SwFraming       *self,
                                                        guint            length_size);
gboolean         sw_framing_get_length_big_endian      (SwFraming       *self);
void             sw_framing_set_length_big_endian      (SwFraming       *self,
                                                        gboolean         big_endian);
/* Whether the value counts the header (offset + size bytes) too. */
gboolean         sw_framing_get_length_includes_header (SwFraming       *self);
void             sw_framing_set_length_includes_header (SwFraming       *self,
                                                        gboolean         includes_header);
/* Added to the value, e.g. for a trailing checksum it does not count. */
gint             sw_framing_get_length_adjust          (SwFraming       *self);
void             sw_framing_set_length_adjust          (SwFraming       *self,
                                                        gint             length_adjust);
guint            sw_framing_get_max_frame_size         (SwFraming       *self);
void             sw_framing_set_max_frame_size         (SwFraming       *self,
                                                        guint            max_frame_size);
guint            sw_framing_get_idle_gap_ms            (SwFraming       *self);
void             sw_framing_set_idle_gap_ms            (SwFraming       *self,
                                                        guint            idle_gap_ms);

/* The delimiter's bytes (text with escapes in UTF-8, or hex); on error,
 * *@error_offset is where in the delimiter text to point. */
GBytes          *sw_framing_parse_delimiter            (SwFraming       *self,
                                                        gsize           *error_offset,
                                                        GError         **error);
/* Whether the settings the mode uses can frame a stream; if not, a
 * reason a person can act on. */
gboolean         sw_framing_validate                   (SwFraming       *self,
                                                        GError         **error);

/* Every setting, as an a{sv} keyed by property name (enums by nick). */
GVariant        *sw_framing_save                       (SwFraming       *self);
/* Applies what @state holds (one "changed" at most); keys it does not
 * know, or whose type or value does not fit, are ignored. */
void             sw_framing_restore                    (SwFraming       *self,
                                                        GVariant        *state);

G_END_DECLS
