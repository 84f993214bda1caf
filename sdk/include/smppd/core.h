/* smppd plugin ABI: clocks, logging and metrics. Callable from any thread. */
#ifndef SMPPD_CORE_H
#define SMPPD_CORE_H

#include "smppd/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct smppd_core_api {
  uint32_t struct_size;
  uint32_t reserved0;
  /* Nanoseconds of a monotonic clock, for durations. */
  int64_t (*monotonic_ns)(void);
  /* Nanoseconds since the Unix epoch, for timestamps. */
  int64_t (*realtime_ns)(void);
  /* Number of workers, and the index of the calling thread's worker or -1 off the workers. */
  int32_t (*worker_count)(void);
  int32_t (*current_worker)(void);
} smppd_core_api;

/* Logging goes to the host's sinks, prefixed with the plugin's name. */
typedef struct smppd_log_api {
  uint32_t struct_size;
  uint32_t reserved0;
  /* Non-zero when a message at `level` would be written: check before formatting. */
  int32_t (*enabled)(const smppd_plugin_ref* plugin, int32_t level);
  void (*write)(const smppd_plugin_ref* plugin, int32_t level, smppd_plugin_view message);
  /* As write, to the plugin's own logger `name` ("plugin.<plugin name>.<name>"), whose level an
   * operator sets apart from the plugin's (POST /logging?plugin.credit.audit=info): an audit
   * trail, a noisy detail. `name`: 1 to 64 letters, digits, '_', '-' or '.'; SMPPD_E_INVALID
   * otherwise (nothing is written). Check SMPPD_HAS(host->log, write_named). */
  int32_t (*write_named)(const smppd_plugin_ref* plugin, smppd_plugin_view name, int32_t level, smppd_plugin_view message);
} smppd_log_api;

enum {
  SMPPD_METRIC_COUNTER = 1,   /* only goes up */
  SMPPD_METRIC_GAUGE = 2,     /* goes up and down */
  SMPPD_METRIC_HISTOGRAM = 3  /* records values (latencies in microseconds, sizes) */
};

/* Metrics are defined on the control thread (init or config_new) and then updated by id from any
 * thread. The host exports them as smppd.plugin.<plugin name>.<name>. Defining the same name and
 * type twice returns the same id. */
typedef struct smppd_metrics_api {
  uint32_t struct_size;
  uint32_t reserved0;
  int32_t (*define)(const smppd_plugin_ref* plugin, int32_t type, smppd_plugin_view name,
                    smppd_plugin_view help, uint32_t* id_out);
  void (*counter_add)(uint32_t id, uint64_t delta);
  void (*gauge_set)(uint32_t id, int64_t value);
  void (*gauge_add)(uint32_t id, int64_t delta);
  void (*histogram_record)(uint32_t id, uint64_t value);
} smppd_metrics_api;

#ifdef __cplusplus
}
#endif

#endif /* SMPPD_CORE_H */
