/* sw-traffic-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-traffic-log"

#include "config.h"

#include "sw-traffic-log.h"
