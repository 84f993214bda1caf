#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <rocksdb/db.h>

#include <atomic>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <system_error>

#include "plugins/state/embedded/expiry_compaction_filter.h"
#include "plugins/state/embedded/list_layout.h"
#include "plugins/state/embedded/set_layout.h"
#include "plugins/state/embedded/stored_value.h"
#include "tests/support/run_command.h"

namespace smppd::plugins::embedded {
namespace {

using namespace std::chrono_literals;

TEST(StoredValue, RoundTripsWithAndWithoutExpiry) {
  const std::string plain = encode_stored_value("abc", 0);
  EXPECT_EQ(plain.size(), 4u) << "no expiry costs one byte";
  const std::optional<StoredValue> decoded = decode_stored_value(plain);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->payload, "abc");
  EXPECT_EQ(decoded->expires_at_ms, 0);
  EXPECT_FALSE(decoded->expired(std::numeric_limits<int64_t>::max()));

  const std::string expiring = encode_stored_value(std::string("\0x", 2), 1'700'000'000'123);
  const std::optional<StoredValue> timed = decode_stored_value(expiring);
  ASSERT_TRUE(timed);
  EXPECT_EQ(timed->payload, std::string("\0x", 2));
  EXPECT_EQ(timed->expires_at_ms, 1'700'000'000'123);
  EXPECT_FALSE(timed->expired(1'700'000'000'122));
  EXPECT_TRUE(timed->expired(1'700'000'000'123));
}

TEST(StoredValue, RefusesBytesItDidNotWrite) {
  EXPECT_FALSE(decode_stored_value(""));
  EXPECT_FALSE(decode_stored_value("\x07value"));
  EXPECT_FALSE(decode_stored_value(std::string("\x02\x00\x00", 3))) << "expiry cut short";
  EXPECT_FALSE(decode_stored_value(std::string("\x02\x00\x00\x00\x00\x00\x00\x00\x00", 9))) << "expiry 0";
}

TEST(StoredValue, ExpiryAfter) {
  EXPECT_EQ(expiry_after(1000, kNoExpiry), 0);
  EXPECT_EQ(expiry_after(1000, -5ms), 0);
  EXPECT_EQ(expiry_after(1000, 250ms), 1250);
  EXPECT_EQ(expiry_after(std::numeric_limits<int64_t>::max() - 1, 10ms), std::numeric_limits<int64_t>::max())
      << "saturates instead of wrapping into the past";
}

TEST(ListLayout, ItemKeysSortByListThenId) {
  EXPECT_LT(list_item_key("a", 2), list_item_key("a", 10));
  EXPECT_LT(list_item_key("a", 255), list_item_key("a", 256));
  EXPECT_TRUE(list_item_key("a", 1).starts_with(list_item_prefix("a")));
  EXPECT_FALSE(list_item_key("ab", 1).starts_with(list_item_prefix("a"))) << "a name is never a prefix of another";
  EXPECT_EQ(item_id_of(list_item_key("outbox/x", 123456789)), 123456789u);
}

TEST(ListLayout, MetaRoundTripsAndRefusesNonsense) {
  const ListMeta meta{.next_id = 42, .first_live_id = 7, .purge_below_first_live = true};
  const std::optional<ListMeta> decoded = decode_list_meta(encode_list_meta(meta));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->next_id, 42u);
  EXPECT_EQ(decoded->first_live_id, 7u);
  EXPECT_TRUE(decoded->purge_below_first_live);
  EXPECT_FALSE(decode_list_meta("short"));
  EXPECT_FALSE(decode_list_meta(encode_list_meta(ListMeta{.next_id = 3, .first_live_id = 4})));
  EXPECT_FALSE(decode_list_meta(encode_list_meta(ListMeta{.next_id = 3, .first_live_id = 0})));
}

TEST(SetLayout, MemberKeysKeepSetsAndGenerationsApart) {
  EXPECT_TRUE(set_member_key("s", 1, "m").starts_with(set_member_prefix("s", 1)));
  EXPECT_FALSE(set_member_key("s", 2, "m").starts_with(set_member_prefix("s", 1)));
  EXPECT_FALSE(set_member_key("ab", 1, "m").starts_with(set_member_prefix("a", 1))) << "a name is never a prefix";
  EXPECT_LT(set_member_key("s", 1, std::string(300, '\xff')), set_member_prefix("s", 2))
      << "every member of a generation sorts below the next generation";
  EXPECT_EQ(set_member_key("s", 1, ""), set_member_prefix("s", 1)) << "the empty member is a member too";
}

TEST(SetLayout, MetaRoundTripsAndRefusesNonsense) {
  const SetMeta meta{.generation = 3, .count = 12, .purge_below_generation = true};
  const std::optional<SetMeta> decoded = decode_set_meta(encode_set_meta(meta));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->generation, 3u);
  EXPECT_EQ(decoded->count, 12u);
  EXPECT_TRUE(decoded->purge_below_generation);
  EXPECT_FALSE(decode_set_meta("short"));
  EXPECT_FALSE(decode_set_meta(encode_set_meta(SetMeta{.generation = 0, .count = 1})));
}

TEST(ExpiryCompactionFilter, DropsOnlyExpiredEntriesWhenRocksDbCompacts) {
  const std::string dir = smppd::testing::make_temp_dir("smppd-state-filter");
  auto now = std::make_shared<std::atomic<int64_t>>(1000 * 1000);  // the clock reads microseconds
  ExpiryCompactionFilter filter([now] { return now->load(); });
  rocksdb::Options options;
  options.create_if_missing = true;
  options.compaction_filter = &filter;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, dir, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  const rocksdb::WriteOptions write;
  ASSERT_TRUE(db->Put(write, "forever", encode_stored_value("a", 0)).ok());
  ASSERT_TRUE(db->Put(write, "later", encode_stored_value("b", 5000)).ok());
  ASSERT_TRUE(db->Put(write, "soon", encode_stored_value("c", 0)).ok());
  ASSERT_TRUE(db->Put(write, "foreign", "not a stored value").ok());
  // "soon" gets a newer, expiring version in a second file; flushes do not filter.
  ASSERT_TRUE(db->Flush(rocksdb::FlushOptions()).ok());
  ASSERT_TRUE(db->Put(write, "soon", encode_stored_value("c2", 1500)).ok());
  ASSERT_TRUE(db->Flush(rocksdb::FlushOptions()).ok());
  now->store(2000 * 1000);
  ASSERT_TRUE(db->CompactRange(rocksdb::CompactRangeOptions(), nullptr, nullptr).ok());

  std::string value;
  EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), "forever", &value).ok());
  EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), "later", &value).ok());
  EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), "foreign", &value).ok()) << "undecodable values are kept";
  EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), "soon", &value).IsNotFound()) << "no older version comes back";
  db.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace
}  // namespace smppd::plugins::embedded
