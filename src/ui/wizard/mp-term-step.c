/* mp-term-step.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-term-step"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-error-box.h"
#include "mp-page-util.h"
#include "mp-term-step.h"
#include "mp-wizard-step.h"
#include "mp-wizard-util.h"

/* The subscription periods of the draft's plan, one radio row each with
 * its setup and recurring price at the amounts chosen so far (the summary
 * shows the marketplace's exact estimate).
 */
struct _MpTermStep
{
  AdwBin        parent_instance;

  /* Template Widgets */
  GtkListBox   *periods_list;
  GtkLabel     *problem_label;
  MpErrorBox   *error_box;

  /* Owned References */
  MpOrderDraft *draft;
  GPtrArray    *checks;   /* GtkCheckButton, in the plan's order (unowned) */

  /* State */
  guint         complete : 1;
  guint         updating : 1;
};

static void mp_term_step_wizard_step_init (MpWizardStepInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MpTermStep, mp_term_step, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (MP_TYPE_WIZARD_STEP, mp_term_step_wizard_step_init))

enum {
  PROP_0,
  PROP_DRAFT,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_state (MpTermStep *self)
{
  MpPlan *plan = mp_order_draft_get_plan (self->draft);
  MpPeriod *period = mp_order_draft_get_period (self->draft);
  GListModel *periods = plan != NULL ? mp_plan_get_periods (plan) : NULL;
  gboolean offered = plan != NULL && period != NULL && mp_plan_offers_period (plan, period);
  g_autofree char *problem = NULL;

  self->updating = TRUE;
  for (guint i = 0; i < self->checks->len; i++)
    {
      g_autoptr(MpPeriod) p = g_list_model_get_item (periods, i);

      gtk_check_button_set_active (g_ptr_array_index (self->checks, i),
                                   period != NULL && mp_period_equal (p, period));
    }
  self->updating = FALSE;

  if (plan != NULL && g_list_model_get_n_items (periods) == 0)
    problem = g_strdup (_("This service offers no subscription period: it cannot be ordered now."));
  else if (plan != NULL && period != NULL && !offered)
    {
      g_autofree char *name = mp_page_format_period (period);

      /* Translators: %s is a period such as "1 Year". */
      problem = g_strdup_printf (_("This service has no %s term. Choose one of the terms it offers."), name);
    }
  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);

  if (offered != self->complete)
    {
      self->complete = offered;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
    }
}

static void
check_toggled_cb (GtkCheckButton *check,
                  MpTermStep     *self)
{
  MpPlan *plan = mp_order_draft_get_plan (self->draft);
  g_autoptr(MpPeriod) period = NULL;
  guint index;

  if (self->updating || !gtk_check_button_get_active (check) || plan == NULL)
    return;
  if (!g_ptr_array_find (self->checks, check, &index))
    return;
  period = g_list_model_get_item (mp_plan_get_periods (plan), index);
  mp_error_box_clear (self->error_box);
  mp_order_draft_set_period (self->draft, period);
}

static void
rebuild (MpTermStep *self)
{
  MpPlan *plan = mp_order_draft_get_plan (self->draft);
  GListModel *periods = plan != NULL ? mp_plan_get_periods (plan) : NULL;
  guint n = periods != NULL ? g_list_model_get_n_items (periods) : 0;
  GtkCheckButton *group = NULL;

  mp_wizard_clear_list_box (self->periods_list);
  g_ptr_array_set_size (self->checks, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpPeriod) period = g_list_model_get_item (periods, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = mp_a11y_radio_new (NULL);
      g_autofree char *title = mp_page_format_period (period);
      g_autofree char *subtitle = NULL;
      MpMoney setup, recurring;

      if (mp_period_get_trial (period))
        {
          /* Translators: a trial period, e.g. "1 Month (Trial)". */
          g_autofree char *trial = g_strdup_printf (_("%s (Trial)"), title);

          g_free (title);
          title = g_steal_pointer (&trial);
        }
      if (mp_wizard_plan_price (plan, period, self->draft, &setup, &recurring))
        {
          g_autofree char *s = mp_money_format (&setup);
          g_autofree char *r = mp_money_format (&recurring);
          g_autofree char *per = mp_wizard_format_per (period);

          /* Translators: prices of a term: "Setup: $0.00 · Recurring: $3.00 per month". */
          subtitle = g_strdup_printf (_("Setup: %s · Recurring: %s %s"), s, r, per);
        }
      else
        subtitle = g_strdup (_("No price in this marketplace"));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (mp_period_get_trial (period))
        {
          GtkWidget *tag = gtk_label_new (_("Trial"));

          gtk_widget_add_css_class (tag, "accent");
          gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
        }
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      /* Named by the row's title (the row's activatable widget). */
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      g_ptr_array_add (self->checks, check);
      gtk_list_box_append (self->periods_list, row);
    }
  update_state (self);
}

static void
mp_term_step_constructed (GObject *object)
{
  MpTermStep *self = MP_TERM_STEP (object);

  G_OBJECT_CLASS (mp_term_step_parent_class)->constructed (object);

  g_signal_connect_object (self->draft, "notify::plan", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->draft, "notify::period", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  /* The prices follow the amounts chosen since. */
  g_signal_connect (self, "map", G_CALLBACK (rebuild), NULL);
  rebuild (self);
}

static void
mp_term_step_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MpTermStep *self = MP_TERM_STEP (object);

  switch (prop_id)
    {
    case PROP_DRAFT:
      g_value_set_object (value, self->draft);
      break;

    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_term_step_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MpTermStep *self = MP_TERM_STEP (object);

  switch (prop_id)
    {
    case PROP_DRAFT:
      self->draft = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_term_step_dispose (GObject *object)
{
  MpTermStep *self = MP_TERM_STEP (object);

  if (self->checks != NULL)
    g_ptr_array_set_size (self->checks, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_TERM_STEP);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (mp_term_step_parent_class)->dispose (object);
}

static void
mp_term_step_finalize (GObject *object)
{
  MpTermStep *self = MP_TERM_STEP (object);

  g_clear_pointer (&self->checks, g_ptr_array_unref);

  G_OBJECT_CLASS (mp_term_step_parent_class)->finalize (object);
}

/* MpWizardStep */

static const char *
mp_term_step_get_title (MpWizardStep *step)
{
  return _("Choose the Term");
}

static void
mp_term_step_show_refusal (MpWizardStep *step,
                           const GError *error,
                           const char   *subject)
{
  MpTermStep *self = MP_TERM_STEP (step);

  mp_error_box_set_error (self->error_box, _("The Marketplace Refused the Term"), error);
}

static void
mp_term_step_wizard_step_init (MpWizardStepInterface *iface)
{
  iface->get_title = mp_term_step_get_title;
  iface->show_refusal = mp_term_step_show_refusal;
}

static void
mp_term_step_class_init (MpTermStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mp_term_step_constructed;
  object_class->dispose = mp_term_step_dispose;
  object_class->finalize = mp_term_step_finalize;
  object_class->get_property = mp_term_step_get_property;
  object_class->set_property = mp_term_step_set_property;

  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL, MP_TYPE_ORDER_DRAFT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, PROP_COMPLETE, properties);
  g_object_class_override_property (object_class, PROP_COMPLETE, "complete");
  properties[PROP_COMPLETE] = g_object_class_find_property (object_class, "complete");

  g_type_ensure (MP_TYPE_ERROR_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/wizard/mp-term-step.ui");
  gtk_widget_class_bind_template_child (widget_class, MpTermStep, periods_list);
  gtk_widget_class_bind_template_child (widget_class, MpTermStep, problem_label);
  gtk_widget_class_bind_template_child (widget_class, MpTermStep, error_box);
}

static void
mp_term_step_init (MpTermStep *self)
{
  self->checks = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  mp_a11y_set_enter_advances (self->periods_list);
}

GtkWidget *
mp_term_step_new (MpOrderDraft *draft)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (draft), NULL);
  return g_object_new (MP_TYPE_TERM_STEP, "draft", draft, NULL);
}

gboolean
mp_term_step_get_complete (MpTermStep *self)
{
  g_return_val_if_fail (MP_IS_TERM_STEP (self), FALSE);
  return self->complete;
}

MpOrderDraft *
mp_term_step_get_draft (MpTermStep *self)
{
  g_return_val_if_fail (MP_IS_TERM_STEP (self), NULL);
  return self->draft;
}

gboolean
mp_term_step_choose (MpTermStep *self,
                     const char *unit,
                     gint64      duration)
{
  g_autoptr(MpPeriod) wanted = NULL;
  MpPlan *plan;

  g_return_val_if_fail (MP_IS_TERM_STEP (self), FALSE);

  plan = mp_order_draft_get_plan (self->draft);
  wanted = mp_period_new (unit, duration);
  mp_order_draft_set_period (self->draft, wanted);
  /* A period the plan lacks stays in the draft and is explained. */
  return plan != NULL && mp_plan_offers_period (plan, wanted);
}
