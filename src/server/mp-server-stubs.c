/* temporary */
#include "config.h"
#include "mp-server-private.h"
void mp_server_handle_categories (MpRequest *req) { mp_request_error (req, 501, "Not yet"); }
void mp_server_handle_plans (MpRequest *req) { mp_request_error (req, 501, "Not yet"); }
void mp_server_handle_plan (MpRequest *req, gint64 id) { mp_request_error (req, 501, "Not yet"); }
void mp_server_handle_products (MpRequest *req) { mp_request_error (req, 501, "Not yet"); }
void mp_server_handle_customers (MpRequest *req, gint64 id) { mp_request_error (req, 501, "Not yet"); }
void mp_server_handle_customer (MpRequest *req, gint64 id) { mp_request_error (req, 501, "Not yet"); }
void mp_server_handle_resellers (MpRequest *req) { mp_request_error (req, 501, "Not yet"); }
void mp_server_handle_subscriptions (MpRequest *req) { mp_request_error (req, 501, "Not yet"); }
void mp_server_handle_subscription (MpRequest *req, gint64 id) { mp_request_error (req, 501, "Not yet"); }
void mp_server_handle_orders (MpRequest *req, gint64 id) { mp_request_error (req, 501, "Not yet"); }
void mp_server_handle_order (MpRequest *req, gint64 id) { mp_request_error (req, 501, "Not yet"); }
void mp_server_handle_estimate (MpRequest *req) { mp_request_error (req, 501, "Not yet"); }
void mp_server_schedule_tick (MpServer *self) { }
void mp_server_cancel_waiters (MpServer *self) { }
gboolean mp_server_seed_catalog (MpServer *self, const char *path, GError **error)
{
  return mp_db_exec (self->db, "INSERT INTO marketplaces VALUES ('US','United States','US','USD','en',0);"
                     "INSERT INTO meta VALUES ('seeded','1')", error);
}
gboolean mp_server_seed_bulk (MpServer *self, int count, GError **error) { return TRUE; }
