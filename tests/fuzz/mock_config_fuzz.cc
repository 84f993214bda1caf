// The mock upstream's upstream_config: JSON text as the host hands it over, or nothing. Whatever
// the text, the parser refuses it with a ConfigError naming the key at fault, or accepts a config
// that holds what was written, else the defaults the README and the schema's "default"s give,
// within the schema's ranges: delays whose draws stay where the README says (fixed: the mean;
// uniform: from min to max; exponential: from min, capped at max), error percents adding up to at
// most 100, a receipt mix of positive weights, one per state, MO addresses and a MO text that the
// codec's GSM 03.38 decoder reads back as written.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>

#include "host/codec/text/gsm7.h"
#include "plugins/upstream/mock/mock_config.h"
#include "plugins/upstream/mock/receipt_state.h"
#include "smppd/cxx/config_box.hpp"
#include "tests/fuzz/config_error_path.h"

namespace {

namespace json = boost::json;
namespace mock = smppd::plugins::mock;
using Kind = mock::DelayDistribution::Kind;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

// Keys the parser asks for when an error entry lacks them ("errors[0]: needs status and percent"
// names the entry, so none here).
constexpr std::initializer_list<std::string_view> kRequired = {};

const json::value* member(const json::value* value, std::string_view key) {
  const auto* object = value == nullptr ? nullptr : value->if_object();
  return object == nullptr ? nullptr : object->if_contains(key);
}

double number(const json::value& value) {
  if (value.is_int64()) return static_cast<double>(value.get_int64());
  if (value.is_uint64()) return static_cast<double>(value.get_uint64());
  return value.as_double();
}

const json::value& schema() {
  static const json::value parsed = json::parse(mock::kConfigSchema);
  return parsed;
}

// The schema of a table's properties: the config's own, or of the table under `path`.
const json::value* schema_of(std::initializer_list<std::string_view> path) {
  const json::value* node = &schema();
  for (const std::string_view key : path) node = member(member(node, "properties"), key);
  return node;
}

// What the schema of a table says a key left out means, or null.
const json::value* schema_default(const json::value* table_schema, std::string_view key) {
  return member(member(member(table_schema, "properties"), key), "default");
}

// A written number, else the README's default, which the schema's default (when it gives one) must be.
double number_or(const json::value* table, std::string_view key, double fallback, const json::value* table_schema) {
  if (const json::value* value = member(table, key)) return number(*value);
  if (const json::value* documented = schema_default(table_schema, key)) check(number(*documented) == fallback);
  return fallback;
}

std::string_view string_or(const json::value* table, std::string_view key, std::string_view fallback,
                           const json::value* table_schema) {
  if (const json::value* value = member(table, key)) return value->as_string();
  if (const json::value* documented = schema_default(table_schema, key)) check(documented->as_string() == fallback);
  return fallback;
}

void check_delay(const mock::DelayDistribution& delay, const json::value* written, double mean, double min, double max,
                 const json::value* table_schema, uint64_t seed) {
  check(table_schema != nullptr);
  const std::string_view kind = string_or(written, "distribution", "fixed", table_schema);
  check(kind == (delay.kind == Kind::fixed ? "fixed" : delay.kind == Kind::uniform ? "uniform" : "exponential"));
  check(delay.mean_ms == number_or(written, "mean", mean, table_schema));
  check(delay.min_ms == number_or(written, "min", min, table_schema));
  check(delay.max_ms == number_or(written, "max", max, table_schema));
  for (const double value : {delay.mean_ms, delay.min_ms, delay.max_ms}) check(value >= 0 && value <= 3600000);
  check(delay.min_ms <= delay.max_ms);
  if (delay.kind == Kind::exponential) check(delay.min_ms <= delay.mean_ms && delay.mean_ms <= delay.max_ms);

  // Draws, in nanoseconds rounded to the nearest.
  const auto ns = [](double ms) { return static_cast<int64_t>(std::llround(ms * 1e6)); };
  std::mt19937_64 random(seed);
  for (int i = 0; i < 8; ++i) {
    const int64_t drawn = delay.sample(random).count();
    switch (delay.kind) {
      case Kind::fixed:
        check(drawn == ns(delay.mean_ms));
        break;
      case Kind::uniform:
      case Kind::exponential:
        check(drawn >= ns(delay.min_ms) && drawn <= ns(delay.max_ms));
        break;
    }
  }
}

void check_accepted(const mock::MockConfig& config, const json::value* document, uint64_t seed) {
  if (document != nullptr) {
    for (const auto& field : document->as_object()) {
      const std::string_view key(field.key().data(), field.key().size());
      check(key == "latency_ms" || key == "errors" || key == "receipts" || key == "mo" || key == "message_id_format" ||
            key == "seed");
    }
  }
  check_delay(config.latency, member(document, "latency_ms"), 5, 0, 50, schema_of({"latency_ms"}), seed);

  const json::value* errors = member(document, "errors");
  check(config.errors.size() == (errors == nullptr ? 0 : errors->as_array().size()));
  double total = 0;
  for (size_t i = 0; i < config.errors.size(); ++i) {
    const json::value& written = errors->as_array()[i];
    const json::value& status = written.as_object().at("status");
    check(status.is_int64() || status.is_uint64());
    check(config.errors[i].status >= 1 && number(status) == config.errors[i].status);
    check(config.errors[i].percent >= 0 && config.errors[i].percent <= 100);
    check(config.errors[i].percent == number(written.as_object().at("percent")));
    total += config.errors[i].percent;
  }
  check(total <= 100 + 1e-9);

  const json::value* receipts = member(document, "receipts");
  const json::value* enabled = member(receipts, "enabled");
  check(config.receipts.enabled == (enabled == nullptr || enabled->as_bool()));
  if (enabled == nullptr) {
    if (const json::value* documented = schema_default(schema_of({"receipts"}), "enabled"))
      check(documented->as_bool());
  }
  check_delay(config.receipts.delay, member(receipts, "delay_ms"), 100, 0, 1000, schema_of({"receipts", "delay_ms"}),
              seed + 1);
  // The mix: each state once, with the weight written, those of weight 0 left out.
  const json::value* states = member(receipts, "states");
  std::set<mock::ReceiptState> seen;
  for (const auto& [state, weight] : config.receipts.states) {
    check(seen.insert(state).second && weight > 0 && weight <= 1e9);
    if (states != nullptr) check(number(states->as_object().at(mock::stat_name(state))) == weight);
  }
  if (states == nullptr) {
    check(config.receipts.states.size() == 1 && config.receipts.states[0].first == mock::ReceiptState::delivered &&
          config.receipts.states[0].second == 100);
  } else {
    for (const auto& field : states->as_object()) {
      const auto state = mock::receipt_state_named(std::string_view(field.key().data(), field.key().size()));
      check(state.has_value() && (number(field.value()) == 0) != seen.contains(*state));
    }
  }
  if (config.receipts.enabled) check(!config.receipts.states.empty());

  const json::value* mo = member(document, "mo");
  check(config.mo.rate_per_second >= 0 && config.mo.rate_per_second <= 100000);
  check(config.mo.rate_per_second == number_or(mo, "rate_per_second", 0, schema_of({"mo"})));
  check(config.mo.source == string_or(mo, "source", "447700900000", schema_of({"mo"})));
  check(config.mo.destination == string_or(mo, "destination", "12345", schema_of({"mo"})));
  check(config.mo.text == string_or(mo, "text", "hello from mock", schema_of({"mo"})));
  for (const std::string& address : {config.mo.source, config.mo.destination}) {
    check(!address.empty() && address.size() <= 20);
    for (const char c : address) check(c >= 0x20 && c <= 0x7E);
  }
  // The MO text in septets: 1 to 160, read back by the codec as the very text written.
  check(!config.mo.gsm7_text.empty() && config.mo.gsm7_text.size() <= 160);
  bool lossy = true;
  check(smppd::codec::gsm7_to_utf8(config.mo.gsm7_text, lossy) == config.mo.text && !lossy);
  check(smppd::codec::gsm7_from_utf8(config.mo.text) == config.mo.gsm7_text);

  check((config.message_id_format == mock::MessageIdFormat::decimal) ==
        (string_or(document, "message_id_format", "hex", &schema()) == "decimal"));
  const json::value* written_seed = member(document, "seed");
  check(config.seed.has_value() == (written_seed != nullptr));
  if (written_seed != nullptr) {
    check(written_seed->is_uint64() ? *config.seed == written_seed->get_uint64()
                                    : *config.seed == static_cast<uint64_t>(written_seed->as_int64()));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto attempt =
      smppd::fuzz::attempt_parse<smppd::cxx::ConfigError>(text, [](std::string_view in) { return mock::parse_mock_config(in); });
  const auto& [config, error, json_error, document] = attempt;
  const uint64_t seed = std::hash<std::string_view>{}(text);

  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    // No table at all: the defaults, a well-behaved SMSC.
    check(config.has_value());
    check_accepted(*config, nullptr, seed);
    return 0;
  }
  if (!config) {
    check(smppd::fuzz::refusal_names_its_place(attempt, kRequired));
    return 0;
  }
  check(!json_error && document.is_object());
  check_accepted(*config, &document, seed);
  return 0;
}
