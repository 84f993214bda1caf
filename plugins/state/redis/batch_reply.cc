#include "plugins/state/redis/batch_reply.h"

#include <hiredis/hiredis.h>

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smppd::plugins::redis {
namespace {

namespace state = smppd::cxx::state;

// Reads a flat array front to back; the first problem sticks and every later read fails.
class FlatReader {
 public:
  explicit FlatReader(const redisReply& array) : array_(array) {}

  std::optional<int64_t> integer(const char* what, int64_t minimum, int64_t maximum) {
    const redisReply* element = next(what);
    if (element == nullptr) return std::nullopt;
    if (element->type != REDIS_REPLY_INTEGER) return fail(std::string(what) + " is not an integer");
    if (element->integer < minimum || element->integer > maximum) return fail(std::string(what) + " is out of range");
    return element->integer;
  }
  std::optional<std::string_view> string(const char* what) {
    const redisReply* element = next(what);
    if (element == nullptr) return std::nullopt;
    if (element->type != REDIS_REPLY_STRING || (element->len > 0 && element->str == nullptr)) {
      return fail(std::string(what) + " is not a string");
    }
    return std::string_view(element->str, element->len);
  }
  template <class Number>
  std::optional<Number> decimal(const char* what) {
    const std::optional<std::string_view> text = string(what);
    if (!text) return std::nullopt;
    Number value{};
    const char* end = text->data() + text->size();
    const auto [stop, error] = std::from_chars(text->data(), end, value);
    if (text->empty() || error != std::errc() || stop != end) return fail(std::string(what) + " is not a decimal integer");
    return value;
  }

  size_t remaining() const { return problem_.empty() ? array_.elements - next_ : 0; }
  const std::string& problem() const { return problem_; }

 private:
  const redisReply* next(const char* what) {
    if (!problem_.empty()) return nullptr;
    if (next_ >= array_.elements || array_.element == nullptr || array_.element[next_] == nullptr) {
      fail(std::string("it ends before ") + what);
      return nullptr;
    }
    return array_.element[next_++];
  }
  std::nullopt_t fail(std::string problem) {
    if (problem_.empty()) problem_ = std::move(problem) + " (element " + std::to_string(next_) + ")";
    return std::nullopt;
  }

  const redisReply& array_;
  size_t next_ = 0;
  std::string problem_;
};

state::BatchResult refused(size_t op_count, std::string message) {
  return state::refused_batch(op_count, state::StateStatus{state::StateCode::error, std::move(message)});
}

state::BatchResult malformed(size_t op_count, const std::string& problem) {
  return refused(op_count, "redis answered the batch with a reply of the wrong shape: " + problem);
}

}  // namespace

std::string_view error_text(const redisReply& reply) {
  if (reply.type != REDIS_REPLY_ERROR || reply.str == nullptr) return {};
  return std::string_view(reply.str, reply.len);
}

state::BatchResult decode_batch_reply(const redisReply& reply, size_t op_count) {
  if (reply.type == REDIS_REPLY_ERROR) return refused(op_count, "redis: " + std::string(error_text(reply)));
  if (reply.type != REDIS_REPLY_ARRAY) return malformed(op_count, "not an array");
  FlatReader reader(reply);
  constexpr int64_t kFirstStatus = SMPPD_STATE_OK;
  constexpr int64_t kLastStatus = SMPPD_STATE_ERROR;

  state::BatchResult batch;
  const auto batch_status = reader.integer("the batch status", kFirstStatus, kLastStatus);
  const auto message = reader.string("the message");
  const auto count = reader.integer("the operation count", 0, static_cast<int64_t>(op_count));
  if (!batch_status || !message || !count) return malformed(op_count, reader.problem());
  if (static_cast<size_t>(*count) != op_count) return malformed(op_count, "it answers another number of operations");
  batch.status = state::StateStatus{static_cast<state::StateCode>(*batch_status), std::string(*message)};
  batch.results.reserve(op_count);
  for (size_t i = 0; i < op_count; ++i) {
    state::StateResult result;
    const auto status = reader.integer("an operation's status", kFirstStatus, kLastStatus);
    const auto has_value = reader.integer("has_value", 0, 1);
    const auto value = reader.string("the value");
    const auto number = reader.decimal<int64_t>("the number");
    const auto item_id = reader.decimal<uint64_t>("the item id");
    const auto result_count = reader.integer("the count", 0, INT64_MAX);
    const auto item_count = reader.integer("the item count", 0, INT64_MAX);
    if (!status || !has_value || !value || !number || !item_id || !result_count || !item_count) {
      return malformed(op_count, reader.problem());
    }
    if (static_cast<uint64_t>(*item_count) > reader.remaining() / 2) return malformed(op_count, "too few items");
    result.status.code = static_cast<state::StateCode>(*status);
    if (*has_value == 1) result.value = std::string(*value);
    result.number = *number;
    result.item_id = *item_id;
    result.count = static_cast<uint64_t>(*result_count);
    result.items.reserve(static_cast<size_t>(*item_count));
    for (int64_t k = 0; k < *item_count; ++k) {
      const auto id = reader.decimal<uint64_t>("an item id");
      const auto item_value = reader.string("an item value");
      if (!id || !item_value) return malformed(op_count, reader.problem());
      result.items.push_back(state::ListItem{*id, std::string(*item_value)});
    }
    batch.results.push_back(std::move(result));
  }
  if (reader.remaining() != 0) return malformed(op_count, "it has elements after the last operation");
  return batch;
}

}  // namespace smppd::plugins::redis
