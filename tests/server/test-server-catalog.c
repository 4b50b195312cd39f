/* test-server-catalog.c: the demo catalogue, as the API shows it
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "mp-server-test-util.h"

static MpTestServer *server;
static SoupSession *session;

static MpTestResponse *
get (const char *marketplace,
     const char *token,
     const char *path)
{
  g_autofree char *base = mp_test_server_get_base_url (server, marketplace);
  g_autofree char *u = g_strconcat (base, path, NULL);

  return mp_test_request (session, "GET", u, token, NULL, NULL);
}

/* Every plan is complete, in every marketplace's currency. */
static void
test_plans_complete (void)
{
  const char *markets[] = { "US", "UK", "DE" };
  const char *currencies[] = { "USD", "GBP", "EUR" };
  guint m;

  for (m = 0; m < G_N_ELEMENTS (markets); m++)
    {
      g_autofree char *base = mp_test_server_get_base_url (server, markets[m]);
      g_autofree char *token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");
      g_autoptr(MpTestResponse) r = get (markets[m], token, "/plans?limit=1000");
      g_autoptr(GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
      JsonArray *plans = json_object_get_array_member (mp_test_object (r), "data");
      guint i, j, k;
      gboolean failing = FALSE;

      /* The failing plan says so, in the marketplace's language. */
      const char *fails = m < 2 ? "provisioning fails in the demo" : "Bereitstellung schlägt in der Demo fehl";

      g_assert_cmpuint (json_array_get_length (plans), >=, 22);
      for (i = 0; i < json_array_get_length (plans); i++)
        {
          JsonObject *plan = json_array_get_object_element (plans, i);
          JsonArray *products = json_object_get_array_member (plan, "products");
          JsonArray *periods = json_object_get_array_member (plan, "subscriptionPeriods");
          JsonArray *terms = json_object_get_array_member (plan, "termsAndConditions");

          g_hash_table_add (categories, (gpointer) mp_test_string (plan, "category.id"));
          g_assert_cmpuint (json_array_get_length (products), >=, 1);
          g_assert_cmpuint (json_array_get_length (periods), >=, 1);
          g_assert_cmpuint (json_array_get_length (terms), >=, 1);
          g_assert_nonnull (mp_test_string (plan, "shortDescription"));
          if (strstr (mp_test_string (plan, "name"), fails) != NULL)
            failing = TRUE;
          for (j = 0; j < json_array_get_length (products); j++)
            {
              JsonObject *product = json_array_get_object_element (products, j);
              JsonArray *prices = json_object_get_array_member (product, "prices");

              g_assert_cmpint (mp_test_int (product, "minimumQuantity"), <=, mp_test_int (product, "maximumQuantity"));
              /* a price for every period the plan offers */
              g_assert_cmpuint (json_array_get_length (prices), ==, json_array_get_length (periods));
              for (k = 0; k < json_array_get_length (prices); k++)
                {
                  JsonObject *price = json_array_get_object_element (prices, k);

                  g_assert_cmpstr (mp_test_string (price, "recurring.currency"), ==, currencies[m]);
                  g_assert_cmpstr (mp_test_string (price, "setup.currency"), ==, currencies[m]);
                  g_assert_nonnull (strchr (mp_test_string (price, "recurring.amount"), '.'));
                }
            }
        }
      g_assert_cmpuint (g_hash_table_size (categories), >=, 6);
      g_assert_true (failing);
    }
}

/* IDSync as the design describes it. */
static void
test_idsync (void)
{
  g_autofree char *base = mp_test_server_get_base_url (server, "US");
  g_autofree char *token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");
  const char *ids[] = { "/plans/100", "/plans/101" };
  const char *names[] = { "IDSync - Connector for Resellers", "IDSync - Connector for Customer" };
  const char *audiences[] = { "reseller", "customer" };
  const char *categories[] = { "Cloud Management Services", "Cloud Enablement Services" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(MpTestResponse) r = get ("US", token, ids[i]);
      JsonObject *plan = mp_test_object (r);

      g_assert_cmpstr (mp_test_string (plan, "name"), ==, names[i]);
      g_assert_cmpstr (mp_test_string (plan, "audience"), ==, audiences[i]);
      g_assert_cmpstr (mp_test_string (plan, "category.name"), ==, categories[i]);
      g_assert_cmpstr (mp_test_string (plan, "subscriptionPeriods.0.type"), ==, "month");
      g_assert_cmpint (mp_test_int (plan, "subscriptionPeriods.0.duration"), ==, 1);
      g_assert_cmpstr (mp_test_string (plan, "subscriptionPeriods.1.type"), ==, "year");
      g_assert_cmpstr (mp_test_string (plan, "resourceCategories.0.name"), ==, "IDSync - Users");
      g_assert_cmpstr (mp_test_string (plan, "resourceCategories.1.name"), ==, "IDSync - Autotask Billing");
      g_assert_cmpstr (mp_test_string (plan, "resourceCategories.2.name"), ==, "IDSync - ConnectWise Billing");
      g_assert_cmpstr (mp_test_string (plan, "products.1.name"), ==, "IDSync Autotask Billing Integration");
      g_assert_cmpstr (mp_test_string (plan, "products.2.name"), ==, "IDSync Autotask QuickStart");
      g_assert_true (mp_test_int (plan, "products.2.oneTime"));
      g_assert_cmpstr (mp_test_string (plan, "products.3.name"), ==, "IDSync ConnectWise Billing Integration");
      g_assert_cmpstr (mp_test_string (plan, "products.4.name"), ==, "IDSync ConnectWise QuickStart");
      g_assert_cmpstr (mp_test_string (plan, "products.4.resourceCategory.name"), ==, "IDSync - ConnectWise Billing");
      g_assert_cmpint (mp_test_int (plan, "products.0.minimumQuantity"), >=, 1);
      g_assert_cmpint (mp_test_int (plan, "products.0.maximumQuantity"), >, 1);
    }
}

/* The catalogue file, as the server was seeded from it. */
static JsonObject *
load_catalogue (JsonParser *parser)
{
  g_autofree char *path = g_build_filename (g_getenv ("MP_SOURCE_DIR"), "data", "catalog",
                                            "demo-catalog.json", NULL);
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* TEXT of OBJECT in LANGUAGE as the catalogue file has it: its
 * "translations", else the catalogue's own (English) member.
 */
static const char *
catalogue_text (JsonObject *object,
                const char *language,
                const char *member)
{
  JsonObject *translations = json_object_get_object_member (object, "translations");

  if (translations != NULL && json_object_has_member (translations, language))
    {
      JsonObject *fields = json_object_get_object_member (translations, language);

      if (json_object_has_member (fields, member))
        return json_object_get_string_member (fields, member);
    }
  return json_object_get_string_member (object, member);
}

static JsonObject *
find_by (JsonArray  *array,
         const char *member,
         const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (o, member), value) == 0)
        return o;
    }
  g_error ("No %s “%s” in the catalogue", member, value);
  return NULL;
}

/* The DE marketplace answers in German (its language in the catalogue),
 * US and UK in English: plans, products, categories, resource categories and
 * terms, every one as the catalogue file has it. Plain strings, as
 * SimpleAPI has them.
 */
static void
test_languages (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *catalogue = load_catalogue (parser);
  JsonArray *markets = json_object_get_array_member (catalogue, "marketplaces");
  JsonArray *plans = json_object_get_array_member (catalogue, "plans");
  JsonArray *categories = json_object_get_array_member (catalogue, "categories");
  JsonArray *resource_categories = json_object_get_array_member (catalogue, "resourceCategories");
  JsonArray *terms = json_object_get_array_member (catalogue, "terms");
  guint german = 0;

  for (guint m = 0; m < json_array_get_length (markets); m++)
    {
      JsonObject *market = json_array_get_object_element (markets, m);
      const char *code = json_object_get_string_member (market, "code");
      const char *language = json_object_get_string_member (market, "language");
      g_autofree char *base = mp_test_server_get_base_url (server, code);
      g_autofree char *token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");
      g_autoptr(MpTestResponse) r = get (code, token, "/plans?limit=1000");
      g_autoptr(MpTestResponse) c = get (code, token, "/categories?limit=1000");
      JsonArray *answer = json_object_get_array_member (mp_test_object (r), "data");
      JsonArray *answer_categories = json_object_get_array_member (mp_test_object (c), "data");

      g_assert_cmpuint (json_array_get_length (answer), ==, json_array_get_length (plans));
      for (guint i = 0; i < json_array_get_length (answer); i++)
        {
          JsonObject *got = json_array_get_object_element (answer, i);
          JsonObject *want = find_by (plans, "id", mp_test_string (got, "id"));
          g_autofree char *path = g_strconcat ("/plans/", mp_test_string (got, "id"), NULL);
          g_autoptr(MpTestResponse) d = get (code, token, path);
          JsonObject *detail = mp_test_object (d);
          JsonArray *products = json_object_get_array_member (detail, "products");
          JsonArray *plan_terms = json_object_get_array_member (detail, "termsAndConditions");
          JsonArray *plan_rcs = json_object_get_array_member (detail, "resourceCategories");

          g_assert_cmpstr (mp_test_string (got, "name"), ==, catalogue_text (want, language, "name"));
          g_assert_cmpstr (mp_test_string (got, "shortDescription"), ==,
                           catalogue_text (want, language, "shortDescription"));
          g_assert_cmpstr (mp_test_string (detail, "category.name"), ==,
                           catalogue_text (find_by (categories, "id", mp_test_string (detail, "category.id")),
                                           language, "name"));
          for (guint j = 0; j < json_array_get_length (products); j++)
            {
              JsonObject *product = json_array_get_object_element (products, j);
              JsonObject *want_product = find_by (json_object_get_array_member (want, "products"), "mpn",
                                                  mp_test_string (product, "mpn"));

              g_assert_cmpstr (mp_test_string (product, "name"), ==,
                               catalogue_text (want_product, language, "name"));
            }
          for (guint j = 0; j < json_array_get_length (plan_terms); j++)
            {
              JsonObject *term = json_array_get_object_element (plan_terms, j);
              JsonObject *want_term = find_by (terms, "id", mp_test_string (term, "id"));

              g_assert_cmpstr (mp_test_string (term, "name"), ==, catalogue_text (want_term, language, "name"));
              g_assert_cmpstr (mp_test_string (term, "text"), ==, catalogue_text (want_term, language, "text"));
            }
          for (guint j = 0; j < json_array_get_length (plan_rcs); j++)
            {
              JsonObject *rc = json_array_get_object_element (plan_rcs, j);
              JsonObject *want_rc = find_by (resource_categories, "id", mp_test_string (rc, "id"));

              g_assert_cmpstr (mp_test_string (rc, "name"), ==, catalogue_text (want_rc, language, "name"));
            }
          if (g_strcmp0 (language, "de") == 0
              && g_strcmp0 (mp_test_string (got, "name"), json_object_get_string_member (want, "name")) != 0)
            german++;
        }
      for (guint i = 0; i < json_array_get_length (answer_categories); i++)
        {
          JsonObject *got = json_array_get_object_element (answer_categories, i);
          JsonObject *want = find_by (categories, "id", mp_test_string (got, "id"));

          g_assert_cmpstr (mp_test_string (got, "name"), ==, catalogue_text (want, language, "name"));
          g_assert_cmpstr (mp_test_string (got, "description"), ==, catalogue_text (want, language, "description"));
        }
    }

  /* The DE marketplace is German, not English with a German flag: */
  {
    g_autofree char *base = mp_test_server_get_base_url (server, "DE");
    g_autofree char *token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");
    g_autoptr(MpTestResponse) r = get ("DE", token, "/plans/100");
    g_autoptr(MpTestResponse) c = get ("DE", token, "/categories?limit=1000");
    g_autoptr(MpTestResponse) s = get ("DE", token, "/plans?search=Wiederverk%C3%A4ufer");

    g_assert_cmpstr (mp_test_string (mp_test_object (r), "name"), ==, "IDSync - Connector für Wiederverkäufer");
    g_assert_cmpstr (mp_test_string (mp_test_object (r), "category.name"), ==, "Cloud-Management-Dienste");
    g_assert_cmpstr (mp_test_string (mp_test_object (r), "products.0.name"), ==, "IDSync-Benutzer");
    g_assert_cmpstr (mp_test_string (mp_test_object (c), "data.0.name"), ==, "Cloud-Dienste");
    /* search finds the German text */
    g_assert_cmpint (mp_test_int (mp_test_object (s), "pagination.total"), ==, 1);
    g_assert_cmpstr (mp_test_string (mp_test_object (s), "data.0.id"), ==, "100");
  }
  g_assert_cmpuint (german, >=, 20);
}

/* The demo accounts log in on every marketplace, with their data. */
static void
test_accounts (void)
{
  static const struct { const char *login, *password, *type, *name; gint64 subscriptions; } accounts[] = {
    { "demo-reseller", "Demo-Reseller-1", "reseller", "Northwind Cloud Reseller", 7 },
    { "acme-admin", "Demo-Customer-1", "customer", "Acme Corporation", 3 },
    { "globex-admin", "Demo-Customer-2", "customer", "Globex Inc.", 2 },
    { "initech-admin", "Demo-Customer-3", "customer", "Initech LLC", 1 },
    { "other-reseller", "Demo-Reseller-2", "reseller", "Contoso Partners", 1 },
    { "umbrella-admin", "Demo-Customer-4", "customer", "Umbrella Ltd", 1 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      g_autofree char *base = mp_test_server_get_base_url (server, "US");
      g_autofree char *uk = mp_test_server_get_base_url (server, "UK");
      g_autofree char *token = mp_test_login (session, base, accounts[i].login, accounts[i].password);
      g_autofree char *uk_token = mp_test_login (session, uk, accounts[i].login, accounts[i].password);
      g_autoptr(MpTestResponse) me = get ("US", token, "/me");
      g_autoptr(MpTestResponse) subs = get ("US", token, "/subscriptions?limit=1");
      g_autoptr(MpTestResponse) orders = get ("US", token, "/orders?limit=1");

      g_assert_nonnull (uk_token);
      g_assert_cmpstr (mp_test_string (mp_test_object (me), "type"), ==, accounts[i].type);
      g_assert_cmpstr (mp_test_string (mp_test_object (me), "name"), ==, accounts[i].name);
      g_assert_cmpint (mp_test_int (mp_test_object (subs), "pagination.total"), ==, accounts[i].subscriptions);
      g_assert_cmpint (mp_test_int (mp_test_object (orders), "pagination.total"), >=, 1);
    }
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
  g_test_add_func ("/server/catalog/plans-complete", test_plans_complete);
  g_test_add_func ("/server/catalog/idsync", test_idsync);
  g_test_add_func ("/server/catalog/accounts", test_accounts);
  g_test_add_func ("/server/catalog/languages", test_languages);
  status = g_test_run ();
  g_object_unref (session);
  mp_test_server_free (server);
  return status;
}
