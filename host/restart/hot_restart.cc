#include "host/restart/hot_restart.h"

#include "host/logging/logging.h"
#include "host/server/server.h"

namespace smppd::restart {

HotRestart::HotRestart(server::Server& server, uint32_t base_id, uint32_t epoch)
    : server_(server), base_id_(base_id), epoch_(epoch) {}

HotRestart::~HotRestart() = default;

bool HotRestart::prepare(std::vector<std::string>& errors) {
  ChildListener::Hooks hooks;
  hooks.listening_socket = [this](const boost::asio::ip::tcp::endpoint& endpoint) {
    return server_.listening_socket(endpoint);
  };
  hooks.drain = [this] { server_.shutdown(); };
  child_listener_ = std::make_unique<ChildListener>(server_.control_context(), base_id_, epoch_, std::move(hooks));
  std::string error;
  if (!child_listener_->open(error)) {
    errors.push_back(error);
    return false;
  }
  if (epoch_ > 0) parent_ = ParentConnection::connect(server_.control_context(), base_id_, epoch_ - 1);
  if (parent_) {
    // Both run the same config, so the same [state] path, which the parent holds until drained.
    server_.defer_state_store();
    server_.inherit_listening_sockets([this](const boost::asio::ip::tcp::endpoint& endpoint) {
      return parent_->take_listening_socket(endpoint);
    });
  }
  return true;
}

void HotRestart::opened() {
  child_listener_->start();
  if (!parent_) return;
  parent_->carry_counters();
  server_.on_accepting([this] { parent_->request_drain([this] { server_.attach_state_store(); }); });
}

void HotRestart::stopped() {
  // Closed first: the successor opens the store once it hears so.
  server_.release_state_store();
  if (child_listener_) child_listener_->hand_over_at_exit();
}

}  // namespace smppd::restart
