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
};

}  // namespace smppd::upstream
