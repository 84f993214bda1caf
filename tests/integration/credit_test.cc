// Prepaid credit (plugins/filter/credit) in the real smppd: a submit's parts times its price leave
// the balance when the SMSC accepts it and come back when it refuses it; balances are topped up
// through the admin API; and two nodes on one real redis-server share one balance without ever
// letting more through than it holds. The SMSC is the in-test FakeSmsc.
#include <atomic>
#include <csignal>
#include <iostream>
#include <thread>

#include <boost/json.hpp>

#include "host/codec/command_status.h"
#include "tests/integration/redis_nodes_test.h"
#include "tests/support/http_client.h"

namespace smppd::integration {
namespace {

namespace status = codec::status;
using testing::describe;

constexpr const char* kDestination = "4915112345678";
constexpr const char* kRouteAll = "[[routes]]\nname = \"all\"\ncluster = \"smsc\"\n";

// The listener's filter chain: the credit filter with `config` (TOML lines of its table).
std::string credit_filter(const std::string& config) {
  return "[[listeners.filters]]\nname = \"credit\"\ntimeout_ms = 5000\n[listeners.filters.config]\n" + config;
}

std::string admin_toml(uint16_t port) { return "[admin]\naddress = \"127.0.0.1\"\nport = " + std::to_string(port) + "\n"; }

// The account's balance as GET /plugins/credit/balance answers it; -1 with a failure added.
int64_t balance_of(uint16_t admin_port, const std::string& account) {
  const testing::HttpReply reply = testing::http_get(admin_port, "/plugins/credit/balance?account=" + account);
  EXPECT_EQ(reply.status, 200) << reply.body << reply.error;
  if (reply.status != 200) return -1;
  return boost::json::parse(reply.body).at("balance").to_number<int64_t>();
}

// Waits until the balance is `expected` (refunds and commits come after the resp); the last seen.
int64_t await_balance(uint16_t admin_port, const std::string& account, int64_t expected, Millis timeout = 5s) {
  const auto give_up = std::chrono::steady_clock::now() + timeout;
  int64_t seen = balance_of(admin_port, account);
  while (seen != expected && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(20ms);
    seen = balance_of(admin_port, account);
  }
  return seen;
}

void set_balance(uint16_t admin_port, const std::string& account, int64_t amount) {
  const testing::HttpReply reply =
      testing::http_post(admin_port, "/plugins/credit/set?account=" + account + "&amount=" + std::to_string(amount));
  ASSERT_EQ(reply.status, 200) << reply.body << reply.error;
}

// A stat of /stats?format=json, 0 when absent.
uint64_t stat_of(uint16_t admin_port, const std::string& name) {
  const testing::HttpReply reply = testing::http_get(admin_port, "/stats?format=json&filter=" + name + "$");
  if (reply.status != 200) return 0;
  const boost::json::value parsed = boost::json::parse(reply.body);
  for (const auto& stat : parsed.at("stats").as_array()) {
    if (stat.at("name").as_string() == name) return stat.at("value").to_number<uint64_t>();
  }
  return 0;
}

class CreditTest : public ProxyTest {
 protected:
  // smppd with its admin API in front of `smsc`, the credit filter on its listener.
  void start_with_credit(FakeSmsc& smsc, const std::string& config) {
    admin_port_ = testing::free_port();
    ListenerSpec listener = client_listener();
    listener.filters = credit_filter(config);
    ASSERT_NO_FATAL_FAILURE(start(listener, admin_toml(admin_port_) + cluster_toml("smsc", {{"f1", smsc.port()}}) + kRouteAll));
    ASSERT_TRUE(smsc.wait_bound(1, 10s)) << "smppd never bound to the SMSC";
  }

  // Submits `text`; the resp's command_status, or -1 without one.
  static int64_t submit(testing::SmppTestClient& client, const std::string& text) {
    const auto response = client.call(testing::make_submit_sm(kDestination, text));
    EXPECT_TRUE(response) << text << ": no resp";
    return response ? static_cast<int64_t>(response->command_status) : -1;
  }

  uint16_t admin_port_ = 0;
};

TEST_F(CreditTest, TheBalanceGoesDownByPartsTimesPriceOnEsmeRokAndComesBackOnAnError) {
  FakeSmsc& smsc = start_fake_smsc();
  smsc.set_submit_handler([](FakeSmsc& fake, const FakeSmsc::Submit& submit) {
    const bool refuse = submit.pdu.short_message.rfind("refuse", 0) == 0;
    fake.respond(submit, refuse ? status::kInvDstAdr : status::kOk, refuse ? "" : fake.next_message_id());
  });
  ASSERT_NO_FATAL_FAILURE(start_with_credit(smsc, "default_price = 10\nprices = { \"4915\" = 7 }\n"));
  ASSERT_NO_FATAL_FAILURE(set_balance(admin_port_, "acme", 1000));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);

  EXPECT_EQ(submit(*client, "hello"), status::kOk);
  EXPECT_EQ(balance_of(admin_port_, "acme"), 993) << "one part at the 4915 prefix's 7";
  EXPECT_EQ(submit(*client, std::string(200, 'a')), status::kOk);
  EXPECT_EQ(balance_of(admin_port_, "acme"), 979) << "two parts";

  EXPECT_EQ(submit(*client, "refuse this"), status::kInvDstAdr);
  EXPECT_EQ(await_balance(admin_port_, "acme", 979), 979) << "the refused message's reservation comes back";

  const auto give_up = std::chrono::steady_clock::now() + 5s;
  while (stat_of(admin_port_, "smppd.plugin.credit.committed") < 2 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(stat_of(admin_port_, "smppd.plugin.credit.committed"), 2u);
  EXPECT_EQ(stat_of(admin_port_, "smppd.plugin.credit.refunded"), 1u);
  EXPECT_EQ(smsc.submits().size(), 3u);

  ASSERT_NO_FATAL_FAILURE(set_balance(admin_port_, "acme", 6));
  EXPECT_EQ(submit(*client, "too dear"), status::kSubmitFail);
  EXPECT_EQ(smsc.submits().size(), 3u) << "a refused message never reaches the SMSC";
  EXPECT_EQ(balance_of(admin_port_, "acme"), 6);
}

TEST_F(CreditTest, AMessageTheSmscTookStaysChargedWhenTheClientLeftBeforeItsResp) {
  FakeSmsc& smsc = start_fake_smsc();
  smsc.set_submit_handler([](FakeSmsc& fake, const FakeSmsc::Submit& submit) {
    fake.respond(submit, status::kOk, fake.next_message_id(), Millis(700));
  });
  ASSERT_NO_FATAL_FAILURE(start_with_credit(smsc, "default_price = 10\n"));
  ASSERT_NO_FATAL_FAILURE(set_balance(admin_port_, "acme", 100));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);
  codec::Pdu message = testing::make_submit_sm(kDestination, "sent, then the client goes");
  message.sequence_number = client->next_sequence();
  ASSERT_TRUE(client->send(message));
  ASSERT_TRUE(smsc.wait_submits(1, 5s));
  client->close();  // before the SMSC's resp

  const auto give_up = std::chrono::steady_clock::now() + 5s;
  while (stat_of(admin_port_, "smppd.plugin.credit.committed") + stat_of(admin_port_, "smppd.plugin.credit.refunded") == 0 &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(stat_of(admin_port_, "smppd.plugin.credit.committed"), 1u) << "the SMSC took it: it is charged";
  EXPECT_EQ(stat_of(admin_port_, "smppd.plugin.credit.refunded"), 0u);
  EXPECT_EQ(balance_of(admin_port_, "acme"), 90);
}

TEST_F(CreditTest, TopUpThroughTheAdminApiIsAudited) {
  FakeSmsc& smsc = start_fake_smsc();
  ASSERT_NO_FATAL_FAILURE(start_with_credit(smsc, "default_price = 10\n"));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);
  EXPECT_EQ(submit(*client, "nothing yet"), status::kSubmitFail);

  const testing::HttpReply topped = testing::http_post(admin_port_, "/plugins/credit/topup?account=acme&amount=25");
  ASSERT_EQ(topped.status, 200) << topped.body;
  const boost::json::value answer = boost::json::parse(topped.body);
  EXPECT_EQ(answer.at("old_balance").to_number<int64_t>(), 0);
  EXPECT_EQ(answer.at("balance").to_number<int64_t>(), 25);
  EXPECT_EQ(submit(*client, "now"), status::kOk);
  EXPECT_EQ(submit(*client, "again"), status::kOk);
  EXPECT_EQ(submit(*client, "once more"), status::kSubmitFail);
  EXPECT_EQ(await_balance(admin_port_, "acme", 5), 5);

  EXPECT_EQ(testing::http_get(admin_port_, "/plugins/credit/topup?account=acme&amount=5").status, 405);
  EXPECT_EQ(testing::http_post(admin_port_, "/plugins/credit/topup?account=acme&amount=-5").status, 400);
  EXPECT_EQ(testing::http_post(admin_port_, "/plugins/credit/topup?amount=5").status, 400);
  EXPECT_EQ(balance_of(admin_port_, "acme"), 5);

  // The audit trail: the plugin's own logger, with who asked.
  const std::string log = smppd().log();
  EXPECT_NE(log.find("plugin.credit.audit"), std::string::npos) << log.substr(log.size() > 4000 ? log.size() - 4000 : 0);
  EXPECT_NE(log.find(R"("action":"topup","account":"acme","old":0,"new":25,"amount":25)"), std::string::npos);
  EXPECT_NE(log.find(R"("who":"127.0.0.1:)"), std::string::npos);
}

// --- grant mode

// The node takes 100 at a time and charges in memory: the balance drops by the grant, not by each
// message; an error resp gives its cost back to the grant; once the account is idle the unspent
// part goes back, and the balance is the start less what was accepted.
TEST_F(CreditTest, InGrantModeTheBalanceEndsAtTheStartLessWhatWasAccepted) {
  FakeSmsc& smsc = start_fake_smsc();
  smsc.set_submit_handler([](FakeSmsc& fake, const FakeSmsc::Submit& submit) {
    const bool refuse = submit.pdu.short_message.rfind("refuse", 0) == 0;
    fake.respond(submit, refuse ? status::kInvDstAdr : status::kOk, refuse ? "" : fake.next_message_id());
  });
  ASSERT_NO_FATAL_FAILURE(
      start_with_credit(smsc, "default_price = 10\ngrant = 100\ngrant_flush_ms = 50\ngrant_idle_s = 2\n"));
  ASSERT_NO_FATAL_FAILURE(set_balance(admin_port_, "acme", 1000));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);

  EXPECT_EQ(submit(*client, "first"), status::kOk);
  const testing::HttpReply first = testing::http_get(admin_port_, "/plugins/credit/balance?account=acme");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(boost::json::parse(first.body).at("balance").to_number<int64_t>(), 900) << "the grant left the balance";
  EXPECT_EQ(boost::json::parse(first.body).at("granted").to_number<int64_t>(), 90) << first.body;

  int64_t accepted = 10;
  uint64_t kept = 1;
  uint64_t refused = 0;
  for (int i = 0; i < 20; ++i) {
    if (i % 5 == 4) {
      EXPECT_EQ(submit(*client, "refuse " + std::to_string(i)), status::kInvDstAdr);
      ++refused;
    } else if (i % 4 == 0) {
      EXPECT_EQ(submit(*client, std::string(200, 'a')), status::kOk);  // two parts
      accepted += 20;
      ++kept;
    } else {
      EXPECT_EQ(submit(*client, "message " + std::to_string(i)), status::kOk);
      accepted += 10;
      ++kept;
    }
  }
  EXPECT_EQ(await_balance(admin_port_, "acme", 1000 - accepted, 15s), 1000 - accepted)
      << "after the idle give-back: the start less what was accepted";
  const testing::HttpReply last = testing::http_get(admin_port_, "/plugins/credit/balance?account=acme");
  EXPECT_EQ(boost::json::parse(last.body).at("granted").to_number<int64_t>(), 0) << last.body;
  EXPECT_GE(stat_of(admin_port_, "smppd.plugin.credit.grants_taken"), 2u);
  EXPECT_GE(stat_of(admin_port_, "smppd.plugin.credit.grant_flushes"), 1u);
  EXPECT_GE(stat_of(admin_port_, "smppd.plugin.credit.grant_give_backs"), 1u);
  EXPECT_EQ(stat_of(admin_port_, "smppd.plugin.credit.committed"), kept);
  EXPECT_EQ(stat_of(admin_port_, "smppd.plugin.credit.refunded"), refused);
  EXPECT_EQ(smsc.submits().size(), kept + refused);

  // A balance below the grant is taken as it is, and never overspent.
  ASSERT_NO_FATAL_FAILURE(set_balance(admin_port_, "acme", 25));
  EXPECT_EQ(submit(*client, "one"), status::kOk);
  EXPECT_EQ(submit(*client, "two"), status::kOk);
  EXPECT_EQ(submit(*client, "three"), status::kSubmitFail);
  EXPECT_EQ(await_balance(admin_port_, "acme", 5, 15s), 5);
  std::this_thread::sleep_for(300ms);  // the flush timer stops once nothing is held: none left at exit
}

// --- two nodes, one Redis

using Node = RedisNode;

class CreditTwoNodesTest : public RedisNodesTest {
 protected:
  Node& start_node(const std::string& id, const std::string& credit_config = "default_price = 10\n") {
    ListenerSpec listener = client_listener();
    listener.filters = credit_filter(credit_config);
    return RedisNodesTest::start_node(id, std::move(listener));
  }

  struct Spending {
    int64_t accepted = 0;
    int64_t accepted_by_b = 0;
    int64_t other = 0;  // neither accepted nor refused for the balance
  };
  // Two clients on each node, bound as acme, submit until the balance refuses them.
  static Spending spend_until_refused(const Node& a, const Node& b) {
    std::atomic<int64_t> accepted{0};
    std::atomic<int64_t> accepted_by_b{0};
    std::atomic<int64_t> other{0};
    std::vector<std::thread> clients;
    for (const Node* node : {&a, &b, &a, &b}) {
      clients.emplace_back([node, on_b = node == &b, &accepted, &accepted_by_b, &other] {
        testing::SmppTestClient client(node->port);
        const auto bound = client.bind(CommandId::bind_transceiver, "acme", "pw");
        if (!bound || bound->command_status != status::kOk) {
          ++other;
          return;
        }
        for (int i = 0; i < 1000; ++i) {
          const auto response = client.call(testing::make_submit_sm(kDestination, "shared " + std::to_string(i)));
          if (!response) {
            ++other;
            return;
          }
          if (response->command_status == status::kSubmitFail) return;  // refused: the balance is spent
          if (response->command_status == status::kOk) {
            ++accepted;
            if (on_b) ++accepted_by_b;
          } else {
            ++other;
          }
        }
      });
    }
    for (std::thread& client : clients) client.join();
    return {accepted.load(), accepted_by_b.load(), other.load()};
  }

};

TEST_F(CreditTwoNodesTest, ClientsOnBothNodesNeverSpendMoreThanTheSharedBalance) {
  constexpr int64_t kStart = 1005;
  constexpr int64_t kPrice = 10;
  Node& a = start_node("a");
  Node& b = start_node("b");
  ASSERT_FALSE(HasFailure());
  ASSERT_NO_FATAL_FAILURE(set_balance(a.admin_port, "acme", kStart));
  EXPECT_EQ(balance_of(b.admin_port, "acme"), kStart) << "node b reads the balance node a set";

  const Spending spending = spend_until_refused(a, b);
  EXPECT_EQ(spending.other, 0) << "every submit was accepted or refused for its balance";
  const int64_t accepted = spending.accepted;
  const int64_t accepted_by_b = spending.accepted_by_b;

  const int64_t spent = accepted * kPrice;
  std::cout << "accepted " << accepted << " messages (" << accepted_by_b
            << " through node b) from a balance of " << kStart << "\n";
  EXPECT_GT(accepted_by_b, 0);
  EXPECT_LT(accepted_by_b, accepted) << "both nodes spent from the balance";
  EXPECT_LE(spent, kStart);
  EXPECT_EQ(accepted, kStart / kPrice) << "the balance refuses only once it is below the price";
  EXPECT_EQ(await_balance(a.admin_port, "acme", kStart - spent), kStart - spent);
  EXPECT_EQ(balance_of(b.admin_port, "acme"), kStart - spent);
  EXPECT_EQ(smsc_.submits().size(), static_cast<size_t>(accepted));
}

// --- two nodes, one Redis, grant mode

constexpr const char* kGrantConfig = "default_price = 10\ngrant = 50\ngrant_flush_ms = 50\ngrant_idle_s = 1\n";

// Each node spends grants of 50 locally: together they never accept more than the balance, and
// once their grants went back the balance is exactly the start less what they accepted.
TEST_F(CreditTwoNodesTest, InGrantModeBothNodesSpendTheSharedBalanceAndGiveBackTheRest) {
  constexpr int64_t kStart = 1005;
  constexpr int64_t kPrice = 10;
  Node& a = start_node("a", kGrantConfig);
  Node& b = start_node("b", kGrantConfig);
  ASSERT_FALSE(HasFailure());
  ASSERT_NO_FATAL_FAILURE(set_balance(a.admin_port, "acme", kStart));

  const Spending spending = spend_until_refused(a, b);
  EXPECT_EQ(spending.other, 0) << "every submit was accepted or refused for its balance";
  const int64_t accepted = spending.accepted;
  const int64_t accepted_by_b = spending.accepted_by_b;
  // Idle for grant_idle_s, both nodes give back what they hold; then their flush timers stop.
  std::this_thread::sleep_for(1500ms);

  const int64_t spent = accepted * kPrice;
  std::cout << "grant mode: accepted " << accepted << " messages (" << accepted_by_b
            << " through node b) from a balance of " << kStart << "\n";
  EXPECT_GT(accepted_by_b, 0);
  EXPECT_LT(accepted_by_b, accepted) << "both nodes spent from the balance";
  EXPECT_LE(spent, kStart);
  // A node refuses once what it holds and the balance together are below the price.
  EXPECT_GE(spent, kStart - 2 * kPrice);
  EXPECT_EQ(await_balance(a.admin_port, "acme", kStart - spent, 15s), kStart - spent);
  EXPECT_EQ(balance_of(b.admin_port, "acme"), kStart - spent);
  EXPECT_GE(stat_of(a.admin_port, "smppd.plugin.credit.grant_give_backs"), 1u);
  EXPECT_GE(stat_of(b.admin_port, "smppd.plugin.credit.grant_give_backs"), 1u);
  EXPECT_EQ(smsc_.submits().size(), static_cast<size_t>(accepted));
}

// A node killed with grants out: once its lease expires (30 s), the other node's janitor gives
// its unspent grant back to the balance; the spends it had flushed stay charged.
TEST_F(CreditTwoNodesTest, AKilledNodesGrantIsRecoveredByTheOtherNode) {
  const std::string config = "default_price = 10\ngrant = 100\ngrant_flush_ms = 50\ngrant_idle_s = 3600\n";
  start_node("a", config);
  Node& b = start_node("b", config);
  ASSERT_FALSE(HasFailure());
  Node& a = nodes_.front();
  ASSERT_NO_FATAL_FAILURE(set_balance(a.admin_port, "acme", 1000));
  {
    testing::SmppTestClient client(a.port);
    const auto bound = client.bind(CommandId::bind_transceiver, "acme", "pw");
    ASSERT_TRUE(bound && bound->command_status == status::kOk);
    for (int i = 0; i < 3; ++i) {
      const auto response = client.call(testing::make_submit_sm(kDestination, "before the kill"));
      ASSERT_TRUE(response);
      EXPECT_EQ(response->command_status, status::kOk);
    }
  }
  EXPECT_EQ(balance_of(b.admin_port, "acme"), 900) << "node a holds a grant of 100";
  const auto give_up = std::chrono::steady_clock::now() + 5s;
  while (stat_of(a.admin_port, "smppd.plugin.credit.grant_flushes") < 1 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(20ms);
  }
  std::this_thread::sleep_for(300ms);  // a few more flush intervals: every spend is written

  ASSERT_TRUE(a.process->send_signal(SIGKILL));
  EXPECT_EQ(a.process->stop(10s), std::optional<int>(128 + SIGKILL));
  nodes_.pop_front();  // TearDown stops the nodes still running

  EXPECT_EQ(await_balance(b.admin_port, "acme", 970, 60s), 970) << "the killed node's unspent 70 came back";
  EXPECT_EQ(stat_of(b.admin_port, "smppd.plugin.credit.grants_recovered"), 1u);
}

}  // namespace
}  // namespace smppd::integration
