/* sw-traffic-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-traffic-format.h"

G_BEGIN_DECLS

/* Writes every record the log holds to @file, as the traffic view shows
 * it in @mode (dated timestamps, payloads whole). The records are taken
 * when this is called; the file is written in a worker thread. */
void     sw_traffic_export_async  (SwTrafficLog         *log,
                                   GFile                *file,
                                   SwDisplayMode         mode,
                                   SwEncoding            encoding,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
/* Returns how many records were written, or 0 with @error set. */
gboolean sw_traffic_export_finish (SwTrafficLog         *log,
                                   GAsyncResult         *result,
                                   guint64              *n_records,
                                   GError              **error);

G_END_DECLS
