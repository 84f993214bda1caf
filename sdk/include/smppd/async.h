/* smppd plugin ABI: pausing a call and resuming it later, and running blocking work off the
 * workers. Callable from any thread. */
#ifndef SMPPD_ASYNC_H
#define SMPPD_ASYNC_H

#include "smppd/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a hook answers. STOP ends the call with the command_status the hook wrote; PAUSE means the
 * plugin calls resume(token, ...) later, exactly once, from any thread. */
enum {
  SMPPD_CONTINUE = 0,
  SMPPD_STOP = 1,
  SMPPD_PAUSE = 2
};

typedef void (*smppd_work_fn)(void* context);

typedef struct smppd_async_api {
  uint32_t struct_size;
  uint32_t reserved0;
  /* Ends a pause. verdict is SMPPD_CONTINUE or SMPPD_STOP (with command_status). The host moves
   * the call back to its session's worker. SMPPD_E_NOT_FOUND when the token is not pending: the
   * call is gone (the session closed or the filter's deadline passed; on_cancel has been or is
   * being called) or it was resumed already. Nothing happens then, which makes a late resume
   * safe. After a resume that answered SMPPD_OK, on_cancel is never called for that token. */
  int32_t (*resume)(uint64_t token, int32_t verdict, uint32_t command_status);
  /* Sets an attribute on a paused call, before resuming it; the host applies it on the session's
   * worker when the call resumes. Same scopes and keys as smppd_call_api. */
  int32_t (*token_attr_set_string)(uint64_t token, int32_t scope, smppd_plugin_view key, smppd_plugin_view value);
  int32_t (*token_attr_set_int)(uint64_t token, int32_t scope, smppd_plugin_view key, int64_t value);
  /* Runs fn(context) on the host's pool for blocking or CPU-heavy work (password hashing, file
   * reads), never on a worker. Accepted work runs exactly once, also when smppd stops (the pool
   * finishes its queue before plugins are torn down), so fn may free its context. It may outlive
   * the call, the session and the config object that asked for it: share ownership of what it
   * uses. SMPPD_E_BUSY when the pool's queue is full: fn will not run; answer throttled. */
  int32_t (*run_blocking)(smppd_work_fn fn, void* context);
  /* Runs fn(context) once on a host timer thread after delay_ns (simulations, retries, batching
   * deadlines). It must be quick: blocking work goes to run_blocking. Accepted timers run, also
   * when smppd stops (then at once), so fn may free its context. There is no cancel: a plugin that
   * no longer needs a timer's work checks a flag of its own when fn runs. */
  int32_t (*schedule)(int64_t delay_ns, smppd_work_fn fn, void* context);
} smppd_async_api;

#ifdef __cplusplus
}
#endif

#endif /* SMPPD_ASYNC_H */
