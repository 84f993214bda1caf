#include "host/api/plugin_admin_handlers.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <memory>
#include <utility>

#include "host/api/plugin_ref.h"
#include "host/logging/logging.h"

namespace smppd::api {

namespace asio = boost::asio;

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

// --- deferred answers

DeferredAdminAnswers& DeferredAdminAnswers::process() {
  static DeferredAdminAnswers* answers = new DeferredAdminAnswers();  // plugins may answer until exit
  return *answers;
}

uint64_t DeferredAdminAnswers::open() {
  std::lock_guard lock(mutex_);
  const uint64_t ticket = next_ticket_++;
  entries_.emplace(ticket, Entry{});
  return ticket;
}

bool DeferredAdminAnswers::complete(uint64_t ticket, PluginAdminAnswer answer) {
  std::function<void()> wake;
  {
    std::lock_guard lock(mutex_);
    const auto found = entries_.find(ticket);
    if (found == entries_.end() || found->second.answer) {
      ++late_answers_;
      return false;
    }
    found->second.answer = std::move(answer);
    wake = std::move(found->second.wake);
    found->second.wake = nullptr;
  }
  if (wake) wake();
  return true;
}

bool DeferredAdminAnswers::answered_or_wake(uint64_t ticket, std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(ticket);
  if (found == entries_.end() || found->second.answer) return true;
  found->second.wake = std::move(wake);
  return false;
}

std::optional<PluginAdminAnswer> DeferredAdminAnswers::take(uint64_t ticket) {
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(ticket);
  if (found == entries_.end()) return std::nullopt;
  std::optional<PluginAdminAnswer> answer = std::move(found->second.answer);
  entries_.erase(found);
  return answer;
}

size_t DeferredAdminAnswers::waiting() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

uint64_t DeferredAdminAnswers::late_answers() const {
  std::lock_guard lock(mutex_);
  return late_answers_;
}

namespace {

PluginAdminAnswer error_answer(unsigned status, std::string_view message) {
  return PluginAdminAnswer{status, "application/json",
                           boost::json::serialize(boost::json::object{{"error", message}}) + "\n"};
}

// Forgets a ticket when the coroutine waiting for it ends, however it ends (also destroyed with
// its io_context at exit): a later complete() then finds nothing and never wakes a dead waiter.
class TicketGuard {
 public:
  explicit TicketGuard(uint64_t ticket) : ticket_(ticket) {}
  ~TicketGuard() { (void)DeferredAdminAnswers::process().take(ticket_); }
  TicketGuard(const TicketGuard&) = delete;
  TicketGuard& operator=(const TicketGuard&) = delete;

 private:
  uint64_t ticket_;
};

}  // namespace

asio::awaitable<PluginAdminAnswer> call_plugin_admin_handler(const PluginAdminHandler& handler,
                                                             const PluginAdminCall& call,
                                                             std::chrono::milliseconds timeout) {
  smppd_admin_request request{};
  request.struct_size = sizeof(request);
  request.method = call.post ? SMPPD_ADMIN_POST : SMPPD_ADMIN_GET;
  request.path = {call.path.data(), call.path.size()};
  request.query = {call.raw_query.data(), call.raw_query.size()};
  request.body = {call.body.data(), call.body.size()};
  request.peer = {call.peer.data(), call.peer.size()};
  smppd_admin_response response;
  handler.handler(handler.user_data, &request, &response);
  if (response.ticket == 0) {
    if (!response.answered) co_return error_answer(500, "the plugin's handler of " + handler.path + " gave no answer");
    co_return PluginAdminAnswer{response.status, std::move(response.content_type), std::move(response.body)};
  }

  DeferredAdminAnswers& answers = DeferredAdminAnswers::process();
  const TicketGuard guard(response.ticket);
  const auto executor = co_await asio::this_coro::executor;
  auto timer = std::make_shared<asio::steady_timer>(executor, timeout);
  // complete() may run on any thread: it only posts the end of the wait to this coroutine's executor.
  const bool ready = answers.answered_or_wake(response.ticket, [timer, executor] {
    asio::post(executor, [timer] { timer->cancel(); });
  });
  if (!ready) (void)co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
  std::optional<PluginAdminAnswer> answer = answers.take(response.ticket);
  if (!answer) {
    logging::get("admin")->warn("the plugin's handler of {} gave no answer within {} ms: 504", handler.path,
                                timeout.count());
    co_return error_answer(504, "the plugin's handler of " + handler.path + " gave no answer within " +
                                    std::to_string(timeout.count()) + " ms");
  }
  co_return std::move(*answer);
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

bool valid_view(smppd_plugin_view view) { return view.data != nullptr || view.size == 0; }

PluginAdminAnswer answer_of(uint32_t status, smppd_plugin_view content_type, smppd_plugin_view body) {
  PluginAdminAnswer answer;
  answer.status = status;
  answer.content_type = content_type.size == 0 ? "application/json" : std::string(content_type.data, content_type.size);
  answer.body = body.size == 0 ? std::string() : std::string(body.data, body.size);
  return answer;
}

int32_t respond(smppd_admin_response* response, uint32_t status, smppd_plugin_view content_type, smppd_plugin_view body) {
  if (response == nullptr || status < 200 || status > 599 || !valid_view(content_type) || !valid_view(body)) {
    return SMPPD_E_INVALID;
  }
  if (response->ticket != 0) return SMPPD_E_STATE;  // deferred: the answer comes through complete()
  PluginAdminAnswer answer = answer_of(status, content_type, body);
  response->status = answer.status;
  response->content_type = std::move(answer.content_type);
  response->body = std::move(answer.body);
  response->answered = true;
  return SMPPD_OK;
}

int32_t defer(smppd_admin_response* response, uint64_t* ticket) {
  if (response == nullptr || ticket == nullptr) return SMPPD_E_INVALID;
  if (response->answered || response->ticket != 0) return SMPPD_E_STATE;
  response->ticket = DeferredAdminAnswers::process().open();
  *ticket = response->ticket;
  return SMPPD_OK;
}

int32_t complete(uint64_t ticket, uint32_t status, smppd_plugin_view content_type, smppd_plugin_view body) {
  if (status < 200 || status > 599 || !valid_view(content_type) || !valid_view(body)) return SMPPD_E_INVALID;
  try {
    if (DeferredAdminAnswers::process().complete(ticket, answer_of(status, content_type, body))) return SMPPD_OK;
  } catch (...) {
    return SMPPD_E_INTERNAL;
  }
  logging::get("admin")->info("a plugin's deferred admin answer (ticket {}) came after the request ended: ignored", ticket);
  return SMPPD_E_NOT_FOUND;
}

const smppd_admin_api kAdminTable = {sizeof(smppd_admin_api), 0, register_handler, respond, defer, complete};

}  // namespace

const smppd_admin_api* admin_table() { return &kAdminTable; }

}  // namespace smppd::api
