#include "plugins/state/embedded/embedded_state_store.h"

#include <rocksdb/db.h>
#include <rocksdb/slice_transform.h>

#include <algorithm>
#include <exception>
#include <system_error>
#include <utility>

#include "plugins/state/embedded/expired_sweep.h"
#include "plugins/state/embedded/expiry_compaction_filter.h"

namespace smppd::plugins::embedded {
namespace {

constexpr const char* kListItemsFamily = "list_items";
constexpr const char* kListMetaFamily = "list_meta";
constexpr const char* kSetMembersFamily = "set_members";
constexpr const char* kSetMetaFamily = "set_meta";
// Files that hold only expired entries are rewritten through the compaction filter at least this
// often, even when no new writes would cause a compaction there.
constexpr uint64_t kPeriodicCompactionSeconds = 24 * 3600;
// The meta families take few writes; without a cap their memtables would keep old WAL files alive.
constexpr uint64_t kMaxTotalWalBytes = 256ull << 20;

constexpr size_t kHintPrefixBytes = 8;

uint64_t micros_since(std::chrono::steady_clock::time_point start) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count());
}

}  // namespace

EmbeddedStateStore::Opened EmbeddedStateStore::open(EmbeddedStateStoreOptions options) {
  if (!options.clock) options.clock = system_wall_clock();
  options.queue_capacity = std::max<size_t>(options.queue_capacity, 1);
  std::unique_ptr<EmbeddedStateStore> store(new EmbeddedStateStore(std::move(options)));
  if (std::string error = store->open_database(); !error.empty()) return Opened{nullptr, std::move(error)};
  // Lists and sets may have expired while smppd was down; this runs before anyone can call.
  store->sweep();
  store->thread_ = std::thread([raw = store.get()] { raw->work_loop(); });
  return Opened{std::move(store), {}};
}

EmbeddedStateStore::EmbeddedStateStore(EmbeddedStateStoreOptions options)
    : options_(std::move(options)),
      metrics_{options_.host.gauge("queue_depth", "State store calls waiting for the store thread")
                   .value_or(cxx::Gauge{}),
               options_.host.histogram("batch_size", "State store operations per commit round")
                   .value_or(cxx::Histogram{}),
               options_.host.histogram("commit_latency_us", "Microseconds to apply and write one commit round")
                   .value_or(cxx::Histogram{})},
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
  // A list's or set's meta record must never be dropped by compaction: its items would lose their
  // owner. The sweep deletes expired lists and sets, meta and items together. Set members carry no
  // expiry of their own.
  const rocksdb::ColumnFamilyOptions plain;
  const std::vector<rocksdb::ColumnFamilyDescriptor> families = {{rocksdb::kDefaultColumnFamilyName, hinted},
                                                                 {kListItemsFamily, expiring},
                                                                 {kListMetaFamily, plain},
                                                                 {kSetMembersFamily, plain},
                                                                 {kSetMetaFamily, plain}};

  rocksdb::DB* db = nullptr;
  const rocksdb::Status status = rocksdb::DB::Open(db_options, where, families, &handles_, &db);
  if (!status.ok()) {
    if (status.IsIOError() && status.ToString().find("lock") != std::string::npos) {
      return "cannot open the state store at " + where + ": it is locked by another smppd or another store (" +
             status.ToString() + ")";
    }
    return "cannot open the state store at " + where + ": " + status.ToString();
  }
  db_.reset(db);
  columns_ = StoreColumns{handles_[0], handles_[1], handles_[2], handles_[3], handles_[4]};
  return {};
}

void EmbeddedStateStore::execute(std::vector<StateOp> ops, Done done) {
  StateStatus refused;
  {
    std::lock_guard lock(mutex_);
    if (closing_.load(std::memory_order_relaxed)) {
      refused = StateStatus{StateCode::unavailable, "the state store is closed"};
    } else if (queue_.size() >= options_.queue_capacity) {
      refused = StateStatus{StateCode::busy, "the state store queue is full"};
    } else {
      queue_.push_back(QueuedCall{std::move(ops), std::move(done)});
      metrics_.queue_depth.set(static_cast<int64_t>(queue_.size()));
    }
  }
  if (refused.ok()) {
    wake_.notify_one();
    return;
  }
  finish(done, refused_batch(ops.size(), refused));
}

void EmbeddedStateStore::subscribe(std::string channel, MessageHandler handler) {
  std::lock_guard lock(subscribers_mutex_);
  std::shared_ptr<const Handlers>& current = subscribers_[std::move(channel)];
  auto handlers = current ? std::make_shared<Handlers>(*current) : std::make_shared<Handlers>();
  handlers->push_back(std::move(handler));
  current = std::move(handlers);
}

void EmbeddedStateStore::close() {
  {
    std::lock_guard lock(mutex_);
    closing_.store(true, std::memory_order_release);
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (db_) {
    for (rocksdb::ColumnFamilyHandle* handle : handles_) db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
    handles_.clear();
    if (const rocksdb::Status status = db_->Close(); !status.ok()) {
      options_.host.warn("closing the state store at " + options_.path.string() + ": " + status.ToString());
    }
    db_.reset();
  }
  std::lock_guard lock(subscribers_mutex_);
  subscribers_.clear();
}

void EmbeddedStateStore::work_loop() {
  auto next_sweep = std::chrono::steady_clock::now() + options_.sweep_interval;
  std::vector<QueuedCall> round;
  round.reserve(kMaxCallsPerRound);
  for (;;) {
    if (options_.before_round) options_.before_round();
    {
      std::unique_lock lock(mutex_);
      wake_.wait_until(lock, next_sweep,
                       [this] { return closing_.load(std::memory_order_relaxed) || !queue_.empty(); });
      const size_t take = std::min(queue_.size(), kMaxCallsPerRound);
      for (size_t i = 0; i < take; ++i) {
        round.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      metrics_.queue_depth.set(static_cast<int64_t>(queue_.size()));
      // Closing finishes what was queued first.
      if (round.empty() && closing_.load(std::memory_order_relaxed)) return;
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
  const auto started = std::chrono::steady_clock::now();
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
  metrics_.commit_latency_us.record(micros_since(started));
  metrics_.batch_size.record(op_count);
  if (status.ok()) {
    // Before the answers, so that a caller that hears its batch is done finds its subscribers told.
    publish(group.publications());
  } else {
    // Nothing of the round is on disk, and reads in it may have seen its writes: fail it all.
    options_.host.error("state store write failed: " + status.ToString());
    for (size_t i = 0; i < round.size(); ++i) {
      results[i] = refused_batch(round[i].ops.size(), StateStatus{StateCode::error, status.ToString()});
    }
  }
  for (size_t i = 0; i < round.size(); ++i) finish(round[i].done, std::move(results[i]));
}

void EmbeddedStateStore::publish(const std::vector<Publication>& publications) {
  for (const Publication& publication : publications) {
    std::shared_ptr<const Handlers> handlers;
    {
      std::lock_guard lock(subscribers_mutex_);
      const auto found = subscribers_.find(publication.channel);
      if (found != subscribers_.end()) handlers = found->second;
    }
    if (!handlers) continue;
    for (const MessageHandler& handler : *handlers) {
      try {
        handler(publication.channel, publication.message);
      } catch (...) {
        options_.host.log_current_exception(cxx::LogLevel::error, "a state store subscriber threw");
      }
    }
  }
}

void EmbeddedStateStore::sweep() {
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync_writes;
  const SweepOutcome outcome = sweep_expired(*db_, columns_, millis_of(options_.clock()), write_options);
  if (!outcome.status.ok()) {
    options_.host.warn("state store sweep failed: " + outcome.status.ToString());
    return;
  }
  if (outcome.lists_removed + outcome.list_ranges_purged + outcome.sets_removed + outcome.set_ranges_purged > 0) {
    options_.host.log_lazy(cxx::LogLevel::debug, [&] {
      return "state store sweep: " + std::to_string(outcome.lists_removed) + " expired lists removed, " +
             std::to_string(outcome.list_ranges_purged) + " restarted lists purged, " +
             std::to_string(outcome.sets_removed) + " expired sets removed, " +
             std::to_string(outcome.set_ranges_purged) + " restarted sets purged";
    });
  }
}

void EmbeddedStateStore::finish(Done& done, BatchResult result) {
  try {
    done(std::move(result));
  } catch (...) {
    options_.host.log_current_exception(cxx::LogLevel::error, "a state store completion threw");
  }
}

}  // namespace smppd::plugins::embedded
