// TLS listeners of the real smppd, with a throwaway CA made by the openssl command line at run
// time: a bind over TLS, a plain-text client on the TLS port, and client certificates.
#include <filesystem>

#include "host/codec/command_status.h"
#include "tests/integration/integration_test.h"
#include "tests/support/run_command.h"
#include "tests/support/test_certificates.h"

namespace smppd::integration {
namespace {

namespace status = codec::status;

class TlsTest : public IntegrationTest {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(testing::make_temp_dir("smppd-integration-tls"));
    certificates_ = new testing::TestCertificates(testing::make_test_certificates(*dir_));
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    std::filesystem::remove_all(*dir_, ignored);
    delete certificates_;
    delete dir_;
    certificates_ = nullptr;
    dir_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(certificates_->ok()) << certificates_->error; }

  const testing::TestCertificates& certificates() const { return *certificates_; }

  ListenerSpec tls_listener(bool require_client_cert) const {
    ListenerSpec listener;
    listener.tls = "cert_file = \"" + certificates().server_cert + "\"\n";
    listener.tls += "key_file = \"" + certificates().server_key + "\"\n";
    if (require_client_cert) {
      listener.tls += "client_ca_file = \"" + certificates().ca_cert + "\"\nrequire_client_cert = true\n";
    }
    return listener;
  }

  SmppTestClientOptions tls_client(const std::string& cert = {}, const std::string& key = {}) const {
    SmppTestClientOptions options;
    options.tls = testing::TlsClientOptions{certificates().ca_cert, cert, key};
    return options;
  }

  // The connection cannot carry SMPP: the handshake failed, or the first read after a bind finds
  // the connection closed (TLS 1.3 refuses a client certificate after the client's handshake).
  static void expect_refused(SmppTestClient& client) {
    if (!client.connected()) return;
    codec::Pdu bind = testing::make_bind(CommandId::bind_transceiver, "esme", "pw");
    bind.sequence_number = 1;
    client.send(bind);
    const testing::ReadResult answer = client.read(3s);
    EXPECT_FALSE(answer.ok()) << "got " << testing::describe(answer.pdu);
    EXPECT_NE(answer.status, testing::ReadStatus::timeout) << "the connection stayed open";
  }

 private:
  static std::string* dir_;
  static testing::TestCertificates* certificates_;
};

std::string* TlsTest::dir_ = nullptr;
testing::TestCertificates* TlsTest::certificates_ = nullptr;

TEST_F(TlsTest, ABindOverTlsWorks) {
  ASSERT_NO_FATAL_FAILURE(start(tls_listener(false)));
  // The client checks smppd's certificate against the CA and the IP 127.0.0.1.
  SmppTestClient client(port(), tls_client());
  ASSERT_TRUE(client.connected()) << client.error();
  const auto bind = client.bind(CommandId::bind_transceiver);
  ASSERT_TRUE(bind);
  EXPECT_EQ(bind->command_id, CommandId::bind_transceiver_resp);
  EXPECT_EQ(bind->command_status, status::kOk);
  const auto submit = client.submit();
  ASSERT_TRUE(submit);
  EXPECT_EQ(submit->command_status, status::kInvDstAdr);
  const auto unbind = client.unbind();
  ASSERT_TRUE(unbind);
  EXPECT_EQ(unbind->command_id, CommandId::unbind_resp);
  EXPECT_TRUE(client.wait_closed(2s).closed);
}

TEST_F(TlsTest, APlainTextClientOnTheTlsPortFailsTheHandshakeAndIsClosed) {
  ASSERT_NO_FATAL_FAILURE(start(tls_listener(false)));
  SmppTestClient plain(port());
  ASSERT_TRUE(plain.connected());
  codec::Pdu bind = testing::make_bind(CommandId::bind_transceiver, "esme", "pw");
  bind.sequence_number = 1;
  ASSERT_TRUE(plain.send(bind));
  const testing::ReadResult answer = plain.read(3s);
  EXPECT_FALSE(answer.ok()) << "an SMPP answer in plain text: " << testing::describe(answer.pdu);
  EXPECT_TRUE(plain.wait_closed(3s).closed);
  // TLS clients are still served.
  SmppTestClient client(port(), tls_client());
  ASSERT_TRUE(client.connected()) << client.error();
  EXPECT_TRUE(client.enquire_link());
}

TEST_F(TlsTest, RequireClientCertRefusesAClientWithoutOne) {
  ASSERT_NO_FATAL_FAILURE(start(tls_listener(true)));
  SmppTestClient anonymous(port(), tls_client());
  expect_refused(anonymous);
}

TEST_F(TlsTest, RequireClientCertRefusesACertificateFromAnotherCa) {
  ASSERT_NO_FATAL_FAILURE(start(tls_listener(true)));
  SmppTestClient stranger(port(), tls_client(certificates().stranger_cert, certificates().stranger_key));
  expect_refused(stranger);
}

TEST_F(TlsTest, RequireClientCertAcceptsACertificateFromTheCa) {
  ASSERT_NO_FATAL_FAILURE(start(tls_listener(true)));
  SmppTestClient client(port(), tls_client(certificates().client_cert, certificates().client_key));
  ASSERT_TRUE(client.connected()) << client.error();
  const auto bind = client.bind(CommandId::bind_transmitter);
  ASSERT_TRUE(bind);
  EXPECT_EQ(bind->command_status, status::kOk);
  EXPECT_TRUE(client.enquire_link());
}

// A client that connects to the TLS port and never starts the handshake is closed by the bind
// timeout, like any connection that does not bind.
TEST_F(TlsTest, AConnectionThatNeverHandshakesIsClosedAfterTheBindTimeout) {
  ListenerSpec listener = tls_listener(false);
  listener.session = {{"bind_timeout_ms", "400"}};
  ASSERT_NO_FATAL_FAILURE(start(listener));
  SmppTestClient silent(port());
  ASSERT_TRUE(silent.connected());
  EXPECT_TRUE(silent.wait_closed(3s).closed);
  // Half a ClientHello and a stall: the same.
  SmppTestClient stalled(port());
  ASSERT_TRUE(stalled.connected());
  const std::string hello = testing::tls_client_hello();
  ASSERT_TRUE(stalled.send_raw(std::string_view(hello).substr(0, hello.size() / 2)));
  EXPECT_TRUE(stalled.wait_closed(3s).closed);
}

}  // namespace
}  // namespace smppd::integration
