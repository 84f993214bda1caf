#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plugins/filter/firewall/content_index.h"
#include "plugins/filter/firewall/firewall_config.h"
#include "plugins/filter/firewall/firewall_stats.h"
#include "plugins/filter/firewall/host_services.h"
#include "plugins/filter/firewall/list_set.h"
#include "plugins/filter/firewall/message_facts.h"
#include "plugins/filter/firewall/rule_engine.h"

namespace smppd::plugins::firewall {

// One config of the firewall: its rules compiled, its lists loaded and kept fresh, its counters.
// Shared by every session (and the timers of held parts and list polling) of that config;
// decide() runs on any thread at once.
class Firewall : public std::enable_shared_from_this<Firewall> {
 public:
  // Control thread: reads every list, compiles the rules and defines the metrics. Throws
  // ConfigError naming the list or rule at fault.
  static std::shared_ptr<Firewall> create(FirewallConfig config, std::shared_ptr<const HostServices> host);
  ~Firewall();
  Firewall(const Firewall&) = delete;
  Firewall& operator=(const Firewall&) = delete;

  // Starts polling the list files (every list_reload_interval_ms), when there are lists.
  void start();
  // The config is being freed: no more polling. A poll or reload already running finishes.
  void stop() noexcept;

  // The verdict for one whole message. Counts, logs deny and monitor hits, and fails closed
  // (ESME_RSYSERR, logged) when evaluation itself fails.
  Decision decide(const MessageFacts& facts) noexcept;

  const FirewallSettings& settings() const noexcept { return settings_; }
  // Whether decide() looks at MessageFacts::data_coding and esm_class.
  bool reads_coding() const noexcept { return engine_.reads_coding(); }
  const HostServices& host() const noexcept { return *host_; }
  void count(Stat stat, uint64_t delta = 1) const noexcept;

  // Looks at the list files now, as a poll would (tests; the poll runs it on a timer thread).
  // Reloads changed ones on the blocking pool; `then` runs after that (or at once).
  void poll_lists(std::function<void()> then);

 private:
  struct RuleCounters {
    std::optional<uint32_t> matched, denied, tagged, would_deny, would_tag;
  };
  struct ListState {
    std::optional<FileStamp> stamp;  // of the version last read (or tried)
  };

  Firewall(FirewallConfig config, std::shared_ptr<const HostServices> host);
  void load_lists();
  void rebuild_content(const char* why);
  // The content index for the calling thread's message: valid until this thread asks again.
  const ContentIndex& content() const;
  void schedule_poll();
  void reload(std::vector<uint32_t> changed);
  void count_rule(const std::optional<uint32_t>& counter) const noexcept;
  void log_hit(Severity severity, const RuleSpec& rule, const char* what, const MessageFacts& facts) const noexcept;

  std::shared_ptr<const HostServices> host_;
  FirewallSettings settings_;
  std::vector<ListSpec> list_specs_;
  ListSet lists_;
  RuleEngine engine_;
  std::vector<ListState> list_states_;  // the poll chain's own: one poll or reload at a time

  // Swapped when a list file changes, read per message: an atomic pointer, not a mutex. Every
  // worker reads it for every message, so a thread keeps the index it last used and loads the
  // pointer again (its lock and its count shared by all workers) only when the generation, unique
  // in the process, says a reload made a new one.
  std::atomic<std::shared_ptr<const ContentIndex>> content_;
  std::atomic<uint64_t> content_generation_{0};

  std::array<std::optional<uint32_t>, static_cast<size_t>(Stat::count_)> stats_{};
  std::vector<RuleCounters> rule_counters_;
  std::atomic<bool> stopped_{false};
};

}  // namespace smppd::plugins::firewall
