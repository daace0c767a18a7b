/* sw-placeholder.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SW_PLACEHOLDER_ERROR (sw_placeholder_error_quark ())

typedef enum
{
  SW_PLACEHOLDER_ERROR_UNCLOSED,
  SW_PLACEHOLDER_ERROR_UNKNOWN,
  SW_PLACEHOLDER_ERROR_INVALID_ARGUMENT,
} SwPlaceholderError;

/* The most bytes {{random:N}} gives: the largest UDP payload. */
#define SW_PLACEHOLDER_RANDOM_MAX 65507
/* The widest {{counter:NN}}. */
#define SW_PLACEHOLDER_COUNTER_WIDTH_MAX 20

#define SW_TYPE_PLACEHOLDER_STATE (sw_placeholder_state_get_type ())

G_DECLARE_FINAL_TYPE (SwPlaceholderState, sw_placeholder_state, SW, PLACEHOLDER_STATE, GObject)

GQuark              sw_placeholder_error_quark       (void);

/* What a session keeps between sends: the counter, a random generator and
 * the clock. */
SwPlaceholderState *sw_placeholder_state_new         (void);
/* The number the next {{counter}} gives; 1 at first. */
guint64             sw_placeholder_state_get_counter (SwPlaceholderState *self);
void                sw_placeholder_state_set_counter (SwPlaceholderState *self,
                                                      guint64             counter);

G_END_DECLS
