/* sw-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#ifdef G_OS_UNIX
# include <unistd.h>
#endif

#include "sw-session-kind.h"
#include "sw-session-page.h"
#include "sw-session-slot.h"
#include "sw-window.h"

struct _SwWindow
{
  GtkApplicationWindow  parent_instance;

  GSettings            *settings;

  GtkNotebook          *notebook;
  GtkMenuButton        *new_session_button;
};

/* A window opens with these when there is nothing to restore. */
static const char * const first_sessions[] = { "tcp-client", "tcp-server", "udp-peer" };

G_DEFINE_FINAL_TYPE (SwWindow, sw_window, GTK_TYPE_APPLICATION_WINDOW)

SwWindow *
sw_window_new (SwApplication *application)
{
  return g_object_new (SW_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

static void
close_button_clicked_cb (GtkButton *button,
                         GtkWidget *slot)
{
  /* A slot's parent is the notebook's internal stack, not the notebook. */
  GtkWidget *notebook = gtk_widget_get_ancestor (slot, GTK_TYPE_NOTEBOOK);

  if (notebook != NULL)
    gtk_notebook_remove_page (GTK_NOTEBOOK (notebook),
                              gtk_notebook_page_num (GTK_NOTEBOOK (notebook), slot));
}

/* GtkNotebook gives a tab its minimum width, and an ellipsizing label's
 * minimum is its width-chars: only titles too long to show are cut. */
static void
tab_title_changed_cb (GtkLabel *label)
{
  gboolean too_long = g_utf8_strlen (gtk_label_get_label (label), -1) > 32;

  gtk_label_set_ellipsize (label, too_long ? PANGO_ELLIPSIZE_MIDDLE : PANGO_ELLIPSIZE_NONE);
  gtk_label_set_width_chars (label, too_long ? 32 : -1);
}

static GtkWidget *
create_tab_label (GtkWidget *slot)
{
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *close;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  label = gtk_label_new (NULL);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  g_signal_connect (label, "notify::label", G_CALLBACK (tab_title_changed_cb), NULL);
  g_object_bind_property (slot, "title", label, "label", G_BINDING_SYNC_CREATE);
  close = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_button_set_has_frame (GTK_BUTTON (close), FALSE);
  gtk_widget_set_focus_on_click (close, FALSE);
  gtk_widget_set_tooltip_text (close, _("Close Session"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (close),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Close Session"),
                                  -1);
  g_signal_connect_object (close, "clicked",
                           G_CALLBACK (close_button_clicked_cb), slot, 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), close);

  return box;
}

/**
 * sw_window_add_session:
 * @kind: the id of a kind of session, e.g. "tcp-client"
 *
 * Opens a new session tab and switches to it.
 *
 * Returns: (transfer none) (nullable): the session's page
 */
/* A tab for a session of @kind, restored from @state if not %NULL;
 * its page is made when it is first shown. */
static int
append_slot (SwWindow            *self,
             const SwSessionKind *kind,
             GVariant            *state)
{
  GtkWidget *slot = GTK_WIDGET (sw_session_slot_new (kind, state));
  int position;

  position = gtk_notebook_append_page (self->notebook, slot, create_tab_label (slot));
  gtk_notebook_set_menu_label_text (self->notebook, slot, sw_session_kind_get_title (kind));
  gtk_notebook_set_tab_reorderable (self->notebook, slot, TRUE);

  return position;
}

static SwSessionSlot *
get_slot (SwWindow *self,
          int       position)
{
  GtkWidget *slot = position >= 0 ? gtk_notebook_get_nth_page (self->notebook, position) : NULL;

  return SW_IS_SESSION_SLOT (slot) ? SW_SESSION_SLOT (slot) : NULL;
}

GtkWidget *
sw_window_add_session (SwWindow   *self,
                       const char *kind)
{
  const SwSessionKind *session_kind;
  GtkWidget *page;
  int position;

  g_return_val_if_fail (SW_IS_WINDOW (self), NULL);

  session_kind = sw_session_kind_lookup (kind);
  if (session_kind == NULL)
    return NULL;

  position = append_slot (self, session_kind, NULL);
  gtk_notebook_set_current_page (self->notebook, position);
  page = GTK_WIDGET (sw_session_slot_get_page (get_slot (self, position)));
  /* Ready to be typed into. */
  gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);

  return page;
}

/**
 * sw_window_open_uri:
 * @uri: "tcp://HOST:PORT", "tcp-listen://:PORT"… (see sw_endpoint_parse_uri())
 *
 * Opens a session tab for @uri and connects, listens or binds there.
 * A URI that does not parse changes nothing.
 *
 * Returns: (transfer none): the session's page, or %NULL with @error set
 */
GtkWidget *
sw_window_open_uri (SwWindow    *self,
                    const char  *uri,
                    GError     **error)
{
  g_autoptr(SwEndpoint) endpoint = NULL;
  const SwSessionKind *kind;
  SwEndpointScheme scheme;
  GtkWidget *page;

  g_return_val_if_fail (SW_IS_WINDOW (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  endpoint = sw_endpoint_parse_uri (uri, &scheme, error);
  if (endpoint == NULL)
    return NULL;

  kind = sw_session_kind_for_scheme (scheme);
  g_return_val_if_fail (kind != NULL, NULL);

  page = sw_window_add_session (self, kind->id);
  sw_session_page_open_endpoint (SW_SESSION_PAGE (page), endpoint, scheme);

  return page;
}

guint
sw_window_get_n_sessions (SwWindow *self)
{
  g_return_val_if_fail (SW_IS_WINDOW (self), 0);

  return gtk_notebook_get_n_pages (self->notebook);
}

/**
 * sw_window_get_session:
 *
 * The page of the tab at @position, made now if the tab was never shown.
 *
 * Returns: (transfer none) (nullable): the page at @position
 */
GtkWidget *
sw_window_get_session (SwWindow *self,
                       guint     position)
{
  SwSessionSlot *slot;

  g_return_val_if_fail (SW_IS_WINDOW (self), NULL);

  slot = get_slot (self, position <= G_MAXINT ? (int) position : -1);

  return slot != NULL ? GTK_WIDGET (sw_session_slot_get_page (slot)) : NULL;
}

static void
new_session_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  const char *kind = g_variant_get_string (parameter, NULL);

  if (sw_window_add_session (SW_WINDOW (widget), kind) == NULL)
    g_warning ("No kind of session is called “%s”", kind);
}

static void
new_session_menu_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  gtk_menu_button_popup (SW_WINDOW (widget)->new_session_button);
}

static SwTrafficView *
current_traffic_view (SwWindow *self)
{
  SwSessionSlot *slot = get_slot (self, gtk_notebook_get_current_page (self->notebook));

  return slot != NULL ? sw_session_page_get_traffic_view (sw_session_slot_get_page (slot)) : NULL;
}

static void
view_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwTrafficView *view = current_traffic_view (SW_WINDOW (widget));

  if (view == NULL)
    return;

  if (g_str_equal (action_name, "win.clear-log"))
    gtk_widget_activate_action (GTK_WIDGET (view), "view.clear", NULL);
  else if (g_str_equal (action_name, "win.save-log"))
    gtk_widget_activate_action (GTK_WIDGET (view), "view.save", NULL);
  else if (g_str_has_prefix (action_name, "win.find"))
    {
      /* win.find, win.find-next, win.find-previous: the view's own. */
      g_autofree char *name = g_strconcat ("view.", action_name + strlen ("win."), NULL);

      gtk_widget_activate_action (GTK_WIDGET (view), name, NULL);
    }
  else
    sw_traffic_view_set_display_mode (view,
                                      sw_traffic_view_get_display_mode (view) == SW_DISPLAY_MODE_HEX
                                      ? SW_DISPLAY_MODE_TEXT : SW_DISPLAY_MODE_HEX);
}

static void
close_session_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);
  int current = gtk_notebook_get_current_page (self->notebook);

  if (current >= 0)
    gtk_notebook_remove_page (self->notebook, current);
}

/* The next or previous tab, round: Ctrl+PageDown and Ctrl+PageUp,
 * wherever the focus is (GtkNotebook's own only work on its tabs; a
 * text view takes them for itself). */
static void
switch_session (SwWindow *self,
                int       step)
{
  int n_pages = gtk_notebook_get_n_pages (self->notebook);
  int current = gtk_notebook_get_current_page (self->notebook);

  if (n_pages > 0)
    gtk_notebook_set_current_page (self->notebook, (current + step + n_pages) % n_pages);
}

static void
next_session_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  switch_session (SW_WINDOW (widget), 1);
}

static void
previous_session_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  switch_session (SW_WINDOW (widget), -1);
}

static void
save_sessions (SwWindow *self)
{
  g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("aa{sv}"));
  int n_pages = gtk_notebook_get_n_pages (self->notebook);

  for (int i = 0; i < n_pages; i++)
    {
      SwSessionSlot *slot = get_slot (self, i);
      g_autoptr(GVariant) state = slot != NULL ? sw_session_slot_save_state (slot) : NULL;

      if (state != NULL)
        g_variant_builder_add_value (builder, state);
    }

  g_settings_set_value (self->settings, "sessions", g_variant_builder_end (builder));
  g_settings_set_uint (self->settings, "selected-session",
                       MAX (0, gtk_notebook_get_current_page (self->notebook)));
}

static void
restore_sessions (SwWindow *self)
{
  g_autoptr(GVariant) sessions = g_settings_get_value (self->settings, "sessions");
  GVariantIter iter;
  GVariant *state;
  guint selected;

  g_variant_iter_init (&iter, sessions);
  while ((state = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) owned = state;
      const char *id = NULL;
      const SwSessionKind *kind;

      /* A kind this version does not know (from a newer one) is skipped. */
      if (!g_variant_lookup (state, "kind", "&s", &id) ||
          (kind = sw_session_kind_lookup (id)) == NULL)
        continue;
      append_slot (self, kind, state);
    }

  if (gtk_notebook_get_n_pages (self->notebook) == 0)
    for (guint i = 0; i < G_N_ELEMENTS (first_sessions); i++)
      append_slot (self, sw_session_kind_lookup (first_sessions[i]), NULL);

  /* The tab selected last time, if it is still there. */
  selected = g_settings_get_uint (self->settings, "selected-session");
  gtk_notebook_set_current_page (self->notebook,
                                 selected < (guint) gtk_notebook_get_n_pages (self->notebook) ? (int) selected : 0);
}

static gboolean
sw_window_close_request (GtkWindow *window)
{
  SwWindow *self = SW_WINDOW (window);
  int width, height;

  save_sessions (self);

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set (self->settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (sw_window_parent_class)->close_request (window);
}

/* build-aux/bench measures the time to the first frame from outside. */
static void
first_frame_cb (GdkFrameClock *clock,
                SwWindow      *self)
{
  g_print ("FIRST_FRAME %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
#ifdef G_OS_UNIX
  g_print ("PID %d\n", (int) getpid ());
#endif
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
}

static void
report_first_frame_cb (GtkWidget *widget)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (first_frame_cb), widget);
}

static void
sw_window_constructed (GObject *object)
{
  SwWindow *self = SW_WINDOW (object);
  int width, height;

  G_OBJECT_CLASS (sw_window_parent_class)->constructed (object);

  self->settings = g_settings_new (APP_ID);
  g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  restore_sessions (self);

  if (g_getenv ("SW_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect (self, "realize", G_CALLBACK (report_first_frame_cb), NULL);
}

static void
sw_window_dispose (GObject *object)
{
  SwWindow *self = SW_WINDOW (object);

  /* No gtk_widget_dispose_template(): GtkWindow unparents its own child. */
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sw_window_parent_class)->dispose (object);
}

static void
sw_window_class_init (SwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sw_window_constructed;
  object_class->dispose = sw_window_dispose;

  window_class->close_request = sw_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SwWindow, notebook);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, new_session_button);

  gtk_widget_class_install_action (widget_class, "win.new-session", "s", new_session_action);
  gtk_widget_class_install_action (widget_class, "win.new-session-menu", NULL, new_session_menu_action);
  gtk_widget_class_install_action (widget_class, "win.close-session", NULL, close_session_action);
  gtk_widget_class_install_action (widget_class, "win.next-session", NULL, next_session_action);
  gtk_widget_class_install_action (widget_class, "win.previous-session", NULL, previous_session_action);
  gtk_widget_class_install_action (widget_class, "win.clear-log", NULL, view_action);
  gtk_widget_class_install_action (widget_class, "win.save-log", NULL, view_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-hex", NULL, view_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, view_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, view_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, view_action);
}

/* The "New Session" menu: a row for each kind. */
static GMenuModel *
new_session_menu (void)
{
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < sw_session_kind_get_n (); i++)
    {
      const SwSessionKind *kind = sw_session_kind_get (i);
      g_autoptr(GMenuItem) item = g_menu_item_new (sw_session_kind_get_menu_label (kind), NULL);

      g_menu_item_set_action_and_target (item, "win.new-session", "s", kind->id);
      g_menu_append_item (menu, item);
    }

  return G_MENU_MODEL (menu);
}

static void
sw_window_init (SwWindow *self)
{
  g_autoptr(GMenuModel) menu = new_session_menu ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_menu_model (self->new_session_button, menu);
}
