/* smppd plugin ABI: health checkers. The host asks a cluster's checker to probe each endpoint
 * every interval; unhealthy_threshold failures in a row take the endpoint out of load balancing,
 * healthy_threshold successes bring it back. */
#ifndef SMPPD_HEALTH_H
#define SMPPD_HEALTH_H

#include "smppd/common.h"
#include "smppd/upstream.h"

#ifdef __cplusplus
extern "C" {
#endif

struct smppd_host_api;

typedef struct smppd_health_checker_vtable {
  uint32_t struct_size;
  uint32_t reserved0;
  int32_t (*config_new)(const struct smppd_host_api* host, const smppd_plugin_ref* plugin,
                        smppd_host_view config_json, void** config_out, smppd_error_buffer* error);
  void (*config_free)(void* config);
  /* A host thread. One probe of `endpoint`: answer SMPPD_CONTINUE (healthy) or SMPPD_STOP
   * (unhealthy) at once, or SMPPD_PAUSE and later resume(token, CONTINUE or STOP) from any
   * thread. The host's timeout counts as unhealthy. */
  int32_t (*check)(void* config, const smppd_endpoint_info* endpoint, int64_t timeout_ns, uint64_t token);
  /* The probe's timeout passed before its resume; a later resume is ignored. */
  void (*on_cancel)(void* config, uint64_t token);
} smppd_health_checker_vtable;

#ifdef __cplusplus
}
#endif

#endif /* SMPPD_HEALTH_H */
