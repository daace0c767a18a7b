/* sw-capture.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-engine.h"
#include "sw-transfer.h"

G_BEGIN_DECLS

/* What a capture holds at most that the disk has not taken yet. */
#define SW_CAPTURE_BUFFER_MAX (64 * 1024 * 1024)

#define SW_TYPE_CAPTURE (sw_capture_get_type ())

G_DECLARE_FINAL_TYPE (SwCapture, sw_capture, SW, CAPTURE, SwTransfer)

/* Writes every byte an engine receives from now on (or only what one of
 * its connections receives) to a file, raw and in order, whatever the
 * log's byte cap keeps, until stopped. The file is written as data
 * arrives, not through a temporary file: what was captured is there even
 * if the program stops.
 *
 * When the disk is slower than the network, TCP connections stop being
 * read (the peer slows down, nothing is lost) while the capture holds
 * more than a few MiB; what cannot be slowed (UDP, a relay) is buffered
 * up to SW_CAPTURE_BUFFER_MAX, beyond which the capture stops with an
 * error rather than grow. A write error (a full disk) stops it too, with
 * the reason; the session goes on either way.
 *
 * The log says when it started, stopped (bytes written) or failed (why).
 * #SwCapture:bytes-written is notified at most four times a second; the
 * state and the error are SwTransfer's. */
SwCapture       *sw_capture_new                (SwEngine             *engine,
                                                SwConnection         *connection,
                                                GFile                *file);

/* The one connection captured, or %NULL for all of the engine's. */
SwConnection    *sw_capture_get_connection     (SwCapture            *self);

/* Creates the file (replacing one that is there) and starts capturing;
 * completes once capturing, or with why the file could not be made. */
void             sw_capture_start_async        (SwCapture            *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean         sw_capture_start_finish       (SwCapture            *self,
                                                GAsyncResult         *result,
                                                GError              **error);
/* Stops capturing now, writes what is buffered and closes the file;
 * completes once it is closed (the state is then DONE), or with the
 * write error that failed the capture. A capture of one connection
 * stops by itself when that connection closes. */
void             sw_capture_stop_async         (SwCapture            *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean         sw_capture_stop_finish        (SwCapture            *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* Bytes in the file so far. */
guint64          sw_capture_get_bytes_written  (SwCapture            *self);

G_END_DECLS
