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

#include "sw-checksum-button.h"
#include "sw-core-enums.h"
#include "sw-hex.h"
#include "sw-traffic-format.h"

/* The message field, a GtkTextView, lays out a paragraph whole, and
 * breaking a long run without spaces costs more than its length: with
 * GTK 4.8 here a 16 KiB run took 0.3–0.6 s a keystroke, 64 KiB 7 s. It
 * also lays out the lines above the cursor, ~25 µs each: 512 KiB in
 * 80-character lines held the window 0.2 s. A message with a longer line,
 * or longer, is shown folded (a summary and its start) and sent whole. */
#define EDITOR_LINE_MAX          4096               /* characters */
#define EDITOR_CHARS_MAX         (256 * 1024)
#define EDITOR_BYTES_MAX         (4 * EDITOR_CHARS_MAX)
/* "Edit as Text" shows a folded message up to this many characters,
 * wrapped at any character, which costs in proportion to a line's length
 * (~4.5 µs a character a keystroke). */
#define EDIT_AS_TEXT_MAX         (32 * 1024)
/* Up to this many bytes the message is encoded as it changes; a longer
 * one once typing pauses, in a thread. */
#define ENCODE_NOW_MAX           (64 * 1024)
#define ENCODE_DELAY_MS          100
/* How much of a folded message it shows. */
#define PREVIEW_CHARS            200
/* The checksum preview shows a message this long whole; a longer one by
 * its first and last bytes. */
#define CHECKSUM_PREVIEW_WHOLE   12
#define CHECKSUM_PREVIEW_HEAD    8
#define CHECKSUM_PREVIEW_TAIL    2

struct _SwSendBar
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkStack           *message_stack;
  GtkTextView        *text_view;
  GtkLabel           *message_label;
  GtkLabel           *summary_label;
  GtkLabel           *preview_label;
  GtkWidget          *edit_button;
  GtkWidget          *clear_button;
  GtkWidget          *send_button;
  GtkLabel           *error_label;
  GtkLabel           *size_label;
  GtkLabel           *checksum_preview_label;
  SwChecksumButton   *checksum_button;
  GtkDropDown        *format_drop_down;
  GtkWidget          *text_options;
  GtkDropDown        *line_ending_drop_down;
  GtkDropDown        *encoding_drop_down;
  GtkStringList      *encoding_list;
  GtkListItemFactory *encoding_button_factory;
  GtkTextTag         *no_hyphens_tag;

  /* Properties. The message is a GRefString: a thread encoding a long
   * one shares it. */
  char               *text;
  SwPayloadFormat     format;
  SwLineEnding        line_ending;
  SwEncoding          encoding;
  SwChecksumSpec      checksum;
  char               *send_blocked_reason;
  GBytes             *payload;
  GError             *error;
  guint               escapes : 1;
  guint               can_send : 1;

  /* Replacing the buffer's text, which changes it twice (delete, insert). */
  guint               replacing_text : 1;
  /* Showing a message from the history: browsing goes on. */
  guint               recalling : 1;
  /* Too long for the field: shown as a summary. */
  guint               folded : 1;
  /* A long message the person asked to edit anyway. */
  guint               editing_long : 1;
  /* The folded message is short enough for "Edit as Text". */
  guint               fold_editable : 1;
  /* The buffer changed; text follows once typing pauses. */
  guint               text_stale : 1;
  /* text changed; payload, error and size follow from a thread. */
  guint               encode_pending : 1;

  guint               text_source;
  guint               clear_source;
  GCancellable       *cancellable;
  /* Tells the encodings of one text from those of an older one. */
  guint64             encode_serial;

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
  PROP_CHECKSUM,
  PROP_CHECKSUM_BYTE_ORDER,
  PROP_CHECKSUM_START,
  PROP_CHECKSUM_END_TRIM,
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

/* The checksum button edits the bar's checksum properties. */
static const struct {
  const char *on_bar;
  const char *on_button;
} checksum_properties[] = {
  { "checksum", "checksum" },
  { "checksum-byte-order", "byte-order" },
  { "checksum-start", "start" },
  { "checksum-end-trim", "end-trim" },
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
static void sw_send_bar_update_checksum_preview (SwSendBar *self);
static void sw_send_bar_flush             (SwSendBar *self);
static void sw_send_bar_show_folded       (SwSendBar *self,
                                           gboolean   folded);

/* Runs of copies and repeats */

static void
sw_send_bar_update_sending (SwSendBar *self)
{
  gboolean sending = sw_send_scheduler_get_active (self->scheduler);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "send-bar.stop", sending);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->send_button),
                                  sending ? "send-bar.stop" : "send-bar.send");
  sw_button_set_mnemonic_label (GTK_BUTTON (self->send_button),
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

  sw_send_bar_flush (self);

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

/* What the message encodes to, computed here or in a thread. */
typedef struct
{
  char            *text;
  SwPayloadFormat  format;
  SwLineEnding     line_ending;
  SwEncoding       encoding;
  gboolean         escapes;
  SwChecksumSpec   checksum;
  guint64          serial;

  GBytes          *payload;
  GError          *error;
  gsize            error_offset;
} Encoding;

static void
encoding_free (Encoding *encoding)
{
  g_ref_string_release (encoding->text);
  g_clear_pointer (&encoding->payload, g_bytes_unref);
  g_clear_error (&encoding->error);
  g_free (encoding);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Encoding, encoding_free)

static Encoding *
encoding_new (SwSendBar *self)
{
  Encoding *encoding = g_new0 (Encoding, 1);

  encoding->text = g_ref_string_acquire (self->text);
  encoding->format = self->format;
  encoding->line_ending = self->line_ending;
  encoding->encoding = self->encoding;
  encoding->escapes = self->escapes;
  encoding->checksum = self->checksum;
  encoding->serial = self->encode_serial;

  return encoding;
}

/* The bytes that go out: the message encoded, then its checksum (an
 * empty message stays empty: there is nothing to send). */
static void
encoding_run (Encoding *encoding)
{
  g_autoptr(GBytes) message = NULL;

  message = sw_codec_encode (encoding->text,
                             encoding->format,
                             encoding->escapes,
                             encoding->line_ending,
                             encoding->encoding,
                             &encoding->error_offset,
                             &encoding->error);
  if (message == NULL || g_bytes_get_size (message) == 0)
    {
      encoding->payload = g_steal_pointer (&message);
      return;
    }

  encoding->payload = sw_checksum_spec_apply (&encoding->checksum, message, &encoding->error);
  /* The message is too short for the range: more goes at its end. */
  if (encoding->payload == NULL)
    encoding->error_offset = g_ref_string_length (encoding->text);
}

/* Shows what the message encodes to. */
static void
sw_send_bar_apply_encoding (SwSendBar *self,
                            Encoding  *encoding)
{
  g_autoptr(GBytes) payload = g_steal_pointer (&encoding->payload);
  g_autoptr(GError) error = g_steal_pointer (&encoding->error);

  self->encode_pending = FALSE;
  self->error_offset = encoding->error_offset;

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

/* Encodes the message now: cheap enough for one that is not long. */
static void
sw_send_bar_encode (SwSendBar *self)
{
  g_autoptr(Encoding) encoding = NULL;

  self->encode_serial++;
  encoding = encoding_new (self);
  encoding_run (encoding);
  sw_send_bar_apply_encoding (self, encoding);
}

static void
encode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  encoding_run (task_data);
  g_task_return_boolean (task, TRUE);
}

static void
encode_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SwSendBar *self = SW_SEND_BAR (object);
  Encoding *encoding = g_task_get_task_data (G_TASK (result));

  /* The message, or how it is encoded, changed since: a newer one comes. */
  if (encoding->serial == self->encode_serial)
    sw_send_bar_apply_encoding (self, encoding);
}

/* Encodes the message: a long one in a thread, the window meanwhile
 * saying it is counting. */
static void
sw_send_bar_queue_encode (SwSendBar *self)
{
  g_autoptr(GTask) task = NULL;

  if (g_ref_string_length (self->text) <= ENCODE_NOW_MAX)
    {
      sw_send_bar_encode (self);
      return;
    }

  self->encode_serial++;
  self->encode_pending = TRUE;
  task = g_task_new (self, NULL, encode_done_cb, NULL);
  g_task_set_source_tag (task, sw_send_bar_queue_encode);
  g_task_set_task_data (task, encoding_new (self), (GDestroyNotify) encoding_free);
  g_task_run_in_thread (task, encode_thread);

  sw_send_bar_update_size_label (self);
}

/* The buffer's text, once typing in a long message paused. */
static void
sw_send_bar_take_buffer_text (SwSendBar *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->text_source, g_source_remove);
  self->text_stale = FALSE;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_ref_string_release (self->text);
  self->text = g_ref_string_new (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

/* Brings text, payload and error up to date with what was typed, for
 * those who read them now: sending, and the accessors. */
static void
sw_send_bar_flush (SwSendBar *self)
{
  if (self->text_stale)
    {
      sw_send_bar_take_buffer_text (self);
      self->encode_pending = TRUE;
    }

  if (self->encode_pending)
    sw_send_bar_encode (self);
}

static gboolean
text_source_cb (gpointer user_data)
{
  SwSendBar *self = user_data;

  self->text_source = 0;
  sw_send_bar_take_buffer_text (self);
  sw_send_bar_queue_encode (self);

  return G_SOURCE_REMOVE;
}

/* A count with its digits grouped as the locale does: “5,242,883”. */
static char *
format_count (guint64 count)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, count);
}

/* Under the Send button: how many copies went out while they do, else
 * the size of the message (nothing when it does not encode). */
static void
sw_send_bar_update_size_label (SwSendBar *self)
{
  g_autofree char *text = NULL;

  if (sw_send_scheduler_get_active (self->scheduler))
    {
      g_autofree char *sent = format_count (sw_send_scheduler_get_sent (self->scheduler));
      g_autofree char *total = format_count (self->run_times);

      if (sw_send_scheduler_get_repeating (self->scheduler))
        /* Translators: copies of the message sent so far while it repeats, e.g. “12 sent”. */
        text = g_strdup_printf (_("%s sent"), sent);
      else
        /* Translators: copies of the message sent so far, e.g. “1200 of 5000 sent”. */
        text = g_strdup_printf (_("%s of %s sent"), sent, total);
    }
  else if (self->encode_pending || self->text_stale)
    {
      /* Translators: shown instead of the size of a long message while it is measured. */
      text = g_strdup (_("Counting bytes…"));
    }
  else if (self->payload != NULL)
    {
      gsize size = g_bytes_get_size (self->payload);
      g_autofree char *count = format_count (size);

      /* Translators: the size of the message as it will be sent, e.g. “5,242,883 bytes”. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s byte", "%s bytes", size), count);
    }

  if (text != NULL)
    gtk_label_set_text (self->size_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->size_label), text != NULL);
  sw_send_bar_update_checksum_preview (self);
}

/* Beside the size: the bytes that go out, the checksum's set apart,
 * bounded whatever the message's length ("01 03 … 00 02 + C4 0B"). */
static void
sw_send_bar_update_checksum_preview (SwSendBar *self)
{
  guint width = sw_checksum_get_width (self->checksum.kind);
  g_autoptr(GString) markup = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *choice = NULL;
  const guint8 *data;
  gsize size, length;

  if (width == 0 || self->payload == NULL || self->encode_pending || self->text_stale
      || (data = g_bytes_get_data (self->payload, &size), size <= width))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->checksum_preview_label), FALSE);
      return;
    }

  length = size - width;
  markup = g_string_new (NULL);
  if (length <= CHECKSUM_PREVIEW_WHOLE)
    {
      sw_hex_append (markup, data, length);
    }
  else
    {
      sw_hex_append (markup, data, CHECKSUM_PREVIEW_HEAD);
      g_string_append (markup, " … ");
      sw_hex_append (markup, data + length - CHECKSUM_PREVIEW_TAIL, CHECKSUM_PREVIEW_TAIL);
    }
  checksum = sw_hex_format (data + length, width);
  g_string_append_printf (markup, " + <b>%s</b>", checksum);
  if (g_strcmp0 (gtk_label_get_label (self->checksum_preview_label), markup->str) != 0)
    gtk_label_set_markup (self->checksum_preview_label, markup->str);

  choice = sw_checksum_describe (self->checksum.kind, self->checksum.order);
  /* Translators: the first %s is the checksum's name, e.g. “CRC-16/MODBUS (LE)”, the second its bytes */
  tooltip = g_strdup_printf (_("The message as it goes out, ending with its checksum, %s: %s"),
                             choice, checksum);
  /* Not on every copy sent: setting a tooltip asks the display where the
   * pointer is. */
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self->checksum_preview_label)), tooltip) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->checksum_preview_label), tooltip);
  gtk_widget_set_visible (GTK_WIDGET (self->checksum_preview_label), TRUE);
}

/* The message changed: it is a new draft, unless it is one recalled
 * from the history. */
static void
sw_send_bar_text_changed (SwSendBar *self)
{
  if (!self->recalling)
    {
      self->history_position = self->history->len;
      g_clear_pointer (&self->draft, g_free);
    }
}

static void
buffer_changed_cb (SwSendBar     *self,
                   GtkTextBuffer *buffer)
{
  if (self->replacing_text)
    return;

  /* Text put into the field while it was folded away (by assistive
   * technologies, say) is the message now. */
  if (self->folded)
    sw_send_bar_show_folded (self, FALSE);

  sw_send_bar_text_changed (self);

  /* Copying and encoding a long message on every keystroke would make
   * typing lag: it waits for a pause. */
  if (gtk_text_buffer_get_char_count (buffer) > ENCODE_NOW_MAX)
    {
      self->text_stale = TRUE;
      g_clear_handle_id (&self->text_source, g_source_remove);
      self->text_source = g_timeout_add (ENCODE_DELAY_MS, text_source_cb, self);
      g_source_set_name_by_id (self->text_source, "[sw] long message changed");
      sw_send_bar_update_size_label (self);
      return;
    }

  sw_send_bar_take_buffer_text (self);
  sw_send_bar_encode (self);
}

/* Whether @text (@length bytes, or NUL-terminated) goes into the field
 * between @prefix and @suffix characters of the line it lands on, into
 * @chars characters already there: no line longer than EDITOR_LINE_MAX
 * (unless @long_lines) and not too long in all. */
static gboolean
fits_editor (const char *text,
             gssize      length,
             glong       prefix,
             glong       suffix,
             glong       chars,
             gboolean    long_lines)
{
  glong chars_max = long_lines ? EDIT_AS_TEXT_MAX : EDITOR_CHARS_MAX;
  glong line_max = long_lines ? G_MAXLONG : EDITOR_LINE_MAX;
  glong line = prefix;
  const char *end;

  if (length < 0)
    length = strlen (text);
  if (length > EDITOR_BYTES_MAX)
    return FALSE;

  end = text + length;
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      line = *p == '\n' ? 0 : line + 1;
      if (line > line_max || ++chars > chars_max)
        return FALSE;
    }

  return line + suffix <= line_max;
}

static void
sw_send_bar_set_editing_long (SwSendBar *self,
                              gboolean   editing_long)
{
  self->editing_long = editing_long;
  /* Breaking at any character costs in proportion to a line's length. */
  gtk_text_view_set_wrap_mode (self->text_view, editing_long ? GTK_WRAP_CHAR : GTK_WRAP_WORD_CHAR);
}

/* Shows the message in the field, or folded. */
static void
sw_send_bar_show_folded (SwSendBar *self,
                         gboolean   folded)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->message_stack));

  self->folded = folded;
  gtk_stack_set_visible_child_name (self->message_stack, folded ? "summary" : "editor");
  gtk_label_set_mnemonic_widget (self->message_label,
                                 !folded ? GTK_WIDGET (self->text_view)
                                 : self->fold_editable ? self->edit_button
                                 : self->clear_button);

  if (had_focus)
    gtk_widget_grab_focus (gtk_label_get_mnemonic_widget (self->message_label));
}

static gboolean
clear_buffer_cb (gpointer user_data)
{
  SwSendBar *self = user_data;

  self->clear_source = 0;
  if (self->folded)
    {
      self->replacing_text = TRUE;
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", 0);
      self->replacing_text = FALSE;
    }

  return G_SOURCE_REMOVE;
}

/* Shows a message too long for the field (@text, a GRefString, taken)
 * as its size and its start. */
static void
sw_send_bar_fold (SwSendBar *self,
                  char      *text)
{
  g_autofree char *size = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *preview = NULL;
  gsize length = g_ref_string_length (text);
  const char *end = text;
  gboolean editable;

  g_clear_handle_id (&self->text_source, g_source_remove);
  self->text_stale = FALSE;
  g_ref_string_release (self->text);
  self->text = text;
  sw_send_bar_set_editing_long (self, FALSE);

  size = sw_format_size (length);
  /* Translators: the size of a message too long to show whole, e.g. “A long message: 5.2 MB”. */
  summary = g_strdup_printf (_("A long message: %s"), size);
  gtk_label_set_text (self->summary_label, summary);

  for (guint i = 0; i < PREVIEW_CHARS && *end != '\0'; i++)
    end = g_utf8_next_char (end);
  preview = g_strdup_printf ("%.*s…", (int) (end - text), text);
  gtk_label_set_text (self->preview_label, preview);

  editable = length <= EDITOR_BYTES_MAX && g_utf8_strlen (text, length) <= EDIT_AS_TEXT_MAX;
  self->fold_editable = editable;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "send-bar.edit-as-text", editable);
  gtk_widget_set_tooltip_text (self->edit_button,
                               editable
                               ? _("Show the whole message in the field; typing in a message this long can be slow")
                               : _("This message is too long to edit here"));

  sw_send_bar_show_folded (self, TRUE);
  /* What the field holds is no longer the message; not changed while it
   * may be inserting. */
  if (self->clear_source == 0)
    self->clear_source = g_idle_add_full (G_PRIORITY_HIGH, clear_buffer_cb, self, NULL);
  sw_send_bar_text_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  sw_send_bar_queue_encode (self);
}

/* Text too long for the field (pasted, typed, dropped) goes into the
 * message folded, before the field lays it out. */
static void
buffer_insert_text_cb (SwSendBar     *self,
                       GtkTextIter   *location,
                       const char    *text,
                       int            length,
                       GtkTextBuffer *buffer)
{
  GtkTextIter line_end = *location;
  GtkTextIter start, end;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GString *message;
  glong prefix;

  /* What the bar puts there itself fits. */
  if (self->replacing_text)
    return;

  prefix = gtk_text_iter_get_line_offset (location);
  if (!gtk_text_iter_ends_line (&line_end))
    gtk_text_iter_forward_to_line_end (&line_end);

  if (fits_editor (text, length, prefix, gtk_text_iter_get_line_offset (&line_end) - prefix,
                   gtk_text_buffer_get_char_count (buffer), self->editing_long))
    return;

  g_signal_stop_emission_by_name (buffer, "insert-text");

  /* Pasted into an empty field, usually: no copy more than needed. */
  if (gtk_text_buffer_get_char_count (buffer) == 0)
    {
      sw_send_bar_fold (self, g_ref_string_new_len (text, length));
      return;
    }

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  before = gtk_text_buffer_get_text (buffer, &start, location, FALSE);
  after = gtk_text_buffer_get_text (buffer, location, &end, FALSE);
  message = g_string_new (before);
  g_string_append_len (message, text, length);
  g_string_append (message, after);
  sw_send_bar_fold (self, g_ref_string_new_len (message->str, message->len));
  g_string_free (message, TRUE);
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
  gsize length = strlen (text);

  if (!fits_editor (text, length, 0, 0, 0, FALSE))
    {
      sw_send_bar_fold (self, g_ref_string_new_len (text, length));
      return;
    }

  sw_send_bar_set_editing_long (self, FALSE);
  sw_send_bar_show_folded (self, FALSE);

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

  /* A long message is not kept a hundred times over. */
  if (*text != '\0' && !self->folded && !self->editing_long
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
      sw_send_bar_flush (self);
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

  sw_send_bar_flush (self);

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

static void
paste_text_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SwSendBar *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  GtkTextBuffer *buffer;
  gboolean editable;

  /* Gone meanwhile. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (text == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self->text_view));
      return;
    }

  buffer = gtk_text_view_get_buffer (self->text_view);
  editable = gtk_text_view_get_editable (self->text_view);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, editable);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, editable);
  gtk_text_buffer_end_user_action (buffer);
  gtk_text_view_scroll_mark_onscreen (self->text_view, gtk_text_buffer_get_insert (buffer));
}

/* GTK 4.8 pastes into a text view through a text buffer of its own, which
 * holds the window for seconds with a few megabytes; the message is read
 * as plain text, and goes in folded when it is long. */
static void
text_view_paste_clipboard_cb (SwSendBar   *self,
                              GtkTextView *text_view)
{
  g_signal_stop_emission_by_name (text_view, "paste-clipboard");
  /* Not a reference: GTK 4.8 never ends some reads from other X11
   * programs (a transfer in parts, over 256 KiB), which would keep the
   * bar forever. Going away cancels it. */
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (text_view)),
                                 self->cancellable, paste_text_cb, self);
}

static void
edit_as_text_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SwSendBar *self = SW_SEND_BAR (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  if (!self->folded || !self->fold_editable)
    return;

  sw_send_bar_set_editing_long (self, TRUE);
  self->replacing_text = TRUE;
  gtk_text_buffer_set_text (buffer, self->text, -1);
  self->replacing_text = FALSE;
  sw_send_bar_show_folded (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SwSendBar *self = SW_SEND_BAR (widget);

  sw_send_bar_set_text (self, "");
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
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

  sw_send_bar_flush (self);
  if (self->error == NULL)
    return;

  /* A folded message is shown whole to point into it, if it can be. */
  if (self->folded)
    {
      if (!self->fold_editable)
        return;
      gtk_widget_activate_action (GTK_WIDGET (self), "send-bar.edit-as-text", NULL);
    }

  buffer = gtk_text_view_get_buffer (self->text_view);
  offset = MIN (self->error_offset, g_ref_string_length (self->text));
  gtk_text_buffer_get_iter_at_offset (buffer, &iter,
                                      g_utf8_pointer_to_offset (self->text, self->text + offset));
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_mark_onscreen (self->text_view, gtk_text_buffer_get_insert (buffer));
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/* Drop-downs and properties */

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

  sw_send_bar_flush (self);

  return self->text;
}

void
sw_send_bar_set_text (SwSendBar  *self,
                      const char *text)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));

  if (text == NULL)
    text = "";

  sw_send_bar_flush (self);
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

SwChecksum
sw_send_bar_get_checksum (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), SW_CHECKSUM_NONE);

  return self->checksum.kind;
}

/* A change of the checksum: the message encodes again (a long one in a
 * thread, as it does while typing). */
static void
sw_send_bar_checksum_changed (SwSendBar *self,
                              guint      prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  sw_send_bar_queue_encode (self);
}

/* One end of the range the checksum covers. */
static void
sw_send_bar_set_checksum_bound (SwSendBar *self,
                                guint     *bound,
                                guint      value,
                                guint      prop_id)
{
  if (*bound == value)
    return;

  *bound = value;
  sw_send_bar_checksum_changed (self, prop_id);
}

/**
 * sw_send_bar_set_checksum:
 *
 * Sets the checksum added after each message; its byte order stays as
 * it is (the drop-down a person uses preselects the algorithm's own).
 */
void
sw_send_bar_set_checksum (SwSendBar  *self,
                          SwChecksum  checksum)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));
  g_return_if_fail ((guint) checksum < SW_N_CHECKSUMS);

  if (self->checksum.kind == checksum)
    return;

  self->checksum.kind = checksum;
  sw_send_bar_checksum_changed (self, PROP_CHECKSUM);
}

SwByteOrder
sw_send_bar_get_checksum_byte_order (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), SW_BYTE_ORDER_BIG_ENDIAN);

  return self->checksum.order;
}

void
sw_send_bar_set_checksum_byte_order (SwSendBar   *self,
                                     SwByteOrder  byte_order)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));
  g_return_if_fail (byte_order == SW_BYTE_ORDER_BIG_ENDIAN || byte_order == SW_BYTE_ORDER_LITTLE_ENDIAN);

  if (self->checksum.order == byte_order)
    return;

  self->checksum.order = byte_order;
  sw_send_bar_checksum_changed (self, PROP_CHECKSUM_BYTE_ORDER);
}

guint
sw_send_bar_get_checksum_start (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), 0);

  return self->checksum.start;
}

void
sw_send_bar_set_checksum_start (SwSendBar *self,
                                guint      start)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));
  g_return_if_fail (start <= SW_SEND_BAR_CHECKSUM_RANGE_MAX);

  sw_send_bar_set_checksum_bound (self, &self->checksum.start, start, PROP_CHECKSUM_START);
}

guint
sw_send_bar_get_checksum_end_trim (SwSendBar *self)
{
  g_return_val_if_fail (SW_IS_SEND_BAR (self), 0);

  return self->checksum.end_trim;
}

void
sw_send_bar_set_checksum_end_trim (SwSendBar *self,
                                   guint      end_trim)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));
  g_return_if_fail (end_trim <= SW_SEND_BAR_CHECKSUM_RANGE_MAX);

  sw_send_bar_set_checksum_bound (self, &self->checksum.end_trim, end_trim, PROP_CHECKSUM_END_TRIM);
}

/**
 * sw_send_bar_get_checksum_spec:
 * @spec: (out caller-allocates): where to put it
 *
 * The checksum, its byte order and range, as one spec.
 */
void
sw_send_bar_get_checksum_spec (SwSendBar      *self,
                               SwChecksumSpec *spec)
{
  g_return_if_fail (SW_IS_SEND_BAR (self));
  g_return_if_fail (spec != NULL);

  *spec = self->checksum;
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

  sw_send_bar_flush (self);

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

  sw_send_bar_flush (self);

  return self->payload;
}

/* GObject */

static gboolean
sw_send_bar_grab_focus (GtkWidget *widget)
{
  SwSendBar *self = SW_SEND_BAR (widget);

  return gtk_widget_grab_focus (gtk_label_get_mnemonic_widget (self->message_label));
}

static void
sw_send_bar_dispose (GObject *object)
{
  SwSendBar *self = SW_SEND_BAR (object);

  if (self->scheduler != NULL)
    g_signal_handlers_disconnect_by_data (self->scheduler, self);
  g_clear_object (&self->scheduler);
  g_clear_handle_id (&self->text_source, g_source_remove);
  g_clear_handle_id (&self->clear_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* An encoding still running in a thread is for nobody. */
  self->encode_serial++;

  gtk_widget_dispose_template (GTK_WIDGET (object), SW_TYPE_SEND_BAR);

  G_OBJECT_CLASS (sw_send_bar_parent_class)->dispose (object);
}

static void
sw_send_bar_finalize (GObject *object)
{
  SwSendBar *self = SW_SEND_BAR (object);

  g_clear_pointer (&self->text, g_ref_string_release);
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
      g_value_set_string (value, sw_send_bar_get_text (self));
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

    case PROP_CHECKSUM:
      g_value_set_enum (value, self->checksum.kind);
      break;

    case PROP_CHECKSUM_BYTE_ORDER:
      g_value_set_enum (value, self->checksum.order);
      break;

    case PROP_CHECKSUM_START:
      g_value_set_uint (value, self->checksum.start);
      break;

    case PROP_CHECKSUM_END_TRIM:
      g_value_set_uint (value, self->checksum.end_trim);
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
      g_value_set_boxed (value, sw_send_bar_get_error (self));
      break;

    case PROP_PAYLOAD:
      g_value_set_boxed (value, sw_send_bar_get_payload (self));
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

    case PROP_CHECKSUM:
      sw_send_bar_set_checksum (self, g_value_get_enum (value));
      break;

    case PROP_CHECKSUM_BYTE_ORDER:
      sw_send_bar_set_checksum_byte_order (self, g_value_get_enum (value));
      break;

    case PROP_CHECKSUM_START:
      sw_send_bar_set_checksum_start (self, g_value_get_uint (value));
      break;

    case PROP_CHECKSUM_END_TRIM:
      sw_send_bar_set_checksum_end_trim (self, g_value_get_uint (value));
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

  /**
   * SwSendBar:checksum:
   *
   * The checksum added after each message, computed over the bytes from
   * #SwSendBar:checksum-start to #SwSendBar:checksum-end-trim bytes
   * before the end, in #SwSendBar:checksum-byte-order. A message too
   * short for the range does not encode (#SwSendBar:error says why).
   */
  properties[PROP_CHECKSUM] =
    g_param_spec_enum ("checksum", NULL, NULL,
                       SW_TYPE_CHECKSUM,
                       SW_CHECKSUM_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CHECKSUM_BYTE_ORDER] =
    g_param_spec_enum ("checksum-byte-order", NULL, NULL,
                       SW_TYPE_BYTE_ORDER,
                       SW_BYTE_ORDER_BIG_ENDIAN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CHECKSUM_START] =
    g_param_spec_uint ("checksum-start", NULL, NULL,
                       0, SW_SEND_BAR_CHECKSUM_RANGE_MAX, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CHECKSUM_END_TRIM] =
    g_param_spec_uint ("checksum-end-trim", NULL, NULL,
                       0, SW_SEND_BAR_CHECKSUM_RANGE_MAX, 0,
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

  g_type_ensure (SW_TYPE_CHECKSUM_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-send-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, message_stack);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, text_view);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, message_label);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, preview_label);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, edit_button);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, clear_button);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, send_button);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, error_label);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, size_label);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, checksum_preview_label);
  gtk_widget_class_bind_template_child (widget_class, SwSendBar, checksum_button);
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
  gtk_widget_class_bind_template_child_full (widget_class, "times_label", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "summary_box", FALSE, 0);
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
  gtk_widget_class_bind_template_callback (widget_class, text_view_paste_clipboard_cb);

  gtk_widget_class_install_action (widget_class, "send-bar.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "send-bar.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "send-bar.edit-as-text", NULL, edit_as_text_action);
  gtk_widget_class_install_action (widget_class, "send-bar.clear", NULL, clear_action);

  gtk_widget_class_set_css_name (widget_class, "sendbar");
}

static void
sw_send_bar_init (SwSendBar *self)
{
  GtkTextBuffer *buffer;

  /* Before the template, whose bindings start from these values. */
  self->text = g_ref_string_new ("");
  self->format = SW_PAYLOAD_FORMAT_TEXT;
  self->escapes = TRUE;
  self->line_ending = SW_LINE_ENDING_NONE;
  self->encoding = SW_ENCODING_UTF8;
  self->checksum = (SwChecksumSpec) SW_CHECKSUM_SPEC_INIT;
  self->can_send = TRUE;
  self->cancellable = g_cancellable_new ();
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
                               sw_enum_to_position, sw_position_to_enum, NULL, NULL);
  g_object_bind_property_full (self, "line-ending",
                               self->line_ending_drop_down, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               sw_enum_to_position, sw_position_to_enum, NULL, NULL);
  g_object_bind_property_full (self, "encoding",
                               self->encoding_drop_down, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               encoding_to_position_transform, position_to_encoding_transform,
                               NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (checksum_properties); i++)
    g_object_bind_property (self, checksum_properties[i].on_bar,
                            self->checksum_button, checksum_properties[i].on_button,
                            G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (self, "format",
                               self->text_options, "sensitive",
                               G_BINDING_SYNC_CREATE,
                               format_to_text_options_sensitive, NULL, NULL, NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  self->no_hyphens_tag = gtk_text_buffer_create_tag (buffer, NULL, "insert-hyphens", FALSE, NULL);
  g_signal_connect_object (buffer, "insert-text",
                           G_CALLBACK (buffer_insert_text_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "insert-text",
                           G_CALLBACK (buffer_insert_text_after_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (buffer, "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "send-bar.stop", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "send-bar.edit-as-text", FALSE);
  sw_send_bar_encode (self);
}
