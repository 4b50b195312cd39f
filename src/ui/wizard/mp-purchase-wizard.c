/* mp-purchase-wizard.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-purchase-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-error-box.h"
#include "mp-provisioning-page.h"
#include "mp-purchase-wizard.h"
#include "mp-resources-step.h"
#include "mp-service-step.h"
#include "mp-summary-step.h"
#include "mp-term-step.h"
#include "mp-terms-step.h"
#include "mp-variant-step.h"
#include "mp-wizard-step.h"
#include "mp-wizard-util.h"

/* Flows 2, 3 and 4 in one window: the steps edit one MpOrderDraft, owned
 * by the window's one MpPurchase, which survives going back and forth and
 * outlives the window while it places the order. The window only decides
 * the order of the steps and who buys; it drives them through the
 * MpWizardStep interface (their title, whether they are complete and
 * apply to the draft, what going on from them does, and the refusals they
 * show): the steps know nothing of the window.
 */
enum {
  STEP_SERVICE,
  STEP_VARIANT,
  STEP_TERM,
  STEP_TERMS,
  STEP_RESOURCES,
  STEP_SUMMARY,
  N_STEPS
};

struct _MpPurchaseWizard
{
  AdwWindow       parent_instance;

  /* Template Widgets */
  AdwHeaderBar   *header_bar;
  AdwWindowTitle *window_title;
  GtkButton      *cancel_button;
  GtkButton      *back_button;
  GtkButton      *next_button;
  GtkStack       *stack;
  MpErrorBox     *load_error_box;

  /* Steps (owned by the stack) */
  GtkWidget      *steps[N_STEPS];
  GtkWidget      *provisioning_page;

  /* Owned References */
  MpSession      *session;
  MpPurchase     *purchase;
  MpOrder        *order;
  GCancellable   *cancellable;
  char           *customer_id;
  char           *preferred_audience;
  GHashTable     *kept_quantities; /* MPN -> gint64*, while the plan reloads */
  GPtrArray      *kept_terms;      /* terms IDs accepted, while it reloads */
  GError         *kept_refusal;    /* the refusal that asked for the reload */
  GtkWindow      *parent_window;   /* weak */
  GtkWidget      *discard_dialog;  /* weak */

  /* State */
  guint           placing_done_id;
  guint           hidden_while_placing : 1;
  guint           preselected : 1;
  guint           discard : 1;     /* the user chose to discard */
};

G_DEFINE_FINAL_TYPE (MpPurchaseWizard, mp_purchase_wizard, ADW_TYPE_WINDOW)

/* The stack's page names, in the order of the steps; "provisioning" last. */
static const char * const step_names[] = {
  "service", "variant", "term", "terms", "resources", "summary", "provisioning",
};

G_STATIC_ASSERT (G_N_ELEMENTS (step_names) == N_STEPS + 1);

static int
step_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (step_names); i++)
    if (g_strcmp0 (step_names[i], name) == 0)
      return (int) i;
  return -1;
}

static GtkWidget *
step_widget (MpPurchaseWizard *self,
             const char       *name)
{
  int index = step_index (name);

  if (index == N_STEPS)
    return self->provisioning_page;
  return index >= 0 ? self->steps[index] : NULL;
}

static MpWizardStep *
wizard_step (MpPurchaseWizard *self,
             const char       *name)
{
  GtkWidget *widget = step_widget (self, name);

  return widget != NULL && MP_IS_WIZARD_STEP (widget) ? MP_WIZARD_STEP (widget) : NULL;
}

static gboolean
step_applies (MpPurchaseWizard *self,
              const char       *name)
{
  MpWizardStep *step = wizard_step (self, name);

  if (step_index (name) == N_STEPS)
    return self->provisioning_page != NULL;
  return step != NULL && mp_wizard_step_get_applies (step);
}

static const char *
step_title (MpPurchaseWizard *self,
            const char       *name)
{
  MpWizardStep *step = wizard_step (self, name);

  if (step_index (name) == N_STEPS)
    return _("Provisioning");
  return step != NULL ? mp_wizard_step_get_title (step) : NULL;
}

static gboolean
step_complete (MpPurchaseWizard *self,
               const char       *name)
{
  MpWizardStep *step = wizard_step (self, name);

  return step != NULL && mp_wizard_step_get_complete (step);
}

static gboolean
placing (MpPurchaseWizard *self)
{
  return self->purchase != NULL && mp_purchase_get_placing (self->purchase);
}

static void
update_header (MpPurchaseWizard *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  int index = step_index (name);
  guint number = 0, total = 0;
  gboolean placed = self->order != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (step_names) - 1; i++)
    if (step_applies (self, step_names[i]))
      {
        total++;
        if ((int) i <= index)
          number++;
      }

  if (index >= 0 && g_strcmp0 (name, "provisioning") != 0)
    {
      /* Translators: "Step 3 of 6: Choose the Term". */
      g_autofree char *subtitle = g_strdup_printf (_("Step %u of %u: %s"), number, total, step_title (self, name));

      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
  else
    adw_window_title_set_subtitle (self->window_title, step_title (self, name));

  gtk_widget_set_visible (GTK_WIDGET (self->header_bar), g_strcmp0 (name, "provisioning") != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button),
                          !placed && index > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button),
                          !placed && index >= 0 && g_strcmp0 (name, "summary") != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), step_complete (self, name));
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), !placing (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !placing (self));
}

static void
show_step (MpPurchaseWizard *self,
           const char       *name)
{
  GtkWidget *widget = step_widget (self, name);

  gtk_stack_set_visible_child_name (self->stack, name);
  if (widget != NULL && MP_IS_WIZARD_STEP (widget))
    mp_wizard_step_shown (MP_WIZARD_STEP (widget));
  update_header (self);
  /* Focus goes with the step: none is left in a step that is hidden. */
  if (widget != NULL && !gtk_widget_child_focus (widget, GTK_DIR_TAB_FORWARD))
    {
      g_debug ("No focus in the %s step", name);
      gtk_window_set_focus (GTK_WINDOW (self), NULL);
    }
}

static void
step_complete_cb (MpPurchaseWizard *self)
{
  update_header (self);
}

static void
plan_reloaded_cb (gpointer      user_data,
                  MpPlan       *plan,
                  const GError *error)
{
  MpPurchaseWizard *self = user_data;
  MpOrderDraft *draft = mp_purchase_get_draft (self->purchase);
  GHashTableIter iter;
  gpointer mpn, quantity;

  if (plan != NULL)
    {
      /* The user's choices, on the plan as it is now. */
      g_hash_table_iter_init (&iter, self->kept_quantities);
      while (g_hash_table_iter_next (&iter, &mpn, &quantity))
        if (mp_plan_find_resource (plan, mpn) != NULL)
          mp_order_draft_set_quantity (draft, mpn, *(gint64 *) quantity);
      for (guint i = 0; i < self->kept_terms->len; i++)
        mp_order_draft_set_terms_accepted (draft, g_ptr_array_index (self->kept_terms, i), TRUE);
      /* Again, on the documents as they are now. */
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "terms") == 0)
        {
          const char *subject = NULL;

          mp_client_error_get_refusal (self->kept_refusal, &subject);
          mp_wizard_step_show_refusal (wizard_step (self, "terms"), self->kept_refusal, subject);
        }
    }
  g_clear_pointer (&self->kept_quantities, g_hash_table_unref);
  g_clear_pointer (&self->kept_terms, g_ptr_array_unref);
  g_clear_error (&self->kept_refusal);
  update_header (self);
}

/* The marketplace asks for a document the plan did not have when it was
 * loaded: the plan is loaded again, keeping what the user chose, so that
 * the terms step offers the new document to accept.
 */
static void
reload_plan (MpPurchaseWizard *self,
             const GError     *refusal)
{
  MpOrderDraft *draft = mp_purchase_get_draft (self->purchase);
  MpPlan *plan = mp_order_draft_get_plan (draft);
  GListModel *list;

  if (plan == NULL || self->kept_terms != NULL)
    return;
  self->kept_refusal = g_error_copy (refusal);
  self->kept_quantities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->kept_terms = g_ptr_array_new_with_free_func (g_free);
  list = mp_plan_get_resources (plan);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MpResource) r = g_list_model_get_item (list, i);

      g_hash_table_insert (self->kept_quantities, g_strdup (mp_resource_get_mpn (r)),
                           g_memdup2 (&(gint64) { mp_order_draft_get_quantity (draft, mp_resource_get_mpn (r)) },
                                      sizeof (gint64)));
    }
  list = mp_plan_get_terms (plan);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MpTerms) t = g_list_model_get_item (list, i);

      if (mp_order_draft_get_terms_accepted (draft, mp_terms_get_id (t)))
        g_ptr_array_add (self->kept_terms, g_strdup (mp_terms_get_id (t)));
    }
  mp_wizard_fetch_plan (mp_session_get_client (self->session), draft, mp_plan_get_id (plan), NULL,
                        self->cancellable, plan_reloaded_cb, self);
}

static gboolean
plan_has_terms (MpPlan     *plan,
                const char *terms_id)
{
  GListModel *list = mp_plan_get_terms (plan);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MpTerms) t = g_list_model_get_item (list, i);

      if (g_strcmp0 (mp_terms_get_id (t), terms_id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The marketplace's refusals go back to the step they concern, by the
 * reason code it gives (never by the words of its message): terms to the
 * terms with that document ticked off, the period to the term, a quantity
 * to that resource's amount. The rest (a credit hold, a plan this buyer
 * may not order, a server that gives no reason) stays on the summary,
 * with the message and its correlation ID.
 */
static void
order_refused_cb (MpPurchaseWizard *self,
                  GError           *error)
{
  const char *subject = NULL;
  const char *name;
  MpPlan *plan;

  switch (mp_client_error_get_refusal (error, &subject))
    {
    case MP_REFUSAL_TERMS:
      name = "terms";
      plan = mp_order_draft_get_plan (mp_purchase_get_draft (self->purchase));
      if (subject != NULL && plan != NULL && !plan_has_terms (plan, subject))
        reload_plan (self, error);
      break;

    case MP_REFUSAL_PERIOD:
      name = "term";
      break;

    case MP_REFUSAL_QUANTITY:
    case MP_REFUSAL_BELOW_USAGE:
      name = "resources";
      break;

    case MP_REFUSAL_NONE:
    case MP_REFUSAL_CREDIT_HOLD:
    case MP_REFUSAL_PENDING_CHANGE:
    case MP_REFUSAL_PLAN:
    case MP_REFUSAL_FIELD:
    default:
      name = "summary";
      subject = NULL;
      break;
    }
  /* A step the plan does not have cannot mend it. */
  if (!step_applies (self, name))
    {
      name = "summary";
      subject = NULL;
    }
  g_debug ("Refusal shown on the %s step (subject %s): %s", name, subject, error->message);
  show_step (self, name);
  mp_wizard_step_show_refusal (wizard_step (self, name), error, subject);
}

static void
order_final_cb (MpPurchaseWizard *self)
{
  if (mp_order_get_final (self->order))
    /* The switcher and the subscription lists reload. */
    mp_session_notify_changed (self->session);
}

static void
order_placed_cb (MpPurchaseWizard *self,
                 MpOrder          *order)
{
  /* The session's copy, the one it follows. */
  g_set_object (&self->order, mp_session_track_order (self->session, order));
  self->provisioning_page = mp_provisioning_page_new (self->session, self->order);
  gtk_stack_add_named (self->stack, self->provisioning_page, "provisioning");
  g_signal_connect_object (self->order, "notify::final", G_CALLBACK (order_final_cb), self, G_CONNECT_SWAPPED);
  show_step (self, "provisioning");
  gtk_window_set_deletable (GTK_WINDOW (self), TRUE);
  order_final_cb (self);
}

/* Closed while the order was on its way: placed, the window goes (the
 * session follows the order); refused or lost, it comes back to say why.
 * From an idle: after the purchase has told the order or the refusal.
 */
static gboolean
placing_done_cb (gpointer user_data)
{
  MpPurchaseWizard *self = user_data;

  self->placing_done_id = 0;
  self->hidden_while_placing = FALSE;
  if (self->order != NULL)
    gtk_window_destroy (GTK_WINDOW (self));
  else
    gtk_window_present (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
placing_changed_cb (MpPurchaseWizard *self)
{
  update_header (self);
  if (self->hidden_while_placing && !placing (self) && self->placing_done_id == 0)
    self->placing_done_id = g_idle_add_full (G_PRIORITY_LOW, placing_done_cb, self, NULL);
}

static const char *
next_step (MpPurchaseWizard *self,
           const char       *from,
           int               direction)
{
  int index = step_index (from);

  for (int i = index + direction; i >= 0 && i < (int) G_N_ELEMENTS (step_names) - 1; i += direction)
    if (step_applies (self, step_names[i]))
      return step_names[i];
  return NULL;
}

/* Choices the user would lose: a service picked on the first step, or any
 * step past the one the wizard opened on. A placed order is no choice to
 * lose: it goes on in the marketplace.
 */
static gboolean
has_choices (MpPurchaseWizard *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  int index = step_index (name);

  if (self->order != NULL || index < 0)
    return FALSE;
  if (self->preselected)
    return index > step_index ("term");
  return index > step_index ("service") || mp_order_draft_get_plan (mp_purchase_get_draft (self->purchase)) != NULL;
}

static gboolean
close_idle_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

/* The dialog closes itself after the response: the wizard closes once
 * it is gone, not from inside its signal.
 */
static void
discard_response_cb (MpPurchaseWizard *self,
                     const char       *response)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;
  self->discard = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT, close_idle_cb, g_object_ref (self), g_object_unref);
}

static void
ask_discard (MpPurchaseWizard *self)
{
  GtkWidget *dialog;

  if (self->discard_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->discard_dialog));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard This Order?"),
                                   _("The choices made for this order will be lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->discard_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Escape, Cancel and the window's close button all come here. */
static gboolean
mp_purchase_wizard_close_request (GtkWindow *window)
{
  MpPurchaseWizard *self = MP_PURCHASE_WIZARD (window);

  /* An order on its way is not discarded: the window hides while the
   * purchase goes on placing it.
   */
  if (placing (self))
    {
      self->hidden_while_placing = TRUE;
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return TRUE;
    }
  if (!self->discard && has_choices (self))
    {
      ask_discard (self);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (mp_purchase_wizard_parent_class)->close_request (window);
}

static void
cancel_clicked_cb (MpPurchaseWizard *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
back_clicked_cb (MpPurchaseWizard *self)
{
  mp_purchase_wizard_back (self);
}

static void
next_clicked_cb (MpPurchaseWizard *self)
{
  mp_purchase_wizard_next (self);
}

/* "win.*" inside the wizard: the provisioning page's buttons. They close
 * the wizard and go on in the main window.
 */
static void
forward_action (MpPurchaseWizard *self,
                const char       *action,
                GVariant         *parameter)
{
  GtkWindow *parent = self->parent_window != NULL ? self->parent_window
                                                  : gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(GVariant) param = parameter != NULL ? g_variant_ref (parameter) : NULL;

  if (parent != NULL)
    g_object_ref (parent);
  gtk_window_close (GTK_WINDOW (self));
  if (parent != NULL)
    {
      gtk_widget_activate_action_variant (GTK_WIDGET (parent), action, param);
      g_object_unref (parent);
    }
}

static void
open_subscription_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  forward_action (user_data, "win.open-subscription", parameter);
}

static void
open_order_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  forward_action (user_data, "win.open-order", parameter);
}

static void
go_back_cb (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
}

static void
plan_fetched_cb (gpointer      user_data,
                 MpPlan       *plan,
                 const GError *error)
{
  MpPurchaseWizard *self = user_data;

  if (plan == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "failed");
      update_header (self);
      return;
    }
  mp_service_step_choose_plan (MP_SERVICE_STEP (self->steps[STEP_SERVICE]), mp_plan_get_id (plan));
  show_step (self, "term");
}

static void
transient_for_cb (MpPurchaseWizard *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    g_set_weak_pointer (&self->parent_window, parent);
}

static void
mp_purchase_wizard_dispose (GObject *object)
{
  MpPurchaseWizard *self = MP_PURCHASE_WIZARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->placing_done_id, g_source_remove);
  g_clear_weak_pointer (&self->parent_window);
  if (self->discard_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->discard_dialog));
  g_clear_weak_pointer (&self->discard_dialog);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_PURCHASE_WIZARD);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->order);
  g_clear_object (&self->purchase);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_purchase_wizard_parent_class)->dispose (object);
}

static void
mp_purchase_wizard_finalize (GObject *object)
{
  MpPurchaseWizard *self = MP_PURCHASE_WIZARD (object);

  g_clear_pointer (&self->customer_id, g_free);
  g_clear_pointer (&self->preferred_audience, g_free);
  g_clear_pointer (&self->kept_quantities, g_hash_table_unref);
  g_clear_pointer (&self->kept_terms, g_ptr_array_unref);
  g_clear_error (&self->kept_refusal);

  G_OBJECT_CLASS (mp_purchase_wizard_parent_class)->finalize (object);
}

static void
mp_purchase_wizard_class_init (MpPurchaseWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mp_purchase_wizard_dispose;
  object_class->finalize = mp_purchase_wizard_finalize;
  window_class->close_request = mp_purchase_wizard_close_request;

  g_type_ensure (MP_TYPE_ERROR_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/wizard/mp-purchase-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, MpPurchaseWizard, header_bar);
  gtk_widget_class_bind_template_child (widget_class, MpPurchaseWizard, window_title);
  gtk_widget_class_bind_template_child (widget_class, MpPurchaseWizard, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MpPurchaseWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, MpPurchaseWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, MpPurchaseWizard, stack);
  gtk_widget_class_bind_template_child (widget_class, MpPurchaseWizard, load_error_box);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
}

static void
mp_purchase_wizard_init (MpPurchaseWizard *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  const GActionEntry entries[] = {
    { .name = "open-subscription", .activate = open_subscription_cb, .parameter_type = "s" },
    { .name = "open-order", .activate = open_order_cb, .parameter_type = "s" },
    { .name = "go-back", .activate = go_back_cb },
  };

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  mp_a11y_add_search_shortcut (GTK_WIDGET (self));
  /* Enter in a choice or an amount goes on to the next step. */
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->next_button));
  mp_a11y_enter_activates_default (GTK_WINDOW (self));

  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "win", G_ACTION_GROUP (group));
  g_signal_connect (self, "notify::transient-for", G_CALLBACK (transient_for_cb), NULL);
}

static void
add_step (MpPurchaseWizard *self,
          guint             index,
          GtkWidget        *step)
{
  g_assert (MP_IS_WIZARD_STEP (step));
  self->steps[index] = step;
  gtk_stack_add_titled (self->stack, step, step_names[index], mp_wizard_step_get_title (MP_WIZARD_STEP (step)));
  g_signal_connect_object (step, "notify::complete", G_CALLBACK (step_complete_cb), self, G_CONNECT_SWAPPED);
}

/* The variants of the product line chosen on the first step are the
 * second step's choice; a plan given from the start has no choice left.
 */
static void
service_complete_cb (MpPurchaseWizard *self)
{
  MpServiceStep *service = MP_SERVICE_STEP (self->steps[STEP_SERVICE]);
  GListModel *variants = mp_service_step_get_variants (service);

  if (!self->preselected && variants != NULL && mp_service_step_get_complete (service))
    mp_variant_step_set_variants (MP_VARIANT_STEP (self->steps[STEP_VARIANT]), variants, self->preferred_audience);
}

GtkWidget *
mp_purchase_wizard_new (MpSession  *session,
                        const char *customer_id,
                        const char *plan_id)
{
  MpPurchaseWizard *self;
  g_autoptr(MpOrderDraft) draft = NULL;
  gboolean reseller;
  const char *audience = NULL;
  const char *title;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  self = g_object_new (MP_TYPE_PURCHASE_WIZARD, NULL);
  self->session = g_object_ref (session);
  self->customer_id = g_strdup (customer_id != NULL && *customer_id != '\0' ? customer_id : NULL);
  reseller = mp_session_is_reseller (session);

  /* Who buys decides only the defaults and the words, never the steps. */
  if (!reseller)
    {
      audience = "customer";   /* a customer may not buy reseller plans */
      self->preferred_audience = g_strdup ("customer");
      title = _("Buy Services");
    }
  else if (self->customer_id != NULL)
    {
      self->preferred_audience = g_strdup ("customer");
      title = _("Add New Order");
    }
  else
    {
      self->preferred_audience = g_strdup ("reseller");
      title = _("Buy More Services");
    }
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);

  /* One purchase for the wizard's one draft: its idempotency key is fixed
   * now, and its placement outlives the window.
   */
  draft = mp_order_draft_new ();
  mp_order_draft_set_customer_id (draft, self->customer_id);
  self->purchase = mp_purchase_new (mp_session_get_client (session), draft);
  /* For as long as the purchase lives: the session follows the order even
   * when the window is gone before it is placed.
   */
  mp_session_track_purchase (session, self->purchase);
  g_signal_connect_object (self->purchase, "placed", G_CALLBACK (order_placed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->purchase, "notify::placing", G_CALLBACK (placing_changed_cb), self, G_CONNECT_SWAPPED);

  add_step (self, STEP_SERVICE, mp_service_step_new (session, draft, audience, self->preferred_audience));
  g_signal_connect_object (self->steps[STEP_SERVICE], "notify::complete", G_CALLBACK (service_complete_cb),
                           self, G_CONNECT_SWAPPED);
  add_step (self, STEP_VARIANT, mp_variant_step_new (session, draft));
  add_step (self, STEP_TERM, mp_term_step_new (draft));
  add_step (self, STEP_TERMS, mp_terms_step_new (draft));
  add_step (self, STEP_RESOURCES, mp_resources_step_new (draft));
  add_step (self, STEP_SUMMARY, mp_summary_step_new (self->purchase));
  mp_summary_step_set_place_label (MP_SUMMARY_STEP (self->steps[STEP_SUMMARY]),
                                   reseller ? _("_Place Order") : _("_Finish"));
  g_signal_connect_object (self->steps[STEP_SUMMARY], "order-refused", G_CALLBACK (order_refused_cb),
                           self, G_CONNECT_SWAPPED);

  if (plan_id != NULL)
    {
      self->preselected = TRUE;
      gtk_stack_set_visible_child_name (self->stack, "loading");
      mp_wizard_fetch_plan (mp_session_get_client (session), draft, plan_id, self->load_error_box,
                            self->cancellable, plan_fetched_cb, self);
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "service");
  update_header (self);

  return GTK_WIDGET (self);
}

MpPurchase *
mp_purchase_wizard_get_purchase (MpPurchaseWizard *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE_WIZARD (self), NULL);
  return self->purchase;
}

MpOrderDraft *
mp_purchase_wizard_get_draft (MpPurchaseWizard *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE_WIZARD (self), NULL);
  return mp_purchase_get_draft (self->purchase);
}

const char *
mp_purchase_wizard_get_step (MpPurchaseWizard *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE_WIZARD (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
mp_purchase_wizard_get_step_widget (MpPurchaseWizard *self,
                                    const char       *name)
{
  g_return_val_if_fail (MP_IS_PURCHASE_WIZARD (self), NULL);
  return step_widget (self, name);
}

void
mp_purchase_wizard_next (MpPurchaseWizard *self)
{
  const char *name;
  const char *next;
  MpWizardStep *step;

  g_return_if_fail (MP_IS_PURCHASE_WIZARD (self));

  name = gtk_stack_get_visible_child_name (self->stack);
  step = wizard_step (self, name);
  if (step == NULL || !mp_wizard_step_get_complete (step))
    return;
  /* The summary places the order and goes on when it is placed. */
  if (!mp_wizard_step_apply (step))
    return;
  next = next_step (self, name, +1);
  if (next != NULL)
    show_step (self, next);
}

void
mp_purchase_wizard_back (MpPurchaseWizard *self)
{
  const char *name;
  const char *previous;

  g_return_if_fail (MP_IS_PURCHASE_WIZARD (self));

  if (self->order != NULL)
    return;
  name = gtk_stack_get_visible_child_name (self->stack);
  previous = next_step (self, name, -1);
  if (previous != NULL)
    show_step (self, previous);
}

GtkButton *
mp_purchase_wizard_get_next_button (MpPurchaseWizard *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE_WIZARD (self), NULL);
  return self->next_button;
}

GtkButton *
mp_purchase_wizard_get_back_button (MpPurchaseWizard *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE_WIZARD (self), NULL);
  return self->back_button;
}

MpOrder *
mp_purchase_wizard_get_order (MpPurchaseWizard *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE_WIZARD (self), NULL);
  return self->order;
}
