#include "tests/plugins/loaded_plugin.h"

#include <dlfcn.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <toml++/toml.h>

namespace smppd::testing {
namespace {

std::string kind_name(int32_t kind) {
  switch (kind) {
    case SMPPD_KIND_FILTER: return "filter";
    case SMPPD_KIND_LB_POLICY: return "lb_policy";
    case SMPPD_KIND_HEALTH_CHECKER: return "health_checker";
    case SMPPD_KIND_UPSTREAM: return "upstream";
    case SMPPD_KIND_STATE_STORE: return "state_store";
    default: return "kind " + std::to_string(kind);
  }
}

std::string sha256_hex(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (bytes.empty() || EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) return {};
  std::string hex;
  char two[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(two, sizeof two, "%02x", digest[i]);
    hex += two;
  }
  return hex;
}

}  // namespace

const smppd_plugin_descriptor* load_plugin(const std::string& library_path, std::string* error) {
  void* handle = dlopen(library_path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    if (error != nullptr) *error = dlerror();
    return nullptr;
  }
  auto entry = reinterpret_cast<smppd_plugin_entry_fn>(dlsym(handle, SMPPD_PLUGIN_ENTRY_NAME));
  if (entry == nullptr) {
    if (error != nullptr) *error = std::string("no ") + SMPPD_PLUGIN_ENTRY_NAME + " in " + library_path;
    return nullptr;
  }
  return entry(SMPPD_ABI_VERSION_MINOR);
}

std::vector<std::string> manifest_disagreements(const std::string& manifest_path, const std::string& library_path,
                                                const smppd_plugin_descriptor& descriptor) {
  std::vector<std::string> problems;
  toml::table manifest;
  try {
    manifest = toml::parse_file(manifest_path);
  } catch (const std::exception& e) {
    return {"cannot read " + manifest_path + ": " + e.what()};
  }
  auto expect = [&](const std::string& key, const std::string& wanted) {
    const std::string found = manifest[key].value_or(std::string("(missing)"));
    if (found != wanted) problems.push_back(key + ": manifest says " + found + ", expected " + wanted);
  };
  expect("name", descriptor.name != nullptr ? descriptor.name : "");
  expect("version", descriptor.version != nullptr ? descriptor.version : "");
  expect("abi", std::to_string(descriptor.abi_major) + "." + std::to_string(descriptor.abi_minor));
  expect("file", std::filesystem::path(library_path).filename().string());
  expect("sha256", sha256_hex(library_path));

  std::set<std::string> descriptor_kinds;
  const auto* bytes = reinterpret_cast<const unsigned char*>(descriptor.factories);
  const uint32_t stride = descriptor.factory_count > 0 ? descriptor.factories[0].struct_size : 0;
  for (uint32_t i = 0; i < descriptor.factory_count; ++i) {
    descriptor_kinds.insert(kind_name(reinterpret_cast<const smppd_factory*>(bytes + size_t{stride} * i)->kind));
  }
  std::set<std::string> manifest_kinds;
  if (const toml::array* kinds = manifest["kinds"].as_array()) {
    for (const auto& kind : *kinds) manifest_kinds.insert(kind.value_or(std::string("?")));
  }
  if (manifest_kinds != descriptor_kinds) problems.push_back("kinds: the manifest's differ from the factories'");
  return problems;
}

}  // namespace smppd::testing
