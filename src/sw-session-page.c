/* sw-session-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-session-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sw-encoding.h"
#include "sw-frame-pacer.h"
#include "sw-messages-panel.h"
#include "sw-rule-runner.h"
#include "sw-rules-panel.h"
#include "sw-session-page-files.h"
#include "sw-session-page-private.h"
#include "sw-utils.h"

typedef struct
{
  /* Template widgets */
  GtkBox        *form_box;
  GtkBox        *status_box;
  GtkBox        *kind_status_box;
  GtkLabel      *rules_count_label;
  GtkSpinner    *spinner;
  GtkLabel      *status_label;
  GtkWidget     *menu_button;
  SwCaptureBar  *capture_bar;
  GtkLabel      *error_label;
  GtkPaned      *paned;
  GtkPaned      *rules_paned;
  GtkPaned      *messages_paned;
  SwTrafficView *traffic_view;
  SwTransferBar *transfer_bar;
  GtkBox        *send_target_box;
  SwSendBar     *send_bar;
  /* Made when they first show (see ensure_rules_panel() and
   * ensure_messages_panel()): NULL until then. */
  SwRulesPanel  *rules_panel;
  GtkWidget     *messages_panel;

  GSettings     *settings;
  GCancellable  *cancellable;
  SwEngine      *engine;
  /* The session's auto-replies: rules, the framing they match frames
   * of, and what runs them on the engine. */
  SwRuleSet     *rules;
  SwFraming     *framing;
  SwRuleRunner  *runner;
  SwConnectionList *connection_list;
  char          *title;
  SwPageFiles   *files;
  /* Sizes the engines' time slice from what this window's frames cost. */
  SwFramePacer  *pacer;
  /* Whether the send bar can send as far as the kind knows, and why not. */
  gboolean       kind_can_send;
  char          *kind_blocked_reason;
} SwSessionPagePrivate;

static void sw_session_page_buildable_init (GtkBuildableIface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (SwSessionPage, sw_session_page, GTK_TYPE_WIDGET,
                                  G_ADD_PRIVATE (SwSessionPage)
                                  G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, sw_session_page_buildable_init))

enum {
  PROP_0,
  PROP_TITLE,
  PROP_ENGINE,
  PROP_SHOW_RULES,
  PROP_SHOW_MESSAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GtkBuildableIface *parent_buildable_iface;

#define PRIV(self) ((SwSessionPagePrivate *) sw_session_page_get_instance_private (self))

/* The kinds' templates fill the slots. */
static void
sw_session_page_add_child (GtkBuildable *buildable,
                           GtkBuilder   *builder,
                           GObject      *child,
                           const char   *type)
{
  SwSessionPagePrivate *priv = PRIV (SW_SESSION_PAGE (buildable));

  if (g_strcmp0 (type, "form") == 0)
    gtk_box_append (priv->form_box, GTK_WIDGET (child));
  else if (g_strcmp0 (type, "status") == 0)
    gtk_box_append (priv->kind_status_box, GTK_WIDGET (child));
  else if (g_strcmp0 (type, "side") == 0)
    gtk_paned_set_start_child (priv->paned, GTK_WIDGET (child));
  else if (g_strcmp0 (type, "send-target") == 0)
    {
      gtk_box_append (priv->send_target_box, GTK_WIDGET (child));
      gtk_widget_set_visible (GTK_WIDGET (priv->send_target_box), TRUE);
    }
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
sw_session_page_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = sw_session_page_add_child;
}

/* Engine and send bar */

static void
last_error_changed_cb (SwSessionPage *self)
{
  _sw_session_page_show_error (self, sw_engine_get_last_error (PRIV (self)->engine));
}

static void
send_cb (SwSessionPage *self,
         GBytes        *payload)
{
  SwSessionPagePrivate *priv = PRIV (self);
  g_autoptr(GError) error = NULL;
  SwSendInfo info;

  _sw_session_page_send_info (self, &info);
  if (!_sw_session_page_prepare_send (self, &error) ||
      !SW_SESSION_PAGE_GET_CLASS (self)->send (self, payload, &info, &error))
    {
      _sw_session_page_show_error (self, error);
      sw_send_bar_stop (priv->send_bar);
    }
}

static guint64
send_backlog (gpointer user_data)
{
  SwSessionPage *self = user_data;

  return SW_SESSION_PAGE_GET_CLASS (self)->get_backlog (self);
}

static gboolean
sw_session_page_real_send (SwSessionPage     *self,
                           GBytes            *payload,
                           const SwSendInfo  *info,
                           GError           **error)
{
  return sw_engine_send_full (PRIV (self)->engine, NULL, payload, info, error);
}

static guint64
sw_session_page_real_get_backlog (SwSessionPage *self)
{
  return sw_engine_get_pending_bytes (PRIV (self)->engine);
}

static gboolean
sw_session_page_real_prepare_file_sender (SwSessionPage  *self,
                                          SwFileSender   *sender,
                                          GError        **error)
{
  return TRUE;
}

static SwTransport
sw_session_page_real_get_transport (SwSessionPage *self)
{
  return SW_TRANSPORT_TCP;
}

static gboolean
sw_session_page_real_prepare_send (SwSessionPage  *self,
                                   GError        **error)
{
  return TRUE;
}

gboolean
_sw_session_page_prepare_send (SwSessionPage  *self,
                               GError        **error)
{
  return SW_SESSION_PAGE_GET_CLASS (self)->prepare_send (self, error);
}

void
_sw_session_page_update_can_send (SwSessionPage *self)
{
  SwSessionPagePrivate *priv = PRIV (self);
  const char *busy = _sw_page_files_get_busy_reason (priv->files);

  /* The reason first: the bar shows it as soon as it cannot send. */
  if (busy != NULL || priv->kind_blocked_reason != NULL)
    sw_send_bar_set_send_blocked_reason (priv->send_bar, busy != NULL ? busy : priv->kind_blocked_reason);
  sw_send_bar_set_can_send (priv->send_bar, priv->kind_can_send && busy == NULL);
  _sw_page_files_update (priv->files, priv->kind_can_send, priv->connection_list);
}

void
_sw_session_page_set_can_send (SwSessionPage *self,
                               gboolean       can_send,
                               const char    *reason)
{
  SwSessionPagePrivate *priv = PRIV (self);

  g_return_if_fail (SW_IS_SESSION_PAGE (self));

  priv->kind_can_send = !!can_send;
  if (g_strcmp0 (priv->kind_blocked_reason, reason) != 0)
    {
      g_free (priv->kind_blocked_reason);
      priv->kind_blocked_reason = g_strdup (reason);
    }
  _sw_session_page_update_can_send (self);
}

SwPageFiles *
_sw_session_page_get_files (SwSessionPage *self)
{
  return PRIV (self)->files;
}

static gboolean
mib_to_bytes (GValue   *value,
              GVariant *variant,
              gpointer  user_data)
{
  g_value_set_uint64 (value, (guint64) g_variant_get_uint32 (variant) * 1024 * 1024);

  return TRUE;
}

/* The log follows the preferences; the view starts with the default
 * display settings (a restored session brings its own). */
static void
setup_view (SwSessionPage *self)
{
  SwSessionPagePrivate *priv = PRIV (self);
  SwTrafficLog *log = sw_engine_get_log (priv->engine);
  g_autofree char *mode = g_settings_get_string (priv->settings, "display-mode");
  g_autofree char *encoding_id = g_settings_get_string (priv->settings, "display-encoding");
  SwEncoding encoding = SW_ENCODING_UTF8;

  sw_traffic_view_set_log (priv->traffic_view, log);
  g_settings_bind (priv->settings, "view-max-lines", priv->traffic_view, "max-lines", G_SETTINGS_BIND_GET);
  g_settings_bind_with_mapping (priv->settings, "log-limit-mib", log, "byte-cap", G_SETTINGS_BIND_GET,
                                mib_to_bytes, NULL, NULL, NULL);

  sw_traffic_view_set_display_mode (priv->traffic_view,
                                    g_str_equal (mode, "hex") ? SW_DISPLAY_MODE_HEX : SW_DISPLAY_MODE_TEXT);
  if (sw_encoding_from_id (encoding_id, &encoding))
    sw_traffic_view_set_encoding (priv->traffic_view, encoding);
  sw_traffic_view_set_show_timestamps (priv->traffic_view,
                                       g_settings_get_boolean (priv->settings, "show-timestamps"));
}

static gboolean
n_items_to_enabled (GBinding     *binding,
                    const GValue *from_value,
                    GValue       *to_value,
                    gpointer      user_data)
{
  g_value_set_boolean (to_value, g_value_get_uint (from_value) > 0);

  return TRUE;
}

void
_sw_session_page_set_engine (SwSessionPage *self,
                             SwEngine      *engine)
{
  SwSessionPagePrivate *priv = PRIV (self);

  g_return_if_fail (SW_IS_SESSION_PAGE (self));
  g_return_if_fail (SW_IS_ENGINE (engine));
  g_return_if_fail (priv->engine == NULL);

  priv->engine = g_object_ref (engine);
  setup_view (self);

  /* Without rules, what arrives is not even framed. */
  priv->runner = sw_rule_runner_new (engine, priv->rules, priv->framing);
  g_object_bind_property_full (priv->rules, "n-items", priv->runner, "enabled", G_BINDING_SYNC_CREATE,
                               n_items_to_enabled, NULL, NULL, NULL);

  g_signal_connect_object (engine, "notify::last-error", G_CALLBACK (last_error_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

/* Rules */

/* Replies carry the session's checksum, as messages from the send bar
 * do (an empty reply stays empty). */
static GBytes *
reply_filter (GBytes    *reply,
              gpointer   user_data,
              GError   **error)
{
  SwSessionPage *self = user_data;
  SwChecksumSpec spec;

  if (g_bytes_get_size (reply) == 0)
    return g_bytes_ref (reply);

  sw_send_bar_get_checksum_spec (PRIV (self)->send_bar, &spec);

  return sw_checksum_spec_apply (&spec, reply, error);
}

/* Received frames are checked against the checksum the bar adds. */
static void
sync_view_checksum (SwSessionPage *self)
{
  SwChecksumSpec spec;

  sw_send_bar_get_checksum_spec (PRIV (self)->send_bar, &spec);
  sw_traffic_view_set_checksum (PRIV (self)->traffic_view, &spec);
}

static void
send_bar_notify_cb (SwSessionPage *self,
                    GParamSpec    *pspec)
{
  if (!g_str_has_prefix (pspec->name, "checksum"))
    return;

  /* A new checksum clears what the old one refused. */
  if (PRIV (self)->rules != NULL)
    sw_rule_set_set_reply_filter (PRIV (self)->rules, reply_filter, self, NULL);
  sync_view_checksum (self);
}

/* On the Rules button, how many there are. */
static void
rules_count_changed_cb (SwSessionPage *self)
{
  SwSessionPagePrivate *priv = PRIV (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (priv->rules));
  g_autofree char *count = g_strdup_printf ("%u", n);

  gtk_label_set_text (priv->rules_count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (priv->rules_count_label), n > 0);
}

static void
rules_panel_visible_cb (SwSessionPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_RULES]);
}

/* A panel of @type, hidden, in @paned's end or start slot: the page's
 * side panels are made when first asked for, not with the page (they
 * are most of what a page costs to make, and most pages never show
 * them). @visible_cb runs as it shows and hides. */
static GtkWidget *
add_panel (SwSessionPage *self,
           GType          type,
           GtkPaned      *paned,
           gboolean       at_end,
           GCallback      visible_cb)
{
  GtkWidget *panel = g_object_new (type, "visible", FALSE, NULL);

  if (at_end)
    gtk_paned_set_end_child (paned, panel);
  else
    gtk_paned_set_start_child (paned, panel);
  g_signal_connect_object (panel, "notify::visible", visible_cb, self, G_CONNECT_SWAPPED);

  return panel;
}

/* The panel only views the page's rules and framing, which apply
 * without it. */
static SwRulesPanel *
ensure_rules_panel (SwSessionPage *self)
{
  SwSessionPagePrivate *priv = PRIV (self);

  if (priv->rules_panel != NULL)
    return priv->rules_panel;

  priv->rules_panel = SW_RULES_PANEL (add_panel (self, SW_TYPE_RULES_PANEL, priv->rules_paned, TRUE,
                                                 G_CALLBACK (rules_panel_visible_cb)));
  sw_rules_panel_set_rules (priv->rules_panel, priv->rules);
  sw_rules_panel_set_framing (priv->rules_panel, priv->framing);

  return priv->rules_panel;
}

/* Whether @panel, made or not yet, shows. */
static gboolean
panel_shown (gpointer panel)
{
  return panel != NULL && gtk_widget_get_visible (GTK_WIDGET (panel));
}

static void
sw_session_page_set_show_rules (SwSessionPage *self,
                                gboolean       show_rules)
{
  show_rules = !!show_rules;
  if (panel_shown (PRIV (self)->rules_panel) == show_rules)
    return;

  /* rules_panel_visible_cb notifies. */
  gtk_widget_set_visible (GTK_WIDGET (ensure_rules_panel (self)), show_rules);
}

/* Messages */

static void
messages_panel_visible_cb (SwSessionPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_MESSAGES]);
}

/* As ensure_rules_panel(): the saved messages' library is the
 * application's, and their Alt+1…Alt+9 only send while the panel shows. */
static GtkWidget *
ensure_messages_panel (SwSessionPage *self)
{
  SwSessionPagePrivate *priv = PRIV (self);

  if (priv->messages_panel == NULL)
    priv->messages_panel = add_panel (self, SW_TYPE_MESSAGES_PANEL, priv->messages_paned, FALSE,
                                      G_CALLBACK (messages_panel_visible_cb));

  return priv->messages_panel;
}

static void
sw_session_page_set_show_messages (SwSessionPage *self,
                                   gboolean       show_messages)
{
  show_messages = !!show_messages;
  if (panel_shown (PRIV (self)->messages_panel) == show_messages)
    return;

  /* messages_panel_visible_cb notifies. */
  gtk_widget_set_visible (ensure_messages_panel (self), show_messages);
}

SwRulesPanel *
_sw_session_page_get_rules_panel (SwSessionPage *self)
{
  g_return_val_if_fail (SW_IS_SESSION_PAGE (self), NULL);

  return ensure_rules_panel (self);
}

SwMessagesPanel *
_sw_session_page_get_messages_panel (SwSessionPage *self)
{
  g_return_val_if_fail (SW_IS_SESSION_PAGE (self), NULL);

  return SW_MESSAGES_PANEL (ensure_messages_panel (self));
}

gboolean
_sw_session_page_send (SwSessionPage     *self,
                       GBytes            *payload,
                       const SwSendInfo  *info,
                       GError           **error)
{
  SwSessionPagePrivate *priv = PRIV (self);
  const char *reason;

  /* What keeps the send bar from sending keeps this too: no target, no
   * connection, or one that has not taken what it was given. */
  if (!sw_send_bar_get_can_send (priv->send_bar))
    {
      reason = sw_send_bar_get_send_blocked_reason (priv->send_bar);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           reason != NULL ? reason : _("Nothing can be sent in this session now"));
      return FALSE;
    }

  if (SW_SESSION_PAGE_GET_CLASS (self)->get_backlog (self) > SW_SEND_SCHEDULER_BACKLOG_MAX)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK,
                           _("The connection has not taken what was sent before: try again when it has"));
      return FALSE;
    }

  return _sw_session_page_prepare_send (self, error) &&
         SW_SESSION_PAGE_GET_CLASS (self)->send (self, payload, info, error);
}

static void
connections_changed_cb (SwSessionPage *self)
{
  SwConnectionList *list = PRIV (self)->connection_list;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.disconnect",
                                 list != NULL && sw_connection_list_count (list, TRUE) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.disconnect-all",
                                 list != NULL && sw_connection_list_count (list, FALSE) > 0);
  _sw_page_files_update (PRIV (self)->files, PRIV (self)->kind_can_send, list);
}

void
_sw_session_page_set_connection_list (SwSessionPage    *self,
                                      SwConnectionList *list)
{
  PRIV (self)->connection_list = list;
  g_signal_connect_object (list, "changed", G_CALLBACK (connections_changed_cb), self, G_CONNECT_SWAPPED);
  connections_changed_cb (self);
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SwConnectionList *list = PRIV (SW_SESSION_PAGE (widget))->connection_list;
  g_autoptr(GPtrArray) connections = NULL;

  if (list == NULL)
    return;

  connections = sw_connection_list_dup_connections (list, g_str_equal (action_name, "page.disconnect"));
  for (guint i = 0; i < connections->len; i++)
    sw_connection_disconnect (g_ptr_array_index (connections, i));
}

void
_sw_session_page_set_title (SwSessionPage *self,
                            const char    *title)
{
  SwSessionPagePrivate *priv = PRIV (self);

  if (g_strcmp0 (title, priv->title) == 0)
    return;

  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
_sw_session_page_set_form_sensitive (SwSessionPage *self,
                                     gboolean       sensitive,
                                     GtkWidget     *first,
                                     ...)
{
  GtkWidget *send_bar = GTK_WIDGET (PRIV (self)->send_bar);
  GtkRoot *root = gtk_widget_get_root (send_bar);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  va_list args;

  /* Before they turn insensitive: an insensitive GtkText keeps the focus
   * it never lost, and warns while its cursor blinks. */
  va_start (args, first);
  for (GtkWidget *widget = first; widget != NULL && !sensitive && focus != NULL;
       widget = va_arg (args, GtkWidget *))
    {
      if (focus == widget || gtk_widget_is_ancestor (focus, widget))
        {
          gtk_widget_grab_focus (send_bar);
          break;
        }
    }
  va_end (args);

  va_start (args, first);
  for (GtkWidget *widget = first; widget != NULL; widget = va_arg (args, GtkWidget *))
    gtk_widget_set_sensitive (widget, sensitive);
  va_end (args);
}

void
_sw_session_page_show_error (SwSessionPage *self,
                             const GError  *error)
{
  SwSessionPagePrivate *priv = PRIV (self);

  gtk_label_set_text (priv->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (priv->error_label), error != NULL);
}

void
_sw_session_page_set_status (SwSessionPage *self,
                             const char    *status,
                             gboolean       busy)
{
  SwSessionPagePrivate *priv = PRIV (self);

  gtk_label_set_text (priv->status_label, status);
  gtk_spinner_set_spinning (priv->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (priv->spinner), busy);
}

GSettings *
_sw_session_page_get_settings (SwSessionPage *self)
{
  return PRIV (self)->settings;
}

GCancellable *
_sw_session_page_get_cancellable (SwSessionPage *self)
{
  return PRIV (self)->cancellable;
}

void
_sw_session_page_send_info (SwSessionPage *self,
                            SwSendInfo    *info)
{
  SwSendBar *send_bar = PRIV (self)->send_bar;
  gboolean text = sw_send_bar_get_format (send_bar) == SW_PAYLOAD_FORMAT_TEXT;

  info->flags = text ? SW_RECORD_FLAGS_TEXT : SW_RECORD_FLAGS_NONE;
  info->encoding = sw_send_bar_get_encoding (send_bar);
}

/* Saving and restoring */

void
_sw_session_save_property (GVariantDict *state,
                           const char   *key,
                           gpointer      object,
                           const char   *property)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  g_auto(GValue) value = G_VALUE_INIT;
  GVariant *variant = NULL;

  g_return_if_fail (pspec != NULL);

  g_value_init (&value, pspec->value_type);
  g_object_get_property (object, property, &value);

  if (G_VALUE_HOLDS_STRING (&value))
    variant = g_variant_new_string (g_value_get_string (&value) != NULL ? g_value_get_string (&value) : "");
  else if (G_VALUE_HOLDS_BOOLEAN (&value))
    variant = g_variant_new_boolean (g_value_get_boolean (&value));
  else if (G_VALUE_HOLDS_UINT (&value))
    variant = g_variant_new_uint32 (g_value_get_uint (&value));
  else if (G_VALUE_HOLDS_DOUBLE (&value))
    variant = g_variant_new_double (g_value_get_double (&value));
  else if (G_VALUE_HOLDS_ENUM (&value))
    {
      GEnumClass *klass = g_type_class_peek (pspec->value_type);
      GEnumValue *enum_value = g_enum_get_value (klass, g_value_get_enum (&value));

      if (enum_value != NULL)
        variant = g_variant_new_string (enum_value->value_nick);
    }
  else
    g_return_if_reached ();

  if (variant != NULL)
    g_variant_dict_insert_value (state, key, variant);
}

void
_sw_session_restore_property (GVariantDict *state,
                              const char   *key,
                              gpointer      object,
                              const char   *property)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  g_autoptr(GVariant) variant = g_variant_dict_lookup_value (state, key, NULL);
  g_auto(GValue) value = G_VALUE_INIT;

  g_return_if_fail (pspec != NULL);

  if (variant == NULL)
    return;

  g_value_init (&value, pspec->value_type);

  if (G_VALUE_HOLDS_STRING (&value) && g_variant_is_of_type (variant, G_VARIANT_TYPE_STRING))
    g_value_set_string (&value, g_variant_get_string (variant, NULL));
  else if (G_VALUE_HOLDS_BOOLEAN (&value) && g_variant_is_of_type (variant, G_VARIANT_TYPE_BOOLEAN))
    g_value_set_boolean (&value, g_variant_get_boolean (variant));
  else if (G_VALUE_HOLDS_UINT (&value) && g_variant_is_of_type (variant, G_VARIANT_TYPE_UINT32))
    g_value_set_uint (&value, g_variant_get_uint32 (variant));
  else if (G_VALUE_HOLDS_DOUBLE (&value) && g_variant_is_of_type (variant, G_VARIANT_TYPE_DOUBLE))
    g_value_set_double (&value, g_variant_get_double (variant));
  else if (G_VALUE_HOLDS_ENUM (&value) && g_variant_is_of_type (variant, G_VARIANT_TYPE_STRING))
    {
      GEnumClass *klass = g_type_class_peek (pspec->value_type);
      GEnumValue *enum_value = g_enum_get_value_by_nick (klass, g_variant_get_string (variant, NULL));

      if (enum_value == NULL)
        return;
      g_value_set_enum (&value, enum_value->value);
    }
  else
    return;

  /* A value out of range is not restored rather than clamped. */
  if (g_param_value_validate (pspec, &value))
    return;

  g_object_set_property (object, property, &value);
}

void
_sw_session_save_choice (GVariantDict       *state,
                         const char         *key,
                         GtkDropDown        *drop_down,
                         const char * const *ids,
                         guint               n_ids)
{
  guint selected = gtk_drop_down_get_selected (drop_down);

  if (selected < n_ids)
    g_variant_dict_insert (state, key, "s", ids[selected]);
}

void
_sw_session_restore_choice (GVariantDict       *state,
                            const char         *key,
                            GtkDropDown        *drop_down,
                            const char * const *ids,
                            guint               n_ids)
{
  const char *id;

  if (!g_variant_dict_lookup (state, key, "&s", &id))
    return;

  for (guint i = 0; i < n_ids; i++)
    if (g_str_equal (id, ids[i]))
      gtk_drop_down_set_selected (drop_down, i);
}

typedef enum
{
  ON_VIEW,
  ON_SEND_BAR,
  ON_RULES,
  ON_PAGE,
} StateObject;

/* What every session keeps: the view's, the send bar's and the rules'
 * settings (the rules and the framing themselves under "rules" and
 * "framing"). */
static const struct {
  const char  *key;
  StateObject  object;
  const char  *property;
} common_state[] = {
  { "display-mode", ON_VIEW, "display-mode" },
  { "display-encoding", ON_VIEW, "encoding" },
  { "show-timestamps", ON_VIEW, "show-timestamps" },
  { "message", ON_SEND_BAR, "text" },
  { "format", ON_SEND_BAR, "format" },
  { "escapes", ON_SEND_BAR, "escapes" },
  { "line-ending", ON_SEND_BAR, "line-ending" },
  { "send-encoding", ON_SEND_BAR, "encoding" },
  { "repeat-interval", ON_SEND_BAR, "repeat-interval" },
  { "times", ON_SEND_BAR, "times" },
  { "checksum", ON_SEND_BAR, "checksum" },
  { "checksum-byte-order", ON_SEND_BAR, "checksum-byte-order" },
  { "checksum-start", ON_SEND_BAR, "checksum-start" },
  { "checksum-end-trim", ON_SEND_BAR, "checksum-end-trim" },
  { "rules-match-all", ON_RULES, "match-all" },
  { "show-rules", ON_PAGE, "show-rules" },
  { "show-messages", ON_PAGE, "show-messages" },
};

static gpointer
state_object (SwSessionPage *self,
              StateObject    object)
{
  SwSessionPagePrivate *priv = PRIV (self);

  switch (object)
    {
    case ON_VIEW:
      return priv->traffic_view;
    case ON_SEND_BAR:
      return priv->send_bar;
    case ON_RULES:
      return priv->rules;
    case ON_PAGE:
    default:
      return self;
    }
}

/* Public API */

/**
 * sw_session_page_get_kind:
 *
 * Returns: (transfer none): the page's row of the table of kinds
 */
const SwSessionKind *
sw_session_page_get_kind (SwSessionPage *self)
{
  g_return_val_if_fail (SW_IS_SESSION_PAGE (self), NULL);

  return sw_session_kind_for_type (G_OBJECT_TYPE (self));
}

const char *
sw_session_page_get_title (SwSessionPage *self)
{
  g_return_val_if_fail (SW_IS_SESSION_PAGE (self), NULL);

  return PRIV (self)->title;
}

/**
 * sw_session_page_get_engine:
 *
 * Returns: (transfer none): the session's engine
 */
SwEngine *
sw_session_page_get_engine (SwSessionPage *self)
{
  g_return_val_if_fail (SW_IS_SESSION_PAGE (self), NULL);

  return PRIV (self)->engine;
}

/**
 * sw_session_page_get_traffic_view:
 *
 * Returns: (transfer none): the session's traffic view
 */
SwTrafficView *
sw_session_page_get_traffic_view (SwSessionPage *self)
{
  g_return_val_if_fail (SW_IS_SESSION_PAGE (self), NULL);

  return PRIV (self)->traffic_view;
}

/**
 * sw_session_page_get_send_bar:
 *
 * Returns: (transfer none): the session's send bar
 */
SwSendBar *
sw_session_page_get_send_bar (SwSessionPage *self)
{
  g_return_val_if_fail (SW_IS_SESSION_PAGE (self), NULL);

  return PRIV (self)->send_bar;
}

/**
 * sw_session_page_open_endpoint:
 * @endpoint: where to connect, listen or bind
 * @scheme: one of the schemes of the page's kind
 *
 * Does what a URI asks for, as a person filling the form and pressing
 * its button would: the form shows the address, and a failure shows as
 * one after a click does.
 */
void
sw_session_page_open_endpoint (SwSessionPage    *self,
                               SwEndpoint       *endpoint,
                               SwEndpointScheme  scheme)
{
  g_return_if_fail (SW_IS_SESSION_PAGE (self));
  g_return_if_fail (endpoint != NULL);
  g_return_if_fail (SW_SESSION_PAGE_GET_CLASS (self)->open_endpoint != NULL);

  SW_SESSION_PAGE_GET_CLASS (self)->open_endpoint (self, endpoint, scheme);
}

/**
 * sw_session_page_get_rules:
 *
 * Returns: (transfer none): the session's auto-reply rules
 */
SwRuleSet *
sw_session_page_get_rules (SwSessionPage *self)
{
  g_return_val_if_fail (SW_IS_SESSION_PAGE (self), NULL);

  return PRIV (self)->rules;
}

/**
 * sw_session_page_get_framing:
 *
 * Returns: (transfer none): how the session cuts what it receives into
 *   frames, for its rules
 */
SwFraming *
sw_session_page_get_framing (SwSessionPage *self)
{
  g_return_val_if_fail (SW_IS_SESSION_PAGE (self), NULL);

  return PRIV (self)->framing;
}

/**
 * sw_session_page_save_state:
 *
 * Returns: (transfer floating): the session's state
 */
GVariant *
sw_session_page_save_state (SwSessionPage *self)
{
  SwSessionPagePrivate *priv;
  g_auto(GVariantDict) state = G_VARIANT_DICT_INIT (NULL);
  g_autoptr(GVariant) rules = NULL;

  g_return_val_if_fail (SW_IS_SESSION_PAGE (self), NULL);

  priv = PRIV (self);
  g_variant_dict_insert (&state, "kind", "s", sw_session_page_get_kind (self)->id);
  for (guint i = 0; i < G_N_ELEMENTS (common_state); i++)
    _sw_session_save_property (&state, common_state[i].key,
                               state_object (self, common_state[i].object),
                               common_state[i].property);
  rules = sw_rule_set_save (priv->rules);
  g_variant_dict_insert_value (&state, "rules", rules);
  g_variant_dict_insert_value (&state, "framing", sw_framing_save (priv->framing));
  SW_SESSION_PAGE_GET_CLASS (self)->save_state (self, &state);

  return g_variant_dict_end (&state);
}

void
sw_session_page_restore_state (SwSessionPage *self,
                               GVariant      *state)
{
  SwSessionPagePrivate *priv;
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr(GVariant) rules = NULL;
  g_autoptr(GVariant) framing = NULL;

  g_return_if_fail (SW_IS_SESSION_PAGE (self));
  g_return_if_fail (state != NULL && g_variant_is_of_type (state, G_VARIANT_TYPE_VARDICT));

  priv = PRIV (self);
  g_variant_dict_init (&dict, state);
  SW_SESSION_PAGE_GET_CLASS (self)->restore_state (self, &dict);
  for (guint i = 0; i < G_N_ELEMENTS (common_state); i++)
    _sw_session_restore_property (&dict, common_state[i].key,
                                  state_object (self, common_state[i].object),
                                  common_state[i].property);
  rules = g_variant_dict_lookup_value (&dict, "rules", G_VARIANT_TYPE ("aa{sv}"));
  if (rules != NULL)
    sw_rule_set_restore (priv->rules, rules);
  framing = g_variant_dict_lookup_value (&dict, "framing", G_VARIANT_TYPE_VARDICT);
  if (framing != NULL)
    sw_framing_restore (priv->framing, framing);
}

/* GObject */

static void
sw_session_page_real_state (SwSessionPage *self,
                            GVariantDict  *state)
{
}

static void
sw_session_page_constructed (GObject *object)
{
  SwSessionPage *self = SW_SESSION_PAGE (object);

  G_OBJECT_CLASS (sw_session_page_parent_class)->constructed (object);

  /* Once every template of the kind is in. */
  sw_fix_mnemonic_names (GTK_WIDGET (self));

  if (PRIV (self)->title == NULL)
    _sw_session_page_set_title (self, sw_session_kind_get_title (sw_session_page_get_kind (self)));
}

static void
sw_session_page_dispose (GObject *object)
{
  SwSessionPage *self = SW_SESSION_PAGE (object);
  SwSessionPagePrivate *priv = PRIV (self);
  GtkWidget *child;

  /* Whatever the page started ends now, not when it would have ended:
   * a connect under way holds nothing of the page. */
  g_cancellable_cancel (priv->cancellable);
  /* The kind disposed of its template children already, and stopping
   * the engine below empties the connection list: its handlers, the
   * kind's and ours, would run on fields that are NULL now (closing a
   * relay tab while it relayed crashed). The list itself lives on in
   * our template until the children go. */
  if (priv->connection_list != NULL)
    {
      g_signal_handlers_disconnect_by_data (priv->connection_list, self);
      priv->connection_list = NULL;
    }
  g_clear_pointer (&priv->files, _sw_page_files_free);
  g_clear_pointer (&priv->pacer, sw_frame_pacer_free);
  if (priv->engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (priv->engine, self);
      sw_engine_stop (priv->engine);
    }
  g_clear_object (&priv->runner);
  /* The filter reads the send bar, which goes with the template. */
  if (priv->rules != NULL)
    sw_rule_set_set_reply_filter (priv->rules, NULL, NULL, NULL);
  if (priv->send_bar != NULL)
    g_signal_handlers_disconnect_by_func (priv->send_bar, send_bar_notify_cb, self);

  /* Not gtk_widget_dispose_template(): GTK 4.8's looks up the template of
   * the instance's class, the kind's, not this one. Unparented here, the
   * template's widgets go with the page (the template keeps them until
   * it is finalized). */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&priv->engine);
  g_clear_object (&priv->rules);
  g_clear_object (&priv->framing);
  g_clear_object (&priv->settings);
  g_clear_object (&priv->cancellable);

  G_OBJECT_CLASS (sw_session_page_parent_class)->dispose (object);
}

static void
sw_session_page_finalize (GObject *object)
{
  g_free (PRIV (SW_SESSION_PAGE (object))->title);
  g_free (PRIV (SW_SESSION_PAGE (object))->kind_blocked_reason);

  G_OBJECT_CLASS (sw_session_page_parent_class)->finalize (object);
}

static void
sw_session_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SwSessionPagePrivate *priv = PRIV (SW_SESSION_PAGE (object));

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;

    case PROP_ENGINE:
      g_value_set_object (value, priv->engine);
      break;

    case PROP_SHOW_RULES:
      g_value_set_boolean (value, panel_shown (priv->rules_panel));
      break;

    case PROP_SHOW_MESSAGES:
      g_value_set_boolean (value, panel_shown (priv->messages_panel));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_session_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SwSessionPage *self = SW_SESSION_PAGE (object);

  switch (prop_id)
    {
    case PROP_SHOW_RULES:
      sw_session_page_set_show_rules (self, g_value_get_boolean (value));
      break;

    case PROP_SHOW_MESSAGES:
      sw_session_page_set_show_messages (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

char *
_sw_session_page_typed_endpoint (GtkEditable *host,
                                 GtkEditable *port_entry,
                                 guint16     *port)
{
  g_autoptr(SwEndpoint) endpoint = NULL;

  endpoint = sw_endpoint_parse (gtk_editable_get_text (host), gtk_editable_get_text (port_entry),
                                SW_ENDPOINT_FLAGS_NONE, NULL);
  *port = endpoint != NULL ? sw_endpoint_get_port (endpoint) : 0;

  return endpoint != NULL ? g_strdup (sw_endpoint_get_host (endpoint)) : NULL;
}

/* Code from the log: Copy as Python, Save as Python Script…, Copy as
 * Shell Command (#14) */

typedef enum
{
  CODE_PYTHON,
  CODE_SHELL,
} CodeLanguage;

static char *
make_code (SwSessionPage  *self,
           CodeLanguage    language,
           GError        **error)
{
  SwSessionPagePrivate *priv = PRIV (self);
  SwCodeSessionKind kind = SW_CODE_SESSION_TCP_CLIENT;
  SwCodeTarget target = { NULL };
  SwTrafficLog *log = sw_engine_get_log (priv->engine);
  g_autofree char *host = NULL;

  host = SW_SESSION_PAGE_GET_CLASS (self)->describe_code (self, &kind, &target);
  target.host = host;

  if (language == CODE_PYTHON)
    return sw_code_export_python (log, kind, &target, error);
  return sw_code_export_shell (log, kind, &target, error);
}

static void
copy_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SwSessionPage *self = SW_SESSION_PAGE (widget);
  SwTrafficView *view = PRIV (self)->traffic_view;
  gboolean python = g_str_equal (action_name, "page.copy-python");
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  code = make_code (self, python ? CODE_PYTHON : CODE_SHELL, &error);
  if (code == NULL)
    {
      sw_traffic_view_show_notice (view, error->message, TRUE);
      return;
    }

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), code);
  sw_traffic_view_show_notice (view,
                               python
                               ? _("Copied a Python script that repeats this session")
                               : _("Copied a shell command that repeats this session"),
                               FALSE);
}

typedef struct
{
  SwSessionPage *page;
  GFile         *file;
} SavingCode;

static void
saving_code_free (SavingCode *saving)
{
  g_clear_object (&saving->page);
  g_clear_object (&saving->file);
  g_free (saving);
}

static void
code_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SavingCode *saving = user_data;
  SwTrafficView *view = PRIV (saving->page)->traffic_view;
  g_autofree char *name = g_file_get_parse_name (saving->file);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!sw_code_export_save_finish (result, &error))
    {
      /* The message names the file and says why. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sw_traffic_view_show_notice (view, error->message, TRUE);
      saving_code_free (saving);
      return;
    }

  /* Translators: %s is a file. */
  message = g_strdup_printf (_("Saved a Python script that repeats this session to “%s”"), name);
  sw_traffic_view_show_notice (view, message, FALSE);
  saving_code_free (saving);
}

static void
save_code_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       gpointer         user_data)
{
  SwSessionPage *self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  SavingCode *saving;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL)
    return;

  /* Made again: the log may have grown while the dialog was open. */
  code = make_code (self, CODE_PYTHON, &error);
  if (code == NULL)
    {
      sw_traffic_view_show_notice (PRIV (self)->traffic_view, error->message, TRUE);
      return;
    }

  saving = g_new0 (SavingCode, 1);
  saving->page = g_object_ref (self);
  saving->file = g_object_ref (file);
  /* Beside the file and renamed over it: a full disk or a cancel leaves
   * an existing script as it was, and no partial one. */
  sw_code_export_save_async (code, file, PRIV (self)->cancellable, code_saved_cb, saving);
}

static void
save_python_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SwSessionPage *self = SW_SESSION_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter;

  /* Nothing to repeat: say so before a dialog asks where to save it. */
  code = make_code (self, CODE_PYTHON, &error);
  if (code == NULL)
    {
      sw_traffic_view_show_notice (PRIV (self)->traffic_view, error->message, TRUE);
      return;
    }

  dialog = gtk_file_chooser_native_new (_("Save as Python Script"),
                                        GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Python scripts"));
  gtk_file_filter_add_mime_type (filter, "text/x-python");
  gtk_file_filter_add_suffix (filter, "py");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  /* Translators: the name offered for a saved script; keep it a file name. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("session.py"));

  g_signal_connect_object (dialog, "response", G_CALLBACK (save_code_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
sw_session_page_class_init (SwSessionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sw_session_page_constructed;
  object_class->dispose = sw_session_page_dispose;
  object_class->finalize = sw_session_page_finalize;
  object_class->get_property = sw_session_page_get_property;
  object_class->set_property = sw_session_page_set_property;

  klass->save_state = sw_session_page_real_state;
  klass->restore_state = sw_session_page_real_state;
  klass->send = sw_session_page_real_send;
  klass->get_backlog = sw_session_page_real_get_backlog;
  klass->prepare_file_sender = sw_session_page_real_prepare_file_sender;
  klass->prepare_send = sw_session_page_real_prepare_send;
  klass->get_transport = sw_session_page_real_get_transport;

  /**
   * SwSessionPage:title:
   *
   * A short name for the tab, e.g. "127.0.0.1:7000".
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         SW_TYPE_ENGINE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SwSessionPage:show-rules:
   *
   * Whether the rules panel is open beside the traffic log.
   */
  properties[PROP_SHOW_RULES] =
    g_param_spec_boolean ("show-rules", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SwSessionPage:show-messages:
   *
   * Whether the saved messages and sequences are open beside the log.
   */
  properties[PROP_SHOW_MESSAGES] =
    g_param_spec_boolean ("show-messages", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SW_TYPE_TRAFFIC_VIEW);
  g_type_ensure (SW_TYPE_SEND_BAR);
  g_type_ensure (SW_TYPE_TRANSFER_BAR);
  g_type_ensure (SW_TYPE_CAPTURE_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-session-page.ui");
  gtk_widget_class_bind_template_child_private (widget_class, SwSessionPage, form_box);
  gtk_widget_class_bind_template_child_private (widget_class, SwSessionPage, status_box);
  gtk_widget_class_bind_template_child_private (widget_class, SwSessionPage, kind_status_box);
  gtk_widget_class_bind_template_child_private (widget_class, SwSessionPage, rules_count_label);
  gtk_widget_class_bind_template_child_private (widget_class, SwSessionPage, spinner);
  gtk_widget_class_bind_template_child_private (widget_class, SwSessionPage, status_label);
  gtk_widget_class_bind_template_child_private (widget_class, SwSessionPage, menu_button);
  gtk_widget_class_bind_template_child_private (widget_class, SwSessionPage, capture_bar);
  gtk_widget_class_bind_template_child_private (widget_class, SwSessionPage, error_label);
  gtk_widget_class_bind_template_child_private (widget_class, SwSessionPage, paned);
  gtk_widget_class_bind_template_child_private (widget_class, SwSessionPage, rules_paned);
  gtk_widget_class_bind_template_child_private (widget_class, SwSessionPage, messages_paned);
  gtk_widget_class_bind_template_child_private (widget_class, SwSessionPage, traffic_view);
  gtk_widget_class_bind_template_child_private (widget_class, SwSessionPage, transfer_bar);
  gtk_widget_class_bind_template_child_private (widget_class, SwSessionPage, send_target_box);
  gtk_widget_class_bind_template_child_private (widget_class, SwSessionPage, send_bar);

  gtk_widget_class_install_action (widget_class, "page.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "page.copy-python", NULL, copy_code_action);
  gtk_widget_class_install_action (widget_class, "page.copy-shell", NULL, copy_code_action);
  gtk_widget_class_install_action (widget_class, "page.save-python", NULL, save_python_action);
  gtk_widget_class_install_action (widget_class, "page.disconnect-all", NULL, disconnect_action);
  gtk_widget_class_install_property_action (widget_class, "page.show-rules", "show-rules");
  _sw_page_files_class_init (widget_class);
  gtk_widget_class_install_property_action (widget_class, "page.show-messages", "show-messages");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
sw_session_page_init (SwSessionPage *self)
{
  SwSessionPagePrivate *priv = PRIV (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  priv->settings = g_settings_new (APP_ID);
  priv->cancellable = g_cancellable_new ();
  priv->kind_can_send = TRUE;
  priv->files = _sw_page_files_new (self, priv->transfer_bar, priv->capture_bar);
  priv->pacer = sw_frame_pacer_new (GTK_WIDGET (self));

  priv->rules = sw_rule_set_new ();
  priv->framing = sw_framing_new ();
  /* The log is shown in the frames the rules match. */
  sw_traffic_view_set_framing (priv->traffic_view, priv->framing);
  sync_view_checksum (self);
  /* Rules read and write text as the send bar does. */
  g_object_bind_property (priv->send_bar, "encoding", priv->rules, "encoding", G_BINDING_SYNC_CREATE);
  sw_rule_set_set_reply_filter (priv->rules, reply_filter, self, NULL);
  g_signal_connect_swapped (priv->send_bar, "notify", G_CALLBACK (send_bar_notify_cb), self);
  g_signal_connect_object (priv->rules, "notify::n-items", G_CALLBACK (rules_count_changed_cb),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect_swapped (priv->send_bar, "send", G_CALLBACK (send_cb), self);
  sw_send_bar_set_backlog_func (priv->send_bar, send_backlog, self, NULL);
  connections_changed_cb (self);
}
