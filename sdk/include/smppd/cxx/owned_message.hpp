// smppd C++ SDK: a message the plugin owns (host->upstream->message_new: a receipt or an MO on its
// way to deliver()), freed with message_free unless it was handed over. Move-only.
#pragma once

#include <cstdint>
#include <utility>

#include "smppd/cxx/message.hpp"
#include "smppd/message.h"
#include "smppd/upstream.h"

namespace smppd::cxx {

class OwnedMessage {
 public:
  constexpr OwnedMessage() noexcept = default;
  OwnedMessage(smppd_message* message, const smppd_message_api* messages, const smppd_upstream_api* upstream) noexcept
      : message_(message), messages_(messages), upstream_(upstream) {}
  OwnedMessage(OwnedMessage&& other) noexcept
      : message_(std::exchange(other.message_, nullptr)), messages_(other.messages_), upstream_(other.upstream_) {}
  OwnedMessage& operator=(OwnedMessage&& other) noexcept {
    if (this != &other) {
      reset();
      message_ = std::exchange(other.message_, nullptr);
      messages_ = other.messages_;
      upstream_ = other.upstream_;
    }
    return *this;
  }
  OwnedMessage(const OwnedMessage&) = delete;
  OwnedMessage& operator=(const OwnedMessage&) = delete;
  ~OwnedMessage() { reset(); }

  explicit operator bool() const noexcept { return message_ != nullptr; }
  smppd_message* handle() const noexcept { return message_; }

  // Reads and writes the message's fields and TLVs; an empty Message when nothing is owned.
  Message message() const noexcept { return Message(message_, messages_); }

  // Gives up ownership (to deliver(), which frees it whatever it answers).
  smppd_message* release() noexcept { return std::exchange(message_, nullptr); }

  // Frees the message now.
  void reset() noexcept {
    smppd_message* owned = std::exchange(message_, nullptr);
    if (owned != nullptr && SMPPD_HAS(upstream_, message_free)) upstream_->message_free(owned);
  }

 private:
  smppd_message* message_ = nullptr;
  const smppd_message_api* messages_ = nullptr;
  const smppd_upstream_api* upstream_ = nullptr;
};

}  // namespace smppd::cxx
