#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/plugins/state/embedded/embedded_store_fixture.h"

namespace smppd::plugins::embedded {
namespace {

using namespace std::chrono_literals;
using testing::EmbeddedStoreTest;

std::vector<StateCode> codes_of(const BatchResult& batch) {
  std::vector<StateCode> codes;
  for (const StateResult& result : batch.results) codes.push_back(result.status.code);
  return codes;
}

class Batch : public EmbeddedStoreTest {
 protected:
  void SetUp() override { open(); }
};

TEST_F(Batch, WritesTheForwardAndReverseIdMappingInOneStep) {
  const BatchResult batch = execute({op::Set{"idmap/m-1", "smsc-a/U77", 72h},
                                     op::Set{"rev/smsc-a/U77", "m-1", 72h}});
  EXPECT_EQ(batch.status.code, StateCode::ok);
  EXPECT_THAT(codes_of(batch), ::testing::ElementsAre(StateCode::ok, StateCode::ok));
  EXPECT_EQ(value_of("idmap/m-1"), "smsc-a/U77");
  EXPECT_EQ(value_of("rev/smsc-a/U77"), "m-1");
}

TEST_F(Batch, LaterOperationsSeeEarlierWrites) {
  const BatchResult batch = execute({op::Set{"k", "1"}, op::Get{"k"}, op::Increment{"k", 2},
                                     op::CompareAndSet{"k", "3", "4"}, op::Get{"k"}, op::Delete{"k"}, op::Get{"k"}});
  EXPECT_EQ(batch.status.code, StateCode::ok);
  ASSERT_EQ(batch.results.size(), 7u);
  EXPECT_EQ(batch.results[1].value, "1");
  EXPECT_EQ(batch.results[2].number, 3);
  EXPECT_EQ(batch.results[3].status.code, StateCode::ok);
  EXPECT_EQ(batch.results[4].value, "4");
  EXPECT_EQ(batch.results[6].status.code, StateCode::not_found);
}

TEST_F(Batch, NotFoundDoesNotStopABatch) {
  const BatchResult batch = execute({op::Get{"none"}, op::Delete{"none"}, op::Set{"k", "v"}});
  EXPECT_EQ(batch.status.code, StateCode::ok);
  EXPECT_THAT(codes_of(batch), ::testing::ElementsAre(StateCode::not_found, StateCode::not_found, StateCode::ok));
  EXPECT_EQ(value_of("k"), "v");
}

TEST_F(Batch, AFailedConditionWritesNothing) {
  run(op::Set{"credits/a", "1"});
  run(op::Set{"existing", "old"});
  const BatchResult batch = execute({op::Set{"fresh", "x"}, op::Increment{"credits/a", -1, 0},
                                     op::ListAppend{"outbox/a/receipts", "r"},
                                     op::SetIfAbsent{"existing", "new"}, op::Set{"after", "y"}});
  EXPECT_EQ(batch.status.code, StateCode::exists);
  EXPECT_THAT(codes_of(batch), ::testing::ElementsAre(StateCode::ok, StateCode::ok, StateCode::ok, StateCode::exists,
                                                      StateCode::aborted));
  EXPECT_EQ(value_of("fresh"), "<absent>");
  EXPECT_EQ(value_of("credits/a"), "1") << "the credit is not spent";
  EXPECT_EQ(value_of("existing"), "old");
  EXPECT_EQ(value_of("after"), "<absent>");
  EXPECT_TRUE(run(op::ListRange{"outbox/a/receipts"}).items.empty());
  EXPECT_EQ(run(op::ListAppend{"outbox/a/receipts", "r"}).item_id, 1u)
      << "the rolled-back append did not use an id";
}

TEST_F(Batch, EachStoppingAnswerRollsBack) {
  run(op::Set{"k", "v"});
  const std::vector<StateOp> stoppers = {op::SetIfAbsent{"k", "x"}, op::CompareAndSet{"k", "other", "x"},
                                         op::Increment{"k"},  // "v" is not an integer: error
                                         op::Increment{"n", -1, 0}};
  for (const StateOp& stopper : stoppers) {
    const BatchResult batch = execute({op::Set{"written", "1"}, stopper});
    EXPECT_FALSE(batch.status.ok());
    EXPECT_EQ(value_of("written"), "<absent>") << name_of(batch.status.code);
  }
}

TEST_F(Batch, AnEmptyBatchCompletes) {
  const BatchResult batch = execute({});
  EXPECT_EQ(batch.status.code, StateCode::ok);
  EXPECT_TRUE(batch.results.empty());
}

}  // namespace
}  // namespace smppd::plugins::embedded
