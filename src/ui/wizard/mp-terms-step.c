/* mp-terms-step.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-terms-step"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-error-box.h"
#include "mp-terms-step.h"
#include "mp-wizard-step.h"
#include "mp-wizard-util.h"

/* Terms and conditions: one group per document of the plan, each with its
 * text, its link and its own checkbox. The checkboxes write into the
 * draft, which sends the accepted IDs with the order.
 */
struct _MpTermsStep
{
  AdwBin        parent_instance;

  /* Template Widgets */
  GtkWidget    *content_box;
  GtkBox       *documents_box;
  GtkLabel     *hint_label;
  MpErrorBox   *error_box;

  /* Owned References */
  MpOrderDraft *draft;
  GHashTable   *checks;   /* terms id -> GtkCheckButton (unowned) */

  /* State */
  guint         complete : 1;
  guint         updating : 1;
};

static void mp_terms_step_wizard_step_init (MpWizardStepInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MpTermsStep, mp_terms_step, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (MP_TYPE_WIZARD_STEP, mp_terms_step_wizard_step_init))

enum {
  PROP_0,
  PROP_DRAFT,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_complete (MpTermsStep *self)
{
  MpPlan *plan = mp_order_draft_get_plan (self->draft);
  GListModel *terms = plan != NULL ? mp_plan_get_terms (plan) : NULL;
  guint n = terms != NULL ? g_list_model_get_n_items (terms) : 0;
  guint missing = 0;
  gboolean complete;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpTerms) t = g_list_model_get_item (terms, i);

      if (!mp_order_draft_get_terms_accepted (self->draft, mp_terms_get_id (t)))
        missing++;
    }
  complete = plan != NULL && missing == 0;

  if (missing > 0)
    {
      g_autofree char *text =
        g_strdup_printf (ngettext ("Accept the document above to continue.",
                                   "Accept each of the %u documents above to continue.", n), n);

      gtk_label_set_text (self->hint_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), missing > 0);

  if (complete != self->complete)
    {
      self->complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
    }
}

static void
sync_checks (MpTermsStep *self)
{
  GHashTableIter iter;
  gpointer key, value;

  self->updating = TRUE;
  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    gtk_check_button_set_active (value, mp_order_draft_get_terms_accepted (self->draft, key));
  self->updating = FALSE;
  update_complete (self);
}

static void
check_toggled_cb (GtkCheckButton *check,
                  MpTermsStep    *self)
{
  /* The step's table knows which document the checkbox accepts. */
  const char *id = mp_wizard_table_key_of (self->checks, check);

  if (self->updating || id == NULL)
    return;

  mp_order_draft_set_terms_accepted (self->draft, id, gtk_check_button_get_active (check));
  mp_error_box_clear (self->error_box);
  update_complete (self);
}

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "marketplace") == 0)
    return _("Marketplace terms");
  if (g_strcmp0 (kind, "vendor") == 0)
    return _("Vendor terms");
  return _("Terms");
}

static void
rebuild (MpTermsStep *self)
{
  MpPlan *plan = mp_order_draft_get_plan (self->draft);
  GListModel *terms = plan != NULL ? mp_plan_get_terms (plan) : NULL;
  guint n = terms != NULL ? g_list_model_get_n_items (terms) : 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->documents_box))) != NULL)
    gtk_box_remove (self->documents_box, child);
  g_hash_table_remove_all (self->checks);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpTerms) t = g_list_model_get_item (terms, i);
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
      GtkWidget *check;
      g_autofree char *check_label = NULL;

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), mp_terms_get_name (t));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), kind_label (mp_terms_get_kind (t)));
      gtk_widget_add_css_class (box, "card");
      gtk_widget_set_margin_top (box, 0);

      if (mp_terms_get_text (t) != NULL && *mp_terms_get_text (t) != '\0')
        {
          GtkWidget *text = gtk_label_new (mp_terms_get_text (t));

          gtk_label_set_wrap (GTK_LABEL (text), TRUE);
          gtk_label_set_xalign (GTK_LABEL (text), 0);
          gtk_widget_set_margin_top (text, 12);
          gtk_widget_set_margin_start (text, 12);
          gtk_widget_set_margin_end (text, 12);
          gtk_box_append (GTK_BOX (box), text);
        }
      if (mp_terms_get_url (t) != NULL && *mp_terms_get_url (t) != '\0')
        {
          GtkWidget *link = gtk_link_button_new_with_label (mp_terms_get_url (t), _("Read the Full Document"));
          g_autofree char *link_name = NULL;

          /* Translators: the accessible name of the link to a terms document; %s is its name. */
          link_name = g_strdup_printf (_("Read the Full “%s”"), mp_terms_get_name (t));
          gtk_accessible_update_property (GTK_ACCESSIBLE (link), GTK_ACCESSIBLE_PROPERTY_LABEL, link_name, -1);
          gtk_widget_set_halign (link, GTK_ALIGN_START);
          gtk_widget_set_margin_start (link, 6);
          gtk_widget_set_tooltip_text (link, mp_terms_get_url (t));
          gtk_box_append (GTK_BOX (box), link);
        }

      /* Translators: %s is the name of a terms document. */
      check_label = g_strdup_printf (_("I accept the “%s”"), mp_terms_get_name (t));
      check = gtk_check_button_new_with_label (check_label);
      /* A long document name wraps rather than widening the window. */
      for (GtkWidget *w = gtk_widget_get_first_child (check); w != NULL; w = gtk_widget_get_next_sibling (w))
        if (GTK_IS_LABEL (w))
          gtk_label_set_wrap (GTK_LABEL (w), TRUE);
      gtk_widget_set_margin_start (check, 12);
      gtk_widget_set_margin_end (check, 12);
      gtk_widget_set_margin_bottom (check, 12);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   mp_order_draft_get_terms_accepted (self->draft, mp_terms_get_id (t)));
      g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      gtk_box_append (GTK_BOX (box), check);
      g_hash_table_insert (self->checks, g_strdup (mp_terms_get_id (t)), check);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
      gtk_box_append (self->documents_box, group);
    }

  if (n == 0)
    {
      GtkWidget *label = gtk_label_new (_("This service has no terms to accept."));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->documents_box, label);
    }
  mp_error_box_clear (self->error_box);
  update_complete (self);
}

static void
mp_terms_step_constructed (GObject *object)
{
  MpTermsStep *self = MP_TERMS_STEP (object);

  G_OBJECT_CLASS (mp_terms_step_parent_class)->constructed (object);

  g_assert (self->draft != NULL);

  g_signal_connect_object (self->draft, "notify::plan", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  /* Acceptance changed elsewhere (a refusal withdraws it). */
  g_signal_connect_object (self->draft, "changed", G_CALLBACK (sync_checks), self, G_CONNECT_SWAPPED);
  rebuild (self);
}

static void
mp_terms_step_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MpTermsStep *self = MP_TERMS_STEP (object);

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
mp_terms_step_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MpTermsStep *self = MP_TERMS_STEP (object);

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
mp_terms_step_dispose (GObject *object)
{
  MpTermsStep *self = MP_TERMS_STEP (object);

  if (self->checks != NULL)
    g_hash_table_remove_all (self->checks);
  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_TERMS_STEP);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (mp_terms_step_parent_class)->dispose (object);
}

static void
mp_terms_step_finalize (GObject *object)
{
  MpTermsStep *self = MP_TERMS_STEP (object);

  g_clear_pointer (&self->checks, g_hash_table_unref);

  G_OBJECT_CLASS (mp_terms_step_parent_class)->finalize (object);
}

/* MpWizardStep */

static const char *
mp_terms_step_get_title (MpWizardStep *step)
{
  return _("Terms and Conditions");
}

static gboolean
mp_terms_step_get_applies (MpWizardStep *step)
{
  MpTermsStep *self = MP_TERMS_STEP (step);
  MpPlan *plan = mp_order_draft_get_plan (self->draft);

  return plan == NULL || g_list_model_get_n_items (mp_plan_get_terms (plan)) > 0;
}

/* The refused document is ticked off, so that it is accepted again. */
static void
mp_terms_step_show_refusal (MpWizardStep *step,
                            const GError *error,
                            const char   *subject)
{
  MpTermsStep *self = MP_TERMS_STEP (step);
  GtkCheckButton *check = subject != NULL ? g_hash_table_lookup (self->checks, subject) : NULL;

  if (subject != NULL)
    mp_order_draft_set_terms_accepted (self->draft, subject, FALSE);
  mp_error_box_set_error (self->error_box, _("The Marketplace Refused the Terms"), error);
  if (check != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (check));
}

static void
mp_terms_step_wizard_step_init (MpWizardStepInterface *iface)
{
  iface->get_title = mp_terms_step_get_title;
  iface->get_applies = mp_terms_step_get_applies;
  iface->show_refusal = mp_terms_step_show_refusal;
}

static void
mp_terms_step_class_init (MpTermsStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mp_terms_step_constructed;
  object_class->dispose = mp_terms_step_dispose;
  object_class->finalize = mp_terms_step_finalize;
  object_class->get_property = mp_terms_step_get_property;
  object_class->set_property = mp_terms_step_set_property;

  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL, MP_TYPE_ORDER_DRAFT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, PROP_COMPLETE, properties);
  g_object_class_override_property (object_class, PROP_COMPLETE, "complete");
  properties[PROP_COMPLETE] = g_object_class_find_property (object_class, "complete");

  g_type_ensure (MP_TYPE_ERROR_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/wizard/mp-terms-step.ui");
  gtk_widget_class_bind_template_child (widget_class, MpTermsStep, content_box);
  gtk_widget_class_bind_template_child (widget_class, MpTermsStep, documents_box);
  gtk_widget_class_bind_template_child (widget_class, MpTermsStep, hint_label);
  gtk_widget_class_bind_template_child (widget_class, MpTermsStep, error_box);
}

static void
mp_terms_step_init (MpTermsStep *self)
{
  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_terms_step_new (MpOrderDraft *draft)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (draft), NULL);
  return g_object_new (MP_TYPE_TERMS_STEP, "draft", draft, NULL);
}

/* Inside a page that scrolls as a whole (the cart's check-out), a
 * scrolled window of its own would take the mouse wheel and get its
 * height wrong: the step drops it, and its margins, and grows with its
 * text instead.
 */
void
mp_terms_step_set_embedded (MpTermsStep *self)
{
  GtkWidget *scrolled;
  GtkWidget *clamp;

  g_return_if_fail (MP_IS_TERMS_STEP (self));

  scrolled = adw_bin_get_child (ADW_BIN (self));
  if (!GTK_IS_SCROLLED_WINDOW (scrolled))
    return;
  clamp = g_object_ref (gtk_widget_get_ancestor (self->content_box, ADW_TYPE_CLAMP));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), NULL);
  adw_bin_set_child (ADW_BIN (self), clamp);
  /* As wide as the page's own groups, whatever the width. */
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), adw_clamp_get_maximum_size (ADW_CLAMP (clamp)));
  g_object_unref (clamp);
  gtk_widget_set_margin_top (self->content_box, 0);
  gtk_widget_set_margin_bottom (self->content_box, 0);
  gtk_widget_set_margin_start (self->content_box, 0);
  gtk_widget_set_margin_end (self->content_box, 0);
}

gboolean
mp_terms_step_get_complete (MpTermsStep *self)
{
  g_return_val_if_fail (MP_IS_TERMS_STEP (self), FALSE);
  return self->complete;
}

MpOrderDraft *
mp_terms_step_get_draft (MpTermsStep *self)
{
  g_return_val_if_fail (MP_IS_TERMS_STEP (self), NULL);
  return self->draft;
}

GtkCheckButton *
mp_terms_step_get_check (MpTermsStep *self,
                         const char  *terms_id)
{
  g_return_val_if_fail (MP_IS_TERMS_STEP (self), NULL);
  return g_hash_table_lookup (self->checks, terms_id);
}
