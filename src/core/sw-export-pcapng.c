/* sw-export-pcapng.c: the traffic log as a pcapng capture for Wireshark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-export-pcapng"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-export.h"

#include "sw-endpoint.h"
#include "sw-export-private.h"

/*
 * The log holds what the sockets carried, not packets: the packets are
 * made up, as a capture of the same conversation would have shown them
 * (draft-ietf-opsawg-pcapng; RFC 791, 8200, 9293, 768 for the headers;
 * RFC 1071 for the checksums, which are all valid).
 *
 * One section, one interface with LINKTYPE_RAW (IPv4 and IPv6 packets
 * without a link header) and microsecond timestamps, one Enhanced Packet
 * Block per packet, written as it is made.
 *
 * Addresses. Each connection's packets go between its local and remote
 * addresses (IPv4-mapped IPv6 shown as IPv4); for a relay, between the
 * client (local) and the upstream (remote). The remote address decides
 * the family. A local address that is unknown, "any" (a UDP socket bound
 * to 0.0.0.0 or ::) or of the other family (a dual-stack socket talking
 * IPv4) becomes the loopback of the remote's family, 127.0.0.1 or ::1,
 * keeping its port: the same rule for every connection of a file. A port
 * that is unknown is 40000 + a hash of the connection's name (modulo
 * 20000). Records without a connection (id 0) are grouped by their peer
 * name into one TCP connection each: the remote is the peer
 * ("127.0.0.1:7000", "[::1]:7000"; a name that is not an address literal
 * becomes 127.0.0.1 and a hashed port), the local side the loopback of its
 * family with a hashed port; it opens at its first record and stays open.
 *
 * TCP. Sent records go local → remote, received ones remote → local. A
 * handshake (SYN, SYN-ACK, ACK) at the connection's open time comes
 * first, from the side that opened it: a relay's client; otherwise,
 * since the log does not say, the side with the higher port (clients use
 * ephemeral ports), the local side on a tie. Records are cut into
 * segments of at most 16 KiB, each acknowledging what the other side
 * sent; when the unacknowledged bytes would fill the 65,535-byte window
 * the receiver sends a pure ACK first, so Wireshark sees neither a full
 * window nor an unseen segment. A closed connection ends with FIN-ACK,
 * FIN-ACK, ACK from the local side first; a reset one with RST-ACK from
 * the remote side; an open one just stops. An empty TCP record has no
 * packet.
 *
 * Trimmed logs. When the log no longer holds its first records, a
 * connection opened before its first kept record may have lost its
 * start: its handshake is made at its first kept data record's time (not
 * at its open time, which would put it out of order with the packets
 * kept), its sequence numbers start there, and the section comment says
 * so, with how many records and bytes were dropped.
 *
 * UDP. A datagram per record, empty ones too. A record longer than a
 * datagram can be (65,507 bytes, which the engines never log) is split
 * into several, and its first packet says so in a comment.
 *
 * Events become comments "<time> <message>" on the next packet written
 * (at most 32 KiB of them on one packet; more wait for the next one).
 * Events after the last packet are comments of the section header block,
 * at most 128 KiB of them, and a last comment says how many more there
 * were. Knowing which ones those are takes a first pass over the log that
 * writes nothing.
 */

#define BLOCK_SHB 0x0A0D0D0Au
#define BLOCK_IDB 0x00000001u
#define BLOCK_EPB 0x00000006u
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du

#define OPT_ENDOFOPT  0
#define OPT_COMMENT   1
#define SHB_USERAPPL  4
#define IF_NAME       2

#define LINKTYPE_RAW 101
#define SNAPLEN      262144

#define PROTO_TCP 6
#define PROTO_UDP 17

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10

#define TCP_SEGMENT_MAX  16384
#define TCP_WINDOW       65535
#define UDP_PAYLOAD_MAX  65507
#define TTL              64

#define COMMENT_MAX          4096
#define PACKET_COMMENTS_MAX  (32 * 1024)
#define SECTION_COMMENTS_MAX (128 * 1024)

/* Records between two looks at the cancellable when nothing is written. */
#define CANCEL_CHECK_INTERVAL 4096

typedef enum
{
  SIDE_LOCAL,
  SIDE_REMOTE,
} Side;

#define OTHER(side) ((Side) (1 - (side)))

typedef struct
{
  guint            id;            /* the connection's; 0 for a peer's */
  SwTransport      transport;
  gboolean         ipv6;
  guint8           address[2][16];
  guint16          port[2];
  Side             opener;
  guint32          isn[2];

  gboolean         has_data;
  guint64          last_data_seq;
  gint64           open_time;
  gint64           close_time;
  SwConnectionEnd  end;
  /* Opened at its first data record rather than at its open time: a
   * connection whose start may have been dropped, or a peer's. */
  gboolean         lazy_open;
  gboolean         of_peer;

  /* TCP, per pass */
  gboolean         opened;
  gboolean         closed;
  gboolean         close_deferred;
  guint32          next_seq[2];
  guint32          acked[2];      /* of each side's bytes, what the other acknowledged */
  guint16          ip_id[2];
} Flow;

typedef struct
{
  gint64    time;
  Flow     *flow;
  gboolean  close;
} Action;

typedef struct
{
  SwTrafficLog    *log;
  SwExportWriter   writer;
  SwExportClock    clock;
  gboolean         dry;

  GHashTable      *connections;   /* id → Flow */
  GHashTable      *peers;         /* peer name → Flow, for records without one */
  GArray          *actions;       /* Action, by time */
  guint            next_action;

  /* Events waiting for a packet to be the comments of. */
  GArray          *pending;       /* guint64 seq */
  guint            pending_head;

  guint            late_handshakes;
  GString         *comment;
  GString         *options;
} Pcapng;

/* Little-endian block fields: files are the same on every machine. */
static inline void
put_u16 (GString *out,
         guint16  value)
{
  guint16 le = GUINT16_TO_LE (value);

  g_string_append_len (out, (const char *) &le, 2);
}

static inline void
put_u32 (GString *out,
         guint32  value)
{
  guint32 le = GUINT32_TO_LE (value);

  g_string_append_len (out, (const char *) &le, 4);
}

static inline void
put_padding (GString *out,
             gsize    length)
{
  static const char zeros[4] = { 0 };

  g_string_append_len (out, zeros, (4 - length % 4) % 4);
}

static inline gsize
padded (gsize length)
{
  return (length + 3) & ~(gsize) 3;
}

static void
put_option (GString    *out,
            guint16     code,
            const char *value,
            gsize       length)
{
  put_u16 (out, code);
  put_u16 (out, length);
  g_string_append_len (out, value, length);
  put_padding (out, length);
}

/* Network byte order, into packet headers. */
static inline void
set_be16 (guint8  *p,
          guint16  value)
{
  p[0] = value >> 8;
  p[1] = value & 0xFF;
}

static inline void
set_be32 (guint8  *p,
          guint32  value)
{
  p[0] = value >> 24;
  p[1] = (value >> 16) & 0xFF;
  p[2] = (value >> 8) & 0xFF;
  p[3] = value & 0xFF;
}

/* RFC 1071: the one's complement sum of 16-bit words, which @data adds
 * to from an even offset. */
static guint64
checksum_add (guint64       sum,
              const guint8 *data,
              gsize         length)
{
  gsize i;

  for (i = 0; i + 1 < length; i += 2)
    sum += (guint) data[i] << 8 | data[i + 1];
  if (i < length)
    sum += (guint) data[i] << 8;

  return sum;
}

static guint16
checksum_finish (guint64 sum)
{
  while (sum >> 16)
    sum = (sum & 0xFFFF) + (sum >> 16);

  return ~sum & 0xFFFF;
}

/* Murmur3's finalizer: the same made-up numbers for the same log. */
static guint32
mix32 (guint32 h)
{
  h ^= h >> 16;
  h *= 0x85EBCA6B;
  h ^= h >> 13;
  h *= 0xC2B2AE35;
  h ^= h >> 16;

  return h;
}

static guint16
hashed_port (const char *name,
             guint16     base)
{
  return base + mix32 (g_str_hash (name != NULL ? name : "")) % 20000;
}

static void
set_loopback (Flow *flow,
              Side  side)
{
  memset (flow->address[side], 0, 16);
  if (flow->ipv6)
    flow->address[side][15] = 1;
  else
    {
      flow->address[side][0] = 127;
      flow->address[side][3] = 1;
    }
}

/* The address of @address as IPv4 (4 bytes) or IPv6 (16), IPv4-mapped
 * IPv6 as IPv4; FALSE unless it is an IP address. */
static gboolean
inet_bytes (GSocketAddress *address,
            guint8          bytes[16],
            gboolean       *ipv6,
            guint16        *port)
{
  GInetAddress *inet;
  const guint8 *raw;
  static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF };

  if (address == NULL || !G_IS_INET_SOCKET_ADDRESS (address))
    return FALSE;

  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  raw = g_inet_address_to_bytes (inet);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  memset (bytes, 0, 16);

  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV4)
    {
      memcpy (bytes, raw, 4);
      *ipv6 = FALSE;
    }
  else if (memcmp (raw, mapped, sizeof mapped) == 0)
    {
      memcpy (bytes, raw + 12, 4);
      *ipv6 = FALSE;
    }
  else
    {
      memcpy (bytes, raw, 16);
      *ipv6 = TRUE;
    }

  return TRUE;
}

static gboolean
is_any (const guint8 bytes[16])
{
  static const guint8 zeros[16] = { 0 };

  return memcmp (bytes, zeros, 16) == 0;
}

/* "127.0.0.1:7000", "[::1]:7000": the remote of a flow from a name. */
static void
set_remote_from_name (Flow       *flow,
                      const char *name)
{
  g_autoptr(SwEndpoint) endpoint = name != NULL ? sw_endpoint_parse (name, NULL, 0, NULL) : NULL;
  GInetAddress *inet = endpoint != NULL ? sw_endpoint_get_inet_address (endpoint) : NULL;

  flow->port[SIDE_REMOTE] = endpoint != NULL && sw_endpoint_get_port (endpoint) != 0
                            ? sw_endpoint_get_port (endpoint) : hashed_port (name, 20000);

  if (inet != NULL)
    {
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, flow->port[SIDE_REMOTE]);

      if (inet_bytes (address, flow->address[SIDE_REMOTE], &flow->ipv6, &flow->port[SIDE_REMOTE]))
        return;
    }

  flow->ipv6 = FALSE;
  set_loopback (flow, SIDE_REMOTE);
}

static void
finish_addresses (Flow       *flow,
                  const char *name)
{
  if (flow->port[SIDE_LOCAL] == 0)
    flow->port[SIDE_LOCAL] = hashed_port (name, 40000);

  /* Two ends of one connection are never the same. */
  if (flow->port[SIDE_LOCAL] == flow->port[SIDE_REMOTE] &&
      memcmp (flow->address[SIDE_LOCAL], flow->address[SIDE_REMOTE], 16) == 0)
    flow->port[SIDE_LOCAL] = flow->port[SIDE_LOCAL] == 65535 ? 1024 : flow->port[SIDE_LOCAL] + 1;
}

static Flow *
flow_new (SwTransport  transport,
          guint32      key)
{
  Flow *flow = g_new0 (Flow, 1);

  flow->transport = transport;
  flow->isn[SIDE_LOCAL] = mix32 (key * 2 + 1);
  flow->isn[SIDE_REMOTE] = mix32 (key * 2 + 2);

  return flow;
}

static Flow *
flow_for_connection (const SwTrafficConnection *connection)
{
  Flow *flow = flow_new (connection->transport, connection->id);
  guint8 local[16];
  gboolean local_ipv6 = FALSE;
  guint16 local_port = 0;
  gboolean have_local;

  flow->id = connection->id;
  have_local = inet_bytes (connection->local, local, &local_ipv6, &local_port);

  if (!inet_bytes (connection->remote, flow->address[SIDE_REMOTE], &flow->ipv6, &flow->port[SIDE_REMOTE]))
    set_remote_from_name (flow, connection->relay ? NULL : connection->name);

  flow->port[SIDE_LOCAL] = local_port;
  if (have_local && local_ipv6 == flow->ipv6 && !is_any (local))
    memcpy (flow->address[SIDE_LOCAL], local, 16);
  else
    set_loopback (flow, SIDE_LOCAL);
  finish_addresses (flow, connection->name);

  if (connection->relay || flow->port[SIDE_LOCAL] >= flow->port[SIDE_REMOTE])
    flow->opener = SIDE_LOCAL;
  else
    flow->opener = SIDE_REMOTE;

  flow->open_time = connection->open_time;
  flow->close_time = connection->close_time;
  flow->end = connection->end;

  return flow;
}

static Flow *
flow_for_peer (const char *peer)
{
  Flow *flow = flow_new (SW_TRANSPORT_TCP, g_str_hash (peer != NULL ? peer : "") | 0x80000000u);

  set_remote_from_name (flow, peer);
  set_loopback (flow, SIDE_LOCAL);
  finish_addresses (flow, peer);
  flow->opener = SIDE_LOCAL;
  flow->end = SW_CONNECTION_END_OPEN;
  flow->lazy_open = TRUE;
  flow->of_peer = TRUE;

  return flow;
}

static Flow *
lookup_flow (Pcapng                *pc,
             const SwTrafficRecord *record)
{
  if (record->connection != 0)
    {
      Flow *flow = g_hash_table_lookup (pc->connections, GUINT_TO_POINTER (record->connection));

      if (flow != NULL)
        return flow;
    }

  return g_hash_table_lookup (pc->peers, record->peer != NULL ? record->peer : "");
}

static gint
action_compare (gconstpointer a,
                gconstpointer b)
{
  const Action *x = a;
  const Action *y = b;

  /* The same files from the same log: ties go by connection. */
  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  if (x->flow->id != y->flow->id)
    return x->flow->id < y->flow->id ? -1 : 1;

  return x->close - y->close;
}

/* Finds every connection the records refer to, and when each opens and
 * closes. */
static void
scan (Pcapng *pc)
{
  SwTrafficLog *log = pc->log;
  guint64 first = sw_traffic_log_get_first_seq (log);
  guint64 end = sw_traffic_log_get_end_seq (log);
  gint64 first_time = G_MAXINT64;
  GHashTableIter iter;
  Flow *flow;

  for (guint64 seq = first; seq < end; seq++)
    {
      SwTrafficRecord record;
      SwTrafficConnection connection;

      if (!sw_traffic_log_get_record (log, seq, &record))
        continue;

      first_time = MIN (first_time, record.wall_time);
      flow = lookup_flow (pc, &record);

      if (flow == NULL && record.connection != 0 &&
          sw_traffic_log_get_connection (log, record.connection, &connection))
        {
          flow = flow_for_connection (&connection);
          g_hash_table_insert (pc->connections, GUINT_TO_POINTER (record.connection), flow);
        }
      else if (flow == NULL && record.direction != SW_DIRECTION_EVENT)
        {
          const char *peer = record.peer != NULL ? record.peer : "";

          flow = flow_for_peer (peer);
          g_hash_table_insert (pc->peers, g_strdup (peer), flow);
        }

      if (flow != NULL && record.direction != SW_DIRECTION_EVENT)
        {
          flow->has_data = TRUE;
          flow->last_data_seq = seq;
        }
    }

  g_hash_table_iter_init (&iter, pc->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &flow))
    {
      Action action = { 0 };

      if (flow->transport != SW_TRANSPORT_TCP)
        continue;

      flow->lazy_open = first > 0 && flow->open_time <= first_time;

      action.flow = flow;
      if (!flow->lazy_open)
        {
          action.time = flow->open_time;
          g_array_append_val (pc->actions, action);
        }
      if (flow->end != SW_CONNECTION_END_OPEN)
        {
          action.time = flow->close_time;
          action.close = TRUE;
          g_array_append_val (pc->actions, action);
        }
    }

  g_array_sort (pc->actions, action_compare);
}

static void
reset_flows (Pcapng *pc)
{
  GHashTable *tables[] = { pc->connections, pc->peers };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      GHashTableIter iter;
      Flow *flow;

      g_hash_table_iter_init (&iter, tables[i]);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &flow))
        {
          flow->opened = flow->closed = flow->close_deferred = FALSE;
          flow->ip_id[SIDE_LOCAL] = flow->isn[SIDE_LOCAL] >> 16;
          flow->ip_id[SIDE_REMOTE] = flow->isn[SIDE_REMOTE] >> 16;
        }
    }

  pc->next_action = 0;
  pc->late_handshakes = 0;
  g_array_set_size (pc->pending, 0);
  pc->pending_head = 0;
}

/* Comments */

static guint
n_pending (Pcapng *pc)
{
  return pc->pending->len - pc->pending_head;
}

static void
push_pending (Pcapng  *pc,
              guint64  seq)
{
  if (pc->pending_head > 0 && pc->pending_head == pc->pending->len)
    {
      g_array_set_size (pc->pending, 0);
      pc->pending_head = 0;
    }
  g_array_append_val (pc->pending, seq);
}

/* "<time> <message>", at most COMMENT_MAX bytes of UTF-8. */
static void
format_event (Pcapng  *pc,
              guint64  seq,
              GString *out)
{
  SwTrafficRecord record;
  g_autofree char *message = NULL;
  const char *end;

  g_string_truncate (out, 0);
  if (!sw_traffic_log_get_record (pc->log, seq, &record))
    return;

  _sw_export_append_time (&pc->clock, record.wall_time, out);
  g_string_append_c (out, ' ');
  message = _sw_export_event_message (&record, COMMENT_MAX);
  g_string_append (out, message);

  if (out->len > COMMENT_MAX)
    {
      g_utf8_validate_len (out->str, COMMENT_MAX - 3, &end);
      g_string_truncate (out, end - out->str);
      g_string_append (out, "…");
    }
}

/* Takes the pending events that fit in @budget bytes of options (at
 * least one) into @options. */
static void
take_comments (Pcapng  *pc,
               gsize    budget,
               GString *options)
{
  gsize used = 0;

  while (n_pending (pc) > 0)
    {
      guint64 seq = g_array_index (pc->pending, guint64, pc->pending_head);
      gsize size;

      format_event (pc, seq, pc->comment);
      size = 4 + padded (pc->comment->len);
      if (used > 0 && used + size > budget)
        break;

      if (options != NULL)
        put_option (options, OPT_COMMENT, pc->comment->str, pc->comment->len);
      used += size;
      pc->pending_head++;
    }
}

/* Packets */

static gboolean
write_epb (Pcapng        *pc,
           gint64         time,
           const guint8  *headers,
           gsize          headers_length,
           const guint8  *payload,
           gsize          payload_length,
           const char    *extra_comment,
           GError       **error)
{
  GString *out = pc->writer.buffer;
  gsize packet_length = headers_length + payload_length;
  guint64 timestamp = MAX (time, 0);
  guint32 total;

  g_string_truncate (pc->options, 0);
  if (extra_comment != NULL)
    put_option (pc->options, OPT_COMMENT, extra_comment, strlen (extra_comment));
  if (n_pending (pc) > 0)
    take_comments (pc, PACKET_COMMENTS_MAX, pc->options);
  if (pc->options->len > 0)
    {
      put_u16 (pc->options, OPT_ENDOFOPT);
      put_u16 (pc->options, 0);
    }

  if (pc->dry)
    return TRUE;

  total = 28 + padded (packet_length) + pc->options->len + 4;
  put_u32 (out, BLOCK_EPB);
  put_u32 (out, total);
  put_u32 (out, 0);
  put_u32 (out, timestamp >> 32);
  put_u32 (out, timestamp & 0xFFFFFFFF);
  put_u32 (out, packet_length);
  put_u32 (out, packet_length);
  g_string_append_len (out, (const char *) headers, headers_length);
  g_string_append_len (out, (const char *) payload, payload_length);
  put_padding (out, packet_length);
  g_string_append_len (out, pc->options->str, pc->options->len);
  put_u32 (out, total);

  return _sw_export_writer_maybe_flush (&pc->writer, error);
}

/* Writes the IP header for @l4_length bytes of @protocol from @from into
 * @p; returns its length. */
static gsize
make_ip_header (Flow   *flow,
                Side    from,
                guint8  protocol,
                gsize   l4_length,
                guint8 *p)
{
  Side to = OTHER (from);

  if (flow->ipv6)
    {
      memset (p, 0, 40);
      p[0] = 0x60;
      set_be16 (p + 4, l4_length);
      p[6] = protocol;
      p[7] = TTL;
      memcpy (p + 8, flow->address[from], 16);
      memcpy (p + 24, flow->address[to], 16);
      return 40;
    }

  memset (p, 0, 20);
  p[0] = 0x45;
  set_be16 (p + 2, 20 + l4_length);
  set_be16 (p + 4, flow->ip_id[from]++);
  set_be16 (p + 6, 0x4000);  /* don't fragment */
  p[8] = TTL;
  p[9] = protocol;
  memcpy (p + 12, flow->address[from], 4);
  memcpy (p + 16, flow->address[to], 4);
  set_be16 (p + 10, checksum_finish (checksum_add (0, p, 20)));

  return 20;
}

/* The sum of the pseudo-header (RFC 768, RFC 8200 §8.1). */
static guint64
pseudo_header_sum (Flow   *flow,
                   Side    from,
                   guint8  protocol,
                   gsize   l4_length)
{
  gsize address_length = flow->ipv6 ? 16 : 4;
  guint64 sum = 0;

  sum = checksum_add (sum, flow->address[from], address_length);
  sum = checksum_add (sum, flow->address[OTHER (from)], address_length);
  sum += protocol;
  sum += l4_length >> 16;
  sum += l4_length & 0xFFFF;

  return sum;
}

static gboolean
emit_tcp (Pcapng        *pc,
          Flow          *flow,
          Side           from,
          guint8         flags,
          const guint8  *payload,
          gsize          length,
          gint64         time,
          GError       **error)
{
  Side to = OTHER (from);
  guint8 headers[60];
  gsize ip_length = 0;
  guint8 *tcp;
  guint32 seq = flow->next_seq[from];
  guint32 ack = (flags & TCP_ACK) ? flow->next_seq[to] : 0;

  flow->next_seq[from] += length + ((flags & (TCP_SYN | TCP_FIN)) ? 1 : 0);
  if (flags & TCP_ACK)
    flow->acked[to] = flow->next_seq[to];

  if (!pc->dry)
    {
      guint64 sum;

      ip_length = make_ip_header (flow, from, PROTO_TCP, 20 + length, headers);
      tcp = headers + ip_length;
      memset (tcp, 0, 20);
      set_be16 (tcp, flow->port[from]);
      set_be16 (tcp + 2, flow->port[to]);
      set_be32 (tcp + 4, seq);
      set_be32 (tcp + 8, ack);
      tcp[12] = 5 << 4;
      tcp[13] = flags;
      set_be16 (tcp + 14, TCP_WINDOW);

      sum = pseudo_header_sum (flow, from, PROTO_TCP, 20 + length);
      sum = checksum_add (sum, tcp, 20);
      sum = checksum_add (sum, payload, length);
      set_be16 (tcp + 16, checksum_finish (sum));
    }

  return write_epb (pc, time, headers, ip_length + 20, payload, length, NULL, error);
}

/* Packets without data: a handshake, a close. */
typedef struct
{
  Side   from;
  guint8 flags;
} Step;

static gboolean
emit_steps (Pcapng      *pc,
            Flow        *flow,
            const Step  *steps,
            guint        n_steps,
            gint64       time,
            GError     **error)
{
  for (guint i = 0; i < n_steps; i++)
    if (!emit_tcp (pc, flow, steps[i].from, steps[i].flags, NULL, 0, time, error))
      return FALSE;

  return TRUE;
}

static gboolean
tcp_open (Pcapng  *pc,
          Flow    *flow,
          gint64   time,
          GError **error)
{
  Side opener = flow->opener;
  const Step handshake[] = {
    { opener, TCP_SYN },
    { OTHER (opener), TCP_SYN | TCP_ACK },
    { opener, TCP_ACK },
  };

  flow->opened = TRUE;
  flow->next_seq[SIDE_LOCAL] = flow->acked[SIDE_LOCAL] = flow->isn[SIDE_LOCAL];
  flow->next_seq[SIDE_REMOTE] = flow->acked[SIDE_REMOTE] = flow->isn[SIDE_REMOTE];

  return emit_steps (pc, flow, handshake, G_N_ELEMENTS (handshake), time, error);
}

static gboolean
tcp_close (Pcapng  *pc,
           Flow    *flow,
           gint64   time,
           GError **error)
{
  static const Step reset[] = {
    { SIDE_REMOTE, TCP_RST | TCP_ACK },
  };
  static const Step finish[] = {
    { SIDE_LOCAL, TCP_FIN | TCP_ACK },
    { SIDE_REMOTE, TCP_FIN | TCP_ACK },
    { SIDE_LOCAL, TCP_ACK },
  };

  flow->closed = TRUE;

  if (flow->end == SW_CONNECTION_END_RESET)
    return emit_steps (pc, flow, reset, G_N_ELEMENTS (reset), time, error);

  return emit_steps (pc, flow, finish, G_N_ELEMENTS (finish), time, error);
}

static gboolean
tcp_data (Pcapng        *pc,
          Flow          *flow,
          Side           from,
          const guint8  *data,
          gsize          length,
          gint64         time,
          GError       **error)
{
  for (gsize offset = 0; offset < length; offset += TCP_SEGMENT_MAX)
    {
      gsize n = MIN (TCP_SEGMENT_MAX, length - offset);
      guint8 flags = TCP_ACK | (offset + n == length ? TCP_PSH : 0);

      /* The receiver acknowledges before its window would be full. */
      if ((guint32) (flow->next_seq[from] - flow->acked[from]) + n >= TCP_WINDOW &&
          !emit_tcp (pc, flow, OTHER (from), TCP_ACK, NULL, 0, time, error))
        return FALSE;

      if (!emit_tcp (pc, flow, from, flags, data + offset, n, time, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
udp_data (Pcapng        *pc,
          Flow          *flow,
          Side           from,
          const guint8  *data,
          gsize          length,
          gint64         time,
          GError       **error)
{
  g_autofree char *split = NULL;
  gsize offset = 0;
  /* An empty datagram is logged without data: never NULL + 0. */
  static const guint8 nothing[1] = { 0 };

  if (data == NULL)
    data = nothing;


  if (length > UDP_PAYLOAD_MAX)
    {
      gsize n = (length + UDP_PAYLOAD_MAX - 1) / UDP_PAYLOAD_MAX;
      char length_text[24];
      char n_text[24];

      g_snprintf (length_text, sizeof length_text, "%" G_GSIZE_FORMAT, length);
      g_snprintf (n_text, sizeof n_text, "%" G_GSIZE_FORMAT, n);
      split = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            /* Translators: a comment in a capture file; the %s are numbers. */
                                            "A record of %s bytes, more than a UDP datagram holds, split into %s datagram",
                                            "A record of %s bytes, more than a UDP datagram holds, split into %s datagrams",
                                            n),
                               length_text, n_text);
    }

  do
    {
      gsize n = MIN (UDP_PAYLOAD_MAX, length - offset);
      guint8 headers[48];
      gsize ip_length = 0;

      if (!pc->dry)
        {
          guint8 *udp;
          guint64 sum;

          ip_length = make_ip_header (flow, from, PROTO_UDP, 8 + n, headers);
          udp = headers + ip_length;
          set_be16 (udp, flow->port[from]);
          set_be16 (udp + 2, flow->port[OTHER (from)]);
          set_be16 (udp + 4, 8 + n);
          set_be16 (udp + 6, 0);

          sum = pseudo_header_sum (flow, from, PROTO_UDP, 8 + n);
          sum = checksum_add (sum, udp, 8);
          sum = checksum_add (sum, data + offset, n);
          /* 0 means "none" in UDP over IPv4, and is invalid over IPv6. */
          set_be16 (udp + 6, checksum_finish (sum) != 0 ? checksum_finish (sum) : 0xFFFF);
        }

      if (!write_epb (pc, time, headers, ip_length + 8, data + offset, n,
                      offset == 0 ? split : NULL, error))
        return FALSE;

      offset += n;
    }
  while (offset < length);

  return TRUE;
}

static gboolean
close_flow (Pcapng  *pc,
            Flow    *flow,
            gint64   time,
            GError **error)
{
  if (!flow->opened)
    {
      /* Nothing of it is left but its events: no packets. */
      if (flow->lazy_open)
        {
          flow->closed = TRUE;
          return TRUE;
        }
      if (!tcp_open (pc, flow, time, error))
        return FALSE;
    }

  return tcp_close (pc, flow, time, error);
}

/* Opens or closes a connection at its time, before the record @seq. */
static gboolean
run_action (Pcapng        *pc,
            const Action  *action,
            guint64        seq,
            GError       **error)
{
  Flow *flow = action->flow;

  if (!action->close)
    return flow->opened || tcp_open (pc, flow, action->time, error);

  if (flow->closed)
    return TRUE;

  /* Some of its data comes later (the clock went back): after that. */
  if (flow->has_data && flow->last_data_seq >= seq)
    {
      flow->close_deferred = TRUE;
      return TRUE;
    }

  return close_flow (pc, flow, action->time, error);
}

static gboolean
write_record (Pcapng                *pc,
              const SwTrafficRecord *record,
              GError               **error)
{
  Flow *flow;
  Side from;

  if (record->direction == SW_DIRECTION_EVENT)
    {
      push_pending (pc, record->seq);
      return TRUE;
    }

  flow = lookup_flow (pc, record);
  g_assert (flow != NULL);
  from = record->direction == SW_DIRECTION_SENT ? SIDE_LOCAL : SIDE_REMOTE;

  if (flow->transport == SW_TRANSPORT_UDP)
    return udp_data (pc, flow, from, record->data, record->length, record->wall_time, error);

  if (record->length > 0)
    {
      g_assert (!flow->closed);

      if (!flow->opened)
        {
          if (flow->lazy_open && !flow->of_peer)
            pc->late_handshakes++;
          if (!tcp_open (pc, flow, record->wall_time, error))
            return FALSE;
        }

      if (!tcp_data (pc, flow, from, record->data, record->length, record->wall_time, error))
        return FALSE;
    }

  if (flow->close_deferred && record->seq == flow->last_data_seq)
    {
      flow->close_deferred = FALSE;
      return close_flow (pc, flow, record->wall_time, error);
    }

  return TRUE;
}

/* Writes every packet, or (dry) only finds which events no packet
 * follows: those stay pending. */
static gboolean
run_pass (Pcapng   *pc,
          gboolean  dry,
          GError  **error)
{
  guint64 first = sw_traffic_log_get_first_seq (pc->log);
  guint64 end = sw_traffic_log_get_end_seq (pc->log);

  pc->dry = dry;
  reset_flows (pc);

  for (guint64 seq = first; seq < end; seq++)
    {
      SwTrafficRecord record;

      if ((seq - first) % CANCEL_CHECK_INTERVAL == 0 &&
          g_cancellable_set_error_if_cancelled (pc->writer.cancellable, error))
        return FALSE;

      if (!sw_traffic_log_get_record (pc->log, seq, &record))
        continue;

      while (pc->next_action < pc->actions->len &&
             g_array_index (pc->actions, Action, pc->next_action).time <= record.wall_time)
        if (!run_action (pc, &g_array_index (pc->actions, Action, pc->next_action++), seq, error))
          return FALSE;

      if (!write_record (pc, &record, error))
        return FALSE;
    }

  while (pc->next_action < pc->actions->len)
    if (!run_action (pc, &g_array_index (pc->actions, Action, pc->next_action++), end, error))
      return FALSE;

  return TRUE;
}

static void
put_comment (GString    *options,
             const char *text)
{
  put_option (options, OPT_COMMENT, text, strlen (text));
}

/* The section header block, with what the log says about itself, and the
 * interface description block. */
static gboolean
write_header (Pcapng  *pc,
              GError **error)
{
  static const char application[] = PACKAGE_NAME " " PACKAGE_VERSION;
  static const char interface_name[] = "socket-workbench";
  GString *out = pc->writer.buffer;
  GString *options = pc->options;
  SwTrafficTotals totals;
  guint32 total;

  sw_traffic_log_get_totals (pc->log, &totals);

  g_string_truncate (options, 0);
  put_option (options, SHB_USERAPPL, application, strlen (application));

  if (totals.records_trimmed > 0)
    {
      g_autofree char *records = g_strdup_printf ("%" G_GUINT64_FORMAT, totals.records_trimmed);
      g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, totals.bytes_trimmed);
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: a comment in a capture file; the first %s is a
                                            * number of records, the second of bytes. */
                                           "%s record (%s bytes) was dropped from the start of this log before it was saved",
                                           "%s records (%s bytes) were dropped from the start of this log before it was saved",
                                           totals.records_trimmed > G_MAXULONG ? G_MAXULONG : (gulong) totals.records_trimmed),
                              records, bytes);
      put_comment (options, text);
    }
  else if (sw_traffic_log_get_first_seq (pc->log) > 0)
    {
      /* Translators: a comment in a capture file. */
      put_comment (options, _("Earlier records were cleared from this log before it was saved"));
    }

  if (pc->late_handshakes > 0)
    {
      /* Translators: a comment in a capture file. */
      put_comment (options, _("Connections that were open before the first record kept begin with a handshake made up at the time of their first record kept"));
    }

  if (n_pending (pc) > 0)
    {
      take_comments (pc, SECTION_COMMENTS_MAX, options);
      if (n_pending (pc) > 0)
        {
          g_autofree char *count = g_strdup_printf ("%u", n_pending (pc));
          g_autofree char *text = NULL;

          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               /* Translators: a comment in a capture file; %s is a number. */
                                               "%s more event after the last packet is not in this file",
                                               "%s more events after the last packet are not in this file",
                                               n_pending (pc)),
                                  count);
          put_comment (options, text);
        }
    }

  put_u16 (options, OPT_ENDOFOPT);
  put_u16 (options, 0);

  total = 28 + options->len;
  put_u32 (out, BLOCK_SHB);
  put_u32 (out, total);
  put_u32 (out, BYTE_ORDER_MAGIC);
  put_u16 (out, 1);
  put_u16 (out, 0);
  /* The section's length: not known while streaming. */
  put_u32 (out, 0xFFFFFFFF);
  put_u32 (out, 0xFFFFFFFF);
  g_string_append_len (out, options->str, options->len);
  put_u32 (out, total);

  g_string_truncate (options, 0);
  put_option (options, IF_NAME, interface_name, strlen (interface_name));
  put_u16 (options, OPT_ENDOFOPT);
  put_u16 (options, 0);

  total = 20 + options->len;
  put_u32 (out, BLOCK_IDB);
  put_u32 (out, total);
  put_u16 (out, LINKTYPE_RAW);
  put_u16 (out, 0);
  put_u32 (out, SNAPLEN);
  g_string_append_len (out, options->str, options->len);
  put_u32 (out, total);

  return _sw_export_writer_maybe_flush (&pc->writer, error);
}

/**
 * sw_export_write_pcapng:
 * @log: the log to write
 * @out: where to write it
 * @cancellable: (nullable): to stop
 * @error: where to say why it failed
 *
 * Writes every record of @log as packets of a pcapng capture; see the
 * top of this file for what is made up.
 *
 * Returns: %TRUE when all of it was written
 */
gboolean
sw_export_write_pcapng (SwTrafficLog   *log,
                        GOutputStream  *out,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_autoptr(GHashTable) connections = NULL;
  g_autoptr(GHashTable) peers = NULL;
  g_autoptr(GArray) actions = NULL;
  g_autoptr(GArray) pending = NULL;
  g_autoptr(GString) comment = NULL;
  g_autoptr(GString) options = NULL;
  gboolean ok;
  Pcapng pc = { 0 };

  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (log), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  connections = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  peers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  actions = g_array_new (FALSE, FALSE, sizeof (Action));
  pending = g_array_new (FALSE, FALSE, sizeof (guint64));
  comment = g_string_new (NULL);
  options = g_string_new (NULL);

  pc.log = log;
  pc.connections = connections;
  pc.peers = peers;
  pc.actions = actions;
  pc.pending = pending;
  pc.comment = comment;
  pc.options = options;
  _sw_export_writer_init (&pc.writer, out, cancellable);
  _sw_export_clock_init (&pc.clock);

  scan (&pc);

  ok = run_pass (&pc, TRUE, error) &&
       write_header (&pc, error) &&
       run_pass (&pc, FALSE, error) &&
       _sw_export_writer_finish (&pc.writer, error);

  _sw_export_writer_clear (&pc.writer);

  return ok;
}
