/* mp-money.h
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MP_TYPE_MONEY (mp_money_get_type ())
#define MP_MONEY_ERROR (mp_money_error_quark ())

typedef enum
{
  MP_MONEY_ERROR_INVALID,
  MP_MONEY_ERROR_PRECISION,
  MP_MONEY_ERROR_OVERFLOW,
  MP_MONEY_ERROR_CURRENCY,
} MpMoneyError;

/* An amount of money as an exact count of the currency's minor units
 * (cents for USD, yen for JPY, fils for KWD). Floating point is never used
 * for money anywhere in the program.
 */
typedef struct
{
  gint64 minor;
  char   currency[4];
} MpMoney;

/* How a locale writes amounts of money; filled from the C library's
 * LC_MONETARY by mp_money_format(), or by hand in tests.
 */
typedef struct
{
  const char *decimal_point;
  const char *thousands_sep;
  gboolean    symbol_precedes;
  gboolean    symbol_space;
} MpMoneyStyle;

GType     mp_money_get_type            (void) G_GNUC_CONST;
GQuark    mp_money_error_quark         (void);
guint     mp_currency_get_decimals     (const char         *currency);
const char *mp_currency_get_symbol     (const char         *currency);
gboolean  mp_currency_is_valid         (const char         *currency);
MpMoney  *mp_money_copy                (const MpMoney      *money);
void      mp_money_free                (MpMoney            *money);
void      mp_money_init                (MpMoney            *money,
                                        gint64              minor,
                                        const char         *currency);
gboolean  mp_money_parse               (const char         *amount,
                                        const char         *currency,
                                        MpMoney            *out,
                                        GError            **error);
char     *mp_money_to_string           (const MpMoney      *money) G_GNUC_WARN_UNUSED_RESULT;
char     *mp_money_format              (const MpMoney      *money) G_GNUC_WARN_UNUSED_RESULT;
char     *mp_money_format_with_style   (const MpMoney      *money,
                                        const MpMoneyStyle *style) G_GNUC_WARN_UNUSED_RESULT;
gboolean  mp_money_add                 (MpMoney            *sum,
                                        const MpMoney      *addend,
                                        GError            **error);
gboolean  mp_money_multiply            (MpMoney            *money,
                                        gint64              factor,
                                        GError            **error);
gboolean  mp_money_prorate             (MpMoney            *money,
                                        gint64              numerator,
                                        gint64              denominator,
                                        GError            **error);
gboolean  mp_money_equal               (const MpMoney      *a,
                                        const MpMoney      *b);
/* Adds @amount to the one of @sums (a GArray of MpMoney, one per currency,
 * in the order they came) in its currency, appending it when there is
 * none yet; never adds two currencies together. FALSE on an overflow.
 */
gboolean  mp_money_sums_add            (GArray             *sums,
                                        const MpMoney      *amount,
                                        GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MpMoney, mp_money_free)

G_END_DECLS
