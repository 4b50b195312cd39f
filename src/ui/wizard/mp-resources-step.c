/* mp-resources-step.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-resources-step"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-error-box.h"
#include "mp-page-util.h"
#include "mp-resources-step.h"
#include "mp-spin-range.h"
#include "mp-wizard-step.h"
#include "mp-wizard-util.h"

/* Order Additional Resources, as in the control panel: the resource
 * categories (e.g. "IDSync - Autotask Billing"), Choose Category, then the
 * category's resources (the billing integration, its QuickStart service)
 * with Modify Resource Amount: a spin button per resource bounded by its
 * minimum and maximum. What is typed goes into the draft at once, also
 * when it is out of range, so that the problem is explained as it is
 * typed; the spin button brings it back within range when it is left.
 */
struct _MpResourcesStep
{
  AdwBin        parent_instance;

  /* Template Widgets */
  GtkStack     *stack;
  GtkListBox   *categories_list;
  GtkButton    *choose_button;
  AdwPreferencesGroup *resources_group;
  GtkListBox   *resources_list;
  GtkLabel     *problem_label;
  MpErrorBox   *error_box;

  /* Owned References */
  MpOrderDraft *draft;
  char         *selected_category;   /* radio choice on the list */
  char         *shown_category;      /* whose resources are shown */
  char         *problem;
  GHashTable   *spins;               /* mpn -> GtkSpinButton (unowned) */
  GPtrArray    *category_checks;     /* GtkCheckButton (unowned) */
  GPtrArray    *category_ids;        /* the id of each of category_checks */

  /* State */
  guint         complete : 1;
  guint         updating : 1;
};

static void mp_resources_step_wizard_step_init (MpWizardStepInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MpResourcesStep, mp_resources_step, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (MP_TYPE_WIZARD_STEP, mp_resources_step_wizard_step_init))

enum {
  PROP_0,
  PROP_DRAFT,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void show_resources (MpResourcesStep *self);

static const char *
resource_category_id (MpResource *r)
{
  const char *id = mp_resource_get_resource_category_id (r);

  return id != NULL ? id : "";
}

/* The categories in the plan's order; resources without one (a server
 * without extensions) are listed under "Other Resources".
 */
static GPtrArray *
list_categories (MpResourcesStep *self,
                 GPtrArray      **names)
{
  MpPlan *plan = mp_order_draft_get_plan (self->draft);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  GListModel *categories;
  GListModel *resources;

  *names = g_ptr_array_new_with_free_func (g_free);
  if (plan == NULL)
    return ids;

  categories = mp_plan_get_resource_categories (plan);
  for (guint i = 0; categories != NULL && i < g_list_model_get_n_items (categories); i++)
    {
      g_autoptr(MpCategory) c = g_list_model_get_item (categories, i);

      g_ptr_array_add (ids, g_strdup (mp_category_get_id (c)));
      g_ptr_array_add (*names, g_strdup (mp_category_get_name (c)));
    }

  resources = mp_plan_get_resources (plan);
  for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(MpResource) r = g_list_model_get_item (resources, i);
      const char *id = resource_category_id (r);

      if (!g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
        {
          const char *name = mp_resource_get_resource_category_name (r);

          g_ptr_array_add (ids, g_strdup (id));
          g_ptr_array_add (*names, g_strdup (*id != '\0' && name != NULL ? name : _("Other Resources")));
        }
    }
  return ids;
}

static void
update_state (MpResourcesStep *self)
{
  MpPlan *plan = mp_order_draft_get_plan (self->draft);
  GListModel *resources = plan != NULL ? mp_plan_get_resources (plan) : NULL;
  guint n = resources != NULL ? g_list_model_get_n_items (resources) : 0;
  g_autofree char *problem = NULL;
  gboolean any = FALSE;
  gboolean complete;
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpResource) r = g_list_model_get_item (resources, i);
      const char *mpn = mp_resource_get_mpn (r);
      gint64 q = mp_order_draft_get_quantity (self->draft, mpn);
      gint64 minimum = 0, maximum = -1;

      mp_order_draft_get_range (self->draft, mpn, &minimum, &maximum);
      if (problem == NULL && (q < minimum || (maximum >= 0 && q > maximum)))
        {
          g_autofree char *range = mp_spin_range_describe (minimum, maximum);

          /* Translators: "“IDSync users” must be 1–1000; 5000 is out of range." */
          problem = g_strdup_printf (_("“%s” must be %s; %'d is out of range."),
                                     mp_resource_get_name (r), range, (int) q);
        }
      any = any || q > 0;
    }
  if (problem == NULL && n > 0 && !any)
    problem = g_strdup (_("Choose an amount above zero for at least one resource."));

  g_hash_table_iter_init (&iter, self->spins);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 q = mp_order_draft_get_quantity (self->draft, key);
      gint64 minimum = 0, maximum = -1;

      mp_order_draft_get_range (self->draft, key, &minimum, &maximum);
      if (q < minimum || (maximum >= 0 && q > maximum))
        gtk_widget_add_css_class (value, "error");
      else
        gtk_widget_remove_css_class (value, "error");
    }

  g_free (self->problem);
  self->problem = g_strdup (problem);
  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);

  /* The summary of each category on the list. */
  for (guint i = 0; i < self->category_checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->category_checks, i);
      AdwActionRow *row = ADW_ACTION_ROW (gtk_widget_get_ancestor (check, ADW_TYPE_ACTION_ROW));
      const char *id = g_ptr_array_index (self->category_ids, i);
      GString *summary = g_string_new (NULL);

      for (guint j = 0; j < n; j++)
        {
          g_autoptr(MpResource) r = g_list_model_get_item (resources, j);
          gint64 q = mp_order_draft_get_quantity (self->draft, mp_resource_get_mpn (r));

          if (g_strcmp0 (resource_category_id (r), id) != 0 || q <= 0)
            continue;
          if (summary->len > 0)
            g_string_append (summary, ", ");
          /* Translators: a resource and its amount: "IDSync users × 5". */
          g_string_append_printf (summary, _("%s × %'d"), mp_resource_get_name (r), (int) q);
        }
      adw_action_row_set_subtitle (row, summary->len > 0 ? summary->str : _("Nothing chosen"));
      g_string_free (summary, TRUE);
    }

  complete = plan != NULL && problem == NULL;
  if (complete != self->complete)
    {
      self->complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
    }
}

static void
spin_value_changed_cb (GtkSpinButton   *spin,
                       MpResourcesStep *self)
{
  const char *mpn = mp_wizard_table_key_of (self->spins, spin);

  if (self->updating || mpn == NULL)
    return;
  mp_error_box_clear (self->error_box);
  mp_order_draft_set_quantity (self->draft, mpn, mp_spin_range_get_value (spin));
  update_state (self);
}

/* As the user types, before the spin button clamps the value. */
static void
spin_text_changed_cb (GtkEditable     *editable,
                      MpResourcesStep *self)
{
  const char *mpn = mp_wizard_table_key_of (self->spins, editable);

  if (self->updating || mpn == NULL)
    return;
  mp_order_draft_set_quantity (self->draft, mpn, mp_spin_range_get_value (GTK_SPIN_BUTTON (editable)));
  update_state (self);
}

static void
category_toggled_cb (GtkCheckButton  *check,
                     MpResourcesStep *self)
{
  guint index;

  if (!gtk_check_button_get_active (check) ||
      !g_ptr_array_find (self->category_checks, check, &index))
    return;
  g_free (self->selected_category);
  self->selected_category = g_strdup (g_ptr_array_index (self->category_ids, index));
  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_button), TRUE);
}

static void
choose_clicked_cb (MpResourcesStep *self)
{
  if (self->selected_category != NULL)
    mp_resources_step_choose_category (self, self->selected_category);
}

static void
rebuild_categories (MpResourcesStep *self)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) ids = list_categories (self, &names);
  GtkCheckButton *group = NULL;
  gboolean kept = FALSE;

  mp_wizard_clear_list_box (self->categories_list);
  g_ptr_array_set_size (self->category_checks, 0);
  g_ptr_array_set_size (self->category_ids, 0);

  /* One category (e.g. the number of users): nothing to choose. */
  if (ids->len == 1 && g_strcmp0 (self->shown_category, g_ptr_array_index (ids, 0)) != 0)
    {
      g_free (self->shown_category);
      self->shown_category = g_strdup (g_ptr_array_index (ids, 0));
      g_free (self->selected_category);
      self->selected_category = g_strdup (self->shown_category);
    }

  for (guint i = 0; i < ids->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = mp_a11y_radio_new (NULL);
      const char *id = g_ptr_array_index (ids, i);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_ptr_array_index (names, i));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      /* Named by the row's title (the row's activatable widget). */
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      if (g_strcmp0 (id, self->selected_category) == 0)
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
          kept = TRUE;
        }
      g_signal_connect (check, "toggled", G_CALLBACK (category_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_ptr_array_add (self->category_checks, check);
      g_ptr_array_add (self->category_ids, g_strdup (id));
      gtk_list_box_append (self->categories_list, row);
    }
  if (!kept)
    g_clear_pointer (&self->selected_category, g_free);
  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_button), self->selected_category != NULL);

  if (self->shown_category != NULL && !g_ptr_array_find_with_equal_func (ids, self->shown_category, g_str_equal, NULL))
    {
      g_clear_pointer (&self->shown_category, g_free);
      gtk_stack_set_visible_child_name (self->stack, "categories");
    }
  if (self->shown_category != NULL)
    show_resources (self);
  else
    g_hash_table_remove_all (self->spins);
  update_state (self);
}

static void
show_resources (MpResourcesStep *self)
{
  MpPlan *plan = mp_order_draft_get_plan (self->draft);
  MpPeriod *period = mp_order_draft_get_period (self->draft);
  GListModel *resources = mp_plan_get_resources (plan);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) ids = list_categories (self, &names);
  guint index;

  mp_wizard_clear_list_box (self->resources_list);
  g_hash_table_remove_all (self->spins);

  if (g_ptr_array_find_with_equal_func (ids, self->shown_category, g_str_equal, &index))
    adw_preferences_group_set_description (self->resources_group, g_ptr_array_index (names, index));

  self->updating = TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(MpResource) r = g_list_model_get_item (resources, i);
      const char *mpn = mp_resource_get_mpn (r);
      GtkWidget *row;
      GtkWidget *spin;
      GtkWidget *message;
      GString *subtitle;
      gint64 minimum = 0, maximum = -1;
      g_autofree char *range = NULL;
      g_autofree char *accessible = NULL;
      MpMoney setup, recurring;

      if (g_strcmp0 (resource_category_id (r), self->shown_category) != 0)
        continue;

      mp_order_draft_get_range (self->draft, mpn, &minimum, &maximum);
      range = mp_spin_range_describe (minimum, maximum);
      subtitle = g_string_new (NULL);
      if (mp_resource_get_one_time (r))
        g_string_append (subtitle, _("One-time service"));
      else
        g_string_append_printf (subtitle, _("Included: %'d"), (int) mp_resource_get_included (r));
      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle, _("Allowed: %s"), range);
      if (period != NULL && mp_resource_get_price (r, period, &setup, &recurring))
        {
          g_autofree char *per = mp_wizard_format_per (period);
          g_autofree char *s = mp_money_format (&setup);
          g_autofree char *rec = mp_money_format (&recurring);

          g_string_append (subtitle, " · ");
          if (mp_resource_get_one_time (r))
            /* Translators: the price of a one-time service. */
            g_string_append_printf (subtitle, _("%s once"), s);
          else if (setup.minor != 0)
            /* Translators: "$49.00 per month each, $10.00 setup". */
            g_string_append_printf (subtitle, _("%s %s each, %s setup"), rec, per, s);
          else
            /* Translators: "$49.00 per month each". */
            g_string_append_printf (subtitle, _("%s %s each"), rec, per);
        }

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mp_resource_get_name (r));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      g_string_free (subtitle, TRUE);

      spin = gtk_spin_button_new_with_range (0, 1, 1);
      mp_spin_range_setup (GTK_SPIN_BUTTON (spin), minimum, maximum);
      /* Out of range: said beside the amount, which stays as typed. */
      message = mp_spin_range_new_message (GTK_SPIN_BUTTON (spin));
      gtk_editable_set_width_chars (GTK_EDITABLE (spin), 6);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin),
                                 (double) mp_order_draft_get_quantity (self->draft, mpn));
      /* Translators: the accessible name of a spin button; %s is a resource. */
      accessible = g_strdup_printf (_("Amount of %s"), mp_resource_get_name (r));
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      gtk_widget_set_tooltip_text (spin, accessible);
      g_signal_connect (spin, "value-changed", G_CALLBACK (spin_value_changed_cb), self);
      g_signal_connect (spin, "changed", G_CALLBACK (spin_text_changed_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), message);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      /* Keep the explicit name: the row's title label would be read after it. */
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      g_hash_table_insert (self->spins, g_strdup (mpn), spin);
      gtk_list_box_append (self->resources_list, row);
    }
  self->updating = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "resources");
}

static void
back_clicked_cb (MpResourcesStep *self)
{
  mp_resources_step_show_categories (self);
}

static void
period_changed_cb (MpResourcesStep *self)
{
  if (self->shown_category != NULL && mp_order_draft_get_plan (self->draft) != NULL)
    show_resources (self);
}

static void
mp_resources_step_constructed (GObject *object)
{
  MpResourcesStep *self = MP_RESOURCES_STEP (object);

  G_OBJECT_CLASS (mp_resources_step_parent_class)->constructed (object);

  g_signal_connect_object (self->draft, "notify::plan", G_CALLBACK (rebuild_categories), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->draft, "notify::period", G_CALLBACK (period_changed_cb), self, G_CONNECT_SWAPPED);
  rebuild_categories (self);
}

static void
mp_resources_step_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MpResourcesStep *self = MP_RESOURCES_STEP (object);

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
mp_resources_step_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MpResourcesStep *self = MP_RESOURCES_STEP (object);

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
mp_resources_step_dispose (GObject *object)
{
  MpResourcesStep *self = MP_RESOURCES_STEP (object);

  if (self->spins != NULL)
    g_hash_table_remove_all (self->spins);
  if (self->category_checks != NULL)
    g_ptr_array_set_size (self->category_checks, 0);
  if (self->category_ids != NULL)
    g_ptr_array_set_size (self->category_ids, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_RESOURCES_STEP);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (mp_resources_step_parent_class)->dispose (object);
}

static void
mp_resources_step_finalize (GObject *object)
{
  MpResourcesStep *self = MP_RESOURCES_STEP (object);

  g_clear_pointer (&self->spins, g_hash_table_unref);
  g_clear_pointer (&self->category_checks, g_ptr_array_unref);
  g_clear_pointer (&self->category_ids, g_ptr_array_unref);
  g_clear_pointer (&self->selected_category, g_free);
  g_clear_pointer (&self->shown_category, g_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (mp_resources_step_parent_class)->finalize (object);
}

/* MpWizardStep */

static const char *
mp_resources_step_get_title (MpWizardStep *step)
{
  return _("Order Additional Resources");
}

static gboolean
mp_resources_step_get_applies (MpWizardStep *step)
{
  MpResourcesStep *self = MP_RESOURCES_STEP (step);
  MpPlan *plan = mp_order_draft_get_plan (self->draft);

  return plan == NULL || g_list_model_get_n_items (mp_plan_get_resources (plan)) > 0;
}

/* The refused resource's category is shown, its amount focused. */
static void
mp_resources_step_show_refusal (MpWizardStep *step,
                                const GError *error,
                                const char   *subject)
{
  MpResourcesStep *self = MP_RESOURCES_STEP (step);
  MpPlan *plan = mp_order_draft_get_plan (self->draft);
  MpResource *resource = plan != NULL && subject != NULL ? mp_plan_find_resource (plan, subject) : NULL;
  GtkSpinButton *spin;

  if (resource != NULL)
    {
      const char *category = mp_resource_get_resource_category_id (resource);

      mp_resources_step_choose_category (self, category != NULL ? category : "");
    }
  mp_error_box_set_error (self->error_box, _("The Marketplace Refused the Amounts"), error);
  spin = subject != NULL ? mp_resources_step_get_spin_button (self, subject) : NULL;
  if (spin != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (spin));
}

static void
mp_resources_step_wizard_step_init (MpWizardStepInterface *iface)
{
  iface->get_title = mp_resources_step_get_title;
  iface->get_applies = mp_resources_step_get_applies;
  iface->show_refusal = mp_resources_step_show_refusal;
}

static void
mp_resources_step_class_init (MpResourcesStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mp_resources_step_constructed;
  object_class->dispose = mp_resources_step_dispose;
  object_class->finalize = mp_resources_step_finalize;
  object_class->get_property = mp_resources_step_get_property;
  object_class->set_property = mp_resources_step_set_property;

  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL, MP_TYPE_ORDER_DRAFT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, PROP_COMPLETE, properties);
  g_object_class_override_property (object_class, PROP_COMPLETE, "complete");
  properties[PROP_COMPLETE] = g_object_class_find_property (object_class, "complete");

  g_type_ensure (MP_TYPE_ERROR_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/wizard/mp-resources-step.ui");
  gtk_widget_class_bind_template_child (widget_class, MpResourcesStep, stack);
  gtk_widget_class_bind_template_child (widget_class, MpResourcesStep, categories_list);
  gtk_widget_class_bind_template_child (widget_class, MpResourcesStep, choose_button);
  gtk_widget_class_bind_template_child (widget_class, MpResourcesStep, resources_group);
  gtk_widget_class_bind_template_child (widget_class, MpResourcesStep, resources_list);
  gtk_widget_class_bind_template_child (widget_class, MpResourcesStep, problem_label);
  gtk_widget_class_bind_template_child (widget_class, MpResourcesStep, error_box);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
}

static void
mp_resources_step_init (MpResourcesStep *self)
{
  self->spins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->category_checks = g_ptr_array_new ();
  self->category_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_resources_step_new (MpOrderDraft *draft)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (draft), NULL);
  return g_object_new (MP_TYPE_RESOURCES_STEP, "draft", draft, NULL);
}

gboolean
mp_resources_step_get_complete (MpResourcesStep *self)
{
  g_return_val_if_fail (MP_IS_RESOURCES_STEP (self), FALSE);
  return self->complete;
}

MpOrderDraft *
mp_resources_step_get_draft (MpResourcesStep *self)
{
  g_return_val_if_fail (MP_IS_RESOURCES_STEP (self), NULL);
  return self->draft;
}

gboolean
mp_resources_step_choose_category (MpResourcesStep *self,
                                   const char      *category_id)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  g_return_val_if_fail (MP_IS_RESOURCES_STEP (self), FALSE);

  ids = list_categories (self, &names);
  if (!g_ptr_array_find_with_equal_func (ids, category_id, g_str_equal, NULL))
    return FALSE;
  g_free (self->shown_category);
  self->shown_category = g_strdup (category_id);
  g_free (self->selected_category);
  self->selected_category = g_strdup (category_id);
  show_resources (self);
  update_state (self);
  return TRUE;
}

void
mp_resources_step_show_categories (MpResourcesStep *self)
{
  g_return_if_fail (MP_IS_RESOURCES_STEP (self));

  g_clear_pointer (&self->shown_category, g_free);
  g_hash_table_remove_all (self->spins);
  gtk_stack_set_visible_child_name (self->stack, "categories");
  update_state (self);
}

GtkSpinButton *
mp_resources_step_get_spin_button (MpResourcesStep *self,
                                   const char      *mpn)
{
  g_return_val_if_fail (MP_IS_RESOURCES_STEP (self), NULL);
  return g_hash_table_lookup (self->spins, mpn);
}

const char *
mp_resources_step_get_problem (MpResourcesStep *self)
{
  g_return_val_if_fail (MP_IS_RESOURCES_STEP (self), NULL);
  return self->problem;
}
