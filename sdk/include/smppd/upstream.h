/* smppd plugin ABI: upstream transports. A cluster whose `upstream` names a transport factory
 * sends its messages through the plugin instead of SMPP binds (a simulated SMSC, an HTTP
 * provider), and the plugin hands receipts and MO back to smppd. */
#ifndef SMPPD_UPSTREAM_H
#define SMPPD_UPSTREAM_H

#include "smppd/common.h"
#include "smppd/message.h"

#ifdef __cplusplus
extern "C" {
#endif

struct smppd_host_api;

/* A cluster as its transport sees it: passed back to the host with what the upstream sends. */
typedef struct smppd_upstream smppd_upstream;

typedef struct smppd_upstream_vtable {
  uint32_t struct_size;
  uint32_t reserved0;
  /* Control thread: as for filters (the cluster's upstream_config rendered as JSON). */
  int32_t (*config_new)(const struct smppd_host_api* host, const smppd_plugin_ref* plugin,
                        smppd_host_view config_json, void** config_out, smppd_error_buffer* error);
  void (*config_free)(void* config);
  /* Control thread: a cluster starts using the transport. `upstream` identifies the cluster in
   * deliver(); it stays valid until stop returns. */
  int32_t (*start)(void* config, smppd_upstream* upstream, void** instance_out);
  /* Control thread, when the cluster stops: the instance ends here (there is no separate free);
   * after it returns, the plugin calls neither deliver() for this upstream nor complete() for its
   * submits (the host answers those still waiting itself). */
  void (*stop)(void* instance);
  /* Any worker. Forwards one message (submit_sm, data_sm); `message` is valid during the call
   * only. Answer later, exactly once, from any thread: host->upstream->complete(token, status,
   * message_id). SMPPD_OK when accepted for sending; any other answer means complete() will not
   * come for this token (SMPPD_E_BUSY: the client gets ESME_RTHROTTLED; others ESME_RSYSERR). */
  int32_t (*submit)(void* instance, const smppd_message* message, uint64_t token);
} smppd_upstream_vtable;

/* What a health checker or load balancer knows of one endpoint. Views are host-owned, valid
 * during the call. */
typedef struct smppd_endpoint_info {
  uint32_t struct_size;
  uint32_t port;
  uint64_t endpoint_id;        /* unique in the process */
  smppd_host_view cluster;     /* the cluster's name */
  smppd_host_view name;        /* the endpoint's name */
  smppd_host_view address;     /* host name or IP as configured */
} smppd_endpoint_info;

typedef struct smppd_upstream_api {
  uint32_t struct_size;
  uint32_t reserved0;
  /* Ends a submit: the upstream's command_status and, when 0, its message_id. Any thread, once
   * per token; SMPPD_E_NOT_FOUND for an unknown or completed token (a late answer is ignored). */
  int32_t (*complete)(uint64_t token, uint32_t command_status, smppd_plugin_view message_id);
  /* A new, empty message of this command (deliver_sm for receipts and MO), owned by the plugin
   * until it is handed to deliver() or freed with message_free(). */
  smppd_message* (*message_new)(uint32_t command_id);
  void (*message_free)(smppd_message* message);
  /* Hands a deliver_sm from the upstream to smppd, which takes ownership of `message`: a receipt
   * is correlated and sent to its client, an MO routed to the client owning the number. Any
   * thread. SMPPD_E_BUSY when smppd cannot take it now (the message is still taken and freed). */
  int32_t (*deliver)(smppd_upstream* upstream, smppd_message* message);
  /* Sends enquire_link on a bind of an SMPP endpoint; resumes `token` with SMPPD_CONTINUE when
   * the resp came within the timeout, SMPPD_STOP otherwise (also at once when no bind of the
   * endpoint is up). The resume may come before this call returns. SMPPD_OK means the token will
   * be resumed; any other answer (SMPPD_E_NOT_FOUND for an unknown endpoint) means it will not.
   * For health checkers. */
  int32_t (*probe_enquire_link)(uint64_t endpoint_id, int64_t timeout_ns, uint64_t token);
} smppd_upstream_api;

#ifdef __cplusplus
}
#endif

#endif /* SMPPD_UPSTREAM_H */
