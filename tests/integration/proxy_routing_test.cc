// Routing both ways through the proxy: client submits by [[routes]] (to a cluster, refused by a
// reject_status route, or matched by none), and mobile-originated deliver_sm from an SMSC by
// [[mo_routes]] to the client that owns the number.
#include "host/codec/command_status.h"
#include "tests/integration/proxy_test.h"

namespace smppd::integration {
namespace {

namespace status = codec::status;
using testing::describe;

class ProxyRoutingTest : public ProxyTest {
 protected:
  // Routes: 49... to the SMSC, 999... refused with ESME_RSUBMITFAIL, nothing else.
  static std::string routes() {
    return "[[routes]]\nname = \"germany\"\nmatch = { destination_prefix = [\"49\"] }\ncluster = \"smsc\"\n"
           "[[routes]]\nname = \"premium\"\nmatch = { destination_prefix = [\"999\"] }\nreject_status = 0x45\n";
  }
  // MO: to 12345 for the client "acme", to 666 refused with ESME_RX_R_APPN, nothing else.
  static std::string mo_routes() {
    return "[[mo_routes]]\nname = \"acme-short-code\"\nmatch = { destination_prefix = [\"12345\"] }\n"
           "system_id = \"acme\"\n"
           "[[mo_routes]]\nname = \"blocked\"\nmatch = { destination_prefix = [\"666\"] }\nreject_status = 0x66\n";
  }
  void start_routing(FakeSmsc& smsc, const std::string& extra = "") {
    start_proxy(cluster_toml("smsc", {{"f1", smsc.port()}}) + routes() + mo_routes() + extra);
  }
};

TEST_F(ProxyRoutingTest, ASubmitNoRouteTakesGetsInvDstAdrAndARejectRouteItsStatus) {
  FakeSmsc& smsc = start_fake_smsc();
  ASSERT_NO_FATAL_FAILURE(start_routing(smsc));
  auto client = bound_as("acme", CommandId::bind_transmitter);
  ASSERT_TRUE(client);

  const auto routed = client->submit("4915112345678", "to germany");
  ASSERT_TRUE(routed);
  EXPECT_EQ(routed->command_status, status::kOk) << describe(routed);
  const auto rejected = client->submit("99912345", "to premium");
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->command_status, status::kSubmitFail) << describe(rejected);
  EXPECT_TRUE(rejected->body_absent) << "an error resp carries no body";
  const auto unrouted = client->submit("33612345678", "to france");
  ASSERT_TRUE(unrouted);
  EXPECT_EQ(unrouted->command_status, status::kInvDstAdr) << describe(unrouted);

  ASSERT_TRUE(smsc.wait_submits(1, 5s));
  const auto submits = smsc.submits();
  ASSERT_EQ(submits.size(), 1u) << "only the routed message may reach the SMSC";
  EXPECT_EQ(submits[0].pdu.destination_addr, "4915112345678");
}

TEST_F(ProxyRoutingTest, TheConfiguredNoRouteStatusAnswersASubmitNoRouteTakes) {
  FakeSmsc& smsc = start_fake_smsc();
  ASSERT_NO_FATAL_FAILURE(start_routing(smsc, "[router]\nno_route_status = 0x0A\n"));
  auto client = bound_as("acme", CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  const auto unrouted = client->submit("33612345678", "to france");
  ASSERT_TRUE(unrouted);
  EXPECT_EQ(unrouted->command_status, status::kInvSrcAdr) << describe(unrouted);
  EXPECT_TRUE(smsc.submits().empty());
}

TEST_F(ProxyRoutingTest, AnMoIsRoutedToTheBoundClientAndAnsweredOnceItTookIt) {
  FakeSmsc& smsc = start_fake_smsc();
  ASSERT_NO_FATAL_FAILURE(start_routing(smsc));
  auto receiver = bound_as("acme", CommandId::bind_receiver);
  ASSERT_TRUE(receiver);
  const auto connection = smsc.wait_bound(1, 5s);
  ASSERT_TRUE(connection);

  const uint32_t sequence = smsc.deliver(*connection, FakeSmsc::make_mo("447700900123", "12345", "STOP"));
  const auto mo = next_deliver_sm(*receiver, 5s);
  ASSERT_TRUE(mo) << "the MO did not reach the client";
  EXPECT_EQ(mo->source_addr, "447700900123");
  EXPECT_EQ(mo->destination_addr, "12345");
  EXPECT_EQ(mo->short_message, "STOP");
  EXPECT_EQ(mo->esm_class, 0);
  const auto acknowledged = smsc.wait_deliver_resp(sequence, 5s);
  ASSERT_TRUE(acknowledged);
  EXPECT_EQ(acknowledged->command_status, status::kOk);
}

TEST_F(ProxyRoutingTest, AnMoNoRouteTakesOrARejectRouteRefusesIsAnsweredWithThatStatusAndReachesNoClient) {
  FakeSmsc& smsc = start_fake_smsc();
  ASSERT_NO_FATAL_FAILURE(start_routing(smsc));
  auto receiver = bound_as("acme", CommandId::bind_receiver);
  ASSERT_TRUE(receiver);
  const auto connection = smsc.wait_bound(1, 5s);
  ASSERT_TRUE(connection);

  const uint32_t blocked = smsc.deliver(*connection, FakeSmsc::make_mo("447700900123", "66612", "win"));
  const uint32_t nobodys = smsc.deliver(*connection, FakeSmsc::make_mo("447700900123", "55555", "hello?"));
  const auto blocked_resp = smsc.wait_deliver_resp(blocked, 5s);
  ASSERT_TRUE(blocked_resp);
  EXPECT_EQ(blocked_resp->command_status, status::kXRAppn);
  const auto nobodys_resp = smsc.wait_deliver_resp(nobodys, 5s);
  ASSERT_TRUE(nobodys_resp);
  EXPECT_EQ(nobodys_resp->command_status, status::kXPAppn) << "[router] mo_no_route_status defaults to ESME_RX_P_APPN";
  EXPECT_FALSE(next_deliver_sm(*receiver, 300ms)) << "an MO no route takes reached a client";
}

TEST_F(ProxyRoutingTest, AnMoForAClientNotBoundWaitsInItsOutbox) {
  FakeSmsc& smsc = start_fake_smsc();
  ASSERT_NO_FATAL_FAILURE(start_routing(smsc));
  const auto connection = smsc.wait_bound(1, 5s);
  ASSERT_TRUE(connection);

  const uint32_t sequence = smsc.deliver(*connection, FakeSmsc::make_mo("447700900123", "12345", "later"));
  const auto stored = smsc.wait_deliver_resp(sequence, 5s);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->command_status, status::kOk) << "answered once durably in the outbox";

  auto client = bound_as("acme");
  ASSERT_TRUE(client);
  const auto mo = next_deliver_sm(*client, 5s);
  ASSERT_TRUE(mo) << "the MO did not come from the outbox";
  EXPECT_EQ(mo->short_message, "later");
  EXPECT_FALSE(next_deliver_sm(*client, 300ms)) << "the MO came twice";
}

}  // namespace
}  // namespace smppd::integration
