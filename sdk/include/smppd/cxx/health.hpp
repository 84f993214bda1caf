// smppd C++ SDK: writing a health checker as a C++ class. The adapter turns it into an
// smppd_health_checker_vtable and guarantees that no exception crosses the ABI: a throwing check
// answers STOP (unhealthy; logged), a throwing config constructor answers SMPPD_E_CONFIG with
// what() as the reason.
//
//   struct MyChecker {
//     static constexpr const char* name = "my_checker";           // what operators write
//     static constexpr const char* config_schema = R"({...})";    // optional: JSON Schema text
//     struct Config {                    // immutable; check runs on host threads, several at once
//       Config(const smppd::cxx::Host& host, std::string_view json);   // throw to refuse
//       // Continue (healthy), Stop (unhealthy), or Pause and later host.resume(token, ...).
//       smppd::cxx::Verdict check(const smppd::cxx::EndpointInfo& endpoint,
//                                 std::chrono::nanoseconds timeout, uint64_t token);
//       void on_cancel(uint64_t token);  // optional: the timeout passed before the resume
//     };
//   };
//   constexpr smppd_factory kFactories[] = {smppd::cxx::health_checker_factory<MyChecker>()};
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "smppd/cxx/config_box.hpp"
#include "smppd/cxx/host.hpp"
#include "smppd/cxx/result.hpp"
#include "smppd/health.h"
#include "smppd/plugin.h"

namespace smppd::cxx {

// One endpoint of a cluster. The views are the host's and end with the hook.
struct EndpointInfo {
  uint64_t endpoint_id = 0;  // unique in the process
  std::string_view cluster;
  std::string_view name;
  std::string_view address;  // host name or IP as configured
  uint32_t port = 0;

  static EndpointInfo from(const smppd_endpoint_info& raw) noexcept {
    EndpointInfo info;
    info.endpoint_id = raw.endpoint_id;
    info.cluster = to_string_view(raw.cluster);
    info.name = to_string_view(raw.name);
    info.address = to_string_view(raw.address);
    info.port = raw.port;
    return info;
  }
};

namespace detail {

template <class Config>
concept HealthChecks = requires(Config& config, const EndpointInfo& endpoint, std::chrono::nanoseconds timeout,
                                uint64_t token) {
  { config.check(endpoint, timeout, token) } -> std::same_as<Verdict>;
};

template <class T>
concept HealthHasOnCancel = requires(T& target, uint64_t token) { target.on_cancel(token); };

}  // namespace detail

template <class C>
class HealthCheckerAdapter {
 public:
  using Config = typename C::Config;
  using ConfigBox = detail::ConfigBox<Config>;

  static_assert(detail::HealthChecks<Config>,
                "a health checker's Config needs `Verdict check(const smppd::cxx::EndpointInfo&, "
                "std::chrono::nanoseconds timeout, uint64_t token)`");

  static int32_t check(void* config, const smppd_endpoint_info* endpoint, int64_t timeout_ns, uint64_t token) noexcept {
    if (config == nullptr) return SMPPD_STOP;
    ConfigBox* box = ConfigBox::of(config);
    if (endpoint == nullptr || endpoint->struct_size < sizeof(smppd_endpoint_info)) {
      box->host.error("check got no endpoint or an endpoint smaller than an smppd_endpoint_info; unhealthy");
      return SMPPD_STOP;
    }
    try {
      const Verdict verdict = box->config.check(EndpointInfo::from(*endpoint), std::chrono::nanoseconds(timeout_ns), token);
      return verdict.code();
    } catch (...) {
      box->host.log_current_exception(LogLevel::error, "check threw; the endpoint counts as unhealthy");
    }
    return SMPPD_STOP;
  }

  static void on_cancel(void* config, uint64_t token) noexcept {
    if constexpr (detail::HealthHasOnCancel<Config>) {
      if (config == nullptr) return;
      ConfigBox* box = ConfigBox::of(config);
      try {
        box->config.on_cancel(token);
      } catch (...) {
        box->host.log_current_exception(LogLevel::error, "on_cancel threw");
      }
    } else {
      (void)config;
      (void)token;
    }
  }

  static constexpr smppd_health_checker_vtable make_vtable() noexcept {
    smppd_health_checker_vtable table{};
    table.struct_size = static_cast<uint32_t>(sizeof table);
    table.config_new = &ConfigBox::config_new;
    table.config_free = &ConfigBox::config_free;
    table.check = &check;
    table.on_cancel = &on_cancel;
    return table;
  }

  // Constant-initialized: no static constructor runs at dlopen.
  static const smppd_health_checker_vtable vtable;
};

template <class C>
constexpr smppd_health_checker_vtable HealthCheckerAdapter<C>::vtable = HealthCheckerAdapter<C>::make_vtable();

// The smppd_factory entry of checker C, for a constexpr factory array.
template <class C>
constexpr smppd_factory health_checker_factory() noexcept {
  return detail::make_factory<C>(SMPPD_KIND_HEALTH_CHECKER, &HealthCheckerAdapter<C>::vtable);
}

}  // namespace smppd::cxx
