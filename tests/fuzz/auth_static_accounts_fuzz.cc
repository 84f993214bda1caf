// The auth_static filter's accounts file: TOML with [[accounts]] tables, read again whenever it
// changes. Whatever the text, the parser refuses it with a ConfigError naming the file and then the
// line and column, the key, the account and key, or the date at fault, or accepts the accounts it
// holds, each as written or with the README's defaults (the same checks as the inline accounts of
// auth_static_config_fuzz).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <toml++/toml.h>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/filter/auth_static/account_parser.h"
#include "plugins/filter/auth_static/config_error.h"
#include "plugins/filter/auth_static/password_verifier.h"
#include "tests/fuzz/auth_static_checks.h"

namespace {

namespace json = boost::json;
namespace as = smppd::plugins::auth_static;
using smppd::fuzz::auth_static::check;
using smppd::fuzz::auth_static::shown;

const std::string kPath = "accounts.toml";
const std::string kWhere = "accounts_file \"accounts.toml\": ";

// The document as JSON, for the account checks; nullopt when it holds a date or time.
std::optional<json::value> as_json(const toml::node& node) {
  if (const auto* table = node.as_table()) {
    json::object object;
    for (const auto& [key, value] : *table) {
      auto converted = as_json(value);
      if (!converted) return std::nullopt;
      object[key.str()] = std::move(*converted);
    }
    return json::value(std::move(object));
  }
  if (const auto* array = node.as_array()) {
    json::array items;
    for (const auto& value : *array) {
      auto converted = as_json(value);
      if (!converted) return std::nullopt;
      items.push_back(std::move(*converted));
    }
    return json::value(std::move(items));
  }
  if (const auto* text = node.as_string()) return json::value(std::string_view(text->get()));
  if (const auto* integer = node.as_integer()) return json::value(integer->get());
  if (const auto* floating = node.as_floating_point()) return json::value(floating->get());
  if (const auto* boolean = node.as_boolean()) return json::value(boolean->get());
  return std::nullopt;
}

// Whether `rest` ("[1].enabled: ...") leads from `node` to a date, time or date-time.
bool leads_to_a_date(const toml::node& node, std::string_view rest, size_t& budget) {
  if (budget == 0) return true;  // undecided: do not fail the input on the walk's limit
  --budget;
  if (rest == ": dates and times are not used in an accounts file") {
    return node.is_date() || node.is_time() || node.is_date_time();
  }
  if (const auto* table = node.as_table(); table != nullptr && rest.starts_with('.')) {
    for (const auto& [key, value] : *table) {
      if (rest.substr(1).starts_with(key.str()) && leads_to_a_date(value, rest.substr(1 + key.str().size()), budget)) {
        return true;
      }
    }
  }
  if (const auto* array = node.as_array(); array != nullptr && rest.starts_with('[')) {
    size_t index = 0;
    const auto [end, error] = std::from_chars(rest.data() + 1, rest.data() + rest.size(), index);
    if (error != std::errc() || end == rest.data() + rest.size() || *end != ']' || index >= array->size()) return false;
    return leads_to_a_date(*array->get(index), rest.substr(static_cast<size_t>(end - rest.data()) + 1), budget);
  }
  return false;
}

void check_refusal(const std::string& error, std::string_view text) {
  check(error.starts_with(kWhere));
  const std::string_view rest = std::string_view(error).substr(kWhere.size());
  toml::table document;
  try {
    document = toml::parse(text, kPath);
  } catch (const toml::parse_error& e) {
    // Not TOML: the line and column toml++ gives, and its description.
    const auto& begin = e.source().begin;
    check(begin.line >= 1 && begin.column >= 1);
    check(rest == "line " + std::to_string(begin.line) + ", column " + std::to_string(begin.column) + ": " +
                      std::string(e.description()));
    return;
  }
  // A key other than accounts, shown quoted.
  for (const auto& [key, value] : document) {
    if (key.str() != "accounts") {
      check(rest.starts_with(shown(key.str()) + " is not a key of an accounts file"));
      return;
    }
  }
  const toml::node* accounts = document.get("accounts");
  check(accounts != nullptr);  // an empty file is no accounts, not a refusal
  const std::optional<json::value> written = as_json(*accounts);
  if (!written) {
    size_t budget = 100000;
    check(rest.starts_with("accounts") && leads_to_a_date(*accounts, rest.substr(8), budget));
    return;
  }
  if (!written->is_array()) {
    check(rest.starts_with("accounts: must be an array of tables, not ") && rest.size() > 42);
    return;
  }
  check(rest.starts_with("accounts[") &&
        smppd::fuzz::auth_static::names_an_account_key(rest.substr(8), written->get_array()));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  as::initialize_sodium();  // as the plugin's init does
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<std::vector<as::Account>> accounts;
  std::string error;
  try {
    accounts = as::parse_accounts_file(text, kPath);
  } catch (const as::ConfigError& e) {
    error = e.what();
  } catch (...) {
    check(false);  // a refusal is a ConfigError, nothing else
  }
  if (!accounts) {
    check_refusal(error, text);
    return 0;
  }

  // Accepted: TOML with no key but accounts, and the accounts as written.
  toml::table document;
  try {
    document = toml::parse(text, kPath);
  } catch (const toml::parse_error&) {
    check(false);
  }
  for (const auto& [key, value] : document) check(key.str() == "accounts");
  const toml::node* written = document.get("accounts");
  if (written == nullptr) {
    check(accounts->empty());
    return 0;
  }
  const std::optional<json::value> rendered = as_json(*written);
  check(rendered.has_value() && rendered->is_array());
  smppd::fuzz::auth_static::check_accounts(*accounts, rendered->get_array());
  return 0;
}
