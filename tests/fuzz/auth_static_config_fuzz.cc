// The auth_static filter's config: JSON text as the host hands it over (the operator's TOML table
// rendered as JSON). Whatever the text, the parser refuses it with a ConfigError naming the key, or
// the account and key, at fault, or accepts a config that holds what it read: accounts inline or an
// accounts file, never both; every account as written or with the README's defaults, its password
// hash an Argon2id hash of bounded cost, its networks the very ones written.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "plugins/filter/auth_static/config_error.h"
#include "plugins/filter/auth_static/filter_config.h"
#include "plugins/filter/auth_static/password_verifier.h"
#include "tests/fuzz/auth_static_checks.h"
#include "tests/fuzz/config_error_path.h"

namespace {

namespace json = boost::json;
namespace as = smppd::plugins::auth_static;
using smppd::fuzz::auth_static::check;
using smppd::fuzz::auth_static::member;

constexpr std::string_view kEitherOr = "set either accounts (inline) or accounts_file, not both and not neither";

bool only_known_keys(const json::object& table) {
  for (const auto& field : table) {
    const std::string_view key(field.key().data(), field.key().size());
    if (key != "accounts" && key != "accounts_file" && key != "max_pending_verifications") return false;
  }
  return true;
}

void check_refusal(const std::string& error, const json::value& document) {
  const json::object& table = document.as_object();
  if (error == kEitherOr) {
    check(only_known_keys(table) && table.contains("accounts") == table.contains("accounts_file"));
    return;
  }
  // An account's refusal: "accounts[1] (system_id \"acme\"): allowed_cidrs[0]: ...". A key that
  // merely starts so ("accounts[0": is not a key) is a path of its own.
  const json::value* accounts = table.if_contains("accounts");
  if (accounts != nullptr && accounts->is_array() && error.starts_with("accounts[") &&
      smppd::fuzz::auth_static::names_an_account_key(std::string_view(error).substr(8), accounts->get_array())) {
    return;
  }
  if (smppd::fuzz::holds_nul(document)) return;  // what() ends at a key's NUL
  check(smppd::fuzz::names_a_key_path(error, document, {}));
}

void check_accepted(const as::FilterConfig& config, const json::value& document) {
  const json::object& table = document.as_object();
  check(only_known_keys(table));
  const json::value* accounts = table.if_contains("accounts");
  const json::value* file = table.if_contains("accounts_file");
  check((accounts == nullptr) != (file == nullptr));
  if (file != nullptr) {
    check(config.accounts_file.has_value() && !config.accounts_file->empty());
    check(*config.accounts_file == std::string_view(file->as_string()) && config.accounts.empty());
  } else {
    check(!config.accounts_file.has_value());
    smppd::fuzz::auth_static::check_accounts(config.accounts, accounts->as_array());
  }
  const json::value* pending = member(document, "max_pending_verifications");
  check(config.max_pending_verifications >= 1 && config.max_pending_verifications <= 65536);
  if (pending == nullptr) {
    check(config.max_pending_verifications == 16);
  } else {
    check(pending->is_int64() ? pending->get_int64() == config.max_pending_verifications
                              : pending->as_uint64() == config.max_pending_verifications);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  as::initialize_sodium();  // as the plugin's init does
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto attempt =
      smppd::fuzz::attempt_parse<as::ConfigError>(text, [](std::string_view in) { return as::parse_filter_config(in); });
  const auto& [config, error, json_error, document] = attempt;

  if (!config) {
    if (const auto holds = smppd::fuzz::document_refusal_holds(attempt)) {
      check(*holds);
      return 0;
    }
    check_refusal(error, document);
    return 0;
  }
  check(!json_error && document.is_object());
  check_accepted(*config, document);
  return 0;
}
