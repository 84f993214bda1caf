// TLS towards an upstream SMSC: the SMSC here is a second smppd with a TLS listener in front of
// the mock upstream, with a throwaway CA made by the openssl command line at run time.
#include <filesystem>

#include "host/codec/command_status.h"
#include "tests/integration/proxy_test.h"
#include "tests/support/run_command.h"
#include "tests/support/test_certificates.h"

namespace smppd::integration {
namespace {

namespace status = codec::status;

constexpr const char* kRouteAllToSmsc = "[[routes]]\nname = \"all\"\ncluster = \"smsc\"\n";

class ProxyTlsUpstreamTest : public ProxyTest {
 protected:
  void SetUp() override {
    dir_ = testing::make_temp_dir("smppd-integration-upstream-tls");
    certificates_ = testing::make_test_certificates(dir_);
    ASSERT_TRUE(certificates_.ok()) << certificates_.error;
  }
  void TearDown() override {
    if (smsc_) {
      EXPECT_EQ(smsc_->stop(40s), std::optional<int>(0)) << "the SMSC smppd did not exit with 0";
      EXPECT_EQ(smsc_->sanitizer_report(), "");
      if (HasFailure()) std::cout << "---- the SMSC smppd's log ----\n" << smsc_->log() << "\n---- end ----\n";
    }
    ProxyTest::TearDown();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // A second smppd speaking SMPP over TLS and answering every submit from the mock upstream.
  uint16_t start_tls_smsc() {
    ListenerSpec listener;
    listener.port = testing::free_port();
    listener.tls = "cert_file = \"" + certificates_.server_cert + "\"\nkey_file = \"" + certificates_.server_key + "\"\n";
    const std::string top = "[[clusters]]\nname = \"mock\"\nupstream = \"mock\"\n"
                            "[[routes]]\nname = \"all\"\ncluster = \"mock\"\n";
    testing::SmppdOptions options = smppd_options();
    options.ports = {listener.port};
    smsc_ = std::make_unique<testing::SmppdProcess>(config_toml({listener}, top), options);
    EXPECT_TRUE(smsc_->started()) << smsc_->start_error();
    return listener.port;
  }

  std::string dir_;
  testing::TestCertificates certificates_;
  std::unique_ptr<testing::SmppdProcess> smsc_;
};

TEST_F(ProxyTlsUpstreamTest, SubmitsGoToTheSmscOverTlsCheckedAgainstTheCa) {
  const uint16_t smsc_port = start_tls_smsc();
  ASSERT_TRUE(smsc_ && smsc_->started());
  ASSERT_NO_FATAL_FAILURE(start_proxy(
      cluster_toml("smsc", {{"tls", smsc_port, "tls = { enabled = true, ca_file = \"" + certificates_.ca_cert + "\" }\n"}}) +
      kRouteAllToSmsc));
  auto client = bound_as("acme", CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  const auto answer = client->call(testing::make_submit_sm("4915112345678", "over tls"), 5s);
  ASSERT_TRUE(answer) << client->error();
  EXPECT_EQ(answer->command_status, status::kOk) << testing::describe(*answer);
  EXPECT_FALSE(answer->message_id.empty());
  EXPECT_NE(smppd().log().find("bound as smppd"), std::string::npos) << "no bind to the TLS SMSC";
}

TEST_F(ProxyTlsUpstreamTest, AnSmscWhoseCertificateTheCaDidNotSignGetsNoBind) {
  const uint16_t smsc_port = start_tls_smsc();
  ASSERT_TRUE(smsc_ && smsc_->started());
  // The client certificate is no CA: the SMSC's certificate cannot be verified against it.
  ListenerSpec listener = client_listener();
  listener.keys.push_back({"warm_timeout_ms", "500"});
  ASSERT_NO_FATAL_FAILURE(start(
      listener,
      cluster_toml("smsc", {{"tls", smsc_port, "tls = { enabled = true, ca_file = \"" + certificates_.client_cert + "\" }\n"}}) +
          kRouteAllToSmsc));
  auto client = bound_as("acme", CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  const auto answer = client->call(testing::make_submit_sm("4915112345678", "not over tls"), 5s);
  ASSERT_TRUE(answer) << client->error();
  EXPECT_EQ(answer->command_status, status::kThrottled) << "no bind, so the cluster's no-bind status";
  EXPECT_EQ(smppd().log().find("bound as smppd"), std::string::npos) << "bound to an SMSC it could not verify";
}

}  // namespace
}  // namespace smppd::integration
