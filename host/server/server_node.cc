// This node among the nodes that share the state store (docs/multi-node.md): the card it
// publishes with every heartbeat, and the admin paths /cluster and /ready/shared_state.
#include <boost/json.hpp>

#include <exception>

#include "host/server/server.h"
#include "smppd/host_version.h"

namespace smppd::server {

namespace asio = boost::asio;
namespace json = boost::json;
using admin::AdminRequest;
using admin::AdminResponse;

void Server::stop_shared_state_work() {
  if (membership_) membership_->stop();
  if (delivery_) delivery_->stop();
  if (tracker_) tracker_->stop();
}

json::object Server::node_card() {
  int64_t sessions = 0;
  int64_t requests = 0;
  for (const auto& context : contexts_) {
    sessions += context->stats->downstream_cx_active.get();
    requests += context->stats->request_total.get();
  }
  json::array listeners;
  for (const auto& listener : listeners_) {
    const auto endpoint = listener->local_endpoint();
    listeners.push_back(json::string(endpoint.address().to_string() + ":" + std::to_string(endpoint.port())));
  }
  const auto now = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(now - card_at_).count();
  const double rate = seconds > 0 ? static_cast<double>(requests - card_requests_) / seconds : 0.0;
  card_requests_ = requests;
  card_at_ = now;
  json::object card{{"version", kProductVersion},
                    {"state", readiness()},
                    {"sessions", sessions},
                    {"receivers", receivers_.receiver_count()},
                    {"requests_total", requests},
                    {"requests_per_s", rate},
                    {"listeners", std::move(listeners)},
                    {"unsaved_mappings", tracker_ ? tracker_->unsaved() : 0}};
  if (admin_) {
    const auto endpoint = admin_->local_endpoint();
    card["admin"] = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  }
  return card;
}

asio::awaitable<bool> Server::mappings_pending_on_any_node() {
  if (!store_ || !store_->shared() || !membership_) co_return false;  // one node: the tracker knows its own
  // Read at most once a heartbeat: under overload many held receipts end their hold together.
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now().time_since_epoch()).count();
  if (now_ms - unsaved_checked_ms_.load() < 1000) co_return unsaved_anywhere_.load();
  bool pending = true;  // cards that cannot be read cannot say that nothing waits
  try {
    const json::array nodes = co_await membership_->live_nodes();
    pending = false;
    for (const json::value& node : nodes) {
      const json::value* unsaved = node.as_object().if_contains("unsaved_mappings");
      if (unsaved != nullptr && unsaved->is_number() && unsaved->to_number<double>() > 0) pending = true;
    }
  } catch (const std::exception&) {
  }
  unsaved_anywhere_.store(pending);
  unsaved_checked_ms_.store(now_ms);
  co_return pending;
}

json::object Server::shared_state_json() const {
  const bool ready = membership_ && membership_->shared_state_ready();
  json::object state{{"backend", config_->state.backend},
                     {"ready", ready},
                     {"heartbeat_failures", membership_ ? membership_->failures() : 0}};
  if (membership_ && membership_->unavailable_since_ms() != 0) {
    state["unavailable_since_ms"] = membership_->unavailable_since_ms();
  }
  return state;
}

void Server::add_node_routes(admin::AdminRoutes& routes) {
  routes.add_read("/cluster", "the live nodes sharing the state store: sessions, receivers, load",
                  [this](const AdminRequest&) -> asio::awaitable<AdminResponse> {
                    json::object answer{{"node", config_->node.id}, {"shared_state", shared_state_json()}};
                    std::string error;
                    try {
                      answer["nodes"] = co_await membership_->live_nodes();
                    } catch (const std::exception& failure) {
                      error = failure.what();
                    }
                    if (!error.empty()) {
                      answer["error"] = error;
                      co_return admin::json_response(answer, 503);
                    }
                    co_return admin::json_response(answer);
                  });
  routes.add_read("/ready/shared_state",
                  "200 while the shared state store answers this node, 503 while it serves only locally",
                  [this](const AdminRequest&) -> asio::awaitable<AdminResponse> {
                    const bool ready = membership_ && membership_->shared_state_ready();
                    co_return admin::text_response(ready ? 200 : 503, ready ? "READY\n" : "SHARED STATE UNAVAILABLE\n");
                  });
}

}  // namespace smppd::server
