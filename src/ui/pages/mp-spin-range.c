/* mp-spin-range.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-spin-range"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-spin-range.h"

/* GtkSpinButton with GTK_UPDATE_IF_VALID reverts an out-of-range text to
 * the last value on Enter or focus-out, and GTK_UPDATE_ALWAYS clamps it:
 * either way without a word. Here the adjustment keeps the real bounds
 * (so that the buttons stop there) until the user types a number outside
 * them; the "input" handler then widens the adjustment just enough to take
 * that number, and the bounds come back as soon as the value is within
 * them again.
 */

typedef struct
{
  gint64 minimum;
  gint64 maximum;   /* -1: none */
} Range;

#define RANGE_KEY "mp-spin-range"

static Range *
get_range (GtkSpinButton *spin)
{
  return g_object_get_data (G_OBJECT (spin), RANGE_KEY);
}

static double
upper_bound (const Range *range)
{
  return range->maximum >= 0 ? (double) MIN (range->maximum, G_MAXINT32) : (double) G_MAXINT32;
}

/* The number the entry holds: digits only (the spin button is numeric). */
static gboolean
parse_text (GtkSpinButton *spin,
            gint64        *value)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin))));
  guint64 number;

  if (*text == '\0' || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &number, NULL))
    return FALSE;
  *value = (gint64) number;
  return TRUE;
}

static gboolean
in_range (const Range *range,
          gint64       value)
{
  return value >= range->minimum && (range->maximum < 0 || value <= range->maximum);
}

static void
update_style (GtkSpinButton *spin)
{
  if (mp_spin_range_get_valid (spin))
    gtk_widget_remove_css_class (GTK_WIDGET (spin), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (spin), "error");
}

static int
input_cb (GtkSpinButton *spin,
          double        *new_value,
          gpointer       user_data)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  gint64 value;

  if (!parse_text (spin, &value))
    return FALSE;   /* not a number: GTK's own handling */
  /* Widen the bounds to take the typed number as it is. */
  if ((double) value > gtk_adjustment_get_upper (adjustment))
    gtk_adjustment_set_upper (adjustment, (double) value);
  if ((double) value < gtk_adjustment_get_lower (adjustment))
    gtk_adjustment_set_lower (adjustment, (double) value);
  *new_value = (double) value;
  return TRUE;
}

static void
value_changed_cb (GtkSpinButton *spin,
                  gpointer       user_data)
{
  Range *range = get_range (spin);
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  double value = gtk_adjustment_get_value (adjustment);

  /* Back within range: the buttons stop at the bounds again. */
  if (value >= (double) range->minimum && value <= upper_bound (range))
    {
      gtk_adjustment_set_lower (adjustment, (double) range->minimum);
      gtk_adjustment_set_upper (adjustment, upper_bound (range));
    }
  update_style (spin);
}

static void
text_changed_cb (GtkSpinButton *spin,
                 gpointer       user_data)
{
  update_style (spin);
}

void
mp_spin_range_setup (GtkSpinButton *spin,
                     gint64         minimum,
                     gint64         maximum)
{
  Range *range;

  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));

  range = g_new0 (Range, 1);
  range->minimum = MAX (minimum, 0);
  range->maximum = maximum;
  if (get_range (spin) == NULL)
    {
      g_signal_connect (spin, "input", G_CALLBACK (input_cb), NULL);
      g_signal_connect (spin, "value-changed", G_CALLBACK (value_changed_cb), NULL);
      g_signal_connect (spin, "changed", G_CALLBACK (text_changed_cb), NULL);
    }
  g_object_set_data_full (G_OBJECT (spin), RANGE_KEY, range, g_free);
  gtk_spin_button_set_numeric (spin, TRUE);
  gtk_spin_button_set_update_policy (spin, GTK_UPDATE_IF_VALID);
  gtk_spin_button_set_range (spin, (double) range->minimum, upper_bound (range));
  update_style (spin);
}

gint64
mp_spin_range_get_value (GtkSpinButton *spin)
{
  gint64 value;

  g_return_val_if_fail (GTK_IS_SPIN_BUTTON (spin), 0);

  if (parse_text (spin, &value))
    return value;
  return (gint64) gtk_spin_button_get_value (spin);
}

gboolean
mp_spin_range_get_valid (GtkSpinButton *spin)
{
  Range *range;

  g_return_val_if_fail (GTK_IS_SPIN_BUTTON (spin), FALSE);

  range = get_range (spin);
  return range == NULL || in_range (range, mp_spin_range_get_value (spin));
}

char *
mp_spin_range_dup_problem (GtkSpinButton *spin)
{
  Range *range;
  gint64 value;

  g_return_val_if_fail (GTK_IS_SPIN_BUTTON (spin), NULL);

  range = get_range (spin);
  if (range == NULL)
    return NULL;
  value = mp_spin_range_get_value (spin);
  if (range->maximum >= 0 && value > range->maximum)
    /* Translators: beside an amount typed above the allowed maximum. */
    return g_strdup_printf (_("At most %'d"), (int) MIN (range->maximum, G_MAXINT32));
  if (value < range->minimum)
    /* Translators: beside an amount typed below the allowed minimum. */
    return g_strdup_printf (_("At least %'d"), (int) range->minimum);
  return NULL;
}

static void
update_message (GtkSpinButton *spin,
                GtkLabel      *message)
{
  g_autofree char *problem = mp_spin_range_dup_problem (spin);

  gtk_label_set_text (message, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (message), problem != NULL);
}

GtkWidget *
mp_spin_range_new_message (GtkSpinButton *spin)
{
  GtkWidget *message;

  g_return_val_if_fail (GTK_IS_SPIN_BUTTON (spin), NULL);

  message = gtk_label_new (NULL);
  gtk_widget_add_css_class (message, "error");
  g_signal_connect_object (spin, "changed", G_CALLBACK (update_message), message, 0);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (update_message), message, 0);
  update_message (spin, GTK_LABEL (message));
  return message;
}

char *
mp_spin_range_describe (gint64 minimum,
                        gint64 maximum)
{
  if (maximum >= 0 && minimum == maximum)
    return g_strdup_printf (_("exactly %'d"), (int) minimum);
  if (maximum >= 0)
    return g_strdup_printf (_("%'d–%'d"), (int) minimum, (int) MIN (maximum, G_MAXINT32));
  return g_strdup_printf (_("%'d or more"), (int) minimum);
}
