/* mp-money.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-money"

#include "config.h"

#include "mp-money.h"

#include <locale.h>
#include <string.h>

G_DEFINE_BOXED_TYPE (MpMoney, mp_money, mp_money_copy, mp_money_free)
G_DEFINE_QUARK (mp-money-error-quark, mp_money_error)

/* ISO 4217 currencies whose minor unit is not a hundredth. */
static const struct {
  const char *code;
  guint       decimals;
} exponents[] = {
  { "BHD", 3 }, { "IQD", 3 }, { "JOD", 3 }, { "KWD", 3 }, { "LYD", 3 },
  { "OMR", 3 }, { "TND", 3 },
  { "BIF", 0 }, { "CLP", 0 }, { "DJF", 0 }, { "GNF", 0 }, { "ISK", 0 },
  { "JPY", 0 }, { "KMF", 0 }, { "KRW", 0 }, { "PYG", 0 }, { "RWF", 0 },
  { "UGX", 0 }, { "VND", 0 }, { "VUV", 0 }, { "XAF", 0 }, { "XOF", 0 },
  { "XPF", 0 },
};

static const struct {
  const char *code;
  const char *symbol;
} symbols[] = {
  { "USD", "$" }, { "EUR", "€" }, { "GBP", "£" }, { "JPY", "¥" },
  { "AUD", "A$" }, { "CAD", "CA$" }, { "CHF", "CHF" }, { "INR", "₹" },
  { "KWD", "KD" }, { "BHD", "BD" }, { "KRW", "₩" }, { "BRL", "R$" },
};

gboolean
mp_currency_is_valid (const char *currency)
{
  if (currency == NULL || strlen (currency) != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    if (!g_ascii_isupper (currency[i]))
      return FALSE;
  return TRUE;
}

guint
mp_currency_get_decimals (const char *currency)
{
  g_return_val_if_fail (currency != NULL, 2);

  for (guint i = 0; i < G_N_ELEMENTS (exponents); i++)
    if (strcmp (exponents[i].code, currency) == 0)
      return exponents[i].decimals;
  return 2;
}

const char *
mp_currency_get_symbol (const char *currency)
{
  g_return_val_if_fail (currency != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (strcmp (symbols[i].code, currency) == 0)
      return symbols[i].symbol;
  return currency;
}

static gint64
pow10_i64 (guint n)
{
  gint64 r = 1;
  while (n-- > 0)
    r *= 10;
  return r;
}

MpMoney *
mp_money_copy (const MpMoney *money)
{
  return g_memdup2 (money, sizeof *money);
}

void
mp_money_free (MpMoney *money)
{
  g_free (money);
}

void
mp_money_init (MpMoney    *money,
               gint64      minor,
               const char *currency)
{
  g_return_if_fail (money != NULL);
  g_return_if_fail (currency != NULL);

  money->minor = minor;
  g_strlcpy (money->currency, currency, sizeof money->currency);
}

/* Parses a decimal string such as "70.5", "-12.50" or "1200" into minor
 * units. Extra fractional digits are accepted only when they are zeros, so
 * that "12.500" is twelve dollars fifty but "12.505" is refused rather than
 * silently rounded.
 */
gboolean
mp_money_parse (const char  *amount,
                const char  *currency,
                MpMoney     *out,
                GError     **error)
{
  const char *p = amount;
  gboolean negative = FALSE;
  guint decimals;
  guint64 whole = 0;
  guint64 frac = 0;
  guint frac_digits = 0;
  guint64 limit;
  guint64 minor;
  gboolean any_digit = FALSE;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!mp_currency_is_valid (currency))
    {
      g_set_error (error, MP_MONEY_ERROR, MP_MONEY_ERROR_CURRENCY,
                   "“%s” is not an ISO 4217 currency code", currency ? currency : "");
      return FALSE;
    }
  if (amount == NULL || *amount == '\0')
    {
      g_set_error_literal (error, MP_MONEY_ERROR, MP_MONEY_ERROR_INVALID,
                           "The amount is empty");
      return FALSE;
    }

  decimals = mp_currency_get_decimals (currency);
  limit = (guint64) G_MAXINT64 / pow10_i64 (decimals);

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }

  for (; g_ascii_isdigit (*p); p++)
    {
      any_digit = TRUE;
      if (whole > (limit - (guint64) (*p - '0')) / 10)
        {
          g_set_error (error, MP_MONEY_ERROR, MP_MONEY_ERROR_OVERFLOW,
                       "The amount “%s” is too large", amount);
          return FALSE;
        }
      whole = whole * 10 + (guint64) (*p - '0');
    }

  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        goto invalid;
      for (; g_ascii_isdigit (*p); p++)
        {
          any_digit = TRUE;
          if (frac_digits < decimals)
            {
              frac = frac * 10 + (guint64) (*p - '0');
              frac_digits++;
            }
          else if (*p != '0')
            {
              g_set_error (error, MP_MONEY_ERROR, MP_MONEY_ERROR_PRECISION,
                           "The amount “%s” has more than %u decimals for %s",
                           amount, decimals, currency);
              return FALSE;
            }
        }
    }

  if (*p != '\0' || !any_digit)
    goto invalid;

  frac *= (guint64) pow10_i64 (decimals - frac_digits);
  minor = whole * (guint64) pow10_i64 (decimals) + frac;
  if (minor > (guint64) G_MAXINT64)
    {
      g_set_error (error, MP_MONEY_ERROR, MP_MONEY_ERROR_OVERFLOW,
                   "The amount “%s” is too large", amount);
      return FALSE;
    }

  mp_money_init (out, negative ? -(gint64) minor : (gint64) minor, currency);
  return TRUE;

invalid:
  g_set_error (error, MP_MONEY_ERROR, MP_MONEY_ERROR_INVALID,
               "“%s” is not a decimal amount", amount);
  return FALSE;
}

static void
split (const MpMoney *money,
       guint64       *whole,
       guint64       *frac,
       guint         *decimals)
{
  guint64 magnitude = money->minor < 0 ? (guint64) 0 - (guint64) money->minor
                                       : (guint64) money->minor;
  guint64 scale;

  *decimals = mp_currency_get_decimals (money->currency);
  scale = (guint64) pow10_i64 (*decimals);
  *whole = magnitude / scale;
  *frac = magnitude % scale;
}

/* The API's form: a plain decimal string with the currency's full number of
 * decimals and a dot, whatever the locale.
 */
char *
mp_money_to_string (const MpMoney *money)
{
  guint64 whole, frac;
  guint decimals;

  g_return_val_if_fail (money != NULL, NULL);

  split (money, &whole, &frac, &decimals);
  if (decimals == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, money->minor < 0 ? "-" : "", whole);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                          money->minor < 0 ? "-" : "", whole, (int) decimals, frac);
}

char *
mp_money_format_with_style (const MpMoney      *money,
                            const MpMoneyStyle *style)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  guint64 whole, frac;
  guint decimals;
  const char *symbol;
  const char *sep;
  g_autofree char *whole_str = NULL;
  gsize len;

  g_return_val_if_fail (money != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);

  split (money, &whole, &frac, &decimals);
  whole_str = g_strdup_printf ("%" G_GUINT64_FORMAT, whole);
  len = strlen (whole_str);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0 && style->thousands_sep != NULL)
        g_string_append (digits, style->thousands_sep);
      g_string_append_c (digits, whole_str[i]);
    }
  if (decimals > 0)
    g_string_append_printf (digits, "%s%0*" G_GUINT64_FORMAT,
                            style->decimal_point ? style->decimal_point : ".",
                            (int) decimals, frac);

  symbol = mp_currency_get_symbol (money->currency);
  /* A narrow no-break space keeps the symbol with its number. */
  sep = style->symbol_space ? "\u00a0" : "";
  if (money->minor < 0)
    g_string_append (out, "−");
  if (style->symbol_precedes)
    g_string_append_printf (out, "%s%s%s", symbol, sep, digits->str);
  else
    g_string_append_printf (out, "%s%s%s", digits->str, sep, symbol);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Formats for the user's locale (LC_MONETARY). The C locale defines no
 * monetary conventions, so it falls back to the English style "$1,234.50".
 */
char *
mp_money_format (const MpMoney *money)
{
  const struct lconv *lc = localeconv ();
  MpMoneyStyle style = {
    .decimal_point = ".",
    .thousands_sep = ",",
    .symbol_precedes = TRUE,
    .symbol_space = FALSE,
  };

  g_return_val_if_fail (money != NULL, NULL);

  if (lc != NULL && lc->mon_decimal_point != NULL && *lc->mon_decimal_point != '\0')
    {
      style.decimal_point = lc->mon_decimal_point;
      style.thousands_sep = lc->mon_thousands_sep;
      if (lc->p_cs_precedes != CHAR_MAX)
        style.symbol_precedes = lc->p_cs_precedes != 0;
      if (lc->p_sep_by_space != CHAR_MAX)
        style.symbol_space = lc->p_sep_by_space != 0;
    }

  return mp_money_format_with_style (money, &style);
}

static gboolean
same_currency (const MpMoney  *a,
               const MpMoney  *b,
               GError        **error)
{
  if (strcmp (a->currency, b->currency) == 0)
    return TRUE;
  g_set_error (error, MP_MONEY_ERROR, MP_MONEY_ERROR_CURRENCY,
               "Cannot add %s to %s", b->currency, a->currency);
  return FALSE;
}

gboolean
mp_money_add (MpMoney        *sum,
              const MpMoney  *addend,
              GError        **error)
{
  gint64 r;

  g_return_val_if_fail (sum != NULL && addend != NULL, FALSE);

  if (!same_currency (sum, addend, error))
    return FALSE;
  if (__builtin_add_overflow (sum->minor, addend->minor, &r))
    {
      g_set_error_literal (error, MP_MONEY_ERROR, MP_MONEY_ERROR_OVERFLOW,
                           "The sum is too large");
      return FALSE;
    }
  sum->minor = r;
  return TRUE;
}

gboolean
mp_money_multiply (MpMoney  *money,
                   gint64    factor,
                   GError  **error)
{
  gint64 r;

  g_return_val_if_fail (money != NULL, FALSE);

  if (__builtin_mul_overflow (money->minor, factor, &r))
    {
      g_set_error_literal (error, MP_MONEY_ERROR, MP_MONEY_ERROR_OVERFLOW,
                           "The product is too large");
      return FALSE;
    }
  money->minor = r;
  return TRUE;
}

/* Scales by numerator/denominator (e.g. days left / days in the period),
 * rounding half away from zero to the nearest minor unit.
 */
gboolean
mp_money_prorate (MpMoney  *money,
                  gint64    numerator,
                  gint64    denominator,
                  GError  **error)
{
  gint64 product;
  gint64 q, rem;

  g_return_val_if_fail (money != NULL, FALSE);
  g_return_val_if_fail (denominator > 0, FALSE);

  if (__builtin_mul_overflow (money->minor, numerator, &product))
    {
      g_set_error_literal (error, MP_MONEY_ERROR, MP_MONEY_ERROR_OVERFLOW,
                           "The prorated amount is too large");
      return FALSE;
    }
  q = product / denominator;
  rem = product % denominator;
  if (rem != 0 && (rem < 0 ? -rem : rem) * 2 >= denominator)
    q += product < 0 ? -1 : 1;
  money->minor = q;
  return TRUE;
}

gboolean
mp_money_equal (const MpMoney *a,
                const MpMoney *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return a->minor == b->minor && strcmp (a->currency, b->currency) == 0;
}

gboolean
mp_money_sums_add (GArray        *sums,
                   const MpMoney *amount,
                   GError       **error)
{
  guint i;

  g_return_val_if_fail (sums != NULL, FALSE);
  g_return_val_if_fail (g_array_get_element_size (sums) == sizeof (MpMoney), FALSE);
  g_return_val_if_fail (amount != NULL, FALSE);

  for (i = 0; i < sums->len; i++)
    if (strcmp (g_array_index (sums, MpMoney, i).currency, amount->currency) == 0)
      return mp_money_add (&g_array_index (sums, MpMoney, i), amount, error);
  g_array_append_val (sums, *amount);
  return TRUE;
}
