#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <memory>

#include "host/logging/access_log.h"
#include "host/receipts/message_id_generator.h"
#include "host/receipts/receipt_tracker.h"
#include "host/router/router.h"
#include "host/server/request_dispatcher.h"
#include "host/stats/stats_store.h"
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
  // The routes and the clusters they name, swapped together by a reload. A request holds the one
  // it started with until its resp, so that it finishes on the config it began on; the clusters
  // stay alive at least as long as any request holds them (the server retires them only then).
  struct Routing {
    std::shared_ptr<const router::Router> router;
    upstream::ClusterManager* clusters = nullptr;
  };

  ClusterDispatcher(std::shared_ptr<const Routing> routing, receipts::ReceiptTracker& tracker,
                    receipts::MessageIdGenerator& ids);

  boost::asio::awaitable<server::Dispatched> dispatch(smppd_call& call) override;
  // Where dispatch() would send the call as it is now: lookup_route() with the current routes.
  int32_t route_of(const smppd_call& call, api::RouteLookup::Answer& out) const override;
  // `router`'s lookup() on the call: submit_sm and data_sm only (what dispatch routes).
  static int32_t lookup_route(const router::Router& router, const smppd_call& call, api::RouteLookup::Answer& out);

  // Before serving: one access log line per submit_sm and data_sm (null: none).
  void set_access_log(const logging::AccessLog* access_log) { access_log_ = access_log; }

  // Any thread: new requests take `routing` from now on.
  void set_routing(std::shared_ptr<const Routing> routing);
  std::shared_ptr<const Routing> routing() const { return routing_.load(); }

 private:
  // routing() as the calling worker holds it: copies of it count on a reference of this thread's
  // own, not on the routing's shared count (see the .cc).
  std::shared_ptr<const Routing> worker_routing() const;

  // What admit() decided: a cluster that took the message (try_admit), or the status to answer.
  struct Admission {
    std::shared_ptr<const Routing> routing;  // keeps the cluster alive while the message is out
    upstream::Cluster* cluster = nullptr;
    uint32_t status = 0;
    bool retry_unanswered = false;
    uint32_t unanswered_status = 0;
  };
  Admission admit(smppd_call& call, logging::AccessRecord* record);
  // The client's resp to what the upstream made of the message.
  server::Dispatched answer(const smppd_call& call, upstream::Cluster& cluster, uint32_t unanswered_status,
                            const upstream::SubmitOutcome& outcome, const boost::asio::any_io_executor& worker);
  // dispatch_message with the access log's record around it.
  boost::asio::awaitable<server::Dispatched> dispatch_logged(smppd_call& call);
  boost::asio::awaitable<server::Dispatched> dispatch_message(smppd_call& call, logging::AccessRecord* record);
  // `endpoint`, when given, is set to the name of the endpoint whose bind sent the message.
  boost::asio::awaitable<upstream::SubmitOutcome> forward(upstream::ClusterManager& clusters, upstream::Cluster& cluster,
                                                          smppd_call& call, bool retry_unanswered, std::string* endpoint);

  std::atomic<std::shared_ptr<const Routing>> routing_;
  std::atomic<uint64_t> generation_;  // a new one with every set_routing(), unique in the process
  const logging::AccessLog* access_log_ = nullptr;
  receipts::ReceiptTracker& tracker_;
  receipts::MessageIdGenerator& ids_;
  stats::Metric& throttled_unsaved_;  // submits refused while the tracker is saturated
};

}  // namespace smppd::proxy
