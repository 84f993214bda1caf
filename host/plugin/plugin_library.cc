#include "host/plugin/plugin_library.h"

#include <dlfcn.h>

#include <boost/dll/shared_library.hpp>
#include <exception>
#include <mutex>
#include <vector>

namespace smppd::plugin {
namespace {

struct KeptLibrary {
  PluginFile file;
  boost::dll::shared_library library;
};

// Every library ever loaded. Allocated once and never destroyed, so no destructor at exit
// unloads a library while another thread may still run its code.
std::vector<KeptLibrary>& kept_libraries() {
  static auto* const libraries = new std::vector<KeptLibrary>();
  return *libraries;
}

std::mutex& kept_libraries_mutex() {
  static auto* const mutex = new std::mutex();
  return *mutex;
}

// The dynamic loader's message names the /proc path; the operator knows the file by its own.
std::string loader_message(const std::string& proc_path, const std::string& file_path,
                           const boost::dll::fs::error_code& failure) {
  const char* reason = ::dlerror();
  std::string message = reason != nullptr ? reason : failure.message();
  for (size_t at = message.find(proc_path); at != std::string::npos; at = message.find(proc_path, at)) {
    message.replace(at, proc_path.size(), file_path);
    at += file_path.size();
  }
  return message;
}

}  // namespace

smppd_plugin_entry_fn load_plugin_library(PluginFile file, std::string& error) {
  const std::string path = file.path();
  try {
    namespace load_mode = boost::dll::load_mode;
    // RTLD_NODELETE: even a stray dlclose (or a shared_library destructor) leaves it mapped.
    const load_mode::type mode =
        load_mode::rtld_now | load_mode::rtld_local | static_cast<load_mode::type>(RTLD_NODELETE);
    const std::string proc_path = file.proc_path();
    boost::dll::fs::error_code failure;
    boost::dll::shared_library library;
    ::dlerror();  // clear a message left by someone else's dlopen
    library.load(boost::dll::fs::path(proc_path), mode, failure);
    if (failure || !library.is_loaded()) {
      error = path + ": the dynamic loader refused it: " + loader_message(proc_path, path, failure);
      return nullptr;
    }

    smppd_plugin_entry_fn entry = nullptr;
    if (library.has(SMPPD_PLUGIN_ENTRY_NAME)) {
      entry = &library.get<const smppd_plugin_descriptor*(uint32_t)>(SMPPD_PLUGIN_ENTRY_NAME);
    }
    {
      std::lock_guard lock(kept_libraries_mutex());
      kept_libraries().push_back(KeptLibrary{std::move(file), std::move(library)});
    }
    if (entry == nullptr) {
      error = path + ": no exported entry symbol " SMPPD_PLUGIN_ENTRY_NAME
                     " (a plugin for another ABI major, or built without SMPPD_EXPORT on its entry)";
    }
    return entry;
  } catch (const std::exception& failure) {
    // Boost.DLL reports with exceptions; the loader's API reports with messages.
    error = path + ": cannot load: " + failure.what();
    return nullptr;
  }
}

}  // namespace smppd::plugin
