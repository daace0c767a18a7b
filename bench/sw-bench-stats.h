/* sw-bench-stats.h: the figures the benchmarks print
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Orders doubles, for qsort() and g_array_sort(). */
static inline int
sw_bench_compare_doubles (gconstpointer a,
                          gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The value @p percent of @values (doubles) lie below, or 0 when empty. */
static inline double
sw_bench_percentile (GArray *values,
                     double  p)
{
  g_autoptr(GArray) sorted = NULL;
  guint index;

  if (values->len == 0)
    return 0;

  sorted = g_array_copy (values);
  g_array_sort (sorted, sw_bench_compare_doubles);
  index = MIN (sorted->len - 1, (guint) (p / 100.0 * sorted->len));

  return g_array_index (sorted, double, index);
}

G_END_DECLS
