#pragma once

// What the proxy-path tests (proxy_*_test.cc) share: upstream SMSCs on free 127.0.0.1 ports
// (`smpp-bench sink` processes, or the in-test FakeSmsc), the TOML of clusters pointing at them,
// and a client that answers and collects what smppd delivers to it.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/codec/pdu.h"
#include "tests/integration/integration_test.h"
#include "tests/support/fake_smsc.h"
#include "tests/tools/tool_process.h"

namespace smppd::integration {

using testing::FakeSmsc;

// A `smpp-bench sink` process listening on a free port; killed with the test at the latest.
class SinkProcess {
 public:
  // On `port`, or a free one when 0.
  explicit SinkProcess(std::vector<std::string> extra_arguments = {}, uint16_t port = 0);

  bool listening();
  uint16_t port() const { return port_; }
  testing::ToolProcess& process() { return *process_; }
  // SIGTERM; the sink prints its totals and exits 0.
  std::optional<int> stop();
  // One of the totals printed at SIGTERM ("ESME_RTHROTTLED", "submits"), or nothing.
  std::optional<uint64_t> total(std::string_view label);

 private:
  uint16_t port_;
  std::unique_ptr<testing::ToolProcess> process_;
};

// One [[clusters.endpoints]] entry: short timeouts and backoff, so that tests stay fast.
struct EndpointSpec {
  EndpointSpec(std::string name_, uint16_t port_, std::string extra_ = "")
      : name(std::move(name_)), port(port_), extra(std::move(extra_)) {}

  std::string name;
  uint16_t port = 0;
  std::string extra;  // more keys, as TOML lines ("window = 1\n")
};

// A whole [[clusters]] table with its endpoints; `extra` holds more cluster keys as TOML lines.
std::string cluster_toml(const std::string& name, const std::vector<EndpointSpec>& endpoints,
                         const std::string& extra = "");

// The submit_sm a client sends through the proxy, with a receipt asked for (registered_delivery 1).
codec::Pdu submit_with_receipt(std::string_view destination, std::string_view text);

// The ids a receipt carries: the receipted_message_id TLV and the text's id:, and the text: field.
struct ReceiptFields {
  std::optional<std::string> tlv_id;
  std::string text_id;
  std::string excerpt;
};
ReceiptFields receipt_fields(const codec::Pdu& receipt);

// Reads PDUs (those call() put aside first) until a deliver_sm arrives and answers it with
// `status`; nothing when none came within `timeout`. Responses read meanwhile are kept in `responses`
// when given, else dropped.
std::optional<codec::Pdu> next_deliver_sm(testing::SmppTestClient& client, Millis timeout,
                                          uint32_t status = 0, std::vector<codec::Pdu>* responses = nullptr);

// Reads until `responses` responses and `delivers` deliver_sm have arrived (the PDUs call() put
// aside included), or `timeout` passed; answers each deliver_sm with ESME_ROK. Everything read, in
// the order it arrived.
std::vector<codec::Pdu> read_traffic(testing::SmppTestClient& client, size_t responses, size_t delivers,
                                     Millis timeout);

class ProxyTest : public IntegrationTest {
 protected:
  // The smppd listener of these tests: no authentication, a window of 32, and short timeouts.
  static ListenerSpec client_listener();
  // Starts smppd with client_listener() and `top` (clusters, routes, state).
  void start_proxy(const std::string& top) { start(client_listener(), top); }

  // A sink started with these options; kept (and stopped) until the test's smppd has stopped.
  SinkProcess& start_sink(std::vector<std::string> arguments = {});
  FakeSmsc& start_fake_smsc();

  // A transceiver (or another bind) of `system_id`, or nullptr with a failure added.
  std::unique_ptr<testing::SmppTestClient> bound_as(const std::string& system_id,
                                                    CommandId bind_command = CommandId::bind_transceiver);

 private:
  std::vector<std::unique_ptr<SinkProcess>> sinks_;
  std::vector<std::unique_ptr<FakeSmsc>> fakes_;
};

}  // namespace smppd::integration
