// smppd C++ SDK: writing a filter as a C++ class. The adapter turns it into an
// smppd_filter_vtable and guarantees that no exception crosses the ABI: a throwing on_request
// answers STOP with ESME_RSYSERR (logged), a throwing on_cancel or on_complete is logged, a
// throwing config constructor answers SMPPD_E_CONFIG with what() as the reason.
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
//       // Optional: once per request on_request saw, unless its pause was cancelled. `response`
//       // is what smppd sends the client, nullptr when the session closed before one was known.
//       void on_complete(smppd::cxx::Call& call, const smppd::cxx::Message* response);
//     };
//   };
//
// Without a Session type, Config itself has on_request (and maybe on_cancel and on_complete) and
// is called from every worker at once: it must be thread-safe. Without on_complete the vtable's
// entry stays NULL, so the host has nothing to call.
#pragma once

#include <concepts>
#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <utility>

#include "smppd/cxx/call.hpp"
#include "smppd/cxx/config_box.hpp"
#include "smppd/cxx/host.hpp"
#include "smppd/cxx/message.hpp"
#include "smppd/cxx/result.hpp"
#include "smppd/plugin.h"

namespace smppd::cxx {

namespace detail {

template <class F>
concept FilterHasSession = requires { typename F::Session; };

template <class T>
concept HasOnCancel = requires(T& target, uint64_t token) { target.on_cancel(token); };

template <class T>
concept HasOnComplete = requires(T& target, Call& call, const Message* response) { target.on_complete(call, response); };

// A member named on_complete at all (not overloaded): caught when its signature is not the one
// the adapter calls, instead of being silently left out of the vtable.
template <class T>
concept DeclaresOnComplete = requires { &T::on_complete; };

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
  static_assert(!detail::DeclaresOnComplete<Target> || detail::HasOnComplete<Target>,
                "a filter's on_complete must be `void on_complete(smppd::cxx::Call&, const smppd::cxx::Message* response)`");
  static_assert(std::is_convertible_v<decltype(F::name), const char*>, "a filter needs `static constexpr const char* name`");

  // The config as the host holds it: the plugin's Config beside the host it was made with.
  using ConfigBox = detail::ConfigBox<Config>;

  static int32_t config_new(const smppd_host_api* api, const smppd_plugin_ref* plugin, smppd_host_view config_json,
                            void** config_out, smppd_error_buffer* error) noexcept {
    return ConfigBox::config_new(api, plugin, config_json, config_out, error);
  }

  static void config_free(void* config) noexcept { ConfigBox::config_free(config); }

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

  static void on_complete(void* instance, smppd_call* call, const smppd_message* response) noexcept {
    if constexpr (detail::HasOnComplete<Target>) {
      const Host* host = host_of(instance);
      if (host == nullptr) return;
      try {
        Call wrapped(call, host->api());
        // The response is read only; Message's writers are not reachable through a const pointer.
        const Message view(const_cast<smppd_message*>(response), host->message_api());
        target_of(instance).on_complete(wrapped, response != nullptr ? &view : nullptr);
      } catch (...) {
        host->log_current_exception(LogLevel::error, "on_complete threw");
      }
    } else {
      (void)instance;
      (void)call;
      (void)response;
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
    if constexpr (detail::HasOnComplete<Target>) table.on_complete = &on_complete;
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
  return detail::make_factory<F>(SMPPD_KIND_FILTER, &FilterAdapter<F>::vtable);
}

}  // namespace smppd::cxx
