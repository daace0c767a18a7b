/* sw-send-file-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SW_TYPE_SEND_FILE_DIALOG (sw_send_file_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SwSendFileDialog, sw_send_file_dialog, SW, SEND_FILE_DIALOG, GtkWindow)

/* Asks how a file goes out over UDP before it is sent: the bytes of
 * each datagram, and how many go out a second or none as fast as the
 * socket takes them. What the person sends with is remembered
 * (GSettings) for the next file. Emits ::send, then closes. */
SwSendFileDialog *sw_send_file_dialog_new               (GtkWindow        *parent,
                                                         GFile            *file);

GFile            *sw_send_file_dialog_get_file          (SwSendFileDialog *self);
/* 1 to 65,507 bytes. */
guint             sw_send_file_dialog_get_datagram_size (SwSendFileDialog *self);
/* Datagrams a second, or 0: no limit. */
guint             sw_send_file_dialog_get_datagram_rate (SwSendFileDialog *self);

G_END_DECLS
