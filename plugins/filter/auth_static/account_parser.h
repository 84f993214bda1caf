#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "plugins/filter/auth_static/account.h"

namespace smppd::plugins::auth_static {

// Reads the `accounts` array (inline in the filter config, or from an accounts file turned into
// JSON). Throws ConfigError naming `where`, the account and the key, e.g.
//   accounts[1] (system_id "acme"): allowed_cidrs[0]: "10.0.0.1/8" has bits set after the prefix ...
std::vector<Account> parse_accounts(const boost::json::value& accounts, std::string_view where);

// Reads an accounts file: TOML with an array of tables `[[accounts]]` holding the same keys as the
// inline form. Throws ConfigError naming the file (and line and column for TOML syntax errors).
std::vector<Account> load_accounts_file(const std::string& path);

// The text of an accounts file, parsed (split out for tests and for the reloader, which reads
// first and parses after).
std::vector<Account> parse_accounts_file(std::string_view text, const std::string& path);

}  // namespace smppd::plugins::auth_static
