/* test-journal.c: the Activity Journal, fed by the real limits page
 * against the real demo server (issue 15 item 4)
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-journal-page.h"
#include "mp-limit-row.h"
#include "mp-limits-page.h"
#include "mp-subscription-page.h"
#include "mp-test-ui.h"

#define FABRIKAM_ID "1000102"   /* FAB-OS-USER 40 (37 in use), FAB-OS-ADDON 5 */
#define IDSYNC_ID   "1000101"   /* IDS-C-USERS 50 (42 in use) */
#define WOODGROVE_ID "1000103"  /* WGS-EP-DEVICE 40, yearly */

static MpLimitRow *
limit_row (GtkWidget  *page,
           const char *mpn)
{
  GtkWidget *list = child (page, "resources_list");

  for (GtkWidget *w = gtk_widget_get_first_child (list); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (MP_IS_LIMIT_ROW (w) && g_strcmp0 (mp_limit_row_get_mpn (MP_LIMIT_ROW (w)), mpn) == 0)
      return MP_LIMIT_ROW (w);
  return NULL;
}

static void
flush_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (mp_journal_flush_finish (MP_JOURNAL (object), result, NULL));
  *done = TRUE;
}

static void
flush (MpJournal *journal)
{
  gboolean done = FALSE;

  mp_journal_flush_async (journal, NULL, flush_cb, &done);
  MP_WAIT_UNTIL (done, TIMEOUT_MS);
}

/* Changes LIMIT of MPN on SUBSCRIPTION_ID's limits page and clicks OK once
 * the estimate is in; returns the page.
 */
static GtkWidget *
change_limit (Fixture    *fixture,
              const char *subscription_id,
              const char *mpn,
              gint64      limit)
{
  GtkWidget *page = mp_limits_page_new (fixture->session, subscription_id);

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "content") == 0, TIMEOUT_MS);
  mp_limit_row_set_value (limit_row (page, mpn), limit);
  MP_WAIT_UNTIL (gtk_widget_get_sensitive (child (page, "ok_button")), TIMEOUT_MS);
  return page;
}

/* An order placed on the limits page is journaled with its number, the
 * estimate shown (against the test's own prorated sum of the unit price)
 * and its final status; the Journal page lists, searches and opens it; a
 * new session of the account reads it back.
 */
static void
test_placed (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(MpSubscription) fabrikam = get_subscription (fixture, FABRIKAM_ID);
  gint64 expected = mp_test_ui_prorated_change (fabrikam, "FAB-OS-USER", 5);
  MpJournal *journal = mp_session_get_journal (fixture->session);
  g_autoptr(MpSession) again = NULL;
  GtkWidget *page;
  GtkWidget *journal_page;
  GListModel *shown;
  MpJournalEntry *entry;
  MpJournalEntry *reread;
  MpOrder *order;
  const char *order_id;
  g_autofree char *open = NULL;
  g_autofree char *estimate = NULL;

  guint n_before;
  guint rows_before;

  g_assert_nonnull (journal);
  MP_WAIT_UNTIL (mp_journal_get_loaded (journal), TIMEOUT_MS);
  /* The tests share one data folder: another test's entries may be in. */
  n_before = mp_journal_get_n_records (journal);
  rows_before = g_list_model_get_n_items (G_LIST_MODEL (journal));
  g_assert_null (mp_journal_lookup_order (journal, "no-such-order"));

  page = change_limit (fixture, FABRIKAM_ID, "FAB-OS-USER", 45);
  g_signal_emit_by_name (child (page, "ok_button"), "clicked");
  MP_WAIT_UNTIL (count_prefix (fixture, "open-order ") > 0, TIMEOUT_MS);
  order_id = last_parameter (fixture, "open-order");
  order = mp_session_lookup_order (fixture->session, order_id);
  g_assert_nonnull (order);

  /* Journaled at placement... */
  entry = mp_journal_lookup_order (journal, order_id);
  g_assert_nonnull (entry);
  g_assert_cmpint (mp_journal_entry_get_event (entry), ==, MP_JOURNAL_EVENT_PLACED);
  g_assert_cmpstr (mp_journal_entry_get_order_number (entry), ==, mp_order_get_order_number (order));
  g_assert_cmpstr (mp_journal_entry_get_login (entry), ==, CUSTOMER);
  g_assert_cmpstr (mp_journal_entry_get_subscription_id (entry), ==, FABRIKAM_ID);
  g_assert_cmpint (mp_journal_entry_get_order_type (entry), ==, MP_ORDER_TYPE_CHANGE);
  g_assert_nonnull (mp_journal_entry_get_estimate (entry));
  g_assert_cmpint (mp_journal_entry_get_estimate (entry)->minor, ==, expected);
  g_assert_cmpstr (mp_journal_entry_get_estimate (entry)->currency, ==, "USD");
  g_assert_cmpuint (mp_journal_entry_get_n_lines (entry), >=, 1);
  g_assert_nonnull (mp_journal_entry_get_correlation_id (entry));

  /* ... and again with its final status. */
  MP_WAIT_UNTIL (mp_order_get_final (order), TIMEOUT_MS);
  MP_WAIT_UNTIL (mp_journal_get_n_records (journal) == n_before + 2, TIMEOUT_MS);
  g_assert_cmpint (mp_journal_entry_get_status (entry), ==, MP_ORDER_STATUS_COMPLETED);
  /* Folded: one row for the placement and its status. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (journal)), ==, rows_before + 1);

  /* The Journal page: the row, the search, Enter. */
  journal_page = mp_journal_page_new (fixture->session);
  show_page (fixture, journal_page);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (journal_page), "list") == 0, TIMEOUT_MS);
  shown = column_model (journal_page);
  MP_WAIT_UNTIL (g_list_model_get_n_items (shown) == rows_before + 1, TIMEOUT_MS);
  estimate = mp_money_format (mp_journal_entry_get_estimate (entry));
  MP_WAIT_UNTIL (find_label (journal_page, mp_order_get_order_number (order)) != NULL, TIMEOUT_MS);
  g_assert_nonnull (find_label (journal_page, estimate));
  g_assert_nonnull (find_label (journal_page, "Completed"));
  g_assert_nonnull (find_label (journal_page, CUSTOMER));
  render (GTK_WIDGET (fixture->window), "journal.png");

  gtk_editable_set_text (GTK_EDITABLE (child (journal_page, "search_entry")), "no-such-order");
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (journal_page), "no-results") == 0, TIMEOUT_MS);
  gtk_editable_set_text (GTK_EDITABLE (child (journal_page, "search_entry")),
                         mp_journal_entry_get_correlation_ids (entry)[0]);
  MP_WAIT_UNTIL (g_list_model_get_n_items (shown) == 1, TIMEOUT_MS);
  g_assert_cmpstr (visible_name (journal_page), ==, "list");

  {
    g_autoptr(MpJournalEntry) first = g_list_model_get_item (shown, 0);

    g_assert_true (first == entry);
  }
  g_signal_emit_by_name (child (journal_page, "column_view"), "activate", 0);
  open = g_strdup_printf ("open-order %s", order_id);
  g_assert_cmpuint (count_prefix (fixture, "open-order "), ==, 2);
  g_assert_true (was_activated (fixture, open));

  /* A new session of the same account reads what the first wrote. */
  flush (journal);
  again = mp_session_new (fixture->client);
  g_assert_true (mp_session_get_journal (again) != journal);
  g_assert_cmpstr (mp_journal_get_path (mp_session_get_journal (again)), ==, mp_journal_get_path (journal));
  MP_WAIT_UNTIL (mp_journal_get_loaded (mp_session_get_journal (again)), TIMEOUT_MS);
  reread = mp_journal_lookup_order (mp_session_get_journal (again), order_id);
  g_assert_nonnull (reread);
  g_assert_true (reread != entry);
  g_assert_cmpstr (mp_journal_entry_get_order_number (reread), ==, mp_order_get_order_number (order));
  g_assert_cmpint (mp_journal_entry_get_estimate (reread)->minor, ==, expected);
  g_assert_cmpint (mp_journal_entry_get_status (reread), ==, MP_ORDER_STATUS_COMPLETED);
  mp_session_close (again);
}

/* The server refuses a second change order while one is open: the refusal
 * is journaled with the server's message and the correlation ID the page
 * shows.
 */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  MpJournal *journal = mp_session_get_journal (fixture->session);
  g_autoptr(MpOrder) sneaked = NULL;
  g_autoptr(MpJournalEntry) entry = NULL;
  GtkWidget *page;
  GtkWidget *journal_page;
  guint n_before;

  MP_WAIT_UNTIL (mp_journal_get_loaded (journal), TIMEOUT_MS);
  n_before = mp_journal_get_n_records (journal);
  page = change_limit (fixture, IDSYNC_ID, "IDS-C-USERS", 55);
  /* Another user's change order, after the page was loaded. */
  sneaked = mp_test_ui_place_change (fixture, IDSYNC_ID, "IDS-C-USERS", 51);
  g_assert_false (mp_order_get_final (sneaked));

  g_signal_emit_by_name (child (page, "ok_button"), "clicked");
  MP_WAIT_UNTIL (mp_journal_get_n_records (journal) == n_before + 1, TIMEOUT_MS);
  entry = g_list_model_get_item (G_LIST_MODEL (journal), 0);
  g_assert_cmpint (mp_journal_entry_get_event (entry), ==, MP_JOURNAL_EVENT_REFUSED);
  g_assert_null (mp_journal_entry_get_order_id (entry));
  g_assert_nonnull (mp_journal_entry_get_message (entry));
  g_assert_nonnull (mp_journal_entry_get_correlation_id (entry));
  g_assert_cmpstr (mp_journal_entry_get_subscription_id (entry), ==, IDSYNC_ID);
  /* The same reference as the page's error. */
  MP_WAIT_UNTIL (label_contains (page, mp_journal_entry_get_correlation_id (entry)), TIMEOUT_MS);
  g_assert_cmpuint (count_prefix (fixture, "open-order "), ==, 0);

  journal_page = mp_journal_page_new (fixture->session);
  show_page (fixture, journal_page);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (journal_page), "list") == 0, TIMEOUT_MS);
  MP_WAIT_UNTIL (find_label (journal_page, mp_journal_entry_get_correlation_id (entry)) != NULL, TIMEOUT_MS);
  g_assert_true (label_contains (journal_page, "Refused: "));
  render (GTK_WIDGET (fixture->window), "journal-refused.png");
  /* A refusal has no order to open. */
  g_signal_emit_by_name (child (journal_page, "column_view"), "activate", 0);
  g_assert_cmpuint (count_prefix (fixture, "open-order "), ==, 0);
}

/* A change scheduled for the renewal, then withdrawn with Cancel
 * Scheduled Change…: both are journaled, the withdrawal with the
 * placement's plan and buyer, the placement folded to Cancelled.
 */
static void
test_withdrawn (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(MpSubscription) woodgrove = get_subscription (fixture, WOODGROVE_ID);
  MpSubscriptionResource *devices = mp_subscription_find_resource (woodgrove, "WGS-EP-DEVICE");
  MpJournal *journal = mp_session_get_journal (fixture->session);
  g_autoptr(MpJournalEntry) withdrawn = NULL;
  MpJournalEntry *placed;
  GtkWidget *page;
  GtkWidget *details;
  AdwMessageDialog *dialog;
  const char *order_id;
  g_autofree char *expected_text = NULL;
  guint n_before;
  gint64 expected;

  g_assert_nonnull (devices);
  /* Three more devices for the whole next term, at the unit price. */
  expected = 3 * mp_subscription_resource_get_unit_price (devices)->minor;
  expected_text = mp_test_ui_format_cents (expected, "USD");
  MP_WAIT_UNTIL (mp_journal_get_loaded (journal), TIMEOUT_MS);
  n_before = mp_journal_get_n_records (journal);

  page = change_limit (fixture, WOODGROVE_ID, "WGS-EP-DEVICE", 43);
  gtk_widget_activate (child (page, "renewal_check"));
  MP_WAIT_UNTIL (gtk_check_button_get_active (child (page, "renewal_check")), TIMEOUT_MS);
  MP_WAIT_UNTIL (gtk_widget_get_sensitive (child (page, "ok_button")) &&
                 mp_test_ui_row_shows (child (page, "estimate_view"), "Added at Renewal", expected_text), TIMEOUT_MS);
  g_signal_emit_by_name (child (page, "ok_button"), "clicked");
  MP_WAIT_UNTIL (count_prefix (fixture, "open-order ") > 0, TIMEOUT_MS);
  order_id = last_parameter (fixture, "open-order");
  placed = mp_journal_lookup_order (journal, order_id);
  g_assert_nonnull (placed);
  g_assert_cmpint (mp_journal_entry_get_estimate (placed)->minor, ==, expected);

  details = mp_subscription_page_new (fixture->session, WOODGROVE_ID);
  show_page (fixture, details);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (details), "content") == 0, TIMEOUT_MS);
  MP_WAIT_UNTIL (gtk_widget_get_visible (child (details, "scheduled_group")), TIMEOUT_MS);
  g_signal_emit_by_name (child (details, "scheduled_cancel_button"), "clicked");
  MP_WAIT_UNTIL ((dialog = mp_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL, TIMEOUT_MS);
  click_response (dialog, "_Cancel Change");
  MP_WAIT_UNTIL (!gtk_widget_get_visible (child (details, "scheduled_group")), TIMEOUT_MS);

  /* Placed, cancelled (its status) and withdrawn. */
  MP_WAIT_UNTIL (mp_journal_get_n_records (journal) == n_before + 3, TIMEOUT_MS);
  withdrawn = g_list_model_get_item (G_LIST_MODEL (journal), 0);
  g_assert_cmpint (mp_journal_entry_get_event (withdrawn), ==, MP_JOURNAL_EVENT_WITHDRAWN);
  g_assert_cmpstr (mp_journal_entry_get_order_id (withdrawn), ==, order_id);
  g_assert_cmpstr (mp_journal_entry_get_order_number (withdrawn), ==, mp_journal_entry_get_order_number (placed));
  g_assert_cmpint (mp_journal_entry_get_status (withdrawn), ==, MP_ORDER_STATUS_CANCELLED);
  g_assert_nonnull (mp_journal_entry_get_correlation_id (withdrawn));
  g_assert_cmpstr (mp_journal_entry_get_plan_name (withdrawn), ==, mp_journal_entry_get_plan_name (placed));
  g_assert_cmpstr (mp_journal_entry_get_customer_name (withdrawn), ==, mp_journal_entry_get_customer_name (placed));
  g_assert_cmpint (mp_journal_entry_get_status (placed), ==, MP_ORDER_STATUS_CANCELLED);
}

static void
got_customer_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  MpCustomer **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = mp_client_get_customer_finish (MP_CLIENT (object), result, &error);
  g_assert_no_error (error);
}

/* A reseller's change for a customer: the row names the customer (looked
 * up after the placement and journaled as a later line), and the file
 * keeps the name for a new session.
 */
static void
test_customer_name (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(MpSubscription) fabrikam = get_subscription (fixture, FABRIKAM_ID);
  const char *customer_id = mp_subscription_get_customer_id (fabrikam);
  MpJournal *journal = mp_session_get_journal (fixture->session);
  g_autoptr(MpCustomer) customer = NULL;
  g_autoptr(MpSession) again = NULL;
  MpJournalEntry *entry;
  MpJournalEntry *reread;
  GtkWidget *page;
  const char *order_id;

  mp_client_get_customer_async (fixture->client, customer_id, NULL, got_customer_cb, &customer);
  MP_WAIT_UNTIL (customer != NULL, TIMEOUT_MS);
  MP_WAIT_UNTIL (mp_journal_get_loaded (journal), TIMEOUT_MS);

  page = change_limit (fixture, FABRIKAM_ID, "FAB-OS-USER", 41);
  g_signal_emit_by_name (child (page, "ok_button"), "clicked");
  MP_WAIT_UNTIL (count_prefix (fixture, "open-order ") > 0, TIMEOUT_MS);
  order_id = last_parameter (fixture, "open-order");
  entry = mp_journal_lookup_order (journal, order_id);
  g_assert_nonnull (entry);
  g_assert_cmpstr (mp_journal_entry_get_login (entry), ==, RESELLER);
  g_assert_cmpstr (mp_journal_entry_get_customer_id (entry), ==, customer_id);
  MP_WAIT_UNTIL (mp_journal_entry_get_customer_name (entry) != NULL, TIMEOUT_MS);
  g_assert_cmpstr (mp_journal_entry_get_customer_name (entry), ==, mp_customer_get_name (customer));

  flush (mp_session_get_journal (fixture->session));
  again = mp_session_new (fixture->client);
  MP_WAIT_UNTIL (mp_journal_get_loaded (mp_session_get_journal (again)), TIMEOUT_MS);
  reread = mp_journal_lookup_order (mp_session_get_journal (again), order_id);
  g_assert_nonnull (reread);
  g_assert_cmpstr (mp_journal_entry_get_customer_name (reread), ==, mp_customer_get_name (customer));
  mp_session_close (again);
}

/* A purchase for the account itself (no customer): the Customer column
 * names the account, not a dash. */
static void
test_own_purchase (Fixture       *fixture,
                   gconstpointer  data)
{
  MpJournal *journal = mp_session_get_journal (fixture->session);
  const char *account = mp_account_get_name (mp_session_get_account (fixture->session));
  g_autoptr(MpJournalEntry) entry = mp_journal_entry_new (MP_JOURNAL_EVENT_PLACED);
  GtkWidget *page;

  g_assert_nonnull (account);
  MP_WAIT_UNTIL (mp_journal_get_loaded (journal), TIMEOUT_MS);
  mp_journal_entry_set_login (entry, RESELLER);
  mp_journal_entry_set_order_type (entry, MP_ORDER_TYPE_SALES);
  mp_journal_entry_set_plan (entry, "100", "IDSync - Connector for Resellers");
  mp_journal_entry_set_order (entry, "own-order-1", "SO-OWN-1");
  mp_journal_append (journal, entry);

  page = mp_journal_page_new (fixture->session);
  show_page (fixture, page);
  MP_WAIT_UNTIL (find_label (page, "SO-OWN-1") != NULL, TIMEOUT_MS);
  g_assert_nonnull (find_label (page, account));
  render (GTK_WIDGET (fixture->window), "journal-own.png");
}

int
main (int   argc,
      char *argv[])
{
  static const char * const slow_steps[] = { "--provision-step-ms", "400", NULL };
  static const char * const very_slow_steps[] = { "--provision-step-ms", "5000", NULL };

  if (!mp_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/pages/journal/placed", Fixture, slow_steps, setup_customer, test_placed, teardown);
  g_test_add ("/pages/journal/customer-name", Fixture, NULL, setup_reseller, test_customer_name, teardown);
  g_test_add ("/pages/journal/own-purchase", Fixture, NULL, setup_reseller, test_own_purchase, teardown);
  g_test_add ("/pages/journal/withdrawn", Fixture, NULL, setup_customer, test_withdrawn, teardown);
  g_test_add ("/pages/journal/refused", Fixture, very_slow_steps, setup_customer, test_refused, teardown);

  return g_test_run ();
}
