/* sw-escape.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-escape"

#include "config.h"

#include "sw-escape.h"
