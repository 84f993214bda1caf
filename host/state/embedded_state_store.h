#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "host/state/state_store.h"
#include "host/state/state_store_stats.h"
#include "host/state/store_columns.h"
#include "host/state/stored_value.h"

namespace rocksdb {
class DB;
}  // namespace rocksdb

namespace smppd::state {

class ExpiryCompactionFilter;

struct EmbeddedStateStoreOptions {
  std::filesystem::path path;  // the database directory, created when missing
  // false: each round is written to the WAL without fsync. A killed process (kill -9, a crash)
  // loses nothing that was acknowledged, because the WAL is already in the OS page cache; a power
  // loss or kernel crash may lose the last moments. true: fsync once per round before anything in
  // it is acknowledged, which survives power loss and costs a disk flush per round (group commit
  // shares it among every call in the round). Kannel makes the same trade by default.
  bool sync_writes = false;
  // Calls waiting for the store thread; beyond this they answer `busy` instead of using memory.
  size_t queue_capacity = 100000;
  // How often lists that expired as a whole are deleted from disk.
  std::chrono::milliseconds sweep_interval{60000};
  WallClock clock;                      // system time when empty
  stats::StatsStore* stats = nullptr;   // the process's when null
  // Called on the store thread before it takes each round; tests hold it here to fill the queue.
  std::function<void()> before_round;
};

// The embedded backend: RocksDB on local disk, the default for a single node. RocksDB is only
// ever called from the store's own thread: a worker's call is queued (or answered `busy`), the
// thread takes everything queued as one round (GroupCommit: one WriteBatch, one WAL write), then
// posts each completion to the executor its caller gave.
class EmbeddedStateStore final : public StateStore {
 public:
  struct Opened {
    std::unique_ptr<EmbeddedStateStore> store;
    std::string error;  // why it could not open (a bad path, a lock held by another process)
  };
  static Opened open(EmbeddedStateStoreOptions options);

  // Finishes every queued call, then closes the database.
  ~EmbeddedStateStore() override;
  EmbeddedStateStore(const EmbeddedStateStore&) = delete;
  EmbeddedStateStore& operator=(const EmbeddedStateStore&) = delete;

  void execute(std::vector<StateOp> ops, Executor executor, BatchCallback done) override;

  // The same as the destructor, for callers that want to know when the files are closed. Calls
  // made afterwards answer `unavailable`.
  void close() override;

  // Largest number of calls taken as one round; more wait for the next, so that one huge
  // backlog does not hold every completion in it back for long.
  static constexpr size_t kMaxCallsPerRound = 4096;

 private:
  struct QueuedCall {
    std::vector<StateOp> ops;
    Executor executor;  // holds outstanding work on the caller's context until completion
    BatchCallback done;
    std::chrono::steady_clock::time_point queued_at;
  };

  explicit EmbeddedStateStore(EmbeddedStateStoreOptions options);
  std::string open_database();
  void work_loop();
  void commit_round(std::vector<QueuedCall>& round);
  void sweep();
  void complete(QueuedCall& call, BatchResult result);
  // Counts the call's outcome; the returned function hands `result` to its callback.
  std::function<void()> finish(QueuedCall& call, BatchResult result);

  EmbeddedStateStoreOptions options_;
  StateStoreStats stats_;
  std::unique_ptr<ExpiryCompactionFilter> expiry_filter_;  // outlives the database
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  StoreColumns columns_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<QueuedCall> queue_;
  bool closing_ = false;
  std::thread thread_;
};

}  // namespace smppd::state
