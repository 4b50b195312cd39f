/* test-money.c: exact money parsing, arithmetic and formatting.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "mp-money.h"

static void
assert_parse (const char *amount,
              const char *currency,
              gint64      expected_minor,
              const char *expected_string)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *str = NULL;
  MpMoney money;

  g_assert_true (mp_money_parse (amount, currency, &money, &error));
  g_assert_no_error (error);
  g_assert_cmpint (money.minor, ==, expected_minor);
  g_assert_cmpstr (money.currency, ==, currency);
  str = mp_money_to_string (&money);
  g_assert_cmpstr (str, ==, expected_string);
}

static void
assert_parse_fails (const char *amount,
                    const char *currency,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  MpMoney money = { 0 };

  g_assert_false (mp_money_parse (amount, currency, &money, &error));
  g_assert_error (error, MP_MONEY_ERROR, code);
}

static void
test_parse (void)
{
  assert_parse ("12.50", "USD", 1250, "12.50");
  assert_parse ("70.5", "USD", 7050, "70.50");
  assert_parse ("0", "USD", 0, "0.00");
  assert_parse ("-3.07", "EUR", -307, "-3.07");
  assert_parse ("12.500", "GBP", 1250, "12.50");
  assert_parse (".5", "USD", 50, "0.50");
  /* Zero-decimal and three-decimal currencies. */
  assert_parse ("1200", "JPY", 1200, "1200");
  assert_parse ("1200.0", "JPY", 1200, "1200");
  assert_parse ("1.234", "KWD", 1234, "1.234");
  assert_parse ("7", "BHD", 7000, "7.000");
  assert_parse ("92233720368547758.07", "USD", G_MAXINT64, "92233720368547758.07");
}

static void
test_parse_errors (void)
{
  assert_parse_fails ("", "USD", MP_MONEY_ERROR_INVALID);
  assert_parse_fails ("abc", "USD", MP_MONEY_ERROR_INVALID);
  assert_parse_fails ("1,50", "USD", MP_MONEY_ERROR_INVALID);
  assert_parse_fails ("1.", "USD", MP_MONEY_ERROR_INVALID);
  assert_parse_fails ("-", "USD", MP_MONEY_ERROR_INVALID);
  assert_parse_fails ("1e3", "USD", MP_MONEY_ERROR_INVALID);
  assert_parse_fails (" 1", "USD", MP_MONEY_ERROR_INVALID);
  assert_parse_fails ("12.505", "USD", MP_MONEY_ERROR_PRECISION);
  assert_parse_fails ("1.5", "JPY", MP_MONEY_ERROR_PRECISION);
  assert_parse_fails ("1.2345", "KWD", MP_MONEY_ERROR_PRECISION);
  assert_parse_fails ("92233720368547758.08", "USD", MP_MONEY_ERROR_OVERFLOW);
  assert_parse_fails ("99999999999999999999999", "JPY", MP_MONEY_ERROR_OVERFLOW);
  assert_parse_fails ("1.00", "usd", MP_MONEY_ERROR_CURRENCY);
  assert_parse_fails ("1.00", "US", MP_MONEY_ERROR_CURRENCY);
  assert_parse_fails ("1.00", NULL, MP_MONEY_ERROR_CURRENCY);
}

static void
test_arithmetic (void)
{
  g_autoptr(GError) error = NULL;
  MpMoney a, b, c;

  mp_money_init (&a, 1250, "USD");
  mp_money_init (&b, 99, "USD");
  g_assert_true (mp_money_add (&a, &b, &error));
  g_assert_cmpint (a.minor, ==, 1349);

  g_assert_true (mp_money_multiply (&a, 3, &error));
  g_assert_cmpint (a.minor, ==, 4047);

  mp_money_init (&c, 100, "EUR");
  g_assert_false (mp_money_add (&a, &c, &error));
  g_assert_error (error, MP_MONEY_ERROR, MP_MONEY_ERROR_CURRENCY);
  g_clear_error (&error);
  g_assert_cmpint (a.minor, ==, 4047);

  mp_money_init (&a, G_MAXINT64 / 2 + 1, "USD");
  g_assert_false (mp_money_multiply (&a, 2, &error));
  g_assert_error (error, MP_MONEY_ERROR, MP_MONEY_ERROR_OVERFLOW);
  g_clear_error (&error);

  /* 10.00 for 15 of 31 days: 4.8387 rounds to 4.84. */
  mp_money_init (&a, 1000, "USD");
  g_assert_true (mp_money_prorate (&a, 15, 31, &error));
  g_assert_cmpint (a.minor, ==, 484);
  /* Half a cent rounds away from zero, both ways. */
  mp_money_init (&a, 1, "USD");
  g_assert_true (mp_money_prorate (&a, 1, 2, &error));
  g_assert_cmpint (a.minor, ==, 1);
  mp_money_init (&a, -1, "USD");
  g_assert_true (mp_money_prorate (&a, 1, 2, &error));
  g_assert_cmpint (a.minor, ==, -1);
  mp_money_init (&a, 1000, "USD");
  g_assert_true (mp_money_prorate (&a, 0, 31, &error));
  g_assert_cmpint (a.minor, ==, 0);

  mp_money_init (&a, 5, "USD");
  mp_money_init (&b, 5, "USD");
  g_assert_true (mp_money_equal (&a, &b));
  mp_money_init (&b, 5, "CAD");
  g_assert_false (mp_money_equal (&a, &b));
}

static void
assert_format (gint64              minor,
               const char         *currency,
               const MpMoneyStyle *style,
               const char         *expected)
{
  g_autofree char *str = NULL;
  MpMoney money;

  mp_money_init (&money, minor, currency);
  str = mp_money_format_with_style (&money, style);
  g_assert_cmpstr (str, ==, expected);
}

static void
test_format (void)
{
  static const MpMoneyStyle english = { ".", ",", TRUE, FALSE };
  static const MpMoneyStyle german = { ",", ".", FALSE, TRUE };
  static const MpMoneyStyle french = { ",", "\u202f", FALSE, TRUE };
  g_autofree char *c_locale = NULL;
  MpMoney money;

  assert_format (123450, "USD", &english, "$1,234.50");
  assert_format (5, "USD", &english, "$0.05");
  assert_format (-123450, "GBP", &english, "−£1,234.50");
  assert_format (100000000, "JPY", &english, "¥100,000,000");
  assert_format (1234567, "KWD", &english, "KD1,234.567");
  assert_format (123450, "EUR", &german, "1.234,50\u00a0€");
  assert_format (99, "EUR", &german, "0,99\u00a0€");
  assert_format (1234, "JPY", &german, "1.234\u00a0¥");
  assert_format (123456789, "EUR", &french, "1\u202f234\u202f567,89\u00a0€");
  assert_format (100, "XYZ", &english, "XYZ1.00");

  /* The C locale has no monetary conventions: the English fallback. */
  g_assert_nonnull (setlocale (LC_MONETARY, "C"));
  mp_money_init (&money, 123450, "USD");
  c_locale = mp_money_format (&money);
  g_assert_cmpstr (c_locale, ==, "$1,234.50");
}

/* The user's locale decides, through LC_MONETARY. The locales must exist:
 * build-aux/install-deps generates them, and a missing one fails the test
 * (it is a broken machine, not a reason to skip).
 */
static void
assert_locale_format (const char *locale,
                      gint64      minor,
                      const char *currency,
                      const char *expected)
{
  g_autofree char *saved = g_strdup (setlocale (LC_MONETARY, NULL));
  g_autofree char *text = NULL;
  MpMoney money;

  if (setlocale (LC_MONETARY, locale) == NULL)
    g_error ("The locale %s is not installed: run build-aux/install-deps", locale);
  mp_money_init (&money, minor, currency);
  text = mp_money_format (&money);
  setlocale (LC_MONETARY, saved);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_format_locale (void)
{
  assert_locale_format ("de_DE.UTF-8", 123456, "EUR", "1.234,56\u00a0€");
  assert_locale_format ("de_DE.UTF-8", 123456789, "EUR", "1.234.567,89\u00a0€");
  assert_locale_format ("de_DE.UTF-8", -500, "USD", "−5,00\u00a0$");
  assert_locale_format ("en_US.UTF-8", 123456, "USD", "$1,234.56");
  assert_locale_format ("en_US.UTF-8", 123456789, "EUR", "€1,234,567.89");
  assert_locale_format ("en_US.UTF-8", 1234, "JPY", "¥1,234");
}

static void
test_currencies (void)
{
  g_assert_cmpuint (mp_currency_get_decimals ("USD"), ==, 2);
  g_assert_cmpuint (mp_currency_get_decimals ("JPY"), ==, 0);
  g_assert_cmpuint (mp_currency_get_decimals ("KWD"), ==, 3);
  g_assert_true (mp_currency_is_valid ("GBP"));
  g_assert_false (mp_currency_is_valid ("GBPX"));
  g_assert_false (mp_currency_is_valid ("gbp"));
}

static void
test_boxed (void)
{
  g_autoptr(MpMoney) copy = NULL;
  MpMoney money;
  GValue value = G_VALUE_INIT;

  mp_money_init (&money, 4200, "EUR");
  g_value_init (&value, MP_TYPE_MONEY);
  g_value_set_boxed (&value, &money);
  copy = g_value_dup_boxed (&value);
  g_value_unset (&value);
  g_assert_true (mp_money_equal (copy, &money));
}

/* One sum per currency, in the order the currencies came; a credit
 * (negative) lowers its own currency's sum only.
 */
static void
test_sums (void)
{
  g_autoptr(GArray) sums = g_array_new (FALSE, TRUE, sizeof (MpMoney));
  g_autoptr(GError) error = NULL;
  MpMoney amount;

  mp_money_init (&amount, 1250, "USD");
  g_assert_true (mp_money_sums_add (sums, &amount, NULL));
  mp_money_init (&amount, 500, "GBP");
  g_assert_true (mp_money_sums_add (sums, &amount, NULL));
  mp_money_init (&amount, -300, "USD");
  g_assert_true (mp_money_sums_add (sums, &amount, NULL));
  g_assert_cmpuint (sums->len, ==, 2);
  g_assert_cmpint (g_array_index (sums, MpMoney, 0).minor, ==, 950);
  g_assert_cmpstr (g_array_index (sums, MpMoney, 0).currency, ==, "USD");
  g_assert_cmpint (g_array_index (sums, MpMoney, 1).minor, ==, 500);
  g_assert_cmpstr (g_array_index (sums, MpMoney, 1).currency, ==, "GBP");

  mp_money_init (&amount, G_MAXINT64, "GBP");
  g_assert_false (mp_money_sums_add (sums, &amount, &error));
  g_assert_error (error, MP_MONEY_ERROR, MP_MONEY_ERROR_OVERFLOW);
  g_assert_cmpint (g_array_index (sums, MpMoney, 1).minor, ==, 500);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/parse", test_parse);
  g_test_add_func ("/money/parse-errors", test_parse_errors);
  g_test_add_func ("/money/arithmetic", test_arithmetic);
  g_test_add_func ("/money/format", test_format);
  g_test_add_func ("/money/format-locale", test_format_locale);
  g_test_add_func ("/money/currencies", test_currencies);
  g_test_add_func ("/money/boxed", test_boxed);
  g_test_add_func ("/money/sums", test_sums);

  return g_test_run ();
}
