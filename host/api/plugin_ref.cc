#include "host/api/plugin_ref.h"

#include <deque>
#include <mutex>

#include "host/logging/logging.h"

namespace smppd::api {

const smppd_plugin_ref* make_plugin_ref(const std::string& name) {
  // A deque never moves its elements, so handed-out pointers stay valid.
  static std::mutex mutex;
  static std::deque<smppd_plugin_ref> refs;
  std::lock_guard lock(mutex);
  refs.push_back(smppd_plugin_ref{name, logging::get("plugin." + name)});
  return &refs.back();
}

}  // namespace smppd::api
