#pragma once

#include <memory>

#include "host/receipts/message_id_generator.h"
#include "host/receipts/receipt_tracker.h"
#include "host/router/router.h"
#include "host/server/request_dispatcher.h"
#include "host/upstream/cluster_manager.h"

namespace smppd::proxy {

// The proxy path for a client's message once its filters let it through: the router picks a
// cluster, the cluster's policy a bind, and the upstream's answer comes back as the client's
// resp (pass-through: nothing is acknowledged that the upstream did not accept), with smppd's
// own message_id. When a receipt is requested, the id mapping is recorded for the tracker.
//
// Every request gets exactly one resp: a bind that drops a message before sending it is replaced
// by another; a message sent without an answer (timeout, connection lost) is answered
// ESME_RSYSERR and not resent, because the SMSC may have it (no duplicates by default).
class ClusterDispatcher final : public server::RequestDispatcher {
 public:
  ClusterDispatcher(std::shared_ptr<const router::Router> router, upstream::ClusterManager& clusters,
                    receipts::ReceiptTracker& tracker, receipts::MessageIdGenerator& ids);

  boost::asio::awaitable<server::Dispatched> dispatch(smppd_call& call) override;

 private:
  boost::asio::awaitable<upstream::SubmitOutcome> forward(upstream::Cluster& cluster, smppd_call& call,
                                                          bool retry_unanswered);

  std::shared_ptr<const router::Router> router_;
  upstream::ClusterManager& clusters_;
  receipts::ReceiptTracker& tracker_;
  receipts::MessageIdGenerator& ids_;
};

}  // namespace smppd::proxy
