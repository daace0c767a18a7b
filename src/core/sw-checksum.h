/* sw-checksum.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SW_CHECKSUM_ERROR (sw_checksum_error_quark ())

typedef enum
{
  SW_CHECKSUM_ERROR_RANGE,
  /* An id no algorithm has (a file of a newer version, say). */
  SW_CHECKSUM_ERROR_UNKNOWN,
} SwChecksumError;

/* The algorithms, with the parameters of the CRC catalogue (reveng). */
typedef enum
{
  SW_CHECKSUM_NONE,
  SW_CHECKSUM_SUM8,
  SW_CHECKSUM_XOR8,
  SW_CHECKSUM_LRC,
  SW_CHECKSUM_CRC8,
  SW_CHECKSUM_CRC8_MAXIM,
  SW_CHECKSUM_CRC16_MODBUS,
  SW_CHECKSUM_CRC16_CCITT_FALSE,
  SW_CHECKSUM_CRC16_XMODEM,
  SW_CHECKSUM_CRC16_ARC,
  SW_CHECKSUM_CRC32,
  SW_CHECKSUM_CRC32C,
} SwChecksum;

#define SW_N_CHECKSUMS (SW_CHECKSUM_CRC32C + 1)

/* The widest checksum, in bytes. */
#define SW_CHECKSUM_MAX_WIDTH 4

typedef enum
{
  SW_BYTE_ORDER_BIG_ENDIAN,
  SW_BYTE_ORDER_LITTLE_ENDIAN,
} SwByteOrder;

typedef enum
{
  SW_CHECKSUM_RESULT_VALID,
  SW_CHECKSUM_RESULT_INVALID,
  /* The frame is too short to hold the range and the checksum. */
  SW_CHECKSUM_RESULT_TOO_SHORT,
} SwChecksumResult;

/* A running computation, for data that comes in pieces. */
typedef struct
{
  SwChecksum kind;
  guint32    value;
} SwChecksumState;

/* How a checksum is added to a message: computed over the bytes
 * [start, length - end_trim) and appended at the end in @order. */
typedef struct
{
  SwChecksum  kind;
  SwByteOrder order;
  guint       start;
  guint       end_trim;
} SwChecksumSpec;

GQuark            sw_checksum_error_quark           (void);

/* Bytes the checksum takes on the wire: 0 (None), 1, 2 or 4. */
guint             sw_checksum_get_width             (SwChecksum             kind);
/* The name people know it by ("CRC-16/MODBUS"); "None" is translated. */
const char       *sw_checksum_get_name              (SwChecksum             kind);
/* A stable id for settings and sessions ("crc16-modbus"): the enum nick. */
const char       *sw_checksum_get_id                (SwChecksum             kind);
/* The kind with @id; FALSE when there is none. */
gboolean          sw_checksum_from_id               (const char            *id,
                                                     SwChecksum            *kind);
/* The order it customarily has on the wire (little endian for
 * CRC-16/MODBUS, big endian otherwise). */
SwByteOrder       sw_checksum_get_default_order     (SwChecksum             kind);

/* The checksum of @data, in the low bits (0 for None). */
guint32           sw_checksum_compute               (SwChecksum             kind,
                                                     const guint8          *data,
                                                     gsize                  length);

void              sw_checksum_state_init            (SwChecksumState       *state,
                                                     SwChecksum             kind);
void              sw_checksum_state_update          (SwChecksumState       *state,
                                                     const guint8          *data,
                                                     gsize                  length);
guint32           sw_checksum_state_finish          (const SwChecksumState *state);

/* Writes the width bytes of @value in @order to @out; returns the width. */
guint             sw_checksum_write_value           (SwChecksum             kind,
                                                     SwByteOrder            order,
                                                     guint32                value,
                                                     guint8                 out[SW_CHECKSUM_MAX_WIDTH]);
/* Reads a value of @kind's width in @order from @data. */
guint32           sw_checksum_read_value            (SwChecksum             kind,
                                                     SwByteOrder            order,
                                                     const guint8          *data);
/* "4B 37" (big endian) or "37 4B" (little endian); "" for None. */
char             *sw_checksum_format_value          (SwChecksum             kind,
                                                     SwByteOrder            order,
                                                     guint32                value);

/* A spec that adds nothing. */
#define SW_CHECKSUM_SPEC_INIT { SW_CHECKSUM_NONE, SW_BYTE_ORDER_BIG_ENDIAN, 0, 0 }

/* @payload with its checksum appended; @payload itself with None. Fails
 * with SW_CHECKSUM_ERROR_RANGE when the range does not fit @payload. */
GBytes           *sw_checksum_spec_apply            (const SwChecksumSpec  *spec,
                                                     GBytes                *payload,
                                                     GError               **error);
/* Checks a received frame whose last width bytes are the checksum; the
 * range is measured on the frame without them. @expected is what the
 * bytes should be, @found what they are (both 0 unless VALID or
 * INVALID). None is always VALID. */
SwChecksumResult  sw_checksum_spec_verify           (const SwChecksumSpec  *spec,
                                                     const guint8          *frame,
                                                     gsize                  length,
                                                     guint32               *expected,
                                                     guint32               *found);

G_END_DECLS
