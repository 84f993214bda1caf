// GcraTake: the rate limit's arithmetic as a table, and the operation through the store (its
// clock, its stored state, expiry once the bucket is full again, rollback in a batch).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "plugins/state/embedded/gcra.h"
#include "tests/plugins/state/embedded/embedded_store_fixture.h"

namespace smppd::plugins::embedded {
namespace {

using namespace std::chrono_literals;
using testing::EmbeddedStoreTest;

constexpr int64_t kNow = 1'700'000'000'000'000;
constexpr int64_t kSecond = 1'000'000;

struct GcraCase {
  const char* name;
  int64_t tat_us;  // 0: no state
  int64_t amount;
  int64_t interval_us;
  int64_t burst;
  bool taken;
  int64_t tat_after_us;  // when taken
  int64_t number;
};

TEST(GcraTakeArithmetic, Table) {
  const GcraCase cases[] = {
      {"a full bucket gives one", 0, 1, kSecond, 5, true, kNow + kSecond, 4},
      {"a stale TAT counts as full", kNow - 10 * kSecond, 1, kSecond, 5, true, kNow + kSecond, 4},
      {"the last unit of a burst", kNow + 4 * kSecond, 1, kSecond, 5, true, kNow + 5 * kSecond, 0},
      {"one more than the burst waits one interval", kNow + 5 * kSecond, 1, kSecond, 5, false, 0, 1000},
      {"the whole burst at once", 0, 5, kSecond, 5, true, kNow + 5 * kSecond, 0},
      {"more than is left waits for the difference", kNow + 3 * kSecond, 3, kSecond, 5, false, 0, 1000},
      {"the wait rounds up to whole milliseconds", kNow + 5 * kSecond + 1, 1, kSecond, 5, false, 0, 1001},
      {"more than the burst never fits", 0, 6, kSecond, 5, false, 0, -1},
      {"taking nothing answers what is left", kNow + 2 * kSecond, 0, kSecond, 5, true, kNow + 2 * kSecond, 3},
      {"a partly refilled unit is not a unit", kNow + kSecond / 2, 1, kSecond, 2, true, kNow + 3 * kSecond / 2, 0},
      {"microsecond intervals", kNow + 99, 1, 100, 1, false, 0, 1},
      {"huge intervals saturate instead of wrapping", 0, 1, std::numeric_limits<int64_t>::max(), 3, true,
       std::numeric_limits<int64_t>::max(), 2},
  };
  for (const GcraCase& c : cases) {
    const GcraDecision decision = gcra_take(kNow, c.tat_us, c.amount, c.interval_us, c.burst);
    EXPECT_EQ(decision.taken, c.taken) << c.name;
    EXPECT_EQ(decision.number, c.number) << c.name;
    if (c.taken) {
      EXPECT_EQ(decision.tat_us, c.tat_after_us) << c.name;
    }
  }
}

class GcraOps : public EmbeddedStoreTest {
 protected:
  void SetUp() override { open(); }

  StateResult take(int64_t amount = 1, std::chrono::microseconds interval = 1s, int64_t burst = 5) {
    return run(op::GcraTake{"rate/esme-a", amount, interval, burst});
  }
};

TEST_F(GcraOps, ExactlyABurstAtOnceThenOneMoreAfterEachInterval) {
  for (int64_t left = 4; left >= 0; --left) {
    const StateResult taken = take();
    ASSERT_EQ(taken.status.code, StateCode::ok);
    EXPECT_EQ(taken.number, left);
  }
  const StateResult refused = take();
  EXPECT_EQ(refused.status.code, StateCode::would_cross);
  EXPECT_EQ(refused.number, 1000) << "milliseconds until one unit is back";
  clock_.advance(999ms);
  EXPECT_EQ(take().status.code, StateCode::would_cross);
  clock_.advance(1ms);
  const StateResult again = take();
  EXPECT_EQ(again.status.code, StateCode::ok);
  EXPECT_EQ(again.number, 0);
  EXPECT_EQ(take().status.code, StateCode::would_cross);
}

TEST_F(GcraOps, ARefusalTakesNothing) {
  EXPECT_EQ(take(4).number, 1);
  const StateResult refused = take(3);
  EXPECT_EQ(refused.status.code, StateCode::would_cross);
  EXPECT_EQ(refused.number, 2000);
  EXPECT_EQ(take(1).number, 0) << "the refused take left its unit";
}

TEST_F(GcraOps, MoreThanTheBurstIsNeverAvailable) {
  const StateResult refused = take(6);
  EXPECT_EQ(refused.status.code, StateCode::would_cross);
  EXPECT_EQ(refused.number, -1);
  EXPECT_EQ(value_of("rate/esme-a"), "<absent>");
}

TEST_F(GcraOps, TakingNothingWritesNothing) {
  const StateResult peek = take(0);
  EXPECT_EQ(peek.status.code, StateCode::ok);
  EXPECT_EQ(peek.number, 5);
  EXPECT_EQ(value_of("rate/esme-a"), "<absent>");
}

TEST_F(GcraOps, TheStateIsTheTheoreticalArrivalTimeInMicroseconds) {
  take(2);
  EXPECT_EQ(value_of("rate/esme-a"), std::to_string(clock_.now_us() + 2 * kSecond)) << "decimal text, as in Redis";
}

TEST_F(GcraOps, TheEntryExpiresOnceTheBucketIsFullAgain) {
  take(2);
  clock_.advance(1999ms);
  EXPECT_NE(value_of("rate/esme-a"), "<absent>");
  clock_.advance(1ms);
  EXPECT_EQ(value_of("rate/esme-a"), "<absent>");
  EXPECT_EQ(take().number, 4) << "a full bucket again";
}

TEST_F(GcraOps, MicrosecondIntervals) {
  EXPECT_EQ(take(1, 100us, 1).status.code, StateCode::ok);
  clock_.advance(99us);
  const StateResult early = take(1, 100us, 1);
  EXPECT_EQ(early.status.code, StateCode::would_cross);
  EXPECT_EQ(early.number, 1) << "1 microsecond to wait rounds up to 1 ms";
  clock_.advance(1us);
  EXPECT_EQ(take(1, 100us, 1).status.code, StateCode::ok);
}

TEST_F(GcraOps, ATakeInAStoppedBatchIsGivenBack) {
  run(op::Set{"existing", "x"});
  const BatchResult batch = execute({op::GcraTake{"rate/esme-a", 3, 1s, 5}, op::SetIfAbsent{"existing", "y"}});
  EXPECT_EQ(batch.status.code, StateCode::exists);
  EXPECT_EQ(batch.results.at(0).status.code, StateCode::ok);
  EXPECT_EQ(take().number, 4) << "the rolled-back take took nothing";
}

TEST_F(GcraOps, ARefusedTakeStopsItsBatch) {
  take(5);
  const BatchResult batch = execute({op::Set{"sent", "1"}, op::GcraTake{"rate/esme-a", 1, 1s, 5}});
  EXPECT_EQ(batch.status.code, StateCode::would_cross);
  EXPECT_EQ(value_of("sent"), "<absent>");
}

TEST_F(GcraOps, LaterTakesInABatchSeeEarlierOnes) {
  const BatchResult batch = execute({op::GcraTake{"rate/esme-a", 2, 1s, 5}, op::GcraTake{"rate/esme-a", 2, 1s, 5}});
  EXPECT_EQ(batch.status.code, StateCode::ok);
  EXPECT_EQ(batch.results.at(0).number, 3);
  EXPECT_EQ(batch.results.at(1).number, 1);
}

TEST_F(GcraOps, AValueThatIsNotARateLimitIsAnError) {
  run(op::Set{"rate/esme-a", "not a number"});
  EXPECT_EQ(take().status.code, StateCode::error);
  EXPECT_EQ(value_of("rate/esme-a"), "not a number");
}

}  // namespace
}  // namespace smppd::plugins::embedded
