#include "host/plugin/descriptor_check.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <set>
#include <utility>

#include "host/plugin/abi_version.h"
#include "host/plugin/plugin_kind.h"

namespace smppd::plugin {
namespace {

// Sizes as of ABI 1.0, written as "offset of the last 1.0 field + its size" so that they stay
// put when later minors append fields: a 1.0 plugin's structs must keep passing.
constexpr uint32_t kDescriptorVersionFieldsSize =
    offsetof(smppd_plugin_descriptor, min_host_minor) + sizeof(smppd_plugin_descriptor::min_host_minor);
constexpr uint32_t kDescriptorSize =
    offsetof(smppd_plugin_descriptor, factories) + sizeof(smppd_plugin_descriptor::factories);
constexpr uint32_t kFactorySize = offsetof(smppd_factory, vtable) + sizeof(smppd_factory::vtable);
constexpr uint32_t kFilterVtableSize =
    offsetof(smppd_filter_vtable, on_cancel) + sizeof(smppd_filter_vtable::on_cancel);
constexpr uint32_t kStateStoreVtableSize =
    offsetof(smppd_state_store_vtable, close) + sizeof(smppd_state_store_vtable::close);

// A bound on what a descriptor may claim, so that a corrupt count is refused, not walked.
constexpr uint32_t kMaxFactories = 1024;

// The smallest table the host accepts for a kind. Kinds whose table this ABI minor does not
// declare yet only need their struct_size.
uint32_t minimum_vtable_size(int32_t kind) {
  if (kind == SMPPD_KIND_FILTER) return kFilterVtableSize;
  if (kind == SMPPD_KIND_STATE_STORE) return kStateStoreVtableSize;
  return sizeof(uint32_t);
}

// The entries a kind's table cannot do without, named as in its header; empty when all are set.
// Checked once at load, so the host calls them without a check later.
std::string missing_entry(const smppd_factory& factory) {
  if (factory.kind == SMPPD_KIND_STATE_STORE) {
    const auto* table = static_cast<const smppd_state_store_vtable*>(factory.vtable);
    if (table->open == nullptr) return "open";
    if (table->execute == nullptr) return "execute";
    if (table->close == nullptr) return "close";
  }
  return {};
}

std::string describe_factory(const smppd_factory& factory) {
  return std::string(kind_name(factory.kind)) + " factory '" + factory.name + "'";
}

// Walks the factory array by the entries' own struct_size: a plugin built for a later minor, with
// a longer smppd_factory, lays its array out with that longer stride.
std::string collect_factories(const smppd_plugin_descriptor& descriptor, std::vector<const smppd_factory*>& factories) {
  if (descriptor.factory_count == 0) return {};
  if (descriptor.factories == nullptr) {
    return "the descriptor counts " + std::to_string(descriptor.factory_count) + " factories but has no array";
  }
  if (descriptor.factory_count > kMaxFactories) {
    return "the descriptor counts " + std::to_string(descriptor.factory_count) + " factories (at most " +
           std::to_string(kMaxFactories) + ")";
  }
  const uint32_t stride = descriptor.factories[0].struct_size;
  if (stride < kFactorySize || stride % alignof(smppd_factory) != 0) {
    return "factory 0 has struct_size " + std::to_string(stride) + "; ABI 1.0 needs at least " +
           std::to_string(kFactorySize) + ", a multiple of " + std::to_string(alignof(smppd_factory));
  }
  const auto* base = reinterpret_cast<const char*>(descriptor.factories);
  std::set<std::pair<int32_t, std::string>> offered;
  for (uint32_t i = 0; i < descriptor.factory_count; ++i) {
    const auto* factory = reinterpret_cast<const smppd_factory*>(base + static_cast<size_t>(i) * stride);
    const std::string index = "factory " + std::to_string(i);
    if (factory->struct_size != stride) {
      return index + " has struct_size " + std::to_string(factory->struct_size) + ", factory 0 has " +
             std::to_string(stride) + ": every entry of the array must have the same size";
    }
    if (factory->name == nullptr || factory->name[0] == '\0') return index + " has no name";
    if (kind_name(factory->kind).empty()) {
      return index + " ('" + factory->name + "') has unknown kind " + std::to_string(factory->kind);
    }
    if (factory->vtable == nullptr) return describe_factory(*factory) + " has no vtable";
    uint32_t vtable_size = 0;
    std::memcpy(&vtable_size, factory->vtable, sizeof vtable_size);
    if (vtable_size < minimum_vtable_size(factory->kind)) {
      return describe_factory(*factory) + " has a vtable with struct_size " + std::to_string(vtable_size) +
             "; ABI 1.0 needs at least " + std::to_string(minimum_vtable_size(factory->kind));
    }
    if (const std::string missing = missing_entry(*factory); !missing.empty()) {
      return describe_factory(*factory) + " has no " + missing + " in its vtable";
    }
    if (!offered.emplace(factory->kind, factory->name).second) {
      return "the plugin offers " + describe_factory(*factory) + " twice";
    }
    factories.push_back(factory);
  }
  return {};
}

std::vector<int32_t> kinds_of(const std::vector<const smppd_factory*>& factories) {
  std::vector<int32_t> kinds;
  for (const smppd_factory* factory : factories) kinds.push_back(factory->kind);
  std::sort(kinds.begin(), kinds.end());
  kinds.erase(std::unique(kinds.begin(), kinds.end()), kinds.end());
  return kinds;
}

std::string quoted(const char* text) { return text == nullptr ? std::string("none") : "'" + std::string(text) + "'"; }

}  // namespace

DescriptorCheck check_descriptor(const smppd_plugin_descriptor* descriptor, const Manifest& manifest) {
  DescriptorCheck check;
  const AbiVersion host = host_abi_version();
  const std::string plugin = "plugin " + manifest.name;
  if (descriptor == nullptr) {
    check.error = plugin + ": its entry symbol returned no descriptor";
    return check;
  }
  if (descriptor->struct_size < kDescriptorVersionFieldsSize) {
    check.error = plugin + ": its descriptor has struct_size " + std::to_string(descriptor->struct_size) +
                  ", too small to hold an ABI version";
    return check;
  }
  const AbiVersion built_for{descriptor->abi_major, descriptor->abi_minor};
  if (built_for.major != host.major) {
    check.error = plugin + " was built for plugin ABI " + to_string(built_for) + "; this smppd implements " +
                  to_string(host);
    return check;
  }
  if (descriptor->min_host_minor > host.minor) {
    check.error = plugin + " needs plugin ABI " + std::to_string(host.major) + "." +
                  std::to_string(descriptor->min_host_minor) + " or later; this smppd implements " + to_string(host);
    return check;
  }
  if (descriptor->struct_size < kDescriptorSize) {
    check.error = plugin + ": its descriptor has struct_size " + std::to_string(descriptor->struct_size) +
                  "; ABI 1.0 needs at least " + std::to_string(kDescriptorSize);
    return check;
  }
  check.error = collect_factories(*descriptor, check.factories);
  if (!check.error.empty()) {
    check.error = plugin + ": " + check.error;
    check.factories.clear();
    return check;
  }

  std::vector<std::string> differences;
  if (descriptor->name == nullptr || manifest.name != descriptor->name) {
    differences.push_back("name '" + manifest.name + "' in the manifest, " + quoted(descriptor->name) +
                          " in the library");
  }
  if (descriptor->version == nullptr || manifest.version != descriptor->version) {
    differences.push_back("version '" + manifest.version + "' in the manifest, " + quoted(descriptor->version) +
                          " in the library");
  }
  if (manifest.abi != built_for) {
    differences.push_back("abi " + to_string(manifest.abi) + " in the manifest, " + to_string(built_for) +
                          " in the library");
  }
  const std::vector<int32_t> offered_kinds = kinds_of(check.factories);
  if (manifest.kinds != offered_kinds) {
    differences.push_back("kinds " + describe_kinds(manifest.kinds) + " in the manifest, " +
                          describe_kinds(offered_kinds) + " offered by the library's factories");
  }
  if (!differences.empty()) {
    check.error = "manifest " + manifest.source + " and library disagree: ";
    for (size_t i = 0; i < differences.size(); ++i) check.error += (i == 0 ? "" : "; ") + differences[i];
    check.factories.clear();
  }
  return check;
}

}  // namespace smppd::plugin
