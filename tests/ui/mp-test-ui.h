/* mp-test-ui.h: helpers shared by the UI tests.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Spins the default main context until COND holds; fails the test after MS
 * milliseconds. A 10 ms timer keeps the loop waking up to re-check.
 */
#define MP_WAIT_UNTIL(cond, ms)                                               \
  G_STMT_START {                                                              \
    gint64 _mp_end = g_get_monotonic_time () + (gint64) (ms) * 1000;          \
    guint _mp_wake = g_timeout_add (10, mp_test_wake_cb, NULL);               \
    while (!(cond))                                                           \
      {                                                                       \
        if (g_get_monotonic_time () > _mp_end)                                \
          g_error ("Timed out after %d ms waiting for: %s", (int) (ms), #cond); \
        g_main_context_iteration (NULL, TRUE);                                \
      }                                                                       \
    g_source_remove (_mp_wake);                                               \
  } G_STMT_END

gboolean mp_test_wake_cb        (gpointer    data);
gboolean mp_test_init_gtk       (int        *argc,
                                 char     ***argv);
gboolean mp_test_render_png     (GtkWidget  *widget,
                                 const char *name,
                                 GError    **error);
char    *mp_test_artifact_path  (const char *name);

G_END_DECLS
