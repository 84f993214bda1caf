#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "host/codec/pdu.h"
#include "host/codec/pdu_decoder.h"
#include "host/codec/receipt/delivery_receipt.h"
#include "tools/smpp-bench/pending_receipt.h"
#include "tools/smpp-bench/sink_worker.h"

namespace smppd::tools::bench {

// One ESME connected to the sink. Everything one read brings is answered into one buffer that
// goes out in one write; the PDUs it reads, answers and sends as receipts reuse three Pdu records,
// so a submit costs the codec's decode and encode and little else.
class SinkSession : public std::enable_shared_from_this<SinkSession> {
 public:
  SinkSession(SinkWorker& worker, boost::asio::ip::tcp::socket socket);
  ~SinkSession();
  SinkSession(const SinkSession&) = delete;
  SinkSession& operator=(const SinkSession&) = delete;

  void start();
  // Receipts owed by a transmitter of the same system_id; runs on this session's executor.
  void accept_receipts(std::vector<PendingReceipt> receipts);
  boost::asio::any_io_executor executor() { return writer_wake_.get_executor(); }

 private:
  enum class State : uint8_t { open, bound_tx, bound_rx, bound_trx, closed };
  using Clock = std::chrono::steady_clock;

  boost::asio::awaitable<void> read_loop();
  boost::asio::awaitable<void> write_loop();
  boost::asio::awaitable<void> receipt_loop();

  void on_frame(std::span<const uint8_t> frame);
  void on_malformed(std::span<const uint8_t> frame, const codec::DecodeError& error);
  void on_bind(const codec::Pdu& request);
  void on_submit(const codec::Pdu& request);
  void on_receipt_response(const codec::Pdu& response);
  void answer(codec::CommandId response_id, uint32_t sequence_number, uint32_t command_status);
  void encode(const codec::Pdu& pdu);

  void queue_receipt(const codec::Pdu& submit, const std::string& message_id);
  // After a read's PDUs: receipts now due go out with the resps, receipts for a receiver
  // elsewhere are handed over, and the receipt timer is re-armed.
  void after_read();
  void send_due_receipts(Clock::time_point now);
  void hand_over_receipts();
  void wake_receipt_loop();
  uint32_t next_sequence_number();
  uint64_t next_random();

  void close_after_flush();
  void close();

  SinkWorker& worker_;
  const SinkOptions& options_;
  SinkCounters& counters_;
  boost::asio::ip::tcp::socket socket_;
  codec::DecodeOptions decode_options_;
  State state_ = State::open;
  bool closing_after_flush_ = false;
  bool registered_as_receiver_ = false;
  std::string system_id_;

  uint64_t submits_ = 0;
  uint64_t random_state_;
  uint32_t drop_ppm_ = 0;
  std::vector<std::pair<uint32_t, uint32_t>> fail_edges_;  // (cumulative ppm, status)

  codec::Pdu inbound_;
  codec::Pdu response_;
  codec::Pdu receipt_pdu_;
  codec::DeliveryReceipt receipt_text_;
  Clock::time_point batch_now_;
  std::chrono::sys_seconds batch_wall_clock_{};

  std::deque<PendingReceipt> receipts_;
  // By sequence_number until answered, to send one again that is refused for now.
  std::unordered_map<uint32_t, PendingReceipt> receipts_sent_;
  std::vector<PendingReceipt> receipts_elsewhere_;  // for a receiver on another session
  uint32_t receipts_in_flight_ = 0;
  uint32_t last_sequence_number_ = 0;
  bool receipt_loop_sleeping_ = false;

  std::vector<uint8_t> outbox_;
  std::vector<uint8_t> writing_;
  boost::asio::steady_timer writer_wake_;
  boost::asio::steady_timer reader_wake_;
  boost::asio::steady_timer receipt_timer_;
};

}  // namespace smppd::tools::bench
