#pragma once

#include <atomic>
#include <memory>
#include <vector>
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
  // The MO routes and the cluster names their indices refer to, swapped together by a reload.
  struct MoRouting {
    std::shared_ptr<const router::MoRouter> mo_router;
    std::vector<std::string> cluster_names;
  };

  InboundRouter(receipts::ReceiptTracker& tracker, receipts::ClientDelivery& delivery,
                std::shared_ptr<const router::MoRouter> mo_router, std::vector<std::string> cluster_names);

  void on_inbound(const std::string& cluster, codec::Pdu message, upstream::InboundResponder respond,
                  boost::asio::any_io_executor worker) override;
  void on_accepted(const std::string& cluster, const std::string& upstream_id) override;

  // Any thread: MO arriving from now on is routed by these.
  void set_mo_routing(std::shared_ptr<const router::MoRouter> mo_router, std::vector<std::string> cluster_names);

 private:
  receipts::ReceiptTracker& tracker_;
  receipts::ClientDelivery& delivery_;
  std::atomic<std::shared_ptr<const MoRouting>> mo_routing_;
};

}  // namespace smppd::proxy
