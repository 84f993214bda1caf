/* smppd plugin ABI: filters. A listener runs its filters in the configured order on every request
 * a client sends (binds included); each answers CONTINUE, STOP with a command_status, or PAUSE. */
#ifndef SMPPD_FILTER_H
#define SMPPD_FILTER_H

#include "smppd/async.h"
#include "smppd/call.h"
#include "smppd/common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct smppd_host_api;

typedef struct smppd_filter_vtable {
  uint32_t struct_size;
  uint32_t reserved0;
  /* Control thread. config_json is the filter's TOML table rendered as JSON, already checked
   * against the factory's schema. On refusal write the reason to `error` and return
   * SMPPD_E_CONFIG; the host reports it with the config file and key. The config object is
   * immutable once made and shared by every worker. */
  int32_t (*config_new)(const struct smppd_host_api* host, const smppd_plugin_ref* plugin,
                        smppd_host_view config_json, void** config_out, smppd_error_buffer* error);
  /* Control thread, once no session uses the config any more. */
  void (*config_free)(void* config);
  /* Optional. The session's worker, when a session starts: per-session state. Without it, hooks
   * receive the config object as their instance. */
  int32_t (*session_new)(void* config, const smppd_session_info* session, void** instance_out);
  /* The session's worker, after the last hook and on_cancel of the session returned. */
  void (*session_free)(void* instance);
  /* The session's worker, for each request in the chain's order. Answer SMPPD_CONTINUE,
   * SMPPD_STOP (writing *command_status), or SMPPD_PAUSE (and later resume `token`). The call is
   * valid only until the hook returns: copy what a paused computation needs. */
  int32_t (*on_request)(void* instance, smppd_call* call, uint64_t token, uint32_t* command_status);
  /* The session's worker. A paused call ended before its resume: the session closed or the
   * filter's deadline passed. Stop the work if possible; a later resume is ignored. */
  void (*on_cancel)(void* instance, uint64_t token);
  /* Optional. The session's worker, once per request this filter's on_request saw (unless it
   * was cancelled): the response smppd sends the client (its command_status, and the message_id
   * smppd gave a submit), or NULL when the session closed before one was known. For work that
   * depends on the outcome: committing or refunding a reserved credit, counting binds. */
  void (*on_complete)(void* instance, smppd_call* call, const smppd_message* response);
} smppd_filter_vtable;

#ifdef __cplusplus
}
#endif

#endif /* SMPPD_FILTER_H */
