/* mp-server-switch.c: plan and period switches (docs/api.md "Plan switches")
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "mp-server-switch.h"

static void
switch_today (GDate *date)
{
  g_date_clear (date, 1);
  g_date_set_time_t (date, (time_t) (g_get_real_time () / G_USEC_PER_SEC));
}

/* The catalogue's switch from the subscription's plan and period to the
 * target; FALSE if there is none. */
static gboolean
find_switch (MpServer   *self,
             gint64      plan_id,
             const char *period_type,
             gint64      period_duration,
             gint64      target_plan_id,
             const char *target_type,
             gint64      target_duration,
             char      **policy,
             char      **when)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                      "SELECT billing_policy, when_effective FROM plan_switches"
                                      " WHERE plan_id = ? AND period_type = ? AND period_duration = ?"
                                      " AND target_plan_id = ? AND target_period_type = ?"
                                      " AND target_period_duration = ?");
  gboolean found;

  sqlite3_bind_int64 (stmt, 1, plan_id);
  sqlite3_bind_text (stmt, 2, period_type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, period_duration);
  sqlite3_bind_int64 (stmt, 4, target_plan_id);
  sqlite3_bind_text (stmt, 5, target_type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, target_duration);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      *policy = g_strdup (mp_db_text (stmt, 0));
      *when = g_strdup (mp_db_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  return found;
}

/* Whether the policy keeps the subscription's expiration date (the new
 * plan charged for the rest of the term); otherwise a new term starts today. */
static gboolean
keeps_expiration (const char *policy)
{
  return strcmp (policy, "prorate_keeping_exp_date") == 0;
}

/* Whether the unused part of the old term is refunded. */
static gboolean
refunds (const char *policy)
{
  return strcmp (policy, "no_refund") != 0 && strcmp (policy, "no_refund_with_full_refund_period") != 0;
}

static void
merge_charges (MpCharges *into,
               MpCharges *from)
{
  while (from->lines->len > 0)
    g_ptr_array_add (into->lines, g_ptr_array_steal_index (from->lines, 0));
  into->total += from->total;
}

gboolean
mp_server_switch_resolve (MpRequest      *req,
                          MpOrderInput   *input,
                          MpSwitchTarget *target)
{
  MpServer *self = req->server;
  g_autofree char *policy = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GArray) old_items = g_array_new (FALSE, TRUE, sizeof (MpPriceItem));
  g_autoptr(GArray) new_items = g_array_new (FALSE, TRUE, sizeof (MpPriceItem));
  g_autoptr(MpCharges) refund = NULL;
  g_autoptr(MpCharges) charge = NULL;
  g_autoptr(GError) error = NULL;
  const char *target_type = input->period_type != NULL ? input->period_type : target->period_type;
  gint64 target_duration = input->period_type != NULL ? input->period_duration : target->period_duration;
  gint64 target_plan = input->plan_id != 0 ? input->plan_id : target->plan_id;
  sqlite3_stmt *stmt;
  GDate today;
  guint i;

  switch_today (&today);
  if (!find_switch (self, target->plan_id, target->period_type, target->period_duration,
                    target_plan, target_type, target_duration, &policy, &when))
    {
      mp_request_refuse (req, 400, MP_SERVER_REFUSAL_PLAN_SWITCH, NULL,
                         "Subscription #%" G_GINT64_FORMAT " cannot switch to service plan #%" G_GINT64_FORMAT
                         " with a %" G_GINT64_FORMAT " %s term: it is not among the switches of its plan"
                         " (GET /plans/%" G_GINT64_FORMAT " planSwitches).",
                         target->subscription_id, target_plan, target_duration, target_type, target->plan_id);
      return FALSE;
    }

  /* The limits carried over: by MPN (a period switch of the same plan),
   * else by resource category; one-time services are not carried. */
  stmt = mp_db_prepare (self->db,
                        "SELECT sp.product_id, sp.quantity, p.name, p.one_time,"
                        " coalesce ((SELECT t.id FROM products t WHERE t.plan_id = ?2 AND t.mpn = p.mpn),"
                        "  (SELECT t.id FROM products t WHERE t.plan_id = ?2 AND t.one_time = 0"
                        "   AND t.resource_category_id = p.resource_category_id ORDER BY t.position LIMIT 1))"
                        " FROM subscription_products sp JOIN products p ON p.id = sp.product_id"
                        " WHERE sp.subscription_id = ?1 AND sp.quantity > 0 ORDER BY p.position");
  sqlite3_bind_int64 (stmt, 1, target->subscription_id);
  sqlite3_bind_int64 (stmt, 2, target_plan);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MpPriceItem old_item = { 0 };
      gboolean one_time = sqlite3_column_int (stmt, 3) != 0;

      old_item.product_id = sqlite3_column_int64 (stmt, 0);
      old_item.old_quantity = sqlite3_column_int64 (stmt, 1);
      if (!one_time)
        g_array_append_val (old_items, old_item);
      if (one_time)
        continue;
      if (sqlite3_column_type (stmt, 4) == SQLITE_NULL)
        {
          g_autofree char *name = g_strdup (mp_db_text (stmt, 2));

          sqlite3_reset (stmt);
          mp_request_refuse (req, 400, MP_SERVER_REFUSAL_TARGET_LIMITS, NULL,
                             "“%s” (%" G_GINT64_FORMAT ") cannot be carried over: service plan #%" G_GINT64_FORMAT
                             " has no such resource.", name, old_item.old_quantity, target_plan);
          return FALSE;
        }
      {
        MpPriceItem new_item = { 0 };

        new_item.product_id = sqlite3_column_int64 (stmt, 4);
        new_item.new_quantity = old_item.old_quantity;
        g_array_append_val (new_items, new_item);
      }
    }
  sqlite3_reset (stmt);

  /* Quantities in the order's products[] (target MPNs) replace the carried ones. */
  for (i = 0; i < input->lines->len; i++)
    {
      MpOrderLineInput *line = g_ptr_array_index (input->lines, i);
      gint64 product_id = 0;
      guint j;

      stmt = mp_db_prepare (self->db, "SELECT id FROM products WHERE mpn = ? AND plan_id = ?");
      sqlite3_bind_text (stmt, 1, line->mpn, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, target_plan);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        product_id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (product_id == 0)
        {
          mp_request_error (req, 400, "The product with MPN “%s” is not part of service plan #%" G_GINT64_FORMAT ".",
                            line->mpn, target_plan);
          return FALSE;
        }
      for (j = 0; j < new_items->len; j++)
        if (g_array_index (new_items, MpPriceItem, j).product_id == product_id)
          break;
      if (j == new_items->len)
        {
          MpPriceItem item = { 0 };

          item.product_id = product_id;
          g_array_append_val (new_items, item);
        }
      g_array_index (new_items, MpPriceItem, j).new_quantity = line->quantity;
    }

  /* The target plan's bounds */
  for (i = 0; i < new_items->len; i++)
    {
      MpPriceItem *item = &g_array_index (new_items, MpPriceItem, i);

      stmt = mp_db_prepare (self->db, "SELECT mpn, name, minimum, maximum FROM products WHERE id = ?");
      sqlite3_bind_int64 (stmt, 1, item->product_id);
      if (sqlite3_step (stmt) == SQLITE_ROW
          && (item->new_quantity < sqlite3_column_int64 (stmt, 2) || item->new_quantity > sqlite3_column_int64 (stmt, 3)))
        {
          g_autofree char *mpn = g_strdup (mp_db_text (stmt, 0));
          g_autofree char *name = g_strdup (mp_db_text (stmt, 1));
          gint64 minimum = sqlite3_column_int64 (stmt, 2), maximum = sqlite3_column_int64 (stmt, 3);

          sqlite3_reset (stmt);
          mp_request_refuse (req, 400, MP_SERVER_REFUSAL_TARGET_LIMITS, mpn,
                             "The limit of “%s” (%s) cannot be carried over: the subscription has %" G_GINT64_FORMAT
                             " and service plan #%" G_GINT64_FORMAT " allows between %" G_GINT64_FORMAT
                             " and %" G_GINT64_FORMAT ".",
                             name, mpn, item->new_quantity, target_plan, minimum, maximum);
          return FALSE;
        }
      sqlite3_reset (stmt);
    }

  /* The estimate. Now: the unused part of the old term refunded (the
   * policy permitting), the new plan charged to the same expiration date or
   * for a new term from today. A switch at renewal charges nothing now. */
  if (refunds (policy) && strcmp (when, "immediately") == 0)
    {
      refund = mp_pricing_compute (self->db, req->currency, target->period_type, target->period_duration, "change",
                                   old_items, &today, &target->expires, &error);
      if (refund == NULL)
        goto failed;
    }
  charge = mp_pricing_compute (self->db, req->currency, target_type, target_duration,
                               keeps_expiration (policy) ? "change" : "sales", new_items, &today,
                               &target->expires, &error);
  if (charge == NULL)
    goto failed;
  if (strcmp (when, "immediately") != 0)
    {
      g_ptr_array_set_size (charge->lines, 0);
      charge->total = 0;
    }
  if (refund != NULL)
    merge_charges (charge, refund);

  for (i = 0; i < old_items->len; i++)
    g_array_append_val (target->items, g_array_index (old_items, MpPriceItem, i));
  for (i = 0; i < new_items->len; i++)
    g_array_append_val (target->items, g_array_index (new_items, MpPriceItem, i));
  target->charges = g_steal_pointer (&charge);
  target->plan_id = target_plan;
  g_free (target->period_type);
  target->period_type = g_strdup (target_type);
  target->period_duration = target_duration;
  target->when_effective = g_steal_pointer (&when);
  return TRUE;

failed:
  mp_request_error (req, 400, "%s", error->message);
  return FALSE;
}

gboolean
mp_server_switch_apply (MpServer  *self,
                        gint64     order_id,
                        gint64     subscription_id,
                        gint64     plan_id,
                        const char *period_type,
                        gint64     period_duration,
                        GError   **error)
{
  g_autofree char *policy = NULL;
  g_autofree char *when = NULL;
  g_autofree char *expires_text = NULL;
  g_autofree char *old_type = NULL;
  gint64 old_plan = 0, old_duration = 0;
  sqlite3_stmt *stmt;
  GDate today, expires;

  stmt = mp_db_prepare (self->db, "SELECT plan_id, period_type, period_duration FROM subscriptions WHERE id = ?");
  sqlite3_bind_int64 (stmt, 1, subscription_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      old_plan = sqlite3_column_int64 (stmt, 0);
      old_type = g_strdup (mp_db_text (stmt, 1));
      old_duration = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (old_type == NULL
      || !find_switch (self, old_plan, old_type, old_duration, plan_id, period_type, period_duration, &policy, &when))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "Subscription #%" G_GINT64_FORMAT " can no longer switch to plan #%" G_GINT64_FORMAT ".",
                   subscription_id, plan_id);
      return FALSE;
    }

  stmt = mp_db_prepare (self->db,
                        "DELETE FROM subscription_products WHERE subscription_id = ?1 AND product_id NOT IN"
                        " (SELECT product_id FROM order_lines WHERE order_id = ?2 AND target > 0)");
  sqlite3_bind_int64 (stmt, 1, subscription_id);
  sqlite3_bind_int64 (stmt, 2, order_id);
  if (!mp_db_step_done (self->db, stmt, error))
    return FALSE;
  stmt = mp_db_prepare (self->db,
                        "INSERT INTO subscription_products (subscription_id, product_id, quantity, usage)"
                        " SELECT ?1, product_id, target, 0 FROM order_lines WHERE order_id = ?2 AND target > 0"
                        " ON CONFLICT (subscription_id, product_id) DO UPDATE SET quantity = excluded.quantity,"
                        " usage = min (usage, excluded.quantity)");
  sqlite3_bind_int64 (stmt, 1, subscription_id);
  sqlite3_bind_int64 (stmt, 2, order_id);
  if (!mp_db_step_done (self->db, stmt, error))
    return FALSE;

  switch_today (&today);
  if (keeps_expiration (policy))
    expires_text = NULL;
  else
    {
      expires = today;
      mp_date_add_period (&expires, period_type, period_duration);
      expires_text = mp_date_to_string (&expires);
    }
  stmt = mp_db_prepare (self->db,
                        "UPDATE subscriptions SET plan_id = ?1, period_type = ?2, period_duration = ?3,"
                        " expires = coalesce (?4, expires),"
                        " name = (SELECT tr ('plan', p.id, 'name', p.name,"
                        "  (SELECT language FROM marketplaces m WHERE m.code = subscriptions.marketplace))"
                        "  FROM plans p WHERE p.id = ?1)"
                        " WHERE id = ?5");
  sqlite3_bind_int64 (stmt, 1, plan_id);
  sqlite3_bind_text (stmt, 2, period_type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, period_duration);
  if (expires_text != NULL)
    sqlite3_bind_text (stmt, 4, expires_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, subscription_id);
  return mp_db_step_done (self->db, stmt, error);
}
