/* mp-renewal-monitor.c: renewals ahead and the commitment windows that close
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include <string.h>

#include "mp-renewal-monitor.h"

#define MIN_DAYS 1
#define MAX_DAYS 30

struct _MpRenewalMonitor
{
  GObject     parent_instance;

  guint       days;
  GHashTable *sent;   /* key -> NULL */
};

G_DEFINE_FINAL_TYPE (MpRenewalMonitor, mp_renewal_monitor, G_TYPE_OBJECT)

static gboolean
parse_day (const char *text,
           GDate      *day)
{
  g_date_clear (day, 1);
  if (text == NULL || strlen (text) < 10)
    return FALSE;
  g_date_set_parse (day, text);
  return g_date_valid (day);
}

void
mp_renewal_get_today (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_if_fail (today != NULL);

  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
}

char *
mp_renewal_day_to_string (const GDate *day)
{
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (day), g_date_get_month (day),
                          g_date_get_day (day));
}

gboolean
mp_renewal_get_renewal_day (MpSubscription *subscription,
                            GDate          *day)
{
  const char *date;

  g_return_val_if_fail (MP_IS_SUBSCRIPTION (subscription), FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  date = mp_subscription_get_renewal_date (subscription);
  if (date == NULL)
    date = mp_subscription_get_expiration_date (subscription);
  return parse_day (date, day);
}

gboolean
mp_renewal_renews_within (MpSubscription *subscription,
                          const GDate    *today,
                          guint           days)
{
  GDate renewal;
  int ahead;

  g_return_val_if_fail (MP_IS_SUBSCRIPTION (subscription), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (g_strcmp0 (mp_subscription_get_status (subscription), "active") != 0 ||
      !mp_renewal_get_renewal_day (subscription, &renewal))
    return FALSE;
  ahead = g_date_days_between (today, &renewal);
  return ahead >= 0 && (guint) ahead <= days;
}

gboolean
mp_renewal_get_last_change_day (MpSubscription *subscription,
                                GDate          *day)
{
  GDate renewal;

  g_return_val_if_fail (MP_IS_SUBSCRIPTION (subscription), FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  g_date_clear (day, 1);
  if (g_strcmp0 (mp_subscription_get_status (subscription), "active") != 0 ||
      !mp_renewal_get_renewal_day (subscription, &renewal))
    return FALSE;

  /* Such a plan allows no change that the refund window does not; one
   * without a refund window allows none at all.
   */
  if (g_strcmp0 (mp_subscription_get_after_refund_window (subscription), "refused") == 0)
    return parse_day (mp_subscription_get_full_refund_until (subscription), day);

  *day = renewal;
  g_date_subtract_days (day, 1);
  return TRUE;
}

gboolean
mp_renewal_is_window_open (MpSubscription *subscription,
                           const GDate    *today)
{
  GDate last;

  g_return_val_if_fail (MP_IS_SUBSCRIPTION (subscription), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (!mp_renewal_get_last_change_day (subscription, &last))
    return FALSE;
  return g_date_compare (today, &last) <= 0;
}

gboolean
mp_renewal_get_recurring_total (MpSubscription *subscription,
                                MpMoney        *total)
{
  const MpMoney *price;
  GListModel *lines;
  guint n;

  g_return_val_if_fail (MP_IS_SUBSCRIPTION (subscription), FALSE);
  g_return_val_if_fail (total != NULL, FALSE);

  price = mp_subscription_get_total_price (subscription);
  if (price != NULL)
    {
      *total = *price;
      return TRUE;
    }

  lines = mp_subscription_get_resources (subscription);
  n = g_list_model_get_n_items (lines);
  if (n == 0)
    return FALSE;
  mp_money_init (total, 0, "");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpSubscriptionResource) line = g_list_model_get_item (lines, i);
      const MpMoney *unit = mp_subscription_resource_get_unit_price (line);
      MpMoney extended;
      gint64 billable;

      /* A row without prices says nothing about the total. */
      if (unit == NULL)
        return FALSE;
      if (total->currency[0] == '\0')
        mp_money_init (total, 0, unit->currency);
      if (mp_subscription_resource_get_one_time (line))
        continue;
      billable = MAX (0, mp_subscription_resource_get_quantity (line) -
                         mp_subscription_resource_get_included (line));
      extended = *unit;
      if (!mp_money_multiply (&extended, billable, NULL) || !mp_money_add (total, &extended, NULL))
        return FALSE;
    }
  return TRUE;
}

static void
mp_renewal_monitor_finalize (GObject *object)
{
  MpRenewalMonitor *self = (MpRenewalMonitor *) object;

  g_clear_pointer (&self->sent, g_hash_table_unref);

  G_OBJECT_CLASS (mp_renewal_monitor_parent_class)->finalize (object);
}

static void
mp_renewal_monitor_class_init (MpRenewalMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_renewal_monitor_finalize;
}

static void
mp_renewal_monitor_init (MpRenewalMonitor *self)
{
  self->days = 7;
  self->sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

MpRenewalMonitor *
mp_renewal_monitor_new (guint days)
{
  MpRenewalMonitor *self = g_object_new (MP_TYPE_RENEWAL_MONITOR, NULL);

  mp_renewal_monitor_set_days (self, days);
  return self;
}

guint
mp_renewal_monitor_get_days (MpRenewalMonitor *self)
{
  g_return_val_if_fail (MP_IS_RENEWAL_MONITOR (self), 0);

  return self->days;
}

void
mp_renewal_monitor_set_days (MpRenewalMonitor *self,
                             guint             days)
{
  g_return_if_fail (MP_IS_RENEWAL_MONITOR (self));

  self->days = CLAMP (days, MIN_DAYS, MAX_DAYS);
}

char *
mp_renewal_monitor_get_key (MpRenewalMonitor *self,
                            MpSubscription   *subscription)
{
  g_autofree char *day_text = NULL;
  GDate last;

  g_return_val_if_fail (MP_IS_RENEWAL_MONITOR (self), NULL);
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (subscription), NULL);

  if (mp_subscription_get_id (subscription) == NULL ||
      !mp_renewal_get_last_change_day (subscription, &last))
    return NULL;
  day_text = mp_renewal_day_to_string (&last);
  return g_strdup_printf ("%s:%s", mp_subscription_get_id (subscription), day_text);
}

typedef struct
{
  MpSubscription *subscription;
  GDate           last;
} Due;

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  const Due *da = *(Due * const *) a;
  const Due *db = *(Due * const *) b;
  int by_day = g_date_compare (&da->last, &db->last);

  if (by_day != 0)
    return by_day;
  return g_strcmp0 (mp_subscription_get_id (da->subscription), mp_subscription_get_id (db->subscription));
}

GPtrArray *
mp_renewal_monitor_check (MpRenewalMonitor *self,
                          GListModel       *subscriptions,
                          const GDate      *today)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *result;
  guint n;

  g_return_val_if_fail (MP_IS_RENEWAL_MONITOR (self), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (subscriptions), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  n = g_list_model_get_n_items (subscriptions);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpSubscription) subscription = g_list_model_get_item (subscriptions, i);
      g_autofree char *key = NULL;
      Due *entry;
      int left;

      if (!MP_IS_SUBSCRIPTION (subscription) || !mp_subscription_get_auto_renew (subscription) ||
          !mp_renewal_is_window_open (subscription, today))
        continue;
      key = mp_renewal_monitor_get_key (self, subscription);
      if (key == NULL || g_hash_table_contains (self->sent, key))
        continue;
      entry = g_new0 (Due, 1);
      mp_renewal_get_last_change_day (subscription, &entry->last);
      left = g_date_days_between (today, &entry->last);
      if (left < 0 || (guint) left >= self->days)
        {
          g_free (entry);
          continue;
        }
      entry->subscription = subscription;
      g_ptr_array_add (due, entry);
    }

  g_ptr_array_sort (due, compare_due);
  result = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < due->len; i++)
    g_ptr_array_add (result, g_object_ref (((Due *) g_ptr_array_index (due, i))->subscription));
  return result;
}

void
mp_renewal_monitor_mark_sent (MpRenewalMonitor *self,
                              MpSubscription   *subscription)
{
  char *key;

  g_return_if_fail (MP_IS_RENEWAL_MONITOR (self));
  g_return_if_fail (MP_IS_SUBSCRIPTION (subscription));

  key = mp_renewal_monitor_get_key (self, subscription);
  if (key != NULL)
    g_hash_table_add (self->sent, key);
}

void
mp_renewal_monitor_set_sent (MpRenewalMonitor   *self,
                             const char * const *keys)
{
  g_return_if_fail (MP_IS_RENEWAL_MONITOR (self));

  g_hash_table_remove_all (self->sent);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    g_hash_table_add (self->sent, g_strdup (keys[i]));
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char **
mp_renewal_monitor_get_sent (MpRenewalMonitor *self,
                             const GDate      *today)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (MP_IS_RENEWAL_MONITOR (self), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  g_hash_table_iter_init (&iter, self->sent);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *colon = strrchr (key, ':');
      GDate last;

      if (colon != NULL && parse_day (colon + 1, &last) && g_date_compare (&last, today) < 0)
        continue;
      g_ptr_array_add (kept, g_strdup (key));
    }
  g_ptr_array_sort (kept, compare_keys);
  g_ptr_array_add (kept, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&kept), FALSE);
}
