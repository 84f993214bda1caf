/* test_delay: holds each request that is not a bind for `delay_ms`, then lets it continue. The
 * integration tests need requests that stay in flight (a full window, a duplicate sequence number
 * in flight, an unbind or a drain with requests pending), which a filter that answers at once
 * cannot give. The wait runs on the host's blocking pool, never on a worker. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smppd/filter.h"
#include "smppd/fields.h"
#include "smppd/plugin.h"

#define TEST_DELAY_THROTTLED 0x00000058u /* ESME_RTHROTTLED: the pool's queue is full */

static const smppd_host_api* g_host = NULL;
/* Requests held so far, for its admin paths (plugin admin handlers run on the control thread). */
static _Atomic long g_held = 0;

typedef struct delay_config {
  long delay_ms;
} delay_config;

typedef struct delay_work {
  uint64_t token;
  long delay_ms;
} delay_work;

static void delay_admin_held(void* user_data, const smppd_admin_request* request, smppd_admin_response* response) {
  char body[96];
  int length = 0;
  (void)user_data;
  length = snprintf(body, sizeof body, "{\"held\": %ld, \"query\": \"%.*s\"}", (long)g_held,
                    (int)(request->query.size < 32 ? request->query.size : 32), request->query.data);
  g_host->admin->respond(response, 200, smppd_view_of(NULL, 0), smppd_view_of(body, (uint64_t)length));
}

static void delay_admin_reset(void* user_data, const smppd_admin_request* request, smppd_admin_response* response) {
  (void)user_data;
  (void)request;
  g_held = 0;
  g_host->admin->respond(response, 200, smppd_view_of("text/plain", 10), smppd_view_of("reset\n", 6));
}

static int32_t delay_init(const smppd_host_api* host, const smppd_plugin_ref* plugin, smppd_error_buffer* error) {
  (void)plugin;
  if (!SMPPD_HAS(host, message) || !SMPPD_HAS(host, call) || !SMPPD_HAS(host, async) ||
      !SMPPD_HAS(host->async, run_blocking) || !SMPPD_HAS(host->async, resume)) {
    smppd_error_set(error, "the host has no async table with run_blocking and resume");
    return SMPPD_E_UNSUPPORTED;
  }
  g_host = host;
  /* Its own admin paths, to test host->admin: GET /plugins/test_delay/held and POST .../reset. */
  if (SMPPD_HAS(host, admin)) {
    if (host->admin->register_handler(plugin, SMPPD_ADMIN_GET, smppd_view_of("held", 4), "requests held so far",
                                      delay_admin_held, NULL) != SMPPD_OK ||
        host->admin->register_handler(plugin, SMPPD_ADMIN_POST, smppd_view_of("reset", 5), "count from 0 again",
                                      delay_admin_reset, NULL) != SMPPD_OK) {
      smppd_error_set(error, "could not register the admin paths");
      return SMPPD_E_INTERNAL;
    }
  }
  return SMPPD_OK;
}

/* The schema has made sure the config is {"delay_ms": <0..60000>} or {}. */
static int32_t delay_config_new(const struct smppd_host_api* host, const smppd_plugin_ref* plugin,
                                smppd_host_view config_json, void** config_out, smppd_error_buffer* error) {
  delay_config* config = NULL;
  char text[128];
  const char* key = NULL;
  (void)host;
  (void)plugin;
  if (config_json.size >= sizeof text) {
    smppd_error_set(error, "the config is longer than {\"delay_ms\": N}");
    return SMPPD_E_CONFIG;
  }
  memcpy(text, config_json.data, config_json.size);
  text[config_json.size] = '\0';
  config = malloc(sizeof *config);
  if (config == NULL) return SMPPD_E_INTERNAL;
  config->delay_ms = 200;
  key = strstr(text, "\"delay_ms\"");
  if (key != NULL) {
    const char* colon = strchr(key, ':');
    if (colon != NULL) config->delay_ms = strtol(colon + 1, NULL, 10);
  }
  *config_out = config;
  return SMPPD_OK;
}

static void delay_config_free(void* config) { free(config); }

static void delay_then_resume(void* context) {
  delay_work* work = context;
  struct timespec wait;
  wait.tv_sec = work->delay_ms / 1000;
  wait.tv_nsec = (work->delay_ms % 1000) * 1000000L;
  while (nanosleep(&wait, &wait) != 0) {
  }
  /* SMPPD_E_NOT_FOUND when the session closed meanwhile: nothing to do then. */
  g_host->async->resume(work->token, SMPPD_CONTINUE, 0);
  free(work);
}

static int32_t delay_on_request(void* instance, smppd_call* call, uint64_t token, uint32_t* command_status) {
  const delay_config* config = instance;
  const uint32_t command = g_host->message->command_id(g_host->call->message(call));
  delay_work* work = NULL;
  if (command == SMPPD_CMD_BIND_TRANSMITTER || command == SMPPD_CMD_BIND_RECEIVER ||
      command == SMPPD_CMD_BIND_TRANSCEIVER) {
    return SMPPD_CONTINUE;
  }
  work = malloc(sizeof *work);
  if (work == NULL) {
    *command_status = TEST_DELAY_THROTTLED;
    return SMPPD_STOP;
  }
  work->token = token;
  work->delay_ms = config->delay_ms;
  ++g_held;
  if (g_host->async->run_blocking(delay_then_resume, work) != SMPPD_OK) {
    free(work);
    *command_status = TEST_DELAY_THROTTLED;
    return SMPPD_STOP;
  }
  return SMPPD_PAUSE;
}

static void delay_on_cancel(void* instance, uint64_t token) {
  /* The sleeping work resumes a token that is gone, which the host ignores. */
  (void)instance;
  (void)token;
}

/* Designated initializers: entries a later ABI minor appends stay NULL. */
static const smppd_filter_vtable delay_filter = {
    .struct_size = sizeof(smppd_filter_vtable),
    .config_new = delay_config_new,
    .config_free = delay_config_free,
    .on_request = delay_on_request,
    .on_cancel = delay_on_cancel,
};

static const smppd_factory delay_factories[] = {
    {
        .struct_size = sizeof(smppd_factory),
        .kind = SMPPD_KIND_FILTER,
        .name = "test_delay",
        .config_schema = "{\"type\": \"object\", \"properties\": {\"delay_ms\": {\"type\": \"integer\", "
                         "\"minimum\": 0, \"maximum\": 60000}}, \"additionalProperties\": false}",
        .vtable = &delay_filter,
    },
};

static const smppd_plugin_descriptor delay_descriptor = {
    .struct_size = sizeof(smppd_plugin_descriptor),
    .abi_major = SMPPD_ABI_VERSION_MAJOR,
    .abi_minor = SMPPD_ABI_VERSION_MINOR,
    .min_host_minor = 0,
    .name = "test_delay",
    .version = "0.0.1",
    .description = "Holds each non-bind request for delay_ms before it continues (integration tests only)",
    .init = delay_init,
    .factory_count = 1,
    .factories = delay_factories,
};

const smppd_plugin_descriptor* SMPPD_PLUGIN_ENTRY(uint32_t host_abi_minor) {
  (void)host_abi_minor;
  return &delay_descriptor;
}
