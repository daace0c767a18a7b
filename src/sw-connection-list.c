/* sw-connection-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-connection-list"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-connection-list.h"
#include "sw-endpoint.h"

struct _SwConnectionList
{
  GtkWidget           parent_instance;

  GtkLabel           *count_label;
  GtkStack           *stack;
  GtkLabel           *empty_label;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *address_column;
  GtkColumnViewColumn *upstream_column;
  GtkColumnViewColumn *received_column;
  GtkColumnViewColumn *sent_column;

  GListModel         *model;
  GtkMultiSelection  *selection;
  gboolean            relay;
};

G_DEFINE_FINAL_TYPE (SwConnectionList, sw_connection_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_RELAY,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The cells */

static char *
format_time (gpointer this,
             gint64   usec,
             gpointer user_data)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%H:%M:%S") : g_strdup ("");
}

static char *
format_count (gpointer this,
              guint64  count,
              gpointer user_data)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, count);
}

static char *
format_address (gpointer        this,
                GSocketAddress *address,
                gpointer        user_data)
{
  return address != NULL ? sw_socket_address_to_string (address) : g_strdup ("");
}

/* ngettext() takes an unsigned long: keep the plural form of bigger
 * numbers where long is 32 bits. */
static gulong
plural_number (guint64 n)
{
  return n <= G_MAXULONG ? (gulong) n : (gulong) (n % 1000000 + 1000000);
}

static char *
describe_count (gboolean relay,
                gboolean received,
                guint64  count)
{
  g_autofree char *number = format_count (NULL, count, NULL);
  gulong n = plural_number (count);

  if (relay && received)
    return g_strdup_printf (ngettext ("%s byte went from the upstream to this client",
                                      "%s bytes went from the upstream to this client", n),
                            number);
  if (relay)
    return g_strdup_printf (ngettext ("%s byte went from this client to the upstream",
                                      "%s bytes went from this client to the upstream", n),
                            number);
  if (received)
    return g_strdup_printf (ngettext ("%s byte came in from this client",
                                      "%s bytes came in from this client", n),
                            number);

  return g_strdup_printf (ngettext ("%s byte went out to this client",
                                    "%s bytes went out to this client", n),
                          number);
}

/* The counts' tooltips say what they count, in words. They are made when
 * shown: a tooltip set on each change would have GTK look for the pointer
 * every time, a round trip to the X server per row four times a second. */
static gboolean
count_query_tooltip_cb (GtkWidget   *label,
                        int          x,
                        int          y,
                        gboolean     keyboard_mode,
                        GtkTooltip  *tooltip,
                        GtkListItem *list_item)
{
  SwConnection *connection = gtk_list_item_get_item (list_item);
  SwConnectionList *self = SW_CONNECTION_LIST (gtk_widget_get_ancestor (label, SW_TYPE_CONNECTION_LIST));
  gboolean received = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "sw-received"));
  g_autofree char *text = NULL;

  if (connection == NULL || self == NULL)
    return FALSE;

  text = describe_count (self->relay, received,
                         received ? sw_connection_get_bytes_received (connection)
                                  : sw_connection_get_bytes_sent (connection));
  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static GtkExpression *
connection_property_expression (const char *property,
                                GCallback   format)
{
  GtkExpression *expression;

  expression = gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item");
  expression = gtk_property_expression_new (SW_TYPE_CONNECTION, expression, property);
  if (format != NULL)
    expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 1, &expression, format, NULL, NULL);

  return expression;
}

/* A label showing @property of the row's connection, kept up to date by
 * an expression: it follows the item and the property's notifications. */
static GtkWidget *
setup_cell (GtkListItem *list_item,
            const char  *property,
            GCallback    format)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_expression_bind (connection_property_expression (property, format),
                       label, "label", list_item);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_list_item_set_child (list_item, label);

  return label;
}

/* Counts: exact, right-aligned, in digits of one width. */
static void
setup_count_cell (GtkListItem *list_item,
                  const char  *property,
                  gboolean     received)
{
  GtkWidget *label = setup_cell (list_item, property, G_CALLBACK (format_count));

  g_object_set_data (G_OBJECT (label), "sw-received", GINT_TO_POINTER (received));
  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (count_query_tooltip_cb), list_item);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_add_css_class (label, "numeric");
}

static void
address_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item)
{
  setup_cell (list_item, "name", NULL);
}

static void
upstream_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item)
{
  setup_cell (list_item, "remote-address", G_CALLBACK (format_address));
}

static void
connected_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item)
{
  GtkWidget *label = setup_cell (list_item, "connected-time", G_CALLBACK (format_time));

  gtk_widget_add_css_class (label, "numeric");
}

static void
received_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item)
{
  setup_count_cell (list_item, "bytes-received", TRUE);
}

static void
sent_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  setup_count_cell (list_item, "bytes-sent", FALSE);
}

/* State */

static void
changed_cb (SwConnectionList *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  g_autofree char *count = g_strdup_printf ("%u", n_items);

  gtk_label_set_text (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, n_items > 0 ? "list" : "empty");

  g_signal_emit (self, signals[CHANGED], 0);
}

static void
update_columns (SwConnectionList *self)
{
  gtk_column_view_column_set_visible (self->upstream_column, self->relay);
  if (self->relay)
    {
      gtk_column_view_column_set_title (self->address_column, C_("column", "Client"));
      /* Translators: a short column title: bytes from each client to the upstream. */
      gtk_column_view_column_set_title (self->sent_column, _("Up"));
      /* Translators: a short column title: bytes from the upstream to each client. */
      gtk_column_view_column_set_title (self->received_column, _("Down"));
    }
}

/* Public API */

GtkWidget *
sw_connection_list_new (void)
{
  return g_object_new (SW_TYPE_CONNECTION_LIST, NULL);
}

/**
 * sw_connection_list_get_model:
 *
 * Returns: (transfer none) (nullable): the connections shown
 */
GListModel *
sw_connection_list_get_model (SwConnectionList *self)
{
  g_return_val_if_fail (SW_IS_CONNECTION_LIST (self), NULL);

  return self->model;
}

void
sw_connection_list_set_model (SwConnectionList *self,
                              GListModel       *model)
{
  g_return_if_fail (SW_IS_CONNECTION_LIST (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (!g_set_object (&self->model, model))
    return;

  gtk_multi_selection_set_model (self->selection, model);
  changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

gboolean
sw_connection_list_get_relay (SwConnectionList *self)
{
  g_return_val_if_fail (SW_IS_CONNECTION_LIST (self), FALSE);

  return self->relay;
}

void
sw_connection_list_set_relay (SwConnectionList *self,
                              gboolean          relay)
{
  g_return_if_fail (SW_IS_CONNECTION_LIST (self));

  relay = !!relay;
  if (self->relay == relay)
    return;

  self->relay = relay;
  update_columns (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELAY]);
}

void
sw_connection_list_set_empty_text (SwConnectionList *self,
                                   const char       *text)
{
  g_return_if_fail (SW_IS_CONNECTION_LIST (self));

  gtk_label_set_text (self->empty_label, text);
}

/**
 * sw_connection_list_dup_connections:
 * @selected_only: only those selected in the list
 *
 * Returns: (transfer full) (element-type SwConnection): the connections
 *   that are still connected
 */
GPtrArray *
sw_connection_list_dup_connections (SwConnectionList *self,
                                    gboolean          selected_only)
{
  GListModel *model;
  GPtrArray *connections;
  guint n_items;

  g_return_val_if_fail (SW_IS_CONNECTION_LIST (self), NULL);

  model = G_LIST_MODEL (self->selection);
  n_items = g_list_model_get_n_items (model);
  connections = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SwConnection) connection = NULL;

      if (selected_only && !gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), i))
        continue;

      connection = g_list_model_get_item (model, i);
      if (sw_connection_get_state (connection) == SW_CONNECTION_STATE_CONNECTED)
        g_ptr_array_add (connections, g_steal_pointer (&connection));
    }

  return connections;
}

guint
sw_connection_list_count (SwConnectionList *self,
                          gboolean          selected_only)
{
  g_autoptr(GPtrArray) connections = sw_connection_list_dup_connections (self, selected_only);

  return connections->len;
}

/* GObject */

static void
sw_connection_list_dispose (GObject *object)
{
  SwConnectionList *self = SW_CONNECTION_LIST (object);
  GtkWidget *child;

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_CONNECTION_LIST);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (sw_connection_list_parent_class)->dispose (object);
}

static void
sw_connection_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SwConnectionList *self = SW_CONNECTION_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_RELAY:
      g_value_set_boolean (value, self->relay);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_connection_list_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SwConnectionList *self = SW_CONNECTION_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      sw_connection_list_set_model (self, g_value_get_object (value));
      break;

    case PROP_RELAY:
      sw_connection_list_set_relay (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_connection_list_class_init (SwConnectionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_connection_list_dispose;
  object_class->get_property = sw_connection_list_get_property;
  object_class->set_property = sw_connection_list_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RELAY] =
    g_param_spec_boolean ("relay", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwConnectionList::changed:
   *
   * Connections came or went, or the selection changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-connection-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SwConnectionList, count_label);
  gtk_widget_class_bind_template_child (widget_class, SwConnectionList, stack);
  gtk_widget_class_bind_template_child (widget_class, SwConnectionList, empty_label);
  gtk_widget_class_bind_template_child (widget_class, SwConnectionList, column_view);
  gtk_widget_class_bind_template_child (widget_class, SwConnectionList, address_column);
  gtk_widget_class_bind_template_child (widget_class, SwConnectionList, upstream_column);
  gtk_widget_class_bind_template_child (widget_class, SwConnectionList, received_column);
  gtk_widget_class_bind_template_child (widget_class, SwConnectionList, sent_column);
  gtk_widget_class_bind_template_callback (widget_class, address_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, upstream_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, connected_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, received_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, sent_setup_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
sw_connection_list_init (SwConnectionList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  self->selection = gtk_multi_selection_new (NULL);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (changed_cb), self);
}
