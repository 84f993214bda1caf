// smppd C++ SDK: writing an upstream transport as a C++ class. The adapter turns it into an
// smppd_upstream_vtable and guarantees that no exception crosses the ABI: a throwing submit
// answers SMPPD_E_INTERNAL (complete() is then not expected; logged), a throwing Instance
// constructor refuses the start, a throwing config constructor answers SMPPD_E_CONFIG.
//
//   struct MyTransport {
//     static constexpr const char* name = "my_transport";         // what operators write
//     static constexpr const char* config_schema = R"({...})";    // optional: JSON Schema text
//     struct Config {                                             // immutable
//       Config(const smppd::cxx::Host& host, std::string_view json);   // throw to refuse
//     };
//     struct Instance {                  // start: a cluster starts using the transport
//       Instance(Config& config, smppd::cxx::Upstream upstream);
//       // Any worker, several at once. SMPPD_OK and later host.complete(token, ...) exactly once,
//       // or SMPPD_E_BUSY (throttled; no complete). Copy what you keep of `message`.
//       int32_t submit(const smppd::cxx::Message& message, uint64_t token);
//       void stop();                     // optional: no deliver() once it returns
//     };
//   };
//   constexpr smppd_factory kFactories[] = {smppd::cxx::upstream_factory<MyTransport>()};
//
// The Instance is destroyed right after stop(). Timers and pool work it started may still run
// later: give them state they share (a shared_ptr), never the Instance or the Config.
#pragma once

#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

#include "smppd/cxx/config_box.hpp"
#include "smppd/cxx/host.hpp"
#include "smppd/cxx/message.hpp"
#include "smppd/cxx/owned_message.hpp"
#include "smppd/plugin.h"
#include "smppd/upstream.h"

namespace smppd::cxx {

// The cluster a transport serves: where its receipts and MO go. Valid until stop() returns.
class Upstream {
 public:
  constexpr Upstream() noexcept = default;
  constexpr Upstream(const Host& host, smppd_upstream* upstream) noexcept : host_(host), upstream_(upstream) {}

  constexpr smppd_upstream* handle() const noexcept { return upstream_; }
  constexpr const Host& host() const noexcept { return host_; }

  // A new deliver_sm (or other command) to fill and deliver().
  OwnedMessage new_message(uint32_t command_id = SMPPD_CMD_DELIVER_SM) const noexcept {
    return host_.message_new(command_id);
  }
  // Hands `message` to smppd, which takes it whatever it answers.
  int32_t deliver(OwnedMessage&& message) const noexcept { return host_.deliver(upstream_, std::move(message)); }

 private:
  Host host_;
  smppd_upstream* upstream_ = nullptr;
};

namespace detail {

template <class Instance>
concept UpstreamSubmits = requires(Instance& instance, const Message& message, uint64_t token) {
  { instance.submit(message, token) } -> std::convertible_to<int32_t>;
};

template <class T>
concept UpstreamHasStop = requires(T& target) { target.stop(); };

}  // namespace detail

template <class T>
class UpstreamAdapter {
 public:
  using Config = typename T::Config;
  using Instance = typename T::Instance;
  using ConfigBox = detail::ConfigBox<Config>;

  static_assert(std::is_constructible_v<Instance, Config&, Upstream>,
                "an upstream transport's Instance must be constructible from (Config&, smppd::cxx::Upstream)");
  static_assert(detail::UpstreamSubmits<Instance>,
                "an upstream transport's Instance needs `int32_t submit(const smppd::cxx::Message&, uint64_t token)`");

  struct InstanceBox {
    InstanceBox(ConfigBox& made_by, smppd_upstream* upstream)
        : owner(&made_by), instance(made_by.config, Upstream(made_by.host, upstream)) {}
    ConfigBox* owner;
    Instance instance;
  };

  static int32_t start(void* config, smppd_upstream* upstream, void** instance_out) noexcept {
    if (config == nullptr || instance_out == nullptr) return SMPPD_E_INVALID;
    *instance_out = nullptr;
    ConfigBox* owner = ConfigBox::of(config);
    try {
      *instance_out = new InstanceBox(*owner, upstream);
      return SMPPD_OK;
    } catch (...) {
      owner->host.log_current_exception(LogLevel::error, "start threw; the transport did not start");
    }
    return SMPPD_E_INTERNAL;
  }

  static void stop(void* instance) noexcept {
    if (instance == nullptr) return;
    auto* box = static_cast<InstanceBox*>(instance);
    if constexpr (detail::UpstreamHasStop<Instance>) {
      try {
        box->instance.stop();
      } catch (...) {
        box->owner->host.log_current_exception(LogLevel::error, "stop threw");
      }
    }
    delete box;
  }

  static int32_t submit(void* instance, const smppd_message* message, uint64_t token) noexcept {
    if (instance == nullptr) return SMPPD_E_INVALID;
    auto* box = static_cast<InstanceBox*>(instance);
    try {
      // The transport reads the message only; Message's writers are not reachable through const&.
      const Message view(const_cast<smppd_message*>(message), box->owner->host.message_api());
      return static_cast<int32_t>(box->instance.submit(view, token));
    } catch (...) {
      box->owner->host.log_current_exception(LogLevel::error, "submit threw; answering SMPPD_E_INTERNAL");
    }
    return SMPPD_E_INTERNAL;
  }

  static constexpr smppd_upstream_vtable make_vtable() noexcept {
    smppd_upstream_vtable table{};
    table.struct_size = static_cast<uint32_t>(sizeof table);
    table.config_new = &ConfigBox::config_new;
    table.config_free = &ConfigBox::config_free;
    table.start = &start;
    table.stop = &stop;
    table.submit = &submit;
    return table;
  }

  // Constant-initialized: no static constructor runs at dlopen.
  static const smppd_upstream_vtable vtable;
};

template <class T>
constexpr smppd_upstream_vtable UpstreamAdapter<T>::vtable = UpstreamAdapter<T>::make_vtable();

// The smppd_factory entry of transport T, for a constexpr factory array.
template <class T>
constexpr smppd_factory upstream_factory() noexcept {
  return detail::make_factory<T>(SMPPD_KIND_UPSTREAM, &UpstreamAdapter<T>::vtable);
}

}  // namespace smppd::cxx
