#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "host/codec/pdu.h"
#include "host/codec/pdu_decoder.h"
#include "tools/smpp/incoming_receipt.h"
#include "tools/smpp/request_window.h"
#include "tools/smpp/response.h"
#include "tools/smpp/session_options.h"

namespace smppd::tools {

struct BindResult {
  bool ok = false;
  uint32_t command_status = 0;  // of the bind_resp, when one came
  std::string error;            // why not, for a person
  std::string smsc_system_id;   // the bind_resp's system_id
  bool connection_refused = false;  // the connect was refused (nothing listened, or a full queue)
};

enum class SendResult : uint8_t {
  sent,
  window_full,  // wait_for_window() first
  not_bound,    // not (or no longer) bound
  invalid_pdu,  // the codec refuses to encode it (a field beyond its limit)
};

std::string_view send_result_name(SendResult result);

// The ESME side of one SMPP session over TCP, on Asio C++20 coroutines: connect, bind, a window of
// requests in flight with our own sequence numbers and a response timeout, deliver_sm_resp and
// enquire_link_resp answered automatically (an unbind from the SMSC once our requests in flight
// have their resps), enquire_link when the link is idle, unbind.
//
// Every member runs on the session's executor: give each thread's sessions that thread's
// io_context. Everything a read produces is answered into one buffer and written with one write,
// and a request costs no allocation beyond the codec's, so one session can carry a benchmark.
class EsmeSession : public std::enable_shared_from_this<EsmeSession> {
 public:
  using Clock = std::chrono::steady_clock;
  // A deliver_sm or data_sm from the SMSC; `receipt` is set when it is a delivery receipt and
  // null for a mobile-originated message. The resp (ESME_ROK) goes out after the handler returns.
  using DeliverHandler = std::function<void(const codec::Pdu& message, const IncomingReceipt* receipt)>;
  // The command_status a deliver_sm or data_sm is answered with, instead of ESME_ROK: to refuse
  // some, as a drill of what an SMSC does then. The deliver handler runs only for ESME_ROK.
  using DeliverStatus = std::function<uint32_t(const codec::Pdu& message)>;

  static std::shared_ptr<EsmeSession> create(boost::asio::any_io_executor executor, SessionOptions options);
  ~EsmeSession();
  EsmeSession(const EsmeSession&) = delete;
  EsmeSession& operator=(const EsmeSession&) = delete;

  // Connects, starts reading, writing and the timers, and binds. Call once; on failure the
  // session is closed.
  boost::asio::awaitable<BindResult> connect_and_bind();

  void on_deliver(DeliverHandler handler) { deliver_handler_ = std::move(handler); }
  void answer_deliveries_with(DeliverStatus status) { deliver_status_ = std::move(status); }

  // Sends a request of the ESME (submit_sm, data_sm, query_sm ...) under our next sequence number
  // and counts it against the window. When the result is `sent`, on_response runs exactly once,
  // on this executor: with the resp, a generic_nack, or on timeout or close. Otherwise it is not
  // called.
  SendResult try_send(const codec::Pdu& request, ResponseCallback on_response);

  // Resumes when the window has room (true) or the session is no longer bound (false).
  boost::asio::awaitable<bool> wait_for_window();
  // Resumes when a request of ours has ended (answered, timed out) or the session closed.
  boost::asio::awaitable<void> wait_for_progress();
  // Resumes when no request counted against the window is in flight, or the session closed.
  boost::asio::awaitable<void> wait_idle();

  // Waits for room, sends, and waits for the resp. The PDU is taken by value: a coroutine started
  // later (co_spawn) must not refer to a caller's temporary.
  boost::asio::awaitable<SubmitResult> submit(codec::Pdu submit_sm);

  // Waits for the requests in flight, sends unbind, waits for unbind_resp (up to the response
  // timeout) and closes. True when the SMSC answered ESME_ROK.
  boost::asio::awaitable<bool> unbind();

  // Ends the connection now; requests in flight end with RequestOutcome::closed.
  void close(std::string_view reason);

  bool bound() const { return state_ == State::bound; }
  bool closed() const { return state_ == State::closed; }
  const std::string& close_reason() const { return close_reason_; }
  uint32_t in_flight() const { return window_.counted(); }
  bool window_full() const { return window_.full(); }
  const SessionOptions& options() const { return options_; }
  // Resps whose sequence number matched nothing in flight (late after a timeout, or bogus).
  uint64_t unexpected_responses() const { return unexpected_responses_; }
  boost::asio::any_io_executor executor() const { return executor_; }

 private:
  enum class State : uint8_t { idle, connecting, binding, bound, unbinding, closed };

  struct CallResult {
    RequestOutcome outcome = RequestOutcome::closed;
    SendResult send_result = SendResult::sent;
    codec::Pdu response;
    uint32_t sequence_number = 0;
    Clock::duration latency{};
  };

  EsmeSession(boost::asio::any_io_executor executor, SessionOptions options);

  boost::asio::awaitable<void> read_loop();
  boost::asio::awaitable<void> write_loop();
  boost::asio::awaitable<void> watchdog();
  boost::asio::awaitable<CallResult> call(const codec::Pdu& request, bool counted);

  SendResult send_request(const codec::Pdu& request, bool counted, ResponseCallback on_response);
  void complete(RequestWindow::Entry& entry, const Response& response);
  void on_frame(std::span<const uint8_t> frame);
  void on_malformed(std::span<const uint8_t> frame, const codec::DecodeError& error);
  void on_response(const codec::Pdu& response);
  void on_request(const codec::Pdu& request);
  void answer(codec::CommandId response_id, uint32_t sequence_number, uint32_t command_status);
  void close_after_flush(std::string_view reason);
  void finish_peer_unbind();
  void send_enquire_link();

  boost::asio::any_io_executor executor_;
  SessionOptions options_;
  boost::asio::ip::tcp::socket socket_;
  RequestWindow window_;
  codec::DecodeOptions decode_options_;
  DeliverHandler deliver_handler_;
  DeliverStatus deliver_status_;

  State state_ = State::idle;
  bool closing_after_flush_ = false;
  std::string close_reason_;
  bool enquire_link_outstanding_ = false;
  bool peer_unbinding_ = false;  // the SMSC's unbind waits for our requests in flight
  uint32_t peer_unbind_sequence_ = 0;
  uint64_t unexpected_responses_ = 0;
  uint32_t progress_waiters_ = 0;
  Clock::time_point last_activity_;

  codec::Pdu inbound_;   // reused for every PDU read
  codec::Pdu outbound_;  // reused for the header-only resps we answer with
  std::vector<uint8_t> outbox_;
  std::vector<uint8_t> writing_;
  // Wake-ups: their expiry stays at the end of time and cancel() wakes whoever waits.
  boost::asio::steady_timer writer_wake_;
  boost::asio::steady_timer reader_wake_;
  boost::asio::steady_timer progress_wake_;
  boost::asio::steady_timer watchdog_timer_;
};

}  // namespace smppd::tools
