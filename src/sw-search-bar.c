/* sw-search-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-search-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-search-bar.h"
#include "sw-utils.h"

/* Peers a filter offers, at most: a server with thousands of clients
 * lists the first. */
#define MAX_PEERS 500

struct _SwSearchBar
{
  GtkWidget        parent_instance;

  GtkSearchEntry  *entry;
  GtkDropDown     *mode_dropdown;
  GtkCheckButton  *case_check;
  GtkWidget       *previous_button;
  GtkWidget       *next_button;
  GtkLabel        *status_label;
  GtkMenuButton   *filter_button;
  GtkCheckButton  *sent_check;
  GtkCheckButton  *received_check;
  GtkCheckButton  *events_check;
  GtkDropDown     *peer_dropdown;
  GtkStringList   *peers;
  GtkCheckButton  *matching_check;
  GtkWidget       *close_button;

  SwTrafficLog    *log;
  SwEncoding       encoding;
  SwFraming       *framing;
  SwTrafficSearch *search;
  GSignalGroup    *search_signals;
  SwTrafficFilter *filter;
  guint            current;
  char            *error_message;
  gboolean         filling_peers;
};

G_DEFINE_FINAL_TYPE (SwSearchBar, sw_search_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SEARCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  NAVIGATE,
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_status (SwSearchBar *self)
{
  g_autofree char *text = NULL;
  const GError *stopped = NULL;
  guint n = 0;

  if (self->error_message != NULL)
    {
      gtk_label_set_text (self->status_label, self->error_message);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), self->error_message);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");

  if (self->search != NULL)
    {
      n = sw_traffic_search_get_n_matches (self->search);
      stopped = sw_traffic_search_get_error (self->search);
    }

  if (self->search == NULL)
    text = g_strdup ("");
  else if (n == 0 && sw_traffic_search_get_searching (self->search))
    /* Translators: while the log is searched; %d is how far, in percent. */
    text = g_strdup_printf (_("Searching… %d%%"),
                            (int) (100 * sw_traffic_search_get_progress (self->search)));
  else if (n == 0)
    text = g_strdup (_("No matches"));
  else if (self->current < n)
    {
      g_autofree char *index = sw_format_count (self->current + 1);
      g_autofree char *count = sw_format_count (n);

      /* Translators: the match shown and how many the log holds, as "3 of 12". */
      text = g_strdup_printf (_("%s of %s"), index, count);
    }
  else
    {
      g_autofree char *count = sw_format_count (n);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: %s is a number of matches. */
                                           "%s match", "%s matches", n),
                              count);
    }

  gtk_label_set_text (self->status_label, text);
  /* A search that stopped early (too many matches) says why. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), stopped != NULL ? stopped->message : NULL);
  if (stopped != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
}

static void
set_search (SwSearchBar     *self,
            SwTrafficSearch *search)
{
  if (self->search == search)
    return;

  g_set_object (&self->search, search);
  g_signal_group_set_target (self->search_signals, search);
  self->current = SW_SEARCH_BAR_NO_MATCH;
  if (gtk_check_button_get_active (self->matching_check))
    sw_traffic_filter_set_search (self->filter, search);
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

static SwSearchKind
selected_kind (SwSearchBar *self)
{
  guint selected = gtk_drop_down_get_selected (self->mode_dropdown);

  return selected <= SW_SEARCH_KIND_REGEX ? (SwSearchKind) selected : SW_SEARCH_KIND_TEXT;
}

/* Compiles what is typed and searches the log for it, unless that is
 * what it searches for already; what does not parse says why, and
 * searches for nothing. */
static void
restart_search (SwSearchBar *self,
                gboolean     force)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  SwSearchKind kind = selected_kind (self);
  SwSearchFlags flags = gtk_check_button_get_active (self->case_check) || kind == SW_SEARCH_KIND_HEX
                        ? SW_SEARCH_FLAGS_NONE : SW_SEARCH_FLAGS_CASE_INSENSITIVE;
  g_autoptr(SwSearchPattern) pattern = NULL;
  g_autoptr(SwTrafficSearch) search = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->case_check), kind != SW_SEARCH_KIND_HEX);
  g_clear_pointer (&self->error_message, g_free);
  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry), NULL);

  /* A closed bar searches for nothing (a regex over a full log is work). */
  if (self->log == NULL || text[0] == '\0' || !gtk_widget_get_visible (GTK_WIDGET (self)))
    {
      set_search (self, NULL);
      return;
    }

  pattern = sw_search_pattern_new (kind, text, self->encoding, flags, NULL, &error);
  if (pattern == NULL && g_error_matches (error, SW_SEARCH_ERROR, SW_SEARCH_ERROR_EMPTY))
    {
      set_search (self, NULL);
      return;
    }
  if (pattern == NULL)
    {
      self->error_message = g_strdup (error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry), error->message);
      set_search (self, NULL);
      update_status (self);
      return;
    }

  if (!force && self->search != NULL &&
      sw_search_pattern_equal (pattern, sw_traffic_search_get_pattern (self->search)))
    return;

  search = sw_traffic_search_new (self->log, pattern, self->framing);
  set_search (self, search);
}

void
sw_search_bar_update_search (SwSearchBar *self)
{
  g_return_if_fail (SW_IS_SEARCH_BAR (self));

  restart_search (self, FALSE);
}

static void
navigate (SwSearchBar *self,
          gboolean     backward)
{
  restart_search (self, FALSE);
  if (self->search != NULL)
    g_signal_emit (self, signals[NAVIGATE], 0, backward);
}

static void
next_cb (SwSearchBar *self)
{
  navigate (self, FALSE);
}

static void
previous_cb (SwSearchBar *self)
{
  navigate (self, TRUE);
}

static void
close_cb (SwSearchBar *self)
{
  sw_widget_focus_next (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  set_search (self, NULL);
  g_signal_emit (self, signals[CLOSED], 0);
}

static gboolean
close_binding (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  close_cb (SW_SEARCH_BAR (widget));

  return TRUE;
}

static void
changed_cb (SwSearchBar *self)
{
  restart_search (self, FALSE);
}

static gboolean
entry_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      SwSearchBar           *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      (state & GDK_SHIFT_MASK) != 0)
    {
      navigate (self, TRUE);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
directions_toggled_cb (SwSearchBar *self)
{
  SwTrafficFilterDirections directions = 0;

  if (gtk_check_button_get_active (self->sent_check))
    directions |= SW_TRAFFIC_FILTER_SENT;
  if (gtk_check_button_get_active (self->received_check))
    directions |= SW_TRAFFIC_FILTER_RECEIVED;
  if (gtk_check_button_get_active (self->events_check))
    directions |= SW_TRAFFIC_FILTER_EVENTS;
  sw_traffic_filter_set_directions (self->filter, directions);
}

static void
matching_toggled_cb (SwSearchBar *self)
{
  sw_traffic_filter_set_search (self->filter,
                                gtk_check_button_get_active (self->matching_check) ? self->search : NULL);
}

static void
peer_selected_cb (SwSearchBar *self)
{
  guint selected = gtk_drop_down_get_selected (self->peer_dropdown);

  if (self->filling_peers)
    return;

  sw_traffic_filter_set_peer (self->filter,
                              selected == 0 || selected == GTK_INVALID_LIST_POSITION
                              ? NULL : gtk_string_list_get_string (self->peers, selected));
}

/* The peers the log holds records of, listed as the filter opens, the
 * one chosen kept. */
static void
fill_peers (SwSearchBar *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *chosen = sw_traffic_filter_get_peer (self->filter);
  guint selected = 0;

  if (self->log != NULL)
    {
      guint64 end = sw_traffic_log_get_end_seq (self->log);

      for (guint64 seq = sw_traffic_log_get_first_seq (self->log); seq < end && names->len < MAX_PEERS; seq++)
        {
          SwTrafficRecord record;

          if (sw_traffic_log_get_record (self->log, seq, &record) && record.peer != NULL &&
              g_hash_table_add (seen, (gpointer) record.peer))
            g_ptr_array_add (names, (gpointer) record.peer);
        }
    }
  if (chosen != NULL && !g_hash_table_contains (seen, chosen))
    g_ptr_array_add (names, (gpointer) chosen);
  g_ptr_array_add (names, NULL);

  self->filling_peers = TRUE;
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->peers));
    /* Translators: in the filter, records of every peer or client. */
    const char *all[] = { C_("peers", "All"), NULL };

    gtk_string_list_splice (self->peers, 0, n, all);
    gtk_string_list_splice (self->peers, 1, 0, (const char * const *) names->pdata);
  }
  for (guint i = 0; chosen != NULL && i + 1 < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), chosen))
      selected = i + 1;
  gtk_drop_down_set_selected (self->peer_dropdown, selected);
  self->filling_peers = FALSE;
}

/* The filter button says when the filter hides something. */
static void
filter_changed_cb (SwSearchBar *self)
{
  if (sw_traffic_filter_is_active (self->filter))
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "suggested-action");
}

static void
search_changed_cb (SwSearchBar *self)
{
  /* The current match keeps its index while matches are only added
   * after it; the view says which it shows. */
  update_status (self);
}

/**
 * sw_search_bar_new:
 *
 * Returns: (transfer floating): a hidden search bar
 */
GtkWidget *
sw_search_bar_new (void)
{
  return g_object_new (SW_TYPE_SEARCH_BAR, NULL);
}

void
sw_search_bar_set_log (SwSearchBar  *self,
                       SwTrafficLog *log)
{
  g_return_if_fail (SW_IS_SEARCH_BAR (self));

  if (g_set_object (&self->log, log))
    restart_search (self, TRUE);
}

void
sw_search_bar_set_encoding (SwSearchBar *self,
                            SwEncoding   encoding)
{
  g_return_if_fail (SW_IS_SEARCH_BAR (self));

  if (self->encoding == encoding)
    return;

  self->encoding = encoding;
  restart_search (self, FALSE);
}

void
sw_search_bar_set_framing (SwSearchBar *self,
                           SwFraming   *framing)
{
  g_return_if_fail (SW_IS_SEARCH_BAR (self));

  /* The search takes a copy of its settings: a change searches anew. */
  g_set_object (&self->framing, framing);
  restart_search (self, TRUE);
}

/**
 * sw_search_bar_get_search:
 *
 * Returns: (transfer none) (nullable): the search of what is typed
 */
SwTrafficSearch *
sw_search_bar_get_search (SwSearchBar *self)
{
  g_return_val_if_fail (SW_IS_SEARCH_BAR (self), NULL);

  return self->search;
}

/**
 * sw_search_bar_get_filter:
 *
 * Returns: (transfer none): the filter of what the view shows
 */
SwTrafficFilter *
sw_search_bar_get_filter (SwSearchBar *self)
{
  g_return_val_if_fail (SW_IS_SEARCH_BAR (self), NULL);

  return self->filter;
}

guint
sw_search_bar_get_current (SwSearchBar *self)
{
  g_return_val_if_fail (SW_IS_SEARCH_BAR (self), SW_SEARCH_BAR_NO_MATCH);

  return self->current;
}

void
sw_search_bar_set_current (SwSearchBar *self,
                           guint        index)
{
  g_return_if_fail (SW_IS_SEARCH_BAR (self));

  self->current = index;
  update_status (self);
}

void
sw_search_bar_open (SwSearchBar *self)
{
  g_return_if_fail (SW_IS_SEARCH_BAR (self));

  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
  restart_search (self, FALSE);
}

static void
sw_search_bar_dispose (GObject *object)
{
  SwSearchBar *self = SW_SEARCH_BAR (object);
  GtkWidget *child;

  g_signal_group_set_target (self->search_signals, NULL);
  g_clear_object (&self->search);
  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_SEARCH_BAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sw_search_bar_parent_class)->dispose (object);
}

static void
sw_search_bar_finalize (GObject *object)
{
  SwSearchBar *self = SW_SEARCH_BAR (object);

  g_clear_object (&self->log);
  g_clear_object (&self->framing);
  g_clear_object (&self->filter);
  g_clear_object (&self->search_signals);
  g_free (self->error_message);

  G_OBJECT_CLASS (sw_search_bar_parent_class)->finalize (object);
}

static void
sw_search_bar_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SwSearchBar *self = SW_SEARCH_BAR (object);

  switch (prop_id)
    {
    case PROP_SEARCH:
      g_value_set_object (value, self->search);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_search_bar_class_init (SwSearchBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_search_bar_dispose;
  object_class->finalize = sw_search_bar_finalize;
  object_class->get_property = sw_search_bar_get_property;

  properties[PROP_SEARCH] =
    g_param_spec_object ("search", NULL, NULL,
                         SW_TYPE_TRAFFIC_SEARCH,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwSearchBar::navigate:
   * @backward: to the previous match rather than the next
   *
   * A person asked for the next or previous match (Enter, Shift+Enter,
   * the buttons, Ctrl+G): the view goes there and says which it shows
   * with sw_search_bar_set_current().
   */
  signals[NAVIGATE] =
    g_signal_new ("navigate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /**
   * SwSearchBar::closed:
   *
   * The bar was closed (Escape, its close button): highlights go.
   */
  signals[CLOSED] =
    g_signal_new ("closed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-search-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, SwSearchBar, entry);
  gtk_widget_class_bind_template_child (widget_class, SwSearchBar, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SwSearchBar, case_check);
  gtk_widget_class_bind_template_child (widget_class, SwSearchBar, previous_button);
  gtk_widget_class_bind_template_child (widget_class, SwSearchBar, next_button);
  gtk_widget_class_bind_template_child (widget_class, SwSearchBar, status_label);
  gtk_widget_class_bind_template_child (widget_class, SwSearchBar, filter_button);
  gtk_widget_class_bind_template_child (widget_class, SwSearchBar, sent_check);
  gtk_widget_class_bind_template_child (widget_class, SwSearchBar, received_check);
  gtk_widget_class_bind_template_child (widget_class, SwSearchBar, events_check);
  gtk_widget_class_bind_template_child (widget_class, SwSearchBar, peer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SwSearchBar, peers);
  gtk_widget_class_bind_template_child (widget_class, SwSearchBar, matching_check);
  gtk_widget_class_bind_template_child (widget_class, SwSearchBar, close_button);

  /* Escape closes it wherever the focus is in it, not only in the entry. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, close_binding, NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sw-search-bar");
}

static void
sw_search_bar_init (SwSearchBar *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  sw_fix_mnemonic_names (GTK_WIDGET (self));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);

  self->current = SW_SEARCH_BAR_NO_MATCH;
  self->filter = sw_traffic_filter_new ();
  g_signal_connect_object (self->filter, "notify", G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  self->search_signals = g_signal_group_new (SW_TYPE_TRAFFIC_SEARCH);
  g_signal_group_connect_swapped (self->search_signals, "notify::n-matches", G_CALLBACK (search_changed_cb), self);
  g_signal_group_connect_swapped (self->search_signals, "notify::searching", G_CALLBACK (search_changed_cb), self);
  g_signal_group_connect_swapped (self->search_signals, "notify::progress", G_CALLBACK (search_changed_cb), self);
  g_signal_group_connect_swapped (self->search_signals, "notify::error", G_CALLBACK (search_changed_cb), self);

  g_signal_connect_swapped (self->entry, "search-changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (next_cb), self);
  g_signal_connect_swapped (self->entry, "next-match", G_CALLBACK (next_cb), self);
  g_signal_connect_swapped (self->entry, "previous-match", G_CALLBACK (previous_cb), self);
  g_signal_connect_swapped (self->entry, "stop-search", G_CALLBACK (close_cb), self);
  g_signal_connect_swapped (self->mode_dropdown, "notify::selected", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->case_check, "toggled", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->next_button, "clicked", G_CALLBACK (next_cb), self);
  g_signal_connect_swapped (self->previous_button, "clicked", G_CALLBACK (previous_cb), self);
  g_signal_connect_swapped (self->close_button, "clicked", G_CALLBACK (close_cb), self);
  g_signal_connect_swapped (self->sent_check, "toggled", G_CALLBACK (directions_toggled_cb), self);
  g_signal_connect_swapped (self->received_check, "toggled", G_CALLBACK (directions_toggled_cb), self);
  g_signal_connect_swapped (self->events_check, "toggled", G_CALLBACK (directions_toggled_cb), self);
  g_signal_connect_swapped (self->matching_check, "toggled", G_CALLBACK (matching_toggled_cb), self);
  g_signal_connect_swapped (self->peer_dropdown, "notify::selected", G_CALLBACK (peer_selected_cb), self);
  g_signal_connect_swapped (gtk_menu_button_get_popover (self->filter_button), "show",
                            G_CALLBACK (fill_peers), self);
  g_signal_connect (self->peer_dropdown, "mnemonic-activate", G_CALLBACK (sw_drop_down_mnemonic_activate), NULL);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), controller);

  fill_peers (self);
}
