// The call table of the plugin ABI: a request's message, its session, its attributes and its route.
#include <string>

#include "host/api/call.h"
#include "host/api/fill_what_fits.h"
#include "host/async/monotonic_clock.h"

namespace smppd::api {
namespace {

std::string_view key_of(smppd_plugin_view key) { return {key.data, key.size}; }

bool valid_key(smppd_plugin_view key) { return key.data != nullptr && key.size > 0 && key.size <= 256; }

smppd_message* message(smppd_call* call) { return call ? &call->message : nullptr; }

int32_t session_info(const smppd_call* call, smppd_session_info* out) {
  if (call == nullptr || out == nullptr || out->struct_size < sizeof(uint32_t)) return SMPPD_E_INVALID;
  const SessionInfo& s = *call->session;
  smppd_session_info info{};
  info.struct_size = sizeof(smppd_session_info);
  info.bind_type = s.bind_type;
  info.session_id = s.session_id;
  info.listener = {s.listener.data(), s.listener.size()};
  info.peer_address = {s.peer_address.data(), s.peer_address.size()};
  info.peer_port = s.peer_port;
  info.tls = s.tls ? 1 : 0;
  info.system_id = {s.system_id.data(), s.system_id.size()};
  info.worker = s.worker;
  info.interface_version = s.interface_version;
  fill_what_fits(info, out);
  return SMPPD_OK;
}

int32_t attr_set_string(smppd_call* call, int32_t scope, smppd_plugin_view key, smppd_plugin_view value) {
  AttributeBag* bag = call ? attribute_bag(*call, scope) : nullptr;
  if (bag == nullptr || !valid_key(key) || (value.data == nullptr && value.size != 0)) return SMPPD_E_INVALID;
  bag->set(key_of(key), std::string(value.data, value.size));
  return SMPPD_OK;
}

int32_t attr_set_int(smppd_call* call, int32_t scope, smppd_plugin_view key, int64_t value) {
  AttributeBag* bag = call ? attribute_bag(*call, scope) : nullptr;
  if (bag == nullptr || !valid_key(key)) return SMPPD_E_INVALID;
  bag->set(key_of(key), value);
  return SMPPD_OK;
}

int32_t attr_get_string(const smppd_call* call, int32_t scope, smppd_plugin_view key, smppd_host_view* out) {
  AttributeBag* bag = call ? attribute_bag(const_cast<smppd_call&>(*call), scope) : nullptr;
  if (bag == nullptr || !valid_key(key) || out == nullptr) return SMPPD_E_INVALID;
  const AttributeValue* value = bag->find(key_of(key));
  if (value == nullptr) return SMPPD_E_NOT_FOUND;
  const std::string* text = std::get_if<std::string>(value);
  if (text == nullptr) return SMPPD_E_INVALID;
  *out = smppd_host_view{text->data(), text->size()};
  return SMPPD_OK;
}

int32_t attr_get_int(const smppd_call* call, int32_t scope, smppd_plugin_view key, int64_t* out) {
  AttributeBag* bag = call ? attribute_bag(const_cast<smppd_call&>(*call), scope) : nullptr;
  if (bag == nullptr || !valid_key(key) || out == nullptr) return SMPPD_E_INVALID;
  const AttributeValue* value = bag->find(key_of(key));
  if (value == nullptr) return SMPPD_E_NOT_FOUND;
  const int64_t* number = std::get_if<int64_t>(value);
  if (number == nullptr) return SMPPD_E_INVALID;
  *out = *number;
  return SMPPD_OK;
}

int32_t attr_remove(smppd_call* call, int32_t scope, smppd_plugin_view key) {
  AttributeBag* bag = call ? attribute_bag(*call, scope) : nullptr;
  if (bag == nullptr || !valid_key(key)) return SMPPD_E_INVALID;
  return bag->remove(key_of(key)) ? SMPPD_OK : SMPPD_E_NOT_FOUND;
}

int32_t route(const smppd_call* call, smppd_host_view* route_name, smppd_host_view* cluster_name) {
  if (call == nullptr || route_name == nullptr || cluster_name == nullptr) return SMPPD_E_INVALID;
  if (call->routes == nullptr) return SMPPD_E_NOT_FOUND;
  RouteLookup::Answer& answer = call->route_answer;
  const int32_t rc = call->routes->route_of(*call, answer);
  if (rc != SMPPD_OK) return rc;
  *route_name = smppd_host_view{answer.route.data(), answer.route.size()};
  *cluster_name = smppd_host_view{answer.cluster.data(), answer.cluster.size()};
  return SMPPD_OK;
}

int64_t now_ns(const smppd_call* call) {
  if (call != nullptr && call->now_ns != 0) return call->now_ns;
  return async::monotonic_ns();
}

const smppd_call_api kCallTable = {
    sizeof(smppd_call_api), 0, message, session_info, attr_set_string, attr_set_int,
    attr_get_string, attr_get_int, attr_remove, route, now_ns,
};

}  // namespace

AttributeBag* attribute_bag(smppd_call& call, int32_t scope) {
  switch (scope) {
    case SMPPD_SCOPE_CALL: return &call.call_attributes;
    case SMPPD_SCOPE_SESSION: return call.session_attributes;
    default: return nullptr;
  }
}

const smppd_call_api* call_table() { return &kCallTable; }

}  // namespace smppd::api
