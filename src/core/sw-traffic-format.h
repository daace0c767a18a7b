/* sw-traffic-format.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-encoding.h"
#include "sw-traffic-log.h"

G_BEGIN_DECLS

typedef enum
{
  SW_DISPLAY_MODE_TEXT,
  SW_DISPLAY_MODE_HEX,
} SwDisplayMode;

typedef enum
{
  SW_TRAFFIC_FORMAT_NONE = 0,
  /* "12:00:01.123" before each record. */
  SW_TRAFFIC_FORMAT_TIME = 1 << 0,
  /* "2026-11-21 12:00:01.123" instead (with TIME), for files. */
  SW_TRAFFIC_FORMAT_DATE = 1 << 1,
  /* Text a person sent (SW_RECORD_FLAGS_TEXT) decoded in the encoding it
   * was sent in, as it was typed, rather than in the formatter's. */
  SW_TRAFFIC_FORMAT_TEXT_AS_SENT = 1 << 2,
} SwTrafficFormatFlags;

/* Indent of a record's continuation lines (multi-line text, hex dumps). */
#define SW_TRAFFIC_FORMAT_INDENT "    "

typedef struct _SwTrafficFormatter SwTrafficFormatter;

/* Renders records as people read them, in the traffic view and in saved
 * files alike:
 *   12:00:01.123 → 127.0.0.1:7000 (7 B) hello\r\n
 *   12:00:01.130 ← 127.0.0.1:7000 (2 B)
 *       00000000  4F 4B                                             |OK|
 *   12:00:02.000 · Connection closed by 127.0.0.1:7000
 */
SwTrafficFormatter *sw_traffic_formatter_new               (SwDisplayMode          mode,
                                                            SwEncoding             encoding,
                                                            SwTrafficFormatFlags   flags);
void                sw_traffic_formatter_free              (SwTrafficFormatter    *self);
/* Shows at most @max_bytes of a payload, as text also at most about
 * @max_bytes of text (escaped binary data is four characters a byte), and
 * says how much more there is (0: everything). */
void                sw_traffic_formatter_set_payload_limit (SwTrafficFormatter    *self,
                                                            gsize                  max_bytes);
/* Appends @record as whole lines; returns the byte length of its header
 * (time, arrow, peer and size) at the start of its first line. */
gsize               sw_traffic_formatter_append            (SwTrafficFormatter    *self,
                                                            const SwTrafficRecord *record,
                                                            GString               *out);
/* Appends the line that stands for the rest of a file sent, @bytes in
 * records not shown one by one (SW_RECORD_FLAGS_FILE):
 *   ⋯ 1073479680 more bytes sent from the file, not drawn here (the
 *   counters include them)
 */
void                sw_traffic_formatter_append_file_more  (SwTrafficFormatter    *self,
                                                            guint64                bytes,
                                                            GString               *out);

/* The same with @note (nullable) after the size, in brackets, as
 * "(8 B) [CRC-16/MODBUS ✓]"; *@note_start and *@note_end say where the
 * note is, brackets included, from where the record begins. */
gsize               sw_traffic_formatter_append_noted      (SwTrafficFormatter    *self,
                                                            const SwTrafficRecord *record,
                                                            const char            *note,
                                                            GString               *out,
                                                            gsize                 *note_start,
                                                            gsize                 *note_end);
/* The payload byte shown at @column (characters) of @line of what
 * sw_traffic_formatter_append_noted() appends, or the first one after
 * it: a selection from one position to another shows the bytes
 * [locate (start), locate (end)). */
gsize               sw_traffic_formatter_locate            (SwTrafficFormatter    *self,
                                                            const SwTrafficRecord *record,
                                                            const char            *note,
                                                            guint                  line,
                                                            guint                  column);

/* Where bytes @offsets (ascending) of @record's payload are shown, in
 * one pass: their @lines (G_MAXUINT where not shown) and @columns
 * (characters; with hex, of the first digit, and of the character in
 * the gutter). */
void                sw_traffic_formatter_find_each         (SwTrafficFormatter    *self,
                                                            const SwTrafficRecord *record,
                                                            const char            *note,
                                                            const gsize           *offsets,
                                                            guint                  n_offsets,
                                                            guint                 *lines,
                                                            guint                 *columns,
                                                            guint                 *gutter_columns);
/* The same for one byte; %FALSE when it is not shown. */
gboolean            sw_traffic_formatter_find              (SwTrafficFormatter    *self,
                                                            const SwTrafficRecord *record,
                                                            const char            *note,
                                                            gsize                  offset,
                                                            guint                 *line,
                                                            guint                 *column,
                                                            guint                 *gutter_column);

char               *sw_format_size                         (guint64                bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwTrafficFormatter, sw_traffic_formatter_free)

G_END_DECLS
