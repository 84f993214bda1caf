#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "plugins/state/embedded/group_commit.h"
#include "plugins/state/embedded/state_types.h"
#include "plugins/state/embedded/store_columns.h"
#include "plugins/state/embedded/stored_value.h"
#include "smppd/cxx/host.hpp"

namespace rocksdb {
class DB;
}  // namespace rocksdb

namespace smppd::plugins::embedded {

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
  // How often lists and sets that expired as a whole are deleted from disk.
  std::chrono::milliseconds sweep_interval{60000};
  WallClock clock;  // system time when empty
  // Where logs go and the store's metrics are defined (smppd.plugin.embedded.*). A default Host is
  // silent.
  cxx::Host host;
  // Called on the store thread before it takes each round; tests hold it here to fill the queue.
  std::function<void()> before_round;
};

// The embedded backend: RocksDB on local disk, the default for a single node. RocksDB is only
// ever called from the store's own thread: a call is queued (or answered `busy` at once), the
// thread takes everything queued as one round (GroupCommit: one WriteBatch, one WAL write), then
// hands the round's publications to the subscribers and each call its answer, on that thread.
class EmbeddedStateStore {
 public:
  // Called exactly once per call: on the store thread once its round is on disk, or inside
  // execute() when the store cannot take the call (busy, unavailable).
  using Done = std::function<void(BatchResult)>;
  // Called on the store thread, one message at a time.
  using MessageHandler = std::function<void(std::string_view channel, std::string_view message)>;

  struct Opened {
    std::unique_ptr<EmbeddedStateStore> store;
    std::string error;  // why it could not open (a bad path, a lock held by another process)
  };
  // Control thread: opens the database (and defines the metrics).
  static Opened open(EmbeddedStateStoreOptions options);

  // Finishes every queued call, then closes the database.
  ~EmbeddedStateStore();
  EmbeddedStateStore(const EmbeddedStateStore&) = delete;
  EmbeddedStateStore& operator=(const EmbeddedStateStore&) = delete;

  // Any thread, never blocking. Applies `ops` in order as one atomic step (see GroupCommit).
  void execute(std::vector<StateOp> ops, Done done);

  // Delivers the message of every op::Publish on `channel` whose call is committed from now on,
  // until close. This store is one node's: only its own publications exist.
  void subscribe(std::string channel, MessageHandler handler);

  // True until close.
  bool available() const { return !closing_.load(std::memory_order_acquire); }

  // The same as the destructor, for callers that want to know when the files are closed. Calls
  // made afterwards answer `unavailable`. Idempotent.
  void close();

  // Largest number of calls taken as one round; more wait for the next, so that one huge
  // backlog does not hold every completion in it back for long.
  static constexpr size_t kMaxCallsPerRound = 4096;

 private:
  struct QueuedCall {
    std::vector<StateOp> ops;
    Done done;
  };
  struct Metrics {
    cxx::Gauge queue_depth;               // calls waiting for the store thread
    cxx::Histogram batch_size;            // operations per round
    cxx::Histogram commit_latency_us;     // applying and writing one round
  };
  using Handlers = std::vector<MessageHandler>;

  explicit EmbeddedStateStore(EmbeddedStateStoreOptions options);
  std::string open_database();
  void work_loop();
  void commit_round(std::vector<QueuedCall>& round);
  void publish(const std::vector<Publication>& publications);
  void sweep();
  void finish(Done& done, BatchResult result);

  EmbeddedStateStoreOptions options_;
  Metrics metrics_;
  std::unique_ptr<ExpiryCompactionFilter> expiry_filter_;  // outlives the database
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  StoreColumns columns_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<QueuedCall> queue_;
  std::atomic<bool> closing_{false};  // written under mutex_
  std::thread thread_;

  // Copied on write: delivery takes a channel's handlers without holding the lock while it calls.
  std::mutex subscribers_mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Handlers>> subscribers_;
};

}  // namespace smppd::plugins::embedded
