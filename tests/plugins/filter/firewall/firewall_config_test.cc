// The firewall's config: its schema as the loader reads it, the commented example in etc/, and a
// clear refusal for each class of mistake, naming the rule (index and name) or list, and the key.
#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>
#include <toml++/toml.h>
#include <vector>

#include "plugins/filter/firewall/config_error.h"
#include "plugins/filter/firewall/config_schema.h"
#include "plugins/filter/firewall/firewall.h"
#include "plugins/filter/firewall/firewall_config.h"
#include "tests/plugins/filter/firewall/firewall_test_support.h"
#include "tests/plugins/schema_lint.h"

namespace smppd::plugins::firewall {
namespace {

// The error a config is refused with; empty when it is accepted.
std::string refusal(const std::string& json) {
  try {
    parse_firewall_config(json);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

std::string rule(const std::string& fields) { return R"({"rules": [{"name": "ok", "action": "deny"}, {)" + fields + "}]}"; }

TEST(FirewallConfigTest, TheSchemaUsesOnlyKeywordsTheLoaderKnows) {
  EXPECT_EQ(smppd::testing::schema_problems(kConfigSchema), std::vector<std::string>{});
}

TEST(FirewallConfigTest, DefaultsAreDocumented) {
  const FirewallConfig config = parse_firewall_config("{}");
  EXPECT_FALSE(config.settings.monitor);
  EXPECT_EQ(config.settings.deny_status, 0x45u);
  EXPECT_EQ(config.settings.concat_hold_ms, 2000);
  EXPECT_EQ(config.settings.list_reload_interval_ms, 5000);
  EXPECT_TRUE(config.rules.empty());
}

TEST(FirewallConfigTest, TheExampleInEtcIsAValidConfig) {
  const toml::table document = toml::parse_file(SMPPD_FIREWALL_EXAMPLE);
  const toml::table* config = document["listeners"][0]["filters"][0]["config"].as_table();
  ASSERT_NE(config, nullptr);
  EXPECT_EQ(document["listeners"][0]["filters"][0]["name"].value_or(std::string()), "firewall");
  std::ostringstream json;
  json << toml::json_formatter{*config};
  const FirewallConfig parsed = parse_firewall_config(json.str());
  EXPECT_GE(parsed.rules.size(), 8u);
  EXPECT_EQ(parsed.lists.size(), 2u);
}

TEST(FirewallConfigTest, ParsesEveryCondition) {
  const FirewallConfig config = parse_firewall_config(R"({
    "mode": "monitor", "deny_status": 97, "time_zone": "Europe/Berlin",
    "lists": [{"name": "words", "type": "words", "file": "w.txt"}, {"name": "nums", "type": "numbers", "file": "n.txt"}],
    "rules": [{"name": "all", "action": "tag", "tag": "x", "tag_key": "kind", "monitor": true, "match": {
      "keywords": ["a"], "keyword_lists": ["words"], "patterns": ["b+"], "urls": "shortener",
      "source_addr": ["+4477"], "source_prefix": ["44"], "source_lists": ["nums"],
      "destination_prefix": ["1900"], "destination_lists": ["nums"], "system_id": ["acme"],
      "data_coding": [0, 8], "esm_class": {"mask": 64, "value": 64},
      "length": {"min_chars": 1, "max_chars": 10, "min_parts": 1, "max_parts": 3},
      "time": {"windows": ["22:00-06:00"], "days": ["sat", "sun"]},
      "flood": {"destinations": 10, "window_ms": 60000},
      "pumping": {"messages": 100, "window_ms": 60000, "prefix_length": 6}}}]})");
  ASSERT_EQ(config.rules.size(), 1u);
  const RuleSpec& spec = config.rules[0];
  EXPECT_TRUE(config.settings.monitor);
  EXPECT_EQ(spec.tag_key, "firewall.kind");
  EXPECT_EQ(spec.keyword_lists, (std::vector<uint32_t>{0}));
  EXPECT_EQ(spec.source_lists, (std::vector<uint32_t>{1}));
  EXPECT_EQ(spec.source_addr, (std::vector<std::string>{"4477"}));
  EXPECT_EQ(spec.urls, UrlMatch::shortener);
  ASSERT_TRUE(spec.time);
  EXPECT_EQ(spec.time->days, 0x41);
  EXPECT_EQ(spec.time->zone.name(), "Europe/Berlin");
  ASSERT_TRUE(spec.pumping);
  EXPECT_EQ(spec.pumping->prefix_length, 6u);
}

TEST(FirewallConfigTest, RefusesEachClassOfMistakeNamingRuleAndKey) {
  struct Case {
    std::string json;
    std::string expected;
  };
  const Case cases[] = {
      {"not json", "the config is not JSON"},
      // Found by firewall_config_fuzz: a document that is no table was refused as ": must be a table".
      {R"("")", "the config must be a table"},
      {"[]", "the config must be a table"},
      {R"({"rulez": []})", "rulez: is not a key here"},
      {R"({"mode": "learn"})", "mode: must be \"enforce\" or \"monitor\""},
      {R"({"time_zone": "Moon/Base"})", "time_zone: \"Moon/Base\" is not a time zone"},
      // regex
      {rule(R"("name": "re", "action": "deny", "match": {"patterns": ["ok", "(a"]})"),
       "rules[1] (\"re\").match.patterns[1]: \"(a\" is not a valid RE2 pattern: missing )"},
      {rule(R"("name": "re", "action": "deny", "match": {"patterns": ["(?<=a)b"]})"),
       "rules[1] (\"re\").match.patterns[0]: \"(?<=a)b\" is not a valid RE2 pattern"},
      // lists
      {rule(R"("name": "l", "action": "deny", "match": {"source_lists": ["nope"]})"),
       "rules[1] (\"l\").match.source_lists[0]: no list is named \"nope\""},
      {R"({"lists": [{"name": "w", "type": "words", "file": "f"}],
          "rules": [{"name": "l", "action": "deny", "match": {"destination_lists": ["w"]}}]})",
       "rules[0] (\"l\").match.destination_lists[0]: the list \"w\" is a list of words, this needs one of numbers"},
      {R"({"lists": [{"name": "w", "type": "words", "file": "f"}, {"name": "w", "type": "numbers", "file": "g"}]})",
       "lists[1].name: \"w\" names another list too"},
      {R"({"lists": [{"name": "w", "type": "phrases", "file": "f"}]})", "lists[0].type: must be \"numbers\" or \"words\""},
      // time
      {rule(R"("name": "t", "action": "deny", "match": {"time": {"windows": ["9:00-17:00"]}})"),
       "rules[1] (\"t\").match.time.windows[0]: \"9:00-17:00\" is not a window \"HH:MM-HH:MM\""},
      {rule(R"("name": "t", "action": "deny", "match": {"time": {"windows": ["09:00-25:00"]}})"),
       "rules[1] (\"t\").match.time.windows[0]"},
      {rule(R"("name": "t", "action": "deny", "match": {"time": {"days": ["someday"]}})"),
       "rules[1] (\"t\").match.time.days[0]: \"someday\" is not a day"},
      {rule(R"("name": "t", "action": "deny", "match": {"time": {"zone": "+99:00"}})"),
       "rules[1] (\"t\").match.time.zone: \"+99:00\" is not a UTC offset"},
      // rules
      {rule(R"("name": "ok", "action": "deny")"), "rules[1] (\"ok\").name: another rule has this name"},
      {rule(R"("name": "bad name", "action": "deny")"), "rules[1].name: \"bad name\" must be letters"},
      {rule(R"("action": "deny")"), "rules[1].name: is required"},
      {rule(R"("name": "a", "action": "drop")"), "rules[1] (\"a\").action: \"drop\" is not allow, deny or tag"},
      {rule(R"("name": "a", "action": "tag")"), "rules[1] (\"a\").tag: is required for action = \"tag\""},
      {rule(R"("name": "a", "action": "allow", "status": 5)"), "rules[1] (\"a\").status: is for action = \"deny\" only"},
      {rule(R"("name": "a", "action": "deny", "tag": "x")"), "rules[1] (\"a\").tag: is for action = \"tag\" only"},
      {rule(R"("name": "a", "action": "deny", "match": {"keyword": ["x"]})"),
       "rules[1] (\"a\").match.keyword: is not a key here"},
      {rule(R"("name": "a", "action": "deny", "match": {"source_addr": ["44 77/"]})"),
       "rules[1] (\"a\").match.source_addr[0]: \"44 77/\" is not an address"},
      {rule(R"("name": "a", "action": "deny", "match": {"esm_class": {"mask": 3, "value": 4}})"),
       "rules[1] (\"a\").match.esm_class.value: has bits outside mask"},
      {rule(R"("name": "a", "action": "deny", "match": {"length": {"min_chars": 5, "max_chars": 2}})"),
       "rules[1] (\"a\").match.length.min_chars: is above max_chars"},
      {rule(R"("name": "a", "action": "deny", "match": {"flood": {"destinations": 0, "window_ms": 1}})"),
       "rules[1] (\"a\").match.flood.destinations: must be an integer from 1 to 10000"},
      {rule(R"("name": "a", "action": "deny", "match": {"pumping": {"messages": 5}})"),
       "rules[1] (\"a\").match.pumping: needs messages and window_ms"},
      {rule(R"("name": "a", "action": "deny", "match": {"data_coding": [300]})"),
       "rules[1] (\"a\").match.data_coding[0]: must be an integer from 0 to 255"},
      {rule(R"("name": "a", "action": "deny", "match": {"urls": "some"})"), "rules[1] (\"a\").match.urls: must be"},
  };
  for (const Case& c : cases) {
    const std::string error = refusal(c.json);
    EXPECT_NE(error.find(c.expected), std::string::npos) << "config: " << c.json << "\nerror: " << error;
  }
}

// What only loading the lists can tell: a missing file, a bad line.
class NullHost final : public HostServices {
 public:
  int64_t monotonic_ns() const noexcept override { return 0; }
  int64_t realtime_ns() const noexcept override { return 0; }
  bool log_enabled(Severity) const noexcept override { return false; }
  void log(Severity, std::string_view) const noexcept override {}
  std::optional<uint32_t> define_counter(std::string_view, std::string_view) const override { return std::nullopt; }
  void count(uint32_t, uint64_t) const noexcept override {}
  bool schedule(std::chrono::nanoseconds, std::function<void()>) const override { return false; }
  bool run_blocking(std::function<void()>) const override { return false; }
  bool finish(uint64_t, const Decision&) const noexcept override { return false; }
};

std::string list_refusal(const std::string& file, const std::string& type = "numbers") {
  try {
    Firewall::create(parse_firewall_config(R"({"lists": [{"name": "blocked", "type": ")" + type + R"(", "file": ")" +
                                           file + R"("}]})"),
                     std::make_shared<NullHost>());
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(FirewallConfigTest, RefusesListsThatCannotBeRead) {
  testing::TempDir dir;
  EXPECT_NE(list_refusal((dir.path() / "missing.txt").string()).find("lists[0] (\"blocked\").file: "), std::string::npos);
  EXPECT_NE(list_refusal((dir.path() / "missing.txt").string()).find("cannot open"), std::string::npos);
  const std::string bad = dir.write("bad.txt", "4477\n44-77-\xC3\xA9\n");
  const std::string error = list_refusal(bad);
  EXPECT_NE(error.find("lists[0] (\"blocked\").file: "), std::string::npos) << error;
  EXPECT_NE(error.find("line 2"), std::string::npos) << error;
  EXPECT_EQ(list_refusal(dir.write("good.txt", "4477\n")), "");
  EXPECT_NE(list_refusal(dir.write("words.txt", "\xFF\n"), "words").find("line 1"), std::string::npos);
}

}  // namespace
}  // namespace smppd::plugins::firewall
