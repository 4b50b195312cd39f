/* mp-wizard-util.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-page-util.h"
#include "mp-wizard-util.h"

gboolean
mp_wizard_plan_price (MpPlan       *plan,
                      MpPeriod     *period,
                      MpOrderDraft *draft,
                      MpMoney      *setup,
                      MpMoney      *recurring)
{
  GListModel *resources;
  gboolean any = FALSE;
  guint n;

  g_return_val_if_fail (MP_IS_PLAN (plan), FALSE);
  g_return_val_if_fail (MP_IS_PERIOD (period), FALSE);

  resources = mp_plan_get_resources (plan);
  n = g_list_model_get_n_items (resources);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpResource) r = g_list_model_get_item (resources, i);
      MpMoney unit_setup, unit_recurring;
      gint64 quantity = draft != NULL ? mp_order_draft_get_quantity (draft, mp_resource_get_mpn (r))
                                      : MAX (mp_resource_get_minimum (r), 0);
      gint64 billable = MAX (quantity - mp_resource_get_included (r), 0);

      if (!mp_resource_get_price (r, period, &unit_setup, &unit_recurring))
        continue;
      if (!any)
        {
          mp_money_init (setup, 0, unit_setup.currency);
          mp_money_init (recurring, 0, unit_recurring.currency);
          any = TRUE;
        }
      if (quantity <= 0)
        continue;
      if (!mp_money_multiply (&unit_setup, quantity, NULL) ||
          !mp_money_add (setup, &unit_setup, NULL))
        return FALSE;
      if (!mp_resource_get_one_time (r) &&
          (!mp_money_multiply (&unit_recurring, billable, NULL) ||
           !mp_money_add (recurring, &unit_recurring, NULL)))
        return FALSE;
    }
  return any;
}

char *
mp_wizard_format_per (MpPeriod *period)
{
  MpPeriodUnit unit = mp_period_get_unit (period);
  int duration = (int) mp_period_get_duration (period);

  if (unit == MP_PERIOD_UNIT_YEAR)
    return duration == 1 ? g_strdup (_("per year"))
                         : g_strdup_printf (ngettext ("per %d year", "per %d years", duration), duration);
  if (unit == MP_PERIOD_UNIT_DAY)
    return duration == 1 ? g_strdup (_("per day"))
                         : g_strdup_printf (ngettext ("per %d day", "per %d days", duration), duration);
  return duration == 1 ? g_strdup (_("per month"))
                       : g_strdup_printf (ngettext ("per %d month", "per %d months", duration), duration);
}

const char *
mp_wizard_audience_label (MpAudience audience)
{
  if (audience == MP_AUDIENCE_RESELLER)
    return _("For Resellers");
  if (audience == MP_AUDIENCE_CUSTOMER)
    return _("For Customers");
  return _("For Everyone");
}

void
mp_wizard_clear_list_box (GtkListBox *list_box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list_box))) != NULL)
    gtk_list_box_remove (list_box, child);
}

gpointer
mp_wizard_table_key_of (GHashTable    *table,
                        gconstpointer  value)
{
  GHashTableIter iter;
  gpointer key, v;

  g_return_val_if_fail (table != NULL, NULL);

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &v))
    if (v == value)
      return key;
  return NULL;
}

typedef struct
{
  MpOrderDraft     *draft;
  MpErrorBox       *error_box;   /* unowned: alive until cancelled */
  MpWizardPlanFunc  func;
  gpointer          user_data;
} FetchPlan;

static void
fetch_plan_done (gpointer      data,
                 MpPlan       *plan,
                 const GError *error)
{
  FetchPlan *fetch = data;

  if (plan == NULL)
    {
      if (fetch->error_box != NULL)
        mp_error_box_set_error (fetch->error_box, _("Could Not Load the Plan"), error);
      fetch->func (fetch->user_data, NULL, error);
    }
  else
    {
      mp_order_draft_set_plan (fetch->draft, plan);
      fetch->func (fetch->user_data, plan, NULL);
    }
}

static void
fetch_plan_free (gpointer data)
{
  FetchPlan *fetch = data;

  g_object_unref (fetch->draft);
  g_free (fetch);
}

void
mp_wizard_fetch_plan (MpClient         *client,
                      MpOrderDraft     *draft,
                      const char       *plan_id,
                      MpErrorBox       *error_box,
                      GCancellable     *cancellable,
                      MpWizardPlanFunc  func,
                      gpointer          user_data)
{
  FetchPlan *fetch;

  g_return_if_fail (MP_IS_CLIENT (client));
  g_return_if_fail (MP_IS_ORDER_DRAFT (draft));
  g_return_if_fail (plan_id != NULL);
  g_return_if_fail (func != NULL);

  fetch = g_new0 (FetchPlan, 1);
  fetch->draft = g_object_ref (draft);
  fetch->error_box = error_box;
  fetch->func = func;
  fetch->user_data = user_data;
  mp_page_get_plan (client, plan_id, cancellable, fetch_plan_done, fetch, fetch_plan_free);
}
