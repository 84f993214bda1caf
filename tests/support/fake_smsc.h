#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "host/codec/pdu.h"

namespace smppd::testing {

// An SMSC in the test process that the test fully controls, for what `smpp-bench sink` cannot
// do: answer a submit late or never, send a receipt before its submit_sm_resp, spell message ids
// its own way, send MO, and keep a receipt until smppd has restarted. It listens on a free port of
// 127.0.0.1 and serves any number of binds (smppd is the ESME). One thread does all the I/O with
// poll(); binds, enquire_link and unbind are answered by it at once, every submit_sm and data_sm
// goes to the submit handler, and everything else the test asks for goes out when it is due.
// Every public call is thread-safe.
class FakeSmsc {
 public:
  using Millis = std::chrono::milliseconds;

  // A submit_sm (or data_sm) as it arrived: which connection sent it, and the PDU.
  struct Submit {
    uint64_t connection = 0;
    codec::Pdu pdu;
  };
  // A deliver_sm_resp smppd sent for one of our deliver_sm, by that deliver_sm's sequence number.
  struct DeliverResp {
    uint64_t connection = 0;
    uint32_t command_status = 0;
  };
  // Decides what becomes of a submit; runs on the fake's thread, without its lock, so it may call
  // respond(), deliver() and the rest. The default answers ESME_ROK at once with next_message_id().
  using SubmitHandler = std::function<void(FakeSmsc& smsc, const Submit& submit)>;

  FakeSmsc();
  ~FakeSmsc();
  FakeSmsc(const FakeSmsc&) = delete;
  FakeSmsc& operator=(const FakeSmsc&) = delete;

  // False when no port could be opened; error() says why.
  bool listening() const { return listen_fd_ >= 0; }
  const std::string& error() const { return error_; }
  uint16_t port() const { return port_; }

  void set_submit_handler(SubmitHandler handler);

  // "msg1", "msg2", ...: ids that no base conversion can take for another message's.
  std::string next_message_id();

  // Answers `submit` after `delay`: submit_sm_resp (or data_sm_resp) with this status, and the
  // message_id when the status is 0.
  void respond(const Submit& submit, uint32_t command_status, const std::string& message_id,
               Millis delay = Millis(0));
  // Sends a request (deliver_sm, ...) on `connection` after `delay`, numbered by the fake; returns
  // its sequence number, to find its deliver_sm_resp with wait_deliver_resp().
  uint32_t deliver(uint64_t connection, codec::Pdu request, Millis delay = Millis(0));
  // Closes every connection at once (an SMSC that goes away).
  void close_all();

  // The connections that are bound now, oldest first.
  std::vector<uint64_t> bound_connections() const;
  // Waits until at least `count` connections are bound; the newest of them, or nothing.
  std::optional<uint64_t> wait_bound(size_t count, Millis timeout) const;
  // Every bind the fake has accepted so far, closed ones included.
  size_t binds_accepted() const;

  std::vector<Submit> submits() const;
  // Waits until `count` submits have arrived in all; false on timeout.
  bool wait_submits(size_t count, Millis timeout) const;
  std::optional<DeliverResp> wait_deliver_resp(uint32_t sequence_number, Millis timeout) const;
  // The message_id `submit` was accepted with (by respond() with status 0), once it has been.
  std::optional<std::string> wait_message_id(const Submit& submit, Millis timeout) const;

  // A delivery receipt for `submit` (deliver_sm, esm_class 0x04, addresses swapped): the text of
  // SMPP v3.4 Appendix B with `text_id` after id: (no id: key at all when it is empty), stat
  // DELIVRD and the first 20 octets of the submit's text; the receipted_message_id TLV when
  // `tlv_id` is given, and message_state 2 (DELIVERED).
  static codec::Pdu make_receipt(const codec::Pdu& submit, std::string_view text_id,
                                 std::optional<std::string_view> tlv_id);
  // A mobile-originated deliver_sm (esm_class 0, data_coding 0).
  static codec::Pdu make_mo(std::string_view source, std::string_view destination, std::string_view text);

 private:
  struct Connection {
    int fd = -1;
    bool bound = false;
    std::vector<uint8_t> inbox;
    std::vector<uint8_t> outbox;
  };
  struct Outgoing {
    uint64_t connection = 0;
    std::vector<uint8_t> bytes;
  };
  using Clock = std::chrono::steady_clock;

  void run();
  void wake() const;
  // With mutex_ held: reads what connection `id` has, handles each whole PDU; false once it closed.
  bool read_from(uint64_t id, Connection& connection, std::vector<Submit>& new_submits);
  void handle(uint64_t id, Connection& connection, const codec::Pdu& pdu, std::vector<Submit>& new_submits);
  void queue_now(Connection& connection, const codec::Pdu& pdu);
  void enqueue(uint64_t connection, const codec::Pdu& pdu, Millis delay);
  bool flush(Connection& connection);

  int listen_fd_ = -1;
  int wake_fds_[2] = {-1, -1};
  uint16_t port_ = 0;
  std::string error_;
  std::thread thread_;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  bool stopping_ = false;
  bool close_all_ = false;
  SubmitHandler handler_;
  std::map<uint64_t, Connection> connections_;
  std::multimap<Clock::time_point, Outgoing> timed_;
  uint64_t next_connection_ = 1;
  uint32_t next_sequence_ = 1;
  uint64_t next_id_ = 1;
  size_t binds_accepted_ = 0;
  std::vector<Submit> submits_;
  std::map<uint32_t, DeliverResp> deliver_resps_;
  std::map<std::pair<uint64_t, uint32_t>, std::string> accepted_ids_;  // by connection and sequence
};

}  // namespace smppd::testing
