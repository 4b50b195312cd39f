/* mp-server-pricing.c: charges of an order (estimates and order totals)
 *
 * Exact money in minor units throughout; prorating rounds half away from
 * zero once per line, and the monthly price once on its total.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-server"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "mp-money.h"
#include "mp-server-clock.h"
#include "mp-server-pricing.h"

static void
charge_line_free (gpointer data)
{
  MpChargeLine *line = data;

  g_free (line->type);
  g_free (line->mpn);
  g_free (line->description);
  g_free (line->start_date);
  g_free (line->end_date);
  g_free (line);
}

void
mp_charges_free (MpCharges *charges)
{
  if (charges == NULL)
    return;
  g_clear_pointer (&charges->lines, g_ptr_array_unref);
  g_free (charges->currency);
  g_free (charges->period_type);
  g_free (charges);
}

void
mp_date_add_period (GDate      *date,
                    const char *type,
                    gint64      duration)
{
  if (strcmp (type, "year") == 0)
    g_date_add_years (date, (guint) duration);
  else if (strcmp (type, "month") == 0)
    g_date_add_months (date, (guint) duration);
  else
    g_date_add_days (date, (guint) duration);
}

void
mp_date_subtract_period (GDate      *date,
                         const char *type,
                         gint64      duration)
{
  if (strcmp (type, "year") == 0)
    g_date_subtract_years (date, (guint) duration);
  else if (strcmp (type, "month") == 0)
    g_date_subtract_months (date, (guint) duration);
  else
    g_date_subtract_days (date, (guint) duration);
}

char *
mp_date_to_string (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static const char *
term_unit (const char *type)
{
  if (strcmp (type, "year") == 0)
    return "Year(s)";
  if (strcmp (type, "month") == 0)
    return "Month(s)";
  return "Day(s)";
}

static MpChargeLine *
add_line (MpCharges  *charges,
          const char *type,
          const char *mpn,
          gint64      product_id,
          char       *description,
          gint64      quantity,
          gint64      unit,
          gint64      extended)
{
  MpChargeLine *line = g_new0 (MpChargeLine, 1);

  line->type = g_strdup (type);
  line->mpn = g_strdup (mpn);
  line->product_id = product_id;
  line->description = description;
  line->quantity = quantity;
  line->unit = unit;
  line->extended = extended;
  charges->total += extended;
  g_ptr_array_add (charges->lines, line);
  return line;
}

static gboolean
multiply (gint64   a,
          gint64   b,
          gint64  *out,
          GError **error)
{
  if (__builtin_mul_overflow (a, b, out))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "The amount is too large.");
      return FALSE;
    }
  return TRUE;
}

MpCharges *
mp_pricing_compute (MpDb          *db,
                    const char    *currency,
                    const char    *period_type,
                    gint64         period_duration,
                    const char    *order_type,
                    const GArray  *items,
                    GDate         *today,
                    GDate         *expires,
                    GError       **error)
{
  g_autoptr(MpCharges) charges = g_new0 (MpCharges, 1);
  /* A cancellation's items take every product to 0: its refund, prorated
   * from TODAY (the term's start for a full refund) like a change. */
  gboolean cancellation = strcmp (order_type, "cancellation") == 0;
  gboolean change = strcmp (order_type, "change") == 0 || cancellation;
  /* A renewal charges the next full term of what the subscription has:
   * ITEMS go from 0, without setup fees or one-time services. */
  gboolean renewal = strcmp (order_type, "renewal") == 0;
  GDate end, start;
  g_autofree char *from = mp_date_to_string (today);
  g_autofree char *through = NULL;
  gint64 period_days, remaining_days;
  gint64 term_recurring = 0;
  guint i;

  charges->lines = g_ptr_array_new_with_free_func (charge_line_free);
  charges->currency = g_strdup (currency);
  charges->period_type = g_strdup (period_type);
  charges->period_duration = period_duration;

  /* The charged span: a full term for a sale, the rest of the term for a change. */
  if (change && expires != NULL)
    end = *expires;
  else
    {
      end = *today;
      mp_date_add_period (&end, period_type, period_duration);
    }
  start = end;
  mp_date_subtract_period (&start, period_type, period_duration);
  period_days = MAX (1, g_date_days_between (&start, &end));
  remaining_days = CLAMP (g_date_days_between (today, &end), 0, period_days);
  {
    GDate last = end;

    g_date_subtract_days (&last, 1);
    through = mp_date_to_string (&last);
  }

  for (i = 0; i < items->len; i++)
    {
      const MpPriceItem *item = &g_array_index (items, MpPriceItem, i);
      sqlite3_stmt *stmt = mp_db_prepare (db,
                                          "SELECT p.mpn, " MP_TR ("product", "p.mpn", "name", "p.name") ","
                                          " p.included, p.one_time, pr.setup, pr.recurring"
                                          " FROM products p JOIN prices pr ON pr.product_id = p.id"
                                          " WHERE p.id = ? AND pr.currency = ? AND pr.period_type = ?"
                                          " AND pr.period_duration = ?");
      g_autofree char *mpn = NULL;
      g_autofree char *name = NULL;
      gint64 included, setup, recurring, delta, billable_old, billable_new, amount;
      gboolean one_time;

      sqlite3_bind_int64 (stmt, 1, item->product_id);
      sqlite3_bind_text (stmt, 2, currency, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, period_type, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, period_duration);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "Product #%" G_GINT64_FORMAT " has no %s price for a %" G_GINT64_FORMAT " %s term.",
                       item->product_id, currency, period_duration, period_type);
          return NULL;
        }
      mpn = g_strdup (mp_db_text (stmt, 0));
      name = g_strdup (mp_db_text (stmt, 1));
      included = sqlite3_column_int64 (stmt, 2);
      one_time = sqlite3_column_int (stmt, 3) != 0;
      setup = sqlite3_column_int64 (stmt, 4);
      recurring = sqlite3_column_int64 (stmt, 5);
      sqlite3_reset (stmt);

      delta = item->new_quantity - item->old_quantity;
      if (renewal && one_time)
        continue;
      if (renewal)
        setup = 0;
      if (one_time)
        {
          if (delta > 0)
            {
              if (!multiply (delta, setup, &amount, error))
                return NULL;
              add_line (charges, "nonProvisioningItem", mpn, item->product_id,
                        g_strdup_printf ("%s (one-time service)", name), delta, setup, amount);
            }
          continue;
        }
      if (delta > 0 && setup > 0)
        {
          if (!multiply (delta, setup, &amount, error))
            return NULL;
          add_line (charges, "setup", mpn, item->product_id, g_strdup_printf ("%s Setup", name),
                    delta, setup, amount);
        }
      billable_old = MAX (0, item->old_quantity - included);
      billable_new = MAX (0, item->new_quantity - included);
      if (billable_new - billable_old != 0)
        {
          char *description = g_strdup_printf ("%s Recurring (%" G_GINT64_FORMAT " %s term) from %s through %s",
                                               name, period_duration, term_unit (period_type), from, through);
          MpChargeLine *line;
          MpMoney money;

          if (!multiply (billable_new - billable_old, recurring, &amount, error))
            {
              g_free (description);
              return NULL;
            }
          mp_money_init (&money, amount, currency);
          if (change && !mp_money_prorate (&money, remaining_days, period_days, error))
            {
              g_free (description);
              return NULL;
            }
          /* A cancellation's refund is SimpleAPI's "cancellation" line. */
          line = add_line (charges, cancellation ? "cancellation" : amount < 0 ? "downgrade" : "recurring",
                           mpn, item->product_id,
                           description, billable_new - billable_old, recurring, money.minor);
          line->start_date = g_strdup (from);
          line->end_date = g_strdup (through);
        }
      /* The recurring price of the term for what the subscription will
       * have; turned into a price per month once, below. */
      if (billable_new > 0)
        {
          if (!multiply (billable_new, recurring, &amount, error))
            return NULL;
          if (__builtin_add_overflow (term_recurring, amount, &term_recurring))
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "The amount is too large.");
              return NULL;
            }
        }
    }

  /* Price per month, rounded once on the total (not per line). */
  {
    MpMoney monthly;
    gint64 months = strcmp (period_type, "year") == 0 ? 12 * period_duration
                    : strcmp (period_type, "month") == 0 ? period_duration : 0;

    mp_money_init (&monthly, term_recurring, currency);
    if (months > 0 && !mp_money_prorate (&monthly, 1, months, error))
      return NULL;
    if (months == 0 && !mp_money_prorate (&monthly, 30, MAX (1, period_duration), error))
      return NULL;
    charges->monthly = monthly.minor;
  }
  return g_steal_pointer (&charges);
}

gboolean
mp_pricing_subscription_monthly (MpDb          *db,
                                 gint64         subscription_id,
                                 const char    *currency,
                                 const char    *period_type,
                                 gint64         period_duration,
                                 const GArray  *items,
                                 gint64        *monthly,
                                 GError       **error)
{
  g_autoptr(GArray) all = g_array_new (FALSE, TRUE, sizeof (MpPriceItem));
  g_autoptr(MpCharges) charges = NULL;
  sqlite3_stmt *stmt = mp_db_prepare (db,
                                      "SELECT product_id, quantity FROM subscription_products"
                                      " WHERE subscription_id = ?");
  GDate today;

  sqlite3_bind_int64 (stmt, 1, subscription_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MpPriceItem item = { 0 };

      item.product_id = sqlite3_column_int64 (stmt, 0);
      item.old_quantity = item.new_quantity = sqlite3_column_int64 (stmt, 1);
      g_array_append_val (all, item);
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < items->len; i++)
    {
      const MpPriceItem *change = &g_array_index (items, MpPriceItem, i);
      guint j;

      for (j = 0; j < all->len; j++)
        if (g_array_index (all, MpPriceItem, j).product_id == change->product_id)
          break;
      if (j == all->len)
        g_array_append_val (all, *change);
      g_array_index (all, MpPriceItem, j).old_quantity = change->new_quantity;
      g_array_index (all, MpPriceItem, j).new_quantity = change->new_quantity;
    }

  /* Nothing changes quantity here: no charge lines, only the monthly price. */
  g_date_clear (&today, 1);
  mp_server_clock_today (&today);
  charges = mp_pricing_compute (db, currency, period_type, period_duration, "sales", all, &today, NULL, error);
  if (charges == NULL)
    return FALSE;
  *monthly = charges->monthly;
  return TRUE;
}

gboolean
mp_charges_store (MpCharges  *charges,
                  MpDb       *db,
                  gint64      order_id,
                  GError    **error)
{
  guint i;

  for (i = 0; i < charges->lines->len; i++)
    {
      MpChargeLine *line = g_ptr_array_index (charges->lines, i);
      sqlite3_stmt *stmt = mp_db_prepare (db,
                                          "INSERT INTO order_details (order_id, position, type, mpn, product_id,"
                                          " description, quantity, unit, extended, duration_type, duration)"
                                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

      sqlite3_bind_int64 (stmt, 1, order_id);
      sqlite3_bind_int (stmt, 2, (int) i);
      sqlite3_bind_text (stmt, 3, line->type, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, line->mpn, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, line->product_id);
      sqlite3_bind_text (stmt, 6, line->description, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 7, line->quantity);
      sqlite3_bind_int64 (stmt, 8, line->unit);
      sqlite3_bind_int64 (stmt, 9, line->extended);
      sqlite3_bind_text (stmt, 10, charges->period_type, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 11, charges->period_duration);
      if (!mp_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static void
write_detail (MpJsonWriter *writer,
              const char   *type,
              const char   *mpn,
              gint64        product_id,
              const char   *description,
              gint64        quantity,
              gint64        unit,
              gint64        extended,
              const char   *currency,
              const char   *duration_type,
              gint64        duration,
              const char   *start_date,
              const char   *end_date)
{
  mp_json_begin_object (writer);
  mp_json_member_string (writer, "type", type);
  mp_json_member_string (writer, "mpn", mpn);
  mp_json_member_id (writer, "productId", product_id);
  mp_json_member_string (writer, "description", description);
  mp_json_member_int (writer, "quantity", quantity);
  mp_json_member_period (writer, "duration", duration_type, duration);
  mp_json_member_money (writer, "unitPrice", unit, currency);
  mp_json_member_money (writer, "extendedPrice", extended, currency);
  /* Extensions: the charged span, so that clients can write the line in
   * their user's language instead of showing the English description. */
  if (start_date != NULL && end_date != NULL)
    {
      mp_json_member_string (writer, "startDate", start_date);
      mp_json_member_string (writer, "endDate", end_date);
    }
  mp_json_end_object (writer);
}

void
mp_charges_write (MpCharges    *charges,
                  MpJsonWriter *writer,
                  gboolean      extensions)
{
  guint i;

  mp_json_key (writer, "details");
  mp_json_begin_array (writer);
  for (i = 0; i < charges->lines->len; i++)
    {
      MpChargeLine *line = g_ptr_array_index (charges->lines, i);

      write_detail (writer, line->type, line->mpn, line->product_id, line->description,
                    line->quantity, line->unit, line->extended, charges->currency,
                    charges->period_type, charges->period_duration,
                    extensions ? line->start_date : NULL, extensions ? line->end_date : NULL);
    }
  mp_json_end_array (writer);
}

void
mp_pricing_write_details (MpDb         *db,
                          MpJsonWriter *writer,
                          gint64        order_id,
                          const char   *currency)
{
  sqlite3_stmt *stmt = mp_db_prepare (db,
                                      "SELECT type, mpn, product_id, description, quantity, unit, extended,"
                                      " duration_type, duration FROM order_details WHERE order_id = ?"
                                      " ORDER BY position");

  sqlite3_bind_int64 (stmt, 1, order_id);
  mp_json_key (writer, "details");
  mp_json_begin_array (writer);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    write_detail (writer, mp_db_text (stmt, 0), mp_db_text (stmt, 1), sqlite3_column_int64 (stmt, 2),
                  mp_db_text (stmt, 3), sqlite3_column_int64 (stmt, 4), sqlite3_column_int64 (stmt, 5),
                  sqlite3_column_int64 (stmt, 6), currency, mp_db_text (stmt, 7),
                  sqlite3_column_int64 (stmt, 8), NULL, NULL);
  sqlite3_reset (stmt);
  mp_json_end_array (writer);
}
