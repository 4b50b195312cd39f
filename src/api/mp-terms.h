/* mp-terms.h: terms and conditions of a plan (extension)
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mp-money.h"

G_BEGIN_DECLS

#define MP_TYPE_TERMS (mp_terms_get_type ())

G_DECLARE_FINAL_TYPE (MpTerms, mp_terms, MP, TERMS, GObject)

MpTerms    *mp_terms_new_from_json (JsonObject  *object,
                                    GError     **error);
const char *mp_terms_get_id        (MpTerms     *self);
const char *mp_terms_get_name      (MpTerms     *self);
const char *mp_terms_get_kind      (MpTerms     *self);
const char *mp_terms_get_url       (MpTerms     *self);
const char *mp_terms_get_text      (MpTerms     *self);

G_END_DECLS
