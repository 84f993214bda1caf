#include "host/router/route_conditions.h"

#include <algorithm>
#include <charconv>

#include "host/config/toml_value_text.h"

namespace smppd::router {
namespace {

std::optional<int64_t> decimal_integer(std::string_view text) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) {
    return std::nullopt;
  }
  return value;
}

const api::AttributeValue* find_attribute(const RouteInput& input, std::string_view key) {
  if (input.call_attributes != nullptr) {
    if (const api::AttributeValue* value = input.call_attributes->find(key)) {
      return value;
    }
  }
  return input.session_attributes != nullptr ? input.session_attributes->find(key) : nullptr;
}

std::unique_ptr<const AddressPattern> compile_pattern(std::string_view key, const std::string& pattern,
                                                      std::vector<PatternError>& errors) {
  if (pattern.empty()) {
    return nullptr;
  }
  std::string reason;
  std::unique_ptr<const AddressPattern> compiled = AddressPattern::compile(pattern, reason);
  if (compiled == nullptr) {
    errors.push_back(PatternError{key, "expected an RE2 regular expression, got " + config::in_quotes(pattern) +
                                           ": " + reason});
  }
  return compiled;
}

}  // namespace

std::optional<RouteConditions> RouteConditions::compile(const config::RouteMatch& match,
                                                        std::vector<PatternError>& errors) {
  const size_t errors_before = errors.size();
  RouteConditions conditions;
  conditions.data_coding_ = match.data_coding;
  conditions.esm_class_ = match.esm_class;
  conditions.service_type_ = match.service_type;
  conditions.system_ids_ = match.system_id;
  conditions.source_prefixes_ = PrefixList(match.source_prefix);
  for (const auto& [key, text] : match.attributes) {
    conditions.attributes_.push_back(AttributeCondition{key, text, decimal_integer(text)});
  }
  conditions.destination_pattern_ = compile_pattern("destination_regex", match.destination_regex, errors);
  conditions.source_pattern_ = compile_pattern("source_regex", match.source_regex, errors);
  if (errors.size() != errors_before) {
    return std::nullopt;
  }
  return conditions;
}

bool RouteConditions::hold_for(const RouteInput& input) const {
  const codec::Pdu& request = input.request;
  if ((data_coding_ && *data_coding_ != request.data_coding) || (esm_class_ && *esm_class_ != request.esm_class)) {
    return false;
  }
  if (!service_type_.empty() && service_type_ != request.service_type) {
    return false;
  }
  if (!system_ids_.empty() && std::find(system_ids_.begin(), system_ids_.end(), input.system_id) == system_ids_.end()) {
    return false;
  }
  if (!source_prefixes_.admits(request.source_addr)) {
    return false;
  }
  for (const AttributeCondition& condition : attributes_) {
    const api::AttributeValue* value = find_attribute(input, condition.key);
    if (value == nullptr) {
      return false;
    }
    const auto* text = std::get_if<std::string>(value);
    const auto* number = std::get_if<int64_t>(value);
    if (!(text != nullptr ? *text == condition.text : (condition.number && *number == *condition.number))) {
      return false;
    }
  }
  if (destination_pattern_ && !destination_pattern_->matches(request.destination_addr)) {
    return false;
  }
  return !source_pattern_ || source_pattern_->matches(request.source_addr);
}

}  // namespace smppd::router
