#include "tests/plugins/state/embedded/embedded_store_fixture.h"

#include <rocksdb/db.h>

#include <filesystem>
#include <future>
#include <system_error>

#include "tests/support/run_command.h"

namespace smppd::plugins::embedded::testing {
namespace {

constexpr std::chrono::seconds kAnswerTimeout{30};

}  // namespace

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
  options.host = cxx::Host(host_.api(), host_.plugin("embedded"));
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

BatchResult EmbeddedStoreTest::execute(std::vector<StateOp> ops) {
  // Shared with the callback, which may outlive a call that timed out.
  auto answer = std::make_shared<std::promise<BatchResult>>();
  std::future<BatchResult> answered = answer->get_future();
  store_->execute(std::move(ops), [answer](BatchResult result) { answer->set_value(std::move(result)); });
  if (answered.wait_for(kAnswerTimeout) != std::future_status::ready) {
    ADD_FAILURE() << "no answer within " << kAnswerTimeout.count() << " s";
    return BatchResult{};
  }
  return answered.get();
}

StateResult EmbeddedStoreTest::run(StateOp op) {
  std::vector<StateOp> ops;
  ops.push_back(std::move(op));
  BatchResult batch = execute(std::move(ops));
  if (batch.results.empty()) return StateResult{batch.status, {}, 0, 0, {}, 0};
  return std::move(batch.results.front());
}

std::string EmbeddedStoreTest::value_of(const std::string& key) {
  StateResult result = run(op::Get{key});
  return result.status.ok() && result.value ? *result.value : "<absent>";
}

void EmbeddedStoreTest::start(std::vector<StateOp> ops, std::function<void(BatchResult)> done) {
  {
    std::lock_guard lock(calls_mutex_);
    ++calls_pending_;
  }
  store_->execute(std::move(ops), [this, done = std::move(done)](BatchResult result) {
    done(std::move(result));
    std::lock_guard lock(calls_mutex_);
    if (--calls_pending_ == 0) calls_done_.notify_all();
  });
}

void EmbeddedStoreTest::start(StateOp op, std::function<void(StateResult)> done) {
  std::vector<StateOp> ops;
  ops.push_back(std::move(op));
  start(std::move(ops), [done = std::move(done)](BatchResult batch) {
    done(batch.results.empty() ? StateResult{batch.status, {}, 0, 0, {}, 0} : std::move(batch.results.front()));
  });
}

void EmbeddedStoreTest::wait_for_calls() {
  std::unique_lock lock(calls_mutex_);
  if (!calls_done_.wait_for(lock, kAnswerTimeout, [this] { return calls_pending_ == 0; })) {
    ADD_FAILURE() << calls_pending_ << " calls unanswered after " << kAnswerTimeout.count() << " s";
  }
}

size_t EmbeddedStoreTest::entries_on_disk(const std::string& family) {
  close();
  const std::string path = options().path.string();
  std::vector<std::string> names;
  EXPECT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const std::string& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  EXPECT_TRUE(rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), path, families, &handles, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  size_t count = 0;
  for (size_t i = 0; i < names.size() && db; ++i) {
    if (names[i] != family) continue;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[i]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++count;
  }
  if (db) {
    for (rocksdb::ColumnFamilyHandle* handle : handles) db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  return count;
}

}  // namespace smppd::plugins::embedded::testing
