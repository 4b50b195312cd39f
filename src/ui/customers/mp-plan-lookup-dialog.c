/* mp-plan-lookup-dialog.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-plan-lookup-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-plan-item.h"
#include "mp-plan-lookup-dialog.h"
#include "mp-product-row.h"

/* The control panel's service-plan look-up: the pop-up behind the
 * magnifier beside the Service Plan field. The search goes to the server
 * (GET /plans?search=), so that it stays quick with thousands of plans.
 * The list is a GtkListView: the plans on screen only are mapped to rows
 * (MpPlanItem, the plan lists' shared MpProductRow).
 */
struct _MpPlanLookupDialog
{
  AdwWindow       parent_instance;

  /* Template Widgets */
  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  AdwStatusPage  *empty_page;
  GtkListView    *list_view;

  /* Owned References */
  MpSession      *session;
  MpPagedList    *list;
  char           *audience;
};

G_DEFINE_FINAL_TYPE (MpPlanLookupDialog, mp_plan_lookup_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_PLAN_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
audience_label (MpAudience audience)
{
  if (audience == MP_AUDIENCE_RESELLER)
    return _("For resellers");
  if (audience == MP_AUDIENCE_CUSTOMER)
    return _("For customers");
  return NULL;
}

/* GtkMapListModel: an MpPlan of the list to the item its row shows. */
static gpointer
map_plan (gpointer item,
          gpointer user_data)
{
  g_autoptr(MpPlan) plan = item;
  g_autoptr(GListStore) plans = g_list_store_new (MP_TYPE_PLAN);
  GString *subtitle = g_string_new (NULL);
  const char *audience = audience_label (mp_plan_get_audience (plan));
  MpPlanItem *plan_item;

  if (mp_plan_get_vendor (plan) != NULL)
    g_string_append (subtitle, mp_plan_get_vendor (plan));
  if (mp_plan_get_category_name (plan) != NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", mp_plan_get_category_name (plan));
  if (audience != NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", audience);
  g_list_store_append (plans, plan);
  plan_item = mp_plan_item_new (mp_plan_get_id (plan), mp_plan_get_name (plan), subtitle->str, G_LIST_MODEL (plans));
  g_string_free (subtitle, TRUE);
  return plan_item;
}

static void
update_state (MpPlanLookupDialog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  const GError *error = mp_paged_list_get_error (self->list);

  if (n > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (mp_paged_list_get_loading (self->list))
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else
    {
      adw_status_page_set_description (self->empty_page, error != NULL ? error->message : NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
}

static void
reload (MpPlanLookupDialog *self)
{
  g_autofree char *search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  if (self->list != NULL)
    {
      mp_paged_list_cancel (self->list);
      g_signal_handlers_disconnect_by_data (self->list, self);
    }
  g_clear_object (&self->list);
  self->list = mp_client_list_plans (mp_session_get_client (self->session), NULL,
                                     mp_enum_from_nick (MP_TYPE_AUDIENCE, self->audience, MP_AUDIENCE_ANY),
                                     *search != '\0' ? search : NULL);
  g_signal_connect_object (self->list, "notify::loading", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (
                             gtk_map_list_model_new (g_object_ref (G_LIST_MODEL (self->list)), map_plan, NULL, NULL)))));
  update_state (self);
}

static void
search_changed_cb (MpPlanLookupDialog *self)
{
  reload (self);
}

static void
choose_position (MpPlanLookupDialog *self,
                 guint               position)
{
  g_autoptr(MpPlan) plan = g_list_model_get_item (G_LIST_MODEL (self->list), position);
  g_autofree char *plan_id = plan != NULL ? g_strdup (mp_plan_get_id (plan)) : NULL;

  if (plan_id == NULL)
    return;
  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_PLAN_CHOSEN], 0, plan_id);
  gtk_window_close (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
search_activate_cb (MpPlanLookupDialog *self)
{
  /* Enter picks the first match, as in the control panel's pop-up. */
  choose_position (self, 0);
}

static void
row_activated_cb (MpPlanLookupDialog *self,
                  guint               position)
{
  choose_position (self, position);
}

static void
mp_plan_lookup_dialog_dispose (GObject *object)
{
  MpPlanLookupDialog *self = MP_PLAN_LOOKUP_DIALOG (object);

  if (self->list != NULL)
    mp_paged_list_cancel (self->list);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_PLAN_LOOKUP_DIALOG);

  g_clear_object (&self->list);
  g_clear_object (&self->session);
  g_clear_pointer (&self->audience, g_free);

  G_OBJECT_CLASS (mp_plan_lookup_dialog_parent_class)->dispose (object);
}

static void
mp_plan_lookup_dialog_class_init (MpPlanLookupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_plan_lookup_dialog_dispose;

  /**
   * MpPlanLookupDialog::plan-chosen:
   * @plan_id: the ID of the plan the user picked
   */
  signals[SIGNAL_PLAN_CHOSEN] =
    g_signal_new ("plan-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/customers/mp-plan-lookup-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MpPlanLookupDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MpPlanLookupDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, MpPlanLookupDialog, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MpPlanLookupDialog, list_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mp_plan_lookup_dialog_init (MpPlanLookupDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = mp_product_row_factory_new (MP_PRODUCT_ROW_LINK);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_view_set_factory (self->list_view, factory);
  mp_a11y_setup_search (self->search_entry, GTK_WIDGET (self), GTK_WIDGET (self->list_view));
  mp_a11y_add_search_shortcut (GTK_WIDGET (self));
}

GtkWidget *
mp_plan_lookup_dialog_new (MpSession *session)
{
  MpPlanLookupDialog *self;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  self = g_object_new (MP_TYPE_PLAN_LOOKUP_DIALOG, NULL);
  self->session = g_object_ref (session);
  reload (self);
  return GTK_WIDGET (self);
}

void
mp_plan_lookup_dialog_set_audience (MpPlanLookupDialog *self,
                                    const char         *audience)
{
  g_return_if_fail (MP_IS_PLAN_LOOKUP_DIALOG (self));

  if (g_strcmp0 (self->audience, audience) == 0)
    return;
  g_free (self->audience);
  self->audience = g_strdup (audience);
  reload (self);
}
