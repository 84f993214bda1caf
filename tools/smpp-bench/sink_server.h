#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tools/smpp-bench/receiver_registry.h"
#include "tools/smpp-bench/sink_counters.h"
#include "tools/smpp-bench/sink_options.h"
#include "tools/smpp-bench/sink_worker.h"

namespace smppd::tools::bench {

// `smpp-bench sink`: listens, spreads connections over its worker threads (one io_context each,
// a session pinned to one), and answers as SinkSession does. Usable in-process by tests.
class SinkServer {
 public:
  explicit SinkServer(SinkOptions options);
  ~SinkServer();
  SinkServer(const SinkServer&) = delete;
  SinkServer& operator=(const SinkServer&) = delete;

  // Listens and starts the threads; false (see error()) when the address cannot be bound or the
  // options are invalid.
  bool start();
  // Stops accepting and ends every session at once; the totals stay readable.
  void stop();

  const std::string& error() const { return error_; }
  // The port listened on: the one asked for, or the kernel's pick for port 0.
  uint16_t port() const { return port_; }
  const SinkOptions& options() const { return options_; }
  SinkTotals totals() const;

 private:
  boost::asio::awaitable<void> accept_loop();

  SinkOptions options_;
  ReceiverRegistry receivers_;
  std::vector<std::unique_ptr<SinkWorker>> workers_;
  std::unique_ptr<boost::asio::ip::tcp::acceptor> acceptor_;
  std::vector<std::thread> threads_;
  uint16_t port_ = 0;
  std::string error_;
};

}  // namespace smppd::tools::bench
