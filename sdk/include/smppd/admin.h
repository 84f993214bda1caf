/* smppd plugin ABI: admin paths. A plugin serves its own paths on smppd's admin API, under
 * /plugins/<plugin name>/ (a credit plugin's balances, a firewall's rule counters), with the
 * host's bearer token, TLS and POST-only rule for changes (docs/admin-api.md). */
#ifndef SMPPD_ADMIN_H
#define SMPPD_ADMIN_H

#include "smppd/common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SMPPD_ADMIN_GET 0  /* a read: answers GET only */
#define SMPPD_ADMIN_POST 1 /* a change: answers POST only (a GET gets 405) */

/* One request. Views are host-owned, valid during the handler call only. */
typedef struct smppd_admin_request {
  uint32_t struct_size;
  int32_t method;         /* SMPPD_ADMIN_GET or SMPPD_ADMIN_POST */
  smppd_host_view path;   /* the whole path, "/plugins/credit/balance", percent-decoded */
  smppd_host_view query;  /* the query without '?', as sent (percent-encoded); empty when none */
  smppd_host_view body;
  /* Who asked: "192.0.2.1:53124" or "[2001:db8::1]:53124"; empty when the host cannot say. Appended
   * after `body`: read it only when struct_size reaches past it (smppd::cxx::AdminRequest does). */
  smppd_host_view peer;
} smppd_admin_request;

/* Where the handler writes its answer (host->admin->respond). Opaque. */
typedef struct smppd_admin_response smppd_admin_response;

/* Control thread. Answers through host->admin->respond before returning, or calls
 * host->admin->defer and answers later through host->admin->complete (from a state store's
 * callback, say). A handler that does neither answers 500. It must not block: a slow handler holds
 * up the whole admin API (a deferred answer does not: the host serves other requests meanwhile). */
typedef void (*smppd_admin_handler_fn)(void* user_data, const smppd_admin_request* request,
                                       smppd_admin_response* response);

typedef struct smppd_admin_api {
  uint32_t struct_size;
  uint32_t reserved0;
  /* Control thread (init or a config hook). Serves /plugins/<plugin name>/<path>; a path ending
   * in '/' serves everything below it. `help` (NUL-terminated, may be NULL) is listed by GET /.
   * user_data is passed back to every call and must stay valid for the process's life.
   * SMPPD_E_INVALID for an empty path or one with '?', "..", or a leading '/'; SMPPD_E_STATE when
   * the path and method are taken (a handler is never replaced, also not by a reload). */
  int32_t (*register_handler)(const smppd_plugin_ref* plugin, int32_t method, smppd_plugin_view path,
                              const char* help, smppd_admin_handler_fn handler, void* user_data);
  /* Inside a handler: the answer's status (200..599), content type (empty: application/json) and
   * body, copied. A second call replaces the first. */
  int32_t (*respond)(smppd_admin_response* response, uint32_t status, smppd_plugin_view content_type,
                     smppd_plugin_view body);
  /* Inside a handler, instead of respond: the answer comes later, through complete(*ticket, ...)
   * from any thread (also before the handler returns). The host awaits it without holding up the
   * admin API and answers 504 when none comes within its timeout (10 s). SMPPD_E_STATE when the
   * handler responded or deferred already. Check SMPPD_HAS(host->admin, defer). */
  int32_t (*defer)(smppd_admin_response* response, uint64_t* ticket);
  /* Any thread, once per ticket: the deferred answer, as respond takes it (copied). SMPPD_E_NOT_FOUND
   * when the ticket is unknown, answered already, or the host gave up waiting (it answered 504):
   * the late answer is ignored. SMPPD_E_INVALID for a status outside 200..599. */
  int32_t (*complete)(uint64_t ticket, uint32_t status, smppd_plugin_view content_type, smppd_plugin_view body);
} smppd_admin_api;

#ifdef __cplusplus
}
#endif

#endif /* SMPPD_ADMIN_H */
