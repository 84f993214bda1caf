// Several smppd nodes sharing one real redis-server (docs/multi-node.md): a client bound to one
// node gets receipts for messages submitted through another and reported to a third, exactly
// once; the shared outbox is drained by whichever node the client binds to; a node killed with
// SIGKILL mid-traffic and a Redis restarted mid-traffic lose nothing and send nothing twice.
// The SMSC is the in-test FakeSmsc, which lets the test choose the node a receipt arrives at.
#include <csignal>
#include <map>
#include <set>

#include <boost/json.hpp>

#include "host/codec/command_status.h"
#include "tests/integration/redis_nodes_test.h"
#include "tests/support/http_client.h"

namespace smppd::integration {
namespace {

namespace status = codec::status;
using testing::describe;

constexpr const char* kDestination = "4915112345678";

using Node = RedisNode;

class MultiNodeTest : public RedisNodesTest {
 protected:
  // Durable as a production Redis is (every write in the append-only file before the answer), so
  // that a restart keeps what it had.
  MultiNodeTest() : RedisNodesTest(testing::RedisServer::Options{{}, {"--appendonly", "yes", "--appendfsync", "always"}}) {}

  // Node `id`; MO to the short code 12345 is acme's.
  Node& start_node(const std::string& id) {
    return RedisNodesTest::start_node(id, client_listener(),
                                      "[[mo_routes]]\nname = \"acme-short-code\"\n"
                                      "match = { destination_prefix = [\"12345\"] }\nsystem_id = \"acme\"\n");
  }

  std::unique_ptr<testing::SmppTestClient> bind_to(const Node& node, const std::string& system_id,
                                                   CommandId command = CommandId::bind_transceiver) {
    auto client = std::make_unique<testing::SmppTestClient>(node.port);
    if (!client->connected()) {
      ADD_FAILURE() << "cannot connect to node " << node.id;
      return nullptr;
    }
    const auto response = client->bind(command, system_id);
    if (!response || response->command_status != status::kOk) {
      ADD_FAILURE() << "bind to node " << node.id << ": " << describe(response);
      return nullptr;
    }
    return client;
  }

  // Submits `count` messages with receipts through `client`; smppd's ids by text.
  std::map<std::string, std::string> submit_many(testing::SmppTestClient& client, int count, const std::string& tag) {
    std::map<std::string, std::string> ids;
    for (int i = 0; i < count; ++i) {
      const std::string text = tag + "-" + std::to_string(i);
      const auto response = client.call(submit_with_receipt(kDestination, text));
      EXPECT_TRUE(response && response->command_status == status::kOk) << text << ": " << describe(response);
      if (response && response->command_status == status::kOk) ids[text] = response->message_id;
    }
    return ids;
  }

  // Sends a receipt for every submit the SMSC got whose text starts with `tag`, on `connection`;
  // the deliver_sm sequence numbers.
  std::vector<uint32_t> send_receipts(const std::string& tag, uint64_t connection) {
    std::vector<uint32_t> sequences;
    for (const FakeSmsc::Submit& submit : smsc_.submits()) {
      if (submit.pdu.short_message.rfind(tag, 0) != 0) continue;
      const auto id = smsc_.wait_message_id(submit, 5s);
      EXPECT_TRUE(id) << "the SMSC never accepted " << submit.pdu.short_message;
      if (!id) continue;
      sequences.push_back(smsc_.deliver(connection, FakeSmsc::make_receipt(submit.pdu, *id, *id)));
    }
    return sequences;
  }

  // Reads receipts on `client` for `window`, answering each ESME_ROK: how many came per smppd id.
  static std::map<std::string, int> collect_receipts(testing::SmppTestClient& client, size_t expected, Millis window) {
    std::map<std::string, int> seen;
    size_t total = 0;
    const auto give_up = std::chrono::steady_clock::now() + window;
    while (std::chrono::steady_clock::now() < give_up) {
      // Once all came, listen a little longer for duplicates.
      const Millis wait = total >= expected ? Millis(1500) : Millis(500);
      const auto receipt = next_deliver_sm(client, wait);
      if (!receipt) {
        if (total >= expected) break;
        continue;
      }
      ++total;
      const ReceiptFields fields = receipt_fields(*receipt);
      seen[fields.tlv_id.value_or("(none)")] += 1;
    }
    return seen;
  }

  static void expect_exactly_once(const std::map<std::string, std::string>& submitted,
                                  const std::map<std::string, int>& received) {
    EXPECT_EQ(received.size(), submitted.size());
    for (const auto& [text, smppd_id] : submitted) {
      const auto it = received.find(smppd_id);
      if (it == received.end()) {
        ADD_FAILURE() << "no receipt for " << text << " (" << smppd_id << ")";
      } else {
        EXPECT_EQ(it->second, 1) << "receipt for " << text << " (" << smppd_id << ") came " << it->second << " times";
      }
    }
  }

};

TEST_F(MultiNodeTest, BoundToASubmittedThroughBReportedToCEachReceiptOnce) {
  Node& a = start_node("a");
  Node& b = start_node("b");
  Node& c = start_node("c");
  auto receiver = bind_to(a, "acme", CommandId::bind_receiver);
  auto sender = bind_to(b, "acme", CommandId::bind_transmitter);
  ASSERT_TRUE(receiver && sender);

  const auto submitted = submit_many(*sender, 30, "abc");
  ASSERT_EQ(submitted.size(), 30u);
  const std::vector<uint32_t> sequences = send_receipts("abc", c.smsc_connection);
  ASSERT_EQ(sequences.size(), 30u);

  expect_exactly_once(submitted, collect_receipts(*receiver, submitted.size(), 20s));
  for (const uint32_t sequence : sequences) {
    const auto answered = smsc_.wait_deliver_resp(sequence, 5s);
    ASSERT_TRUE(answered) << "node c never answered deliver_sm " << sequence;
    EXPECT_EQ(answered->command_status, status::kOk);
  }

  // Every node lists the three.
  const testing::HttpReply cluster = testing::http_get(b.admin_port, "/cluster");
  ASSERT_EQ(cluster.status, 200) << cluster.body;
  const boost::json::value parsed = boost::json::parse(cluster.body);
  std::set<std::string> ids;
  for (const auto& card : parsed.at("nodes").as_array()) ids.insert(std::string(card.at("id").as_string()));
  EXPECT_EQ(ids, (std::set<std::string>{"a", "b", "c"})) << cluster.body;
  EXPECT_TRUE(parsed.at("shared_state").at("ready").as_bool());
}

// An MO the SMSC sends to a node where its client is not bound is handed over to the node where
// it is, each exactly once, and answered to the SMSC only once it is stored for that.
TEST_F(MultiNodeTest, AnMoArrivingAtOneNodeReachesTheClientBoundToAnotherOnce) {
  Node& a = start_node("a");
  Node& b = start_node("b");
  auto receiver = bind_to(a, "acme", CommandId::bind_receiver);
  ASSERT_TRUE(receiver);
  constexpr int kCount = 20;
  std::vector<uint32_t> sequences;
  for (int i = 0; i < kCount; ++i) {
    sequences.push_back(
        smsc_.deliver(b.smsc_connection, FakeSmsc::make_mo("447700900123", "12345", "mo-" + std::to_string(i))));
  }
  for (const uint32_t sequence : sequences) {
    const auto answered = smsc_.wait_deliver_resp(sequence, 5s);
    ASSERT_TRUE(answered) << "node b never answered deliver_sm " << sequence;
    EXPECT_EQ(answered->command_status, status::kOk);
  }
  std::map<std::string, int> seen;
  size_t total = 0;
  const auto give_up = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < give_up) {
    // Once all came, listen a little longer for duplicates.
    const auto mo = next_deliver_sm(*receiver, total >= kCount ? Millis(1500) : Millis(500));
    if (!mo) {
      if (total >= kCount) break;
      continue;
    }
    ++total;
    EXPECT_EQ(mo->source_addr, "447700900123");
    EXPECT_EQ(mo->destination_addr, "12345");
    EXPECT_EQ(mo->esm_class, 0) << "an MO, not a receipt";
    seen[mo->short_message] += 1;
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kCount));
  for (int i = 0; i < kCount; ++i) {
    EXPECT_EQ(seen["mo-" + std::to_string(i)], 1) << "mo-" << i;
  }
}

TEST_F(MultiNodeTest, TheSharedOutboxIsDrainedByTheNodeTheClientBindsToLater) {
  Node& a = start_node("a");
  Node& b = start_node("b");
  auto sender = bind_to(a, "acme", CommandId::bind_transmitter);
  ASSERT_TRUE(sender);
  const auto submitted = submit_many(*sender, 20, "later");
  ASSERT_EQ(submitted.size(), 20u);
  // Nobody receives for acme yet: node a queues them in the shared outbox.
  const std::vector<uint32_t> sequences = send_receipts("later", a.smsc_connection);
  for (const uint32_t sequence : sequences) {
    const auto answered = smsc_.wait_deliver_resp(sequence, 5s);
    ASSERT_TRUE(answered);
    EXPECT_EQ(answered->command_status, status::kOk);
  }
  auto receiver = bind_to(b, "acme", CommandId::bind_receiver);
  ASSERT_TRUE(receiver);
  expect_exactly_once(submitted, collect_receipts(*receiver, submitted.size(), 20s));
}

TEST_F(MultiNodeTest, KillNineOfTheReceivingNodeMidTraffic) {
  Node& a = start_node("a");
  Node& b = start_node("b");
  Node& c = start_node("c");
  auto receiver = bind_to(a, "acme", CommandId::bind_receiver);
  auto sender = bind_to(b, "acme", CommandId::bind_transmitter);
  ASSERT_TRUE(receiver && sender);
  const auto submitted = submit_many(*sender, 200, "kill");
  ASSERT_EQ(submitted.size(), 200u);

  // Receipts go to node c, which is killed while it works through them.
  const std::vector<uint32_t> sequences = send_receipts("kill", c.smsc_connection);
  ASSERT_EQ(sequences.size(), 200u);
  // Mid-traffic: once a quarter is acknowledged, the rest in every stage of being handled.
  ASSERT_TRUE(smsc_.wait_deliver_resp(sequences[50], 20s)) << "node c never got to the 50th receipt";
  ASSERT_TRUE(c.process->send_signal(SIGKILL));
  c.process->wait_for_exit(std::chrono::seconds(10));

  // The SMSC sends again what node c never acknowledged, to node b (as an SMSC does after a bind
  // is lost): a queued one is recognised, a new one is delivered.
  size_t resent = 0;
  const std::vector<FakeSmsc::Submit> submits = smsc_.submits();
  size_t index = 0;
  for (const FakeSmsc::Submit& submit : submits) {
    if (submit.pdu.short_message.rfind("kill", 0) != 0) continue;
    const uint32_t sequence = sequences.at(index++);
    const auto answered = smsc_.wait_deliver_resp(sequence, Millis(0));
    if (answered && answered->command_status == status::kOk) continue;
    const auto id = smsc_.wait_message_id(submit, 1s);
    ASSERT_TRUE(id);
    smsc_.deliver(b.smsc_connection, FakeSmsc::make_receipt(submit.pdu, *id, *id));
    ++resent;
  }
  std::cout << "node c acknowledged " << sequences.size() - resent << " receipts before SIGKILL; " << resent
            << " sent again to node b\n";
  expect_exactly_once(submitted, collect_receipts(*receiver, submitted.size(), 40s));
  c.process.reset();  // killed on purpose: no exit code to check
}

TEST_F(MultiNodeTest, RedisRestartedMidTrafficLosesNothing) {
  Node& a = start_node("a");
  Node& b = start_node("b");
  auto receiver = bind_to(a, "acme", CommandId::bind_receiver);
  auto sender = bind_to(a, "acme", CommandId::bind_transmitter);
  ASSERT_TRUE(receiver && sender);

  auto before = submit_many(*sender, 20, "before");
  redis_.kill();
  // Submits go on without Redis; their mappings wait in node a's memory.
  auto during = submit_many(*sender, 20, "during");
  ASSERT_EQ(during.size(), 20u);
  // Node b cannot match receipts now: it refuses them for the SMSC to send again.
  const std::vector<uint32_t> refused = send_receipts("before", b.smsc_connection);
  for (const uint32_t sequence : refused) {
    const auto answered = smsc_.wait_deliver_resp(sequence, 10s);
    ASSERT_TRUE(answered);
    EXPECT_EQ(answered->command_status, status::kXTAppn);
  }
  const testing::HttpReply not_ready = testing::http_get(a.admin_port, "/ready/shared_state");
  EXPECT_EQ(not_ready.status, 503) << not_ready.body;
  EXPECT_EQ(testing::http_get(a.admin_port, "/ready").status, 200);

  std::string error;
  ASSERT_TRUE(redis_.start(&error)) << error;
  // Node a writes the kept mappings; then every receipt, sent to node b, matches.
  const auto give_up = std::chrono::steady_clock::now() + 20s;
  while (testing::http_get(a.admin_port, "/ready/shared_state").status != 200 &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(testing::http_get(a.admin_port, "/ready/shared_state").status, 200);
  std::this_thread::sleep_for(2s);  // one unsaved-mapping retry round
  before.insert(during.begin(), during.end());
  send_receipts("before", b.smsc_connection);
  send_receipts("during", b.smsc_connection);
  expect_exactly_once(before, collect_receipts(*receiver, before.size(), 30s));
}

}  // namespace
}  // namespace smppd::integration
