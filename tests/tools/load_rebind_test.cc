// `smpp-bench load --rebind`: a session the SMSC unbinds or closes mid-run binds again and goes on
// sending; the submits in flight at an unbind still get their resps, those at a close count lost.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include "host/codec/command_id.h"
#include "tests/support/fake_smsc.h"
#include "tools/smpp-bench/load_runner.h"

namespace smppd::tools::bench {
namespace {

using namespace std::chrono_literals;
using testing::FakeSmsc;

LoadOptions rebinding_load(uint16_t port) {
  LoadOptions options;
  options.session.port = port;
  options.session.system_id = "bench";
  options.session.password = "pw";
  options.session.window = 8;
  options.session.response_timeout = 2000ms;
  options.connections = 2;
  options.rate = 1000.0;
  options.duration = 1500ms;
  options.rebind = true;
  return options;
}

// Sends unbind to every session bound now, as a draining proxy does.
void unbind_all(FakeSmsc& smsc) {
  for (const uint64_t connection : smsc.bound_connections()) {
    codec::Pdu unbind;
    unbind.command_id = codec::CommandId::unbind;
    smsc.deliver(connection, unbind);
  }
}

TEST(LoadRebindTest, UnboundSessionsBindAgainAndTheirSubmitsInFlightAreAnswered) {
  FakeSmsc smsc;
  ASSERT_TRUE(smsc.listening()) << smsc.error();
  // Answers a little late, so that submits are in flight when the unbind goes out.
  smsc.set_submit_handler([](FakeSmsc& fake, const FakeSmsc::Submit& submit) {
    fake.respond(submit, 0, fake.next_message_id(), 20ms);
  });
  const LoadOptions options = rebinding_load(smsc.port());
  std::vector<uint64_t> unbound;
  std::thread restart([&smsc, &unbound] {
    ASSERT_TRUE(smsc.wait_bound(2, 5s));
    std::this_thread::sleep_for(500ms);
    unbound = smsc.bound_connections();
    unbind_all(smsc);
  });
  const LoadResult result = run_load(options);
  restart.join();

  EXPECT_TRUE(result.success(options)) << result.error;
  EXPECT_EQ(result.totals.rebinds, 2u);
  EXPECT_EQ(result.totals.connections_refused, 0u);
  EXPECT_EQ(result.totals.unanswered(), 0u);
  EXPECT_EQ(result.totals.ok, result.totals.sent());
  EXPECT_EQ(smsc.binds_accepted(), 4u);
  const std::vector<FakeSmsc::Submit> submits = smsc.submits();
  EXPECT_EQ(submits.size(), result.totals.sent());
  // Counted by connection, not by rate, so that a loaded machine cannot fail it.
  std::set<uint64_t> sent_after_rebind;
  for (const FakeSmsc::Submit& submit : submits) {
    if (std::find(unbound.begin(), unbound.end(), submit.connection) == unbound.end()) {
      sent_after_rebind.insert(submit.connection);
    }
  }
  EXPECT_EQ(sent_after_rebind.size(), 2u) << "both sessions went on sending after their rebind";
}

TEST(LoadRebindTest, ClosedSessionsBindAgainAndCountTheirSubmitsInFlightAsLost) {
  FakeSmsc smsc;
  ASSERT_TRUE(smsc.listening()) << smsc.error();
  smsc.set_submit_handler([](FakeSmsc& fake, const FakeSmsc::Submit& submit) {
    fake.respond(submit, 0, fake.next_message_id(), 20ms);
  });
  const LoadOptions options = rebinding_load(smsc.port());
  std::thread restart([&smsc] {
    ASSERT_TRUE(smsc.wait_bound(2, 5s));
    std::this_thread::sleep_for(500ms);
    smsc.close_all();
  });
  const LoadResult result = run_load(options);
  restart.join();

  EXPECT_EQ(result.totals.rebinds, 2u);
  EXPECT_EQ(result.totals.sessions_lost, 0u);
  EXPECT_GT(result.totals.closed, 0u) << "submits were in flight at the close";
  EXPECT_EQ(result.totals.acknowledged + result.totals.closed, result.totals.sent());
  EXPECT_FALSE(result.success(options)) << "lost submits fail the run";
}

TEST(LoadRebindTest, WithoutRebindAnUnboundSessionIsLost) {
  FakeSmsc smsc;
  ASSERT_TRUE(smsc.listening()) << smsc.error();
  LoadOptions options = rebinding_load(smsc.port());
  options.rebind = false;
  std::thread restart([&smsc] {
    ASSERT_TRUE(smsc.wait_bound(2, 5s));
    std::this_thread::sleep_for(300ms);
    unbind_all(smsc);
  });
  const LoadResult result = run_load(options);
  restart.join();

  EXPECT_EQ(result.totals.rebinds, 0u);
  EXPECT_EQ(result.totals.sessions_lost, 2u);
  EXPECT_FALSE(result.success(options));
}

}  // namespace
}  // namespace smppd::tools::bench
