#include "host/state/embedded_state_store.h"

#include <boost/asio/post.hpp>
#include <rocksdb/db.h>
#include <rocksdb/slice_transform.h>
#include <boost/asio/prefer.hpp>
#include <boost/asio/execution/outstanding_work.hpp>

#include <algorithm>
#include <iterator>
#include <system_error>

#include "host/logging/logging.h"
#include "host/state/expired_list_sweep.h"
#include "host/state/expiry_compaction_filter.h"
#include "host/state/group_commit.h"

namespace smppd::state {
namespace {

namespace asio = boost::asio;

constexpr const char* kListItemsFamily = "list_items";
constexpr const char* kListMetaFamily = "list_meta";
// Files that hold only expired entries are rewritten through the compaction filter at least this
// often, even when no new writes would cause a compaction there.
constexpr uint64_t kPeriodicCompactionSeconds = 24 * 3600;
// The meta family takes few writes; without a cap its memtable would keep old WAL files alive.
constexpr uint64_t kMaxTotalWalBytes = 256ull << 20;

constexpr size_t kHintPrefixBytes = 8;

const auto& log() {
  static const auto logger = logging::get("state");
  return logger;
}

bool is_failure(StateCode code) {
  return code == StateCode::busy || code == StateCode::unavailable || code == StateCode::error;
}

}  // namespace

EmbeddedStateStore::Opened EmbeddedStateStore::open(EmbeddedStateStoreOptions options) {
  if (!options.clock) options.clock = system_wall_clock();
  options.queue_capacity = std::max<size_t>(options.queue_capacity, 1);
  std::unique_ptr<EmbeddedStateStore> store(new EmbeddedStateStore(std::move(options)));
  if (std::string error = store->open_database(); !error.empty()) return Opened{nullptr, std::move(error)};
  // Lists may have expired while smppd was down; this runs before any worker can call.
  store->sweep();
  store->thread_ = std::thread([raw = store.get()] { raw->work_loop(); });
  return Opened{std::move(store), {}};
}

EmbeddedStateStore::EmbeddedStateStore(EmbeddedStateStoreOptions options)
    : options_(std::move(options)),
      stats_(options_.stats != nullptr ? *options_.stats : stats::StatsStore::process()),
      expiry_filter_(std::make_unique<ExpiryCompactionFilter>(options_.clock)) {}

EmbeddedStateStore::~EmbeddedStateStore() { close(); }

std::string EmbeddedStateStore::open_database() {
  const std::string where = options_.path.string();
  std::error_code error;
  std::filesystem::create_directories(options_.path, error);
  if (error) return "cannot create the state directory " + where + ": " + error.message();

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  db_options.max_total_wal_size = kMaxTotalWalBytes;
  db_options.keep_log_file_num = 4;
  db_options.max_log_file_size = 8 << 20;
  // One thread writes; the memtable insert hints below only work without concurrent inserts.
  db_options.allow_concurrent_memtable_write = false;

  rocksdb::ColumnFamilyOptions expiring;
  expiring.compaction_filter = expiry_filter_.get();
  expiring.periodic_compaction_seconds = kPeriodicCompactionSeconds;
  // Keys in one namespace mostly arrive in order (message ids grow): inserting next to the last
  // key of the same prefix skips most of the memtable search.
  rocksdb::ColumnFamilyOptions hinted = expiring;
  hinted.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewCappedPrefixTransform(kHintPrefixBytes));
  // Not for list items: the sweep deletes their ranges, and RocksDB keeps one hint per prefix for
  // a family's point and range-deletion memtables alike, so a hint from one corrupts the other.
  // A list's meta record must never be dropped by compaction: its items would lose their owner.
  // The sweep deletes expired lists, meta and items together.
  const rocksdb::ColumnFamilyOptions meta;
  const std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, hinted}, {kListItemsFamily, expiring}, {kListMetaFamily, meta}};

  rocksdb::DB* db = nullptr;
  const rocksdb::Status status = rocksdb::DB::Open(db_options, where, families, &handles_, &db);
  if (!status.ok()) return "cannot open the state store at " + where + ": " + status.ToString();
  db_.reset(db);
  columns_ = StoreColumns{handles_[0], handles_[1], handles_[2]};
  return {};
}

void EmbeddedStateStore::execute(std::vector<StateOp> ops, Executor executor, BatchCallback done) {
  QueuedCall call{std::move(ops), asio::prefer(std::move(executor), asio::execution::outstanding_work.tracked),
                  std::move(done), std::chrono::steady_clock::now()};
  StateStatus refused;
  {
    std::lock_guard lock(mutex_);
    if (closing_) {
      refused = StateStatus{StateCode::unavailable, "the state store is closed"};
    } else if (queue_.size() >= options_.queue_capacity) {
      refused = StateStatus{StateCode::busy, "the state store queue is full"};
    } else {
      queue_.push_back(std::move(call));
      stats_.queue_depth.set(static_cast<int64_t>(queue_.size()));
    }
  }
  if (refused.ok()) {
    wake_.notify_one();
    return;
  }
  const size_t op_count = call.ops.size();
  complete(call, refused_batch(op_count, refused));
}

void EmbeddedStateStore::close() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (db_) {
    for (rocksdb::ColumnFamilyHandle* handle : handles_) db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
    handles_.clear();
    if (const rocksdb::Status status = db_->Close(); !status.ok()) {
      log()->warn("closing the state store at {}: {}", options_.path.string(), status.ToString());
    }
    db_.reset();
  }
}

void EmbeddedStateStore::work_loop() {
  auto next_sweep = std::chrono::steady_clock::now() + options_.sweep_interval;
  std::vector<QueuedCall> round;
  round.reserve(kMaxCallsPerRound);
  for (;;) {
    if (options_.before_round) options_.before_round();
    {
      std::unique_lock lock(mutex_);
      wake_.wait_until(lock, next_sweep, [this] { return closing_ || !queue_.empty(); });
      const size_t take = std::min(queue_.size(), kMaxCallsPerRound);
      for (size_t i = 0; i < take; ++i) {
        round.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      stats_.queue_depth.set(static_cast<int64_t>(queue_.size()));
      // Closing finishes what was queued first.
      if (round.empty() && closing_) return;
    }
    if (!round.empty()) {
      commit_round(round);
      round.clear();
    }
    if (std::chrono::steady_clock::now() >= next_sweep) {
      sweep();
      next_sweep = std::chrono::steady_clock::now() + options_.sweep_interval;
    }
  }
}

void EmbeddedStateStore::commit_round(std::vector<QueuedCall>& round) {
  GroupCommit group(*db_, columns_, options_.clock());
  std::vector<BatchResult> results;
  results.reserve(round.size());
  uint64_t op_count = 0;
  for (QueuedCall& call : round) {
    op_count += call.ops.size();
    results.push_back(group.apply(call.ops));
  }
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync_writes;
  const rocksdb::Status status = group.commit(write_options);
  if (!status.ok()) {
    // Nothing of the round is on disk, and reads in it may have seen its writes: fail it all.
    log()->error("state store write failed: {}", status.ToString());
    for (size_t i = 0; i < round.size(); ++i) {
      results[i] = refused_batch(round[i].ops.size(), StateStatus{StateCode::error, status.ToString()});
    }
  }
  stats_.batch_size.record(op_count);
  // One post per caller executor for the whole round, the completions in round order: waking a
  // caller's thread once per completion cost more than the store's own work (the control thread
  // ran at 100% at 40,000 receipts per second, docs/benchmarks.md).
  std::vector<std::pair<Executor, std::vector<std::function<void()>>>> by_executor;
  for (size_t i = 0; i < round.size(); ++i) {
    std::function<void()> completion = finish(round[i], std::move(results[i]));
    auto same = std::find_if(by_executor.begin(), by_executor.end(),
                             [&](const auto& entry) { return entry.first == round[i].executor; });
    if (same == by_executor.end()) {
      by_executor.emplace_back(std::move(round[i].executor), std::vector<std::function<void()>>{});
      same = std::prev(by_executor.end());
    }
    same->second.push_back(std::move(completion));
  }
  for (auto& [executor, completions] : by_executor) {
    asio::post(executor, [completions = std::move(completions)]() mutable {
      for (std::function<void()>& completion : completions) completion();
    });
  }
  // Leaving scope releases the executors' outstanding work; the posted completions keep their
  // contexts busy until they ran.
}

void EmbeddedStateStore::sweep() {
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync_writes;
  const SweepOutcome outcome = sweep_expired_lists(*db_, columns_, options_.clock(), write_options);
  if (!outcome.status.ok()) {
    log()->warn("state store sweep failed: {}", outcome.status.ToString());
  } else if (outcome.lists_removed + outcome.ranges_purged > 0) {
    log()->debug("state store sweep: {} expired lists removed, {} restarted lists purged", outcome.lists_removed,
                 outcome.ranges_purged);
  }
}

void EmbeddedStateStore::complete(QueuedCall& call, BatchResult result) {
  asio::post(call.executor, finish(call, std::move(result)));
  call.executor = Executor();  // the posted completion now keeps the caller's context busy
}

std::function<void()> EmbeddedStateStore::finish(QueuedCall& call, BatchResult result) {
  uint64_t failed = 0;
  for (const StateResult& one : result.results) failed += is_failure(one.status.code) ? 1 : 0;
  stats_.ops_total.add(static_cast<int64_t>(result.results.size()));
  if (failed > 0) stats_.ops_failed.add(static_cast<int64_t>(failed));
  const auto waited = std::chrono::steady_clock::now() - call.queued_at;
  stats_.latency_us.record(
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(waited).count()));
  return [done = std::move(call.done), result = std::move(result)]() mutable { done(std::move(result)); };
}

}  // namespace smppd::state
