/* mp-spin-range.h: spin buttons that say their range and keep what was typed
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Bounds SPIN to MINIMUM ... MAXIMUM (MAXIMUM -1: no maximum). Its buttons
 * stop at the bounds, but a number typed out of range is neither clamped
 * nor reverted, on Enter or when the focus leaves: it stays as typed, the
 * spin button takes the error style, and mp_spin_range_dup_problem() says
 * what is allowed, for the caller to show beside it and to keep its
 * OK/Add insensitive.
 */
void      mp_spin_range_setup        (GtkSpinButton *spin,
                                      gint64         minimum,
                                      gint64         maximum);
/* The number in the entry, as typed so far (before Enter too); the spin
 * button's value when the entry holds no number.
 */
gint64    mp_spin_range_get_value    (GtkSpinButton *spin);
gboolean  mp_spin_range_get_valid    (GtkSpinButton *spin);
/* "At most 250", "At least 1"; NULL when the value is within range. */
char     *mp_spin_range_dup_problem  (GtkSpinButton *spin);
/* A label for beside SPIN: what is allowed while the value is out of
 * range, in the error style; hidden otherwise. It follows by itself.
 */
GtkWidget *mp_spin_range_new_message (GtkSpinButton *spin);
/* "1–250", "exactly 1", "1 or more" (MAXIMUM -1: no maximum). */
char     *mp_spin_range_describe     (gint64         minimum,
                                      gint64         maximum);

G_END_DECLS
