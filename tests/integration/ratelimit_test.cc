// The ratelimit plugin (plugins/filter/ratelimit) in the real smppd, in front of the in-test
// FakeSmsc: a local limit that counts message parts and answers ESME_RTHROTTLED beyond its burst,
// a limit keyed by the route the router would pick, and one global limit shared by two smppd nodes
// through one real redis-server while clients on both submit at once.
#include <atomic>
#include <filesystem>
#include <thread>

#include "host/codec/command_status.h"
#include "host/codec/tlv_tag.h"
#include "tests/integration/redis_nodes_test.h"

namespace smppd::integration {
namespace {

namespace status = codec::status;
using testing::describe;

bool ratelimit_built() {
  const std::filesystem::path dir = SMPPD_PLUGIN_DIR;
  return std::filesystem::exists(dir / "ratelimit.toml") && std::filesystem::exists(dir / "libsmppd_ratelimit.so");
}

// The [[listeners.filters]] table of the ratelimit filter with these [[limits]] (TOML bodies).
std::string ratelimit_filter(const std::vector<std::string>& limits) {
  std::string toml = "[[listeners.filters]]\nname = \"ratelimit\"\n[listeners.filters.config]\n";
  for (const std::string& limit : limits) toml += "[[listeners.filters.config.limits]]\n" + limit + "\n";
  return toml;
}

// A submit_sm whose text travels in message_payload: one message of `length` GSM-7 characters.
codec::Pdu long_submit(std::string_view destination, size_t length) {
  codec::Pdu submit = testing::make_submit_sm(destination, "");
  submit.short_message.clear();
  submit.tlvs.set(codec::tlv::kMessagePayload, std::string(length, 'a'));
  return submit;
}

// Part `sequence` of `total` of a concatenated message (UDH, 8-bit reference).
codec::Pdu udh_part(std::string_view destination, uint8_t reference, uint8_t total, uint8_t sequence) {
  codec::Pdu submit = testing::make_submit_sm(destination, "");
  submit.esm_class = 0x40;
  submit.short_message = std::string("\x05\x00\x03", 3) + static_cast<char>(reference) + static_cast<char>(total) +
                         static_cast<char>(sequence) + std::string(153, 'b');
  return submit;
}

class RatelimitTest : public ProxyTest {
 protected:
  void SetUp() override {
    if (!ratelimit_built()) GTEST_SKIP() << "ratelimit is not in " << SMPPD_PLUGIN_DIR;
  }

  void start_limited(FakeSmsc& smsc, const std::vector<std::string>& limits, const std::string& routes) {
    ListenerSpec listener = client_listener();
    listener.filters = ratelimit_filter(limits);
    start(listener, cluster_toml("smsc", {{"f1", smsc.port()}}) + routes);
  }
};

TEST_F(RatelimitTest, ALocalLimitCountsPartsAndAnswersThrottledBeyondItsBurst) {
  FakeSmsc& smsc = start_fake_smsc();
  ASSERT_NO_FATAL_FAILURE(start_limited(
      smsc, {"name = \"per_client\"\nkeys = [\"client\"]\nrate = 0.001\nburst = 6\n"},
      "[[routes]]\nname = \"all\"\ncluster = \"smsc\"\n"));
  auto acme = bound_as("acme", CommandId::bind_transmitter);
  auto globex = bound_as("globex", CommandId::bind_transmitter);
  ASSERT_TRUE(acme && globex);

  // One message of 400 characters needs 3 parts: it costs 3 of the 6.
  const auto long_message = acme->call(long_submit("447700900123", 400));
  ASSERT_TRUE(long_message);
  EXPECT_EQ(long_message->command_status, status::kOk) << describe(long_message);
  // Three parts of a concatenated message cost 1 each: 6 of 6.
  for (uint8_t part = 1; part <= 3; ++part) {
    const auto response = acme->call(udh_part("447700900123", 7, 3, part));
    ASSERT_TRUE(response);
    EXPECT_EQ(response->command_status, status::kOk) << "part " << int(part) << ": " << describe(response);
  }
  const auto beyond = acme->submit("447700900123", "one more");
  ASSERT_TRUE(beyond);
  EXPECT_EQ(beyond->command_status, status::kThrottled) << describe(beyond);
  EXPECT_TRUE(beyond->body_absent);

  const auto other = globex->submit("447700900123", "another client");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->command_status, status::kOk) << "globex has a bucket of its own: " << describe(other);

  ASSERT_TRUE(smsc.wait_submits(5, 5s));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(smsc.submits().size(), 5u) << "the refused message never reaches the SMSC";
  EXPECT_NE(smppd().log().find("limit per_client refused 1 part(s) for client=acme (local): 0x00000058"), std::string::npos)
      << "a debug line for the refusal";
}

TEST_F(RatelimitTest, ALimitKeyedByTheRouteTheRouterWouldPick) {
  FakeSmsc& smsc = start_fake_smsc();
  ASSERT_NO_FATAL_FAILURE(start_limited(
      smsc, {"name = \"per_route\"\nkeys = [\"route\"]\nrate = 0.001\nburst = 1\nstatus = 0x14\n"},
      "[[routes]]\nname = \"uk\"\nmatch = { destination_prefix = [\"44\"] }\ncluster = \"smsc\"\n"
      "[[routes]]\nname = \"de\"\nmatch = { destination_prefix = [\"49\"] }\ncluster = \"smsc\"\n"));
  auto client = bound_as("acme", CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  const auto uk = client->submit("447700900123", "first to uk");
  ASSERT_TRUE(uk);
  EXPECT_EQ(uk->command_status, status::kOk) << describe(uk);
  const auto uk_again = client->submit("447700900124", "second to uk");
  ASSERT_TRUE(uk_again);
  EXPECT_EQ(uk_again->command_status, status::kMsgQFul) << "route uk's bucket is empty: " << describe(uk_again);
  const auto de = client->submit("4915112345678", "first to de");
  ASSERT_TRUE(de);
  EXPECT_EQ(de->command_status, status::kOk) << "route de has its own bucket: " << describe(de);
  const auto nowhere = client->submit("33612345678", "no route");
  ASSERT_TRUE(nowhere);
  EXPECT_EQ(nowhere->command_status, status::kInvDstAdr) << "no route: the limit does not apply, the router refuses";
}

// ---- two nodes, one Redis -------------------------------------------------------------------

// A global limit of kRate parts a second with bursts of kBurst, per client, shared by the nodes.
constexpr int kRate = 20;
constexpr int kBurst = 10;

using Node = RedisNode;

class RatelimitTwoNodesTest : public RedisNodesTest {
 protected:
  void SetUp() override {
    if (!ratelimit_built()) GTEST_SKIP() << "ratelimit is not in " << SMPPD_PLUGIN_DIR;
    RedisNodesTest::SetUp();
  }

  // A node with the shared limit.
  Node& start_node(const std::string& id) {
    ListenerSpec listener = client_listener();
    listener.filters = ratelimit_filter({"name = \"shared\"\nkeys = [\"client\"]\nrate = " + std::to_string(kRate) +
                                         "\nburst = " + std::to_string(kBurst) +
                                         "\nscope = \"global\"\non_store_unavailable = \"deny\"\n"});
    return RedisNodesTest::start_node(id, std::move(listener));
  }
};

TEST_F(RatelimitTwoNodesTest, ClientsOnBothNodesShareOneGlobalLimit) {
  Node& a = start_node("a");
  Node& b = start_node("b");
  ASSERT_FALSE(HasFailure());

  // Two sessions of one client on each node, each submitting as fast as it gets answers.
  constexpr int kSessionsPerNode = 2;
  std::vector<std::unique_ptr<testing::SmppTestClient>> clients;
  for (const Node* node : {&a, &b}) {
    for (int i = 0; i < kSessionsPerNode; ++i) {
      auto client = std::make_unique<testing::SmppTestClient>(node->port);
      ASSERT_TRUE(client->connected()) << client->error();
      const auto bound = client->bind(CommandId::bind_transmitter, "acme", "pw");
      ASSERT_TRUE(bound && bound->command_status == status::kOk) << describe(bound);
      clients.push_back(std::move(client));
    }
  }

  struct Tally {
    std::atomic<int> accepted{0};
    std::atomic<int> throttled{0};
    std::atomic<int> other{0};
  };
  Tally per_node[2];
  const auto run_for = 3s;
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> senders;
  for (size_t i = 0; i < clients.size(); ++i) {
    senders.emplace_back([&, i] {
      Tally& tally = per_node[i / kSessionsPerNode];
      while (std::chrono::steady_clock::now() - started < run_for) {
        const auto response = clients[i]->submit("447700900123", "shared limit");
        if (!response) {
          tally.other.fetch_add(1);
          return;
        }
        if (response->command_status == status::kOk) {
          tally.accepted.fetch_add(1);
        } else if (response->command_status == status::kThrottled) {
          tally.throttled.fetch_add(1);
        } else {
          tally.other.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& sender : senders) sender.join();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const int accepted = per_node[0].accepted + per_node[1].accepted;
  const int throttled = per_node[0].throttled + per_node[1].throttled;
  const double allowed = kBurst + kRate * elapsed;
  std::cout << "accepted " << per_node[0].accepted << " + " << per_node[1].accepted << ", throttled "
            << per_node[0].throttled << " + " << per_node[1].throttled << " in " << elapsed << " s (at most "
            << allowed << ")\n";
  EXPECT_EQ(per_node[0].other + per_node[1].other, 0) << "every answer is ESME_ROK or ESME_RTHROTTLED";
  EXPECT_LE(accepted, static_cast<int>(allowed)) << "never more than burst + rate * elapsed across both nodes";
  // The clients ask far more than the limit allows, so nearly all of it is used; fewer only by
  // what scheduling on a busy machine costs.
  EXPECT_GE(accepted, static_cast<int>(0.8 * allowed));
  EXPECT_GT(throttled, accepted) << "the clients asked for more than the limit allows";
  EXPECT_GT(per_node[0].accepted, 0);
  EXPECT_GT(per_node[1].accepted, 0);
  EXPECT_GT(per_node[0].throttled, 0) << "node a refused too: the bucket is not per node";
  EXPECT_GT(per_node[1].throttled, 0) << "node b refused too: the bucket is not per node";
}

}  // namespace
}  // namespace smppd::integration
