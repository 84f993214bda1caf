#include "tests/integration/proxy_test.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "host/codec/command_status.h"
#include "host/codec/receipt/delivery_receipt.h"
#include "host/codec/tlv_tag.h"

namespace smppd::integration {

namespace {

using Clock = std::chrono::steady_clock;

// How long a sink may take to listen: a sanitizer build on a busy machine.
constexpr Millis kSinkStartTimeout{10000};

}  // namespace

// ---- SinkProcess ---------------------------------------------------------------------------

SinkProcess::SinkProcess(std::vector<std::string> extra_arguments, uint16_t port)
    : port_(port != 0 ? port : testing::free_port()) {
  std::vector<std::string> arguments = {SMPP_BENCH_BINARY, "sink", "--port", std::to_string(port_)};
  arguments.insert(arguments.end(), extra_arguments.begin(), extra_arguments.end());
  process_ = std::make_unique<testing::ToolProcess>(arguments);
  const auto deadline = Clock::now() + kSinkStartTimeout;
  while (process_->running() && !testing::port_listening(port_) && Clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
}

bool SinkProcess::listening() { return process_->running() && testing::port_listening(port_); }

std::optional<int> SinkProcess::stop() { return process_->stop(10s); }

std::optional<uint64_t> SinkProcess::total(std::string_view label) {
  std::istringstream lines(process_->output());
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string first;
    std::string value;
    if (words >> first >> value && first == label && !value.empty() &&
        std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::strtoull(value.c_str(), nullptr, 10);
    }
  }
  return std::nullopt;
}

// ---- config --------------------------------------------------------------------------------

std::string cluster_toml(const std::string& name, const std::vector<EndpointSpec>& endpoints, const std::string& extra) {
  std::ostringstream toml;
  toml << "[[clusters]]\nname = \"" << name << "\"\n" << extra << "\n";
  for (const EndpointSpec& endpoint : endpoints) {
    toml << "[[clusters.endpoints]]\n"
         << "name = \"" << endpoint.name << "\"\n"
         << "address = \"127.0.0.1\"\n"
         << "port = " << endpoint.port << "\n"
         << "system_id = \"smppd\"\n"
         << "password = \"pw\"\n"
         // A lost SMSC is tried again soon, an unanswered request ends soon, a throttle is short.
         << "reconnect_min_ms = 100\n"
         << "reconnect_max_ms = 500\n"
         << "response_timeout_ms = 2000\n"
         << "throttle_pause_ms = 20\n"
         << endpoint.extra << "\n";
  }
  return toml.str();
}

ListenerSpec ProxyTest::client_listener() {
  ListenerSpec listener;
  listener.session = {{"window", "32"}, {"response_timeout_ms", "2000"}};
  return listener;
}

SinkProcess& ProxyTest::start_sink(std::vector<std::string> arguments) {
  sinks_.push_back(std::make_unique<SinkProcess>(std::move(arguments)));
  SinkProcess& sink = *sinks_.back();
  EXPECT_TRUE(sink.listening()) << "the sink did not start:\n" << sink.process().output();
  return sink;
}

FakeSmsc& ProxyTest::start_fake_smsc() {
  fakes_.push_back(std::make_unique<FakeSmsc>());
  FakeSmsc& smsc = *fakes_.back();
  EXPECT_TRUE(smsc.listening()) << smsc.error();
  return smsc;
}

std::unique_ptr<testing::SmppTestClient> ProxyTest::bound_as(const std::string& system_id, CommandId bind_command) {
  auto client = connect();
  if (!client) return nullptr;
  const auto response = client->bind(bind_command, system_id, "pw");
  if (!response || response->command_id != codec::response_of(bind_command) || response->command_status != 0) {
    ADD_FAILURE() << "bind of " << system_id << " failed: " << testing::describe(response);
    return nullptr;
  }
  return client;
}

// ---- client side ---------------------------------------------------------------------------

codec::Pdu submit_with_receipt(std::string_view destination, std::string_view text) {
  codec::Pdu submit = testing::make_submit_sm(destination, text);
  submit.registered_delivery = 1;
  return submit;
}

ReceiptFields receipt_fields(const codec::Pdu& receipt) {
  ReceiptFields fields;
  if (const auto tlv = receipt.tlvs.get_cstring(codec::tlv::kReceiptedMessageId)) fields.tlv_id = std::string(*tlv);
  if (const auto parsed = codec::parse_delivery_receipt(receipt.short_message)) {
    fields.text_id = parsed->id;
    fields.excerpt = parsed->text;
  }
  return fields;
}

namespace {

void answer(testing::SmppTestClient& client, const codec::Pdu& request, uint32_t status) {
  codec::Pdu response;
  response.command_id = codec::response_of(request.command_id);
  response.command_status = status;
  response.sequence_number = request.sequence_number;
  response.body_absent = status != codec::status::kOk;
  client.send(response);
}

}  // namespace

std::optional<codec::Pdu> next_deliver_sm(testing::SmppTestClient& client, Millis timeout, uint32_t status,
                                          std::vector<codec::Pdu>* responses) {
  auto& kept = client.others();
  if (auto it = std::find_if(kept.begin(), kept.end(), [](const codec::Pdu& pdu) { return pdu.command_id == CommandId::deliver_sm; });
      it != kept.end()) {
    codec::Pdu deliver = std::move(*it);
    kept.erase(it);
    answer(client, deliver, status);
    return deliver;
  }
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now());
    if (left.count() <= 0) return std::nullopt;
    testing::ReadResult next = client.read(left);
    if (!next.ok()) return std::nullopt;
    if (next.pdu.command_id == CommandId::deliver_sm) {
      answer(client, next.pdu, status);
      return std::move(next.pdu);
    }
    if (next.pdu.command_id == CommandId::enquire_link) {
      answer(client, next.pdu, codec::status::kOk);
    } else if (responses != nullptr && codec::is_response(next.pdu.command_id)) {
      responses->push_back(std::move(next.pdu));
    }
  }
}

std::vector<codec::Pdu> read_traffic(testing::SmppTestClient& client, size_t responses, size_t delivers,
                                     Millis timeout) {
  std::vector<codec::Pdu> traffic;
  size_t responses_seen = 0;
  size_t delivers_seen = 0;
  auto take = [&](codec::Pdu pdu) {
    if (pdu.command_id == CommandId::deliver_sm || pdu.command_id == CommandId::enquire_link) {
      answer(client, pdu, codec::status::kOk);
    }
    if (pdu.command_id == CommandId::deliver_sm) ++delivers_seen;
    if (codec::is_response(pdu.command_id)) ++responses_seen;
    traffic.push_back(std::move(pdu));
  };
  std::vector<codec::Pdu> kept = std::move(client.others());
  client.others().clear();
  for (codec::Pdu& pdu : kept) take(std::move(pdu));
  const auto deadline = Clock::now() + timeout;
  while (responses_seen < responses || delivers_seen < delivers) {
    const auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now());
    if (left.count() <= 0) break;
    testing::ReadResult next = client.read(left);
    if (!next.ok()) break;
    take(std::move(next.pdu));
  }
  return traffic;
}

}  // namespace smppd::integration
