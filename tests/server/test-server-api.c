/* test-server-api.c: every endpoint's success and error cases
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "mp-server-test-util.h"

static MpTestServer *server;
static SoupSession *session;
static char *base;
static char *reseller_token;
static char *acme_token;

static char *
url (const char *path)
{
  return g_strconcat (base, path, NULL);
}

static MpTestResponse *
get (const char *path,
     const char *token)
{
  g_autofree char *u = url (path);

  return mp_test_request (session, "GET", u, token, NULL, NULL);
}

static MpTestResponse *
send_json (const char *method,
           const char *path,
           const char *token,
           const char *body)
{
  g_autofree char *u = url (path);

  return mp_test_request (session, method, u, token, body, NULL);
}

static JsonArray *
data_of (MpTestResponse *response)
{
  return json_object_get_array_member (mp_test_object (response), "data");
}

/* Authentication */

static void
test_token (void)
{
  g_autofree char *u = url ("/token");
  g_autoptr(MpTestResponse) r = NULL;
  const char *basic_ok = "Basic ZGVtby1yZXNlbGxlcjpEZW1vLVJlc2VsbGVyLTE="; /* demo-reseller:Demo-Reseller-1 */
  const char *basic_bad = "Basic ZGVtby1yZXNlbGxlcjp3cm9uZw=="; /* demo-reseller:wrong */
  const char *body = "{\"marketplace\": \"us\"}";

  r = mp_test_request_full (session, "POST", u, basic_ok, MP_DEMO_KEY, NULL, body, strlen (body), NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpuint (strlen (mp_test_string (mp_test_object (r), "token")), >=, 43);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "expiresInSeconds"), ==, 3600);
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "X-Market-Panel-Extensions"), ==, "1");
  g_clear_pointer (&r, mp_test_response_free);

  /* wrong password, no key, wrong key, no Basic, bad body, other marketplace */
  r = mp_test_request_full (session, "POST", u, basic_bad, MP_DEMO_KEY, NULL, body, strlen (body), NULL);
  mp_test_assert_error (r, 401);
  g_clear_pointer (&r, mp_test_response_free);
  r = mp_test_request_full (session, "POST", u, basic_ok, NULL, NULL, body, strlen (body), NULL);
  mp_test_assert_error (r, 401);
  g_clear_pointer (&r, mp_test_response_free);
  r = mp_test_request_full (session, "POST", u, basic_ok, "nope", NULL, body, strlen (body), NULL);
  mp_test_assert_error (r, 401);
  g_clear_pointer (&r, mp_test_response_free);
  r = mp_test_request_full (session, "POST", u, "Bearer x", MP_DEMO_KEY, NULL, body, strlen (body), NULL);
  mp_test_assert_error (r, 401);
  g_clear_pointer (&r, mp_test_response_free);
  r = mp_test_request_full (session, "POST", u, basic_ok, MP_DEMO_KEY, NULL, "{}", 2, NULL);
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = mp_test_request_full (session, "POST", u, basic_ok, MP_DEMO_KEY, NULL, "{\"marketplace\": \"de\"}", 21, NULL);
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = mp_test_request_full (session, "POST", u, "Basic !!!", MP_DEMO_KEY, NULL, body, strlen (body), NULL);
  mp_test_assert_error (r, 401);
  g_clear_pointer (&r, mp_test_response_free);
  r = mp_test_request_full (session, "GET", u, basic_ok, MP_DEMO_KEY, NULL, NULL, 0, NULL);
  mp_test_assert_error (r, 405);
}

static void
test_bearer (void)
{
  g_autofree char *u = url ("/me");
  g_autoptr(MpTestResponse) r = NULL;
  g_autofree char *uk_base = mp_test_server_get_base_url (server, "UK");
  g_autofree char *uk_me = g_strconcat (uk_base, "/me", NULL);

  r = mp_test_request (session, "GET", u, NULL, NULL, NULL);
  mp_test_assert_error (r, 401);
  g_clear_pointer (&r, mp_test_response_free);
  r = mp_test_request (session, "GET", u, "not-a-token", NULL, NULL);
  mp_test_assert_error (r, 401);
  g_clear_pointer (&r, mp_test_response_free);
  /* a US token is not valid on UK */
  r = mp_test_request (session, "GET", uk_me, reseller_token, NULL, NULL);
  mp_test_assert_error (r, 401);
  g_clear_pointer (&r, mp_test_response_free);
  /* token without the subscription key */
  r = mp_test_request_full (session, "GET", u, "Bearer x", NULL, NULL, NULL, 0, NULL);
  mp_test_assert_error (r, 401);
}

static void
test_token_expiry (void)
{
  const char *args[] = { "--token-lifetime", "1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MpTestServer) short_server = mp_test_server_start (args, &error);
  g_autofree char *short_base = NULL;
  g_autofree char *token = NULL;
  g_autofree char *u = NULL;
  g_autoptr(MpTestResponse) r = NULL;

  g_assert_no_error (error);
  short_base = mp_test_server_get_base_url (short_server, "US");
  token = mp_test_login (session, short_base, "demo-reseller", "Demo-Reseller-1");
  u = g_strconcat (short_base, "/me", NULL);
  r = mp_test_request (session, "GET", u, token, NULL, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_clear_pointer (&r, mp_test_response_free);
  g_usleep (2100 * 1000);
  r = mp_test_request (session, "GET", u, token, NULL, NULL);
  mp_test_assert_error (r, 401);
}

static void
test_oauth (void)
{
  g_autofree char *u = g_strconcat (mp_test_server_get_url (server),
                                    "/auth/realms/us/protocol/openid-connect/token", NULL);
  g_autofree char *bad_realm = g_strconcat (mp_test_server_get_url (server),
                                            "/auth/realms/xx/protocol/openid-connect/token", NULL);
  const char *form = "grant_type=password&username=acme-admin&password=Demo-Customer-1"
                     "&client_id=market-panel&client_secret=demo-client-secret&scope=openid";
  const char *bad_secret = "grant_type=password&username=acme-admin&password=Demo-Customer-1"
                           "&client_id=market-panel&client_secret=nope";
  const char *bad_password = "grant_type=password&username=acme-admin&password=x"
                             "&client_id=market-panel&client_secret=demo-client-secret";
  const char *bad_grant = "grant_type=client_credentials&client_id=market-panel&client_secret=demo-client-secret";
  const char *form_type = "application/x-www-form-urlencoded";
  g_autoptr(MpTestResponse) r = NULL;
  g_autofree char *token = NULL;
  g_autofree char *me = url ("/me");

  r = mp_test_request_full (session, "POST", u, NULL, NULL, form_type, form, strlen (form), NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "token_type"), ==, "Bearer");
  g_assert_cmpint (mp_test_int (mp_test_object (r), "expires_in"), >, 300);
  token = g_strdup (mp_test_string (mp_test_object (r), "access_token"));
  g_clear_pointer (&r, mp_test_response_free);

  /* used exactly as a /token token */
  r = mp_test_request (session, "GET", me, token, NULL, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "type"), ==, "customer");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "id"), ==, "1000001");
  g_clear_pointer (&r, mp_test_response_free);

  r = mp_test_request_full (session, "POST", u, NULL, NULL, form_type, bad_secret, strlen (bad_secret), NULL);
  g_assert_cmpuint (r->status, ==, 401);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "error"), ==, "invalid_client");
  g_clear_pointer (&r, mp_test_response_free);
  r = mp_test_request_full (session, "POST", u, NULL, NULL, form_type, bad_password, strlen (bad_password), NULL);
  g_assert_cmpuint (r->status, ==, 401);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "error"), ==, "invalid_grant");
  g_clear_pointer (&r, mp_test_response_free);
  r = mp_test_request_full (session, "POST", u, NULL, NULL, form_type, bad_grant, strlen (bad_grant), NULL);
  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "error"), ==, "unsupported_grant_type");
  g_clear_pointer (&r, mp_test_response_free);
  r = mp_test_request_full (session, "POST", u, NULL, NULL, "application/json", "{}", 2, NULL);
  g_assert_cmpuint (r->status, ==, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = mp_test_request_full (session, "POST", bad_realm, NULL, NULL, form_type, form, strlen (form), NULL);
  g_assert_cmpuint (r->status, ==, 404);
}

/* Extensions: marketplaces, me, categories */

static void
test_marketplaces (void)
{
  g_autofree char *u = g_strconcat (mp_test_server_get_url (server), "/marketplaces", NULL);
  g_autoptr(MpTestResponse) r = mp_test_request (session, "GET", u, NULL, NULL, NULL);
  JsonArray *data;

  g_assert_cmpuint (r->status, ==, 200);
  data = data_of (r);
  g_assert_cmpuint (json_array_get_length (data), ==, 3);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "data.1.code"), ==, "UK");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "data.1.currency"), ==, "GBP");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "data.2.currency"), ==, "EUR");
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 3);
}

static void
test_me (void)
{
  g_autoptr(MpTestResponse) r = get ("/me", reseller_token);

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "type"), ==, "reseller");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "id"), ==, "1000000");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "name"), ==, "Northwind Cloud Reseller");
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/me", acme_token);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "type"), ==, "customer");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "resellerId"), ==, "1000000");
}

static void
test_categories (void)
{
  g_autoptr(MpTestResponse) r = get ("/categories", reseller_token);
  JsonArray *data;
  guint i;
  gboolean found = FALSE;

  g_assert_cmpuint (r->status, ==, 200);
  data = data_of (r);
  g_assert_cmpuint (json_array_get_length (data), >=, 6);
  for (i = 0; i < json_array_get_length (data); i++)
    {
      JsonObject *c = json_array_get_object_element (data, i);

      if (g_strcmp0 (json_object_get_string_member (c, "name"), "Cloud Management Services") == 0)
        {
          found = TRUE;
          g_assert_cmpstr (json_object_get_string_member (c, "parentId"), ==, "10");
        }
    }
  g_assert_true (found);
}

/* Catalogue */

static void
test_plans (void)
{
  g_autoptr(MpTestResponse) r = get ("/plans?limit=100", reseller_token);
  JsonArray *data;

  g_assert_cmpuint (r->status, ==, 200);
  data = data_of (r);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), >=, 22);
  g_assert_cmpuint (json_array_get_length (data), ==, mp_test_int (mp_test_object (r), "pagination.total"));
  g_clear_pointer (&r, mp_test_response_free);

  /* paging */
  r = get ("/plans?limit=5&offset=5", reseller_token);
  g_assert_cmpuint (json_array_get_length (data_of (r)), ==, 5);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.offset"), ==, 5);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.limit"), ==, 5);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/plans", reseller_token);
  g_assert_cmpuint (json_array_get_length (data_of (r)), ==, 10);
  g_clear_pointer (&r, mp_test_response_free);

  /* filters */
  r = get ("/plans?audience=reseller", reseller_token);
  g_assert_cmpuint (json_array_get_length (data_of (r)), >=, 1);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "data.0.audience"), ==, "reseller");
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/plans?search=idsync", reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 2);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/plans?categoryId=11", reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 1);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "data.0.name"), ==, "IDSync - Connector for Customer");
  g_clear_pointer (&r, mp_test_response_free);
  /* a parent category covers its children */
  r = get ("/plans?categoryId=10&limit=1", reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), >=, 20);
  g_clear_pointer (&r, mp_test_response_free);
  /* unknown parameters are ignored */
  r = get ("/plans?bogus=1&limit=100", reseller_token);
  g_assert_cmpuint (r->status, ==, 200);
  g_clear_pointer (&r, mp_test_response_free);

  /* bad paging and filters */
  r = get ("/plans?limit=0", reseller_token);
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/plans?limit=1001", reseller_token);
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/plans?offset=-1", reseller_token);
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/plans?limit=abc", reseller_token);
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/plans?audience=robots", reseller_token);
  mp_test_assert_error (r, 400);
}

static void
test_plan_idsync (void)
{
  g_autoptr(MpTestResponse) r = get ("/plans/100", reseller_token);
  JsonObject *plan;
  JsonArray *products;
  guint i;
  int quickstarts = 0, billing = 0;

  g_assert_cmpuint (r->status, ==, 200);
  plan = mp_test_object (r);
  g_assert_cmpstr (mp_test_string (plan, "name"), ==, "IDSync - Connector for Resellers");
  g_assert_cmpstr (mp_test_string (plan, "audience"), ==, "reseller");
  g_assert_cmpstr (mp_test_string (plan, "productLine.name"), ==, "IDSync - Identity Synchronizer");
  g_assert_cmpstr (mp_test_string (plan, "category.name"), ==, "Cloud Management Services");
  g_assert_cmpstr (mp_test_string (plan, "subscriptionPeriods.0.type"), ==, "month");
  g_assert_cmpstr (mp_test_string (plan, "subscriptionPeriods.1.type"), ==, "year");
  g_assert_cmpstr (mp_test_string (plan, "termsAndConditions.0.kind"), ==, "marketplace");
  g_assert_cmpstr (mp_test_string (plan, "termsAndConditions.1.kind"), ==, "vendor");
  g_assert_nonnull (json_object_get_array_member (plan, "planSwitches"));
  products = json_object_get_array_member (plan, "products");
  for (i = 0; i < json_array_get_length (products); i++)
    {
      JsonObject *p = json_array_get_object_element (products, i);
      const char *category = mp_test_string (p, "resourceCategory.name");

      if (json_object_get_boolean_member (p, "oneTime"))
        quickstarts++;
      if (g_strcmp0 (category, "IDSync - Autotask Billing") == 0
          || g_strcmp0 (category, "IDSync - ConnectWise Billing") == 0)
        billing++;
      /* money as strings */
      g_assert_nonnull (mp_test_string (p, "prices.0.recurring.amount"));
      g_assert_cmpstr (mp_test_string (p, "prices.0.recurring.currency"), ==, "USD");
    }
  g_assert_cmpint (quickstarts, ==, 2);
  g_assert_cmpint (billing, ==, 4);
  g_assert_cmpstr (mp_test_string (plan, "products.0.mpn"), ==, "IDS-R-USERS");
  g_assert_cmpint (mp_test_int (plan, "products.0.minimumQuantity"), ==, 1);
  g_assert_cmpint (mp_test_int (plan, "products.0.maximumQuantity"), ==, 1000);
  g_clear_pointer (&r, mp_test_response_free);

  /* prices per currency */
  {
    g_autofree char *de_base = mp_test_server_get_base_url (server, "DE");
    g_autofree char *de_token = mp_test_login (session, de_base, "demo-reseller", "Demo-Reseller-1");
    g_autofree char *u = g_strconcat (de_base, "/plans/100", NULL);

    r = mp_test_request (session, "GET", u, de_token, NULL, NULL);
    g_assert_cmpstr (mp_test_string (mp_test_object (r), "products.0.prices.0.recurring.currency"), ==, "EUR");
    g_clear_pointer (&r, mp_test_response_free);
  }

  r = get ("/plans/999999", reseller_token);
  mp_test_assert_error (r, 404);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/plans/abc", reseller_token);
  mp_test_assert_error (r, 404);
}

static void
test_products (void)
{
  g_autoptr(MpTestResponse) r = get ("/products?mpn=IDS-C-USERS", reseller_token);

  g_assert_cmpuint (r->status, ==, 200);
  /* one row per period */
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 2);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "data.0.minimumQuantity"), ==, "1");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "data.0.maximumQuantity"), ==, "250");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "data.0.prices.0.amount"), ==, "4.00");
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/products?vendor=idsync%20inc.&limit=100", reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 20);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/products?name=quickstart&limit=100", reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 8);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/products?serviceName=NOPE", reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 0);
  g_assert_cmpuint (json_array_get_length (data_of (r)), ==, 0);
}

/* Customers */

#define NEW_CUSTOMER \
  "{\"name\": \"Hooli\", \"externalId\": \"HOOLI-1\", \"language\": \"en\"," \
  " \"address\": {\"streetAddress\": \"1 Hacker Way\", \"postalCode\": \"94025\", \"city\": \"Palo Alto\", \"countryCode\": \"us\"}," \
  " \"contactPersons\": [{\"type\": \"admin\", \"firstName\": \"Gavin\", \"lastName\": \"Belson\"," \
  " \"email\": \"Gavin@Hooli.example\", \"phoneNumber\": \"1##6505550100#\", \"login\": \"hooli-admin\", \"password\": \"Hooli-Pass-1\"}]}"

static void
test_customers (void)
{
  g_autoptr(MpTestResponse) r = get ("/customers", reseller_token);
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *hooli_token = NULL;

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), >=, 3);
  g_clear_pointer (&r, mp_test_response_free);

  /* filters */
  r = get ("/customers?name=acme", reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 1);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "data.0.name"), ==, "Acme Corporation");
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/customers?email=HANK@globex.example", reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 1);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "data.0.id"), ==, "1000002");
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/customers?externalId=INITECH-003", reseller_token);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "data.0.name"), ==, "Initech LLC");
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/customers?externalId=INITECH", reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 0);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/resellers/1000000/customers?limit=2", reseller_token);
  g_assert_cmpuint (json_array_get_length (data_of (r)), ==, 2);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/resellers/1000000", reseller_token);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "currency"), ==, "USD");
  g_clear_pointer (&r, mp_test_response_free);

  /* create */
  r = send_json ("POST", "/customers", reseller_token, NEW_CUSTOMER);
  g_assert_cmpuint (r->status, ==, 200);
  id = g_strdup (mp_test_string (mp_test_object (r), "id"));
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "resellerId"), ==, "1000000");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "status"), ==, "active");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "address.countryCode"), ==, "US");
  g_assert_null (mp_test_string (mp_test_object (r), "contactPersons.0.password"));
  g_clear_pointer (&r, mp_test_response_free);
  /* newest first */
  r = get ("/customers", reseller_token);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "data.0.id"), ==, id);
  g_clear_pointer (&r, mp_test_response_free);
  /* the new admin can log in */
  hooli_token = mp_test_login (session, base, "hooli-admin", "Hooli-Pass-1");
  r = get ("/customers", hooli_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 1);
  g_clear_pointer (&r, mp_test_response_free);
  /* the login is now taken */
  r = send_json ("POST", "/customers", reseller_token, NEW_CUSTOMER);
  mp_test_assert_error (r, 409);
  g_clear_pointer (&r, mp_test_response_free);

  /* get and patch */
  path = g_strconcat ("/customers/", id, NULL);
  r = get (path, reseller_token);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "name"), ==, "Hooli");
  g_clear_pointer (&r, mp_test_response_free);
  r = send_json ("PATCH", path, reseller_token, "{\"name\": \"Hooli XYZ\", \"status\": \"creditHold\"}");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "name"), ==, "Hooli XYZ");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "status"), ==, "creditHold");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "externalId"), ==, "HOOLI-1");
  g_clear_pointer (&r, mp_test_response_free);
  r = send_json ("PATCH", path, reseller_token, "{\"status\": \"deleted\"}");
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = send_json ("PATCH", path, reseller_token, "{\"name\": 42}");
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = send_json ("PATCH", path, hooli_token, "{\"status\": \"active\"}");
  mp_test_assert_error (r, 403);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/customers/9999999", reseller_token);
  mp_test_assert_error (r, 404);
}

static void
test_customer_validation (void)
{
  static const char *bad[] = {
    "{}",
    "{\"name\": \"X\"}",
    "{\"name\": \"\", \"language\": \"en\", \"address\": {\"streetAddress\": \"a\", \"postalCode\": \"1\", \"city\": \"c\", \"countryCode\": \"US\"}, \"contactPersons\": [{\"firstName\": \"a\", \"lastName\": \"b\", \"email\": \"a@b.c\", \"phoneNumber\": \"1\"}]}",
    "{\"name\": \"X\", \"language\": \"en\", \"address\": {\"streetAddress\": \"a\", \"postalCode\": \"1\", \"city\": \"c\", \"countryCode\": \"USA\"}, \"contactPersons\": [{\"firstName\": \"a\", \"lastName\": \"b\", \"email\": \"a@b.c\", \"phoneNumber\": \"1\"}]}",
    "{\"name\": \"X\", \"language\": \"en\", \"address\": {\"postalCode\": \"1\", \"city\": \"c\", \"countryCode\": \"US\"}, \"contactPersons\": [{\"firstName\": \"a\", \"lastName\": \"b\", \"email\": \"a@b.c\", \"phoneNumber\": \"1\"}]}",
    "{\"name\": \"X\", \"language\": \"en\", \"address\": {\"streetAddress\": \"a\", \"postalCode\": \"1\", \"city\": \"c\", \"countryCode\": \"US\"}, \"contactPersons\": []}",
    "{\"name\": \"X\", \"language\": \"en\", \"address\": {\"streetAddress\": \"a\", \"postalCode\": \"1\", \"city\": \"c\", \"countryCode\": \"US\"}, \"contactPersons\": [{\"firstName\": \"a\", \"lastName\": \"b\", \"email\": \"not-an-email\", \"phoneNumber\": \"1\"}]}",
    "{\"name\": \"X\", \"language\": \"en\", \"address\": {\"streetAddress\": \"a\", \"postalCode\": \"1\", \"city\": \"c\", \"countryCode\": \"US\"}, \"contactPersons\": [{\"firstName\": \"a\", \"lastName\": \"b\", \"email\": \"a@b.c\"}]}",
    "{\"name\": \"X\", \"language\": \"en\", \"address\": {\"streetAddress\": \"a\", \"postalCode\": \"1\", \"city\": \"c\", \"countryCode\": \"US\"}, \"contactPersons\": [{\"type\": \"boss\", \"firstName\": \"a\", \"lastName\": \"b\", \"email\": \"a@b.c\", \"phoneNumber\": \"1\"}]}",
    "{\"name\": \"X\", \"language\": \"en\", \"address\": {\"streetAddress\": \"a\", \"postalCode\": \"1\", \"city\": \"c\", \"countryCode\": \"US\"}, \"contactPersons\": [{\"type\": \"billing\", \"firstName\": \"a\", \"lastName\": \"b\", \"email\": \"a@b.c\", \"phoneNumber\": \"1\", \"login\": \"x-login\", \"password\": \"long-enough\"}]}",
    "{\"name\": [\"X\"], \"language\": \"en\"}",
    "{\"name\": \"X\", \"language\": 1, \"address\": {}, \"contactPersons\": []}",
    "{\"name\": \"X\", \"language\": \"en\", \"address\": \"Main street\", \"contactPersons\": []}",
    "[1, 2]",
    "null",
    "{\"name\": \"X\"",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(MpTestResponse) r = send_json ("POST", "/customers", reseller_token, bad[i]);

      if (r->status != 400)
        g_printerr ("case %u: %s\n", i, bad[i]);
      mp_test_assert_error (r, 400);
    }
  /* customers cannot create customers */
  {
    g_autoptr(MpTestResponse) r = send_json ("POST", "/customers", acme_token, NEW_CUSTOMER);

    mp_test_assert_error (r, 403);
  }
}

/* Subscriptions */

static gboolean
renewal_in_list (MpTestResponse *r,
                 const char     *id)
{
  JsonArray *data = data_of (r);
  guint i;

  for (i = 0; i < json_array_get_length (data); i++)
    {
      JsonObject *s = json_array_get_object_element (data, i);

      if (g_strcmp0 (json_object_get_string_member (s, "id"), id) == 0)
        return json_object_get_boolean_member (s, "renewalStatus");
    }
  g_assert_not_reached ();
  return FALSE;
}

static void
test_subscriptions (void)
{
  g_autoptr(MpTestResponse) r = get ("/subscriptions?limit=100", reseller_token);
  JsonArray *data;
  guint i;

  g_assert_cmpuint (r->status, ==, 200);
  data = data_of (r);
  g_assert_cmpuint (json_array_get_length (data), >=, 6);
  /* newest first */
  for (i = 1; i < json_array_get_length (data); i++)
    g_assert_cmpint (g_ascii_strtoll (json_object_get_string_member (json_array_get_object_element (data, i - 1), "id"), NULL, 10),
                     >, g_ascii_strtoll (json_object_get_string_member (json_array_get_object_element (data, i), "id"), NULL, 10));

  /* Extension: each list row carries the resource lines and totals of its
   * detailed answer, the same to the cent; and the total is the sum of the
   * lines' billable units at their unit prices. */
  for (i = 0; i < json_array_get_length (data); i++)
    {
      JsonObject *row = json_array_get_object_element (data, i);
      g_autofree char *path = g_strconcat ("/subscriptions/", json_object_get_string_member (row, "id"), NULL);
      g_autoptr(MpTestResponse) detail = get (path, reseller_token);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *row_products = NULL;
      g_autofree char *detail_products = NULL;
      JsonArray *products = json_object_get_array_member (row, "products");
      double sum = 0;

      g_assert_nonnull (products);
      json_generator_set_root (generator, json_object_get_member (row, "products"));
      row_products = json_generator_to_data (generator, NULL);
      json_generator_set_root (generator, json_object_get_member (mp_test_object (detail), "products"));
      detail_products = json_generator_to_data (generator, NULL);
      g_assert_cmpstr (row_products, ==, detail_products);
      g_assert_cmpstr (mp_test_string (mp_test_object (detail), "totalPrice.amount"), ==,
                       json_object_get_string_member (json_object_get_object_member (row, "totalPrice"), "amount"));
      for (guint j = 0; j < json_array_get_length (products); j++)
        {
          JsonObject *line = json_array_get_object_element (products, j);
          gint64 billable = MAX (0, json_object_get_int_member (line, "quantity")
                                    - json_object_get_int_member (line, "includedQuantity"));

          sum += billable * g_ascii_strtod (json_object_get_string_member (json_object_get_object_member (line, "unitPrice"), "amount"), NULL);
        }
      g_assert_cmpfloat_with_epsilon (sum, g_ascii_strtod (json_object_get_string_member (json_object_get_object_member (row, "totalPrice"), "amount"), NULL), 0.005);
    }
  g_clear_pointer (&r, mp_test_response_free);

  r = get ("/subscriptions?customerId=1000001", reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), >=, 3);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/subscriptions?status=terminated", reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 0);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/subscriptions?creationDateFrom=2000-01-01&creationDateTo=2000-12-31", reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 0);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/subscriptions?creationDateFrom=2000-01-01", reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), >=, 6);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/subscriptions?creationDateFrom=yesterday", reseller_token);
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/subscriptions?status=happy", reseller_token);
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/subscriptions?customerId=abc", reseller_token);
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);

  /* detail with limits, usage, min/max */
  r = get ("/subscriptions/1000101", reseller_token);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "products.0.mpn"), ==, "IDS-C-USERS");
  g_assert_cmpint (mp_test_int (mp_test_object (r), "products.0.quantity"), ==, 50);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "products.0.usage"), ==, 42);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "products.0.minimumQuantity"), ==, 1);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "products.0.maximumQuantity"), ==, 250);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "planId"), ==, 101);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "subscriptionPeriod.type"), ==, "year");
  g_assert_true (mp_test_int (mp_test_object (r), "renewalStatus"));
  g_clear_pointer (&r, mp_test_response_free);

  /* renewal status */
  r = send_json ("PATCH", "/subscriptions/1000101", reseller_token, "{\"renewalStatus\": false}");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_false (mp_test_int (mp_test_object (r), "renewalStatus"));
  g_clear_pointer (&r, mp_test_response_free);
  r = send_json ("PATCH", "/subscriptions/1000101", acme_token, "{\"renewalStatus\": true}");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_true (mp_test_int (mp_test_object (r), "renewalStatus"));
  g_clear_pointer (&r, mp_test_response_free);
  /* lists are not served stale after a change */
  r = get ("/subscriptions?customerId=1000001&limit=100", reseller_token);
  g_assert_true (renewal_in_list (r, "1000101"));
  g_clear_pointer (&r, mp_test_response_free);
  r = send_json ("PATCH", "/subscriptions/1000101", reseller_token, "{\"renewalStatus\": false}");
  g_assert_cmpuint (r->status, ==, 200);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/subscriptions?customerId=1000001&limit=100", reseller_token);
  g_assert_false (renewal_in_list (r, "1000101"));
  g_clear_pointer (&r, mp_test_response_free);
  r = send_json ("PATCH", "/subscriptions/1000101", reseller_token, "{\"renewalStatus\": true}");
  g_clear_pointer (&r, mp_test_response_free);
  r = send_json ("PATCH", "/subscriptions/1000101", reseller_token, "{\"renewalStatus\": \"yes\"}");
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = send_json ("PATCH", "/subscriptions/1000101", reseller_token, "{}");
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/subscriptions/42", reseller_token);
  mp_test_assert_error (r, 404);
  g_clear_pointer (&r, mp_test_response_free);
  /* the UK subscription is not in the US marketplace */
  r = get ("/subscriptions/1000108", reseller_token);
  mp_test_assert_error (r, 404);
}

/* Malformed requests */

static void
test_malformed (void)
{
  g_autofree char *big = NULL;
  g_autofree char *deep = NULL;
  g_autofree char *u = url ("/orders");
  g_autofree char *authorization = g_strconcat ("Bearer ", reseller_token, NULL);
  g_autoptr(MpTestResponse) r = NULL;
  GString *s;
  int i;

  /* over 1 MiB */
  s = g_string_new ("{\"type\": \"sales\", \"poNumber\": \"");
  for (i = 0; i < 1100 * 1024; i++)
    g_string_append_c (s, 'x');
  g_string_append (s, "\"}");
  big = g_string_free (s, FALSE);
  r = mp_test_request_full (session, "POST", u, authorization, MP_DEMO_KEY, NULL, big, strlen (big), NULL);
  mp_test_assert_error (r, 413);
  g_clear_pointer (&r, mp_test_response_free);

  /* over 1 MiB, chunked: refused without keeping it all */
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", u);
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (g_strdup (big), strlen (big), g_free);
    g_autoptr(GBytes) answer = NULL;
    g_autoptr(GError) error = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Subscription-Key", MP_DEMO_KEY);
    soup_message_set_request_body (msg, "application/json", stream, -1);
    answer = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 413);
  }

  /* deep nesting */
  s = g_string_new (NULL);
  for (i = 0; i < 100000; i++)
    g_string_append_c (s, '[');
  deep = g_string_free (s, FALSE);
  r = mp_test_request_full (session, "POST", u, authorization, MP_DEMO_KEY, NULL, deep, strlen (deep), NULL);
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);

  /* not UTF-8, empty, not an object */
  r = mp_test_request_full (session, "POST", u, authorization, MP_DEMO_KEY, NULL, "{\"a\": \"\xff\"}", 10, NULL);
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = mp_test_request_full (session, "POST", u, authorization, MP_DEMO_KEY, NULL, "", 0, NULL);
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = send_json ("POST", "/orders", reseller_token, "\"sales\"");
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);

  /* paths and methods */
  r = get ("/nothing-here", reseller_token);
  mp_test_assert_error (r, 404);
  g_clear_pointer (&r, mp_test_response_free);
  r = send_json ("DELETE", "/orders", reseller_token, NULL);
  mp_test_assert_error (r, 405);
  g_clear_pointer (&r, mp_test_response_free);
  {
    g_autofree char *xx = g_strconcat (mp_test_server_get_url (server), "/marketplace/XX/plans", NULL);

    r = mp_test_request (session, "GET", xx, reseller_token, NULL, NULL);
    mp_test_assert_error (r, 404);
  }
}

static void
test_rate_limit (void)
{
  const char *args[] = { "--rate-limit", "5", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MpTestServer) limited = mp_test_server_start (args, &error);
  g_autofree char *u = NULL;
  int i, throttled = 0;

  g_assert_no_error (error);
  u = g_strconcat (mp_test_server_get_url (limited), "/marketplace/US/plans", NULL);
  for (i = 0; i < 20; i++)
    {
      g_autoptr(MpTestResponse) r = mp_test_request (session, "GET", u, "x", NULL, NULL);

      if (r->status == 429)
        {
          throttled++;
          mp_test_assert_error (r, 429);
          g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Retry-After"), ==, "1");
        }
    }
  g_assert_cmpint (throttled, >=, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = mp_test_server_start (NULL, &error);
  g_assert_no_error (error);
  session = soup_session_new ();
  base = mp_test_server_get_base_url (server, "US");
  reseller_token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");
  acme_token = mp_test_login (session, base, "acme-admin", "Demo-Customer-1");

  g_test_add_func ("/server/api/token", test_token);
  g_test_add_func ("/server/api/bearer", test_bearer);
  g_test_add_func ("/server/api/token-expiry", test_token_expiry);
  g_test_add_func ("/server/api/oauth", test_oauth);
  g_test_add_func ("/server/api/marketplaces", test_marketplaces);
  g_test_add_func ("/server/api/me", test_me);
  g_test_add_func ("/server/api/categories", test_categories);
  g_test_add_func ("/server/api/plans", test_plans);
  g_test_add_func ("/server/api/plan-idsync", test_plan_idsync);
  g_test_add_func ("/server/api/products", test_products);
  g_test_add_func ("/server/api/customers", test_customers);
  g_test_add_func ("/server/api/customer-validation", test_customer_validation);
  g_test_add_func ("/server/api/subscriptions", test_subscriptions);
  g_test_add_func ("/server/api/malformed", test_malformed);
  g_test_add_func ("/server/api/rate-limit", test_rate_limit);
  status = g_test_run ();

  g_free (reseller_token);
  g_free (acme_token);
  g_free (base);
  g_object_unref (session);
  mp_test_server_kill (server, SIGTERM);
  g_assert_true (mp_test_server_exited_cleanly (server));
  mp_test_server_free (server);
  return status;
}
