/* sw-send-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-send-bar"

#include "config.h"

#include "sw-send-bar-private.h"
#include "sw-utils.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sw-core-enums.h"

struct _SwSendBar
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkTextView        *text_view;
  GtkWidget          *send_button;
  GtkLabel           *error_label;
  GtkLabel           *size_label;
  GtkDropDown        *format_drop_down;
  GtkWidget          *text_options;
  GtkDropDown        *line_ending_drop_down;
  GtkDropDown        *encoding_drop_down;
  GtkStringList      *encoding_list;
  GtkListItemFactory *encoding_button_factory;
  GtkTextTag         *no_hyphens_tag;

  /* Properties */
  char               *text;
  SwPayloadFormat     format;
  SwLineEnding        line_ending;
  SwEncoding          encoding;
  char               *send_blocked_reason;
  GBytes             *payload;
  GError             *error;
  guint               escapes : 1;
  guint               can_send : 1;

  /* Replacing the buffer's text, which changes it twice (delete, insert). */
  guint               replacing_text : 1;
  /* Showing a message from the history: browsing goes on. */
  guint               recalling : 1;

  /* Byte offset in text of what does not encode. */
  gsize               error_offset;

  /* When the message goes out: once, times times, repeated. */
  SwSendScheduler    *scheduler;
  /* The times of the run going on. */
  guint64             run_times;

  /* Sent messages, oldest first. history_position is the one shown while
   * browsing, or history->len when the draft is shown. */
  GPtrArray          *history;
  guint               history_position;
  char               *draft;
};

G_DEFINE_FINAL_TYPE (SwSendBar, sw_send_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_FORMAT,
  PROP_ESCAPES,
  PROP_LINE_ENDING,
  PROP_ENCODING,
  PROP_REPEAT,
  PROP_REPEAT_INTERVAL,
  PROP_TIMES,
  PROP_SENDING,
  PROP_CAN_SEND,
  PROP_SEND_BLOCKED_REASON,
  PROP_ERROR,
  PROP_PAYLOAD,
  N_PROPS
};

enum {
  SEND,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The encodings offered for sending, in the order of the drop-down. The
 * list shows their display names; the button, short enough to keep the
 * options on one line, the names of the standards. */
static const struct {
  SwEncoding  encoding;
  const char *short_name;
} offered_encodings[] = {
  { SW_ENCODING_UTF8,    "UTF-8" },
  { SW_ENCODING_GB18030, "GB18030" },
  { SW_ENCODING_GBK,     "GBK" },
  { SW_ENCODING_BIG5,    "Big5" },
  { SW_ENCODING_LATIN1,  "Latin-1" },
};

static guint
encoding_to_position (SwEncoding encoding)
{
  for (guint i = 0; i < G_N_ELEMENTS (offered_encodings); i++)
    {
      if (offered_encodings[i].encoding == encoding)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

GtkWidget *
sw_send_bar_new (void)
{
  return g_object_new (SW_TYPE_SEND_BAR, NULL);
}

static gboolean
sw_send_bar_is_sendable (SwSendBar *self)
{
  return self->can_send
         && self->payload != NULL
         && g_bytes_get_size (self->payload) > 0;
}

static void sw_send_bar_update_sendable   (SwSendBar *self);
static void sw_send_bar_update_size_label (SwSendBar *self);

/* Runs of copies and repeats */

static void
sw_send_bar_update_sending (SwSendBar *self)
{
  gboolean sending = sw_send_scheduler_get_active (self->scheduler);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "send-bar.stop", sending);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->send_button),
                                  sending ? "send-bar.stop" : "send-bar.send");
  gtk_button_set_label (GTK_BUTTON (self->send_button),
                        sending ? _("_Stop") : _("_Send"));
  sw_send_bar_update_size_label (self);
  sw_send_bar_update_sendable (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
}

/**
 * sw_send_bar_stop:
 *
 * Stops the copies not sent yet and the repeats; does nothing when none
 * are going out.
 */
void
sw_send_bar_stop (SwSendBar *self)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));

  sw_send_scheduler_stop (self->scheduler);
}

/* The message as it is when the next copy goes out. */
static GBytes *
scheduler_payload_cb (gpointer user_data)
{
  SwSendBar *self = user_data;

  return sw_send_bar_is_sendable (self) ? g_bytes_ref (self->payload) : NULL;
}

static gboolean
scheduler_send_cb (GBytes   *payload,
                   gpointer  user_data)
{
  SwSendBar *self = user_data;

  /* A handler that cannot send stops the bar. */
  g_signal_emit (self, signals[SEND], 0, payload);

  return TRUE;
}

static void
scheduler_notify_cb (SwSendBar       *self,
                     GParamSpec      *pspec,
                     SwSendScheduler *scheduler)
{
  static const struct {
    const char *name;
    guint       prop_id;
  } mirrored[] = {
    { "repeat", PROP_REPEAT },
    { "repeat-interval", PROP_REPEAT_INTERVAL },
    { "times", PROP_TIMES },
  };

  if (g_str_equal (pspec->name, "active"))
    {
      sw_send_bar_update_sending (self);
      return;
    }

  if (g_str_equal (pspec->name, "sent"))
    {
      sw_send_bar_update_size_label (self);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (mirrored); i++)
    if (g_str_equal (pspec->name, mirrored[i].name))
      {
        g_object_notify_by_pspec (G_OBJECT (self), properties[mirrored[i].prop_id]);
        /* What the Send button says depends on it. */
        sw_send_bar_update_sendable (self);
      }
}

/* What the Send button can do and says. */
static void
sw_send_bar_update_sendable (SwSendBar *self)
{
  gboolean sendable = sw_send_bar_is_sendable (self);
  gboolean sending = sw_send_scheduler_get_active (self->scheduler);
  const char *tooltip;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "send-bar.send", sendable);

  /* Disconnected: nothing more can go out. The run ends; Send starts
   * another. (A message that does not encode ends it when the next copy
   * is due: a new one typed over the old is empty in between.) */
  if (!self->can_send && sending)
    {
      sw_send_bar_stop (self);
      return;
    }

  if (sending && sw_send_scheduler_get_repeating (self->scheduler))
    tooltip = _("Stop repeating the message");
  else if (sending)
    tooltip = _("Stop sending the copies not sent yet");
  else if (!self->can_send)
    tooltip = self->send_blocked_reason;
  else if (self->error != NULL)
    tooltip = self->error->message;
  else if (!sendable)
    tooltip = _("Type a message to send");
  else if (sw_send_scheduler_get_repeat (self->scheduler))
    tooltip = _("Send the message now, then again at each repeat interval until stopped (Ctrl+Enter)");
  else
    tooltip = _("Send the message (Ctrl+Enter)");

  /* Setting a tooltip has GTK look where the pointer is, a round trip to
   * the display server: not on every keystroke or repeated send. */
  if (g_strcmp0 (gtk_widget_get_tooltip_text (self->send_button), tooltip) != 0)
    gtk_widget_set_tooltip_text (self->send_button, tooltip);
}

static gboolean
error_equal (const GError *a,
             const GError *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->domain == b->domain
         && a->code == b->code
         && g_strcmp0 (a->message, b->message) == 0;
}

static gboolean
bytes_equal (GBytes *a,
             GBytes *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_bytes_equal (a, b);
}

/* Re-encodes the message: cheap enough to do on every change. */
static void
sw_send_bar_encode (SwSendBar *self)
{
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  gsize error_offset = 0;

  payload = sw_codec_encode (self->text,
                             self->format,
                             self->escapes,
                             self->line_ending,
                             self->encoding,
                             &error_offset,
                             &error);

  self->error_offset = error_offset;

  if (!bytes_equal (payload, self->payload))
    {
      g_clear_pointer (&self->payload, g_bytes_unref);
      self->payload = g_steal_pointer (&payload);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYLOAD]);
    }

  if (!error_equal (error, self->error))
    {
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }

  if (self->error != NULL)
    {
      gtk_label_set_text (self->error_label, self->error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->text_view),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      gtk_label_set_text (self->error_label, "");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_STATE_INVALID);
    }

  sw_send_bar_update_size_label (self);
  sw_send_bar_update_sendable (self);
}

/* Under the Send button: how many copies went out while they do, else
 * the size of the message (nothing when it does not encode). */
static void
sw_send_bar_update_size_label (SwSendBar *self)
{
  g_autofree char *text = NULL;

  if (sw_send_scheduler_get_active (self->scheduler))
    {
      g_autofree char *sent = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                               sw_send_scheduler_get_sent (self->scheduler));
      g_autofree char *total = g_strdup_printf ("%" G_GUINT64_FORMAT, self->run_times);

      if (sw_send_scheduler_get_repeating (self->scheduler))
        /* Translators: copies of the message sent so far while it repeats, e.g. “12 sent”. */
        text = g_strdup_printf (_("%s sent"), sent);
      else
        /* Translators: copies of the message sent so far, e.g. “1200 of 5000 sent”. */
        text = g_strdup_printf (_("%s of %s sent"), sent, total);
    }
  else if (self->payload != NULL)
    {
      gsize size = g_bytes_get_size (self->payload);

      /* Translators: the size of the message as it will be sent. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu byte", "%lu bytes", size),
                              (gulong) size);
    }

  if (text != NULL)
    gtk_label_set_text (self->size_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->size_label), text != NULL);
}

static void
buffer_changed_cb (SwSendBar     *self,
                   GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  if (self->replacing_text)
    return;

  g_free (self->text);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  self->text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  /* Editing a recalled message makes it the new draft. */
  if (!self->recalling)
    {
      self->history_position = self->history->len;
      g_clear_pointer (&self->draft, g_free);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);

  sw_send_bar_encode (self);
}

/* Pango hyphenates a word it breaks, showing a "-" that the message does
 * not contain: everything typed is tagged not to. */
static void
buffer_insert_text_after_cb (SwSendBar     *self,
                             GtkTextIter   *end,
                             const char    *text,
                             int            length,
                             GtkTextBuffer *buffer)
{
  GtkTextIter start = *end;

  gtk_text_iter_backward_chars (&start, g_utf8_strlen (text, length));
  gtk_text_buffer_apply_tag (buffer, self->no_hyphens_tag, &start, end);
}

static void
sw_send_bar_replace_text (SwSendBar  *self,
                          const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  self->replacing_text = TRUE;
  gtk_text_buffer_set_text (buffer, text, -1);
  self->replacing_text = FALSE;

  buffer_changed_cb (self, buffer);
}

/* The message history */

static void
sw_send_bar_history_add (SwSendBar  *self,
                         const char *text)
{
  guint len = self->history->len;

  if (*text != '\0'
      && (len == 0 || !g_str_equal (g_ptr_array_index (self->history, len - 1), text)))
    {
      g_ptr_array_add (self->history, g_strdup (text));
      if (self->history->len > SW_SEND_BAR_HISTORY_MAX)
        g_ptr_array_remove_index (self->history, 0);
    }

  self->history_position = self->history->len;
  g_clear_pointer (&self->draft, g_free);
}

static void
sw_send_bar_recall (SwSendBar  *self,
                    const char *text,
                    gboolean    older)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter iter;

  self->recalling = TRUE;
  sw_send_bar_replace_text (self, text);
  self->recalling = FALSE;

  /* Stay where the same key goes on browsing: an older message keeps the
   * cursor on its first line, a newer one on its last. */
  if (older)
    {
      gtk_text_buffer_get_start_iter (buffer, &iter);
      if (!gtk_text_iter_ends_line (&iter))
        gtk_text_iter_forward_to_line_end (&iter);
    }
  else
    {
      gtk_text_buffer_get_end_iter (buffer, &iter);
    }

  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_mark_onscreen (self->text_view, gtk_text_buffer_get_insert (buffer));
}

gboolean
_sw_send_bar_history_previous (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), FALSE);

  if (self->history_position == 0)
    return FALSE;

  if (self->history_position == self->history->len)
    {
      g_free (self->draft);
      self->draft = g_strdup (self->text);
    }

  self->history_position--;
  sw_send_bar_recall (self, g_ptr_array_index (self->history, self->history_position), TRUE);

  return TRUE;
}

gboolean
_sw_send_bar_history_next (SwSendBar *self)
{
  g_autofree char *draft = NULL;

  g_return_val_if_fail (SW_IS_SEND_BAR (self), FALSE);

  if (self->history_position >= self->history->len)
    return FALSE;

  self->history_position++;
  if (self->history_position < self->history->len)
    {
      sw_send_bar_recall (self, g_ptr_array_index (self->history, self->history_position), FALSE);
    }
  else
    {
      draft = g_steal_pointer (&self->draft);
      sw_send_bar_recall (self, draft != NULL ? draft : "", FALSE);
    }

  return TRUE;
}

guint
_sw_send_bar_get_history_length (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), 0);

  return self->history->len;
}

const char *
_sw_send_bar_get_history_item (SwSendBar *self,
                               guint      index)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), NULL);
  g_return_val_if_fail (index < self->history->len, NULL);

  return g_ptr_array_index (self->history, index);
}

/* Whether the cursor is on the first (or last) line as displayed, wrapped. */
static gboolean
cursor_on_edge_line (SwSendBar *self,
                     gboolean   first)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GdkRectangle cursor_rect, edge_rect;
  GtkTextIter cursor, edge;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  if (first)
    gtk_text_buffer_get_start_iter (buffer, &edge);
  else
    gtk_text_buffer_get_end_iter (buffer, &edge);

  gtk_text_view_get_iter_location (self->text_view, &cursor, &cursor_rect);
  gtk_text_view_get_iter_location (self->text_view, &edge, &edge_rect);

  return cursor_rect.y == edge_rect.y;
}

/* Up and Down arrive here once the input method has let them through, so
 * they still pick candidates while composing. */
static void
text_view_move_cursor_cb (SwSendBar       *self,
                          GtkMovementStep  step,
                          int              count,
                          gboolean         extend_selection,
                          GtkTextView     *text_view)
{
  gboolean recalled = FALSE;

  if (step != GTK_MOVEMENT_DISPLAY_LINES || extend_selection)
    return;

  if (count == -1 && cursor_on_edge_line (self, TRUE))
    recalled = _sw_send_bar_history_previous (self);
  else if (count == 1 && cursor_on_edge_line (self, FALSE))
    recalled = _sw_send_bar_history_next (self);

  if (recalled)
    g_signal_stop_emission_by_name (text_view, "move-cursor");
}

/* Sending */

static void
sw_send_bar_send (SwSendBar *self)
{
  g_autofree char *text = NULL;

  /* One run at a time; Stop ends it. */
  if (sw_send_scheduler_get_active (self->scheduler))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  if (!sw_send_bar_is_sendable (self))
    {
      if (self->error != NULL)
        sw_send_bar_select_error (self);
      else
        gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  /* A handler may change the text. */
  text = g_strdup (self->text);

  self->run_times = sw_send_scheduler_get_times (self->scheduler);
  sw_send_scheduler_start (self->scheduler);

  sw_send_bar_history_add (self, text);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sw_send_bar_send (SW_SEND_BAR (widget));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sw_send_bar_stop (SW_SEND_BAR (widget));
}

static gboolean
text_view_key_pressed_cb (SwSendBar             *self,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
      && (state & gtk_accelerator_get_default_mod_mask ()) == GDK_CONTROL_MASK)
    {
      sw_send_bar_send (self);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

/**
 * sw_send_bar_select_error:
 *
 * Focuses the message with the cursor where it stops encoding; does
 * nothing when the message encodes.
 */
void
sw_send_bar_select_error (SwSendBar *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  gsize offset;

  g_return_if_fail (SW_IS_SEND_BAR (self));

  if (self->error == NULL)
    return;

  buffer = gtk_text_view_get_buffer (self->text_view);
  offset = MIN (self->error_offset, strlen (self->text));
  gtk_text_buffer_get_iter_at_offset (buffer, &iter,
                                      g_utf8_pointer_to_offset (self->text, self->text + offset));
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_mark_onscreen (self->text_view, gtk_text_buffer_get_insert (buffer));
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/* Drop-downs and properties */

static gboolean
enum_to_position (GBinding     *binding,
                  const GValue *from_value,
                  GValue       *to_value,
                  gpointer      user_data)
{
  g_value_set_uint (to_value, g_value_get_enum (from_value));

  return TRUE;
}

static gboolean
position_to_enum (GBinding     *binding,
                  const GValue *from_value,
                  GValue       *to_value,
                  gpointer      user_data)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (G_VALUE_TYPE (to_value));
  guint position = g_value_get_uint (from_value);

  if (position > G_MAXINT || g_enum_get_value (enum_class, position) == NULL)
    return FALSE;

  g_value_set_enum (to_value, position);

  return TRUE;
}

static gboolean
encoding_to_position_transform (GBinding     *binding,
                                const GValue *from_value,
                                GValue       *to_value,
                                gpointer      user_data)
{
  guint position = encoding_to_position (g_value_get_enum (from_value));

  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  g_value_set_uint (to_value, position);

  return TRUE;
}

static gboolean
position_to_encoding_transform (GBinding     *binding,
                                const GValue *from_value,
                                GValue       *to_value,
                                gpointer      user_data)
{
  guint position = g_value_get_uint (from_value);

  if (position >= G_N_ELEMENTS (offered_encodings))
    return FALSE;

  g_value_set_enum (to_value, offered_encodings[position].encoding);

  return TRUE;
}

static gboolean
format_to_text_options_sensitive (GBinding     *binding,
                                  const GValue *from_value,
                                  GValue       *to_value,
                                  gpointer      user_data)
{
  g_value_set_boolean (to_value, g_value_get_enum (from_value) == SW_PAYLOAD_FORMAT_TEXT);

  return TRUE;
}

static void
encoding_button_setup_cb (GtkSignalListItemFactory *factory,
                          GtkListItem              *list_item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (list_item, label);
}

static void
encoding_button_bind_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *list_item)
{
  guint position = gtk_list_item_get_position (list_item);

  g_assert (position < G_N_ELEMENTS (offered_encodings));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)),
                       offered_encodings[position].short_name);
}

/* Accessors */

const char *
sw_send_bar_get_text (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), NULL);

  return self->text;
}

void
sw_send_bar_set_text (SwSendBar  *self,
                      const char *text)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));

  if (text == NULL)
    text = "";

  if (g_str_equal (text, self->text))
    return;

  sw_send_bar_replace_text (self, text);
}

SwPayloadFormat
sw_send_bar_get_format (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), SW_PAYLOAD_FORMAT_TEXT);

  return self->format;
}

void
sw_send_bar_set_format (SwSendBar       *self,
                        SwPayloadFormat  format)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));
  g_return_if_fail (format == SW_PAYLOAD_FORMAT_TEXT || format == SW_PAYLOAD_FORMAT_HEX);

  if (self->format == format)
    return;

  self->format = format;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
  sw_send_bar_encode (self);
}

gboolean
sw_send_bar_get_escapes (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), FALSE);

  return self->escapes;
}

void
sw_send_bar_set_escapes (SwSendBar *self,
                         gboolean   escapes)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));

  escapes = !!escapes;
  if (self->escapes == escapes)
    return;

  self->escapes = escapes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ESCAPES]);
  sw_send_bar_encode (self);
}

SwLineEnding
sw_send_bar_get_line_ending (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), SW_LINE_ENDING_NONE);

  return self->line_ending;
}

void
sw_send_bar_set_line_ending (SwSendBar    *self,
                             SwLineEnding  line_ending)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));
  g_return_if_fail (line_ending <= SW_LINE_ENDING_CRLF);

  if (self->line_ending == line_ending)
    return;

  self->line_ending = line_ending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE_ENDING]);
  sw_send_bar_encode (self);
}

SwEncoding
sw_send_bar_get_encoding (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), SW_ENCODING_UTF8);

  return self->encoding;
}

void
sw_send_bar_set_encoding (SwSendBar  *self,
                          SwEncoding  encoding)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));
  g_return_if_fail (encoding_to_position (encoding) != GTK_INVALID_LIST_POSITION);

  if (self->encoding == encoding)
    return;

  self->encoding = encoding;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
  sw_send_bar_encode (self);
}

gboolean
sw_send_bar_get_repeat (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), FALSE);

  return sw_send_scheduler_get_repeat (self->scheduler);
}

void
sw_send_bar_set_repeat (SwSendBar *self,
                        gboolean   repeat)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));

  sw_send_scheduler_set_repeat (self->scheduler, repeat);
}

guint
sw_send_bar_get_repeat_interval (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), SW_SEND_SCHEDULER_REPEAT_INTERVAL_DEFAULT);

  return sw_send_scheduler_get_repeat_interval (self->scheduler);
}

void
sw_send_bar_set_repeat_interval (SwSendBar *self,
                                 guint      interval_ms)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));

  sw_send_scheduler_set_repeat_interval (self->scheduler, interval_ms);
}

guint
sw_send_bar_get_times (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), 1);

  return sw_send_scheduler_get_times (self->scheduler);
}

void
sw_send_bar_set_times (SwSendBar *self,
                       guint      times)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));

  sw_send_scheduler_set_times (self->scheduler, times);
}

gboolean
sw_send_bar_get_sending (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), FALSE);

  return sw_send_scheduler_get_active (self->scheduler);
}

/**
 * sw_send_bar_set_backlog_func:
 * @func: (nullable): returns how many bytes the connection holds that it
 *   has not sent yet
 *
 * Lets copies of a message wait for the connection instead of piling up
 * in its queue.
 */
void
sw_send_bar_set_backlog_func (SwSendBar            *self,
                              SwSendBarBacklogFunc  func,
                              gpointer              user_data,
                              GDestroyNotify        destroy)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));

  sw_send_scheduler_set_backlog_func (self->scheduler, func, user_data, destroy);
}

gboolean
sw_send_bar_get_can_send (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), FALSE);

  return self->can_send;
}

void
sw_send_bar_set_can_send (SwSendBar *self,
                          gboolean   can_send)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));

  can_send = !!can_send;
  if (self->can_send == can_send)
    return;

  self->can_send = can_send;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SEND]);
  sw_send_bar_update_sendable (self);
}

const char *
sw_send_bar_get_send_blocked_reason (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), NULL);

  return self->send_blocked_reason;
}

void
sw_send_bar_set_send_blocked_reason (SwSendBar  *self,
                                     const char *reason)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));

  if (g_strcmp0 (self->send_blocked_reason, reason) == 0)
    return;

  g_free (self->send_blocked_reason);
  self->send_blocked_reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEND_BLOCKED_REASON]);
  sw_send_bar_update_sendable (self);
}

/**
 * sw_send_bar_get_error:
 *
 * Returns: (transfer none) (nullable): why the message does not encode
 */
const GError *
sw_send_bar_get_error (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), NULL);

  return self->error;
}

/**
 * sw_send_bar_get_payload:
 *
 * Returns: (transfer none) (nullable): the bytes the message encodes to
 */
GBytes *
sw_send_bar_get_payload (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), NULL);

  return self->payload;
}

/* GObject */

static gboolean
sw_send_bar_grab_focus (GtkWidget *widget)
{
  SwSendBar *self = SW_SEND_BAR (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
sw_send_bar_dispose (GObject *object)
{
  SwSendBar *self = SW_SEND_BAR (object);

  if (self->scheduler != NULL)
    g_signal_handlers_disconnect_by_data (self->scheduler, self);
  g_clear_object (&self->scheduler);

  gtk_widget_dispose_template (GTK_WIDGET (object), SW_TYPE_SEND_BAR);

  G_OBJECT_CLASS (sw_send_bar_parent_class)->dispose (object);
}

static void
sw_send_bar_finalize (GObject *object)
{
  SwSendBar *self = SW_SEND_BAR (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->send_blocked_reason, g_free);
  g_clear_pointer (&self->payload, g_bytes_unref);
  g_clear_error (&self->error);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->draft, g_free);

  G_OBJECT_CLASS (sw_send_bar_parent_class)->finalize (object);
}

static void
sw_send_bar_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SwSendBar *self = SW_SEND_BAR (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;

    case PROP_ESCAPES:
      g_value_set_boolean (value, self->escapes);
      break;

    case PROP_LINE_ENDING:
      g_value_set_enum (value, self->line_ending);
      break;

    case PROP_ENCODING:
      g_value_set_enum (value, self->encoding);
      break;

    case PROP_REPEAT:
      g_value_set_boolean (value, sw_send_bar_get_repeat (self));
      break;

    case PROP_REPEAT_INTERVAL:
      g_value_set_uint (value, sw_send_bar_get_repeat_interval (self));
      break;

    case PROP_TIMES:
      g_value_set_uint (value, sw_send_bar_get_times (self));
      break;

    case PROP_SENDING:
      g_value_set_boolean (value, sw_send_bar_get_sending (self));
      break;

    case PROP_CAN_SEND:
      g_value_set_boolean (value, self->can_send);
      break;

    case PROP_SEND_BLOCKED_REASON:
      g_value_set_string (value, self->send_blocked_reason);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_PAYLOAD:
      g_value_set_boxed (value, self->payload);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_send_bar_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SwSendBar *self = SW_SEND_BAR (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      sw_send_bar_set_text (self, g_value_get_string (value));
      break;

    case PROP_FORMAT:
      sw_send_bar_set_format (self, g_value_get_enum (value));
      break;

    case PROP_ESCAPES:
      sw_send_bar_set_escapes (self, g_value_get_boolean (value));
      break;

    case PROP_LINE_ENDING:
      sw_send_bar_set_line_ending (self, g_value_get_enum (value));
      break;

    case PROP_ENCODING:
      sw_send_bar_set_encoding (self, g_value_get_enum (value));
      break;

    case PROP_REPEAT:
      sw_send_bar_set_repeat (self, g_value_get_boolean (value));
      break;

    case PROP_REPEAT_INTERVAL:
      sw_send_bar_set_repeat_interval (self, g_value_get_uint (value));
      break;

    case PROP_TIMES:
      sw_send_bar_set_times (self, g_value_get_uint (value));
      break;

    case PROP_CAN_SEND:
      sw_send_bar_set_can_send (self, g_value_get_boolean (value));
      break;

    case PROP_SEND_BLOCKED_REASON:
      sw_send_bar_set_send_blocked_reason (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_send_bar_class_init (SwSendBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_send_bar_dispose;
  object_class->finalize = sw_send_bar_finalize;
  object_class->get_property = sw_send_bar_get_property;
  object_class->set_property = sw_send_bar_set_property;

  widget_class->grab_focus = sw_send_bar_grab_focus;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL,
                       SW_TYPE_PAYLOAD_FORMAT,
                       SW_PAYLOAD_FORMAT_TEXT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ESCAPES] =
    g_param_spec_boolean ("escapes", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LINE_ENDING] =
    g_param_spec_enum ("line-ending", NULL, NULL,
                       SW_TYPE_LINE_ENDING,
                       SW_LINE_ENDING_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ENCODING] =
    g_param_spec_enum ("encoding", NULL, NULL,
                       SW_TYPE_ENCODING,
                       SW_ENCODING_UTF8,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REPEAT] =
    g_param_spec_boolean ("repeat", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REPEAT_INTERVAL] =
    g_param_spec_uint ("repeat-interval", NULL, NULL,
                       SW_SEND_SCHEDULER_REPEAT_INTERVAL_MIN,
                       SW_SEND_SCHEDULER_REPEAT_INTERVAL_MAX,
                       SW_SEND_SCHEDULER_REPEAT_INTERVAL_DEFAULT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TIMES] =
    g_param_spec_uint ("times", NULL, NULL,
                       1, SW_SEND_SCHEDULER_TIMES_MAX, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SENDING] =
    g_param_spec_boolean ("sending", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CAN_SEND] =
    g_param_spec_boolean ("can-send", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SEND_BLOCKED_REASON] =
    g_param_spec_string ("send-blocked-reason", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PAYLOAD] =
    g_param_spec_boxed ("payload", NULL, NULL,
                        G_TYPE_BYTES,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwSendBar::send:
   * @payload: the bytes to send
   *
   * The person asked to send the message, a repeat is due, or the next
   * of the copies #SwSendBar:times asks for goes out. A handler that
   * cannot send calls sw_send_bar_stop().
   */
  signals[SEND] =
    g_signal_new ("send",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  g_cclosure_marshal_VOID__BOXED,
                  G_TYPE_NONE, 1, G_TYPE_BYTES);
  g_signal_set_va_marshaller (signals[SEND],
                              G_TYPE_FROM_CLASS (klass),
                              g_cclosure_marshal_VOID__BOXEDv);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-send-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, text_view);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, send_button);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, error_label);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, size_label);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, format_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, text_options);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, line_ending_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, encoding_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, encoding_list);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, encoding_button_factory);
  /* Not used here: the direct children, for gtk_widget_dispose_template(),
   * and others for the tests (gtk_widget_get_template_child()). */
  gtk_widget_class_bind_template_child_full (widget_class, "message_grid", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "options_box", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "message_label", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "times_label", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "format_label", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "escapes_check", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "line_ending_label", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "encoding_label", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "repeat_check", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "interval_spin", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "times_spin", FALSE, 0);
  gtk_widget_class_bind_template_callback_full (widget_class, "drop_down_mnemonic_activate_cb",
                                                G_CALLBACK (sw_drop_down_mnemonic_activate));
  gtk_widget_class_bind_template_callback (widget_class, encoding_button_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, encoding_button_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_view_move_cursor_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_view_key_pressed_cb);

  gtk_widget_class_install_action (widget_class, "send-bar.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "send-bar.stop", NULL, stop_action);

  gtk_widget_class_set_css_name (widget_class, "sendbar");
}

static void
sw_send_bar_init (SwSendBar *self)
{
  GtkTextBuffer *buffer;

  /* Before the template, whose bindings start from these values. */
  self->text = g_strdup ("");
  self->format = SW_PAYLOAD_FORMAT_TEXT;
  self->escapes = TRUE;
  self->line_ending = SW_LINE_ENDING_NONE;
  self->encoding = SW_ENCODING_UTF8;
  self->can_send = TRUE;
  self->scheduler = sw_send_scheduler_new ();
  sw_send_scheduler_set_payload_func (self->scheduler, scheduler_payload_cb, self, NULL);
  sw_send_scheduler_set_send_func (self->scheduler, scheduler_send_cb, self, NULL);
  g_signal_connect_object (self->scheduler, "notify",
                           G_CALLBACK (scheduler_notify_cb), self, G_CONNECT_SWAPPED);
  self->history = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  sw_fix_mnemonic_names (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (offered_encodings); i++)
    gtk_string_list_append (self->encoding_list,
                            sw_encoding_get_display_name (offered_encodings[i].encoding));

  /* GTK's own factory, with its check mark, stays for the list. */
  gtk_drop_down_set_list_factory (self->encoding_drop_down,
                                  gtk_drop_down_get_factory (self->encoding_drop_down));
  gtk_drop_down_set_factory (self->encoding_drop_down, self->encoding_button_factory);

  g_object_bind_property_full (self, "format",
                               self->format_drop_down, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               enum_to_position, position_to_enum, NULL, NULL);
  g_object_bind_property_full (self, "line-ending",
                               self->line_ending_drop_down, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               enum_to_position, position_to_enum, NULL, NULL);
  g_object_bind_property_full (self, "encoding",
                               self->encoding_drop_down, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               encoding_to_position_transform, position_to_encoding_transform,
                               NULL, NULL);
  g_object_bind_property_full (self, "format",
                               self->text_options, "sensitive",
                               G_BINDING_SYNC_CREATE,
                               format_to_text_options_sensitive, NULL, NULL, NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  self->no_hyphens_tag = gtk_text_buffer_create_tag (buffer, NULL, "insert-hyphens", FALSE, NULL);
  g_signal_connect_object (buffer, "insert-text",
                           G_CALLBACK (buffer_insert_text_after_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (buffer, "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "send-bar.stop", FALSE);
  sw_send_bar_encode (self);
}
