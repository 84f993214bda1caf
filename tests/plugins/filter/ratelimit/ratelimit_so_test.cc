// The built libsmppd_ratelimit.so as smppd loads it: dlopen, the entry symbol, the manifest beside
// it, and requests driven through the C ABI on the fake host (a local limit, and a global one
// that pauses for the fake state store).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fake_host.h"
#include "tests/plugins/filter/ratelimit/ratelimit_test_support.h"
#include "tests/plugins/loaded_plugin.h"
#include "tests/plugins/schema_lint.h"

namespace smppd::plugins::ratelimit {
namespace {

using smppd::testing::FakeCall;
using smppd::testing::FakeHost;
using smppd::testing::FakeSession;
using smppd::testing::FilterDriver;

const smppd_plugin_descriptor* loaded() {
  static const smppd_plugin_descriptor* descriptor = [] {
    std::string error;
    const smppd_plugin_descriptor* found = smppd::testing::load_plugin(SMPPD_RATELIMIT_SO, &error);
    if (found == nullptr) ADD_FAILURE() << error;
    return found;
  }();
  return descriptor;
}

TEST(RatelimitSharedObjectTest, AgreesWithItsManifestAndDeclaresALintFreeSchema) {
  ASSERT_NE(loaded(), nullptr);
  EXPECT_EQ(smppd::testing::manifest_disagreements(SMPPD_RATELIMIT_MANIFEST, SMPPD_RATELIMIT_SO, *loaded()),
            std::vector<std::string>{});
  const smppd_factory* factory = smppd::testing::find_factory(loaded(), SMPPD_KIND_FILTER, "ratelimit");
  ASSERT_NE(factory, nullptr);
  ASSERT_NE(factory->config_schema, nullptr);
  EXPECT_EQ(smppd::testing::schema_problems(factory->config_schema), std::vector<std::string>{});
}

TEST(RatelimitSharedObjectTest, LimitsThroughTheCAbi) {
  ASSERT_NE(loaded(), nullptr);
  FakeHost host;
  host.set_state_shared(true);  // the global limit is asked of the store, as with redis
  {
    FilterDriver filter(host, loaded(), "ratelimit");
    std::string error;
    ASSERT_EQ(filter.configure(R"({"limits": [
                 {"name": "local_client", "keys": ["client"], "rate": 0.001, "burst": 4},
                 {"name": "global_uk", "keys": ["client", "destination_prefix"], "rate": 0.001, "burst": 3,
                  "scope": "global", "destination_prefixes": ["44"]}]})",
                               &error),
              SMPPD_OK)
        << error;
    FakeSession session(testing::client("acme"));
    auto instance = filter.open_session(session);

    auto to_germany = testing::submit_sm("4915112345678");
    FakeCall local_only(session, *to_germany);
    EXPECT_EQ(instance.request(local_only).verdict, SMPPD_CONTINUE) << "only the local limit applies: no pause";

    int through = 0;
    for (int i = 0; i < 4; ++i) {
      auto to_uk = testing::submit_sm("447700900123");
      FakeCall call(session, *to_uk);
      const auto outcome = instance.request_and_wait(call);
      if (outcome.verdict == SMPPD_CONTINUE) ++through;
      if (outcome.verdict == SMPPD_STOP) {
        EXPECT_EQ(outcome.command_status, SMPPD_STATUS_RTHROTTLED);
      }
    }
    EXPECT_EQ(through, 3) << "the local limit had 3 units left, the global one 3";
    EXPECT_TRUE(host.state_value("ratelimit/global_uk/acme/44"));
    instance.close();
  }
  EXPECT_EQ(host.counter("limit.local_client.allowed"), 4u);
  EXPECT_EQ(host.counter("limit.global_uk.allowed"), 3u);
  EXPECT_EQ(host.counter("limit.local_client.limited") + host.counter("limit.global_uk.limited"), 1u);
}

TEST(RatelimitSharedObjectTest, ARefusedConfigCrossesTheAbiAsAnErrorNotAnException) {
  ASSERT_NE(loaded(), nullptr);
  FakeHost host;
  FilterDriver filter(host, loaded(), "ratelimit");
  std::string error;
  EXPECT_EQ(filter.configure(R"({"limits": [{"name": "t", "keys": ["tenant"], "rate": 1, "burst": 1}]})", &error),
            SMPPD_E_CONFIG);
  EXPECT_NE(error.find("limits[0] (\"t\").tenant_attribute: is required"), std::string::npos) << error;
}

}  // namespace
}  // namespace smppd::plugins::ratelimit
