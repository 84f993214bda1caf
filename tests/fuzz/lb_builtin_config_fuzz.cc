// The lb_builtin policies' lb_config: JSON text as the host hands it over, or nothing. The same
// text is read as round_robin and least_request read it (no seed) and as weighted_random does.
// Whatever the text, the parser refuses it with a ConfigError naming the key, or accepts a config
// that holds what was written, else the defaults the README and each schema's "default" give.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "plugins/lb/lb_builtin/lb_config.h"
#include "smppd/cxx/config_box.hpp"
#include "tests/fuzz/config_error_path.h"

namespace {

namespace json = boost::json;
namespace lb = smppd::plugins::lb_builtin;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

using Outcome = smppd::fuzz::ParseAttempt<lb::LbConfig>;

Outcome parse(std::string_view text, bool accepts_seed) {
  return smppd::fuzz::attempt_parse<smppd::cxx::ConfigError>(
      text, [accepts_seed](std::string_view in) { return lb::parse_lb_config(in, accepts_seed); });
}

// What a policy's schema says a key left out means.
const json::value* schema_default(const char* schema, std::string_view key) {
  static const json::value round_robin = json::parse(lb::kRoundRobinSchema);
  static const json::value least_request = json::parse(lb::kLeastRequestSchema);
  static const json::value weighted_random = json::parse(lb::kWeightedRandomSchema);
  const json::value& parsed = schema == lb::kWeightedRandomSchema ? weighted_random
                              : schema == lb::kLeastRequestSchema ? least_request
                                                                  : round_robin;
  const json::value* property = parsed.at("properties").as_object().if_contains(key);
  return property == nullptr ? nullptr : property->as_object().if_contains("default");
}

void check_accepted(const lb::LbConfig& config, const json::value* document, bool accepts_seed) {
  const json::object* table = document == nullptr ? nullptr : &document->as_object();
  if (table != nullptr) {
    for (const auto& field : *table) {
      const std::string_view key(field.key().data(), field.key().size());
      check(key == "prefer_same_worker" || (accepts_seed && key == "seed"));
    }
  }
  const json::value* prefer = table == nullptr ? nullptr : table->if_contains("prefer_same_worker");
  if (prefer != nullptr) {
    check(config.prefer_same_worker == prefer->as_bool());
  } else {
    check(config.prefer_same_worker);  // the README's default
    for (const char* schema :
         accepts_seed ? std::initializer_list<const char*>{lb::kWeightedRandomSchema}
                      : std::initializer_list<const char*>{lb::kRoundRobinSchema, lb::kLeastRequestSchema}) {
      const json::value* fallback = schema_default(schema, "prefer_same_worker");
      check(fallback == nullptr || *fallback == json::value(config.prefer_same_worker));
    }
  }
  const json::value* seed = table == nullptr ? nullptr : table->if_contains("seed");
  check(config.seed.has_value() == (seed != nullptr));
  if (seed != nullptr)
    check(seed->is_uint64() ? *config.seed == seed->get_uint64()
                            : seed->as_int64() >= 0 && *config.seed == static_cast<uint64_t>(seed->get_int64()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Outcome without_seed = parse(text, false);
  const Outcome with_seed = parse(text, true);

  // Only JSON's own whitespace, or nothing: no table at all, the defaults.
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    check(without_seed.config && with_seed.config);
    check_accepted(*without_seed.config, nullptr, false);
    check_accepted(*with_seed.config, nullptr, true);
    return 0;
  }
  for (const auto* outcome : {&without_seed, &with_seed}) {
    const bool accepts_seed = outcome == &with_seed;
    if (outcome->config) {
      check(!outcome->json_error && outcome->document.is_object());
      check_accepted(*outcome->config, &outcome->document, accepts_seed);
    } else {
      check(smppd::fuzz::refusal_names_its_place(*outcome));
    }
  }
  // What the seedless policies take, weighted_random takes the same; it refuses only a bad seed.
  if (without_seed.config)
    check(with_seed.config && with_seed.config->prefer_same_worker == without_seed.config->prefer_same_worker);
  if (with_seed.config && !with_seed.config->seed) check(without_seed.config.has_value());
  if (with_seed.config && with_seed.config->seed) {
    check(without_seed.error == "seed: is not a key of this policy (prefer_same_worker)");
  }
  return 0;
}
