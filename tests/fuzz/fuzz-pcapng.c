/* fuzz-pcapng.c: the pcapng export of any log, read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: operations, each a byte (its low 3 bits say which) and the
 * bytes it takes: open a connection (TCP or UDP, relay or not, local and
 * remote addresses of either family, "any", IPv4-mapped, unknown), a
 * record of some size and direction on a connection or on a peer name
 * without one, an event, a close (FIN or reset), a smaller byte cap (the
 * log trims its start) or a clear.
 *
 * The log is written as pcapng into memory and read back here with a
 * reader of its own. Checks:
 *  - blocks: a section header first, one interface (LINKTYPE_RAW), then
 *    enhanced packet blocks; every block's two lengths agree and fit;
 *    options end within their block; comments are UTF-8;
 *  - every packet: captured length = original length = the IP packet's
 *    length; the IPv4 header checksum and every TCP and UDP checksum
 *    verify; timestamps never go back;
 *  - TCP: every connection starts with SYN, SYN-ACK; each segment starts
 *    where the last one of its direction ended, acknowledges exactly what
 *    the other side sent, carries at most 16 KiB and never fills the
 *    window; the bytes each way are the records of the log each way
 *    (compared as unordered pairs per connection: the reader does not
 *    know the made-up addresses);
 *  - UDP: a datagram per record (more for a record beyond 65,507 bytes),
 *    with all the records' bytes;
 *  - a log that dropped records says so in a section comment.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sw-export.h"

#define MAX_CONNECTIONS 64
#define MAX_PAYLOAD     (4 * 1024 * 1024)
/* A "big" record is its size byte times this: up to 70,635 bytes, more
 * than a UDP datagram holds. */
#define BIG_UNIT        277

/* Input */

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         offset;
} Input;

static guint
take (Input *input)
{
  return input->offset < input->length ? input->data[input->offset++] : 0;
}

static gboolean
more (Input *input)
{
  return input->offset < input->length;
}

static GSocketAddress *
address (guint        choice,
         guint16      port)
{
  static const char *const hosts[] = {
    NULL, "0.0.0.0", "::", "127.0.0.1", "::1", "::ffff:127.0.0.1", "192.0.2.9", "2001:db8::7",
  };
  const char *host = hosts[choice % G_N_ELEMENTS (hosts)];

  return host != NULL ? g_inet_socket_address_new_from_string (host, port) : NULL;
}

/* Builds a log from the input. Ports are unique per connection, and an
 * address is never unknown at both ends, so no two connections share
 * their four numbers. */
static SwTrafficLog *
build_log (Input *input)
{
  SwTrafficLog *log = sw_traffic_log_new ();
  static const char *const peers[] = { "127.0.0.1:7000", "[::1]:7001", "example.com:80", "nonsense", "" };
  guint connections[MAX_CONNECTIONS];
  guint n_connections = 0;
  gsize payload_total = 0;
  guint8 *buffer = g_malloc (256 * BIG_UNIT);

  while (more (input))
    {
      guint op = take (input);

      switch (op & 7)
        {
        case 0:
          if (n_connections < MAX_CONNECTIONS)
            {
              guint choice = take (input);
              guint i = n_connections;
              g_autoptr(GSocketAddress) local = address (choice, 20000 + i);
              g_autoptr(GSocketAddress) remote = address (choice >> 3, 30000 + i);
              g_autofree char *name = g_strdup_printf ("host-%u.example:%u", i, 30000 + i);

              if (local == NULL && remote == NULL)
                local = address (3, 20000 + i);
              connections[n_connections++] =
                sw_traffic_log_open_connection (log, (op & 8) ? SW_TRANSPORT_UDP : SW_TRANSPORT_TCP,
                                                (op & 16) != 0, local, remote, name);
            }
          break;

        case 1:
        case 2:
        case 3:
          {
            guint size = take (input);
            guint which = take (input);
            gsize length = (op & 8) ? size * BIG_UNIT : size;
            SwTrafficMeta meta = { (op & 16) ? SW_DIRECTION_SENT : SW_DIRECTION_RECEIVED };

            if (payload_total + length > MAX_PAYLOAD)
              break;
            payload_total += length;
            for (gsize i = 0; i < length; i++)
              buffer[i] = (guint8) (i * 31 + which + op);

            if ((op & 32) || n_connections == 0)
              meta.peer = peers[which % G_N_ELEMENTS (peers)];
            else
              meta.connection = connections[which % n_connections];
            sw_traffic_log_append_full (log, &meta, buffer, length);
          }
          break;

        case 4:
          {
            guint size = take (input);
            guint which = take (input);
            g_autofree char *message = g_strnfill ((op & 8) ? size * 37 : size % 40, 'a' + which % 26);

            if (n_connections > 0 && (op & 16))
              sw_traffic_log_append_connection_event (log, connections[which % n_connections],
                                                      SW_EVENT_KIND_INFO, message);
            else
              sw_traffic_log_append_event (log, SW_EVENT_KIND_ERROR, NULL, message);
          }
          break;

        case 5:
          if (n_connections > 0)
            sw_traffic_log_close_connection (log, connections[take (input) % n_connections],
                                             (op & 8) ? SW_CONNECTION_END_RESET : SW_CONNECTION_END_CLOSED);
          break;

        case 6:
          sw_traffic_log_set_byte_cap (log, 1 + take (input) * 1024);
          break;

        case 7:
          if (op & 8)
            sw_traffic_log_clear (log);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  g_free (buffer);

  return log;
}

/* What the log holds, per connection and direction */

typedef struct
{
  GByteArray *bytes[2];   /* sent, received; in the capture: either way */
} Pair;

static void
pair_free (gpointer data)
{
  Pair *pair = data;

  g_byte_array_unref (pair->bytes[0]);
  g_byte_array_unref (pair->bytes[1]);
  g_free (pair);
}

static Pair *
pair_new (void)
{
  Pair *pair = g_new0 (Pair, 1);

  pair->bytes[0] = g_byte_array_new ();
  pair->bytes[1] = g_byte_array_new ();

  return pair;
}

/* A pair as text, its two sides in order, so that pairs compare. */
static char *
pair_key (Pair *pair)
{
  g_autofree char *a = g_compute_checksum_for_data (G_CHECKSUM_SHA256, pair->bytes[0]->data, pair->bytes[0]->len);
  g_autofree char *b = g_compute_checksum_for_data (G_CHECKSUM_SHA256, pair->bytes[1]->data, pair->bytes[1]->len);

  if (pair->bytes[0]->len == 0 && pair->bytes[1]->len == 0)
    return NULL;

  return strcmp (a, b) < 0 ? g_strconcat (a, "+", b, NULL) : g_strconcat (b, "+", a, NULL);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The pairs that carried anything, as sorted keys. */
static GPtrArray *
sorted_keys (GPtrArray *pairs)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < pairs->len; i++)
    {
      char *key = pair_key (g_ptr_array_index (pairs, i));

      if (key != NULL)
        g_ptr_array_add (keys, key);
    }
  g_ptr_array_sort (keys, compare_strings);

  return keys;
}

typedef struct
{
  GPtrArray *tcp;            /* Pair */
  guint64    udp_bytes;
  guint64    udp_datagrams;
} Expected;

static void
expect (SwTrafficLog *log,
        Expected     *expected)
{
  g_autoptr(GHashTable) flows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  expected->tcp = g_ptr_array_new_with_free_func (pair_free);

  for (guint64 seq = sw_traffic_log_get_first_seq (log); seq < sw_traffic_log_get_end_seq (log); seq++)
    {
      SwTrafficRecord record;
      SwTrafficConnection connection;
      g_autofree char *key = NULL;
      Pair *pair;

      g_assert_true (sw_traffic_log_get_record (log, seq, &record));
      if (record.direction == SW_DIRECTION_EVENT)
        continue;

      if (record.connection != 0)
        {
          g_assert_true (sw_traffic_log_get_connection (log, record.connection, &connection));
          if (connection.transport == SW_TRANSPORT_UDP)
            {
              expected->udp_bytes += record.length;
              expected->udp_datagrams += MAX (1, (record.length + 65506) / 65507);
              continue;
            }
          key = g_strdup_printf ("#%u", record.connection);
        }
      else
        key = g_strdup (record.peer != NULL ? record.peer : "");

      pair = g_hash_table_lookup (flows, key);
      if (pair == NULL)
        {
          pair = pair_new ();
          g_ptr_array_add (expected->tcp, pair);
          g_hash_table_insert (flows, g_steal_pointer (&key), pair);
        }
      g_byte_array_append (pair->bytes[record.direction == SW_DIRECTION_SENT ? 0 : 1],
                           record.data, record.length);
    }
}

/* The reader */

typedef struct
{
  guint8      ends[2][18];   /* address (16) and port (2) of each side */
  guint32     next[2];
  guint32     acked[2];      /* of side i's bytes, what the other acknowledged */
  gboolean    synack;
  Pair       *pair;
} Stream;

typedef struct
{
  GHashTable *streams;       /* ends (36 bytes, in order) → Stream */
  GPtrArray  *done;          /* Pair */
  guint64     udp_bytes;
  guint64     udp_datagrams;
  gint64      last_time;
  gboolean    said_dropped;
} Capture;

static guint32
get32 (const guint8 *p)
{
  guint32 value;

  memcpy (&value, p, sizeof value);
  return GUINT32_FROM_LE (value);
}

static guint16
get16 (const guint8 *p)
{
  guint16 value;

  memcpy (&value, p, sizeof value);
  return GUINT16_FROM_LE (value);
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static guint
be16 (const guint8 *p)
{
  return p[0] << 8 | p[1];
}

static guint
key_hash (gconstpointer key)
{
  guint hash = 5381;

  for (guint i = 0; i < 36; i++)
    hash = hash * 33 + ((const guint8 *) key)[i];

  return hash;
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  return memcmp (a, b, 36) == 0;
}

/* RFC 1071, summed as 32-bit words of bytes: a different road to the
 * same number as the writer's. */
static guint32
ones_sum (guint32       sum,
          const guint8 *p,
          gsize         length)
{
  while (length >= 2)
    {
      sum += be16 (p);
      sum = (sum & 0xFFFF) + (sum >> 16);
      p += 2;
      length -= 2;
    }
  if (length > 0)
    {
      sum += p[0] << 8;
      sum = (sum & 0xFFFF) + (sum >> 16);
    }

  return sum;
}

static void
check_checksum (guint32 sum)
{
  if (((sum & 0xFFFF) + (sum >> 16)) != 0xFFFF)
    abort ();
}

/* Walks the options of a block, adding its comments to @comments;
 * returns whether it names Socket Workbench as its application. */
static gboolean
read_options (const guint8 *p,
              gsize         length,
              GString      *comments)
{
  static const char application[] = "Socket Workbench ";
  gboolean named = FALSE;
  gsize offset = 0;

  while (offset + 4 <= length)
    {
      guint code = get16 (p + offset);
      guint size = get16 (p + offset + 2);

      if (code == 0)
        return named;
      if (offset + 4 + ((size + 3) & ~3u) > length)
        abort ();
      if (code == 1)
        {
          if (!g_utf8_validate_len ((const char *) p + offset + 4, size, NULL))
            abort ();
          g_string_append_len (comments, (const char *) p + offset + 4, size);
          g_string_append_c (comments, '\n');
        }
      if (code == 4 && size >= strlen (application) &&
          memcmp (p + offset + 4, application, strlen (application)) == 0)
        named = TRUE;
      offset += 4 + ((size + 3) & ~3u);
    }

  /* No end of options. */
  if (length > 0)
    abort ();

  return FALSE;
}

static void
read_tcp (Capture      *capture,
          const guint8 *src,
          const guint8 *dst,
          gsize         address_length,
          const guint8 *tcp,
          gsize         length)
{
  guint8 key[36] = { 0 };
  guint8 self[18] = { 0 };
  Stream *stream;
  guint flags = tcp[13];
  guint32 seq = be32 (tcp + 4);
  guint32 ack = be32 (tcp + 8);
  gsize header = (tcp[12] >> 4) * 4;
  gsize data_length = length - header;
  int side;

  if (header < 20 || header > length || data_length > 16384 || be16 (tcp + 14) != 65535)
    abort ();

  memcpy (self, src, address_length);
  memcpy (self + 16, tcp, 2);
  memcpy (key, src, address_length);
  memcpy (key + 16, tcp, 2);
  memcpy (key + 18, dst, address_length);
  memcpy (key + 34, tcp + 2, 2);
  /* One key for both directions: the smaller end first. */
  if (memcmp (key, key + 18, 18) > 0)
    {
      guint8 swap[18];

      memcpy (swap, key, 18);
      memmove (key, key + 18, 18);
      memcpy (key + 18, swap, 18);
    }

  stream = g_hash_table_lookup (capture->streams, key);

  if (flags == 0x02)
    {
      /* SYN: a new connection, which ends any before on these numbers. */
      if (stream != NULL)
        {
          g_ptr_array_add (capture->done, stream->pair);
          g_hash_table_remove (capture->streams, key);
        }
      stream = g_new0 (Stream, 1);
      memcpy (stream->ends[0], self, 18);
      memcpy (stream->ends[1], memcmp (key, self, 18) == 0 ? key + 18 : key, 18);
      stream->next[0] = seq + 1;
      stream->pair = pair_new ();
      g_hash_table_insert (capture->streams, g_memdup2 (key, sizeof key), stream);
      if (data_length != 0)
        abort ();
      return;
    }

  if (stream == NULL)
    abort ();
  side = memcmp (stream->ends[0], self, 18) == 0 ? 0 : 1;

  if (flags == 0x12)
    {
      if (side != 1 || stream->synack || ack != stream->next[0] || data_length != 0)
        abort ();
      stream->synack = TRUE;
      stream->next[1] = seq + 1;
      stream->acked[0] = ack;
      return;
    }

  /* Everything after the handshake acknowledges everything. */
  if (!stream->synack || !(flags & 0x10) || (flags & 0x02) || seq != stream->next[side] ||
      ack != stream->next[1 - side])
    abort ();
  stream->acked[1 - side] = ack;

  if (flags & 0x04)
    {
      if (data_length != 0)
        abort ();
      return;
    }

  g_byte_array_append (stream->pair->bytes[side], tcp + header, data_length);
  stream->next[side] += data_length + ((flags & 0x01) ? 1 : 0);
  if ((guint32) (stream->next[side] - stream->acked[side]) >= 65535)
    abort ();
}

static void
read_packet (Capture      *capture,
             const guint8 *p,
             gsize         length)
{
  const guint8 *src;
  const guint8 *dst;
  const guint8 *l4;
  gsize address_length;
  gsize l4_length;
  guint protocol;
  guint32 sum;

  if (length < 20)
    abort ();

  if (p[0] == 0x45)
    {
      if (be16 (p + 2) != length || (be16 (p + 6) & 0x3FFF) != 0)
        abort ();
      check_checksum (ones_sum (0, p, 20));
      protocol = p[9];
      src = p + 12;
      dst = p + 16;
      address_length = 4;
      l4 = p + 20;
      l4_length = length - 20;
    }
  else if ((p[0] >> 4) == 6)
    {
      if (length < 40 || be16 (p + 4) + 40 != length)
        abort ();
      protocol = p[6];
      src = p + 8;
      dst = p + 24;
      address_length = 16;
      l4 = p + 40;
      l4_length = length - 40;
    }
  else
    abort ();

  /* The pseudo-header, then the segment or datagram. */
  sum = ones_sum (0, src, address_length);
  sum = ones_sum (sum, dst, address_length);
  sum += protocol + (l4_length >> 16) + (l4_length & 0xFFFF);
  sum = (sum & 0xFFFF) + (sum >> 16);
  sum = ones_sum (sum, l4, l4_length);
  check_checksum (sum);

  if (protocol == 6 && l4_length >= 20)
    read_tcp (capture, src, dst, address_length, l4, l4_length);
  else if (protocol == 17 && l4_length >= 8 && be16 (l4 + 4) == l4_length && be16 (l4 + 6) != 0)
    {
      capture->udp_bytes += l4_length - 8;
      capture->udp_datagrams++;
    }
  else
    abort ();
}

static void
read_capture (const guint8 *p,
              gsize         length,
              Capture      *capture)
{
  g_autoptr(GString) comments = g_string_new (NULL);
  gsize offset = 0;
  guint n_blocks = 0;

  while (offset < length)
    {
      guint32 type;
      guint32 total;
      const guint8 *body;

      if (length - offset < 12)
        abort ();
      type = get32 (p + offset);
      total = get32 (p + offset + 4);
      if (total < 12 || total % 4 != 0 || total > length - offset || get32 (p + offset + total - 4) != total)
        abort ();
      body = p + offset + 8;

      switch (n_blocks)
        {
        case 0:
          if (type != 0x0A0D0D0A || total < 28 || get32 (body) != 0x1A2B3C4D || get16 (body + 4) != 1)
            abort ();
          if (!read_options (body + 16, total - 28, comments))
            abort ();
          capture->said_dropped = strstr (comments->str, "dropped from the start") != NULL;
          break;

        case 1:
          if (type != 1 || total < 20 || get16 (body) != 101)
            abort ();
          read_options (body + 8, total - 20, comments);
          break;

        default:
          {
            guint32 captured;
            gint64 time;

            if (type != 6 || total < 32)
              abort ();
            captured = get32 (body + 12);
            if (get32 (body) != 0 || get32 (body + 16) != captured ||
                28 + ((captured + 3) & ~3u) + 4 > total)
              abort ();
            time = (gint64) ((guint64) get32 (body + 4) << 32 | get32 (body + 8));
            if (time < capture->last_time)
              abort ();
            capture->last_time = time;
            read_options (body + 20 + ((captured + 3) & ~3u),
                          total - 32 - ((captured + 3) & ~3u), comments);
            read_packet (capture, body + 20, captured);
          }
          break;
        }

      n_blocks++;
      offset += total;
    }

  if (n_blocks < 2)
    abort ();
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  Input input = { data, size, 0 };
  g_autoptr(SwTrafficLog) log = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expected_keys = NULL;
  g_autoptr(GPtrArray) captured_keys = NULL;
  Expected expected = { 0 };
  Capture capture = { 0 };
  SwTrafficTotals totals;
  GHashTableIter iter;
  Stream *stream;

  /* A critical warning is a bug too. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  log = build_log (&input);

  if (!sw_export_write_pcapng (log, out, NULL, &error))
    abort ();
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);

  capture.streams = g_hash_table_new_full (key_hash, key_equal, g_free, g_free);
  capture.done = g_ptr_array_new_with_free_func (pair_free);
  capture.last_time = G_MININT64;
  read_capture (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)),
                &capture);
  g_hash_table_iter_init (&iter, capture.streams);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &stream))
    g_ptr_array_add (capture.done, g_steal_pointer (&stream->pair));

  expect (log, &expected);
  expected_keys = sorted_keys (expected.tcp);
  captured_keys = sorted_keys (capture.done);
  if (expected_keys->len != captured_keys->len)
    abort ();
  for (guint i = 0; i < expected_keys->len; i++)
    if (strcmp (g_ptr_array_index (expected_keys, i), g_ptr_array_index (captured_keys, i)) != 0)
      abort ();

  if (capture.udp_bytes != expected.udp_bytes || capture.udp_datagrams != expected.udp_datagrams)
    abort ();

  sw_traffic_log_get_totals (log, &totals);
  if ((totals.records_trimmed > 0) != capture.said_dropped)
    abort ();

  g_ptr_array_unref (expected.tcp);
  g_ptr_array_unref (capture.done);
  g_hash_table_unref (capture.streams);

  return 0;
}
