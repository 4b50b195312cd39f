/* mp-store-util.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-store"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-store-util.h"

void
mp_store_ensure_style (void)
{
  static gboolean done;
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = NULL;

  if (done || display == NULL)
    return;
  done = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/marketpanel/MarketPanel/store/mp-store.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    "/io/github/marketpanel/MarketPanel/store/icons");
}

char *
mp_store_flag_emoji (const char *country_code)
{
  gunichar flag[2];

  if (country_code == NULL || strlen (country_code) != 2 ||
      !g_ascii_isalpha (country_code[0]) || !g_ascii_isalpha (country_code[1]))
    return g_strdup ("");
  /* Regional indicator symbols: U+1F1E6 is "A". */
  flag[0] = 0x1F1E6 + (g_ascii_toupper (country_code[0]) - 'A');
  flag[1] = 0x1F1E6 + (g_ascii_toupper (country_code[1]) - 'A');
  return g_ucs4_to_utf8 (flag, 2, NULL, NULL, NULL);
}

char *
mp_store_marketplace_label (MpMarketplace *marketplace)
{
  g_autofree char *flag = mp_store_flag_emoji (mp_marketplace_get_country (marketplace));

  /* Translators: flag, marketplace name and currency: "🇺🇸 United States · USD". */
  return g_strdup_printf (_("%s %s · %s"), flag, mp_marketplace_get_name (marketplace),
                          mp_marketplace_get_currency (marketplace));
}

/* What a purchase costs, "$120.00 now, $60.00 a month" (a credit as its
 * amount, "Credit $8.00"), or why there is no price (yet), in a few words.
 */
char *
mp_store_purchase_price (MpPurchase *purchase)
{
  const MpMoney *monthly = mp_purchase_get_recurring_total (purchase);
  g_autofree char *now = NULL;
  g_autofree char *monthly_text = NULL;

  switch (mp_purchase_get_state (purchase))
    {
    case MP_PURCHASE_STATE_IDLE:
      return g_strdup (_("No price yet"));

    case MP_PURCHASE_STATE_ESTIMATING:
      return g_strdup (_("Estimating…"));

    case MP_PURCHASE_STATE_FAILED:
      return g_strdup (_("No price: the estimate failed"));

    case MP_PURCHASE_STATE_READY:
    default:
      break;
    }
  if (mp_purchase_get_credit (purchase))
    {
      g_autofree char *credit = mp_money_format (mp_purchase_get_credit_amount (purchase));

      /* Translators: money the buyer gets back, "Credit $8.00". */
      now = g_strdup_printf (_("Credit %s"), credit);
    }
  else
    {
      g_autofree char *due = mp_money_format (mp_purchase_get_due_now (purchase));

      /* Translators: the price to pay now, "$120.00 now". */
      now = g_strdup_printf (_("%s now"), due);
    }
  if (monthly == NULL)
    return g_steal_pointer (&now);
  monthly_text = mp_money_format (monthly);
  /* Translators: "$120.00 now" (or "Credit $8.00"), then the price a month: "$120.00 now, $60.00 a month". */
  return g_strdup_printf (_("%s, %s a month"), now, monthly_text);
}
