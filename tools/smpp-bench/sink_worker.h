#pragma once

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <string>

#include "host/codec/receipt/message_state.h"
#include "tools/smpp-bench/receiver_registry.h"
#include "tools/smpp-bench/sink_counters.h"
#include "tools/smpp-bench/sink_options.h"

namespace smppd::tools::bench {

// One thread of the sink: its io_context, its counters and its share of the message ids. The
// sessions pinned to it use these from that thread only.
class SinkWorker {
 public:
  SinkWorker(const SinkOptions& sink_options, ReceiverRegistry& registry, codec::MessageState state, uint32_t index,
             uint32_t count)
      : options(sink_options), receivers(registry), receipt_state(state), index_(index), count_(count) {}
  SinkWorker(const SinkWorker&) = delete;
  SinkWorker& operator=(const SinkWorker&) = delete;

  // The next message id, written into `out` (whose storage is reused): worker i issues the numbers
  // i+1, i+1+count, ..., so ids are unique across workers without sharing a counter.
  void next_message_id(std::string& out);
  uint64_t next_session_seed() { return ++sessions_started_ * 0x9E3779B97F4A7C15ull + index_; }

  const SinkOptions& options;
  ReceiverRegistry& receivers;
  const codec::MessageState receipt_state;
  SinkCounters counters;

 private:
  uint32_t index_;
  uint32_t count_;
  uint64_t issued_ = 0;
  uint64_t sessions_started_ = 0;

 public:
  // Declared last, so it is destroyed first: the sessions it still holds then find the counters
  // and the registry in place.
  boost::asio::io_context context{1};
};

}  // namespace smppd::tools::bench
