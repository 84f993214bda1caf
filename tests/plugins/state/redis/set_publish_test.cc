// Sets and publish/subscribe through the C ABI on a real Redis.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/plugins/state/redis/redis_store_test.h"

namespace smppd::plugins::redis::testing {
namespace {

using namespace std::chrono_literals;
namespace op = state::op;
using state::StateCode;

using SetPublishTest = RedisStoreTest;

// Messages a subscription received, from the store's thread.
class Inbox {
 public:
  auto receiver() {
    return [this](std::string channel, std::string message) {
      const std::lock_guard lock(mutex_);
      messages_.emplace_back(std::move(channel), std::move(message));
    };
  }
  std::vector<std::pair<std::string, std::string>> messages() {
    const std::lock_guard lock(mutex_);
    return messages_;
  }
  bool wait_for(size_t count, std::chrono::milliseconds timeout = 3s) {
    return eventually([&] { return messages().size() >= count; }, timeout);
  }

 private:
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> messages_;
};

TEST_F(SetPublishTest, AddRemoveContainsMembers) {
  EXPECT_EQ(store().run_one(op::SetAdd{"nodes", "gw-a"}).count, 1u);
  EXPECT_EQ(store().run_one(op::SetAdd{"nodes", "gw-a"}).count, 0u);
  EXPECT_EQ(store().run_one(op::SetAdd{"nodes", std::string("gw\0b", 4)}).count, 1u);
  EXPECT_EQ(store().run_one(op::SetContains{"nodes", "gw-a"}).count, 1u);
  EXPECT_EQ(store().run_one(op::SetContains{"nodes", "gw-c"}).count, 0u);
  std::vector<state::ListItem> members = store().run_one(op::SetMembers{"nodes"}).items;
  std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.value < b.value; });
  EXPECT_EQ(members, (std::vector<state::ListItem>{{0, std::string("gw\0b", 4)}, {0, "gw-a"}}));
  EXPECT_EQ(store().run_one(op::SetMembers{"nodes", 1}).items.size(), 1u);
  EXPECT_TRUE(store().run_one(op::SetMembers{"nodes", 0}).items.empty());
  EXPECT_EQ(store().run_one(op::SetRemove{"nodes", "gw-a"}).count, 1u);
  EXPECT_EQ(store().run_one(op::SetRemove{"nodes", "gw-a"}).count, 0u);
  EXPECT_EQ(store().run_one(op::SetContains{"absent", "x"}).count, 0u);
}

TEST_F(SetPublishTest, ASetTtlExpiresTheWholeSet) {
  store().run_one(op::SetAdd{"pending", "a", 500ms});
  store().run_one(op::SetAdd{"pending", "b"});
  EXPECT_EQ(store().run_one(op::SetMembers{"pending"}).items.size(), 2u);
  EXPECT_TRUE(eventually([&] { return store().run_one(op::SetMembers{"pending"}).items.empty(); }, 3s));
}

TEST_F(SetPublishTest, PublishReachesSubscribersOfEveryStore) {
  StoreDriver other(store_config(redis_.port(), {}, store_prefix()));
  ASSERT_EQ(other.open_result(), SMPPD_OK) << other.open_error();
  Inbox here;
  Inbox there;
  ASSERT_EQ(store().subscribe("outbox", here.receiver()), SMPPD_OK);
  ASSERT_EQ(other.subscribe("outbox", there.receiver()), SMPPD_OK);
  const std::string binary("acme\0\xff", 6);
  const state::BatchResult batch =
      store().run({op::ListAppend{"outbox/acme", "receipt"}, op::Publish{"outbox", binary}, op::Publish{"elsewhere", "x"}});
  ASSERT_EQ(batch.status.code, StateCode::ok);
  ASSERT_TRUE(here.wait_for(1));
  ASSERT_TRUE(there.wait_for(1));
  EXPECT_EQ(here.messages(), (std::vector<std::pair<std::string, std::string>>{{"outbox", binary}}));
  EXPECT_EQ(there.messages(), here.messages());

  StoreDriver foreign(store_config(redis_.port()));  // another deployment's prefix
  ASSERT_EQ(foreign.open_result(), SMPPD_OK);
  ASSERT_EQ(foreign.run({op::Publish{"outbox", "not ours"}}).status.code, StateCode::ok);
  ASSERT_EQ(store().run({op::Publish{"outbox", "second"}}).status.code, StateCode::ok);
  ASSERT_TRUE(here.wait_for(2));
  EXPECT_EQ(here.messages().back().second, "second");
  EXPECT_EQ(here.messages().size(), 2u);
}

TEST_F(SetPublishTest, AStoppedBatchPublishesNothing) {
  Inbox inbox;
  ASSERT_EQ(store().subscribe("events", inbox.receiver()), SMPPD_OK);
  ASSERT_EQ(store().run_one(op::Set{"taken", "1"}).status.code, StateCode::ok);
  EXPECT_EQ(store().run({op::Publish{"events", "lost"}, op::SetIfAbsent{"taken", "2"}}).status.code, StateCode::exists);
  ASSERT_EQ(store().run({op::Publish{"events", "sent"}}).status.code, StateCode::ok);
  ASSERT_TRUE(inbox.wait_for(1));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(inbox.messages(), (std::vector<std::pair<std::string, std::string>>{{"events", "sent"}}));
}

TEST_F(SetPublishTest, SubscriptionsSurviveARestartOfRedis) {
  Inbox inbox;
  ASSERT_EQ(store().subscribe("wake", inbox.receiver()), SMPPD_OK);
  std::string error;
  ASSERT_TRUE(redis_.restart(&error)) << error;
  ASSERT_TRUE(store().wait_available(true, 10s));
  // The subscriber connection comes back after the main one: publish until a message arrives.
  ASSERT_TRUE(eventually(
      [&] {
        store().run({op::Publish{"wake", "up"}});
        return inbox.wait_for(1, 50ms);
      },
      10s));
}

}  // namespace
}  // namespace smppd::plugins::redis::testing
