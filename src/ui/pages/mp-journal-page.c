/* mp-journal-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-journal-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-journal-page.h"
#include "mp-list-export.h"
#include "mp-page-util.h"

/* The session's journal (mp-journal.h), newest first: one row per order
 * placed or cancelled from this app, with its latest status, and one per
 * refusal. The search looks at every column and the refusal's message;
 * Enter opens the order.
 */
struct _MpJournalPage
{
  MpListPage parent_instance;
};

G_DEFINE_FINAL_TYPE (MpJournalPage, mp_journal_page, MP_TYPE_LIST_PAGE)

/* The status filter's entries, in the order of the drop-down's model. */
enum {
  FILTER_ALL,
  FILTER_IN_PROGRESS,
  FILTER_COMPLETED,
  FILTER_FAILED,
  FILTER_CANCELLED,
};

static char *
when_text (gpointer item,
           gpointer user_data)
{
  g_autofree char *iso = g_date_time_format_iso8601 (mp_journal_entry_get_time (item));

  return mp_page_format_date (iso);
}

static char *
login_text (gpointer item,
            gpointer user_data)
{
  const char *login = mp_journal_entry_get_login (item);

  return g_strdup (login != NULL ? login : "—");
}

static char *
customer_text (gpointer item,
               gpointer user_data)
{
  const char *name = mp_journal_entry_get_customer_name (item);
  const char *id = mp_journal_entry_get_customer_id (item);

  if (name != NULL)
    return g_strdup (name);
  if (id != NULL)
    /* Translators: a customer known by its ID only, e.g. "Customer 1000001". */
    return g_strdup_printf (_("Customer %s"), id);
  /* No customer: bought for the account itself (USER_DATA, the page). */
  if (MP_IS_LIST_PAGE (user_data) && mp_list_page_get_session (user_data) != NULL)
    {
      MpAccount *account = mp_session_get_account (mp_list_page_get_session (user_data));

      if (account != NULL && mp_account_get_name (account) != NULL)
        return g_strdup (mp_account_get_name (account));
    }
  return g_strdup ("—");
}

static char *
what_text (gpointer item,
           gpointer user_data)
{
  MpJournalEntry *entry = item;
  const char *plan = mp_journal_entry_get_plan_name (entry);
  g_autoptr(GString) lines = g_string_new (NULL);
  const char *kind;

  if (mp_journal_entry_get_event (entry) == MP_JOURNAL_EVENT_WITHDRAWN)
    kind = _("Scheduled change withdrawn");
  else
    kind = mp_page_order_type (mp_journal_entry_get_order_type (entry));
  if (plan == NULL)
    plan = mp_journal_entry_get_plan_id (entry);
  for (guint i = 0; i < mp_journal_entry_get_n_lines (entry); i++)
    {
      const char *name = mp_journal_entry_get_line_description (entry, i);
      g_autofree char *quantity = mp_page_format_quantity (mp_journal_entry_get_line_quantity (entry, i));

      if (lines->len > 0)
        g_string_append (lines, ", ");
      /* Translators: a line of a journaled order: quantity and product, "3 × Seats". */
      g_string_append_printf (lines, _("%s × %s"), quantity,
                              name != NULL ? name : mp_journal_entry_get_line_mpn (entry, i));
    }
  if (plan != NULL && lines->len > 0)
    /* Translators: a journaled order: its type, plan and lines, "Sales: IDSync (3 × Seats)". */
    return g_strdup_printf (_("%s: %s (%s)"), kind, plan, lines->str);
  if (plan != NULL)
    /* Translators: a journaled order: its type and plan, "Renewal: IDSync". */
    return g_strdup_printf (_("%s: %s"), kind, plan);
  return g_strdup (kind);
}

static char *
estimate_text (gpointer item,
               gpointer user_data)
{
  return mp_page_format_money (mp_journal_entry_get_estimate (item));
}

static char *
order_text (gpointer item,
            gpointer user_data)
{
  const char *number = mp_journal_entry_get_order_number (item);
  const char *id = mp_journal_entry_get_order_id (item);

  return g_strdup (number != NULL ? number : id != NULL ? id : "—");
}

static char *
status_text (gpointer item,
             gpointer user_data)
{
  MpJournalEntry *entry = item;

  if (mp_journal_entry_get_event (entry) == MP_JOURNAL_EVENT_REFUSED)
    /* Translators: %s is the marketplace's reason */
    return g_strdup_printf (_("Refused: %s"), mp_journal_entry_get_message (entry));
  return g_strdup (mp_page_order_status (mp_journal_entry_get_status (entry)));
}

static char *
correlation_text (gpointer item,
                  gpointer user_data)
{
  const char *id = mp_journal_entry_get_correlation_id (item);

  return g_strdup (id != NULL ? id : "—");
}

static int
compare_when (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return g_date_time_compare (mp_journal_entry_get_time ((gpointer) a), mp_journal_entry_get_time ((gpointer) b));
}

static int
compare_estimate (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const MpMoney *ma = mp_journal_entry_get_estimate ((gpointer) a);
  const MpMoney *mb = mp_journal_entry_get_estimate ((gpointer) b);
  gint64 va = ma != NULL ? ma->minor : G_MININT64;
  gint64 vb = mb != NULL ? mb->minor : G_MININT64;

  return (va > vb) - (va < vb);
}

static int
compare_order (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return g_strcmp0 (mp_journal_entry_get_order_number ((gpointer) a),
                    mp_journal_entry_get_order_number ((gpointer) b));
}

static const char *
mp_journal_page_get_title (MpListPage *page)
{
  return _("Activity Journal");
}

static MpListSource *
mp_journal_page_create_list (MpListPage *page)
{
  MpJournal *journal = mp_session_get_journal (mp_list_page_get_session (page));

  return MP_LIST_SOURCE (g_object_ref (journal));
}

static gboolean
mp_journal_page_filter (MpListPage *page,
                        gpointer    item,
                        const char *folded,
                        guint       status_filter,
                        const char *search)
{
  MpJournalEntry *entry = item;
  MpOrderStatus status = mp_journal_entry_get_status (entry);
  gboolean refused = mp_journal_entry_get_event (entry) == MP_JOURNAL_EVENT_REFUSED;
  const char * const *ids;
  gboolean found = FALSE;

  switch (status_filter)
    {
    case FILTER_IN_PROGRESS:
      if (refused || mp_order_status_is_final (status))
        return FALSE;
      break;
    case FILTER_COMPLETED:
      if (refused || status != MP_ORDER_STATUS_COMPLETED)
        return FALSE;
      break;
    case FILTER_FAILED:
      if (!refused && status != MP_ORDER_STATUS_ERROR)
        return FALSE;
      break;
    case FILTER_CANCELLED:
      if (refused || status != MP_ORDER_STATUS_CANCELLED)
        return FALSE;
      break;
    case FILTER_ALL:
    default:
      break;
    }

  if (search == NULL)
    return TRUE;
  {
    g_autofree char *customer = customer_text (entry, page);
    g_autofree char *what = what_text (entry, NULL);

    found = mp_page_text_contains (mp_journal_entry_get_login (entry), search) ||
            mp_page_text_contains (customer, search) ||
            mp_page_text_contains (what, search) ||
            mp_page_text_contains (mp_journal_entry_get_order_number (entry), search) ||
            mp_page_text_contains (mp_journal_entry_get_order_id (entry), search) ||
            mp_page_text_contains (mp_journal_entry_get_message (entry), search);
  }
  ids = mp_journal_entry_get_correlation_ids (entry);
  for (guint i = 0; !found && ids[i] != NULL; i++)
    found = mp_page_text_contains (ids[i], search);
  return found;
}

static char *
mp_journal_page_count_text (MpListPage *page,
                            guint       n_shown,
                            guint       n_all)
{
  if (n_shown == n_all)
    return g_strdup_printf (ngettext ("%u entry", "%u entries", n_all), n_all);
  return g_strdup_printf (ngettext ("%u of %u entry", "%u of %u entries", n_all), n_shown, n_all);
}

static char *
mp_journal_page_partial_error_text (MpListPage   *page,
                                    const GError *error)
{
  return g_strdup_printf (_("The journal could not be read or written: %s"), error->message);
}

static void
mp_journal_page_activate (MpListPage *page,
                          gpointer    item)
{
  const char *order_id = mp_journal_entry_get_order_id (item);

  if (order_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (page), "win.open-order", "s", order_id);
}

/* The rows are live (every entry is in them as it is appended): the file
 * is read again only after it could not be read or written (Retry).
 */
static void
mp_journal_page_reload (MpListPage *page)
{
  MpListSource *journal = mp_list_page_get_list (page);

  if (mp_list_source_get_error (journal) != NULL)
    MP_LIST_PAGE_CLASS (mp_journal_page_parent_class)->reload (page);
}

/* Export…: the time in ISO 8601, the estimate as amount and currency. */
static char *
when_value (gpointer item,
            gpointer user_data)
{
  return g_date_time_format_iso8601 (mp_journal_entry_get_time (item));
}

static gboolean
estimate_money (gpointer  item,
                gpointer  user_data,
                MpMoney  *money)
{
  return mp_list_export_money_value (mp_journal_entry_get_estimate (item), money);
}

static const MpListPageColumn columns[] = {
  { N_("When"), when_text, compare_when, FALSE, FALSE, when_value, NULL },
  { N_("Login"), login_text, NULL, FALSE, FALSE, login_text, NULL },
  { N_("Customer"), customer_text, NULL, FALSE, FALSE, customer_text, NULL },
  { N_("What"), what_text, NULL, TRUE, FALSE, what_text, NULL },
  { N_("Estimate"), estimate_text, compare_estimate, FALSE, TRUE, NULL, estimate_money },
  { N_("Order"), order_text, compare_order, FALSE, FALSE, order_text, NULL },
  { N_("Status"), status_text, NULL, TRUE, FALSE, status_text, NULL },
  { N_("Correlation ID"), correlation_text, NULL, FALSE, FALSE, correlation_text, NULL },
};

static void
mp_journal_page_class_init (MpJournalPageClass *klass)
{
  MpListPageClass *page_class = MP_LIST_PAGE_CLASS (klass);

  page_class->get_title = mp_journal_page_get_title;
  page_class->columns = columns;
  page_class->n_columns = G_N_ELEMENTS (columns);
  page_class->create_list = mp_journal_page_create_list;
  page_class->filter = mp_journal_page_filter;
  page_class->count_text = mp_journal_page_count_text;
  page_class->partial_error_text = mp_journal_page_partial_error_text;
  page_class->activate = mp_journal_page_activate;
  page_class->reload = mp_journal_page_reload;

  mp_list_page_class_set_template_from_resource (page_class,
                                                 "/io/github/marketpanel/MarketPanel/pages/mp-journal-page.ui");
}

static void
mp_journal_page_init (MpJournalPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_journal_page_new (MpSession *session)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  return g_object_new (MP_TYPE_JOURNAL_PAGE,
                       "session", session,
                       NULL);
}
