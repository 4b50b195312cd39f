/* bench-util.h: what the GUI benchmarks share: waiting on the main loop,
 * signing in, counting painted frames, printing medians.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "mp-api.h"

G_BEGIN_DECLS

/* Frames painted by the windows bench_watch_paints() was given, and when
 * the last one was (monotonic microseconds).
 */
extern guint  bench_paints;
extern gint64 bench_last_paint;

guint      bench_wake_every       (guint        interval_ms);
void       bench_give_up          (const char  *what) G_GNUC_NORETURN;
void       bench_login            (MpClient    *client);
void       bench_watch_paints     (GtkWidget   *window);
/* Sorts VALUES and prints "  LABEL  median (min-max) UNIT" with DIGITS
 * decimals; UNIT may be NULL.
 */
void       bench_print_median     (const char  *label,
                                   double      *values,
                                   guint        n,
                                   int          digits,
                                   const char  *unit);

/* Runs the main loop until COND holds, waking at least every WAKE_MS;
 * gives up (exit 1) after SECONDS.
 */
#define BENCH_SPIN_UNTIL(cond, seconds, wake_ms)                               \
  G_STMT_START {                                                               \
    gint64 _end = g_get_monotonic_time () + (gint64) (seconds) * G_USEC_PER_SEC; \
    guint _wake = bench_wake_every (wake_ms);                                  \
    while (!(cond) && g_get_monotonic_time () < _end)                          \
      g_main_context_iteration (NULL, TRUE);                                   \
    g_source_remove (_wake);                                                   \
    if (!(cond))                                                               \
      bench_give_up (#cond);                                                   \
  } G_STMT_END

G_END_DECLS
