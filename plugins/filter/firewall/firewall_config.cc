#include "plugins/filter/firewall/firewall_config.h"

#include <re2/re2.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <initializer_list>
#include <limits>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "plugins/filter/firewall/config_error.h"
#include "plugins/filter/firewall/utf8_text.h"
#include "smppd/cxx/config_json.hpp"

namespace smppd::plugins::firewall {

const char* action_name(Action action) noexcept {
  switch (action) {
    case Action::allow: return "allow";
    case Action::deny: return "deny";
    case Action::tag: return "tag";
  }
  return "deny";
}

namespace {

namespace json = boost::json;

// Reads one JSON object, naming `where` ("rules[2] (\"spam\"): match") in every error.
class ObjectReader {
 public:
  ObjectReader(const json::value& value, std::string where) : where_(std::move(where)) {
    if (!value.is_object()) fail(where_.empty() ? "the config" : "", "must be a table");
    object_ = &value.get_object();
  }

  // Refuses keys not in `known`.
  void only(std::initializer_list<std::string_view> known) const {
    for (const auto& field : *object_) {
      const std::string_view key(field.key().data(), field.key().size());
      bool found = false;
      for (const std::string_view name : known) found = found || name == key;
      if (!found) {
        std::string list;
        for (const std::string_view name : known) list += (list.empty() ? "" : ", ") + std::string(name);
        fail(key, "is not a key here (" + list + ")");
      }
    }
  }

  const json::value* find(std::string_view key) const { return object_->if_contains(key); }

  std::optional<std::string> string(std::string_view key, size_t max_length = 4096) const {
    const json::value* value = find(key);
    if (value == nullptr) return std::nullopt;
    if (!value->is_string() || value->get_string().empty() || value->get_string().size() > max_length) {
      fail(key, "must be a non-empty string of at most " + std::to_string(max_length) + " octets");
    }
    std::string text(value->get_string());
    if (!is_valid_utf8(text)) fail(key, "must be UTF-8 text");
    return text;
  }

  std::optional<int64_t> integer(std::string_view key, int64_t minimum, int64_t maximum) const {
    const json::value* value = find(key);
    if (value == nullptr) return std::nullopt;
    std::optional<int64_t> number;
    if (value->is_int64()) number = value->get_int64();
    if (value->is_uint64() && value->get_uint64() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      number = static_cast<int64_t>(value->get_uint64());
    }
    if (!number || *number < minimum || *number > maximum) {
      fail(key, "must be an integer from " + std::to_string(minimum) + " to " + std::to_string(maximum));
    }
    return number;
  }

  std::optional<bool> boolean(std::string_view key) const {
    const json::value* value = find(key);
    if (value == nullptr) return std::nullopt;
    if (!value->is_bool()) fail(key, "must be true or false");
    return value->get_bool();
  }

  std::vector<std::string> strings(std::string_view key, size_t max_length) const {
    std::vector<std::string> out;
    const json::value* value = find(key);
    if (value == nullptr) return out;
    if (!value->is_array()) fail(key, "must be an array of strings");
    const auto& array = value->get_array();
    for (size_t i = 0; i < array.size(); ++i) {
      const auto& item = array[i];
      const std::string item_key = std::string(key) + "[" + std::to_string(i) + "]";
      if (!item.is_string() || item.get_string().empty() || item.get_string().size() > max_length) {
        fail(item_key, "must be a non-empty string of at most " + std::to_string(max_length) + " octets");
      }
      std::string text(item.get_string());
      if (!is_valid_utf8(text)) fail(item_key, "must be UTF-8 text");
      out.push_back(std::move(text));
    }
    return out;
  }

  [[noreturn]] void fail(std::string_view key, const std::string& reason) const {
    std::string message = where_;
    if (!key.empty()) message += (message.empty() ? "" : ".") + std::string(key);
    throw ConfigError(message + ": " + reason);
  }

  const std::string& where() const noexcept { return where_; }

 private:
  const json::object* object_ = nullptr;
  std::string where_;
};

std::string join_key(const std::string& where, std::string_view key) {
  return where.empty() ? std::string(key) : where + "." + std::string(key);
}

bool is_rule_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool is_address(std::string_view address) {
  address = comparable_address(address);
  if (address.empty() || address.size() > 20) return false;
  for (const char c : address) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

struct ListNames {
  std::unordered_map<std::string, std::pair<uint32_t, ListKind>> by_name;
};

std::vector<uint32_t> list_refs(const ObjectReader& match, std::string_view key, const ListNames& lists, ListKind kind) {
  std::vector<uint32_t> refs;
  const std::vector<std::string> names = match.strings(key, 64);
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string item_key = std::string(key) + "[" + std::to_string(i) + "]";
    auto it = lists.by_name.find(names[i]);
    if (it == lists.by_name.end()) match.fail(item_key, "no list is named \"" + names[i] + "\" (see lists)");
    if (it->second.second != kind) {
      match.fail(item_key, "the list \"" + names[i] + "\" is a list of " +
                               (it->second.second == ListKind::words ? "words" : "numbers") + ", this needs one of " +
                               (kind == ListKind::words ? "words" : "numbers"));
    }
    refs.push_back(it->second.first);
  }
  return refs;
}

std::vector<std::string> addresses(const ObjectReader& match, std::string_view key) {
  std::vector<std::string> out = match.strings(key, 21);
  for (size_t i = 0; i < out.size(); ++i) {
    if (!is_address(out[i])) {
      match.fail(std::string(key) + "[" + std::to_string(i) + "]",
                 "\"" + out[i] + "\" is not an address (digits or an alphanumeric sender id, at most 20)");
    }
    out[i] = std::string(comparable_address(out[i]));
  }
  return out;
}

void parse_match(const json::value& value, const std::string& where, const ListNames& lists, const Zone& default_zone,
                 RuleSpec* rule) {
  const ObjectReader match(value, where);
  match.only({"keywords", "keyword_lists", "patterns", "urls", "source_addr", "source_prefix", "source_lists",
              "destination_prefix", "destination_lists", "system_id", "data_coding", "esm_class", "length", "time",
              "flood", "pumping"});

  rule->keywords = match.strings("keywords", 256);
  rule->keyword_lists = list_refs(match, "keyword_lists", lists, ListKind::words);
  rule->patterns = match.strings("patterns", 4096);
  for (size_t i = 0; i < rule->patterns.size(); ++i) {
    RE2::Options options;
    options.set_log_errors(false);
    const RE2 regex(rule->patterns[i], options);
    if (!regex.ok()) {
      match.fail("patterns[" + std::to_string(i) + "]",
                 "\"" + rule->patterns[i] + "\" is not a valid RE2 pattern: " + regex.error());
    }
  }
  if (const auto urls = match.string("urls", 16)) {
    if (*urls == "any") {
      rule->urls = UrlMatch::any;
    } else if (*urls == "shortener") {
      rule->urls = UrlMatch::shortener;
    } else {
      match.fail("urls", "must be \"any\" or \"shortener\"");
    }
  }

  rule->source_addr = addresses(match, "source_addr");
  rule->source_prefix = addresses(match, "source_prefix");
  rule->source_lists = list_refs(match, "source_lists", lists, ListKind::numbers);
  rule->destination_prefix = addresses(match, "destination_prefix");
  rule->destination_lists = list_refs(match, "destination_lists", lists, ListKind::numbers);
  rule->system_id = match.strings("system_id", 16);

  if (const json::value* codings = match.find("data_coding")) {
    if (!codings->is_array()) match.fail("data_coding", "must be an array of integers from 0 to 255");
    for (size_t i = 0; i < codings->get_array().size(); ++i) {
      const auto& item = codings->get_array()[i];
      if (!item.is_int64() || item.get_int64() < 0 || item.get_int64() > 255) {
        match.fail("data_coding[" + std::to_string(i) + "]", "must be an integer from 0 to 255");
      }
      rule->data_coding.push_back(static_cast<uint8_t>(item.get_int64()));
    }
  }
  if (const json::value* esm = match.find("esm_class")) {
    const ObjectReader reader(*esm, join_key(where, "esm_class"));
    reader.only({"mask", "value"});
    const auto mask = reader.integer("mask", 1, 255);
    const auto esm_value = reader.integer("value", 0, 255);
    if (!mask || !esm_value) reader.fail("", "needs both mask and value");
    if ((*esm_value & ~*mask) != 0) reader.fail("value", "has bits outside mask: it could never match");
    rule->esm_class = EsmClassMatch{static_cast<uint8_t>(*mask), static_cast<uint8_t>(*esm_value)};
  }
  if (const json::value* length = match.find("length")) {
    const ObjectReader reader(*length, join_key(where, "length"));
    reader.only({"min_chars", "max_chars", "min_parts", "max_parts"});
    LengthMatch bounds;
    const auto to_u32 = [](std::optional<int64_t> v) -> std::optional<uint32_t> {
      if (!v) return std::nullopt;
      return static_cast<uint32_t>(*v);
    };
    bounds.min_chars = to_u32(reader.integer("min_chars", 0, 1000000));
    bounds.max_chars = to_u32(reader.integer("max_chars", 0, 1000000));
    bounds.min_parts = to_u32(reader.integer("min_parts", 1, 255));
    bounds.max_parts = to_u32(reader.integer("max_parts", 1, 255));
    if (bounds.min_chars && bounds.max_chars && *bounds.min_chars > *bounds.max_chars) {
      reader.fail("min_chars", "is above max_chars");
    }
    if (bounds.min_parts && bounds.max_parts && *bounds.min_parts > *bounds.max_parts) {
      reader.fail("min_parts", "is above max_parts");
    }
    rule->length = bounds;
  }
  if (const json::value* time = match.find("time")) {
    const ObjectReader reader(*time, join_key(where, "time"));
    reader.only({"windows", "days", "zone"});
    TimeCondition condition;
    condition.zone = default_zone;
    const std::vector<std::string> windows = reader.strings("windows", 16);
    for (size_t i = 0; i < windows.size(); ++i) {
      std::string error;
      const auto window = parse_daily_window(windows[i], &error);
      if (!window) reader.fail("windows[" + std::to_string(i) + "]", error);
      condition.windows.push_back(*window);
    }
    if (reader.find("days") != nullptr) {
      condition.days = 0;
      const std::vector<std::string> days = reader.strings("days", 16);
      for (size_t i = 0; i < days.size(); ++i) {
        const auto day = parse_weekday(days[i]);
        if (!day) reader.fail("days[" + std::to_string(i) + "]", "\"" + days[i] + "\" is not a day (mon .. sun)");
        condition.days = static_cast<uint8_t>(condition.days | (1u << *day));
      }
      if (condition.days == 0) reader.fail("days", "is empty: the condition could never hold");
    }
    if (const auto zone = reader.string("zone", 64)) {
      std::string error;
      const auto parsed = Zone::parse(*zone, &error);
      if (!parsed) reader.fail("zone", error);
      condition.zone = *parsed;
    }
    rule->time = std::move(condition);
  }
  if (const json::value* flood = match.find("flood")) {
    const ObjectReader reader(*flood, join_key(where, "flood"));
    reader.only({"destinations", "window_ms"});
    const auto destinations = reader.integer("destinations", 1, 10000);
    const auto window = reader.integer("window_ms", 1, 86400000);
    if (!destinations || !window) reader.fail("", "needs destinations and window_ms");
    rule->flood = FloodMatch{static_cast<uint32_t>(*destinations), *window};
  }
  if (const json::value* pumping = match.find("pumping")) {
    const ObjectReader reader(*pumping, join_key(where, "pumping"));
    reader.only({"messages", "window_ms", "prefix_length"});
    const auto messages = reader.integer("messages", 1, 100000000);
    const auto window = reader.integer("window_ms", 1, 86400000);
    if (!messages || !window) reader.fail("", "needs messages and window_ms");
    const auto prefix_length = reader.integer("prefix_length", 0, 20).value_or(0);
    rule->pumping = PumpingMatch{static_cast<uint32_t>(*messages), *window, static_cast<uint32_t>(prefix_length)};
  }
}

RuleSpec parse_rule(const json::value& value, size_t index, const ListNames& lists, const FirewallSettings& settings,
                    const Zone& default_zone) {
  std::string where = "rules[" + std::to_string(index) + "]";
  ObjectReader reader(value, where);
  RuleSpec rule;
  const auto name = reader.string("name", 64);
  if (!name) reader.fail("name", "is required");
  if (!is_rule_name(*name)) reader.fail("name", "\"" + *name + "\" must be letters, digits, '_' or '-' (at most 64)");
  rule.name = *name;
  where += " (\"" + rule.name + "\")";
  reader = ObjectReader(value, where);
  reader.only({"name", "action", "status", "tag", "tag_key", "monitor", "match"});

  const auto action = reader.string("action", 16);
  if (!action) reader.fail("action", "is required (allow, deny or tag)");
  if (*action == "allow") {
    rule.action = Action::allow;
  } else if (*action == "deny") {
    rule.action = Action::deny;
  } else if (*action == "tag") {
    rule.action = Action::tag;
  } else {
    reader.fail("action", "\"" + *action + "\" is not allow, deny or tag");
  }
  rule.status = static_cast<uint32_t>(reader.integer("status", 1, 0xFFFFFFFFLL).value_or(settings.deny_status));
  if (reader.find("status") != nullptr && rule.action != Action::deny) reader.fail("status", "is for action = \"deny\" only");
  const auto tag = reader.string("tag", 256);
  const auto tag_key = reader.string("tag_key", 64);
  if (rule.action == Action::tag) {
    if (!tag) reader.fail("tag", "is required for action = \"tag\" (the attribute's value)");
    rule.tag_value = *tag;
    const std::string key = tag_key.value_or("tag");
    if (!is_rule_name(key)) reader.fail("tag_key", "\"" + key + "\" must be letters, digits, '_' or '-'");
    rule.tag_key = "firewall." + key;
  } else if (tag || tag_key) {
    reader.fail(tag ? "tag" : "tag_key", "is for action = \"tag\" only");
  }
  rule.monitor = reader.boolean("monitor").value_or(false);
  if (const json::value* match = reader.find("match")) parse_match(*match, join_key(where, "match"), lists, default_zone, &rule);
  return rule;
}

}  // namespace

FirewallConfig parse_firewall_config(std::string_view text) {
  const json::value document = cxx::parse_config_table<ConfigError>(text);
  const ObjectReader reader(document, "");
  reader.only({"mode", "deny_status", "time_zone", "list_reload_interval_ms", "concat_hold_ms", "concat_max_held_parts",
               "concat_max_held_bytes", "concat_verdict_ttl_ms", "concat_max_verdicts", "rate_max_keys", "rule_metrics",
               "lists", "rules"});

  FirewallConfig config;
  FirewallSettings& settings = config.settings;
  if (const auto mode = reader.string("mode", 16)) {
    if (*mode != "enforce" && *mode != "monitor") reader.fail("mode", "must be \"enforce\" or \"monitor\"");
    settings.monitor = *mode == "monitor";
  }
  settings.deny_status = static_cast<uint32_t>(reader.integer("deny_status", 1, 0xFFFFFFFFLL).value_or(kDefaultDenyStatus));
  Zone default_zone = Zone::utc();
  if (const auto zone = reader.string("time_zone", 64)) {
    std::string why;
    const auto parsed = Zone::parse(*zone, &why);
    if (!parsed) reader.fail("time_zone", why);
    default_zone = *parsed;
  }
  settings.list_reload_interval_ms = reader.integer("list_reload_interval_ms", 100, 86400000).value_or(5000);
  settings.concat_hold_ms = reader.integer("concat_hold_ms", 0, 60000).value_or(2000);
  settings.concat_max_held_parts = static_cast<uint32_t>(reader.integer("concat_max_held_parts", 1, 4096).value_or(64));
  settings.concat_max_held_bytes = static_cast<uint64_t>(reader.integer("concat_max_held_bytes", 256, 16777216).value_or(65536));
  settings.concat_verdict_ttl_ms = reader.integer("concat_verdict_ttl_ms", 0, 3600000).value_or(30000);
  settings.concat_max_verdicts = static_cast<uint32_t>(reader.integer("concat_max_verdicts", 0, 65536).value_or(256));
  settings.rate_max_keys = static_cast<uint64_t>(reader.integer("rate_max_keys", 16, 10000000).value_or(100000));
  settings.rule_metrics = reader.boolean("rule_metrics").value_or(true);

  ListNames names;
  if (const json::value* lists = reader.find("lists")) {
    if (!lists->is_array()) reader.fail("lists", "must be an array of tables");
    for (size_t i = 0; i < lists->get_array().size(); ++i) {
      const ObjectReader list(lists->get_array()[i], "lists[" + std::to_string(i) + "]");
      list.only({"name", "type", "file"});
      ListSpec spec;
      const auto name = list.string("name", 64);
      const auto type = list.string("type", 16);
      const auto file = list.string("file", 4096);
      if (!name || !type || !file) list.fail("", "needs name, type and file");
      if (!is_rule_name(*name)) list.fail("name", "\"" + *name + "\" must be letters, digits, '_' or '-'");
      if (*type != "numbers" && *type != "words") list.fail("type", "must be \"numbers\" or \"words\"");
      spec.name = *name;
      spec.kind = *type == "words" ? ListKind::words : ListKind::numbers;
      spec.file = *file;
      if (!names.by_name.emplace(spec.name, std::make_pair(static_cast<uint32_t>(config.lists.size()), spec.kind)).second) {
        list.fail("name", "\"" + spec.name + "\" names another list too");
      }
      config.lists.push_back(std::move(spec));
    }
  }

  if (const json::value* rules = reader.find("rules")) {
    if (!rules->is_array()) reader.fail("rules", "must be an array of tables");
    std::unordered_set<std::string> seen;
    for (size_t i = 0; i < rules->get_array().size(); ++i) {
      RuleSpec rule = parse_rule(rules->get_array()[i], i, names, settings, default_zone);
      if (!seen.insert(rule.name).second) {
        throw ConfigError("rules[" + std::to_string(i) + "] (\"" + rule.name + "\").name: another rule has this name");
      }
      config.rules.push_back(std::move(rule));
    }
  }
  return config;
}

}  // namespace smppd::plugins::firewall
