// smppd C++ SDK: writing a filter as a C++ class. The adapter turns it into an
// smppd_filter_vtable and guarantees that no exception crosses the ABI: a throwing on_request
// answers STOP with ESME_RSYSERR (logged), a throwing config constructor answers SMPPD_E_CONFIG
// with what() as the reason.
//
//   struct MyFilter {
//     static constexpr const char* name = "my_filter";           // what operators write
//     static constexpr const char* config_schema = R"({...})";    // optional: JSON Schema text
//     struct Config {                                             // immutable, shared by workers
//       Config(const smppd::cxx::Host& host, std::string_view json);   // throw to refuse
//     };
//     struct Session {                                            // optional: per-session state
//       Session(Config& config, const smppd::cxx::SessionInfo& session);
//       smppd::cxx::Verdict on_request(smppd::cxx::Call& call, uint64_t token);
//       void on_cancel(uint64_t token);                           // optional
//     };
//   };
//
// Without a Session type, Config itself has on_request (and maybe on_cancel) and is called from
// every worker at once: it must be thread-safe.
#pragma once

#include <concepts>
#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <utility>

#include "smppd/cxx/call.hpp"
#include "smppd/cxx/host.hpp"
#include "smppd/cxx/result.hpp"
#include "smppd/plugin.h"

namespace smppd::cxx {

// A refused config. Any std::exception works; this one says what it is.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {

template <class F>
concept FilterHasSession = requires { typename F::Session; };

template <class F>
concept HasConfigSchema = requires {
  { F::config_schema } -> std::convertible_to<const char*>;
};

template <class T>
concept HasOnCancel = requires(T& target, uint64_t token) { target.on_cancel(token); };

template <class T>
concept FilterTarget = requires(T& target, Call& call, uint64_t token) {
  { target.on_request(call, token) } -> std::same_as<Verdict>;
};

template <class F>
struct FilterTargetOf {
  using type = typename F::Config;
};
template <FilterHasSession F>
struct FilterTargetOf<F> {
  using type = typename F::Session;
};

}  // namespace detail

template <class F>
class FilterAdapter {
 public:
  using Config = typename F::Config;
  using Target = typename detail::FilterTargetOf<F>::type;  // the object on_request runs on

  static_assert(std::is_constructible_v<Config, const Host&, std::string_view>,
                "a filter's Config must be constructible from (const smppd::cxx::Host&, std::string_view json)");
  static_assert(detail::FilterTarget<Target>,
                "a filter needs `Verdict on_request(smppd::cxx::Call&, uint64_t token)` on its Session (or Config)");
  static_assert(std::is_convertible_v<decltype(F::name), const char*>, "a filter needs `static constexpr const char* name`");

  // The config as the host holds it: the plugin's Config beside the host it was made with.
  struct ConfigBox {
    ConfigBox(const Host& made_with, std::string_view json) : host(made_with), config(host, json) {}
    Host host;
    Config config;
  };

  static int32_t config_new(const smppd_host_api* api, const smppd_plugin_ref* plugin, smppd_host_view config_json,
                            void** config_out, smppd_error_buffer* error) noexcept {
    if (config_out == nullptr) return SMPPD_E_INVALID;
    *config_out = nullptr;
    try {
      *config_out = new ConfigBox(Host(api, plugin), to_string_view(config_json));
      return SMPPD_OK;
    } catch (const std::exception& e) {
      smppd_error_set(error, e.what());
    } catch (...) {
      smppd_error_set(error, "the filter's config threw a non-standard exception");
    }
    return SMPPD_E_CONFIG;
  }

  static void config_free(void* config) noexcept { delete static_cast<ConfigBox*>(config); }

  static int32_t on_request(void* instance, smppd_call* call, uint64_t token, uint32_t* command_status) noexcept {
    const Host* host = host_of(instance);
    if (host == nullptr) return stop_failed(command_status);
    try {
      Call wrapped(call, host->api());
      const Verdict verdict = target_of(instance).on_request(wrapped, token);
      if (verdict.is_stop() && command_status != nullptr) *command_status = verdict.command_status();
      return verdict.code();
    } catch (...) {
      host->log_current_exception(LogLevel::error, "on_request threw; answering ESME_RSYSERR");
    }
    return stop_failed(command_status);
  }

  static void on_cancel(void* instance, uint64_t token) noexcept {
    if constexpr (detail::HasOnCancel<Target>) {
      const Host* host = host_of(instance);
      if (host == nullptr) return;
      try {
        target_of(instance).on_cancel(token);
      } catch (...) {
        host->log_current_exception(LogLevel::error, "on_cancel threw");
      }
    } else {
      (void)instance;
      (void)token;
    }
  }

  static constexpr smppd_filter_vtable make_vtable() noexcept {
    smppd_filter_vtable table{};
    table.struct_size = static_cast<uint32_t>(sizeof table);
    table.config_new = &config_new;
    table.config_free = &config_free;
    if constexpr (detail::FilterHasSession<F>) {
      table.session_new = &SessionHooks::session_new;
      table.session_free = &SessionHooks::session_free;
    }
    table.on_request = &on_request;
    table.on_cancel = &on_cancel;
    return table;
  }

  // Constant-initialized (defined below the class): no static constructor runs at dlopen.
  static const smppd_filter_vtable vtable;

 private:
  // Only instantiated for filters with a Session type.
  struct SessionHooks {
    using Session = typename F::Session;
    static_assert(std::is_constructible_v<Session, Config&, const SessionInfo&>,
                  "a filter's Session must be constructible from (Config&, const smppd::cxx::SessionInfo&)");

    struct SessionBox {
      SessionBox(ConfigBox& made_by, const SessionInfo& info) : owner(&made_by), session(made_by.config, info) {}
      ConfigBox* owner;
      Session session;
    };

    static int32_t session_new(void* config, const smppd_session_info* session, void** instance_out) noexcept {
      if (config == nullptr || instance_out == nullptr) return SMPPD_E_INVALID;
      *instance_out = nullptr;
      auto* owner = static_cast<ConfigBox*>(config);
      try {
        const SessionInfo info = session != nullptr ? SessionInfo::from(*session) : SessionInfo{};
        *instance_out = new SessionBox(*owner, info);
        return SMPPD_OK;
      } catch (...) {
        owner->host.log_current_exception(LogLevel::error, "session_new threw; the session is refused");
      }
      return SMPPD_E_INTERNAL;
    }

    static void session_free(void* instance) noexcept { delete static_cast<SessionBox*>(instance); }
  };

  static const Host* host_of(void* instance) noexcept {
    if (instance == nullptr) return nullptr;
    if constexpr (detail::FilterHasSession<F>) {
      return &static_cast<typename SessionHooks::SessionBox*>(instance)->owner->host;
    } else {
      return &static_cast<ConfigBox*>(instance)->host;
    }
  }

  static Target& target_of(void* instance) noexcept {
    if constexpr (detail::FilterHasSession<F>) {
      return static_cast<typename SessionHooks::SessionBox*>(instance)->session;
    } else {
      return static_cast<ConfigBox*>(instance)->config;
    }
  }

  static int32_t stop_failed(uint32_t* command_status) noexcept {
    if (command_status != nullptr) *command_status = SMPPD_STATUS_RSYSERR;
    return SMPPD_STOP;
  }
};

template <class F>
constexpr smppd_filter_vtable FilterAdapter<F>::vtable = FilterAdapter<F>::make_vtable();

// The smppd_factory entry of filter F, for a constexpr factory array.
template <class F>
constexpr smppd_factory filter_factory() noexcept {
  smppd_factory factory{};
  factory.struct_size = static_cast<uint32_t>(sizeof factory);
  factory.kind = SMPPD_KIND_FILTER;
  factory.name = F::name;
  if constexpr (detail::HasConfigSchema<F>) {
    factory.config_schema = F::config_schema;
  } else {
    factory.config_schema = nullptr;
  }
  factory.vtable = &FilterAdapter<F>::vtable;
  return factory;
}

}  // namespace smppd::cxx
