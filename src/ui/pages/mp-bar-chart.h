/* mp-bar-chart.h: a small horizontal bar chart
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MP_TYPE_BAR_CHART (mp_bar_chart_get_type ())

G_DECLARE_FINAL_TYPE (MpBarChart, mp_bar_chart, MP, BAR_CHART, GtkWidget)

/* One bar per entry, longest first as given: its label at the start, its
 * value's text at the end of the bar. The chart is an image to screen
 * readers, described by every label and value text; pages that show it
 * keep a table of the same figures beside it.
 */
GtkWidget  *mp_bar_chart_new             (void);
void        mp_bar_chart_clear           (MpBarChart *self);
void        mp_bar_chart_add_bar         (MpBarChart *self,
                                          const char *label,
                                          double      value,
                                          const char *value_text);
guint       mp_bar_chart_get_n_bars      (MpBarChart *self);
const char *mp_bar_chart_get_description (MpBarChart *self);

G_END_DECLS
