// auth_static through its descriptor and vtable, as smppd drives it, on the SDK's fake host. The
// plugin's sources are compiled into this test (auth_static_so_test.cc loads the built .so).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "fake_host.h"
#include "plugins/filter/auth_static/auth_stats.h"
#include "smppd/plugin.h"
#include "tests/plugins/filter/auth_static/test_accounts.h"

extern "C" const smppd_plugin_descriptor* SMPPD_PLUGIN_ENTRY(uint32_t host_abi_minor);

namespace smppd::plugins::auth_static {
namespace {

using namespace std::chrono_literals;
using smppd::testing::FakeCall;
using smppd::testing::FakeHost;
using smppd::testing::FakeMessage;
using smppd::testing::FakeSession;
using smppd::testing::FilterDriver;
using smppd::testing::FilterOutcome;
using smppd::testing::SessionInfo;
using smppd::testing::TokenState;
using testing::account_json;
using testing::account_toml;
using testing::config_json;
using testing::TempDir;

SessionInfo from(std::string peer_address, uint64_t session_id = 1) {
  SessionInfo info;
  info.peer_address = std::move(peer_address);
  info.session_id = session_id;
  return info;
}

class AuthStaticFilterTest : public ::testing::Test {
 protected:
  void configure(const std::string& json) {
    std::string error;
    ASSERT_EQ(filter_.configure(json, &error), SMPPD_OK) << error;
  }

  // A bind on this session, waiting for the answer when the filter pauses.
  static FilterOutcome bind(FilterDriver::Session& instance, FakeSession& session, const std::string& system_id,
                            const std::string& password, uint32_t command = SMPPD_CMD_BIND_TRANSCEIVER) {
    FakeMessage message(command);
    message.set_string(SMPPD_F_SYSTEM_ID, system_id).set_string(SMPPD_F_PASSWORD, password);
    FakeCall call(session, message);
    return instance.request_and_wait(call);
  }

  // A bind on a session of its own, closed again before returning.
  FilterOutcome bind_once(const std::string& system_id, const std::string& password, const std::string& peer = "127.0.0.1",
                          uint32_t command = SMPPD_CMD_BIND_TRANSCEIVER) {
    FakeSession session(from(peer));
    auto instance = filter_.open_session(session);
    return bind(instance, session, system_id, password, command);
  }

  // Any other request: the moment the filter may look at its accounts file.
  static FilterOutcome enquire_link(FilterDriver::Session& instance, FakeSession& session) {
    FakeMessage message(SMPPD_CMD_ENQUIRE_LINK);
    FakeCall call(session, message);
    return instance.request(call);
  }

  void expect_refused(const FilterOutcome& outcome, uint32_t status) {
    EXPECT_EQ(outcome.verdict, SMPPD_STOP);
    EXPECT_EQ(outcome.command_status, status);
  }

  FakeHost host_;
  FilterDriver filter_{host_, SMPPD_PLUGIN_ENTRY(SMPPD_ABI_VERSION_MINOR), "auth_static"};
};

TEST_F(AuthStaticFilterTest, DescribesItselfAsTheManifestDoes) {
  const smppd_plugin_descriptor* descriptor = SMPPD_PLUGIN_ENTRY(SMPPD_ABI_VERSION_MINOR);
  EXPECT_STREQ(descriptor->name, "auth_static");
  EXPECT_STREQ(descriptor->version, SMPPD_AUTH_STATIC_VERSION);
  EXPECT_EQ(descriptor->abi_major, static_cast<uint32_t>(SMPPD_ABI_VERSION_MAJOR));
  ASSERT_EQ(descriptor->factory_count, 1u);
  EXPECT_EQ(descriptor->factories[0].kind, SMPPD_KIND_FILTER);
  EXPECT_STREQ(descriptor->factories[0].name, "auth_static");
  EXPECT_NE(descriptor->factories[0].config_schema, nullptr);
  const auto* vtable = static_cast<const smppd_filter_vtable*>(descriptor->factories[0].vtable);
  EXPECT_NE(vtable->session_new, nullptr);  // per-session state: the bind it holds
  EXPECT_NE(vtable->on_cancel, nullptr);
}

TEST_F(AuthStaticFilterTest, AcceptsTheRightPasswordAndSetsThePrincipal) {
  configure(config_json({account_json("acme", "s3cret")}));
  FakeSession session;
  auto instance = filter_.open_session(session);
  const FilterOutcome outcome = bind(instance, session, "acme", "s3cret");
  EXPECT_EQ(outcome.verdict, SMPPD_CONTINUE);
  EXPECT_EQ(session.attributes().get_string(SMPPD_ATTR_PRINCIPAL), "acme");
  ASSERT_TRUE(host_.wait_blocking_idle());
  EXPECT_EQ(host_.counter("smppd.plugin.auth_static.binds_accepted"), 1u);
  EXPECT_EQ(host_.counter("binds_rejected"), 0u);
  EXPECT_EQ(host_.gauge("verifications_in_flight"), 0);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_INFO, "bind accepted: system_id \"acme\" from \"127.0.0.1\" as transceiver"));
}

TEST_F(AuthStaticFilterTest, ChecksPasswordsOnTheBlockingPoolNeverInTheHook) {
  configure(config_json({account_json("acme", "s3cret")}));
  FakeSession session;
  auto instance = filter_.open_session(session);
  host_.hold_blocking();
  FakeMessage message(SMPPD_CMD_BIND_TRANSMITTER);
  message.set_string(SMPPD_F_SYSTEM_ID, "acme").set_string(SMPPD_F_PASSWORD, "s3cret");
  FakeCall call(session, message);
  const FilterOutcome paused = instance.request(call);
  EXPECT_EQ(paused.verdict, SMPPD_PAUSE);
  EXPECT_EQ(host_.blocking_queued(), 1u);
  EXPECT_EQ(host_.token_state(paused.token), TokenState::pending);
  EXPECT_EQ(host_.gauge("verifications_in_flight"), 1);
  host_.release_blocking();
  const auto resumed = host_.wait_for_resume(paused.token);
  ASSERT_TRUE(resumed);
  EXPECT_EQ(resumed->verdict, SMPPD_CONTINUE);
  ASSERT_EQ(resumed->attributes.size(), 1u);
  EXPECT_EQ(resumed->attributes[0].first, SMPPD_SCOPE_SESSION);
  EXPECT_EQ(resumed->attributes[0].second.first, SMPPD_ATTR_PRINCIPAL);
  EXPECT_EQ(host_.repeat_resumes(), 0u);
}

TEST_F(AuthStaticFilterTest, RefusesAnUnknownSystemIdAfterAComparableCheck) {
  configure(config_json({account_json("acme", "s3cret")}));
  expect_refused(bind_once("nobody", "s3cret"), SMPPD_STATUS_RINVSYSID);
  expect_refused(bind_once("", ""), SMPPD_STATUS_RINVSYSID);
  ASSERT_TRUE(host_.wait_blocking_idle());
  // Unknown ids go through an Argon2id check against a dummy hash, as known ones do.
  EXPECT_EQ(host_.blocking_completed(), 2u);
  EXPECT_EQ(host_.counter("binds_rejected_unknown_system_id"), 2u);
  EXPECT_EQ(host_.counter("binds_rejected"), 2u);
  EXPECT_EQ(host_.counter("binds_accepted"), 0u);
}

TEST_F(AuthStaticFilterTest, RefusesAWrongPassword) {
  configure(config_json({account_json("acme", "s3cret")}));
  FakeSession session;
  auto instance = filter_.open_session(session);
  expect_refused(bind(instance, session, "acme", "S3cret"), SMPPD_STATUS_RINVPASWD);
  EXPECT_FALSE(session.attributes().contains(SMPPD_ATTR_PRINCIPAL));
  // The session may try again.
  EXPECT_EQ(bind(instance, session, "acme", "s3cret").verdict, SMPPD_CONTINUE);
  ASSERT_TRUE(host_.wait_blocking_idle());
  EXPECT_EQ(host_.counter("binds_rejected_bad_password"), 1u);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_INFO, "bind refused: system_id \"acme\" from \"127.0.0.1\" as transceiver: wrong password"));
}

TEST_F(AuthStaticFilterTest, RefusesADisabledAccountWithoutHashing) {
  configure(config_json({account_json("acme", "s3cret", R"(, "enabled": false)")}));
  expect_refused(bind_once("acme", "s3cret"), SMPPD_STATUS_RBINDFAIL);
  EXPECT_EQ(host_.blocking_accepted(), 0u);
  EXPECT_EQ(host_.counter("binds_rejected_disabled"), 1u);
}

TEST_F(AuthStaticFilterTest, AllowsOnlyTheConfiguredBindTypes) {
  configure(config_json({account_json("acme", "s3cret", R"(, "bind_types": ["transmitter", "receiver"])")}));
  EXPECT_EQ(bind_once("acme", "s3cret", "127.0.0.1", SMPPD_CMD_BIND_TRANSMITTER).verdict, SMPPD_CONTINUE);
  EXPECT_EQ(bind_once("acme", "s3cret", "127.0.0.1", SMPPD_CMD_BIND_RECEIVER).verdict, SMPPD_CONTINUE);
  expect_refused(bind_once("acme", "s3cret", "127.0.0.1", SMPPD_CMD_BIND_TRANSCEIVER), SMPPD_STATUS_RBINDFAIL);
  ASSERT_TRUE(host_.wait_blocking_idle());
  EXPECT_EQ(host_.counter("binds_rejected_bind_type"), 1u);
  EXPECT_EQ(host_.blocking_accepted(), 2u);  // the refused one was never hashed
}

TEST_F(AuthStaticFilterTest, AllowsOnlyTheConfiguredSourceNetworks) {
  configure(config_json({account_json("acme", "s3cret", R"(, "allowed_cidrs": ["127.0.0.1/32", "::1/128"])")}));
  EXPECT_EQ(bind_once("acme", "s3cret", "127.0.0.1").verdict, SMPPD_CONTINUE);
  EXPECT_EQ(bind_once("acme", "s3cret", "::1").verdict, SMPPD_CONTINUE);
  EXPECT_EQ(bind_once("acme", "s3cret", "::ffff:127.0.0.1").verdict, SMPPD_CONTINUE);
  expect_refused(bind_once("acme", "s3cret", "127.0.0.2"), SMPPD_STATUS_RBINDFAIL);
  expect_refused(bind_once("acme", "s3cret", "::2"), SMPPD_STATUS_RBINDFAIL);
  expect_refused(bind_once("acme", "s3cret", ""), SMPPD_STATUS_RBINDFAIL);
  ASSERT_TRUE(host_.wait_blocking_idle());
  EXPECT_EQ(host_.counter("binds_rejected_source_address"), 3u);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_INFO, "from \"127.0.0.2\" as transceiver: source address not allowed"));
}

TEST_F(AuthStaticFilterTest, AnIpv6OnlyAccountRefusesIpv4Clients) {
  configure(config_json({account_json("acme", "s3cret", R"(, "allowed_cidrs": ["::/0"])")}));
  EXPECT_EQ(bind_once("acme", "s3cret", "::1").verdict, SMPPD_CONTINUE);
  expect_refused(bind_once("acme", "s3cret", "127.0.0.1"), SMPPD_STATUS_RBINDFAIL);
}

TEST_F(AuthStaticFilterTest, CountsMaxBindsAcrossSessionsAndReleasesThemAtSessionEnd) {
  configure(config_json({account_json("capped", "s3cret", R"(, "max_binds": 2)"), account_json("free", "pw")}));
  FakeSession first(from("127.0.0.1", 1));
  FakeSession second(from("127.0.0.1", 2));
  FakeSession third(from("::1", 3));
  auto a = filter_.open_session(first);
  auto b = filter_.open_session(second);
  auto c = filter_.open_session(third);
  EXPECT_EQ(bind(a, first, "capped", "s3cret").verdict, SMPPD_CONTINUE);
  EXPECT_EQ(bind(b, second, "capped", "s3cret").verdict, SMPPD_CONTINUE);
  expect_refused(bind(c, third, "capped", "s3cret"), SMPPD_STATUS_RBINDFAIL);
  EXPECT_EQ(bind(c, third, "free", "pw").verdict, SMPPD_CONTINUE);  // other accounts are not affected
  a.close();                                                          // session_free releases its bind
  FakeSession fourth(from("127.0.0.1", 4));
  auto d = filter_.open_session(fourth);
  EXPECT_EQ(bind(d, fourth, "capped", "s3cret").verdict, SMPPD_CONTINUE);
  ASSERT_TRUE(host_.wait_blocking_idle());
  EXPECT_EQ(host_.counter("binds_rejected_max_binds"), 1u);
  EXPECT_EQ(host_.counter("binds_accepted"), 4u);
}

TEST_F(AuthStaticFilterTest, MaxBindsHoldsWhenChecksFinishTogether) {
  configure(config_json({account_json("capped", "s3cret", R"(, "max_binds": 2)")}));
  host_.hold_blocking();
  std::vector<std::unique_ptr<FakeSession>> sessions;
  std::vector<std::unique_ptr<FakeMessage>> messages;
  std::vector<std::unique_ptr<FakeCall>> calls;
  std::vector<FilterDriver::Session> instances;
  std::vector<uint64_t> tokens;
  for (uint64_t i = 0; i < 3; ++i) {
    sessions.push_back(std::make_unique<FakeSession>(from("127.0.0.1", i + 1)));
    instances.push_back(filter_.open_session(*sessions.back()));
    messages.push_back(std::make_unique<FakeMessage>(SMPPD_CMD_BIND_TRANSCEIVER));
    messages.back()->set_string(SMPPD_F_SYSTEM_ID, "capped").set_string(SMPPD_F_PASSWORD, "s3cret");
    calls.push_back(std::make_unique<FakeCall>(*sessions.back(), *messages.back()));
    const FilterOutcome outcome = instances.back().request(*calls.back());
    ASSERT_EQ(outcome.verdict, SMPPD_PAUSE);  // none bound yet: all three get checked
    tokens.push_back(outcome.token);
  }
  host_.release_blocking();
  int accepted = 0;
  int refused = 0;
  for (uint64_t token : tokens) {
    const auto resumed = host_.wait_for_resume(token);
    ASSERT_TRUE(resumed);
    if (resumed->verdict == SMPPD_CONTINUE) ++accepted;
    if (resumed->verdict == SMPPD_STOP && resumed->command_status == SMPPD_STATUS_RBINDFAIL) ++refused;
  }
  EXPECT_EQ(accepted, 2);
  EXPECT_EQ(refused, 1);
}

TEST_F(AuthStaticFilterTest, RefusesASecondBindOnABoundSession) {
  configure(config_json({account_json("acme", "s3cret")}));
  FakeSession session;
  auto instance = filter_.open_session(session);
  ASSERT_EQ(bind(instance, session, "acme", "s3cret").verdict, SMPPD_CONTINUE);
  session.info().bind_type = SMPPD_BIND_TRANSCEIVER;  // the host bound the session
  session.info().system_id = "acme";
  expect_refused(bind(instance, session, "acme", "s3cret"), SMPPD_STATUS_RALYBND);
  EXPECT_EQ(host_.counter("binds_rejected_already_bound"), 1u);
}

TEST_F(AuthStaticFilterTest, ABindRefusedAfterThisFilterDoesNotKeepItsSlot) {
  configure(config_json({account_json("acme", "s3cret", R"(, "max_binds": 1)")}));
  FakeSession session;
  auto instance = filter_.open_session(session);
  ASSERT_EQ(bind(instance, session, "acme", "s3cret").verdict, SMPPD_CONTINUE);
  // A later filter refused the bind: the host left the session unbound, and the client retries.
  ASSERT_EQ(session.info().bind_type, SMPPD_BIND_NONE);
  EXPECT_EQ(bind(instance, session, "acme", "s3cret").verdict, SMPPD_CONTINUE);
  session.info().bind_type = SMPPD_BIND_TRANSCEIVER;
  expect_refused(bind_once("acme", "s3cret"), SMPPD_STATUS_RBINDFAIL);  // one bind held, not two
  instance.close();
  EXPECT_EQ(bind_once("acme", "s3cret").verdict, SMPPD_CONTINUE);
}

TEST_F(AuthStaticFilterTest, LetsEveryOtherRequestThroughUntouched) {
  configure(config_json({account_json("acme", "s3cret")}));
  FakeSession session;
  auto instance = filter_.open_session(session);
  for (uint32_t command : {SMPPD_CMD_SUBMIT_SM, SMPPD_CMD_ENQUIRE_LINK, SMPPD_CMD_UNBIND, SMPPD_CMD_DATA_SM,
                           SMPPD_CMD_QUERY_SM, SMPPD_CMD_OUTBIND}) {
    FakeMessage message(command);
    message.set_string(SMPPD_F_SYSTEM_ID, "acme").set_string(SMPPD_F_PASSWORD, "wrong");
    FakeCall call(session, message);
    const FilterOutcome outcome = instance.request(call);
    EXPECT_EQ(outcome.verdict, SMPPD_CONTINUE) << command;
    EXPECT_EQ(message.plugin_writes(), 0u);
    EXPECT_TRUE(call.attributes().values().empty());
  }
  EXPECT_TRUE(session.attributes().values().empty());
  EXPECT_EQ(host_.blocking_accepted(), 0u);
}

TEST_F(AuthStaticFilterTest, RefusesWhenTheBlockingPoolIsBusy) {
  configure(config_json({account_json("acme", "s3cret")}));
  host_.set_blocking_busy(true);
  FakeSession session;
  auto instance = filter_.open_session(session);
  FakeMessage message(SMPPD_CMD_BIND_TRANSCEIVER);
  message.set_string(SMPPD_F_SYSTEM_ID, "acme").set_string(SMPPD_F_PASSWORD, "s3cret");
  FakeCall call(session, message);
  const FilterOutcome outcome = instance.request(call);  // answered in the hook, no pause
  expect_refused(outcome, SMPPD_STATUS_RTHROTTLED);
  EXPECT_EQ(host_.blocking_rejected(), 1u);
  EXPECT_EQ(host_.counter("binds_rejected_throttled"), 1u);
  EXPECT_EQ(host_.gauge("verifications_in_flight"), 0);
  host_.set_blocking_busy(false);
  EXPECT_EQ(bind(instance, session, "acme", "s3cret").verdict, SMPPD_CONTINUE);  // the session was left usable
}

TEST_F(AuthStaticFilterTest, RefusesBeyondMaxPendingVerificationsBeforeHashing) {
  configure(config_json({account_json("acme", "s3cret")}, R"(, "max_pending_verifications": 1)"));
  host_.hold_blocking();
  FakeSession first(from("127.0.0.1", 1));
  FakeSession second(from("127.0.0.1", 2));
  auto a = filter_.open_session(first);
  auto b = filter_.open_session(second);
  FakeMessage message(SMPPD_CMD_BIND_TRANSCEIVER);
  message.set_string(SMPPD_F_SYSTEM_ID, "acme").set_string(SMPPD_F_PASSWORD, "s3cret");
  FakeCall first_call(first, message);
  FakeCall second_call(second, message);
  const FilterOutcome paused = a.request(first_call);
  ASSERT_EQ(paused.verdict, SMPPD_PAUSE);
  expect_refused(b.request(second_call), SMPPD_STATUS_RTHROTTLED);
  EXPECT_EQ(host_.blocking_accepted(), 1u);
  host_.release_blocking();
  const auto resumed = host_.wait_for_resume(paused.token);
  ASSERT_TRUE(resumed);
  EXPECT_EQ(resumed->verdict, SMPPD_CONTINUE);
  EXPECT_EQ(host_.counter("binds_rejected_throttled"), 1u);
}

TEST_F(AuthStaticFilterTest, DropsACheckCancelledBeforeItRan) {
  configure(config_json({account_json("acme", "s3cret", R"(, "max_binds": 1)")}));
  host_.hold_blocking();
  FakeSession session;
  auto instance = filter_.open_session(session);
  FakeMessage message(SMPPD_CMD_BIND_TRANSCEIVER);
  message.set_string(SMPPD_F_SYSTEM_ID, "acme").set_string(SMPPD_F_PASSWORD, "s3cret");
  FakeCall call(session, message);
  const FilterOutcome paused = instance.request(call);
  ASSERT_EQ(paused.verdict, SMPPD_PAUSE);
  instance.cancel(paused.token);  // the deadline passed: the host cancels, then calls on_cancel
  host_.release_blocking();
  ASSERT_TRUE(host_.wait_blocking_idle());
  EXPECT_EQ(host_.token_state(paused.token), TokenState::cancelled);
  EXPECT_EQ(host_.late_resumes(), 0u);  // it did not even try to resume
  EXPECT_EQ(host_.counter("binds_cancelled"), 1u);
  EXPECT_EQ(host_.counter("binds_accepted"), 0u);
  EXPECT_FALSE(session.attributes().contains(SMPPD_ATTR_PRINCIPAL));
  // Nothing is held for the cancelled bind: the one allowed bind is still free.
  EXPECT_EQ(bind(instance, session, "acme", "s3cret").verdict, SMPPD_CONTINUE);
}

TEST_F(AuthStaticFilterTest, ReleasesTheBindWhenTheCallIsGoneByTheTimeTheCheckEnds) {
  configure(config_json({account_json("acme", "s3cret", R"(, "max_binds": 1)")}));
  host_.hold_blocking();
  FakeSession session;
  auto instance = filter_.open_session(session);
  FakeMessage message(SMPPD_CMD_BIND_TRANSCEIVER);
  message.set_string(SMPPD_F_SYSTEM_ID, "acme").set_string(SMPPD_F_PASSWORD, "s3cret");
  FakeCall call(session, message);
  const FilterOutcome paused = instance.request(call);
  ASSERT_EQ(paused.verdict, SMPPD_PAUSE);
  host_.cancel(paused.token);  // the host dropped the call; on_cancel has not run yet
  host_.release_blocking();
  ASSERT_TRUE(host_.wait_blocking_idle());
  EXPECT_EQ(host_.counter("binds_cancelled"), 1u);
  EXPECT_EQ(host_.counter("binds_accepted"), 0u);
  // The slot taken by the check went back when the host said the call was gone.
  FakeSession other(from("127.0.0.1", 2));
  auto second = filter_.open_session(other);
  EXPECT_EQ(bind(second, other, "acme", "s3cret").verdict, SMPPD_CONTINUE);
}

TEST_F(AuthStaticFilterTest, ASessionFreedDuringItsCheckIsNotTouchedAfterwards) {
  configure(config_json({account_json("acme", "s3cret", R"(, "max_binds": 1)")}));
  host_.hold_blocking();
  auto session = std::make_unique<FakeSession>();
  auto instance = filter_.open_session(*session);
  FakeMessage message(SMPPD_CMD_BIND_TRANSCEIVER);
  message.set_string(SMPPD_F_SYSTEM_ID, "acme").set_string(SMPPD_F_PASSWORD, "s3cret");
  auto call = std::make_unique<FakeCall>(*session, message);
  const FilterOutcome paused = instance.request(*call);
  ASSERT_EQ(paused.verdict, SMPPD_PAUSE);
  instance.cancel(paused.token);
  instance.close();  // session_free
  call.reset();
  session.reset();
  host_.release_blocking();
  ASSERT_TRUE(host_.wait_blocking_idle());  // ASan would catch a use after free here
  EXPECT_EQ(host_.late_resumes(), 0u);
  EXPECT_EQ(bind_once("acme", "s3cret").verdict, SMPPD_CONTINUE);
}

TEST_F(AuthStaticFilterTest, RefusesTheBindWhenThePrincipalCannotBeSet) {
  configure(config_json({account_json("acme", "s3cret", R"(, "max_binds": 1)")}));
  host_.async_table().token_attr_set_string = nullptr;  // a host without the entry
  expect_refused(bind_once("acme", "s3cret"), SMPPD_STATUS_RSYSERR);
  ASSERT_TRUE(host_.wait_blocking_idle());
  EXPECT_TRUE(host_.logged(SMPPD_LOG_ERROR, "cannot set smppd.principal"));
  EXPECT_EQ(host_.counter("binds_rejected_internal"), 1u);
  EXPECT_EQ(host_.counter("binds_accepted"), 0u);
}

TEST_F(AuthStaticFilterTest, DefinesEveryMetric) {
  configure(config_json({account_json("acme", "s3cret")}));
  for (const StatInfo& stat : kStats) {
    const auto metric = host_.metric(stat.name);
    ASSERT_TRUE(metric) << stat.name;
    EXPECT_EQ(metric->type, SMPPD_METRIC_COUNTER) << stat.name;
    EXPECT_EQ(metric->plugin, "auth_static");
  }
  const auto gauge = host_.metric(kVerificationsInFlight.name);
  ASSERT_TRUE(gauge);
  EXPECT_EQ(gauge->type, SMPPD_METRIC_GAUGE);
}

struct RefusedConfig {
  std::string json;
  std::string reason;
};

class AuthStaticConfigRefusalTest : public AuthStaticFilterTest, public ::testing::WithParamInterface<RefusedConfig> {};

TEST_P(AuthStaticConfigRefusalTest, RefusesWithAReadableReason) {
  std::string error;
  EXPECT_EQ(filter_.configure(GetParam().json, &error), SMPPD_E_CONFIG);
  EXPECT_NE(error.find(GetParam().reason), std::string::npos) << error;
  EXPECT_EQ(filter_.config(), nullptr);
}

INSTANTIATE_TEST_SUITE_P(
    Configs, AuthStaticConfigRefusalTest,
    ::testing::Values(RefusedConfig{"not json", "the config is not JSON"},
                      RefusedConfig{R"({"accounts": [], "accounts_file": "a.toml"})", "either accounts"},
                      RefusedConfig{R"({"accounts": [{"system_id": "acme", "password_hash": "plain"}]})",
                                    "accounts[0] (system_id \"acme\"): password_hash: is not an Argon2id hash"},
                      RefusedConfig{config_json({account_json("acme", "pw", R"(, "allowed_cidrs": ["127.0.0.1/33"])")}),
                                    "accounts[0] (system_id \"acme\"): allowed_cidrs[0]: \"127.0.0.1/33\""},
                      RefusedConfig{R"({"accounts_file": "no-such-accounts-file.toml"})",
                                    "accounts_file \"no-such-accounts-file.toml\": cannot be opened"}));

// --- the accounts file ----------------------------------------------------------------------------

class AuthStaticFileTest : public AuthStaticFilterTest {
 protected:
  void SetUp() override {
    dir_.replace("accounts.toml", account_toml("acme", "first"));
    configure(R"({"accounts_file": ")" + dir_.file("accounts.toml") + R"("})");
  }

  // After `by`, a request: the filter looks at the file if a second has passed since it last did.
  void request_after(std::chrono::nanoseconds by) {
    host_.advance(by);
    FakeSession session;
    auto instance = filter_.open_session(session);
    ASSERT_EQ(enquire_link(instance, session).verdict, SMPPD_CONTINUE);
    ASSERT_TRUE(host_.wait_blocking_idle());
  }

  TempDir dir_;
};

TEST_F(AuthStaticFileTest, ReadsTheAccountsFile) {
  EXPECT_EQ(bind_once("acme", "first").verdict, SMPPD_CONTINUE);
  expect_refused(bind_once("acme", "second"), SMPPD_STATUS_RINVPASWD);
}

TEST_F(AuthStaticFileTest, ReloadsAChangedFileAtMostOncePerSecond) {
  dir_.replace("accounts.toml", account_toml("acme", "second") + account_toml("newcomer", "third"));
  request_after(500ms);  // too soon: the file is not looked at
  EXPECT_EQ(host_.blocking_accepted(), 0u);
  EXPECT_EQ(bind_once("acme", "first").verdict, SMPPD_CONTINUE);

  request_after(600ms);
  EXPECT_EQ(host_.counter("reloads"), 1u);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_INFO, "reloaded: 2 accounts"));
  EXPECT_EQ(bind_once("acme", "second").verdict, SMPPD_CONTINUE);
  EXPECT_EQ(bind_once("newcomer", "third").verdict, SMPPD_CONTINUE);
  expect_refused(bind_once("acme", "first"), SMPPD_STATUS_RINVPASWD);

  request_after(1s);  // unchanged: nothing reloaded
  EXPECT_EQ(host_.counter("reloads"), 1u);
}

TEST_F(AuthStaticFileTest, SeesAnInPlaceEdit) {
  dir_.overwrite("accounts.toml", account_toml("acme", "second", "max_binds = 5"));
  request_after(1s);
  EXPECT_EQ(host_.counter("reloads"), 1u);
  EXPECT_EQ(bind_once("acme", "second").verdict, SMPPD_CONTINUE);
}

TEST_F(AuthStaticFileTest, KeepsTheOldAccountsWhenTheFileBreaks) {
  dir_.replace("accounts.toml", account_toml("acme", "second"));
  request_after(1s);
  ASSERT_EQ(host_.counter("reloads"), 1u);

  dir_.replace("accounts.toml", "[[accounts]\nsystem_id = \"acme\"\n");
  request_after(1s);
  EXPECT_EQ(host_.counter("reload_failures"), 1u);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_ERROR, "line 1"));
  EXPECT_TRUE(host_.logged(SMPPD_LOG_ERROR, "keeping the previous 1 accounts"));
  EXPECT_EQ(bind_once("acme", "second").verdict, SMPPD_CONTINUE);

  request_after(1s);  // the same broken file is reported once
  EXPECT_EQ(host_.counter("reload_failures"), 1u);

  dir_.replace("accounts.toml", account_toml("acme", "pw", "allowed_cidrs = [\"127.0.0.1/8\"]"));
  request_after(1s);  // broken differently: an account the parser refuses
  EXPECT_EQ(host_.counter("reload_failures"), 2u);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_ERROR, "accounts[0] (system_id \"acme\"): allowed_cidrs[0]"));
  EXPECT_EQ(bind_once("acme", "second").verdict, SMPPD_CONTINUE);

  std::filesystem::remove(dir_.file("accounts.toml"));
  request_after(1s);
  EXPECT_EQ(host_.counter("reload_failures"), 3u);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_ERROR, "cannot be read"));
  EXPECT_EQ(bind_once("acme", "second").verdict, SMPPD_CONTINUE);

  dir_.replace("accounts.toml", account_toml("acme", "fixed"));
  request_after(1s);
  EXPECT_EQ(host_.counter("reloads"), 2u);
  EXPECT_EQ(bind_once("acme", "fixed").verdict, SMPPD_CONTINUE);
}

TEST_F(AuthStaticFileTest, RetriesALookTheBusyPoolRefused) {
  dir_.replace("accounts.toml", account_toml("acme", "second"));
  host_.set_blocking_busy(true);
  request_after(1s);
  EXPECT_EQ(host_.counter("reloads"), 0u);
  host_.set_blocking_busy(false);
  request_after(1s);
  EXPECT_EQ(host_.counter("reloads"), 1u);
}

}  // namespace
}  // namespace smppd::plugins::auth_static
