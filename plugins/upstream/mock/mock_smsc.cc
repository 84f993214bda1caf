#include "plugins/upstream/mock/mock_smsc.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace smppd::plugins::mock {
namespace {

// MO ticks come at least this far apart: high rates send several per tick.
constexpr std::chrono::milliseconds kShortestMoTick{10};

uint64_t seed_of(const MockConfig& config) {
  if (config.seed) return *config.seed;
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) ^ device();
}

}  // namespace

MockSmsc::MockSmsc(std::shared_ptr<const MockConfig> config, std::shared_ptr<const MockServices> services,
                   MessageIdGenerator& ids)
    : config_(std::move(config)),
      services_(std::move(services)),
      ids_(ids),
      random_(seed_of(*config_)),
      mo_message_(make_mo(config_->mo)) {}

void MockSmsc::start() {
  const double rate = config_->mo.rate_per_second;
  if (rate <= 0) return;
  const auto interval = std::chrono::nanoseconds(std::llround(1e9 / rate));
  mo_interval_ = std::max<std::chrono::nanoseconds>(interval, kShortestMoTick);
  {
    std::lock_guard lock(reach_mutex_);
    mo_started_ns_ = services_->monotonic_ns();
  }
  schedule_mo_tick();
}

void MockSmsc::stop() {
  std::lock_guard lock(reach_mutex_);
  stopped_.store(true, std::memory_order_release);
}

int32_t MockSmsc::submit(SubmittedMessage message, uint64_t token) {
  if (stopped()) return SMPPD_E_STATE;
  services_->count(MockStat::submits);
  const Draw outcome = draw();
  if (outcome.status != 0) services_->count(MockStat::submit_errors);
  std::string message_id = outcome.status == 0 ? ids_.next(config_->message_id_format) : std::string();
  const int64_t submitted_realtime_ns = services_->realtime_ns();
  return services_->schedule(outcome.latency, [self = shared_from_this(), token, outcome, message_id = std::move(message_id),
                                               message = std::move(message), submitted_realtime_ns] {
    self->finish(token, outcome, message_id, message, submitted_realtime_ns);
  });
}

MockSmsc::Draw MockSmsc::draw() {
  std::lock_guard lock(random_mutex_);
  Draw outcome;
  outcome.latency = config_->latency.sample(random_);
  if (!config_->errors.empty()) {
    double roll = std::uniform_real_distribution<double>(0, 100)(random_);
    for (const ErrorRule& rule : config_->errors) {
      if (roll < rule.percent) {
        outcome.status = rule.status;
        break;
      }
      roll -= rule.percent;
    }
  }
  outcome.state = draw_state();
  outcome.receipt_delay = config_->receipts.delay.sample(random_);
  return outcome;
}

ReceiptState MockSmsc::draw_state() {
  double total = 0;
  for (const auto& [state, weight] : config_->receipts.states) total += weight;
  if (total <= 0) return ReceiptState::delivered;
  double roll = std::uniform_real_distribution<double>(0, total)(random_);
  for (const auto& [state, weight] : config_->receipts.states) {
    if (roll < weight) return state;
    roll -= weight;
  }
  return config_->receipts.states.back().first;  // rounding at the very top
}

void MockSmsc::finish(uint64_t token, const Draw& outcome, const std::string& message_id,
                      const SubmittedMessage& message, int64_t submitted_realtime_ns) {
  {
    std::lock_guard lock(reach_mutex_);
    if (stopped()) return;
    // SMPPD_E_NOT_FOUND: smppd gave up on the submit (its deadline); nothing to do.
    (void)services_->complete(token, outcome.status, message_id);
  }
  if (outcome.status != 0 || !config_->receipts.enabled) return;
  if (!receipt_requested(message.registered_delivery, outcome.state)) return;
  const int32_t rc = services_->schedule(
      outcome.receipt_delay, [self = shared_from_this(), message_id, state = outcome.state, message, submitted_realtime_ns] {
        self->send_receipt(message_id, state, message, submitted_realtime_ns);
      });
  if (rc != SMPPD_OK) services_->warn("a receipt could not be scheduled (smppd is stopping)");
}

void MockSmsc::send_receipt(const std::string& message_id, ReceiptState state, const SubmittedMessage& message,
                            int64_t submitted_realtime_ns) {
  const DeliverSm receipt = make_receipt(message, message_id, state, submitted_realtime_ns, services_->realtime_ns());
  std::lock_guard lock(reach_mutex_);
  if (stopped()) return;
  deliver_counted(receipt, MockStat::receipts);
}

void MockSmsc::schedule_mo_tick() {
  // Refused only while smppd stops: the stream ends there.
  (void)services_->schedule(mo_interval_, [self = shared_from_this()] { self->mo_tick(); });
}

void MockSmsc::mo_tick() {
  {
    std::lock_guard lock(reach_mutex_);
    if (stopped()) return;
    const double elapsed_s = static_cast<double>(services_->monotonic_ns() - mo_started_ns_) / 1e9;
    // The tiny bias keeps a tick that lands exactly on an MO's time from rounding it away.
    const auto due = static_cast<uint64_t>(std::floor(std::max(0.0, elapsed_s) * config_->mo.rate_per_second + 1e-6));
    // After a stall (a paused process), catch up at most one second's worth.
    const auto burst = static_cast<uint64_t>(std::ceil(config_->mo.rate_per_second));
    if (due > mo_sent_ + burst) mo_sent_ = due - burst;
    for (; mo_sent_ < due; ++mo_sent_) deliver_counted(mo_message_, MockStat::mo_messages);
  }
  schedule_mo_tick();
}

void MockSmsc::deliver_counted(const DeliverSm& message, MockStat stat) {
  if (services_->deliver(message) == SMPPD_OK) {
    services_->count(stat);
  } else {
    services_->count(MockStat::deliveries_refused);
  }
}

}  // namespace smppd::plugins::mock
