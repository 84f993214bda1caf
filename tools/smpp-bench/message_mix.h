#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smppd::tools::bench {

// The kinds of message a load run sends.
enum class MessageKind : uint8_t {
  gsm7,       // one GSM-7 part
  ucs2,       // one UCS-2 part
  long_text,  // a GSM-7 text of three concatenated parts (UDH)
};

inline constexpr size_t kMessageKindCount = 3;

std::string_view message_kind_name(MessageKind kind);
// The text a load run sends for a kind (UTF-8).
std::string_view message_kind_text(MessageKind kind);

// Percentages of each kind: "gsm7:70,ucs2:20,long:10". Weights need not add up to 100; they are
// shares of their sum.
struct MessageMix {
  std::array<uint32_t, kMessageKindCount> weights{100, 0, 0};

  uint32_t weight(MessageKind kind) const { return weights[static_cast<size_t>(kind)]; }
};

// nullopt with `error` set for an unknown kind, a missing or non-numeric weight, or all zero.
std::optional<MessageMix> parse_message_mix(std::string_view text, std::string& error);
std::string describe(const MessageMix& mix);

// Which kind comes next: a fixed cycle holding each kind in proportion to its weight, spread
// evenly (smooth weighted round robin), so the mix holds over any stretch of a run without a
// random number per message. `offset` staggers sessions.
class MixSchedule {
 public:
  MixSchedule(const MessageMix& mix, uint32_t offset);
  MessageKind next();

 private:
  std::vector<MessageKind> cycle_;
  size_t position_ = 0;
};

}  // namespace smppd::tools::bench
