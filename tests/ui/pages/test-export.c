/* test-export.c: Export… of the lists to CSV, against the real server
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "mp-api.h"
#include "mp-customers-page.h"
#include "mp-list-export.h"
#include "mp-list-page.h"
#include "mp-orders-page.h"
#include "mp-renewals-page.h"
#include "mp-subscriptions-page.h"
#include "mp-test-csv.h"
#include "mp-test-ui.h"

/* Helpers */

/* A German user (de_DE.UTF-8: decimal commas on screen) of the US
 * marketplace. The locale must exist (build-aux/install-deps makes it).
 */
static void
setup_german (Fixture       *fixture,
              gconstpointer  data)
{
  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    g_error ("The locale de_DE.UTF-8 is not installed: run build-aux/install-deps");
  mp_test_ui_setup_reseller (fixture, data);
}

static void
teardown_german (Fixture       *fixture,
                 gconstpointer  data)
{
  teardown (fixture, data);
  setlocale (LC_ALL, "C.UTF-8");
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  mp_list_page_export_finish (MP_LIST_PAGE (object), result, &wait->error);
  wait->done = TRUE;
}

static char *
temp_path (const char *name)
{
  g_autofree char *dir = g_dir_make_tmp ("mp-test-export-XXXXXX", NULL);

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

/* Exports PAGE to PATH and reads the file back: its rows (the header first). */
static GPtrArray *
export_page (GtkWidget  *page,
             const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  Wait wait = { NULL, NULL, FALSE };

  mp_list_page_export_async (MP_LIST_PAGE (page), file, NULL, export_cb, &wait);
  MP_WAIT_UNTIL (wait.done, TIMEOUT_MS);
  g_assert_no_error (wait.error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (contents, -1, NULL));
  return mp_test_csv_parse (contents);
}

static void
wait_shown_settled (GtkWidget *page)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (column_model (page));
  /* The filter (at once) sits above the sort (in steps). */
  MpFilteredList *filtered = MP_FILTERED_LIST (gtk_single_selection_get_model (selection));
  GtkSortListModel *sort_model = GTK_SORT_LIST_MODEL (mp_filtered_list_get_model (filtered));

  MP_WAIT_UNTIL (gtk_sort_list_model_get_pending (sort_model) == 0, TIMEOUT_MS);
}

/* The monthly price of a subscription from its lines' unit prices, as
 * docs/api.md defines it: (quantity - included) x unit price, recurring
 * lines only.
 */
static gint64
price_from_unit_prices (MpSubscription *subscription,
                        const char    **currency)
{
  GListModel *resources = mp_subscription_get_resources (subscription);
  gint64 sum = 0;

  for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(MpSubscriptionResource) r = g_list_model_get_item (resources, i);

      if (mp_subscription_resource_get_one_time (r))
        continue;
      sum += MAX (0, mp_subscription_resource_get_quantity (r) - mp_subscription_resource_get_included (r)) *
             mp_subscription_resource_get_unit_price (r)->minor;
      *currency = mp_subscription_resource_get_unit_price (r)->currency;
    }
  return sum;
}

static gint64
seats_from_lines (MpSubscription *subscription)
{
  GListModel *resources = mp_subscription_get_resources (subscription);
  gint64 seats = 0;

  for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(MpSubscriptionResource) r = g_list_model_get_item (resources, i);

      if (!mp_subscription_resource_get_one_time (r))
        seats += mp_subscription_resource_get_quantity (r);
    }
  return seats;
}

static gboolean
matches (MpSubscription *subscription,
         const char     *folded)
{
  const char *fields[] = {
    mp_subscription_get_name (subscription),
    mp_subscription_get_plan_name (subscription),
    mp_subscription_get_id (subscription),
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *text = fields[i] != NULL ? g_utf8_casefold (fields[i], -1) : NULL;

      if (text != NULL && strstr (text, folded) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Tests */

/* Subscriptions searched for "fabrikam" and sorted by price, highest
 * first, under the German locale: the file has exactly those rows in that
 * order, the visible columns with a value (not the check boxes of
 * selection mode), ISO dates and periods, and prices with a decimal point
 * that are the sums of the unit prices, while the screen shows commas.
 */
static void
test_subscriptions_german (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *page = mp_subscriptions_page_new (fixture->session);
  g_autofree char *path = temp_path ("subscriptions.csv");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *currency_title = NULL;
  GListModel *all, *shown;
  GListModel *columns;
  g_autoptr(GtkColumnViewColumn) price_column = NULL;
  g_autoptr(GRegex) iso_date = g_regex_new ("^\\d{4}-\\d{2}-\\d{2}$", 0, 0, NULL);
  g_autoptr(GRegex) iso_period = g_regex_new ("^P\\d+[DMY]$", 0, 0, NULL);
  guint n_all;
  guint n_fields = 0;

  show_page (fixture, page);
  /* Every customer's subscriptions, with their owners. */
  gtk_drop_down_set_selected (child (page, "show_dropdown"), 1);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "list") == 0, TIMEOUT_MS);
  n_all = count_subscriptions (fixture);
  shown = column_model (page);
  all = G_LIST_MODEL (mp_list_page_get_list (MP_LIST_PAGE (page)));
  MP_WAIT_UNTIL (g_list_model_get_n_items (shown) == n_all, TIMEOUT_MS);

  /* The rows the search leaves, found by the test in the whole list. */
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(MpSubscription) s = g_list_model_get_item (all, i);

      if (matches (s, "fabrikam"))
        g_ptr_array_add (expected, g_steal_pointer (&s));
    }
  g_assert_cmpuint (expected->len, >, 1);
  g_assert_cmpuint (expected->len, <, n_all);

  gtk_editable_set_text (GTK_EDITABLE (child (page, "search_entry")), "Fabrikam");
  columns = gtk_column_view_get_columns (child (page, "column_view"));
  for (guint i = 0; i < g_list_model_get_n_items (columns) && price_column == NULL; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), _("Price")) == 0)
        price_column = g_steal_pointer (&column);
    }
  g_assert_nonnull (price_column);
  gtk_column_view_sort_by_column (child (page, "column_view"), price_column, GTK_SORT_DESCENDING);
  MP_WAIT_UNTIL (g_list_model_get_n_items (shown) == expected->len, TIMEOUT_MS);
  wait_shown_settled (page);

  rows = export_page (page, path);

  /* Name, Owner, Plan (unless the window is too narrow for it and the
   * owner), Status, Period, Renewal Date, Seats, Price and its currency:
   * the columns shown, in their order.
   */
  g_assert_cmpuint (rows->len, ==, 1 + expected->len);
  {
    char **header = g_ptr_array_index (rows, 0);
    guint n = g_strv_length (header);

    g_assert_cmpuint (n, >=, 8);
    g_assert_cmpstr (header[0], ==, _("Name"));
    g_assert_cmpstr (header[1], ==, _("Owner"));
    g_assert_cmpstr (header[n - 6], ==, _("Status"));
    g_assert_cmpstr (header[n - 4], ==, _("Renewal Date"));
    g_assert_cmpstr (header[n - 3], ==, _("Seats"));
    g_assert_cmpstr (header[n - 2], ==, _("Price"));
    currency_title = g_strdup_printf (_("%s Currency"), _("Price"));
    g_assert_cmpstr (header[n - 1], ==, currency_title);
    n_fields = n;
  }

  {
    gint64 previous = G_MAXINT64;

    for (guint i = 1; i < rows->len; i++)
      {
        char **row = g_ptr_array_index (rows, i);
        g_autoptr(MpSubscription) s = g_list_model_get_item (shown, i - 1);
        const char *currency = NULL;
        gint64 price = price_from_unit_prices (s, &currency);
        g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", price / 100, (int) (price % 100));
        g_autofree char *seats = g_strdup_printf ("%" G_GINT64_FORMAT, seats_from_lines (s));
        g_autofree char *on_screen = mp_test_ui_format_cents (price, currency);
        gboolean found = FALSE;

        char **end = row + n_fields;

        g_assert_cmpuint (g_strv_length (row), ==, n_fields);
        /* A row the search leaves, in the order shown: highest price first. */
        for (guint j = 0; j < expected->len; j++)
          found |= g_ptr_array_index (expected, j) == (gpointer) s;
        g_assert_true (found);
        g_assert_cmpint (price, <=, previous);
        previous = price;

        g_assert_cmpstr (row[0], ==, mp_subscription_get_name (s));
        g_assert_cmpstr (end[-6], ==, mp_subscription_get_status (s));
        g_assert_true (g_regex_match (iso_period, end[-5], 0, NULL));
        g_assert_true (g_regex_match (iso_date, end[-4], 0, NULL));
        g_assert_cmpstr (end[-4], ==, mp_subscription_get_renewal_date (s));
        g_assert_cmpstr (end[-3], ==, seats);
        /* The decimal point in the file, the comma on screen. */
        g_assert_cmpstr (currency, ==, "USD");
        g_assert_cmpstr (end[-2], ==, amount);
        g_assert_cmpstr (end[-1], ==, "USD");
        g_assert_nonnull (strchr (on_screen, ','));
        g_assert_null (strchr (end[-2], ','));
        g_assert_true (label_contains (page, on_screen));
      }
  }
  /* The bar below the list says it is done. */
  {
    g_autofree char *done = g_strdup_printf (ngettext ("Exported %u row to %s", "Exported %u rows to %s", expected->len),
                                             expected->len, "subscriptions.csv");

    MP_WAIT_UNTIL (label_contains (page, done), TIMEOUT_MS);
    g_assert_false (gtk_widget_get_mapped (find_button (page, _("_Cancel"))));
  }
  render (GTK_WIDGET (fixture->window), "export-done.png");
  remove_temp (path);
}

/* A cancelled export leaves no new file, and a file it was to replace as
 * it was.
 */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *page = mp_subscriptions_page_new (fixture->session);
  g_autofree char *path = temp_path ("subscriptions.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;

  show_page (fixture, page);
  /* Every customer's subscriptions, with their owners. */
  gtk_drop_down_set_selected (child (page, "show_dropdown"), 1);
  MP_WAIT_UNTIL (g_list_model_get_n_items (column_model (page)) == count_subscriptions (fixture), TIMEOUT_MS);

  for (guint replace = 0; replace < 2; replace++)
    {
      Wait wait = { NULL, NULL, FALSE };

      if (replace)
        g_assert_true (g_file_set_contents (path, "old,file\r\n", -1, NULL));
      mp_list_page_export_async (MP_LIST_PAGE (page), file, NULL, export_cb, &wait);
      /* One at a time. */
      {
        Wait second = { NULL, NULL, FALSE };

        mp_list_page_export_async (MP_LIST_PAGE (page), file, NULL, export_cb, &second);
        MP_WAIT_UNTIL (second.done, TIMEOUT_MS);
        g_assert_error (second.error, G_IO_ERROR, G_IO_ERROR_BUSY);
        g_clear_error (&second.error);
      }
      g_assert_true (gtk_widget_get_visible (find_button (page, _("_Cancel"))));
      g_signal_emit_by_name (find_button (page, _("_Cancel")), "clicked");
      MP_WAIT_UNTIL (wait.done, TIMEOUT_MS);
      g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&wait.error);
      if (replace)
        {
          g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
          g_assert_cmpstr (contents, ==, "old,file\r\n");
        }
      else
        MP_WAIT_UNTIL (!g_file_test (path, G_FILE_TEST_EXISTS), TIMEOUT_MS);
    }
  remove_temp (path);
}

/* The page closed while it exports (its window's content replaced): the
 * export still writes the whole file, and nothing touches the gone bar.
 */
static void
test_page_closed (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *page = mp_orders_page_new (fixture->session);
  g_autofree char *path = temp_path ("orders.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  Wait wait = { NULL, NULL, FALSE };
  guint n;

  show_page (fixture, page);
  MP_WAIT_UNTIL (!mp_list_source_get_loading (mp_list_page_get_list (MP_LIST_PAGE (page))) &&
                 g_list_model_get_n_items (column_model (page)) > 0, TIMEOUT_MS);
  wait_shown_settled (page);
  n = g_list_model_get_n_items (column_model (page));
  mp_list_page_export_async (MP_LIST_PAGE (page), file, NULL, export_cb, &wait);
  gtk_window_set_child (fixture->window, NULL);
  MP_WAIT_UNTIL (wait.done, TIMEOUT_MS);
  g_assert_no_error (wait.error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  rows = mp_test_csv_parse (contents);
  g_assert_cmpuint (rows->len, ==, 1 + n);
  remove_temp (path);
}

/* MpListExport on its own, cancelled while chunks of a long list are being
 * written: a replaced file keeps its old contents, a new file is gone.
 */
static char *
row_value (gpointer item,
           gpointer user_data)
{
  return g_strdup_printf ("%u %0200d", GPOINTER_TO_UINT (g_object_get_data (item, "row")), 0);
}

static void
cancel_midway_cb (MpListExport *export,
                  GParamSpec   *pspec,
                  GCancellable *cancellable)
{
  if (mp_list_export_get_n_done (export) >= 20000)
    g_cancellable_cancel (cancellable);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  mp_list_export_write_finish (MP_LIST_EXPORT (object), result, &wait->error);
  wait->done = TRUE;
}

static void
test_cancel_midway (void)
{
  static const MpListPageColumn columns[] = {
    { N_("Row"), NULL, NULL, FALSE, FALSE, row_value, NULL },
  };
  const MpListPageColumn *column_list[] = { &columns[0] };
  g_autoptr(GListStore) rows = g_list_store_new (G_TYPE_OBJECT);
  g_autofree char *path = temp_path ("long.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);

  for (guint i = 0; i < 100000; i++)
    {
      g_autoptr(GObject) row = g_object_new (G_TYPE_OBJECT, NULL);

      g_object_set_data (row, "row", GUINT_TO_POINTER (i));
      g_list_store_append (rows, row);
    }
  for (guint replace = 0; replace < 2; replace++)
    {
      g_autoptr(MpListExport) export = mp_list_export_new (G_LIST_MODEL (rows), column_list, 1, NULL);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autofree char *contents = NULL;
      Wait wait = { NULL, NULL, FALSE };

      if (replace)
        g_assert_true (g_file_set_contents (path, "old\r\n", -1, NULL));
      g_signal_connect (export, "notify::n-done", G_CALLBACK (cancel_midway_cb), cancellable);
      mp_list_export_write_async (export, file, cancellable, written_cb, &wait);
      MP_WAIT_UNTIL (wait.done, TIMEOUT_MS);
      g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&wait.error);
      /* It stopped midway, with chunks written. */
      g_assert_cmpuint (mp_list_export_get_n_done (export), >=, 20000);
      g_assert_cmpuint (mp_list_export_get_n_done (export), <, 100000);
      if (replace)
        {
          g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
          g_assert_cmpstr (contents, ==, "old\r\n");
        }
      else
        g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  remove_temp (path);
}

/* A long list: the bar below the list shows the rows written so far, with
 * a progress bar, while the window goes on.
 */
static void
test_progress (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *page = mp_subscriptions_page_new (fixture->session);
  g_autofree char *path = temp_path ("subscriptions.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *progress_text = NULL;
  GtkProgressBar *bar;
  Wait wait = { NULL, NULL, FALSE };
  double fraction = 0;
  guint n;

  show_page (fixture, page);
  /* Every customer's subscriptions, with their owners. */
  gtk_drop_down_set_selected (child (page, "show_dropdown"), 1);
  MP_WAIT_UNTIL (!mp_list_source_get_loading (mp_list_page_get_list (MP_LIST_PAGE (page))) &&
                 g_list_model_get_n_items (column_model (page)) >= 10000, 240000);
  n = g_list_model_get_n_items (column_model (page));
  mp_list_page_export_async (MP_LIST_PAGE (page), file, NULL, export_cb, &wait);
  bar = find_widget (page, GTK_TYPE_PROGRESS_BAR);
  g_assert_nonnull (bar);
  /* The first step's progress is shown at once, the rest a few times a second. */
  /* "Exporting 1234 of 10007 rows…" (the test runs untranslated). */
  progress_text = g_strdup_printf (" of %u rows…", n);
  MP_WAIT_UNTIL ((fraction = gtk_progress_bar_get_fraction (bar)) > 0 || wait.done, TIMEOUT_MS);
  g_assert_false (wait.done);
  g_assert_cmpfloat (fraction, <, 1.0);
  /* The bar is coming in (it slides up), with the count. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (GTK_WIDGET (bar), GTK_TYPE_REVEALER))));
  g_assert_true (label_contains (page, progress_text));
  MP_WAIT_UNTIL (wait.done, 240000);
  g_assert_no_error (wait.error);
  /* Done: the count of rows written instead of the progress bar. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  rows = mp_test_csv_parse (contents);
  g_assert_cmpuint (rows->len, ==, 1 + n);
  remove_temp (path);
}

/* A file that cannot be written: the error, in the bar below the list. */
static void
test_error (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *page = mp_customers_page_new (fixture->session);
  g_autofree char *path = temp_path ("no-such-folder/customers.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *prefix = NULL;
  Wait wait = { NULL, NULL, FALSE };

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_list_model_get_n_items (column_model (page)) > 0, TIMEOUT_MS);
  mp_list_page_export_async (MP_LIST_PAGE (page), file, NULL, export_cb, &wait);
  MP_WAIT_UNTIL (wait.done, TIMEOUT_MS);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  /* The message names the cause. */
  prefix = g_strdup_printf (_("The list could not be exported: %s"), wait.error->message);
  g_assert_true (label_contains (page, prefix));
  g_clear_error (&wait.error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  {
    g_autofree char *dir = g_path_get_dirname (path);

    remove_temp (dir);
  }
}

/* Ctrl+E asks for the file, suggesting "subscriptions-DATE.csv"; saving there exports. */
/* Whether CHOOSER suggests NAME (its current name is a new string). */
static gboolean
chooser_name_is (GtkFileChooser *chooser,
                 const char     *name)
{
  g_autofree char *current = gtk_file_chooser_get_current_name (chooser);

  return g_strcmp0 (current, name) == 0;
}

static void
test_shortcut (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *page = mp_subscriptions_page_new (fixture->session);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strdup_printf ("subscriptions-%s.csv", date);
  g_autofree char *suggested = NULL;
  GtkFileChooser *chooser;

  show_page (fixture, page);
  /* Every customer's subscriptions, with their owners. */
  gtk_drop_down_set_selected (child (page, "show_dropdown"), 1);
  MP_WAIT_UNTIL (g_list_model_get_n_items (column_model (page)) == count_subscriptions (fixture), TIMEOUT_MS);
  suggested = mp_list_page_get_export_name (MP_LIST_PAGE (page));
  g_assert_cmpstr (suggested, ==, name);

  g_assert_true (press_shortcut (page, GDK_KEY_e, GDK_CONTROL_MASK));
  MP_WAIT_UNTIL (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL, TIMEOUT_MS);
  chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_true (gtk_file_chooser_get_action (chooser) == GTK_FILE_CHOOSER_ACTION_SAVE);
  MP_WAIT_UNTIL (chooser_name_is (chooser, name), TIMEOUT_MS);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  MP_WAIT_UNTIL (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL, TIMEOUT_MS);
  /* Nothing is exported then: no progress bar. */
  g_assert_false (gtk_widget_get_mapped (find_button (page, _("_Cancel"))));
}

/* Every other list: customers, orders and renewals write their visible
 * columns, machine-readable.
 */
static void
test_other_lists (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *(*news[]) (MpSession *) = { mp_customers_page_new, mp_orders_page_new, mp_renewals_page_new };
  /* Columns with a value (a money column counts twice). */
  const guint widths[] = { 8, 6, 7 };
  g_autoptr(GRegex) iso = g_regex_new ("^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2}.*)?$", 0, 0, NULL);

  for (guint k = 0; k < G_N_ELEMENTS (news); k++)
    {
      GtkWidget *page = news[k] (fixture->session);
      g_autofree char *path = temp_path ("list.csv");
      g_autoptr(GPtrArray) rows = NULL;
      GListModel *shown;
      guint n_with_seats = 0;

      show_page (fixture, page);
      shown = column_model (page);
      MP_WAIT_UNTIL (!mp_list_source_get_loading (mp_list_page_get_list (MP_LIST_PAGE (page))) &&
                     g_list_model_get_n_items (shown) > 0, TIMEOUT_MS);
      wait_shown_settled (page);
      /* The customers' monthly totals are summed once their subscriptions
       * are in (the demo's customers pay in dollars).
       */
      if (k == 0)
        MP_WAIT_UNTIL (label_contains (page, "$"), TIMEOUT_MS);
      rows = export_page (page, path);
      g_assert_cmpuint (rows->len, ==, 1 + g_list_model_get_n_items (shown));
      for (guint i = 0; i < rows->len; i++)
        {
          char **row = g_ptr_array_index (rows, i);
          g_autoptr(GObject) item = i > 0 ? g_list_model_get_item (shown, i - 1) : NULL;

          g_assert_cmpuint (g_strv_length (row), ==, widths[k]);
          if (item == NULL)
            continue;
          if (MP_IS_CUSTOMER (item))
            {
              g_assert_cmpstr (row[0], ==, mp_customer_get_name (MP_CUSTOMER (item)));
              g_assert_cmpstr (row[4], ==, mp_customer_get_status (MP_CUSTOMER (item)));
              /* Seats as a plain number, the monthly total as amount and
               * currency (their figures are checked against the unit
               * prices on screen by ui-overview), or empty when none.
               */
              if (*row[5] != '\0')
                {
                  g_assert_true (g_regex_match_simple ("^[0-9]+$", row[5], 0, 0));
                  g_assert_true (g_regex_match_simple ("^[0-9]+\\.[0-9]{2}$", row[6], 0, 0));
                  g_assert_cmpstr (row[7], ==, "USD");
                  n_with_seats++;
                }
            }
          else if (MP_IS_ORDER (item))
            {
              const MpMoney *total = mp_order_get_total (MP_ORDER (item));

              g_assert_cmpstr (row[0], ==, mp_order_get_order_number (MP_ORDER (item)));
              g_assert_cmpint (mp_enum_from_nick (MP_TYPE_ORDER_TYPE, row[1], -1), ==,
                               mp_order_get_order_type (MP_ORDER (item)));
              g_assert_cmpint (mp_enum_from_nick (MP_TYPE_ORDER_STATUS, row[2], -1), >=, 0);
              g_assert_true (g_regex_match (iso, row[3], 0, NULL));
              if (total != NULL)
                g_assert_cmpstr (row[5], ==, total->currency);
            }
          else
            {
              g_assert_cmpstr (row[0], ==, mp_subscription_get_name (MP_SUBSCRIPTION (item)));
              g_assert_true (g_regex_match (iso, row[2], 0, NULL));
              g_assert_true (g_str_equal (row[3], "true") || g_str_equal (row[3], "false"));
            }
        }
      if (k == 0)
        g_assert_cmpuint (n_with_seats, >, 0);
      remove_temp (path);
    }
}

int
main (int   argc,
      char *argv[])
{
  static const char * const ten_thousand[] = { "--seed-subscriptions", "10000", NULL };

  if (!mp_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/export/subscriptions/german", Fixture, NULL, setup_german, test_subscriptions_german, teardown_german);
  g_test_add ("/export/cancel", Fixture, NULL, setup_reseller, test_cancel, teardown);
  g_test_add_func ("/export/cancel-midway", test_cancel_midway);
  g_test_add ("/export/progress", Fixture, ten_thousand, setup_reseller, test_progress, teardown);
  g_test_add ("/export/page-closed", Fixture, NULL, setup_reseller, test_page_closed, teardown);
  g_test_add ("/export/error", Fixture, NULL, setup_reseller, test_error, teardown);
  g_test_add ("/export/shortcut", Fixture, NULL, setup_reseller, test_shortcut, teardown);
  g_test_add ("/export/other-lists", Fixture, NULL, setup_reseller, test_other_lists, teardown);

  return g_test_run ();
}
