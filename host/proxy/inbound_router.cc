#include "host/proxy/inbound_router.h"

#include <algorithm>

#include "host/codec/command_status.h"
#include "host/logging/logging.h"

namespace smppd::proxy {

namespace {

// esm_class message types an SMSC uses to report on a message (S34 §5.2.12): the SMSC delivery
// receipt and the intermediate notification.
constexpr uint8_t kEsmClassIntermediateNotification = 0x20;

bool is_receipt(const codec::Pdu& message) {
  const uint8_t type = message.esm_class & codec::kEsmClassMessageTypeMask;
  return type == codec::kEsmClassDeliveryReceipt || type == kEsmClassIntermediateNotification;
}

}  // namespace

InboundRouter::InboundRouter(receipts::ReceiptTracker& tracker, receipts::ClientDelivery& delivery,
                             std::shared_ptr<const router::MoRouter> mo_router, std::vector<std::string> cluster_names)
    : tracker_(tracker), delivery_(delivery) {
  set_mo_routing(std::move(mo_router), std::move(cluster_names));
}

void InboundRouter::set_mo_routing(std::shared_ptr<const router::MoRouter> mo_router, std::vector<std::string> cluster_names) {
  mo_routing_.store(std::make_shared<const MoRouting>(MoRouting{std::move(mo_router), std::move(cluster_names)}));
}

void InboundRouter::on_inbound(const std::string& cluster, codec::Pdu message, upstream::InboundResponder respond,
                               boost::asio::any_io_executor worker) {
  if (is_receipt(message)) {
    tracker_.on_receipt(cluster, std::move(message), std::move(respond), worker);
    return;
  }
  const std::shared_ptr<const MoRouting> routing = mo_routing_.load();
  const auto it = std::find(routing->cluster_names.begin(), routing->cluster_names.end(), cluster);
  const auto cluster_index = static_cast<uint32_t>(it - routing->cluster_names.begin());
  const router::MoRouteDecision decision =
      routing->mo_router->route(message.destination_addr, message.source_addr, cluster_index);
  if (decision.outcome != router::MoRouteOutcome::to_client) {
    logging::get("mo")->info("cluster {}: MO from {} to {} not routed ({}): answered 0x{:08X}", cluster,
                             message.source_addr, message.destination_addr,
                             decision.outcome == router::MoRouteOutcome::reject ? "rejected" : "no mo_route",
                             decision.status);
    respond(decision.status);
    return;
  }
  message.sequence_number = 0;
  delivery_.deliver(std::string(decision.system_id), std::move(message), worker,
                    [respond = std::move(respond)](bool delivered) {
                      respond(delivered ? codec::status::kOk : codec::status::kXTAppn);
                    });
}

void InboundRouter::on_accepted(const std::string& cluster, const std::string& upstream_id) {
  tracker_.expect(cluster, upstream_id);
}

}  // namespace smppd::proxy
