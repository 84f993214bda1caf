#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tools/smpp-client/client_options.h"
#include "tools/smpp/esme_session.h"

namespace smppd::tools::client {

// One run of smpp-client: bind, send every part of every message, print each resp and each
// receipt as it comes, unbind. The exit code says whether everything was accepted (and every
// receipt waited for came).
class ClientRun {
 public:
  ClientRun(boost::asio::any_io_executor executor, ClientOptions options);
  boost::asio::awaitable<int> run();

 private:
  using Clock = std::chrono::steady_clock;

  // One submit_sm sent.
  struct Part {
    uint32_t message = 0;  // 1-based
    uint32_t part = 0;     // 1-based
    uint32_t parts = 0;
    Clock::time_point sent_at;
    bool answered = false;
    bool accepted = false;  // ESME_ROK
    std::string message_id;
    bool receipt = false;
  };

  boost::asio::awaitable<int> listen();
  boost::asio::awaitable<int> send_and_wait();
  boost::asio::awaitable<void> wait_until(Clock::time_point deadline, bool (ClientRun::*done)() const);
  void on_response(size_t index, const Response& response);
  void on_deliver(const codec::Pdu& message, const IncomingReceipt* receipt);
  bool all_receipts_in() const;
  bool never() const { return false; }
  uint32_t receipts_pending() const;

  boost::asio::any_io_executor executor_;
  ClientOptions options_;
  std::shared_ptr<EsmeSession> session_;
  std::vector<Part> parts_;
  boost::asio::steady_timer wake_;
};

}  // namespace smppd::tools::client
