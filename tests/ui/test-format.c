/* test-format.c: the pages' date and quantity formatters under a German and
 * an English locale.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <langinfo.h>
#include <locale.h>

#include "mp-page-util.h"

/* The locales must exist (build-aux/install-deps generates them): a missing
 * one fails, it does not skip.
 */
static void
use_locale (const char *locale)
{
  if (setlocale (LC_ALL, locale) == NULL)
    g_error ("The locale %s is not installed: run build-aux/install-deps", locale);
}

static void
test_quantity (void)
{
  g_autofree char *de = NULL;
  g_autofree char *de_small = NULL;
  g_autofree char *en = NULL;
  g_autofree char *en_big = NULL;

  use_locale ("de_DE.UTF-8");
  de = mp_page_format_quantity (10000);
  de_small = mp_page_format_quantity (250);
  use_locale ("en_US.UTF-8");
  en = mp_page_format_quantity (10000);
  en_big = mp_page_format_quantity (-1234567);
  use_locale ("C.UTF-8");

  g_assert_cmpstr (de, ==, "10.000");
  g_assert_cmpstr (de_small, ==, "250");
  g_assert_cmpstr (en, ==, "10,000");
  g_assert_cmpstr (en_big, ==, "-1,234,567");
}

/* A date from the API ("2026-12-01") reads with the locale's month name,
 * never as the ISO string; the month name is the C library's for that
 * locale (nl_langinfo), not a string of this test.
 */
static void
assert_date (const char *locale)
{
  g_autofree char *date = NULL;
  g_autofree char *date_time = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expected_time = NULL;

  use_locale (locale);
  date = mp_page_format_date ("2026-12-01");
  date_time = mp_page_format_date ("2026-12-01T10:05:00Z");
  expected = g_strdup_printf ("1 %s 2026", nl_langinfo (ABMON_12));
  expected_time = g_strdup_printf ("1 %s 2026, 10:05", nl_langinfo (ABMON_12));
  use_locale ("C.UTF-8");

  g_assert_cmpstr (date, ==, expected);
  g_assert_cmpstr (date_time, ==, expected_time);
}

static void
test_date (void)
{
  assert_date ("de_DE.UTF-8");
  assert_date ("en_US.UTF-8");
  /* The two locales do differ, so the month name does come from the locale. */
  use_locale ("de_DE.UTF-8");
  g_assert_cmpstr (nl_langinfo (ABMON_12), ==, "Dez");
  use_locale ("C.UTF-8");
}

static void
test_money (void)
{
  MpMoney money;
  g_autofree char *de = NULL;
  g_autofree char *none = NULL;

  mp_money_init (&money, 123456, "EUR");
  use_locale ("de_DE.UTF-8");
  de = mp_page_format_money (&money);
  none = mp_page_format_money (NULL);
  use_locale ("C.UTF-8");
  g_assert_cmpstr (de, ==, "1.234,56\u00a0€");
  g_assert_cmpstr (none, ==, "—");
}

int
main (int   argc,
      char *argv[])
{
  /* Dates with a time are shown in local time: make that UTC. */
  g_setenv ("TZ", "UTC", TRUE);
  use_locale ("C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/quantity", test_quantity);
  g_test_add_func ("/format/date", test_date);
  g_test_add_func ("/format/money", test_money);

  return g_test_run ();
}
