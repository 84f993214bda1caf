/* smppd plugin ABI: the umbrella header. A plugin includes this, exports smppd_plugin_v1 and
 * returns a static descriptor from it. See docs/plugin-abi.md. */
#ifndef SMPPD_PLUGIN_H
#define SMPPD_PLUGIN_H

#include "smppd/admin.h"
#include "smppd/async.h"
#include "smppd/call.h"
#include "smppd/common.h"
#include "smppd/core.h"
#include "smppd/fields.h"
#include "smppd/filter.h"
#include "smppd/health.h"
#include "smppd/lb.h"
#include "smppd/message.h"
#include "smppd/state.h"
#include "smppd/upstream.h"
#include "smppd/version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The host's functions, grouped per subsystem. Handed to init and config hooks; valid for the
 * life of the process. A table added in a later minor is NULL on older hosts (SMPPD_HAS). */
typedef struct smppd_host_api {
  uint32_t struct_size;
  uint32_t abi_major;
  uint32_t abi_minor;
  uint32_t reserved0;
  const char* product_version;  /* NUL-terminated, "0.1.0" */
  const smppd_core_api* core;
  const smppd_log_api* log;
  const smppd_metrics_api* metrics;
  const smppd_message_api* message;
  const smppd_call_api* call;
  const smppd_async_api* async;
  const smppd_upstream_api* upstream;
  const smppd_admin_api* admin;
  const smppd_state_api* state;
} smppd_host_api;

/* One factory: a named implementation of one kind. The name is what operators write in the
 * config ("auth_static"). */
typedef struct smppd_factory {
  uint32_t struct_size;
  int32_t kind;               /* SMPPD_KIND_* */
  const char* name;           /* NUL-terminated, unique among the host's factories of this kind */
  /* The config the factory accepts, as JSON Schema text (type, properties, required,
   * additionalProperties, items, enum, minimum, maximum, minLength, maxLength), or NULL to accept
   * any table. The host checks the operator's TOML against it and names file, line and key. */
  const char* config_schema;
  /* The kind's table: smppd_filter_vtable (SMPPD_KIND_FILTER), smppd_lb_vtable (LB_POLICY),
   * smppd_health_checker_vtable (HEALTH_CHECKER), smppd_upstream_vtable (UPSTREAM),
   * smppd_state_store_vtable (STATE_STORE). */
  const void* vtable;
} smppd_factory;

/* What a plugin is. Static: the entry symbol only returns its address. */
typedef struct smppd_plugin_descriptor {
  uint32_t struct_size;
  uint32_t abi_major;       /* SMPPD_ABI_VERSION_MAJOR the plugin was built with */
  uint32_t abi_minor;       /* SMPPD_ABI_VERSION_MINOR the plugin was built with */
  uint32_t min_host_minor;  /* the oldest host minor whose tables it can work with */
  const char* name;         /* NUL-terminated; must match the manifest */
  const char* version;      /* the plugin's own version; must match the manifest */
  const char* description;
  /* Control thread, once, after the host accepted the descriptor. May be NULL. Non-zero refuses
   * the plugin with the reason written to `error`. */
  int32_t (*init)(const smppd_host_api* host, const smppd_plugin_ref* plugin, smppd_error_buffer* error);
  /* Control thread, once, at exit, after every config object is freed. May be NULL. */
  void (*teardown)(void);
  uint32_t factory_count;
  uint32_t reserved0;
  /* factory_count entries, each factories[0].struct_size bytes apart (a plugin built for a later
   * minor has larger entries): the host walks the array by that stride, never by sizeof. */
  const smppd_factory* factories;
} smppd_plugin_descriptor;

/* The entry symbol's name carries the ABI major. It does no work. */
#define SMPPD_PLUGIN_ENTRY smppd_plugin_v1
#define SMPPD_PLUGIN_ENTRY_NAME "smppd_plugin_v1"
typedef const smppd_plugin_descriptor* (*smppd_plugin_entry_fn)(uint32_t host_abi_minor);

/* The prototype every plugin defines: declaring it here gives C++ plugins C linkage and lets the
 * compiler check the definition's signature. */
SMPPD_EXPORT const smppd_plugin_descriptor* SMPPD_PLUGIN_ENTRY(uint32_t host_abi_minor);

#ifdef __cplusplus
}
#endif

#endif /* SMPPD_PLUGIN_H */
