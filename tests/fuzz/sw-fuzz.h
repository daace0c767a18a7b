/* sw-fuzz.h: what the libFuzzer targets of tests/fuzz share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each target is a plain LLVMFuzzerTestOneInput() that asserts properties
 * with g_assert*() or abort(). Linked into every target, sw-fuzz.c makes
 * GLib warnings and criticals (a failed g_return_if_fail()) fatal, so a
 * broken precondition is a finding too, with or without G_DEBUG.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What each target defines. */
int           LLVMFuzzerTestOneInput (const guint8 *data,
                                      size_t        size);

/* Reads parameters and pieces from the input, front to back; once it is
 * used up, every read gives zeros and empty pieces. */
typedef struct
{
  const guint8 *data;
  gsize         size;
} SwFuzzInput;

guint8        sw_fuzz_take_byte      (SwFuzzInput  *input);
/* A value in [0, n), for choosing among n things. */
guint         sw_fuzz_take_choice    (SwFuzzInput  *input,
                                      guint         n);
/* Up to @max_length bytes, as many as a length byte says; points into
 * the input. */
const guint8 *sw_fuzz_take_bytes     (SwFuzzInput  *input,
                                      gsize         max_length,
                                      gsize        *length);
/* The rest of the input as a nul-terminated string (cut at a NUL). */
char         *sw_fuzz_take_string    (SwFuzzInput  *input);

/* Asserts that @text is valid UTF-8 without a NUL, as a view shows it. */
void          sw_fuzz_assert_utf8    (const char   *text,
                                      gssize        length);
/* Asserts that @error is of @domain with a code in [0, @max_code] and a
 * message a person can read: not empty, valid UTF-8. */
void          sw_fuzz_assert_error   (const GError *error,
                                      GQuark        domain,
                                      int           max_code);

G_END_DECLS
