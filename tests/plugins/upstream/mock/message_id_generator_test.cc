#include "plugins/upstream/mock/message_id_generator.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace smppd::plugins::mock {
namespace {

TEST(MessageIdGeneratorTest, IsThePrefixThenACounter) {
  MessageIdGenerator ids(0xDEADBEEF);
  EXPECT_EQ(ids.next(MessageIdFormat::hex), "deadbeef00000000");
  EXPECT_EQ(ids.next(MessageIdFormat::hex), "deadbeef00000001");
  EXPECT_EQ(ids.next(MessageIdFormat::decimal), std::to_string((0xDEADBEEFull << 32) + 2));
  MessageIdGenerator small(0);
  EXPECT_EQ(small.next(MessageIdFormat::hex), "0000000000000000");
  EXPECT_EQ(small.next(MessageIdFormat::decimal), "1");
}

TEST(MessageIdGeneratorTest, StaysUniqueAcrossThreads) {
  MessageIdGenerator ids(7);
  std::mutex mutex;
  std::set<std::string> seen;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      std::vector<std::string> mine;
      for (int i = 0; i < 5000; ++i) mine.push_back(ids.next(MessageIdFormat::hex));
      std::lock_guard lock(mutex);
      seen.insert(mine.begin(), mine.end());
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(seen.size(), 20000u);
}

TEST(MessageIdGeneratorTest, TheProcessHasOne) {
  EXPECT_EQ(&MessageIdGenerator::process(), &MessageIdGenerator::process());
}

}  // namespace
}  // namespace smppd::plugins::mock
