/* sw-traffic-log.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-encoding.h"

G_BEGIN_DECLS

#define SW_TYPE_TRAFFIC_LOG (sw_traffic_log_get_type ())

G_DECLARE_FINAL_TYPE (SwTrafficLog, sw_traffic_log, SW, TRAFFIC_LOG, GObject)

typedef enum
{
  SW_DIRECTION_RECEIVED,
  SW_DIRECTION_SENT,
  SW_DIRECTION_EVENT,
} SwDirection;

typedef enum
{
  SW_EVENT_KIND_NONE,
  SW_EVENT_KIND_INFO,
  SW_EVENT_KIND_CONNECTED,
  SW_EVENT_KIND_DISCONNECTED,
  SW_EVENT_KIND_ERROR,
} SwEventKind;

typedef enum
{
  SW_RECORD_FLAGS_NONE      = 0,
  /* Sent as text in the record's encoding (else bytes, e.g. hex). */
  SW_RECORD_FLAGS_TEXT      = 1 << 0,
  /* Sent by the workbench itself: an auto-reply, an echo. */
  SW_RECORD_FLAGS_AUTOMATIC = 1 << 1,
  /* A relay's record that a person typed in, not relayed bytes. */
  SW_RECORD_FLAGS_INJECTED  = 1 << 2,
  /* Part of a file being sent. */
  SW_RECORD_FLAGS_FILE      = 1 << 3,
} SwRecordFlags;

typedef enum
{
  SW_TRANSPORT_TCP,
  SW_TRANSPORT_UDP,
} SwTransport;

typedef enum
{
  SW_CONNECTION_END_OPEN,
  /* Closed in order (FIN), by either side. */
  SW_CONNECTION_END_CLOSED,
  /* Reset or failed. */
  SW_CONNECTION_END_RESET,
} SwConnectionEnd;

/* 64 MiB, the default of the "log-byte-cap" setting. */
#define SW_TRAFFIC_LOG_DEFAULT_BYTE_CAP (G_GUINT64_CONSTANT (64) * 1024 * 1024)

/* A borrowed view of one record: the pointers stay valid until the log
 * next changes (an append, a trim or a clear). */
typedef struct
{
  guint64       seq;
  gint64        wall_time;       /* µs since the epoch, g_get_real_time() */
  gint64        monotonic_time;  /* µs, g_get_monotonic_time() */
  SwDirection   direction;
  SwEventKind   event_kind;      /* SW_EVENT_KIND_NONE unless an event */
  const char   *peer;            /* "127.0.0.1:7000" (a GRefString), or NULL */
  const guint8 *data;            /* payload; an event's message in UTF-8 */
  gsize         length;
  guint         connection;      /* see sw_traffic_log_open_connection(), or 0 */
  SwRecordFlags flags;
  SwEncoding    encoding;        /* with SW_RECORD_FLAGS_TEXT */
} SwTrafficRecord;

/* What an append says besides the payload. */
typedef struct
{
  SwDirection   direction;
  guint         connection;      /* 0: none; the peer names the other end */
  const char   *peer;            /* nullable; a connection's name when 0 */
  SwRecordFlags flags;
  SwEncoding    encoding;
} SwTrafficMeta;

/* One connection (TCP) or association (UDP) that records belong to: who
 * talked to whom, when, and how it ended. A relay's connection goes from
 * the client (local) to the upstream (remote). */
typedef struct
{
  guint            id;
  SwTransport      transport;
  gboolean         relay;
  GSocketAddress  *local;        /* nullable */
  GSocketAddress  *remote;       /* nullable */
  const char      *name;         /* how records name the other end */
  gint64           open_time;    /* µs since the epoch */
  gint64           close_time;   /* 0 while open */
  SwConnectionEnd  end;
} SwTrafficConnection;

typedef struct
{
  guint64 bytes_received;
  guint64 bytes_sent;
  guint64 records_received;
  guint64 records_sent;
  guint64 events;
  guint64 records_trimmed;
  guint64 bytes_trimmed;
} SwTrafficTotals;

SwTrafficLog *sw_traffic_log_new             (void);

guint64       sw_traffic_log_get_byte_cap    (SwTrafficLog    *self);
void          sw_traffic_log_set_byte_cap    (SwTrafficLog    *self,
                                              guint64          byte_cap);
/* Memory the records hold now: payload plus per-record bookkeeping. */
guint64       sw_traffic_log_get_bytes_held  (SwTrafficLog    *self);

/* Appends a copy of @data; returns the record's sequence number. */
guint64       sw_traffic_log_append          (SwTrafficLog    *self,
                                              SwDirection      direction,
                                              const char      *peer,
                                              const guint8    *data,
                                              gsize            length);
guint64       sw_traffic_log_append_bytes    (SwTrafficLog    *self,
                                              SwDirection      direction,
                                              const char      *peer,
                                              GBytes          *bytes);
guint64       sw_traffic_log_append_event    (SwTrafficLog    *self,
                                              SwEventKind      kind,
                                              const char      *peer,
                                              const char      *message);

/* Like sw_traffic_log_append() with everything a record can say. */
guint64       sw_traffic_log_append_full     (SwTrafficLog        *self,
                                              const SwTrafficMeta *meta,
                                              const guint8        *data,
                                              gsize                length);
/* An event that concerns @connection (0: the session). */
guint64       sw_traffic_log_append_connection_event (SwTrafficLog *self,
                                                      guint         connection,
                                                      SwEventKind   kind,
                                                      const char   *message);

/* Connections are kept while a record refers to them or they are open. */
guint         sw_traffic_log_open_connection  (SwTrafficLog    *self,
                                               SwTransport      transport,
                                               gboolean         relay,
                                               GSocketAddress  *local,
                                               GSocketAddress  *remote,
                                               const char      *name);
void          sw_traffic_log_close_connection (SwTrafficLog    *self,
                                               guint            connection,
                                               SwConnectionEnd  end);
/* A borrowed view, valid until the log next changes. */
gboolean      sw_traffic_log_get_connection   (SwTrafficLog        *self,
                                               guint                connection,
                                               SwTrafficConnection *info);

/* Zero-copy appends for readers of sockets: reserve room for up to
 * @max_length bytes, receive into it, then commit what arrived. Nothing
 * else may touch the log between the two calls. */
guint8       *sw_traffic_log_reserve         (SwTrafficLog    *self,
                                              gsize            max_length);
guint64       sw_traffic_log_commit          (SwTrafficLog    *self,
                                              SwDirection      direction,
                                              const char      *peer,
                                              gsize            length);
guint64       sw_traffic_log_commit_full     (SwTrafficLog        *self,
                                              const SwTrafficMeta *meta,
                                              gsize                length);

/* Records held are [first_seq, end_seq); both only grow. */
guint64       sw_traffic_log_get_first_seq   (SwTrafficLog    *self);
guint64       sw_traffic_log_get_end_seq     (SwTrafficLog    *self);
guint         sw_traffic_log_get_n_records   (SwTrafficLog    *self);
gboolean      sw_traffic_log_get_record      (SwTrafficLog    *self,
                                              guint64          seq,
                                              SwTrafficRecord *record);
/* A reference to a record's payload that outlives trimming. */
GBytes       *sw_traffic_log_dup_payload     (SwTrafficLog    *self,
                                              guint64          seq);

/* Totals are exact and survive trimming. */
void          sw_traffic_log_get_totals      (SwTrafficLog    *self,
                                              SwTrafficTotals *totals);
/* Drops every record; totals stay unless reset. */
void          sw_traffic_log_clear           (SwTrafficLog    *self);
void          sw_traffic_log_reset_totals    (SwTrafficLog    *self);

/* The records, connections and totals as they are now, payloads shared
 * (not copied), in a log that never changes: to read in another thread
 * while this one goes on. */
SwTrafficLog *sw_traffic_log_snapshot        (SwTrafficLog    *self);

/* Whether to take @record (see sw_traffic_log_snapshot_filtered()). */
typedef gboolean (*SwTrafficRecordFunc) (const SwTrafficRecord *record,
                                         gpointer               user_data);

/* The same with only the records @keep takes, in order: what a filter
 * shows, to save. */
SwTrafficLog *sw_traffic_log_snapshot_filtered (SwTrafficLog        *self,
                                                SwTrafficRecordFunc  keep,
                                                gpointer             user_data);

/* Emits pending "changed" now instead of at the next main-loop turn. */
void          sw_traffic_log_flush           (SwTrafficLog    *self);

G_END_DECLS
