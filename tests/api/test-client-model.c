/* test-client-model.c: model parsing, error mapping and order drafts on
 * JSON fixtures (no server).
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-api.h"

static JsonNode *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "api", "fixtures", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static GBytes *
load_bytes (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "api", "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static MpPlan *
load_plan (const char *name)
{
  g_autoptr(JsonNode) node = load_fixture (name);
  g_autoptr(GError) error = NULL;
  MpPlan *plan = mp_plan_new_from_json (json_node_get_object (node), &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  return plan;
}

static MpSubscription *
load_subscription (const char *name)
{
  g_autoptr(JsonNode) node = load_fixture (name);
  g_autoptr(GError) error = NULL;
  MpSubscription *subscription = mp_subscription_new_from_json (json_node_get_object (node), &error);

  g_assert_no_error (error);
  g_assert_nonnull (subscription);
  return subscription;
}

static void
assert_money (const MpMoney *money,
              const char    *amount,
              const char    *currency)
{
  g_autofree char *str = NULL;

  g_assert_nonnull (money);
  str = mp_money_to_string (money);
  g_assert_cmpstr (str, ==, amount);
  g_assert_cmpstr (money->currency, ==, currency);
}

static void
test_plan (void)
{
  g_autoptr(MpPlan) plan = load_plan ("plan.json");
  g_autoptr(MpPeriod) month = mp_period_new ("month", 1);
  g_autoptr(MpPeriod) year = mp_period_new ("year", 1);
  g_autoptr(MpPeriod) week = mp_period_new ("day", 7);
  MpResource *seats, *quickstart;
  MpMoney setup, recurring;

  g_assert_cmpstr (mp_plan_get_id (plan), ==, "1001");
  g_assert_cmpstr (mp_plan_get_name (plan), ==, "IDSync Connector for Resellers");
  g_assert_cmpstr (mp_plan_get_category_id (plan), ==, "12");
  g_assert_cmpstr (mp_plan_get_product_line_name (plan), ==, "IDSync - Identity Synchronizer");
  g_assert_cmpint (mp_plan_get_audience (plan), ==, MP_AUDIENCE_RESELLER);
  g_assert_true (mp_plan_has_details (plan));
  g_assert_cmpuint (g_list_model_get_n_items (mp_plan_get_periods (plan)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (mp_plan_get_resources (plan)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (mp_plan_get_terms (plan)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (mp_plan_get_resource_categories (plan)), ==, 1);

  seats = mp_plan_find_resource (plan, "IDS-SEATS");
  g_assert_nonnull (seats);
  g_assert_cmpint (mp_resource_get_included (seats), ==, 5);
  g_assert_cmpint (mp_resource_get_minimum (seats), ==, 1);
  g_assert_cmpint (mp_resource_get_maximum (seats), ==, 500);
  g_assert_cmpstr (mp_resource_get_resource_category_name (seats), ==, "Users");
  g_assert_true (mp_resource_get_price (seats, month, &setup, &recurring));
  assert_money (&setup, "0.00", "USD");
  assert_money (&recurring, "4.50", "USD");
  /* No setup price for a year: zero in the price's currency. */
  g_assert_true (mp_resource_get_price (seats, year, &setup, &recurring));
  assert_money (&setup, "0.00", "USD");
  assert_money (&recurring, "48.00", "USD");
  g_assert_false (mp_resource_get_price (seats, week, NULL, NULL));

  /* A one-time service is 0 or 1, whatever the server says. */
  quickstart = mp_plan_find_resource (plan, "IDS-AT-QS");
  g_assert_true (mp_resource_get_one_time (quickstart));
  g_assert_cmpint (mp_resource_get_maximum (quickstart), ==, 1);
  g_assert_null (mp_plan_find_resource (plan, "NOPE"));
}

static void
test_plan_plain (void)
{
  g_autoptr(MpPlan) plan = load_plan ("plan-plain.json");
  g_autoptr(MpPeriod) period = g_list_model_get_item (mp_plan_get_periods (plan), 0);

  /* SimpleAPI's integer plan IDs become strings. */
  g_assert_cmpstr (mp_plan_get_id (plan), ==, "10005");
  g_assert_false (mp_plan_has_details (plan));
  g_assert_cmpint (mp_plan_get_audience (plan), ==, MP_AUDIENCE_ANY);
  g_assert_cmpuint (g_list_model_get_n_items (mp_plan_get_resources (plan)), ==, 0);
  g_assert_cmpint (mp_period_get_unit (period), ==, MP_PERIOD_UNIT_YEAR);
  g_assert_cmpint (mp_period_get_months (period), ==, 12);
}

static void
test_subscription (void)
{
  g_autoptr(MpSubscription) subscription = load_subscription ("subscription.json");
  g_autoptr(MpSubscription) plain = load_subscription ("subscription-plain.json");
  MpSubscriptionResource *line;

  g_assert_cmpstr (mp_subscription_get_id (subscription), ==, "1000017");
  g_assert_cmpstr (mp_subscription_get_plan_id (subscription), ==, "1001");
  g_assert_true (mp_subscription_get_auto_renew (subscription));
  g_assert_cmpint (mp_period_get_months (mp_subscription_get_period (subscription)), ==, 1);
  assert_money (mp_subscription_get_total_price (subscription), "94.00", "USD");
  line = mp_subscription_find_resource (subscription, "IDS-SEATS");
  g_assert_cmpint (mp_subscription_resource_get_quantity (line), ==, 10);
  g_assert_cmpint (mp_subscription_resource_get_usage (line), ==, 7);
  g_assert_cmpint (mp_subscription_resource_get_minimum (line), ==, 1);
  g_assert_cmpint (mp_subscription_resource_get_maximum (line), ==, 500);
  g_assert_cmpint (mp_subscription_resource_get_included (line), ==, 5);

  /* Plain SimpleAPI: no usage, min/max as strings. */
  line = mp_subscription_find_resource (plain, "O365-E1");
  g_assert_cmpint (mp_subscription_resource_get_usage (line), ==, -1);
  g_assert_cmpint (mp_subscription_resource_get_minimum (line), ==, 1);
  g_assert_cmpint (mp_subscription_resource_get_maximum (line), ==, 300);
  g_assert_null (mp_subscription_get_period (plain));
  g_assert_null (mp_subscription_get_total_price (plain));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_order (void)
{
  g_autoptr(JsonNode) node = load_fixture ("order.json");
  g_autoptr(JsonNode) failed = load_fixture ("order-failed.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(MpOrder) order = mp_order_new_from_json (json_node_get_object (node), &error);
  g_autoptr(MpOrderLine) line = NULL;
  const char * const *steps;
  guint status_notifies = 0, final_notifies = 0, progress_notifies = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (mp_order_get_order_number (order), ==, "SO000012");
  g_assert_cmpint (mp_order_get_order_type (order), ==, MP_ORDER_TYPE_SALES);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_PROCESSING);
  g_assert_cmpstr (mp_order_get_status_code (order), ==, "LO");
  g_assert_false (mp_order_get_final (order));
  g_assert_cmpint (mp_order_get_progress (order), ==, 50);
  g_assert_cmpint (mp_order_get_step (order), ==, 2);
  steps = mp_order_get_steps (order);
  g_assert_cmpuint (g_strv_length ((char **) steps), ==, 4);
  g_assert_cmpstr (steps[1], ==, "Creating the subscription");
  assert_money (mp_order_get_total (order), "94.00", "USD");
  line = g_list_model_get_item (mp_order_get_lines (order), 0);
  g_assert_cmpstr (mp_order_line_get_kind (line), ==, "product");
  g_assert_cmpstr (mp_order_line_get_description (line), ==, "IDSync seats");
  assert_money (mp_order_line_get_extended_price (line), "45.00", "USD");

  g_signal_connect (order, "notify::status", G_CALLBACK (count_notify), &status_notifies);
  g_signal_connect (order, "notify::final", G_CALLBACK (count_notify), &final_notifies);
  g_signal_connect (order, "notify::progress", G_CALLBACK (count_notify), &progress_notifies);

  /* The same answer again changes nothing. */
  g_assert_true (mp_order_update_from_json (order, json_node_get_object (node), &error));
  g_assert_cmpuint (status_notifies, ==, 0);
  g_assert_cmpuint (progress_notifies, ==, 0);

  g_assert_true (mp_order_update_from_json (order, json_node_get_object (failed), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (status_notifies, ==, 1);
  g_assert_cmpuint (final_notifies, ==, 1);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_ERROR);
  g_assert_cmpstr (mp_order_get_status_code (order), ==, "PF");
  g_assert_true (mp_order_get_final (order));
  g_assert_cmpstr (mp_order_get_error_message (order), ==, "The vendor refused the tenant name");
  /* The subscription ID stays known when a later answer leaves it out. */
  g_assert_cmpstr (mp_order_get_subscription_id (order), ==, "1000019");
  g_assert_cmpuint (g_list_model_get_n_items (mp_order_get_lines (order)), ==, 0);
}

static void
test_order_other_id (void)
{
  g_autoptr(JsonNode) node = load_fixture ("order.json");
  g_autoptr(JsonNode) other = json_from_string ("{\"id\": \"9\", \"status\": \"completed\"}", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MpOrder) order = mp_order_new_from_json (json_node_get_object (node), &error);

  g_assert_false (mp_order_update_from_json (order, json_node_get_object (other), &error));
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_PROCESSING);
}

/* The enumerations are parsed once in the model: each value's nick is the
 * marketplace's string, unknown strings fall back, and JSON gets back
 * what the marketplace wrote.
 */
static void
test_enums (void)
{
  const struct { GType type; int value; const char *nick; } cases[] = {
    { MP_TYPE_ORDER_STATUS, MP_ORDER_STATUS_SUBMITTED, "submitted" },
    { MP_TYPE_ORDER_STATUS, MP_ORDER_STATUS_PROCESSING, "processing" },
    { MP_TYPE_ORDER_STATUS, MP_ORDER_STATUS_COMPLETED, "completed" },
    { MP_TYPE_ORDER_STATUS, MP_ORDER_STATUS_ERROR, "error" },
    { MP_TYPE_ORDER_STATUS, MP_ORDER_STATUS_CANCELLED, "cancelled" },
    { MP_TYPE_ORDER_TYPE, MP_ORDER_TYPE_SALES, "sales" },
    { MP_TYPE_ORDER_TYPE, MP_ORDER_TYPE_CHANGE, "change" },
    { MP_TYPE_ORDER_TYPE, MP_ORDER_TYPE_RENEWAL, "renewal" },
    { MP_TYPE_ORDER_TYPE, MP_ORDER_TYPE_CANCELLATION, "cancellation" },
    { MP_TYPE_AUDIENCE, MP_AUDIENCE_RESELLER, "reseller" },
    { MP_TYPE_AUDIENCE, MP_AUDIENCE_CUSTOMER, "customer" },
    { MP_TYPE_ROLE, MP_ROLE_RESELLER, "reseller" },
    { MP_TYPE_ROLE, MP_ROLE_CUSTOMER, "customer" },
    { MP_TYPE_PERIOD_UNIT, MP_PERIOD_UNIT_DAY, "day" },
    { MP_TYPE_PERIOD_UNIT, MP_PERIOD_UNIT_MONTH, "month" },
    { MP_TYPE_PERIOD_UNIT, MP_PERIOD_UNIT_YEAR, "year" },
    { MP_TYPE_PURCHASE_STATE, MP_PURCHASE_STATE_ESTIMATING, "estimating" },
  };
  g_autoptr(JsonNode) odd_order = json_from_string ("{\"id\": \"7\", \"type\": \"upgrade\", "
                                                    "\"status\": \"frozen\"}", NULL);
  g_autoptr(JsonNode) odd_period = json_from_string ("{\"type\": \"week\", \"duration\": 2}", NULL);
  g_autoptr(JsonNode) customer = json_from_string ("{\"type\": \"customer\", \"id\": \"5\"}", NULL);
  g_autoptr(JsonNode) admin = json_from_string ("{\"type\": \"admin\"}", NULL);
  g_autoptr(JsonNode) written = NULL;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(MpPeriod) period = NULL;
  g_autoptr(MpAccount) account = NULL;
  g_autoptr(MpAccount) refused = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (mp_enum_from_nick (cases[i].type, cases[i].nick, -1), ==, cases[i].value);
      g_assert_cmpstr (mp_enum_to_nick (cases[i].type, cases[i].value), ==, cases[i].nick);
    }
  g_assert_cmpint (mp_enum_from_nick (MP_TYPE_ORDER_STATUS, "Completed", -1), ==, -1);
  g_assert_cmpint (mp_enum_from_nick (MP_TYPE_ORDER_STATUS, NULL, -1), ==, -1);
  g_assert_null (mp_enum_to_nick (MP_TYPE_ROLE, 42));

  order = mp_order_new_from_json (json_node_get_object (odd_order), &error);
  g_assert_no_error (error);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_UNKNOWN);
  g_assert_cmpint (mp_order_get_order_type (order), ==, MP_ORDER_TYPE_UNKNOWN);
  g_assert_false (mp_order_get_final (order));

  period = mp_period_new_from_json (json_node_get_object (odd_period), &error);
  g_assert_no_error (error);
  g_assert_cmpint (mp_period_get_unit (period), ==, MP_PERIOD_UNIT_UNKNOWN);
  g_assert_cmpint (mp_period_get_months (period), ==, 0);
  written = mp_period_to_json (period);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (written), "type"), ==, "week");

  account = mp_account_new_from_json (json_node_get_object (customer), &error);
  g_assert_no_error (error);
  g_assert_cmpint (mp_account_get_role (account), ==, MP_ROLE_CUSTOMER);
  g_assert_false (mp_account_is_reseller (account));
  refused = mp_account_new_from_json (json_node_get_object (admin), &error);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_null (refused);
}

static void
test_bad_json (void)
{
  struct {
    const char *json;
    GType       type;
  } cases[] = {
    { "{\"name\": \"no id\"}", MP_TYPE_PLAN },
    { "{\"id\": \"1\", \"total\": {\"amount\": 12.5, \"currency\": \"USD\"}}", MP_TYPE_ORDER },
    { "{\"id\": \"1\", \"total\": \"12.50\"}", MP_TYPE_ORDER },
    { "{\"id\": \"1\", \"total\": {\"amount\": \"12.505\", \"currency\": \"USD\"}}", MP_TYPE_ORDER },
    { "{\"id\": \"1\", \"subscriptionPeriods\": [1, 2]}", MP_TYPE_PLAN },
    { "{\"id\": \"1\", \"products\": [{\"name\": \"no mpn\"}]}", MP_TYPE_SUBSCRIPTION },
    { "{\"type\": \"admin\"}", MP_TYPE_ACCOUNT },
    { "{\"id\": \"1\", \"subscriptionPeriod\": {\"duration\": 1}}", MP_TYPE_SUBSCRIPTION },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i].json, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GObject) object = NULL;
      JsonObject *o = json_node_get_object (node);

      if (cases[i].type == MP_TYPE_PLAN)
        object = (GObject *) mp_plan_new_from_json (o, &error);
      else if (cases[i].type == MP_TYPE_ORDER)
        object = (GObject *) mp_order_new_from_json (o, &error);
      else if (cases[i].type == MP_TYPE_SUBSCRIPTION)
        object = (GObject *) mp_subscription_new_from_json (o, &error);
      else
        object = (GObject *) mp_account_new_from_json (o, &error);
      g_test_message ("%s", cases[i].json);
      g_assert_null (object);
      g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_BAD_RESPONSE);
    }
}

static void
test_error_bodies (void)
{
  g_autoptr(GBytes) message_body = load_bytes ("error-message.json");
  g_autoptr(GBytes) error_body = load_bytes ("error-error.json");
  g_autoptr(GBytes) conflict_body = load_bytes ("error-conflict-500.json");
  g_autoptr(GBytes) html = g_bytes_new_static ("<html>Bad gateway</html>", 24);
  g_autoptr(GError) e1 = mp_client_error_new_from_response (400, "/orders", "hdr-1", message_body);
  g_autoptr(GError) e2 = mp_client_error_new_from_response (404, "/customers/9", NULL, error_body);
  g_autoptr(GError) e3 = mp_client_error_new_from_response (500, "/orders", NULL, conflict_body);
  g_autoptr(GError) e4 = mp_client_error_new_from_response (502, "/orders", "hdr-4", html);
  g_autoptr(GError) e5 = mp_client_error_new_from_response (429, "/plans", NULL, NULL);
  g_autoptr(GError) e6 = mp_client_error_new_from_response (401, "/token", NULL, NULL);
  g_autoptr(GError) e7 = mp_client_error_new_from_response (409, "/orders", NULL, NULL);
  g_autoptr(GError) e8 = mp_client_error_new_from_response (403, "/orders", NULL, NULL);
  g_autoptr(GError) e9 = mp_client_error_new_from_response (422, "/orders", NULL, NULL);
  g_autoptr(GError) copy = NULL;

  g_assert_error (e1, MP_CLIENT_ERROR, MP_CLIENT_ERROR_VALIDATION);
  g_assert_cmpstr (e1->message, ==, "Accept the terms: tc-idsync-vendor");
  /* The body's correlation ID wins over the header's. */
  g_assert_cmpstr (mp_client_error_get_correlation_id (e1), ==, "mp-123");
  g_assert_cmpuint (mp_client_error_get_status (e1), ==, 400);
  g_assert_cmpstr (mp_client_error_get_path (e1), ==, "/orders");

  g_assert_error (e2, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpstr (e2->message, ==, "Not Found");
  g_assert_cmpstr (mp_client_error_get_correlation_id (e2), ==, "a8n-54bc");

  g_assert_error (e3, MP_CLIENT_ERROR, MP_CLIENT_ERROR_CONFLICT);
  g_assert_true (g_str_has_prefix (e3->message, "Cannot Upgrade/Downgrade"));

  g_assert_error (e4, MP_CLIENT_ERROR, MP_CLIENT_ERROR_SERVER);
  g_assert_cmpstr (mp_client_error_get_correlation_id (e4), ==, "hdr-4");
  g_assert_cmpuint (strlen (e4->message), >, 0);

  g_assert_error (e5, MP_CLIENT_ERROR, MP_CLIENT_ERROR_RATE_LIMITED);
  g_assert_error (e6, MP_CLIENT_ERROR, MP_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_error (e7, MP_CLIENT_ERROR, MP_CLIENT_ERROR_CONFLICT);
  g_assert_error (e8, MP_CLIENT_ERROR, MP_CLIENT_ERROR_FORBIDDEN);
  g_assert_error (e9, MP_CLIENT_ERROR, MP_CLIENT_ERROR_VALIDATION);

  /* The extra data travel with copies (GTask copies errors). */
  copy = g_error_copy (e1);
  g_assert_cmpstr (mp_client_error_get_correlation_id (copy), ==, "mp-123");
  g_assert_cmpuint (mp_client_error_get_status (copy), ==, 400);
  mp_client_error_set_retry_safe (e1, TRUE);
  g_clear_error (&copy);
  copy = g_error_copy (e1);
  g_assert_true (mp_client_error_get_retry_safe (copy));

  /* No "refusal" member: no rule, whatever words the message holds. */
  {
    const char *subject = "unset";

    g_assert_cmpint (mp_client_error_get_refusal (e1, &subject), ==, MP_REFUSAL_NONE);
    g_assert_null (subject);
  }

  /* The demo server's "refusal" member gives the rule and its subject;
   * the words of the message ("period", "terms") do not count.
   */
  {
    g_autoptr(GBytes) body = load_bytes ("error-refusal.json");
    g_autoptr(GError) refusal = mp_client_error_new_from_response (400, "/orders", NULL, body);
    g_autoptr(GError) copied = NULL;
    static const char unknown_json[] = "{\"message\": \"m\", \"refusal\": {\"rule\": \"weather\", \"subject\": \"x\"}}";
    g_autoptr(GBytes) unknown = g_bytes_new_static (unknown_json, sizeof unknown_json - 1);
    g_autoptr(GError) unknown_error = mp_client_error_new_from_response (400, "/orders", NULL, unknown);
    const char *subject = NULL;

    g_assert_cmpint (mp_client_error_get_refusal (refusal, &subject), ==, MP_REFUSAL_BELOW_USAGE);
    g_assert_cmpstr (subject, ==, "FAB-OB-USER");
    copied = g_error_copy (refusal);
    g_assert_cmpint (mp_client_error_get_refusal (copied, &subject), ==, MP_REFUSAL_BELOW_USAGE);
    g_assert_cmpstr (subject, ==, "FAB-OB-USER");
    /* A rule this client does not know is no rule. */
    g_assert_cmpstr (unknown_error->message, ==, "m");
    g_assert_cmpint (mp_client_error_get_refusal (unknown_error, &subject), ==, MP_REFUSAL_NONE);
    g_assert_null (subject);
  }

  /* Other domains have none. */
  {
    g_autoptr(GError) io = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

    g_assert_cmpint (mp_client_error_get_refusal (io, NULL), ==, MP_REFUSAL_NONE);
    g_assert_null (mp_client_error_get_correlation_id (io));
    g_assert_cmpuint (mp_client_error_get_status (io), ==, 0);
    g_assert_false (mp_client_error_get_retry_safe (NULL));
  }
}

static void
test_check_url (void)
{
  const char *good[] = {
    "https://api.cloud.im/marketplace/na", "http://127.0.0.1:8080/marketplace/US",
    "http://127.8.9.1/", "http://localhost:1234", "http://[::1]:8080/marketplace/DE",
    "HTTPS://EXAMPLE.COM",
  };
  const char *forbidden[] = {
    "http://api.cloud.im/marketplace/na", "http://10.0.0.1:8080", "http://[::2]/",
    "http://127.0.0.1.example.com/",
  };
  const char *invalid[] = { "", "ftp://example.com", "not a url", "https://" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (mp_client_check_url (good[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (mp_client_check_url (forbidden[i], &error));
      g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_FORBIDDEN);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (mp_client_check_url (invalid[i], &error));
      g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_VALIDATION);
    }
}

static JsonObject *
find_product (JsonObject *body,
              const char *mpn)
{
  JsonArray *products = json_object_get_array_member (body, "products");

  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonObject *line = json_array_get_object_element (products, i);

      if (g_strcmp0 (json_object_get_string_member (line, "mpn"), mpn) == 0)
        return line;
    }
  return NULL;
}

static void
test_draft_sales (void)
{
  g_autoptr(MpPlan) plan = load_plan ("plan.json");
  g_autoptr(MpOrderDraft) draft = mp_order_draft_new ();
  g_autoptr(MpPeriod) month = g_list_model_get_item (mp_plan_get_periods (plan), 0);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) plain_node = NULL;
  g_autofree char *key = NULL;
  JsonObject *body;
  guint changed = 0, valid_notifies = 0;

  g_signal_connect_swapped (draft, "changed", G_CALLBACK (g_atomic_int_inc), &changed);
  g_signal_connect (draft, "notify::valid", G_CALLBACK (count_notify), &valid_notifies);

  g_assert_cmpint (mp_order_draft_get_kind (draft), ==, MP_ORDER_TYPE_SALES);
  g_assert_false (mp_order_draft_get_complete (draft));
  g_assert_false (mp_order_draft_get_valid (draft));
  g_assert_cmpstr (mp_order_draft_get_reason (draft), ==, "Choose a service plan");
  g_assert_nonnull (mp_order_draft_get_idempotency_key (draft));
  g_assert_true (g_str_has_prefix (mp_order_draft_get_effective_po_number (draft), "MP-"));

  mp_order_draft_set_plan (draft, plan);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpstr (mp_order_draft_get_reason (draft), ==, "Choose a subscription period");
  g_assert_false (mp_order_draft_get_estimable (draft));
  /* Defaults: each resource at its minimum. */
  g_assert_cmpint (mp_order_draft_get_quantity (draft, "IDS-SEATS"), ==, 1);
  g_assert_cmpint (mp_order_draft_get_quantity (draft, "IDS-AT-BILL"), ==, 0);

  mp_order_draft_set_period (draft, month);
  g_assert_cmpstr (mp_order_draft_get_reason (draft), ==, "Accept the “Marketplace Terms of Service”");
  /* Priced before the terms are accepted, not placed. */
  g_assert_true (mp_order_draft_get_estimable (draft));
  g_assert_false (mp_order_draft_get_valid (draft));
  mp_order_draft_set_quantity (draft, "IDS-SEATS", 0);
  g_assert_false (mp_order_draft_get_estimable (draft));
  g_assert_cmpstr (mp_order_draft_get_reason (draft), ==, "Accept the “Marketplace Terms of Service”");
  mp_order_draft_set_quantity (draft, "IDS-SEATS", 1);
  g_assert_true (mp_order_draft_get_estimable (draft));
  mp_order_draft_set_terms_accepted (draft, "tc-marketplace-us", TRUE);
  g_assert_false (mp_order_draft_get_complete (draft));
  g_assert_cmpstr (mp_order_draft_get_reason (draft), ==,
                   "Accept the “IDSync End User License Agreement”");
  key = g_strdup (mp_order_draft_get_idempotency_key (draft));
  mp_order_draft_set_terms_accepted (draft, "tc-idsync-vendor", TRUE);
  g_assert_true (mp_order_draft_get_complete (draft));
  g_assert_true (mp_order_draft_get_valid (draft));
  g_assert_null (mp_order_draft_get_reason (draft));
  g_assert_cmpuint (valid_notifies, ==, 1);
  /* A new body, a new key. */
  g_assert_cmpstr (key, !=, mp_order_draft_get_idempotency_key (draft));

  mp_order_draft_set_quantity (draft, "IDS-SEATS", 0);
  g_assert_true (mp_order_draft_get_complete (draft));
  g_assert_false (mp_order_draft_get_valid (draft));
  g_assert_cmpstr (mp_order_draft_get_reason (draft), ==, "“IDSync seats” must be between 1 and 500");
  g_assert_false (mp_order_draft_get_estimable (draft));
  mp_order_draft_set_quantity (draft, "IDS-SEATS", 501);
  g_assert_false (mp_order_draft_get_valid (draft));
  mp_order_draft_set_quantity (draft, "IDS-AT-QS", 2);
  mp_order_draft_set_quantity (draft, "IDS-SEATS", 20);
  g_assert_cmpstr (mp_order_draft_get_reason (draft), ==, "“IDSync Autotask QuickStart” must be between 0 and 1");
  mp_order_draft_set_quantity (draft, "IDS-AT-QS", 1);
  mp_order_draft_set_quantity (draft, "IDS-AT-BILL", 1);
  g_assert_true (mp_order_draft_get_valid (draft));

  mp_order_draft_set_customer_id (draft, "1000001");
  mp_order_draft_set_po_number (draft, "PO-42");
  node = mp_order_draft_to_json (draft, NULL, TRUE);
  body = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (body, "type"), ==, "sales");
  g_assert_cmpstr (json_object_get_string_member (body, "customerId"), ==, "1000001");
  g_assert_cmpstr (json_object_get_string_member (body, "planId"), ==, "1001");
  g_assert_cmpstr (json_object_get_string_member (body, "poNumber"), ==, "PO-42");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "subscriptionPeriod"), "type"), ==, "month");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body, "products")), ==, 3);
  g_assert_cmpint (json_object_get_int_member (find_product (body, "IDS-SEATS"), "quantity"), ==, 20);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body, "acceptedTerms")), ==, 2);

  /* Without extensions, no acceptedTerms; the unique reference when no PO. */
  mp_order_draft_set_po_number (draft, "");
  plain_node = mp_order_draft_to_json (draft, NULL, FALSE);
  body = json_node_get_object (plain_node);
  g_assert_false (json_object_has_member (body, "acceptedTerms"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (body, "poNumber"), "MP-"));

  /* Estimating an invalid draft fails at once, with the reason. */
  mp_order_draft_set_plan (draft, NULL);
  g_assert_false (mp_order_draft_get_valid (draft));
}

static void
test_draft_buyer_self (void)
{
  g_autoptr(JsonNode) me = json_from_string ("{\"type\": \"customer\", \"id\": \"1000001\", \"name\": \"Acme\", \"resellerId\": \"1000000\"}", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MpAccount) account = mp_account_new_from_json (json_node_get_object (me), &error);
  g_autoptr(MpAccount) reseller = mp_account_new_reseller ("api-user");
  g_autoptr(MpPlan) plan = load_plan ("plan-plain.json");
  g_autoptr(MpOrderDraft) draft = mp_order_draft_new ();
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;

  g_assert_no_error (error);
  g_assert_false (mp_account_is_reseller (account));
  g_assert_cmpstr (mp_account_get_reseller_id (account), ==, "1000000");
  g_assert_true (mp_account_is_reseller (reseller));
  g_assert_null (mp_account_get_id (reseller));

  /* A plain plan: no resources, only the period (picked: the only one). */
  mp_order_draft_set_plan (draft, plan);
  g_assert_nonnull (mp_order_draft_get_period (draft));
  g_assert_true (mp_order_draft_get_valid (draft));
  a = mp_order_draft_to_json (draft, account, TRUE);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (a), "customerId"), ==, "1000001");
  b = mp_order_draft_to_json (draft, reseller, FALSE);
  g_assert_false (json_object_has_member (json_node_get_object (b), "customerId"));
}

static void
test_draft_change (void)
{
  g_autoptr(MpSubscription) subscription = load_subscription ("subscription.json");
  g_autoptr(MpOrderDraft) draft = mp_order_draft_new_change (subscription);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *body;
  JsonArray *products;
  JsonObject *line;
  gint64 minimum, maximum;

  g_assert_cmpint (mp_order_draft_get_kind (draft), ==, MP_ORDER_TYPE_CHANGE);
  g_assert_cmpstr (mp_order_draft_get_customer_id (draft), ==, "1000001");
  g_assert_true (mp_order_draft_get_complete (draft));
  g_assert_false (mp_order_draft_get_valid (draft));
  g_assert_cmpstr (mp_order_draft_get_reason (draft), ==, "Change at least one amount");
  g_assert_cmpint (mp_order_draft_get_quantity (draft, "IDS-SEATS"), ==, 10);
  g_assert_true (mp_order_draft_get_range (draft, "IDS-SEATS", &minimum, &maximum));
  /* The plan allows 1 ... 500, but 7 seats are in use: no cut below. */
  g_assert_cmpint (minimum, ==, 7);
  g_assert_cmpint (maximum, ==, 500);
  g_assert_false (mp_order_draft_get_range (draft, "NOPE", NULL, NULL));

  mp_order_draft_set_quantity (draft, "IDS-SEATS", 6);
  g_assert_false (mp_order_draft_get_valid (draft));
  g_assert_cmpstr (mp_order_draft_get_reason (draft), ==, "“IDSync seats”: 7 in use, so the limit must be at least 7");
  mp_order_draft_set_quantity (draft, "IDS-SEATS", 7);
  g_assert_true (mp_order_draft_get_valid (draft));

  mp_order_draft_set_quantity (draft, "IDS-SEATS", 501);
  g_assert_false (mp_order_draft_get_valid (draft));
  mp_order_draft_set_quantity (draft, "IDS-SEATS", 12);
  g_assert_true (mp_order_draft_get_valid (draft));

  node = mp_order_draft_to_json (draft, NULL, TRUE);
  body = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (body, "type"), ==, "change");
  g_assert_cmpstr (json_object_get_string_member (body, "subscriptionId"), ==, "1000017");
  g_assert_cmpstr (json_object_get_string_member (body, "customerId"), ==, "1000001");
  products = json_object_get_array_member (body, "products");
  /* Only the changed line, with the new absolute quantity. */
  g_assert_cmpuint (json_array_get_length (products), ==, 1);
  line = json_array_get_object_element (products, 0);
  g_assert_cmpstr (json_object_get_string_member (line, "mpn"), ==, "IDS-SEATS");
  g_assert_cmpint (json_object_get_int_member (line, "quantity"), ==, 12);
  g_assert_cmpstr (json_object_get_string_member (line, "subscriptionId"), ==, "1000017");
  g_assert_false (json_object_has_member (body, "planId"));
  g_assert_false (json_object_has_member (body, "scheduledOn"));

  /* Applied at renewal: SimpleAPI's scheduledOn, and a new key. */
  {
    g_autofree char *key = g_strdup (mp_order_draft_get_idempotency_key (draft));
    g_autoptr(JsonNode) scheduled = NULL;

    mp_order_draft_set_scheduled (draft, TRUE);
    g_assert_true (mp_order_draft_get_scheduled (draft));
    g_assert_cmpstr (mp_order_draft_get_idempotency_key (draft), !=, key);
    scheduled = mp_order_draft_to_json (draft, NULL, TRUE);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (scheduled), "scheduledOn"),
                     ==, "renewal");
  }
}

static void
test_draft_pending_change (void)
{
  g_autoptr(JsonNode) node = load_fixture ("subscription.json");
  g_autoptr(MpSubscription) subscription = NULL;
  g_autoptr(MpOrderDraft) draft = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (json_node_get_object (node), "pendingOrderId", "CH000003");
  subscription = mp_subscription_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  draft = mp_order_draft_new_change (subscription);
  mp_order_draft_set_quantity (draft, "IDS-SEATS", 12);
  g_assert_false (mp_order_draft_get_valid (draft));
  g_assert_nonnull (strstr (mp_order_draft_get_reason (draft), "CH000003"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/model/plan", test_plan);
  g_test_add_func ("/client/model/plan-plain", test_plan_plain);
  g_test_add_func ("/client/model/subscription", test_subscription);
  g_test_add_func ("/client/model/order", test_order);
  g_test_add_func ("/client/model/order-other-id", test_order_other_id);
  g_test_add_func ("/client/model/enums", test_enums);
  g_test_add_func ("/client/model/bad-json", test_bad_json);
  g_test_add_func ("/client/error/bodies", test_error_bodies);
  g_test_add_func ("/client/url", test_check_url);
  g_test_add_func ("/client/draft/sales", test_draft_sales);
  g_test_add_func ("/client/draft/buyer-self", test_draft_buyer_self);
  g_test_add_func ("/client/draft/change", test_draft_change);
  g_test_add_func ("/client/draft/pending-change", test_draft_pending_change);

  return g_test_run ();
}
