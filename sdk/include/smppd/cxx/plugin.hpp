// smppd C++ SDK: the umbrella header, and the plugin's descriptor and entry symbol.
//
//   namespace {
//   void init(const smppd::cxx::Host& host) { ... }  // throw to refuse the plugin
//   constexpr smppd_factory kFactories[] = {smppd::cxx::filter_factory<MyFilter>()};
//   // or lb_factory<P>(), health_checker_factory<C>(), upstream_factory<T>(): see their headers
//   constexpr smppd_plugin_descriptor kDescriptor = smppd::cxx::plugin_descriptor(
//       "my_plugin", "1.0.0", "What it does", kFactories, smppd::cxx::init_hook<&init>);
//   }  // namespace
//   SMPPD_CXX_PLUGIN_ENTRY(kDescriptor);
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <type_traits>

#include "smppd/cxx/admin.hpp"
#include "smppd/cxx/call.hpp"
#include "smppd/cxx/config_box.hpp"
#include "smppd/cxx/filter.hpp"
#include "smppd/cxx/health.hpp"
#include "smppd/cxx/host.hpp"
#include "smppd/cxx/lb.hpp"
#include "smppd/cxx/message.hpp"
#include "smppd/cxx/owned_message.hpp"
#include "smppd/cxx/result.hpp"
#include "smppd/cxx/upstream.hpp"
#include "smppd/plugin.h"

namespace smppd::cxx {

using InitFn = int32_t (*)(const smppd_host_api*, const smppd_plugin_ref*, smppd_error_buffer*);
using TeardownFn = void (*)();

// The descriptor's init from `void Init(const Host&)`: an exception refuses the plugin with what()
// as the reason.
template <auto Init>
int32_t init_hook(const smppd_host_api* api, const smppd_plugin_ref* plugin, smppd_error_buffer* error) noexcept {
  static_assert(std::is_invocable_v<decltype(Init), const Host&>, "init_hook<F>: F must be callable as F(const Host&)");
  try {
    Init(Host(api, plugin));
    return SMPPD_OK;
  } catch (const std::exception& e) {
    smppd_error_set(error, e.what());
  } catch (...) {
    smppd_error_set(error, "the plugin's init threw a non-standard exception");
  }
  return SMPPD_E_INTERNAL;
}

// The descriptor's teardown from `void Teardown()`; exceptions are swallowed (nothing can report
// them at exit).
template <auto Teardown>
void teardown_hook() noexcept {
  try {
    Teardown();
  } catch (...) {
  }
}

// A descriptor for a static factory array. min_host_minor is the oldest host minor whose tables
// the plugin can work with (it checks later entries with SMPPD_HAS).
template <std::size_t N>
constexpr smppd_plugin_descriptor plugin_descriptor(const char* name, const char* version, const char* description,
                                                    const smppd_factory (&factories)[N], InitFn init = nullptr,
                                                    TeardownFn teardown = nullptr,
                                                    uint32_t min_host_minor = 0) noexcept {
  smppd_plugin_descriptor descriptor{};
  descriptor.struct_size = static_cast<uint32_t>(sizeof descriptor);
  descriptor.abi_major = SMPPD_ABI_VERSION_MAJOR;
  descriptor.abi_minor = SMPPD_ABI_VERSION_MINOR;
  descriptor.min_host_minor = min_host_minor;
  descriptor.name = name;
  descriptor.version = version;
  descriptor.description = description;
  descriptor.init = init;
  descriptor.teardown = teardown;
  descriptor.factory_count = static_cast<uint32_t>(N);
  descriptor.factories = factories;
  return descriptor;
}

}  // namespace smppd::cxx

// Defines the exported entry symbol smppd_plugin_v1 returning `descriptor` (an object with static
// storage). Use once per plugin, at namespace scope, followed by a semicolon.
#define SMPPD_CXX_PLUGIN_ENTRY(descriptor)                                                         \
  extern "C" SMPPD_EXPORT const smppd_plugin_descriptor* SMPPD_PLUGIN_ENTRY(uint32_t);             \
  extern "C" SMPPD_EXPORT const smppd_plugin_descriptor* SMPPD_PLUGIN_ENTRY(uint32_t) {           \
    return &(descriptor);                                                                          \
  }                                                                                                \
  static_assert(std::is_same_v<decltype(&SMPPD_PLUGIN_ENTRY), smppd_plugin_entry_fn>,              \
                "the entry symbol must match smppd_plugin_entry_fn")
