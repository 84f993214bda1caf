#pragma once

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "host/state/embedded_state_store.h"
#include "host/stats/stats_store.h"

namespace smppd::state {

// Test failures name the code ("would_cross") instead of printing a byte.
inline void PrintTo(StateCode code, std::ostream* out) { *out << name_of(code); }

}  // namespace smppd::state

namespace smppd::state::testing {

// A wall clock the test moves by hand; safe to read from the store and compaction threads.
class ManualClock {
 public:
  WallClock clock() const {
    return [now = now_] { return now->load(); };
  }
  int64_t now() const { return now_->load(); }
  void advance(std::chrono::milliseconds by) { now_->fetch_add(by.count()); }

 private:
  std::shared_ptr<std::atomic<int64_t>> now_ = std::make_shared<std::atomic<int64_t>>(1'700'000'000'000);
};

// An embedded store in a fresh directory, with a manual clock and its own metrics, and calls
// that wait for their answer by running the test's io_context.
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

  std::string dir_;
  ManualClock clock_;
  stats::StatsStore stats_;
  boost::asio::io_context io_;
  std::unique_ptr<EmbeddedStateStore> store_;
};

}  // namespace smppd::state::testing
