/* mp-server-seed.c: fills a new database from the catalogue file
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-server"

#include "config.h"

#include <string.h>

#include "mp-money.h"
#include "mp-server-auth.h"
#include "mp-server-pricing.h"
#include "mp-server-clock.h"
#include "mp-server-private.h"

#define STR(o, m) json_object_get_string_member_with_default ((o), (m), "")
#define INT(o, m, d) json_object_get_int_member_with_default ((o), (m), (d))

static gint64
id_of (JsonObject *object,
       const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  return json_node_get_int (node);
}

static JsonObject *
object_of (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static JsonArray *
array_of (JsonObject *object,
          const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static char *
to_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  if (node == NULL)
    return g_strdup ("null");
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static char *
contact_emails (JsonArray *contacts)
{
  g_autoptr(GString) emails = g_string_new (NULL);
  guint i;

  for (i = 0; contacts != NULL && i < json_array_get_length (contacts); i++)
    {
      JsonObject *contact = json_array_get_object_element (contacts, i);
      g_autofree char *email = g_utf8_strdown (STR (contact, "email"), -1);

      if (emails->len > 0)
        g_string_append_c (emails, '\n');
      g_string_append (emails, email);
    }
  return g_string_free (g_steal_pointer (&emails), FALSE);
}

/* The catalogue object's "translations": {LANGUAGE: {FIELD: TEXT}}, e.g.
 * {"de": {"name": "...", "description": "..."}}, read through tr().
 */
static gboolean
seed_translations (MpServer    *self,
                   const char  *kind,
                   const char  *id,
                   JsonObject  *object,
                   GError     **error)
{
  JsonObject *translations = object_of (object, "translations");
  g_autoptr(GList) languages = NULL;

  if (translations == NULL)
    return TRUE;
  languages = json_object_get_members (translations);
  for (GList *l = languages; l != NULL; l = l->next)
    {
      JsonObject *fields = object_of (translations, l->data);
      g_autoptr(GList) names = fields != NULL ? json_object_get_members (fields) : NULL;

      for (GList *f = names; f != NULL; f = f->next)
        {
          sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                              "INSERT INTO translations (kind, id, field, language, text)"
                                              " VALUES (?, ?, ?, ?, ?)");

          sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, f->data, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, l->data, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 5, STR (fields, f->data), -1, SQLITE_STATIC);
          if (!mp_db_step_done (self->db, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Every translated text of the catalogue ROOT. */
static gboolean
seed_all_translations (MpServer    *self,
                       JsonObject  *root,
                       GError     **error)
{
  static const struct { const char *array, *kind; } lists[] = {
    { "terms", "term" },
    { "categories", "category" },
    { "resourceCategories", "resourceCategory" },
  };
  JsonArray *plans = array_of (root, "plans");

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      JsonArray *array = array_of (root, lists[l].array);

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonObject *o = json_array_get_object_element (array, i);

          if (!seed_translations (self, lists[l].kind, STR (o, "id"), o, error))
            return FALSE;
        }
    }
  for (guint i = 0; plans != NULL && i < json_array_get_length (plans); i++)
    {
      JsonObject *plan = json_array_get_object_element (plans, i);
      JsonArray *products = array_of (plan, "products");
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, id_of (plan, "id"));

      if (!seed_translations (self, "plan", id, plan, error))
        return FALSE;
      for (guint j = 0; products != NULL && j < json_array_get_length (products); j++)
        {
          JsonObject *product = json_array_get_object_element (products, j);

          if (!seed_translations (self, "product", STR (product, "mpn"), product, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
seed_account (MpServer    *self,
              JsonObject  *account,
              const char  *type,
              GError     **error)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                      "INSERT INTO accounts (id, type, reseller_id, name, external_id, language,"
                                      " tax_reg_id, currency, address, contacts, emails, created)"
                                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  g_autofree char *address = to_json (json_object_get_member (account, "address"));
  g_autofree char *contacts = to_json (json_object_get_member (account, "contactPersons"));
  g_autofree char *emails = contact_emails (array_of (account, "contactPersons"));
  g_autofree char *hash = NULL;
  gint64 id = id_of (account, "id");
  const char *login = STR (account, "login");

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, type, -1, SQLITE_STATIC);
  if (id_of (account, "resellerId") > 0)
    sqlite3_bind_int64 (stmt, 3, id_of (account, "resellerId"));
  sqlite3_bind_text (stmt, 4, STR (account, "name"), -1, SQLITE_STATIC);
  if (*STR (account, "externalId") != '\0')
    sqlite3_bind_text (stmt, 5, STR (account, "externalId"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, json_object_get_string_member_with_default (account, "language", "en"), -1, SQLITE_STATIC);
  if (*STR (account, "taxRegId") != '\0')
    sqlite3_bind_text (stmt, 7, STR (account, "taxRegId"), -1, SQLITE_STATIC);
  if (*STR (account, "currency") != '\0')
    sqlite3_bind_text (stmt, 8, STR (account, "currency"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, address, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, contacts, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, emails, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 12, g_get_real_time () / G_USEC_PER_SEC);
  if (!mp_db_step_done (self->db, stmt, error))
    return FALSE;

  if (*login == '\0')
    return TRUE;
  hash = mp_auth_hash_password (STR (account, "password"), error);
  if (hash == NULL)
    return FALSE;
  stmt = mp_db_prepare (self->db, "INSERT INTO users (login, realm, hash, account_id) VALUES (?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_STATIC);
  /* A customer's login lives in its reseller's realm (see mp-db.c). */
  sqlite3_bind_int64 (stmt, 2, g_str_equal (type, "customer") ? MAX (id_of (account, "resellerId"), 0) : 0);
  sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, id);
  return mp_db_step_done (self->db, stmt, error);
}

static gboolean
seed_plan (MpServer    *self,
           JsonObject  *plan,
           GError     **error)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                      "INSERT INTO plans (id, name, short_description, long_description, category_id,"
                                      " product_line_id, product_line_name, vendor, service_name, audience,"
                                      " billing_model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  JsonObject *line = object_of (plan, "productLine");
  JsonArray *periods = array_of (plan, "periods");
  JsonArray *terms = array_of (plan, "terms");
  JsonArray *products = array_of (plan, "products");
  JsonArray *switches = array_of (plan, "switches");
  gint64 id = id_of (plan, "id");
  guint i, j;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, STR (plan, "name"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, STR (plan, "shortDescription"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, STR (plan, "longDescription"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, STR (plan, "categoryId"), -1, SQLITE_STATIC);
  if (line != NULL)
    {
      sqlite3_bind_text (stmt, 6, STR (line, "id"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, STR (line, "name"), -1, SQLITE_STATIC);
    }
  sqlite3_bind_text (stmt, 8, STR (plan, "vendor"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, STR (plan, "serviceName"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, json_object_get_string_member_with_default (plan, "audience", "customer"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, json_object_get_string_member_with_default (plan, "billingModel", "chargeBeforeBillingPeriod"), -1, SQLITE_STATIC);
  if (!mp_db_step_done (self->db, stmt, error))
    return FALSE;

  for (i = 0; periods != NULL && i < json_array_get_length (periods); i++)
    {
      JsonObject *period = json_array_get_object_element (periods, i);

      stmt = mp_db_prepare (self->db,
                            "INSERT INTO plan_periods (plan_id, type, duration, trial, position) VALUES (?, ?, ?, ?, ?)");
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, STR (period, "type"), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, INT (period, "duration", 1));
      sqlite3_bind_int (stmt, 4, json_object_get_boolean_member_with_default (period, "trial", FALSE));
      sqlite3_bind_int (stmt, 5, (int) i);
      if (!mp_db_step_done (self->db, stmt, error))
        return FALSE;
    }
  if (object_of (plan, "cancellation") != NULL)
    {
      JsonObject *rules = object_of (plan, "cancellation");

      stmt = mp_db_prepare (self->db, "INSERT INTO plan_cancellation (plan_id, refund_days, after) VALUES (?, ?, ?)");
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, INT (rules, "refundDays", 0));
      sqlite3_bind_text (stmt, 3, json_object_get_string_member_with_default (rules, "afterRefundWindow", "none"),
                         -1, SQLITE_STATIC);
      if (!mp_db_step_done (self->db, stmt, error))
        return FALSE;
    }
  if (json_object_get_boolean_member_with_default (plan, "manualRenewal", FALSE))
    {
      stmt = mp_db_prepare (self->db, "INSERT INTO plan_manual_renewal (plan_id) VALUES (?)");
      sqlite3_bind_int64 (stmt, 1, id);
      if (!mp_db_step_done (self->db, stmt, error))
        return FALSE;
    }
  for (i = 0; switches != NULL && i < json_array_get_length (switches); i++)
    {
      JsonObject *target = json_array_get_object_element (switches, i);
      JsonObject *period = object_of (target, "period");
      JsonObject *source = object_of (target, "sourcePeriod");

      if (period == NULL || source == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Plan %" G_GINT64_FORMAT ": a switch needs “period” and “sourcePeriod”.", id);
          return FALSE;
        }
      stmt = mp_db_prepare (self->db,
                            "INSERT INTO plan_switches (plan_id, period_type, period_duration, target_plan_id,"
                            " target_period_type, target_period_duration, billing_policy, when_effective, position)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, STR (source, "type"), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, INT (source, "duration", 1));
      sqlite3_bind_int64 (stmt, 4, id_of (target, "planId"));
      sqlite3_bind_text (stmt, 5, STR (period, "type"), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, INT (period, "duration", 1));
      sqlite3_bind_text (stmt, 7, STR (target, "billingPolicy"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, STR (target, "whenEffective"), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 9, (int) i);
      if (!mp_db_step_done (self->db, stmt, error))
        return FALSE;
    }
  for (i = 0; terms != NULL && i < json_array_get_length (terms); i++)
    {
      stmt = mp_db_prepare (self->db, "INSERT INTO plan_terms (plan_id, term_id, position) VALUES (?, ?, ?)");
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, json_array_get_string_element (terms, i), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, (int) i);
      if (!mp_db_step_done (self->db, stmt, error))
        return FALSE;
    }
  for (i = 0; products != NULL && i < json_array_get_length (products); i++)
    {
      JsonObject *product = json_array_get_object_element (products, i);
      JsonArray *prices = array_of (product, "prices");
      gint64 product_id = id * 100 + i + 1;

      stmt = mp_db_prepare (self->db,
                            "INSERT INTO products (id, plan_id, mpn, name, resource_category_id, unit, included,"
                            " minimum, maximum, one_time, fail, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      sqlite3_bind_int64 (stmt, 1, product_id);
      sqlite3_bind_int64 (stmt, 2, id);
      sqlite3_bind_text (stmt, 3, STR (product, "mpn"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, STR (product, "name"), -1, SQLITE_STATIC);
      if (*STR (product, "resourceCategory") != '\0')
        sqlite3_bind_text (stmt, 5, STR (product, "resourceCategory"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, json_object_get_string_member_with_default (product, "unitOfMeasure", "unit"), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 7, INT (product, "includedQuantity", 0));
      sqlite3_bind_int64 (stmt, 8, INT (product, "minimumQuantity", 0));
      sqlite3_bind_int64 (stmt, 9, INT (product, "maximumQuantity", 1));
      sqlite3_bind_int (stmt, 10, json_object_get_boolean_member_with_default (product, "oneTime", FALSE));
      sqlite3_bind_int (stmt, 11, json_object_get_boolean_member_with_default (product, "failProvisioning", FALSE));
      sqlite3_bind_int (stmt, 12, (int) i);
      if (!mp_db_step_done (self->db, stmt, error))
        return FALSE;

      for (j = 0; prices != NULL && j < json_array_get_length (prices); j++)
        {
          JsonObject *price = json_array_get_object_element (prices, j);
          JsonObject *period = object_of (price, "period");
          const char *currency = STR (price, "currency");
          MpMoney setup, recurring;

          if (period == NULL
              || !mp_money_parse (STR (price, "setup"), currency, &setup, error)
              || !mp_money_parse (STR (price, "recurring"), currency, &recurring, error))
            {
              if (error != NULL && *error == NULL)
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "A price of %s has no period",
                             STR (product, "mpn"));
              return FALSE;
            }
          stmt = mp_db_prepare (self->db,
                                "INSERT INTO prices (product_id, currency, period_type, period_duration, setup, recurring)"
                                " VALUES (?, ?, ?, ?, ?, ?)");
          sqlite3_bind_int64 (stmt, 1, product_id);
          sqlite3_bind_text (stmt, 2, currency, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, STR (period, "type"), -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 4, INT (period, "duration", 1));
          sqlite3_bind_int64 (stmt, 5, setup.minor);
          sqlite3_bind_int64 (stmt, 6, recurring.minor);
          if (!mp_db_step_done (self->db, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gint64
product_by_mpn (MpServer   *self,
                const char *mpn)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db, "SELECT id FROM products WHERE mpn = ?");
  gint64 id = 0;

  sqlite3_bind_text (stmt, 1, mpn, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

static const char *
currency_of (MpServer   *self,
             const char *marketplace)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db, "SELECT currency FROM marketplaces WHERE code = ?");
  static char currency[4];

  currency[0] = '\0';
  sqlite3_bind_text (stmt, 1, marketplace, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    g_strlcpy (currency, mp_db_text (stmt, 0), sizeof currency);
  sqlite3_reset (stmt);
  return currency;
}

static gint64
reseller_of (MpServer *self,
             gint64    customer_id)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db, "SELECT type, reseller_id FROM accounts WHERE id = ?");
  gint64 reseller = 0;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    reseller = strcmp (mp_db_text (stmt, 0), "reseller") == 0 ? customer_id : sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  return reseller;
}

/* A completed or failed historical order with its charges. */
static gboolean
seed_order (MpServer    *self,
            const char  *marketplace,
            const char  *type,
            gint64       customer_id,
            gint64       plan_id,
            gint64       subscription_id,
            const char  *period_type,
            gint64       period_duration,
            GDate       *day,
            GDate       *expires,
            GArray      *items,
            const char  *status,
            const char  *error_message,
            GError     **error)
{
  const char *currency = currency_of (self, marketplace);
  g_autoptr(MpCharges) charges = NULL;
  g_autofree char *created = NULL;
  sqlite3_stmt *stmt;
  gint64 order_id;
  gint64 when;
  guint i;
  GDateTime *dt;
  const char *prefix = strcmp (type, "change") == 0 ? "CH" : "SO";

  charges = mp_pricing_compute (self->db, currency, period_type, period_duration, type, items, day,
                                expires, error);
  if (charges == NULL)
    return FALSE;
  dt = g_date_time_new_utc (g_date_get_year (day), g_date_get_month (day), g_date_get_day (day), 10, 0, 0);
  when = g_date_time_to_unix (dt);
  g_date_time_unref (dt);
  created = mp_format_time (when);

  stmt = mp_db_prepare (self->db,
                        "INSERT INTO orders (id, marketplace, number, type, customer_id, reseller_id, plan_id,"
                        " subscription_id, period_type, period_duration, status, status_code, created, created_ms,"
                        " provisioned, total, monthly, currency, error, step, steps, accepted_terms)"
                        " VALUES ((SELECT max (coalesce (max (id), 0), 7000000) + 1 FROM orders),"
                        " ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '[]',"
                        " (SELECT json_group_array (term_id) FROM plan_terms WHERE plan_id = ?))");
  sqlite3_bind_text (stmt, 1, marketplace, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, customer_id);
  sqlite3_bind_int64 (stmt, 4, reseller_of (self, customer_id));
  sqlite3_bind_int64 (stmt, 5, plan_id);
  if (subscription_id > 0)
    sqlite3_bind_int64 (stmt, 6, subscription_id);
  sqlite3_bind_text (stmt, 7, period_type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, period_duration);
  sqlite3_bind_text (stmt, 9, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, strcmp (status, "completed") == 0 ? "CP" : "PF", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, created, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 12, when * 1000);
  if (strcmp (status, "completed") == 0)
    {
      g_autofree char *provisioned = mp_format_time (when + 300);

      sqlite3_bind_text (stmt, 13, provisioned, -1, SQLITE_TRANSIENT);
    }
  sqlite3_bind_int64 (stmt, 14, charges->total);
  sqlite3_bind_int64 (stmt, 15, charges->monthly);
  sqlite3_bind_text (stmt, 16, currency, -1, SQLITE_STATIC);
  if (error_message != NULL)
    sqlite3_bind_text (stmt, 17, error_message, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 18, plan_id);
  if (!mp_db_step_done (self->db, stmt, error))
    return FALSE;
  order_id = mp_db_last_id (self->db);

  stmt = mp_db_prepare (self->db, "UPDATE orders SET number = ? || substr ('000000' || ?, -6) WHERE id = ?");
  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, order_id % 1000000);
  sqlite3_bind_int64 (stmt, 3, order_id);
  if (!mp_db_step_done (self->db, stmt, error))
    return FALSE;

  for (i = 0; i < items->len; i++)
    {
      MpPriceItem *item = &g_array_index (items, MpPriceItem, i);

      stmt = mp_db_prepare (self->db,
                            "INSERT INTO order_lines (order_id, position, product_id, quantity, target, extended)"
                            " VALUES (?, ?, ?, ?, ?, 0)");
      sqlite3_bind_int64 (stmt, 1, order_id);
      sqlite3_bind_int (stmt, 2, (int) i);
      sqlite3_bind_int64 (stmt, 3, item->product_id);
      sqlite3_bind_int64 (stmt, 4, item->new_quantity - item->old_quantity);
      sqlite3_bind_int64 (stmt, 5, item->new_quantity);
      if (!mp_db_step_done (self->db, stmt, error))
        return FALSE;
    }
  return mp_charges_store (charges, self->db, order_id, error);
}

static gboolean
seed_subscription (MpServer    *self,
                   JsonObject  *subscription,
                   GDate       *today,
                   GError     **error)
{
  JsonObject *period = object_of (subscription, "subscriptionPeriod");
  JsonArray *products = array_of (subscription, "products");
  const char *marketplace = STR (subscription, "marketplace");
  const char *period_type = period != NULL ? STR (period, "type") : "month";
  gint64 duration = period != NULL ? INT (period, "duration", 1) : 1;
  gint64 id = id_of (subscription, "id");
  gint64 customer_id = id_of (subscription, "customerId");
  gint64 plan_id = id_of (subscription, "planId");
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (MpPriceItem));
  g_autofree char *created = NULL;
  g_autofree char *expires = NULL;
  sqlite3_stmt *stmt;
  GDate start = *today, end;
  guint i;

  g_date_subtract_days (&start, (guint) INT (subscription, "daysAgo", 0));
  end = start;
  mp_date_add_period (&end, period_type, duration);
  while (g_date_compare (&end, today) <= 0)
    mp_date_add_period (&end, period_type, duration);
  created = mp_date_to_string (&start);
  expires = mp_date_to_string (&end);

  stmt = mp_db_prepare (self->db,
                        "INSERT INTO subscriptions (id, marketplace, customer_id, reseller_id, plan_id, name, status,"
                        " period_type, period_duration, renewal, created, expires, modified, currency)"
                        " VALUES (?, ?, ?, ?, ?, (SELECT tr ('plan', id, 'name', name,"
                        " (SELECT language FROM marketplaces WHERE code = ?2)) FROM plans WHERE id = ?),"
                        " 'active', ?, ?, ?, ?, ?, ?, ?)");
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, marketplace, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, customer_id);
  sqlite3_bind_int64 (stmt, 4, reseller_of (self, customer_id));
  sqlite3_bind_int64 (stmt, 5, plan_id);
  sqlite3_bind_int64 (stmt, 6, plan_id);
  sqlite3_bind_text (stmt, 7, period_type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, duration);
  sqlite3_bind_int (stmt, 9, json_object_get_boolean_member_with_default (subscription, "renewalStatus", TRUE));
  sqlite3_bind_text (stmt, 10, created, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, expires, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, created, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 13, currency_of (self, marketplace), -1, SQLITE_TRANSIENT);
  if (!mp_db_step_done (self->db, stmt, error))
    return FALSE;

  for (i = 0; products != NULL && i < json_array_get_length (products); i++)
    {
      JsonObject *product = json_array_get_object_element (products, i);
      MpPriceItem item = { 0 };

      item.product_id = product_by_mpn (self, STR (product, "mpn"));
      item.new_quantity = INT (product, "quantity", 0);
      if (item.product_id == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Unknown MPN %s in the catalogue",
                       STR (product, "mpn"));
          return FALSE;
        }
      g_array_append_val (items, item);
      stmt = mp_db_prepare (self->db,
                            "INSERT INTO subscription_products (subscription_id, product_id, quantity, usage)"
                            " VALUES (?, ?, ?, ?)");
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, item.product_id);
      sqlite3_bind_int64 (stmt, 3, item.new_quantity);
      sqlite3_bind_int64 (stmt, 4, INT (product, "usage", 0));
      if (!mp_db_step_done (self->db, stmt, error))
        return FALSE;
    }
  return seed_order (self, marketplace, "sales", customer_id, plan_id, id, period_type, duration,
                     &start, NULL, items, "completed", NULL, error);
}

static gboolean
seed_extra_order (MpServer    *self,
                  JsonObject  *order,
                  GDate       *today,
                  GError     **error)
{
  JsonArray *products = array_of (order, "products");
  JsonObject *period = object_of (order, "subscriptionPeriod");
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (MpPriceItem));
  gint64 subscription_id = id_of (order, "subscriptionId");
  gint64 customer_id = id_of (order, "customerId");
  gint64 plan_id = id_of (order, "planId");
  g_autofree char *period_type = g_strdup (period != NULL ? STR (period, "type") : "month");
  gint64 duration = period != NULL ? INT (period, "duration", 1) : 1;
  GDate day = *today;
  GDate expires;
  gboolean have_expires = FALSE;
  guint i;

  g_date_subtract_days (&day, (guint) INT (order, "daysAgo", 0));
  if (subscription_id > 0)
    {
      sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                          "SELECT customer_id, plan_id, period_type, period_duration, expires"
                                          " FROM subscriptions WHERE id = ?");

      sqlite3_bind_int64 (stmt, 1, subscription_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          customer_id = sqlite3_column_int64 (stmt, 0);
          plan_id = sqlite3_column_int64 (stmt, 1);
          g_free (period_type);
          period_type = g_strdup (mp_db_text (stmt, 2));
          duration = sqlite3_column_int64 (stmt, 3);
          g_date_set_parse (&expires, mp_db_text (stmt, 4));
          have_expires = g_date_valid (&expires);
        }
      sqlite3_reset (stmt);
    }
  for (i = 0; products != NULL && i < json_array_get_length (products); i++)
    {
      JsonObject *product = json_array_get_object_element (products, i);
      MpPriceItem item = { 0 };

      item.product_id = product_by_mpn (self, STR (product, "mpn"));
      item.new_quantity = INT (product, "quantity", 0);
      item.old_quantity = INT (product, "from", 0);
      g_array_append_val (items, item);
    }
  return seed_order (self, STR (order, "marketplace"), STR (order, "type"), customer_id, plan_id,
                     STR (order, "status")[0] == 'c' ? subscription_id : 0, period_type, duration, &day,
                     have_expires ? &expires : NULL, items, STR (order, "status"),
                     *STR (order, "errorMessage") != '\0' ? STR (order, "errorMessage") : NULL, error);
}

static gboolean
seed_all (MpServer    *self,
          JsonObject  *root,
          GError     **error)
{
  JsonArray *array;
  GDate today;
  guint i;

  g_date_clear (&today, 1);
  mp_server_clock_today (&today);

  array = array_of (root, "marketplaces");
  for (i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *m = json_array_get_object_element (array, i);
      sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                          "INSERT INTO marketplaces (code, name, country, currency, language, position)"
                                          " VALUES (?, ?, ?, ?, ?, ?)");

      sqlite3_bind_text (stmt, 1, STR (m, "code"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, STR (m, "name"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, STR (m, "country"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, STR (m, "currency"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, STR (m, "language"), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 6, (int) i);
      if (!mp_db_step_done (self->db, stmt, error))
        return FALSE;
    }
  array = array_of (root, "terms");
  for (i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *t = json_array_get_object_element (array, i);
      sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                          "INSERT INTO terms (id, name, kind, url, text) VALUES (?, ?, ?, ?, ?)");

      sqlite3_bind_text (stmt, 1, STR (t, "id"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, STR (t, "name"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, STR (t, "kind"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, STR (t, "url"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, STR (t, "text"), -1, SQLITE_STATIC);
      if (!mp_db_step_done (self->db, stmt, error))
        return FALSE;
    }
  array = array_of (root, "categories");
  for (i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *c = json_array_get_object_element (array, i);
      sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                          "INSERT INTO categories (id, name, parent_id, description, position)"
                                          " VALUES (?, ?, ?, ?, ?)");

      sqlite3_bind_text (stmt, 1, STR (c, "id"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, STR (c, "name"), -1, SQLITE_STATIC);
      if (json_object_get_string_member_with_default (c, "parentId", NULL) != NULL)
        sqlite3_bind_text (stmt, 3, STR (c, "parentId"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, STR (c, "description"), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, (int) i);
      if (!mp_db_step_done (self->db, stmt, error))
        return FALSE;
    }
  array = array_of (root, "resourceCategories");
  for (i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *c = json_array_get_object_element (array, i);
      sqlite3_stmt *stmt = mp_db_prepare (self->db, "INSERT INTO resource_categories (id, name) VALUES (?, ?)");

      sqlite3_bind_text (stmt, 1, STR (c, "id"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, STR (c, "name"), -1, SQLITE_STATIC);
      if (!mp_db_step_done (self->db, stmt, error))
        return FALSE;
    }
  array = array_of (root, "plans");
  for (i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (!seed_plan (self, json_array_get_object_element (array, i), error))
      return FALSE;
  /* Before the subscriptions, which take their plan's name in their language. */
  if (!seed_all_translations (self, root, error))
    return FALSE;
  array = array_of (root, "resellers");
  for (i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (!seed_account (self, json_array_get_object_element (array, i), "reseller", error))
      return FALSE;
  array = array_of (root, "customers");
  for (i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (!seed_account (self, json_array_get_object_element (array, i), "customer", error))
      return FALSE;
  array = array_of (root, "subscriptions");
  for (i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (!seed_subscription (self, json_array_get_object_element (array, i), &today, error))
      return FALSE;
  array = array_of (root, "orders");
  for (i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (!seed_extra_order (self, json_array_get_object_element (array, i), &today, error))
      return FALSE;
  return mp_db_exec (self->db, "INSERT INTO meta (key, value) VALUES ('seeded', '1');", error);
}

typedef gboolean (*SeedFunc) (MpServer    *self,
                              JsonObject  *root,
                              GError     **error);

/* Runs SEED on the catalogue at PATH in one transaction. */
static gboolean
seed_from_file (MpServer    *self,
                const char  *path,
                SeedFunc     seed,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_file (parser, path, error))
    {
      g_prefix_error (error, "Cannot read the catalogue %s: ", path);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The catalogue %s is not a JSON object", path);
      return FALSE;
    }
  if (!mp_db_begin (self->db, error))
    return FALSE;
  if (!seed (self, json_node_get_object (root), error) || !mp_db_commit (self->db, error))
    {
      mp_db_rollback (self->db);
      g_prefix_error (error, "Cannot seed from %s: ", path);
      return FALSE;
    }
  return TRUE;
}

gboolean
mp_server_seed_catalog (MpServer    *self,
                        const char  *path,
                        GError     **error)
{
  return seed_from_file (self, path, seed_all, error);
}

/* A database seeded before the catalogue had translations gets them (once:
 * then the table is no longer empty). Its data stays as it is.
 */
gboolean
mp_server_seed_missing_translations (MpServer    *self,
                                     const char  *path,
                                     GError     **error)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db, "SELECT count (*) FROM translations");
  gint64 count = 0;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (count > 0)
    return TRUE;
  return seed_from_file (self, path, seed_all_translations, error);
}

/* COUNT more subscriptions for the demo reseller's customers, for load tests. */
gboolean
mp_server_seed_bulk (MpServer    *self,
                     int          count,
                     GError     **error)
{
  static const gint64 customers[] = { 1000001, 1000002, 1000003 };
  static const struct { gint64 plan; gint64 product; const char *name; } plans[] = {
    { 110, 11001, "Fabrikam Office Basic" },
    { 111, 11101, "Fabrikam Office Standard" },
    { 120, 12001, "Woodgrove Endpoint Protection" },
    { 152, 15201, "Wingtip Team Chat" },
  };
  sqlite3_stmt *stmt;
  gint64 base = 0;
  GDate today;
  int i;

  g_date_clear (&today, 1);
  mp_server_clock_today (&today);
  if (!mp_db_begin (self->db, error))
    return FALSE;
  stmt = mp_db_prepare (self->db, "SELECT coalesce (max (id), 2000000) FROM subscriptions");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    base = MAX (sqlite3_column_int64 (stmt, 0), 2000000);
  sqlite3_reset (stmt);

  for (i = 1; i <= count; i++)
    {
      gint64 id = base + i;
      int p = i % G_N_ELEMENTS (plans);
      GDate start = today, end;
      char created[16], expires[16];

      g_date_subtract_days (&start, (guint) (i % 365));
      end = start;
      while (g_date_compare (&end, &today) <= 0)
        g_date_add_months (&end, 1);
      g_snprintf (created, sizeof created, "%04d-%02d-%02d", g_date_get_year (&start),
                  g_date_get_month (&start), g_date_get_day (&start));
      g_snprintf (expires, sizeof expires, "%04d-%02d-%02d", g_date_get_year (&end),
                  g_date_get_month (&end), g_date_get_day (&end));

      stmt = mp_db_prepare (self->db,
                            "INSERT INTO subscriptions (id, marketplace, customer_id, reseller_id, plan_id, name,"
                            " status, period_type, period_duration, renewal, created, expires, modified, currency)"
                            " VALUES (?, 'US', ?, 1000000, ?, ?, 'active', 'month', 1, 1, ?, ?, ?, 'USD')");
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, customers[i % G_N_ELEMENTS (customers)]);
      sqlite3_bind_int64 (stmt, 3, plans[p].plan);
      sqlite3_bind_text (stmt, 4, plans[p].name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, created, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, expires, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, created, -1, SQLITE_STATIC);
      if (!mp_db_step_done (self->db, stmt, error))
        goto fail;
      stmt = mp_db_prepare (self->db,
                            "INSERT INTO subscription_products (subscription_id, product_id, quantity, usage)"
                            " VALUES (?, ?, ?, ?)");
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, plans[p].product);
      sqlite3_bind_int64 (stmt, 3, 5 + i % 50);
      sqlite3_bind_int64 (stmt, 4, 3 + i % 40);
      if (!mp_db_step_done (self->db, stmt, error))
        goto fail;
    }
  if (mp_db_commit (self->db, error))
    return TRUE;
fail:
  mp_db_rollback (self->db);
  return FALSE;
}
