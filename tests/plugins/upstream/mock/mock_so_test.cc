// The built libsmppd_mock.so as smppd loads it: dlopen, the entry symbol, the manifest beside it,
// and a submit, its receipt and stop driven through the C ABI on the fake host.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "fake_host.h"
#include "tests/plugins/loaded_plugin.h"
#include "tests/plugins/upstream/mock/receipt_fields.h"

namespace smppd::plugins::mock {
namespace {

using namespace std::chrono_literals;
using smppd::testing::FakeHost;
using smppd::testing::FakeMessage;
using smppd::testing::UpstreamDriver;

const smppd_plugin_descriptor* loaded() {
  static const smppd_plugin_descriptor* descriptor = [] {
    std::string error;
    const smppd_plugin_descriptor* found = smppd::testing::load_plugin(SMPPD_MOCK_SO, &error);
    if (found == nullptr) ADD_FAILURE() << error;
    return found;
  }();
  return descriptor;
}

TEST(MockSharedObjectTest, AgreesWithItsManifest) {
  ASSERT_NE(loaded(), nullptr);
  EXPECT_EQ(smppd::testing::manifest_disagreements(SMPPD_MOCK_MANIFEST, SMPPD_MOCK_SO, *loaded()),
            std::vector<std::string>{});
}

TEST(MockSharedObjectTest, SubmitsAndReceiptsThroughTheCAbi) {
  ASSERT_NE(loaded(), nullptr);
  FakeHost host;
  {
    UpstreamDriver mock(host, loaded(), "mock");
    ASSERT_EQ(mock.configure("{}"), SMPPD_OK);  // what etc/smppd.toml's upstream_config = {} gives
    ASSERT_EQ(mock.start(), SMPPD_OK);
    FakeMessage submit(SMPPD_CMD_SUBMIT_SM);
    submit.set_string(SMPPD_F_SOURCE_ADDR, "ACME")
        .set_string(SMPPD_F_DESTINATION_ADDR, "447700900123")
        .set_int(SMPPD_F_REGISTERED_DELIVERY, 1)
        .set_string(SMPPD_F_SHORT_MESSAGE, "hello");
    const auto submitted = mock.submit(submit);
    ASSERT_EQ(submitted.result, SMPPD_OK);
    host.advance(5ms);
    const auto done = host.completion(submitted.token);
    ASSERT_TRUE(done);
    EXPECT_EQ(done->command_status, 0u);
    host.advance(100ms);
    ASSERT_EQ(host.delivery_count(), 1u);
    const FakeMessage& receipt = *host.deliveries()[0].message;
    const auto fields = testing::parse_receipt(receipt.string(SMPPD_F_SHORT_MESSAGE).value_or(""));
    ASSERT_TRUE(fields);
    EXPECT_EQ(fields->id, done->message_id);
    EXPECT_EQ(fields->text, "hello");

    // After stop nothing more comes, whatever was still waiting.
    const auto unanswered = mock.submit(submit);
    mock.stop();
    host.advance(1s);
    EXPECT_FALSE(host.completion(unanswered.token));
    EXPECT_EQ(host.delivery_count(), 1u);
  }
  EXPECT_EQ(host.live_messages(), 0u);
}

}  // namespace
}  // namespace smppd::plugins::mock
