#include "host/codec/receipt/message_state.h"

#include <array>

#include "host/codec/receipt/ascii_case.h"

namespace smppd::codec {
namespace {

struct StatWord {
  std::string_view word;
  MessageState state;
};

// The 7-letter words first, then the spellings seen in the wild.
constexpr std::array kStatWords{
    StatWord{"SCHEDLD", MessageState::scheduled},
    StatWord{"ENROUTE", MessageState::enroute},
    StatWord{"DELIVRD", MessageState::delivered},
    StatWord{"EXPIRED", MessageState::expired},
    StatWord{"DELETED", MessageState::deleted},
    StatWord{"UNDELIV", MessageState::undeliverable},
    StatWord{"ACCEPTD", MessageState::accepted},
    StatWord{"UNKNOWN", MessageState::unknown},
    StatWord{"REJECTD", MessageState::rejected},
    StatWord{"SKIPPED", MessageState::skipped},
    StatWord{"SCHEDULED", MessageState::scheduled},
    StatWord{"DELIVERED", MessageState::delivered},
    StatWord{"UNDELIVERABLE", MessageState::undeliverable},
    StatWord{"UNDELIVERED", MessageState::undeliverable},
    StatWord{"ACCEPTED", MessageState::accepted},
    StatWord{"REJECTED", MessageState::rejected},
};

}  // namespace

std::optional<MessageState> message_state_from_value(uint8_t value) {
  if (value > static_cast<uint8_t>(MessageState::skipped)) return std::nullopt;
  return static_cast<MessageState>(value);
}

std::string_view stat_word(MessageState state) {
  switch (state) {
    case MessageState::scheduled: return "SCHEDLD";
    case MessageState::enroute: return "ENROUTE";
    case MessageState::delivered: return "DELIVRD";
    case MessageState::expired: return "EXPIRED";
    case MessageState::deleted: return "DELETED";
    case MessageState::undeliverable: return "UNDELIV";
    case MessageState::accepted: return "ACCEPTD";
    case MessageState::unknown: return "UNKNOWN";
    case MessageState::rejected: return "REJECTD";
    case MessageState::skipped: return "SKIPPED";
  }
  return "UNKNOWN";  // a value cast in from outside the enum
}

std::string_view message_state_name(MessageState state) {
  switch (state) {
    case MessageState::scheduled: return "SCHEDULED";
    case MessageState::enroute: return "ENROUTE";
    case MessageState::delivered: return "DELIVERED";
    case MessageState::expired: return "EXPIRED";
    case MessageState::deleted: return "DELETED";
    case MessageState::undeliverable: return "UNDELIVERABLE";
    case MessageState::accepted: return "ACCEPTED";
    case MessageState::unknown: return "UNKNOWN";
    case MessageState::rejected: return "REJECTED";
    case MessageState::skipped: return "SKIPPED";
  }
  return "UNKNOWN";
}

std::optional<MessageState> parse_stat_word(std::string_view word) {
  for (const auto& entry : kStatWords) {
    if (equals_ignoring_ascii_case(word, entry.word)) return entry.state;
  }
  return std::nullopt;
}

bool is_final(MessageState state) {
  switch (state) {
    case MessageState::delivered:
    case MessageState::expired:
    case MessageState::deleted:
    case MessageState::undeliverable:
    case MessageState::accepted:
    case MessageState::rejected:
    case MessageState::skipped:
      return true;
    case MessageState::scheduled:
    case MessageState::enroute:
    case MessageState::unknown:
      return false;
  }
  return false;
}

}  // namespace smppd::codec
