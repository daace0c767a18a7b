/* sw-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-test-ui.h"
#include "sw-tcp-server-page.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

void
sw_test_ui_init (int    *argc,
                 char ***argv)
{
  /* The tests read English, whatever the machine's locale, except in a
   * child sw_test_ui_run_in_language() starts; the catalogues are the
   * build's, as the app finds them (main.c). */
  g_setenv ("LANGUAGE", g_getenv ("SW_TEST_LANGUAGE") != NULL ? g_getenv ("SW_TEST_LANGUAGE") : "C", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* Mesa keeps its shader cache there. */
  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  g_mkdir_with_parents (g_get_user_runtime_dir (), 0700);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      exit (0);
    }

  /* Without a window manager a window's focus comes and goes; GtkText's
   * blink timer then warns that it missed a focus-out. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  g_test_init (argc, argv, NULL);
}

gboolean
sw_test_ui_run_in_language (const char *language)
{
  if (g_test_subprocess ())
    return TRUE;

  /* GLib decides once per process whether to translate (g_dgettext()),
   * so another language needs another process. */
  g_setenv ("SW_TEST_LANGUAGE", language, TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("SW_TEST_LANGUAGE");
  g_test_trap_assert_passed ();

  return FALSE;
}

SwApplication *
sw_test_ui_get_application (void)
{
  static SwApplication *app;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = sw_application_new ();
      /* Tests run in parallel: never hand off to another instance. */
      g_application_set_flags (G_APPLICATION (app),
                               g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }

  return app;
}

static gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

void
sw_test_ui_wait_mapped (GtkWidget *widget)
{
  sw_test_wait (is_drawn, widget, 10000, "the widget to be mapped");
}

GtkWidget *
sw_test_ui_find (GtkWidget         *root,
                 SwTestWidgetMatch  match,
                 gconstpointer      data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, data))
        return child;
      if ((found = sw_test_ui_find (child, match, data)) != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

gpointer
sw_test_ui_find_type (GtkWidget *root,
                      GType      type)
{
  return sw_test_ui_find (root, is_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
is_mnemonic_label (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_LABEL (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0 &&
         gtk_label_get_mnemonic_widget (GTK_LABEL (widget)) != NULL;
}

GtkWidget *
sw_test_ui_find_labelled (GtkWidget  *root,
                          const char *label_text)
{
  GtkWidget *label = sw_test_ui_find (root, is_mnemonic_label, label_text);

  return label != NULL ? gtk_label_get_mnemonic_widget (GTK_LABEL (label)) : NULL;
}

GtkEditable *
sw_test_ui_find_entry (GtkWidget  *root,
                       const char *label_text)
{
  GtkWidget *entry = sw_test_ui_find_labelled (root, label_text);

  g_assert_true (GTK_IS_EDITABLE (entry));

  return GTK_EDITABLE (entry);
}

GtkDropDown *
sw_test_ui_find_drop_down (GtkWidget  *root,
                           const char *label_text)
{
  GtkWidget *drop_down = sw_test_ui_find_labelled (root, label_text);

  g_assert_true (GTK_IS_DROP_DOWN (drop_down));

  return GTK_DROP_DOWN (drop_down);
}

void
sw_test_ui_choose (GtkDropDown *drop_down,
                   const char  *text)
{
  GListModel *model = gtk_drop_down_get_model (drop_down);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), text))
        {
          gtk_drop_down_set_selected (drop_down, i);
          return;
        }
    }

  g_error ("No “%s” in the drop-down", text);
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

GtkWidget *
sw_test_ui_find_button (GtkWidget  *root,
                        const char *label)
{
  return sw_test_ui_find (root, is_button_labelled, label);
}

GtkWidget *
sw_test_ui_press_enter_in (GtkWidget  *root,
                           const char *label_text)
{
  GtkEditable *entry = sw_test_ui_find_entry (root, label_text);
  GtkRoot *window = gtk_widget_get_root (root);

  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", TRUE, NULL);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (entry)));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (window), GTK_WIDGET (entry)));
  g_signal_emit_by_name (entry, "activate");

  return gtk_root_get_focus (window);
}

void
sw_test_ui_assert_keeps_focus (GtkWidget *widget)
{
  gint blink_ms;

  g_assert_true (gtk_root_get_focus (gtk_widget_get_root (widget)) == widget);
  g_object_get (gtk_settings_get_default (), "gtk-cursor-blink-time", &blink_ms, NULL);
  sw_test_run_for (2 * blink_ms);
  g_assert_true (gtk_root_get_focus (gtk_widget_get_root (widget)) == widget);
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
}

void
sw_test_ui_assert_tab_skips (GtkWidget *root,
                             GtkWidget *widget)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (root));
  GtkWidget *first;
  guint stops = 0;

  g_assert_true (gtk_widget_child_focus (root, GTK_DIR_TAB_FORWARD));
  first = gtk_root_get_focus (GTK_ROOT (window));

  for (GtkWidget *focus = NULL; focus != first && stops < 200; stops++)
    {
      gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_true (focus != widget);
    }

  /* It went round, past more than a few controls. */
  g_assert_cmpuint (stops, <, 200);
  g_assert_cmpuint (stops, >, 3);
}

/* A screen reader reads a control's name, then its description (the
 * tooltip, in GTK 4.8). A mnemonic label already names its control
 * (labelled-by): an accessible label of the control's own is read as well
 * ("Listen port Listen port"). */
static void
check_named_once (GtkWidget *widget,
                  guint     *n_labelled)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_named_once (child, n_labelled);

  if (GTK_IS_LABEL (widget))
    {
      GtkWidget *control = gtk_label_get_mnemonic_widget (GTK_LABEL (widget));
      const char *text = gtk_label_get_text (GTK_LABEL (widget));
      g_autofree char *labelled_by = NULL;

      /* A button names itself by the label inside it. */
      if (control == NULL || gtk_widget_is_ancestor (widget, control))
        return;

      if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_test_fail_printf ("the %s labelled “%s” has an accessible label as well",
                            G_OBJECT_TYPE_NAME (control), text);
      labelled_by = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                                        widget, NULL);
      if (labelled_by != NULL)
        g_test_fail_printf ("the %s of “%s” is labelled by %s, not by it alone",
                            G_OBJECT_TYPE_NAME (control), text, labelled_by);
      if (g_strcmp0 (gtk_widget_get_tooltip_text (control), text) == 0)
        g_test_fail_printf ("the tooltip of the %s labelled “%s” says it again",
                            G_OBJECT_TYPE_NAME (control), text);
      (*n_labelled)++;
    }
  else if ((GTK_IS_EDITABLE (widget) || GTK_IS_DROP_DOWN (widget)) && tooltip != NULL &&
           gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      g_autofree char *other = gtk_test_accessible_check_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip);

      if (other == NULL)
        g_test_fail_printf ("the tooltip of the %s named “%s” says its name again",
                            G_OBJECT_TYPE_NAME (widget), tooltip);
    }
}

void
sw_test_ui_assert_named_once (GtkWidget *root)
{
  guint n_labelled = 0;

  check_named_once (root, &n_labelled);
  g_assert_cmpuint (n_labelled, >, 0);
}

static gboolean
is_shown_label (GtkWidget     *widget,
                gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

GtkWidget *
sw_test_ui_find_shown_label (GtkWidget  *root,
                             const char *text)
{
  return sw_test_ui_find (root, is_shown_label, text);
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} Shown;

static gboolean
label_is_shown (gpointer data)
{
  Shown *shown = data;

  return sw_test_ui_find_shown_label (shown->root, shown->text) != NULL;
}

void
sw_test_ui_wait_label_shown (GtkWidget  *root,
                             const char *text,
                             guint       timeout_ms)
{
  Shown shown = { root, text };
  g_autofree char *what = g_strdup_printf ("“%s” to be shown", text);

  sw_test_wait (label_is_shown, &shown, timeout_ms, what);
}

static gboolean
is_label_of_class (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, data);
}

GtkLabel *
sw_test_ui_page_label (GtkWidget  *page,
                       const char *css_class)
{
  GtkWidget *label = sw_test_ui_find (page, is_label_of_class, css_class);

  if (label == NULL)
    g_error ("The page has no “%s” label", css_class);

  return GTK_LABEL (label);
}

GtkWindow *
sw_test_ui_show_page (GtkWidget *page,
                      int        width,
                      int        height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_child (window, page);
  gtk_window_set_default_size (window, width, height);
  gtk_window_present (window);
  sw_test_ui_wait_mapped (page);

  return window;
}

void
sw_test_ui_destroy_page (GtkWindow *window)
{
  GtkWidget *page = gtk_window_get_child (window);
  SwEngine *engine = g_object_ref (sw_session_page_get_engine (SW_SESSION_PAGE (page)));

  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  gtk_window_destroy (window);
  g_assert_null (page);
  /* The page stopped it and nothing else holds it. */
  g_assert_cmpint (sw_engine_get_state (engine), ==, SW_CONNECTION_STATE_DISCONNECTED);
  g_assert_finalize_object (engine);
}

typedef struct
{
  SwTrafficView *view;
  const char    *needle;
} Shows;

static gboolean
view_shows (gpointer data)
{
  Shows *shows = data;
  g_autofree char *text = sw_traffic_view_dup_text (shows->view);

  return strstr (text, shows->needle) != NULL;
}

void
sw_test_ui_wait_view_shows (SwTrafficView *view,
                            const char    *needle,
                            guint          timeout_ms)
{
  Shows shows = { view, needle };
  g_autofree char *text = NULL;

  /* Within the time, or else, what it shows instead says what went
   * wrong. */
  sw_test_run_until (view_shows, &shows, timeout_ms);
  if (view_shows (&shows))
    return;
  text = sw_traffic_view_dup_text (view);
  g_error ("Timed out after %u ms waiting for the traffic log to show “%s”; it shows:\n%s",
           timeout_ms, needle, text);
}

static void
count_paint (GdkFrameClock *clock,
             guint         *paints)
{
  (*paints)++;
}

static gboolean
painted (gpointer data)
{
  return *(guint *) data > 0;
}

void
sw_test_ui_wait_painted (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint paints = 0;
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint), &paints);
  gtk_widget_queue_draw (widget);
  sw_test_wait (painted, &paints, 5000, "the window to paint");
  g_signal_handler_disconnect (clock, id);
}

void
sw_test_ui_assert_view_shows_end (SwTrafficView *view,
                                  guint          idle_ms)
{
  GtkTextView *text_view = sw_traffic_view_get_text_view (view);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (text_view));
  GtkTextBuffer *buffer;
  GdkRectangle visible;
  GtkTextIter last;
  int y;
  int height;

  sw_test_run_for (idle_ms);
  /* Still drawing: what the view holds is what is on screen. */
  sw_test_ui_wait_painted (GTK_WIDGET (view));
  /* Drawn anew, the view shows a buffer of its own. */
  buffer = gtk_text_view_get_buffer (text_view);

  /* The buffer ends with a newline: the last line shown is the one before. */
  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), >=, 2);
  gtk_text_buffer_get_iter_at_line (buffer, &last, gtk_text_buffer_get_line_count (buffer) - 2);
  gtk_text_view_get_line_yrange (text_view, &last, &y, &height);
  gtk_text_view_get_visible_rect (text_view, &visible);

  if (y + height > visible.y + visible.height || y + height <= visible.y)
    g_error ("The last line (y %d to %d) is off screen (%d to %d): scrolled to %.0f of %.0f",
             y, y + height, visible.y, visible.y + visible.height,
             gtk_adjustment_get_value (adjustment),
             gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
}

typedef struct
{
  char                 *font;
  GHashTable           *glyphs;
  guint                 count;
} Glyphs;

static void
count_glyphs (GskRenderNode *node,
              Glyphs        *glyphs)
{
  switch ((int) gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        count_glyphs (gsk_container_node_get_child (node, i), glyphs);
      break;

    case GSK_TRANSFORM_NODE:
      count_glyphs (gsk_transform_node_get_child (node), glyphs);
      break;

    case GSK_CLIP_NODE:
      count_glyphs (gsk_clip_node_get_child (node), glyphs);
      break;

    case GSK_ROUNDED_CLIP_NODE:
      count_glyphs (gsk_rounded_clip_node_get_child (node), glyphs);
      break;

    case GSK_OPACITY_NODE:
      count_glyphs (gsk_opacity_node_get_child (node), glyphs);
      break;

    case GSK_COLOR_MATRIX_NODE:
      count_glyphs (gsk_color_matrix_node_get_child (node), glyphs);
      break;

    case GSK_SHADOW_NODE:
      count_glyphs (gsk_shadow_node_get_child (node), glyphs);
      break;

    case GSK_DEBUG_NODE:
      count_glyphs (gsk_debug_node_get_child (node), glyphs);
      break;

    case GSK_TEXT_NODE:
      {
        g_autoptr(PangoFontDescription) font = pango_font_describe (gsk_text_node_get_font (node));

        g_autofree char *name = pango_font_description_to_string (font);
        const PangoGlyphInfo *info;
        guint n;

        /* Glyph numbers mean something in one font only. */
        if (g_strcmp0 (name, glyphs->font) != 0)
          break;
        /* GTK 4.8 declares gsk_text_node_get_glyphs() pure, so the
         * compiler may drop what it stores in its out argument. */
        n = gsk_text_node_get_num_glyphs (node);
        info = gsk_text_node_get_glyphs (node, NULL);
        for (guint i = 0; i < n; i++)
          if (g_hash_table_contains (glyphs->glyphs, GUINT_TO_POINTER (info[i].glyph)))
            glyphs->count++;
      }
      break;

    default:
      break;
    }
}

guint
sw_test_ui_count_drawn (GtkWidget  *widget,
                        const char *chars)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, chars);
  g_autoptr(PangoLayoutIter) iter = pango_layout_get_iter (layout);
  g_autoptr(GHashTable) set = g_hash_table_new (NULL, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  Glyphs glyphs = { NULL, set, 0 };

  /* The glyphs of @chars in the widget's font. */
  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);

      if (run == NULL)
        continue;
      if (glyphs.font == NULL)
        {
          g_autoptr(PangoFontDescription) font = pango_font_describe (run->item->analysis.font);

          glyphs.font = pango_font_description_to_string (font);
        }
      for (int i = 0; i < run->glyphs->num_glyphs; i++)
        g_hash_table_add (set, GUINT_TO_POINTER (run->glyphs->glyphs[i].glyph));
    }
  while (pango_layout_iter_next_run (iter));
  g_assert_nonnull (glyphs.font);

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (snapshot);
  if (node != NULL)
    count_glyphs (node, &glyphs);
  g_free (glyphs.font);

  return glyphs.count;
}

static gboolean
is_listening (gpointer data)
{
  return sw_tcp_server_get_listening (sw_tcp_server_page_get_server (data));
}

guint16
sw_test_ui_listen_on_loopback (GtkWidget *server_page)
{
  SwTcpServerPage *page = SW_TCP_SERVER_PAGE (server_page);

  sw_test_ui_choose (sw_test_ui_find_drop_down (server_page, "Address"), "Localhost only (127.0.0.1)");
  gtk_editable_set_text (sw_test_ui_find_entry (server_page, "Port"), "0");
  g_assert_true (gtk_widget_activate_action (server_page, "page.listen", NULL));
  sw_test_wait (is_listening, page, 20000, "the page to listen");

  return sw_tcp_server_get_port (sw_tcp_server_page_get_server (page));
}

static gboolean
is_connected (gpointer data)
{
  return sw_engine_get_state (data) == SW_CONNECTION_STATE_CONNECTED;
}

void
sw_test_ui_connect_to_loopback (GtkWidget *client_page,
                                guint16    port)
{
  g_autofree char *text = g_strdup_printf ("%u", port);

  gtk_editable_set_text (sw_test_ui_find_entry (client_page, "Host"), "127.0.0.1");
  gtk_editable_set_text (sw_test_ui_find_entry (client_page, "Port"), text);
  g_assert_true (gtk_widget_activate_action (client_page, "page.connect", NULL));
  sw_test_wait (is_connected, sw_session_page_get_engine (SW_SESSION_PAGE (client_page)), 20000,
                "the page to connect");
}

static gboolean
find_file_chooser (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (window))
        {
          *(GtkWidget **) data = window;
          return TRUE;
        }
    }

  return FALSE;
}

GtkWidget *
sw_test_ui_wait_file_chooser (void)
{
  GtkWidget *dialog = NULL;

  sw_test_wait (find_file_chooser, &dialog, 10000, "a file chooser");
  sw_test_ui_wait_mapped (dialog);

  return dialog;
}

void
sw_test_ui_file_chooser_save (GtkWidget  *dialog,
                              const char *dir,
                              const char *name)
{
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  GtkWidget *button;

  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, &error);
  g_assert_no_error (error);
  if (name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  button = sw_test_ui_find_button (dialog, "_Save");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
is_replace_button (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Replace") == 0 &&
         gtk_widget_get_mapped (widget);
}

void
sw_test_ui_confirm_replace (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      GtkWidget *button = sw_test_ui_find (window, is_replace_button, NULL);

      if (button != NULL)
        g_signal_emit_by_name (button, "clicked");
    }
}
