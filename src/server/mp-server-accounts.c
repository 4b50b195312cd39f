/* mp-server-accounts.c: customers and resellers
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-server"

#include "config.h"

#include <string.h>

#include "mp-server-auth.h"
#include "mp-server-private.h"
#include "mp-server-validate.h"

#define ACCOUNT_COLUMNS "id, external_id, status, name, address, contacts, language, tax_reg_id," \
                        " reseller_id, attributes, type, currency"

static void
write_account (MpJsonWriter *writer,
               sqlite3_stmt *row)
{
  mp_json_begin_object (writer);
  mp_json_member_id (writer, "id", sqlite3_column_int64 (row, 0));
  mp_json_member_optional_string (writer, "externalId", (const char *) sqlite3_column_text (row, 1));
  mp_json_key (writer, "attributes");
  mp_json_raw (writer, mp_db_text (row, 9));
  mp_json_member_string (writer, "status", mp_db_text (row, 2));
  mp_json_member_string (writer, "name", mp_db_text (row, 3));
  mp_json_key (writer, "address");
  mp_json_raw (writer, mp_db_text (row, 4));
  mp_json_key (writer, "contactPersons");
  mp_json_raw (writer, mp_db_text (row, 5));
  mp_json_member_string (writer, "language", mp_db_text (row, 6));
  mp_json_member_optional_string (writer, "taxRegId", (const char *) sqlite3_column_text (row, 7));
  if (strcmp (mp_db_text (row, 10), "reseller") == 0)
    mp_json_member_string (writer, "currency", mp_db_text (row, 11));
  else
    mp_json_member_id (writer, "resellerId", sqlite3_column_int64 (row, 8));
  mp_json_end_object (writer);
}

static gboolean
reply_account (MpRequest *req,
               gint64     id)
{
  sqlite3_stmt *stmt = mp_db_prepare (req->server->db, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE id = ?");
  MpJsonWriter writer;
  gboolean found = FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      mp_json_writer_init (&writer);
      write_account (&writer, stmt);
    }
  sqlite3_reset (stmt);
  if (found)
    mp_request_reply (req, 200, &writer);
  return found;
}

static void
create_customer (MpRequest *req,
                 gint64     reseller_id)
{
  MpServer *self = req->server;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(MpCustomerInput) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  if (req->who != MP_PRINCIPAL_RESELLER)
    {
      mp_request_error (req, 403, "A customer cannot create customers.");
      return;
    }
  body = mp_request_body (req);
  if (body == NULL)
    return;
  input = mp_customer_input_parse (body, FALSE, &error);
  if (input == NULL)
    {
      mp_request_gerror (req, error);
      return;
    }
  if (input->admin_login != NULL)
    {
      /* Taken in this reseller's realm only: another reseller's customer
       * logins are not visible, so they cannot be probed this way. */
      stmt = mp_db_prepare (self->db, "SELECT 1 FROM users WHERE realm = ? AND login = ?");
      sqlite3_bind_int64 (stmt, 1, req->account_id);
      sqlite3_bind_text (stmt, 2, input->admin_login, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          mp_request_error (req, 409, "The login “%s” is already taken.", input->admin_login);
          return;
        }
      sqlite3_reset (stmt);
      hash = mp_auth_hash_password (input->admin_password, &error);
      if (hash == NULL)
        {
          mp_request_error (req, 500, "%s", error->message);
          return;
        }
    }

  if (!mp_db_begin (self->db, &error))
    {
      mp_request_error (req, 500, "%s", error->message);
      return;
    }
  stmt = mp_db_prepare (self->db,
                        "INSERT INTO accounts (type, reseller_id, name, external_id, language, tax_reg_id,"
                        " address, contacts, attributes, emails, created)"
                        " VALUES ('customer', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  sqlite3_bind_int64 (stmt, 1, reseller_id);
  sqlite3_bind_text (stmt, 2, input->name, -1, SQLITE_STATIC);
  if (input->external_id != NULL)
    sqlite3_bind_text (stmt, 3, input->external_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, input->language, -1, SQLITE_STATIC);
  if (input->tax_reg_id != NULL)
    sqlite3_bind_text (stmt, 5, input->tax_reg_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, input->address_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, input->contacts_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, input->attributes_json != NULL ? input->attributes_json : "{}", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, input->emails, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, g_get_real_time () / G_USEC_PER_SEC);
  if (!mp_db_step_done (self->db, stmt, &error))
    goto fail;
  id = mp_db_last_id (self->db);
  if (hash != NULL)
    {
      stmt = mp_db_prepare (self->db, "INSERT INTO users (login, realm, hash, account_id) VALUES (?, ?, ?, ?)");
      sqlite3_bind_text (stmt, 1, input->admin_login, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, req->account_id);
      sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, id);
      if (!mp_db_step_done (self->db, stmt, &error))
        goto fail;
    }
  if (!mp_db_commit (self->db, &error))
    goto fail;
  reply_account (req, id);
  return;

fail:
  mp_db_rollback (self->db);
  mp_request_error (req, 500, "%s", error->message);
}

void
mp_server_handle_customers (MpRequest *req,
                            gint64     reseller_id)
{
  MpServer *self = req->server;
  g_autoptr(GString) where = g_string_new (" WHERE type = 'customer'");
  g_autofree char *count_sql = NULL;
  g_autofree char *list_sql = NULL;
  const char *name = mp_request_query (req, "name");
  const char *email = mp_request_query (req, "email");
  const char *external_id = mp_request_query (req, "externalId");
  g_autofree char *email_lower = email != NULL ? g_utf8_strdown (email, -1) : NULL;
  gint64 reseller_filter = 0;
  sqlite3_stmt *stmt;
  MpJsonWriter writer;
  gint64 offset, limit, total = 0;
  int bind;

  /* /resellers/{id}/customers: only the caller's own reseller id exists. */
  if (reseller_id != 0 && (req->who != MP_PRINCIPAL_RESELLER || reseller_id != req->account_id))
    {
      mp_request_error (req, 404, "No entity has been found: reseller #%" G_GINT64_FORMAT ".", reseller_id);
      return;
    }
  if (strcmp (req->method, "POST") == 0)
    {
      create_customer (req, req->account_id);
      return;
    }
  if (!mp_request_paging (req, &offset, &limit) || !mp_request_id_param (req, "resellerId", &reseller_filter))
    return;

  if (req->who == MP_PRINCIPAL_RESELLER)
    g_string_append (where, " AND reseller_id = :me");
  else
    g_string_append (where, " AND id = :me");
  if (reseller_filter != 0)
    g_string_append (where, " AND reseller_id = :reseller");
  if (name != NULL)
    g_string_append (where, " AND instr (lower (name), lower (:name)) > 0");
  if (email != NULL)
    g_string_append (where, " AND instr (char (10) || emails || char (10), char (10) || :email || char (10)) > 0");
  if (external_id != NULL)
    g_string_append (where, " AND external_id = :external");

  count_sql = g_strconcat ("SELECT count (*) FROM accounts", where->str, NULL);
  list_sql = g_strconcat ("SELECT " ACCOUNT_COLUMNS " FROM accounts", where->str,
                          " ORDER BY id DESC LIMIT :limit OFFSET :offset", NULL);
  stmt = mp_db_prepare (self->db, count_sql);
  for (bind = 0; bind < 2; bind++)
    {
      if (bind == 1)
        stmt = mp_db_prepare (self->db, list_sql);
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":me"), req->account_id);
      if (reseller_filter != 0)
        sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":reseller"), reseller_filter);
      mp_db_bind_text (stmt, ":name", name);
      if (email != NULL)
        sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":email"), email_lower, -1, SQLITE_STATIC);
      mp_db_bind_text (stmt, ":external", external_id);
      if (bind == 0)
        {
          if (sqlite3_step (stmt) == SQLITE_ROW)
            total = sqlite3_column_int64 (stmt, 0);
          sqlite3_reset (stmt);
        }
    }
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), limit);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"), offset);

  mp_json_writer_init (&writer);
  mp_json_begin_object (&writer);
  mp_json_key (&writer, "data");
  mp_json_begin_array (&writer);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    write_account (&writer, stmt);
  sqlite3_reset (stmt);
  mp_request_write_list_end (&writer, offset, limit, total);
  mp_request_reply (req, 200, &writer);
}

static gboolean
is_visible_customer (MpRequest *req,
                     gint64     id)
{
  sqlite3_stmt *stmt = mp_db_prepare (req->server->db,
                                      "SELECT reseller_id FROM accounts WHERE id = ? AND type = 'customer'");
  gboolean ok = FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (req->who == MP_PRINCIPAL_RESELLER)
        ok = sqlite3_column_int64 (stmt, 0) == req->account_id;
      else
        ok = id == req->account_id;
    }
  sqlite3_reset (stmt);
  return ok;
}

static void
update_customer (MpRequest *req,
                 gint64     id)
{
  MpServer *self = req->server;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(MpCustomerInput) input = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  body = mp_request_body (req);
  if (body == NULL)
    return;
  input = mp_customer_input_parse (body, TRUE, &error);
  if (input == NULL)
    {
      mp_request_gerror (req, error);
      return;
    }
  if (input->status != NULL && req->who != MP_PRINCIPAL_RESELLER)
    {
      mp_request_error (req, 403, "Only the reseller can change a customer's status.");
      return;
    }
  stmt = mp_db_prepare (self->db,
                        "UPDATE accounts SET name = coalesce (?1, name), external_id = coalesce (?2, external_id),"
                        " tax_reg_id = coalesce (?3, tax_reg_id), status = coalesce (?4, status),"
                        " address = coalesce (?5, address), contacts = coalesce (?6, contacts),"
                        " attributes = coalesce (?7, attributes), emails = coalesce (?8, emails) WHERE id = ?9");
  if (input->name != NULL)
    sqlite3_bind_text (stmt, 1, input->name, -1, SQLITE_STATIC);
  if (input->external_id != NULL)
    sqlite3_bind_text (stmt, 2, input->external_id, -1, SQLITE_STATIC);
  if (input->tax_reg_id != NULL)
    sqlite3_bind_text (stmt, 3, input->tax_reg_id, -1, SQLITE_STATIC);
  if (input->status != NULL)
    sqlite3_bind_text (stmt, 4, input->status, -1, SQLITE_STATIC);
  if (input->address_json != NULL)
    sqlite3_bind_text (stmt, 5, input->address_json, -1, SQLITE_STATIC);
  if (input->contacts_json != NULL)
    {
      sqlite3_bind_text (stmt, 6, input->contacts_json, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, input->emails, -1, SQLITE_STATIC);
    }
  if (input->attributes_json != NULL)
    sqlite3_bind_text (stmt, 7, input->attributes_json, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, id);
  if (!mp_db_step_done (self->db, stmt, &error))
    {
      mp_request_error (req, 500, "%s", error->message);
      return;
    }
  reply_account (req, id);
}

void
mp_server_handle_customer (MpRequest *req,
                           gint64     id)
{
  if (!is_visible_customer (req, id))
    {
      mp_request_error (req, 404, "No entity has been found: customer #%" G_GINT64_FORMAT ".", id);
      return;
    }
  if (strcmp (req->method, "PATCH") == 0)
    update_customer (req, id);
  else
    reply_account (req, id);
}

void
mp_server_handle_resellers (MpRequest *req)
{
  gint64 id = g_ascii_strtoll (req->parts[1], NULL, 10);

  if (req->who != MP_PRINCIPAL_RESELLER || id != req->account_id || !reply_account (req, id))
    mp_request_error (req, 404, "No entity has been found: reseller #%" G_GINT64_FORMAT ".", id);
}
