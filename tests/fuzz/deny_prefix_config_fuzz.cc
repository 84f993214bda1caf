// The SDK's example plugin deny_prefix (sdk/examples/deny_prefix), whose config_new reads the
// config's JSON with a small reader of its own: driven through its descriptor and vtable on the
// SDK's fake host, as smppd drives it. Whatever the text, config_new answers SMPPD_OK with a config
// or SMPPD_E_CONFIG with a reason (naming prefixes[i], prefixes or status when one is at fault),
// and reads nothing outside the text. What it accepts is the schema's shape (the JSON table, with
// the one leniency of leading zeros in a number), and an accepted config refuses exactly the
// submit_sm whose destination starts with a written prefix, with the written status or
// ESME_RINVDSTADR. For JSON that the plugin reads whole (no escapes, no repeated key), it accepts
// exactly what its schema and comment allow: prefixes of 1 to 20 digits, a status from 1.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fake_host.h"
#include "smppd/plugin.h"
#include "tests/fuzz/config_error_path.h"

extern "C" const smppd_plugin_descriptor* SMPPD_PLUGIN_ENTRY(uint32_t host_abi_minor);

namespace {

namespace json = boost::json;
using smppd::testing::FakeCall;
using smppd::testing::FakeHost;
using smppd::testing::FakeMessage;
using smppd::testing::FakeSession;
using smppd::testing::FilterDriver;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

struct Harness {
  FakeHost host;
  FilterDriver filter{host, SMPPD_PLUGIN_ENTRY(SMPPD_ABI_VERSION_MINOR), "deny_prefix"};
  FakeSession session;
};

Harness& harness() {
  static Harness* made = new Harness;  // lives as long as the process: no teardown between inputs
  return *made;
}

// The text with the leading zeros of its numbers dropped (outside strings): what the plugin's
// reader reads "status": 0011 as.
std::string without_leading_zeros(std::string_view text) {
  std::string out;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) {
        out += text[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    const bool starts_number =
        c == '0' &&
        (out.empty() || !((out.back() >= '0' && out.back() <= '9') || out.back() == '.' || out.back() == 'e' ||
                          out.back() == 'E' || out.back() == '+' || out.back() == '-'));
    if (starts_number && i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9') continue;
    out += c;
  }
  return out;
}

bool is_prefix(const json::value& value) {
  if (!value.is_string()) return false;
  const std::string_view digits = value.get_string();
  return !digits.empty() && digits.size() <= 20 &&
         std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The schema's shape, and what config_new checks beyond it: digits only, status not 0.
bool allowed(const json::value& document) {
  if (!document.is_object()) return false;
  const json::object& table = document.get_object();
  for (const auto& field : table) {
    if (field.key() != "prefixes" && field.key() != "status") return false;
  }
  const json::value* prefixes = table.if_contains("prefixes");
  if (prefixes == nullptr || !prefixes->is_array()) return false;
  if (!std::all_of(prefixes->get_array().begin(), prefixes->get_array().end(), is_prefix)) return false;
  if (const json::value* status = table.if_contains("status")) {
    if (status->is_int64()) return status->get_int64() >= 1 && status->get_int64() <= 4294967295;
    if (status->is_uint64()) return status->get_uint64() <= 4294967295;
    return false;
  }
  return true;
}

size_t occurrences(std::string_view text, std::string_view word) {
  size_t count = 0;
  for (size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) ++count;
  return count;
}

smppd::testing::FilterOutcome send(FilterDriver::Session& session, uint32_t command_id, std::string_view destination) {
  FakeMessage message(command_id);
  message.set_string(SMPPD_F_DESTINATION_ADDR, destination);
  FakeCall call(harness().session, message);
  return session.request(call);
}

// The accepted config at work: a submit_sm is refused, with the status, exactly when a written
// prefix starts its destination; other commands pass.
void check_filtering(const json::value& document) {
  std::vector<std::string> prefixes;
  for (const json::value& prefix : document.at("prefixes").as_array()) prefixes.emplace_back(prefix.as_string());
  const json::value* written_status = document.as_object().if_contains("status");
  const uint32_t status = written_status == nullptr    ? SMPPD_STATUS_RINVDSTADR
                          : written_status->is_int64() ? static_cast<uint32_t>(written_status->get_int64())
                                                       : static_cast<uint32_t>(written_status->get_uint64());
  const auto denied = [&prefixes](std::string_view destination) {
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [destination](const std::string& prefix) { return destination.starts_with(prefix); });
  };

  std::vector<std::string> destinations = {"", "0", "19005550100"};
  for (size_t i = 0; i < prefixes.size() && i < 16; ++i) {
    const std::string& prefix = prefixes[i];
    destinations.push_back(prefix);
    destinations.push_back(prefix + "7");
    destinations.push_back(prefix.substr(0, prefix.size() - 1));
    std::string other = prefix;
    other.back() = static_cast<char>('0' + (other.back() - '0' + 1) % 10);
    destinations.push_back(other);
  }
  FilterDriver::Session session = harness().filter.open_session(harness().session);
  for (const std::string& destination : destinations) {
    const auto outcome = send(session, SMPPD_CMD_SUBMIT_SM, destination);
    check(outcome.verdict == (denied(destination) ? SMPPD_STOP : SMPPD_CONTINUE));
    if (outcome.verdict == SMPPD_STOP) check(outcome.command_status == status);
    check(send(session, SMPPD_CMD_DATA_SM, destination).verdict == SMPPD_CONTINUE);
  }
  session.close();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A copy of exactly the input's octets, so that a read past the end is AddressSanitizer's to see,
  // never at a null pointer (the host hands over a string's octets, empty or not).
  const std::unique_ptr<char[]> octets(new char[size]);
  if (size > 0) std::memcpy(octets.get(), data, size);
  const std::string_view text(octets.get(), size);
  Harness& h = harness();
  h.host.clear_logs();
  std::string error;
  const int32_t rc = h.filter.configure(text, &error);
  check(rc == SMPPD_OK || rc == SMPPD_E_CONFIG);

  boost::system::error_code json_error;
  const json::value document = json::parse(without_leading_zeros(text), json_error);
  boost::system::error_code strict_error;
  (void)json::parse(text, strict_error);
  // Read whole by the plugin: valid JSON, no escapes, neither key twice.
  const bool plain = !strict_error && text.find('\\') == std::string_view::npos &&
                     occurrences(text, "\"prefixes\"") <= 1 && occurrences(text, "\"status\"") <= 1;

  if (rc == SMPPD_OK) {
    check(!json_error && allowed(document));
    check_filtering(document);
    return 0;
  }
  check(!error.empty());
  if (plain) {
    check(!allowed(document));
    if (error.starts_with("prefixes") || error.starts_with("status")) {
      check(smppd::fuzz::names_a_key_path(error, document, {"prefixes"}));
    }
  }
  return 0;
}
