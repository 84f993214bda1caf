#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/config/route_config.h"
#include "host/router/address_pattern.h"
#include "host/router/prefix_list.h"
#include "host/router/route_input.h"

namespace smppd::router {

// A regex of a route's match that did not compile: `key` is the match key ("destination_regex").
struct PatternError {
  std::string_view key;
  std::string message;
};

// Every condition of a route's `match` except destination_prefix, which the router's prefix
// index has already checked by the time a route is a candidate. All given conditions must hold.
class RouteConditions {
 public:
  // Compiles the regexes once. nullopt, with one PatternError per bad regex, when any fails.
  static std::optional<RouteConditions> compile(const config::RouteMatch& match, std::vector<PatternError>& errors);

  RouteConditions() = default;  // no condition: holds for every request

  // Cheap comparisons first, regexes last.
  bool hold_for(const RouteInput& input) const;

 private:
  // An attribute must equal the configured text; an integer attribute equals the text of its
  // decimal value ("23415" matches the integer 23415).
  struct AttributeCondition {
    std::string key;
    std::string text;
    std::optional<int64_t> number;  // `text` read as a decimal integer, when it is one
  };

  std::optional<uint8_t> data_coding_;
  std::optional<uint8_t> esm_class_;
  std::string service_type_;  // empty: any
  std::vector<std::string> system_ids_;  // empty: any client
  PrefixList source_prefixes_;
  std::vector<AttributeCondition> attributes_;
  std::unique_ptr<const AddressPattern> destination_pattern_;
  std::unique_ptr<const AddressPattern> source_pattern_;
};

}  // namespace smppd::router
