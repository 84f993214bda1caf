/* Layout pins of every public struct of the plugin ABI (the headers in sdk/include/smppd) on x86_64 Linux
 * (LP64): the size of each struct, the offset of each member, and the uint32_t struct_size that
 * starts every table and every struct that crosses the boundary except the two {ptr,len} views.
 *
 * Included by a C11 file and a C++ file, so the headers stay valid in both languages. A pin that
 * fails means a plugin built against the released headers would read the wrong bytes: change the
 * header back. A new member appended in a new ABI minor gets a new offset pin and a new size here
 * (abi.pins_complete checks that every member has one). Existing pins never change. */
#ifndef SMPPD_TESTS_ABI_LAYOUT_PINS_H
#define SMPPD_TESTS_ABI_LAYOUT_PINS_H

#include <smppd/plugin.h>

#ifdef __cplusplus
#include <cstddef>
#include <cstring>
#include <type_traits>
#define SMPPD_PIN_IS_UINT32(type, member) (std::is_same<decltype(type::member), uint32_t>::value)
#else
#include <assert.h>
#include <stddef.h>
#include <string.h>
#define SMPPD_PIN_IS_UINT32(type, member) _Generic(((type*)0)->member, uint32_t: 1, default: 0)
#endif

#define SMPPD_PIN_SIZE(type, size) static_assert(sizeof(type) == (size), "sizeof(" #type ") changed")
#define SMPPD_PIN_OFFSET(type, member, offset) \
  static_assert(offsetof(type, member) == (offset), "offsetof(" #type ", " #member ") changed")
#define SMPPD_PIN_STRUCT_SIZE_FIRST(type)                                          \
  static_assert(offsetof(type, struct_size) == 0 && SMPPD_PIN_IS_UINT32(type, struct_size), \
                #type " must start with uint32_t struct_size")

static_assert(sizeof(void*) == 8 && sizeof(void (*)(void)) == 8 && sizeof(uint64_t) == 8,
              "the pins are for LP64 targets (x86_64 Linux)");

/* common.h */
SMPPD_PIN_SIZE(smppd_host_view, 16);
SMPPD_PIN_OFFSET(smppd_host_view, data, 0);
SMPPD_PIN_OFFSET(smppd_host_view, size, 8);

SMPPD_PIN_SIZE(smppd_plugin_view, 16);
SMPPD_PIN_OFFSET(smppd_plugin_view, data, 0);
SMPPD_PIN_OFFSET(smppd_plugin_view, size, 8);

SMPPD_PIN_SIZE(smppd_error_buffer, 16);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_error_buffer);
SMPPD_PIN_OFFSET(smppd_error_buffer, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_error_buffer, capacity, 4);
SMPPD_PIN_OFFSET(smppd_error_buffer, data, 8);

/* core.h */
SMPPD_PIN_SIZE(smppd_core_api, 40);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_core_api);
SMPPD_PIN_OFFSET(smppd_core_api, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_core_api, reserved0, 4);
SMPPD_PIN_OFFSET(smppd_core_api, monotonic_ns, 8);
SMPPD_PIN_OFFSET(smppd_core_api, realtime_ns, 16);
SMPPD_PIN_OFFSET(smppd_core_api, worker_count, 24);
SMPPD_PIN_OFFSET(smppd_core_api, current_worker, 32);

SMPPD_PIN_SIZE(smppd_log_api, 32);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_log_api);
SMPPD_PIN_OFFSET(smppd_log_api, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_log_api, reserved0, 4);
SMPPD_PIN_OFFSET(smppd_log_api, enabled, 8);
SMPPD_PIN_OFFSET(smppd_log_api, write, 16);
SMPPD_PIN_OFFSET(smppd_log_api, write_named, 24);

SMPPD_PIN_SIZE(smppd_metrics_api, 48);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_metrics_api);
SMPPD_PIN_OFFSET(smppd_metrics_api, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_metrics_api, reserved0, 4);
SMPPD_PIN_OFFSET(smppd_metrics_api, define, 8);
SMPPD_PIN_OFFSET(smppd_metrics_api, counter_add, 16);
SMPPD_PIN_OFFSET(smppd_metrics_api, gauge_set, 24);
SMPPD_PIN_OFFSET(smppd_metrics_api, gauge_add, 32);
SMPPD_PIN_OFFSET(smppd_metrics_api, histogram_record, 40);

/* message.h */
SMPPD_PIN_SIZE(smppd_text, 48);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_text);
SMPPD_PIN_OFFSET(smppd_text, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_text, encoding, 4);
SMPPD_PIN_OFFSET(smppd_text, utf8, 8);
SMPPD_PIN_OFFSET(smppd_text, flags, 24);
SMPPD_PIN_OFFSET(smppd_text, concat_ref, 28);
SMPPD_PIN_OFFSET(smppd_text, concat_total, 30);
SMPPD_PIN_OFFSET(smppd_text, concat_seq, 31);
SMPPD_PIN_OFFSET(smppd_text, data_coding, 32);
SMPPD_PIN_OFFSET(smppd_text, reserved0, 33);
SMPPD_PIN_OFFSET(smppd_text, parts, 40);
SMPPD_PIN_OFFSET(smppd_text, reserved1, 44);

SMPPD_PIN_SIZE(smppd_message_api, 96);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_message_api);
SMPPD_PIN_OFFSET(smppd_message_api, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_message_api, reserved0, 4);
SMPPD_PIN_OFFSET(smppd_message_api, command_id, 8);
SMPPD_PIN_OFFSET(smppd_message_api, get_string, 16);
SMPPD_PIN_OFFSET(smppd_message_api, set_string, 24);
SMPPD_PIN_OFFSET(smppd_message_api, get_int, 32);
SMPPD_PIN_OFFSET(smppd_message_api, set_int, 40);
SMPPD_PIN_OFFSET(smppd_message_api, tlv_count, 48);
SMPPD_PIN_OFFSET(smppd_message_api, tlv_at, 56);
SMPPD_PIN_OFFSET(smppd_message_api, tlv_get, 64);
SMPPD_PIN_OFFSET(smppd_message_api, tlv_set, 72);
SMPPD_PIN_OFFSET(smppd_message_api, tlv_remove, 80);
SMPPD_PIN_OFFSET(smppd_message_api, text, 88);

/* call.h */
SMPPD_PIN_SIZE(smppd_session_info, 80);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_session_info);
SMPPD_PIN_OFFSET(smppd_session_info, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_session_info, bind_type, 4);
SMPPD_PIN_OFFSET(smppd_session_info, session_id, 8);
SMPPD_PIN_OFFSET(smppd_session_info, listener, 16);
SMPPD_PIN_OFFSET(smppd_session_info, peer_address, 32);
SMPPD_PIN_OFFSET(smppd_session_info, peer_port, 48);
SMPPD_PIN_OFFSET(smppd_session_info, tls, 52);
SMPPD_PIN_OFFSET(smppd_session_info, system_id, 56);
SMPPD_PIN_OFFSET(smppd_session_info, worker, 72);
SMPPD_PIN_OFFSET(smppd_session_info, interface_version, 76);
SMPPD_PIN_OFFSET(smppd_session_info, reserved0, 77);

SMPPD_PIN_SIZE(smppd_call_api, 80);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_call_api);
SMPPD_PIN_OFFSET(smppd_call_api, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_call_api, reserved0, 4);
SMPPD_PIN_OFFSET(smppd_call_api, message, 8);
SMPPD_PIN_OFFSET(smppd_call_api, session_info, 16);
SMPPD_PIN_OFFSET(smppd_call_api, attr_set_string, 24);
SMPPD_PIN_OFFSET(smppd_call_api, attr_set_int, 32);
SMPPD_PIN_OFFSET(smppd_call_api, attr_get_string, 40);
SMPPD_PIN_OFFSET(smppd_call_api, attr_get_int, 48);
SMPPD_PIN_OFFSET(smppd_call_api, attr_remove, 56);
SMPPD_PIN_OFFSET(smppd_call_api, route, 64);
SMPPD_PIN_OFFSET(smppd_call_api, now_ns, 72);

/* async.h */
SMPPD_PIN_SIZE(smppd_async_api, 48);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_async_api);
SMPPD_PIN_OFFSET(smppd_async_api, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_async_api, reserved0, 4);
SMPPD_PIN_OFFSET(smppd_async_api, resume, 8);
SMPPD_PIN_OFFSET(smppd_async_api, token_attr_set_string, 16);
SMPPD_PIN_OFFSET(smppd_async_api, token_attr_set_int, 24);
SMPPD_PIN_OFFSET(smppd_async_api, run_blocking, 32);
SMPPD_PIN_OFFSET(smppd_async_api, schedule, 40);

/* filter.h */
SMPPD_PIN_SIZE(smppd_filter_vtable, 64);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_filter_vtable);
SMPPD_PIN_OFFSET(smppd_filter_vtable, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_filter_vtable, reserved0, 4);
SMPPD_PIN_OFFSET(smppd_filter_vtable, config_new, 8);
SMPPD_PIN_OFFSET(smppd_filter_vtable, config_free, 16);
SMPPD_PIN_OFFSET(smppd_filter_vtable, session_new, 24);
SMPPD_PIN_OFFSET(smppd_filter_vtable, session_free, 32);
SMPPD_PIN_OFFSET(smppd_filter_vtable, on_request, 40);
SMPPD_PIN_OFFSET(smppd_filter_vtable, on_cancel, 48);
SMPPD_PIN_OFFSET(smppd_filter_vtable, on_complete, 56);

/* plugin.h */
SMPPD_PIN_SIZE(smppd_host_api, 96);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_host_api);
SMPPD_PIN_OFFSET(smppd_host_api, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_host_api, abi_major, 4);
SMPPD_PIN_OFFSET(smppd_host_api, abi_minor, 8);
SMPPD_PIN_OFFSET(smppd_host_api, reserved0, 12);
SMPPD_PIN_OFFSET(smppd_host_api, product_version, 16);
SMPPD_PIN_OFFSET(smppd_host_api, core, 24);
SMPPD_PIN_OFFSET(smppd_host_api, log, 32);
SMPPD_PIN_OFFSET(smppd_host_api, metrics, 40);
SMPPD_PIN_OFFSET(smppd_host_api, message, 48);
SMPPD_PIN_OFFSET(smppd_host_api, call, 56);
SMPPD_PIN_OFFSET(smppd_host_api, async, 64);
SMPPD_PIN_OFFSET(smppd_host_api, upstream, 72);
SMPPD_PIN_OFFSET(smppd_host_api, admin, 80);
SMPPD_PIN_OFFSET(smppd_host_api, state, 88);

SMPPD_PIN_SIZE(smppd_factory, 32);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_factory);
SMPPD_PIN_OFFSET(smppd_factory, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_factory, kind, 4);
SMPPD_PIN_OFFSET(smppd_factory, name, 8);
SMPPD_PIN_OFFSET(smppd_factory, config_schema, 16);
SMPPD_PIN_OFFSET(smppd_factory, vtable, 24);

SMPPD_PIN_SIZE(smppd_plugin_descriptor, 72);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_plugin_descriptor);
SMPPD_PIN_OFFSET(smppd_plugin_descriptor, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_plugin_descriptor, abi_major, 4);
SMPPD_PIN_OFFSET(smppd_plugin_descriptor, abi_minor, 8);
SMPPD_PIN_OFFSET(smppd_plugin_descriptor, min_host_minor, 12);
SMPPD_PIN_OFFSET(smppd_plugin_descriptor, name, 16);
SMPPD_PIN_OFFSET(smppd_plugin_descriptor, version, 24);
SMPPD_PIN_OFFSET(smppd_plugin_descriptor, description, 32);
SMPPD_PIN_OFFSET(smppd_plugin_descriptor, init, 40);
SMPPD_PIN_OFFSET(smppd_plugin_descriptor, teardown, 48);
SMPPD_PIN_OFFSET(smppd_plugin_descriptor, factory_count, 56);
SMPPD_PIN_OFFSET(smppd_plugin_descriptor, reserved0, 60);
SMPPD_PIN_OFFSET(smppd_plugin_descriptor, factories, 64);

/* SMPPD_HAS, compiled in the including language. Answers a bit per wrong answer, 0 when all are
 * right: NULL table, entry unset, entry past an older table's struct_size, entry present. */
static inline int32_t smppd_pin_unsupported_text(const smppd_message* message, smppd_text* out) {
  (void)message;
  (void)out;
  return SMPPD_E_UNSUPPORTED;
}

static inline int smppd_pin_has_failures(void) {
  int failures = 0;
  const smppd_message_api* absent = NULL;
  smppd_message_api table;
  memset(&table, 0, sizeof table);
  table.struct_size = (uint32_t)sizeof table;
  if (SMPPD_HAS(absent, text)) failures |= 1;
  if (SMPPD_HAS(&table, text)) failures |= 2;
  table.text = smppd_pin_unsupported_text;
  if (!SMPPD_HAS(&table, text)) failures |= 4;
  /* A table from an older minor ends before the entry: the bytes past it are not the table's. */
  table.struct_size = (uint32_t)offsetof(smppd_message_api, text);
  if (SMPPD_HAS(&table, text)) failures |= 8;
  table.struct_size = (uint32_t)(offsetof(smppd_message_api, text) + sizeof table.text);
  if (!SMPPD_HAS(&table, text)) failures |= 16;
  return failures;
}

/* upstream.h */
SMPPD_PIN_SIZE(smppd_upstream_vtable, 48);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_upstream_vtable);
SMPPD_PIN_OFFSET(smppd_upstream_vtable, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_upstream_vtable, reserved0, 4);
SMPPD_PIN_OFFSET(smppd_upstream_vtable, config_new, 8);
SMPPD_PIN_OFFSET(smppd_upstream_vtable, config_free, 16);
SMPPD_PIN_OFFSET(smppd_upstream_vtable, start, 24);
SMPPD_PIN_OFFSET(smppd_upstream_vtable, stop, 32);
SMPPD_PIN_OFFSET(smppd_upstream_vtable, submit, 40);

SMPPD_PIN_SIZE(smppd_endpoint_info, 64);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_endpoint_info);
SMPPD_PIN_OFFSET(smppd_endpoint_info, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_endpoint_info, port, 4);
SMPPD_PIN_OFFSET(smppd_endpoint_info, endpoint_id, 8);
SMPPD_PIN_OFFSET(smppd_endpoint_info, cluster, 16);
SMPPD_PIN_OFFSET(smppd_endpoint_info, name, 32);
SMPPD_PIN_OFFSET(smppd_endpoint_info, address, 48);

SMPPD_PIN_SIZE(smppd_upstream_api, 48);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_upstream_api);
SMPPD_PIN_OFFSET(smppd_upstream_api, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_upstream_api, reserved0, 4);
SMPPD_PIN_OFFSET(smppd_upstream_api, complete, 8);
SMPPD_PIN_OFFSET(smppd_upstream_api, message_new, 16);
SMPPD_PIN_OFFSET(smppd_upstream_api, message_free, 24);
SMPPD_PIN_OFFSET(smppd_upstream_api, deliver, 32);
SMPPD_PIN_OFFSET(smppd_upstream_api, probe_enquire_link, 40);


/* admin.h */
SMPPD_PIN_SIZE(smppd_admin_request, 72);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_admin_request);
SMPPD_PIN_OFFSET(smppd_admin_request, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_admin_request, method, 4);
SMPPD_PIN_OFFSET(smppd_admin_request, path, 8);
SMPPD_PIN_OFFSET(smppd_admin_request, query, 24);
SMPPD_PIN_OFFSET(smppd_admin_request, body, 40);
SMPPD_PIN_OFFSET(smppd_admin_request, peer, 56);

SMPPD_PIN_SIZE(smppd_admin_api, 40);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_admin_api);
SMPPD_PIN_OFFSET(smppd_admin_api, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_admin_api, reserved0, 4);
SMPPD_PIN_OFFSET(smppd_admin_api, register_handler, 8);
SMPPD_PIN_OFFSET(smppd_admin_api, respond, 16);
SMPPD_PIN_OFFSET(smppd_admin_api, defer, 24);
SMPPD_PIN_OFFSET(smppd_admin_api, complete, 32);

/* lb.h */
SMPPD_PIN_SIZE(smppd_lb_candidate, 40);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_lb_candidate);
SMPPD_PIN_OFFSET(smppd_lb_candidate, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_lb_candidate, weight, 4);
SMPPD_PIN_OFFSET(smppd_lb_candidate, in_flight, 8);
SMPPD_PIN_OFFSET(smppd_lb_candidate, window, 12);
SMPPD_PIN_OFFSET(smppd_lb_candidate, endpoint_id, 16);
SMPPD_PIN_OFFSET(smppd_lb_candidate, same_worker, 24);
SMPPD_PIN_OFFSET(smppd_lb_candidate, reserved0, 28);
SMPPD_PIN_OFFSET(smppd_lb_candidate, bind_id, 32);

SMPPD_PIN_SIZE(smppd_lb_vtable, 48);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_lb_vtable);
SMPPD_PIN_OFFSET(smppd_lb_vtable, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_lb_vtable, reserved0, 4);
SMPPD_PIN_OFFSET(smppd_lb_vtable, config_new, 8);
SMPPD_PIN_OFFSET(smppd_lb_vtable, config_free, 16);
SMPPD_PIN_OFFSET(smppd_lb_vtable, worker_new, 24);
SMPPD_PIN_OFFSET(smppd_lb_vtable, worker_free, 32);
SMPPD_PIN_OFFSET(smppd_lb_vtable, pick, 40);


/* health.h */
SMPPD_PIN_SIZE(smppd_health_checker_vtable, 40);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_health_checker_vtable);
SMPPD_PIN_OFFSET(smppd_health_checker_vtable, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_health_checker_vtable, reserved0, 4);
SMPPD_PIN_OFFSET(smppd_health_checker_vtable, config_new, 8);
SMPPD_PIN_OFFSET(smppd_health_checker_vtable, config_free, 16);
SMPPD_PIN_OFFSET(smppd_health_checker_vtable, check, 24);
SMPPD_PIN_OFFSET(smppd_health_checker_vtable, on_cancel, 32);

/* state.h */
SMPPD_PIN_SIZE(smppd_state_bytes, 16);
SMPPD_PIN_OFFSET(smppd_state_bytes, data, 0);
SMPPD_PIN_OFFSET(smppd_state_bytes, size, 8);

SMPPD_PIN_SIZE(smppd_state_op, 136);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_state_op);
SMPPD_PIN_OFFSET(smppd_state_op, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_state_op, type, 4);
SMPPD_PIN_OFFSET(smppd_state_op, key, 8);
SMPPD_PIN_OFFSET(smppd_state_op, value, 24);
SMPPD_PIN_OFFSET(smppd_state_op, expected, 40);
SMPPD_PIN_OFFSET(smppd_state_op, amount, 56);
SMPPD_PIN_OFFSET(smppd_state_op, floor, 64);
SMPPD_PIN_OFFSET(smppd_state_op, ceiling, 72);
SMPPD_PIN_OFFSET(smppd_state_op, ttl_ms, 80);
SMPPD_PIN_OFFSET(smppd_state_op, list_ttl_ms, 88);
SMPPD_PIN_OFFSET(smppd_state_op, interval_us, 96);
SMPPD_PIN_OFFSET(smppd_state_op, burst, 104);
SMPPD_PIN_OFFSET(smppd_state_op, after_id, 112);
SMPPD_PIN_OFFSET(smppd_state_op, max_items, 120);
SMPPD_PIN_OFFSET(smppd_state_op, id_count, 124);
SMPPD_PIN_OFFSET(smppd_state_op, ids, 128);

SMPPD_PIN_SIZE(smppd_state_item, 24);
SMPPD_PIN_OFFSET(smppd_state_item, id, 0);
SMPPD_PIN_OFFSET(smppd_state_item, value, 8);

SMPPD_PIN_SIZE(smppd_state_result, 64);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_state_result);
SMPPD_PIN_OFFSET(smppd_state_result, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_state_result, status, 4);
SMPPD_PIN_OFFSET(smppd_state_result, has_value, 8);
SMPPD_PIN_OFFSET(smppd_state_result, item_count, 12);
SMPPD_PIN_OFFSET(smppd_state_result, value, 16);
SMPPD_PIN_OFFSET(smppd_state_result, number, 32);
SMPPD_PIN_OFFSET(smppd_state_result, item_id, 40);
SMPPD_PIN_OFFSET(smppd_state_result, count, 48);
SMPPD_PIN_OFFSET(smppd_state_result, items, 56);

SMPPD_PIN_SIZE(smppd_state_batch_result, 40);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_state_batch_result);
SMPPD_PIN_OFFSET(smppd_state_batch_result, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_state_batch_result, status, 4);
SMPPD_PIN_OFFSET(smppd_state_batch_result, result_count, 8);
SMPPD_PIN_OFFSET(smppd_state_batch_result, reserved0, 12);
SMPPD_PIN_OFFSET(smppd_state_batch_result, message, 16);
SMPPD_PIN_OFFSET(smppd_state_batch_result, results, 32);

SMPPD_PIN_SIZE(smppd_state_api, 40);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_state_api);
SMPPD_PIN_OFFSET(smppd_state_api, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_state_api, reserved0, 4);
SMPPD_PIN_OFFSET(smppd_state_api, execute, 8);
SMPPD_PIN_OFFSET(smppd_state_api, complete, 16);
SMPPD_PIN_OFFSET(smppd_state_api, available, 24);
SMPPD_PIN_OFFSET(smppd_state_api, shared, 32);

SMPPD_PIN_SIZE(smppd_state_store_vtable, 56);
SMPPD_PIN_STRUCT_SIZE_FIRST(smppd_state_store_vtable);
SMPPD_PIN_OFFSET(smppd_state_store_vtable, struct_size, 0);
SMPPD_PIN_OFFSET(smppd_state_store_vtable, reserved0, 4);
SMPPD_PIN_OFFSET(smppd_state_store_vtable, open, 8);
SMPPD_PIN_OFFSET(smppd_state_store_vtable, execute, 16);
SMPPD_PIN_OFFSET(smppd_state_store_vtable, subscribe, 24);
SMPPD_PIN_OFFSET(smppd_state_store_vtable, available, 32);
SMPPD_PIN_OFFSET(smppd_state_store_vtable, close, 40);
SMPPD_PIN_OFFSET(smppd_state_store_vtable, shared, 48);

#endif /* SMPPD_TESTS_ABI_LAYOUT_PINS_H */
