// smppd C++ SDK: what every kind's adapter shares: a plugin's Config held beside the Host it was
// made with, the config_new/config_free hooks that make and free it (an exception refuses the
// config with what() as the reason), and the smppd_factory entry of a kind.
#pragma once

#include <concepts>
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string_view>
#include <type_traits>

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

template <class K>
concept HasConfigSchema = requires {
  { K::config_schema } -> std::convertible_to<const char*>;
};

// The config as the host holds it: the plugin's Config beside the host it was made with, so that
// every later hook (on any thread) can log and reach the host's tables.
template <class Config>
struct ConfigBox {
  static_assert(std::is_constructible_v<Config, const Host&, std::string_view>,
                "a Config must be constructible from (const smppd::cxx::Host&, std::string_view json)");

  ConfigBox(const Host& made_with, std::string_view json) : host(made_with), config(host, json) {}

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
      smppd_error_set(error, "the config threw a non-standard exception");
    }
    return SMPPD_E_CONFIG;
  }

  static void config_free(void* config) noexcept { delete static_cast<ConfigBox*>(config); }

  static ConfigBox* of(void* config) noexcept { return static_cast<ConfigBox*>(config); }

  Host host;
  Config config;
};

// The smppd_factory entry of K (name, optional config_schema) for a kind and its table.
template <class K>
constexpr smppd_factory make_factory(int32_t kind, const void* vtable) noexcept {
  static_assert(std::is_convertible_v<decltype(K::name), const char*>,
                "a factory needs `static constexpr const char* name`");
  smppd_factory factory{};
  factory.struct_size = static_cast<uint32_t>(sizeof factory);
  factory.kind = kind;
  factory.name = K::name;
  if constexpr (HasConfigSchema<K>) {
    factory.config_schema = K::config_schema;
  } else {
    factory.config_schema = nullptr;
  }
  factory.vtable = vtable;
  return factory;
}

}  // namespace detail
}  // namespace smppd::cxx
