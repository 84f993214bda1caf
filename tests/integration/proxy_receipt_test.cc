// Receipts through the proxy when the timing or the SMSC's spelling is awkward (HARDENING.md,
// "Faults"): a receipt before its submit_sm_resp, a client that is not bound when its receipt
// comes, a restart of smppd between the resp and the receipt, and message ids written one way in
// the resp and another in the receipt. The SMSC is the in-test FakeSmsc throughout.
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

#include "host/codec/command_status.h"
#include "tests/integration/admin_proxy_test.h"
#include "tests/integration/proxy_test.h"
#include "tests/support/run_command.h"

namespace smppd::integration {
namespace {

namespace status = codec::status;
using testing::describe;

constexpr const char* kRouteAllToSmsc = "[[routes]]\nname = \"all\"\ncluster = \"smsc\"\n";
constexpr const char* kDestination = "4915112345678";

// The deliver_sm sequence numbers of the receipts an SMSC handler sent, from its thread.
class SentReceipts {
 public:
  void add(uint32_t sequence) {
    std::lock_guard lock(mutex_);
    sequences_.push_back(sequence);
  }
  std::vector<uint32_t> all() const {
    std::lock_guard lock(mutex_);
    return sequences_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<uint32_t> sequences_;
};

// Accepts `submit` with a new id and sends its receipt on the same connection: the resp first and
// the receipt right behind it, or the receipt first and the resp `resp_delay` later.
void accept_with_receipt(FakeSmsc& fake, const FakeSmsc::Submit& submit, SentReceipts& sent, bool resp_first,
                         Millis resp_delay = Millis(0)) {
  const std::string id = fake.next_message_id();
  if (resp_first) fake.respond(submit, status::kOk, id);
  sent.add(fake.deliver(submit.connection, FakeSmsc::make_receipt(submit.pdu, id, id)));
  if (!resp_first) fake.respond(submit, status::kOk, id, resp_delay);
}

// Sends `count` submits asking for receipts on `client`, texts "<prefix> <i>": their texts by
// sequence number (empty, with a failure added, when a send failed).
std::map<uint32_t, std::string> send_with_receipts(testing::SmppTestClient& client, const std::string& prefix, int count) {
  std::map<uint32_t, std::string> text_by_sequence;
  for (int i = 0; i < count; ++i) {
    codec::Pdu message = submit_with_receipt(kDestination, prefix + " " + std::to_string(i));
    message.sequence_number = client.next_sequence();
    text_by_sequence[message.sequence_number] = message.short_message;
    if (!client.send(message)) {
      ADD_FAILURE() << "cannot send " << message.short_message;
      return {};
    }
  }
  return text_by_sequence;
}

// Sends those submits and reads their resps and receipts: every resp OK, every receipt once,
// never before the resp that told the client its id, with smppd's id in its TLV and its text.
void expect_receipts_after_resps(testing::SmppTestClient& client, const std::string& prefix, size_t count) {
  const auto text_by_sequence = send_with_receipts(client, prefix, static_cast<int>(count));
  ASSERT_EQ(text_by_sequence.size(), count);
  const std::vector<codec::Pdu> traffic = read_traffic(client, count, count, 10s);
  std::map<std::string, std::string> id_by_text;  // smppd's, from the resps read so far
  std::set<std::string> receipted;
  for (const codec::Pdu& pdu : traffic) {
    if (pdu.command_id == CommandId::submit_sm_resp) {
      ASSERT_EQ(pdu.command_status, status::kOk) << describe(pdu);
      id_by_text[text_by_sequence.at(pdu.sequence_number)] = pdu.message_id;
      continue;
    }
    ASSERT_EQ(pdu.command_id, CommandId::deliver_sm) << describe(pdu);
    const ReceiptFields fields = receipt_fields(pdu);
    // smppd holds a receipt until the client has its id: never a receipt for an id not yet told.
    const auto known = id_by_text.find(fields.excerpt);
    ASSERT_NE(known, id_by_text.end()) << "a receipt before its resp, or for no message: " << pdu.short_message;
    EXPECT_EQ(fields.tlv_id, std::optional<std::string>(known->second)) << pdu.short_message;
    EXPECT_EQ(fields.text_id, known->second) << pdu.short_message;
    EXPECT_TRUE(receipted.insert(known->second).second) << "a second receipt for " << known->second;
  }
  EXPECT_EQ(id_by_text.size(), count) << "resps missing";
  EXPECT_EQ(receipted.size(), count) << "receipts missing";
}

// Each of the SMSC's deliver_sm was answered ESME_ROK.
void expect_acknowledged(FakeSmsc& smsc, const std::vector<uint32_t>& sequences) {
  for (const uint32_t sequence : sequences) {
    const auto acknowledged = smsc.wait_deliver_resp(sequence, 5s);
    ASSERT_TRUE(acknowledged) << "the SMSC's deliver_sm " << sequence << " was never answered";
    EXPECT_EQ(acknowledged->command_status, status::kOk);
  }
}

class ProxyReceiptTest : public ProxyTest {
 protected:
  // smppd in front of one FakeSmsc; more config (a [state] table) in `extra`.
  void start_in_front_of(FakeSmsc& smsc, const std::string& extra = "") {
    start_proxy(cluster_toml("smsc", {{"f1", smsc.port()}}) + kRouteAllToSmsc + extra);
  }

  // Submits `text` with a receipt asked for; smppd's id, or "" with a failure added.
  static std::string submit(testing::SmppTestClient& client, const std::string& text) {
    const auto response = client.call(submit_with_receipt(kDestination, text));
    EXPECT_TRUE(response && response->command_status == status::kOk) << text << ": " << describe(response);
    return response && response->command_status == status::kOk ? response->message_id : "";
  }

  // The submit the SMSC got with this text.
  static std::optional<FakeSmsc::Submit> submit_with_text(const FakeSmsc& smsc, const std::string& text) {
    for (const FakeSmsc::Submit& submit : smsc.submits()) {
      if (submit.pdu.short_message == text) return submit;
    }
    return std::nullopt;
  }

  // Sends the receipt of the submit with this text on its connection, with the SMSC's id in the
  // TLV and the text: its deliver_sm sequence number, or nullopt with a failure added.
  static std::optional<uint32_t> send_receipt_for(FakeSmsc& smsc, const std::string& text) {
    const auto submitted = submit_with_text(smsc, text);
    const auto upstream_id = submitted ? smsc.wait_message_id(*submitted, 5s) : std::nullopt;
    if (!upstream_id) {
      ADD_FAILURE() << "the SMSC never accepted " << text;
      return std::nullopt;
    }
    return smsc.deliver(submitted->connection, FakeSmsc::make_receipt(submitted->pdu, *upstream_id, *upstream_id));
  }

  // Expects a receipt on `client` carrying `smppd_id` in its TLV and (unless text_has_id is
  // false) in its text, and that the SMSC's deliver_sm `sequence` was answered ESME_ROK.
  static void expect_receipt(testing::SmppTestClient& client, FakeSmsc& smsc, uint32_t sequence,
                             const std::string& smppd_id, bool text_has_id = true) {
    const auto receipt = next_deliver_sm(client, 5s);
    ASSERT_TRUE(receipt) << "no receipt for " << smppd_id;
    const ReceiptFields fields = receipt_fields(*receipt);
    EXPECT_EQ(fields.tlv_id, std::optional<std::string>(smppd_id)) << receipt->short_message;
    if (text_has_id) {
      EXPECT_EQ(fields.text_id, smppd_id) << receipt->short_message;
    }
    const auto acknowledged = smsc.wait_deliver_resp(sequence, 5s);
    ASSERT_TRUE(acknowledged) << "the SMSC's deliver_sm was never answered";
    EXPECT_EQ(acknowledged->command_status, status::kOk);
  }
};

TEST_F(ProxyReceiptTest, ReceiptsUpTo500msBeforeTheirRespAllReachTheClientWithSmppdsId) {
  FakeSmsc& smsc = start_fake_smsc();
  constexpr int kMessages = 24;
  SentReceipts sent;
  int answered = 0;  // the handler runs on the SMSC's one thread
  // The receipt goes at once, the resp 0 to 500 ms after it, spread evenly over the messages.
  smsc.set_submit_handler([&](FakeSmsc& fake, const FakeSmsc::Submit& submit) {
    accept_with_receipt(fake, submit, sent, false, Millis(answered++ * 500 / (kMessages - 1)));
  });
  ASSERT_NO_FATAL_FAILURE(start_in_front_of(smsc));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);

  ASSERT_NO_FATAL_FAILURE(expect_receipts_after_resps(*client, "early receipt", kMessages));
  expect_acknowledged(smsc, sent.all());
}

// Most SMSCs send a receipt right behind its submit_sm_resp, often in the same segment, and smppd
// reads it before the client's resp is written. It waits in memory for that resp (no state store
// lookup, no hold: smppd.receipts.held stays 0), and the client still never gets a receipt for an
// id it has not been told.
class ProxyReceiptBehindRespTest : public AdminProxyTest {};

TEST_F(ProxyReceiptBehindRespTest, AReceiptRightBehindItsRespWaitsInMemoryAndNeverOvertakesTheClientsResp) {
  FakeSmsc& smsc = start_fake_smsc();
  constexpr int kMessages = 64;
  SentReceipts sent;
  smsc.set_submit_handler(
      [&](FakeSmsc& fake, const FakeSmsc::Submit& submit) { accept_with_receipt(fake, submit, sent, true); });
  ASSERT_NO_FATAL_FAILURE(start_with_admin(cluster_toml("smsc", {{"f1", smsc.port()}}) + kRouteAllToSmsc));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);

  ASSERT_NO_FATAL_FAILURE(expect_receipts_after_resps(*client, "close behind", kMessages));
  expect_acknowledged(smsc, sent.all());
  EXPECT_EQ(stat("smppd.receipts.matched"), kMessages);
  EXPECT_EQ(stat("smppd.receipts.held"), 0) << "a receipt behind its resp went through the store lookup and the hold";
}

TEST_F(ProxyReceiptTest, AReceiptForAClientThatUnboundWaitsInTheOutboxAndIsDeliveredOnceWhenItBindsAsReceiver) {
  FakeSmsc& smsc = start_fake_smsc();
  ASSERT_NO_FATAL_FAILURE(start_in_front_of(smsc));
  auto transmitter = bound_as("acme", CommandId::bind_transmitter);
  ASSERT_TRUE(transmitter);
  const std::string smppd_id = submit(*transmitter, "while you were out");
  ASSERT_FALSE(smppd_id.empty());
  const auto unbound = transmitter->unbind();
  ASSERT_TRUE(unbound && unbound->command_id == CommandId::unbind_resp) << describe(unbound);
  transmitter->close();

  const auto sent = send_receipt_for(smsc, "while you were out");
  ASSERT_TRUE(sent);
  const uint32_t sequence = *sent;
  // Answered once the receipt is durably in the client's outbox: nobody is bound to take it.
  const auto stored = smsc.wait_deliver_resp(sequence, 5s);
  ASSERT_TRUE(stored) << "the SMSC's deliver_sm was never answered";
  EXPECT_EQ(stored->command_status, status::kOk);

  auto receiver = bound_as("acme", CommandId::bind_receiver);
  ASSERT_TRUE(receiver);
  ASSERT_NO_FATAL_FAILURE(expect_receipt(*receiver, smsc, sequence, smppd_id));
  EXPECT_FALSE(next_deliver_sm(*receiver, 500ms)) << "the receipt came twice";
  const auto receiver_unbound = receiver->unbind();
  ASSERT_TRUE(receiver_unbound && receiver_unbound->command_id == CommandId::unbind_resp);
  receiver->close();

  // Taken means gone from the outbox: the next bind gets nothing.
  auto later = bound_as("acme", CommandId::bind_receiver);
  ASSERT_TRUE(later);
  EXPECT_FALSE(next_deliver_sm(*later, 500ms)) << "the outbox kept a receipt the client had taken";
}

// S34 §5.3: no TLVs towards a client bound below v3.4, not even the receipted_message_id smppd
// adds; the text's id: still carries smppd's id.
TEST_F(ProxyReceiptTest, AClientBoundBelowV34GetsItsReceiptWithoutTlvs) {
  FakeSmsc& smsc = start_fake_smsc();
  ASSERT_NO_FATAL_FAILURE(start_in_front_of(smsc));
  auto client = connect();
  ASSERT_TRUE(client);
  const auto bound = client->bind(CommandId::bind_transceiver, "acme", "pw", 0x33);
  ASSERT_TRUE(bound && bound->command_status == status::kOk) << describe(bound);
  const std::string smppd_id = submit(*client, "an old client");
  ASSERT_FALSE(smppd_id.empty());
  const auto sequence = send_receipt_for(smsc, "an old client");
  ASSERT_TRUE(sequence);
  const auto receipt = next_deliver_sm(*client, 5s);
  ASSERT_TRUE(receipt) << "no receipt for " << smppd_id;
  EXPECT_TRUE(receipt->tlvs.empty()) << "TLVs to a v3.3 client";
  EXPECT_EQ(receipt_fields(*receipt).text_id, smppd_id) << receipt->short_message;
  expect_acknowledged(smsc, {*sequence});
}

TEST_F(ProxyReceiptTest, AReceiptAfterARestartOfSmppdStillComesWithSmppdsId) {
  FakeSmsc& smsc = start_fake_smsc();
  // The same state dir for both runs of smppd; each run gets a config dir of its own.
  const std::string state_dir = testing::make_temp_dir("smppd-proxy-state");
  const std::string state = "[state]\npath = \"" + state_dir + "\"\n";
  ASSERT_NO_FATAL_FAILURE(start_in_front_of(smsc, state));
  std::string smppd_id;
  {
    auto client = bound_as("acme");
    ASSERT_TRUE(client);
    smppd_id = submit(*client, "across a restart");
    ASSERT_FALSE(smppd_id.empty());
  }
  const auto submitted = submit_with_text(smsc, "across a restart");
  ASSERT_TRUE(submitted);
  const auto upstream_id = smsc.wait_message_id(*submitted, 5s);
  ASSERT_TRUE(upstream_id);

  ASSERT_EQ(smppd().stop(10s), std::optional<int>(0)) << "smppd did not stop cleanly on SIGTERM";
  EXPECT_EQ(smppd().sanitizer_report(), "");
  ASSERT_NO_FATAL_FAILURE(start_in_front_of(smsc, state));
  const auto connection = smsc.wait_bound(1, 5s);
  ASSERT_TRUE(connection) << "the restarted smppd did not bind to the SMSC";
  ASSERT_NE(*connection, submitted->connection);

  auto client = bound_as("acme");
  ASSERT_TRUE(client);
  const uint32_t sequence =
      smsc.deliver(*connection, FakeSmsc::make_receipt(submitted->pdu, *upstream_id, *upstream_id));
  ASSERT_NO_FATAL_FAILURE(expect_receipt(*client, smsc, sequence, smppd_id));
  client.reset();
  std::error_code ignored;
  std::filesystem::remove_all(state_dir, ignored);
}

// One way an SMSC may spell a message id in the resp and in the receipt.
struct IdSpelling {
  const char* what;
  const char* resp_id;
  const char* text_id;  // "": the receipt text has no id: at all
  const char* tlv_id;   // nullptr: no receipted_message_id TLV
};

TEST_F(ProxyReceiptTest, AReceiptMatchesItsSubmitWhateverTheCaseBaseOrPaddingOfItsId) {
  const std::vector<IdSpelling> spellings = {
      {"leading zeros and upper case in the resp", "0000ABC123", "ABC123", "abc123"},
      {"hex in the resp, decimal in the receipt", "38601fa", "59113978", "0059113978"},
      {"decimal in the resp, hex in the receipt", "59113979", "38601FB", "38601fb"},
      {"padded in the resp, the text alone in the receipt", "00012345", "12345", nullptr},
      {"the TLV alone in the receipt", "77aa", "", "0077AA"},
  };
  FakeSmsc& smsc = start_fake_smsc();
  smsc.set_submit_handler([&](FakeSmsc& fake, const FakeSmsc::Submit& submit) {
    for (const IdSpelling& spelling : spellings) {
      if (submit.pdu.short_message == spelling.what) fake.respond(submit, status::kOk, spelling.resp_id);
    }
  });
  ASSERT_NO_FATAL_FAILURE(start_in_front_of(smsc));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);

  for (const IdSpelling& spelling : spellings) {
    SCOPED_TRACE(spelling.what);
    const std::string smppd_id = submit(*client, spelling.what);
    ASSERT_FALSE(smppd_id.empty());
    const auto submitted = submit_with_text(smsc, spelling.what);
    ASSERT_TRUE(submitted);
    const std::optional<std::string_view> tlv_id =
        spelling.tlv_id == nullptr ? std::nullopt : std::optional<std::string_view>(spelling.tlv_id);
    const uint32_t sequence =
        smsc.deliver(submitted->connection, FakeSmsc::make_receipt(submitted->pdu, spelling.text_id, tlv_id));
    ASSERT_NO_FATAL_FAILURE(expect_receipt(*client, smsc, sequence, smppd_id, *spelling.text_id != '\0'));
  }
}

// An SMSC with hex ids answers one message "10" and another "16". The receipt of "16" comes
// before its resp: "16" read as decimal is hex 10, but two all-digit ids are never compared across
// bases (codec::same_message_id), so it must wait for its own resp, not take the other message's.
TEST_F(ProxyReceiptTest, AnAllDigitIdIsNotReadInTheOtherBaseToMatchAnotherMessage) {
  FakeSmsc& smsc = start_fake_smsc();
  smsc.set_submit_handler([](FakeSmsc& fake, const FakeSmsc::Submit& submit) {
    if (submit.pdu.short_message == "first") {
      fake.respond(submit, status::kOk, "10");
    } else {
      fake.deliver(submit.connection, FakeSmsc::make_receipt(submit.pdu, "16", "16"));
      fake.respond(submit, status::kOk, "16", 300ms);
    }
  });
  ASSERT_NO_FATAL_FAILURE(start_in_front_of(smsc));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);

  const std::string first_id = submit(*client, "first");
  const std::string second_id = submit(*client, "second");
  ASSERT_FALSE(first_id.empty() || second_id.empty());
  const auto second_receipt = next_deliver_sm(*client, 5s);
  ASSERT_TRUE(second_receipt);
  EXPECT_EQ(receipt_fields(*second_receipt).excerpt, "second");
  EXPECT_EQ(receipt_fields(*second_receipt).tlv_id, std::optional<std::string>(second_id))
      << "the receipt of \"16\" went to the message answered \"10\"";

  const auto first = submit_with_text(smsc, "first");
  ASSERT_TRUE(first);
  const uint32_t sequence = smsc.deliver(first->connection, FakeSmsc::make_receipt(first->pdu, "10", "10"));
  ASSERT_NO_FATAL_FAILURE(expect_receipt(*client, smsc, sequence, first_id));
}

// An SMSC with hex ids answers one message "a" and another "10" (sixteen). The final receipt of
// "a" ends the first message's mapping, and only that one: "10" still finds its message at once.
TEST_F(ProxyReceiptTest, AFinalReceiptForgetsOnlyItsOwnMessage) {
  FakeSmsc& smsc = start_fake_smsc();
  smsc.set_submit_handler([](FakeSmsc& fake, const FakeSmsc::Submit& submit) {
    fake.respond(submit, status::kOk, submit.pdu.short_message == "ten" ? "a" : "10");
  });
  ASSERT_NO_FATAL_FAILURE(start_in_front_of(smsc));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);

  const std::string ten_id = submit(*client, "ten");
  const std::string sixteen_id = submit(*client, "sixteen");
  ASSERT_FALSE(ten_id.empty() || sixteen_id.empty());
  const auto ten = submit_with_text(smsc, "ten");
  const auto sixteen = submit_with_text(smsc, "sixteen");
  ASSERT_TRUE(ten && sixteen);

  const uint32_t ten_receipt = smsc.deliver(ten->connection, FakeSmsc::make_receipt(ten->pdu, "a", "a"));
  ASSERT_NO_FATAL_FAILURE(expect_receipt(*client, smsc, ten_receipt, ten_id));
  const uint32_t sixteen_receipt =
      smsc.deliver(sixteen->connection, FakeSmsc::make_receipt(sixteen->pdu, "10", "10"));
  // Within expect_receipt's 5 s, well before the 10 s an unmatched receipt is held.
  ASSERT_NO_FATAL_FAILURE(expect_receipt(*client, smsc, sixteen_receipt, sixteen_id));
}

}  // namespace
}  // namespace smppd::integration
