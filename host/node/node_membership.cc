#include "host/node/node_membership.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <stdexcept>
#include <utility>
#include <vector>

#include "host/logging/logging.h"
#include "host/server/spawn_logged.h"

namespace smppd::node {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

const auto& log() {
  static const auto logger = logging::get("node");
  return logger;
}

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

NodeMembership::NodeMembership(state::StateStore& store, asio::any_io_executor control, Settings settings, CardSource card)
    : store_(store),
      control_(std::move(control)),
      settings_(std::move(settings)),
      card_(std::move(card)),
      started_ms_(wall_ms()),
      available_gauge_(stats::StatsStore::process().gauge("smppd.node.shared_state_available",
                                                          "1 while the shared state store answers this node")),
      heartbeat_failures_(stats::StatsStore::process().counter("smppd.node.heartbeat_failures",
                                                               "heartbeats the shared state store did not take")) {}

NodeMembership::~NodeMembership() { running_->store(false); }

void NodeMembership::start() {
  if (running_->exchange(true)) return;
  timer_ = std::make_shared<asio::steady_timer>(control_);
  asio::co_spawn(control_, beat(timer_), server::log_exceptions("node heartbeat"));
}

void NodeMembership::stop() {
  if (!running_->exchange(false)) return;
  if (timer_) timer_->cancel();
  timer_.reset();
  // Leaving: the others see it at once. Fire and forget; an unreachable store lets the card expire.
  std::vector<state::StateOp> ops;
  ops.emplace_back(state::op::Delete{card_key(settings_.node_id)});
  ops.emplace_back(state::op::SetRemove{kNodeSet, settings_.node_id});
  store_.execute(std::move(ops), control_, [](state::BatchResult) {});
}

void NodeMembership::set_ready(bool ready, const std::string& why) {
  const bool was = ready_.exchange(ready);
  available_gauge_.set(ready ? 1 : 0);
  if (ready) {
    if (!was) {
      if (unavailable_since_ms_.load() != 0) {
        log()->info("shared state store answers again after {} ms; node {} rejoined",
                    wall_ms() - unavailable_since_ms_.load(), settings_.node_id);
      } else {
        log()->info("node {} joined the nodes sharing the state store", settings_.node_id);
      }
    }
    unavailable_since_ms_.store(0);
    return;
  }
  failures_.fetch_add(1);
  heartbeat_failures_.add(1);
  if (was || unavailable_since_ms_.load() == 0) {
    unavailable_since_ms_.store(wall_ms());
    log()->error("shared state store unreachable ({}): node {} serves what it can locally and retries", why,
                 settings_.node_id);
  }
}

asio::awaitable<void> NodeMembership::beat(std::shared_ptr<asio::steady_timer> timer) {
  auto running = running_;
  while (running->load()) {
    json::object card = card_ ? card_() : json::object{};
    card["id"] = settings_.node_id;
    card["started_ms"] = started_ms_;
    card["heartbeat_ms"] = wall_ms();
    std::vector<state::StateOp> ops;
    ops.emplace_back(state::op::Set{card_key(settings_.node_id), json::serialize(card), settings_.card_ttl});
    ops.emplace_back(state::op::SetAdd{kNodeSet, settings_.node_id});
    const state::BatchResult written = co_await state::async_execute(store_, std::move(ops), control_, asio::use_awaitable);
    if (!running->load()) co_return;
    set_ready(written.status.ok(), written.status.to_string());
    timer->expires_after(settings_.heartbeat);
    boost::system::error_code ec;
    co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

asio::awaitable<json::array> NodeMembership::live_nodes() {
  const state::StateResult members =
      co_await state::async_run(store_, state::op::SetMembers{kNodeSet, 10000}, control_, asio::use_awaitable);
  if (!members.status.ok()) throw std::runtime_error("shared state store: " + members.status.to_string());
  std::vector<std::string> ids;
  std::vector<state::StateOp> gets;
  for (const state::ListItem& member : members.items) {
    ids.push_back(member.value);
    gets.emplace_back(state::op::Get{card_key(member.value)});
  }
  json::array nodes;
  if (gets.empty()) co_return nodes;
  const state::BatchResult cards = co_await state::async_execute(store_, std::move(gets), control_, asio::use_awaitable);
  if (!cards.status.ok()) throw std::runtime_error("shared state store: " + cards.status.to_string());
  std::vector<state::StateOp> gone;
  for (size_t i = 0; i < ids.size() && i < cards.results.size(); ++i) {
    const state::StateResult& card = cards.results[i];
    if (!card.value) {
      gone.emplace_back(state::op::SetRemove{kNodeSet, ids[i]});
      continue;
    }
    boost::system::error_code ec;
    json::value parsed = json::parse(*card.value, ec);
    if (ec || !parsed.is_object()) continue;
    nodes.push_back(std::move(parsed));
  }
  if (!gone.empty()) store_.execute(std::move(gone), control_, [](state::BatchResult) {});
  co_return nodes;
}

}  // namespace smppd::node
