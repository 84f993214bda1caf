#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "fake_host.h"
#include "plugins/state/embedded/embedded_state_store.h"

namespace smppd::cxx::state {

// Test failures name the code ("would_cross") instead of printing a byte.
inline void PrintTo(StateCode code, std::ostream* out) { *out << name_of(code); }

}  // namespace smppd::cxx::state

namespace smppd::plugins::embedded::testing {

// A wall clock the test moves by hand; safe to read from the store and compaction threads.
class ManualClock {
 public:
  WallClock clock() const {
    return [now = now_] { return now->load(); };
  }
  int64_t now_us() const { return now_->load(); }
  void advance(std::chrono::microseconds by) { now_->fetch_add(by.count()); }

 private:
  std::shared_ptr<std::atomic<int64_t>> now_ = std::make_shared<std::atomic<int64_t>>(1'700'000'000'000'000);
};

// An embedded store in a fresh directory, with a manual clock, its logs and metrics on a fake
// host, and calls that wait for their answer (which comes on the store thread).
class EmbeddedStoreTest : public ::testing::Test {
 protected:
  EmbeddedStoreTest();
  ~EmbeddedStoreTest() override;

  EmbeddedStateStoreOptions options();
  // Opens the store with options(), adjusted by `adjust` when given.
  void open(const std::function<void(EmbeddedStateStoreOptions&)>& adjust = {});
  void close() { store_.reset(); }
  void reopen() {
    close();
    open();
  }

  StateResult run(StateOp op);
  BatchResult execute(std::vector<StateOp> ops);
  // The live value under `key`, or "<absent>".
  std::string value_of(const std::string& key);

  // Starts a call without waiting; `done` runs where the store answers. wait_for_calls() waits
  // until every call started so has been answered.
  void start(std::vector<StateOp> ops, std::function<void(BatchResult)> done);
  void start(StateOp op, std::function<void(StateResult)> done);
  void wait_for_calls();

  // Entries RocksDB holds in one column family, read behind the store's back once it is closed
  // (this closes it): what the sweep and the compaction filter leave on disk.
  size_t entries_on_disk(const std::string& family);

  // A metric the store defined, by the name it gave it ("queue_depth").
  int64_t gauge(const char* name) const { return host_.gauge(name); }
  std::vector<uint64_t> histogram(const char* name) const { return host_.histogram(name); }

  std::string dir_;
  ManualClock clock_;
  smppd::testing::FakeHost host_;
  std::unique_ptr<EmbeddedStateStore> store_;

 private:
  std::mutex calls_mutex_;
  std::condition_variable calls_done_;
  uint64_t calls_pending_ = 0;
};

}  // namespace smppd::plugins::embedded::testing
