#pragma once

#include <boost/asio/awaitable.hpp>

#include "host/codec/pdu.h"

struct smppd_call;

namespace smppd::server {

// Where a client's request goes once its filter chain let it through: the router and upstream
// clusters. It answers the response to send back (command_id, status, message_id, TLVs); the
// session sets the sequence number.
class RequestDispatcher {
 public:
  virtual ~RequestDispatcher() = default;
  virtual boost::asio::awaitable<codec::Pdu> dispatch(smppd_call& call) = 0;
};

}  // namespace smppd::server
