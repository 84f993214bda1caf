#pragma once

#include <memory>
#include <string>

#include "host/receipts/client_delivery.h"
#include "host/receipts/receipt_tracker.h"
#include "host/router/mo_router.h"
#include "host/upstream/inbound_handler.h"

namespace smppd::proxy {

// What the SMSCs send, sorted: delivery receipts (and intermediate notifications) go to the
// receipt tracker, everything else is MO and goes to the client that owns the number.
class InboundRouter final : public upstream::InboundHandler {
 public:
  InboundRouter(receipts::ReceiptTracker& tracker, receipts::ClientDelivery& delivery,
                std::shared_ptr<const router::MoRouter> mo_router, std::vector<std::string> cluster_names);

  void on_inbound(const std::string& cluster, codec::Pdu message, upstream::InboundResponder respond,
                  boost::asio::any_io_executor worker) override;

 private:
  receipts::ReceiptTracker& tracker_;
  receipts::ClientDelivery& delivery_;
  std::shared_ptr<const router::MoRouter> mo_router_;
  std::vector<std::string> cluster_names_;
};

}  // namespace smppd::proxy
