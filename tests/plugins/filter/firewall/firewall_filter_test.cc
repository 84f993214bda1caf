// The firewall through its descriptor and vtable, as smppd drives it, on the SDK's fake host: every
// condition and action, monitor mode, metrics and logs, list reloads and the rate conditions on the
// fake host's clock. The plugin's sources are compiled into this test (firewall_so_test.cc loads
// the built .so).
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

#include "fake_host.h"
#include "smppd/plugin.h"
#include "tests/plugins/filter/firewall/firewall_test_support.h"

namespace smppd::plugins::firewall {
namespace {

using namespace std::chrono_literals;
using smppd::testing::AttributeBag;
using smppd::testing::FakeCall;
using smppd::testing::FakeHost;
using smppd::testing::FakeMessage;
using smppd::testing::FakeSession;
using smppd::testing::FilterDriver;
using smppd::testing::FilterOutcome;
using testing::Submit;
using testing::submit_sm;
using testing::TempDir;

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kMonday2024 = 1704067200LL * kSecond;  // 2024-01-01T00:00:00Z, a Monday

using FirewallFilterTest = testing::FirewallFixture;
using testing::client;
using testing::text;

TEST_F(FirewallFilterTest, DescribesItselfAsTheManifestDoes) {
  const smppd_plugin_descriptor* descriptor = SMPPD_PLUGIN_ENTRY(SMPPD_ABI_VERSION_MINOR);
  EXPECT_STREQ(descriptor->name, "firewall");
  EXPECT_STREQ(descriptor->version, SMPPD_FIREWALL_VERSION);
  ASSERT_EQ(descriptor->factory_count, 1u);
  EXPECT_EQ(descriptor->factories[0].kind, SMPPD_KIND_FILTER);
  EXPECT_STREQ(descriptor->factories[0].name, "firewall");
  EXPECT_NE(descriptor->factories[0].config_schema, nullptr);
  const auto* vtable = static_cast<const smppd_filter_vtable*>(descriptor->factories[0].vtable);
  EXPECT_NE(vtable->session_new, nullptr);  // per-session state: the held parts
  EXPECT_NE(vtable->on_cancel, nullptr);
}

TEST_F(FirewallFilterTest, WithoutRulesEverythingPassesAndIsCounted) {
  configure("{}");
  EXPECT_TRUE(send(text("hello")).passed());
  EXPECT_EQ(host_.counter("messages"), 1u);
  EXPECT_EQ(host_.counter("passed"), 1u);
  EXPECT_EQ(host_.counter("denied"), 0u);
}

TEST_F(FirewallFilterTest, LooksAtSubmitsOnly) {
  configure(R"({"rules": [{"name": "all", "action": "deny"}]})");
  FakeMessage enquire(SMPPD_CMD_ENQUIRE_LINK);
  EXPECT_TRUE(send(enquire).passed());
  FakeMessage bind(SMPPD_CMD_BIND_TRANSMITTER);
  bind.set_string(SMPPD_F_SYSTEM_ID, "acme");
  EXPECT_TRUE(send(bind).passed());
  EXPECT_EQ(host_.counter("messages"), 0u);
  FakeMessage data_sm(SMPPD_CMD_DATA_SM);
  data_sm.set_string(SMPPD_F_SOURCE_ADDR, "ACME").set_string(SMPPD_F_DESTINATION_ADDR, "4477").add_tlv(0x0424, "hi");
  EXPECT_TRUE(send(data_sm).denied());
  EXPECT_TRUE(send(text("hi")).denied());
}

TEST_F(FirewallFilterTest, AKeywordDeniesWholeWordsInAnyCaseWithTheDefaultStatus) {
  configure(R"({"rules": [{"name": "lottery", "action": "deny", "match": {"keywords": ["lottery", "you won"]}}]})");
  const Sent denied = send(text("Claim your LOTTERY prize now"));
  ASSERT_TRUE(denied.denied());
  EXPECT_EQ(denied.outcome.command_status, 0x45u);  // ESME_RSUBMITFAIL
  EXPECT_TRUE(send(text("YOU   Won a car")).denied());  // any run of blanks between the words
  EXPECT_TRUE(send(text("lotteryticket sale")).passed());  // not a whole word
  EXPECT_TRUE(send(text("see you wonderful people")).passed());
  EXPECT_TRUE(send(text("meeting at 10")).passed());

  EXPECT_EQ(host_.counter("rule.lottery.matched"), 2u);
  EXPECT_EQ(host_.counter("rule.lottery.denied"), 2u);
  EXPECT_EQ(host_.counter("denied"), 2u);
  EXPECT_EQ(host_.counter("passed"), 3u);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_INFO,
                           "rule \"lottery\" denied with 0x45: client \"acme\", source \"ACME\", destination \"447700900123\""));
  EXPECT_TRUE(absent_at_info("prize"));  // the text is logged at debug only
  EXPECT_TRUE(host_.logged(SMPPD_LOG_DEBUG, "Claim your LOTTERY prize now"));
}

TEST_F(FirewallFilterTest, KeywordsMatchLatinAndCyrillicTextInAnyCase) {
  configure(R"({"rules": [{"name": "words", "action": "deny", "match": {"keywords": ["café", "привет", "straße"]}}]})");
  Submit latin1 = text("Le CAF\xC9 est ouvert");  // Latin-1
  latin1.data_coding = 3;
  EXPECT_TRUE(send(latin1).denied());
  Submit glued = text("cafés");
  glued.data_coding = 3;
  glued.text = "caf\xE9s";
  EXPECT_TRUE(send(glued).passed());  // é then s: one word
  Submit cyrillic = text("");
  cyrillic.data_coding = 8;
  cyrillic.text = testing::ucs2("ПРИВЕТ мир");
  EXPECT_TRUE(send(cyrillic).denied());
  cyrillic.text = testing::ucs2("приветствую");
  EXPECT_TRUE(send(cyrillic).passed());
  Submit german = text("");
  german.data_coding = 8;
  german.text = testing::ucs2("Die STRAßE ist gesperrt");
  EXPECT_TRUE(send(german).denied());
}

TEST_F(FirewallFilterTest, PatternsUseRe2Syntax) {
  configure(R"({"rules": [{"name": "money", "action": "deny", "match": {"patterns": ["(?i)fr[e3]{2}\\s+m[o0]ney", "b\\Cz"]}}]})");
  EXPECT_TRUE(send(text("get FR33 m0ney today")).denied());
  EXPECT_TRUE(send(text("free   money")).denied());
  EXPECT_TRUE(send(text("abyz")).denied());  // \C (any octet) is RE2's, not Hyperscan's: RE2 runs it
  EXPECT_TRUE(send(text("money for free")).passed());
  EXPECT_EQ(host_.counter("patterns_on_re2"), 1u);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_WARN, "pattern \"b\\\\Cz\" (rules \"money\") runs on RE2, not Hyperscan"));
}

TEST_F(FirewallFilterTest, UrlsAndShortenersAreDetected) {
  configure(R"({"rules": [
    {"name": "short", "action": "deny", "status": 11, "match": {"urls": "shortener"}},
    {"name": "links", "action": "tag", "tag": "link", "match": {"urls": "any"}}]})");
  const Sent shortened = send(text("see bit.ly/abc now"));
  EXPECT_TRUE(shortened.denied());
  EXPECT_EQ(shortened.outcome.command_status, 11u);
  const Sent link = send(text("visit https://example.org/x"));
  EXPECT_TRUE(link.passed());
  EXPECT_EQ(link.attributes.get_string("firewall.tag"), "link");
  EXPECT_EQ(send(text("go to www.example.de")).attributes.get_string("firewall.tag"), "link");
  EXPECT_EQ(send(text("shop at acme-store.com today")).attributes.get_string("firewall.tag"), "link");
  const Sent plain = send(text("ok.so see you at 5.30"));
  EXPECT_TRUE(plain.passed());
  EXPECT_FALSE(plain.attributes.contains("firewall.tag"));
}

TEST_F(FirewallFilterTest, SenderMatchesExactPrefixAndList) {
  TempDir dir;
  const std::string file = dir.write("senders.txt", "# blocked\n+4915112345678\n49170*   # a range\n");
  configure(R"({"lists": [{"name": "blocked", "type": "numbers", "file": ")" + file + R"("}],
    "rules": [{"name": "senders", "action": "deny",
               "match": {"source_addr": ["BANK"], "source_prefix": ["+4916"], "source_lists": ["blocked"]}}]})");
  const auto from = [](std::string source) {
    Submit submit = text("hello");
    submit.source = std::move(source);
    return submit;
  };
  EXPECT_TRUE(send(from("BANK")).denied());
  EXPECT_TRUE(send(from("BANKX")).passed());  // exact, not a prefix
  EXPECT_TRUE(send(from("491601234")).denied());
  EXPECT_TRUE(send(from("4915112345678")).denied());
  EXPECT_TRUE(send(from("+4915112345678")).denied());
  EXPECT_TRUE(send(from("4915112345679")).passed());
  EXPECT_TRUE(send(from("4917099")).denied());
  EXPECT_TRUE(send(from("4918")).passed());
}

TEST_F(FirewallFilterTest, DestinationMatchesPrefixesAndLists) {
  TempDir dir;
  const std::string file = dir.write("premium.txt", "88213*\n4477009001\n");
  configure(R"({"lists": [{"name": "premium", "type": "numbers", "file": ")" + file + R"("}],
    "rules": [{"name": "by-prefix", "action": "deny", "status": 11, "match": {"destination_prefix": ["1900", "+4487"]}},
              {"name": "by-list", "action": "deny", "status": 12, "match": {"destination_lists": ["premium"]}}]})");
  EXPECT_EQ(send(text("x", "19005550000")).outcome.command_status, 11u);
  EXPECT_EQ(send(text("x", "44870000")).outcome.command_status, 11u);
  EXPECT_EQ(send(text("x", "882130001")).outcome.command_status, 12u);
  EXPECT_EQ(send(text("x", "4477009001")).outcome.command_status, 12u);
  EXPECT_TRUE(send(text("x", "44770090012")).passed());
  EXPECT_TRUE(send(text("x", "1800")).passed());
  EXPECT_EQ(host_.counter("rule.by_prefix.denied"), 2u);  // '-' becomes '_' in metric names
}

TEST_F(FirewallFilterTest, ClientDataCodingAndEsmClass) {
  configure(R"({"rules": [
    {"name": "client", "action": "deny", "status": 1, "match": {"system_id": ["spammer"]}},
    {"name": "flash", "action": "deny", "status": 2, "match": {"data_coding": [16, 240]}},
    {"name": "udhi", "action": "deny", "status": 3, "match": {"esm_class": {"mask": 3, "value": 2}}}]})");
  EXPECT_TRUE(send(text("hi")).passed());
  Submit flash = text("hi");
  flash.data_coding = 16;
  EXPECT_EQ(send(flash).outcome.command_status, 2u);
  Submit forward = text("hi");
  forward.esm_class = 0x02;
  EXPECT_EQ(send(forward).outcome.command_status, 3u);
  forward.esm_class = 0x03;
  EXPECT_TRUE(send(forward).passed());

  FakeSession other(client("spammer"));
  auto instance = filter_.open_session(other);
  auto message = submit_sm(text("hi"));
  FakeCall call(other, *message);
  const FilterOutcome outcome = instance.request(call);
  EXPECT_EQ(outcome.verdict, SMPPD_STOP);
  EXPECT_EQ(outcome.command_status, 1u);
}

TEST_F(FirewallFilterTest, LengthInCharactersAndParts) {
  configure(R"({"rules": [
    {"name": "short", "action": "deny", "status": 1, "match": {"length": {"max_chars": 3}}},
    {"name": "long", "action": "deny", "status": 2, "match": {"length": {"min_parts": 3}}}]})");
  EXPECT_EQ(send(text("abc")).outcome.command_status, 1u);
  Submit accented = text("");
  accented.data_coding = 8;
  accented.text = testing::ucs2("ééé");  // three characters, six octets of UTF-8
  EXPECT_EQ(send(accented).outcome.command_status, 1u);
  EXPECT_TRUE(send(text("abcd")).passed());
  // A 3-part message is held, then decided as a whole: parts = 3.
  const auto first = hold(testing::udh_part(text("part one "), 7, 3, 1));
  const auto second = hold(testing::udh_part(text("part two "), 7, 3, 2));
  EXPECT_EQ(first->outcome.verdict, SMPPD_PAUSE);
  EXPECT_EQ(second->outcome.verdict, SMPPD_PAUSE);
  EXPECT_EQ(send(*testing::udh_part(text("part three"), 7, 3, 3)).outcome.command_status, 2u);
  const auto resumed = host_.wait_for_resume(first->outcome.token);
  ASSERT_TRUE(resumed);
  EXPECT_EQ(resumed->command_status, 2u);
}

TEST_F(FirewallFilterTest, TimeWindowsInAZoneOnDays) {
  configure(R"({"time_zone": "Europe/Berlin", "rules": [
    {"name": "office", "action": "deny", "status": 1,
     "match": {"time": {"windows": ["09:00-17:00"], "days": ["mon", "tue", "wed", "thu", "fri"]}}},
    {"name": "night-india", "action": "deny", "status": 2,
     "match": {"time": {"windows": ["22:00-06:00"], "days": ["mon"], "zone": "+05:30"}}}]})");
  host_.set_realtime_ns(kMonday2024 + 10 * 3600 * kSecond);  // 11:00 in Berlin (winter: UTC+1)
  EXPECT_EQ(send(text("x")).outcome.command_status, 1u);
  host_.set_realtime_ns(kMonday2024 + (16 * 3600 + 15 * 60) * kSecond);  // 17:15 in Berlin, 21:45 in India
  EXPECT_TRUE(send(text("x")).passed());
  host_.set_realtime_ns(kMonday2024 + 5 * 86400 * kSecond + 10 * 3600 * kSecond);  // Saturday
  EXPECT_TRUE(send(text("x")).passed());
  // Tuesday 03:00 in India (Monday 21:30 UTC) is inside Monday's night window.
  host_.set_realtime_ns(kMonday2024 + (21 * 3600 + 30 * 60) * kSecond);
  EXPECT_EQ(send(text("x")).outcome.command_status, 2u);
  // Monday 03:00 in India belongs to Sunday's night: not on the days.
  host_.set_realtime_ns(kMonday2024 - (2 * 3600 + 30 * 60) * kSecond);
  EXPECT_TRUE(send(text("x")).passed());
}

TEST_F(FirewallFilterTest, TheFirstDecisiveRuleWinsAndTagsCarryOn) {
  configure(R"({"deny_status": 97, "rules": [
    {"name": "vip", "action": "allow", "match": {"system_id": ["vip"]}},
    {"name": "promo", "action": "tag", "tag": "promo", "match": {"keywords": ["sale"]}},
    {"name": "kind", "action": "tag", "tag": "marketing", "tag_key": "category", "match": {"keywords": ["sale"]}},
    {"name": "casino", "action": "deny", "match": {"keywords": ["casino"]}},
    {"name": "casino-again", "action": "deny", "status": 5, "match": {"keywords": ["casino"]}}]})");
  const Sent tagged = send(text("big SALE today"));
  EXPECT_TRUE(tagged.passed());
  EXPECT_EQ(tagged.attributes.get_string("firewall.tag"), "promo");
  EXPECT_EQ(tagged.attributes.get_string("firewall.category"), "marketing");
  const Sent both = send(text("casino sale"));
  EXPECT_TRUE(both.denied());
  EXPECT_EQ(both.outcome.command_status, 97u);  // the global deny_status, and the first deny rule
  EXPECT_EQ(both.attributes.get_string("firewall.tag"), "promo");
  EXPECT_EQ(host_.counter("rule.casino_again.matched"), 0u);  // evaluation ended at "casino"
  EXPECT_EQ(host_.counter("rule.promo.tagged"), 2u);
  EXPECT_EQ(host_.counter("tagged"), 2u);

  FakeSession vip(client("vip"));
  auto instance = filter_.open_session(vip);
  auto message = submit_sm(text("casino sale"));
  FakeCall call(vip, *message);
  EXPECT_EQ(instance.request(call).verdict, SMPPD_CONTINUE);
  EXPECT_FALSE(call.attributes().contains("firewall.tag"));
  EXPECT_EQ(host_.counter("allowed"), 1u);
}

TEST_F(FirewallFilterTest, GlobalMonitorModeOnlyLogsAndCounts) {
  configure(R"({"mode": "monitor", "rules": [
    {"name": "promo", "action": "tag", "tag": "promo", "match": {"keywords": ["sale"]}},
    {"name": "casino", "action": "deny", "match": {"keywords": ["casino"]}}]})");
  const Sent sent = send(text("casino sale"));
  EXPECT_TRUE(sent.passed());
  EXPECT_FALSE(sent.attributes.contains("firewall.tag"));
  EXPECT_EQ(host_.counter("rule.casino.would_deny"), 1u);
  EXPECT_EQ(host_.counter("rule.casino.denied"), 0u);
  EXPECT_EQ(host_.counter("rule.promo.would_tag"), 1u);
  EXPECT_EQ(host_.counter("would_deny"), 1u);
  EXPECT_EQ(host_.counter("denied"), 0u);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_INFO, "rule \"casino\" would deny with 0x45 (monitor): client \"acme\""));
  EXPECT_TRUE(absent_at_info("casino sale"));
}

TEST_F(FirewallFilterTest, AMonitorRuleLetsTheNextRulesDecide) {
  configure(R"({"rules": [
    {"name": "trial", "action": "deny", "monitor": true, "match": {"keywords": ["crypto"]}},
    {"name": "casino", "action": "deny", "status": 12, "match": {"keywords": ["casino"]}}]})");
  EXPECT_TRUE(send(text("crypto news")).passed());
  EXPECT_EQ(send(text("crypto casino")).outcome.command_status, 12u);
  EXPECT_EQ(host_.counter("rule.trial.would_deny"), 2u);
  EXPECT_EQ(host_.counter("rule.trial.denied"), 0u);
  EXPECT_EQ(host_.counter("would_deny"), 2u);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_INFO, "rule \"trial\" would deny with 0x45 (monitor)"));
}

TEST_F(FirewallFilterTest, FloodingTheSameContentToManyDestinationsIsCaught) {
  configure(R"({"rules": [{"name": "flood", "action": "deny",
                           "match": {"flood": {"destinations": 3, "window_ms": 60000}}}]})");
  // The same text, up to case, spacing, punctuation and numbers.
  EXPECT_TRUE(send(text("Your code is 1234", "4470001")).passed());
  EXPECT_TRUE(send(text("your code is 9876!", "4470002")).passed());
  EXPECT_TRUE(send(text("YOUR  CODE IS 5555", "4470003")).passed());
  EXPECT_TRUE(send(text("your code is 1111", "4470003")).passed());  // a destination seen already
  EXPECT_TRUE(send(text("another text", "4470004")).passed());        // other content
  EXPECT_TRUE(send(text("your code is 2222", "4470004")).denied());   // the fourth destination
  host_.advance(61s);
  EXPECT_TRUE(send(text("your code is 3333", "4470005")).passed());
}

TEST_F(FirewallFilterTest, PumpingToOneDestinationPrefixIsCaught) {
  configure(R"({"rules": [{"name": "pumping", "action": "deny", "status": 88,
    "match": {"destination_prefix": ["882"], "pumping": {"messages": 5, "window_ms": 10000, "prefix_length": 6}}}]})");
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(send(text("otp " + std::to_string(i), "882130" + std::to_string(1000 + i))).passed()) << i;
    host_.advance(100ms);
  }
  EXPECT_EQ(send(text("otp", "8821309999")).outcome.command_status, 88u);  // the sixth to 882130
  EXPECT_TRUE(send(text("otp", "8821400000")).passed());                   // another prefix
  EXPECT_TRUE(send(text("otp", "4477001")).passed());                      // not a watched destination
  host_.advance(11s);
  EXPECT_TRUE(send(text("otp", "8821301234")).passed());
}

TEST_F(FirewallFilterTest, ListsReloadWhenTheirFileChangesAndABadVersionKeepsTheOld) {
  TempDir dir;
  const std::string numbers = dir.write("senders.txt", "111\n");
  const std::string words = dir.write("words.txt", "casino\n");
  configure(R"({"list_reload_interval_ms": 1000,
    "lists": [{"name": "senders", "type": "numbers", "file": ")" + numbers + R"("},
              {"name": "words", "type": "words", "file": ")" + words + R"("}],
    "rules": [{"name": "senders", "action": "deny", "status": 1, "match": {"source_lists": ["senders"]}},
              {"name": "words", "action": "deny", "status": 2, "match": {"keyword_lists": ["words"]}}]})");
  Submit from_222 = text("hello");
  from_222.source = "222";
  EXPECT_TRUE(send(from_222).passed());
  EXPECT_TRUE(send(text("lottery")).passed());

  dir.write("senders.txt", "111\n222\n");
  dir.write("words.txt", "casino\nlottery\n");
  host_.advance(1s);  // the poll sees both changes and reloads them on the blocking pool
  ASSERT_TRUE(host_.wait_blocking_idle());
  EXPECT_EQ(send(from_222).outcome.command_status, 1u);
  EXPECT_EQ(send(text("LOTTERY win")).outcome.command_status, 2u);
  EXPECT_EQ(host_.counter("list_reloads"), 2u);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_INFO, "list \"senders\" reloaded"));

  dir.write("senders.txt", "111\nnot a number!\n");
  host_.advance(1s);
  ASSERT_TRUE(host_.wait_blocking_idle());
  EXPECT_EQ(send(from_222).outcome.command_status, 1u);  // the previous list stays
  EXPECT_EQ(host_.counter("list_reload_failures"), 1u);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_WARN, "list \"senders\" was not reloaded"));
  EXPECT_TRUE(host_.logged(SMPPD_LOG_WARN, "line 2"));
  host_.advance(1s);  // the broken version is reported once, not at every poll
  ASSERT_TRUE(host_.wait_blocking_idle());
  EXPECT_EQ(host_.counter("list_reload_failures"), 1u);

  std::filesystem::remove(numbers);  // a vanished file keeps the list too
  host_.advance(1s);
  ASSERT_TRUE(host_.wait_blocking_idle());
  EXPECT_EQ(send(from_222).outcome.command_status, 1u);
  EXPECT_EQ(host_.counter("list_reload_failures"), 2u);
}

TEST_F(FirewallFilterTest, ListPollingStopsWithItsConfig) {
  TempDir dir;
  const std::string numbers = dir.write("senders.txt", "111\n");
  configure(R"({"list_reload_interval_ms": 1000, "lists": [{"name": "senders", "type": "numbers", "file": ")" +
            numbers + R"("}]})");
  host_.advance(3s);
  const uint64_t polls = host_.timers_run();
  EXPECT_GE(polls, 3u);
  configure("{}");  // the old config is freed: its polling ends at its next timer
  host_.advance(5s);
  EXPECT_LE(host_.timers_run(), polls + 1);
  EXPECT_EQ(host_.pending_timers(), 0u);
}

TEST_F(FirewallFilterTest, PerRuleMetricsCanBeTurnedOff) {
  configure(R"({"rule_metrics": false, "rules": [{"name": "x", "action": "deny", "match": {"keywords": ["x"]}}]})");
  EXPECT_TRUE(send(text("x")).denied());
  EXPECT_FALSE(host_.metric("rule.x.matched").has_value());
  EXPECT_EQ(host_.counter("denied"), 1u);
}

TEST_F(FirewallFilterTest, ARefusedConfigNamesTheRuleAndKey) {
  std::string error;
  EXPECT_EQ(filter_.configure(R"({"rules": [{"name": "a", "action": "deny"},
    {"name": "bad", "action": "deny", "match": {"patterns": ["(unclosed"]}}]})", &error), SMPPD_E_CONFIG);
  EXPECT_NE(error.find("rules[1] (\"bad\").match.patterns[0]"), std::string::npos) << error;
  EXPECT_NE(error.find("not a valid RE2 pattern"), std::string::npos) << error;
}

}  // namespace
}  // namespace smppd::plugins::firewall
