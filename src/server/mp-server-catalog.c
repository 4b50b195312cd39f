/* mp-server-catalog.c: categories, plans and products
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-server"

#include "config.h"

#include <string.h>

#include "mp-money.h"
#include "mp-server-private.h"

void
mp_server_handle_categories (MpRequest *req)
{
  MpServer *self = req->server;
  sqlite3_stmt *stmt;
  MpJsonWriter writer;
  gint64 offset, limit, total = 0;

  if (!mp_request_paging (req, &offset, &limit))
    return;
  if (mp_request_query (req, "limit") == NULL)
    limit = 1000;
  stmt = mp_db_prepare (self->db, "SELECT count (*) FROM categories");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    total = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  mp_json_writer_init (&writer);
  mp_json_begin_object (&writer);
  mp_json_key (&writer, "data");
  mp_json_begin_array (&writer);
  stmt = mp_db_prepare (self->db,
                        "SELECT id, " MP_TR ("category", "id", "name", "name") ", parent_id, "
                        MP_TR ("category", "id", "description", "description")
                        " FROM categories ORDER BY position LIMIT ? OFFSET ?");
  sqlite3_bind_int64 (stmt, 1, limit);
  sqlite3_bind_int64 (stmt, 2, offset);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      mp_json_begin_object (&writer);
      mp_json_member_string (&writer, "id", mp_db_text (stmt, 0));
      mp_json_member_string (&writer, "name", mp_db_text (stmt, 1));
      mp_json_member_string_or_null (&writer, "parentId", (const char *) sqlite3_column_text (stmt, 2));
      mp_json_member_string (&writer, "description", mp_db_text (stmt, 3));
      mp_json_end_object (&writer);
    }
  sqlite3_reset (stmt);
  mp_request_write_list_end (&writer, offset, limit, total);
  mp_request_reply (req, 200, &writer);
}

static void
write_prices (MpServer     *self,
              MpJsonWriter *writer,
              gint64        product_id,
              const char   *currency)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                      "SELECT period_type, period_duration, setup, recurring FROM prices"
                                      " WHERE product_id = ? AND currency = ?"
                                      " ORDER BY period_type = 'year', period_duration");

  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_text (stmt, 2, currency, -1, SQLITE_STATIC);
  mp_json_key (writer, "prices");
  mp_json_begin_array (writer);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      mp_json_begin_object (writer);
      mp_json_member_period (writer, "period", mp_db_text (stmt, 0), sqlite3_column_int64 (stmt, 1));
      mp_json_member_money (writer, "setup", sqlite3_column_int64 (stmt, 2), currency);
      mp_json_member_money (writer, "recurring", sqlite3_column_int64 (stmt, 3), currency);
      mp_json_end_object (writer);
    }
  sqlite3_reset (stmt);
  mp_json_end_array (writer);
}

/* One plan; ROW is a row of PLAN_COLUMNS. */
#define PLAN_NAME MP_TR ("plan", "p.id", "name", "p.name")
#define PLAN_SHORT MP_TR ("plan", "p.id", "shortDescription", "p.short_description")
#define PLAN_LONG MP_TR ("plan", "p.id", "longDescription", "p.long_description")
#define PLAN_COLUMNS "p.id, " PLAN_NAME ", " PLAN_SHORT ", " PLAN_LONG ", p.published, p.billing_model," \
                     " p.category_id, " MP_TR ("category", "c.id", "name", "c.name") ", p.product_line_id, " \
                     MP_TR ("plan", "p.id", "productLineName", "p.product_line_name") ", p.vendor, p.audience"
#define PLAN_FROM " FROM plans p LEFT JOIN categories c ON c.id = p.category_id"

static void
write_plan (MpRequest    *req,
            MpJsonWriter *writer,
            sqlite3_stmt *row,
            gboolean      detailed)
{
  MpServer *self = req->server;
  gint64 plan_id = sqlite3_column_int64 (row, 0);
  sqlite3_stmt *stmt;

  mp_json_begin_object (writer);
  mp_json_member_id (writer, "id", plan_id);
  mp_json_member_string (writer, "name", mp_db_text (row, 1));
  mp_json_member_string (writer, "shortDescription", mp_db_text (row, 2));
  mp_json_member_string (writer, "longDescription", mp_db_text (row, 3));
  mp_json_member_bool (writer, "published", sqlite3_column_int (row, 4));

  stmt = mp_db_prepare (self->db,
                        "SELECT type, duration, trial FROM plan_periods WHERE plan_id = ? ORDER BY position");
  sqlite3_bind_int64 (stmt, 1, plan_id);
  mp_json_key (writer, "subscriptionPeriods");
  mp_json_begin_array (writer);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      mp_json_begin_object (writer);
      mp_json_member_string (writer, "type", mp_db_text (stmt, 0));
      mp_json_member_int (writer, "duration", sqlite3_column_int64 (stmt, 1));
      mp_json_member_bool (writer, "trial", sqlite3_column_int (stmt, 2));
      mp_json_member_bool (writer, "active", TRUE);
      mp_json_end_object (writer);
    }
  sqlite3_reset (stmt);
  mp_json_end_array (writer);
  /* Billed monthly whatever the term. */
  mp_json_member_period (writer, "billingPeriod", "month", 1);
  mp_json_member_string (writer, "billingModel", mp_db_text (row, 5));

  if (detailed)
    {
      /* The catalogue's switches (docs/api.md "Plan switches"). */
      stmt = mp_db_prepare (self->db,
                            "SELECT target_plan_id, target_period_type, target_period_duration, period_type,"
                            " period_duration, billing_policy, when_effective FROM plan_switches"
                            " WHERE plan_id = ? ORDER BY position");
      sqlite3_bind_int64 (stmt, 1, plan_id);
      mp_json_key (writer, "planSwitches");
      mp_json_begin_array (writer);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          mp_json_begin_object (writer);
          mp_json_member_int (writer, "planId", sqlite3_column_int64 (stmt, 0));
          mp_json_member_period (writer, "subscriptionPeriod", mp_db_text (stmt, 1), sqlite3_column_int64 (stmt, 2));
          mp_json_member_period (writer, "sourceSubscriptionPeriod", mp_db_text (stmt, 3),
                                 sqlite3_column_int64 (stmt, 4));
          mp_json_member_string (writer, "billingPolicy", mp_db_text (stmt, 5));
          mp_json_member_string (writer, "whenEffective", mp_db_text (stmt, 6));
          mp_json_end_object (writer);
        }
      sqlite3_reset (stmt);
      mp_json_end_array (writer);
    }

  if (!self->extensions)
    {
      mp_json_end_object (writer);
      return;
    }

  /* Extensions */
  mp_json_key (writer, "category");
  if (sqlite3_column_type (row, 6) != SQLITE_NULL)
    {
      mp_json_begin_object (writer);
      mp_json_member_string (writer, "id", mp_db_text (row, 6));
      mp_json_member_string (writer, "name", mp_db_text (row, 7));
      mp_json_end_object (writer);
    }
  else
    mp_json_null (writer);
  mp_json_key (writer, "productLine");
  mp_json_begin_object (writer);
  mp_json_member_string (writer, "id", mp_db_text (row, 8));
  mp_json_member_string (writer, "name", mp_db_text (row, 9));
  mp_json_end_object (writer);
  mp_json_member_string (writer, "vendor", mp_db_text (row, 10));
  mp_json_member_string (writer, "audience", mp_db_text (row, 11));

  stmt = mp_db_prepare (self->db,
                        "SELECT t.id, " MP_TR ("term", "t.id", "name", "t.name") ", t.kind, t.url, "
                        MP_TR ("term", "t.id", "text", "t.text") " FROM plan_terms pt JOIN terms t ON t.id = pt.term_id"
                        " WHERE pt.plan_id = ? ORDER BY pt.position");
  sqlite3_bind_int64 (stmt, 1, plan_id);
  mp_json_key (writer, "termsAndConditions");
  mp_json_begin_array (writer);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      mp_json_begin_object (writer);
      mp_json_member_string (writer, "id", mp_db_text (stmt, 0));
      mp_json_member_string (writer, "name", mp_db_text (stmt, 1));
      mp_json_member_string (writer, "kind", mp_db_text (stmt, 2));
      mp_json_member_string (writer, "url", mp_db_text (stmt, 3));
      mp_json_member_string (writer, "text", mp_db_text (stmt, 4));
      mp_json_end_object (writer);
    }
  sqlite3_reset (stmt);
  mp_json_end_array (writer);

  stmt = mp_db_prepare (self->db,
                        "SELECT rc.id, " MP_TR ("resourceCategory", "rc.id", "name", "rc.name")
                        " FROM resource_categories rc WHERE rc.id IN"
                        " (SELECT resource_category_id FROM products WHERE plan_id = ?)"
                        " ORDER BY (SELECT min (position) FROM products WHERE plan_id = ? AND resource_category_id = rc.id)");
  sqlite3_bind_int64 (stmt, 1, plan_id);
  sqlite3_bind_int64 (stmt, 2, plan_id);
  mp_json_key (writer, "resourceCategories");
  mp_json_begin_array (writer);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      mp_json_begin_object (writer);
      mp_json_member_string (writer, "id", mp_db_text (stmt, 0));
      mp_json_member_string (writer, "name", mp_db_text (stmt, 1));
      mp_json_end_object (writer);
    }
  sqlite3_reset (stmt);
  mp_json_end_array (writer);

  stmt = mp_db_prepare (self->db,
                        "SELECT p.id, p.mpn, " MP_TR ("product", "p.mpn", "name", "p.name") ", p.resource_category_id, "
                        MP_TR ("resourceCategory", "rc.id", "name", "rc.name") ", p.unit, p.included,"
                        " p.minimum, p.maximum, p.one_time FROM products p"
                        " LEFT JOIN resource_categories rc ON rc.id = p.resource_category_id"
                        " WHERE p.plan_id = ? ORDER BY p.position");
  sqlite3_bind_int64 (stmt, 1, plan_id);
  mp_json_key (writer, "products");
  mp_json_begin_array (writer);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      mp_json_begin_object (writer);
      mp_json_member_id (writer, "id", sqlite3_column_int64 (stmt, 0));
      mp_json_member_string (writer, "mpn", mp_db_text (stmt, 1));
      mp_json_member_string (writer, "name", mp_db_text (stmt, 2));
      mp_json_key (writer, "resourceCategory");
      if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        {
          mp_json_begin_object (writer);
          mp_json_member_string (writer, "id", mp_db_text (stmt, 3));
          mp_json_member_string (writer, "name", mp_db_text (stmt, 4));
          mp_json_end_object (writer);
        }
      else
        mp_json_null (writer);
      mp_json_member_string (writer, "unitOfMeasure", mp_db_text (stmt, 5));
      mp_json_member_int (writer, "includedQuantity", sqlite3_column_int64 (stmt, 6));
      mp_json_member_int (writer, "minimumQuantity", sqlite3_column_int64 (stmt, 7));
      mp_json_member_int (writer, "maximumQuantity", sqlite3_column_int64 (stmt, 8));
      mp_json_member_bool (writer, "oneTime", sqlite3_column_int (stmt, 9));
      write_prices (self, writer, sqlite3_column_int64 (stmt, 0), req->currency);
      mp_json_end_object (writer);
    }
  sqlite3_reset (stmt);
  mp_json_end_array (writer);
  mp_json_end_object (writer);
}

void
mp_server_handle_plans (MpRequest *req)
{
  MpServer *self = req->server;
  g_autoptr(GString) where = g_string_new (" WHERE p.published = 1");
  g_autofree char *count_sql = NULL;
  g_autofree char *list_sql = NULL;
  const char *category = self->extensions ? mp_request_query (req, "categoryId") : NULL;
  const char *audience = self->extensions ? mp_request_query (req, "audience") : NULL;
  const char *search = self->extensions ? mp_request_query (req, "search") : NULL;
  sqlite3_stmt *stmt;
  MpJsonWriter writer;
  gint64 offset, limit, total = 0;
  int bind;

  if (!mp_request_paging (req, &offset, &limit))
    return;
  if (audience != NULL && strcmp (audience, "reseller") != 0 && strcmp (audience, "customer") != 0)
    {
      mp_request_error (req, 400, "The parameter “audience” must be reseller or customer.");
      return;
    }
  /* A category filter covers its subcategories too. */
  if (category != NULL)
    g_string_append (where, " AND p.category_id IN (WITH RECURSIVE sub (id) AS (SELECT :category"
                            " UNION SELECT c2.id FROM categories c2 JOIN sub ON c2.parent_id = sub.id)"
                            " SELECT id FROM sub)");
  if (audience != NULL)
    g_string_append (where, " AND p.audience = :audience");
  if (search != NULL)
    g_string_append (where, " AND (instr (lower (" PLAN_NAME "), lower (:search)) > 0"
                            " OR instr (lower (" PLAN_SHORT "), lower (:search)) > 0"
                            " OR instr (lower (" PLAN_LONG "), lower (:search)) > 0"
                            " OR instr (lower (p.vendor), lower (:search)) > 0)");

  count_sql = g_strconcat ("SELECT count (*)" PLAN_FROM, where->str, NULL);
  list_sql = g_strconcat ("SELECT " PLAN_COLUMNS PLAN_FROM, where->str,
                          " ORDER BY p.id LIMIT :limit OFFSET :offset", NULL);

  stmt = mp_db_prepare (self->db, count_sql);
  for (bind = 0; bind < 2; bind++)
    {
      if (bind == 1)
        stmt = mp_db_prepare (self->db, list_sql);
      mp_db_bind_text (stmt, ":category", category);
      mp_db_bind_text (stmt, ":audience", audience);
      mp_db_bind_text (stmt, ":search", search);
      if (bind == 0)
        {
          if (sqlite3_step (stmt) == SQLITE_ROW)
            total = sqlite3_column_int64 (stmt, 0);
          sqlite3_reset (stmt);
        }
    }
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), limit);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"), offset);

  mp_json_writer_init (&writer);
  mp_json_begin_object (&writer);
  mp_json_key (&writer, "data");
  mp_json_begin_array (&writer);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    write_plan (req, &writer, stmt, FALSE);
  sqlite3_reset (stmt);
  mp_request_write_list_end (&writer, offset, limit, total);
  mp_request_reply (req, 200, &writer);
}

void
mp_server_handle_plan (MpRequest *req,
                       gint64     plan_id)
{
  sqlite3_stmt *stmt = mp_db_prepare (req->server->db,
                                      "SELECT " PLAN_COLUMNS PLAN_FROM " WHERE p.id = ?");
  MpJsonWriter writer;

  sqlite3_bind_int64 (stmt, 1, plan_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      mp_request_error (req, 404, "No entity has been found: service plan #%" G_GINT64_FORMAT ".", plan_id);
      return;
    }
  mp_json_writer_init (&writer);
  write_plan (req, &writer, stmt, TRUE);
  sqlite3_reset (stmt);
  mp_request_reply (req, 200, &writer);
}

void
mp_server_handle_products (MpRequest *req)
{
  MpServer *self = req->server;
  g_autoptr(GString) where = g_string_new (" WHERE pr.currency = :currency");
  g_autofree char *count_sql = NULL;
  g_autofree char *list_sql = NULL;
  const char *name = mp_request_query (req, "name");
  const char *service = mp_request_query (req, "serviceName");
  const char *mpn = mp_request_query (req, "mpn");
  const char *vendor = mp_request_query (req, "vendor");
  sqlite3_stmt *stmt;
  MpJsonWriter writer;
  gint64 offset, limit, total = 0;
  int bind;

  if (!mp_request_paging (req, &offset, &limit))
    return;
  if (name != NULL)
    g_string_append (where, " AND instr (lower (" MP_TR ("product", "p.mpn", "name", "p.name") "), lower (:name)) > 0");
  if (service != NULL)
    g_string_append (where, " AND pl.service_name = :service");
  if (mpn != NULL)
    g_string_append (where, " AND p.mpn = :mpn");
  if (vendor != NULL)
    g_string_append (where, " AND lower (pl.vendor) = lower (:vendor)");

#define PRODUCT_FROM " FROM products p JOIN plans pl ON pl.id = p.plan_id" \
                     " JOIN prices pr ON pr.product_id = p.id" \
                     " LEFT JOIN resource_categories rc ON rc.id = p.resource_category_id"
  count_sql = g_strconcat ("SELECT count (*)" PRODUCT_FROM, where->str, NULL);
  list_sql = g_strconcat ("SELECT p.id, p.mpn, pl.vendor, pl.service_name, "
                          MP_TR ("product", "p.mpn", "name", "p.name") ", p.minimum, p.maximum,"
                          " pr.period_type, pr.period_duration, pr.setup, pr.recurring, pl.billing_model,"
                          " pl.id, p.resource_category_id, " MP_TR ("resourceCategory", "rc.id", "name", "rc.name")
                          ", p.one_time, p.included" PRODUCT_FROM,
                          where->str,
                          " ORDER BY p.id, pr.period_type = 'year', pr.period_duration LIMIT :limit OFFSET :offset",
                          NULL);
#undef PRODUCT_FROM

  stmt = mp_db_prepare (self->db, count_sql);
  for (bind = 0; bind < 2; bind++)
    {
      if (bind == 1)
        stmt = mp_db_prepare (self->db, list_sql);
      sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":currency"), req->currency, -1, SQLITE_STATIC);
      mp_db_bind_text (stmt, ":name", name);
      mp_db_bind_text (stmt, ":service", service);
      mp_db_bind_text (stmt, ":mpn", mpn);
      mp_db_bind_text (stmt, ":vendor", vendor);
      if (bind == 0)
        {
          if (sqlite3_step (stmt) == SQLITE_ROW)
            total = sqlite3_column_int64 (stmt, 0);
          sqlite3_reset (stmt);
        }
    }
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), limit);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"), offset);

  mp_json_writer_init (&writer);
  mp_json_begin_object (&writer);
  mp_json_key (&writer, "data");
  mp_json_begin_array (&writer);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      char number[32];
      MpMoney money;
      g_autofree char *setup = NULL;
      g_autofree char *recurring = NULL;

      mp_json_begin_object (&writer);
      mp_json_member_string (&writer, "mpn", mp_db_text (stmt, 1));
      mp_json_member_string (&writer, "vendor", mp_db_text (stmt, 2));
      mp_json_member_id (&writer, "id", sqlite3_column_int64 (stmt, 0));
      mp_json_member_string (&writer, "serviceName", mp_db_text (stmt, 3));
      mp_json_member_string (&writer, "name", mp_db_text (stmt, 4));
      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 5));
      mp_json_member_string (&writer, "minimumQuantity", number);
      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 6));
      mp_json_member_string (&writer, "maximumQuantity", number);

      mp_money_init (&money, sqlite3_column_int64 (stmt, 9), req->currency);
      setup = mp_money_to_string (&money);
      mp_money_init (&money, sqlite3_column_int64 (stmt, 10), req->currency);
      recurring = mp_money_to_string (&money);
      mp_json_key (&writer, "prices");
      mp_json_begin_array (&writer);
      mp_json_begin_object (&writer);
      mp_json_member_string (&writer, "currency", req->currency);
      mp_json_member_string (&writer, "amount", recurring);
      mp_json_member_string (&writer, "type", "recurring");
      mp_json_member_string (&writer, "model", "FLAT");
      mp_json_member_int (&writer, "lowerLimit", sqlite3_column_int64 (stmt, 16));
      mp_json_end_object (&writer);
      mp_json_begin_object (&writer);
      mp_json_member_string (&writer, "currency", req->currency);
      mp_json_member_string (&writer, "amount", setup);
      mp_json_member_string (&writer, "type", "setup");
      mp_json_member_string (&writer, "model", "FLAT");
      mp_json_member_int (&writer, "lowerLimit", 0);
      mp_json_end_object (&writer);
      mp_json_end_array (&writer);
      mp_json_member_period (&writer, "billingPeriod", "month", 1);
      mp_json_member_period (&writer, "subscriptionPeriod", mp_db_text (stmt, 7), sqlite3_column_int64 (stmt, 8));
      mp_json_member_string (&writer, "billingModel", mp_db_text (stmt, 11));
      mp_json_key (&writer, "dependsOn");
      mp_json_begin_array (&writer);
      mp_json_end_array (&writer);
      if (self->extensions)
        {
          mp_json_member_id (&writer, "planId", sqlite3_column_int64 (stmt, 12));
          mp_json_key (&writer, "resourceCategory");
          if (sqlite3_column_type (stmt, 13) != SQLITE_NULL)
            {
              mp_json_begin_object (&writer);
              mp_json_member_string (&writer, "id", mp_db_text (stmt, 13));
              mp_json_member_string (&writer, "name", mp_db_text (stmt, 14));
              mp_json_end_object (&writer);
            }
          else
            mp_json_null (&writer);
          mp_json_member_bool (&writer, "oneTime", sqlite3_column_int (stmt, 15));
          mp_json_member_int (&writer, "includedQuantity", sqlite3_column_int64 (stmt, 16));
        }
      mp_json_end_object (&writer);
    }
  sqlite3_reset (stmt);
  mp_request_write_list_end (&writer, offset, limit, total);
  mp_request_reply (req, 200, &writer);
}
