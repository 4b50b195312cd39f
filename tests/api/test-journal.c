/* test-journal.c: the local order journal, its file and what it records
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "mp-client-test-util.h"

static MpTestServer *shared_server;

static void
wait_loaded (MpJournal *journal)
{
  while (!mp_journal_get_loaded (journal) || mp_list_source_get_loading (MP_LIST_SOURCE (journal)))
    g_main_context_iteration (NULL, TRUE);
}

static void
flush (MpJournal *journal)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mp_journal_flush_async (journal, NULL, mp_test_store_result, &result);
  g_assert_true (mp_journal_flush_finish (journal, mp_test_wait (&result), &error));
  g_assert_no_error (error);
}

static char *
test_path (const char *name)
{
  return g_build_filename (g_get_user_data_dir (), "market-panel", "journal", name, NULL);
}

static MpJournalEntry *
placed_entry (const char *order_id,
              const char *number)
{
  MpJournalEntry *entry = mp_journal_entry_new (MP_JOURNAL_EVENT_PLACED);
  MpMoney unit, extended, total;

  mp_money_init (&unit, 1250, "USD");
  mp_money_init (&extended, 3750, "USD");
  mp_money_init (&total, 3750, "USD");
  mp_journal_entry_set_login (entry, "demo-reseller");
  mp_journal_entry_set_customer (entry, "1000001", "Acme");
  mp_journal_entry_set_order_type (entry, MP_ORDER_TYPE_SALES);
  mp_journal_entry_set_plan (entry, "101", "IDSync");
  mp_journal_entry_add_line (entry, "IDS-SEAT", "Seats", 3, &unit, &extended);
  mp_journal_entry_set_estimate (entry, &total);
  mp_journal_entry_set_order (entry, order_id, number);
  mp_journal_entry_set_status (entry, MP_ORDER_STATUS_SUBMITTED);
  mp_journal_entry_add_correlation_id (entry, "corr-place");
  return entry;
}

static MpJournalEntry *
status_entry (const char    *order_id,
              MpOrderStatus  status)
{
  MpJournalEntry *entry = mp_journal_entry_new (MP_JOURNAL_EVENT_STATUS);

  mp_journal_entry_set_order (entry, order_id, NULL);
  mp_journal_entry_set_status (entry, status);
  mp_journal_entry_add_correlation_id (entry, "corr-watch");
  return entry;
}

static char **
read_lines (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return g_strsplit (contents, "\n", -1);
}

/* Appended lines survive a "restart" (a new journal on the file), folded:
 * the later status updates the placement's row.
 */
static void
test_append_reload (void)
{
  g_autofree char *path = test_path ("reload.jsonl");
  g_autoptr(MpJournal) journal = mp_journal_new (path);
  g_autoptr(MpJournalEntry) placed = placed_entry ("5001", "SO000042");
  g_autoptr(MpJournalEntry) done = status_entry ("5001", MP_ORDER_STATUS_COMPLETED);
  g_autoptr(MpJournalEntry) again = placed_entry ("5001", "SO000099");
  g_autoptr(MpJournalEntry) failed = status_entry ("5001", MP_ORDER_STATUS_ERROR);
  g_autoptr(MpJournalEntry) row = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  struct stat st;

  wait_loaded (journal);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (journal)), ==, 0);
  mp_journal_append (journal, placed);
  /* In the rows at once, before the write. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (journal)), ==, 1);
  mp_journal_append (journal, done);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (journal)), ==, 1);
  g_assert_cmpint (mp_journal_entry_get_status (placed), ==, MP_ORDER_STATUS_COMPLETED);
  flush (journal);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  lines = read_lines (path);
  /* Two records, each on its own line, and the last one ended. */
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[2], ==, "");
  g_assert_nonnull (strstr (lines[0], "\"event\":\"placed\""));
  g_assert_nonnull (strstr (lines[1], "\"event\":\"status\""));
  g_clear_object (&journal);

  journal = mp_journal_new (path);
  wait_loaded (journal);
  g_assert_cmpuint (mp_journal_get_n_records (journal), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (journal)), ==, 1);
  row = g_list_model_get_item (G_LIST_MODEL (journal), 0);
  g_assert_true (row == mp_journal_lookup_order (journal, "5001"));
  g_assert_cmpint (mp_journal_entry_get_event (row), ==, MP_JOURNAL_EVENT_PLACED);
  g_assert_cmpstr (mp_journal_entry_get_order_number (row), ==, "SO000042");
  g_assert_cmpstr (mp_journal_entry_get_login (row), ==, "demo-reseller");
  g_assert_cmpstr (mp_journal_entry_get_customer_id (row), ==, "1000001");
  g_assert_cmpstr (mp_journal_entry_get_customer_name (row), ==, "Acme");
  g_assert_cmpstr (mp_journal_entry_get_plan_name (row), ==, "IDSync");
  g_assert_cmpint (mp_journal_entry_get_order_type (row), ==, MP_ORDER_TYPE_SALES);
  g_assert_cmpuint (mp_journal_entry_get_n_lines (row), ==, 1);
  g_assert_cmpstr (mp_journal_entry_get_line_mpn (row, 0), ==, "IDS-SEAT");
  g_assert_cmpint (mp_journal_entry_get_line_quantity (row, 0), ==, 3);
  g_assert_cmpint (mp_journal_entry_get_line_unit_price (row, 0)->minor, ==, 1250);
  g_assert_cmpint (mp_journal_entry_get_estimate (row)->minor, ==, 3 * 1250);
  g_assert_cmpstr (mp_journal_entry_get_estimate (row)->currency, ==, "USD");
  g_assert_cmpint (mp_journal_entry_get_status (row), ==, MP_ORDER_STATUS_COMPLETED);
  g_assert_cmpuint (g_strv_length ((GStrv) mp_journal_entry_get_correlation_ids (row)), ==, 2);
  g_assert_cmpstr (mp_journal_entry_get_correlation_ids (row)[0], ==, "corr-place");
  g_assert_cmpstr (mp_journal_entry_get_correlation_id (row), ==, "corr-watch");
  g_assert_true (g_date_time_compare (mp_journal_entry_get_updated (row), mp_journal_entry_get_time (row)) >= 0);

  /* The same order ID placed again (a demo marketplace started afresh):
   * later statuses go to the latest placement.
   */
  mp_journal_append (journal, again);
  mp_journal_append (journal, failed);
  g_assert_true (mp_journal_lookup_order (journal, "5001") == again);
  g_assert_cmpint (mp_journal_entry_get_status (again), ==, MP_ORDER_STATUS_ERROR);
  g_assert_cmpint (mp_journal_entry_get_status (row), ==, MP_ORDER_STATUS_COMPLETED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (journal)), ==, 2);
}

/* A torn last line (a crash in the middle of a write) is skipped, and the
 * next record starts on a line of its own.
 */
static void
test_torn_line (void)
{
  g_autofree char *path = test_path ("torn.jsonl");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(MpJournalEntry) first = placed_entry ("6001", "SO000060");
  g_autoptr(MpJournalEntry) second = placed_entry ("6002", "SO000061");
  g_autoptr(JsonNode) node = mp_journal_entry_to_json (first);
  g_autofree char *line = json_to_string (node, FALSE);
  g_autofree char *contents = g_strconcat (line, "\n", "{\"v\":1,\"event\":\"placed\",\"ti", NULL);
  g_autoptr(MpJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);

  journal = mp_journal_new (path);
  wait_loaded (journal);
  g_assert_no_error (mp_list_source_get_error (MP_LIST_SOURCE (journal)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (journal)), ==, 1);
  mp_journal_append (journal, second);
  flush (journal);
  g_clear_object (&journal);

  lines = read_lines (path);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_suffix (lines[1], "\"ti"));
  g_assert_nonnull (strstr (lines[2], "SO000061"));

  journal = mp_journal_new (path);
  wait_loaded (journal);
  g_assert_cmpuint (mp_journal_get_n_records (journal), ==, 2);
  g_assert_nonnull (mp_journal_lookup_order (journal, "6001"));
  g_assert_nonnull (mp_journal_lookup_order (journal, "6002"));
}

/* Lines appended just before the end of the process are on disk once
 * mp_journal_wait_written() returns, without the main loop running.
 */
static void
test_wait_written (void)
{
  g_autofree char *path = test_path ("exit.jsonl");
  g_autoptr(MpJournal) journal = mp_journal_new (path);
  g_auto(GStrv) lines = NULL;

  wait_loaded (journal);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 8000 + i);
      g_autoptr(MpJournalEntry) entry = placed_entry (id, NULL);

      mp_journal_append (journal, entry);
    }
  g_assert_true (mp_journal_wait_written (10000));
  lines = read_lines (path);
  g_assert_cmpuint (g_strv_length (lines), ==, 21);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("\"orderId\":\"%u\"", 8000 + i);

      g_assert_nonnull (strstr (lines[i], id));
    }
}

/* One file per account and marketplace; the demo's port is left out. */
static void
test_path_per_account (void)
{
  g_autofree char *a = mp_journal_build_path ("http://127.0.0.1:4010/marketplace/US", "US", "demo-reseller");
  g_autofree char *b = mp_journal_build_path ("http://127.0.0.1:5999/marketplace/US/", "us", "demo-reseller");
  g_autofree char *c = mp_journal_build_path ("http://127.0.0.1:4010/marketplace/US", "US", "acme-admin");
  g_autofree char *d = mp_journal_build_path ("http://127.0.0.1:4010/marketplace/EU", "EU", "demo-reseller");
  g_autofree char *e = mp_journal_build_path ("https://api.example.com:8443/marketplace/US", "US", "demo-reseller");
  g_autofree char *f = mp_journal_build_path ("https://api.example.com:9443/marketplace/US", "US", "demo-reseller");
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "market-panel", "journal", NULL);

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_cmpstr (a, !=, d);
  g_assert_cmpstr (e, !=, f);
  g_assert_true (g_str_has_prefix (a, folder));
  g_assert_true (g_str_has_suffix (a, ".jsonl"));
  g_assert_null (strstr (a, "demo-reseller"));
}

static void
append_placed_cb (MpPurchase *purchase,
                  MpOrder    *order,
                  MpJournal  *journal)
{
  g_autoptr(MpJournalEntry) entry = mp_journal_entry_new_placed (purchase, order);

  mp_journal_append (journal, entry);
}

static void
append_refused_cb (MpPurchase   *purchase,
                   const GError *error,
                   MpJournal    *journal)
{
  g_autoptr(MpJournalEntry) entry = mp_journal_entry_new_refused (purchase, error);

  mp_journal_append (journal, entry);
}

static void
wait_ready (MpPurchase *purchase)
{
  mp_purchase_estimate (purchase);
  while (mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_ESTIMATING)
    g_main_context_iteration (NULL, TRUE);
}

/* A real purchase with a client that holds a password and a subscription
 * key: the journal has the order, the estimate shown (checked against the
 * plan's unit prices), the final status and a refusal's correlation ID,
 * and neither secret.
 */
static void
test_purchase_no_secret (void)
{
  g_autoptr(MpClient) client = mp_test_login (shared_server, "demo-reseller", "Demo-Reseller-1");
  g_autofree char *path = mp_journal_build_path (mp_client_get_base_url (client), "US", "demo-reseller");
  g_autoptr(MpJournal) journal = mp_journal_new (path);
  g_autoptr(MpOrderDraft) draft = mp_test_customer_draft (client, "101", "1000001");
  g_autoptr(MpOrderDraft) bad_draft = mp_test_customer_draft (client, "101", "9999999");
  g_autoptr(MpPurchase) purchase = mp_purchase_new (client, draft);
  g_autoptr(MpPurchase) bad = mp_purchase_new (client, bad_draft);
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(MpJournalEntry) status = NULL;
  g_autoptr(MpJournalEntry) refused = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpOrder) none = NULL;
  g_autofree char *contents = NULL;
  MpJournalEntry *row;
  gint64 expected = mp_test_sales_due_now (draft);

  wait_loaded (journal);
  g_signal_connect (purchase, "placed", G_CALLBACK (append_placed_cb), journal);
  g_signal_connect (bad, "refused", G_CALLBACK (append_refused_cb), journal);
  g_signal_connect (bad, "placed", G_CALLBACK (append_placed_cb), journal);

  wait_ready (purchase);
  g_assert_cmpint (mp_purchase_get_state (purchase), ==, MP_PURCHASE_STATE_READY);
  order = mp_test_place_and_follow (client, purchase);
  g_assert_true (mp_order_get_final (order));
  status = mp_journal_entry_new_status (client, order);
  mp_journal_append (journal, status);

  mp_purchase_place_async (bad, NULL, mp_test_store_result, &result);
  none = mp_purchase_place_finish (bad, mp_test_wait (&result), &error);
  g_assert_null (none);
  g_assert_error (error, MP_CLIENT_ERROR, error->code);
  g_assert_nonnull (mp_client_error_get_correlation_id (error));
  flush (journal);

  g_assert_cmpuint (mp_journal_get_n_records (journal), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (journal)), ==, 2);
  row = mp_journal_lookup_order (journal, mp_order_get_id (order));
  g_assert_nonnull (row);
  g_assert_cmpstr (mp_journal_entry_get_order_number (row), ==, mp_order_get_order_number (order));
  g_assert_cmpstr (mp_journal_entry_get_login (row), ==, "demo-reseller");
  g_assert_cmpstr (mp_journal_entry_get_customer_id (row), ==, "1000001");
  g_assert_cmpstr (mp_journal_entry_get_plan_id (row), ==, "101");
  g_assert_cmpint (mp_journal_entry_get_estimate (row)->minor, ==, expected);
  g_assert_cmpuint (mp_journal_entry_get_n_lines (row), >, 0);
  g_assert_cmpint (mp_journal_entry_get_status (row), ==, mp_order_get_status (order));
  g_assert_true (mp_order_status_is_final (mp_journal_entry_get_status (row)));
  g_assert_nonnull (mp_journal_entry_get_correlation_id (row));

  refused = g_list_model_get_item (G_LIST_MODEL (journal), 0);
  g_assert_cmpint (mp_journal_entry_get_event (refused), ==, MP_JOURNAL_EVENT_REFUSED);
  g_assert_cmpstr (mp_journal_entry_get_message (refused), ==, error->message);
  g_assert_cmpstr (mp_journal_entry_get_correlation_id (refused), ==,
                   mp_client_error_get_correlation_id (error));
  g_assert_null (mp_journal_entry_get_order_id (refused));

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "Demo-Reseller-1"));
  g_assert_null (strstr (contents, "demo-subscription-key"));
  g_assert_null (strstr (contents, "Bearer"));
  g_assert_null (strstr (contents, "token"));
}

/* The journal folder of the test's own data folder, and the folder. */
static void
remove_data_dir (const char *data_dir)
{
  g_autofree char *market_panel = g_build_filename (data_dir, "market-panel", NULL);
  g_autofree char *folder = g_build_filename (market_panel, "journal", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (folder, name, NULL);

      g_remove (file);
    }
  g_rmdir (folder);
  g_rmdir (market_panel);
  g_rmdir (data_dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_dir = g_dir_make_tmp ("market-panel-journal-XXXXXX", NULL);
  int status;

  /* Before GLib reads it: the journals go to a folder of the test's own. */
  g_assert_nonnull (data_dir);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/journal/append-reload", test_append_reload);
  g_test_add_func ("/journal/torn-line", test_torn_line);
  g_test_add_func ("/journal/wait-written", test_wait_written);
  g_test_add_func ("/journal/path-per-account", test_path_per_account);
  g_test_add_func ("/journal/purchase-no-secret", test_purchase_no_secret);

  shared_server = mp_test_start_server (NULL, NULL);
  status = g_test_run ();
  g_clear_pointer (&shared_server, mp_test_server_free);
  remove_data_dir (data_dir);
  return status;
}
