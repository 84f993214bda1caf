#include "host/api/plugin_admin_handlers.h"

#include <algorithm>
#include <string_view>

#include "host/api/plugin_ref.h"

namespace smppd::api {

PluginAdminHandlers& PluginAdminHandlers::process() {
  static PluginAdminHandlers* handlers = new PluginAdminHandlers();  // plugins are never unloaded
  return *handlers;
}

bool PluginAdminHandlers::add(PluginAdminHandler handler) {
  Sink sink;
  {
    std::lock_guard lock(mutex_);
    const bool taken = std::any_of(handlers_.begin(), handlers_.end(), [&](const PluginAdminHandler& known) {
      return known.path == handler.path && known.mutation == handler.mutation;
    });
    if (taken) return false;
    handlers_.push_back(handler);
    sink = sink_;
  }
  if (sink) sink(handler);
  return true;
}

void PluginAdminHandlers::attach(Sink sink) {
  std::vector<PluginAdminHandler> known;
  {
    std::lock_guard lock(mutex_);
    sink_ = sink;
    known = handlers_;
  }
  for (const PluginAdminHandler& handler : known) sink(handler);
}

void PluginAdminHandlers::detach() {
  std::lock_guard lock(mutex_);
  sink_ = nullptr;
}

namespace {

// A path below /plugins/<name>/: no query, no way up, no second root.
bool valid_plugin_path(std::string_view path) {
  return !path.empty() && path.front() != '/' && path.find('?') == std::string_view::npos &&
         path.find("..") == std::string_view::npos && path.find('#') == std::string_view::npos;
}

int32_t register_handler(const smppd_plugin_ref* plugin, int32_t method, smppd_plugin_view path, const char* help,
                         smppd_admin_handler_fn handler, void* user_data) {
  const std::string_view relative(path.data, path.data == nullptr ? 0 : path.size);
  if (plugin == nullptr || handler == nullptr || (method != SMPPD_ADMIN_GET && method != SMPPD_ADMIN_POST) ||
      !valid_plugin_path(relative)) {
    return SMPPD_E_INVALID;
  }
  PluginAdminHandler entry;
  entry.path = "/plugins/" + plugin->name + "/" + std::string(relative);
  entry.mutation = method == SMPPD_ADMIN_POST;
  entry.help = help != nullptr ? help : "";
  entry.handler = handler;
  entry.user_data = user_data;
  return PluginAdminHandlers::process().add(std::move(entry)) ? SMPPD_OK : SMPPD_E_STATE;
}

int32_t respond(smppd_admin_response* response, uint32_t status, smppd_plugin_view content_type, smppd_plugin_view body) {
  if (response == nullptr || status < 200 || status > 599) return SMPPD_E_INVALID;
  response->status = status;
  response->content_type = content_type.size == 0 ? "application/json" : std::string(content_type.data, content_type.size);
  response->body = body.size == 0 ? std::string() : std::string(body.data, body.size);
  response->answered = true;
  return SMPPD_OK;
}

const smppd_admin_api kAdminTable = {sizeof(smppd_admin_api), 0, register_handler, respond};

}  // namespace

const smppd_admin_api* admin_table() { return &kAdminTable; }

}  // namespace smppd::api
