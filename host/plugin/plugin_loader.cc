#include "host/plugin/plugin_loader.h"

#include <exception>
#include <optional>

#include "host/api/plugin_ref.h"
#include "host/logging/logging.h"
#include "host/plugin/abi_version.h"
#include "host/plugin/descriptor_check.h"
#include "host/plugin/manifest.h"
#include "host/plugin/plugin_file.h"
#include "host/plugin/plugin_kind.h"
#include "host/plugin/plugin_library.h"

namespace smppd::plugin {
namespace {

// A manifest is a dozen lines; anything near this is not one.
constexpr uint64_t kMaxManifestSize = 64 * 1024;

// Room for the reason a plugin's init gives; longer reasons are cut, not overrun.
constexpr uint32_t kInitErrorCapacity = 1024;

// Runs the plugin's init (if it has one). Returns the refusal, or "" when it started.
std::string run_init(const smppd_plugin_descriptor& descriptor, const smppd_host_api* host,
                     const smppd_plugin_ref* ref, const std::string& name) {
  if (descriptor.init == nullptr) return {};
  char reason[kInitErrorCapacity] = {};
  smppd_error_buffer error{sizeof(smppd_error_buffer), kInitErrorCapacity, reason};
  const int32_t status = descriptor.init(host, ref, &error);
  if (status == SMPPD_OK) return {};
  reason[kInitErrorCapacity - 1] = '\0';  // a plugin that wrote past its terminator
  return "plugin " + name + " refused to start: " + (reason[0] != '\0' ? reason : "no reason given") +
         " (init returned " + std::to_string(status) + ")";
}

}  // namespace

std::vector<std::string> PluginLoader::load(const std::vector<std::filesystem::path>& plugin_dirs) {
  std::vector<std::string> errors;
  for (const std::filesystem::path& dir : plugin_dirs) load_dir(dir, errors);
  return errors;
}

void PluginLoader::load_dir(const std::filesystem::path& path, std::vector<std::string>& errors) {
  // Nothing thrown below (allocation, toml++, Boost.DLL) may escape the loader: each becomes the
  // refusal of the dir or plugin it happened in.
  try {
    std::string error;
    std::optional<PluginDir> dir = PluginDir::open(path, error);
    if (!dir) {
      errors.push_back(error);
      return;
    }
    const auto manifest_names = dir->manifest_names(error);
    if (!manifest_names) {
      errors.push_back(error);
      return;
    }
    for (const std::string& manifest_name : *manifest_names) {
      try {
        error = load_manifest(*dir, manifest_name);
      } catch (const std::exception& failure) {
        error = dir->path_of(manifest_name) + ": " + failure.what();
      } catch (...) {
        error = dir->path_of(manifest_name) + ": unknown exception while loading";
      }
      if (!error.empty()) errors.push_back(error);
    }
  } catch (const std::exception& failure) {
    errors.push_back(path.string() + ": " + failure.what());
  } catch (...) {
    errors.push_back(path.string() + ": unknown exception while loading");
  }
}

std::string PluginLoader::load_manifest(const PluginDir& dir, const std::string& manifest_name) {
  std::string error;
  std::optional<PluginFile> manifest_file = PluginFile::open(dir, manifest_name, "plugin manifest", error);
  if (!manifest_file) return error;
  const std::optional<std::string> text = manifest_file->read_all(kMaxManifestSize, error);
  if (!text) return error;
  const ManifestParse parsed = parse_manifest(*text, manifest_file->path());
  if (!parsed.manifest) return parsed.error;
  const Manifest& manifest = *parsed.manifest;

  // Whatever can be refused from the manifest alone is refused before the library's code runs.
  if (const LoadedPlugin* loaded = registry_.find_plugin(manifest.name)) {
    return manifest.source + ": plugin " + manifest.name + " is already loaded from " + loaded->library_path;
  }
  const AbiVersion host_abi = host_abi_version();
  if (manifest.abi.major != host_abi.major) {
    return manifest.source + ": plugin " + manifest.name + " was built for plugin ABI " + to_string(manifest.abi) +
           "; this smppd implements " + to_string(host_abi);
  }
  std::optional<PluginFile> library_file = PluginFile::open(dir, manifest.file, "plugin library", error);
  if (!library_file) return error;
  const std::optional<std::string> sha256 = library_file->sha256_hex(error);
  if (!sha256) return error;
  const std::string library_path = library_file->path();
  if (*sha256 != manifest.sha256) {
    return library_path + ": sha256 is " + *sha256 + ", but manifest " + manifest.source + " says " + manifest.sha256;
  }

  const smppd_plugin_entry_fn entry = load_plugin_library(std::move(*library_file), error);
  if (entry == nullptr) return error;
  const smppd_plugin_descriptor* descriptor = entry(host_abi.minor);
  DescriptorCheck check = check_descriptor(descriptor, manifest);
  if (!check.error.empty()) return library_path + ": " + check.error;
  error = registry_.factory_conflict(check.factories);
  if (!error.empty()) return library_path + ": plugin " + manifest.name + ": " + error;

  const smppd_plugin_ref* ref = api::make_plugin_ref(manifest.name);
  error = run_init(*descriptor, host_, ref, manifest.name);
  if (!error.empty()) return library_path + ": " + error;

  const LoadedPlugin& loaded = registry_.add(LoadedPlugin{
      .name = manifest.name,
      .version = manifest.version,
      .description = descriptor->description != nullptr ? descriptor->description : manifest.description,
      .abi = AbiVersion{descriptor->abi_major, descriptor->abi_minor},
      .min_host_minor = descriptor->min_host_minor,
      .kinds = manifest.kinds,
      .library_path = library_path,
      .manifest_path = manifest.source,
      .sha256 = *sha256,
      .descriptor = descriptor,
      .ref = ref,
      .factories = std::move(check.factories),
  });
  logging::get("plugin")->info("loaded plugin {} {} (ABI {}, kinds {}) from {}, sha256 {}", loaded.name,
                               loaded.version, to_string(loaded.abi), describe_kinds(loaded.kinds),
                               loaded.library_path, loaded.sha256);
  return {};
}

}  // namespace smppd::plugin
