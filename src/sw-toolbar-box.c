/* sw-toolbar-box.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-toolbar-box"

#include "config.h"

#include "sw-toolbar-box.h"

/*
 * GTK 4.8 has no toolbar that overflows into a menu. The traffic view's
 * toolbar needs ~690 px in English, and beside the Rules panel of a
 * 1000 px window it gets half that: a GtkBox would then be allocated less
 * than its minimum and its start, with the start of every log line, cut
 * off. This box asks for the room of the controls that must stay, and
 * leaves out, by priority, those a menu beside it offers too.
 */

struct _SwToolbarBox
{
  GtkWidget parent_instance;

  guint     spacing;
};

G_DEFINE_FINAL_TYPE (SwToolbarBox, sw_toolbar_box, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GQuark priority_quark;

typedef struct
{
  GtkWidget *child;
  int        minimum;
  int        natural;
  guint      priority;
  gboolean   kept;
  int        size;
} Item;

static guint
get_priority (GtkWidget *child)
{
  return GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (child), priority_quark));
}

/* The visible children, with their widths. */
static GArray *
collect_items (SwToolbarBox *self)
{
  GArray *items = g_array_new (FALSE, FALSE, sizeof (Item));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Item item = { child, 0, 0, get_priority (child), TRUE, 0 };

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &item.minimum, &item.natural, NULL, NULL);
      g_array_append_val (items, item);
    }

  return items;
}

static int
kept_width (SwToolbarBox *self,
            GArray       *items,
            gboolean      natural)
{
  int width = 0;
  guint n = 0;

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);

      if (!item->kept)
        continue;
      width += natural ? item->natural : item->minimum;
      n++;
    }

  return width + (n > 1 ? (int) (n - 1) * (int) self->spacing : 0);
}

/* Which children fit in @width, and how wide each is. */
static void
plan (SwToolbarBox *self,
      GArray       *items,
      int           width)
{
  g_autofree GtkRequestedSize *sizes = NULL;
  guint n_expand = 0;
  guint n_kept = 0;
  int extra;

  /* Leave out, highest priority first (the last of equals first), until
   * the rest fit at their natural widths, or nothing more can go. */
  while (kept_width (self, items, TRUE) > width)
    {
      Item *drop = NULL;

      for (guint i = 0; i < items->len; i++)
        {
          Item *item = &g_array_index (items, Item, i);

          if (item->kept && item->priority > 0 && (drop == NULL || item->priority >= drop->priority))
            drop = item;
        }
      if (drop == NULL)
        break;
      drop->kept = FALSE;
    }

  sizes = g_new0 (GtkRequestedSize, items->len);
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);

      if (!item->kept)
        continue;
      sizes[n_kept].data = item;
      sizes[n_kept].minimum_size = item->minimum;
      sizes[n_kept].natural_size = item->natural;
      n_kept++;
      if (gtk_widget_compute_expand (item->child, GTK_ORIENTATION_HORIZONTAL))
        n_expand++;
    }

  /* Short of their natural widths, they share what there is. */
  extra = MAX (0, width - kept_width (self, items, FALSE));
  extra = gtk_distribute_natural_allocation (extra, n_kept, sizes);
  for (guint i = 0; i < n_kept; i++)
    {
      Item *item = sizes[i].data;

      item->size = sizes[i].minimum_size;
      /* What is left goes to those that expand. */
      if (n_expand > 0 && gtk_widget_compute_expand (item->child, GTK_ORIENTATION_HORIZONTAL))
        {
          int share = extra / (int) n_expand;

          item->size += share;
          extra -= share;
          n_expand--;
        }
    }
}

static GtkSizeRequestMode
sw_toolbar_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sw_toolbar_box_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  SwToolbarBox *self = SW_TOOLBAR_BOX (widget);
  g_autoptr(GArray) items = collect_items (self);

  *minimum = *natural = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* At least what must stay; at best, everything. */
      *natural = kept_width (self, items, TRUE);
      for (guint i = 0; i < items->len; i++)
        {
          Item *item = &g_array_index (items, Item, i);

          item->kept = item->priority == 0;
        }
      *minimum = kept_width (self, items, FALSE);
      return;
    }

  if (for_size >= 0)
    plan (self, items, for_size);

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      int child_minimum;
      int child_natural;

      if (!item->kept)
        continue;
      gtk_widget_measure (item->child, GTK_ORIENTATION_VERTICAL, for_size >= 0 ? item->size : -1,
                          &child_minimum, &child_natural, NULL, NULL);
      *minimum = MAX (*minimum, child_minimum);
      *natural = MAX (*natural, child_natural);
    }
}

static void
sw_toolbar_box_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  SwToolbarBox *self = SW_TOOLBAR_BOX (widget);
  g_autoptr(GArray) items = collect_items (self);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int x = 0;

  plan (self, items, width);

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      GtkAllocation allocation;

      /* Left out: unmapped, so neither drawn nor reached with Tab. */
      gtk_widget_set_child_visible (item->child, item->kept);
      if (!item->kept)
        continue;

      allocation.x = rtl ? width - x - item->size : x;
      allocation.y = 0;
      allocation.width = item->size;
      allocation.height = height;
      gtk_widget_size_allocate (item->child, &allocation, -1);
      x += item->size + self->spacing;
    }
}

static void
sw_toolbar_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sw_toolbar_box_parent_class)->dispose (object);
}

static void
sw_toolbar_box_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SwToolbarBox *self = SW_TOOLBAR_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_uint (value, self->spacing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_toolbar_box_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SwToolbarBox *self = SW_TOOLBAR_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      sw_toolbar_box_set_spacing (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_toolbar_box_class_init (SwToolbarBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_toolbar_box_dispose;
  object_class->get_property = sw_toolbar_box_get_property;
  object_class->set_property = sw_toolbar_box_set_property;

  widget_class->get_request_mode = sw_toolbar_box_get_request_mode;
  widget_class->measure = sw_toolbar_box_measure;
  widget_class->size_allocate = sw_toolbar_box_size_allocate;

  properties[PROP_SPACING] =
    g_param_spec_uint ("spacing", NULL, NULL, 0, G_MAXINT16, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  priority_quark = g_quark_from_static_string ("sw-toolbar-box-priority");

  gtk_widget_class_set_css_name (widget_class, "sw-toolbar-box");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sw_toolbar_box_init (SwToolbarBox *self)
{
}

/**
 * sw_toolbar_box_new:
 *
 * Returns: (transfer floating): an empty box
 */
GtkWidget *
sw_toolbar_box_new (void)
{
  return g_object_new (SW_TYPE_TOOLBAR_BOX, NULL);
}

guint
sw_toolbar_box_get_spacing (SwToolbarBox *self)
{
  g_return_val_if_fail (SW_IS_TOOLBAR_BOX (self), 0);

  return self->spacing;
}

void
sw_toolbar_box_set_spacing (SwToolbarBox *self,
                            guint         spacing)
{
  g_return_if_fail (SW_IS_TOOLBAR_BOX (self));

  if (self->spacing == spacing)
    return;

  self->spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}

void
sw_toolbar_box_set_priority (SwToolbarBox *self,
                             GtkWidget    *child,
                             guint         priority)
{
  g_return_if_fail (SW_IS_TOOLBAR_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == GTK_WIDGET (self));

  g_object_set_qdata (G_OBJECT (child), priority_quark, GUINT_TO_POINTER (priority));
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

gboolean
sw_toolbar_box_is_shown (SwToolbarBox *self,
                         GtkWidget    *child)
{
  g_return_val_if_fail (SW_IS_TOOLBAR_BOX (self), FALSE);
  g_return_val_if_fail (GTK_IS_WIDGET (child), FALSE);
  g_return_val_if_fail (gtk_widget_get_parent (child) == GTK_WIDGET (self), FALSE);

  return gtk_widget_get_visible (child) && gtk_widget_get_child_visible (child);
}
