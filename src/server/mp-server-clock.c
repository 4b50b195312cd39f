/* mp-server-clock.c: the demo clock, scheduled changes and renewals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mp-server-clock.h"
#include "mp-server-pricing.h"

#define MAX_ADVANCE_DAYS 3660
#define RENEWAL_CHECK_SECONDS 60

static gint64 offset_days;
static guint renewal_check_id;

void
mp_server_clock_set_offset_days (gint64 days)
{
  offset_days = days;
}

gint64
mp_server_clock_get_offset_days (void)
{
  return offset_days;
}

gint64
mp_server_clock_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC + offset_days * 24 * 60 * 60;
}

void
mp_server_clock_today (GDate *date)
{
  g_date_clear (date, 1);
  g_date_set_time_t (date, (time_t) mp_server_clock_now ());
}

char *
mp_server_clock_today_string (void)
{
  GDate today;

  mp_server_clock_today (&today);
  return mp_date_to_string (&today);
}

/* Scheduled orders */

gboolean
mp_server_schedule_order (MpServer   *self,
                          gint64      order_id,
                          gint64      subscription_id,
                          const char *date,
                          GError    **error)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                      "INSERT INTO scheduled_orders (order_id, subscription_id, scheduled_date)"
                                      " VALUES (?, ?, ?)");

  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_int64 (stmt, 2, subscription_id);
  sqlite3_bind_text (stmt, 3, date, -1, SQLITE_TRANSIENT);
  return mp_db_step_done (self->db, stmt, error);
}

gint64
mp_server_scheduled_order_id (MpServer *self,
                              gint64    subscription_id)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                      "SELECT s.order_id FROM scheduled_orders s JOIN orders o ON o.id = s.order_id"
                                      " WHERE s.subscription_id = ? AND o.status = 'submitted'"
                                      " ORDER BY s.order_id LIMIT 1");
  gint64 id = 0;

  sqlite3_bind_int64 (stmt, 1, subscription_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

gboolean
mp_server_cancel_scheduled (MpServer   *self,
                            gint64      subscription_id,
                            const char *reason,
                            GError    **error)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                      "UPDATE orders SET status = 'cancelled', status_code = 'CL', error = ?,"
                                      " version = version + 1 WHERE status = 'submitted' AND id IN"
                                      " (SELECT order_id FROM scheduled_orders WHERE subscription_id = ?)");

  sqlite3_bind_text (stmt, 1, reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, subscription_id);
  return mp_db_step_done (self->db, stmt, error);
}

void
mp_server_write_schedule (MpServer     *self,
                          MpJsonWriter *writer,
                          gint64        order_id)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                      "SELECT s.scheduled_date, o.status, o.error FROM scheduled_orders s"
                                      " JOIN orders o ON o.id = s.order_id WHERE s.order_id = ?");

  sqlite3_bind_int64 (stmt, 1, order_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      /* SimpleAPI's own member */
      mp_json_member_string (writer, "scheduledOn", "renewal");
      if (self->extensions)
        {
          mp_json_member_string (writer, "scheduledDate", mp_db_text (stmt, 0));
          if (strcmp (mp_db_text (stmt, 1), "cancelled") == 0)
            mp_json_member_optional_string (writer, "cancellationReason",
                                            (const char *) sqlite3_column_text (stmt, 2));
        }
    }
  sqlite3_reset (stmt);
}

/* Renewals */

void
mp_server_renewal_items (MpServer *self,
                         gint64    subscription_id,
                         GArray   *items)
{
  sqlite3_stmt *stmt;

  stmt = mp_db_prepare (self->db, "SELECT product_id, quantity FROM subscription_products"
                                  " WHERE subscription_id = ? AND quantity > 0 ORDER BY product_id");
  sqlite3_bind_int64 (stmt, 1, subscription_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MpPriceItem item = { 0 };

      item.product_id = sqlite3_column_int64 (stmt, 0);
      item.new_quantity = sqlite3_column_int64 (stmt, 1);
      g_array_append_val (items, item);
    }
  sqlite3_reset (stmt);
}

static gboolean
insert_renewal_order (MpServer    *self,
                      gint64       subscription_id,
                      GDate       *from,
                      GError     **error)
{
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (MpPriceItem));
  g_autoptr(MpCharges) charges = NULL;
  g_autofree char *marketplace = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *period_type = NULL;
  g_autofree char *created = mp_format_time (mp_server_clock_now ());
  gint64 customer_id, reseller_id, plan_id, duration, order_id;
  gboolean has_reseller;
  sqlite3_stmt *stmt;

  stmt = mp_db_prepare (self->db,
                        "SELECT marketplace, customer_id, reseller_id, plan_id, period_type, period_duration, currency"
                        " FROM subscriptions WHERE id = ?");
  sqlite3_bind_int64 (stmt, 1, subscription_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No subscription #%" G_GINT64_FORMAT, subscription_id);
      return FALSE;
    }
  marketplace = g_strdup (mp_db_text (stmt, 0));
  customer_id = sqlite3_column_int64 (stmt, 1);
  has_reseller = sqlite3_column_type (stmt, 2) != SQLITE_NULL;
  reseller_id = sqlite3_column_int64 (stmt, 2);
  plan_id = sqlite3_column_int64 (stmt, 3);
  period_type = g_strdup (mp_db_text (stmt, 4));
  duration = sqlite3_column_int64 (stmt, 5);
  currency = g_strdup (mp_db_text (stmt, 6));
  sqlite3_reset (stmt);

  mp_server_renewal_items (self, subscription_id, items);

  charges = mp_pricing_compute (self->db, currency, period_type, duration, "renewal", items, from, NULL, error);
  if (charges == NULL)
    return FALSE;

  stmt = mp_db_prepare (self->db,
                        "INSERT INTO orders (id, marketplace, number, type, customer_id, reseller_id, plan_id,"
                        " subscription_id, period_type, period_duration, status, status_code, created,"
                        " created_ms, provisioned, total, monthly, currency, step, steps)"
                        " VALUES ((SELECT max (coalesce (max (id), 0), 7000000) + 1 FROM orders),"
                        " ?, '', 'renewal', ?, ?, ?, ?, ?, ?, 'completed', 'CP', ?, ?, ?, ?, ?, ?, 1,"
                        " '[\"Renewing the subscription\"]')");
  sqlite3_bind_text (stmt, 1, marketplace, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, customer_id);
  if (has_reseller)
    sqlite3_bind_int64 (stmt, 3, reseller_id);
  sqlite3_bind_int64 (stmt, 4, plan_id);
  sqlite3_bind_int64 (stmt, 5, subscription_id);
  sqlite3_bind_text (stmt, 6, period_type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, duration);
  sqlite3_bind_text (stmt, 8, created, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, g_get_real_time () / 1000);
  sqlite3_bind_text (stmt, 10, created, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 11, charges->total);
  sqlite3_bind_int64 (stmt, 12, charges->monthly);
  sqlite3_bind_text (stmt, 13, currency, -1, SQLITE_STATIC);
  if (!mp_db_step_done (self->db, stmt, error))
    return FALSE;
  order_id = mp_db_last_id (self->db);
  stmt = mp_db_prepare (self->db, "UPDATE orders SET number = 'RN' || substr ('000000' || ?, -6) WHERE id = ?");
  sqlite3_bind_int64 (stmt, 1, order_id % 1000000);
  sqlite3_bind_int64 (stmt, 2, order_id);
  if (!mp_db_step_done (self->db, stmt, error))
    return FALSE;
  /* SimpleAPI: a renewal order carries no products, only its charges. */
  return mp_charges_store (charges, self->db, order_id, error);
}

static gboolean
apply_scheduled (MpServer  *self,
                 gint64     subscription_id,
                 GError   **error)
{
  g_autofree char *provisioned = mp_format_time (mp_server_clock_now ());
  gint64 order_id = mp_server_scheduled_order_id (self, subscription_id);
  sqlite3_stmt *stmt;

  if (order_id == 0)
    return TRUE;
  if (!mp_server_apply_change_lines (self, order_id, subscription_id, error))
    return FALSE;
  stmt = mp_db_prepare (self->db,
                        "UPDATE orders SET status = 'completed', status_code = 'CP', provisioned = ?,"
                        " step = json_array_length (steps), next_at = NULL, version = version + 1 WHERE id = ?");
  sqlite3_bind_text (stmt, 1, provisioned, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, order_id);
  return mp_db_step_done (self->db, stmt, error);
}

static gboolean
renew_one (MpServer  *self,
           gint64     subscription_id,
           GDate     *today,
           GError   **error)
{
  g_autofree char *period_type = NULL;
  g_autofree char *today_text = mp_date_to_string (today);
  g_autofree char *expires_text = NULL;
  gint64 duration;
  gboolean renewal, first = TRUE;
  GDate expires;
  sqlite3_stmt *stmt;

  if (!mp_db_begin (self->db, error))
    return FALSE;
  stmt = mp_db_prepare (self->db,
                        "SELECT period_type, period_duration, renewal, expires FROM subscriptions"
                        " WHERE id = ? AND status = 'active' AND pending_order_id IS NULL");
  sqlite3_bind_int64 (stmt, 1, subscription_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      mp_db_rollback (self->db);
      return TRUE;
    }
  period_type = g_strdup (mp_db_text (stmt, 0));
  duration = sqlite3_column_int64 (stmt, 1);
  renewal = sqlite3_column_int (stmt, 2) != 0;
  g_date_clear (&expires, 1);
  g_date_set_parse (&expires, mp_db_text (stmt, 3));
  sqlite3_reset (stmt);
  if (!g_date_valid (&expires))
    {
      mp_db_rollback (self->db);
      return TRUE;
    }

  if (!renewal)
    {
      g_autofree char *ended = mp_date_to_string (&expires);
      g_autofree char *reason = g_strdup_printf ("Subscription #%" G_GINT64_FORMAT " expired on %s without renewal.",
                                                 subscription_id, ended);

      stmt = mp_db_prepare (self->db, "UPDATE subscriptions SET status = 'terminated', modified = ? WHERE id = ?");
      sqlite3_bind_text (stmt, 1, today_text, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, subscription_id);
      if (!mp_db_step_done (self->db, stmt, error)
          || !mp_server_cancel_scheduled (self, subscription_id, reason, error))
        goto fail;
    }
  else
    {
      /* One renewal per term passed (the clock may jump several). */
      while (g_date_compare (&expires, today) <= 0)
        {
          if (first && !apply_scheduled (self, subscription_id, error))
            goto fail;
          first = FALSE;
          if (!insert_renewal_order (self, subscription_id, &expires, error))
            goto fail;
          mp_date_add_period (&expires, period_type, duration);
        }
      expires_text = mp_date_to_string (&expires);
      stmt = mp_db_prepare (self->db, "UPDATE subscriptions SET expires = ?, modified = ? WHERE id = ?");
      sqlite3_bind_text (stmt, 1, expires_text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, today_text, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, subscription_id);
      if (!mp_db_step_done (self->db, stmt, error))
        goto fail;
    }
  return mp_db_commit (self->db, error);

fail:
  mp_db_rollback (self->db);
  return FALSE;
}

gboolean
mp_server_allows_manual_renewal (MpServer *self,
                                 gint64    plan_id)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db, "SELECT 1 FROM plan_manual_renewal WHERE plan_id = ?");
  gboolean allowed;

  sqlite3_bind_int64 (stmt, 1, plan_id);
  allowed = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return allowed;
}

gboolean
mp_server_renew_now (MpServer  *self,
                     gint64     subscription_id,
                     GError   **error)
{
  g_autofree char *period_type = NULL;
  g_autofree char *expires_text = NULL;
  g_autofree char *today_text = mp_server_clock_today_string ();
  gint64 duration;
  GDate expires;
  sqlite3_stmt *stmt;

  stmt = mp_db_prepare (self->db, "SELECT period_type, period_duration, expires FROM subscriptions WHERE id = ?");
  sqlite3_bind_int64 (stmt, 1, subscription_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No subscription #%" G_GINT64_FORMAT, subscription_id);
      return FALSE;
    }
  period_type = g_strdup (mp_db_text (stmt, 0));
  duration = sqlite3_column_int64 (stmt, 1);
  g_date_clear (&expires, 1);
  g_date_set_parse (&expires, mp_db_text (stmt, 2));
  sqlite3_reset (stmt);
  if (!g_date_valid (&expires))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Subscription #%" G_GINT64_FORMAT " has no renewal date",
                   subscription_id);
      return FALSE;
    }
  if (!apply_scheduled (self, subscription_id, error))
    return FALSE;
  mp_date_add_period (&expires, period_type, duration);
  expires_text = mp_date_to_string (&expires);
  stmt = mp_db_prepare (self->db, "UPDATE subscriptions SET expires = ?, modified = ? WHERE id = ?");
  sqlite3_bind_text (stmt, 1, expires_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, today_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, subscription_id);
  return mp_db_step_done (self->db, stmt, error);
}

gboolean
mp_server_run_renewals (MpServer  *self,
                        guint     *n_renewed,
                        GError   **error)
{
  g_autoptr(GArray) due = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *today_text = NULL;
  sqlite3_stmt *stmt;
  GDate today;
  guint i;

  mp_server_clock_today (&today);
  today_text = mp_date_to_string (&today);
  if (n_renewed != NULL)
    *n_renewed = 0;
  stmt = mp_db_prepare (self->db,
                        "SELECT id FROM subscriptions WHERE status = 'active' AND expires <= ?"
                        " AND pending_order_id IS NULL ORDER BY id");
  sqlite3_bind_text (stmt, 1, today_text, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (due, id);
    }
  sqlite3_reset (stmt);

  for (i = 0; i < due->len; i++)
    if (!renew_one (self, g_array_index (due, gint64, i), &today, error))
      return FALSE;
  if (due->len > 0)
    mp_server_forget_counts (self);
  if (n_renewed != NULL)
    *n_renewed = due->len;
  return TRUE;
}

static gboolean
on_renewal_check (gpointer data)
{
  g_autoptr(GError) error = NULL;

  if (!mp_server_run_renewals (data, NULL, &error))
    g_warning ("Cannot run the renewals: %s", error->message);
  return G_SOURCE_CONTINUE;
}

void
mp_server_start_renewals (MpServer *self)
{
  on_renewal_check (self);
  if (renewal_check_id == 0)
    renewal_check_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, RENEWAL_CHECK_SECONDS, on_renewal_check,
                                                   g_object_ref (self), g_object_unref);
}

/* GET /clock, POST /clock {"advanceDays": N} */
void
mp_server_handle_clock (MpRequest *req)
{
  MpServer *self = req->server;
  g_autofree char *today = NULL;
  guint renewed = 0;
  MpJsonWriter writer;

  if (strcmp (req->method, "POST") == 0)
    {
      g_autoptr(JsonNode) body = mp_request_body (req);
      g_autoptr(GError) error = NULL;
      JsonNode *days;

      if (body == NULL)
        return;
      days = json_object_get_member (json_node_get_object (body), "advanceDays");
      if (days == NULL || !JSON_NODE_HOLDS_VALUE (days) || json_node_get_value_type (days) != G_TYPE_INT64
          || json_node_get_int (days) < 1 || json_node_get_int (days) > MAX_ADVANCE_DAYS)
        {
          mp_request_refuse (req, 400, MP_SERVER_REFUSAL_FIELD, "advanceDays",
                             "The field “advanceDays” must be a whole number of days from 1 to %d; "
                             "the demo clock only moves forward.", MAX_ADVANCE_DAYS);
          return;
        }
      offset_days += json_node_get_int (days);
      if (!mp_server_run_renewals (self, &renewed, &error))
        {
          mp_request_error (req, 500, "The renewals failed: %s", error->message);
          return;
        }
    }
  today = mp_server_clock_today_string ();
  mp_json_writer_init (&writer);
  mp_json_begin_object (&writer);
  mp_json_member_string (&writer, "today", today);
  mp_json_member_int (&writer, "offsetDays", offset_days);
  mp_json_member_int (&writer, "renewed", renewed);
  mp_json_end_object (&writer);
  mp_request_reply (req, 200, &writer);
}
