/* fuzz-traffic-log.c: the traffic log under any sequence of operations,
 * and the formatter on whatever it holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a program: each byte picks an operation (append sent or
 * received, reserve and commit, an event, a byte cap, clear, reset the
 * totals, look at a record), the bytes after it its arguments. A model
 * kept here says what the log must hold. After every operation:
 * - the totals equal the bytes and records appended since the last
 *   reset, and what was trimmed is exactly what is gone without a clear;
 * - the records held are the newest ones, each with its direction, peer
 *   and payload; memory held is within the cap (or one record) and is
 *   the payloads plus the same overhead per record;
 * - every record formats as valid UTF-8 in every mode and encoding, with
 *   and without a payload limit and timestamps;
 * - payloads taken out (GBytes) stay intact whatever the log does next.
 */

#include "config.h"

#include <string.h>

#include "sw-fuzz.h"
#include "sw-traffic-format.h"

enum
{
  OP_APPEND_SENT,
  OP_APPEND_RECEIVED,
  OP_RESERVE_COMMIT,
  OP_EVENT,
  OP_BYTE_CAP,
  OP_CLEAR,
  OP_RESET_TOTALS,
  OP_LOOK,
  N_OPS
};

static const char *const peers[] = { NULL, "127.0.0.1:7000", "[::1]:9", "[fe80::1%eth0]:65535" };

typedef struct
{
  SwDirection  direction;
  SwEventKind  event_kind;
  const char  *peer;
  GBytes      *payload;
} ModelRecord;

typedef struct
{
  SwTrafficLog       *log;
  GArray             *records;      /* ModelRecord, by seq */
  guint64             first_seq;    /* the first the model still expects */
  guint64             held;         /* payload bytes from there on */
  SwTrafficTotals     totals;       /* since the last reset */
  gsize               overhead;     /* per record, once seen */
  GPtrArray          *taken;        /* payloads taken out, with their copy */
  /* One per mode and encoding, reused as the views reuse theirs. */
  SwTrafficFormatter *formatters[2][SW_N_ENCODINGS];
} Model;

static void
model_record_clear (ModelRecord *record)
{
  g_bytes_unref (record->payload);
}

static void
check_record_formats (Model                 *model,
                      const SwTrafficRecord *record,
                      gsize                  limit)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (SwDisplayMode mode = SW_DISPLAY_MODE_TEXT; mode <= SW_DISPLAY_MODE_HEX; mode++)
    for (guint e = 0; e < SW_N_ENCODINGS; e++)
      {
        SwTrafficFormatter *formatter = model->formatters[mode][e];
        gsize header;

        sw_traffic_formatter_set_payload_limit (formatter, (mode + e) % 2 ? limit : 0);
        g_string_truncate (out, 0);
        header = sw_traffic_formatter_append (formatter, record, out);

        sw_fuzz_assert_utf8 (out->str, out->len);
        g_assert_cmpuint (header, <, out->len);
        /* Whole lines. */
        g_assert_cmpint (out->str[out->len - 1], ==, '\n');
      }
}

static void
check_record (Model   *model,
              guint64  seq,
              gsize    limit)
{
  ModelRecord *expected = &g_array_index (model->records, ModelRecord, seq);
  g_autoptr(GBytes) payload = NULL;
  SwTrafficRecord record;

  g_assert_true (sw_traffic_log_get_record (model->log, seq, &record));
  g_assert_cmpuint (record.seq, ==, seq);
  g_assert_cmpint (record.direction, ==, expected->direction);
  g_assert_cmpint (record.event_kind, ==, expected->event_kind);
  g_assert_cmpstr (record.peer, ==, expected->peer);
  g_assert_cmpmem (record.data, record.length,
                   g_bytes_get_data (expected->payload, NULL), g_bytes_get_size (expected->payload));

  payload = sw_traffic_log_dup_payload (model->log, seq);
  g_assert_true (g_bytes_equal (payload, expected->payload));
  /* Kept to the end, with the model's copy, to outlive what follows. */
  if (model->taken->len < 64)
    {
      g_ptr_array_add (model->taken, g_steal_pointer (&payload));
      g_ptr_array_add (model->taken, g_bytes_ref (expected->payload));
    }

  check_record_formats (model, &record, limit);
}

static void
check_log (Model *model)
{
  SwTrafficTotals totals;
  guint64 first = sw_traffic_log_get_first_seq (model->log);
  guint64 end = sw_traffic_log_get_end_seq (model->log);
  guint64 n = end - first;

  g_assert_cmpuint (end, ==, model->records->len);
  g_assert_cmpuint (first, >=, model->first_seq);
  g_assert_cmpuint (sw_traffic_log_get_n_records (model->log), ==, n);

  /* What the model expected but the log no longer holds was trimmed. */
  for (; model->first_seq < first; model->first_seq++)
    {
      ModelRecord *gone = &g_array_index (model->records, ModelRecord, model->first_seq);

      model->totals.records_trimmed++;
      model->totals.bytes_trimmed += g_bytes_get_size (gone->payload);
      model->held -= g_bytes_get_size (gone->payload);
    }

  sw_traffic_log_get_totals (model->log, &totals);
  g_assert_cmpmem (&totals, sizeof totals, &model->totals, sizeof model->totals);

  if (n > 0)
    {
      guint64 bytes_held = sw_traffic_log_get_bytes_held (model->log);
      guint64 held = model->held;

      g_assert_cmpuint (bytes_held, >=, held);
      g_assert_cmpuint ((bytes_held - held) % n, ==, 0);
      if (model->overhead == 0)
        model->overhead = (bytes_held - held) / n;
      g_assert_cmpuint (bytes_held - held, ==, n * model->overhead);
      g_assert_true (bytes_held <= sw_traffic_log_get_byte_cap (model->log) || n == 1);
    }
  else
    g_assert_cmpuint (sw_traffic_log_get_bytes_held (model->log), ==, 0);
}

static void
model_add (Model        *model,
           guint64       seq,
           SwDirection   direction,
           SwEventKind   event_kind,
           const char   *peer,
           const void   *data,
           gsize         length)
{
  ModelRecord record = { direction, event_kind, peer, g_bytes_new (data, length) };

  g_assert_cmpuint (seq, ==, model->records->len);
  g_array_append_val (model->records, record);
  model->held += length;

  switch (direction)
    {
    case SW_DIRECTION_RECEIVED:
      model->totals.bytes_received += length;
      model->totals.records_received++;
      break;

    case SW_DIRECTION_SENT:
      model->totals.bytes_sent += length;
      model->totals.records_sent++;
      break;

    case SW_DIRECTION_EVENT:
    default:
      model->totals.events++;
      break;
    }
}

static void
run_op (Model       *model,
        SwFuzzInput *input)
{
  guint op = sw_fuzz_take_choice (input, N_OPS);
  const char *peer = peers[sw_fuzz_take_choice (input, G_N_ELEMENTS (peers))];
  const guint8 *data;
  gsize length;
  guint64 seq;

  switch (op)
    {
    case OP_APPEND_SENT:
    case OP_APPEND_RECEIVED:
      {
        SwDirection direction = op == OP_APPEND_SENT ? SW_DIRECTION_SENT : SW_DIRECTION_RECEIVED;

        data = sw_fuzz_take_bytes (input, G_MAXSIZE, &length);
        /* An empty payload comes as NULL, as from an empty datagram. */
        seq = sw_traffic_log_append (model->log, direction, peer, length > 0 ? data : NULL, length);
        model_add (model, seq, direction, SW_EVENT_KIND_NONE, peer, data, length);
      }
      break;

    case OP_RESERVE_COMMIT:
      {
        gsize max_length = 1 + ((gsize) sw_fuzz_take_byte (input) << 8 | sw_fuzz_take_byte (input));
        guint8 *room = sw_traffic_log_reserve (model->log, max_length);

        data = sw_fuzz_take_bytes (input, max_length, &length);
        if (length > 0)
          memcpy (room, data, length);
        seq = sw_traffic_log_commit (model->log, SW_DIRECTION_RECEIVED, peer, length);
        /* Committing nothing drops the reservation and makes no record. */
        if (length > 0)
          model_add (model, seq, SW_DIRECTION_RECEIVED, SW_EVENT_KIND_NONE, peer, data, length);
        else
          g_assert_cmpuint (seq, ==, 0);
      }
      break;

    case OP_EVENT:
      {
        SwEventKind kind = SW_EVENT_KIND_INFO + sw_fuzz_take_choice (input, SW_EVENT_KIND_ERROR);
        g_autofree char *message = NULL;

        data = sw_fuzz_take_bytes (input, 1024, &length);
        /* Messages are sentences for people: text (a NUL becomes U+FFFD). */
        message = g_utf8_make_valid ((const char *) data, length);
        seq = sw_traffic_log_append_event (model->log, kind, peer, message);
        model_add (model, seq, SW_DIRECTION_EVENT, kind, peer, message, strlen (message));
      }
      break;

    case OP_BYTE_CAP:
      /* From one byte to 16 MiB: tiny caps trim at every append. */
      sw_traffic_log_set_byte_cap (model->log,
                                   1 + ((guint64) sw_fuzz_take_byte (input) << 16 |
                                        (guint64) sw_fuzz_take_byte (input) << 8));
      break;

    case OP_CLEAR:
      sw_traffic_log_clear (model->log);
      /* Cleared, not trimmed. */
      model->first_seq = model->records->len;
      model->held = 0;
      break;

    case OP_RESET_TOTALS:
      check_log (model);
      sw_traffic_log_reset_totals (model->log);
      memset (&model->totals, 0, sizeof model->totals);
      break;

    case OP_LOOK:
    default:
      {
        guint64 first = sw_traffic_log_get_first_seq (model->log);
        guint64 n = sw_traffic_log_get_n_records (model->log);

        if (n > 0)
          check_record (model, first + sw_fuzz_take_byte (input) % n, sw_fuzz_take_byte (input));
      }
      break;
    }

  check_log (model);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  SwFuzzInput input = { data, size };
  Model model = { 0 };

  model.log = sw_traffic_log_new ();
  model.records = g_array_new (FALSE, TRUE, sizeof (ModelRecord));
  g_array_set_clear_func (model.records, (GDestroyNotify) model_record_clear);
  model.taken = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (SwDisplayMode mode = SW_DISPLAY_MODE_TEXT; mode <= SW_DISPLAY_MODE_HEX; mode++)
    for (guint e = 0; e < SW_N_ENCODINGS; e++)
      model.formatters[mode][e] = sw_traffic_formatter_new (mode, e, e % 2 ? SW_TRAFFIC_FORMAT_TIME
                                                                           : SW_TRAFFIC_FORMAT_NONE);

  while (input.size > 0)
    run_op (&model, &input);

  /* Every record still held shows, and so does what was taken out. */
  for (guint64 seq = sw_traffic_log_get_first_seq (model.log); seq < model.records->len; seq++)
    check_record (&model, seq, 16);

  g_clear_object (&model.log);
  for (guint i = 0; i < model.taken->len; i += 2)
    g_assert_true (g_bytes_equal (model.taken->pdata[i], model.taken->pdata[i + 1]));

  g_ptr_array_unref (model.taken);
  g_array_unref (model.records);
  for (SwDisplayMode mode = SW_DISPLAY_MODE_TEXT; mode <= SW_DISPLAY_MODE_HEX; mode++)
    for (guint e = 0; e < SW_N_ENCODINGS; e++)
      sw_traffic_formatter_free (model.formatters[mode][e]);

  return 0;
}
