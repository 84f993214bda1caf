#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/filter/firewall/rule_clocks.h"
#include "smppd/cxx/severity.hpp"

namespace smppd::plugins::firewall {

using Severity = smppd::cxx::Severity;

// An attribute the firewall sets on a call ("firewall.tag" = "spam").
struct Tag {
  std::string key;
  std::string value;
  friend bool operator==(const Tag&, const Tag&) = default;
};

// What the firewall answers for a message (or every part of a concatenated one).
struct Decision {
  bool deny = false;
  uint32_t command_status = 0;  // for a deny
  std::vector<Tag> tags;        // set on the call(s), deny or not
};

// What the firewall's logic needs from smppd. plugin.cc implements it over the host's tables;
// everything else in this folder stays free of the ABI. Any thread, unless said otherwise.
class HostServices : public RuleClocks {
 public:
  virtual bool log_enabled(Severity severity) const noexcept = 0;
  virtual void log(Severity severity, std::string_view message) const noexcept = 0;

  // Control thread: a counter named `name`; nullopt when the host has no metrics.
  virtual std::optional<uint32_t> define_counter(std::string_view name, std::string_view help) const = 0;
  virtual void count(uint32_t counter, uint64_t delta) const noexcept = 0;

  // Runs task once on a host timer thread after `delay`. False when refused (smppd is stopping):
  // the task is then dropped unrun.
  virtual bool schedule(std::chrono::nanoseconds delay, std::function<void()> task) const = 0;
  // Runs work on the host's blocking pool; false when its queue is full (work dropped unrun).
  virtual bool run_blocking(std::function<void()> work) const = 0;

  // Ends the pause of a held part: its tags, then resume with the decision. False when the call
  // is gone (its session closed or its deadline passed).
  virtual bool finish(uint64_t token, const Decision& decision) const noexcept = 0;
};

}  // namespace smppd::plugins::firewall
