/* sw-step-result-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-step-result.h"

G_BEGIN_DECLS

#define SW_TYPE_STEP_RESULT_ROW (sw_step_result_row_get_type ())

G_DECLARE_FINAL_TYPE (SwStepResultRow, sw_step_result_row, SW, STEP_RESULT_ROW, GtkListBoxRow)

/* One step of a sequence run: pending, running, passed or failed, with
 * why and the frame that matched (or arrived instead); it follows the
 * result as the run goes. */
GtkWidget    *sw_step_result_row_new        (SwStepResult    *result);

SwStepResult *sw_step_result_row_get_result (SwStepResultRow *self);
/* What the row says, as a screen reader reads it. */
char         *sw_step_result_row_describe   (SwStepResultRow *self);

G_END_DECLS
