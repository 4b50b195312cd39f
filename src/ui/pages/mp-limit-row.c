/* mp-limit-row.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-limit-row"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-limit-row.h"
#include "mp-spin-range.h"

/* libadwaita 1.2 has no AdwSpinRow: this is an action row with a spin
 * button suffix, as gnome-text-editor's preferences spin row. It shows the
 * resource's current limit and usage in the subtitle, and the difference
 * the new value makes beside the spin button.
 */
struct _MpLimitRow
{
  AdwActionRow            parent_instance;

  /* Widgets */
  GtkSpinButton          *spin_button;
  GtkLabel               *difference_label;

  /* Owned References */
  MpSubscriptionResource *resource;

  /* State */
  gint64                  minimum;
  gint64                  maximum;   /* -1: none */
};

G_DEFINE_FINAL_TYPE (MpLimitRow, mp_limit_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_subtitle (MpLimitRow *self)
{
  GString *subtitle = g_string_new (NULL);
  gint64 usage = mp_subscription_resource_get_usage (self->resource);
  g_autofree char *range = mp_spin_range_describe (self->minimum,
                                                   self->maximum < G_MAXINT32 ? self->maximum : -1);

  /* Translators: a resource's limit before the change. */
  g_string_append_printf (subtitle, _("Current limit: %'d"),
                          (int) mp_subscription_resource_get_quantity (self->resource));
  if (usage >= 0)
    {
      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle, _("In use: %'d"), (int) usage);
    }
  g_string_append (subtitle, " · ");
  /* Translators: %s is a range of amounts ("1–300", "exactly 1", "1 or more"). */
  g_string_append_printf (subtitle, _("Allowed: %s"), range);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle->str);
  g_string_free (subtitle, TRUE);
}

static void
update_difference (MpLimitRow *self)
{
  gint64 difference = mp_limit_row_get_value (self) - mp_limit_row_get_current (self);
  g_autofree char *text = mp_spin_range_dup_problem (self->spin_button);

  gtk_widget_remove_css_class (GTK_WIDGET (self->difference_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->difference_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->difference_label), "dim-label");
  gtk_widget_remove_css_class (GTK_WIDGET (self->difference_label), "error");
  /* Out of range, it says what is allowed where the user types; below
   * what is in use, it says so.
   */
  if (text != NULL && mp_limit_row_get_value (self) < mp_subscription_resource_get_usage_floor (self->resource))
    {
      g_free (text);
      /* Translators: beside a new limit below the usage: how many are in
       * use, then the smallest limit allowed. */
      text = g_strdup_printf (_("%'d in use: at least %'d"),
                              (int) mp_subscription_resource_get_usage (self->resource), (int) self->minimum);
    }
  if (text != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->difference_label), "error");
  else if (difference > 0)
    {
      text = g_strdup_printf ("+%'d", (int) difference);
      gtk_widget_add_css_class (GTK_WIDGET (self->difference_label), "success");
    }
  else if (difference < 0)
    {
      /* A real minus sign, not a hyphen. */
      text = g_strdup_printf ("−%'d", (int) -difference);
      gtk_widget_add_css_class (GTK_WIDGET (self->difference_label), "warning");
    }
  else
    {
      text = g_strdup (_("No change"));
      gtk_widget_add_css_class (GTK_WIDGET (self->difference_label), "dim-label");
    }
  gtk_label_set_text (self->difference_label, text);
}

static void
value_changed_cb (MpLimitRow *self)
{
  update_difference (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

static void
mp_limit_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MpLimitRow *self = MP_LIMIT_ROW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_int64 (value, mp_limit_row_get_value (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_limit_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MpLimitRow *self = MP_LIMIT_ROW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      mp_limit_row_set_value (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_limit_row_dispose (GObject *object)
{
  MpLimitRow *self = MP_LIMIT_ROW (object);

  g_clear_object (&self->resource);

  G_OBJECT_CLASS (mp_limit_row_parent_class)->dispose (object);
}

static void
mp_limit_row_class_init (MpLimitRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mp_limit_row_dispose;
  object_class->get_property = mp_limit_row_get_property;
  object_class->set_property = mp_limit_row_set_property;

  properties[PROP_VALUE] =
    g_param_spec_int64 ("value", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_limit_row_init (MpLimitRow *self)
{
  GtkBox *box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12));

  self->difference_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_width_chars (self->difference_label, 9);
  gtk_label_set_xalign (self->difference_label, 1.0);
  gtk_widget_add_css_class (GTK_WIDGET (self->difference_label), "numeric");
  gtk_box_append (box, GTK_WIDGET (self->difference_label));

  self->spin_button = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, G_MAXINT32, 1));
  gtk_spin_button_set_numeric (self->spin_button, TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->spin_button), 6);
  gtk_spin_button_set_update_policy (self->spin_button, GTK_UPDATE_IF_VALID);
  gtk_widget_set_valign (GTK_WIDGET (self->spin_button), GTK_ALIGN_CENTER);
  gtk_box_append (box, GTK_WIDGET (self->spin_button));

  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (box));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), GTK_WIDGET (self->spin_button));
  /* Keep the explicit name: the row's title label would be read after it. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->spin_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  g_signal_connect_object (self->spin_button, "value-changed", G_CALLBACK (value_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* As the user types, before Enter: the page shows the price or why not. */
  g_signal_connect_object (self->spin_button, "changed", G_CALLBACK (value_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
mp_limit_row_new (MpSubscriptionResource *resource,
                  gint64                  minimum,
                  gint64                  maximum)
{
  MpLimitRow *self;
  g_autofree char *accessible = NULL;

  g_return_val_if_fail (MP_IS_SUBSCRIPTION_RESOURCE (resource), NULL);

  self = g_object_new (MP_TYPE_LIMIT_ROW, NULL);
  self->resource = g_object_ref (resource);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), mp_subscription_resource_get_name (resource));
  self->minimum = MAX (minimum, 0);
  self->maximum = maximum;
  mp_spin_range_setup (self->spin_button, minimum, maximum);
  gtk_spin_button_set_value (self->spin_button, mp_subscription_resource_get_quantity (resource));

  /* Translators: the accessible name of a spin button; %s is a resource. */
  accessible = g_strdup_printf (_("New limit for %s"), mp_subscription_resource_get_name (resource));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spin_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->spin_button), accessible);
  update_subtitle (self);
  update_difference (self);
  return GTK_WIDGET (self);
}

const char *
mp_limit_row_get_mpn (MpLimitRow *self)
{
  g_return_val_if_fail (MP_IS_LIMIT_ROW (self), NULL);
  return mp_subscription_resource_get_mpn (self->resource);
}

gint64
mp_limit_row_get_current (MpLimitRow *self)
{
  g_return_val_if_fail (MP_IS_LIMIT_ROW (self), 0);
  return mp_subscription_resource_get_quantity (self->resource);
}

gint64
mp_limit_row_get_value (MpLimitRow *self)
{
  g_return_val_if_fail (MP_IS_LIMIT_ROW (self), 0);
  return mp_spin_range_get_value (self->spin_button);
}

void
mp_limit_row_set_value (MpLimitRow *self,
                        gint64      value)
{
  g_return_if_fail (MP_IS_LIMIT_ROW (self));
  gtk_spin_button_set_value (self->spin_button, (double) value);
}

/* After a reload: the current limit and usage change, the typed value
 * stays.
 */
void
mp_limit_row_set_resource (MpLimitRow             *self,
                           MpSubscriptionResource *resource)
{
  g_return_if_fail (MP_IS_LIMIT_ROW (self));
  g_return_if_fail (MP_IS_SUBSCRIPTION_RESOURCE (resource));

  g_set_object (&self->resource, resource);
  update_subtitle (self);
  update_difference (self);
}

GtkSpinButton *
mp_limit_row_get_spin_button (MpLimitRow *self)
{
  g_return_val_if_fail (MP_IS_LIMIT_ROW (self), NULL);
  return self->spin_button;
}
