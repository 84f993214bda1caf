#include "host/proxy/cluster_dispatcher.h"

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>

#include "host/api/call.h"
#include "host/async/await_callback.h"
#include "host/codec/command_status.h"
#include "host/codec/receipt/receipt_request.h"
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

server::Dispatched with_status(uint32_t command_status) {
  server::Dispatched dispatched;
  dispatched.command_status = command_status;
  return dispatched;
}

// Routing generations, counted for the whole process: a thread's cached generation never matches
// another dispatcher's.
uint64_t next_routing_generation() {
  static std::atomic<uint64_t> last{0};
  return last.fetch_add(1, std::memory_order_relaxed) + 1;
}

// A worker's reference to the routing it dispatches with. Every message took the routing out of
// the atomic shared_ptr (a spin lock on the pointer) and added to and dropped its count: three
// locked instructions per message on lines both workers wrote, about 50 ns under load. A worker
// now takes a reference of its own once per routing generation (aliasing a holder of the shared
// one) and its messages count on that. Weak here: when the thread's last message in flight lets go,
// the holder goes and with it the thread's hold on the routing, so a reload's old clusters still
// retire once no request holds them.
struct ThreadRouting {
  uint64_t generation = 0;
  std::weak_ptr<const ClusterDispatcher::Routing> routing;
};

}  // namespace

ClusterDispatcher::ClusterDispatcher(std::shared_ptr<const Routing> routing, receipts::ReceiptTracker& tracker,
                                     receipts::MessageIdGenerator& ids)
    : routing_(std::move(routing)),
      generation_(next_routing_generation()),
      tracker_(tracker),
      ids_(ids),
      throttled_unsaved_(stats::StatsStore::process().counter(
          "smppd.receipts.throttled_unsaved",
          "Submits asking for a receipt refused with ESME_RTHROTTLED while id mappings wait for the state store")) {}

asio::awaitable<server::Dispatched> ClusterDispatcher::dispatch(smppd_call& call) {
  // Not a coroutine itself: a coroutine's frame holds every local of every path (the access
  // record's, 2 KiB), and it would be allocated for every message, logged or not.
  const codec::Pdu& request = *call.message.pdu;
  if (access_log_ == nullptr || (request.command_id != CommandId::submit_sm && request.command_id != CommandId::data_sm)) {
    return dispatch_message(call, nullptr);
  }
  return dispatch_logged(call);
}

asio::awaitable<server::Dispatched> ClusterDispatcher::dispatch_logged(smppd_call& call) {
  const codec::Pdu& request = *call.message.pdu;
  logging::AccessRecord record;
  record.time = std::chrono::system_clock::now();
  const auto started = std::chrono::steady_clock::now();
  server::Dispatched dispatched = co_await dispatch_message(call, &record);
  record.client = call.session->system_id;
  record.session = call.session->session_id;
  record.command = codec::command_name(request.command_id);
  record.source = request.source_addr;
  record.destination = request.destination_addr;
  record.smppd_id = dispatched.message_id;
  record.status = dispatched.command_status;
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

void ClusterDispatcher::set_routing(std::shared_ptr<const Routing> routing) {
  routing_.store(std::move(routing));
  // After the store: a worker that sees the new generation loads the new routing (or a newer one).
  generation_.store(next_routing_generation(), std::memory_order_release);
}

std::shared_ptr<const ClusterDispatcher::Routing> ClusterDispatcher::worker_routing() const {
  thread_local ThreadRouting cached;
  const uint64_t generation = generation_.load(std::memory_order_acquire);
  if (cached.generation == generation) {
    if (std::shared_ptr<const Routing> routing = cached.routing.lock()) return routing;
  }
  const std::shared_ptr<const Routing> shared = routing_.load();
  auto holder = std::make_shared<const std::shared_ptr<const Routing>>(shared);
  std::shared_ptr<const Routing> routing(holder, shared.get());  // counts on `holder`
  cached = ThreadRouting{generation, routing};
  return routing;
}

int32_t ClusterDispatcher::route_of(const smppd_call& call, api::RouteLookup::Answer& out) const {
  const std::shared_ptr<const Routing> routing = worker_routing();
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

ClusterDispatcher::Admission ClusterDispatcher::admit(smppd_call& call, logging::AccessRecord* record) {
  const codec::Pdu& request = *call.message.pdu;
  Admission admission;
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
      admission.status = status::kInvMsgId;
      return admission;
    default:
      // submit_multi and broadcast_sm are not routed yet.
      admission.status = status::kInvCmdId;
      return admission;
  }

  admission.routing = worker_routing();
  const router::RouteDecision decision =
      admission.routing->router->route({request, call.session->system_id, &call.call_attributes, call.session_attributes});
  if (record != nullptr) {
    record->route = decision.route_name;
    record->cluster = decision.cluster_name;
  }
  if (decision.outcome != router::RouteOutcome::to_cluster) {
    admission.status = decision.status;
    return admission;
  }

  // The state store takes id mappings slower than they come (a shared store overloaded or away):
  // refuse for now what would add one, rather than hold more than memory can keep.
  if (codec::asks_for_receipt(request.registered_delivery) && tracker_.saturated()) {
    throttled_unsaved_.add(1);
    admission.status = status::kThrottled;
    return admission;
  }
  upstream::Cluster& cluster = admission.routing->clusters->cluster(decision.cluster_index);
  if (!cluster.try_admit()) {
    admission.status = cluster.config().circuit_breaker.status;
    return admission;
  }
  admission.cluster = &cluster;
  admission.retry_unanswered = decision.unanswered.retry;
  admission.unanswered_status = decision.unanswered.status;
  return admission;
}

asio::awaitable<server::Dispatched> ClusterDispatcher::dispatch_message(smppd_call& call, logging::AccessRecord* record) {
  // Every step that does not wait is a plain function (admit, answer): their locals stay off this
  // frame, which is allocated for every message and is a large allocation above 1 KiB.
  const Admission admission = admit(call, record);
  if (admission.cluster == nullptr) co_return with_status(admission.status);
  const upstream::SubmitOutcome outcome =
      co_await forward(*admission.routing->clusters, *admission.cluster, call, admission.retry_unanswered,
                       record != nullptr ? &record->endpoint : nullptr);
  if (record != nullptr) record->upstream_id = outcome.message_id;
  admission.cluster->release();
  // Where a receipt's mapping is recorded: this worker.
  co_return answer(call, *admission.cluster, admission.unanswered_status, outcome, co_await asio::this_coro::executor);
}

server::Dispatched ClusterDispatcher::answer(const smppd_call& call, upstream::Cluster& cluster,
                                             uint32_t unanswered_status, const upstream::SubmitOutcome& outcome,
                                             const asio::any_io_executor& worker) {
  const codec::Pdu& request = *call.message.pdu;
  switch (outcome.kind) {
    case upstream::SubmitOutcome::not_sent:
      // No bind could take it (none bound, all paused or full): the client may try again.
      cluster.stats().upstream_rq_no_bind.add(1);
      log()->debug("cluster {}: no bind could take a message from {}", cluster.name(), call.session->system_id);
      return with_status(cluster.config().circuit_breaker.status);
    case upstream::SubmitOutcome::unknown:
      // Sent, never answered: exactly one resp all the same, with the status the route names.
      return with_status(unanswered_status);
    case upstream::SubmitOutcome::answered:
      break;
  }
  if (outcome.status != status::kOk) return with_status(outcome.status);

  server::Dispatched dispatched = with_status(status::kOk);
  dispatched.message_id = ids_.next();
  if (codec::asks_for_receipt(request.registered_delivery) && !outcome.message_id.empty()) {
    dispatched.after_send = [this, cluster_name = cluster.name(), upstream_id = outcome.message_id,
                             correlation = receipts::Correlation{dispatched.message_id, call.session->system_id},
                             worker] {
      tracker_.record(cluster_name, upstream_id, correlation, worker);
    };
  }
  return dispatched;
}

asio::awaitable<upstream::SubmitOutcome> ClusterDispatcher::forward(upstream::ClusterManager& clusters,
                                                                     upstream::Cluster& cluster, smppd_call& call,
                                                                     bool retry_unanswered, std::string* endpoint) {
  codec::Pdu& request = *call.message.pdu;
  if (cluster.transport() != nullptr) {
    co_return co_await async::await_callback<upstream::SubmitOutcome>(
        [&](std::function<void(upstream::SubmitOutcome)> complete) {
          clusters.submit_via_transport(cluster, request, std::move(complete));
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
    // Lent to the bind until its outcome: this coroutine holds the call meanwhile, and nothing else
    // on this worker reads the request. The bind numbers it for its own session; the client's
    // number comes back for the resp (and for a next try).
    const uint32_t client_sequence = request.sequence_number;
    upstream::SubmitOutcome outcome = co_await async::await_callback<upstream::SubmitOutcome>(
        [&](std::function<void(upstream::SubmitOutcome)> complete) {
          asio::post(bind->executor(), [bind = bind->shared_from_this(), &request, complete = std::move(complete)]() mutable {
            bind->submit(request, std::move(complete));
          });
        });
    request.sequence_number = client_sequence;
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
