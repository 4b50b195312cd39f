/* mp-server-private.h: what the parts of the server share
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "mp-db.h"
#include "mp-server-auth.h"
#include "mp-server-row-cache.h"
#include "mp-server-throttle.h"
#include "mp-json-writer.h"
#include "mp-server.h"

G_BEGIN_DECLS

typedef enum
{
  MP_PRINCIPAL_NONE,
  MP_PRINCIPAL_RESELLER,
  MP_PRINCIPAL_CUSTOMER,
} MpPrincipalType;

struct _MpServer
{
  GObject          parent_instance;

  char            *listen;
  char            *data_dir;
  char            *catalog;
  char            *tls_cert;
  char            *tls_key;
  int              step_ms;
  int              token_lifetime;
  int              rate_limit;
  int              seed_subscriptions;
  gboolean         extensions;
  gboolean         use_page_cache;
  gboolean         demo_clock;       /* POST /clock allowed */

  SoupServer      *soup;
  MpDb            *db;
  GHashTable      *waiters;         /* order id (gint64*) -> GPtrArray of MpWaiter */
  guint            tick_id;
  gint64           tick_at;         /* wall-clock ms the tick is set for, 0: none */
  guint64          correlation_seq;
  guint32          correlation_salt;
  /* rate limiting: a window of one second */
  gint64           rate_window;
  GHashTable      *rate_counts;     /* subscription key -> count */
  GHashTable      *currencies;      /* marketplace code -> currency */
  GHashTable      *count_cache;     /* SQL + parameters -> list total; cleared on writes */
  GHashTable      *page_cache;      /* subscription list query -> CachedPage; cleared on writes */
  GQueue           page_lru;        /* of the CachedPages, most recently used first */
  gsize            page_cache_bytes;
  GHashTable      *keysets;         /* list query + parameters -> GArray: change count, total, anchors */
  GHashTable      *keyset_ids;      /* the same key -> GArray: change count, then every row's id (0: not read) */
  gsize            keyset_id_bytes;
  MpRowCache      *subscription_rows; /* list rows as last written; NULL until a list is asked for */
  MpRowCache      *order_rows;
  GHashTable      *order_ids;       /* orders list query + parameters -> GArray: change count, ids */
  gsize            order_id_bytes;
  MpAuthPool      *auth_pool;       /* password checks, off the main thread */
  MpThrottle      *login_throttle;  /* sign-in attempts per login; NULL: off */
  MpThrottle      *address_throttle; /* sign-in attempts per client address */
  gboolean         draining;        /* shutting down: no more waiting */
  GPtrArray       *draining_msgs;   /* answers still going out */
  guint            drain_timeout_id;
  GSourceFunc      drained;
  gpointer         drained_data;
  gulong           request_finished_id;
  gulong           request_started_id;
  guint            drain_quiet_id;
};

/* Sign-in throttle: more attempts that did not succeed within the window
 * lock the login, or the client address, out for the lock-out time.
 */
#define MP_LOGIN_ATTEMPTS 5
#define MP_ADDRESS_ATTEMPTS 20
#define MP_LOGIN_WINDOW 300      /* seconds */
#define MP_LOGIN_LOCKOUT 60      /* seconds */

/* The page cache's bound: the bytes of the answers it keeps */
#define MP_PAGE_CACHE_BYTES (8 * 1024 * 1024)

typedef struct
{
  MpServer          *server;
  SoupServerMessage *msg;
  const char        *method;
  const char        *path;          /* full path */
  char             **parts;         /* path below the marketplace base, split at '/' */
  guint              n_parts;
  GHashTable        *query;         /* may be NULL */
  char               correlation_id[48];
  char               marketplace[8];
  char               currency[4];
  MpPrincipalType    who;
  gint64             account_id;    /* the reseller or customer the token is for */
  gint64             reseller_id;   /* for a customer: its reseller */
} MpRequest;

/* Responses */
void        mp_request_reply         (MpRequest    *req,
                                      guint         status,
                                      MpJsonWriter *writer);
void        mp_request_error         (MpRequest    *req,
                                      guint         status,
                                      const char   *format,
                                      ...) G_GNUC_PRINTF (3, 4);
void        mp_request_gerror        (MpRequest    *req,
                                      const GError *error);

/* Why a request was refused: the error body's "refusal" member (an
 * extension, docs/api.md), so a client can point at the step and control
 * concerned without reading the message.
 */
typedef enum
{
  MP_SERVER_REFUSAL_TERMS,           /* subject: the terms ID */
  MP_SERVER_REFUSAL_PERIOD,
  MP_SERVER_REFUSAL_QUANTITY,        /* subject: the MPN */
  MP_SERVER_REFUSAL_BELOW_USAGE,     /* subject: the MPN */
  MP_SERVER_REFUSAL_CREDIT_HOLD,
  MP_SERVER_REFUSAL_PENDING_CHANGE,
  MP_SERVER_REFUSAL_PLAN,
  MP_SERVER_REFUSAL_FIELD,           /* subject: the field name */
  MP_SERVER_REFUSAL_CANCELLATION_WINDOW,
  MP_SERVER_REFUSAL_NOT_RENEWING,    /* subject: the date it ends */
  MP_SERVER_REFUSAL_MANUAL_RENEWAL,  /* subject: the plan ID */
  MP_SERVER_REFUSAL_PLAN_SWITCH,     /* not among the source plan's planSwitches */
  MP_SERVER_REFUSAL_TARGET_LIMITS,   /* subject: the target MPN, if any */
} MpServerRefusal;

/* As mp_request_error(), with the refusal member; @subject may be NULL. */
void        mp_request_refuse        (MpRequest       *req,
                                      guint            status,
                                      MpServerRefusal  rule,
                                      const char      *subject,
                                      const char      *format,
                                      ...) G_GNUC_PRINTF (5, 6);
void        mp_request_write_list_end (MpJsonWriter *writer,
                                      gint64        offset,
                                      gint64        limit,
                                      gint64        total);
/* Reads offset and limit; FALSE after answering 400. */
gboolean    mp_request_paging        (MpRequest    *req,
                                      gint64       *offset,
                                      gint64       *limit);
const char *mp_request_query         (MpRequest    *req,
                                      const char   *name);
/* Parses the body as a JSON object; NULL after answering 4xx. */
JsonNode   *mp_request_body          (MpRequest    *req);
/* TRUE if the account is the caller or visible to it (own customer). */
gboolean    mp_request_can_see       (MpRequest    *req,
                                      gint64        account_id);
/* Helper for "customerId" query filters. FALSE after answering. */
gboolean    mp_request_id_param      (MpRequest    *req,
                                      const char   *name,
                                      gint64       *out);
char       *mp_format_date           (gint64        unix_seconds);
char       *mp_format_time           (gint64        unix_seconds);

/* Totals of subscription lists, cached until the next write. */
gboolean    mp_server_cached_count   (MpServer     *self,
                                      const char   *key,
                                      gint64       *total);
void        mp_server_cache_count    (MpServer     *self,
                                      const char   *key,
                                      gint64        total);
/* Whole answers of subscription lists, cached until the next write, the
 * least recently used dropped beyond MP_PAGE_CACHE_BYTES.
 */
GBytes     *mp_server_cached_page    (MpServer     *self,
                                      const char   *key);
void        mp_server_cache_page     (MpServer     *self,
                                      const char   *key,
                                      GBytes       *page);
/* Call after any write to subscriptions (or to what their lists show). */
void        mp_server_forget_counts  (MpServer     *self);
void        mp_request_reply_bytes   (MpRequest    *req,
                                      guint         status,
                                      GBytes       *body);

/* Catalogue (mp-server-catalog.c) */
void        mp_server_handle_categories (MpRequest *req);
void        mp_server_handle_plans      (MpRequest *req);
void        mp_server_handle_plan       (MpRequest *req,
                                         gint64     plan_id);
void        mp_server_handle_products   (MpRequest *req);

/* Accounts (mp-server-accounts.c) */
void        mp_server_handle_customers  (MpRequest *req,
                                         gint64     reseller_id);
void        mp_server_handle_customer   (MpRequest *req,
                                         gint64     customer_id);
void        mp_server_handle_resellers  (MpRequest *req);

/* Subscriptions (mp-server-subscriptions.c) */
void        mp_server_handle_subscriptions (MpRequest *req);
void        mp_server_handle_subscription  (MpRequest *req,
                                            gint64     subscription_id);
/* A subscription's cancellation rules (plan_cancellation, docs/api.md):
 * a full refund from TERM_START (the purchase or the last renewal)
 * through REFUND_UNTIL when HAS_REFUND_WINDOW, then AFTER: "none" (no
 * refund), "prorated" (the unused part of the term) or "refused" (no
 * cancellation).
 */
typedef struct
{
  gint64      refund_days;
  const char *after;
  gboolean    has_refund_window;
  GDate       term_start;
  GDate       refund_until;
} MpCancellationRules;

void        mp_server_cancellation_rules   (MpServer            *self,
                                            gint64               plan_id,
                                            const char          *period_type,
                                            gint64               period_duration,
                                            const char          *expires,
                                            MpCancellationRules *rules);
void        mp_server_write_subscription   (MpServer     *self,
                                            MpJsonWriter *writer,
                                            sqlite3_stmt *row,
                                            gboolean      detailed);

/* Orders (mp-server-orders.c) */
void        mp_server_handle_orders     (MpRequest *req,
                                         gint64     reseller_id);
void        mp_server_handle_order      (MpRequest *req,
                                         gint64     order_id);
void        mp_server_handle_estimate   (MpRequest *req);
void        mp_server_schedule_tick     (MpServer  *self);
/* Sets the subscription's products to the target quantities of the
 * change order's lines (in the caller's transaction). */
gboolean    mp_server_apply_change_lines (MpServer  *self,
                                          gint64     order_id,
                                          gint64     subscription_id,
                                          GError   **error);
void        mp_server_cancel_waiters    (MpServer  *self);
/* Answers every Prefer: wait waiter with its order as it stands; adds
 * their messages to ANSWERED (references).
 */
void        mp_server_answer_waiters    (MpServer  *self,
                                         GPtrArray *answered);

/* Reports (mp-server-reports.c): GET/POST /reports; GET /reports/{id},
 * or with FILE its file (the downloadUrl). */
void        mp_server_handle_reports    (MpRequest  *req);
void        mp_server_handle_report     (MpRequest  *req,
                                         const char *id,
                                         gboolean    file);

/* Seeding (mp-server-seed.c) */
gboolean    mp_server_seed_missing_translations (MpServer    *self,
                                                 const char  *path,
                                                 GError     **error);
gboolean    mp_server_seed_catalog      (MpServer    *self,
                                         const char  *path,
                                         GError     **error);
gboolean    mp_server_seed_bulk         (MpServer    *self,
                                         int          count,
                                         GError     **error);

G_END_DECLS
