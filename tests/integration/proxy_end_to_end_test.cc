// The proxy path end to end: a client's submit goes through smppd to an upstream SMSC (a
// `smpp-bench sink` process, or the mock upstream plugin), the client gets smppd's own message_id
// in the submit_sm_resp, and the upstream's receipt comes back rewritten to that id.
#include <set>

#include "host/codec/command_status.h"
#include "host/codec/text/udh.h"
#include "host/codec/tlv_tag.h"
#include "tests/integration/proxy_test.h"

namespace smppd::integration {
namespace {

namespace status = codec::status;
using testing::describe;

constexpr const char* kRouteAllToSmsc = "[[routes]]\nname = \"all\"\ncluster = \"smsc\"\n";
constexpr const char* kSource = "smppd-test";
constexpr const char* kDestination = "4915112345678";

// smppd's message ids: 16 lower-case hex digits (receipts::MessageIdGenerator).
bool looks_like_smppd_id(const std::string& id) {
  return id.size() == 16 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

class ProxyEndToEndTest : public ProxyTest {
 protected:
  // Sends each text as a submit with a receipt asked for; returns smppd's id for each, in order.
  std::vector<std::string> submit_all(testing::SmppTestClient& client, const std::vector<std::string>& texts) {
    std::vector<std::string> ids;
    for (const std::string& text : texts) {
      const auto response = client.call(submit_with_receipt(kDestination, text));
      EXPECT_TRUE(response && response->command_id == CommandId::submit_sm_resp &&
                  response->command_status == status::kOk)
          << text << ": " << describe(response);
      ids.push_back(response ? response->message_id : "");
    }
    return ids;
  }

  // Reads one receipt per text and checks each against the id its own submit got.
  void expect_receipts(testing::SmppTestClient& client, const std::vector<std::string>& texts,
                       const std::vector<std::string>& ids) {
    std::set<std::string> received;
    for (size_t i = 0; i < texts.size(); ++i) {
      const auto receipt = next_deliver_sm(client, 5s);
      ASSERT_TRUE(receipt) << "receipt " << i + 1 << " of " << texts.size() << " did not come";
      EXPECT_EQ(receipt->esm_class & codec::kEsmClassMessageTypeMask, codec::kEsmClassDeliveryReceipt);
      EXPECT_EQ(receipt->source_addr, kDestination);
      EXPECT_EQ(receipt->destination_addr, kSource);
      const ReceiptFields fields = receipt_fields(*receipt);
      const auto text = std::find(texts.begin(), texts.end(), fields.excerpt);
      ASSERT_NE(text, texts.end()) << "a receipt for an unknown text: " << receipt->short_message;
      const std::string& expected = ids[static_cast<size_t>(text - texts.begin())];
      EXPECT_EQ(fields.tlv_id, std::optional<std::string>(expected)) << receipt->short_message;
      EXPECT_EQ(fields.text_id, expected) << receipt->short_message;
      EXPECT_NE(receipt->short_message.find("stat:DELIVRD"), std::string::npos) << receipt->short_message;
      EXPECT_TRUE(received.insert(expected).second) << "a second receipt for " << expected;
    }
  }
};

TEST_F(ProxyEndToEndTest, SubmitGetsSmppdsIdAndTheSinksReceiptComesBackWithIt) {
  SinkProcess& sink = start_sink({"--receipts", "--receipt-delay-ms", "20"});
  ASSERT_TRUE(sink.listening());
  ASSERT_NO_FATAL_FAILURE(start_proxy(cluster_toml("smsc", {{"s1", sink.port()}}) + kRouteAllToSmsc));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);

  const std::vector<std::string> texts = {"first message", "second message", "third message", "fourth message"};
  const std::vector<std::string> ids = submit_all(*client, texts);
  for (const std::string& id : ids) {
    // The sink's ids are 1, 2, 3 ... in hex: a 16-digit id can only be smppd's own.
    EXPECT_TRUE(looks_like_smppd_id(id)) << "'" << id << "' is not an id smppd makes";
  }
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << "two messages share an id";
  ASSERT_NO_FATAL_FAILURE(expect_receipts(*client, texts, ids));
  EXPECT_FALSE(next_deliver_sm(*client, 300ms)) << "a receipt came twice";
}

TEST_F(ProxyEndToEndTest, TheMockUpstreamPluginAnswersAndItsReceiptCarriesSmppdsId) {
  ASSERT_NO_FATAL_FAILURE(start_proxy(
      "[[clusters]]\nname = \"smsc\"\nupstream = \"mock\"\n"
      "upstream_config = { latency_ms = { mean = 1 }, receipts = { delay_ms = { mean = 20 } } }\n" +
      std::string(kRouteAllToSmsc)));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);

  const std::vector<std::string> texts = {"to the mock", "and again"};
  const std::vector<std::string> ids = submit_all(*client, texts);
  for (const std::string& id : ids) EXPECT_TRUE(looks_like_smppd_id(id)) << id;
  EXPECT_NE(ids[0], ids[1]);
  ASSERT_NO_FATAL_FAILURE(expect_receipts(*client, texts, ids));
}

TEST_F(ProxyEndToEndTest, TheFakeSmscsIdNeverReachesTheClient) {
  FakeSmsc& smsc = start_fake_smsc();
  ASSERT_NO_FATAL_FAILURE(start_proxy(cluster_toml("smsc", {{"f1", smsc.port()}}) + kRouteAllToSmsc));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);

  const auto response = client->call(submit_with_receipt(kDestination, "which id?"));
  ASSERT_TRUE(response && response->command_status == status::kOk) << describe(response);
  ASSERT_TRUE(smsc.wait_submits(1, 5s));
  const FakeSmsc::Submit submit = smsc.submits().front();
  EXPECT_EQ(submit.pdu.short_message, "which id?");
  EXPECT_EQ(submit.pdu.destination_addr, kDestination);
  EXPECT_EQ(submit.pdu.registered_delivery, 1);
  const auto upstream_id = smsc.wait_message_id(submit, 5s);
  ASSERT_TRUE(upstream_id);
  EXPECT_NE(response->message_id, *upstream_id);
  EXPECT_TRUE(looks_like_smppd_id(response->message_id)) << response->message_id;

  const uint32_t sequence =
      smsc.deliver(submit.connection, FakeSmsc::make_receipt(submit.pdu, *upstream_id, *upstream_id));
  const auto receipt = next_deliver_sm(*client, 5s);
  ASSERT_TRUE(receipt);
  const ReceiptFields fields = receipt_fields(*receipt);
  EXPECT_EQ(fields.tlv_id, std::optional<std::string>(response->message_id));
  EXPECT_EQ(fields.text_id, response->message_id);
  EXPECT_EQ(receipt->short_message.find(*upstream_id), std::string::npos) << receipt->short_message;
  // The rest of the receipt is handed on as the SMSC wrote it.
  EXPECT_EQ(receipt->tlvs.get_int(codec::tlv::kMessageState), std::optional<uint32_t>(2));
  EXPECT_NE(receipt->short_message.find(" sub:001 dlvrd:001 submit date:2612011200 done date:2612011201 "
                                        "stat:DELIVRD err:000 text:which id?"),
            std::string::npos)
      << receipt->short_message;
  // The SMSC's deliver_sm is answered once the client took the receipt.
  const auto acknowledged = smsc.wait_deliver_resp(sequence, 5s);
  ASSERT_TRUE(acknowledged);
  EXPECT_EQ(acknowledged->command_status, status::kOk);
}

TEST_F(ProxyEndToEndTest, ThreePartsOfAConcatenatedMessageGetThreeIdsAndEachPartItsOwnReceipt) {
  SinkProcess& sink = start_sink({"--receipts", "--receipt-delay-ms", "20"});
  ASSERT_TRUE(sink.listening());
  ASSERT_NO_FATAL_FAILURE(start_proxy(cluster_toml("smsc", {{"s1", sink.port()}}) + kRouteAllToSmsc));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);

  // The sink quotes each part's first 20 octets after its UDH: that tells the receipts apart.
  const std::vector<std::string> texts = {"part one of three: a", "part two of three: b", "part three of three:"};
  std::vector<std::string> ids;
  for (size_t i = 0; i < texts.size(); ++i) {
    codec::Pdu part = submit_with_receipt(kDestination, "");
    part.esm_class = codec::kEsmClassUdhi;
    part.short_message = codec::build_concat_udh(0x42, 3, static_cast<uint8_t>(i + 1), false) + texts[i];
    const auto response = client->call(part);
    ASSERT_TRUE(response && response->command_status == status::kOk) << "part " << i + 1 << ": " << describe(response);
    EXPECT_TRUE(looks_like_smppd_id(response->message_id)) << response->message_id;
    ids.push_back(response->message_id);
  }
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 3u) << "the parts must have three ids";
  ASSERT_NO_FATAL_FAILURE(expect_receipts(*client, texts, ids));
  EXPECT_FALSE(next_deliver_sm(*client, 300ms)) << "more receipts than parts";
}

}  // namespace
}  // namespace smppd::integration
