/* sw-checksum.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-checksum"

#include "config.h"

#include "sw-checksum.h"

#include <glib/gi18n-lib.h>

#include "sw-hex.h"

G_DEFINE_QUARK (sw-checksum-error-quark, sw_checksum_error)

/* A CRC in the Rocksoft model of the catalogue; every one here has
 * refout equal to refin. */
typedef struct
{
  guint8   bits;
  gboolean reflected;
  guint32  poly;
  guint32  init;
  guint32  xorout;
} CrcParams;

typedef struct
{
  const char *name;
  const char *id;
  guint8      width;
  SwByteOrder order;
  CrcParams   crc;  /* bits == 0: not a CRC */
} Info;

/* Names and parameters as in Greg Cook's catalogue of parametrised CRC
 * algorithms (https://reveng.sourceforge.io/crc-catalogue/); the ids are
 * the enum nicks. Only Modbus RTU sends its CRC low byte first. */
static const Info infos[SW_N_CHECKSUMS] = {
  [SW_CHECKSUM_NONE] = { N_("None"), "none", 0, SW_BYTE_ORDER_BIG_ENDIAN, { 0 } },
  [SW_CHECKSUM_SUM8] = { "SUM8", "sum8", 1, SW_BYTE_ORDER_BIG_ENDIAN, { 0 } },
  [SW_CHECKSUM_XOR8] = { "XOR8 (BCC)", "xor8", 1, SW_BYTE_ORDER_BIG_ENDIAN, { 0 } },
  [SW_CHECKSUM_LRC] = { "LRC", "lrc", 1, SW_BYTE_ORDER_BIG_ENDIAN, { 0 } },
  [SW_CHECKSUM_CRC8] = { "CRC-8", "crc8", 1, SW_BYTE_ORDER_BIG_ENDIAN,
                         { 8, FALSE, 0x07, 0x00, 0x00 } },
  [SW_CHECKSUM_CRC8_MAXIM] = { "CRC-8/MAXIM", "crc8-maxim", 1, SW_BYTE_ORDER_BIG_ENDIAN,
                               { 8, TRUE, 0x31, 0x00, 0x00 } },
  [SW_CHECKSUM_CRC16_MODBUS] = { "CRC-16/MODBUS", "crc16-modbus", 2, SW_BYTE_ORDER_LITTLE_ENDIAN,
                                 { 16, TRUE, 0x8005, 0xFFFF, 0x0000 } },
  [SW_CHECKSUM_CRC16_CCITT_FALSE] = { "CRC-16/CCITT-FALSE", "crc16-ccitt-false", 2, SW_BYTE_ORDER_BIG_ENDIAN,
                                      { 16, FALSE, 0x1021, 0xFFFF, 0x0000 } },
  [SW_CHECKSUM_CRC16_XMODEM] = { "CRC-16/XMODEM", "crc16-xmodem", 2, SW_BYTE_ORDER_BIG_ENDIAN,
                                 { 16, FALSE, 0x1021, 0x0000, 0x0000 } },
  [SW_CHECKSUM_CRC16_ARC] = { "CRC-16/IBM (ARC)", "crc16-arc", 2, SW_BYTE_ORDER_BIG_ENDIAN,
                              { 16, TRUE, 0x8005, 0x0000, 0x0000 } },
  [SW_CHECKSUM_CRC32] = { "CRC-32", "crc32", 4, SW_BYTE_ORDER_BIG_ENDIAN,
                          { 32, TRUE, 0x04C11DB7, 0xFFFFFFFF, 0xFFFFFFFF } },
  [SW_CHECKSUM_CRC32C] = { "CRC-32C", "crc32c", 4, SW_BYTE_ORDER_BIG_ENDIAN,
                           { 32, TRUE, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF } },
};

/* Slicing-by-4 tables per CRC, made on first use (32 KiB in all): four
 * bytes per step, several times faster than a byte at a time, for the
 * receive path that checks every frame. A CRC that is not reflected is
 * kept left-aligned in 32 bits, so every width shares one loop. */
static guint32 crc_tables[SW_N_CHECKSUMS][4][256];

static inline gboolean
is_valid_kind (SwChecksum kind)
{
  return (guint) kind < SW_N_CHECKSUMS;
}

static guint32
reflect (guint32 value,
         guint   bits)
{
  guint32 result = 0;

  for (guint i = 0; i < bits; i++)
    if (value & (1u << i))
      result |= 1u << (bits - 1 - i);

  return result;
}

static void
make_tables (const CrcParams *crc,
             guint32          tables[4][256])
{
  if (crc->reflected)
    {
      guint32 poly = reflect (crc->poly, crc->bits);

      for (guint i = 0; i < 256; i++)
        {
          guint32 r = i;

          for (guint bit = 0; bit < 8; bit++)
            r = (r & 1) ? (r >> 1) ^ poly : r >> 1;
          tables[0][i] = r;
        }
      /* Table k: a byte followed by k zero bytes. */
      for (guint k = 1; k < 4; k++)
        for (guint i = 0; i < 256; i++)
          tables[k][i] = (tables[k - 1][i] >> 8) ^ tables[0][tables[k - 1][i] & 0xFF];
    }
  else
    {
      guint32 poly = crc->poly << (32 - crc->bits);

      for (guint i = 0; i < 256; i++)
        {
          guint32 r = (guint32) i << 24;

          for (guint bit = 0; bit < 8; bit++)
            r = (r & 0x80000000) ? (r << 1) ^ poly : r << 1;
          tables[0][i] = r;
        }
      for (guint k = 1; k < 4; k++)
        for (guint i = 0; i < 256; i++)
          tables[k][i] = (tables[k - 1][i] << 8) ^ tables[0][tables[k - 1][i] >> 24];
    }
}

static void
ensure_tables (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint kind = 0; kind < SW_N_CHECKSUMS; kind++)
        if (infos[kind].crc.bits != 0)
          make_tables (&infos[kind].crc, crc_tables[kind]);
      g_once_init_leave (&initialized, 1);
    }
}

guint
sw_checksum_get_width (SwChecksum kind)
{
  g_return_val_if_fail (is_valid_kind (kind), 0);

  return infos[kind].width;
}

const char *
sw_checksum_get_name (SwChecksum kind)
{
  g_return_val_if_fail (is_valid_kind (kind), NULL);

  /* Only "None" is a word; the others are names, the same everywhere. */
  if (kind == SW_CHECKSUM_NONE)
    return _(infos[kind].name);

  return infos[kind].name;
}

const char *
sw_checksum_get_id (SwChecksum kind)
{
  g_return_val_if_fail (is_valid_kind (kind), NULL);

  return infos[kind].id;
}

gboolean
sw_checksum_from_id (const char *id,
                     SwChecksum *kind)
{
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < SW_N_CHECKSUMS; i++)
    if (g_str_equal (id, infos[i].id))
      {
        if (kind != NULL)
          *kind = i;
        return TRUE;
      }

  return FALSE;
}

SwByteOrder
sw_checksum_get_default_order (SwChecksum kind)
{
  g_return_val_if_fail (is_valid_kind (kind), SW_BYTE_ORDER_BIG_ENDIAN);

  return infos[kind].order;
}

void
sw_checksum_state_init (SwChecksumState *state,
                        SwChecksum       kind)
{
  g_return_if_fail (state != NULL);
  g_return_if_fail (is_valid_kind (kind));

  state->kind = kind;
  state->value = infos[kind].crc.init;
  if (infos[kind].crc.bits != 0)
    {
      ensure_tables ();
      if (!infos[kind].crc.reflected)
        state->value <<= 32 - infos[kind].crc.bits;
    }
}

/* Least significant bit first: the register's low byte meets the next
 * byte, so four bytes are one little-endian word. */
static guint32
update_reflected (const guint32  t[4][256],
                  guint32        value,
                  const guint8  *data,
                  gsize          length)
{
  for (; length >= 4; data += 4, length -= 4)
    {
      value ^= (guint32) data[0] | (guint32) data[1] << 8 |
               (guint32) data[2] << 16 | (guint32) data[3] << 24;
      value = t[3][value & 0xFF] ^ t[2][(value >> 8) & 0xFF] ^
              t[1][(value >> 16) & 0xFF] ^ t[0][value >> 24];
    }

  for (; length > 0; data++, length--)
    value = t[0][(value ^ *data) & 0xFF] ^ (value >> 8);

  return value;
}

/* Most significant bit first, in a left-aligned register: four bytes are
 * one big-endian word. */
static guint32
update_normal (const guint32  t[4][256],
               guint32        value,
               const guint8  *data,
               gsize          length)
{
  for (; length >= 4; data += 4, length -= 4)
    {
      value ^= (guint32) data[0] << 24 | (guint32) data[1] << 16 |
               (guint32) data[2] << 8 | (guint32) data[3];
      value = t[3][value >> 24] ^ t[2][(value >> 16) & 0xFF] ^
              t[1][(value >> 8) & 0xFF] ^ t[0][value & 0xFF];
    }

  for (; length > 0; data++, length--)
    value = t[0][(value >> 24) ^ *data] ^ (value << 8);

  return value;
}

void
sw_checksum_state_update (SwChecksumState *state,
                          const guint8    *data,
                          gsize            length)
{
  guint32 value;

  g_return_if_fail (state != NULL);
  g_return_if_fail (is_valid_kind (state->kind));
  g_return_if_fail (data != NULL || length == 0);

  value = state->value;

  switch (state->kind)
    {
    case SW_CHECKSUM_NONE:
      break;

    case SW_CHECKSUM_SUM8:
    case SW_CHECKSUM_LRC:
      for (gsize i = 0; i < length; i++)
        value += data[i];
      value &= 0xFF;
      break;

    case SW_CHECKSUM_XOR8:
      for (gsize i = 0; i < length; i++)
        value ^= data[i];
      break;

    default:
      if (infos[state->kind].crc.reflected)
        value = update_reflected (crc_tables[state->kind], value, data, length);
      else
        value = update_normal (crc_tables[state->kind], value, data, length);
      break;
    }

  state->value = value;
}

guint32
sw_checksum_state_finish (const SwChecksumState *state)
{
  g_return_val_if_fail (state != NULL, 0);
  g_return_val_if_fail (is_valid_kind (state->kind), 0);

  /* The LRC of Modbus ASCII is the two's complement of the sum. */
  if (state->kind == SW_CHECKSUM_LRC)
    return (0x100 - state->value) & 0xFF;

  if (infos[state->kind].crc.bits != 0 && !infos[state->kind].crc.reflected)
    return (state->value >> (32 - infos[state->kind].crc.bits)) ^ infos[state->kind].crc.xorout;

  return state->value ^ infos[state->kind].crc.xorout;
}

guint32
sw_checksum_compute (SwChecksum    kind,
                     const guint8 *data,
                     gsize         length)
{
  SwChecksumState state;

  g_return_val_if_fail (is_valid_kind (kind), 0);
  g_return_val_if_fail (data != NULL || length == 0, 0);

  sw_checksum_state_init (&state, kind);
  sw_checksum_state_update (&state, data, length);

  return sw_checksum_state_finish (&state);
}

guint
sw_checksum_write_value (SwChecksum  kind,
                         SwByteOrder order,
                         guint32     value,
                         guint8      out[SW_CHECKSUM_MAX_WIDTH])
{
  guint width;

  g_return_val_if_fail (is_valid_kind (kind), 0);
  g_return_val_if_fail (out != NULL, 0);

  width = infos[kind].width;
  for (guint i = 0; i < width; i++)
    {
      guint8 byte = (value >> (8 * i)) & 0xFF;

      if (order == SW_BYTE_ORDER_LITTLE_ENDIAN)
        out[i] = byte;
      else
        out[width - 1 - i] = byte;
    }

  return width;
}

guint32
sw_checksum_read_value (SwChecksum    kind,
                        SwByteOrder   order,
                        const guint8 *data)
{
  guint32 value = 0;
  guint width;

  g_return_val_if_fail (is_valid_kind (kind), 0);

  width = infos[kind].width;
  g_return_val_if_fail (data != NULL || width == 0, 0);

  for (guint i = 0; i < width; i++)
    {
      guint8 byte = order == SW_BYTE_ORDER_LITTLE_ENDIAN ? data[i] : data[width - 1 - i];

      value |= (guint32) byte << (8 * i);
    }

  return value;
}

/**
 * sw_checksum_format_value:
 *
 * Returns: (transfer full): the bytes of @value as hex, in @order
 */
char *
sw_checksum_format_value (SwChecksum  kind,
                          SwByteOrder order,
                          guint32     value)
{
  guint8 bytes[SW_CHECKSUM_MAX_WIDTH];
  guint width;

  g_return_val_if_fail (is_valid_kind (kind), NULL);

  width = sw_checksum_write_value (kind, order, value, bytes);

  return sw_hex_format (bytes, width);
}

/* Whether [start, length - end_trim) fits in @length bytes. */
static gboolean
range_fits (const SwChecksumSpec *spec,
            gsize                 length)
{
  return spec->start <= length && spec->end_trim <= length - spec->start;
}

/**
 * sw_checksum_spec_apply:
 *
 * Returns: (transfer full) (nullable): the payload and its checksum, or
 *   %NULL with @error set
 */
GBytes *
sw_checksum_spec_apply (const SwChecksumSpec  *spec,
                        GBytes                *payload,
                        GError               **error)
{
  const guint8 *data;
  gsize length;
  gsize range;
  guint32 value;
  guint8 value_bytes[SW_CHECKSUM_MAX_WIDTH];
  guint width;
  GByteArray *array;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (is_valid_kind (spec->kind), NULL);
  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (spec->kind == SW_CHECKSUM_NONE)
    return g_bytes_ref (payload);

  data = g_bytes_get_data (payload, &length);

  if (spec->start > length)
    {
      g_set_error (error, SW_CHECKSUM_ERROR, SW_CHECKSUM_ERROR_RANGE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The checksum range starts at byte %u but the message has %lu byte",
                                "The checksum range starts at byte %u but the message has %lu bytes",
                                length),
                   spec->start, (gulong) length);
      return NULL;
    }

  if (!range_fits (spec, length))
    {
      g_set_error (error, SW_CHECKSUM_ERROR, SW_CHECKSUM_ERROR_RANGE,
                   /* Translators: the range of bytes a checksum is computed
                    * over; the second %u counts bytes before the end. */
                   g_dngettext (GETTEXT_PACKAGE,
                                "The checksum range, from byte %u to %u before the end, "
                                "does not fit in a message of %lu byte",
                                "The checksum range, from byte %u to %u before the end, "
                                "does not fit in a message of %lu bytes",
                                length),
                   spec->start, spec->end_trim, (gulong) length);
      return NULL;
    }

  range = length - spec->start - spec->end_trim;
  /* An empty payload has no data pointer to offset. */
  value = sw_checksum_compute (spec->kind, range > 0 ? data + spec->start : NULL, range);
  width = sw_checksum_write_value (spec->kind, spec->order, value, value_bytes);

  array = g_byte_array_sized_new (length + width);
  g_byte_array_append (array, data, length);
  g_byte_array_append (array, value_bytes, width);

  return g_byte_array_free_to_bytes (array);
}

SwChecksumResult
sw_checksum_spec_verify (const SwChecksumSpec *spec,
                         const guint8         *frame,
                         gsize                 length,
                         guint32              *expected,
                         guint32              *found)
{
  guint32 expected_value = 0;
  guint32 found_value = 0;
  gsize body;
  guint width;

  g_return_val_if_fail (spec != NULL, SW_CHECKSUM_RESULT_TOO_SHORT);
  g_return_val_if_fail (is_valid_kind (spec->kind), SW_CHECKSUM_RESULT_TOO_SHORT);
  g_return_val_if_fail (frame != NULL || length == 0, SW_CHECKSUM_RESULT_TOO_SHORT);

  if (expected != NULL)
    *expected = 0;
  if (found != NULL)
    *found = 0;

  if (spec->kind == SW_CHECKSUM_NONE)
    return SW_CHECKSUM_RESULT_VALID;

  width = infos[spec->kind].width;
  if (length < width)
    return SW_CHECKSUM_RESULT_TOO_SHORT;

  body = length - width;
  if (!range_fits (spec, body))
    return SW_CHECKSUM_RESULT_TOO_SHORT;

  expected_value = sw_checksum_compute (spec->kind, frame + spec->start,
                                        body - spec->start - spec->end_trim);
  found_value = sw_checksum_read_value (spec->kind, spec->order, frame + body);

  if (expected != NULL)
    *expected = expected_value;
  if (found != NULL)
    *found = found_value;

  return expected_value == found_value ? SW_CHECKSUM_RESULT_VALID : SW_CHECKSUM_RESULT_INVALID;
}
