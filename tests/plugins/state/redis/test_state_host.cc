#include "tests/plugins/state/redis/test_state_host.h"

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <mutex>

// Opaque to the plugin: the address is all it keeps.
struct smppd_plugin_ref {
  const char* name;
};

namespace smppd::plugins::redis::testing {
namespace {

namespace state = smppd::cxx::state;

constexpr size_t kMaxMetrics = 64;

struct Recorded {
  std::mutex mutex;
  std::vector<std::string> logs;
  std::map<std::string, uint32_t, std::less<>> metric_ids;
  std::array<std::atomic<int64_t>, kMaxMetrics> values{};
};

Recorded& recorded() {
  static Recorded* instance = new Recorded();  // outlives stores closed by static destructors
  return *instance;
}

const smppd_plugin_ref kPlugin{"redis"};

int32_t log_enabled(const smppd_plugin_ref*, int32_t level) { return level >= SMPPD_LOG_DEBUG ? 1 : 0; }

void log_write(const smppd_plugin_ref*, int32_t level, smppd_plugin_view message) {
  static constexpr const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "critical"};
  std::string line = std::string(level >= 0 && level <= 5 ? kLevels[level] : "?") + ": " +
                     std::string(message.data, static_cast<size_t>(message.size));
  const std::lock_guard lock(recorded().mutex);
  recorded().logs.push_back(std::move(line));
}

int32_t define(const smppd_plugin_ref*, int32_t, smppd_plugin_view name, smppd_plugin_view, uint32_t* id_out) {
  Recorded& all = recorded();
  const std::lock_guard lock(all.mutex);
  const std::string key(name.data, static_cast<size_t>(name.size));
  auto found = all.metric_ids.find(key);
  if (found == all.metric_ids.end()) {
    if (all.metric_ids.size() >= kMaxMetrics) return SMPPD_E_RANGE;
    found = all.metric_ids.emplace(key, static_cast<uint32_t>(all.metric_ids.size())).first;
  }
  *id_out = found->second;
  return SMPPD_OK;
}

void counter_add(uint32_t id, uint64_t delta) { recorded().values[id].fetch_add(static_cast<int64_t>(delta)); }
void gauge_set(uint32_t id, int64_t value) { recorded().values[id].store(value); }
void gauge_add(uint32_t id, int64_t delta) { recorded().values[id].fetch_add(delta); }
void histogram_record(uint32_t, uint64_t) {}

void complete(smppd_state_completion* completion, const smppd_state_batch_result* result) {
  const int before = completion->completions.fetch_add(1);
  if (before != 0) {
    ADD_FAILURE() << "a batch was completed " << before + 1 << " times";
    return;
  }
  completion->done(state::batch_from_c(result, completion->op_count));
}

}  // namespace

TestStateHost& TestStateHost::instance() {
  static TestStateHost* host = new TestStateHost();
  return *host;
}

TestStateHost::TestStateHost() {
  log_.struct_size = sizeof log_;
  log_.enabled = &log_enabled;
  log_.write = &log_write;
  metrics_.struct_size = sizeof metrics_;
  metrics_.define = &define;
  metrics_.counter_add = &counter_add;
  metrics_.gauge_set = &gauge_set;
  metrics_.gauge_add = &gauge_add;
  metrics_.histogram_record = &histogram_record;
  state_.struct_size = sizeof state_;
  state_.complete = &complete;
  api_.struct_size = sizeof api_;
  api_.abi_major = SMPPD_ABI_VERSION_MAJOR;
  api_.abi_minor = SMPPD_ABI_VERSION_MINOR;
  api_.product_version = "test";
  api_.log = &log_;
  api_.metrics = &metrics_;
  api_.state = &state_;
}

const smppd_plugin_ref* TestStateHost::plugin() const { return &kPlugin; }

std::vector<std::string> TestStateHost::logs() const {
  const std::lock_guard lock(recorded().mutex);
  return recorded().logs;
}

bool TestStateHost::logged(std::string_view text) const {
  const std::lock_guard lock(recorded().mutex);
  for (const std::string& line : recorded().logs) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

int64_t TestStateHost::metric(std::string_view name) const {
  Recorded& all = recorded();
  const std::lock_guard lock(all.mutex);
  const auto found = all.metric_ids.find(name);
  return found == all.metric_ids.end() ? -1 : all.values[found->second].load();
}

}  // namespace smppd::plugins::redis::testing
