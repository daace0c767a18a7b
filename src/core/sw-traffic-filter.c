/* sw-traffic-filter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-traffic-filter"

#include "config.h"

#include "sw-traffic-filter.h"

#include <string.h>

#include "sw-core-enums.h"

/**
 * SwTrafficFilter:
 *
 * Which records of a log a view shows (issue #12): by direction, by
 * connection or peer, and only those that hold a match of a search. A
 * filter is a view of the log: counters and saving still mean the whole
 * log.
 *
 * #SwTrafficFilter::changed says that records may pass that did not, or
 * the other way round: after an edit, and when the search finds matches
 * or loses them.
 */

struct _SwTrafficFilter
{
  GObject                    parent_instance;

  SwTrafficFilterDirections  directions;
  guint                      connection;
  char                      *peer;     /* interned GRefString */
  SwTrafficSearch           *search;
  gulong                     matches_changed_id;
};

G_DEFINE_FINAL_TYPE (SwTrafficFilter, sw_traffic_filter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIRECTIONS,
  PROP_CONNECTION,
  PROP_PEER,
  PROP_SEARCH,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
changed (SwTrafficFilter *self,
         guint            prop_id)
{
  if (prop_id != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  g_signal_emit (self, signals[CHANGED], 0);
}

SwTrafficFilter *
sw_traffic_filter_new (void)
{
  return g_object_new (SW_TYPE_TRAFFIC_FILTER, NULL);
}

SwTrafficFilterDirections
sw_traffic_filter_get_directions (SwTrafficFilter *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_FILTER (self), SW_TRAFFIC_FILTER_ALL);

  return self->directions;
}

void
sw_traffic_filter_set_directions (SwTrafficFilter           *self,
                                  SwTrafficFilterDirections  directions)
{
  g_return_if_fail (SW_IS_TRAFFIC_FILTER (self));
  g_return_if_fail ((directions & ~SW_TRAFFIC_FILTER_ALL) == 0);

  if (self->directions == directions)
    return;

  self->directions = directions;
  changed (self, PROP_DIRECTIONS);
}

guint
sw_traffic_filter_get_connection (SwTrafficFilter *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_FILTER (self), 0);

  return self->connection;
}

void
sw_traffic_filter_set_connection (SwTrafficFilter *self,
                                  guint            connection)
{
  g_return_if_fail (SW_IS_TRAFFIC_FILTER (self));

  if (self->connection == connection)
    return;

  self->connection = connection;
  changed (self, PROP_CONNECTION);
}

const char *
sw_traffic_filter_get_peer (SwTrafficFilter *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_FILTER (self), NULL);

  return self->peer;
}

/**
 * sw_traffic_filter_set_peer:
 * @peer: (nullable): the other end as records name it, or %NULL for any
 */
void
sw_traffic_filter_set_peer (SwTrafficFilter *self,
                            const char      *peer)
{
  g_return_if_fail (SW_IS_TRAFFIC_FILTER (self));

  if (g_strcmp0 (self->peer, peer) == 0)
    return;

  g_clear_pointer (&self->peer, g_ref_string_release);
  /* The log interns its peers too: equal ones are mostly the same. */
  if (peer != NULL)
    self->peer = g_ref_string_new_intern (peer);
  changed (self, PROP_PEER);
}

SwTrafficSearch *
sw_traffic_filter_get_search (SwTrafficFilter *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_FILTER (self), NULL);

  return self->search;
}

static void
on_matches_changed (SwTrafficFilter *self)
{
  changed (self, PROP_0);
}

/**
 * sw_traffic_filter_set_search:
 * @search: (nullable): the search whose matches records must hold, or
 *   %NULL for any record
 */
void
sw_traffic_filter_set_search (SwTrafficFilter *self,
                              SwTrafficSearch *search)
{
  g_return_if_fail (SW_IS_TRAFFIC_FILTER (self));
  g_return_if_fail (search == NULL || SW_IS_TRAFFIC_SEARCH (search));

  if (self->search == search)
    return;

  if (self->search != NULL)
    g_clear_signal_handler (&self->matches_changed_id, self->search);
  g_set_object (&self->search, search);
  if (search != NULL)
    self->matches_changed_id = g_signal_connect_swapped (search, "matches-changed",
                                                         G_CALLBACK (on_matches_changed), self);
  changed (self, PROP_SEARCH);
}

gboolean
sw_traffic_filter_is_active (SwTrafficFilter *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_FILTER (self), FALSE);

  return self->directions != SW_TRAFFIC_FILTER_ALL || self->connection != 0 ||
         self->peer != NULL || self->search != NULL;
}

gboolean
sw_traffic_filter_matches (SwTrafficFilter       *self,
                           const SwTrafficRecord *record)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_FILTER (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if ((self->directions & (1u << record->direction)) == 0)
    return FALSE;

  if (self->connection != 0 && record->connection != self->connection)
    return FALSE;

  if (self->peer != NULL &&
      (record->peer == NULL ||
       (record->peer != self->peer && strcmp (record->peer, self->peer) != 0)))
    return FALSE;

  if (self->search != NULL && !sw_traffic_search_record_has_match (self->search, record->seq))
    return FALSE;

  return TRUE;
}

static void
sw_traffic_filter_dispose (GObject *object)
{
  SwTrafficFilter *self = SW_TRAFFIC_FILTER (object);

  if (self->search != NULL)
    g_clear_signal_handler (&self->matches_changed_id, self->search);
  g_clear_object (&self->search);

  G_OBJECT_CLASS (sw_traffic_filter_parent_class)->dispose (object);
}

static void
sw_traffic_filter_finalize (GObject *object)
{
  SwTrafficFilter *self = SW_TRAFFIC_FILTER (object);

  g_clear_pointer (&self->peer, g_ref_string_release);

  G_OBJECT_CLASS (sw_traffic_filter_parent_class)->finalize (object);
}

static void
sw_traffic_filter_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SwTrafficFilter *self = SW_TRAFFIC_FILTER (object);

  switch (prop_id)
    {
    case PROP_DIRECTIONS:
      g_value_set_flags (value, self->directions);
      break;

    case PROP_CONNECTION:
      g_value_set_uint (value, self->connection);
      break;

    case PROP_PEER:
      g_value_set_string (value, self->peer);
      break;

    case PROP_SEARCH:
      g_value_set_object (value, self->search);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_traffic_filter_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SwTrafficFilter *self = SW_TRAFFIC_FILTER (object);

  switch (prop_id)
    {
    case PROP_DIRECTIONS:
      sw_traffic_filter_set_directions (self, g_value_get_flags (value));
      break;

    case PROP_CONNECTION:
      sw_traffic_filter_set_connection (self, g_value_get_uint (value));
      break;

    case PROP_PEER:
      sw_traffic_filter_set_peer (self, g_value_get_string (value));
      break;

    case PROP_SEARCH:
      sw_traffic_filter_set_search (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_traffic_filter_class_init (SwTrafficFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_traffic_filter_dispose;
  object_class->finalize = sw_traffic_filter_finalize;
  object_class->get_property = sw_traffic_filter_get_property;
  object_class->set_property = sw_traffic_filter_set_property;

  properties[PROP_DIRECTIONS] =
    g_param_spec_flags ("directions", NULL, NULL,
                        SW_TYPE_TRAFFIC_FILTER_DIRECTIONS, SW_TRAFFIC_FILTER_ALL,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION] =
    g_param_spec_uint ("connection", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PEER] =
    g_param_spec_string ("peer", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_object ("search", NULL, NULL,
                         SW_TYPE_TRAFFIC_SEARCH,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwTrafficFilter::changed:
   *
   * Which records pass may have changed: apply the filter again.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
sw_traffic_filter_init (SwTrafficFilter *self)
{
  self->directions = SW_TRAFFIC_FILTER_ALL;
}
