/* mp-server-pricing.h: charges of an order (estimates and order totals)
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mp-db.h"
#include "mp-json-writer.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 product_id;
  gint64 old_quantity;
  gint64 new_quantity;
} MpPriceItem;

typedef struct
{
  char   *type;
  char   *mpn;
  gint64  product_id;
  char   *description;
  gint64  quantity;
  gint64  unit;
  gint64  extended;
  /* The charged span of a recurring (or downgrade) line, "YYYY-MM-DD",
   * first and last day; NULL for other lines. */
  char   *start_date;
  char   *end_date;
} MpChargeLine;

typedef struct
{
  GPtrArray *lines;       /* MpChargeLine */
  gint64     total;
  gint64     monthly;     /* recurring price per month of the new quantities */
  char      *currency;
  char      *period_type;
  gint64     period_duration;
} MpCharges;

/* ORDER_TYPE: sales, change, cancellation or renewal (a full term of
 * ITEMS from 0, no setup fees or one-time services). TODAY: the day charges start;
 * EXPIRES: for a change or a cancellation, the subscription's expiration
 * date (charges are prorated to it); NULL for sales. A cancellation's ITEMS
 * take every product to 0 (none when nothing is refunded); for a full
 * refund TODAY is the term's start.
 */
MpCharges *mp_pricing_compute (MpDb          *db,
                               const char    *currency,
                               const char    *period_type,
                               gint64         period_duration,
                               const char    *order_type,
                               const GArray  *items,
                               GDate         *today,
                               GDate         *expires,
                               GError       **error);
/* The recurring price per month of SUBSCRIPTION_ID after a change: every
 * product at its new quantity in ITEMS (MpPriceItem) or else its current
 * one, rounded once on the total.
 */
gboolean   mp_pricing_subscription_monthly (MpDb          *db,
                                            gint64         subscription_id,
                                            const char    *currency,
                                            const char    *period_type,
                                            gint64         period_duration,
                                            const GArray  *items,
                                            gint64        *monthly,
                                            GError       **error);
void       mp_charges_free    (MpCharges     *charges);
gboolean   mp_charges_store   (MpCharges     *charges,
                               MpDb          *db,
                               gint64         order_id,
                               GError       **error);
/* Writes "details": [...] of ORDER_ID from the database. */
void       mp_pricing_write_details (MpDb         *db,
                                     MpJsonWriter *writer,
                                     gint64        order_id,
                                     const char   *currency);
/* EXTENSIONS: also the extension members startDate and endDate. */
void       mp_charges_write   (MpCharges     *charges,
                               MpJsonWriter  *writer,
                               gboolean       extensions);
/* Adds one period to DATE. */
void       mp_date_add_period (GDate         *date,
                               const char    *type,
                               gint64         duration);
/* Takes one period off DATE. */
void       mp_date_subtract_period (GDate      *date,
                                    const char *type,
                                    gint64      duration);
char      *mp_date_to_string  (const GDate   *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MpCharges, mp_charges_free)

G_END_DECLS
