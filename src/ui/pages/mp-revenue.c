/* mp-revenue.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-revenue"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mp-page-util.h"
#include "mp-renewal-monitor.h"
#include "mp-revenue.h"

/* The sums are kept from an idle after a list changed: the subscriptions
 * of a page that came in are added on (a reload sums again from the
 * start), names and this month's orders are taken again; a page that shows
 * them per row only looks them up.
 */
typedef struct
{
  gint64  seats;
  gboolean seats_known;
  GArray *monthly;   /* MpMoney, one per currency */
  GArray *change;    /* MpMoney: this month's orders' effect on monthly */
  guint   n_orders;
} Totals;

struct _MpRevenue
{
  GObject       parent_instance;

  MpSession    *session;
  MpListSource *customers;
  MpListSource *subscriptions;
  MpListSource *orders;       /* NULL until mp_revenue_watch_orders () */
  gboolean      own_orders;   /* loaded here (else a page's) */
  gboolean      own_subscriptions;
  GHashTable   *names;        /* customer ID -> name */
  GHashTable   *folded;       /* owner ID -> name, casefolded */
  GHashTable   *totals;       /* owner ID -> Totals */
  GArray       *customers_total;
  GHashTable   *by_id;        /* subscription ID -> MpSubscription */
  guint         n_summed;     /* subscriptions in the sums */
  guint         dirty;
  guint         idle_id;
};

enum {
  DIRTY_NAMES = 1 << 0,
  DIRTY_ALL   = 1 << 1,
};

G_DEFINE_FINAL_TYPE (MpRevenue, mp_revenue, G_TYPE_OBJECT)

static MpRevenue *revenue_new (MpSession    *session,
                               MpListSource *subscriptions,
                               gboolean      names_only);

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
totals_free (gpointer data)
{
  Totals *totals = data;

  g_clear_pointer (&totals->monthly, g_array_unref);
  g_clear_pointer (&totals->change, g_array_unref);
  g_free (totals);
}

static Totals *
lookup_totals (MpRevenue  *self,
               const char *owner)
{
  Totals *totals = g_hash_table_lookup (self->totals, owner);

  if (totals == NULL)
    {
      totals = g_new0 (Totals, 1);
      totals->monthly = g_array_new (FALSE, TRUE, sizeof (MpMoney));
      totals->change = g_array_new (FALSE, TRUE, sizeof (MpMoney));
      g_hash_table_insert (self->totals, g_strdup (owner), totals);
    }
  return totals;
}

/* Whether SUBSCRIPTION is still billed: not ended. */
gboolean
mp_revenue_counts (MpSubscription *subscription)
{
  const char *status = mp_subscription_get_status (subscription);

  return g_strcmp0 (status, "terminated") != 0 && g_strcmp0 (status, "removed") != 0;
}

static gint64
period_months (MpPeriod *period)
{
  gint64 months = period != NULL ? mp_period_get_months (period) : 0;

  return MAX (1, months);
}

/* What a line of LIMIT units costs per term: the units above those the plan
 * includes, at the line's unit price.
 */
static gint64
line_price (MpSubscriptionResource *resource,
            gint64                  limit)
{
  const MpMoney *unit = mp_subscription_resource_get_unit_price (resource);

  if (unit == NULL || mp_subscription_resource_get_one_time (resource))
    return 0;
  return MAX (0, limit - mp_subscription_resource_get_included (resource)) * unit->minor;
}

/**
 * mp_revenue_subscription_monthly:
 * @subscription: a subscription
 * @monthly: (out): its recurring price per month
 *
 * The price of the subscription's term (its total price, as the Price
 * column shows it; else the sum of its recurring lines) divided by the
 * term's months, rounded half away from zero. FALSE when the subscription
 * came without prices.
 */
gboolean
mp_revenue_subscription_monthly (MpSubscription *subscription,
                                 MpMoney        *monthly)
{
  const MpMoney *total = mp_subscription_get_total_price (subscription);
  GListModel *resources = mp_subscription_get_resources (subscription);
  guint n = resources != NULL ? g_list_model_get_n_items (resources) : 0;

  g_return_val_if_fail (MP_IS_SUBSCRIPTION (subscription), FALSE);
  g_return_val_if_fail (monthly != NULL, FALSE);

  if (total != NULL)
    *monthly = *total;
  else
    {
      gint64 sum = 0;
      const char *currency = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(MpSubscriptionResource) resource = g_list_model_get_item (resources, i);
          const MpMoney *unit = mp_subscription_resource_get_unit_price (resource);

          if (unit == NULL)
            continue;
          currency = unit->currency;
          sum += line_price (resource, mp_subscription_resource_get_quantity (resource));
        }
      if (currency == NULL)
        return FALSE;
      mp_money_init (monthly, sum, currency);
    }
  return mp_money_prorate (monthly, 1, period_months (mp_subscription_get_period (subscription)), NULL);
}

/* The effect of ORDER on the monthly total of its subscription (in
 * SUBSCRIPTIONS, by ID): a new subscription adds its monthly price, a
 * cancellation takes it away, a change of limits adds the difference of
 * its lines. FALSE when it cannot be told (its subscription is not in the
 * list).
 */
static gboolean
order_effect (MpOrder    *order,
              GHashTable *subscriptions,
              MpMoney    *effect)
{
  MpSubscription *subscription = NULL;
  GListModel *lines;
  gint64 delta = 0;
  MpMoney monthly;

  if (mp_order_get_subscription_id (order) != NULL)
    subscription = g_hash_table_lookup (subscriptions, mp_order_get_subscription_id (order));
  if (subscription == NULL || !mp_revenue_subscription_monthly (subscription, &monthly))
    return FALSE;

  switch (mp_order_get_order_type (order))
    {
    case MP_ORDER_TYPE_SALES:
      *effect = monthly;
      return TRUE;

    case MP_ORDER_TYPE_CANCELLATION:
      *effect = monthly;
      effect->minor = -monthly.minor;
      return TRUE;

    case MP_ORDER_TYPE_CHANGE:
      lines = mp_order_get_lines (order);
      for (guint i = 0; lines != NULL && i < g_list_model_get_n_items (lines); i++)
        {
          g_autoptr(MpOrderLine) line = g_list_model_get_item (lines, i);
          MpSubscriptionResource *resource = mp_subscription_find_resource (subscription, mp_order_line_get_mpn (line));
          gint64 diff = mp_order_line_get_quantity (line);
          gint64 now, before;

          if (resource == NULL)
            continue;
          /* A completed change is in the subscription's limits already. */
          now = mp_subscription_resource_get_quantity (resource);
          if (mp_order_get_status (order) != MP_ORDER_STATUS_COMPLETED)
            now += diff;
          before = now - diff;
          delta += line_price (resource, now) - line_price (resource, before);
        }
      mp_money_init (effect, delta, monthly.currency);
      return mp_money_prorate (effect, 1, period_months (mp_subscription_get_period (subscription)), NULL);

    case MP_ORDER_TYPE_UNKNOWN:
    case MP_ORDER_TYPE_RENEWAL:
    case MP_ORDER_TYPE_MIGRATION:
    default:
      mp_money_init (effect, 0, monthly.currency);
      return TRUE;
    }
}

/* "YYYY-MM" of today, to match ISO dates against. */
static char *
this_month (void)
{
  GDate today;

  mp_renewal_get_today (&today);
  return g_strdup_printf ("%04d-%02d", g_date_get_year (&today), g_date_get_month (&today));
}

/* Adds the subscriptions from n_summed on to the sums (the pages that came
 * in since the last pass: a list of 100,000 is summed once, not once per
 * page).
 */
static void
sum_subscriptions (MpRevenue *self)
{
  GListModel *subscriptions = G_LIST_MODEL (self->subscriptions);
  guint n = subscriptions != NULL ? g_list_model_get_n_items (subscriptions) : 0;
  const char *own = mp_revenue_get_own_id (self);

  for (; self->n_summed < n; self->n_summed++)
    {
      g_autoptr(MpSubscription) subscription = g_list_model_get_item (subscriptions, self->n_summed);
      const char *owner = mp_subscription_get_customer_id (subscription);
      gint64 seats;
      Totals *totals;
      MpMoney monthly;

      g_hash_table_replace (self->by_id, g_strdup (mp_subscription_get_id (subscription)), g_object_ref (subscription));
      if (owner == NULL || !mp_revenue_counts (subscription))
        continue;
      totals = lookup_totals (self, owner);
      seats = mp_page_subscription_seats (subscription);
      if (seats >= 0)
        {
          totals->seats += seats;
          totals->seats_known = TRUE;
        }
      if (mp_revenue_subscription_monthly (subscription, &monthly))
        {
          mp_money_sums_add (totals->monthly, &monthly, NULL);
          if (g_strcmp0 (owner, own) != 0)
            mp_money_sums_add (self->customers_total, &monthly, NULL);
        }
    }
}

/* This month's orders, summed again from the start (they are few). */
static void
sum_orders (MpRevenue *self)
{
  g_autofree char *month = NULL;
  GHashTableIter iter;
  gpointer value;

  if (self->orders == NULL)
    return;
  month = this_month ();
  g_hash_table_iter_init (&iter, self->totals);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Totals *totals = value;

      g_array_set_size (totals->change, 0);
      totals->n_orders = 0;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->orders)); i++)
    {
      g_autoptr(MpOrder) order = g_list_model_get_item (G_LIST_MODEL (self->orders), i);
      const char *date = mp_order_get_creation_date (order);
      MpOrderStatus status = mp_order_get_status (order);
      Totals *totals;
      MpMoney effect;

      if (date == NULL || !g_str_has_prefix (date, month) || mp_order_get_customer_id (order) == NULL ||
          status == MP_ORDER_STATUS_ERROR || status == MP_ORDER_STATUS_CANCELLED)
        continue;
      totals = lookup_totals (self, mp_order_get_customer_id (order));
      totals->n_orders++;
      if (order_effect (order, self->by_id, &effect))
        mp_money_sums_add (totals->change, &effect, NULL);
    }
}

static void
sum_names (MpRevenue *self)
{
  GListModel *customers = G_LIST_MODEL (self->customers);

  g_hash_table_remove_all (self->names);
  g_hash_table_remove_all (self->folded);
  for (guint i = 0; i < g_list_model_get_n_items (customers); i++)
    {
      g_autoptr(MpCustomer) customer = g_list_model_get_item (customers, i);
      const char *name = mp_customer_get_name (customer);

      g_hash_table_insert (self->names, g_strdup (mp_customer_get_id (customer)), g_strdup (name));
      if (name != NULL)
        g_hash_table_insert (self->folded, g_strdup (mp_customer_get_id (customer)), g_utf8_casefold (name, -1));
    }
}

static void
recompute (MpRevenue *self)
{
  if (self->dirty & DIRTY_NAMES)
    sum_names (self);
  if (self->dirty & DIRTY_ALL)
    {
      g_hash_table_remove_all (self->totals);
      g_hash_table_remove_all (self->by_id);
      g_array_set_size (self->customers_total, 0);
      self->n_summed = 0;
    }
  sum_subscriptions (self);
  sum_orders (self);
  self->dirty = 0;
}

static gboolean
recompute_idle_cb (gpointer data)
{
  MpRevenue *self = data;

  self->idle_id = 0;
  recompute (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/* At the priority of the lists' own answers: an idle of lower priority
 * waits behind every frame while a spinner turns.
 */
static void
queue_recompute (MpRevenue *self)
{
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, recompute_idle_cb, self, NULL);
}

/* Rows added at the end are summed on; any other change sums again. */
static void
subscriptions_changed_cb (MpRevenue *self,
                          guint      position,
                          guint      removed,
                          guint      added)
{
  if (removed > 0 || position < self->n_summed)
    self->dirty |= DIRTY_ALL;
  queue_recompute (self);
}

static void
customers_changed_cb (MpRevenue *self)
{
  self->dirty |= DIRTY_NAMES;
  queue_recompute (self);
}

static void
mp_revenue_dispose (GObject *object)
{
  MpRevenue *self = MP_REVENUE (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->customers != NULL)
    mp_list_source_cancel (self->customers);
  if (self->orders != NULL && self->own_orders)
    mp_list_source_cancel (self->orders);
  if (self->subscriptions != NULL && self->own_subscriptions)
    mp_list_source_cancel (self->subscriptions);
  g_clear_object (&self->customers);
  g_clear_object (&self->subscriptions);
  g_clear_object (&self->orders);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_revenue_parent_class)->dispose (object);
}

static void
mp_revenue_finalize (GObject *object)
{
  MpRevenue *self = MP_REVENUE (object);

  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->folded, g_hash_table_unref);
  g_clear_pointer (&self->totals, g_hash_table_unref);
  g_clear_pointer (&self->customers_total, g_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);

  G_OBJECT_CLASS (mp_revenue_parent_class)->finalize (object);
}

static void
mp_revenue_class_init (MpRevenueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mp_revenue_dispose;
  object_class->finalize = mp_revenue_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mp_revenue_init (MpRevenue *self)
{
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->folded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, totals_free);
  self->customers_total = g_array_new (FALSE, TRUE, sizeof (MpMoney));
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->dirty = DIRTY_NAMES | DIRTY_ALL;
}

/**
 * mp_revenue_new:
 * @session: the session
 * @subscriptions: (nullable): the list of every subscription of the
 *   account a page has already (else the revenue loads its own)
 *
 * Loads the customers (for a reseller) and sums the subscriptions as they
 * come in. The lists reload when the session changes.
 */
MpRevenue *
mp_revenue_new (MpSession    *session,
                MpListSource *subscriptions)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);
  g_return_val_if_fail (subscriptions == NULL || MP_IS_LIST_SOURCE (subscriptions), NULL);

  return revenue_new (session, subscriptions, FALSE);
}

static MpRevenue *
revenue_new (MpSession    *session,
             MpListSource *subscriptions,
             gboolean      names_only)
{
  MpRevenue *self;
  MpClient *client;

  self = g_object_new (MP_TYPE_REVENUE, NULL);
  self->session = g_object_ref (session);
  client = mp_session_get_client (session);
  self->customers = MP_LIST_SOURCE (mp_client_list_customers (client, NULL));
  g_signal_connect_object (session, "changed", G_CALLBACK (mp_list_source_reload),
                           self->customers, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->customers, "items-changed", G_CALLBACK (customers_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->customers, "notify::loading", G_CALLBACK (queue_recompute), self, G_CONNECT_SWAPPED);
  queue_recompute (self);
  if (names_only)
    return self;

  if (subscriptions != NULL)
    self->subscriptions = g_object_ref (subscriptions);
  else
    {
      self->subscriptions = MP_LIST_SOURCE (mp_client_list_subscriptions (client, NULL, NULL));
      self->own_subscriptions = TRUE;
      g_signal_connect_object (session, "changed", G_CALLBACK (mp_list_source_reload),
                               self->subscriptions, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->subscriptions, "items-changed", G_CALLBACK (subscriptions_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->subscriptions, "notify::loading", G_CALLBACK (queue_recompute), self, G_CONNECT_SWAPPED);
  return self;
}

/**
 * mp_revenue_new_names:
 * @session: the session
 *
 * Only the owners' names (the customers list), for a page that lists the
 * subscriptions itself and needs no sums.
 */
MpRevenue *
mp_revenue_new_names (MpSession *session)
{
  return revenue_new (session, NULL, TRUE);
}

MpListSource *
mp_revenue_get_customers (MpRevenue *self)
{
  g_return_val_if_fail (MP_IS_REVENUE (self), NULL);
  return self->customers;
}

MpListSource *
mp_revenue_get_subscriptions (MpRevenue *self)
{
  g_return_val_if_fail (MP_IS_REVENUE (self), NULL);
  return self->subscriptions;
}

/* Sums the orders too, for the change of this month: ORDERS, a list a page
 * has already, or (NULL) every order of the account, loaded here.
 */
void
mp_revenue_watch_orders (MpRevenue    *self,
                         MpListSource *orders)
{
  g_return_if_fail (MP_IS_REVENUE (self));
  g_return_if_fail (orders == NULL || MP_IS_LIST_SOURCE (orders));

  if (self->orders != NULL)
    return;
  if (orders != NULL)
    self->orders = g_object_ref (orders);
  else
    {
      self->orders = MP_LIST_SOURCE (mp_client_list_orders (mp_session_get_client (self->session), NULL, NULL, NULL));
      self->own_orders = TRUE;
      g_signal_connect_object (self->session, "changed", G_CALLBACK (mp_list_source_reload),
                               self->orders, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->orders, "items-changed", G_CALLBACK (queue_recompute), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->orders, "notify::loading", G_CALLBACK (queue_recompute), self, G_CONNECT_SWAPPED);
  queue_recompute (self);
}

void
mp_revenue_reload (MpRevenue *self)
{
  g_return_if_fail (MP_IS_REVENUE (self));

  /* A page reloads the lists it lent. */
  mp_list_source_reload (self->customers);
  if (self->subscriptions != NULL && self->own_subscriptions)
    mp_list_source_reload (self->subscriptions);
  if (self->orders != NULL && self->own_orders)
    mp_list_source_reload (self->orders);
}

gboolean
mp_revenue_get_loading (MpRevenue *self)
{
  g_return_val_if_fail (MP_IS_REVENUE (self), FALSE);

  return mp_list_source_get_loading (self->customers) ||
         (self->subscriptions != NULL && mp_list_source_get_loading (self->subscriptions)) ||
         (self->orders != NULL && mp_list_source_get_loading (self->orders));
}

/* The account's own customer ID (subscriptions the reseller bought for
 * itself carry it), or NULL when the server does not say who is signed in.
 */
const char *
mp_revenue_get_own_id (MpRevenue *self)
{
  MpAccount *account;

  g_return_val_if_fail (MP_IS_REVENUE (self), NULL);

  account = mp_session_get_account (self->session);
  return account != NULL ? mp_account_get_id (account) : NULL;
}

/* Whether SUBSCRIPTION is the account's own: its customer is the account,
 * or (a server that does not say the account's ID) none of its customers.
 */
gboolean
mp_revenue_is_own (MpRevenue      *self,
                   MpSubscription *subscription)
{
  const char *own = mp_revenue_get_own_id (self);
  const char *owner = mp_subscription_get_customer_id (subscription);

  if (!mp_session_is_reseller (self->session))
    return TRUE;
  if (own != NULL)
    return g_strcmp0 (owner, own) == 0;
  return owner == NULL || !g_hash_table_contains (self->names, owner);
}

/* The name of the owner CUSTOMER_ID: a customer's, or the account's own.
 * NULL until the customers are in.
 */
const char *
mp_revenue_get_owner_name (MpRevenue  *self,
                           const char *customer_id)
{
  const char *own;

  g_return_val_if_fail (MP_IS_REVENUE (self), NULL);

  if (customer_id == NULL)
    return NULL;
  own = mp_revenue_get_own_id (self);
  if (own != NULL && strcmp (customer_id, own) == 0)
    return mp_account_get_name (mp_session_get_account (self->session));
  return g_hash_table_lookup (self->names, customer_id);
}

/* The owner's name casefolded once (for a search over many rows); NULL
 * until the customers are in.
 */
const char *
mp_revenue_get_owner_folded (MpRevenue  *self,
                             const char *customer_id)
{
  const char *folded;

  g_return_val_if_fail (MP_IS_REVENUE (self), NULL);

  if (customer_id == NULL)
    return NULL;
  folded = g_hash_table_lookup (self->folded, customer_id);
  if (folded == NULL && mp_revenue_get_owner_name (self, customer_id) != NULL)
    {
      folded = g_utf8_casefold (mp_revenue_get_owner_name (self, customer_id), -1);
      g_hash_table_insert (self->folded, g_strdup (customer_id), (char *) folded);
    }
  return folded;
}

/* The seats of the owner's subscriptions that are still billed; -1 when
 * none of them came with its resource lines.
 */
gint64
mp_revenue_get_seats (MpRevenue  *self,
                      const char *customer_id)
{
  Totals *totals;

  g_return_val_if_fail (MP_IS_REVENUE (self), -1);

  totals = customer_id != NULL ? g_hash_table_lookup (self->totals, customer_id) : NULL;
  if (totals == NULL)
    return self->subscriptions == NULL || mp_list_source_get_loading (self->subscriptions) ? -1 : 0;
  return totals->seats_known ? totals->seats : -1;
}

/* The owner's monthly recurring total, one MpMoney per currency (empty:
 * nothing billed); borrowed until the next "changed".
 */
GArray *
mp_revenue_get_monthly (MpRevenue  *self,
                        const char *customer_id)
{
  Totals *totals;

  g_return_val_if_fail (MP_IS_REVENUE (self), NULL);

  totals = customer_id != NULL ? g_hash_table_lookup (self->totals, customer_id) : NULL;
  return totals != NULL ? totals->monthly : NULL;
}

/* The net effect on the owner's monthly total of the orders placed this
 * month (failed and cancelled ones left out), and their number; needs
 * mp_revenue_watch_orders ().
 */
GArray *
mp_revenue_get_change (MpRevenue  *self,
                       const char *customer_id,
                       guint      *n_orders)
{
  Totals *totals;

  g_return_val_if_fail (MP_IS_REVENUE (self), NULL);

  totals = customer_id != NULL ? g_hash_table_lookup (self->totals, customer_id) : NULL;
  if (n_orders != NULL)
    *n_orders = totals != NULL ? totals->n_orders : 0;
  return totals != NULL ? totals->change : NULL;
}

/* The monthly total of every customer (not the reseller's own). */
GArray *
mp_revenue_get_customers_total (MpRevenue *self)
{
  g_return_val_if_fail (MP_IS_REVENUE (self), NULL);
  return self->customers_total;
}

static const char *
main_currency (MpRevenue *self)
{
  if (self->customers_total->len == 0)
    return NULL;
  return g_array_index (self->customers_total, MpMoney, 0).currency;
}

static gint64
amount_in (GArray     *sums,
           const char *currency)
{
  for (guint i = 0; sums != NULL && currency != NULL && i < sums->len; i++)
    if (strcmp (g_array_index (sums, MpMoney, i).currency, currency) == 0)
      return g_array_index (sums, MpMoney, i).minor;
  return 0;
}

static int
compare_top (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  MpRevenue *self = user_data;
  const char *currency = main_currency (self);
  gint64 ma = amount_in (mp_revenue_get_monthly (self, *(const char **) a), currency);
  gint64 mb = amount_in (mp_revenue_get_monthly (self, *(const char **) b), currency);

  if (ma != mb)
    return ma < mb ? 1 : -1;
  return g_utf8_collate (mp_revenue_get_owner_name (self, *(const char **) a),
                         mp_revenue_get_owner_name (self, *(const char **) b));
}

/* The IDs of the N customers who pay most per month (in the currency the
 * total lists first), most first; those who pay nothing left out.
 */
GPtrArray *
mp_revenue_get_top_customers (MpRevenue *self,
                              guint      n)
{
  GPtrArray *top = g_ptr_array_new_with_free_func (g_free);
  const char *currency;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (MP_IS_REVENUE (self), top);

  currency = main_currency (self);
  g_hash_table_iter_init (&iter, self->names);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (amount_in (mp_revenue_get_monthly (self, key), currency) > 0)
      g_ptr_array_add (top, g_strdup (key));
  g_ptr_array_sort_with_data (top, compare_top, self);
  if (top->len > n)
    g_ptr_array_set_size (top, n);
  return top;
}

static int
compare_renewal (gconstpointer a,
                 gconstpointer b)
{
  MpSubscription *sa = *(MpSubscription **) a;
  MpSubscription *sb = *(MpSubscription **) b;

  return g_strcmp0 (mp_subscription_get_renewal_date (sa), mp_subscription_get_renewal_date (sb));
}

/* The subscriptions still billed that renew this month, soonest first. */
GPtrArray *
mp_revenue_get_renewing (MpRevenue *self)
{
  GPtrArray *renewing = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *subscriptions;
  g_autofree char *month = this_month ();

  g_return_val_if_fail (MP_IS_REVENUE (self), renewing);

  subscriptions = G_LIST_MODEL (self->subscriptions);
  for (guint i = 0; subscriptions != NULL && i < g_list_model_get_n_items (subscriptions); i++)
    {
      g_autoptr(MpSubscription) subscription = g_list_model_get_item (subscriptions, i);
      const char *date = mp_subscription_get_renewal_date (subscription);

      if (date != NULL && g_str_has_prefix (date, month) && mp_revenue_counts (subscription))
        g_ptr_array_add (renewing, g_steal_pointer (&subscription));
    }
  g_ptr_array_sort (renewing, compare_renewal);
  return renewing;
}

/* "$12.00", or one per currency: "$12.00 · £5.00"; "—" for none. */
char *
mp_revenue_format_sums (GArray *sums)
{
  GString *text;

  if (sums == NULL || sums->len == 0)
    return g_strdup ("—");
  text = g_string_new (NULL);
  for (guint i = 0; i < sums->len; i++)
    {
      g_autofree char *money = mp_money_format (&g_array_index (sums, MpMoney, i));

      if (i > 0)
        g_string_append (text, " · ");
      g_string_append (text, money);
    }
  return g_string_free (text, FALSE);
}

/* The cells of a column whose figures change after their rows are shown
 * (the sums come in after the rows): the factory keeps its bound items and
 * sets their text again on mp_revenue_refresh_factory ().
 */
typedef struct
{
  MpCellTextFunc text_func;
  gpointer       user_data;
  gboolean       numeric;
  GHashTable    *bound;   /* GtkListItem (unowned) */
} LiveColumn;

static void
live_column_free (gpointer data)
{
  LiveColumn *live = data;

  g_hash_table_unref (live->bound);
  g_free (live);
}

static void
live_set_text (LiveColumn  *live,
               GtkListItem *list_item)
{
  gpointer item = gtk_list_item_get_item (list_item);
  g_autofree char *text = item != NULL ? live->text_func (item, live->user_data) : NULL;

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text != NULL ? text : "");
}

static void
live_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               LiveColumn               *live)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), live->numeric ? 1.0 : 0.0);
  if (live->numeric)
    gtk_widget_add_css_class (label, "numeric");
  else
    {
      /* Names (owners) take two narrow lines, leaving the width to the
       * column that expands; the whole name is in the tooltip when cut.
       */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_lines (GTK_LABEL (label), 2);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
      mp_page_label_tooltip_when_cut (GTK_LABEL (label));
    }
  gtk_list_item_set_child (list_item, label);
}

static void
live_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              LiveColumn               *live)
{
  g_hash_table_add (live->bound, list_item);
  live_set_text (live, list_item);
}

static void
live_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                LiveColumn               *live)
{
  g_hash_table_remove (live->bound, list_item);
}

GtkListItemFactory *
mp_revenue_factory_new (MpCellTextFunc text_func,
                        gpointer       user_data,
                        gboolean       numeric)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  LiveColumn *live = g_new0 (LiveColumn, 1);

  live->text_func = text_func;
  live->user_data = user_data;
  live->numeric = numeric;
  live->bound = g_hash_table_new (NULL, NULL);
  g_object_set_data_full (G_OBJECT (factory), "mp-live-column", live, live_column_free);
  g_signal_connect (factory, "setup", G_CALLBACK (live_setup_cb), live);
  g_signal_connect (factory, "bind", G_CALLBACK (live_bind_cb), live);
  g_signal_connect (factory, "unbind", G_CALLBACK (live_unbind_cb), live);
  return factory;
}

/* Sets the text of every bound cell of COLUMN (made by
 * mp_revenue_factory_new ()) again.
 */
void
mp_revenue_refresh_column (GtkColumnViewColumn *column)
{
  GtkListItemFactory *factory;
  LiveColumn *live;
  GHashTableIter iter;
  gpointer list_item;

  g_return_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (column));

  factory = gtk_column_view_column_get_factory (column);
  live = factory != NULL ? g_object_get_data (G_OBJECT (factory), "mp-live-column") : NULL;
  g_return_if_fail (live != NULL);

  g_hash_table_iter_init (&iter, live->bound);
  while (g_hash_table_iter_next (&iter, &list_item, NULL))
    live_set_text (live, list_item);
}

/* Sorts COLUMN with COMPARE, which gets USER_DATA (the page). */
void
mp_revenue_set_sorter (GtkColumnViewColumn *column,
                       GCompareDataFunc     compare,
                       gpointer             user_data)
{
  g_autoptr(GtkCustomSorter) sorter = gtk_custom_sorter_new (compare, user_data, NULL);

  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
}

/* The change of this month in words: "+$12.00 from 2 orders", "−$5.00
 * from 1 order", "No orders this month".
 */
char *
mp_revenue_format_change (GArray *sums,
                          guint   n_orders)
{
  g_autofree char *amounts = NULL;
  GString *text;

  if (n_orders == 0)
    return g_strdup (_("No orders this month"));
  text = g_string_new (NULL);
  for (guint i = 0; sums != NULL && i < sums->len; i++)
    {
      MpMoney amount = g_array_index (sums, MpMoney, i);
      g_autofree char *money = NULL;

      if (i > 0)
        g_string_append (text, " · ");
      g_string_append (text, amount.minor > 0 ? "+" : amount.minor < 0 ? "−" : "±");
      amount.minor = ABS (amount.minor);
      money = mp_money_format (&amount);
      g_string_append (text, money);
    }
  if (text->len == 0)
    g_string_append (text, "—");
  amounts = g_string_free (text, FALSE);
  /* Translators: the change of a monthly total and the orders behind it,
   * "+$12.00 from 2 orders".
   */
  return g_strdup_printf (ngettext ("%s from %u order", "%s from %u orders", n_orders), amounts, n_orders);
}
