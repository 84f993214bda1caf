// smppd SDK testing: the admin table of the fake host (host->admin, smppd/admin.h), and a driver
// that calls a plugin's admin paths the way smppd's admin server does. Header-only, so a vendor
// still compiles fake_host.cc alone; FakeHost owns one and hands out its table.
//
//   smppd::testing::FakeHost host;
//   smppd::testing::FilterDriver filter(host, smppd_plugin_v1(SMPPD_ABI_VERSION_MINOR), "credit");  // init registers
//   auto answer = host.admin().get("/plugins/credit/balance?account=acme");  // waits for a deferred answer
//   EXPECT_EQ(answer.status, 200u);
//
// A handler runs on the thread that calls request() (smppd's control thread). A deferred answer
// (host->admin->defer, then complete from any thread) is awaited up to the timeout given, then
// answered 504 as smppd does; a complete() after that answers SMPPD_E_NOT_FOUND and is counted.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "smppd/plugin.h"

namespace smppd::testing {

// What an admin request answered.
struct AdminAnswer {
  uint32_t status = 0;
  std::string content_type;  // application/json when the handler left it empty
  std::string body;
  bool deferred = false;  // the handler deferred; this is what complete() gave, or smppd's 504
};

// A path a plugin registered (host->admin->register_handler).
struct AdminRoute {
  std::string path;  // "/plugins/credit/balance"
  int32_t method = SMPPD_ADMIN_GET;
  std::string help;
  std::string plugin;
};

class FakeAdmin {
 public:
  // Names the plugin behind a ref, for the path ("/plugins/<name>/...").
  using PluginName = std::function<std::string(const smppd_plugin_ref*)>;

  explicit FakeAdmin(PluginName plugin_name) : plugin_name_(std::move(plugin_name)) {
    FakeAdmin* expected = nullptr;
    if (!active_slot().compare_exchange_strong(expected, this)) {
      throw std::logic_error("another FakeHost is active: one at a time (the ABI's any-thread functions carry no host)");
    }
    table_.struct_size = sizeof table_;
    table_.register_handler = &register_handler_entry;
    table_.respond = &respond_entry;
    table_.defer = &defer_entry;
    table_.complete = &complete_entry;
  }
  ~FakeAdmin() { active_slot().store(nullptr); }
  FakeAdmin(const FakeAdmin&) = delete;
  FakeAdmin& operator=(const FakeAdmin&) = delete;

  // The table, writable: shrink struct_size or clear an entry to play an older host.
  smppd_admin_api& table() noexcept { return table_; }

  std::vector<AdminRoute> routes() const {
    std::lock_guard lock(mutex_);
    std::vector<AdminRoute> listed;
    for (const Route& route : routes_) listed.push_back(route.info);
    return listed;
  }

  // As smppd's admin server: the handler of `target`'s path (the exact path, else the longest
  // registered prefix ending in '/'; 404 without one, 405 for the other method) called on this
  // thread with the raw query, `body` and `peer`; its answer, a deferred one awaited up to
  // `timeout` (504 when none comes), or 500 when it gave none.
  AdminAnswer request(int32_t method, std::string_view target, std::string_view body = {},
                      std::string_view peer = "127.0.0.1:40000",
                      std::chrono::milliseconds timeout = std::chrono::milliseconds(10000)) {
    const size_t question = target.find('?');
    const std::string path(target.substr(0, question));
    const std::string query(question == std::string_view::npos ? std::string_view() : target.substr(question + 1));
    std::optional<Route> route;
    std::string matched;  // the exact path, else the longest prefix
    {
      std::lock_guard lock(mutex_);
      for (const Route& candidate : routes_) {
        const std::string& known = candidate.info.path;
        if (known == path) {
          matched = known;
          break;
        }
        if (known.size() > 1 && known.back() == '/' && path.rfind(known, 0) == 0 && known.size() > matched.size()) {
          matched = known;
        }
      }
      for (const Route& candidate : routes_) {
        if (!matched.empty() && candidate.info.path == matched && candidate.info.method == method) route = candidate;
      }
    }
    if (matched.empty()) return error(404, "no admin path " + path);
    if (!route) return error(405, path + (method == SMPPD_ADMIN_GET ? " changes state: use POST" : " is read with GET"));

    Response response;
    smppd_admin_request call{};
    call.struct_size = sizeof call;
    call.method = method;
    call.path = smppd_host_view{path.data(), path.size()};
    call.query = smppd_host_view{query.data(), query.size()};
    call.body = smppd_host_view{body.data(), body.size()};
    call.peer = smppd_host_view{peer.data(), peer.size()};
    route->handler(route->user_data, &call, reinterpret_cast<smppd_admin_response*>(&response));
    if (response.ticket == 0) {
      if (!response.answer) return error(500, "the handler of " + path + " gave no answer");
      return *response.answer;
    }
    std::unique_lock lock(mutex_);
    tickets_changed_.wait_for(lock, timeout, [&] { return tickets_.at(response.ticket).has_value(); });
    std::optional<AdminAnswer> answer = std::move(tickets_.at(response.ticket));
    tickets_.erase(response.ticket);  // a later complete() is late
    if (!answer) {
      AdminAnswer timed_out = error(504, "the handler of " + path + " gave no answer in time");
      timed_out.deferred = true;
      return timed_out;
    }
    answer->deferred = true;
    return *answer;
  }
  AdminAnswer get(std::string_view target, std::chrono::milliseconds timeout = std::chrono::milliseconds(10000)) {
    return request(SMPPD_ADMIN_GET, target, {}, "127.0.0.1:40000", timeout);
  }
  AdminAnswer post(std::string_view target, std::string_view body = {},
                   std::chrono::milliseconds timeout = std::chrono::milliseconds(10000)) {
    return request(SMPPD_ADMIN_POST, target, body, "127.0.0.1:40000", timeout);
  }

  // Deferred answers still awaited.
  size_t deferred_waiting() const {
    std::lock_guard lock(mutex_);
    return tickets_.size();
  }
  // complete() calls that found no ticket waiting: after the timeout, a second one, or unknown.
  uint64_t late_completions() const {
    std::lock_guard lock(mutex_);
    return late_completions_;
  }

 private:
  struct Route {
    AdminRoute info;
    smppd_admin_handler_fn handler = nullptr;
    void* user_data = nullptr;
  };
  // What smppd_admin_response is in the fake.
  struct Response {
    std::optional<AdminAnswer> answer;
    uint64_t ticket = 0;
  };

  static std::atomic<FakeAdmin*>& active_slot() noexcept {
    static std::atomic<FakeAdmin*> active{nullptr};
    return active;
  }

  static AdminAnswer error(uint32_t status, const std::string& message) {
    return AdminAnswer{status, "application/json", "{\"error\":\"" + message + "\"}\n", false};
  }
  static bool valid(smppd_plugin_view view) noexcept { return view.data != nullptr || view.size == 0; }
  static std::string text(smppd_plugin_view view) { return view.size == 0 ? std::string() : std::string(view.data, view.size); }
  static AdminAnswer answer_of(uint32_t status, smppd_plugin_view content_type, smppd_plugin_view body) {
    AdminAnswer answer;
    answer.status = status;
    answer.content_type = content_type.size == 0 ? "application/json" : text(content_type);
    answer.body = text(body);
    return answer;
  }

  static int32_t register_handler_entry(const smppd_plugin_ref* plugin, int32_t method, smppd_plugin_view path,
                                        const char* help, smppd_admin_handler_fn handler, void* user_data) noexcept {
    FakeAdmin* admin = active_slot().load();
    if (admin == nullptr) return SMPPD_E_INTERNAL;
    if (plugin == nullptr || handler == nullptr || !valid(path) ||
        (method != SMPPD_ADMIN_GET && method != SMPPD_ADMIN_POST)) {
      return SMPPD_E_INVALID;
    }
    try {
      const std::string relative = text(path);
      if (relative.empty() || relative.front() == '/' || relative.find('?') != std::string::npos ||
          relative.find("..") != std::string::npos || relative.find('#') != std::string::npos) {
        return SMPPD_E_INVALID;
      }
      Route route;
      route.info.plugin = admin->plugin_name_(plugin);
      route.info.path = "/plugins/" + route.info.plugin + "/" + relative;
      route.info.method = method;
      route.info.help = help != nullptr ? help : "";
      route.handler = handler;
      route.user_data = user_data;
      std::lock_guard lock(admin->mutex_);
      for (const Route& known : admin->routes_) {
        if (known.info.path == route.info.path && known.info.method == method) return SMPPD_E_STATE;
      }
      admin->routes_.push_back(std::move(route));
      return SMPPD_OK;
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }

  static int32_t respond_entry(smppd_admin_response* response, uint32_t status, smppd_plugin_view content_type,
                               smppd_plugin_view body) noexcept {
    auto* fake = reinterpret_cast<Response*>(response);
    if (fake == nullptr || status < 200 || status > 599 || !valid(content_type) || !valid(body)) return SMPPD_E_INVALID;
    if (fake->ticket != 0) return SMPPD_E_STATE;
    try {
      fake->answer = answer_of(status, content_type, body);
      return SMPPD_OK;
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }

  static int32_t defer_entry(smppd_admin_response* response, uint64_t* ticket) noexcept {
    FakeAdmin* admin = active_slot().load();
    auto* fake = reinterpret_cast<Response*>(response);
    if (admin == nullptr) return SMPPD_E_INTERNAL;
    if (fake == nullptr || ticket == nullptr) return SMPPD_E_INVALID;
    if (fake->answer || fake->ticket != 0) return SMPPD_E_STATE;
    try {
      std::lock_guard lock(admin->mutex_);
      fake->ticket = admin->next_ticket_++;
      admin->tickets_.emplace(fake->ticket, std::nullopt);
      *ticket = fake->ticket;
      return SMPPD_OK;
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }

  static int32_t complete_entry(uint64_t ticket, uint32_t status, smppd_plugin_view content_type,
                                smppd_plugin_view body) noexcept {
    FakeAdmin* admin = active_slot().load();
    if (admin == nullptr) return SMPPD_E_INTERNAL;
    if (status < 200 || status > 599 || !valid(content_type) || !valid(body)) return SMPPD_E_INVALID;
    try {
      {
        std::lock_guard lock(admin->mutex_);
        const auto found = admin->tickets_.find(ticket);
        if (found == admin->tickets_.end() || found->second.has_value()) {
          ++admin->late_completions_;
          return SMPPD_E_NOT_FOUND;
        }
        found->second = answer_of(status, content_type, body);
      }
      admin->tickets_changed_.notify_all();
      return SMPPD_OK;
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }

  PluginName plugin_name_;
  smppd_admin_api table_{};
  mutable std::mutex mutex_;
  std::condition_variable tickets_changed_;
  std::vector<Route> routes_;
  std::map<uint64_t, std::optional<AdminAnswer>> tickets_;  // open deferred answers
  uint64_t next_ticket_ = 1;
  uint64_t late_completions_ = 0;
};

}  // namespace smppd::testing
