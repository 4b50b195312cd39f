/* mp-subscriptions-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-subscriptions-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-page-util.h"
#include "mp-subscriptions-page.h"

/* The Subscriptions section: every subscription of the account. */
struct _MpSubscriptionsPage
{
  MpListPage parent_instance;
};

G_DEFINE_FINAL_TYPE (MpSubscriptionsPage, mp_subscriptions_page, MP_TYPE_LIST_PAGE)

/* The status filter's entries, in the order of the drop-down's model. */
static const char * const status_filters[] = {
  NULL, "active", "pending", "hold", "terminated", "removed",
};

static char *
name_text (gpointer item,
           gpointer user_data)
{
  return g_strdup (mp_subscription_get_name (item));
}

static char *
plan_text (gpointer item,
           gpointer user_data)
{
  const char *plan = mp_subscription_get_plan_name (item);

  return g_strdup (plan != NULL ? plan : mp_subscription_get_plan_id (item));
}

static char *
status_text (gpointer item,
             gpointer user_data)
{
  const char *pending = mp_subscription_get_pending_order_id (item);

  if (pending != NULL)
    /* Translators: a subscription's status while a change order runs. */
    return g_strdup_printf (_("%s, changing"), mp_page_subscription_status (mp_subscription_get_status (item)));
  return g_strdup (mp_page_subscription_status (mp_subscription_get_status (item)));
}

static char *
period_text (gpointer item,
             gpointer user_data)
{
  return mp_page_format_period (mp_subscription_get_period (item));
}

static char *
renewal_text (gpointer item,
              gpointer user_data)
{
  const char *date = mp_subscription_get_renewal_date (item);

  if (date == NULL)
    date = mp_subscription_get_expiration_date (item);
  return mp_page_format_date (date);
}

static char *
seats_text (gpointer item,
            gpointer user_data)
{
  gint64 seats = mp_page_subscription_seats (item);

  if (seats < 0)
    return g_strdup ("—");
  return mp_page_format_quantity (seats);
}

static char *
price_text (gpointer item,
            gpointer user_data)
{
  return mp_page_format_money (mp_subscription_get_total_price (item));
}

static int
compare_name (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const char *na = mp_subscription_get_name ((gpointer) a);
  const char *nb = mp_subscription_get_name ((gpointer) b);

  return g_utf8_collate (na != NULL ? na : "", nb != NULL ? nb : "");
}

static int
compare_plan (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return g_strcmp0 (mp_subscription_get_plan_name ((gpointer) a), mp_subscription_get_plan_name ((gpointer) b));
}

static int
compare_status (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return g_strcmp0 (mp_subscription_get_status ((gpointer) a), mp_subscription_get_status ((gpointer) b));
}

static int
compare_period (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  MpPeriod *pa = mp_subscription_get_period ((gpointer) a);
  MpPeriod *pb = mp_subscription_get_period ((gpointer) b);
  gint64 ma = pa != NULL ? mp_period_get_months (pa) : 0;
  gint64 mb = pb != NULL ? mp_period_get_months (pb) : 0;

  return (ma > mb) - (ma < mb);
}

static int
compare_renewal (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  /* ISO dates sort as strings. */
  return g_strcmp0 (mp_subscription_get_renewal_date ((gpointer) a), mp_subscription_get_renewal_date ((gpointer) b));
}

static int
compare_seats (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  gint64 sa = mp_page_subscription_seats ((gpointer) a);
  gint64 sb = mp_page_subscription_seats ((gpointer) b);

  return (sa > sb) - (sa < sb);
}

static int
compare_price (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const MpMoney *ma = mp_subscription_get_total_price ((gpointer) a);
  const MpMoney *mb = mp_subscription_get_total_price ((gpointer) b);
  gint64 va = ma != NULL ? ma->minor : -1;
  gint64 vb = mb != NULL ? mb->minor : -1;

  return (va > vb) - (va < vb);
}

static const char *
mp_subscriptions_page_get_title (MpListPage *page)
{
  return _("Subscriptions");
}

static MpPagedList *
mp_subscriptions_page_create_list (MpListPage *page)
{
  return mp_client_list_subscriptions (mp_session_get_client (mp_list_page_get_session (page)), NULL, NULL);
}

static const char *
mp_subscriptions_page_get_status (MpListPage *page,
                                  gpointer    item)
{
  return mp_subscription_get_status (item);
}

static gboolean
mp_subscriptions_page_match (MpListPage *page,
                             gpointer    item,
                             const char *search)
{
  return mp_page_text_contains (mp_subscription_get_name (item), search) ||
         mp_page_text_contains (mp_subscription_get_plan_name (item), search) ||
         mp_page_text_contains (mp_subscription_get_id (item), search);
}

static char *
mp_subscriptions_page_count_text (MpListPage *page,
                                  guint       n_shown,
                                  guint       n_all)
{
  MpPagedList *list = mp_list_page_get_list (page);
  gint64 total = mp_paged_list_get_total (list);

  if (mp_paged_list_get_loading (list) && total > 0)
    return g_strdup_printf (_("Loading: %u of %u subscriptions"), n_all, (guint) total);
  if (n_shown == n_all)
    return g_strdup_printf (ngettext ("%u subscription", "%u subscriptions", n_all), n_all);
  return g_strdup_printf (ngettext ("%u of %u subscription", "%u of %u subscriptions", n_all), n_shown, n_all);
}

static char *
mp_subscriptions_page_partial_error_text (MpListPage   *page,
                                          const GError *error)
{
  return g_strdup_printf (_("Not every subscription could be loaded: %s"), error->message);
}

static void
mp_subscriptions_page_activate (MpListPage *page,
                                gpointer    item)
{
  gtk_widget_activate_action (GTK_WIDGET (page), "win.open-subscription", "s",
                              mp_subscription_get_id (item));
}

static const MpListPageColumn columns[] = {
  { N_("Name"), name_text, compare_name, TRUE, FALSE },
  { N_("Plan"), plan_text, compare_plan, TRUE, FALSE },
  { N_("Status"), status_text, compare_status, FALSE, FALSE },
  { N_("Period"), period_text, compare_period, FALSE, FALSE },
  { N_("Renewal Date"), renewal_text, compare_renewal, FALSE, FALSE },
  { N_("Seats"), seats_text, compare_seats, FALSE, TRUE },
  { N_("Price"), price_text, compare_price, FALSE, TRUE },
};

static void
mp_subscriptions_page_class_init (MpSubscriptionsPageClass *klass)
{
  MpListPageClass *page_class = MP_LIST_PAGE_CLASS (klass);

  page_class->get_title = mp_subscriptions_page_get_title;
  page_class->columns = columns;
  page_class->n_columns = G_N_ELEMENTS (columns);
  page_class->incremental = TRUE;
  page_class->create_list = mp_subscriptions_page_create_list;
  page_class->get_status = mp_subscriptions_page_get_status;
  page_class->match = mp_subscriptions_page_match;
  page_class->status_values = status_filters;
  page_class->n_status_values = G_N_ELEMENTS (status_filters);
  page_class->count_text = mp_subscriptions_page_count_text;
  page_class->partial_error_text = mp_subscriptions_page_partial_error_text;
  page_class->activate = mp_subscriptions_page_activate;

  mp_list_page_class_set_template_from_resource (page_class,
                                                 "/io/github/marketpanel/MarketPanel/pages/mp-subscriptions-page.ui");
}

static void
mp_subscriptions_page_init (MpSubscriptionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_subscriptions_page_new (MpSession *session)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  return g_object_new (MP_TYPE_SUBSCRIPTIONS_PAGE,
                       "session", session,
                       NULL);
}
