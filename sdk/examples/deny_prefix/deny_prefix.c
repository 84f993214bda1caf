/* deny_prefix: an smppd filter plugin in plain C, the SDK's worked example.
 *
 * It refuses every submit_sm whose destination_addr starts with one of the configured prefixes,
 * answering the configured command_status; every other request passes. The operator configures
 * it with a table like
 *
 *   prefixes = ["1900", "44871"]   # digits only, at most 20 each
 *   status = 0x0B                  # optional: the command_status answered (default ESME_RINVDSTADR)
 *
 * which the host checks against deny_prefix_schema below and hands to config_new as JSON:
 * {"prefixes":["1900","44871"],"status":11}.
 *
 * Build it against an installed SDK with the CMakeLists.txt beside this file; the rules it
 * follows are in docs/plugin-abi.md. */

/* The only header a plugin needs: the whole C ABI, plain C11, standard headers only. */
#include <smppd/plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* destination_addr is at most 20 digits in SMPP 3.4 (21 octets with the NUL). */
#define DENY_PREFIX_MAX_DIGITS 20

/* A string literal as a plugin-owned view (the host reads it during the call only). */
#define DENY_PREFIX_VIEW(literal) smppd_view_of((literal), sizeof(literal) - 1)

/* The config's JSON Schema. The host refuses a table that does not fit it, naming file, line and
 * key, before config_new runs; config_new still checks everything it reads (digits only, status
 * not 0), since a schema cannot say all of it and a plugin never trusts its input. */
static const char deny_prefix_schema[] =
    "{\"type\":\"object\","
    "\"properties\":{"
    "\"prefixes\":{\"type\":\"array\","
    "\"items\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":20}},"
    "\"status\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":4294967295}},"
    "\"required\":[\"prefixes\"],"
    "\"additionalProperties\":false}";

/* One configured prefix, kept as digits plus a length: no NUL is needed to compare it with a
 * host view, which is not NUL-terminated. */
typedef struct deny_prefix_entry {
  char digits[DENY_PREFIX_MAX_DIGITS];
  size_t length;
} deny_prefix_entry;

/* The config object: made once on the control thread, then only read, by every worker at once.
 * It holds no lock because nothing changes it after config_new returns. */
typedef struct deny_prefix_config {
  const smppd_host_api* host;      /* the host's tables: valid for the life of the process */
  const smppd_plugin_ref* plugin;  /* names this plugin in logs and metrics */
  uint32_t status;                 /* the command_status answered on a match */
  int has_metric;                  /* whether denied_metric was defined */
  uint32_t denied_metric;          /* counter id, bumped from any worker */
  size_t prefix_count;
  deny_prefix_entry* prefixes;     /* malloc'd by config_new, freed by config_free */
} deny_prefix_config;

/* ---- A minimal JSON reader, enough for this config. -------------------------------------------
 * The host sends compact, valid JSON that already fits the schema, so this reader accepts only
 * what the schema allows: an object whose values are an array of plain strings or an unsigned
 * integer. Anything else is refused with a reason, never read past the end of the bytes. */

typedef struct json_cursor {
  const char* at;
  const char* end;
} json_cursor;

static void json_skip_space(json_cursor* cursor) {
  while (cursor->at < cursor->end &&
         (*cursor->at == ' ' || *cursor->at == '\t' || *cursor->at == '\n' || *cursor->at == '\r')) {
    ++cursor->at;
  }
}

/* Consumes `expected` (after any space) and answers non-zero, or answers 0 and consumes nothing. */
static int json_take(json_cursor* cursor, char expected) {
  json_skip_space(cursor);
  if (cursor->at < cursor->end && *cursor->at == expected) {
    ++cursor->at;
    return 1;
  }
  return 0;
}

/* Reads a string without escapes (keys and digit prefixes never need one) as a view into the
 * config bytes. Answers 0 on success. */
static int json_read_string(json_cursor* cursor, const char** data, size_t* length) {
  if (!json_take(cursor, '"')) return -1;
  *data = cursor->at;
  while (cursor->at < cursor->end && *cursor->at != '"') {
    if (*cursor->at == '\\' || (unsigned char)*cursor->at < 0x20) return -1;
    ++cursor->at;
  }
  if (cursor->at == cursor->end) return -1;
  *length = (size_t)(cursor->at - *data);
  ++cursor->at; /* the closing quote */
  return 0;
}

/* Reads a non-negative integer that fits 32 bits. Answers 0 on success. */
static int json_read_uint32(json_cursor* cursor, uint32_t* value) {
  uint64_t result = 0;
  const char* first;
  json_skip_space(cursor);
  first = cursor->at;
  while (cursor->at < cursor->end && *cursor->at >= '0' && *cursor->at <= '9') {
    result = result * 10u + (uint64_t)(*cursor->at - '0');
    if (result > UINT32_MAX) return -1;
    ++cursor->at;
  }
  /* At least one digit, and no fraction or exponent after them. */
  if (cursor->at == first) return -1;
  if (cursor->at < cursor->end && (*cursor->at == '.' || *cursor->at == 'e' || *cursor->at == 'E')) {
    return -1;
  }
  *value = (uint32_t)result;
  return 0;
}

static int key_is(const char* key, size_t length, const char* name) {
  return length == strlen(name) && memcmp(key, name, length) == 0;
}

/* Reads the "prefixes" array into config->prefixes. On refusal writes why to `error`. */
static int read_prefixes(json_cursor* cursor, deny_prefix_config* config, smppd_error_buffer* error) {
  size_t capacity = 0;
  char reason[128];
  if (!json_take(cursor, '[')) {
    smppd_error_set(error, "prefixes: expected an array of strings");
    return -1;
  }
  if (json_take(cursor, ']')) return 0; /* an empty list is valid and denies nothing */
  do {
    const char* digits;
    size_t length;
    size_t i;
    if (json_read_string(cursor, &digits, &length) != 0) {
      snprintf(reason, sizeof reason, "prefixes[%zu]: expected a string without escapes",
               config->prefix_count);
      smppd_error_set(error, reason);
      return -1;
    }
    if (length == 0 || length > DENY_PREFIX_MAX_DIGITS) {
      snprintf(reason, sizeof reason, "prefixes[%zu]: must have 1 to %d digits",
               config->prefix_count, DENY_PREFIX_MAX_DIGITS);
      smppd_error_set(error, reason);
      return -1;
    }
    for (i = 0; i < length; ++i) {
      if (digits[i] < '0' || digits[i] > '9') {
        snprintf(reason, sizeof reason, "prefixes[%zu]: only digits are allowed, found '%c'",
                 config->prefix_count, digits[i]);
        smppd_error_set(error, reason);
        return -1;
      }
    }
    /* Grow the array by doubling; config_free releases it whatever happens next. */
    if (config->prefix_count == capacity) {
      size_t grown = capacity == 0 ? 8 : capacity * 2;
      deny_prefix_entry* entries = realloc(config->prefixes, grown * sizeof *entries);
      if (entries == NULL) {
        smppd_error_set(error, "out of memory");
        return -1;
      }
      config->prefixes = entries;
      capacity = grown;
    }
    memcpy(config->prefixes[config->prefix_count].digits, digits, length);
    config->prefixes[config->prefix_count].length = length;
    ++config->prefix_count;
  } while (json_take(cursor, ','));
  if (!json_take(cursor, ']')) {
    smppd_error_set(error, "prefixes: expected ',' or ']'");
    return -1;
  }
  return 0;
}

/* Reads the whole config object. On refusal writes why to `error`. */
static int read_config(smppd_host_view json, deny_prefix_config* config, smppd_error_buffer* error) {
  json_cursor cursor;
  int seen_prefixes = 0;
  int seen_status = 0;
  cursor.at = json.data;
  cursor.end = json.data + json.size;
  if (!json_take(&cursor, '{')) {
    smppd_error_set(error, "expected a table");
    return -1;
  }
  if (!json_take(&cursor, '}')) {
    do {
      const char* key;
      size_t key_length;
      if (json_read_string(&cursor, &key, &key_length) != 0 || !json_take(&cursor, ':')) {
        smppd_error_set(error, "expected a key");
        return -1;
      }
      if (key_is(key, key_length, "prefixes") && !seen_prefixes) {
        seen_prefixes = 1;
        if (read_prefixes(&cursor, config, error) != 0) return -1;
      } else if (key_is(key, key_length, "status") && !seen_status) {
        seen_status = 1;
        if (json_read_uint32(&cursor, &config->status) != 0 || config->status == 0) {
          /* status 0 is ESME_ROK: the client would be told its message was accepted while it was
           * dropped. */
          smppd_error_set(error, "status: expected a command_status from 1 to 4294967295");
          return -1;
        }
      } else {
        smppd_error_set(error, "unknown or repeated key (allowed: prefixes, status)");
        return -1;
      }
    } while (json_take(&cursor, ','));
    if (!json_take(&cursor, '}')) {
      smppd_error_set(error, "expected ',' or '}'");
      return -1;
    }
  }
  json_skip_space(&cursor);
  if (cursor.at != cursor.end) {
    smppd_error_set(error, "unexpected bytes after the table");
    return -1;
  }
  if (!seen_prefixes) {
    smppd_error_set(error, "prefixes: required");
    return -1;
  }
  return 0;
}

/* ---- The filter's hooks. ----------------------------------------------------------------------- */

/* Control thread. Frees a config object once no session uses it any more (also called by
 * config_new itself on refusal, with a half-made object). */
static void deny_prefix_config_free(void* instance) {
  deny_prefix_config* config = instance;
  if (config == NULL) return;
  free(config->prefixes);
  free(config);
}

/* Control thread. Makes the immutable config object every worker shares, or refuses the config
 * with SMPPD_E_CONFIG and a reason; the host then keeps the previous config running and reports
 * the reason with the config file and key. */
static int32_t deny_prefix_config_new(const smppd_host_api* host, const smppd_plugin_ref* plugin,
                                      smppd_host_view config_json, void** config_out,
                                      smppd_error_buffer* error) {
  deny_prefix_config* config = calloc(1, sizeof *config);
  if (config == NULL) {
    smppd_error_set(error, "out of memory");
    return SMPPD_E_INTERNAL;
  }
  config->host = host;
  config->plugin = plugin;
  config->status = SMPPD_STATUS_RINVDSTADR; /* the default when the table has no status */
  if (read_config(config_json, config, error) != 0) {
    deny_prefix_config_free(config);
    return SMPPD_E_CONFIG;
  }
  /* Metrics are defined here, on the control thread, and then bumped by id from any worker. The
   * host exports this one as smppd.plugin.deny_prefix.denied_total; defining it again on a config
   * reload returns the same id. SMPPD_HAS(table, entry) is how a plugin uses an entry added after
   * the min_host_minor it declares, doing without it on an older host. The metrics table and
   * define are ABI 1.0, present on every 1.x host, so here the check always passes: it only shows
   * the pattern, on a counter the filter can live without. */
  if (SMPPD_HAS(host, metrics) && SMPPD_HAS(host->metrics, define) &&
      host->metrics->define(plugin, SMPPD_METRIC_COUNTER, DENY_PREFIX_VIEW("denied_total"),
                            DENY_PREFIX_VIEW("submit_sm refused for a denied destination prefix"),
                            &config->denied_metric) == SMPPD_OK) {
    config->has_metric = 1;
  }
  *config_out = config;
  return SMPPD_OK;
}

static int matches_a_prefix(const deny_prefix_config* config, smppd_host_view destination) {
  size_t i;
  /* A linear scan keeps the example short; a plugin with thousands of prefixes would build a
   * trie or a sorted table in config_new, where the time is spent once. */
  for (i = 0; i < config->prefix_count; ++i) {
    const deny_prefix_entry* entry = &config->prefixes[i];
    if (entry->length <= destination.size && memcmp(destination.data, entry->digits, entry->length) == 0) {
      return 1;
    }
  }
  return 0;
}

/* The session's worker, once per request the client sends. There is no session_new, so
 * `instance` is the config object itself. This filter never pauses, so it never uses `token` and
 * needs no on_cancel. */
static int32_t deny_prefix_on_request(void* instance, smppd_call* call, uint64_t token,
                                      uint32_t* command_status) {
  const deny_prefix_config* config = instance;
  const smppd_host_api* host = config->host;
  smppd_message* message = host->call->message(call);
  smppd_host_view destination;
  (void)token;

  /* Binds, enquire_links, data_sm, ... all pass. */
  if (host->message->command_id(message) != SMPPD_CMD_SUBMIT_SM) return SMPPD_CONTINUE;
  /* The view is the host's and valid until this hook returns: compare it, never keep it. A
   * submit_sm always has destination_addr; if the host ever says otherwise, let the rest of the
   * chain decide. */
  if (host->message->get_string(message, SMPPD_F_DESTINATION_ADDR, &destination) != SMPPD_OK) {
    return SMPPD_CONTINUE;
  }
  if (!matches_a_prefix(config, destination)) return SMPPD_CONTINUE;

  if (config->has_metric) host->metrics->counter_add(config->denied_metric, 1);
  /* Check the level before formatting: a log call the host drops should cost nothing. */
  if (host->log->enabled(config->plugin, SMPPD_LOG_DEBUG)) {
    char line[96];
    int length = snprintf(line, sizeof line, "refused submit_sm to %.*s",
                          (int)(destination.size < 40 ? destination.size : 40), destination.data);
    if (length > 0) {
      size_t size = (size_t)length < sizeof line ? (size_t)length : sizeof line - 1;
      host->log->write(config->plugin, SMPPD_LOG_DEBUG, smppd_view_of(line, size));
    }
  }
  /* STOP ends the call here: the host answers submit_sm_resp with this command_status and the
   * message goes no further. */
  *command_status = config->status;
  return SMPPD_STOP;
}

/* ---- What the plugin offers. ------------------------------------------------------------------
 * All static and constant: the host reads them after the entry returns, from any thread. Each
 * struct starts with struct_size = sizeof, which tells a newer host which entries this plugin
 * knows; designated initializers leave the others NULL. */

static const smppd_filter_vtable deny_prefix_vtable = {
    .struct_size = sizeof(smppd_filter_vtable),
    .config_new = deny_prefix_config_new,
    .config_free = deny_prefix_config_free,
    .on_request = deny_prefix_on_request,
};

static const smppd_factory deny_prefix_factories[] = {
    {
        .struct_size = sizeof(smppd_factory),
        .kind = SMPPD_KIND_FILTER,
        .name = "deny_prefix", /* what operators write in the config */
        .config_schema = deny_prefix_schema,
        .vtable = &deny_prefix_vtable,
    },
};

static const smppd_plugin_descriptor deny_prefix_descriptor = {
    .struct_size = sizeof(smppd_plugin_descriptor),
    .abi_major = SMPPD_ABI_VERSION_MAJOR, /* the SDK this file is compiled with */
    .abi_minor = SMPPD_ABI_VERSION_MINOR,
    .min_host_minor = 0, /* uses nothing added after ABI 1.0 */
    .name = "deny_prefix",   /* must equal the manifest's name */
    .version = "1.0.0",      /* must equal the manifest's version */
    .description = "Refuses submit_sm to configured destination prefixes",
    .factory_count = sizeof deny_prefix_factories / sizeof deny_prefix_factories[0],
    .factories = deny_prefix_factories,
};

/* The entry symbol, the only one the library exports (SMPPD_EXPORT; everything else is hidden by
 * smppd_sdk_add_plugin). It runs before the host has checked anything, so it does no work: setup
 * that can fail belongs in the descriptor's init. A prototype comes first (-Wmissing-prototypes),
 * then a compile-time check that the entry has exactly the type the host calls it through. */
SMPPD_EXPORT const smppd_plugin_descriptor* SMPPD_PLUGIN_ENTRY(uint32_t host_abi_minor);
_Static_assert(_Generic(&SMPPD_PLUGIN_ENTRY, smppd_plugin_entry_fn: 1, default: 0),
               "the entry symbol must have the type smppd_plugin_entry_fn");

SMPPD_EXPORT const smppd_plugin_descriptor* SMPPD_PLUGIN_ENTRY(uint32_t host_abi_minor) {
  (void)host_abi_minor; /* the host refuses the plugin itself when min_host_minor is above it */
  return &deny_prefix_descriptor;
}
