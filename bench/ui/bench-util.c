/* bench-util.c: what the GUI benchmarks share.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"

guint  bench_paints;
gint64 bench_last_paint;

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

guint
bench_wake_every (guint interval_ms)
{
  return g_timeout_add (interval_ms, wake_cb, NULL);
}

void
bench_give_up (const char *what)
{
  g_printerr ("%s: gave up waiting for %s\n", g_get_prgname (), what);
  exit (1);
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  MpAccount **account = user_data;
  g_autoptr(GError) error = NULL;

  *account = mp_client_login_finish (MP_CLIENT (object), result, &error);
  if (*account == NULL)
    {
      g_printerr ("%s: login failed: %s\n", g_get_prgname (), error->message);
      exit (1);
    }
}

/* Signs CLIENT in, or exits. */
void
bench_login (MpClient *client)
{
  g_autoptr(MpAccount) account = NULL;

  mp_client_login_async (client, NULL, login_cb, &account);
  BENCH_SPIN_UNTIL (account != NULL, 30, 5);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  bench_paints++;
  bench_last_paint = g_get_monotonic_time ();
}

static void
realize_cb (GtkWidget *widget,
            gpointer   user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
}

/* Counts WINDOW's painted frames in bench_paints, from now if it is
 * realized, else from its realization.
 */
void
bench_watch_paints (GtkWidget *window)
{
  if (gtk_widget_get_realized (window))
    realize_cb (window, NULL);
  else
    g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

void
bench_print_median (const char *label,
                    double     *values,
                    guint       n,
                    int         digits,
                    const char *unit)
{
  qsort (values, n, sizeof *values, compare_double);
  printf ("  %-42s %8.*f (%.*f-%.*f)%s%s\n", label, digits, values[n / 2], digits, values[0], digits,
          values[n - 1], unit != NULL ? " " : "", unit != NULL ? unit : "");
}
