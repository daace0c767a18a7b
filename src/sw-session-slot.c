/* sw-session-slot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-session-slot"

#include "config.h"

#include "sw-session-slot.h"

/*
 * A session page is a few hundred widgets and takes tens of milliseconds
 * to make; the window restores every saved session (three on the first
 * run) but shows one. The notebook holds a slot for each session; the
 * slot makes its page when the notebook first maps it, and until then
 * keeps the state to restore and the title its tab had when it was saved.
 */

struct _SwSessionSlot
{
  GtkWidget            parent_instance;

  const SwSessionKind *kind;
  GVariant            *state;
  char                *title;
  SwSessionPage       *page;
};

G_DEFINE_FINAL_TYPE (SwSessionSlot, sw_session_slot, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * sw_session_slot_new:
 * @kind: the kind of session
 * @state: (nullable): a state from sw_session_slot_save_state() to
 *   restore the page from
 */
SwSessionSlot *
sw_session_slot_new (const SwSessionKind *kind,
                     GVariant            *state)
{
  SwSessionSlot *self;
  const char *title = NULL;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (state == NULL || g_variant_is_of_type (state, G_VARIANT_TYPE_VARDICT), NULL);

  self = g_object_new (SW_TYPE_SESSION_SLOT, NULL);
  self->kind = kind;
  self->state = state != NULL ? g_variant_ref_sink (state) : NULL;

  /* The page will set its own from what is restored: until then, the
   * title the tab had (in the language of that day). */
  if (state == NULL || !g_variant_lookup (state, "title", "&s", &title))
    title = sw_session_kind_get_title (kind);
  self->title = g_strdup (title);

  return self;
}

const SwSessionKind *
sw_session_slot_get_kind (SwSessionSlot *self)
{
  g_return_val_if_fail (SW_IS_SESSION_SLOT (self), NULL);

  return self->kind;
}

const char *
sw_session_slot_get_title (SwSessionSlot *self)
{
  g_return_val_if_fail (SW_IS_SESSION_SLOT (self), NULL);

  return self->title;
}

static void
page_title_changed_cb (SwSessionSlot *self)
{
  const char *title = sw_session_page_get_title (self->page);

  if (g_strcmp0 (title, self->title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * sw_session_slot_get_page:
 *
 * Returns: (transfer none): the session's page
 */
SwSessionPage *
sw_session_slot_get_page (SwSessionSlot *self)
{
  g_return_val_if_fail (SW_IS_SESSION_SLOT (self), NULL);

  if (self->page != NULL)
    return self->page;

  self->page = g_object_new (self->kind->get_type (), NULL);
  gtk_widget_set_parent (GTK_WIDGET (self->page), GTK_WIDGET (self));
  if (self->state != NULL)
    sw_session_page_restore_state (self->page, self->state);
  g_clear_pointer (&self->state, g_variant_unref);

  g_signal_connect_object (self->page, "notify::title",
                           G_CALLBACK (page_title_changed_cb), self,
                           G_CONNECT_SWAPPED);
  page_title_changed_cb (self);

  return self->page;
}

/**
 * sw_session_slot_peek_page:
 *
 * Returns: (transfer none) (nullable): the session's page, if it was made
 */
SwSessionPage *
sw_session_slot_peek_page (SwSessionSlot *self)
{
  g_return_val_if_fail (SW_IS_SESSION_SLOT (self), NULL);

  return self->page;
}

/**
 * sw_session_slot_save_state:
 *
 * Returns: (transfer full): the session's state, with the tab's title
 */
GVariant *
sw_session_slot_save_state (SwSessionSlot *self)
{
  g_auto(GVariantDict) state = G_VARIANT_DICT_INIT (NULL);

  g_return_val_if_fail (SW_IS_SESSION_SLOT (self), NULL);

  if (self->page != NULL)
    {
      g_autoptr(GVariant) page_state = g_variant_ref_sink (sw_session_page_save_state (self->page));

      g_variant_dict_init (&state, page_state);
    }
  else if (self->state != NULL)
    g_variant_dict_init (&state, self->state);
  else
    g_variant_dict_insert (&state, "kind", "s", self->kind->id);

  g_variant_dict_insert (&state, "title", "s", self->title);

  return g_variant_ref_sink (g_variant_dict_end (&state));
}

/* GtkWidget */

static void
sw_session_slot_map (GtkWidget *widget)
{
  /* Before the children are mapped, so that the page is one of them. */
  sw_session_slot_get_page (SW_SESSION_SLOT (widget));

  GTK_WIDGET_CLASS (sw_session_slot_parent_class)->map (widget);
}

static gboolean
sw_session_slot_grab_focus (GtkWidget *widget)
{
  SwSessionSlot *self = SW_SESSION_SLOT (widget);

  return self->page != NULL && gtk_widget_grab_focus (GTK_WIDGET (self->page));
}

/* GObject */

static void
sw_session_slot_dispose (GObject *object)
{
  SwSessionSlot *self = SW_SESSION_SLOT (object);

  g_clear_pointer ((GtkWidget **) &self->page, gtk_widget_unparent);

  G_OBJECT_CLASS (sw_session_slot_parent_class)->dispose (object);
}

static void
sw_session_slot_finalize (GObject *object)
{
  SwSessionSlot *self = SW_SESSION_SLOT (object);

  g_clear_pointer (&self->state, g_variant_unref);
  g_free (self->title);

  G_OBJECT_CLASS (sw_session_slot_parent_class)->finalize (object);
}

static void
sw_session_slot_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SwSessionSlot *self = SW_SESSION_SLOT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_session_slot_class_init (SwSessionSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_session_slot_dispose;
  object_class->finalize = sw_session_slot_finalize;
  object_class->get_property = sw_session_slot_get_property;

  widget_class->map = sw_session_slot_map;
  widget_class->grab_focus = sw_session_slot_grab_focus;

  /**
   * SwSessionSlot:title:
   *
   * The page's title, or until there is a page, the title saved with the
   * session or its kind's.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
sw_session_slot_init (SwSessionSlot *self)
{
}
