/* sw-code-plan-private.h: a session's log as steps, for sw-code-export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-code-export-private.h"

G_BEGIN_DECLS

typedef enum
{
  SW_CODE_STEP_SEND,
  SW_CODE_STEP_RECEIVE,
} SwCodeStepKind;

/* Records of one conversation taken together: sent together, or
 * received between two sends. */
typedef struct
{
  SwCodeStepKind  kind;
  gint64          wall_time;       /* of its first record */
  gint64          last_monotonic;  /* of its last record */
  guint           n_records;
  guint64         length;
  GByteArray     *data;            /* a send's bytes; NULL when left out */
  SwRecordFlags   flags;
  SwEncoding      encoding;
  guint           remote;          /* UDP: where it went, into SwCodePlan.remotes */
} SwCodeStep;

/* An address the session talked to. */
typedef struct
{
  char     *host;                  /* as Python and ncat take it */
  guint16   port;
  char     *name;                  /* "127.0.0.1:7000", for comments */
  gboolean  seen;
  gboolean  spoke_first;           /* UDP: it sent to us before we sent to it */
  gboolean  ipv6;
} SwCodeRemote;

/* A TCP connection, or the one socket of a UDP session. */
typedef struct
{
  guint      id;
  char      *name;                 /* the log's name of the other end */
  gint64     open_time;
  guint      remote;               /* TCP client and relay: into SwCodePlan.remotes */
  char      *local;                /* "127.0.0.1:7000": this end */
  GPtrArray *steps;                /* SwCodeStep */
  gboolean   cut;                  /* records of it are left out */
} SwCodeConversation;

typedef struct
{
  SwCodeSessionKind  kind;
  SwTransport        transport;
  gint64             t0;             /* the log's first record */
  SwTrafficTotals    totals;

  GPtrArray         *conversations;  /* TCP: one per connection; UDP: one */
  GHashTable        *by_id;          /* connection id → conversation, or remote index + 1 */
  GPtrArray         *remotes;        /* SwCodeRemote */
  GHashTable        *remote_index;   /* name → index + 1 */
  char              *local;          /* UDP: the bound address */

  guint64            inlined;
  guint64            byte_cap;
  guint              n_steps;
  guint64            sent_records;
  guint64            sent_bytes;
  guint64            received_records;
  guint64            received_bytes;

  gboolean           truncated;      /* beyond the byte cap or SW_CODE_MAX_STEPS */
  guint64            left_out_records;
  guint64            left_out_bytes;
  GHashTable        *left_out_connections;
  guint              left_out_files;
} SwCodePlan;

/* Reads @log as a session of @kind, inlining at most @byte_cap bytes,
 * with @target's host and port in place of the address the session
 * talked to last. NULL when there is nothing to repeat, or the target is
 * wrong (@error says which). */
SwCodePlan *_sw_code_plan_build    (SwTrafficLog        *log,
                                    SwCodeSessionKind    kind,
                                    const SwCodeTarget  *target,
                                    guint64              byte_cap,
                                    GError             **error);
void        _sw_code_plan_free     (SwCodePlan          *plan);

/* Splits "host:port" or "[v6]:port" (as sw_socket_address_to_string()
 * gives them, IPv4-mapped addresses as IPv4) into host and port. */
char       *_sw_code_split_address (const char          *name,
                                    guint16             *port,
                                    gboolean            *ipv6);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwCodePlan, _sw_code_plan_free)

G_END_DECLS
