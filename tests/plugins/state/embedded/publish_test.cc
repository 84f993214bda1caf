// Publish and subscribe on one node: a message reaches the channel's subscribers once its batch
// is on disk, before the publisher hears back, and never when the batch was stopped.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "tests/plugins/state/embedded/embedded_store_fixture.h"

namespace smppd::plugins::embedded {
namespace {

using testing::EmbeddedStoreTest;
using ::testing::ElementsAre;

// What one subscriber was sent, and on which thread.
class Inbox {
 public:
  EmbeddedStateStore::MessageHandler handler() {
    return [this](std::string_view channel, std::string_view message) {
      std::lock_guard lock(mutex_);
      messages_.emplace_back(std::string(channel), std::string(message));
      threads_.push_back(std::this_thread::get_id());
    };
  }
  std::vector<std::pair<std::string, std::string>> messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
  }
  std::vector<std::thread::id> threads() const {
    std::lock_guard lock(mutex_);
    return threads_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> messages_;
  std::vector<std::thread::id> threads_;
};

using Message = std::pair<std::string, std::string>;

class PublishOps : public EmbeddedStoreTest {
 protected:
  void SetUp() override { open(); }
};

TEST_F(PublishOps, ASubscriberGetsTheMessageBeforeThePublisherHearsBack) {
  Inbox inbox;
  store_->subscribe("wake/outbox", inbox.handler());
  std::vector<Message> seen_when_answered;
  start(op::Publish{"wake/outbox", "esme-a"}, [&](StateResult result) {
    EXPECT_EQ(result.status.code, StateCode::ok);
    seen_when_answered = inbox.messages();
  });
  wait_for_calls();
  EXPECT_THAT(seen_when_answered, ElementsAre(Message{"wake/outbox", "esme-a"}));
  ASSERT_EQ(inbox.threads().size(), 1u);
  EXPECT_NE(inbox.threads()[0], std::this_thread::get_id()) << "delivered on the store thread";
}

TEST_F(PublishOps, OnlyTheChannelsSubscribersGetIt) {
  Inbox first;
  Inbox second;
  Inbox other;
  store_->subscribe("wake/outbox", first.handler());
  store_->subscribe("wake/outbox", second.handler());
  store_->subscribe("wake/other", other.handler());
  const StateResult published = run(op::Publish{"wake/outbox", "m"});
  EXPECT_EQ(published.status.code, StateCode::ok);
  EXPECT_THAT(first.messages(), ElementsAre(Message{"wake/outbox", "m"}));
  EXPECT_THAT(second.messages(), ElementsAre(Message{"wake/outbox", "m"}));
  EXPECT_TRUE(other.messages().empty());
  EXPECT_EQ(value_of("wake/outbox"), "<absent>") << "a publish stores nothing";
}

TEST_F(PublishOps, MessagesArriveInTheOrderPublished) {
  Inbox inbox;
  store_->subscribe("c", inbox.handler());
  execute({op::Publish{"c", "1"}, op::Set{"k", "v"}, op::Publish{"c", "2"}});
  run(op::Publish{"c", "3"});
  EXPECT_THAT(inbox.messages(), ElementsAre(Message{"c", "1"}, Message{"c", "2"}, Message{"c", "3"}));
}

TEST_F(PublishOps, AStoppedBatchPublishesNothing) {
  Inbox inbox;
  store_->subscribe("c", inbox.handler());
  run(op::Set{"existing", "x"});
  const BatchResult batch = execute({op::Publish{"c", "rolled back"}, op::SetIfAbsent{"existing", "y"}});
  EXPECT_EQ(batch.status.code, StateCode::exists);
  run(op::Publish{"c", "after"});
  EXPECT_THAT(inbox.messages(), ElementsAre(Message{"c", "after"}));
}

TEST_F(PublishOps, AStoppedBatchDoesNotStopTheOthersOfItsRound) {
  Inbox inbox;
  store_->subscribe("c", inbox.handler());
  run(op::Set{"existing", "x"});
  start({op::Publish{"c", "a"}}, [](BatchResult) {});
  start({op::Publish{"c", "b"}, op::SetIfAbsent{"existing", "y"}}, [](BatchResult) {});
  start({op::Publish{"c", "c"}}, [](BatchResult) {});
  wait_for_calls();
  EXPECT_THAT(inbox.messages(), ElementsAre(Message{"c", "a"}, Message{"c", "c"}));
}

TEST_F(PublishOps, NothingPublishedBeforeASubscriptionArrives) {
  run(op::Publish{"c", "early"});
  Inbox inbox;
  store_->subscribe("c", inbox.handler());
  run(op::Publish{"c", "late"});
  EXPECT_THAT(inbox.messages(), ElementsAre(Message{"c", "late"}));
}

TEST_F(PublishOps, AThrowingSubscriberIsLoggedAndTheOthersStillGetTheMessage) {
  Inbox inbox;
  store_->subscribe("c", [](std::string_view, std::string_view) { throw std::runtime_error("subscriber broke"); });
  store_->subscribe("c", inbox.handler());
  EXPECT_EQ(run(op::Publish{"c", "m"}).status.code, StateCode::ok);
  EXPECT_THAT(inbox.messages(), ElementsAre(Message{"c", "m"}));
  EXPECT_TRUE(host_.logged(SMPPD_LOG_ERROR, "subscriber broke"));
}

}  // namespace
}  // namespace smppd::plugins::embedded
