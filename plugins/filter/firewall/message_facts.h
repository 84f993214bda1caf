#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace smppd::plugins::firewall {

// What the rules look at: views into the call during its hook (no copy per message), or into the
// HeldFacts of a concatenated message the assembler holds.
struct MessageFacts {
  std::string_view system_id;  // the client's bound system_id
  std::string_view source_addr;
  std::string_view destination_addr;
  uint8_t data_coding = 0;
  uint8_t esm_class = 0;
  std::string_view text;  // the decoded UTF-8 text of the whole message (every part, in order)
  uint32_t parts = 1;     // how many parts the message has (its concat total, 1 when not split)
};

// MessageFacts with copies of their own: a held part outlives its hook.
struct HeldFacts {
  HeldFacts() = default;
  explicit HeldFacts(const MessageFacts& facts)
      : system_id(facts.system_id),
        source_addr(facts.source_addr),
        destination_addr(facts.destination_addr),
        data_coding(facts.data_coding),
        esm_class(facts.esm_class),
        text(facts.text),
        parts(facts.parts) {}

  MessageFacts view() const noexcept {
    return MessageFacts{system_id, source_addr, destination_addr, data_coding, esm_class, text, parts};
  }

  std::string system_id;
  std::string source_addr;
  std::string destination_addr;
  uint8_t data_coding = 0;
  uint8_t esm_class = 0;
  std::string text;
  uint32_t parts = 1;
};

}  // namespace smppd::plugins::firewall
