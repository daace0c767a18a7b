/* sw-session-page-files.h: the page base's files, across its sources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-capture-bar.h"
#include "sw-connection-list.h"
#include "sw-session-page.h"
#include "sw-transfer-bar.h"

G_BEGIN_DECLS

/* Send File… and Capture to File… of one session page: the choosers,
 * the UDP dialog, the file going out and the capture, shown by the
 * page's transfer bar and capture bar (issue #12). */
typedef struct _SwPageFiles SwPageFiles;

/* Installs page.send-file, page.capture, page.capture-client and
 * page.stop-capture. */
void          _sw_page_files_class_init   (GtkWidgetClass   *widget_class);
SwPageFiles  *_sw_page_files_new          (SwSessionPage    *page,
                                           SwTransferBar    *transfer_bar,
                                           SwCaptureBar     *capture_bar);
/* The page goes: what runs is cancelled or stopped, dialogs close. */
void          _sw_page_files_free         (SwPageFiles      *files);
/* Enables the actions: @can_send, the kind's; @list (nullable), the
 * connections a capture of one picks from. */
void          _sw_page_files_update       (SwPageFiles      *files,
                                           gboolean          can_send,
                                           SwConnectionList *list);
/* Why messages cannot be sent while a file goes out, or %NULL. */
const char   *_sw_page_files_get_busy_reason (SwPageFiles   *files);

/* In sw-session-page.c: the page's files, and telling it that what the
 * send bar can do changed. */
SwPageFiles  *_sw_session_page_get_files  (SwSessionPage    *self);
void          _sw_session_page_update_can_send (SwSessionPage *self);

G_END_DECLS
