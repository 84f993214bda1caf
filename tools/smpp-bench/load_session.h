#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "host/codec/pdu.h"
#include "tools/smpp-bench/load_control.h"
#include "tools/smpp-bench/load_options.h"
#include "tools/smpp-bench/load_stats.h"
#include "tools/smpp-bench/message_mix.h"
#include "tools/smpp/esme_session.h"

namespace smppd::tools::bench {

// One bound transceiver of a load run: keeps its window full (or takes what the shared token
// bucket grants), resends prebuilt submit_sm templates so that a submit costs an encode and no
// allocation, and counts resps and receipts into its thread's stats.
class LoadSession {
 public:
  LoadSession(boost::asio::any_io_executor executor, const LoadOptions& options, LoadControl& control,
              LoadStats& stats, uint32_t index);
  LoadSession(const LoadSession&) = delete;
  LoadSession& operator=(const LoadSession&) = delete;

  // Binds, waits for the start, sends until the end, waits for the resps, waits for the runner's
  // word and unbinds.
  boost::asio::awaitable<void> run();

 private:
  // A fresh session_, connected and bound (or closed, with the reason).
  boost::asio::awaitable<BindResult> connect_and_bind();
  // --rebind: when the SMSC unbound or closed the session while the run sends, waits for it to
  // close, then binds a new one (trying again while refused). False when still bound, or when
  // binding again failed.
  boost::asio::awaitable<bool> rebind_when_let_go(boost::asio::steady_timer& timer);
  boost::asio::awaitable<void> send_loop(boost::asio::steady_timer& timer);
  boost::asio::awaitable<void> wait_while(boost::asio::steady_timer& timer, LoadPhase phase);
  SendResult send_next();
  void on_response(const Response& response);
  void on_deliver(const IncomingReceipt* receipt);

  boost::asio::any_io_executor executor_;
  const LoadOptions& options_;
  LoadControl& control_;
  LoadStats& stats_;
  uint32_t index_;
  std::shared_ptr<EsmeSession> session_;

  std::array<std::vector<codec::Pdu>, kMessageKindCount> templates_;
  MixSchedule schedule_;
  std::vector<codec::Pdu>* message_ = nullptr;  // the message being sent, part by part
  size_t next_part_ = 0;
  uint16_t reference_ = 0;
};

}  // namespace smppd::tools::bench
