/* sw-codec.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-encoding.h"
#include "sw-placeholder.h"

G_BEGIN_DECLS

typedef enum
{
  SW_PAYLOAD_FORMAT_TEXT,
  SW_PAYLOAD_FORMAT_HEX,
} SwPayloadFormat;

typedef enum
{
  SW_LINE_ENDING_NONE,
  SW_LINE_ENDING_LF,
  SW_LINE_ENDING_CR,
  SW_LINE_ENDING_CRLF,
} SwLineEnding;

/* The bytes of a line ending ("", "\n", "\r", "\r\n"). */
const char *sw_line_ending_get_bytes (SwLineEnding     line_ending);

/* Turns what a person typed into the bytes to send:
 *  - HEX: sw_hex_parse(); the line ending is not added (the bytes are
 *    exactly what was typed);
 *  - TEXT: with @escapes, sw_escape_parse(), else sw_encoding_encode();
 *    then the line ending, encoded with @encoding.
 * On error, *@error_offset is the byte offset in @text to point at. */
GBytes     *sw_codec_encode          (const char      *text,
                                      SwPayloadFormat  format,
                                      gboolean         escapes,
                                      SwLineEnding     line_ending,
                                      SwEncoding       encoding,
                                      gsize           *error_offset,
                                      GError         **error);

/* How to turn a message's text into bytes: what the send bar and a
 * saved message know. */
typedef struct
{
  SwPayloadFormat format;
  gboolean        escapes;
  SwLineEnding    line_ending;
  SwEncoding      encoding;
  /* Expand {{counter}}, {{time}}, {{date}}, {{unixtime}}, {{random:N}}. */
  gboolean        placeholders;
} SwCodecOptions;

/* sw_codec_encode() with placeholders: the text between them is encoded
 * as sw_codec_encode() does; a placeholder gives its text (encoded with
 * the encoding in TEXT, ASCII in HEX), {{random:N}} raw bytes. @state
 * holds the counter, the clock and the generator; %NULL is a fresh one
 * (counter 1), for a preview. */
GBytes     *sw_codec_encode_full     (const SwCodecOptions *options,
                                      const char           *text,
                                      SwPlaceholderState   *state,
                                      gsize                *error_offset,
                                      GError              **error);

G_END_DECLS
