// enquire_link through the C ABI on the fake host: a probe per check, PAUSE, and the host's
// resume; STOP at once when the host cannot probe.
#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "fake_host.h"
#include "plugins/health/enquire_link/checker_config.h"
#include "smppd/cxx/config_box.hpp"
#include "smppd/plugin.h"
#include "tests/plugins/schema_lint.h"

namespace smppd::plugins::enquire_link {
namespace {

using namespace std::chrono_literals;
using smppd::testing::FakeEndpoint;
using smppd::testing::FakeHost;
using smppd::testing::HealthDriver;
using smppd::testing::ProbeAnswer;

class EnquireLinkTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(checker_.configure("{}"), SMPPD_OK); }

  FakeHost host_;
  HealthDriver checker_{host_, smppd_plugin_v1(SMPPD_ABI_VERSION_MINOR), "enquire_link"};
  FakeEndpoint endpoint_{42, "smsc", "smsc-a", "127.0.0.1", 2775};
};

TEST_F(EnquireLinkTest, ProbesTheEndpointAndPauses) {
  host_.script_probe(42, ProbeAnswer{SMPPD_OK, SMPPD_CONTINUE, 30ms});
  const auto outcome = checker_.check(endpoint_, 2s);
  EXPECT_EQ(outcome.verdict, SMPPD_PAUSE);
  ASSERT_EQ(host_.probes().size(), 1u);
  EXPECT_EQ(host_.probes()[0].endpoint_id, 42u);
  EXPECT_EQ(host_.probes()[0].timeout_ns, std::chrono::nanoseconds(2s).count());
  EXPECT_EQ(host_.probes()[0].token, outcome.token);

  // The host resumes the token when the enquire_link_resp comes.
  host_.advance(29ms);
  EXPECT_EQ(host_.token_state(outcome.token), smppd::testing::TokenState::pending);
  host_.advance(1ms);
  ASSERT_TRUE(host_.resumption(outcome.token));
  EXPECT_EQ(host_.resumption(outcome.token)->verdict, SMPPD_CONTINUE);
  EXPECT_EQ(host_.counter("smppd.plugin.enquire_link.probes"), 1u);
}

TEST_F(EnquireLinkTest, AnswersWhatTheProbeFound) {
  host_.script_probe(42, ProbeAnswer{SMPPD_OK, SMPPD_CONTINUE, 5ms});
  EXPECT_EQ(checker_.check_and_wait(endpoint_, 1s).verdict, SMPPD_CONTINUE);

  host_.script_probe(42, ProbeAnswer{SMPPD_OK, SMPPD_STOP, 5ms});  // the resp did not come in time
  EXPECT_EQ(checker_.check_and_wait(endpoint_, 1s).verdict, SMPPD_STOP);

  host_.script_probe(42, ProbeAnswer{SMPPD_OK, std::nullopt, 0ms});  // nothing at all: the host's timeout
  const auto silent = checker_.check_and_wait(endpoint_, 1s);
  EXPECT_EQ(silent.verdict, SMPPD_STOP);
  EXPECT_TRUE(silent.timed_out);
}

TEST_F(EnquireLinkTest, StopsAtOnceWhenTheProbeFails) {
  // No bind to probe: the host answers an error and will not resume.
  host_.script_probe(42, ProbeAnswer{SMPPD_E_STATE, std::nullopt, 0ms});
  EXPECT_EQ(checker_.check(endpoint_).verdict, SMPPD_STOP);
  // An endpoint the host does not know.
  const FakeEndpoint stranger{7, "smsc", "gone", "127.0.0.1", 2775};
  EXPECT_EQ(checker_.check(stranger).verdict, SMPPD_STOP);
  EXPECT_EQ(host_.counter("smppd.plugin.enquire_link.probe_failures"), 2u);
  EXPECT_EQ(host_.pending_timers(), 0u);
}

TEST_F(EnquireLinkTest, StopsWhenTheHostHasNoProbeEntry) {
  host_.script_probe(42, ProbeAnswer{});
  const auto probe = host_.upstream_table().probe_enquire_link;
  host_.upstream_table().probe_enquire_link = nullptr;
  EXPECT_EQ(checker_.check(endpoint_).verdict, SMPPD_STOP);
  // An older host: its upstream table ends before the entry.
  host_.upstream_table().probe_enquire_link = probe;
  host_.upstream_table().struct_size = offsetof(smppd_upstream_api, probe_enquire_link);
  EXPECT_EQ(checker_.check(endpoint_).verdict, SMPPD_STOP);
  // A host without the upstream table at all.
  host_.api_table().upstream = nullptr;
  EXPECT_EQ(checker_.check(endpoint_).verdict, SMPPD_STOP);
  EXPECT_TRUE(host_.probes().empty());
}

TEST_F(EnquireLinkTest, ALateResumeAfterCancelIsHarmless) {
  host_.script_probe(42, ProbeAnswer{SMPPD_OK, SMPPD_CONTINUE, 5s});
  const auto outcome = checker_.check(endpoint_, 1s);
  ASSERT_EQ(outcome.verdict, SMPPD_PAUSE);
  checker_.cancel(outcome.token);  // the host's timeout passed
  host_.advance(5s);
  EXPECT_EQ(host_.late_resumes(), 1u);
  EXPECT_FALSE(host_.resumption(outcome.token));
}

TEST(EnquireLinkConfigTest, TakesNoSettings) {
  EXPECT_NO_THROW(check_checker_config(""));
  EXPECT_NO_THROW(check_checker_config("{}"));
  try {
    check_checker_config(R"({"interval_ms": 100})");
    FAIL() << "a setting was accepted";
  } catch (const smppd::cxx::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("interval_ms: enquire_link has no settings"), std::string::npos) << e.what();
  }
  EXPECT_THROW(check_checker_config("[1]"), smppd::cxx::ConfigError);
  EXPECT_EQ(smppd::testing::schema_problems(kConfigSchema), std::vector<std::string>{});

  FakeHost host;
  HealthDriver checker(host, smppd_plugin_v1(SMPPD_ABI_VERSION_MINOR), "enquire_link");
  std::string error;
  EXPECT_EQ(checker.configure(R"({"timeout_ms": 5})", &error), SMPPD_E_CONFIG);
  EXPECT_NE(error.find("timeout_ms"), std::string::npos) << error;
}

}  // namespace
}  // namespace smppd::plugins::enquire_link
