/* mp-server-validate.h: request body parsing and validation
 *
 * Pure functions over the request bytes: no database, no server, so the
 * fuzz target links them alone.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MP_VALIDATE_ERROR (mp_validate_error_quark ())

/* Error codes are the HTTP status to answer with. */
typedef enum
{
  MP_VALIDATE_ERROR_BAD_REQUEST = 400,
  MP_VALIDATE_ERROR_TOO_LARGE = 413,
  MP_VALIDATE_ERROR_UNPROCESSABLE = 422,
} MpValidateError;

#define MP_MAX_BODY_SIZE (1024 * 1024)
#define MP_MAX_JSON_DEPTH 32
#define MP_MAX_ORDER_LINES 200
#define MP_MAX_QUANTITY 1000000

typedef struct
{
  char   *mpn;
  gint64  quantity;
  gint64  subscription_id; /* 0: none */
} MpOrderLineInput;

typedef struct
{
  char       *type;             /* sales, change, cancellation */
  gint64      customer_id;      /* 0: not given */
  gint64      plan_id;          /* 0: not given */
  gint64      subscription_id;  /* 0: not given */
  char       *period_type;      /* NULL: not given */
  gint64      period_duration;
  char       *po_number;
  char      **accepted_terms;   /* NULL-terminated, never NULL */
  gboolean    has_accepted_terms;
  GPtrArray  *lines;            /* MpOrderLineInput */
  gboolean    scheduled;        /* change: scheduledOn "renewal" */
} MpOrderInput;

typedef struct
{
  char       *name;
  char       *external_id;
  char       *tax_reg_id;
  char       *language;
  char       *status;
  char       *address_json;     /* validated, normalised JSON text */
  char       *contacts_json;
  char       *attributes_json;
  char       *emails;           /* contact emails, '\n'-separated, lower case */
  char       *admin_login;
  char       *admin_password;
} MpCustomerInput;

GQuark           mp_validate_error_quark   (void);
JsonNode        *mp_validate_parse_body    (const char        *data,
                                            gsize              length,
                                            GError           **error);
gboolean         mp_validate_depth         (const char        *data,
                                            gsize              length,
                                            guint              max_depth);
gboolean         mp_validate_has_nul_escape (const char       *data,
                                            gsize              length);
gboolean         mp_validate_id            (JsonNode          *node,
                                            const char        *field,
                                            gint64            *out,
                                            GError           **error);
gboolean         mp_validate_id_string     (const char        *text,
                                            gint64            *out);
gboolean         mp_validate_quantity      (JsonNode          *node,
                                            const char        *field,
                                            gint64            *out,
                                            GError           **error);
/* ATTRIBUTES as normalised JSON text: at most 50 string members. */
char            *mp_validate_attributes    (JsonObject        *attributes,
                                            GError           **error);
MpOrderInput    *mp_order_input_parse      (JsonNode          *root,
                                            GError           **error);
void             mp_order_input_free       (MpOrderInput      *input);
/* FOR_UPDATE: every field optional (PATCH). */
MpCustomerInput *mp_customer_input_parse   (JsonNode          *root,
                                            gboolean           for_update,
                                            GError           **error);
void             mp_customer_input_free    (MpCustomerInput   *input);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MpOrderInput, mp_order_input_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MpCustomerInput, mp_customer_input_free)

G_END_DECLS
