#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smppd/admin.h"

// What host->admin->respond and host->admin->defer write into: the answer of one plugin admin
// handler call, or the ticket of the answer it will give later.
struct smppd_admin_response {
  unsigned status = 500;
  std::string content_type;
  std::string body;
  bool answered = false;
  uint64_t ticket = 0;  // non-zero once the handler deferred its answer
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

// A plugin's answer to an admin request, given at once or later.
struct PluginAdminAnswer {
  unsigned status = 500;
  std::string content_type;  // empty: application/json
  std::string body;
};

// The answers handlers deferred (host->admin->defer), until they come (host->admin->complete, any
// thread) and the admin server takes them. A ticket is answered at most once; once taken (the
// answer read, or the server gave up on it) a later complete finds nothing and is ignored.
class DeferredAdminAnswers {
 public:
  static DeferredAdminAnswers& process();

  // A new ticket, waiting for its answer.
  uint64_t open();
  // False when the ticket is unknown, answered already or taken (a late answer): then ignored.
  bool complete(uint64_t ticket, PluginAdminAnswer answer);
  // Runs `wake` (on complete()'s thread) once the answer is there. Answers true, without keeping
  // `wake`, when it is there already or the ticket is unknown: nothing to wait for.
  bool answered_or_wake(uint64_t ticket, std::function<void()> wake);
  // The answer, if one came, and forgets the ticket.
  std::optional<PluginAdminAnswer> take(uint64_t ticket);

  size_t waiting() const;
  // complete() calls that found nothing: answers after their timeout, or of unknown tickets.
  uint64_t late_answers() const;

 private:
  struct Entry {
    std::optional<PluginAdminAnswer> answer;
    std::function<void()> wake;
  };
  mutable std::mutex mutex_;
  std::map<uint64_t, Entry> entries_;
  uint64_t next_ticket_ = 1;
  uint64_t late_answers_ = 0;
};

// One admin request as a plugin's handler gets it.
struct PluginAdminCall {
  bool post = false;
  std::string_view path;       // the whole path, percent-decoded
  std::string_view raw_query;  // as sent, without '?'
  std::string_view body;
  std::string_view peer;  // "192.0.2.1:53124", "[2001:db8::1]:53124"; empty when unknown
};

// How long the admin server waits for a deferred answer before it answers 504.
inline constexpr std::chrono::milliseconds kDeferredAdminAnswerTimeout{10000};

// Calls the plugin's handler on this thread (the control thread) and answers what it answered:
// at once, or a deferred answer awaited on the coroutine's executor for at most `timeout` (then
// 504, and a later answer is ignored). 500 when the handler gave no answer at all.
boost::asio::awaitable<PluginAdminAnswer> call_plugin_admin_handler(
    const PluginAdminHandler& handler, const PluginAdminCall& call,
    std::chrono::milliseconds timeout = kDeferredAdminAnswerTimeout);

// The host's smppd_admin_api table.
const smppd_admin_api* admin_table();

}  // namespace smppd::api
