#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/stats/stats_store.h"
#include "smppd/plugin.h"

namespace smppd::filter {

// One configured filter of a listener: the factory's table, the config object the plugin made on
// the control thread (immutable, shared by every session on every worker), and the host's policy
// for a pause that outlives its deadline.
struct FilterSlot {
  std::string name;  // the factory name, e.g. "auth_static"
  const smppd_filter_vtable* vtable = nullptr;
  void* config = nullptr;
  std::chrono::milliseconds timeout{2000};
  bool fail_open = false;
  std::optional<uint32_t> failure_status;  // when failing closed; else ESME_RBINDFAIL / ESME_RSYSERR

  // The vtable's request and completion entries, or nullptr when its struct_size lacks them: set
  // by FilterChainConfig from `vtable`, so a message's turns read the slot, not the plugin's table.
  decltype(smppd_filter_vtable::on_request) on_request = nullptr;
  decltype(smppd_filter_vtable::on_complete) on_complete = nullptr;

  stats::Metric* stopped = nullptr;    // smppd.listener.<l>.filter.<name>.stop
  stats::Metric* paused = nullptr;     // ...pause
  stats::Metric* timed_out = nullptr;  // ...timeout
};

// The ordered filters of one listener. Owns the config objects: config_free runs when the last
// session holding this chain config (through a shared_ptr) is gone, so a reload can swap in a new
// one while old sessions finish on the old.
class FilterChainConfig {
 public:
  explicit FilterChainConfig(std::vector<FilterSlot> slots) : slots_(std::move(slots)) {
    for (FilterSlot& slot : slots_) {
      slot.on_request = SMPPD_HAS(slot.vtable, on_request) ? slot.vtable->on_request : nullptr;
      slot.on_complete = SMPPD_HAS(slot.vtable, on_complete) ? slot.vtable->on_complete : nullptr;
    }
  }
  ~FilterChainConfig();
  FilterChainConfig(const FilterChainConfig&) = delete;
  FilterChainConfig& operator=(const FilterChainConfig&) = delete;

  const std::vector<FilterSlot>& slots() const { return slots_; }

 private:
  std::vector<FilterSlot> slots_;
};

}  // namespace smppd::filter
