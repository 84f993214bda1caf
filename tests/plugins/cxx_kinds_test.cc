// The C++ SDK's adapters for lb policies, health checkers and upstream transports, and the Host's
// timer and upstream helpers, on the fake host: what reaches the plugin's class, and that no
// exception crosses the ABI.
#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fake_host.h"
#include "smppd/cxx/plugin.hpp"

namespace {

namespace cxx = smppd::cxx;
using namespace std::chrono_literals;
using smppd::testing::FakeEndpoint;
using smppd::testing::FakeHost;
using smppd::testing::FakeMessage;
using smppd::testing::HealthDriver;
using smppd::testing::lb_candidate;
using smppd::testing::LbDriver;
using smppd::testing::UpstreamDriver;

// --- kinds under test ------------------------------------------------------------------------------

// Does what its config (the JSON text itself) says.
struct ScriptedPolicy {
  static constexpr const char* name = "scripted";
  struct Config {
    Config(const cxx::Host&, std::string_view json) : mode(json) {}
    std::string mode;
  };
  struct Worker {
    Worker(Config& made_by, int32_t index) : config(made_by), worker(index) {
      if (config.mode == "worker") throw std::runtime_error("no worker today");
    }
    int32_t pick(const cxx::LbCandidates& candidates, const cxx::Message& message) {
      if (config.mode == "pick") throw std::runtime_error("pick exploded");
      if (config.mode == "range") return static_cast<int32_t>(candidates.size());
      if (config.mode == "message") return message.command_id() == SMPPD_CMD_DATA_SM ? 1 : 0;
      if (config.mode == "bind") return by_bind_id(candidates);
      // The heaviest candidate, found by iterating.
      int32_t best = -1;
      uint32_t weight = 0;
      for (auto it = candidates.begin(); it != candidates.end(); ++it) {
        if (best < 0 || (*it).weight > weight) {
          best = static_cast<int32_t>(it.index());
          weight = (*it).weight;
        }
      }
      return best;
    }
    // The candidate with the largest bind_id; the last one when the host's entries carry none.
    static int32_t by_bind_id(const cxx::LbCandidates& candidates) {
      if (!candidates.has_bind_id()) return static_cast<int32_t>(candidates.size()) - 1;
      int32_t best = 0;
      for (uint32_t i = 1; i < candidates.size(); ++i) {
        if (candidates[i].bind_id > candidates[static_cast<uint32_t>(best)].bind_id) best = static_cast<int32_t>(i);
      }
      return best;
    }
    Config& config;
    int32_t worker;
  };
};

struct ScriptedChecker {
  static constexpr const char* name = "scripted";
  struct Config {
    Config(const cxx::Host& made_with, std::string_view json) : host(made_with), mode(json) {}
    cxx::Verdict check(const cxx::EndpointInfo& endpoint, std::chrono::nanoseconds timeout, uint64_t token) {
      if (mode == "throw") throw std::runtime_error("check exploded");
      seen_name = std::string(endpoint.name);
      seen_timeout = timeout;
      if (mode == "healthy") return cxx::Verdict::Continue();
      // Answers later, from a timer.
      const cxx::Host owner = host;
      const bool healthy = endpoint.port == 2775;
      if (host.schedule(10ms, [owner, token, healthy] {
            owner.resume(token, healthy ? cxx::Verdict::Continue() : cxx::Verdict::Stop(0));
          }) != SMPPD_OK) {
        return cxx::Verdict::Stop(0);
      }
      return cxx::Verdict::Pause();
    }
    void on_cancel(uint64_t token) { cancelled.push_back(token); }
    cxx::Host host;
    std::string mode;
    std::string seen_name;
    std::chrono::nanoseconds seen_timeout{0};
    std::vector<uint64_t> cancelled;
  };
};

// What the transport's instances did, kept beyond their life.
struct TransportLog {
  int started = 0;
  int stopped = 0;
  int destroyed = 0;
};
TransportLog g_transport_log;

struct ScriptedTransport {
  static constexpr const char* name = "scripted";
  struct Config {
    Config(const cxx::Host&, std::string_view json) : mode(json) {}
    std::string mode;
  };
  struct Instance {
    Instance(Config& made_by, cxx::Upstream serving) : config(made_by), upstream(serving) {
      if (config.mode == "start") throw std::runtime_error("cannot start");
      ++g_transport_log.started;
    }
    ~Instance() { ++g_transport_log.destroyed; }
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;
    int32_t submit(const cxx::Message& message, uint64_t token) {
      if (config.mode == "submit") throw std::runtime_error("submit exploded");
      const std::string destination(message.string_or(SMPPD_F_DESTINATION_ADDR));
      const cxx::Upstream serving = upstream;
      // Answers after 1 ms with a receipt-like deliver_sm.
      return serving.host().schedule(1ms, [serving, token, destination] {
        serving.host().complete(token, 0, "id-" + destination);
        cxx::OwnedMessage reply = serving.new_message();
        reply.message().set_string(SMPPD_F_SOURCE_ADDR, destination);
        serving.deliver(std::move(reply));
      });
    }
    void stop() { ++g_transport_log.stopped; }
    Config& config;
    cxx::Upstream upstream;
  };
};

constexpr smppd_factory kFactories[] = {cxx::lb_factory<ScriptedPolicy>(), cxx::health_checker_factory<ScriptedChecker>(),
                                        cxx::upstream_factory<ScriptedTransport>()};
constexpr smppd_plugin_descriptor kDescriptor =
    cxx::plugin_descriptor("kinds_test", "1.0.0", "the wrapper's kinds", kFactories);

// --- factories --------------------------------------------------------------------------------------

TEST(CxxKindsTest, BuildsEachKindsFactoryAtCompileTime) {
  static_assert(kFactories[0].kind == SMPPD_KIND_LB_POLICY);
  static_assert(kFactories[1].kind == SMPPD_KIND_HEALTH_CHECKER);
  static_assert(kFactories[2].kind == SMPPD_KIND_UPSTREAM);
  const auto* lb = static_cast<const smppd_lb_vtable*>(kFactories[0].vtable);
  EXPECT_EQ(lb->struct_size, sizeof(smppd_lb_vtable));
  EXPECT_NE(lb->pick, nullptr);
  const auto* health = static_cast<const smppd_health_checker_vtable*>(kFactories[1].vtable);
  EXPECT_NE(health->on_cancel, nullptr);
  const auto* upstream = static_cast<const smppd_upstream_vtable*>(kFactories[2].vtable);
  EXPECT_NE(upstream->stop, nullptr);
  EXPECT_EQ(kFactories[2].config_schema, nullptr);
}

// --- lb policies ---------------------------------------------------------------------------------

TEST(CxxLbTest, CandidatesAreWalkedByTheHostsStride) {
  struct Longer {
    smppd_lb_candidate candidate;
    uint64_t newer_members[3];
  };
  Longer entries[3] = {};
  for (uint32_t i = 0; i < 3; ++i) {
    entries[i].candidate = lb_candidate(100 + i, 10 * (i + 1), i, 20, i == 1);
    entries[i].candidate.struct_size = sizeof(Longer);
    std::memset(entries[i].newer_members, 0xEE, sizeof entries[i].newer_members);
  }
  const cxx::LbCandidates candidates(&entries[0].candidate, 3, sizeof(Longer));
  ASSERT_EQ(candidates.size(), 3u);
  EXPECT_EQ(candidates[2].endpoint_id, 102u);
  EXPECT_EQ(candidates[2].weight, 30u);
  EXPECT_TRUE(candidates[1].same_worker);
  EXPECT_EQ(candidates[2].bind_id, 102u);  // lb_candidate's default: the endpoint's id
  uint64_t sum = 0;
  for (const cxx::LbCandidate candidate : candidates) sum += candidate.endpoint_id;
  EXPECT_EQ(sum, 303u);
}

TEST(CxxLbTest, ReadsBindIdOnlyWhenTheStrideCoversIt) {
  const std::vector<smppd_lb_candidate> full = {lb_candidate(1, 1, 0, 10, false, 41), lb_candidate(1, 3, 0, 10, true, 42)};
  const cxx::LbCandidates current(full.data(), 2, sizeof(smppd_lb_candidate));
  EXPECT_TRUE(current.has_bind_id());
  EXPECT_TRUE(current[1].has_bind_id);
  EXPECT_EQ(current[1].bind_id, 42u);
  EXPECT_EQ(current[0].bind_id, 41u);

  // A host built before bind_id: entries end where it would start, and the array ends with the
  // last entry, so a read of its bind_id would be a heap overflow under ASan.
  static_assert(cxx::kLbCandidateMinStride == offsetof(smppd_lb_candidate, bind_id));
  static_assert(cxx::kLbCandidateBindIdStride == sizeof(smppd_lb_candidate));
  const uint32_t stride = cxx::kLbCandidateMinStride;
  std::vector<unsigned char> bytes(full.size() * stride);
  for (size_t i = 0; i < full.size(); ++i) std::memcpy(bytes.data() + i * stride, &full[i], stride);
  const cxx::LbCandidates older(reinterpret_cast<const smppd_lb_candidate*>(bytes.data()), 2, stride);
  EXPECT_FALSE(older.has_bind_id());
  const cxx::LbCandidate last = older[1];
  EXPECT_FALSE(last.has_bind_id);
  EXPECT_EQ(last.bind_id, 0u);
  EXPECT_EQ(last.endpoint_id, 1u);
  EXPECT_EQ(last.weight, 3u);
  EXPECT_TRUE(last.same_worker);
}

TEST(CxxLbTest, PicksOnAHostBuiltBeforeBindIdAndRefusesShorterEntries) {
  FakeHost host;
  LbDriver driver(host, &kDescriptor, "scripted");
  ASSERT_EQ(driver.configure("bind"), SMPPD_OK);
  auto worker = driver.open_worker(0);
  const std::vector<smppd_lb_candidate> candidates = {lb_candidate(1, 1, 0, 10, false, 7), lb_candidate(2, 1, 0, 10, false, 9),
                                                      lb_candidate(3, 1, 0, 10, false, 8)};
  EXPECT_EQ(worker.pick(candidates), 1);  // bind 9
  driver.set_candidate_stride(cxx::kLbCandidateMinStride);
  EXPECT_EQ(worker.pick(candidates), 2);  // no bind ids: the last
  EXPECT_EQ(host.log_count(SMPPD_LOG_ERROR), 0u);
  driver.set_candidate_stride(cxx::kLbCandidateMinStride - 8);  // cuts same_worker off: not a candidate
  EXPECT_EQ(worker.pick(candidates), -1);
  EXPECT_TRUE(host.logged(SMPPD_LOG_ERROR, "stride too small for an smppd_lb_candidate"));
}

TEST(CxxLbTest, PicksThroughTheAdapterWithTheMessage) {
  FakeHost host;
  LbDriver driver(host, &kDescriptor, "scripted");
  ASSERT_EQ(driver.configure("heaviest"), SMPPD_OK);
  driver.set_candidate_stride(sizeof(smppd_lb_candidate) + 16);
  auto worker = driver.open_worker(3);
  EXPECT_EQ(worker.pick(std::vector<smppd_lb_candidate>{lb_candidate(1, 2), lb_candidate(2, 9), lb_candidate(3, 4)}), 1);

  ASSERT_EQ(driver.configure("message"), SMPPD_OK);
  auto reading = driver.open_worker(0);
  FakeMessage data_sm(SMPPD_CMD_DATA_SM);
  EXPECT_EQ(reading.pick(std::vector<smppd_lb_candidate>{lb_candidate(1), lb_candidate(2)}, &data_sm), 1);
  EXPECT_EQ(reading.pick(std::vector<smppd_lb_candidate>{lb_candidate(1), lb_candidate(2)}), 0);  // a submit_sm
}

TEST(CxxLbTest, AThrowingOrWrongPickRefusesTheMessage) {
  FakeHost host;
  LbDriver throwing(host, &kDescriptor, "scripted");
  ASSERT_EQ(throwing.configure("pick"), SMPPD_OK);
  auto worker = throwing.open_worker(0);
  EXPECT_EQ(worker.pick(std::vector<smppd_lb_candidate>{lb_candidate(1)}), -1);
  EXPECT_TRUE(host.logged(SMPPD_LOG_ERROR, "pick threw; refusing the message: pick exploded"));

  LbDriver wrong(host, &kDescriptor, "scripted");
  ASSERT_EQ(wrong.configure("range"), SMPPD_OK);
  auto out_of_range = wrong.open_worker(0);
  EXPECT_EQ(out_of_range.pick(std::vector<smppd_lb_candidate>{lb_candidate(1), lb_candidate(2)}), -1);
  EXPECT_TRUE(host.logged(SMPPD_LOG_ERROR, "outside the candidates"));
}

TEST(CxxLbTest, AThrowingWorkerIsRefused) {
  FakeHost host;
  LbDriver driver(host, &kDescriptor, "scripted");
  ASSERT_EQ(driver.configure("worker"), SMPPD_OK);
  EXPECT_THROW(driver.open_worker(0), std::runtime_error);
  EXPECT_TRUE(host.logged(SMPPD_LOG_ERROR, "no worker today"));
}

// --- health checkers -----------------------------------------------------------------------------

TEST(CxxHealthTest, PassesTheEndpointAndPausesUntilTheResume) {
  FakeHost host;
  HealthDriver driver(host, &kDescriptor, "scripted");
  ASSERT_EQ(driver.configure("later"), SMPPD_OK);
  const auto healthy = driver.check_and_wait(FakeEndpoint{1, "c", "smsc-a", "127.0.0.1", 2775}, 50ms);
  EXPECT_EQ(healthy.verdict, SMPPD_CONTINUE);
  auto* config = &static_cast<cxx::detail::ConfigBox<ScriptedChecker::Config>*>(driver.config())->config;
  EXPECT_EQ(config->seen_name, "smsc-a");
  EXPECT_EQ(config->seen_timeout, 50ms);
  EXPECT_EQ(driver.check_and_wait(FakeEndpoint{2, "c", "smsc-b", "127.0.0.1", 9}, 50ms).verdict, SMPPD_STOP);
  // Too short a timeout: the host cancels, and the checker hears of it.
  const auto late = driver.check_and_wait(FakeEndpoint{1, "c", "smsc-a", "127.0.0.1", 2775}, 5ms);
  EXPECT_TRUE(late.timed_out);
  EXPECT_EQ(config->cancelled, std::vector<uint64_t>{late.token});
}

TEST(CxxHealthTest, AThrowingCheckIsUnhealthy) {
  FakeHost host;
  HealthDriver driver(host, &kDescriptor, "scripted");
  ASSERT_EQ(driver.configure("throw"), SMPPD_OK);
  EXPECT_EQ(driver.check(FakeEndpoint{}).verdict, SMPPD_STOP);
  EXPECT_TRUE(host.logged(SMPPD_LOG_ERROR, "check threw"));
}

// --- upstream transports -------------------------------------------------------------------------

TEST(CxxUpstreamTest, StartsSubmitsAndStops) {
  FakeHost host;
  g_transport_log = {};
  {
    UpstreamDriver driver(host, &kDescriptor, "scripted");
    ASSERT_EQ(driver.configure("fine"), SMPPD_OK);
    ASSERT_EQ(driver.start(), SMPPD_OK);
    EXPECT_EQ(driver.start(), SMPPD_E_STATE);
    FakeMessage submit(SMPPD_CMD_SUBMIT_SM);
    submit.set_string(SMPPD_F_DESTINATION_ADDR, "4477");
    const auto outcome = driver.submit(submit);
    EXPECT_EQ(outcome.result, SMPPD_OK);
    host.advance(1ms);
    ASSERT_TRUE(host.completion(outcome.token));
    EXPECT_EQ(host.completion(outcome.token)->message_id, "id-4477");
    ASSERT_EQ(host.delivery_count(), 1u);
    EXPECT_EQ(host.deliveries()[0].upstream, driver.upstream());
    EXPECT_EQ(host.deliveries()[0].message->string(SMPPD_F_SOURCE_ADDR), "4477");
    driver.stop();
    EXPECT_EQ(g_transport_log.stopped, 1);
    EXPECT_EQ(g_transport_log.destroyed, 1);  // stop ends the instance: the ABI has no other free
  }
  EXPECT_EQ(host.live_messages(), 0u);
}

TEST(CxxUpstreamTest, ExceptionsStayInside) {
  FakeHost host;
  g_transport_log = {};
  UpstreamDriver refusing(host, &kDescriptor, "scripted");
  ASSERT_EQ(refusing.configure("start"), SMPPD_OK);
  EXPECT_EQ(refusing.start(), SMPPD_E_INTERNAL);
  EXPECT_TRUE(host.logged(SMPPD_LOG_ERROR, "start threw; the transport did not start: cannot start"));

  UpstreamDriver throwing(host, &kDescriptor, "scripted");
  ASSERT_EQ(throwing.configure("submit"), SMPPD_OK);
  ASSERT_EQ(throwing.start(), SMPPD_OK);
  EXPECT_EQ(throwing.submit(FakeMessage(SMPPD_CMD_SUBMIT_SM)).result, SMPPD_E_INTERNAL);
  EXPECT_TRUE(host.logged(SMPPD_LOG_ERROR, "submit threw"));
}

// --- the Host's timer and upstream helpers -------------------------------------------------------

TEST(CxxHostTimersTest, RunsAScheduledCallableOnceAtItsTime) {
  FakeHost host;
  const cxx::Host wrapped(host.api(), host.plugin("timers"));
  auto witness = std::make_shared<int>(0);
  int runs = 0;
  int64_t ran_at = 0;
  const int64_t t0 = host.monotonic_ns();
  ASSERT_EQ(wrapped.schedule(20ms, [witness, &runs, &ran_at, wrapped] {
    ++runs;
    ran_at = wrapped.monotonic().count();
  }), SMPPD_OK);
  EXPECT_EQ(witness.use_count(), 2);  // moved to the heap, held by the timer
  host.advance(19ms);
  EXPECT_EQ(runs, 0);
  host.advance(10ms);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(ran_at - t0, std::chrono::nanoseconds(20ms).count());
  EXPECT_EQ(witness.use_count(), 1);  // destroyed after it ran
  host.advance(1s);
  EXPECT_EQ(runs, 1);
}

TEST(CxxHostTimersTest, LogsAThrowingCallableAndDropsARefusedOne) {
  FakeHost host;
  const cxx::Host wrapped(host.api(), host.plugin("timers"));
  ASSERT_EQ(wrapped.schedule(0ns, [] { throw std::runtime_error("timer exploded"); }), SMPPD_OK);
  host.run_due_timers();
  EXPECT_TRUE(host.logged(SMPPD_LOG_ERROR, "a scheduled task threw: timer exploded"));

  host.stop_timers();
  auto witness = std::make_shared<int>(0);
  bool ran = false;
  EXPECT_EQ(wrapped.schedule(1ms, [witness, &ran] { ran = true; }), SMPPD_E_STATE);
  EXPECT_EQ(witness.use_count(), 1);  // destroyed here, unrun
  EXPECT_FALSE(ran);

  host.async_table().schedule = nullptr;  // an older host
  EXPECT_EQ(wrapped.schedule(1ms, [] {}), SMPPD_E_UNSUPPORTED);
}

TEST(CxxHostUpstreamTest, OwnsMessagesUntilTheyAreDelivered) {
  FakeHost host;
  const cxx::Host wrapped(host.api(), host.plugin("upstream"));
  {
    cxx::OwnedMessage dropped = wrapped.message_new(SMPPD_CMD_DELIVER_SM);
    ASSERT_TRUE(dropped);
    EXPECT_EQ(dropped.message().set_string(SMPPD_F_SOURCE_ADDR, "1"), SMPPD_OK);
    EXPECT_EQ(host.live_messages(), 1u);
  }
  EXPECT_EQ(host.messages_freed(), 1u);

  cxx::OwnedMessage kept = wrapped.message_new(SMPPD_CMD_DELIVER_SM);
  cxx::OwnedMessage moved = std::move(kept);
  EXPECT_FALSE(kept);
  int upstream_tag = 0;
  auto* upstream = reinterpret_cast<smppd_upstream*>(&upstream_tag);
  EXPECT_EQ(wrapped.deliver(upstream, std::move(moved)), SMPPD_OK);
  EXPECT_FALSE(moved);
  EXPECT_EQ(host.delivery_count(), 1u);
  EXPECT_EQ(wrapped.deliver(upstream, cxx::OwnedMessage()), SMPPD_E_INVALID);

  EXPECT_FALSE(wrapped.message_new(0x12345678));  // no such command

  // A host without deliver: the message is freed here, not leaked.
  host.upstream_table().deliver = nullptr;
  EXPECT_EQ(wrapped.deliver(upstream, wrapped.message_new(SMPPD_CMD_DELIVER_SM)), SMPPD_E_UNSUPPORTED);
  EXPECT_EQ(host.live_messages(), 0u);
}

TEST(CxxHostUpstreamTest, CompletesAndProbesThroughTheTable) {
  FakeHost host;
  const cxx::Host wrapped(host.api(), host.plugin("upstream"));
  const uint64_t token = host.new_submit_token();
  EXPECT_EQ(wrapped.complete(token, 0, "abc"), SMPPD_OK);
  EXPECT_EQ(wrapped.complete(token, 0, "abc"), SMPPD_E_NOT_FOUND);
  EXPECT_EQ(host.completion(token)->message_id, "abc");
  EXPECT_EQ(wrapped.probe_enquire_link(5, 1s, host.new_token()), SMPPD_E_NOT_FOUND);  // unscripted

  host.api_table().upstream = nullptr;  // a host without the table
  EXPECT_EQ(wrapped.complete(token, 0), SMPPD_E_UNSUPPORTED);
  EXPECT_FALSE(wrapped.message_new(SMPPD_CMD_DELIVER_SM));
  EXPECT_EQ(wrapped.probe_enquire_link(5, 1s, 1), SMPPD_E_UNSUPPORTED);
}

}  // namespace
