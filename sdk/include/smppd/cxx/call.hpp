// smppd C++ SDK: a call (one request in the filter chain) as a view over smppd_call: its message,
// the session it came from and the attribute bag. Session thread only, during the hook.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "smppd/call.h"
#include "smppd/cxx/message.hpp"
#include "smppd/cxx/result.hpp"
#include "smppd/plugin.h"

namespace smppd::cxx {

enum class BindType : int32_t {
  none = SMPPD_BIND_NONE,
  transmitter = SMPPD_BIND_TRANSMITTER,
  receiver = SMPPD_BIND_RECEIVER,
  transceiver = SMPPD_BIND_TRANSCEIVER
};

// The session a call came from. The views are the host's and end with the hook.
struct SessionInfo {
  BindType bind_type = BindType::none;  // none while the bind itself is being decided
  uint64_t session_id = 0;
  std::string_view listener;
  std::string_view peer_address;
  uint32_t peer_port = 0;
  bool tls = false;
  std::string_view system_id;  // empty before the bind
  int32_t worker = -1;
  uint8_t interface_version = 0;

  static SessionInfo from(const smppd_session_info& raw) noexcept {
    SessionInfo info;
    info.bind_type = static_cast<BindType>(raw.bind_type);
    info.session_id = raw.session_id;
    info.listener = to_string_view(raw.listener);
    info.peer_address = to_string_view(raw.peer_address);
    info.peer_port = raw.peer_port;
    info.tls = raw.tls != 0;
    info.system_id = to_string_view(raw.system_id);
    info.worker = raw.worker;
    info.interface_version = raw.interface_version;
    return info;
  }
};

// Where the router would send a call: the route's name and the cluster's (empty for a route that
// rejects). Host views that end with the hook.
struct Route {
  std::string_view name;
  std::string_view cluster;
};

// An smppd_session_info the host may fill partly (older hosts): what it leaves stays zero.
inline smppd_session_info empty_session_info() noexcept {
  smppd_session_info raw{};
  raw.struct_size = static_cast<uint32_t>(sizeof raw);
  raw.worker = -1;
  return raw;
}

class Call {
 public:
  constexpr Call() noexcept = default;
  constexpr Call(smppd_call* call, const smppd_host_api* api) noexcept : call_(call), api_(api) {}

  constexpr smppd_call* handle() const noexcept { return call_; }

  // The request's message; an empty Message (every read fails) when the host offers none.
  Message message() const noexcept {
    const smppd_call_api* calls = call_api();
    const smppd_message_api* messages = SMPPD_HAS(api_, message) ? api_->message : nullptr;
    if (call_ == nullptr || !SMPPD_HAS(calls, message) || messages == nullptr) return Message();
    return Message(calls->message(call_), messages);
  }

  Result<SessionInfo> session() const noexcept {
    const smppd_call_api* calls = call_api();
    if (call_ == nullptr || !SMPPD_HAS(calls, session_info)) return Result<SessionInfo>::failure(SMPPD_E_UNSUPPORTED);
    smppd_session_info raw = empty_session_info();
    const int32_t rc = calls->session_info(call_, &raw);
    if (rc != SMPPD_OK) return Result<SessionInfo>::failure(rc);
    return SessionInfo::from(raw);
  }

  // Attributes: keys are "<plugin>.<key>"; "smppd." belongs to the host (SMPPD_ATTR_PRINCIPAL).
  int32_t set_string(Scope scope, std::string_view key, std::string_view value) noexcept {
    const smppd_call_api* calls = call_api();
    if (call_ == nullptr || !SMPPD_HAS(calls, attr_set_string)) return SMPPD_E_UNSUPPORTED;
    return calls->attr_set_string(call_, static_cast<int32_t>(scope), to_plugin_view(key), to_plugin_view(value));
  }
  int32_t set_int(Scope scope, std::string_view key, int64_t value) noexcept {
    const smppd_call_api* calls = call_api();
    if (call_ == nullptr || !SMPPD_HAS(calls, attr_set_int)) return SMPPD_E_UNSUPPORTED;
    return calls->attr_set_int(call_, static_cast<int32_t>(scope), to_plugin_view(key), value);
  }
  // SMPPD_E_NOT_FOUND when absent, SMPPD_E_INVALID when the attribute has the other type.
  Result<std::string_view> get_string(Scope scope, std::string_view key) const noexcept {
    const smppd_call_api* calls = call_api();
    if (call_ == nullptr || !SMPPD_HAS(calls, attr_get_string)) return Result<std::string_view>::failure(SMPPD_E_UNSUPPORTED);
    smppd_host_view out{nullptr, 0};
    const int32_t rc = calls->attr_get_string(call_, static_cast<int32_t>(scope), to_plugin_view(key), &out);
    if (rc != SMPPD_OK) return Result<std::string_view>::failure(rc);
    return to_string_view(out);
  }
  Result<int64_t> get_int(Scope scope, std::string_view key) const noexcept {
    const smppd_call_api* calls = call_api();
    if (call_ == nullptr || !SMPPD_HAS(calls, attr_get_int)) return Result<int64_t>::failure(SMPPD_E_UNSUPPORTED);
    int64_t out = 0;
    const int32_t rc = calls->attr_get_int(call_, static_cast<int32_t>(scope), to_plugin_view(key), &out);
    if (rc != SMPPD_OK) return Result<int64_t>::failure(rc);
    return out;
  }
  int32_t remove(Scope scope, std::string_view key) noexcept {
    const smppd_call_api* calls = call_api();
    if (call_ == nullptr || !SMPPD_HAS(calls, attr_remove)) return SMPPD_E_UNSUPPORTED;
    return calls->attr_remove(call_, static_cast<int32_t>(scope), to_plugin_view(key));
  }

  // The route and cluster the router would pick for this call now (see smppd_call_api.route).
  // SMPPD_E_NOT_FOUND when no route matches or the request is not routed; SMPPD_E_UNSUPPORTED
  // on a host without the entry.
  Result<Route> route() const noexcept {
    const smppd_call_api* calls = call_api();
    if (call_ == nullptr || !SMPPD_HAS(calls, route)) return Result<Route>::failure(SMPPD_E_UNSUPPORTED);
    smppd_host_view route_name{nullptr, 0};
    smppd_host_view cluster_name{nullptr, 0};
    const int32_t rc = calls->route(call_, &route_name, &cluster_name);
    if (rc != SMPPD_OK) return Result<Route>::failure(rc);
    return Route{to_string_view(route_name), to_string_view(cluster_name)};
  }

  // "Now" for this filter's turn on the monotonic clock, without a clock read of its own where
  // the host offers it (smppd_call_api.now_ns); else core.monotonic_ns; 0 when neither is there.
  int64_t now_ns() const noexcept {
    const smppd_call_api* calls = call_api();
    if (call_ != nullptr && SMPPD_HAS(calls, now_ns)) return calls->now_ns(call_);
    const smppd_core_api* core = SMPPD_HAS(api_, core) ? api_->core : nullptr;
    return SMPPD_HAS(core, monotonic_ns) ? core->monotonic_ns() : 0;
  }

 private:
  const smppd_call_api* call_api() const noexcept { return SMPPD_HAS(api_, call) ? api_->call : nullptr; }

  smppd_call* call_ = nullptr;
  const smppd_host_api* api_ = nullptr;
};

// A session's bound system_id, kept in a filter's session object: asked of the host until the
// session is bound, then never again (a session binds once and keeps its system_id). Saves a
// session_info call per message.
class BoundSystemId {
 public:
  // Empty while the session is not bound (the bind request itself included).
  std::string_view of(const Call& call) {
    if (value_.empty()) {
      if (const auto session = call.session()) value_.assign(session->system_id);
    }
    return value_;
  }

 private:
  std::string value_;
};

}  // namespace smppd::cxx
