#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "host/state/state_store.h"
#include "host/stats/stats_store.h"

namespace smppd::node {

// This node's place among the nodes that share one state store (docs/multi-node.md). Every
// heartbeat writes the node's card (id, admin address, sessions, load) under "nodes/<id>" with a
// time to live and adds the id to the set "nodes", in one round trip; a node that stops or dies
// drops out once its card expires. The heartbeat also tells whether the shared state answers:
// a node that cannot reach it keeps serving what it can locally and says so (/ready/shared_state,
// /cluster, smppd_node_shared_state_available), and comes back by itself.
class NodeMembership {
 public:
  struct Settings {
    std::string node_id;
    std::chrono::milliseconds heartbeat{1000};
    std::chrono::milliseconds card_ttl{5000};  // a node silent for this long is gone
  };
  // What the card says besides the id, read at every heartbeat (control thread).
  using CardSource = std::function<boost::json::object()>;

  NodeMembership(state::StateStore& store, boost::asio::any_io_executor control, Settings settings, CardSource card);
  ~NodeMembership();
  NodeMembership(const NodeMembership&) = delete;
  NodeMembership& operator=(const NodeMembership&) = delete;

  // Control thread: first heartbeat now, then every interval, until stop().
  void start();
  // Control thread: stops the heartbeat and takes the card out, so the others see this node leave
  // at once rather than after card_ttl.
  void stop();

  // Whether the last heartbeat reached the shared state and the store answers now.
  bool shared_state_ready() const { return ready_.load() && store_.available(); }
  // Heartbeats that failed since start, and since when the state is unreachable (0 when it is not).
  uint64_t failures() const { return failures_.load(); }
  int64_t unavailable_since_ms() const { return unavailable_since_ms_.load(); }
  const std::string& node_id() const { return settings_.node_id; }

  // The live nodes' cards, this one included; prunes ids whose card expired. Fails (throws
  // std::runtime_error with the store's answer) when the shared state cannot be read.
  boost::asio::awaitable<boost::json::array> live_nodes();

  static std::string card_key(const std::string& node_id) { return "nodes/" + node_id; }
  static constexpr const char* kNodeSet = "nodes";

 private:
  boost::asio::awaitable<void> beat(std::shared_ptr<boost::asio::steady_timer> timer);
  void set_ready(bool ready, const std::string& why);

  state::StateStore& store_;
  boost::asio::any_io_executor control_;
  Settings settings_;
  CardSource card_;
  std::shared_ptr<std::atomic<bool>> running_ = std::make_shared<std::atomic<bool>>(false);
  // Shared with the heartbeat's frame; stop() lets go of it, so it never outlives the context.
  std::shared_ptr<boost::asio::steady_timer> timer_;
  std::atomic<bool> ready_{false};
  std::atomic<uint64_t> failures_{0};
  std::atomic<int64_t> unavailable_since_ms_{0};
  const int64_t started_ms_;

  stats::Metric& available_gauge_;
  stats::Metric& heartbeat_failures_;
};

}  // namespace smppd::node
