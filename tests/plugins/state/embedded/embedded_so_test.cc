// The built libsmppd_embedded.so as smppd loads it: dlopen, the entry symbol, the manifest beside
// it, and a store opened, used and closed through its vtable, on a host table built here with only
// what a state store backend needs (logs, metrics, state->complete).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "smppd/cxx/state.hpp"
#include "smppd/plugin.h"
#include "tests/plugins/loaded_plugin.h"
#include "tests/plugins/schema_lint.h"
#include "tests/support/run_command.h"

// The host's side of a batch: here, a slot the test waits on. The ABI leaves its layout to the host.
struct smppd_state_completion {
  std::mutex mutex;
  std::condition_variable answered;
  std::optional<smppd::cxx::state::BatchResult> result;
  size_t op_count = 0;
  int completions = 0;
};

namespace smppd::plugins::embedded {
namespace {

namespace sdk_state = smppd::cxx::state;
using sdk_state::BatchResult;
using sdk_state::StateCode;
using sdk_state::StateOp;
namespace op = sdk_state::op;

// ---- the minimal host ------------------------------------------------------------------------

struct MinimalHost {
  std::mutex mutex;
  std::vector<std::string> logs;
  std::vector<std::string> metric_names;  // id = index + 1
  std::vector<int64_t> gauges;
  std::vector<std::vector<uint64_t>> histograms;
  std::vector<std::pair<std::string, std::string>> messages;  // subscribed deliveries
};
MinimalHost* g_host = nullptr;  // the C tables carry no context

int32_t log_enabled(const smppd_plugin_ref*, int32_t) { return 1; }
void log_write(const smppd_plugin_ref*, int32_t, smppd_plugin_view message) {
  std::lock_guard lock(g_host->mutex);
  g_host->logs.emplace_back(message.data, message.size);
}
int32_t metric_define(const smppd_plugin_ref*, int32_t, smppd_plugin_view name, smppd_plugin_view, uint32_t* id_out) {
  std::lock_guard lock(g_host->mutex);
  g_host->metric_names.emplace_back(name.data, name.size);
  g_host->gauges.push_back(0);
  g_host->histograms.emplace_back();
  *id_out = static_cast<uint32_t>(g_host->metric_names.size());
  return SMPPD_OK;
}
void counter_add(uint32_t, uint64_t) {}
void gauge_set(uint32_t id, int64_t value) {
  std::lock_guard lock(g_host->mutex);
  g_host->gauges.at(id - 1) = value;
}
void gauge_add(uint32_t id, int64_t delta) {
  std::lock_guard lock(g_host->mutex);
  g_host->gauges.at(id - 1) += delta;
}
void histogram_record(uint32_t id, uint64_t value) {
  std::lock_guard lock(g_host->mutex);
  g_host->histograms.at(id - 1).push_back(value);
}

void complete(smppd_state_completion* completion, const smppd_state_batch_result* result) {
  std::lock_guard lock(completion->mutex);
  ++completion->completions;
  completion->result = sdk_state::batch_from_c(result, completion->op_count);  // copied, as the ABI says
  completion->answered.notify_all();
}

int32_t no_execute(const smppd_state_op*, uint32_t, smppd_state_done_fn, void*) { return SMPPD_E_UNSUPPORTED; }

class EmbeddedSharedObjectTest : public ::testing::Test {
 protected:
  EmbeddedSharedObjectTest() : dir_(smppd::testing::make_temp_dir("smppd-embedded-so")) {
    g_host = &host_;
    log_ = {sizeof(smppd_log_api), 0, &log_enabled, &log_write, nullptr};
    metrics_ = {sizeof(smppd_metrics_api), 0, &metric_define, &counter_add, &gauge_set, &gauge_add, &histogram_record};
    state_ = {sizeof(smppd_state_api), 0, &no_execute, &complete, nullptr, nullptr};
    api_.struct_size = sizeof(smppd_host_api);
    api_.abi_major = SMPPD_ABI_VERSION_MAJOR;
    api_.abi_minor = SMPPD_ABI_VERSION_MINOR;
    api_.product_version = "test";
    api_.log = &log_;
    api_.metrics = &metrics_;
    api_.state = &state_;
  }
  ~EmbeddedSharedObjectTest() override {
    g_host = nullptr;
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  static const smppd_plugin_descriptor* loaded() {
    static const smppd_plugin_descriptor* descriptor = [] {
      std::string error;
      const smppd_plugin_descriptor* found = smppd::testing::load_plugin(SMPPD_EMBEDDED_SO, &error);
      if (found == nullptr) ADD_FAILURE() << error;
      return found;
    }();
    return descriptor;
  }

  static const smppd_factory* factory() {
    const smppd_plugin_descriptor* descriptor = loaded();
    if (descriptor == nullptr || descriptor->factory_count != 1) return nullptr;
    return descriptor->factories;
  }
  static const smppd_state_store_vtable* vtable() {
    return factory() != nullptr ? static_cast<const smppd_state_store_vtable*>(factory()->vtable) : nullptr;
  }

  // open(); the error buffer's text in *error when it refuses.
  int32_t open(std::string_view config, const std::string& node_dir, void** store, std::string* error = nullptr) {
    char text[512] = {};
    smppd_error_buffer buffer{sizeof(smppd_error_buffer), sizeof text, text};
    const int32_t rc = vtable()->open(&api_, nullptr, smppd_host_view{config.data(), config.size()},
                                      smppd_host_view{node_dir.data(), node_dir.size()}, store, &buffer);
    if (error != nullptr) *error = text;
    return rc;
  }

  // One batch through the vtable, waiting for its complete().
  BatchResult execute(void* store, const std::vector<StateOp>& ops, int* completions = nullptr) {
    const sdk_state::COps c_ops(ops);
    smppd_state_completion completion;
    completion.op_count = ops.size();
    vtable()->execute(store, c_ops.data(), c_ops.size(), &completion);
    std::unique_lock lock(completion.mutex);
    const bool answered =
        completion.answered.wait_for(lock, std::chrono::seconds(30), [&] { return completion.result.has_value(); });
    EXPECT_TRUE(answered);
    // A second complete() would come right after the first: give it the chance to show.
    completion.answered.wait_for(lock, std::chrono::milliseconds(20), [&] { return completion.completions > 1; });
    if (completions != nullptr) *completions = completion.completions;
    return completion.result.value_or(BatchResult{});
  }

  int64_t gauge(std::string_view name) {
    std::lock_guard lock(host_.mutex);
    for (size_t i = 0; i < host_.metric_names.size(); ++i) {
      if (host_.metric_names[i] == name) return host_.gauges[i];
    }
    return -1;
  }
  size_t samples(std::string_view name) {
    std::lock_guard lock(host_.mutex);
    for (size_t i = 0; i < host_.metric_names.size(); ++i) {
      if (host_.metric_names[i] == name) return host_.histograms[i].size();
    }
    return 0;
  }

  std::string dir_;
  MinimalHost host_;
  smppd_log_api log_{};
  smppd_metrics_api metrics_{};
  smppd_state_api state_{};
  smppd_host_api api_{};
};

TEST_F(EmbeddedSharedObjectTest, AgreesWithItsManifest) {
  ASSERT_NE(loaded(), nullptr);
  EXPECT_EQ(smppd::testing::manifest_disagreements(SMPPD_EMBEDDED_MANIFEST, SMPPD_EMBEDDED_SO, *loaded()),
            std::vector<std::string>{});
  ASSERT_NE(factory(), nullptr);
  EXPECT_EQ(factory()->kind, SMPPD_KIND_STATE_STORE);
  EXPECT_STREQ(factory()->name, "embedded");
  EXPECT_EQ(smppd::testing::schema_problems(factory()->config_schema), std::vector<std::string>{});
  ASSERT_NE(vtable(), nullptr);
  EXPECT_EQ(vtable()->struct_size, sizeof(smppd_state_store_vtable));
}

TEST_F(EmbeddedSharedObjectTest, RunsABatchOfEveryKindThroughTheVtable) {
  ASSERT_NE(vtable(), nullptr);
  void* store = nullptr;
  std::string error;
  ASSERT_EQ(open(R"({"queue_capacity": 16})", dir_, &store, &error), SMPPD_OK) << error;
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(vtable()->available(store), 1);
  ASSERT_NE(vtable()->shared, nullptr);
  EXPECT_EQ(vtable()->shared(store), 0) << "files on this node's disk: a global limit may count in process";

  const std::string channel = "wake/outbox";
  ASSERT_EQ(vtable()->subscribe(
                store, sdk_state::bytes_of(channel),
                [](void* user_data, smppd_state_bytes on, smppd_state_bytes message) {
                  auto* host = static_cast<MinimalHost*>(user_data);
                  std::lock_guard lock(host->mutex);
                  host->messages.emplace_back(sdk_state::string_of(on), sdk_state::string_of(message));
                },
                &host_),
            SMPPD_OK);

  int completions = 0;
  const std::vector<StateOp> ops = {op::Set{"idmap/m-1", "smsc-a/U77"},
                                    op::Get{"idmap/m-1"},
                                    op::Increment{"credits/a", 5},
                                    op::ListAppend{"outbox/a", "r1"},
                                    op::SetAdd{"optout", "447700900123"},
                                    op::GcraTake{"rate/a", 1, std::chrono::seconds(1), 5},
                                    op::Publish{channel, "esme-a"}};
  const BatchResult batch = execute(store, ops, &completions);
  EXPECT_EQ(completions, 1);
  EXPECT_EQ(batch.status.code, StateCode::ok) << batch.status.to_string();
  ASSERT_EQ(batch.results.size(), 7u);
  EXPECT_EQ(batch.results[1].value, "smsc-a/U77");
  EXPECT_EQ(batch.results[2].number, 5);
  EXPECT_EQ(batch.results[3].item_id, 1u);
  EXPECT_EQ(batch.results[4].count, 1u);
  EXPECT_EQ(batch.results[5].number, 4);
  {
    std::lock_guard lock(host_.mutex);
    EXPECT_THAT(host_.messages, ::testing::ElementsAre(std::pair<std::string, std::string>{channel, "esme-a"}));
  }
  EXPECT_EQ(gauge("queue_depth"), 0);
  EXPECT_EQ(samples("batch_size"), 1u);
  EXPECT_EQ(samples("commit_latency_us"), 1u);

  const BatchResult members = execute(store, {op::SetMembers{"optout"}, op::ListRange{"outbox/a"}});
  ASSERT_EQ(members.results.size(), 2u);
  EXPECT_THAT(members.results[0].items, ::testing::ElementsAre(sdk_state::ListItem{0, "447700900123"}));
  EXPECT_THAT(members.results[1].items, ::testing::ElementsAre(sdk_state::ListItem{1, "r1"}));

  vtable()->close(store);
}

TEST_F(EmbeddedSharedObjectTest, ABadOperationIsAnsweredOnceWithAnError) {
  ASSERT_NE(vtable(), nullptr);
  void* store = nullptr;
  ASSERT_EQ(open("{}", dir_, &store), SMPPD_OK);
  smppd_state_op bad{};
  bad.struct_size = sizeof bad;
  bad.type = SMPPD_STATE_GCRA_TAKE;
  bad.key = sdk_state::bytes_of("rate/a");
  bad.interval_us = 0;  // must be > 0
  bad.burst = 1;
  smppd_state_completion completion;
  completion.op_count = 1;
  vtable()->execute(store, &bad, 1, &completion);
  {
    std::unique_lock lock(completion.mutex);
    ASSERT_TRUE(
        completion.answered.wait_for(lock, std::chrono::seconds(30), [&] { return completion.result.has_value(); }));
    EXPECT_EQ(completion.completions, 1);
    EXPECT_EQ(completion.result->status.code, StateCode::error);
    EXPECT_THAT(completion.result->status.message, ::testing::HasSubstr("operation 0: gcra_take"));
  }
  vtable()->close(store);
}

TEST_F(EmbeddedSharedObjectTest, CloseAnswersWhatWasQueuedAndTheDataStays) {
  ASSERT_NE(vtable(), nullptr);
  void* store = nullptr;
  ASSERT_EQ(open(R"({"path": "db", "sync_writes": true})", dir_, &store), SMPPD_OK);
  constexpr int kCalls = 50;
  std::vector<smppd_state_completion> completions(kCalls);
  for (int i = 0; i < kCalls; ++i) {
    const std::vector<StateOp> ops = {op::Set{"k" + std::to_string(i), "v"}};
    const sdk_state::COps c_ops(ops);
    completions[i].op_count = 1;
    vtable()->execute(store, c_ops.data(), c_ops.size(), &completions[i]);
  }
  vtable()->close(store);
  for (smppd_state_completion& completion : completions) {
    std::lock_guard lock(completion.mutex);
    EXPECT_EQ(completion.completions, 1) << "answered once, before close returned";
    if (completion.result) {
      EXPECT_EQ(completion.result->status.code, StateCode::ok);
    }
  }
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir_) / "db")) << "a relative path is inside node_dir";

  ASSERT_EQ(open(R"({"path": "db"})", dir_, &store), SMPPD_OK);
  const BatchResult found = execute(store, {op::Get{"k49"}});
  EXPECT_EQ(found.results.at(0).value, "v");
  vtable()->close(store);
}

TEST_F(EmbeddedSharedObjectTest, RefusesWhatItCannotOpen) {
  ASSERT_NE(vtable(), nullptr);
  void* store = nullptr;
  std::string error;
  EXPECT_EQ(open(R"({"queue_capacity": 0})", dir_, &store, &error), SMPPD_E_CONFIG);
  EXPECT_THAT(error, ::testing::HasSubstr("queue_capacity"));
  EXPECT_EQ(store, nullptr);

  std::ofstream(std::filesystem::path(dir_) / "a-file") << "not a folder";
  EXPECT_NE(open(R"({"path": "a-file/db"})", dir_, &store, &error), SMPPD_OK);
  EXPECT_THAT(error, ::testing::HasSubstr("a-file"));

  void* first = nullptr;
  ASSERT_EQ(open("{}", dir_, &first), SMPPD_OK);
  EXPECT_NE(open("{}", dir_, &store, &error), SMPPD_OK) << "RocksDB admits one opener";
  EXPECT_THAT(error, ::testing::HasSubstr("locked by another"));
  vtable()->close(first);

  api_.state = nullptr;
  EXPECT_EQ(open("{}", dir_, &store, &error), SMPPD_E_UNSUPPORTED);
  EXPECT_THAT(error, ::testing::HasSubstr("no state table"));
}

}  // namespace
}  // namespace smppd::plugins::embedded
