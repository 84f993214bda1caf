#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>

#include "host/api/route_lookup.h"
#include "host/codec/pdu.h"

struct smppd_call;

namespace smppd::server {

// What a dispatched request comes back with.
struct Dispatched {
  codec::Pdu response;  // command_id, status, message_id, TLVs; the session sets the sequence number
  // Runs once the response is queued to the client (recording the message for its receipt, so
  // that the receipt cannot overtake the resp on the client's connection).
  std::function<void()> after_send;
};

// Where a client's request goes once its filter chain let it through: the router and upstream
// clusters. Filters ask it beforehand where a request would go (RouteLookup).
class RequestDispatcher : public api::RouteLookup {
 public:
  virtual ~RequestDispatcher() = default;
  virtual boost::asio::awaitable<Dispatched> dispatch(smppd_call& call) = 0;
};

}  // namespace smppd::server
