/* sw-test-ui.h: shared set-up for the in-process UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-application.h"
#include "sw-session-page.h"
#include "sw-test-util.h"
#include "sw-traffic-view.h"

G_BEGIN_DECLS

/* Initialises GTK and GLib's test framework; exits with a TAP skip when
 * there is no display. */
void           sw_test_ui_init            (int           *argc,
                                           char        ***argv);
/* Runs the current test again in a child whose language is @language
 * (LANGUAGE, "zh_CN"), with the build's catalogues: TRUE in the child,
 * which then does the test; FALSE in the parent, once the child passed. */
gboolean       sw_test_ui_run_in_language (const char    *language);
/* The test binary's registered, non-unique application, with its actions
 * and settings (a GApplication registers once per D-Bus connection). */
SwApplication *sw_test_ui_get_application (void);
/* Iterates until the widget is mapped and has drawn. */
void           sw_test_ui_wait_mapped     (GtkWidget     *widget);

/* Finding widgets as a person does, depth first under @root; NULL when
 * none is there. */
typedef gboolean (*SwTestWidgetMatch) (GtkWidget     *widget,
                                       gconstpointer  data);
GtkWidget     *sw_test_ui_find            (GtkWidget         *root,
                                           SwTestWidgetMatch  match,
                                           gconstpointer      data);
/* The first widget of @type. */
gpointer       sw_test_ui_find_type       (GtkWidget     *root,
                                           GType          type);
/* The control a label showing @label_text names (its mnemonic widget). */
GtkWidget     *sw_test_ui_find_labelled   (GtkWidget     *root,
                                           const char    *label_text);
/* The same, asserting it is an entry or other editable. */
GtkEditable   *sw_test_ui_find_entry      (GtkWidget     *root,
                                           const char    *label_text);
/* The button whose label is @label, as written ("_Send"). */
GtkWidget     *sw_test_ui_find_button     (GtkWidget     *root,
                                           const char    *label);

/* The drop-down a label showing @label_text names. */
GtkDropDown   *sw_test_ui_find_drop_down  (GtkWidget     *root,
                                           const char    *label_text);
/* Chooses the row of a drop-down of strings that reads @text. */
void           sw_test_ui_choose          (GtkDropDown   *drop_down,
                                           const char    *text);

/* Presses Enter in the entry labelled @label_text, as a person does,
 * with the text cursor blinking: GtkText warns (fatally in the tests)
 * when it loses the focus without being told. Returns the focused
 * widget just after. */
GtkWidget     *sw_test_ui_press_enter_in  (GtkWidget     *root,
                                           const char    *label_text);
/* Asserts that @widget holds the focus of its window, and goes on holding
 * it while the cursor blinks. */
void           sw_test_ui_assert_keeps_focus (GtkWidget  *widget);

/* Asserts that Tab, from the first control of @root round its window,
 * never stops at @widget. */
void           sw_test_ui_assert_tab_skips (GtkWidget    *root,
                                            GtkWidget    *widget);

/* Asserts that a screen reader reads each control under @root by one
 * name, once: a control a label names (its mnemonic widget) has no
 * accessible label of its own, and no tooltip repeats a control's name. */
void           sw_test_ui_assert_named_once (GtkWidget  *root);

/* A label under @root that shows @text and is on screen. */
GtkWidget     *sw_test_ui_find_shown_label (GtkWidget    *root,
                                            const char   *text);
/* Iterates until a label under @root shows @text on screen. */
void           sw_test_ui_wait_label_shown (GtkWidget    *root,
                                            const char   *text,
                                            guint         timeout_ms);

/* The first label in @page with @css_class ("error", the line under a
 * session's form); fails the test when there is none. */
GtkLabel      *sw_test_ui_page_label      (GtkWidget     *page,
                                           const char    *css_class);

/* A new window of @width × @height showing @page (taken; any widget),
 * presented and mapped. */
GtkWindow     *sw_test_ui_show_page       (GtkWidget     *page,
                                           int            width,
                                           int            height);
/* Destroys @window and checks that its session page and the page's
 * engine went with it: nothing leaks them. */
void           sw_test_ui_destroy_page    (GtkWindow     *window);

/* Listens on a free port of 127.0.0.1 with the page's form and Listen,
 * as a person does; returns the port once it listens. */
guint16        sw_test_ui_listen_on_loopback (GtkWidget  *server_page);

/* Connects a TCP client page to 127.0.0.1:@port with its form and
 * Connect, as a person does, and waits until it is connected. */
void           sw_test_ui_connect_to_loopback (GtkWidget  *client_page,
                                               guint16     port);

/* Iterates until @view's text holds @needle. */
void           sw_test_ui_wait_view_shows (SwTrafficView *view,
                                           const char    *needle,
                                           guint          timeout_ms);

/* Queues a redraw of @widget and waits for its window to paint: fails
 * the test when painting has stopped. */
void           sw_test_ui_wait_painted    (GtkWidget     *widget);
/* Lets @view settle (@idle_ms with nothing arriving), then fails the
 * test unless its last line is on screen, as Follow promises. */
void           sw_test_ui_assert_view_shows_end (SwTrafficView *view,
                                                 guint          idle_ms);

/* How many glyphs @widget draws now, in its own font, that show one of
 * the characters of @chars: what is on screen, not in a buffer. */
guint          sw_test_ui_count_drawn     (GtkWidget     *widget,
                                           const char    *chars);

/* The file chooser a native dialog opens without a portal (GTK's own),
 * once it shows. */
GtkWidget     *sw_test_ui_wait_file_chooser (void);
/* In @dialog, goes to @dir, types @name (unless %NULL: the name offered)
 * and presses Save. */
void           sw_test_ui_file_chooser_save (GtkWidget   *dialog,
                                             const char  *dir,
                                             const char  *name);
/* Presses Replace if the file chooser asks whether to replace a file. */
void           sw_test_ui_confirm_replace   (void);

G_END_DECLS
