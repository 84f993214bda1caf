#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <cstdint>
#include <functional>
#include <string>

#include "host/codec/pdu.h"

namespace smppd::upstream {

// Answers the SMSC's deliver_sm/data_sm: safe to call from any thread, once.
using InboundResponder = std::function<void(uint32_t status)>;

// Where what the SMSCs send goes: receipts to the correlation of submits, MO to its client.
// Called on `worker`, the worker of the bind it arrived on.
class InboundHandler {
 public:
  virtual ~InboundHandler() = default;
  virtual void on_inbound(const std::string& cluster, codec::Pdu message, InboundResponder respond,
                          boost::asio::any_io_executor worker) = 0;
  // The SMSC accepted a submit that asks for a receipt, as `upstream_id`; called as its
  // submit_sm_resp arrives, before anything else the bind reads, so a receipt right behind the
  // resp already knows its message is on its way to the client.
  virtual void on_accepted(const std::string& cluster, const std::string& upstream_id) = 0;
};

}  // namespace smppd::upstream
