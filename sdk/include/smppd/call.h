/* smppd plugin ABI: a call is one request travelling through the filter chain: its message, the
 * session it came from, and the attribute bag plugins use to pass data along (the authenticated
 * principal, an HLR answer, a price, a tenant). Session thread only, during the hook. */
#ifndef SMPPD_CALL_H
#define SMPPD_CALL_H

#include "smppd/common.h"
#include "smppd/message.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct smppd_call smppd_call;

/* What a plugin may know about the session a call came from. The caller sets struct_size; the
 * host fills what fits. Views are host-owned and valid during the hook. */
typedef struct smppd_session_info {
  uint32_t struct_size;
  int32_t bind_type;             /* SMPPD_BIND_*: NONE while the bind itself is being decided */
  uint64_t session_id;           /* unique in this process's life */
  smppd_host_view listener;      /* the listener's name from the config */
  smppd_host_view peer_address;  /* the client's IP as text: "192.0.2.1", "2001:db8::1" (no
                                    brackets; an IPv4 client of a dual-stack listener may show as
                                    "::ffff:192.0.2.1") */
  uint32_t peer_port;
  int32_t tls;                   /* non-zero for a TLS session */
  smppd_host_view system_id;     /* the bound system_id; empty before the bind */
  int32_t worker;                /* the worker the session lives on */
  uint8_t interface_version;     /* from the bind: 0x34, 0x50, ... */
  uint8_t reserved0[3];
} smppd_session_info;

/* Attribute scopes: a call's attributes end with the call, a session's with the session. */
enum {
  SMPPD_SCOPE_CALL = 1,
  SMPPD_SCOPE_SESSION = 2
};

/* Well-known attributes. Keys are namespaced "<plugin>.<key>"; "smppd." belongs to the host. */
/* The authenticated principal (session scope, string). A listener refuses a bind that no filter
 * authenticated, unless the operator allows unauthenticated binds. */
#define SMPPD_ATTR_PRINCIPAL "smppd.principal"

typedef struct smppd_call_api {
  uint32_t struct_size;
  uint32_t reserved0;
  smppd_message* (*message)(smppd_call* call);
  int32_t (*session_info)(const smppd_call* call, smppd_session_info* out);
  int32_t (*attr_set_string)(smppd_call* call, int32_t scope, smppd_plugin_view key, smppd_plugin_view value);
  int32_t (*attr_set_int)(smppd_call* call, int32_t scope, smppd_plugin_view key, int64_t value);
  /* SMPPD_E_NOT_FOUND when absent, SMPPD_E_INVALID when the attribute has the other type. */
  int32_t (*attr_get_string)(const smppd_call* call, int32_t scope, smppd_plugin_view key, smppd_host_view* out);
  int32_t (*attr_get_int)(const smppd_call* call, int32_t scope, smppd_plugin_view key, int64_t* out);
  int32_t (*attr_remove)(smppd_call* call, int32_t scope, smppd_plugin_view key);
  /* Where the router would send the call if it left the filter chain now: the host looks its
   * routes up on the message and the call's attributes so far (filters run before the router).
   * A pure lookup: nothing is counted, sent or remembered. A weighted route answers its first
   * cluster of weight above 0; a route that rejects answers an empty cluster_name. Both views
   * are host-owned, valid until the hook returns or the next route() on this call.
   * SMPPD_E_NOT_FOUND when no route matches, or for a request the router does not route (binds,
   * query_sm, ...). */
  int32_t (*route)(const smppd_call* call, smppd_host_view* route_name, smppd_host_view* cluster_name);
  /* ABI 1.0, appended. "Now" for this filter's turn, on core.monotonic_ns's clock, without a clock
   * read of its own: when the host read the request from the socket, or when the call came back
   * from a pause. Under load it trails monotonic_ns by the time the worker took to reach the
   * call (the host reads the clock once per read, for every request in it). */
  int64_t (*now_ns)(const smppd_call* call);
} smppd_call_api;

#ifdef __cplusplus
}
#endif

#endif /* SMPPD_CALL_H */
