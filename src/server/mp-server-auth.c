/* mp-server-auth.c: password hashes (yescrypt) and tokens (256 random bits)
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-server"

#include "config.h"

#include <crypt.h>
#include <errno.h>
#include <gio/gio.h>
#include <string.h>
#include <sys/random.h>

#include "mp-server-auth.h"

gboolean
mp_auth_random_bytes (guint8  *buffer,
                      gsize    length,
                      GError **error)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       "Cannot read random bytes: %s", g_strerror (errno));
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}

char *
mp_auth_hash_password (const char  *password,
                       GError     **error)
{
  guint8 entropy[32];
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  struct crypt_data *data;
  char *result = NULL;

  if (!mp_auth_random_bytes (entropy, sizeof entropy, error))
    return NULL;
  if (crypt_gensalt_rn ("$y$", 0, (const char *) entropy, sizeof entropy, salt, sizeof salt) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot make a yescrypt salt: %s",
                   g_strerror (errno));
      return NULL;
    }
  data = g_new0 (struct crypt_data, 1);
  if (crypt_r (password, salt, data) != NULL && data->output[0] == '$')
    result = g_strdup (data->output);
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot hash the password");
  memset (data, 0, sizeof *data);
  g_free (data);
  return result;
}

gboolean
mp_auth_constant_equal (const char *a,
                        const char *b)
{
  gsize la = strlen (a), lb = strlen (b), i;
  guint8 diff = la != lb;

  for (i = 0; i < la && i < lb; i++)
    diff |= (guint8) (a[i] ^ b[i]);
  return diff == 0;
}

gboolean
mp_auth_check_password (const char *password,
                        const char *hash)
{
  struct crypt_data *data = g_new0 (struct crypt_data, 1);
  gboolean ok = FALSE;

  if (crypt_r (password, hash, data) != NULL && data->output[0] == '$')
    ok = mp_auth_constant_equal (data->output, hash);
  memset (data, 0, sizeof *data);
  g_free (data);
  return ok;
}

char *
mp_auth_new_token (GError **error)
{
  guint8 bytes[32];
  char *token;
  char *p;

  if (!mp_auth_random_bytes (bytes, sizeof bytes, error))
    return NULL;
  token = g_base64_encode (bytes, sizeof bytes);
  /* base64url, unpadded */
  for (p = token; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  memset (bytes, 0, sizeof bytes);
  return token;
}

char *
mp_auth_token_digest (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* The worker pool */

struct _MpAuthPool
{
  GThreadPool  *threads;
  GMainContext *context;
  guint         max_pending;
  gint          pending;      /* atomic */
  gint          closing;      /* atomic: results are no longer wanted */
};

typedef struct
{
  MpAuthPool      *pool;
  char            *password;
  char           **hashes;
  int              match;
  MpAuthCheckFunc  func;
  gpointer         user_data;
} Check;

static void
check_free (Check *check)
{
  memset (check->password, 0, strlen (check->password));
  g_free (check->password);
  g_strfreev (check->hashes);
  g_free (check);
}

static gboolean
deliver_check (gpointer data)
{
  Check *check = data;

  check->func (check->match, check->user_data);
  check_free (check);
  return G_SOURCE_REMOVE;
}

static void
run_check (gpointer data,
           gpointer user_data)
{
  Check *check = data;
  MpAuthPool *self = user_data;

  /* Every hash is checked, so that the time taken does not tell which
   * one matched. */
  check->match = -1;
  for (int i = 0; check->hashes[i] != NULL; i++)
    if (mp_auth_check_password (check->password, check->hashes[i]) && check->match < 0)
      check->match = i;
  g_atomic_int_add (&self->pending, -1);
  if (g_atomic_int_get (&self->closing))
    check_free (check);
  else
    g_main_context_invoke (self->context, deliver_check, check);
}

MpAuthPool *
mp_auth_pool_new (guint max_threads,
                  guint max_pending)
{
  MpAuthPool *self = g_new0 (MpAuthPool, 1);

  self->context = g_main_context_ref_thread_default ();
  self->max_pending = MAX (max_pending, 1);
  self->threads = g_thread_pool_new (run_check, self, (int) MAX (max_threads, 1), FALSE, NULL);
  return self;
}

void
mp_auth_pool_free (MpAuthPool *self)
{
  if (self == NULL)
    return;
  g_atomic_int_set (&self->closing, TRUE);
  g_thread_pool_free (self->threads, FALSE, TRUE);
  g_main_context_unref (self->context);
  g_free (self);
}

gboolean
mp_auth_pool_check (MpAuthPool      *self,
                    const char      *password,
                    const char      *const *hashes,
                    MpAuthCheckFunc  func,
                    gpointer         user_data)
{
  Check *check;

  g_return_val_if_fail (hashes != NULL && hashes[0] != NULL, FALSE);

  if ((guint) g_atomic_int_get (&self->pending) >= self->max_pending)
    return FALSE;
  g_atomic_int_inc (&self->pending);
  check = g_new0 (Check, 1);
  check->pool = self;
  check->password = g_strdup (password);
  check->hashes = g_strdupv ((char **) hashes);
  check->func = func;
  check->user_data = user_data;
  g_thread_pool_push (self->threads, check, NULL);
  return TRUE;
}
