#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "host/upstream/endpoint.h"
#include "host/upstream/inbound_handler.h"
#include "host/upstream/submit_outcome.h"
#include "host/upstream/upstream_session.h"
#include "host/upstream/upstream_stats.h"

namespace smppd::upstream {

// One of an endpoint's binds: connects, binds, reconnects with exponential backoff and jitter,
// and carries submits in order within its window and the endpoint's TPS. An SMSC that answers
// ESME_RTHROTTLED or ESME_RMSGQFUL pauses the bind for throttle_pause; the refused submit and
// those queued behind it are resent in order afterwards. Lives on one worker; its load figures
// are atomics that every worker's load balancing reads.
class UpstreamBind : public std::enable_shared_from_this<UpstreamBind> {
 public:
  // Resends after throttling before the client gets the SMSC's ESME_RTHROTTLED.
  static constexpr uint32_t kMaxThrottleRetries = 5;

  struct Shared {
    std::string cluster;
    ClusterStats* stats = nullptr;
    InboundHandler* inbound = nullptr;
    std::shared_ptr<boost::asio::ssl::context> tls;  // towards the SMSC; null when plain
  };

  UpstreamBind(Endpoint& endpoint, uint32_t index, boost::asio::io_context& worker, int32_t worker_index, Shared shared);

  void start();  // any thread
  void stop();   // any thread: unbinds, and stops reconnecting

  // The bind's worker. Always ends with exactly one call of `done`. The request is lent, not
  // copied (a PDU is some 600 octets of fields and strings): the caller keeps it alive and leaves
  // it alone until `done`, and the bind sets its sequence_number to the upstream session's.
  void submit(codec::Pdu& request, SubmitHandler done);
  // The bind's worker: enquire_link through the bound session; done(true) when answered in time.
  void probe(std::chrono::milliseconds timeout, std::function<void(bool)> done);

  // Any thread. A bound bind takes every message: what its window cannot send yet waits in its
  // queue (the cluster's max_pending bounds the total). A paused one (throttled by the SMSC) is
  // picked only when no other can be.
  bool bound() const { return bound_.load(std::memory_order_relaxed); }
  bool paused() const { return paused_.load(std::memory_order_relaxed); }
  // Messages taken and not yet answered: queued and in flight.
  uint32_t pending() const { return pending_.load(std::memory_order_relaxed); }
  uint32_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }
  uint32_t window() const { return endpoint_.config.window; }
  int32_t worker() const { return worker_index_; }
  boost::asio::any_io_executor executor() { return worker_.get_executor(); }
  Endpoint& endpoint() { return endpoint_; }
  const std::string& name() const { return name_; }
  uint64_t id() const { return id_; }

 private:
  struct Queued {
    codec::Pdu* request;  // lent by the submitter until its `done`; never null
    SubmitHandler done;
    uint32_t throttle_retries = 0;
    std::chrono::steady_clock::time_point first_sent{};
    uint64_t order = 0;  // submission order, kept through throttling
  };

  boost::asio::awaitable<void> connect_loop();
  void pump();
  void send(Queued item);
  void on_session_closed();
  void fail_queue(SubmitOutcome::Kind kind);
  void finish(Queued& item, SubmitOutcome outcome);
  std::chrono::milliseconds next_backoff();

  Endpoint& endpoint_;
  boost::asio::io_context& worker_;
  const int32_t worker_index_;
  Shared shared_;
  const std::string name_;  // "cluster/endpoint#index"
  const uint64_t id_;       // unique in the process (smppd_lb_candidate::bind_id)

  std::shared_ptr<UpstreamSession> session_;
  std::deque<Queued> queue_;  // waiting for the window, the TPS budget or the end of a pause
  std::chrono::steady_clock::time_point paused_until_{};
  boost::asio::steady_timer pump_timer_;
  boost::asio::steady_timer state_signal_;  // wakes the connect loop: bound, closed, stopped, backoff over
  uint32_t failed_attempts_ = 0;
  uint64_t next_order_ = 0;
  bool stopped_ = false;

  std::atomic<bool> bound_{false};
  std::atomic<bool> paused_{false};
  std::atomic<uint32_t> in_flight_{0};
  std::atomic<uint32_t> pending_{0};
};

}  // namespace smppd::upstream
