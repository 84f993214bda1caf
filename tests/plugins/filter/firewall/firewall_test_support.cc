#include "tests/plugins/filter/firewall/firewall_test_support.h"

#include <atomic>
#include <chrono>
#include <fstream>
#include <optional>
#include <random>

#include "plugins/filter/firewall/utf8_text.h"

namespace smppd::plugins::firewall::testing {

using smppd::testing::FakeMessage;

TempDir::TempDir() {
  static std::atomic<uint64_t> counter{0};
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          ("smppd-firewall-" + std::to_string(random()) + "-" + std::to_string(counter.fetch_add(1)));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(const std::string& name, std::string_view content) {
  const std::filesystem::path file = path_ / name;
  std::optional<std::filesystem::file_time_type> before;
  if (std::filesystem::exists(file)) before = std::filesystem::last_write_time(file);
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << content;
  }
  if (before) std::filesystem::last_write_time(file, *before + std::chrono::seconds(2));
  return file.string();
}

std::unique_ptr<FakeMessage> submit_sm(const Submit& submit) {
  auto message = std::make_unique<FakeMessage>(SMPPD_CMD_SUBMIT_SM);
  message->set_string(SMPPD_F_SOURCE_ADDR, submit.source)
      .set_string(SMPPD_F_DESTINATION_ADDR, submit.destination)
      .set_int(SMPPD_F_DATA_CODING, submit.data_coding)
      .set_int(SMPPD_F_ESM_CLASS, submit.esm_class)
      .set_string(SMPPD_F_SHORT_MESSAGE, submit.text);
  return message;
}

std::unique_ptr<FakeMessage> udh_part(const Submit& submit, uint16_t reference, uint8_t total, uint8_t sequence,
                                      bool sixteen_bit) {
  std::string udh;
  if (sixteen_bit) {
    udh = {'\x06', '\x08', '\x04', static_cast<char>(reference >> 8), static_cast<char>(reference & 0xFF),
           static_cast<char>(total), static_cast<char>(sequence)};
  } else {
    udh = {'\x05', '\x00', '\x03', static_cast<char>(reference & 0xFF), static_cast<char>(total),
           static_cast<char>(sequence)};
  }
  Submit with_udh = submit;
  with_udh.esm_class = static_cast<uint8_t>(submit.esm_class | 0x40);
  with_udh.text = udh + submit.text;
  return submit_sm(with_udh);
}

std::unique_ptr<FakeMessage> sar_part(const Submit& submit, uint16_t reference, uint8_t total, uint8_t sequence) {
  auto message = submit_sm(submit);
  message->add_tlv(0x020C, std::string{static_cast<char>(reference >> 8), static_cast<char>(reference & 0xFF)})
      .add_tlv(0x020E, std::string(1, static_cast<char>(total)))
      .add_tlv(0x020F, std::string(1, static_cast<char>(sequence)));
  return message;
}

std::string ucs2(std::string_view utf8) {
  std::string out;
  for (size_t at = 0; at < utf8.size();) {
    const char32_t c = next_code_point(utf8, &at);
    out += static_cast<char>((c >> 8) & 0xFF);
    out += static_cast<char>(c & 0xFF);
  }
  return out;
}

smppd::testing::SessionInfo client(const std::string& system_id, uint64_t session_id) {
  smppd::testing::SessionInfo info;
  info.system_id = system_id;
  info.session_id = session_id;
  info.bind_type = SMPPD_BIND_TRANSCEIVER;
  return info;
}

Submit text(std::string body, std::string destination) {
  Submit submit;
  submit.text = std::move(body);
  submit.destination = std::move(destination);
  return submit;
}

void FirewallFixture::configure(const std::string& json) {
  session_.reset();
  std::string error;
  ASSERT_EQ(filter_.configure(json, &error), SMPPD_OK) << error;
  session_.emplace(filter_.open_session(fake_session_));
}

FirewallFixture::Sent FirewallFixture::send(FakeMessage& message) {
  smppd::testing::FakeCall call(fake_session_, message);
  Sent sent;
  sent.outcome = session_->request(call);
  sent.attributes = call.attributes();
  return sent;
}

std::unique_ptr<FirewallFixture::Held> FirewallFixture::hold(std::unique_ptr<FakeMessage> message) {
  auto held = std::make_unique<Held>();
  held->message = std::move(message);
  held->call = std::make_unique<smppd::testing::FakeCall>(fake_session_, *held->message);
  held->outcome = session_->request(*held->call);
  return held;
}

bool FirewallFixture::absent_at_info(const std::string& needle) const {
  for (const auto& record : host_.logs()) {
    if (record.level >= SMPPD_LOG_INFO && record.message.find(needle) != std::string::npos) return false;
  }
  return true;
}

}  // namespace smppd::plugins::firewall::testing
