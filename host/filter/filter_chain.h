#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "host/filter/filter_chain_config.h"

struct smppd_call;

namespace smppd::api {
struct SessionInfo;
}

namespace smppd::filter {

struct ChainVerdict {
  enum Kind : uint8_t {
    proceed,    // every filter continued
    stop,       // a filter (or a deadline, failing closed) stopped the request with `status`
    abandoned,  // the session closed while the request was paused: answer nothing
  };
  Kind kind = proceed;
  uint32_t status = 0;
  std::string filter;  // who stopped it
  // How many filters, from the first, saw the request and were not cancelled: they are owed an
  // on_complete (complete()).
  size_t seen = 0;
  // Among those, the ones whose pause was cancelled at its deadline (bit i: slot i): no
  // on_complete for them.
  uint64_t cancelled = 0;
};

// The filter chain of one session: per-session plugin instances, and the run of one request
// through them. Lives on the session's worker; every method is called there.
class FilterChain {
 public:
  FilterChain(std::shared_ptr<const FilterChainConfig> config, const api::SessionInfo& session);
  ~FilterChain();  // session_free for each instance: call only when idle()
  FilterChain(const FilterChain&) = delete;
  FilterChain& operator=(const FilterChain&) = delete;

  // False when a plugin refused to make its per-session instance; `error` names it.
  bool ready() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // Runs `call` through the filters in order. `default_failure_status` answers a filter that
  // fails closed without a configured status (ESME_RBINDFAIL for binds, ESME_RSYSERR otherwise).
  boost::asio::awaitable<ChainVerdict> run(smppd_call& call, uint32_t default_failure_status);

  // Tells the filters that saw the request how it ended: `response` is what the client is sent (or
  // would have been, had its session not closed meanwhile), nullptr when no resp was ever known.
  void complete(smppd_call& call, const ChainVerdict& verdict, const smppd_message* response);

  // The session is closing: every paused request is cancelled (the plugin's on_cancel runs now)
  // and its run() returns `abandoned`. A later resume is ignored by the registry.
  void cancel_all();
  bool idle() const { return running_ == 0; }
  size_t paused_count() const { return paused_.size(); }

 private:
  struct Pause;

  std::shared_ptr<const FilterChainConfig> config_;
  std::vector<void*> instances_;
  std::string error_;
  std::unordered_set<std::shared_ptr<Pause>> paused_;
  size_t running_ = 0;
  bool cancelled_ = false;
};

}  // namespace smppd::filter
