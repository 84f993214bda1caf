/* smppd plugin ABI: the types every other header uses. Plain C11, standard headers only. */
#ifndef SMPPD_COMMON_H
#define SMPPD_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "smppd/version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The one symbol a plugin exports. Everything else stays hidden (-fvisibility=hidden). */
#if defined(__GNUC__)
#define SMPPD_EXPORT __attribute__((visibility("default")))
#else
#define SMPPD_EXPORT
#endif

/* Result codes of host and plugin functions. Values are stable; new ones are appended. */
enum {
  SMPPD_OK = 0,
  SMPPD_E_UNSUPPORTED = -1, /* the entry exists but this host or object does not offer it */
  SMPPD_E_INVALID = -2,     /* an argument is wrong (bad field id for this PDU, bad scope, ...) */
  SMPPD_E_NOT_FOUND = -3,   /* no such field, TLV, attribute or token (a late resume, say) */
  SMPPD_E_RANGE = -4,       /* a value does not fit (too long for its field, out of range) */
  SMPPD_E_BUSY = -5,        /* a bounded queue is full: try later or answer throttled */
  SMPPD_E_STATE = -6,       /* the call is not allowed now (a pool that is stopping, ...) */
  SMPPD_E_CONFIG = -7,      /* the plugin's config was refused (see the error buffer) */
  SMPPD_E_INTERNAL = -8     /* a bug; the host logs it */
};

/* Bytes owned by the host, valid until the hook that received them returns or the object they
 * came from is changed. Not NUL-terminated unless a function says so. */
typedef struct smppd_host_view {
  const char* data;
  uint64_t size;
} smppd_host_view;

/* Bytes owned by the plugin, read by the host during the call only. */
typedef struct smppd_plugin_view {
  const char* data;
  uint64_t size;
} smppd_plugin_view;

/* Where a plugin writes a readable reason when it refuses something (config, init). The host
 * owns the buffer; the plugin writes at most capacity - 1 characters and a NUL. */
typedef struct smppd_error_buffer {
  uint32_t struct_size;
  uint32_t capacity;
  char* data;
} smppd_error_buffer;

/* Log levels, as spdlog orders them. */
enum {
  SMPPD_LOG_TRACE = 0,
  SMPPD_LOG_DEBUG = 1,
  SMPPD_LOG_INFO = 2,
  SMPPD_LOG_WARN = 3,
  SMPPD_LOG_ERROR = 4,
  SMPPD_LOG_CRITICAL = 5
};

/* The kinds of factory a plugin may offer (ABI.md "Kinds"). A kind's table is declared in its own
 * header; kinds without a header in this ABI minor are reserved. */
enum {
  SMPPD_KIND_FILTER = 1,
  SMPPD_KIND_LB_POLICY = 2,
  SMPPD_KIND_HEALTH_CHECKER = 3,
  SMPPD_KIND_UPSTREAM = 4,
  SMPPD_KIND_ROUTE_MATCHER = 5,
  SMPPD_KIND_STATE_STORE = 6,
  SMPPD_KIND_SINK = 7,
  SMPPD_KIND_BRIDGE = 8,
  SMPPD_KIND_LOOKUP = 9,
  SMPPD_KIND_ADMIN_HANDLER = 10,
  SMPPD_KIND_SERVICE = 11
};

/* The plugin as the host knows it: passed to init and config hooks so that logs and metrics
 * carry the plugin's name. Opaque; valid for the life of the process, so a plugin may keep it. */
typedef struct smppd_plugin_ref smppd_plugin_ref;

/* True when `table` (any ABI table: it starts with struct_size) is long enough to hold the entry
 * `fn` and the entry is set. Check before calling an entry added after the minor you require.
 * `table` is evaluated more than once: pass a plain pointer, not an expression with effects. */
#define SMPPD_HAS(table, fn)                                                            \
  ((table) != NULL &&                                                                   \
   (uint64_t)((const char*)&(table)->fn - (const char*)(table)) + sizeof((table)->fn) <= \
       (uint64_t)(table)->struct_size &&                                                \
   (table)->fn != NULL)

/* Copies a NUL-terminated message into an error buffer, truncating it to fit. */
static inline void smppd_error_set(smppd_error_buffer* error, const char* message) {
  uint32_t i = 0;
  if (!error || !error->data || error->capacity == 0) return;
  for (; message && message[i] != '\0' && i + 1 < error->capacity; ++i) {
    error->data[i] = message[i];
  }
  error->data[i] = '\0';
}

static inline smppd_plugin_view smppd_view_of(const char* data, uint64_t size) {
  smppd_plugin_view view;
  view.data = data;
  view.size = size;
  return view;
}

#ifdef __cplusplus
}
#endif

#endif /* SMPPD_COMMON_H */
