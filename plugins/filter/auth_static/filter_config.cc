#include "plugins/filter/auth_static/filter_config.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "plugins/filter/auth_static/account_parser.h"
#include "plugins/filter/auth_static/config_error.h"
#include "smppd/cxx/config_json.hpp"

namespace smppd::plugins::auth_static {

FilterConfig parse_filter_config(std::string_view json) {
  const boost::json::value document = cxx::parse_config_table<ConfigError>(json);
  const boost::json::object& fields = document.get_object();

  for (const auto& field : fields) {
    const std::string_view key(field.key().data(), field.key().size());
    if (key != "accounts" && key != "accounts_file" && key != "max_pending_verifications") {
      throw ConfigError(std::string(key) + ": is not a key of auth_static (accounts, accounts_file, max_pending_verifications)");
    }
  }

  FilterConfig config;
  const boost::json::value* accounts = fields.if_contains("accounts");
  const boost::json::value* accounts_file = fields.if_contains("accounts_file");
  if ((accounts == nullptr) == (accounts_file == nullptr)) {
    throw ConfigError("set either accounts (inline) or accounts_file, not both and not neither");
  }
  if (accounts != nullptr) config.accounts = parse_accounts(*accounts, "accounts");
  if (accounts_file != nullptr) {
    if (!accounts_file->is_string() || accounts_file->get_string().empty()) {
      throw ConfigError("accounts_file: must be the path of a TOML file");
    }
    config.accounts_file = std::string(accounts_file->get_string());
  }
  if (const boost::json::value* pending = fields.if_contains("max_pending_verifications")) {
    const bool in_range = (pending->is_int64() && pending->get_int64() >= 1 && pending->get_int64() <= 65536) ||
                          (pending->is_uint64() && pending->get_uint64() >= 1 && pending->get_uint64() <= 65536);
    if (!in_range) throw ConfigError("max_pending_verifications: must be an integer from 1 to 65536");
    config.max_pending_verifications =
        static_cast<uint32_t>(pending->is_int64() ? pending->get_int64() : static_cast<int64_t>(pending->get_uint64()));
  }
  return config;
}

}  // namespace smppd::plugins::auth_static
