/* test-rules-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-checksum.h"
#include "sw-rule-row.h"
#include "sw-rules-panel.h"
#include "sw-send-bar.h"
#include "sw-session-page-private.h"
#include "sw-tcp-server-page.h"
#include "sw-test-ui.h"

#define TIMEOUT_MS 20000

typedef struct
{
  GtkWindow       *window;
  SwTcpServerPage *page;
  SwTestPeer      *client;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->page = SW_TCP_SERVER_PAGE (sw_tcp_server_page_new ());
  fixture->window = sw_test_ui_show_page (GTK_WIDGET (fixture->page), 1400, 800);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->client, sw_test_peer_free);
  sw_test_ui_destroy_page (fixture->window);
}

static SwRuleSet *
rules_of (Fixture *fixture)
{
  return sw_session_page_get_rules (SW_SESSION_PAGE (fixture->page));
}

static SwRulesPanel *
panel_of (Fixture *fixture)
{
  /* The page makes its panel when first asked for, as when it first
   * shows. */
  SwRulesPanel *panel = _sw_session_page_get_rules_panel (SW_SESSION_PAGE (fixture->page));

  g_assert_nonnull (panel);
  g_assert_true (sw_test_ui_find_type (GTK_WIDGET (fixture->page), SW_TYPE_RULES_PANEL) == panel);

  return panel;
}

static gboolean
is_rules_button (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_TOGGLE_BUTTON (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "page.show-rules") == 0;
}

static GtkWidget *
rules_button (Fixture *fixture)
{
  GtkWidget *button = sw_test_ui_find (GTK_WIDGET (fixture->page), is_rules_button, NULL);

  g_assert_nonnull (button);

  return button;
}

/* Opens the panel with the Rules button, as a person does. */
static void
open_rules (Fixture *fixture)
{
  g_signal_emit_by_name (rules_button (fixture), "clicked");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel_of (fixture))));
  sw_test_ui_wait_mapped (GTK_WIDGET (panel_of (fixture)));
}

static gboolean
is_row_of (GtkWidget     *widget,
           gconstpointer  rule)
{
  return SW_IS_RULE_ROW (widget) && sw_rule_row_get_rule (SW_RULE_ROW (widget)) == rule;
}

static gboolean
has_row (gpointer data)
{
  gpointer *args = data;

  return sw_test_ui_find (args[0], is_row_of, args[1]) != NULL;
}

/* The row showing the rule at @position, once the list made it. */
static SwRuleRow *
row_at (Fixture *fixture,
        guint    position)
{
  g_autoptr(SwRule) rule = g_list_model_get_item (G_LIST_MODEL (rules_of (fixture)), position);
  gpointer args[2] = { panel_of (fixture), rule };

  g_assert_nonnull (rule);
  sw_test_wait (has_row, args, TIMEOUT_MS, "the rule's row");

  return SW_RULE_ROW (sw_test_ui_find (GTK_WIDGET (panel_of (fixture)), is_row_of, rule));
}

static gpointer
row_child (SwRuleRow  *row,
           const char *id)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (row), SW_TYPE_RULE_ROW, id);

  g_assert_nonnull (object);

  return object;
}

/* Add Rule, then the pattern and reply typed into the new row. */
static SwRuleRow *
add_rule (Fixture    *fixture,
          const char *pattern,
          const char *reply)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (rules_of (fixture)));
  SwRuleRow *row;

  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (panel_of (fixture)), "Add Rule"), "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rules_of (fixture))), ==, n + 1);
  row = row_at (fixture, n);
  gtk_editable_set_text (row_child (row, "pattern_entry"), pattern);
  gtk_editable_set_text (row_child (row, "reply_entry"), reply);

  return row;
}

/* Listens on a free port of 127.0.0.1 and connects a socat client. */
static void
connect_client (Fixture *fixture)
{
  guint16 port = sw_test_ui_listen_on_loopback (GTK_WIDGET (fixture->page));
  g_autofree char *target = g_strdup_printf ("TCP4:127.0.0.1:%u", port);

  fixture->client = sw_test_peer_new ("socat", "-", target, NULL);
}

static void
client_says (Fixture    *fixture,
             const char *text)
{
  sw_test_peer_write (fixture->client, text, strlen (text));
}

static SwTrafficTotals
totals_of (Fixture *fixture)
{
  SwTrafficTotals totals;

  sw_traffic_log_get_totals (sw_engine_get_log (sw_session_page_get_engine (SW_SESSION_PAGE (fixture->page))),
                             &totals);

  return totals;
}

static void
wait_received (Fixture *fixture,
               guint64  records)
{
  sw_test_wait_received (sw_engine_get_log (sw_session_page_get_engine (SW_SESSION_PAGE (fixture->page))),
                         records, TIMEOUT_MS);
}

static gboolean
label_reads (gpointer data)
{
  gpointer *args = data;

  return g_strcmp0 (gtk_label_get_text (args[0]), args[1]) == 0;
}

static void
wait_label (GtkLabel   *label,
            const char *text)
{
  gpointer args[2] = { label, (gpointer) text };
  g_autofree char *what = g_strdup_printf ("the label to read “%s”", text);

  sw_test_wait (label_reads, args, TIMEOUT_MS, what);
}

/* The Rules button opens the panel; Add Rule makes a rule that answers
 * a client at once, as typed. */
static void
test_reply (Fixture       *fixture,
            gconstpointer  data)
{
  SwRulesPanel *panel = panel_of (fixture);
  GtkWidget *button = rules_button (fixture);
  GtkWidget *focus;
  SwRuleRow *row;
  SwRule *rule;
  gboolean shown;

  /* Closed, and saying what it is. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_nonnull (gtk_widget_get_tooltip_text (button));
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Rules");

  open_rules (fixture);
  g_object_get (fixture->page, "show-rules", &shown, NULL);
  g_assert_true (shown);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));

  /* A new rule: enabled, Contains, a text reply; its pattern first. */
  row = add_rule (fixture, "", "");
  rule = sw_rule_row_get_rule (row);
  g_assert_true (sw_rule_get_enabled (rule));
  g_assert_cmpint (sw_rule_get_match_kind (rule), ==, SW_MATCH_KIND_CONTAINS);
  g_assert_cmpint (sw_rule_get_reply_format (rule), ==, SW_PAYLOAD_FORMAT_TEXT);
  g_assert_true (gtk_switch_get_active (row_child (row, "enabled_switch")));
  g_assert_cmpuint (gtk_drop_down_get_selected (row_child (row, "match_drop_down")), ==, 0);
  g_assert_false (gtk_toggle_button_get_active (row_child (row, "reply_hex_button")));
  focus = gtk_window_get_focus (fixture->window);
  g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, row_child (row, "pattern_entry")));
  /* Waiting for a pattern, it says so, without alarm. */
  g_assert_true (gtk_widget_get_visible (row_child (row, "error_label")));
  g_assert_cmpstr (gtk_label_get_text (row_child (row, "error_label")), ==, "Type a pattern for the rule to match");
  g_assert_false (gtk_widget_has_css_class (row_child (row, "error_label"), "error"));

  gtk_editable_set_text (row_child (row, "pattern_entry"), "PING");
  gtk_editable_set_text (row_child (row, "reply_entry"), "PONG\\r\\n");
  g_assert_cmpstr (sw_rule_get_pattern (rule), ==, "PING");
  g_assert_cmpstr (sw_rule_get_reply (rule), ==, "PONG\\r\\n");
  g_assert_true (sw_rule_get_active (rule));
  g_assert_false (gtk_widget_get_visible (row_child (row, "error_label")));

  connect_client (fixture);
  client_says (fixture, "PING 1\n");
  g_free (sw_test_peer_expect (fixture->client, "^PONG\r$", TIMEOUT_MS));
  wait_label (row_child (row, "hits_label"), "1 hit");

  /* An edit takes effect at once; no Apply. */
  gtk_editable_set_text (row_child (row, "reply_entry"), "PANG\\n");
  client_says (fixture, "PING 2\n");
  g_free (sw_test_peer_expect (fixture->client, "^PANG$", TIMEOUT_MS));
  wait_label (row_child (row, "hits_label"), "2 hits");

  /* The Rules button counts them while the panel is closed too. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_last_child (gtk_button_get_child (GTK_BUTTON (button)))));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (gtk_button_get_child (GTK_BUTTON (button))))),
                   ==, "1");
}

/* A regular expression that does not compile marks its row with the
 * reason and keeps that rule off; the others go on answering. */
static void
test_invalid_regex (Fixture       *fixture,
                    gconstpointer  data)
{
  SwRuleRow *first, *second;
  GtkLabel *error_label;
  SwRule *rule;

  open_rules (fixture);
  first = add_rule (fixture, "PING", "PONG\\n");
  second = add_rule (fixture, "^PI(NG", "WRONG\\n");
  rule = sw_rule_row_get_rule (second);
  sw_test_ui_choose (row_child (second, "match_drop_down"), "Regex");
  g_assert_cmpint (sw_rule_get_match_kind (rule), ==, SW_MATCH_KIND_REGEX);

  error_label = row_child (second, "error_label");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (error_label), "error"));
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, sw_rule_get_error (rule)->message);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (error_label), "Invalid regular expression at column"));
  g_assert_true (gtk_widget_has_css_class (row_child (second, "pattern_entry"), "error"));
  gtk_test_accessible_assert_state (row_child (second, "pattern_entry"),
                                    GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  /* Off, though still switched on: fixing it brings it back. */
  g_assert_false (sw_rule_get_active (rule));
  g_assert_true (gtk_switch_get_active (row_child (second, "enabled_switch")));

  /* Nothing else changed. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rules_of (fixture))), ==, 2);
  g_assert_true (sw_rule_get_active (sw_rule_row_get_rule (first)));
  g_assert_false (gtk_widget_get_visible (row_child (first, "error_label")));
  g_assert_false (gtk_widget_has_css_class (row_child (first, "pattern_entry"), "error"));
  g_assert_cmpstr (gtk_editable_get_text (row_child (second, "pattern_entry")), ==, "^PI(NG");

  /* With all matches replying, only the valid rule answers. */
  sw_rule_set_set_match_all (rules_of (fixture), TRUE);
  connect_client (fixture);
  client_says (fixture, "PING\n");
  g_free (sw_test_peer_expect (fixture->client, "^PONG$", TIMEOUT_MS));
  wait_label (row_child (first, "hits_label"), "1 hit");
  g_assert_cmpstr (gtk_label_get_text (row_child (second, "hits_label")), ==, "0 hits");

  /* Fixed, the mark goes and it answers too. */
  gtk_editable_set_text (row_child (second, "pattern_entry"), "^PI(NG)");
  g_assert_true (sw_rule_get_active (rule));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_false (gtk_widget_has_css_class (row_child (second, "pattern_entry"), "error"));
  client_says (fixture, "PING\n");
  g_free (sw_test_peer_expect (fixture->client, "^PONG$", TIMEOUT_MS));
  g_free (sw_test_peer_expect (fixture->client, "^WRONG$", TIMEOUT_MS));
}

static gboolean
switch_is (gpointer data)
{
  gpointer *args = data;

  return gtk_switch_get_active (args[0]) == GPOINTER_TO_INT (args[1]);
}

/* Flips a switch as a click does: it moves, then it is flipped. */
static void
flip (GtkSwitch *widget)
{
  gpointer args[2] = { widget, GINT_TO_POINTER (!gtk_switch_get_active (widget)) };

  g_assert_true (gtk_widget_activate (GTK_WIDGET (widget)));
  sw_test_wait (switch_is, args, TIMEOUT_MS, "the switch to flip");
}

/* Switched off, a rule answers nothing; on again, it does. */
static void
test_enabled (Fixture       *fixture,
              gconstpointer  data)
{
  GtkSwitch *enabled;
  SwRuleRow *row;

  open_rules (fixture);
  row = add_rule (fixture, "PING", "PONG\\n");
  enabled = row_child (row, "enabled_switch");
  connect_client (fixture);
  client_says (fixture, "PING\n");
  g_free (sw_test_peer_expect (fixture->client, "^PONG$", TIMEOUT_MS));
  g_assert_cmpuint (totals_of (fixture).records_sent, ==, 1);

  flip (enabled);
  g_assert_false (gtk_switch_get_active (enabled));
  g_assert_false (sw_rule_get_enabled (sw_rule_row_get_rule (row)));
  client_says (fixture, "PING\n");
  wait_received (fixture, 2);
  sw_test_run_for (300);
  g_assert_cmpuint (totals_of (fixture).records_sent, ==, 1);
  g_assert_cmpstr (gtk_label_get_text (row_child (row, "hits_label")), ==, "1 hit");

  flip (enabled);
  g_assert_true (gtk_switch_get_active (enabled));
  client_says (fixture, "PING\n");
  g_free (sw_test_peer_expect (fixture->client, "^PONG$", TIMEOUT_MS));
  g_assert_cmpuint (totals_of (fixture).records_sent, ==, 2);
}

static gboolean
is_keep_check (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_CHECK_BUTTON (widget)
         && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), "Keep the delimiter in frames") == 0;
}

/* Rules match frames: the framing set in the panel cuts the stream, and
 * says why when it cannot. */
static void
test_framing (Fixture       *fixture,
              gconstpointer  data)
{
  SwFraming *framing = sw_session_page_get_framing (SW_SESSION_PAGE (fixture->page));
  GtkWidget *panel;
  GtkWidget *error_label;
  GtkMenuButton *framing_button;
  GtkEditable *delimiter;
  SwRuleRow *row;

  open_rules (fixture);
  panel = GTK_WIDGET (panel_of (fixture));
  g_assert_true (sw_rules_panel_get_framing (panel_of (fixture)) == framing);
  framing_button = GTK_MENU_BUTTON (gtk_widget_get_template_child (panel, SW_TYPE_RULES_PANEL, "framing_button"));
  error_label = GTK_WIDGET (gtk_widget_get_template_child (panel, SW_TYPE_RULES_PANEL, "framing_error_label"));
  g_assert_cmpstr (gtk_menu_button_get_label (framing_button), ==, "Framing: none");
  sw_test_ui_choose (sw_test_ui_find_drop_down (panel, "Framing"), "Delimiter");
  g_assert_cmpint (sw_framing_get_mode (framing), ==, SW_FRAMING_MODE_DELIMITER);
  g_assert_cmpstr (gtk_menu_button_get_label (framing_button), ==, "Framing: \\n");

  /* An empty delimiter frames nothing: the panel says so. */
  delimiter = sw_test_ui_find_entry (panel, "Delimiter");
  gtk_editable_set_text (delimiter, "");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==,
                   "The delimiter is empty: type it, such as \\n or \\r\\n");
  gtk_editable_set_text (delimiter, "\\r\\n");
  g_assert_false (gtk_widget_get_visible (error_label));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sw_test_ui_find (panel, is_keep_check, NULL)), FALSE);
  g_assert_false (sw_framing_get_keep_delimiter (framing));

  /* "PING" exactly, as a frame without its delimiter, sent in pieces. */
  row = add_rule (fixture, "PING", "PONG\\n");
  sw_test_ui_choose (row_child (row, "match_drop_down"), "Exact");
  connect_client (fixture);
  client_says (fixture, "PI");
  wait_received (fixture, 1);
  client_says (fixture, "NG\r\nPINGPING\r\n");
  g_free (sw_test_peer_expect (fixture->client, "^PONG$", TIMEOUT_MS));
  wait_label (row_child (row, "hits_label"), "1 hit");
}

/* Replies carry the session's checksum, as messages sent from the bar
 * do; a range they cannot hold marks the rule until the checksum
 * changes. */
static void
test_reply_checksum (Fixture       *fixture,
                     gconstpointer  data)
{
  SwSendBar *send_bar = sw_session_page_get_send_bar (SW_SESSION_PAGE (fixture->page));
  SwTrafficView *view = sw_session_page_get_traffic_view (SW_SESSION_PAGE (fixture->page));
  static const guint8 request[] = { 0x01, 0x03, 0x00, 0x00, 0x00, 0x02 };
  static const guint8 answer[] = { 0x01, 0x03, 0x04, 0x00, 0x2A, 0x00, 0x2B };
  guint8 crc[SW_CHECKSUM_MAX_WIDTH];
  g_autofree char *expected = NULL;
  SwRuleRow *row;

  sw_test_ui_choose (sw_test_ui_find_drop_down (GTK_WIDGET (send_bar), "Checksum"), "CRC-16/MODBUS");
  open_rules (fixture);
  row = add_rule (fixture, "01 03 00 00 00 02", "01 03 04 00 2A 00 2B");
  sw_test_ui_choose (row_child (row, "match_drop_down"), "Hex");
  g_signal_emit_by_name (row_child (row, "reply_hex_button"), "clicked");
  g_assert_cmpint (sw_rule_get_reply_format (sw_rule_row_get_rule (row)), ==, SW_PAYLOAD_FORMAT_HEX);
  g_assert_true (sw_rule_get_active (sw_rule_row_get_rule (row)));

  connect_client (fixture);
  sw_test_peer_write (fixture->client, request, sizeof request);
  sw_checksum_write_value (SW_CHECKSUM_CRC16_MODBUS, SW_BYTE_ORDER_LITTLE_ENDIAN,
                           sw_checksum_compute (SW_CHECKSUM_CRC16_MODBUS, answer, sizeof answer), crc);
  /* The dump splits sixteen bytes in two groups of eight. */
  expected = g_strdup_printf ("01 03 04 00 2A 00 2B %02X  %02X", crc[0], crc[1]);
  sw_traffic_view_set_display_mode (view, SW_DISPLAY_MODE_HEX);
  sw_test_ui_wait_view_shows (view, expected, TIMEOUT_MS);

  /* A range the reply cannot hold: not sent, and the row says why. */
  sw_send_bar_set_checksum_start (send_bar, 20);
  sw_test_peer_write (fixture->client, request, sizeof request);
  wait_label (row_child (row, "hits_label"), "2 hits");
  g_assert_true (gtk_widget_get_visible (row_child (row, "error_label")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (row_child (row, "error_label")), "Reply: "));
  g_assert_nonnull (strstr (gtk_label_get_text (row_child (row, "error_label")), "byte 20"));
  g_assert_cmpuint (totals_of (fixture).records_sent, ==, 1);
  sw_send_bar_set_checksum_start (send_bar, 0);
  g_assert_false (gtk_widget_get_visible (row_child (row, "error_label")));
}

/* Up, Down and Remove on the rows, and a long list that stays a list of
 * a few rows on screen. */
static void
test_order (Fixture       *fixture,
            gconstpointer  data)
{
  SwRuleSet *rules = rules_of (fixture);
  g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("aa{sv}"));
  GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (panel_of (fixture)),
                                                               SW_TYPE_RULES_PANEL, "list_view"));
  SwRuleRow *a, *b, *c;
  guint n_rows = 0;
  gint64 start;

  open_rules (fixture);
  a = add_rule (fixture, "A", "a");
  b = add_rule (fixture, "B", "b");
  c = add_rule (fixture, "C", "c");
  g_assert_false (gtk_widget_get_sensitive (row_child (a, "up_button")));
  g_assert_true (gtk_widget_get_sensitive (row_child (a, "down_button")));
  g_assert_true (gtk_widget_get_sensitive (row_child (b, "up_button")));
  g_assert_false (gtk_widget_get_sensitive (row_child (c, "down_button")));
  gtk_test_accessible_assert_property (row_child (a, "down_button"), GTK_ACCESSIBLE_PROPERTY_LABEL, "Move Down");
  gtk_test_accessible_assert_property (row_child (a, "pattern_entry"), GTK_ACCESSIBLE_PROPERTY_LABEL, "Pattern");

  /* The keyboard reaches each of them, from the pattern on. */
  {
    const char *order[] = { "enabled_switch", "reply_entry", "reply_hex_button", "delay_spin",
                            "up_button", "down_button", "remove_button" };
    guint next = 0;

    gtk_widget_grab_focus (row_child (b, "pattern_entry"));
    for (guint i = 0; i < 20 && next < G_N_ELEMENTS (order); i++)
      {
        GtkWidget *focus;

        g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
        focus = gtk_window_get_focus (fixture->window);
        if (focus == row_child (b, order[next]) || gtk_widget_is_ancestor (focus, row_child (b, order[next])))
          next++;
      }
    g_assert_cmpuint (next, ==, G_N_ELEMENTS (order));
  }

  /* A goes down, then to the end: Down is no more, the focus on Up. */
  gtk_widget_grab_focus (row_child (a, "down_button"));
  g_signal_emit_by_name (row_child (a, "down_button"), "clicked");
  a = row_at (fixture, 1);
  g_assert_cmpstr (sw_rule_get_pattern (sw_rule_row_get_rule (a)), ==, "A");
  g_assert_cmpstr (sw_rule_get_pattern (sw_rule_row_get_rule (row_at (fixture, 0))), ==, "B");
  g_assert_true (gtk_window_get_focus (fixture->window) == row_child (a, "down_button"));
  g_signal_emit_by_name (row_child (a, "down_button"), "clicked");
  a = row_at (fixture, 2);
  g_assert_cmpstr (sw_rule_get_pattern (sw_rule_row_get_rule (a)), ==, "A");
  g_assert_false (gtk_widget_get_sensitive (row_child (a, "down_button")));
  g_assert_true (gtk_window_get_focus (fixture->window) == row_child (a, "up_button"));
  g_assert_true (gtk_widget_get_sensitive (row_child (row_at (fixture, 1), "down_button")));

  /* Remove takes the rule out. */
  g_signal_emit_by_name (row_child (row_at (fixture, 0), "remove_button"), "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rules)), ==, 2);
  g_assert_cmpstr (sw_rule_get_pattern (sw_rule_row_get_rule (row_at (fixture, 0))), ==, "C");
  g_assert_false (gtk_widget_get_sensitive (row_child (row_at (fixture, 0), "up_button")));

  /* 2,000 rules: the list makes rows for those near the view (GTK 4.8
   * keeps about 200), not for all. */
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *pattern = g_strdup_printf ("P%u", i);

      g_variant_builder_open (builder, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (builder, "{sv}", "pattern", g_variant_new_string (pattern));
      g_variant_builder_add (builder, "{sv}", "reply", g_variant_new_string ("r"));
      g_variant_builder_close (builder);
    }
  start = g_get_monotonic_time ();
  g_assert_true (sw_rule_set_restore (rules, g_variant_builder_end (builder)));
  sw_test_run_for (200);
  g_test_message ("2,000 rules listed in %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  for (GtkWidget *item = gtk_widget_get_first_child (list);
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    if (SW_IS_RULE_ROW (gtk_widget_get_first_child (item)))
      n_rows++;
  g_assert_cmpuint (n_rows, >, 0);
  g_assert_cmpuint (n_rows, <, 400);
  g_assert_nonnull (sw_test_ui_find_button (GTK_WIDGET (panel_of (fixture)), "Add Rule"));
}

/* Rules and framing go with the session and come back. */
static void
test_state_round_trip (Fixture       *fixture,
                       gconstpointer  data)
{
  SwSessionPage *page = SW_SESSION_PAGE (fixture->page);
  SwTcpServerPage *other = SW_TCP_SERVER_PAGE (g_object_ref_sink (sw_tcp_server_page_new ()));
  SwRuleSet *other_rules = sw_session_page_get_rules (SW_SESSION_PAGE (other));
  SwFraming *framing = sw_session_page_get_framing (page);
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) saved_rules = NULL;
  g_autoptr(GVariant) restored_rules = NULL;
  g_autoptr(GVariant) saved_framing = NULL;
  g_autoptr(GVariant) restored_framing = NULL;
  SwRuleRow *row;
  gboolean shown;

  open_rules (fixture);
  add_rule (fixture, "PING", "PONG\\r\\n");
  row = add_rule (fixture, "^GET (\\S+)", "200 \\1\\r\\n");
  sw_test_ui_choose (row_child (row, "match_drop_down"), "Regex");
  gtk_spin_button_set_value (row_child (row, "delay_spin"), 250);
  row = add_rule (fixture, "01 03 ?? ??", "01 83 02");
  sw_test_ui_choose (row_child (row, "match_drop_down"), "Hex");
  g_signal_emit_by_name (row_child (row, "reply_hex_button"), "clicked");
  flip (row_child (row, "enabled_switch"));
  sw_rule_set_set_match_all (rules_of (fixture), TRUE);
  sw_framing_set_mode (framing, SW_FRAMING_MODE_LENGTH_FIELD);
  sw_framing_set_length_offset (framing, 4);
  sw_framing_set_length_big_endian (framing, FALSE);

  state = g_variant_ref_sink (sw_session_page_save_state (page));
  sw_session_page_restore_state (SW_SESSION_PAGE (other), state);

  saved_rules = sw_rule_set_save (rules_of (fixture));
  restored_rules = sw_rule_set_save (other_rules);
  g_assert_cmpuint (g_variant_n_children (restored_rules), ==, 3);
  g_assert_true (g_variant_equal (saved_rules, restored_rules));
  g_assert_true (sw_rule_set_get_match_all (other_rules));
  saved_framing = g_variant_ref_sink (sw_framing_save (framing));
  restored_framing = g_variant_ref_sink (sw_framing_save (sw_session_page_get_framing (SW_SESSION_PAGE (other))));
  g_assert_true (g_variant_equal (saved_framing, restored_framing));
  g_object_get (other, "show-rules", &shown, NULL);
  g_assert_true (shown);

  g_assert_finalize_object (other);
}

/* The page makes its panel only when it first shows: rules set up in
 * code wait for it, and it shows them and the page's framing then. */
static void
test_made_when_shown (Fixture       *fixture,
                      gconstpointer  data)
{
  SwSessionPage *page = SW_SESSION_PAGE (fixture->page);
  g_autoptr(SwRule) rule = sw_rule_new ();
  SwRulesPanel *panel;
  gboolean shown = TRUE;

  sw_rule_set_add (rules_of (fixture), rule);
  g_assert_null (sw_test_ui_find_type (GTK_WIDGET (page), SW_TYPE_RULES_PANEL));
  g_object_get (page, "show-rules", &shown, NULL);
  g_assert_false (shown);
  /* Hiding what is not there makes nothing. */
  g_object_set (page, "show-rules", FALSE, NULL);
  g_assert_null (sw_test_ui_find_type (GTK_WIDGET (page), SW_TYPE_RULES_PANEL));

  g_signal_emit_by_name (rules_button (fixture), "clicked");
  panel = sw_test_ui_find_type (GTK_WIDGET (page), SW_TYPE_RULES_PANEL);
  g_assert_nonnull (panel);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_true (sw_rules_panel_get_rules (panel) == sw_session_page_get_rules (page));
  g_assert_true (sw_rules_panel_get_framing (panel) == sw_session_page_get_framing (page));
  g_object_get (page, "show-rules", &shown, NULL);
  g_assert_true (shown);
  g_assert_nonnull (row_at (fixture, 0));

  /* Closed and opened again: the same panel. */
  g_signal_emit_by_name (rules_button (fixture), "clicked");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_object_get (page, "show-rules", &shown, NULL);
  g_assert_false (shown);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (rules_button (fixture))));
  g_signal_emit_by_name (rules_button (fixture), "clicked");
  g_assert_true (panel_of (fixture) == panel);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
}

int
main (int   argc,
      char *argv[])
{
  sw_test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/sw/rules-panel/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("reply", test_reply);
  ADD ("invalid-regex", test_invalid_regex);
  ADD ("enabled", test_enabled);
  ADD ("framing", test_framing);
  ADD ("reply-checksum", test_reply_checksum);
  ADD ("order", test_order);
  ADD ("state-round-trip", test_state_round_trip);
  ADD ("made-when-shown", test_made_when_shown);

#undef ADD

  return g_test_run ();
}
