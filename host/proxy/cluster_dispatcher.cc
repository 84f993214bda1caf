#include "host/proxy/cluster_dispatcher.h"

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>

#include "host/api/call.h"
#include "host/async/await_callback.h"
#include "host/codec/command_status.h"
#include "host/codec/text/udh.h"
#include "host/logging/logging.h"

namespace smppd::proxy {

namespace asio = boost::asio;
namespace status = codec::status;
using codec::CommandId;

namespace {

const auto& log() {
  static const auto logger = logging::get("proxy");
  return logger;
}

// registered_delivery asks for an SMSC receipt (bits 1-0) or intermediate notifications (bit 4).
bool wants_receipt(const codec::Pdu& request) {
  return (request.registered_delivery & 0x03) != 0 || (request.registered_delivery & 0x10) != 0;
}

server::Dispatched response_to(const codec::Pdu& request, uint32_t command_status) {
  server::Dispatched dispatched;
  dispatched.response.command_id = codec::response_of(request.command_id);
  dispatched.response.command_status = command_status;
  dispatched.response.body_absent = command_status != status::kOk;
  return dispatched;
}

}  // namespace

ClusterDispatcher::ClusterDispatcher(std::shared_ptr<const Routing> routing, receipts::ReceiptTracker& tracker,
                                     receipts::MessageIdGenerator& ids)
    : routing_(std::move(routing)),
      tracker_(tracker),
      ids_(ids),
      throttled_unsaved_(stats::StatsStore::process().counter(
          "smppd.receipts.throttled_unsaved",
          "Submits asking for a receipt refused with ESME_RTHROTTLED while id mappings wait for the state store")) {}

asio::awaitable<server::Dispatched> ClusterDispatcher::dispatch(smppd_call& call) {
  const codec::Pdu& request = *call.message.pdu;
  if (access_log_ == nullptr || (request.command_id != CommandId::submit_sm && request.command_id != CommandId::data_sm)) {
    co_return co_await dispatch_message(call, nullptr);
  }
  logging::AccessRecord record;
  record.time = std::chrono::system_clock::now();
  const auto started = std::chrono::steady_clock::now();
  server::Dispatched dispatched = co_await dispatch_message(call, &record);
  record.client = call.session->system_id;
  record.session = call.session->session_id;
  record.command = codec::command_name(request.command_id);
  record.source = request.source_addr;
  record.destination = request.destination_addr;
  record.smppd_id = dispatched.response.message_id;
  record.status = dispatched.response.command_status;
  record.latency = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
  if ((request.esm_class & codec::kEsmClassUdhi) != 0) {
    const codec::UdhParseResult udh = codec::parse_udh(request.short_message);
    if (udh.ok() && udh.udh.concat) {
      record.part = udh.udh.concat->sequence;
      record.parts = udh.udh.concat->total;
    }
  }
  access_log_->record(record);
  co_return dispatched;
}

int32_t ClusterDispatcher::route_of(const smppd_call& call, api::RouteLookup::Answer& out) const {
  const std::shared_ptr<const Routing> routing = routing_.load();
  return lookup_route(*routing->router, call, out);
}

int32_t ClusterDispatcher::lookup_route(const router::Router& router, const smppd_call& call,
                                        api::RouteLookup::Answer& out) {
  const codec::Pdu& request = *call.message.pdu;
  if (request.command_id != CommandId::submit_sm && request.command_id != CommandId::data_sm) return SMPPD_E_NOT_FOUND;
  const router::RouteDecision decision =
      router.lookup({request, call.session->system_id, &call.call_attributes, call.session_attributes});
  if (decision.outcome == router::RouteOutcome::no_route) return SMPPD_E_NOT_FOUND;
  out.route.assign(decision.route_name);
  out.cluster.assign(decision.cluster_name);  // empty for a route that rejects
  return SMPPD_OK;
}

asio::awaitable<server::Dispatched> ClusterDispatcher::dispatch_message(smppd_call& call, logging::AccessRecord* record) {
  const codec::Pdu& request = *call.message.pdu;
  switch (request.command_id) {
    case CommandId::submit_sm:
    case CommandId::data_sm:
      break;
    case CommandId::query_sm:
    case CommandId::cancel_sm:
    case CommandId::replace_sm:
    case CommandId::query_broadcast_sm:
    case CommandId::cancel_broadcast_sm:
      // Not carried upstream yet: no message is known by that id here.
      co_return response_to(request, status::kInvMsgId);
    default:
      // submit_multi and broadcast_sm are not routed yet.
      co_return response_to(request, status::kInvCmdId);
  }

  const std::shared_ptr<const Routing> routing = routing_.load();
  const router::RouteDecision decision =
      routing->router->route({request, call.session->system_id, &call.call_attributes, call.session_attributes});
  if (record != nullptr) {
    record->route = decision.route_name;
    record->cluster = decision.cluster_name;
  }
  if (decision.outcome != router::RouteOutcome::to_cluster) co_return response_to(request, decision.status);

  // The state store takes id mappings slower than they come (a shared store overloaded or away):
  // refuse for now what would add one, rather than hold more than memory can keep.
  if (wants_receipt(request) && tracker_.saturated()) {
    throttled_unsaved_.add(1);
    co_return response_to(request, status::kThrottled);
  }
  upstream::Cluster& cluster = routing->clusters->cluster(decision.cluster_index);
  if (!cluster.try_admit()) co_return response_to(request, cluster.config().circuit_breaker.status);
  const upstream::SubmitOutcome outcome = co_await forward(*routing->clusters, cluster, call, decision.unanswered.retry,
                                                           record != nullptr ? &record->endpoint : nullptr);
  if (record != nullptr) record->upstream_id = outcome.message_id;
  cluster.release();

  switch (outcome.kind) {
    case upstream::SubmitOutcome::not_sent:
      // No bind could take it (none bound, all paused or full): the client may try again.
      cluster.stats().upstream_rq_no_bind.add(1);
      log()->debug("cluster {}: no bind could take a message from {}", cluster.name(), call.session->system_id);
      co_return response_to(request, cluster.config().circuit_breaker.status);
    case upstream::SubmitOutcome::unknown:
      // Sent, never answered: exactly one resp all the same, with the status the route names.
      co_return response_to(request, decision.unanswered.status);
    case upstream::SubmitOutcome::answered:
      break;
  }
  if (outcome.status != status::kOk) co_return response_to(request, outcome.status);

  server::Dispatched dispatched = response_to(request, status::kOk);
  dispatched.response.message_id = ids_.next();
  if (wants_receipt(request) && !outcome.message_id.empty()) {
    const asio::any_io_executor worker = co_await asio::this_coro::executor;
    dispatched.after_send = [this, cluster_name = cluster.name(), upstream_id = outcome.message_id,
                             correlation = receipts::Correlation{dispatched.response.message_id, call.session->system_id},
                             worker] {
      tracker_.record(cluster_name, upstream_id, correlation, worker);
    };
  }
  co_return dispatched;
}

asio::awaitable<upstream::SubmitOutcome> ClusterDispatcher::forward(upstream::ClusterManager& clusters,
                                                                     upstream::Cluster& cluster, smppd_call& call,
                                                                     bool retry_unanswered, std::string* endpoint) {
  const codec::Pdu& request = *call.message.pdu;
  if (cluster.transport() != nullptr) {
    co_return co_await async::await_callback<upstream::SubmitOutcome>(
        [&](std::function<void(upstream::SubmitOutcome)> complete) {
          clusters.submit_via_transport(cluster, request, complete);
        });
  }
  // A bind that lost the message before sending it is replaced, up to three tries; so is one that
  // sent it and got no resp when the route allows a retry.
  const upstream::UpstreamBind* failed = nullptr;
  for (int attempt = 0; attempt < 3; ++attempt) {
    upstream::UpstreamBind* bind = cluster.pick(call.session->worker, &call.message, failed);
    if (bind == nullptr) co_return upstream::SubmitOutcome{upstream::SubmitOutcome::not_sent, 0, {}};
    if (attempt > 0) cluster.stats().upstream_rq_retry.add(1);
    if (endpoint != nullptr) *endpoint = bind->endpoint().config.name;
    upstream::SubmitOutcome outcome = co_await async::await_callback<upstream::SubmitOutcome>(
        [&](std::function<void(upstream::SubmitOutcome)> complete) {
          asio::post(bind->executor(), [bind = bind->shared_from_this(), copy = std::make_unique<codec::Pdu>(request),
                                        complete]() mutable { bind->submit(std::move(copy), std::move(complete)); });
        });
    if (outcome.kind != upstream::SubmitOutcome::not_sent) {
      const bool unanswered = outcome.kind == upstream::SubmitOutcome::unknown;
      cluster.record_result(bind->endpoint(), unanswered);
      if (!unanswered || !retry_unanswered || attempt == 2) co_return outcome;
    }
    failed = bind;
  }
  co_return upstream::SubmitOutcome{upstream::SubmitOutcome::not_sent, 0, {}};
}

}  // namespace smppd::proxy
