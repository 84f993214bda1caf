#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "host/codec/receipt/message_state.h"
#include "host/codec/time/smpp_time.h"

namespace smppd::codec {

// The de-facto delivery receipt text of SMPP v3.4 Appendix B, carried in the short_message (or
// message_payload) of a deliver_sm or data_sm with esm_class 0x04:
//   id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:...
// The spec calls it vendor specific, so parsing is tolerant and every value is kept as the raw
// bytes received: a proxy must be able to hand a receipt on unchanged apart from what it rewrites.

enum class ReceiptField : uint8_t { id, sub, dlvrd, submit_date, done_date, stat, err, text };

// The spec's "first 20 characters of the message". Octets, because this layer does not know the
// data_coding: a caller formatting UCS2 text passes 40.
inline constexpr size_t kReceiptTextMaxOctets = 20;

struct DeliveryReceipt {
  std::string id;
  std::string sub;
  std::string dlvrd;
  std::string submit_date;
  std::string done_date;
  std::string stat;
  std::optional<MessageState> state;  // parse_stat_word(stat); nullopt for a word it does not know
  std::string err;
  std::string text;                   // raw octets, in whatever encoding the PDU's data_coding says

  // One bit per ReceiptField whose key was present, so "sub:" (empty) and no sub at all differ.
  uint8_t present = 0;

  // The raw value of a field, for code that handles fields by ReceiptField.
  std::string& value(ReceiptField field);
  const std::string& value(ReceiptField field) const;

  bool has(ReceiptField field) const { return (present & bit(field)) != 0; }
  void mark_present(ReceiptField field) { present = static_cast<uint8_t>(present | bit(field)); }

  // sub, dlvrd and err as numbers ("001" -> 1); nullopt unless 1-9 decimal digits.
  std::optional<uint32_t> submitted_count() const;
  std::optional<uint32_t> delivered_count() const;
  std::optional<uint32_t> error_code() const;

  // The dates as instants; `utc_offset` is the SMSC's zone when known (the text has none).
  ReceiptDateResult submit_time(std::chrono::minutes utc_offset = {}, const TimeOptions& options = {}) const;
  ReceiptDateResult done_time(std::chrono::minutes utc_offset = {}, const TimeOptions& options = {}) const;

  bool operator==(const DeliveryReceipt&) const = default;

 private:
  static constexpr uint8_t bit(ReceiptField field) { return static_cast<uint8_t>(1u << static_cast<unsigned>(field)); }
};

// Reads a receipt text. Tolerant of what real SMSCs send:
//  - keys in any ASCII case and any order, each starting a whitespace-separated token; fields may
//    be missing; the first occurrence of a key wins;
//  - "iid:" read as "id:"; "submit_date:"/"done_date:" as "submit date:"/"done date:";
//  - a value is the bytes up to the next whitespace ("id: 123" with spaces is read as "123"
//    unless the next token is itself a key, which makes the value empty);
//  - ids of any length and alphabet, 10- or 12-digit dates, unknown stat words, unknown keys
//    (skipped), and a text truncated mid-key ("err:000 te": no text field);
//  - text: once id and stat have been seen, everything after "text:" to the end, whatever the
//    octets (UCS2, NULs, strings that look like keys); before that (a reordered receipt) it
//    runs to the next key, so user text cannot override the id or stat of a well-formed receipt.
// nullopt when neither an id nor a stat key is present: the text is not a receipt. One pass over
// the input, never reading outside it.
std::optional<DeliveryReceipt> parse_delivery_receipt(std::string_view text);

// The canonical form: every key, in the spec's order, lower-case "text:" last, one space between
// fields. Values are written as stored, except that whitespace is dropped from the single-token
// fields (it would split them), stat falls back to stat_word(*state) when empty, and text is cut
// to `max_text_octets`. parse_delivery_receipt(format_delivery_receipt(r)) gives r back for any r
// that parse_delivery_receipt returned, apart from a longer text being cut and all keys present.
std::string format_delivery_receipt(const DeliveryReceipt& receipt,
                                    size_t max_text_octets = kReceiptTextMaxOctets);

// The receipt text with the value of its id field (the one parse_delivery_receipt reads) replaced
// by new_id and every other octet untouched, so a proxy can put its own id into an upstream's
// receipt. nullopt when the text has no id field, or new_id is empty, contains whitespace or
// starts like a key ("stat:..."): the result would not parse back to new_id.
std::optional<std::string> replace_receipt_id(std::string_view text, std::string_view new_id);

}  // namespace smppd::codec
