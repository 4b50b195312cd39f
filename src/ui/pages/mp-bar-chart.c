/* mp-bar-chart.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-bar-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-bar-chart.h"

/* Drawn with GtkSnapshot: a rounded bar per entry, scaled to the largest
 * value, the label in the widget's text colour above it and the value's text
 * after its end. No animation, nothing to click: the figures are in a table
 * beside it, which the keyboard and screen readers use.
 */
typedef struct
{
  char   *label;
  char   *value_text;
  double  value;
} Bar;

struct _MpBarChart
{
  GtkWidget  parent_instance;

  GArray    *bars;        /* Bar */
  char      *description;
};

G_DEFINE_FINAL_TYPE (MpBarChart, mp_bar_chart, GTK_TYPE_WIDGET)

#define BAR_HEIGHT 18
#define LABEL_GAP 4
#define ROW_GAP 12

static void
bar_clear (gpointer data)
{
  Bar *bar = data;

  g_free (bar->label);
  g_free (bar->value_text);
}

static int
row_height (MpBarChart *self,
            int        *label_height)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "Ag");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  g_object_unref (layout);
  if (label_height != NULL)
    *label_height = height;
  return height + LABEL_GAP + BAR_HEIGHT + ROW_GAP;
}

static void
mp_bar_chart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  MpBarChart *self = MP_BAR_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else
    *minimum = *natural = self->bars->len * row_height (self, NULL);
}

static void
mp_bar_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  MpBarChart *self = MP_BAR_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int label_height;
  int row = row_height (self, &label_height);
  GdkRGBA text_color;
  GdkRGBA bar_color = { 0.208, 0.518, 0.894, 1.0 };   /* the GNOME blue */
  double max = 0;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &text_color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  for (guint i = 0; i < self->bars->len; i++)
    max = MAX (max, g_array_index (self->bars, Bar, i).value);

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, bar->label);
      PangoLayout *value_layout = gtk_widget_create_pango_layout (widget, bar->value_text);
      int value_width;
      double y = i * row;
      double length;
      GskRoundedRect rect;

      pango_layout_get_pixel_size (value_layout, &value_width, NULL);
      pango_layout_set_width (layout, width * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y));
      gtk_snapshot_append_layout (snapshot, layout, &text_color);
      gtk_snapshot_restore (snapshot);

      /* Room for the value's text after the longest bar. */
      length = max > 0 ? MAX (2.0, (width - value_width - 8) * bar->value / max) : 2.0;
      gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (0, y + label_height + LABEL_GAP,
                                                                   length, BAR_HEIGHT), 3);
      gtk_snapshot_push_rounded_clip (snapshot, &rect);
      gtk_snapshot_append_color (snapshot, &bar_color, &rect.bounds);
      gtk_snapshot_pop (snapshot);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (length + 8, y + label_height + LABEL_GAP +
                                                              (BAR_HEIGHT - label_height) / 2.0));
      gtk_snapshot_append_layout (snapshot, value_layout, &text_color);
      gtk_snapshot_restore (snapshot);

      g_object_unref (layout);
      g_object_unref (value_layout);
    }
}

static void
update_description (MpBarChart *self)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);

      if (i > 0)
        g_string_append (text, "; ");
      /* Translators: one bar of a chart for screen readers, "Acme Corporation: $853.25". */
      g_string_append_printf (text, _("%s: %s"), bar->label, bar->value_text);
    }
  g_free (self->description);
  self->description = g_string_free (text, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->description, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
mp_bar_chart_finalize (GObject *object)
{
  MpBarChart *self = MP_BAR_CHART (object);

  g_clear_pointer (&self->bars, g_array_unref);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (mp_bar_chart_parent_class)->finalize (object);
}

static void
mp_bar_chart_class_init (MpBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mp_bar_chart_finalize;
  widget_class->measure = mp_bar_chart_measure;
  widget_class->snapshot = mp_bar_chart_snapshot;

  gtk_widget_class_set_css_name (widget_class, "barchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mp_bar_chart_init (MpBarChart *self)
{
  self->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (self->bars, bar_clear);
  self->description = g_strdup ("");
}

GtkWidget *
mp_bar_chart_new (void)
{
  return g_object_new (MP_TYPE_BAR_CHART, NULL);
}

void
mp_bar_chart_clear (MpBarChart *self)
{
  g_return_if_fail (MP_IS_BAR_CHART (self));

  g_array_set_size (self->bars, 0);
  update_description (self);
}

void
mp_bar_chart_add_bar (MpBarChart *self,
                      const char *label,
                      double      value,
                      const char *value_text)
{
  Bar bar = { NULL, NULL, 0 };

  g_return_if_fail (MP_IS_BAR_CHART (self));
  g_return_if_fail (label != NULL && value_text != NULL);

  bar.label = g_strdup (label);
  bar.value_text = g_strdup (value_text);
  bar.value = MAX (0.0, value);
  g_array_append_val (self->bars, bar);
  update_description (self);
}

guint
mp_bar_chart_get_n_bars (MpBarChart *self)
{
  g_return_val_if_fail (MP_IS_BAR_CHART (self), 0);
  return self->bars->len;
}

/* What screen readers hear: "Acme Corporation: $853.25; Globex Inc.: …". */
const char *
mp_bar_chart_get_description (MpBarChart *self)
{
  g_return_val_if_fail (MP_IS_BAR_CHART (self), NULL);
  return self->description;
}
