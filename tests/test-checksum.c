/* test-checksum.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-checksum.h"
#include "sw-core-enums.h"

#define CHECK_INPUT "123456789"

typedef struct
{
  SwChecksum  kind;
  const char *name;
  const char *id;
  guint       width;
  SwByteOrder order;
  guint32     check;  /* of "123456789" */
  guint32     empty;  /* of no bytes: init ^ xorout */
} Expected;

/* Check values from the CRC catalogue (reveng); SUM8, XOR8 and LRC as
 * their definitions give: 0x31 + … + 0x39 = 0x1DD, so SUM8 0xDD and LRC
 * (its two's complement) 0x23; the XOR of the nine digits is 0x31. */
static const Expected expected[] = {
  { SW_CHECKSUM_NONE, "None", "none", 0, SW_BYTE_ORDER_BIG_ENDIAN, 0, 0 },
  { SW_CHECKSUM_SUM8, "SUM8", "sum8", 1, SW_BYTE_ORDER_BIG_ENDIAN, 0xDD, 0 },
  { SW_CHECKSUM_XOR8, "XOR8 (BCC)", "xor8", 1, SW_BYTE_ORDER_BIG_ENDIAN, 0x31, 0 },
  { SW_CHECKSUM_LRC, "LRC", "lrc", 1, SW_BYTE_ORDER_BIG_ENDIAN, 0x23, 0 },
  { SW_CHECKSUM_CRC8, "CRC-8", "crc8", 1, SW_BYTE_ORDER_BIG_ENDIAN, 0xF4, 0 },
  { SW_CHECKSUM_CRC8_MAXIM, "CRC-8/MAXIM", "crc8-maxim", 1, SW_BYTE_ORDER_BIG_ENDIAN, 0xA1, 0 },
  { SW_CHECKSUM_CRC16_MODBUS, "CRC-16/MODBUS", "crc16-modbus", 2, SW_BYTE_ORDER_LITTLE_ENDIAN, 0x4B37, 0xFFFF },
  { SW_CHECKSUM_CRC16_CCITT_FALSE, "CRC-16/CCITT-FALSE", "crc16-ccitt-false", 2, SW_BYTE_ORDER_BIG_ENDIAN, 0x29B1, 0xFFFF },
  { SW_CHECKSUM_CRC16_XMODEM, "CRC-16/XMODEM", "crc16-xmodem", 2, SW_BYTE_ORDER_BIG_ENDIAN, 0x31C3, 0 },
  { SW_CHECKSUM_CRC16_ARC, "CRC-16/IBM (ARC)", "crc16-arc", 2, SW_BYTE_ORDER_BIG_ENDIAN, 0xBB3D, 0 },
  { SW_CHECKSUM_CRC32, "CRC-32", "crc32", 4, SW_BYTE_ORDER_BIG_ENDIAN, 0xCBF43926, 0 },
  { SW_CHECKSUM_CRC32C, "CRC-32C", "crc32c", 4, SW_BYTE_ORDER_BIG_ENDIAN, 0xE3069283, 0 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (expected) == SW_N_CHECKSUMS);

static void
test_catalogue (void)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (SW_TYPE_CHECKSUM);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const Expected *e = &expected[i];
      SwChecksum kind = SW_CHECKSUM_NONE;

      g_test_message ("%s", e->name);
      g_assert_cmpuint (e->kind, ==, i);
      g_assert_cmpstr (sw_checksum_get_name (e->kind), ==, e->name);
      g_assert_cmpstr (sw_checksum_get_id (e->kind), ==, e->id);
      g_assert_cmpuint (sw_checksum_get_width (e->kind), ==, e->width);
      g_assert_cmpint (sw_checksum_get_default_order (e->kind), ==, e->order);

      /* The id is the nick settings and properties use. */
      g_assert_cmpstr (g_enum_get_value (enum_class, e->kind)->value_nick, ==, e->id);
      g_assert_true (sw_checksum_from_id (e->id, &kind));
      g_assert_cmpint (kind, ==, e->kind);

      g_assert_cmphex (sw_checksum_compute (e->kind, (const guint8 *) CHECK_INPUT,
                                            strlen (CHECK_INPUT)), ==, e->check);
      g_assert_cmphex (sw_checksum_compute (e->kind, NULL, 0), ==, e->empty);
    }

  g_assert_false (sw_checksum_from_id ("crc-16", NULL));
  g_assert_false (sw_checksum_from_id ("", NULL));
}

static void
test_known_frames (void)
{
  /* A Modbus RTU request as devices send it: the CRC is C4 0B on the wire. */
  static const guint8 modbus[] = { 0x01, 0x03, 0x00, 0x00, 0x00, 0x02 };

  g_assert_cmphex (sw_checksum_compute (SW_CHECKSUM_CRC16_MODBUS, modbus, sizeof modbus), ==, 0x0BC4);

  /* A single byte's CRC-8 is its table entry. */
  g_assert_cmphex (sw_checksum_compute (SW_CHECKSUM_CRC8, (const guint8 *) "\x01", 1), ==, 0x07);
  g_assert_cmphex (sw_checksum_compute (SW_CHECKSUM_CRC32, (const guint8 *) "a", 1), ==, 0xE8B7BE43);
  g_assert_cmphex (sw_checksum_compute (SW_CHECKSUM_LRC, (const guint8 *) "\x01\x03", 2), ==, 0xFC);
}

static void
test_incremental (void)
{
  guint8 data[97];

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (i * 151 + 7) & 0xFF;

  for (guint kind = 0; kind < SW_N_CHECKSUMS; kind++)
    {
      guint32 whole = sw_checksum_compute (kind, data, sizeof data);
      SwChecksumState state;

      /* Two pieces, split anywhere (empty pieces included). */
      for (gsize split = 0; split <= sizeof data; split++)
        {
          sw_checksum_state_init (&state, kind);
          sw_checksum_state_update (&state, data, split);
          sw_checksum_state_update (&state, NULL, 0);
          sw_checksum_state_update (&state, data + split, sizeof data - split);
          g_assert_cmphex (sw_checksum_state_finish (&state), ==, whole);
        }

      /* A byte at a time. */
      sw_checksum_state_init (&state, kind);
      for (gsize i = 0; i < sizeof data; i++)
        sw_checksum_state_update (&state, data + i, 1);
      g_assert_cmphex (sw_checksum_state_finish (&state), ==, whole);

      /* Finishing does not consume the state. */
      g_assert_cmphex (sw_checksum_state_finish (&state), ==, whole);

      /* A state with nothing is the empty checksum. */
      sw_checksum_state_init (&state, kind);
      g_assert_cmphex (sw_checksum_state_finish (&state), ==, expected[kind].empty);
    }
}

static void
test_values (void)
{
  static const struct
  {
    SwChecksum   kind;
    SwByteOrder  order;
    guint32      value;
    const char  *text;
  } values[] = {
    { SW_CHECKSUM_CRC16_MODBUS, SW_BYTE_ORDER_BIG_ENDIAN, 0x4B37, "4B 37" },
    { SW_CHECKSUM_CRC16_MODBUS, SW_BYTE_ORDER_LITTLE_ENDIAN, 0x4B37, "37 4B" },
    { SW_CHECKSUM_CRC32, SW_BYTE_ORDER_BIG_ENDIAN, 0xCBF43926, "CB F4 39 26" },
    { SW_CHECKSUM_CRC32C, SW_BYTE_ORDER_LITTLE_ENDIAN, 0xE3069283, "83 92 06 E3" },
    /* One byte has no order. */
    { SW_CHECKSUM_CRC8, SW_BYTE_ORDER_LITTLE_ENDIAN, 0xF4, "F4" },
    { SW_CHECKSUM_NONE, SW_BYTE_ORDER_BIG_ENDIAN, 0, "" },
  };
  guint8 bytes[SW_CHECKSUM_MAX_WIDTH];

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *text = sw_checksum_format_value (values[i].kind, values[i].order,
                                                        values[i].value);

      g_assert_cmpstr (text, ==, values[i].text);
    }

  for (guint kind = 0; kind < SW_N_CHECKSUMS; kind++)
    for (SwByteOrder order = SW_BYTE_ORDER_BIG_ENDIAN; order <= SW_BYTE_ORDER_LITTLE_ENDIAN; order++)
      {
        guint width = sw_checksum_get_width (kind);

        g_assert_cmpuint (sw_checksum_write_value (kind, order, expected[kind].check, bytes), ==, width);
        g_assert_cmphex (sw_checksum_read_value (kind, order, bytes), ==, expected[kind].check);
      }
}

static GBytes *
apply (SwChecksum   kind,
       SwByteOrder  order,
       guint        start,
       guint        end_trim,
       const char  *payload,
       gsize        length,
       GError     **error)
{
  SwChecksumSpec spec = { kind, order, start, end_trim };
  g_autoptr(GBytes) bytes = g_bytes_new (payload, length);

  return sw_checksum_spec_apply (&spec, bytes, error);
}

static void
assert_applies (SwChecksum   kind,
                SwByteOrder  order,
                guint        start,
                guint        end_trim,
                const char  *payload,
                gsize        length,
                const char  *expected_bytes,
                gsize        expected_length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = apply (kind, order, start, end_trim, payload, length, &error);

  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   expected_bytes, expected_length);
}

static void
test_spec_apply (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) payload = g_bytes_new_static ("abc", 3);
  SwChecksumSpec none = SW_CHECKSUM_SPEC_INIT;

  /* As Modbus RTU sends it, and the other way round. */
  assert_applies (SW_CHECKSUM_CRC16_MODBUS, SW_BYTE_ORDER_LITTLE_ENDIAN, 0, 0,
                  "\x01\x03\x00\x00\x00\x02", 6, "\x01\x03\x00\x00\x00\x02\xC4\x0B", 8);
  assert_applies (SW_CHECKSUM_CRC16_MODBUS, SW_BYTE_ORDER_BIG_ENDIAN, 0, 0,
                  "\x01\x03\x00\x00\x00\x02", 6, "\x01\x03\x00\x00\x00\x02\x0B\xC4", 8);
  assert_applies (SW_CHECKSUM_CRC32, SW_BYTE_ORDER_BIG_ENDIAN, 0, 0,
                  CHECK_INPUT, 9, CHECK_INPUT "\xCB\xF4\x39\x26", 13);

  /* The range leaves out a header and a trailer. */
  assert_applies (SW_CHECKSUM_CRC16_CCITT_FALSE, SW_BYTE_ORDER_BIG_ENDIAN, 1, 1,
                  "\x02" CHECK_INPUT "\x03", 11, "\x02" CHECK_INPUT "\x03\x29\xB1", 13);
  assert_applies (SW_CHECKSUM_XOR8, SW_BYTE_ORDER_BIG_ENDIAN, 2, 0,
                  "##" CHECK_INPUT, 11, "##" CHECK_INPUT "\x31", 12);

  /* An empty range (or payload) has the checksum of nothing. */
  assert_applies (SW_CHECKSUM_CRC16_MODBUS, SW_BYTE_ORDER_BIG_ENDIAN, 3, 0,
                  "abc", 3, "abc\xFF\xFF", 5);
  assert_applies (SW_CHECKSUM_CRC16_MODBUS, SW_BYTE_ORDER_BIG_ENDIAN, 1, 2,
                  "abc", 3, "abc\xFF\xFF", 5);
  assert_applies (SW_CHECKSUM_SUM8, SW_BYTE_ORDER_BIG_ENDIAN, 0, 0, "", 0, "\x00", 1);

  /* None adds nothing. */
  bytes = sw_checksum_spec_apply (&none, payload, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, payload));
  g_clear_pointer (&bytes, g_bytes_unref);

  /* A range that does not fit says why. */
  bytes = apply (SW_CHECKSUM_CRC8, SW_BYTE_ORDER_BIG_ENDIAN, 5, 0, "abc", 3, &error);
  g_assert_null (bytes);
  g_assert_error (error, SW_CHECKSUM_ERROR, SW_CHECKSUM_ERROR_RANGE);
  g_assert_cmpstr (error->message, ==, "The checksum range starts at byte 5 but the message has 3 bytes");
  g_clear_error (&error);

  bytes = apply (SW_CHECKSUM_CRC8, SW_BYTE_ORDER_BIG_ENDIAN, 2, 0, "a", 1, &error);
  g_assert_null (bytes);
  g_assert_cmpstr (error->message, ==, "The checksum range starts at byte 2 but the message has 1 byte");
  g_clear_error (&error);

  bytes = apply (SW_CHECKSUM_CRC8, SW_BYTE_ORDER_BIG_ENDIAN, 2, 2, "abc", 3, &error);
  g_assert_null (bytes);
  g_assert_error (error, SW_CHECKSUM_ERROR, SW_CHECKSUM_ERROR_RANGE);
  g_assert_cmpstr (error->message, ==,
                   "The checksum range, from byte 2 to 2 before the end, "
                   "does not fit in a message of 3 bytes");
  g_clear_error (&error);
}

static void
assert_verifies (const SwChecksumSpec *spec,
                 const char           *frame,
                 gsize                 length,
                 SwChecksumResult      result,
                 guint32               expected_value,
                 guint32               found_value)
{
  guint32 expected_out = 12345;
  guint32 found_out = 12345;

  g_assert_cmpint (sw_checksum_spec_verify (spec, (const guint8 *) frame, length,
                                            &expected_out, &found_out), ==, result);
  g_assert_cmphex (expected_out, ==, expected_value);
  g_assert_cmphex (found_out, ==, found_value);
  g_assert_cmpint (sw_checksum_spec_verify (spec, (const guint8 *) frame, length, NULL, NULL), ==, result);
}

static void
test_spec_verify (void)
{
  SwChecksumSpec modbus = { SW_CHECKSUM_CRC16_MODBUS, SW_BYTE_ORDER_LITTLE_ENDIAN, 0, 0 };
  SwChecksumSpec framed = { SW_CHECKSUM_CRC16_XMODEM, SW_BYTE_ORDER_BIG_ENDIAN, 1, 1 };
  SwChecksumSpec none = SW_CHECKSUM_SPEC_INIT;

  assert_verifies (&modbus, "\x01\x03\x00\x00\x00\x02\xC4\x0B", 8,
                   SW_CHECKSUM_RESULT_VALID, 0x0BC4, 0x0BC4);
  assert_verifies (&modbus, "\x01\x03\x00\x00\x00\x03\xC4\x0B", 8,
                   SW_CHECKSUM_RESULT_INVALID, 0xCB05, 0x0BC4);
  /* Big endian on the wire is not what this spec expects. */
  assert_verifies (&modbus, "\x01\x03\x00\x00\x00\x02\x0B\xC4", 8,
                   SW_CHECKSUM_RESULT_INVALID, 0x0BC4, 0xC40B);
  /* Two bytes are the checksum of nothing. */
  assert_verifies (&modbus, "\xFF\xFF", 2, SW_CHECKSUM_RESULT_VALID, 0xFFFF, 0xFFFF);
  assert_verifies (&modbus, "\xC4", 1, SW_CHECKSUM_RESULT_TOO_SHORT, 0, 0);
  assert_verifies (&modbus, "", 0, SW_CHECKSUM_RESULT_TOO_SHORT, 0, 0);

  /* STX, the data, ETX, then the CRC over the data only. */
  assert_verifies (&framed, "\x02" CHECK_INPUT "\x03\x31\xC3", 13,
                   SW_CHECKSUM_RESULT_VALID, 0x31C3, 0x31C3);
  assert_verifies (&framed, "\x02\x03\x00\x00", 4, SW_CHECKSUM_RESULT_VALID, 0, 0);
  assert_verifies (&framed, "\x02\x00\x00", 3, SW_CHECKSUM_RESULT_TOO_SHORT, 0, 0);

  assert_verifies (&none, "abc", 3, SW_CHECKSUM_RESULT_VALID, 0, 0);

  /* What apply() makes, verify() accepts, for every kind and order. */
  for (guint kind = SW_CHECKSUM_SUM8; kind < SW_N_CHECKSUMS; kind++)
    for (SwByteOrder order = SW_BYTE_ORDER_BIG_ENDIAN; order <= SW_BYTE_ORDER_LITTLE_ENDIAN; order++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GBytes) frame = apply (kind, order, 2, 3, "hdr" CHECK_INPUT "end", 15, &error);
        gsize length;
        const guint8 *data = g_bytes_get_data (frame, &length);
        guint32 found;

        g_assert_no_error (error);
        g_assert_cmpint (sw_checksum_spec_verify (&(SwChecksumSpec) { kind, order, 2, 3 },
                                                  data, length, NULL, &found),
                         ==, SW_CHECKSUM_RESULT_VALID);
        g_assert_cmphex (found, ==, sw_checksum_compute (kind, data + 2, length - 5 - sw_checksum_get_width (kind)));
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/checksum/catalogue", test_catalogue);
  g_test_add_func ("/sw/checksum/known-frames", test_known_frames);
  g_test_add_func ("/sw/checksum/incremental", test_incremental);
  g_test_add_func ("/sw/checksum/values", test_values);
  g_test_add_func ("/sw/checksum/spec-apply", test_spec_apply);
  g_test_add_func ("/sw/checksum/spec-verify", test_spec_verify);

  return g_test_run ();
}
