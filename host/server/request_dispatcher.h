#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <string>

#include "host/api/route_lookup.h"
#include "host/codec/pdu.h"

struct smppd_call;

namespace smppd::server {

// What a dispatched request comes back with: the session makes the resp of it (its command_id
// from the request's, no body unless OK). Not a whole codec::Pdu (some 600 octets): this is held
// in coroutine frames allocated for every message.
struct Dispatched {
  uint32_t command_status = 0;
  std::string message_id;  // smppd's id of an accepted submit_sm or data_sm
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
