// What a Redis server (or anything listening where one should be) answers a batch: RESP octets
// read by hiredis's own reader, as the store's connection reads them, then decoded by
// decode_batch_reply. The input's first line picks a batch of up to 32 operations (one per octet);
// the rest is the server's answer.
//
// The decoder answers a status for every operation whatever the reply, and reads only the reply:
// it agrees, element by element, with the format batch_script.h documents, read here on its own;
// a reply of another shape answers every operation ERROR saying so. The batch itself is encoded as
// batch_script.h documents: the keys of each operation and its arguments, in order.
#include <hiredis/hiredis.h>
#include <hiredis/read.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "plugins/state/redis/batch_reply.h"
#include "plugins/state/redis/batch_script.h"
#include "plugins/state/redis/key_layout.h"
#include "smppd/cxx/state.hpp"

namespace {

namespace state = smppd::cxx::state;
namespace op = state::op;
namespace redis = smppd::plugins::redis;
using namespace std::chrono_literals;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

// ---- The batch: one operation per octet of the first line ----

state::StateOp make_op(unsigned char octet, size_t index) {
  const std::string name = std::string(1, static_cast<char>(octet)) + std::to_string(index);
  switch (octet % 16) {
    case 0: return op::Get{name};
    case 1: return op::Set{name, "value", 1000ms};
    case 2: return op::SetIfAbsent{name, "", 0ms};
    case 3: return op::Delete{name};
    case 4: return op::CompareAndSet{name, "old", "new", 5ms};
    case 5: return op::Increment{name, -1, 0, state::kNoCeiling, 60000ms};
    case 6: return op::ListAppend{name, "item", 10ms, 20ms};
    case 7: return op::ListRange{name, UINT64_MAX, 7};
    case 8: return op::ListPopFront{name, 3};
    case 9: return op::ListRemove{name, std::vector<uint64_t>(index % 4, index)};
    case 10: return op::GcraTake{name, 2, 1500us, 10};
    case 11: return op::SetAdd{name, "member", 0ms};
    case 12: return op::SetRemove{name, "member"};
    case 13: return op::SetContains{name, "member"};
    case 14: return op::SetMembers{name, 1000};
    default: return op::Publish{name, "message"};
  }
}

// batch_script.h: KEYS per operation (1 for key/value and set operations, 3 for list operations,
// none for PUBLISH), and ARGV: the count, then per operation its type and its fields.
void check_encoding(const std::vector<state::StateOp>& ops) {
  const redis::KeyLayout layout("smppd:");
  const redis::ScriptCall call = redis::encode_batch(ops, layout);
  const std::vector<std::string_view> argv = call.argv("EVALSHA", "sha");
  check(argv.size() >= 4 && argv[0] == "EVALSHA" && argv[1] == "sha");
  size_t key_count = 0;
  for (const state::StateOp& operation : ops) {
    const size_t index = operation.index();
    key_count += index == 15 ? 0 : (index >= 6 && index <= 9) ? 3 : 1;
  }
  check(argv[2] == std::to_string(key_count) && argv.size() >= 3 + key_count + 1);
  const std::vector<std::string_view> keys(argv.begin() + 3, argv.begin() + 3 + static_cast<ptrdiff_t>(key_count));
  const std::vector<std::string_view> args(argv.begin() + 3 + static_cast<ptrdiff_t>(key_count), argv.end());
  check(args[0] == std::to_string(ops.size()));

  size_t key = 0;
  size_t arg = 1;
  for (const state::StateOp& operation : ops) {
    check(arg < args.size() && args[arg] == std::to_string(operation.index() + 1));  // SMPPD_STATE_GET is 1
    std::visit(
        [&](const auto& o) {
          using Op = std::decay_t<decltype(o)>;
          if constexpr (std::is_same_v<Op, op::Publish>) {
            check(arg + 2 < args.size() && args[arg + 1] == layout.channel(o.channel) && args[arg + 2] == o.message);
            arg += 3;
          } else if constexpr (requires { o.list; }) {
            check(key + 3 <= keys.size());
            check(keys[key] == layout.list_sequence(o.list) && keys[key + 1] == layout.list_items(o.list) &&
                  keys[key + 2] == layout.list_ids(o.list));
            key += 3;
            size_t fields = 0;
            if constexpr (std::is_same_v<Op, op::ListAppend>) fields = 3;
            if constexpr (std::is_same_v<Op, op::ListRange>) fields = 2;
            if constexpr (std::is_same_v<Op, op::ListPopFront>) fields = 1;
            if constexpr (std::is_same_v<Op, op::ListRemove>) {
              check(arg + 1 < args.size() && args[arg + 1] == std::to_string(o.ids.size()));
              fields = 1 + o.ids.size();
            }
            arg += 1 + fields;
          } else if constexpr (requires { o.set; }) {
            check(key < keys.size() && keys[key++] == layout.set_key(o.set));
            arg += std::is_same_v<Op, op::SetAdd> ? 3 : 2;  // SET_MEMBERS: max_items; the others: member
          } else {
            check(key < keys.size() && keys[key++] == layout.value_key(o.key));
            size_t fields = 0;
            if constexpr (std::is_same_v<Op, op::Set> || std::is_same_v<Op, op::SetIfAbsent>) fields = 2;
            if constexpr (std::is_same_v<Op, op::CompareAndSet> || std::is_same_v<Op, op::GcraTake>) fields = 3;
            if constexpr (std::is_same_v<Op, op::Increment>) fields = 4;
            arg += 1 + fields;
          }
        },
        operation);
  }
  check(key == keys.size() && arg == args.size());
}

// ---- The reply format, read on its own ----

// Decimal text as std::from_chars reads it: an optional '-' (signed only), then digits only.
template <class Number>
std::optional<Number> decimal(std::string_view text) {
  const bool negative = std::is_signed_v<Number> && text.starts_with('-');
  if (negative) text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  uint64_t magnitude = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    if (__builtin_mul_overflow(magnitude, uint64_t{10}, &magnitude) ||
        __builtin_add_overflow(magnitude, static_cast<uint64_t>(c - '0'), &magnitude)) {
      return std::nullopt;
    }
  }
  constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<Number>::max());
  if constexpr (std::is_signed_v<Number>) {
    if (negative) {
      if (magnitude > kMax + 1) return std::nullopt;
      if (magnitude == kMax + 1) return std::numeric_limits<Number>::min();
      return static_cast<Number>(-static_cast<Number>(magnitude));
    }
  }
  if (magnitude > kMax) return std::nullopt;
  return static_cast<Number>(magnitude);
}

class Elements {
 public:
  explicit Elements(const redisReply& array) : array_(array) {}

  const redisReply* next() {
    if (at_ >= array_.elements || array_.element == nullptr) return nullptr;
    return array_.element[at_++];
  }
  std::optional<long long> integer(long long low, long long high) {
    const redisReply* e = next();
    if (e == nullptr || e->type != REDIS_REPLY_INTEGER || e->integer < low || e->integer > high) return std::nullopt;
    return e->integer;
  }
  std::optional<std::string_view> string() {
    const redisReply* e = next();
    if (e == nullptr || e->type != REDIS_REPLY_STRING || (e->len > 0 && e->str == nullptr)) return std::nullopt;
    return std::string_view(e->str, e->len);
  }
  size_t left() const { return array_.elements - at_; }

 private:
  const redisReply& array_;
  size_t at_ = 0;
};

// The batch the reply says, or nothing when it has another shape.
std::optional<state::BatchResult> read_reply(const redisReply& reply, size_t op_count) {
  if (reply.type != REDIS_REPLY_ARRAY) return std::nullopt;
  Elements e(reply);
  state::BatchResult batch;
  const auto status = e.integer(SMPPD_STATE_OK, SMPPD_STATE_ERROR);
  const auto message = e.string();
  const auto count = e.integer(0, static_cast<long long>(op_count));
  if (!status || !message || !count || static_cast<size_t>(*count) != op_count) return std::nullopt;
  batch.status = state::StateStatus{static_cast<state::StateCode>(*status), std::string(*message)};
  for (size_t i = 0; i < op_count; ++i) {
    state::StateResult result;
    const auto code = e.integer(SMPPD_STATE_OK, SMPPD_STATE_ERROR);
    const auto has_value = e.integer(0, 1);
    const auto value = e.string();
    const auto number_text = e.string();
    const auto item_id_text = e.string();
    const auto result_count = e.integer(0, INT64_MAX);
    const auto item_count = e.integer(0, INT64_MAX);
    if (!code || !has_value || !value || !number_text || !item_id_text || !result_count || !item_count) {
      return std::nullopt;
    }
    const auto number = decimal<int64_t>(*number_text);
    const auto item_id = decimal<uint64_t>(*item_id_text);
    if (!number || !item_id || static_cast<unsigned long long>(*item_count) > e.left() / 2) return std::nullopt;
    result.status.code = static_cast<state::StateCode>(*code);
    if (*has_value == 1) result.value = std::string(*value);
    result.number = *number;
    result.item_id = *item_id;
    result.count = static_cast<uint64_t>(*result_count);
    for (long long k = 0; k < *item_count; ++k) {
      const auto id_text = e.string();
      const auto item = e.string();
      const auto id = id_text ? decimal<uint64_t>(*id_text) : std::nullopt;
      if (!id || !item) return std::nullopt;
      result.items.push_back(state::ListItem{*id, std::string(*item)});
    }
    batch.results.push_back(std::move(result));
  }
  if (e.left() != 0) return std::nullopt;
  return batch;
}

void check_refused(const state::BatchResult& batch, size_t op_count) {
  check(batch.status.code == state::StateCode::error && !batch.status.message.empty());
  check(batch.results.size() == op_count);
  for (const state::StateResult& result : batch.results) {
    check(result.status.code == batch.status.code && result.status.message == batch.status.message);
    check(!result.value && result.items.empty());
  }
}

void check_decode(const redisReply& reply, size_t op_count) {
  const state::BatchResult batch = redis::decode_batch_reply(reply, op_count);
  check(batch.results.size() == op_count);  // a status for every operation, whatever the reply

  const std::string_view error = redis::error_text(reply);
  if (reply.type == REDIS_REPLY_ERROR) {
    check(error == std::string_view(reply.str, reply.len));
    check_refused(batch, op_count);
    check(batch.status.message == "redis: " + std::string(error));
    return;
  }
  check(error.empty());

  const std::optional<state::BatchResult> expected = read_reply(reply, op_count);
  if (!expected) {
    check_refused(batch, op_count);
    check(batch.status.message.starts_with("redis answered the batch with a reply of the wrong shape: "));
    return;
  }
  check(batch.status.code == expected->status.code && batch.status.message == expected->status.message);
  for (size_t i = 0; i < op_count; ++i) {
    const state::StateResult& got = batch.results[i];
    const state::StateResult& want = expected->results[i];
    check(got.status.code == want.status.code && got.status.message.empty());
    check(got.value == want.value && got.number == want.number && got.item_id == want.item_id);
    check(got.count == want.count && got.items == want.items);
  }
}

// This reply and every array inside it: each is a reply tree as hiredis builds them.
void check_tree(const redisReply& reply, size_t op_count, int depth) {
  check_decode(reply, op_count);
  // Also with the operation count the reply claims, so well-formed answers of any size get decoded.
  if (reply.type == REDIS_REPLY_ARRAY && reply.elements >= 3 && reply.element != nullptr &&
      reply.element[2] != nullptr && reply.element[2]->type == REDIS_REPLY_INTEGER && reply.element[2]->integer >= 0 &&
      reply.element[2]->integer <= state::kMaxBatchOps && static_cast<size_t>(reply.element[2]->integer) != op_count) {
    check_decode(reply, static_cast<size_t>(reply.element[2]->integer));
  }
  if (reply.type != REDIS_REPLY_ARRAY || reply.element == nullptr || depth > 8) return;
  for (size_t i = 0; i < reply.elements; ++i) {
    if (reply.element[i] != nullptr && reply.element[i]->type == REDIS_REPLY_ARRAY) {
      check_tree(*reply.element[i], op_count, depth + 1);
    }
  }
}

// hiredis 0.14 allocates a multi-bulk's element vector as announced, before any element arrives,
// and mishandles counts beyond INT_MAX: that is the server's to keep sane, not the decoder's.
// "*-1" is the nil array.
bool announces_huge_arrays(std::string_view resp) {
  for (size_t at = resp.find('*'); at != std::string_view::npos; at = resp.find('*', at + 1)) {
    size_t digit = at + 1;
    const bool negative = digit < resp.size() && resp[digit] == '-';
    if (negative) ++digit;
    uint64_t count = 0;
    for (; digit < resp.size() && resp[digit] >= '0' && resp[digit] <= '9' && count <= 100000; ++digit) {
      count = count * 10 + static_cast<uint64_t>(resp[digit] - '0');
    }
    if (negative ? count > 1 : count > 100000) return true;
  }
  return false;
}

struct ReaderFree {
  void operator()(redisReader* reader) const { redisReaderFree(reader); }
};
struct ReplyFree {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string_view batch_line = newline == std::string_view::npos ? std::string_view() : input.substr(0, newline);
  const std::string_view resp = newline == std::string_view::npos ? input : input.substr(newline + 1);
  // Batches of up to 32 operations: a longer line only makes each run slower (encoding and
  // checking it dominate); answers that claim up to kMaxBatchOps are still decoded as such.
  if (batch_line.size() > 32 || announces_huge_arrays(resp)) return -1;

  std::vector<state::StateOp> ops;
  for (size_t i = 0; i < batch_line.size(); ++i) ops.push_back(make_op(static_cast<unsigned char>(batch_line[i]), i));
  check_encoding(ops);

  const std::unique_ptr<redisReader, ReaderFree> reader(redisReaderCreate());
  check(reader != nullptr);
  if (redisReaderFeed(reader.get(), resp.data(), resp.size()) != REDIS_OK) return 0;
  for (;;) {
    void* next = nullptr;
    if (redisReaderGetReply(reader.get(), &next) != REDIS_OK || next == nullptr) break;
    const std::unique_ptr<redisReply, ReplyFree> reply(static_cast<redisReply*>(next));
    check_tree(*reply, ops.size(), 0);
  }
  return 0;
}
