#include "host/receipts/client_registry.h"

#include <gtest/gtest.h>

namespace smppd::receipts {
namespace {

class NullReceiver : public ReceiverSession {
 public:
  void deliver(codec::Pdu, std::function<void(bool)> done) override { done(true); }
};

TEST(ClientRegistry, RoundRobinOverLiveReceiversOfTheClient) {
  ClientRegistry registry;
  auto a = std::make_shared<NullReceiver>();
  auto b = std::make_shared<NullReceiver>();
  registry.add("acme", Receiver{1, a, {}});
  registry.add("acme", Receiver{2, b, {}});
  registry.add("other", Receiver{3, a, {}});
  std::vector<uint64_t> picked;
  for (int i = 0; i < 4; ++i) picked.push_back(registry.pick("acme")->session_id);
  EXPECT_EQ(picked, (std::vector<uint64_t>{1, 2, 1, 2}));
  EXPECT_EQ(registry.pick("acme", /*exclude=*/1)->session_id, 2u);
  b.reset();  // a session gone without removing itself is skipped
  EXPECT_EQ(registry.pick("acme")->session_id, 1u);
  EXPECT_EQ(registry.pick("acme")->session_id, 1u);
  registry.remove("acme", 1);
  registry.remove("acme", 2);
  EXPECT_FALSE(registry.pick("acme"));
  EXPECT_EQ(registry.count("other"), 1u);
}

TEST(ClientRegistry, BindingAReceiverTellsTheListener) {
  ClientRegistry registry;
  std::vector<std::string> bound;
  registry.set_bound_listener([&](const std::string& system_id) { bound.push_back(system_id); });
  auto a = std::make_shared<NullReceiver>();
  registry.add("acme", Receiver{1, a, {}});
  EXPECT_EQ(bound, std::vector<std::string>{"acme"});
}

}  // namespace
}  // namespace smppd::receipts
