#include "host/filter/filter_chain.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "host/api/call.h"
#include "host/api/host_api.h"
#include "host/api/pause_registry.h"
#include "host/api/session_info.h"
#include "host/async/monotonic_clock.h"

namespace smppd::filter {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// A scriptable filter: what on_request answers, and what it saw.
struct ScriptedFilter {
  int32_t verdict = SMPPD_CONTINUE;
  uint32_t status = 0;
  int requests = 0;
  int cancels = 0;
  uint64_t last_token = 0;
  int64_t now_ns = 0;  // what the call's now_ns answered
  std::vector<uint64_t> tokens;  // every token it was given, in order
  uint64_t cancelled_token = 0;
  // Resume from another thread after `resume_after`, when set.
  std::optional<std::chrono::milliseconds> resume_after;
  // Resume inside on_request, whatever it answers (a plugin's mistake the chain must survive).
  bool resume_inline = false;
  int32_t resume_verdict = SMPPD_CONTINUE;
  uint32_t resume_status = 0;
  std::atomic<int32_t> resume_result{1};
  std::thread resumer;
  int sessions_made = 0;
  int sessions_freed = 0;
  bool refuse_session = false;

  ~ScriptedFilter() {
    if (resumer.joinable()) resumer.join();
  }
};

int32_t scripted_on_request(void* instance, smppd_call* call, uint64_t token, uint32_t* status) {
  auto* filter = static_cast<ScriptedFilter*>(instance);
  ++filter->requests;
  filter->last_token = token;
  filter->now_ns = api::host_table()->call->now_ns(call);
  filter->tokens.push_back(token);
  if (filter->verdict == SMPPD_STOP) *status = filter->status;
  if (filter->resume_inline) {
    filter->resume_result = api::host_table()->async->resume(token, filter->resume_verdict, filter->resume_status);
  }
  if (filter->verdict == SMPPD_PAUSE && filter->resume_after) {
    const smppd_host_api* host = api::host_table();
    const auto delay = *filter->resume_after;
    filter->resumer = std::thread([filter, host, token, delay] {
      std::this_thread::sleep_for(delay);
      const char key[] = "test.resumed";
      host->async->token_attr_set_string(token, SMPPD_SCOPE_SESSION, smppd_view_of(key, sizeof key - 1),
                                         smppd_view_of("yes", 3));
      filter->resume_result = host->async->resume(token, filter->resume_verdict, filter->resume_status);
    });
  }
  (void)call;
  return filter->verdict;
}

void scripted_on_cancel(void* instance, uint64_t token) {
  auto* filter = static_cast<ScriptedFilter*>(instance);
  ++filter->cancels;
  filter->cancelled_token = token;
}

int32_t scripted_session_new(void* config, const smppd_session_info*, void** instance_out) {
  auto* filter = static_cast<ScriptedFilter*>(config);
  if (filter->refuse_session) return SMPPD_E_CONFIG;
  ++filter->sessions_made;
  *instance_out = config;
  return SMPPD_OK;
}

void scripted_session_free(void* instance) { ++static_cast<ScriptedFilter*>(instance)->sessions_freed; }

const smppd_filter_vtable kScriptedVtable = {
    sizeof(smppd_filter_vtable), 0, nullptr, nullptr, scripted_session_new, scripted_session_free,
    scripted_on_request, scripted_on_cancel, nullptr,
};

FilterSlot slot_for(ScriptedFilter& filter, std::string name, std::chrono::milliseconds timeout = 2000ms,
                    bool fail_open = false) {
  FilterSlot slot;
  slot.name = std::move(name);
  slot.vtable = &kScriptedVtable;
  slot.config = &filter;
  slot.timeout = timeout;
  slot.fail_open = fail_open;
  return slot;
}

class FilterChainTest : public ::testing::Test {
 protected:
  FilterChainTest() : call(pdu, session, session_bag) {
    pdu.command_id = codec::CommandId::submit_sm;
    pdu.sequence_number = 7;
    session.listener = "smpp";
    session.session_id = 1;
  }

  ChainVerdict run(FilterChain& chain) {
    std::optional<ChainVerdict> result;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> { result = co_await chain.run(call, 0x08); },
                   [](std::exception_ptr e) { if (e) std::rethrow_exception(e); });
    io.run_for(5s);
    io.restart();
    EXPECT_TRUE(result.has_value()) << "the chain did not finish";
    return result.value_or(ChainVerdict{});
  }

  asio::io_context io;
  codec::Pdu pdu;
  api::SessionInfo session;
  api::AttributeBag session_bag;
  smppd_call call;
};

std::shared_ptr<const FilterChainConfig> chain_of(std::vector<FilterSlot> slots) {
  return std::make_shared<const FilterChainConfig>(std::move(slots));
}

TEST_F(FilterChainTest, EveryFilterContinuesInOrder) {
  ScriptedFilter first, second;
  FilterChain chain(chain_of({slot_for(first, "first"), slot_for(second, "second")}), session);
  const ChainVerdict verdict = run(chain);
  EXPECT_EQ(verdict.kind, ChainVerdict::proceed);
  EXPECT_EQ(first.requests, 1);
  EXPECT_EQ(second.requests, 1);
  EXPECT_EQ(api::PauseRegistry::process().pending(), 0u) << "tokens of filters that did not pause are released";
}

TEST_F(FilterChainTest, StopEndsTheChainWithTheFiltersStatus) {
  ScriptedFilter first, second;
  first.verdict = SMPPD_STOP;
  first.status = 0x58;
  FilterChain chain(chain_of({slot_for(first, "first"), slot_for(second, "second")}), session);
  const ChainVerdict verdict = run(chain);
  EXPECT_EQ(verdict.kind, ChainVerdict::stop);
  EXPECT_EQ(verdict.status, 0x58u);
  EXPECT_EQ(verdict.filter, "first");
  EXPECT_EQ(second.requests, 0);
}

TEST_F(FilterChainTest, PauseThenResumeFromAnotherThreadContinues) {
  ScriptedFilter first, second;
  first.verdict = SMPPD_PAUSE;
  first.resume_after = 20ms;
  FilterChain chain(chain_of({slot_for(first, "first"), slot_for(second, "second")}), session);
  const ChainVerdict verdict = run(chain);
  EXPECT_EQ(verdict.kind, ChainVerdict::proceed);
  // The chain may go on before the resumer thread has stored what resume() answered.
  first.resumer.join();
  EXPECT_EQ(first.resume_result.load(), SMPPD_OK);
  EXPECT_EQ(second.requests, 1) << "the chain goes on after the resume";
  EXPECT_EQ(first.cancels, 0);
  ASSERT_NE(session_bag.find_string("test.resumed"), nullptr) << "attributes set on the token reach the session";
  EXPECT_EQ(*session_bag.find_string("test.resumed"), "yes");
}

TEST_F(FilterChainTest, AFilterAfterAPauseSeesTheTimeOfTheResumeNotOfTheRead) {
  ScriptedFilter first, second;
  first.verdict = SMPPD_PAUSE;
  first.resume_after = 20ms;
  call.now_ns = 1;  // the session's stamp of the read
  const int64_t before = async::monotonic_ns();
  FilterChain chain(chain_of({slot_for(first, "first"), slot_for(second, "second")}), session);
  EXPECT_EQ(run(chain).kind, ChainVerdict::proceed);
  first.resumer.join();
  EXPECT_EQ(first.now_ns, 1) << "the read's stamp, without a clock read";
  EXPECT_GE(second.now_ns, before + 20'000'000) << "the clock once the pause ended";
}

TEST_F(FilterChainTest, PauseThenResumeWithStop) {
  ScriptedFilter first;
  first.verdict = SMPPD_PAUSE;
  first.resume_after = 5ms;
  first.resume_verdict = SMPPD_STOP;
  first.resume_status = 0x0E;
  FilterChain chain(chain_of({slot_for(first, "first")}), session);
  const ChainVerdict verdict = run(chain);
  EXPECT_EQ(verdict.kind, ChainVerdict::stop);
  EXPECT_EQ(verdict.status, 0x0Eu);
}

TEST_F(FilterChainTest, DeadlineFailsClosedWithDefaultStatusAndCancels) {
  ScriptedFilter first, second;
  first.verdict = SMPPD_PAUSE;  // never resumes
  FilterChain chain(chain_of({slot_for(first, "first", 30ms), slot_for(second, "second")}), session);
  const ChainVerdict verdict = run(chain);
  EXPECT_EQ(verdict.kind, ChainVerdict::stop);
  EXPECT_EQ(verdict.status, 0x08u);
  EXPECT_EQ(first.cancels, 1);
  EXPECT_EQ(first.cancelled_token, first.last_token);
  EXPECT_EQ(second.requests, 0);
  EXPECT_EQ(api::host_table()->async->resume(first.last_token, SMPPD_CONTINUE, 0), SMPPD_E_NOT_FOUND)
      << "a resume after the deadline is ignored";
}

TEST_F(FilterChainTest, DeadlineFailsClosedWithConfiguredStatus) {
  ScriptedFilter first;
  first.verdict = SMPPD_PAUSE;
  FilterSlot slot = slot_for(first, "first", 20ms);
  slot.failure_status = 0x14;
  FilterChain chain(chain_of({slot}), session);
  EXPECT_EQ(run(chain).status, 0x14u);
}

TEST_F(FilterChainTest, DeadlineFailsOpenAndTheChainGoesOn) {
  ScriptedFilter first, second;
  first.verdict = SMPPD_PAUSE;
  FilterChain chain(chain_of({slot_for(first, "first", 20ms, /*fail_open=*/true), slot_for(second, "second")}),
                    session);
  const ChainVerdict verdict = run(chain);
  EXPECT_EQ(verdict.kind, ChainVerdict::proceed);
  EXPECT_EQ(first.cancels, 1);
  EXPECT_EQ(second.requests, 1);
}

TEST_F(FilterChainTest, AStrayResumeOfAFilterThatContinuedDoesNotEndTheNextFiltersPause) {
  ScriptedFilter first, second;
  first.resume_inline = true;  // resumes its token with STOP, then answers CONTINUE
  first.resume_verdict = SMPPD_STOP;
  first.resume_status = 0x0E;
  second.verdict = SMPPD_PAUSE;  // never resumes
  FilterChain chain(chain_of({slot_for(first, "first"), slot_for(second, "second", 50ms)}), session);
  const ChainVerdict verdict = run(chain);
  EXPECT_EQ(first.resume_result.load(), SMPPD_OK);
  EXPECT_EQ(verdict.kind, ChainVerdict::stop);
  EXPECT_EQ(verdict.filter, "second") << "the first filter's stray outcome ended the second's pause";
  EXPECT_EQ(verdict.status, 0x08u) << "the second filter's deadline, failing closed";
  EXPECT_EQ(second.cancels, 1);
}

TEST_F(FilterChainTest, LateResumeAfterDeadlineIsIgnoredSafely) {
  ScriptedFilter first;
  first.verdict = SMPPD_PAUSE;
  first.resume_after = 150ms;  // well after the 20 ms deadline
  {
    FilterChain chain(chain_of({slot_for(first, "first", 20ms)}), session);
    EXPECT_EQ(run(chain).kind, ChainVerdict::stop);
  }
  first.resumer.join();
  EXPECT_EQ(first.resume_result.load(), SMPPD_E_NOT_FOUND);
  io.run_for(50ms);  // nothing posted may touch the finished chain
}

TEST_F(FilterChainTest, SessionCloseCancelsPausedRequestsAndLateResumeIsIgnored) {
  ScriptedFilter first;
  first.verdict = SMPPD_PAUSE;
  first.resume_after = 100ms;
  std::optional<ChainVerdict> result;
  {
    FilterChain chain(chain_of({slot_for(first, "first", 5000ms)}), session);
    asio::co_spawn(io, [&]() -> asio::awaitable<void> { result = co_await chain.run(call, 0x08); },
                   [](std::exception_ptr e) { if (e) std::rethrow_exception(e); });
    asio::steady_timer close(io, 10ms);
    close.async_wait([&](boost::system::error_code) { chain.cancel_all(); });
    io.run_for(1s);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->kind, ChainVerdict::abandoned);
    EXPECT_EQ(first.cancels, 1);
    EXPECT_TRUE(chain.idle());
  }
  EXPECT_EQ(first.sessions_freed, 1) << "instances are freed after the paused call ended";
  first.resumer.join();
  EXPECT_EQ(first.resume_result.load(), SMPPD_E_NOT_FOUND);
}

TEST_F(FilterChainTest, ManyConcurrentPausesResumedFromThreads) {
  ScriptedFilter first;
  first.verdict = SMPPD_PAUSE;
  FilterChain chain(chain_of({slot_for(first, "first")}), session);
  constexpr int kCalls = 200;
  std::vector<std::unique_ptr<smppd_call>> calls;
  std::atomic<int> done{0};
  // The filter records tokens; resume them all from four threads.
  for (int i = 0; i < kCalls; ++i) {
    calls.push_back(std::make_unique<smppd_call>(pdu, session, session_bag));
    asio::co_spawn(io, [&, c = calls.back().get()]() -> asio::awaitable<void> {
      const ChainVerdict v = co_await chain.run(*c, 0x08);
      if (v.kind == ChainVerdict::proceed) ++done;
    }, [](std::exception_ptr e) { if (e) std::rethrow_exception(e); });
  }
  io.poll();
  ASSERT_EQ(first.tokens.size(), static_cast<size_t>(kCalls));
  std::vector<std::thread> resumers;
  for (size_t t = 0; t < 4; ++t) {
    resumers.emplace_back([t, &first] {
      for (size_t i = t; i < first.tokens.size(); i += 4) {
        api::host_table()->async->resume(first.tokens[i], SMPPD_CONTINUE, 0);
      }
    });
  }
  for (auto& thread : resumers) thread.join();
  io.run_for(2s);
  EXPECT_EQ(done.load(), kCalls);
  EXPECT_TRUE(chain.idle());
}

TEST_F(FilterChainTest, RefusedSessionInstanceIsReported) {
  ScriptedFilter first, second;
  second.refuse_session = true;
  {
    FilterChain chain(chain_of({slot_for(first, "first"), slot_for(second, "second")}), session);
    EXPECT_FALSE(chain.ready());
    EXPECT_NE(chain.error().find("second"), std::string::npos);
  }
  EXPECT_EQ(first.sessions_made, 1);
  EXPECT_EQ(first.sessions_freed, 1) << "instances made before the refusal are freed";
}

TEST_F(FilterChainTest, ResumeWithAnInvalidVerdictIsRefused) {
  const uint64_t token = api::PauseRegistry::process().open([](api::PauseOutcome) {});
  EXPECT_EQ(api::host_table()->async->resume(token, 7, 0), SMPPD_E_INVALID);
  EXPECT_TRUE(api::PauseRegistry::process().cancel(token));
}

TEST_F(FilterChainTest, AResumeBeforeOnRequestReturnsPauseEndsThePauseAtOnce) {
  ScriptedFilter first, second;
  first.verdict = SMPPD_PAUSE;
  first.resume_inline = true;  // answers through its token, then says PAUSE
  first.resume_verdict = SMPPD_STOP;
  first.resume_status = 0x0E;
  FilterChain chain(chain_of({slot_for(first, "first", 2000ms), slot_for(second, "second")}), session);
  const auto started = std::chrono::steady_clock::now();
  const ChainVerdict verdict = run(chain);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1000ms) << "it waited for the deadline";
  EXPECT_EQ(first.resume_result.load(), SMPPD_OK);
  EXPECT_EQ(verdict.kind, ChainVerdict::stop);
  EXPECT_EQ(verdict.status, 0x0Eu);
  EXPECT_EQ(first.cancels, 0);
  EXPECT_EQ(api::PauseRegistry::process().pending(), 0u);
}

// Tokens reserved beyond a shard's slots are marked by entries: every kind of turn still works.
TEST(PauseRegistryTest, ManyReservedTokensAreEachOpenedSettledOrResumedOnce) {
  auto& registry = api::PauseRegistry::process();
  std::vector<uint64_t> tokens;
  for (int i = 0; i < 3000; ++i) tokens.push_back(registry.reserve());
  std::vector<int> completed(tokens.size(), 0);
  for (size_t i = 0; i < tokens.size(); ++i) {
    switch (i % 3) {
      case 0:  // answered at once
        registry.settle(tokens[i]);
        EXPECT_EQ(registry.resume(tokens[i], SMPPD_CONTINUE, 0), SMPPD_E_NOT_FOUND);
        break;
      case 1:  // resumed before it paused: the pause ends at open
        EXPECT_EQ(registry.resume(tokens[i], SMPPD_STOP, 0x45), SMPPD_OK);
        EXPECT_EQ(registry.resume(tokens[i], SMPPD_CONTINUE, 0), SMPPD_E_NOT_FOUND) << "once";
        registry.open(tokens[i], [&completed, i](api::PauseOutcome outcome) {
          EXPECT_EQ(outcome.command_status, 0x45u);
          ++completed[i];
        });
        break;
      case 2:  // paused, then resumed
        registry.open(tokens[i], [&completed, i](api::PauseOutcome outcome) {
          EXPECT_EQ(outcome.verdict, SMPPD_CONTINUE);
          ++completed[i];
        });
        EXPECT_EQ(registry.resume(tokens[i], SMPPD_CONTINUE, 0), SMPPD_OK);
        break;
    }
  }
  for (size_t i = 0; i < tokens.size(); ++i) EXPECT_EQ(completed[i], i % 3 == 0 ? 0 : 1) << i;
  EXPECT_EQ(registry.pending(), 0u);
}

// Each worker hands out tokens from its own shard, so workers do not share the cache lines of
// reserve(); the tokens stay unique and any thread can end them.
TEST(PauseRegistryTest, TwoThreadsReserveDistinctTokensEachInItsOwnShard) {
  auto registry = std::make_unique<api::PauseRegistry>();
  std::vector<uint64_t> first;
  std::vector<uint64_t> second;
  auto reserve_into = [&registry](std::vector<uint64_t>& tokens) {
    for (int i = 0; i < 1000; ++i) tokens.push_back(registry->reserve());
  };
  std::thread a(reserve_into, std::ref(first));
  std::thread b(reserve_into, std::ref(second));
  a.join();
  b.join();
  std::set<uint64_t> unique(first.begin(), first.end());
  unique.insert(second.begin(), second.end());
  EXPECT_EQ(unique.size(), 2000u);
  EXPECT_EQ(unique.count(0), 0u) << "0 is no token";
  const auto shard_of = [](uint64_t token) { return token % async::kThreadStripes; };
  for (const uint64_t token : first) EXPECT_EQ(shard_of(token), shard_of(first.front()));
  for (const uint64_t token : second) EXPECT_EQ(shard_of(token), shard_of(second.front()));
  EXPECT_NE(shard_of(first.front()), shard_of(second.front()));
  int completed = 0;
  registry->open(first.front(), [&completed](api::PauseOutcome) { ++completed; });
  std::thread([&] { EXPECT_EQ(registry->resume(first.front(), SMPPD_CONTINUE, 0), SMPPD_OK); }).join();
  EXPECT_EQ(completed, 1);
  for (size_t i = 1; i < first.size(); ++i) registry->settle(first[i]);
  for (const uint64_t token : second) registry->settle(token);
  EXPECT_EQ(registry->pending(), 0u);
}

// A thread's reserved token is marked in a record of its own: no entry, unless it holds one
// already.
TEST(PauseRegistryTest, AThreadsReservedTokenNeedsNoEntryUnlessItHoldsOneAlready) {
  auto registry = std::make_unique<api::PauseRegistry>();
  const uint64_t first = registry->reserve();
  EXPECT_EQ(registry->pending(), 0u);
  const uint64_t second = registry->reserve();
  EXPECT_EQ(registry->pending(), 1u) << "the record marks the first token";
  EXPECT_EQ(registry->resume(first, SMPPD_STOP, 0x58), SMPPD_OK) << "a marked token is resumable";
  registry->settle(first);
  registry->settle(second);
  EXPECT_EQ(registry->pending(), 0u);
  EXPECT_EQ(registry->resume(first, SMPPD_CONTINUE, 0), SMPPD_E_NOT_FOUND);
  const uint64_t third = registry->reserve();
  EXPECT_EQ(registry->pending(), 0u) << "the record is free again";
  EXPECT_EQ(registry->resume(first, SMPPD_CONTINUE, 0), SMPPD_E_NOT_FOUND) << "the record marks another token now";
  registry->settle(third);
}

struct RaceCounts {
  int opened = 0;
  int cancelled = 0;
  int completed = 0;
};

// Runs `rounds` turns on this thread (more, until the other thread got a resume in, however the
// machine schedules it) while another thread resumes every token a turn publishes. A turn is
// `turn(i, publish, completion)`: it returns the token it paused with `completion`, which is then
// cancelled, or 0 when it ended without a pause.
template <typename Turn>
RaceCounts race_resumes(api::PauseRegistry& registry, int rounds, Turn turn) {
  std::atomic<uint64_t> published{0};
  std::atomic<bool> done{false};
  std::atomic<int> completed{0};
  std::thread resumer([&] {
    while (!done.load()) {
      if (const uint64_t token = published.load()) (void)registry.resume(token, SMPPD_CONTINUE, 0);
    }
  });
  const auto publish = [&published](uint64_t token) { published.store(token); };
  const api::PauseRegistry::Completion completion = [&completed](api::PauseOutcome) { completed.fetch_add(1); };
  RaceCounts counts;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (int i = 0; i < rounds || (completed.load() == 0 && std::chrono::steady_clock::now() < give_up); ++i) {
    const uint64_t paused = turn(i, publish, completion);
    if (paused == 0) continue;
    ++counts.opened;
    if (registry.cancel(paused)) ++counts.cancelled;
  }
  done.store(true);
  resumer.join();
  counts.completed = completed.load();
  return counts;
}

// A plugin thread resumes tokens while the worker settles, opens and cancels them: each turn ends
// once, and nothing is left behind.
TEST(PauseRegistryTest, ResumesRacingTheTurnsOfAnotherThreadEndEachTurnOnce) {
  auto registry = std::make_unique<api::PauseRegistry>();
  const RaceCounts counts =
      race_resumes(*registry, 100'000, [&registry](int i, const auto& publish, const auto& completion) -> uint64_t {
        const uint64_t token = registry->reserve();
        publish(token);
        if (i % 2 == 0) {
          registry->settle(token);
          return 0;
        }
        registry->open(token, completion);
        return token;
      });
  EXPECT_EQ(counts.completed + counts.cancelled, counts.opened);
  EXPECT_GT(counts.completed, 0) << "some resumes came while the token was paused or reserved";
  EXPECT_EQ(registry->pending(), 0u);
}

// A chain's turns on one thread: each next turn moves the thread's mark without a locked
// instruction, and the run's turns end together.
TEST(PauseRegistryTest, AChainsTurnsMoveTheMarkAndEndTogether) {
  auto registry = std::make_unique<api::PauseRegistry>();
  const uint64_t first = registry->reserve();
  const uint64_t second = registry->reserve_turn(first);
  const uint64_t third = registry->reserve_turn(second);
  EXPECT_EQ(std::set<uint64_t>({first, second, third}).size(), 3u) << "a token per turn";
  EXPECT_EQ(registry->pending(), 0u) << "no entry for any turn";
  EXPECT_EQ(registry->resume(first, SMPPD_CONTINUE, 0), SMPPD_E_NOT_FOUND) << "an earlier turn's token is over";
  EXPECT_EQ(registry->resume(third, SMPPD_STOP, 0x58), SMPPD_OK) << "the current turn's token is resumable";
  const std::vector<uint64_t> run = {first, second, third};
  registry->settle_run(run);
  EXPECT_EQ(registry->pending(), 0u) << "what came through the run's tokens is dropped";
  EXPECT_EQ(registry->resume(third, SMPPD_CONTINUE, 0), SMPPD_E_NOT_FOUND);
  const uint64_t next = registry->reserve();
  EXPECT_EQ(registry->pending(), 0u) << "the thread's record is free for the next run";
  registry->settle(next);
}

// A resume through a turn's token that came while it was marked (or raced the move to the next
// turn) is parked; the run's end, or the pause of a later turn, drops it.
TEST(PauseRegistryTest, WhatCameThroughAnEarlierTurnIsDroppedWhenTheRunEndsOrPauses) {
  auto registry = std::make_unique<api::PauseRegistry>();
  uint64_t first = registry->reserve();
  std::thread([&] { EXPECT_EQ(registry->resume(first, SMPPD_CONTINUE, 0), SMPPD_OK); }).join();
  EXPECT_EQ(registry->pending(), 1u);
  uint64_t second = registry->reserve_turn(first);
  registry->settle_run(std::vector<uint64_t>{first, second});
  EXPECT_EQ(registry->pending(), 0u);

  first = registry->reserve();
  std::thread([&] { EXPECT_EQ(registry->resume(first, SMPPD_CONTINUE, 0), SMPPD_OK); }).join();
  second = registry->reserve_turn(first);
  int completed = 0;
  registry->open_turn(second, [&completed](api::PauseOutcome) { ++completed; }, std::vector<uint64_t>{first});
  EXPECT_EQ(registry->pending(), 1u) << "only the paused turn's entry is left";
  EXPECT_EQ(registry->resume(second, SMPPD_CONTINUE, 0), SMPPD_OK);
  EXPECT_EQ(completed, 1);
  EXPECT_EQ(registry->pending(), 0u);
}

TEST(PauseRegistryTest, ResumesRacingChainRunsOfAnotherThreadEndEachPauseOnceAndLeaveNothing) {
  auto registry = std::make_unique<api::PauseRegistry>();
  const RaceCounts counts =
      race_resumes(*registry, 50'000, [&registry](int i, const auto& publish, const auto& completion) -> uint64_t {
        std::vector<uint64_t> run = {registry->reserve()};
        publish(run.back());
        for (int turn = 0; turn < 2; ++turn) {
          run.push_back(registry->reserve_turn(run.back()));
          publish(run.back());
        }
        if (i % 2 == 0) {
          registry->settle_run(run);
          return 0;
        }
        const uint64_t paused = run.back();
        run.pop_back();
        registry->open_turn(paused, completion, run);
        return paused;
      });
  EXPECT_EQ(counts.completed + counts.cancelled, counts.opened);
  EXPECT_EQ(registry->pending(), 0u);
}

}  // namespace
}  // namespace smppd::filter
