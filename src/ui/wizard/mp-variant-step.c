/* mp-variant-step.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-variant-step"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-error-box.h"
#include "mp-variant-step.h"
#include "mp-wizard-step.h"
#include "mp-wizard-util.h"

/* The control panel's "Connector for Resellers" or "Connector for
 * Customer" choice: one radio row per plan of the product line. The
 * preferred variant (given by whoever opens the step, since the step does
 * not know who buys) is chosen first, and the reason is said.
 */
struct _MpVariantStep
{
  AdwBin        parent_instance;

  /* Template Widgets */
  GtkLabel     *explanation_label;
  GtkListBox   *variants_list;
  GtkSpinner   *spinner;
  MpErrorBox   *error_box;

  /* Owned References */
  MpSession    *session;
  MpOrderDraft *draft;
  GListModel   *variants;
  GCancellable *cancellable;
  GPtrArray    *checks;   /* GtkCheckButton per variant (unowned) */
  char         *loading_id;

  /* State */
  guint         complete : 1;
  guint         updating : 1;
};

static void mp_variant_step_wizard_step_init (MpWizardStepInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MpVariantStep, mp_variant_step, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (MP_TYPE_WIZARD_STEP, mp_variant_step_wizard_step_init))

enum {
  PROP_0,
  PROP_SESSION,
  PROP_DRAFT,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_state (MpVariantStep *self)
{
  MpPlan *plan = mp_order_draft_get_plan (self->draft);
  gboolean complete = FALSE;
  guint n = self->variants != NULL ? g_list_model_get_n_items (self->variants) : 0;

  self->updating = TRUE;
  for (guint i = 0; i < n && i < self->checks->len; i++)
    {
      g_autoptr(MpPlan) variant = g_list_model_get_item (self->variants, i);
      gboolean chosen = plan != NULL && g_strcmp0 (mp_plan_get_id (plan), mp_plan_get_id (variant)) == 0;

      if (self->loading_id == NULL)
        gtk_check_button_set_active (g_ptr_array_index (self->checks, i), chosen);
      complete = complete || (chosen && mp_plan_has_details (plan));
    }
  self->updating = FALSE;

  complete = complete && self->loading_id == NULL;
  gtk_spinner_set_spinning (self->spinner, self->loading_id != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->loading_id != NULL);
  if (complete != self->complete)
    {
      self->complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
    }
}

static void
plan_fetched_cb (gpointer      user_data,
                 MpPlan       *plan,
                 const GError *error)
{
  MpVariantStep *self = user_data;

  g_clear_pointer (&self->loading_id, g_free);
  update_state (self);
}

static void
choose_plan (MpVariantStep *self,
             MpPlan        *variant)
{
  MpPlan *current = mp_order_draft_get_plan (self->draft);

  if (current != NULL && g_strcmp0 (mp_plan_get_id (current), mp_plan_get_id (variant)) == 0 &&
      mp_plan_has_details (current) && self->loading_id == NULL)
    return;

  mp_error_box_clear (self->error_box);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->loading_id);
  self->loading_id = g_strdup (mp_plan_get_id (variant));
  update_state (self);
  mp_wizard_fetch_plan (mp_session_get_client (self->session), self->draft, mp_plan_get_id (variant),
                        self->error_box, self->cancellable, plan_fetched_cb, self);
}

static void
check_toggled_cb (GtkCheckButton *check,
                  MpVariantStep  *self)
{
  guint index;
  g_autoptr(MpPlan) variant = NULL;

  if (self->updating || !gtk_check_button_get_active (check))
    return;
  if (!g_ptr_array_find (self->checks, check, &index))
    return;
  variant = g_list_model_get_item (self->variants, index);
  choose_plan (self, variant);
}

static void
mp_variant_step_constructed (GObject *object)
{
  MpVariantStep *self = MP_VARIANT_STEP (object);

  G_OBJECT_CLASS (mp_variant_step_parent_class)->constructed (object);

  g_signal_connect_object (self->draft, "notify::plan", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
}

static void
mp_variant_step_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MpVariantStep *self = MP_VARIANT_STEP (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

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
mp_variant_step_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MpVariantStep *self = MP_VARIANT_STEP (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_DRAFT:
      self->draft = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_variant_step_dispose (GObject *object)
{
  MpVariantStep *self = MP_VARIANT_STEP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->checks != NULL)
    g_ptr_array_set_size (self->checks, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_VARIANT_STEP);
  g_clear_object (&self->variants);
  g_clear_object (&self->draft);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_variant_step_parent_class)->dispose (object);
}

static void
mp_variant_step_finalize (GObject *object)
{
  MpVariantStep *self = MP_VARIANT_STEP (object);

  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->loading_id, g_free);

  G_OBJECT_CLASS (mp_variant_step_parent_class)->finalize (object);
}

/* MpWizardStep */

static const char *
mp_variant_step_get_title (MpWizardStep *step)
{
  return _("Choose the Variant");
}

/* Only a choice between two variants or more is a step. */
static gboolean
mp_variant_step_get_applies (MpWizardStep *step)
{
  MpVariantStep *self = MP_VARIANT_STEP (step);

  return self->variants != NULL && g_list_model_get_n_items (self->variants) > 1;
}

static void
mp_variant_step_show_refusal (MpWizardStep *step,
                              const GError *error,
                              const char   *subject)
{
  MpVariantStep *self = MP_VARIANT_STEP (step);

  mp_error_box_set_error (self->error_box, _("The Marketplace Refused the Order"), error);
}

static void
mp_variant_step_wizard_step_init (MpWizardStepInterface *iface)
{
  iface->get_title = mp_variant_step_get_title;
  iface->get_applies = mp_variant_step_get_applies;
  iface->show_refusal = mp_variant_step_show_refusal;
}

static void
mp_variant_step_class_init (MpVariantStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mp_variant_step_constructed;
  object_class->dispose = mp_variant_step_dispose;
  object_class->finalize = mp_variant_step_finalize;
  object_class->get_property = mp_variant_step_get_property;
  object_class->set_property = mp_variant_step_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL, MP_TYPE_ORDER_DRAFT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, PROP_COMPLETE, properties);
  g_object_class_override_property (object_class, PROP_COMPLETE, "complete");
  properties[PROP_COMPLETE] = g_object_class_find_property (object_class, "complete");

  g_type_ensure (MP_TYPE_ERROR_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/wizard/mp-variant-step.ui");
  gtk_widget_class_bind_template_child (widget_class, MpVariantStep, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, MpVariantStep, variants_list);
  gtk_widget_class_bind_template_child (widget_class, MpVariantStep, spinner);
  gtk_widget_class_bind_template_child (widget_class, MpVariantStep, error_box);
}

static void
mp_variant_step_init (MpVariantStep *self)
{
  self->checks = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  mp_a11y_set_enter_advances (self->variants_list);
}

GtkWidget *
mp_variant_step_new (MpSession    *session,
                     MpOrderDraft *draft)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (draft), NULL);
  return g_object_new (MP_TYPE_VARIANT_STEP, "session", session, "draft", draft, NULL);
}

gboolean
mp_variant_step_get_complete (MpVariantStep *self)
{
  g_return_val_if_fail (MP_IS_VARIANT_STEP (self), FALSE);
  return self->complete;
}

MpOrderDraft *
mp_variant_step_get_draft (MpVariantStep *self)
{
  g_return_val_if_fail (MP_IS_VARIANT_STEP (self), NULL);
  return self->draft;
}

void
mp_variant_step_set_variants (MpVariantStep *self,
                              GListModel    *variants,
                              const char    *preferred_audience)
{
  GtkCheckButton *group = NULL;
  MpPlan *current;
  guint n;
  g_autoptr(MpPlan) preferred = NULL;
  gboolean current_listed = FALSE;

  g_return_if_fail (MP_IS_VARIANT_STEP (self));
  g_return_if_fail (G_IS_LIST_MODEL (variants));

  g_set_object (&self->variants, variants);
  mp_wizard_clear_list_box (self->variants_list);
  g_ptr_array_set_size (self->checks, 0);

  n = g_list_model_get_n_items (variants);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpPlan) variant = g_list_model_get_item (variants, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = mp_a11y_radio_new (NULL);
      g_autofree char *subtitle = NULL;
      const char *description = mp_plan_get_short_description (variant);

      if (preferred == NULL && mp_plan_get_audience (variant) == mp_enum_from_nick (MP_TYPE_AUDIENCE, preferred_audience, MP_AUDIENCE_ANY))
        preferred = g_object_ref (variant);

      /* Translators: "For Resellers: Synchronize your customers' identities…". */
      subtitle = g_strdup_printf (_("%s: %s"), mp_wizard_audience_label (mp_plan_get_audience (variant)),
                                  description != NULL ? description : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mp_plan_get_name (variant));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      /* Named by the row's title (the row's activatable widget). */
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_ptr_array_add (self->checks, check);
      gtk_list_box_append (self->variants_list, row);
    }

  if (mp_enum_from_nick (MP_TYPE_AUDIENCE, preferred_audience, MP_AUDIENCE_ANY) == MP_AUDIENCE_RESELLER)
    gtk_label_set_text (self->explanation_label,
                        _("You are buying for your own company, so the variant for resellers is chosen: one subscription serves you and all your customers. Choose the variant for customers only to buy a subscription of the kind your customers use."));
  else if (mp_enum_from_nick (MP_TYPE_AUDIENCE, preferred_audience, MP_AUDIENCE_ANY) == MP_AUDIENCE_CUSTOMER)
    gtk_label_set_text (self->explanation_label,
                        _("This order is for a customer, so the variant for customers is chosen. The variant for resellers is licensed to resellers for their own use."));
  else
    gtk_label_set_text (self->explanation_label,
                        _("This service comes in a variant for resellers and one for customers. Choose the one that fits who will use it."));
  gtk_widget_set_visible (GTK_WIDGET (self->explanation_label), TRUE);

  /* Keep the draft's plan when it is one of these (going back and forth),
   * else take the preferred one.
   */
  current = mp_order_draft_get_plan (self->draft);
  for (guint i = 0; current != NULL && i < n; i++)
    {
      g_autoptr(MpPlan) variant = g_list_model_get_item (variants, i);

      current_listed = current_listed || g_strcmp0 (mp_plan_get_id (variant), mp_plan_get_id (current)) == 0;
    }
  if (!current_listed)
    {
      if (preferred == NULL && n > 0)
        preferred = g_list_model_get_item (variants, 0);
      if (preferred != NULL)
        choose_plan (self, preferred);
    }
  update_state (self);
}

gboolean
mp_variant_step_choose (MpVariantStep *self,
                        const char    *audience)
{
  guint n;

  g_return_val_if_fail (MP_IS_VARIANT_STEP (self), FALSE);

  n = self->variants != NULL ? g_list_model_get_n_items (self->variants) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpPlan) variant = g_list_model_get_item (self->variants, i);

      if (mp_plan_get_audience (variant) == mp_enum_from_nick (MP_TYPE_AUDIENCE, audience, MP_AUDIENCE_ANY))
        {
          gtk_check_button_set_active (g_ptr_array_index (self->checks, i), TRUE);
          choose_plan (self, variant);
          return TRUE;
        }
    }
  return FALSE;
}
