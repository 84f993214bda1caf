// ratelimit through its descriptor and vtable, as smppd drives it, on the SDK's fake host (whose
// clocks the tests move and whose in-memory state store answers global limits). The plugin's
// sources are compiled into this test; ratelimit_so_test.cc loads the built .so.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fake_host.h"
#include "smppd/plugin.h"
#include "tests/plugins/filter/ratelimit/ratelimit_test_support.h"

extern "C" const smppd_plugin_descriptor* SMPPD_PLUGIN_ENTRY(uint32_t host_abi_minor);

namespace smppd::plugins::ratelimit {
namespace {

using namespace std::chrono_literals;
using smppd::testing::FakeCall;
using smppd::testing::FakeHost;
using smppd::testing::FakeMessage;
using smppd::testing::FakeSession;
using smppd::testing::FilterDriver;
using smppd::testing::FilterOutcome;
using smppd::testing::TokenState;
using testing::client;
using testing::submit_sm;

constexpr uint32_t kThrottled = SMPPD_STATUS_RTHROTTLED;
constexpr uint16_t kTagMessagePayload = 0x0424;
constexpr uint16_t kTagSarMsgRefNum = 0x020C;
constexpr uint16_t kTagSarTotalSegments = 0x020E;
constexpr uint16_t kTagSarSegmentSeqnum = 0x020F;

// One [[limits]] table as JSON. `rate` is per second unless `extra` says per minute.
std::string limit(const std::string& name, const std::string& keys, double rate, int burst, const std::string& extra = "") {
  return R"({"name": ")" + name + R"(", "keys": [)" + keys + R"(], "rate": )" + std::to_string(rate) +
         R"(, "burst": )" + std::to_string(burst) + extra + "}";
}

std::string limits(const std::vector<std::string>& tables, const std::string& more = "") {
  std::string json = R"({"limits": [)";
  for (size_t i = 0; i < tables.size(); ++i) json += (i > 0 ? ", " : "") + tables[i];
  return json + "]" + more + "}";
}

// Effectively no refill during a test: one unit per 1000 s.
constexpr double kSlow = 0.001;

// One request of `message` on `instance`; `prepare` may set the call's route or attributes. The
// final verdict (a PAUSE is waited for).
FilterOutcome send(FilterDriver::Session& instance, FakeSession& session, FakeMessage& message,
                   const std::function<void(FakeCall&)>& prepare = {}) {
  FakeCall call(session, message);
  if (prepare) prepare(call);
  return instance.request_and_wait(call);
}

// `count` requests of fresh submit_sm made by `make`; how many were let through.
int passed(FilterDriver::Session& instance, FakeSession& session, int count,
           const std::function<std::unique_ptr<FakeMessage>()>& make = [] { return submit_sm(); }) {
  int through = 0;
  for (int i = 0; i < count; ++i) {
    auto message = make();
    if (send(instance, session, *message).verdict == SMPPD_CONTINUE) ++through;
  }
  return through;
}

class RatelimitFilterTest : public ::testing::Test {
 protected:
  // The global limits' tests are about a store other nodes share (redis); OneNodesStore* tests
  // turn it back to a store of this node's own.
  RatelimitFilterTest() { host_.set_state_shared(true); }

  void configure(const std::string& json) {
    std::string error;
    ASSERT_EQ(filter_.configure(json, &error), SMPPD_OK) << error;
  }

  // A counter the plugin defined (smppd.plugin.ratelimit.<name>).
  uint64_t counter(const std::string& name) const { return host_.counter(name); }

  FakeHost host_;
  FilterDriver filter_{host_, SMPPD_PLUGIN_ENTRY(SMPPD_ABI_VERSION_MINOR), "ratelimit"};
};

// ---- keys ------------------------------------------------------------------------------------

TEST_F(RatelimitFilterTest, PerClientEachClientHasItsOwnBucket) {
  configure(limits({limit("per_client", R"("client")", kSlow, 2)}));
  FakeSession acme(client("acme"));
  FakeSession globex(client("globex", "127.0.0.1", 2));
  auto a = filter_.open_session(acme);
  auto g = filter_.open_session(globex);
  EXPECT_EQ(passed(a, acme, 2), 2);
  auto third = submit_sm();
  const FilterOutcome refused = send(a, acme, *third);
  EXPECT_EQ(refused.verdict, SMPPD_STOP);
  EXPECT_EQ(refused.command_status, kThrottled) << "ESME_RTHROTTLED by default";
  EXPECT_EQ(passed(g, globex, 2), 2) << "another client's bucket is full";
  EXPECT_EQ(counter("limit.per_client.allowed"), 4u);
  EXPECT_EQ(counter("limit.per_client.limited"), 1u);
}

TEST_F(RatelimitFilterTest, PerSender) {
  configure(limits({limit("per_sender", R"("sender")", kSlow, 1)}));
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  EXPECT_EQ(passed(instance, session, 3, [] { return submit_sm("447700900123", "hi", "BRAND"); }), 1);
  EXPECT_EQ(passed(instance, session, 3, [] { return submit_sm("447700900123", "hi", "OTHER"); }), 1);
}

TEST_F(RatelimitFilterTest, PerDestinationPrefixTheLongestPrefixWins) {
  configure(limits({limit("per_prefix", R"("destination_prefix")", kSlow, 1, R"(, "destination_prefixes": ["44", "+4477"])")}));
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  EXPECT_EQ(passed(instance, session, 2, [] { return submit_sm("447700900123"); }), 1) << "bucket 4477";
  EXPECT_EQ(passed(instance, session, 2, [] { return submit_sm("+447711111111"); }), 0) << "bucket 4477, '+' ignored";
  EXPECT_EQ(passed(instance, session, 2, [] { return submit_sm("442012345678"); }), 1) << "bucket 44";
  EXPECT_EQ(passed(instance, session, 5, [] { return submit_sm("33612345678"); }), 5) << "no prefix: the limit does not apply";
}

TEST_F(RatelimitFilterTest, PerRouteAndPerClusterAskTheHostWhereTheMessageWouldGo) {
  configure(limits({limit("per_route", R"("route")", kSlow, 1), limit("per_cluster", R"("cluster")", kSlow, 2)}));
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  auto routed = [&](const std::string& route, const std::string& cluster) {
    auto message = submit_sm();
    return send(instance, session, *message, [&](FakeCall& call) { call.set_route(route, cluster); });
  };
  EXPECT_EQ(routed("uk", "smsc-a").verdict, SMPPD_CONTINUE);
  EXPECT_EQ(routed("uk", "smsc-a").verdict, SMPPD_STOP) << "route uk's bucket is empty";
  EXPECT_EQ(routed("de", "smsc-a").verdict, SMPPD_CONTINUE) << "route de has its own; cluster smsc-a has 2";
  EXPECT_EQ(routed("fr", "smsc-a").verdict, SMPPD_STOP) << "cluster smsc-a's bucket is empty";
  EXPECT_EQ(routed("premium", "").verdict, SMPPD_CONTINUE) << "a rejecting route has no cluster: per_cluster does not apply";
  auto unrouted = submit_sm();
  EXPECT_EQ(send(instance, session, *unrouted).verdict, SMPPD_CONTINUE) << "no route: neither applies";
  EXPECT_EQ(counter("limit.per_route.limited"), 1u);
  EXPECT_EQ(counter("limit.per_cluster.limited"), 1u);
}

TEST_F(RatelimitFilterTest, RouteLookupsOnlyWhenALimitNeedsThem) {
  configure(limits({limit("per_client", R"("client")", kSlow, 5)}));
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  auto message = submit_sm();
  FakeCall call(session, *message);
  call.set_route("uk", "smsc-a");
  EXPECT_EQ(instance.request(call).verdict, SMPPD_CONTINUE);
  EXPECT_EQ(call.route_lookups(), 0u);
}

TEST_F(RatelimitFilterTest, AHostWithoutRouteLookupsWarnsOnceAndSkipsThoseLimits) {
  host_.call_table().route = nullptr;  // an older host
  configure(limits({limit("per_route", R"("route")", kSlow, 1)}));
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  EXPECT_EQ(passed(instance, session, 3), 3);
  size_t warnings = 0;
  for (const auto& record : host_.logs()) warnings += record.message.find("cannot say which route") != std::string::npos;
  EXPECT_EQ(warnings, 1u);
}

TEST_F(RatelimitFilterTest, PerTenantFromACallOrSessionAttribute) {
  configure(limits({limit("per_tenant", R"("tenant")", kSlow, 1, R"(, "tenant_attribute": "auth_static.tenant")")}));
  FakeSession gold(client("acme"));
  gold.attributes().set("auth_static.tenant", std::string("gold"));
  FakeSession silver(client("globex", "127.0.0.1", 2));
  silver.attributes().set("auth_static.tenant", int64_t{7});  // an integer attribute is its decimal text
  FakeSession none(client("initech", "127.0.0.1", 3));
  auto g = filter_.open_session(gold);
  auto s = filter_.open_session(silver);
  auto n = filter_.open_session(none);
  EXPECT_EQ(passed(g, gold, 2), 1);
  EXPECT_EQ(passed(s, silver, 2), 1);
  EXPECT_EQ(passed(n, none, 3), 3) << "without the attribute the limit does not apply";
  // A call-scope value comes first: this request is the tenant "7"'s, whose bucket is empty.
  auto message = submit_sm();
  EXPECT_EQ(send(n, none, *message, [](FakeCall& call) { call.attributes().set("auth_static.tenant", std::string("7")); })
                .verdict,
            SMPPD_STOP);
}

TEST_F(RatelimitFilterTest, CombinedKeysClientAndDestinationPrefix) {
  configure(limits({limit("client_uk", R"("client", "destination_prefix")", kSlow, 1, R"(, "destination_prefixes": ["44"])")}));
  FakeSession acme(client("acme"));
  FakeSession globex(client("globex", "127.0.0.1", 2));
  auto a = filter_.open_session(acme);
  auto g = filter_.open_session(globex);
  EXPECT_EQ(passed(a, acme, 2), 1);
  EXPECT_EQ(passed(g, globex, 2), 1) << "(globex, 44) is another bucket than (acme, 44)";
  EXPECT_EQ(passed(a, acme, 2, [] { return submit_sm("4915112345678"); }), 2) << "outside the prefixes";
}

// ---- parts -----------------------------------------------------------------------------------

struct PartsCase {
  std::string name;
  std::function<std::unique_ptr<FakeMessage>()> make;
  int parts;
};

std::string repeat(int count, std::string_view piece) {
  std::string text;
  for (int i = 0; i < count; ++i) text += piece;
  return text;
}

std::unique_ptr<FakeMessage> with_payload(std::string payload, int data_coding = 0, uint32_t command = SMPPD_CMD_SUBMIT_SM) {
  auto message = std::make_unique<FakeMessage>(command);
  message->set_string(SMPPD_F_SOURCE_ADDR, "BRAND").set_string(SMPPD_F_DESTINATION_ADDR, "447700900123");
  message->set_int(SMPPD_F_DATA_CODING, data_coding).set_int(SMPPD_F_ESM_CLASS, 0);
  message->add_tlv(kTagMessagePayload, payload);
  return message;
}

// Each message against a fresh limit whose burst is exactly its parts (taken, and nothing left)
// and one less (refused): what it costs, through the host's decoding of its text.
TEST(RatelimitPartsTest, CountsPartsNotMessages) {
  const std::string udh("\x05\x00\x03\x2A\x03\x01", 6);  // part 1 of 3, reference 42
  const std::vector<PartsCase> cases = {
      {"short_gsm", [] { return submit_sm("447700900123", "hello"); }, 1},
      {"payload_400_gsm_chars", [] { return with_payload(std::string(400, 'a')); }, 3},
      {"payload_160_gsm_septets_as_80_escaped_braces", [] { return with_payload(repeat(80, "\x1B\x28")); }, 1},
      {"payload_162_gsm_septets_as_81_escaped_braces", [] { return with_payload(repeat(81, "\x1B\x28")); }, 2},
      {"udh_part_of_three", [udh] {
         auto m = submit_sm("447700900123", udh + std::string(153, 'a'));
         m->set_int(SMPPD_F_ESM_CLASS, 0x40);
         return m;
       }, 1},
      {"sar_part_of_three", [] {
         auto m = submit_sm("447700900123", std::string(153, 'a'));
         m->add_tlv(kTagSarMsgRefNum, std::string("\x00\x2A", 2))
             .add_tlv(kTagSarTotalSegments, "\x03")
             .add_tlv(kTagSarSegmentSeqnum, "\x02");
         return m;
       }, 1},
      {"ucs2_71_chars", [] {
         auto m = submit_sm("447700900123", testing::utf16be(std::u16string(71, u'\u0436')));
         m->set_int(SMPPD_F_DATA_CODING, 8);
         return m;
       }, 2},
      {"binary_300_octets", [] { return with_payload(std::string(300, '\x7F'), 4); }, 3},
      {"data_sm_payload_161", [] { return with_payload(std::string(161, 'a'), 0, SMPPD_CMD_DATA_SM); }, 2},
      {"empty", [] { return submit_sm("447700900123", ""); }, 1},
  };
  for (const PartsCase& c : cases) {
    SCOPED_TRACE(c.name);
    for (const int burst : {c.parts, c.parts - 1}) {
      if (burst < 1) continue;
      FakeHost host;
      FilterDriver filter(host, SMPPD_PLUGIN_ENTRY(SMPPD_ABI_VERSION_MINOR), "ratelimit");
      std::string error;
      ASSERT_EQ(filter.configure(limits({limit("parts", R"("client")", kSlow, burst)}), &error), SMPPD_OK) << error;
      FakeSession session(client("acme"));
      auto instance = filter.open_session(session);
      auto message = c.make();
      const FilterOutcome first = send(instance, session, *message);
      if (burst == c.parts) {
        EXPECT_EQ(first.verdict, SMPPD_CONTINUE) << "a burst of " << burst << " takes it";
        auto next = submit_sm();
        EXPECT_EQ(send(instance, session, *next).verdict, SMPPD_STOP) << "and leaves nothing";
      } else {
        EXPECT_EQ(first.verdict, SMPPD_STOP) << "a burst of " << burst << " is too small for " << c.parts << " parts";
      }
    }
  }
}

TEST_F(RatelimitFilterTest, OtherCommandsCostNothingUnlessConfigured) {
  configure(limits({limit("per_client", R"("client")", kSlow, 1)}, R"(, "command_costs": {"query_sm": 1})"));
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  for (int i = 0; i < 3; ++i) {
    FakeMessage enquire(SMPPD_CMD_ENQUIRE_LINK);
    EXPECT_EQ(send(instance, session, enquire).verdict, SMPPD_CONTINUE) << "enquire_link costs 0";
  }
  FakeMessage query(SMPPD_CMD_QUERY_SM);
  EXPECT_EQ(send(instance, session, query).verdict, SMPPD_CONTINUE) << "query_sm costs 1: the bucket's unit";
  FakeMessage again(SMPPD_CMD_QUERY_SM);
  EXPECT_EQ(send(instance, session, again).verdict, SMPPD_STOP);
  auto message = submit_sm();
  EXPECT_EQ(send(instance, session, *message).verdict, SMPPD_STOP) << "one bucket for every command";
}

// ---- local GCRA on the fake clock ------------------------------------------------------------

TEST_F(RatelimitFilterTest, LocalBurstThenRefillOnTheHostsClock) {
  configure(limits({limit("per_client", R"("client")", 10, 5)}));  // 10 per second, 5 at once
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  EXPECT_EQ(passed(instance, session, 8), 5) << "the burst";
  host_.advance(99ms);
  EXPECT_EQ(passed(instance, session, 1), 0) << "not yet one interval";
  host_.advance(1ms);
  EXPECT_EQ(passed(instance, session, 3), 1) << "one unit per 100 ms";
  host_.advance(10s);
  EXPECT_EQ(passed(instance, session, 8), 5) << "full again, never above the burst";
}

TEST_F(RatelimitFilterTest, RatePerMinute) {
  configure(limits({limit("per_client", R"("client")", 6, 1, R"(, "per": "minute")")}));
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  EXPECT_EQ(passed(instance, session, 2), 1);
  host_.advance(9s);
  EXPECT_EQ(passed(instance, session, 1), 0);
  host_.advance(1s);
  EXPECT_EQ(passed(instance, session, 2), 1) << "6 per minute: one per 10 s";
}

TEST_F(RatelimitFilterTest, TheRefusalStatusIsConfigurablePerLimitAndLoggedAtDebug) {
  configure(limits({limit("queue", R"("client")", kSlow, 1, R"(, "status": 20)")}));
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  EXPECT_EQ(passed(instance, session, 1), 1);
  auto message = submit_sm();
  const FilterOutcome refused = send(instance, session, *message);
  EXPECT_EQ(refused.verdict, SMPPD_STOP);
  EXPECT_EQ(refused.command_status, 0x14u) << "ESME_RMSGQFUL, as configured";
  EXPECT_TRUE(host_.logged(SMPPD_LOG_DEBUG, "limit queue refused 1 part(s) for client=acme (local): 0x00000014"));
}

TEST_F(RatelimitFilterTest, ALocalRefusalGivesBackWhatEarlierLimitsTook) {
  configure(limits({limit("per_client", R"("client")", kSlow, 10), limit("per_sender", R"("sender")", kSlow, 1)}));
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  EXPECT_EQ(passed(instance, session, 3, [] { return submit_sm("447700900123", "x", "ONE"); }), 1);
  // per_client took 1; the two refusals by per_sender took nothing from it: 9 are left.
  int sender = 0;
  EXPECT_EQ(passed(instance, session, 12, [&] { return submit_sm("447700900123", "x", "S" + std::to_string(sender++)); }), 9);
  EXPECT_EQ(counter("limit.per_sender.limited"), 2u);
  EXPECT_EQ(counter("limit.per_client.limited"), 3u);
}

// ---- global limits through the state store ---------------------------------------------------

TEST_F(RatelimitFilterTest, AGlobalLimitPausesTheCallUntilTheStoreAnswers) {
  configure(limits({limit("shared", R"("client")", kSlow, 2, R"(, "scope": "global")")}));
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  host_.hold_state_answers();
  auto message = submit_sm();
  FakeCall call(session, *message);
  const FilterOutcome outcome = instance.request(call);
  ASSERT_EQ(outcome.verdict, SMPPD_PAUSE);
  EXPECT_EQ(host_.state_batches(), 1u);
  EXPECT_EQ(host_.token_state(outcome.token), TokenState::pending) << "no answer before the store's";
  EXPECT_TRUE(host_.state_value("ratelimit/shared/acme")) << "the batch ran: the store holds the bucket";
  host_.release_state_answers();
  const auto resumed = host_.wait_for_resume(outcome.token);
  ASSERT_TRUE(resumed);
  EXPECT_EQ(resumed->verdict, SMPPD_CONTINUE);
  EXPECT_EQ(counter("limit.shared.allowed"), 1u);
}

TEST_F(RatelimitFilterTest, AGlobalLimitRefusesBeyondItsBurstAndRefillsOnTheStoresClock) {
  configure(limits({limit("shared", R"("client")", 1, 3, R"(, "scope": "global")")}));
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  EXPECT_EQ(passed(instance, session, 5), 3);
  auto message = submit_sm();
  const FilterOutcome refused = send(instance, session, *message);
  EXPECT_EQ(refused.verdict, SMPPD_STOP);
  EXPECT_EQ(refused.command_status, kThrottled);
  host_.advance(1s);
  EXPECT_EQ(passed(instance, session, 2), 1);
  EXPECT_EQ(counter("limit.shared.limited"), 4u);
}

TEST_F(RatelimitFilterTest, OneBatchPerMessageAndARefusalTakesFromNoLimit) {
  configure(limits({limit("per_client", R"("client")", kSlow, 10, R"(, "scope": "global")"),
                    limit("per_sender", R"("sender")", kSlow, 1, R"(, "scope": "global", "status": 20)")}));
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  auto first = submit_sm("447700900123", "x", "ONE");
  EXPECT_EQ(send(instance, session, *first).verdict, SMPPD_CONTINUE);
  EXPECT_EQ(host_.state_batches(), 1u) << "both limits in one batch";
  const std::optional<std::string> client_bucket = host_.state_value("ratelimit/per_client/acme");
  ASSERT_TRUE(client_bucket);
  auto second = submit_sm("447700900123", "x", "ONE");
  const FilterOutcome refused = send(instance, session, *second);
  EXPECT_EQ(refused.verdict, SMPPD_STOP);
  EXPECT_EQ(refused.command_status, 0x14u) << "the status of the limit that refused";
  EXPECT_EQ(host_.state_value("ratelimit/per_client/acme"), client_bucket) << "the batch was refused whole";
  int sender = 0;
  EXPECT_EQ(passed(instance, session, 12, [&] { return submit_sm("447700900123", "x", "S" + std::to_string(sender++)); }), 9);
}

TEST_F(RatelimitFilterTest, AGlobalRefusalGivesBackTheLocalTakes) {
  configure(limits({limit("local_client", R"("client")", kSlow, 3),
                    limit("global_sender", R"("sender")", kSlow, 1, R"(, "scope": "global")")}));
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  EXPECT_EQ(passed(instance, session, 4, [] { return submit_sm("447700900123", "x", "ONE"); }), 1);
  int sender = 0;
  EXPECT_EQ(passed(instance, session, 5, [&] { return submit_sm("447700900123", "x", "S" + std::to_string(sender++)); }), 2)
      << "local_client lost only the unit of the message that passed";
}

TEST_F(RatelimitFilterTest, StoreUnavailableFailsOpenWhenTheLimitSaysAllow) {
  configure(limits({limit("open", R"("client")", kSlow, 1, R"(, "scope": "global", "on_store_unavailable": "allow")")}));
  host_.set_state_available(false);
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  EXPECT_EQ(passed(instance, session, 3), 3);
  EXPECT_EQ(counter("limit.open.store_unavailable"), 3u);
  EXPECT_EQ(counter("limit.open.allowed"), 3u);
  host_.set_state_available(true);
  EXPECT_EQ(passed(instance, session, 3), 1) << "limited again once the store answers";
}

TEST_F(RatelimitFilterTest, StoreUnavailableFailsClosedWhenTheLimitSaysDeny) {
  configure(limits({limit("local_client", R"("client")", kSlow, 2),
                    limit("open", R"("sender")", kSlow, 5, R"(, "scope": "global")"),
                    limit("closed", R"("client")", kSlow, 5, R"(, "scope": "global", "on_store_unavailable": "deny", "status": 20)")}));
  host_.set_state_available(false);
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  auto message = submit_sm();
  const FilterOutcome refused = send(instance, session, *message);
  EXPECT_EQ(refused.verdict, SMPPD_STOP);
  EXPECT_EQ(refused.command_status, 0x14u);
  EXPECT_EQ(counter("limit.closed.store_unavailable"), 1u);
  EXPECT_EQ(counter("limit.open.store_unavailable"), 1u);
  EXPECT_EQ(counter("limit.closed.limited"), 1u);
  host_.set_state_available(true);
  EXPECT_EQ(passed(instance, session, 3), 2) << "the refusal gave local_client its unit back";
}

TEST_F(RatelimitFilterTest, AStoreThatRefusesTheBatchAtOnceIsDecidedWithoutAPause) {
  configure(limits({limit("closed", R"("client")", kSlow, 5, R"(, "scope": "global", "on_store_unavailable": "deny")")}));
  host_.set_state_execute_result(SMPPD_E_BUSY);
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  auto message = submit_sm();
  FakeCall call(session, *message);
  const FilterOutcome outcome = instance.request(call);
  EXPECT_EQ(outcome.verdict, SMPPD_STOP);
  EXPECT_EQ(outcome.command_status, kThrottled);
  EXPECT_EQ(counter("limit.closed.store_unavailable"), 1u);
}

TEST_F(RatelimitFilterTest, ACancelledPauseIgnoresTheLateAnswer) {
  configure(limits({limit("shared", R"("client")", kSlow, 5, R"(, "scope": "global")")}));
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  host_.hold_state_answers();
  auto message = submit_sm();
  FakeCall call(session, *message);
  const FilterOutcome outcome = instance.request(call);
  ASSERT_EQ(outcome.verdict, SMPPD_PAUSE);
  EXPECT_TRUE(instance.cancel(outcome.token));  // the filter's deadline
  instance.close();                             // and the session ends before the store answers
  host_.release_state_answers();
  ASSERT_TRUE(host_.wait_state_idle());
  EXPECT_EQ(host_.token_state(outcome.token), TokenState::cancelled);
  EXPECT_EQ(host_.late_resumes(), 1u) << "the answer came, found the call gone, and changed nothing";
}

// ---- global limits on a store of this node's own ----------------------------------------------

TEST_F(RatelimitFilterTest, OneNodesStoreCountsAGlobalLimitInProcessWithoutPausing) {
  host_.set_state_shared(false);
  configure(limits({limit("shared", R"("client")", kSlow, 3, R"(, "scope": "global")")}));
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  for (int i = 0; i < 3; ++i) {
    auto message = submit_sm();
    FakeCall call(session, *message);
    EXPECT_EQ(instance.request(call).verdict, SMPPD_CONTINUE) << "no pause: nothing to ask another node";
  }
  auto fourth = submit_sm();
  FakeCall call(session, *fourth);
  const FilterOutcome refused = instance.request(call);
  EXPECT_EQ(refused.verdict, SMPPD_STOP) << "the burst of 3 holds exactly as in the store";
  EXPECT_EQ(refused.command_status, kThrottled);
  EXPECT_EQ(host_.state_batches(), 0u);
  EXPECT_FALSE(host_.state_value("ratelimit/shared/acme"));
  EXPECT_EQ(counter("limit.shared.allowed"), 3u);
  EXPECT_EQ(counter("limit.shared.limited"), 1u);
}

TEST_F(RatelimitFilterTest, AStoreThatBecomesSharedGetsTheGlobalLimitsFromThen) {
  host_.set_state_shared(false);
  configure(limits({limit("shared", R"("client")", kSlow, 5, R"(, "scope": "global")")}));
  FakeSession session(client("acme"));
  auto instance = filter_.open_session(session);
  auto before = submit_sm();
  FakeCall first(session, *before);
  EXPECT_EQ(instance.request(first).verdict, SMPPD_CONTINUE);
  // The store is installed after the config is made: its kind is asked again every 100 ms.
  host_.set_state_shared(true);
  auto soon = submit_sm();
  FakeCall within(session, *soon);
  EXPECT_EQ(instance.request(within).verdict, SMPPD_CONTINUE);
  EXPECT_EQ(host_.state_batches(), 0u) << "not asked again within 100 ms";
  host_.advance(std::chrono::milliseconds(100));
  auto after = submit_sm();
  FakeCall second(session, *after);
  EXPECT_EQ(instance.request_and_wait(second).verdict, SMPPD_CONTINUE);
  EXPECT_EQ(host_.state_batches(), 1u);
  EXPECT_TRUE(host_.state_value("ratelimit/shared/acme"));
}

// ---- binds -----------------------------------------------------------------------------------

class RatelimitBindTest : public RatelimitFilterTest {
 protected:
  // A bind of `system_id` on `session`, answered with `status` when the filter let it through.
  static FilterOutcome bind(FilterDriver::Session& instance, FakeSession& session, const std::string& system_id,
                            uint32_t status = 0) {
    FakeMessage message(SMPPD_CMD_BIND_TRANSCEIVER);
    message.set_string(SMPPD_F_SYSTEM_ID, system_id).set_string(SMPPD_F_PASSWORD, "pw");
    FakeCall call(session, message);
    const FilterOutcome outcome = instance.request(call);
    FakeMessage response(SMPPD_CMD_BIND_TRANSCEIVER | SMPPD_CMD_RESPONSE_BIT);
    response.set_int(SMPPD_F_COMMAND_STATUS, outcome.verdict == SMPPD_CONTINUE ? status : outcome.command_status);
    instance.complete(outcome.token, response);
    return outcome;
  }
};

TEST_F(RatelimitBindTest, BindAttemptsPerClientAddress) {
  configure(R"({"bind_attempts": {"rate": 1, "burst": 2}})");
  FakeSession first(client("", "192.0.2.1"));
  auto a = filter_.open_session(first);
  EXPECT_EQ(bind(a, first, "acme", SMPPD_STATUS_RINVPASWD).verdict, SMPPD_CONTINUE);
  EXPECT_EQ(bind(a, first, "acme", SMPPD_STATUS_RINVPASWD).verdict, SMPPD_CONTINUE);
  const FilterOutcome refused = bind(a, first, "acme");
  EXPECT_EQ(refused.verdict, SMPPD_STOP);
  EXPECT_EQ(refused.command_status, SMPPD_STATUS_RBINDFAIL) << "ESME_RBINDFAIL by default";
  FakeSession other(client("", "192.0.2.2", 2));
  auto b = filter_.open_session(other);
  EXPECT_EQ(bind(b, other, "acme").verdict, SMPPD_CONTINUE) << "another address has its own bucket";
  host_.advance(1s);
  EXPECT_EQ(bind(a, first, "acme").verdict, SMPPD_CONTINUE) << "one attempt a second";
  EXPECT_EQ(counter("bind_attempts.limited"), 1u);
  EXPECT_EQ(counter("bind_attempts.allowed"), 4u);
}

TEST_F(RatelimitBindTest, BindAttemptsStatusIsConfigurable) {
  configure(R"({"bind_attempts": {"rate": 1, "burst": 1, "status": 88}})");
  FakeSession session(client(""));
  auto instance = filter_.open_session(session);
  EXPECT_EQ(bind(instance, session, "acme", 0x0E).verdict, SMPPD_CONTINUE);
  EXPECT_EQ(bind(instance, session, "acme").command_status, kThrottled);
}

TEST_F(RatelimitBindTest, ConcurrentBindsPerClientUntilTheSessionEnds) {
  configure(R"({"concurrent_binds": {"max_per_client": 2}})");
  FakeSession one(client("", "127.0.0.1", 1));
  FakeSession two(client("", "127.0.0.1", 2));
  FakeSession three(client("", "127.0.0.1", 3));
  auto s1 = filter_.open_session(one);
  auto s2 = filter_.open_session(two);
  auto s3 = filter_.open_session(three);
  EXPECT_EQ(bind(s1, one, "acme").verdict, SMPPD_CONTINUE);
  EXPECT_EQ(bind(s2, two, "acme").verdict, SMPPD_CONTINUE);
  const FilterOutcome refused = bind(s3, three, "acme");
  EXPECT_EQ(refused.verdict, SMPPD_STOP);
  EXPECT_EQ(refused.command_status, SMPPD_STATUS_RBINDFAIL);
  EXPECT_EQ(counter("concurrent_binds.limited"), 1u);
  FakeSession other(client("", "127.0.0.1", 4));
  auto s4 = filter_.open_session(other);
  EXPECT_EQ(bind(s4, other, "globex").verdict, SMPPD_CONTINUE) << "another client";
  s1.close();  // session_free gives its bind back
  EXPECT_EQ(bind(s3, three, "acme").verdict, SMPPD_CONTINUE);
}

TEST_F(RatelimitBindTest, ABindThatFailsGivesItsSlotBackAtOnce) {
  configure(R"({"concurrent_binds": {"max_per_client": 1, "status": 88}})");
  FakeSession one(client("", "127.0.0.1", 1));
  FakeSession two(client("", "127.0.0.1", 2));
  auto s1 = filter_.open_session(one);
  auto s2 = filter_.open_session(two);
  EXPECT_EQ(bind(s1, one, "acme", SMPPD_STATUS_RINVPASWD).verdict, SMPPD_CONTINUE) << "a later filter refuses it";
  EXPECT_EQ(bind(s2, two, "acme").verdict, SMPPD_CONTINUE) << "the refused bind held no slot";
  EXPECT_EQ(bind(s1, one, "acme").command_status, kThrottled) << "now acme is bound once: the configured status";
}

TEST_F(RatelimitBindTest, ASecondBindOnABoundSessionKeepsItsSlot) {
  configure(R"({"concurrent_binds": {"max_per_client": 1}})");
  FakeSession one(client("", "127.0.0.1", 1));
  FakeSession two(client("", "127.0.0.1", 2));
  auto s1 = filter_.open_session(one);
  auto s2 = filter_.open_session(two);
  EXPECT_EQ(bind(s1, one, "acme").verdict, SMPPD_CONTINUE);
  EXPECT_EQ(bind(s1, one, "acme", SMPPD_STATUS_RALYBND).verdict, SMPPD_CONTINUE) << "the host answers ESME_RALYBND";
  EXPECT_EQ(bind(s2, two, "acme").verdict, SMPPD_STOP) << "the first bind still holds its slot";
}

TEST_F(RatelimitBindTest, BindsDoNotCostMessageLimits) {
  configure(limits({limit("per_client", R"("client")", kSlow, 1)}));
  FakeSession session(client(""));
  auto instance = filter_.open_session(session);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(bind(instance, session, "acme").verdict, SMPPD_CONTINUE);
}

// ---- config through the ABI ------------------------------------------------------------------

TEST_F(RatelimitFilterTest, ARefusedConfigNamesTheLimitAndKey) {
  std::string error;
  EXPECT_EQ(filter_.configure(limits({limit("uk", R"("destination_prefix")", 1, 1)}), &error), SMPPD_E_CONFIG);
  EXPECT_NE(error.find("limits[0] (\"uk\").destination_prefixes: is required"), std::string::npos) << error;
}

TEST_F(RatelimitFilterTest, AGlobalLimitNeedsAHostWithAStateStore) {
  host_.api_table().state = nullptr;
  std::string error;
  EXPECT_EQ(filter_.configure(limits({limit("shared", R"("client")", 1, 1, R"(, "scope": "global")")}), &error),
            SMPPD_E_CONFIG);
  EXPECT_NE(error.find("\"shared\""), std::string::npos) << error;
}

}  // namespace
}  // namespace smppd::plugins::ratelimit
