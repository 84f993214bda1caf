#include "tests/host/state/test_backend.h"

#include <atomic>
#include <stdexcept>
#include <utility>

namespace smppd::state::testing {
namespace {

namespace cxx_state = ::smppd::cxx::state;

std::atomic<TestBackend*> g_current{nullptr};

}  // namespace

struct TestBackend::Store {
  TestBackend* owner;
  const smppd_state_api* state;  // the host's, for complete()
};

TestBackend::TestBackend(Options options) : options_(std::move(options)) {
  TestBackend* expected = nullptr;
  if (!g_current.compare_exchange_strong(expected, this)) throw std::logic_error("one TestBackend at a time");
  vtable_.struct_size = sizeof vtable_;
  vtable_.open = &TestBackend::open_store;
  vtable_.execute = &TestBackend::execute;
  vtable_.subscribe = options_.with_subscribe ? &TestBackend::subscribe : nullptr;
  vtable_.available = &TestBackend::available;
  vtable_.close = &TestBackend::close;
  if (options_.shared) vtable_.shared = *options_.shared ? &TestBackend::shared_yes : &TestBackend::shared_no;
}

TestBackend::~TestBackend() { g_current.store(nullptr); }

TestBackend* TestBackend::current() { return g_current.load(); }

PluginStateStore::Backend TestBackend::backend(std::string name) const {
  return PluginStateStore::Backend{std::move(name), &vtable_, nullptr};
}

PluginStateStore::Opened TestBackend::open(stats::StatsStore* stats, std::string_view config_json,
                                           const std::string& node_dir) {
  return PluginStateStore::open(backend(), config_json, node_dir, stats);
}

int32_t TestBackend::open_store(const smppd_host_api* host, const smppd_plugin_ref*, smppd_host_view config_json,
                                smppd_host_view node_dir, void** store_out, smppd_error_buffer* error) noexcept {
  TestBackend* self = current();
  std::lock_guard lock(self->mutex_);
  self->last_config_.assign(config_json.data, config_json.size);
  self->last_node_dir_.assign(node_dir.data, node_dir.size);
  self->last_host_ = host;
  if (!self->options_.refuse_open.empty()) {
    smppd_error_set(error, self->options_.refuse_open.c_str());
    return SMPPD_E_STATE;
  }
  ++self->opens_;
  *store_out = new Store{self, host->state};
  return SMPPD_OK;
}

void TestBackend::execute(void* raw, const smppd_state_op* ops, uint32_t count,
                          smppd_state_completion* completion) noexcept {
  auto* store = static_cast<Store*>(raw);
  TestBackend* self = store->owner;
  HeldBatch batch{{}, completion, store->state};
  for (uint32_t i = 0; i < count; ++i) batch.ops.push_back(cxx_state::op_from_c(ops[i]));
  Execute override_execute;
  {
    std::lock_guard lock(self->mutex_);
    self->received_.push_back(batch.ops);
    override_execute = self->execute_override_;
    if (!override_execute && self->options_.answer == Options::Answer::held) {
      self->held_.push_back(std::move(batch));
      return;
    }
  }
  if (override_execute) {
    override_execute(ops, count, completion);
    return;
  }
  self->run(batch);
}

void TestBackend::run(const HeldBatch& batch) {
  cxx_state::BatchResult result;
  std::vector<Subscription> subscriptions;
  std::vector<smppd::testing::FakeStateStore::Publication> published;
  {
    std::lock_guard lock(mutex_);
    const size_t before = data_.published().size();
    result = available_ ? data_.apply(batch.ops, now_us_)
                        : cxx_state::refused_batch(batch.ops.size(), {cxx_state::StateCode::unavailable, "down"});
    published.assign(data_.published().begin() + static_cast<std::ptrdiff_t>(before), data_.published().end());
    subscriptions = subscriptions_;
  }
  const cxx_state::CBatchResult answer(result);
  batch.state->complete(batch.completion, answer.get());
  for (const auto& [channel, message] : published) {
    for (const Subscription& subscription : subscriptions) {
      if (subscription.channel == channel) {
        subscription.fn(subscription.user_data, cxx_state::bytes_of(channel), cxx_state::bytes_of(message));
      }
    }
  }
}

int32_t TestBackend::subscribe(void* raw, smppd_state_bytes channel, smppd_state_message_fn fn,
                               void* user_data) noexcept {
  TestBackend* self = static_cast<Store*>(raw)->owner;
  std::lock_guard lock(self->mutex_);
  self->subscriptions_.push_back(Subscription{cxx_state::string_of(channel), fn, user_data});
  return SMPPD_OK;
}

int32_t TestBackend::available(void* raw) noexcept {
  TestBackend* self = static_cast<Store*>(raw)->owner;
  std::lock_guard lock(self->mutex_);
  return self->available_ ? 1 : 0;
}

void TestBackend::close(void* raw) noexcept {
  std::unique_ptr<Store> store(static_cast<Store*>(raw));
  TestBackend* self = store->owner;
  std::deque<HeldBatch> held;
  {
    std::lock_guard lock(self->mutex_);
    ++self->closes_;
    self->subscriptions_.clear();
    if (!self->options_.drop_held_on_close) held.swap(self->held_);
  }
  for (const HeldBatch& batch : held) self->run(batch);
}

void TestBackend::answer_held() {
  std::deque<HeldBatch> held;
  {
    std::lock_guard lock(mutex_);
    held.swap(held_);
  }
  for (const HeldBatch& batch : held) run(batch);
}

size_t TestBackend::held() const {
  std::lock_guard lock(mutex_);
  return held_.size();
}

void TestBackend::publish_remote(const std::string& channel, const std::string& message) {
  std::vector<Subscription> subscriptions;
  {
    std::lock_guard lock(mutex_);
    subscriptions = subscriptions_;
  }
  for (const Subscription& subscription : subscriptions) {
    if (subscription.channel == channel) {
      subscription.fn(subscription.user_data, cxx_state::bytes_of(channel), cxx_state::bytes_of(message));
    }
  }
}

void TestBackend::set_available(bool available) {
  std::lock_guard lock(mutex_);
  available_ = available;
}

void TestBackend::refuse_open(std::string why) {
  std::lock_guard lock(mutex_);
  options_.refuse_open = std::move(why);
}

void TestBackend::on_execute(Execute execute) {
  std::lock_guard lock(mutex_);
  execute_override_ = std::move(execute);
}

std::vector<std::vector<cxx::state::StateOp>> TestBackend::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

std::vector<std::string> TestBackend::subscribed_channels() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> channels;
  for (const Subscription& subscription : subscriptions_) channels.push_back(subscription.channel);
  return channels;
}

int TestBackend::opens() const {
  std::lock_guard lock(mutex_);
  return opens_;
}

int TestBackend::closes() const {
  std::lock_guard lock(mutex_);
  return closes_;
}

std::string TestBackend::last_config() const {
  std::lock_guard lock(mutex_);
  return last_config_;
}

std::string TestBackend::last_node_dir() const {
  std::lock_guard lock(mutex_);
  return last_node_dir_;
}

const smppd_host_api* TestBackend::last_host() const {
  std::lock_guard lock(mutex_);
  return last_host_;
}

cxx::state::BatchResult TestBackend::apply(const std::vector<cxx::state::StateOp>& ops) {
  std::lock_guard lock(mutex_);
  return data_.apply(ops, now_us_);
}

}  // namespace smppd::state::testing
