// smppd C++ SDK: a message (a decoded PDU) as a view over the opaque smppd_message handle. Valid
// on the session's thread during the hook that received it; string results are host views that
// end with the hook or the next change of the message.
#pragma once

#include <cstdint>
#include <string_view>
#include <type_traits>

#include "smppd/cxx/result.hpp"
#include "smppd/message.h"

namespace smppd::cxx {

struct Tlv {
  uint16_t tag = 0;
  std::string_view value;
};

// The text of one PDU decoded to UTF-8 by the host, with its concatenation info.
struct Text {
  int32_t encoding = SMPPD_TEXT_BINARY;  // SMPPD_TEXT_*
  std::string_view utf8;
  uint32_t flags = 0;  // SMPPD_TEXT_LOSSY | SMPPD_TEXT_FROM_PAYLOAD | SMPPD_TEXT_HAS_UDH
  uint16_t concat_ref = 0;
  uint8_t concat_total = 0;  // 0: not concatenated
  uint8_t concat_seq = 0;
  uint8_t data_coding = 0;
  uint32_t parts = 0;  // the SMS parts the host counted (message_parts.hpp); 0: it did not

  constexpr bool lossy() const noexcept { return (flags & SMPPD_TEXT_LOSSY) != 0; }
  constexpr bool concatenated() const noexcept { return concat_total != 0; }
};

class Message {
 public:
  constexpr Message() noexcept = default;
  constexpr Message(smppd_message* message, const smppd_message_api* api) noexcept : message_(message), api_(api) {}

  constexpr smppd_message* handle() const noexcept { return message_; }
  constexpr explicit operator bool() const noexcept { return message_ != nullptr && api_ != nullptr; }

  // 0 when the host cannot say.
  uint32_t command_id() const noexcept {
    return message_ != nullptr && SMPPD_HAS(api_, command_id) ? api_->command_id(message_) : 0;
  }
  bool is_response() const noexcept { return (command_id() & SMPPD_CMD_RESPONSE_BIT) != 0; }
  bool is_bind() const noexcept {
    const uint32_t id = command_id();
    return id == SMPPD_CMD_BIND_TRANSMITTER || id == SMPPD_CMD_BIND_RECEIVER || id == SMPPD_CMD_BIND_TRANSCEIVER;
  }

  // String fields (SMPPD_F_SYSTEM_ID, SMPPD_F_DESTINATION_ADDR, ...).
  Result<std::string_view> get_string(int32_t field) const noexcept {
    if (message_ == nullptr || !SMPPD_HAS(api_, get_string)) return Result<std::string_view>::failure(SMPPD_E_UNSUPPORTED);
    smppd_host_view out{nullptr, 0};
    const int32_t rc = api_->get_string(message_, field, &out);
    if (rc != SMPPD_OK) return Result<std::string_view>::failure(rc);
    return to_string_view(out);
  }
  // The field's text, or `fallback` when it is absent or unreadable.
  // Without a Result in between: its copy on the stack stalled the 16-octet load that read it back.
  std::string_view string_or(int32_t field, std::string_view fallback = {}) const noexcept {
    if (message_ == nullptr || !SMPPD_HAS(api_, get_string)) return fallback;
    smppd_host_view out{nullptr, 0};
    return api_->get_string(message_, field, &out) == SMPPD_OK ? to_string_view(out) : fallback;
  }
  int32_t set_string(int32_t field, std::string_view value) noexcept {
    if (message_ == nullptr || !SMPPD_HAS(api_, set_string)) return SMPPD_E_UNSUPPORTED;
    return api_->set_string(message_, field, to_plugin_view(value));
  }

  // Octet fields and the header's command_status and sequence_number.
  Result<int64_t> get_int(int32_t field) const noexcept {
    if (message_ == nullptr || !SMPPD_HAS(api_, get_int)) return Result<int64_t>::failure(SMPPD_E_UNSUPPORTED);
    int64_t out = 0;
    const int32_t rc = api_->get_int(message_, field, &out);
    if (rc != SMPPD_OK) return Result<int64_t>::failure(rc);
    return out;
  }
  int32_t set_int(int32_t field, int64_t value) noexcept {
    if (message_ == nullptr || !SMPPD_HAS(api_, set_int)) return SMPPD_E_UNSUPPORTED;
    return api_->set_int(message_, field, value);
  }

  // TLVs in wire order, unknown and vendor tags included.
  int32_t tlv_count() const noexcept {
    if (message_ == nullptr || !SMPPD_HAS(api_, tlv_count)) return 0;
    const int32_t count = api_->tlv_count(message_);
    return count < 0 ? 0 : count;
  }
  Result<Tlv> tlv_at(uint32_t index) const noexcept {
    if (message_ == nullptr || !SMPPD_HAS(api_, tlv_at)) return Result<Tlv>::failure(SMPPD_E_UNSUPPORTED);
    uint16_t tag = 0;
    smppd_host_view value{nullptr, 0};
    const int32_t rc = api_->tlv_at(message_, index, &tag, &value);
    if (rc != SMPPD_OK) return Result<Tlv>::failure(rc);
    return Tlv{tag, to_string_view(value)};
  }
  // Calls visit(Tlv) for each TLV in order; visit may return false to stop early.
  template <class Visit>
  void for_each_tlv(Visit&& visit) const {
    const int32_t count = tlv_count();
    for (int32_t i = 0; i < count; ++i) {
      auto tlv = tlv_at(static_cast<uint32_t>(i));
      if (!tlv) continue;
      if constexpr (std::is_convertible_v<std::invoke_result_t<Visit&, const Tlv&>, bool>) {
        if (!visit(*tlv)) return;
      } else {
        visit(*tlv);
      }
    }
  }
  // The first TLV with this tag.
  Result<std::string_view> tlv(uint16_t tag) const noexcept {
    if (message_ == nullptr || !SMPPD_HAS(api_, tlv_get)) return Result<std::string_view>::failure(SMPPD_E_UNSUPPORTED);
    smppd_host_view value{nullptr, 0};
    const int32_t rc = api_->tlv_get(message_, tag, &value);
    if (rc != SMPPD_OK) return Result<std::string_view>::failure(rc);
    return to_string_view(value);
  }
  // Replaces the first TLV with this tag, or appends one.
  int32_t set_tlv(uint16_t tag, std::string_view value) noexcept {
    if (message_ == nullptr || !SMPPD_HAS(api_, tlv_set)) return SMPPD_E_UNSUPPORTED;
    return api_->tlv_set(message_, tag, to_plugin_view(value));
  }
  // Removes every TLV with this tag; SMPPD_E_NOT_FOUND when there was none.
  int32_t remove_tlv(uint16_t tag) noexcept {
    if (message_ == nullptr || !SMPPD_HAS(api_, tlv_remove)) return SMPPD_E_UNSUPPORTED;
    return api_->tlv_remove(message_, tag);
  }

  // short_message (or message_payload) decoded to UTF-8 by the host.
  Result<Text> text() const noexcept {
    if (message_ == nullptr || !SMPPD_HAS(api_, text)) return Result<Text>::failure(SMPPD_E_UNSUPPORTED);
    smppd_text raw{};
    raw.struct_size = static_cast<uint32_t>(sizeof raw);
    const int32_t rc = api_->text(message_, &raw);
    if (rc != SMPPD_OK) return Result<Text>::failure(rc);
    Text text;
    text.encoding = raw.encoding;
    text.utf8 = to_string_view(raw.utf8);
    text.flags = raw.flags;
    text.concat_ref = raw.concat_ref;
    text.concat_total = raw.concat_total;
    text.concat_seq = raw.concat_seq;
    text.data_coding = raw.data_coding;
    text.parts = raw.parts;
    return text;
  }

 private:
  smppd_message* message_ = nullptr;
  const smppd_message_api* api_ = nullptr;
};

}  // namespace smppd::cxx
