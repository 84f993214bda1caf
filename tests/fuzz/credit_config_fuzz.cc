// The credit filter's config: JSON text as the host hands it over. Whatever the text, the parser
// refuses it with a ConfigError naming the key at fault, or accepts a config that holds what it
// read: something prices every message, amounts stay within kMaxAmount (so sums cannot overflow),
// and the price table answers each written prefix with its price, longest prefix first.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "plugins/filter/credit/credit_config.h"
#include "tests/fuzz/config_error_path.h"

namespace {

namespace json = boost::json;
namespace credit = smppd::plugins::credit;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

const json::value* member(const json::value& value, std::string_view key) {
  const auto* object = value.if_object();
  return object == nullptr ? nullptr : object->if_contains(key);
}

int64_t integer_of(const json::value& value) {
  if (value.is_uint64()) return static_cast<int64_t>(value.get_uint64());
  check(value.is_int64());
  return value.get_int64();
}

int64_t integer_or(const json::value& object, std::string_view key, int64_t fallback) {
  const json::value* value = member(object, key);
  return value == nullptr ? fallback : integer_of(*value);
}

std::string_view string_or(const json::value& object, std::string_view key, std::string_view fallback) {
  const json::value* value = member(object, key);
  return value == nullptr ? fallback : std::string_view(value->as_string());
}

bool is_attribute_key(std::string_view key) {
  const size_t dot = key.find('.');
  return key.size() <= 128 && dot != std::string_view::npos && dot > 0 && dot + 1 < key.size();
}

void check_accepted(const credit::CreditConfig& config, const json::value& document) {
  check(document.is_object());
  check(config.default_price || config.prices.size() > 0 || !config.price_attribute.empty());
  // Grant mode: off (0) unless written, and the flush and idle times as written or their defaults.
  check(config.grant >= 0 && config.grant <= credit::kMaxAmount);
  check(config.grant == integer_or(document, "grant", 0));
  check(config.grant_flush.count() == integer_or(document, "grant_flush_ms", 250));
  check(config.grant_flush.count() >= 10 && config.grant_flush.count() <= 10000);
  check(config.grant_idle.count() == integer_or(document, "grant_idle_s", 5));
  check(config.grant_idle.count() >= 1 && config.grant_idle.count() <= 3600);
  if (config.default_price) {
    check(*config.default_price >= 0 && *config.default_price <= credit::kMaxAmount);
    check(*config.default_price == integer_or(document, "default_price", -1));
  } else {
    check(member(document, "default_price") == nullptr);
  }

  // The prices as written: each prefix answers its own price, and any number answers the price of
  // its longest written prefix (the number ends at its first non-digit; a '+' is skipped).
  std::map<std::string, int64_t, std::less<>> written;
  if (const json::value* prices = member(document, "prices")) {
    for (const auto& field : prices->as_object()) {
      const std::string prefix(field.key().data(), field.key().size());
      check(!prefix.empty() && prefix.size() <= 20 && prefix.find_first_not_of("0123456789") == std::string::npos);
      const int64_t price = integer_of(field.value());
      check(price >= 0 && price <= credit::kMaxAmount);
      written[prefix] = price;
    }
  }
  check(config.prices.size() == written.size());
  const auto expected = [&written](std::string_view number) -> std::optional<int64_t> {
    if (number.starts_with('+')) number.remove_prefix(1);
    number = number.substr(0, std::min(number.find_first_not_of("0123456789"), number.size()));
    for (size_t length = number.size(); length > 0; --length) {
      const auto found = written.find(number.substr(0, length));
      if (found != written.end()) return found->second;
    }
    return std::nullopt;
  };
  for (const auto& [prefix, price] : written) {
    check(config.prices.lookup(prefix) == price);
    const std::string numbers[] = {prefix + "0", prefix + "9", "+" + prefix + "5", prefix.substr(1), prefix + "x1"};
    for (const std::string& number : numbers) {
      check(config.prices.lookup(number) == expected(number));
    }
  }
  check(config.prices.lookup("") == std::nullopt && config.prices.lookup("+") == std::nullopt);

  check(config.price_attribute.empty() || is_attribute_key(config.price_attribute));
  check(config.price_attribute == string_or(document, "price_attribute", ""));
  check(config.account_attribute.empty() || is_attribute_key(config.account_attribute));
  check(config.account_attribute == string_or(document, "account_attribute", ""));
  check(config.insufficient_status >= 1);
  check(config.insufficient_status == integer_or(document, "insufficient_status", 0x45));
  check(config.unavailable_status >= 1);
  check(config.unavailable_status == integer_or(document, "unavailable_status", 0x58));
  check((config.on_store_unavailable == credit::StoreUnavailablePolicy::allow) ==
        (string_or(document, "on_store_unavailable", "deny") == "allow"));
  check(config.reservation_ttl.count() >= 60 && config.reservation_ttl.count() <= 30 * 24 * 3600);
  check(config.reservation_ttl.count() == integer_or(document, "reservation_ttl_s", 3600));
  check(!config.key_prefix.empty() && config.key_prefix.size() <= 64);
  check(config.key_prefix == string_or(document, "key_prefix", "credit/"));
  check(config.audit_file.size() <= 4096 && config.audit_file == string_or(document, "audit_file", ""));
  check(member(document, "audit_file") == nullptr || !config.audit_file.empty());

  // Low balance: every threshold within the amounts, each account's own winning over the default.
  check(config.low_balance_threshold >= 0 && config.low_balance_threshold <= credit::kMaxAmount);
  const json::value* low = member(document, "low_balance");
  check(config.low_balance_threshold == (low == nullptr ? 0 : integer_or(*low, "threshold", 0)));
  const json::value* accounts = low == nullptr ? nullptr : member(*low, "accounts");
  check(config.account_thresholds.size() == (accounts == nullptr ? 0 : accounts->as_object().size()));
  for (const auto& [account, threshold] : config.account_thresholds) {
    check(!account.empty() && threshold >= 0 && threshold <= credit::kMaxAmount);
    check(config.threshold_of(account) == threshold);
    check(integer_of(*member(*accounts, account)) == threshold);
  }
  check(config.threshold_of("") == config.low_balance_threshold);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto attempt =
      smppd::fuzz::attempt_parse<credit::ConfigError>(text, [](std::string_view in) { return credit::parse_credit_config(in); });
  const auto& [config, error, json_error, document] = attempt;

  if (!config) {
    if (const auto holds = smppd::fuzz::document_refusal_holds(attempt)) {
      check(*holds);
    } else if (!smppd::fuzz::holds_nul(document) && !smppd::fuzz::names_a_key_path(error, document, {})) {
      // The one refusal of the whole table: no key prices anything.
      const json::value* prices = member(document, "prices");
      check(error.starts_with("nothing prices a message: "));
      check(member(document, "default_price") == nullptr && member(document, "price_attribute") == nullptr);
      check(prices == nullptr || (prices->is_object() && prices->get_object().empty()));
    }
    return 0;
  }
  check(!json_error);
  check_accepted(*config, document);
  return 0;
}
