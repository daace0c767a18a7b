/* fuzz-checksum.c: libFuzzer target for the checksums
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every algorithm on the input must equal a reference written here from
 * the catalogue's definition, bit by bit (the library uses tables), in
 * one piece and in two; a checksum applied with a range from the first
 * bytes must verify, and must not once a bit of it flips.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sw-checksum.h"

/* The Rocksoft model: width, poly, init, refin, refout, xorout. */
typedef struct
{
  guint    bits;
  guint32  poly;
  guint32  init;
  gboolean refin;
  gboolean refout;
  guint32  xorout;
} Model;

static const Model models[SW_N_CHECKSUMS] = {
  [SW_CHECKSUM_CRC8] = { 8, 0x07, 0x00, FALSE, FALSE, 0x00 },
  [SW_CHECKSUM_CRC8_MAXIM] = { 8, 0x31, 0x00, TRUE, TRUE, 0x00 },
  [SW_CHECKSUM_CRC16_MODBUS] = { 16, 0x8005, 0xFFFF, TRUE, TRUE, 0x0000 },
  [SW_CHECKSUM_CRC16_CCITT_FALSE] = { 16, 0x1021, 0xFFFF, FALSE, FALSE, 0x0000 },
  [SW_CHECKSUM_CRC16_XMODEM] = { 16, 0x1021, 0x0000, FALSE, FALSE, 0x0000 },
  [SW_CHECKSUM_CRC16_ARC] = { 16, 0x8005, 0x0000, TRUE, TRUE, 0x0000 },
  [SW_CHECKSUM_CRC32] = { 32, 0x04C11DB7, 0xFFFFFFFF, TRUE, TRUE, 0xFFFFFFFF },
  [SW_CHECKSUM_CRC32C] = { 32, 0x1EDC6F41, 0xFFFFFFFF, TRUE, TRUE, 0xFFFFFFFF },
};

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

/* The direct algorithm: each message bit, most significant first (least
 * with refin), goes in against the register's top bit. */
static guint32
reference_crc (const Model  *m,
               const guint8 *data,
               gsize         length)
{
  guint32 top = 1u << (m->bits - 1);
  guint32 mask = m->bits == 32 ? 0xFFFFFFFF : (1u << m->bits) - 1;
  guint32 crc = m->init;

  for (gsize i = 0; i < length; i++)
    {
      guint8 byte = m->refin ? reflect (data[i], 8) : data[i];

      for (gint bit = 7; bit >= 0; bit--)
        {
          gboolean in = (byte >> bit) & 1;
          gboolean out = (crc & top) != 0;

          crc = (crc << 1) & mask;
          if (in != out)
            crc ^= m->poly;
        }
    }

  if (m->refout)
    crc = reflect (crc, m->bits);

  return (crc ^ m->xorout) & mask;
}

static guint32
reference (SwChecksum    kind,
           const guint8 *data,
           gsize         length)
{
  guint32 sum = 0;
  guint32 xor = 0;

  for (gsize i = 0; i < length; i++)
    {
      sum += data[i];
      xor ^= data[i];
    }

  switch (kind)
    {
    case SW_CHECKSUM_NONE:
      return 0;
    case SW_CHECKSUM_SUM8:
      return sum & 0xFF;
    case SW_CHECKSUM_XOR8:
      return xor;
    case SW_CHECKSUM_LRC:
      return (~sum + 1) & 0xFF;
    default:
      return reference_crc (&models[kind], data, length);
    }
}

static void
check_spec (SwChecksum    kind,
            const guint8 *data,
            gsize         size)
{
  SwChecksumSpec spec = { kind, SW_BYTE_ORDER_BIG_ENDIAN, 0, 0 };
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GBytes) frame = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *flipped = NULL;
  const guint8 *frame_data;
  gsize frame_length;
  guint32 expected;
  guint32 found;
  guint width = sw_checksum_get_width (kind);

  if (size > 0 && (data[0] & 1))
    spec.order = SW_BYTE_ORDER_LITTLE_ENDIAN;
  if (size >= 3)
    {
      spec.start = data[1] % 8;
      spec.end_trim = data[2] % 8;
    }

  payload = g_bytes_new (data, size);
  frame = sw_checksum_spec_apply (&spec, payload, &error);

  if (spec.start + spec.end_trim > size && kind != SW_CHECKSUM_NONE)
    {
      /* The range does not fit: an error, and nothing to verify. */
      if (frame != NULL || !g_error_matches (error, SW_CHECKSUM_ERROR, SW_CHECKSUM_ERROR_RANGE))
        abort ();
      return;
    }

  if (frame == NULL || error != NULL)
    abort ();

  frame_data = g_bytes_get_data (frame, &frame_length);
  if (frame_length != size + width || (size > 0 && memcmp (frame_data, data, size) != 0))
    abort ();

  if (sw_checksum_spec_verify (&spec, frame_data, frame_length, &expected, &found) != SW_CHECKSUM_RESULT_VALID ||
      expected != found)
    abort ();
  if (kind != SW_CHECKSUM_NONE &&
      expected != reference (kind, data + spec.start, size - spec.start - spec.end_trim))
    abort ();

  if (width == 0)
    return;

  /* Any flipped bit in the checksum is caught. */
  flipped = g_memdup2 (frame_data, frame_length);
  flipped[size + (size % width)] ^= 1u << (size % 8);
  if (sw_checksum_spec_verify (&spec, flipped, frame_length, NULL, NULL) != SW_CHECKSUM_RESULT_INVALID)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  gsize split;

  /* Never NULL + 0, which UBSan reports. */
  if (size == 0)
    data = (const uint8_t *) "";
  split = size > 0 ? data[0] % (size + 1) : 0;

  for (guint kind = 0; kind < SW_N_CHECKSUMS; kind++)
    {
      guint32 value = sw_checksum_compute (kind, data, size);
      SwChecksumState state;

      if (value != reference (kind, data, size))
        abort ();

      sw_checksum_state_init (&state, kind);
      sw_checksum_state_update (&state, data, split);
      sw_checksum_state_update (&state, data + split, size - split);
      if (sw_checksum_state_finish (&state) != value)
        abort ();

      check_spec (kind, data, size);
    }

  return 0;
}
