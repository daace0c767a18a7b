/* sw-placeholder-private.h: the scanner the codec uses, and test hooks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-placeholder.h"

G_BEGIN_DECLS

typedef enum
{
  SW_PLACEHOLDER_COUNTER,
  SW_PLACEHOLDER_TIME,
  SW_PLACEHOLDER_DATE,
  SW_PLACEHOLDER_UNIXTIME,
  SW_PLACEHOLDER_RANDOM,
} SwPlaceholderKind;

typedef struct
{
  gsize             start;     /* byte offset of "{{" */
  gsize             end;       /* byte offset just after "}}" */
  SwPlaceholderKind kind;
  guint             argument;  /* counter: width (0 none); random: bytes */
  gboolean          zero_pad;  /* counter: "{{counter:04}}" */
} SwPlaceholder;

/* The time the placeholders of one expansion read. */
typedef GDateTime *(*SwPlaceholderClockFunc) (gpointer user_data);

/* Appends the placeholders of @text to @placeholders (an array of
 * SwPlaceholder), in order. At the first malformed one, returns FALSE
 * with @error set and *@error_offset at its "{{"; the ones before it are
 * in @placeholders. */
gboolean _sw_placeholder_scan                (const char              *text,
                                              gsize                    length,
                                              GArray                  *placeholders,
                                              gsize                   *error_offset,
                                              GError                 **error);

/* One expansion of a text: reads the clock once and takes the counter. */
typedef struct
{
  SwPlaceholderState *state;
  GDateTime          *now;
  guint64             counter;
  gboolean            counter_used;
} SwPlaceholderExpansion;

void     _sw_placeholder_expansion_init      (SwPlaceholderExpansion  *expansion,
                                              SwPlaceholderState      *state);
/* The value of @placeholder: ASCII text (*@is_text TRUE, for the caller
 * to encode), or raw bytes for {{random:N}}. */
GBytes  *_sw_placeholder_expansion_value     (SwPlaceholderExpansion  *expansion,
                                              const SwPlaceholder     *placeholder,
                                              gboolean                *is_text);
/* Ends the expansion; with @commit, the counter moves on if it was used. */
void     _sw_placeholder_expansion_clear     (SwPlaceholderExpansion  *expansion,
                                              gboolean                 commit);

/* Test hooks: a fixed clock and a seeded generator. */
void     _sw_placeholder_state_set_clock     (SwPlaceholderState      *self,
                                              SwPlaceholderClockFunc   clock,
                                              gpointer                 user_data);
void     _sw_placeholder_state_set_seed      (SwPlaceholderState      *self,
                                              guint32                  seed);

G_END_DECLS
