/* sw-code-plan.c: a session's log read as steps to repeat
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-code-plan"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-code-plan-private.h"

#include "sw-core-private.h"
#include "sw-endpoint.h"

/*
 * The log is read once into a plan: the conversations (a TCP connection
 * each, or the one UDP socket) and their steps, a send (its bytes) or a
 * receive (how much came), in the order to repeat them.
 *
 * Back-to-back sent records (one write the kernel took in pieces, a
 * file's chunks) are one step; a record that came more than
 * MERGE_GAP_USEC after the one before stays its own step. Datagrams are
 * each their own.
 */

/* Sent records this close together were one burst. */
#define MERGE_GAP_USEC (10 * 1000)

static void
step_free (gpointer data)
{
  SwCodeStep *step = data;

  if (step->data != NULL)
    g_byte_array_unref (step->data);
  g_free (step);
}

static void
remote_free (gpointer data)
{
  SwCodeRemote *remote = data;

  g_free (remote->host);
  g_free (remote->name);
  g_free (remote);
}

static void
conversation_free (gpointer data)
{
  SwCodeConversation *conversation = data;

  g_ptr_array_unref (conversation->steps);
  g_free (conversation->name);
  g_free (conversation->local);
  g_free (conversation);
}

void
_sw_code_plan_free (SwCodePlan *plan)
{
  g_ptr_array_unref (plan->conversations);
  g_hash_table_unref (plan->by_id);
  g_ptr_array_unref (plan->remotes);
  g_hash_table_unref (plan->remote_index);
  g_hash_table_unref (plan->left_out_connections);
  g_free (plan->local);
  g_free (plan);
}

/**
 * _sw_code_split_address:
 *
 * See sw-code-plan-private.h.
 */
char *
_sw_code_split_address (const char *name,
                        guint16    *port,
                        gboolean   *ipv6)
{
  const char *colon = strrchr (name, ':');
  guint64 value = 0;

  g_assert (colon != NULL);
  g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &value, NULL);
  *port = value;
  *ipv6 = name[0] == '[';

  if (*ipv6)
    return g_strndup (name + 1, colon - 1 - (name + 1));

  return g_strndup (name, colon - name);
}

static guint
plan_add_remote (SwCodePlan     *plan,
                 GSocketAddress *address)
{
  g_autofree char *name = address != NULL ? sw_socket_address_to_string (address) : g_strdup ("?:0");
  gpointer found = g_hash_table_lookup (plan->remote_index, name);
  SwCodeRemote *remote;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  remote = g_new0 (SwCodeRemote, 1);
  remote->host = _sw_code_split_address (name, &remote->port, &remote->ipv6);
  remote->name = g_strdup (name);
  g_ptr_array_add (plan->remotes, remote);
  g_hash_table_insert (plan->remote_index, g_steal_pointer (&name), GUINT_TO_POINTER (plan->remotes->len));

  return plan->remotes->len - 1;
}

static gboolean
kind_takes (SwCodeSessionKind          kind,
            const SwTrafficConnection *info)
{
  switch (kind)
    {
    case SW_CODE_SESSION_TCP_CLIENT:
    case SW_CODE_SESSION_TCP_SERVER:
      return info->transport == SW_TRANSPORT_TCP && !info->relay;
    case SW_CODE_SESSION_UDP_PEER:
      return info->transport == SW_TRANSPORT_UDP && !info->relay;
    case SW_CODE_SESSION_RELAY:
      return info->relay;
    default:
      g_assert_not_reached ();
    }
}

static SwCodeStep *
last_step (SwCodeConversation *conversation)
{
  GPtrArray *steps = conversation->steps;

  return steps->len > 0 ? g_ptr_array_index (steps, steps->len - 1) : NULL;
}

/* Counts @record as left out, with all that follows. */
static void
plan_truncate (SwCodePlan            *plan,
               const SwTrafficRecord *record)
{
  plan->truncated = TRUE;
  if (record->direction == SW_DIRECTION_SENT)
    {
      plan->left_out_records++;
      plan->left_out_bytes += record->length;
    }
}

static SwCodeStep *
plan_new_step (SwCodePlan            *plan,
               SwCodeConversation    *conversation,
               const SwTrafficRecord *record,
               SwCodeStepKind         kind)
{
  SwCodeStep *step;

  if (plan->n_steps >= SW_CODE_MAX_STEPS)
    return NULL;

  step = g_new0 (SwCodeStep, 1);
  step->kind = kind;
  step->wall_time = record->wall_time;
  step->flags = record->flags;
  step->encoding = record->encoding;
  if (kind == SW_CODE_STEP_SEND)
    step->data = g_byte_array_new ();
  g_ptr_array_add (conversation->steps, step);
  plan->n_steps++;

  return step;
}

/* Takes one record into @conversation; FALSE when it had to be left out
 * and everything after it too. */
static gboolean
plan_add_record (SwCodePlan            *plan,
                 SwCodeConversation    *conversation,
                 const SwTrafficRecord *record,
                 guint                  remote)
{
  SwCodeStep *step = last_step (conversation);
  gboolean tcp = plan->transport == SW_TRANSPORT_TCP;
  gboolean file = (record->flags & SW_RECORD_FLAGS_FILE) != 0;

  if (!tcp)
    {
      SwCodeRemote *r = g_ptr_array_index (plan->remotes, remote);

      if (!r->seen)
        r->spoke_first = record->direction == SW_DIRECTION_RECEIVED;
      r->seen = TRUE;
    }

  if (record->direction == SW_DIRECTION_RECEIVED)
    {
      if (step == NULL || step->kind != SW_CODE_STEP_RECEIVE)
        step = plan_new_step (plan, conversation, record, SW_CODE_STEP_RECEIVE);
      if (step == NULL)
        return FALSE;
      step->n_records++;
      step->length += record->length;
      step->last_monotonic = record->monotonic_time;
      plan->received_records++;
      plan->received_bytes += record->length;
      return TRUE;
    }

  /* A file being sent is one step however it was paced; other records
   * only when they left together. Datagrams are each their own. */
  if (!(tcp && step != NULL && step->kind == SW_CODE_STEP_SEND &&
        step->flags == record->flags && step->encoding == record->encoding &&
        (file || record->monotonic_time - step->last_monotonic <= MERGE_GAP_USEC)))
    step = NULL;

  /* A file too big to inline is left out alone, as it could be sent from
   * where it is; anything else that does not fit ends the plan. */
  if (plan->inlined + record->length > plan->byte_cap && !(tcp && file))
    return FALSE;

  if (step == NULL)
    step = plan_new_step (plan, conversation, record, SW_CODE_STEP_SEND);
  if (step == NULL)
    return FALSE;

  if (step->data != NULL && plan->inlined + record->length > plan->byte_cap)
    {
      plan->inlined -= step->data->len;
      g_clear_pointer (&step->data, g_byte_array_unref);
      plan->left_out_files++;
    }
  if (step->data != NULL)
    {
      g_byte_array_append (step->data, record->data, record->length);
      plan->inlined += record->length;
    }

  step->n_records++;
  step->length += record->length;
  step->last_monotonic = record->monotonic_time;
  step->remote = remote;
  plan->sent_records++;
  plan->sent_bytes += record->length;

  return TRUE;
}

static SwCodeConversation *
plan_conversation (SwCodePlan                *plan,
                   const SwTrafficConnection *info,
                   guint                     *remote)
{
  SwCodeConversation *conversation;
  gpointer found;

  if (plan->transport == SW_TRANSPORT_UDP)
    {
      found = g_hash_table_lookup (plan->by_id, GUINT_TO_POINTER (info->id));
      if (found == NULL)
        {
          guint index = plan_add_remote (plan, info->remote);

          found = GUINT_TO_POINTER (index + 1);
          g_hash_table_insert (plan->by_id, GUINT_TO_POINTER (info->id), found);
        }
      *remote = GPOINTER_TO_UINT (found) - 1;

      if (plan->conversations->len == 0)
        {
          conversation = g_new0 (SwCodeConversation, 1);
          conversation->steps = g_ptr_array_new_with_free_func (step_free);
          conversation->open_time = info->open_time;
          g_ptr_array_add (plan->conversations, conversation);
          if (info->local != NULL && plan->kind == SW_CODE_SESSION_UDP_PEER)
            plan->local = sw_socket_address_to_string (info->local);
        }
      return g_ptr_array_index (plan->conversations, 0);
    }

  *remote = 0;
  conversation = g_hash_table_lookup (plan->by_id, GUINT_TO_POINTER (info->id));
  if (conversation != NULL)
    return conversation;

  conversation = g_new0 (SwCodeConversation, 1);
  conversation->id = info->id;
  conversation->name = g_strdup (info->name);
  conversation->open_time = info->open_time;
  conversation->steps = g_ptr_array_new_with_free_func (step_free);
  if (info->local != NULL)
    conversation->local = sw_socket_address_to_string (info->local);
  if (plan->kind != SW_CODE_SESSION_TCP_SERVER)
    conversation->remote = plan_add_remote (plan, info->remote);
  g_ptr_array_add (plan->conversations, conversation);
  g_hash_table_insert (plan->by_id, GUINT_TO_POINTER (info->id), conversation);

  return conversation;
}

static SwCodePlan *
plan_new (SwTrafficLog      *log,
          SwCodeSessionKind  kind,
          guint64            byte_cap)
{
  SwCodePlan *plan = g_new0 (SwCodePlan, 1);
  guint64 first = sw_traffic_log_get_first_seq (log);
  guint64 end = sw_traffic_log_get_end_seq (log);
  gboolean transport_known = FALSE;

  plan->kind = kind;
  plan->byte_cap = byte_cap;
  plan->transport = kind == SW_CODE_SESSION_UDP_PEER ? SW_TRANSPORT_UDP : SW_TRANSPORT_TCP;
  plan->conversations = g_ptr_array_new_with_free_func (conversation_free);
  plan->by_id = g_hash_table_new (NULL, NULL);
  plan->remotes = g_ptr_array_new_with_free_func (remote_free);
  plan->remote_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  plan->left_out_connections = g_hash_table_new (NULL, NULL);
  sw_traffic_log_get_totals (log, &plan->totals);

  for (guint64 seq = first; seq < end; seq++)
    {
      SwTrafficRecord record;
      SwTrafficConnection info;
      SwCodeConversation *conversation;
      guint remote;

      if (!sw_traffic_log_get_record (log, seq, &record))
        continue;
      if (seq == first)
        plan->t0 = record.wall_time;
      if (record.connection == 0 ||
          !sw_traffic_log_get_connection (log, record.connection, &info) ||
          !kind_takes (kind, &info))
        continue;

      /* A relay's transport is that of its connections. */
      if (!transport_known)
        {
          plan->transport = info.transport;
          transport_known = TRUE;
        }
      if (info.transport != plan->transport)
        continue;

      /* A connection without data is still one to make. */
      if (record.direction == SW_DIRECTION_EVENT)
        {
          if (plan->transport == SW_TRANSPORT_TCP && !plan->truncated)
            plan_conversation (plan, &info, &remote);
          continue;
        }

      /* What was typed in towards the client did not come from the
       * upstream the code talks to. */
      if (kind == SW_CODE_SESSION_RELAY && record.direction == SW_DIRECTION_RECEIVED &&
          (record.flags & SW_RECORD_FLAGS_INJECTED))
        continue;

      if (!plan->truncated)
        {
          conversation = plan_conversation (plan, &info, &remote);
          if (plan_add_record (plan, conversation, &record, remote))
            continue;
        }

      /* Left out, as everything after it. */
      plan_truncate (plan, &record);
      conversation = plan->transport == SW_TRANSPORT_UDP
                     ? g_ptr_array_index (plan->conversations, 0)
                     : g_hash_table_lookup (plan->by_id, GUINT_TO_POINTER (record.connection));
      if (conversation != NULL)
        conversation->cut = TRUE;
      else
        g_hash_table_add (plan->left_out_connections, GUINT_TO_POINTER (record.connection));
    }

  return plan;
}

static gboolean
host_is_valid (const char *host)
{
  g_autofree char *ascii = NULL;

  if (host[0] == '\0' || host[0] == '-')
    return FALSE;
  if (g_hostname_is_ip_address (host))
    return TRUE;

  ascii = g_hostname_to_ascii (host);
  if (ascii == NULL)
    return FALSE;
  for (const char *p = ascii; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
      return FALSE;

  return TRUE;
}

/* Checks the target and puts its host and port in place of the remote
 * the session talked to last (the one its form names now). */
static gboolean
plan_apply_target (SwCodePlan          *plan,
                   const SwCodeTarget  *target,
                   GError             **error)
{
  SwCodeRemote *remote = NULL;

  if (target == NULL || (target->host == NULL && target->port == 0))
    return TRUE;

  if (target->host != NULL && !(plan->kind == SW_CODE_SESSION_TCP_SERVER && target->host[0] == '\0') &&
      !host_is_valid (target->host))
    {
      g_autofree char *quoted = _sw_text_quote (target->host, -1, 40);

      g_set_error (error, SW_CODE_EXPORT_ERROR, SW_CODE_EXPORT_ERROR_INVALID_HOST,
                   /* Translators: %s is what the person typed as a host. */
                   _("“%s” is not a host name or an address"), quoted);
      return FALSE;
    }

  if (plan->kind == SW_CODE_SESSION_TCP_SERVER)
    return TRUE;

  if (plan->transport == SW_TRANSPORT_TCP && plan->conversations->len > 0)
    {
      SwCodeConversation *last = g_ptr_array_index (plan->conversations, plan->conversations->len - 1);

      remote = g_ptr_array_index (plan->remotes, last->remote);
    }
  else if (plan->transport == SW_TRANSPORT_UDP && plan->conversations->len > 0)
    {
      SwCodeConversation *conversation = g_ptr_array_index (plan->conversations, 0);

      for (guint i = conversation->steps->len; i > 0 && remote == NULL; i--)
        {
          SwCodeStep *step = g_ptr_array_index (conversation->steps, i - 1);

          if (step->kind == SW_CODE_STEP_SEND)
            remote = g_ptr_array_index (plan->remotes, step->remote);
        }
    }

  if (remote == NULL)
    return TRUE;

  if (target->host != NULL)
    {
      g_free (remote->host);
      remote->host = g_strdup (target->host);
      /* A name keeps the family it resolved to. */
      if (strchr (target->host, ':') != NULL)
        remote->ipv6 = TRUE;
      else if (g_hostname_is_ip_address (target->host))
        remote->ipv6 = FALSE;
    }
  if (target->port != 0)
    remote->port = target->port;
  g_free (remote->name);
  remote->name = remote->ipv6 && strchr (remote->host, ':') != NULL
                 ? g_strdup_printf ("[%s]:%u", remote->host, remote->port)
                 : g_strdup_printf ("%s:%u", remote->host, remote->port);

  return TRUE;
}

/**
 * _sw_code_plan_build:
 *
 * See sw-code-plan-private.h.
 */
SwCodePlan *
_sw_code_plan_build (SwTrafficLog        *log,
                     SwCodeSessionKind    kind,
                     const SwCodeTarget  *target,
                     guint64              byte_cap,
                     GError             **error)
{
  g_autoptr(SwCodePlan) plan = plan_new (log, kind, byte_cap);

  if (plan->conversations->len == 0)
    {
      const char *message;

      switch (kind)
        {
        case SW_CODE_SESSION_TCP_SERVER:
          message = _("No client has connected yet: there is nothing to repeat");
          break;
        case SW_CODE_SESSION_UDP_PEER:
          message = _("No datagram has been sent or received yet: there is nothing to repeat");
          break;
        case SW_CODE_SESSION_RELAY:
          message = _("No client has been relayed yet: there is nothing to repeat");
          break;
        case SW_CODE_SESSION_TCP_CLIENT:
        default:
          message = _("The log holds no connection: connect, then copy the session as code");
          break;
        }
      g_set_error_literal (error, SW_CODE_EXPORT_ERROR, SW_CODE_EXPORT_ERROR_EMPTY, message);
      return NULL;
    }

  if (!plan_apply_target (plan, target, error))
    return NULL;

  return g_steal_pointer (&plan);
}
