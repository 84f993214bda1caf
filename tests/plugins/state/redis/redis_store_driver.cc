#include "tests/plugins/state/redis/redis_store_driver.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "tests/plugins/loaded_plugin.h"

namespace smppd::plugins::redis::testing {

const smppd_plugin_descriptor* loaded_redis_plugin() {
  static const smppd_plugin_descriptor* descriptor = [] {
    std::string error;
    const smppd_plugin_descriptor* found = smppd::testing::load_plugin(SMPPD_REDIS_SO, &error);
    if (found == nullptr) ADD_FAILURE() << error;
    return found;
  }();
  return descriptor;
}

const smppd_state_store_vtable* redis_vtable() {
  const smppd_plugin_descriptor* descriptor = loaded_redis_plugin();
  if (descriptor == nullptr || descriptor->factory_count != 1) return nullptr;
  return static_cast<const smppd_state_store_vtable*>(descriptor->factories[0].vtable);
}

std::string unique_prefix() {
  static std::atomic<int> next{0};
  return "test" + std::to_string(::getpid()) + "-" + std::to_string(next.fetch_add(1)) + ":";
}

std::string store_config(uint16_t port, const std::string& extra, const std::string& prefix) {
  const std::string key_prefix = prefix.empty() ? unique_prefix() : prefix;
  std::string json = "{\"address\": \"127.0.0.1:" + std::to_string(port) + "\", \"key_prefix\": \"" + key_prefix +
                     "\", \"connect_timeout_ms\": 1000, \"command_timeout_ms\": 2000, \"reconnect_min_ms\": 20, "
                     "\"reconnect_max_ms\": 200";
  if (!extra.empty()) json += ", " + extra;
  return json + "}";
}

StoreDriver::StoreDriver(const std::string& config_json) : vtable_(redis_vtable()) {
  if (vtable_ == nullptr) return;
  TestStateHost& host = TestStateHost::instance();
  char buffer[1024] = {};
  smppd_error_buffer error{sizeof(smppd_error_buffer), sizeof buffer, buffer};
  const smppd_host_view config{config_json.data(), config_json.size()};
  const std::string node_dir = "unused";
  open_result_ = vtable_->open(host.api(), host.plugin(), config, smppd_host_view{node_dir.data(), node_dir.size()},
                               &store_, &error);
  open_error_ = buffer;
  if (open_result_ != SMPPD_OK) store_ = nullptr;
}

StoreDriver::~StoreDriver() { close(); }

void StoreDriver::start(const std::vector<state::StateOp>& ops, std::function<void(const state::BatchResult&)> done) {
  auto completion = std::make_unique<smppd_state_completion>();
  completion->op_count = ops.size();
  completion->done = std::move(done);
  smppd_state_completion* raw = completion.get();
  {
    const std::lock_guard lock(mutex_);
    completions_.push_back(std::move(completion));
  }
  const state::COps c_ops(ops);
  vtable_->execute(store_, c_ops.data(), c_ops.size(), raw);
}

std::future<state::BatchResult> StoreDriver::start(const std::vector<state::StateOp>& ops) {
  auto answer = std::make_shared<std::promise<state::BatchResult>>();
  std::future<state::BatchResult> future = answer->get_future();
  start(ops, [answer](const state::BatchResult& result) { answer->set_value(result); });
  return future;
}

state::BatchResult StoreDriver::run(const std::vector<state::StateOp>& ops, std::chrono::milliseconds timeout) {
  std::future<state::BatchResult> answer = start(ops);
  if (answer.wait_for(timeout) != std::future_status::ready) {
    ADD_FAILURE() << "the store did not answer a batch within " << timeout.count() << " ms";
    return state::refused_batch(ops.size(), {state::StateCode::error, "test timeout"});
  }
  return answer.get();
}

void StoreDriver::on_message(void* user_data, smppd_state_bytes channel, smppd_state_bytes message) {
  static_cast<Receiver*>(user_data)->fn(state::string_of(channel), state::string_of(message));
}

int32_t StoreDriver::subscribe(const std::string& channel, std::function<void(std::string, std::string)> receiver) {
  receivers_.push_back(std::make_unique<Receiver>(Receiver{std::move(receiver)}));
  return vtable_->subscribe(store_, state::bytes_of(channel), &StoreDriver::on_message, receivers_.back().get());
}

bool StoreDriver::available() const { return store_ != nullptr && vtable_->available(store_) == 1; }

bool StoreDriver::wait_available(bool wanted, std::chrono::milliseconds timeout) {
  return eventually([&] { return available() == wanted; }, timeout);
}

void StoreDriver::close() {
  if (store_ != nullptr) {
    vtable_->close(store_);
    store_ = nullptr;
  }
  const std::lock_guard lock(mutex_);
  for (const auto& completion : completions_) {
    EXPECT_EQ(completion->completions.load(), 1) << "every batch is completed exactly once, also at close";
  }
  completions_.clear();
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace smppd::plugins::redis::testing
