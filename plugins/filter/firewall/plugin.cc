// firewall: the one file that touches the plugin ABI (through the C++ SDK). The descriptor, the
// factory, the host services the logic uses, and the mapping between calls and message facts.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugins/filter/firewall/concat_assembler.h"
#include "plugins/filter/firewall/content_index.h"
#include "plugins/filter/firewall/config_schema.h"
#include "plugins/filter/firewall/firewall.h"
#include "plugins/filter/firewall/firewall_config.h"
#include "plugins/filter/firewall/host_services.h"
#include "smppd/cxx/plugin.hpp"

#ifndef SMPPD_FIREWALL_VERSION
#error "SMPPD_FIREWALL_VERSION comes from manifests/firewall.toml (see CMakeLists.txt)"
#endif

namespace smppd::plugins::firewall {
namespace {

namespace cxx = smppd::cxx;

class AbiHostServices final : public HostServices {
 public:
  explicit AbiHostServices(const cxx::Host& host) : host_(host) {}

  int64_t monotonic_ns() const noexcept override { return host_.monotonic().count(); }
  int64_t realtime_ns() const noexcept override { return host_.realtime().count(); }
  bool log_enabled(Severity severity) const noexcept override { return host_.log_enabled(cxx::log_level_of(severity)); }
  void log(Severity severity, std::string_view message) const noexcept override { host_.log(cxx::log_level_of(severity), message); }

  // Control thread, before the firewall counts anything: the vector no longer changes after.
  std::optional<uint32_t> define_counter(std::string_view name, std::string_view help) const override {
    const auto counter = host_.counter(name, help);
    if (!counter) return std::nullopt;
    counters_.push_back(*counter);
    return static_cast<uint32_t>(counters_.size() - 1);
  }
  void count(uint32_t counter, uint64_t delta) const noexcept override {
    if (counter < counters_.size()) counters_[counter].add(delta);
  }

  bool schedule(std::chrono::nanoseconds delay, std::function<void()> task) const override {
    return host_.schedule(delay, std::move(task)) == SMPPD_OK;
  }
  bool run_blocking(std::function<void()> work) const override { return host_.run_blocking(std::move(work)) == SMPPD_OK; }

  bool finish(uint64_t token, const Decision& decision) const noexcept override {
    for (const Tag& tag : decision.tags) {
      if (host_.token_set_string(token, cxx::Scope::call, tag.key, tag.value) == SMPPD_E_NOT_FOUND) return false;
    }
    const cxx::Verdict verdict =
        decision.deny ? cxx::Verdict::Stop(decision.command_status) : cxx::Verdict::Continue();
    return host_.resume(token, verdict) == SMPPD_OK;
  }

 private:
  cxx::Host host_;
  mutable std::vector<cxx::Counter> counters_;
};

class FirewallFilterConfig {
 public:
  FirewallFilterConfig(const cxx::Host& host, std::string_view json)
      : firewall_(Firewall::create(parse_firewall_config(json), std::make_shared<AbiHostServices>(host))) {
    firewall_->start();
  }
  ~FirewallFilterConfig() { firewall_->stop(); }
  FirewallFilterConfig(const FirewallFilterConfig&) = delete;
  FirewallFilterConfig& operator=(const FirewallFilterConfig&) = delete;

  const std::shared_ptr<Firewall>& firewall() const noexcept { return firewall_; }

 private:
  std::shared_ptr<Firewall> firewall_;
};

bool inspected(uint32_t command_id) noexcept {
  return command_id == SMPPD_CMD_SUBMIT_SM || command_id == SMPPD_CMD_DATA_SM || command_id == SMPPD_CMD_SUBMIT_MULTI;
}

class FirewallSession {
 public:
  FirewallSession(FirewallFilterConfig& config, const cxx::SessionInfo&)
      : assembler_(std::make_shared<ConcatAssembler>(config.firewall())),
        reads_coding_(config.firewall()->reads_coding()) {}

  cxx::Verdict on_request(cxx::Call& call, uint64_t token) {
    const cxx::Message message = call.message();
    if (!inspected(message.command_id())) return cxx::Verdict::Continue();

    // Views into the call: the assembler copies what it holds.
    MessageFacts facts;
    facts.source_addr = message.string_or(SMPPD_F_SOURCE_ADDR);
    facts.destination_addr = message.string_or(SMPPD_F_DESTINATION_ADDR);
    if (reads_coding_) {
      facts.data_coding = static_cast<uint8_t>(message.get_int(SMPPD_F_DATA_CODING).value_or(0));
      facts.esm_class = static_cast<uint8_t>(message.get_int(SMPPD_F_ESM_CLASS).value_or(0));
    }
    facts.system_id = client_.of(call);
    PartInfo part;
    if (const auto text = message.text()) {
      facts.text = text->utf8;
      part.reference = text->concat_ref;
      part.total = text->concat_total;
      part.sequence = text->concat_seq;
    }

    const ConcatAssembler::Answer answer = assembler_->add(facts, part, token);
    if (answer.held) return cxx::Verdict::Pause();
    for (const Tag& tag : answer.decision.tags) call.set_string(cxx::Scope::call, tag.key, tag.value);
    return answer.decision.deny ? cxx::Verdict::Stop(answer.decision.command_status) : cxx::Verdict::Continue();
  }

  void on_cancel(uint64_t token) { assembler_->cancel(token); }

 private:
  std::shared_ptr<ConcatAssembler> assembler_;
  bool reads_coding_;
  cxx::BoundSystemId client_;
};

struct FirewallFilter {
  static constexpr const char* name = "firewall";
  static constexpr const char* config_schema = kConfigSchema;
  using Config = FirewallFilterConfig;
  using Session = FirewallSession;
};

void init(const cxx::Host&) {
  if (!hyperscan_supported()) throw std::runtime_error("Hyperscan does not run on this CPU (it needs SSSE3)");
}

constexpr smppd_factory kFactories[] = {cxx::filter_factory<FirewallFilter>()};

}  // namespace

constexpr smppd_plugin_descriptor kDescriptor = cxx::plugin_descriptor(
    "firewall", SMPPD_FIREWALL_VERSION,
    "SMS firewall: ordered rules on content, URLs, numbers, clients, time and rates; deny, tag or monitor",
    kFactories, cxx::init_hook<&init>);

}  // namespace smppd::plugins::firewall

SMPPD_CXX_PLUGIN_ENTRY(smppd::plugins::firewall::kDescriptor);
