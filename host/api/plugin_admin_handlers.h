#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "smppd/admin.h"

// What host->admin->respond writes into: the answer of one plugin admin handler call.
struct smppd_admin_response {
  unsigned status = 500;
  std::string content_type;
  std::string body;
  bool answered = false;
};

namespace smppd::api {

// One admin path a plugin serves (host->admin->register_handler).
struct PluginAdminHandler {
  std::string path;  // the whole path: "/plugins/credit/balance"
  bool mutation = false;
  std::string help;
  smppd_admin_handler_fn handler = nullptr;
  void* user_data = nullptr;
};

// The plugins' admin paths. Plugins register in init, before the admin server exists, and in
// config hooks, also at a reload: the server attaches once and gets every path, those already
// registered and those to come.
class PluginAdminHandlers {
 public:
  using Sink = std::function<void(const PluginAdminHandler&)>;

  static PluginAdminHandlers& process();

  // False when the path and method are taken.
  bool add(PluginAdminHandler handler);
  // The sink gets every handler registered so far, then each new one; detach() stops that.
  void attach(Sink sink);
  void detach();

 private:
  std::mutex mutex_;
  std::vector<PluginAdminHandler> handlers_;
  Sink sink_;
};

// The host's smppd_admin_api table.
const smppd_admin_api* admin_table();

}  // namespace smppd::api
