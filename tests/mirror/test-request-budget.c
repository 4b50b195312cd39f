/* test-request-budget.c: the token bucket of the mirror, on a fake clock
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-request-budget.h"

static gint64 fake_now;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

typedef struct
{
  guint granted;
  guint cancelled;
} Counts;

static void
granted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Counts *counts = user_data;
  g_autoptr(GError) error = NULL;

  if (mp_request_budget_acquire_finish (MP_REQUEST_BUDGET (object), result, &error))
    counts->granted++;
  else
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      counts->cancelled++;
    }
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static MpRequestBudget *
new_budget (double rate,
            guint  burst)
{
  MpRequestBudget *budget = mp_request_budget_new (rate, burst);

  fake_now = 1000000;
  mp_request_budget_set_clock (budget, fake_clock, NULL);
  return budget;
}

static void
advance (MpRequestBudget *budget,
         gint64           ms)
{
  fake_now += ms * 1000;
  mp_request_budget_dispatch (budget);
  spin ();
}

/* A full bucket grants "burst" requests at once (within the in-flight
 * limit), then one every 1/rate seconds.
 */
static void
test_rate_and_burst (void)
{
  g_autoptr(MpRequestBudget) budget = new_budget (2.0, 3);
  Counts counts = { 0, 0 };

  for (guint i = 0; i < 10; i++)
    mp_request_budget_acquire_async (budget, NULL, granted_cb, &counts);
  spin ();
  g_assert_cmpuint (counts.granted, ==, 3);
  g_assert_cmpuint (mp_request_budget_get_waiting (budget), ==, 7);
  /* Answers come back at once: only tokens hold the rest. */
  for (guint i = 0; i < 3; i++)
    mp_request_budget_release (budget, 200, 0);
  spin ();
  g_assert_cmpuint (counts.granted, ==, 3);
  advance (budget, 499);
  g_assert_cmpuint (counts.granted, ==, 3);
  advance (budget, 1);
  g_assert_cmpuint (counts.granted, ==, 4);
  mp_request_budget_release (budget, 200, 0);
  /* 2 s more would be 4 tokens: the bucket holds 3 ("burst"). */
  advance (budget, 2000);
  g_assert_cmpuint (counts.granted, ==, 7);
  g_assert_cmpuint (mp_request_budget_get_in_flight (budget), ==, 3);
  for (guint i = 0; i < 3; i++)
    mp_request_budget_release (budget, 200, 0);
  advance (budget, 60000);
  g_assert_cmpuint (counts.granted, ==, 10);
  g_assert_cmpuint (mp_request_budget_get_waiting (budget), ==, 0);
  for (guint i = 0; i < 3; i++)
    mp_request_budget_release (budget, 200, 0);
  for (guint i = 0; i < 5; i++)
    mp_request_budget_acquire_async (budget, NULL, granted_cb, &counts);
  spin ();
  g_assert_cmpuint (counts.granted, ==, 10);
  advance (budget, 1000);
  g_assert_cmpuint (counts.granted, ==, 12);
  /* Dropping the budget ends what still waits. */
  g_object_run_dispose (G_OBJECT (budget));
  spin ();
  g_assert_cmpuint (counts.cancelled, ==, 3);
}

/* Never more than 4 unreleased grants, however full the bucket. */
static void
test_in_flight (void)
{
  g_autoptr(MpRequestBudget) budget = new_budget (1000.0, 100);
  Counts counts = { 0, 0 };

  for (guint i = 0; i < 20; i++)
    mp_request_budget_acquire_async (budget, NULL, granted_cb, &counts);
  advance (budget, 1000);
  g_assert_cmpuint (counts.granted, ==, 4);
  g_assert_cmpuint (mp_request_budget_get_in_flight (budget), ==, 4);
  mp_request_budget_release (budget, 200, 0);
  spin ();
  g_assert_cmpuint (counts.granted, ==, 5);
  mp_request_budget_set_max_in_flight (budget, 10);
  g_assert_cmpuint (mp_request_budget_get_max_in_flight (budget), ==, 4);
  spin ();
  g_assert_cmpuint (counts.granted, ==, 5);
  mp_request_budget_set_max_in_flight (budget, 2);
  for (guint i = 0; i < 3; i++)
    mp_request_budget_release (budget, 200, 0);
  spin ();
  /* One left in flight, so one more fits under 2. */
  g_assert_cmpuint (counts.granted, ==, 6);
  g_assert_cmpuint (mp_request_budget_get_in_flight (budget), ==, 2);
}

/* A 429 empties the bucket and pauses every grant for Retry-After, or an
 * exponential backoff without one.
 */
static void
test_429 (void)
{
  g_autoptr(MpRequestBudget) budget = new_budget (100.0, 50);
  Counts counts = { 0, 0 };

  for (guint i = 0; i < 6; i++)
    mp_request_budget_acquire_async (budget, NULL, granted_cb, &counts);
  spin ();
  g_assert_cmpuint (counts.granted, ==, 4);
  mp_request_budget_release (budget, 429, 2000);
  g_assert_cmpuint (mp_request_budget_get_throttled (budget), ==, 1);
  spin ();
  /* A slot is free and the rate would allow it: the pause holds it. */
  advance (budget, 1999);
  g_assert_cmpuint (counts.granted, ==, 4);
  advance (budget, 1);
  g_assert_cmpuint (counts.granted, ==, 5);
  /* A second 429 in a row, without Retry-After: 2 s (1 s, doubled for
   * each 429 in a row).
   */
  mp_request_budget_release (budget, 429, 0);
  advance (budget, 1999);
  g_assert_cmpuint (counts.granted, ==, 5);
  advance (budget, 1);
  g_assert_cmpuint (counts.granted, ==, 6);
  /* A success resets the backoff to 1 s. */
  for (guint i = 0; i < 4; i++)
    mp_request_budget_release (budget, 200, 0);
  mp_request_budget_acquire_async (budget, NULL, granted_cb, &counts);
  spin ();
  g_assert_cmpuint (counts.granted, ==, 7);
  mp_request_budget_release (budget, 429, 0);
  mp_request_budget_acquire_async (budget, NULL, granted_cb, &counts);
  advance (budget, 999);
  g_assert_cmpuint (counts.granted, ==, 7);
  advance (budget, 1);
  g_assert_cmpuint (counts.granted, ==, 8);
  g_assert_cmpuint (mp_request_budget_get_throttled (budget), ==, 3);
}

static void
test_cancel (void)
{
  g_autoptr(MpRequestBudget) budget = new_budget (1.0, 1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Counts counts = { 0, 0 };

  mp_request_budget_acquire_async (budget, NULL, granted_cb, &counts);
  mp_request_budget_acquire_async (budget, cancellable, granted_cb, &counts);
  mp_request_budget_acquire_async (budget, NULL, granted_cb, &counts);
  spin ();
  g_assert_cmpuint (counts.granted, ==, 1);
  g_cancellable_cancel (cancellable);
  spin ();
  g_assert_cmpuint (counts.cancelled, ==, 1);
  advance (budget, 1000);
  g_assert_cmpuint (counts.granted, ==, 2);
  g_assert_cmpuint (mp_request_budget_get_waiting (budget), ==, 0);
}

static void
count_notify (guint *count)
{
  (*count)++;
}

/* The settings a Preferences row binds to. */
static void
test_properties (void)
{
  g_autoptr(MpRequestBudget) budget = mp_request_budget_new (5.0, 10);
  double rate;
  guint burst;
  guint notified = 0;

  g_object_get (budget, "rate", &rate, "burst", &burst, NULL);
  g_assert_cmpfloat (rate, ==, 5.0);
  g_assert_cmpuint (burst, ==, 10);
  g_signal_connect_swapped (budget, "notify", G_CALLBACK (count_notify), &notified);
  g_object_set (budget, "rate", 2.5, "burst", 4, NULL);
  g_assert_cmpfloat (mp_request_budget_get_rate (budget), ==, 2.5);
  g_assert_cmpuint (mp_request_budget_get_burst (budget), ==, 4);
  g_assert_cmpuint (notified, ==, 2);
  g_object_set (budget, "rate", 2.5, NULL);
  g_assert_cmpuint (notified, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/request-budget/rate-and-burst", test_rate_and_burst);
  g_test_add_func ("/request-budget/in-flight", test_in_flight);
  g_test_add_func ("/request-budget/429", test_429);
  g_test_add_func ("/request-budget/cancel", test_cancel);
  g_test_add_func ("/request-budget/properties", test_properties);

  return g_test_run ();
}
