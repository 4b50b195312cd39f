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
