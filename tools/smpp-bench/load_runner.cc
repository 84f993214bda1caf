#include "tools/smpp-bench/load_runner.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <memory>
#include <thread>
#include <vector>

#include "tools/smpp-bench/load_control.h"
#include "tools/smpp-bench/load_session.h"
#include "tools/smpp/print_exceptions.h"

namespace smppd::tools::bench {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

// Burst the shared bucket allows after a pause: one millisecond of the rate. Larger bursts queue
// up in front of the system under test and show up as its latency.
constexpr std::chrono::milliseconds kRateBurst{1};
constexpr std::chrono::milliseconds kPoll{5};

struct LoadWorker {
  LoadStats stats;
  asio::io_context context{1};
  std::thread thread;
};

// Sleeps in small steps until `done` or the deadline.
template <typename Done>
bool wait_until(Done done, Clock::time_point deadline) {
  while (!done()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(kPoll);
  }
  return true;
}

}  // namespace

bool LoadResult::success(const LoadOptions& options) const {
  return error.empty() && sessions_bound == options.connections && totals.sessions_lost == 0 &&
         totals.unanswered() == 0 && (!options.registered_delivery || receipts_missing == 0);
}

LoadResult run_load(const LoadOptions& options) {
  LoadControl control;
  const uint32_t thread_count = std::clamp<uint32_t>(options.threads, 1, std::max<uint32_t>(options.connections, 1));
  // The workers are declared first, so they go last: whatever a session still holds (timers,
  // sockets) is destroyed while its io_context exists.
  std::vector<std::unique_ptr<LoadWorker>> workers;
  std::vector<std::unique_ptr<LoadSession>> sessions;
  for (uint32_t i = 0; i < thread_count; ++i) workers.push_back(std::make_unique<LoadWorker>());
  for (uint32_t i = 0; i < options.connections; ++i) {
    LoadWorker& worker = *workers[i % thread_count];
    auto& session = sessions.emplace_back(
        std::make_unique<LoadSession>(worker.context.get_executor(), options, control, worker.stats, i));
    asio::co_spawn(worker.context, [s = session.get()] { return s->run(); }, print_exceptions("load session"));
  }
  for (auto& worker : workers) worker->thread = std::thread([&context = worker->context] { context.run(); });

  LoadResult result;
  const auto bind_deadline =
      Clock::now() + options.session.connect_timeout + options.session.response_timeout + std::chrono::seconds(1);
  const bool all_answered = wait_until(
      [&] { return control.bound.load() + control.bind_failed.load() == options.connections; }, bind_deadline);
  result.sessions_bound = control.bound.load();
  if (!all_answered || control.bind_failed.load() > 0) {
    control.set_phase(LoadPhase::aborting);
  } else {
    const auto start = Clock::now();
    control.measure_start = start + options.warmup;
    control.send_end = control.measure_start + options.duration;
    if (options.rate) control.bucket = std::make_unique<TokenBucket>(*options.rate, kRateBurst, start);
    control.set_phase(LoadPhase::sending);

    std::this_thread::sleep_until(control.send_end);
    // Every session waits for its last resp, which the response timeout bounds.
    wait_until([&] { return control.drained.load() == result.sessions_bound; },
               Clock::now() + options.session.response_timeout + std::chrono::seconds(1));
    if (options.registered_delivery) {
      wait_until([&] { return control.receipts.missing() == 0; }, Clock::now() + options.receipt_timeout);
    }
    control.set_phase(LoadPhase::unbinding);
  }
  for (auto& worker : workers) worker->thread.join();

  for (auto& worker : workers) result.totals.merge(worker->stats);
  result.error = control.first_error();
  if (result.error.empty() && !all_answered) result.error = "not every session finished binding in time";
  result.measured = options.duration;
  result.receipts_missing = control.receipts.missing();
  result.receipts_unmatched = control.receipts.unmatched();
  result.receipts_duplicate = control.receipts.duplicates();
  return result;
}

}  // namespace smppd::tools::bench
