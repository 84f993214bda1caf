#include "tools/smpp-bench/message_mix.h"

#include <fmt/format.h>

#include <charconv>
#include <numeric>

namespace smppd::tools::bench {

namespace {

// One cycle of the schedule has this many slots at most; weights are scaled down to fit.
constexpr uint32_t kMaxCycle = 1000;

std::optional<MessageKind> parse_kind(std::string_view name) {
  if (name == "gsm7") return MessageKind::gsm7;
  if (name == "ucs2") return MessageKind::ucs2;
  if (name == "long") return MessageKind::long_text;
  return std::nullopt;
}

}  // namespace

std::string_view message_kind_name(MessageKind kind) {
  switch (kind) {
    case MessageKind::gsm7: return "gsm7";
    case MessageKind::ucs2: return "ucs2";
    case MessageKind::long_text: return "long";
  }
  return "?";
}

std::string_view message_kind_text(MessageKind kind) {
  switch (kind) {
    case MessageKind::gsm7:
      return "smpp-bench: the quick brown fox jumps over the lazy dog 0123456789";
    case MessageKind::ucs2:
      return "smpp-bench: Grüße, Привет, Γειά σου, 你好 ☺";
    case MessageKind::long_text:
      // 403 GSM-7 characters: three parts of at most 153.
      return "smpp-bench long message. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
             "eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis "
             "nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute "
             "irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. "
             "Excepteur sint occaecat cupidatat non proid";
  }
  return "";
}

std::optional<MessageMix> parse_message_mix(std::string_view text, std::string& error) {
  MessageMix mix;
  mix.weights = {0, 0, 0};
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const size_t colon = item.find(':');
    const auto kind = parse_kind(item.substr(0, colon));
    if (!kind) {
      error = fmt::format("unknown message kind '{}' (gsm7, ucs2 or long)", item.substr(0, colon));
      return std::nullopt;
    }
    const std::string_view number = colon == std::string_view::npos ? std::string_view() : item.substr(colon + 1);
    uint32_t weight = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), weight);
    if (number.empty() || ec != std::errc() || end != number.data() + number.size() || weight > kMaxCycle) {
      error = fmt::format("'{}': expected kind:percent, the percent 0-{}", item, kMaxCycle);
      return std::nullopt;
    }
    mix.weights[static_cast<size_t>(*kind)] = weight;
  }
  if (std::accumulate(mix.weights.begin(), mix.weights.end(), 0u) == 0) {
    error = "the mix sends nothing: give at least one kind a weight";
    return std::nullopt;
  }
  return mix;
}

std::string describe(const MessageMix& mix) {
  std::string text;
  for (size_t i = 0; i < kMessageKindCount; ++i) {
    if (mix.weights[i] == 0) continue;
    if (!text.empty()) text += ',';
    text += fmt::format("{}:{}", message_kind_name(static_cast<MessageKind>(i)), mix.weights[i]);
  }
  return text;
}

MixSchedule::MixSchedule(const MessageMix& mix, uint32_t offset) {
  const uint32_t total = std::accumulate(mix.weights.begin(), mix.weights.end(), 0u);
  std::array<int64_t, kMessageKindCount> current{};
  for (uint32_t slot = 0; slot < total; ++slot) {
    size_t best = 0;
    for (size_t i = 0; i < kMessageKindCount; ++i) {
      current[i] += mix.weights[i];
      if (current[i] > current[best]) best = i;
    }
    current[best] -= total;
    cycle_.push_back(static_cast<MessageKind>(best));
  }
  position_ = cycle_.empty() ? 0 : offset % cycle_.size();
}

MessageKind MixSchedule::next() {
  const MessageKind kind = cycle_[position_];
  position_ = position_ + 1 == cycle_.size() ? 0 : position_ + 1;
  return kind;
}

}  // namespace smppd::tools::bench
