#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace smppd::codec {

// message_state as carried by query_sm_resp, TLV 0x0427 and (as a word) the receipt's `stat:`.
// v3.4 Table 5-6 defines 1-8; v5.0 Table 4-50 adds scheduled (0) and skipped (9).
enum class MessageState : uint8_t {
  scheduled = 0,
  enroute = 1,
  delivered = 2,
  expired = 3,
  deleted = 4,
  undeliverable = 5,
  accepted = 6,
  unknown = 7,
  rejected = 8,
  skipped = 9,
};

// The state an octet on the wire names; nullopt for values no version defines (10-255), which a
// proxy passes through as a number instead of guessing.
std::optional<MessageState> message_state_from_value(uint8_t value);

// The 7-letter receipt word: ENROUTE DELIVRD EXPIRED DELETED UNDELIV ACCEPTD UNKNOWN REJECTD.
// v3.4 has no word for the v5.0 states; this codec writes SCHEDLD (shortened the way DELIVRD and
// ACCEPTD are) and SKIPPED (already 7 letters), and reads both plus SCHEDULED.
std::string_view stat_word(MessageState state);

// The spec's name of the state ("UNDELIVERABLE"), for logs and config.
std::string_view message_state_name(MessageState state);

// Reads a receipt's stat word, ignoring ASCII case: the 7-letter words above and the long forms
// SMSCs send instead (DELIVERED, UNDELIVERABLE, UNDELIVERED, ACCEPTED, REJECTED, SCHEDULED, ...).
// Anything else, including vendor words such as FAILED whose meaning varies, is nullopt.
std::optional<MessageState> parse_stat_word(std::string_view word);

// True when the message can no longer change state, so its correlation entry can be dropped.
// unknown is not final: an MC that reports it may still report the real outcome later.
bool is_final(MessageState state);

}  // namespace smppd::codec
