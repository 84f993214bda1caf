// mock: the one file that touches the plugin ABI (through the C++ SDK). An upstream transport
// that simulates an SMSC: the services MockSmsc uses, made of the host's timers, complete() and
// deliver(), and the copy of each submit it keeps.
#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "plugins/upstream/mock/deliver_sm.h"
#include "plugins/upstream/mock/message_id_generator.h"
#include "plugins/upstream/mock/mock_config.h"
#include "plugins/upstream/mock/mock_services.h"
#include "plugins/upstream/mock/mock_smsc.h"
#include "plugins/upstream/mock/receipt_text.h"
#include "plugins/upstream/mock/submitted_message.h"
#include "smppd/cxx/plugin.hpp"

#ifndef SMPPD_MOCK_VERSION
#error "SMPPD_MOCK_VERSION comes from manifests/mock.toml (see CMakeLists.txt)"
#endif

namespace smppd::plugins::mock {
namespace {

namespace cxx = smppd::cxx;

constexpr uint16_t kTagMessagePayload = 0x0424;

struct StatName {
  MockStat stat;
  const char* name;
  const char* help;
};
constexpr std::array<StatName, 5> kStats = {{
    {MockStat::submits, "submits", "submits the mock SMSC took"},
    {MockStat::submit_errors, "submit_errors", "submits answered with a configured error status"},
    {MockStat::receipts, "receipts", "delivery receipts handed to smppd"},
    {MockStat::mo_messages, "mo_messages", "mobile-originated messages handed to smppd"},
    {MockStat::deliveries_refused, "deliveries_refused", "receipts and MO smppd could not take"},
}};

using Counters = std::array<cxx::Counter, kStats.size()>;

class AbiMockServices final : public MockServices {
 public:
  AbiMockServices(const cxx::Host& host, const cxx::Upstream& upstream, const Counters& counters)
      : host_(host), upstream_(upstream), counters_(counters) {}

  int32_t schedule(std::chrono::nanoseconds delay, std::function<void()> task) const override {
    return host_.schedule(delay, std::move(task));
  }
  int32_t complete(uint64_t token, uint32_t command_status, std::string_view message_id) const override {
    return host_.complete(token, command_status, message_id);
  }
  int32_t deliver(const DeliverSm& message) const override {
    cxx::OwnedMessage owned = upstream_.new_message(SMPPD_CMD_DELIVER_SM);
    if (!owned) return SMPPD_E_UNSUPPORTED;
    cxx::Message fields = owned.message();
    const int32_t results[] = {
        fields.set_int(SMPPD_F_ESM_CLASS, message.esm_class),
        fields.set_string(SMPPD_F_SOURCE_ADDR, message.source_addr),
        fields.set_int(SMPPD_F_SOURCE_ADDR_TON, message.source_addr_ton),
        fields.set_int(SMPPD_F_SOURCE_ADDR_NPI, message.source_addr_npi),
        fields.set_string(SMPPD_F_DESTINATION_ADDR, message.destination_addr),
        fields.set_int(SMPPD_F_DEST_ADDR_TON, message.dest_addr_ton),
        fields.set_int(SMPPD_F_DEST_ADDR_NPI, message.dest_addr_npi),
        fields.set_int(SMPPD_F_DATA_CODING, message.data_coding),
        fields.set_string(SMPPD_F_SHORT_MESSAGE, message.short_message),
    };
    for (const int32_t rc : results) {
      if (rc != SMPPD_OK) {
        host_.warn("a deliver_sm field was refused; the message is dropped");
        return rc;  // `owned` frees it
      }
    }
    for (const auto& [tag, value] : message.tlvs) {
      const int32_t rc = fields.set_tlv(tag, value);
      if (rc != SMPPD_OK) {
        host_.warn("a deliver_sm TLV was refused; the message is dropped");
        return rc;
      }
    }
    return upstream_.deliver(std::move(owned));
  }
  int64_t monotonic_ns() const noexcept override { return host_.monotonic().count(); }
  int64_t realtime_ns() const noexcept override { return host_.realtime().count(); }
  void count(MockStat stat) const noexcept override { counters_[static_cast<size_t>(stat)].add(); }
  void warn(std::string_view message) const noexcept override { host_.warn(message); }

 private:
  cxx::Host host_;
  cxx::Upstream upstream_;  // valid until stop() returns: MockSmsc reaches it only before
  Counters counters_;
};

// What the mock keeps of a submit: the message is the host's and ends with the call.
SubmittedMessage copy_submit(const cxx::Message& message) {
  SubmittedMessage copy;
  copy.registered_delivery = static_cast<uint8_t>(message.get_int(SMPPD_F_REGISTERED_DELIVERY).value_or(0));
  copy.source_addr = std::string(message.string_or(SMPPD_F_SOURCE_ADDR));
  copy.source_addr_ton = static_cast<uint8_t>(message.get_int(SMPPD_F_SOURCE_ADDR_TON).value_or(0));
  copy.source_addr_npi = static_cast<uint8_t>(message.get_int(SMPPD_F_SOURCE_ADDR_NPI).value_or(0));
  copy.destination_addr = std::string(message.string_or(SMPPD_F_DESTINATION_ADDR));
  copy.dest_addr_ton = static_cast<uint8_t>(message.get_int(SMPPD_F_DEST_ADDR_TON).value_or(0));
  copy.dest_addr_npi = static_cast<uint8_t>(message.get_int(SMPPD_F_DEST_ADDR_NPI).value_or(0));
  const auto data_coding = static_cast<uint8_t>(message.get_int(SMPPD_F_DATA_CODING).value_or(0));
  std::string_view octets = message.string_or(SMPPD_F_SHORT_MESSAGE);
  if (octets.empty()) octets = message.tlv(kTagMessagePayload).value_or(std::string_view{});
  std::string_view decoded;  // the host decodes only when the raw octets would not read as text
  if (!quotes_raw_octets(data_coding)) {
    if (const auto text = message.text()) decoded = text->utf8;
  }
  copy.text_head = receipt_text_head(octets, data_coding, decoded);
  return copy;
}

class MockTransportConfig {
 public:
  MockTransportConfig(const cxx::Host& host, std::string_view json)
      : host_(host), settings_(std::make_shared<const MockConfig>(parse_mock_config(json))) {
    (void)MessageIdGenerator::process();  // its random prefix is drawn here, on the control thread
    for (const StatName& stat : kStats) {
      counters_[static_cast<size_t>(stat.stat)] = host.counter(stat.name, stat.help).value_or(cxx::Counter{});
    }
  }

  std::shared_ptr<MockSmsc> start(const cxx::Upstream& upstream) const {
    auto services = std::make_shared<const AbiMockServices>(host_, upstream, counters_);
    auto smsc = std::make_shared<MockSmsc>(settings_, std::move(services), MessageIdGenerator::process());
    smsc->start();
    return smsc;
  }

 private:
  cxx::Host host_;
  std::shared_ptr<const MockConfig> settings_;  // shared with the timers, which outlive this
  Counters counters_{};
};

class MockTransport {
 public:
  MockTransport(MockTransportConfig& config, cxx::Upstream upstream) : smsc_(config.start(upstream)) {}

  int32_t submit(const cxx::Message& message, uint64_t token) { return smsc_->submit(copy_submit(message), token); }
  void stop() { smsc_->stop(); }

 private:
  std::shared_ptr<MockSmsc> smsc_;
};

struct Mock {
  static constexpr const char* name = "mock";
  static constexpr const char* config_schema = kConfigSchema;
  using Config = MockTransportConfig;
  using Instance = MockTransport;
};

constexpr smppd_factory kFactories[] = {cxx::upstream_factory<Mock>()};

}  // namespace

constexpr smppd_plugin_descriptor kDescriptor = cxx::plugin_descriptor(
    "mock", SMPPD_MOCK_VERSION, "Upstream transport: a simulated SMSC (latency, errors, receipts, MO)", kFactories);

}  // namespace smppd::plugins::mock

SMPPD_CXX_PLUGIN_ENTRY(smppd::plugins::mock::kDescriptor);
