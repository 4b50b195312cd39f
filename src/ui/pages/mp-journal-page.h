/* mp-journal-page.h: the Activity Journal, what this app placed or cancelled
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-list-page.h"

G_BEGIN_DECLS

#define MP_TYPE_JOURNAL_PAGE (mp_journal_page_get_type ())

G_DECLARE_FINAL_TYPE (MpJournalPage, mp_journal_page, MP, JOURNAL_PAGE, MpListPage)

GtkWidget *mp_journal_page_new (MpSession *session);

G_END_DECLS
