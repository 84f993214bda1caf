/* smppd plugin ABI: load-balancing policies. A cluster's policy picks, for each message, one of
 * the binds that can take it. One instance per worker, called on that worker only, so a policy
 * keeps its state (a round-robin cursor, a random generator) without locks. */
#ifndef SMPPD_LB_H
#define SMPPD_LB_H

#include "smppd/common.h"
#include "smppd/message.h"

#ifdef __cplusplus
extern "C" {
#endif

struct smppd_host_api;

/* One bind that can take a message: bound, its endpoint healthy and not ejected. What its window
 * cannot send yet waits in its queue; binds paused by an SMSC throttle are offered only when no
 * other bind is. */
typedef struct smppd_lb_candidate {
  uint32_t struct_size;
  uint32_t weight;          /* the endpoint's weight (1 unless configured) */
  uint32_t in_flight;       /* requests taken by this bind and not yet answered: sent or queued */
  uint32_t window;          /* the bind's window */
  uint64_t endpoint_id;
  int32_t same_worker;      /* non-zero when the bind lives on the calling worker */
  uint32_t reserved0;
  uint64_t bind_id;         /* unique in the process: a policy's cursor can name a bind exactly */
} smppd_lb_candidate;

typedef struct smppd_lb_vtable {
  uint32_t struct_size;
  uint32_t reserved0;
  int32_t (*config_new)(const struct smppd_host_api* host, const smppd_plugin_ref* plugin,
                        smppd_host_view config_json, void** config_out, smppd_error_buffer* error);
  void (*config_free)(void* config);
  /* Control thread, once per worker and cluster. */
  int32_t (*worker_new)(void* config, int32_t worker, void** instance_out);
  void (*worker_free)(void* instance);
  /* The worker's thread. `candidates` holds `count` entries, `stride` bytes apart (the host's
   * sizeof(smppd_lb_candidate)); never empty. Answers an index, or -1 to refuse the message. */
  int32_t (*pick)(void* instance, const smppd_lb_candidate* candidates, uint32_t count, uint32_t stride,
                  const smppd_message* message);
} smppd_lb_vtable;

/* The candidate at `index` of an array walked by `stride`. */
static inline const smppd_lb_candidate* smppd_lb_candidate_at(const smppd_lb_candidate* candidates, uint32_t stride,
                                                              uint32_t index) {
  return (const smppd_lb_candidate*)(const void*)((const char*)(const void*)candidates + (uint64_t)stride * index);
}

#ifdef __cplusplus
}
#endif

#endif /* SMPPD_LB_H */
