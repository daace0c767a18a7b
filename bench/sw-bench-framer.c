/* sw-bench-framer.c: how fast framing and checksums are, run by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not a test (times depend on the machine): it prints figures for issue
 * #11's targets, re-splitting a 64 MiB log by delimiter in well under a
 * second and over a million 64-byte frames a second on the live path.
 *   _build/bench/sw-bench-framer [MiB]
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sw-bench-stats.h"
#include "sw-checksum.h"
#include "sw-framer.h"

#define LINE_LENGTH 64
#define ROUNDS      5

typedef struct
{
  guint64 frames;
  guint64 bytes;
  guint64 valid;
} Count;

static void
count_frame (const SwFrame *frame,
             gpointer       user_data)
{
  Count *count = user_data;

  count->frames++;
  count->bytes += frame->length;
}

/* What the receive path does with a checksum on: check every frame. */
static void
verify_frame (const SwFrame *frame,
              gpointer       user_data)
{
  static const SwChecksumSpec spec = { SW_CHECKSUM_CRC16_MODBUS, SW_BYTE_ORDER_LITTLE_ENDIAN, 0, 1 };
  Count *count = user_data;

  count->frames++;
  count->bytes += frame->length;
  if (sw_checksum_spec_verify (&spec, frame->data, frame->length, NULL, NULL) == SW_CHECKSUM_RESULT_VALID)
    count->valid++;
}

/* Frames @log pushed in @chunk-byte pieces, ROUNDS times; prints the
 * median time and rate. */
static void
bench_framing (const char   *what,
               SwFraming    *framing,
               const guint8 *log,
               gsize         length,
               gsize         chunk,
               SwFrameFunc   func)
{
  double seconds[ROUNDS];
  Count count = { 0 };

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr(SwFramer) framer = sw_framer_new (framing, NULL);
      gint64 start = g_get_monotonic_time ();

      g_assert (framer != NULL);
      count = (Count) { 0 };
      for (gsize offset = 0; offset < length; offset += chunk)
        sw_framer_push (framer, log + offset, MIN (chunk, length - offset), 0, func, &count);
      sw_framer_finish (framer, func, &count);
      seconds[round] = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      g_assert_cmpuint (count.bytes, ==, length);
    }

  qsort (seconds, ROUNDS, sizeof (double), sw_bench_compare_doubles);
  g_print ("%-44s %5zu B pushes: %7.1f ms, %6.2f M frames/s, %6.0f MB/s%s\n",
           what, chunk, seconds[ROUNDS / 2] * 1000,
           count.frames / seconds[ROUNDS / 2] / 1e6,
           length / seconds[ROUNDS / 2] / 1e6,
           func == verify_frame ? " (each frame's CRC checked)" : "");
}

static void
bench_checksums (const guint8 *data,
                 gsize         length)
{
  for (guint kind = SW_CHECKSUM_SUM8; kind < SW_N_CHECKSUMS; kind++)
    {
      double seconds[ROUNDS];
      volatile guint32 sink = 0;

      for (guint round = 0; round < ROUNDS; round++)
        {
          gint64 start = g_get_monotonic_time ();

          sink ^= sw_checksum_compute (kind, data, length);
          seconds[round] = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
        }
      qsort (seconds, ROUNDS, sizeof (double), sw_bench_compare_doubles);
      g_print ("%-20s %6.0f MB/s, %5.2f M 64-byte frames/s\n", sw_checksum_get_name (kind),
               length / seconds[ROUNDS / 2] / 1e6,
               length / LINE_LENGTH / seconds[ROUNDS / 2] / 1e6);
      (void) sink;
    }
}

int
main (int   argc,
      char *argv[])
{
  gsize mib = argc > 1 ? strtoul (argv[1], NULL, 10) : 64;
  gsize length = mib * 1024 * 1024;
  g_autofree guint8 *lines = g_malloc (length);
  g_autofree guint8 *records = g_malloc (length);
  g_autoptr(SwFraming) framing = sw_framing_new ();

  /* 64-byte lines: 63 characters and "\n". */
  for (gsize i = 0; i < length; i++)
    lines[i] = (i % LINE_LENGTH) == LINE_LENGTH - 1 ? '\n' : 'a' + (i % 26);

  /* 64-byte records: a length byte (61), 60 bytes, CRC-16/MODBUS, ETX. */
  for (gsize i = 0; i + LINE_LENGTH <= length; i += LINE_LENGTH)
    {
      guint8 *r = records + i;
      guint16 crc;

      r[0] = LINE_LENGTH - 3;
      for (guint j = 1; j < LINE_LENGTH - 3; j++)
        r[j] = (i / LINE_LENGTH + j) & 0x7F;
      crc = sw_checksum_compute (SW_CHECKSUM_CRC16_MODBUS, r, LINE_LENGTH - 3);
      r[LINE_LENGTH - 3] = crc & 0xFF;
      r[LINE_LENGTH - 2] = crc >> 8;
      r[LINE_LENGTH - 1] = 0x03;
    }

  g_print ("%zu MiB, %zu frames of %d bytes; median of %d rounds\n\n",
           mib, length / LINE_LENGTH, LINE_LENGTH, ROUNDS);

  sw_framing_set_mode (framing, SW_FRAMING_MODE_DELIMITER);
  bench_framing ("delimiter \\n (re-split of a log)", framing, lines, length, 65536, count_frame);
  bench_framing ("delimiter \\n", framing, lines, length, 1500, count_frame);
  bench_framing ("delimiter \\n (a frame split over two pushes)", framing, lines, length, 96, count_frame);
  sw_framing_set_delimiter (framing, "END\\n");
  bench_framing ("delimiter END\\n (never found)", framing, lines, length, 65536, count_frame);

  sw_framing_set_delimiter (framing, "03");
  sw_framing_set_delimiter_format (framing, SW_PAYLOAD_FORMAT_HEX);
  bench_framing ("delimiter 03 + CRC-16/MODBUS check", framing, records, length, 65536, verify_frame);

  sw_framing_set_mode (framing, SW_FRAMING_MODE_FIXED);
  sw_framing_set_fixed_length (framing, LINE_LENGTH);
  bench_framing ("fixed 64", framing, records, length, 65536, count_frame);

  g_object_set (framing,
                "mode", SW_FRAMING_MODE_LENGTH_FIELD,
                "length-size", 1,
                "length-offset", 0,
                "length-adjust", 2,
                NULL);
  bench_framing ("length field (1 byte, +2)", framing, records, length, 65536, count_frame);
  bench_framing ("length field (1 byte, +2)", framing, records, length, 1500, count_frame);

  sw_framing_set_mode (framing, SW_FRAMING_MODE_IDLE_GAP);
  bench_framing ("idle gap (bytes gathered, cut at 64 KiB)", framing, lines, length, 1500, count_frame);

  g_print ("\n");
  bench_checksums (lines, length);

  return 0;
}
