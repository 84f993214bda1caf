#include "host/server/no_route_dispatcher.h"

#include "host/api/call.h"
#include "host/codec/command_status.h"

namespace smppd::server {

boost::asio::awaitable<codec::Pdu> NoRouteDispatcher::dispatch(smppd_call& call) {
  const codec::CommandId request = call.message.pdu->command_id;
  codec::Pdu response;
  response.command_id = codec::response_of(request);
  switch (request) {
    case codec::CommandId::query_sm:
    case codec::CommandId::cancel_sm:
    case codec::CommandId::replace_sm:
    case codec::CommandId::query_broadcast_sm:
    case codec::CommandId::cancel_broadcast_sm:
      response.command_status = codec::status::kInvMsgId;
      break;
    default:
      response.command_status = no_route_status_;
  }
  response.body_absent = true;
  co_return response;
}

}  // namespace smppd::server
