/* test-plan-category.c: which periods a plan offers and the category tree,
 * on JSON fixtures (no server).
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-api.h"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static MpPeriod *
period (const char *json)
{
  g_autoptr(JsonObject) object = parse_object (json);
  g_autoptr(GError) error = NULL;
  MpPeriod *p = mp_period_new_from_json (object, &error);

  g_assert_no_error (error);
  return p;
}

static MpPlan *
load_plan (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "api", "fixtures", "plan.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  MpPlan *plan;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  plan = mp_plan_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  return plan;
}

/* plan.json sells for one month and for one year, nothing else. */
static void
test_plan_offers_period (void)
{
  g_autoptr(MpPlan) plan = load_plan ();
  g_autoptr(MpPeriod) month = period ("{\"type\": \"month\", \"duration\": 1}");
  g_autoptr(MpPeriod) year = period ("{\"type\": \"year\", \"duration\": 1}");
  g_autoptr(MpPeriod) three_months = period ("{\"type\": \"month\", \"duration\": 3}");
  g_autoptr(MpPeriod) two_years = period ("{\"type\": \"year\", \"duration\": 2}");
  g_autoptr(MpPeriod) day = period ("{\"type\": \"day\", \"duration\": 1}");

  g_assert_true (mp_plan_offers_period (plan, month));
  g_assert_true (mp_plan_offers_period (plan, year));
  g_assert_false (mp_plan_offers_period (plan, three_months));
  g_assert_false (mp_plan_offers_period (plan, two_years));
  g_assert_false (mp_plan_offers_period (plan, day));
}

/* A plan whose periods are missing offers none. */
static void
test_plan_offers_no_period (void)
{
  g_autoptr(JsonObject) object = parse_object ("{\"id\": \"7\", \"name\": \"Bare\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(MpPlan) plan = mp_plan_new_from_json (object, &error);
  g_autoptr(MpPeriod) month = period ("{\"type\": \"month\", \"duration\": 1}");

  g_assert_no_error (error);
  g_assert_false (mp_plan_offers_period (plan, month));
}

/* The tree as the catalogue lists it: Cloud Services > Cloud Management
 * Services > IDSync; Productivity beside it.
 */
static GHashTable *
catalogue_parents (void)
{
  static const char * const categories[] = {
    "{\"id\": \"1\", \"name\": \"Cloud Services\"}",
    "{\"id\": \"12\", \"name\": \"Cloud Management Services\", \"parentId\": \"1\"}",
    "{\"id\": \"121\", \"name\": \"IDSync\", \"parentId\": \"12\"}",
    "{\"id\": \"2\", \"name\": \"Productivity\"}",
    "{\"id\": \"21\", \"name\": \"Mail\", \"parentId\": \"2\"}",
  };
  GHashTable *parents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      g_autoptr(JsonObject) object = parse_object (categories[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(MpCategory) c = mp_category_new_from_json (object, &error);

      g_assert_no_error (error);
      if (mp_category_get_parent_id (c) != NULL)
        g_hash_table_insert (parents, g_strdup (mp_category_get_id (c)),
                             g_strdup (mp_category_get_parent_id (c)));
    }
  return parents;
}

static void
test_category_tree (void)
{
  g_autoptr(GHashTable) parents = catalogue_parents ();

  /* A category is in itself, its parent and every ancestor. */
  g_assert_true (mp_category_tree_contains (parents, "121", "121"));
  g_assert_true (mp_category_tree_contains (parents, "12", "121"));
  g_assert_true (mp_category_tree_contains (parents, "1", "121"));
  g_assert_true (mp_category_tree_contains (parents, "1", "12"));
  /* Not in its children, its siblings' branch, or an unknown one. */
  g_assert_false (mp_category_tree_contains (parents, "121", "12"));
  g_assert_false (mp_category_tree_contains (parents, "2", "121"));
  g_assert_false (mp_category_tree_contains (parents, "21", "2"));
  g_assert_false (mp_category_tree_contains (parents, "99", "121"));
  /* A category the catalogue does not list is only in itself. */
  g_assert_true (mp_category_tree_contains (parents, "77", "77"));
  g_assert_false (mp_category_tree_contains (parents, "1", "77"));
  /* A plan without a category is in none. */
  g_assert_false (mp_category_tree_contains (parents, "1", NULL));
}

/* A server that lists a loop (A's parent B, B's parent A) does not hang
 * the search.
 */
static void
test_category_tree_loop (void)
{
  g_autoptr(GHashTable) parents = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (parents, (gpointer) "a", (gpointer) "b");
  g_hash_table_insert (parents, (gpointer) "b", (gpointer) "a");
  g_assert_true (mp_category_tree_contains (parents, "b", "a"));
  g_assert_false (mp_category_tree_contains (parents, "c", "a"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/api/plan/offers-period", test_plan_offers_period);
  g_test_add_func ("/api/plan/offers-no-period", test_plan_offers_no_period);
  g_test_add_func ("/api/category/tree", test_category_tree);
  g_test_add_func ("/api/category/tree-loop", test_category_tree_loop);

  return g_test_run ();
}
