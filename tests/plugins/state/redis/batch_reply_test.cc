// The batch script's arguments, and the decoding of its answer: every malformed reply answers the
// batch ERROR and reads nothing past the reply.
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "plugins/state/redis/batch_reply.h"
#include "plugins/state/redis/batch_script.h"
#include "plugins/state/redis/key_layout.h"

namespace smppd::plugins::redis {
namespace {

using namespace std::chrono_literals;
namespace state = smppd::cxx::state;
namespace op = state::op;
using state::StateCode;

// Hand-made replies, as hiredis would build them.
class Replies {
 public:
  redisReply* integer(long long value) {
    redisReply& reply = make(REDIS_REPLY_INTEGER);
    reply.integer = value;
    return &reply;
  }
  redisReply* string(std::string text, int type = REDIS_REPLY_STRING) {
    redisReply& reply = make(type);
    std::string& kept = strings_.emplace_back(std::move(text));
    reply.str = kept.data();
    reply.len = kept.size();
    return &reply;
  }
  redisReply* nil() { return &make(REDIS_REPLY_NIL); }
  redisReply* array(std::vector<redisReply*> elements) {
    redisReply& reply = make(REDIS_REPLY_ARRAY);
    std::vector<redisReply*>& kept = arrays_.emplace_back(std::move(elements));
    reply.elements = kept.size();
    reply.element = kept.data();
    return &reply;
  }
  // One operation's record: status, has_value, value, number, item_id, count, items.
  std::vector<redisReply*> record(long long status, const std::string& value = "", const std::string& number = "0",
                                  std::vector<std::pair<std::string, std::string>> items = {}) {
    std::vector<redisReply*> fields = {integer(status), integer(value.empty() ? 0 : 1), string(value), string(number),
                                       string("0"), integer(0), integer(static_cast<long long>(items.size()))};
    for (const auto& [id, item] : items) {
      fields.push_back(string(id));
      fields.push_back(string(item));
    }
    return fields;
  }

 private:
  redisReply& make(int type) {
    redisReply& reply = nodes_.emplace_back();
    reply.type = type;
    return reply;
  }

  std::deque<redisReply> nodes_;
  std::deque<std::string> strings_;
  std::deque<std::vector<redisReply*>> arrays_;
};

std::vector<redisReply*> concat(std::initializer_list<std::vector<redisReply*>> parts) {
  std::vector<redisReply*> all;
  for (const auto& part : parts) all.insert(all.end(), part.begin(), part.end());
  return all;
}

TEST(BatchReplyTest, DecodesAWellFormedAnswer) {
  Replies r;
  const redisReply* reply = r.array(concat({{r.integer(0), r.string(""), r.integer(2)},
                                            r.record(0, std::string("v\0x", 3), "-12"),
                                            r.record(0, "", "0", {{"7", "a"}, {"18446744073709551615", "b"}})}));
  const state::BatchResult batch = decode_batch_reply(*reply, 2);
  ASSERT_EQ(batch.status.code, StateCode::ok) << batch.status.message;
  ASSERT_EQ(batch.results.size(), 2u);
  EXPECT_EQ(batch.results[0].value, std::string("v\0x", 3));
  EXPECT_EQ(batch.results[0].number, -12);
  EXPECT_FALSE(batch.results[1].value.has_value());
  EXPECT_EQ(batch.results[1].items, (std::vector<state::ListItem>{{7, "a"}, {UINT64_MAX, "b"}}));
}

TEST(BatchReplyTest, AnErrorReplyAnswersEveryOperationError) {
  Replies r;
  const state::BatchResult batch = decode_batch_reply(*r.string("ERR Error running script", REDIS_REPLY_ERROR), 3);
  EXPECT_EQ(batch.status.code, StateCode::error);
  EXPECT_EQ(batch.status.message, "redis: ERR Error running script");
  ASSERT_EQ(batch.results.size(), 3u);
  EXPECT_EQ(batch.results[2].status.code, StateCode::error);
}

TEST(BatchReplyTest, EveryMalformedReplyIsAnError) {
  const std::vector<std::pair<const char*, std::function<redisReply*(Replies&)>>> cases = {
      {"not an array", [](Replies& r) { return r.integer(0); }},
      {"a nil", [](Replies& r) { return r.nil(); }},
      {"empty", [](Replies& r) { return r.array({}); }},
      {"status out of range", [](Replies& r) { return r.array(concat({{r.integer(9), r.string(""), r.integer(1)}, r.record(0)})); }},
      {"status as text", [](Replies& r) { return r.array(concat({{r.string("0"), r.string(""), r.integer(1)}, r.record(0)})); }},
      {"another op count", [](Replies& r) { return r.array(concat({{r.integer(0), r.string(""), r.integer(2)}, r.record(0)})); }},
      {"record cut short", [](Replies& r) {
         std::vector<redisReply*> record = r.record(0);
         record.pop_back();
         return r.array(concat({{r.integer(0), r.string(""), r.integer(1)}, record}));
       }},
      {"number not decimal", [](Replies& r) { return r.array(concat({{r.integer(0), r.string(""), r.integer(1)}, r.record(0, "", "1.5")})); }},
      {"number beyond int64", [](Replies& r) {
         return r.array(concat({{r.integer(0), r.string(""), r.integer(1)}, r.record(0, "", "9223372036854775808")}));
       }},
      {"more items than elements", [](Replies& r) {
         std::vector<redisReply*> record = r.record(0);
         record.back() = r.integer(1000000);
         return r.array(concat({{r.integer(0), r.string(""), r.integer(1)}, record}));
       }},
      {"an item id that is not a number", [](Replies& r) {
         return r.array(concat({{r.integer(0), r.string(""), r.integer(1)}, r.record(0, "", "0", {{"x", "v"}})}));
       }},
      {"trailing elements", [](Replies& r) {
         return r.array(concat({{r.integer(0), r.string(""), r.integer(1)}, r.record(0), {r.integer(1)}}));
       }},
      {"a nil element", [](Replies& r) {
         std::vector<redisReply*> record = r.record(0);
         record[2] = r.nil();
         return r.array(concat({{r.integer(0), r.string(""), r.integer(1)}, record}));
       }},
      {"a null element pointer", [](Replies& r) {
         std::vector<redisReply*> record = r.record(0);
         record[3] = nullptr;
         return r.array(concat({{r.integer(0), r.string(""), r.integer(1)}, record}));
       }},
  };
  for (const auto& [name, make] : cases) {
    Replies replies;
    const state::BatchResult batch = decode_batch_reply(*make(replies), 1);
    EXPECT_EQ(batch.status.code, StateCode::error) << name;
    EXPECT_EQ(batch.results.size(), 1u) << name;
    EXPECT_FALSE(batch.status.message.empty()) << name;
  }
}

TEST(BatchScriptTest, EncodesKeysUnderTheirNamespacesAndValuesAsTheyAre) {
  const KeyLayout layout("p:");
  const std::vector<state::StateOp> ops = {op::Set{"a", std::string("\0b", 2), 5s}, op::ListRemove{"l", {3, 4}},
                                           op::SetContains{"s", "m"}, op::Publish{"c", "hello"},
                                           op::Increment{"n", -2, 0}};
  const ScriptCall call = encode_batch(ops, layout);
  const std::vector<std::string_view> argv = call.argv("EVALSHA", "sha");
  const std::vector<std::string> expected = {
      "EVALSHA", "sha", "6", "p:k:a", "p:l:l:seq", "p:l:l:items", "p:l:l:ids", "p:s:s", "p:k:n",
      "5",                                        // operations
      "2", std::string("\0b", 2), "5000",         // SET value ttl
      "10", "2", "3", "4",                        // LIST_REMOVE count ids
      "14", "m",                                  // SET_CONTAINS member
      "16", "p:c:c", "hello",                     // PUBLISH channel message
      "6", "-2", "0", "9223372036854775807", "0"  // INCREMENT amount floor ceiling ttl
  };
  ASSERT_EQ(argv.size(), expected.size());
  for (size_t i = 0; i < argv.size(); ++i) EXPECT_EQ(argv[i], expected[i]) << "argument " << i;
}

TEST(KeyLayoutTest, ChannelNamesComeBackWithoutThePrefix) {
  const KeyLayout layout("smppd:");
  EXPECT_EQ(layout.channel("outbox"), "smppd:c:outbox");
  EXPECT_EQ(layout.channel_name("smppd:c:outbox"), "outbox");
  EXPECT_FALSE(layout.channel_name("other:c:outbox"));
}

}  // namespace
}  // namespace smppd::plugins::redis
