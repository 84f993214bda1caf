#include "tests/host/state/embedded_store_fixture.h"

#include <filesystem>
#include <optional>
#include <system_error>

#include "tests/support/run_command.h"

namespace smppd::state::testing {

EmbeddedStoreTest::EmbeddedStoreTest() : dir_(smppd::testing::make_temp_dir("smppd-state")) {}

EmbeddedStoreTest::~EmbeddedStoreTest() {
  store_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

EmbeddedStateStoreOptions EmbeddedStoreTest::options() {
  EmbeddedStateStoreOptions options;
  options.path = std::filesystem::path(dir_) / "db";
  options.clock = clock_.clock();
  options.stats = &stats_;
  return options;
}

void EmbeddedStoreTest::open(const std::function<void(EmbeddedStateStoreOptions&)>& adjust) {
  EmbeddedStateStoreOptions opening = options();
  if (adjust) adjust(opening);
  EmbeddedStateStore::Opened opened = EmbeddedStateStore::open(std::move(opening));
  ASSERT_EQ(opened.error, "");
  ASSERT_NE(opened.store, nullptr);
  store_ = std::move(opened.store);
}

StateResult EmbeddedStoreTest::run(StateOp op) {
  std::optional<StateResult> answer;
  store_->run(std::move(op), io_.get_executor(), [&answer](StateResult result) { answer = std::move(result); });
  // The pending call holds work on io_: run() returns once its completion has run.
  io_.restart();
  io_.run();
  EXPECT_TRUE(answer.has_value());
  return answer.value_or(StateResult{});
}

BatchResult EmbeddedStoreTest::execute(std::vector<StateOp> ops) {
  std::optional<BatchResult> answer;
  store_->execute(std::move(ops), io_.get_executor(), [&answer](BatchResult result) { answer = std::move(result); });
  io_.restart();
  io_.run();
  EXPECT_TRUE(answer.has_value());
  return answer.value_or(BatchResult{});
}

std::string EmbeddedStoreTest::value_of(const std::string& key) {
  StateResult result = run(op::Get{key});
  return result.status.ok() && result.value ? *result.value : "<absent>";
}

}  // namespace smppd::state::testing
