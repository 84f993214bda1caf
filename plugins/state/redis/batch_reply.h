#pragma once

#include <cstddef>
#include <string_view>

#include "smppd/cxx/state.hpp"

struct redisReply;

namespace smppd::plugins::redis {

// The batch's answer from kBatchScript's flat array (batch_script.h). Every element's type and
// range is checked: a reply of another shape, or an error reply, answers the whole batch ERROR
// with what was wrong, never anything read past the reply. `reply` must not be null.
smppd::cxx::state::BatchResult decode_batch_reply(const redisReply& reply, size_t op_count);

// An error reply's text: "NOSCRIPT No matching script...". Empty for other replies.
std::string_view error_text(const redisReply& reply);

}  // namespace smppd::plugins::redis
