#include "host/filter/filter_chain.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/container/small_vector.hpp>

#include <optional>

#include "host/api/call.h"
#include "host/api/pause_registry.h"
#include "host/api/session_info.h"
#include "host/async/monotonic_clock.h"
#include "host/logging/logging.h"

namespace smppd::filter {

namespace asio = boost::asio;

// A paused turn at one filter: the token the plugin may resume, and a timer that is both the
// deadline and the wake-up (a resume or a cancel cancels it). Made when a filter first pauses and
// reused for the request's later pauses: most filters answer at once, and a pause per filter per
// message would cost an allocation and a timer each time.
struct FilterChain::Pause {
  explicit Pause(asio::any_io_executor executor) : timer(std::move(executor)) {}

  void reset(size_t slot_index) {
    slot = slot_index;
    token = 0;
    outcome.reset();
    cancelled = false;
  }

  asio::steady_timer timer;
  size_t slot = 0;
  uint64_t token = 0;
  std::optional<api::PauseOutcome> outcome;
  bool cancelled = false;
};

FilterChain::FilterChain(std::shared_ptr<const FilterChainConfig> config, const api::SessionInfo& session)
    : config_(std::move(config)) {
  smppd_session_info info{};
  info.struct_size = sizeof(info);
  info.bind_type = session.bind_type;
  info.session_id = session.session_id;
  info.listener = {session.listener.data(), session.listener.size()};
  info.peer_address = {session.peer_address.data(), session.peer_address.size()};
  info.peer_port = session.peer_port;
  info.tls = session.tls ? 1 : 0;
  info.system_id = {session.system_id.data(), session.system_id.size()};
  info.worker = session.worker;
  info.interface_version = session.interface_version;

  const auto& slots = config_->slots();
  instances_.assign(slots.size(), nullptr);
  for (size_t i = 0; i < slots.size(); ++i) {
    const FilterSlot& slot = slots[i];
    if (!SMPPD_HAS(slot.vtable, session_new)) {
      instances_[i] = slot.config;
      continue;
    }
    void* instance = nullptr;
    const int32_t result = slot.vtable->session_new(slot.config, &info, &instance);
    if (result != SMPPD_OK) {
      error_ = "filter " + slot.name + " refused the session (" + std::to_string(result) + ")";
      instances_.resize(i);  // only the ones made are freed
      return;
    }
    instances_[i] = instance;
  }
}

FilterChain::~FilterChain() {
  const auto& slots = config_->slots();
  for (size_t i = instances_.size(); i-- > 0;) {
    if (SMPPD_HAS(slots[i].vtable, session_new) && SMPPD_HAS(slots[i].vtable, session_free)) {
      slots[i].vtable->session_free(instances_[i]);
    }
  }
}

asio::awaitable<ChainVerdict> FilterChain::run(smppd_call& call, uint32_t default_failure_status) {
  struct RunningGuard {
    size_t& count;
    explicit RunningGuard(size_t& c) : count(++c) {}
    ~RunningGuard() { --count; }
  } guard(running_);

  auto& registry = api::PauseRegistry::process();
  const asio::any_io_executor executor = co_await asio::this_coro::executor;
  const auto& slots = config_->slots();
  uint64_t cancelled_slots = 0;

  // The tokens of this run's turns answered at once since the last pause: they end together
  // (pause_registry.h), on every way out of the run.
  struct Turns {
    api::PauseRegistry& registry;
    boost::container::small_vector<uint64_t, 8> tokens;
    uint64_t next() { return tokens.empty() ? registry.reserve() : registry.reserve_turn(tokens.back()); }
    void settle() {
      registry.settle_run(tokens);
      tokens.clear();
    }
    ~Turns() { settle(); }
  } turns{registry, {}};

  std::shared_ptr<Pause> pause;
  for (size_t i = 0; i < slots.size(); ++i) {
    if (cancelled_) co_return ChainVerdict{ChainVerdict::abandoned, 0, {}, i, cancelled_slots};
    const FilterSlot& slot = slots[i];
    if (slot.on_request == nullptr) continue;

    // A registry entry only for a filter that pauses (pause_registry.h).
    const uint64_t token = turns.next();

    uint32_t status = 0;
    const int32_t verdict = slot.on_request(instances_[i], &call, token, &status);
    if (verdict == SMPPD_CONTINUE) {
      turns.tokens.push_back(token);
      continue;
    }
    if (verdict == SMPPD_STOP) {
      turns.tokens.push_back(token);
      if (slot.stopped) slot.stopped->add(1);
      co_return ChainVerdict{ChainVerdict::stop, status, slot.name, i + 1, cancelled_slots};
    }

    if (!pause) pause = std::make_shared<Pause>(executor);
    pause->reset(i);
    pause->token = token;
    bool deadline_passed = false;
    if (verdict != SMPPD_PAUSE) {
      logging::get("filter")->error("filter {} answered {}, which is not a verdict; failing {}", slot.name, verdict,
                                    slot.fail_open ? "open" : "closed");
      turns.tokens.push_back(token);
      turns.settle();
      deadline_passed = true;  // owed on_cancel, as a pause whose deadline passed
    } else {
      std::weak_ptr<Pause> weak = pause;
      registry.open_turn(pause->token, [weak, executor](api::PauseOutcome outcome) {
        asio::post(executor, [weak, outcome = std::move(outcome)]() mutable {
          // The token tells a resume of this filter's turn from a stray one of an earlier filter's.
          if (auto paused = weak.lock(); paused && paused->token == outcome.token) {
            paused->outcome = std::move(outcome);
            paused->timer.cancel();
          }
        });
      }, turns.tokens);
      turns.tokens.clear();  // ended by open_turn
      if (slot.paused) slot.paused->add(1);
      paused_.insert(pause);
      pause->timer.expires_after(slot.timeout);
      for (;;) {
        auto [ec] = co_await pause->timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (pause->outcome || pause->cancelled) break;
        if (!ec) {
          if (registry.cancel(pause->token)) {
            deadline_passed = true;
            break;
          }
          // The plugin resumed just now: its outcome is already on its way to this worker.
          pause->timer.expires_at(asio::steady_timer::time_point::max());
        }
      }
      paused_.erase(pause);
      call.now_ns = async::monotonic_ns();  // the next turns come after the pause
      if (pause->cancelled) co_return ChainVerdict{ChainVerdict::abandoned, 0, {}, i, cancelled_slots};
      if (deadline_passed) {
        if (SMPPD_HAS(slot.vtable, on_cancel)) slot.vtable->on_cancel(instances_[i], pause->token);
        if (slot.timed_out) slot.timed_out->add(1);
        logging::get("filter")->warn("filter {} did not resume within {} ms; failing {}", slot.name,
                                     slot.timeout.count(), slot.fail_open ? "open" : "closed");
      }
    }

    if (deadline_passed || !pause->outcome) {
      // A filter whose pause was cancelled at its deadline is owed nothing more.
      if (deadline_passed && i < 64) cancelled_slots |= uint64_t{1} << i;
      if (slot.fail_open) continue;
      co_return ChainVerdict{ChainVerdict::stop, slot.failure_status.value_or(default_failure_status), slot.name, i + 1,
                             cancelled_slots};
    }
    for (api::TokenAttribute& attribute : pause->outcome->attributes) {
      if (api::AttributeBag* bag = api::attribute_bag(call, attribute.scope)) {
        bag->set(attribute.key, std::move(attribute.value));
      }
    }
    if (pause->outcome->verdict == SMPPD_STOP) {
      if (slot.stopped) slot.stopped->add(1);
      co_return ChainVerdict{ChainVerdict::stop, pause->outcome->command_status, slot.name, i + 1, cancelled_slots};
    }
  }
  co_return ChainVerdict{ChainVerdict::proceed, 0, {}, slots.size(), cancelled_slots};
}

void FilterChain::complete(smppd_call& call, const ChainVerdict& verdict, const smppd_message* response) {
  const auto& slots = config_->slots();
  for (size_t i = 0; i < verdict.seen && i < slots.size(); ++i) {
    const bool cancelled = i < 64 && (verdict.cancelled & (uint64_t{1} << i)) != 0;
    if (!cancelled && slots[i].on_complete != nullptr) slots[i].on_complete(instances_[i], &call, response);
  }
}

void FilterChain::cancel_all() {
  cancelled_ = true;
  auto& registry = api::PauseRegistry::process();
  const auto& slots = config_->slots();
  for (const auto& pause : std::vector(paused_.begin(), paused_.end())) {
    // When the registry no longer holds the token the plugin has resumed already: nothing to cancel.
    if (registry.cancel(pause->token) && SMPPD_HAS(slots[pause->slot].vtable, on_cancel)) {
      slots[pause->slot].vtable->on_cancel(instances_[pause->slot], pause->token);
    }
    pause->cancelled = true;
    pause->timer.cancel();
  }
}

}  // namespace smppd::filter
