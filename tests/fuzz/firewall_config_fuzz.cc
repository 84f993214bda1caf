// The firewall filter's config: JSON text as the host hands it over (the operator's TOML table
// rendered as JSON), read again by the plugin beside the host's schema check. Whatever the text,
// the parser refuses it with a ConfigError naming the rule, list or key at fault, or accepts a
// config that holds what it read and keeps every rule the engine relies on.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "plugins/filter/firewall/config_error.h"
#include "plugins/filter/firewall/firewall_config.h"
#include "plugins/filter/firewall/prefix_trie.h"
#include "plugins/filter/firewall/utf8_text.h"
#include "tests/fuzz/config_error_path.h"

namespace {

namespace json = boost::json;
namespace fw = smppd::plugins::firewall;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

// Keys the parser asks for by name when they are missing.
constexpr std::initializer_list<std::string_view> kRequired = {"name", "action", "tag", "type", "file"};

bool is_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// A checked address: without its '+', 1 to 20 of the octets a sender id may hold.
bool is_checked_address(std::string_view address) {
  if (address.empty() || address.size() > 20 || address.front() == '+') return false;
  for (const char c : address) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '-' ||
          c == '_' || c == '.')) {
      return false;
    }
  }
  return true;
}

bool is_text(std::string_view text, size_t max_length) {
  return !text.empty() && text.size() <= max_length && fw::is_valid_utf8(text);
}

const json::value* member(const json::value& value, std::string_view key) {
  const auto* object = value.if_object();
  return object == nullptr ? nullptr : object->if_contains(key);
}

// The integer the document gives `key`, or the default the header documents.
int64_t integer_or(const json::value& object, std::string_view key, int64_t fallback) {
  const json::value* value = member(object, key);
  if (value == nullptr) return fallback;
  if (value->is_uint64()) return static_cast<int64_t>(value->get_uint64());
  check(value->is_int64());
  return value->get_int64();
}

void check_settings(const fw::FirewallSettings& settings, const json::value& document) {
  const json::value* mode = member(document, "mode");
  check(settings.monitor == (mode != nullptr && mode->as_string() == "monitor"));
  check(settings.deny_status >= 1 && settings.deny_status == integer_or(document, "deny_status", 0x45));
  check(settings.list_reload_interval_ms >= 100 && settings.list_reload_interval_ms <= 86400000);
  check(settings.list_reload_interval_ms == integer_or(document, "list_reload_interval_ms", 5000));
  check(settings.concat_hold_ms >= 0 && settings.concat_hold_ms <= 60000);
  check(settings.concat_hold_ms == integer_or(document, "concat_hold_ms", 2000));
  check(settings.concat_max_held_parts >= 1 && settings.concat_max_held_parts <= 4096);
  check(settings.concat_max_held_parts == integer_or(document, "concat_max_held_parts", 64));
  check(settings.concat_max_held_bytes >= 256 && settings.concat_max_held_bytes <= 16777216);
  check(static_cast<int64_t>(settings.concat_max_held_bytes) == integer_or(document, "concat_max_held_bytes", 65536));
  check(settings.concat_verdict_ttl_ms >= 0 && settings.concat_verdict_ttl_ms <= 3600000);
  check(settings.concat_verdict_ttl_ms == integer_or(document, "concat_verdict_ttl_ms", 30000));
  check(settings.concat_max_verdicts <= 65536);
  check(settings.concat_max_verdicts == integer_or(document, "concat_max_verdicts", 256));
  check(settings.rate_max_keys >= 16 && settings.rate_max_keys <= 10000000);
  check(static_cast<int64_t>(settings.rate_max_keys) == integer_or(document, "rate_max_keys", 100000));
  const json::value* metrics = member(document, "rule_metrics");
  check(settings.rule_metrics == (metrics == nullptr || metrics->as_bool()));
}

void check_list_refs(const std::vector<uint32_t>& refs, const fw::FirewallConfig& config, fw::ListKind kind) {
  for (const uint32_t ref : refs) check(ref < config.lists.size() && config.lists[ref].kind == kind);
}

void check_time(const fw::TimeCondition& time) {
  for (const fw::DailyWindow& window : time.windows) check(window.start_minute < 1440 && window.end_minute <= 1440);
  check(time.days != 0 && time.days <= fw::kEveryDay);
  check(!time.zone.name().empty());
  // The zone answers for any instant of these decades: the epoch, 2001-09-09, 2033-05-18, 2100-03-01.
  for (const int64_t seconds : {int64_t{0}, int64_t{1000000000}, int64_t{2000000000}, int64_t{4107542400}}) {
    const fw::Zone::LocalTime local = time.zone.local(seconds * 1'000'000'000);
    check(local.weekday < 7 && local.minute_of_day < 1440);
    (void)time.matches(seconds * 1'000'000'000);
  }
}

void check_rule(const fw::RuleSpec& rule, const json::value& written, const fw::FirewallConfig& config) {
  check(is_name(rule.name) && member(written, "name")->as_string() == rule.name);
  const std::string_view action = member(written, "action")->as_string();
  check(action == fw::action_name(rule.action));
  check(rule.status >= 1);
  if (rule.action == fw::Action::deny) {
    check(rule.status == integer_or(written, "status", config.settings.deny_status));
  } else {
    check(member(written, "status") == nullptr && rule.status == config.settings.deny_status);
  }
  if (rule.action == fw::Action::tag) {
    check(rule.tag_key.starts_with("firewall.") && is_name(std::string_view(rule.tag_key).substr(9)));
    check(is_text(rule.tag_value, 256));
  } else {
    check(rule.tag_key.empty() && rule.tag_value.empty());
    check(member(written, "tag") == nullptr && member(written, "tag_key") == nullptr);
  }
  const json::value* monitor = member(written, "monitor");
  check(rule.monitor == (monitor != nullptr && monitor->as_bool()));

  for (const std::string& keyword : rule.keywords) check(is_text(keyword, 256));
  for (const std::string& pattern : rule.patterns) check(is_text(pattern, 4096));
  check_list_refs(rule.keyword_lists, config, fw::ListKind::words);
  check_list_refs(rule.source_lists, config, fw::ListKind::numbers);
  check_list_refs(rule.destination_lists, config, fw::ListKind::numbers);
  for (const std::string& address : rule.source_addr) check(is_checked_address(address));
  for (const std::string& prefix : rule.source_prefix) check(is_checked_address(prefix));
  for (const std::string& prefix : rule.destination_prefix) check(is_checked_address(prefix));
  for (const std::string& system_id : rule.system_id) check(is_text(system_id, 16));
  if (rule.esm_class) check(rule.esm_class->mask != 0 && (rule.esm_class->value & ~rule.esm_class->mask) == 0);
  if (rule.length) {
    const fw::LengthMatch& length = *rule.length;
    if (length.min_chars && length.max_chars) check(*length.min_chars <= *length.max_chars);
    if (length.min_parts && length.max_parts) check(*length.min_parts <= *length.max_parts);
    if (length.min_parts) check(*length.min_parts >= 1 && *length.min_parts <= 255);
    if (length.max_parts) check(*length.max_parts >= 1 && *length.max_parts <= 255);
    if (length.max_chars) check(*length.max_chars <= 1000000);
  }
  if (rule.time) check_time(*rule.time);
  if (rule.flood) {
    check(rule.flood->destinations >= 1 && rule.flood->destinations <= 10000);
    check(rule.flood->window_ms >= 1 && rule.flood->window_ms <= 86400000);
  }
  if (rule.pumping) {
    check(rule.pumping->messages >= 1 && rule.pumping->window_ms >= 1 && rule.pumping->window_ms <= 86400000);
    check(rule.pumping->prefix_length <= 20);
  }

  // Every condition written is a condition kept, and none appears from nowhere.
  const json::value* match = member(written, "match");
  const auto written_count = [match](std::string_view key) -> size_t {
    const json::value* value = match == nullptr ? nullptr : member(*match, key);
    return value == nullptr ? 0 : value->as_array().size();
  };
  check(rule.keywords.size() == written_count("keywords"));
  check(rule.patterns.size() == written_count("patterns"));
  check(rule.keyword_lists.size() == written_count("keyword_lists"));
  check(rule.source_addr.size() == written_count("source_addr"));
  check(rule.source_prefix.size() == written_count("source_prefix"));
  check(rule.source_lists.size() == written_count("source_lists"));
  check(rule.destination_prefix.size() == written_count("destination_prefix"));
  check(rule.destination_lists.size() == written_count("destination_lists"));
  check(rule.system_id.size() == written_count("system_id"));
  check(rule.data_coding.size() == written_count("data_coding"));
  const auto written_has = [match](std::string_view key) { return match != nullptr && member(*match, key) != nullptr; };
  check(rule.esm_class.has_value() == written_has("esm_class"));
  check(rule.length.has_value() == written_has("length"));
  check(rule.time.has_value() == written_has("time"));
  check(rule.flood.has_value() == written_has("flood"));
  check(rule.pumping.has_value() == written_has("pumping"));
  check((rule.urls != fw::UrlMatch::none) == written_has("urls"));
}

void check_accepted(const fw::FirewallConfig& config, const json::value& document) {
  check(document.is_object());
  check_settings(config.settings, document);

  const json::value* lists = member(document, "lists");
  check(config.lists.size() == (lists == nullptr ? 0 : lists->as_array().size()));
  std::set<std::string> list_names;
  for (size_t i = 0; i < config.lists.size(); ++i) {
    const fw::ListSpec& list = config.lists[i];
    const json::value& written = lists->as_array()[i];
    check(is_name(list.name) && list_names.insert(list.name).second);
    check(member(written, "name")->as_string() == list.name);
    check(member(written, "type")->as_string() == (list.kind == fw::ListKind::words ? "words" : "numbers"));
    check(is_text(list.file, 4096) && member(written, "file")->as_string() == list.file);
  }

  const json::value* rules = member(document, "rules");
  check(config.rules.size() == (rules == nullptr ? 0 : rules->as_array().size()));
  std::set<std::string> rule_names;
  for (size_t i = 0; i < config.rules.size(); ++i) {
    check(rule_names.insert(config.rules[i].name).second);
    check_rule(config.rules[i], rules->as_array()[i], config);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto attempt =
      smppd::fuzz::attempt_parse<fw::ConfigError>(text, [](std::string_view in) { return fw::parse_firewall_config(in); });
  const auto& [config, error, json_error, document] = attempt;

  if (!config) {
    // The document itself when it is no table; otherwise the rule, list or key at fault.
    check(smppd::fuzz::refusal_names_its_place(attempt, kRequired));
    return 0;
  }
  check(!json_error);
  check_accepted(*config, document);
  return 0;
}
