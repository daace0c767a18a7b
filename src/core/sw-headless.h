/* sw-headless.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Exit statuses of a headless run. */
#define SW_HEADLESS_EXIT_PASSED        0
#define SW_HEADLESS_EXIT_FAILED        1
#define SW_HEADLESS_EXIT_BAD_ARGUMENTS 2

typedef struct
{
  /* The name of a sequence of the library. */
  const char *sequence;
  /* tcp://HOST:PORT, tls://HOST:PORT or udp://HOST:PORT. */
  const char *uri;
  /* The library file; %NULL: the default one. */
  GFile      *library;
  /* Frames end with this (text with escapes, such as "\r\n"), which
   * they are matched without; %NULL or "": each chunk as read. */
  const char *delimiter;
} SwHeadlessOptions;

/* Runs a sequence of the message library over a new connection, without
 * a window: prints each step as it ends and the result to stdout, in
 * words, and what is wrong with the arguments to stderr. Iterates the
 * thread-default main context until done. Returns SW_HEADLESS_EXIT_*:
 * PASSED, FAILED (a step failed, or the connection could not be made),
 * BAD_ARGUMENTS (a bad URI, an unreadable library, no such sequence, a
 * sequence that cannot run). */
int sw_headless_run (const SwHeadlessOptions *options);

G_END_DECLS
