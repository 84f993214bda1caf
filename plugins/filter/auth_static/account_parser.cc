#include "plugins/filter/auth_static/account_parser.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <toml++/toml.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <set>

#include "plugins/filter/auth_static/config_error.h"
#include "plugins/filter/auth_static/password_verifier.h"
#include "plugins/filter/auth_static/quoted.h"

namespace smppd::plugins::auth_static {
namespace {

namespace json = boost::json;

// An accounts file above this is a mistake (a log file named by accident), not a list of clients.
constexpr std::streamoff kMaxAccountsFileBytes = 16 << 20;

constexpr std::array<std::string_view, 6> kAccountKeys = {"system_id", "password_hash", "bind_types",
                                                          "allowed_cidrs", "max_binds", "enabled"};
// SMPP's system_id is a C-Octet String of at most 16 octets with its NUL.
constexpr size_t kMaxSystemIdLength = 15;

std::string_view kind_of(const json::value& value) {
  switch (value.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "a boolean";
    case json::kind::int64:
    case json::kind::uint64: return "an integer";
    case json::kind::double_: return "a number";
    case json::kind::string: return "a string";
    case json::kind::array: return "an array";
    case json::kind::object: return "a table";
  }
  return "a value";
}

// Builds errors as "<where>[<index>] (system_id "x"): <key>: <reason>".
class AccountContext {
 public:
  AccountContext(std::string_view where, size_t index) : prefix_(std::string(where) + "[" + std::to_string(index) + "]") {}
  void name(std::string_view system_id) { prefix_ += " (system_id " + quoted(system_id) + ")"; }
  [[noreturn]] void fail(std::string_view key, std::string_view reason) const {
    throw ConfigError(prefix_ + ": " + std::string(key) + ": " + std::string(reason));
  }
  [[noreturn]] void fail(std::string_view reason) const { throw ConfigError(prefix_ + ": " + std::string(reason)); }

 private:
  std::string prefix_;
};

std::string_view string_of(const json::value& value, const AccountContext& context, std::string_view key) {
  if (!value.is_string()) context.fail(key, "must be a string, not " + std::string(kind_of(value)));
  const json::string& text = value.get_string();
  return std::string_view(text.data(), text.size());
}

const json::array& array_of(const json::value& value, const AccountContext& context, std::string_view key) {
  if (!value.is_array()) context.fail(key, "must be an array, not " + std::string(kind_of(value)));
  const json::array& items = value.get_array();
  if (items.empty()) context.fail(key, "is empty (leave the key out for the default)");
  return items;
}

Account parse_account(const json::value& entry, AccountContext& context) {
  if (!entry.is_object()) context.fail("must be a table, not " + std::string(kind_of(entry)));
  const json::object& fields = entry.get_object();

  Account account;
  const json::value* system_id = fields.if_contains("system_id");
  if (system_id == nullptr) context.fail("system_id", "is missing");
  account.system_id = std::string(string_of(*system_id, context, "system_id"));
  if (account.system_id.empty()) context.fail("system_id", "is empty");
  if (account.system_id.size() > kMaxSystemIdLength) {
    context.fail("system_id", quoted(account.system_id) + " is longer than SMPP allows (15 octets)");
  }
  if (account.system_id.find('\0') != std::string::npos) context.fail("system_id", "contains a NUL octet");
  context.name(account.system_id);

  for (const auto& field : fields) {
    const std::string_view key(field.key().data(), field.key().size());
    if (std::find(kAccountKeys.begin(), kAccountKeys.end(), key) == kAccountKeys.end()) {
      context.fail(quoted(key), "is not a key of an account (system_id, password_hash, bind_types, allowed_cidrs, "
                                "max_binds, enabled)");
    }
  }

  const json::value* password_hash = fields.if_contains("password_hash");
  if (password_hash == nullptr) context.fail("password_hash", "is missing");
  account.password_hash = std::string(string_of(*password_hash, context, "password_hash"));
  if (const std::string why = check_password_hash(account.password_hash); !why.empty()) context.fail("password_hash", why);

  if (const json::value* bind_types = fields.if_contains("bind_types")) {
    account.bind_types = BindTypeSet::none();
    const json::array& items = array_of(*bind_types, context, "bind_types");
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string key = "bind_types[" + std::to_string(i) + "]";
      const std::string_view name = string_of(items[i], context, key);
      const auto type = bind_type_from_name(name);
      if (!type) context.fail(key, quoted(name) + " is not one of transmitter, receiver, transceiver");
      account.bind_types.add(*type);
    }
  }

  if (const json::value* cidrs = fields.if_contains("allowed_cidrs")) {
    const json::array& items = array_of(*cidrs, context, "allowed_cidrs");
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string key = "allowed_cidrs[" + std::to_string(i) + "]";
      const std::string_view text = string_of(items[i], context, key);
      std::string why;
      const auto cidr = Cidr::parse(text, &why);
      if (!cidr) context.fail(key, quoted(text) + " is not a usable CIDR: " + why);
      account.allowed_cidrs.push_back(*cidr);
    }
  }

  if (const json::value* max_binds = fields.if_contains("max_binds")) {
    int64_t value = -1;
    if (max_binds->is_int64()) {
      value = max_binds->get_int64();
    } else if (max_binds->is_uint64() && max_binds->get_uint64() <= std::numeric_limits<uint32_t>::max()) {
      value = static_cast<int64_t>(max_binds->get_uint64());
    } else if (!max_binds->is_uint64()) {
      context.fail("max_binds", "must be an integer, not " + std::string(kind_of(*max_binds)));
    }
    if (value < 0 || value > std::numeric_limits<uint32_t>::max()) {
      context.fail("max_binds", "must be between 0 (unlimited) and 4294967295");
    }
    account.max_binds = static_cast<uint32_t>(value);
  }

  if (const json::value* enabled = fields.if_contains("enabled")) {
    if (!enabled->is_bool()) context.fail("enabled", "must be true or false, not " + std::string(kind_of(*enabled)));
    account.enabled = enabled->get_bool();
  }
  return account;
}

// TOML to the JSON shape the parser reads. `path` names the value in errors.
json::value to_json(const toml::node& node, const std::string& path) {
  if (const auto* table = node.as_table()) {
    json::object object;
    for (const auto& [key, value] : *table) {
      const std::string name(key.str());
      object[name] = to_json(value, path.empty() ? name : path + "." + name);
    }
    return object;
  }
  if (const auto* array = node.as_array()) {
    json::array items;
    size_t index = 0;
    for (const auto& value : *array) items.push_back(to_json(value, path + "[" + std::to_string(index++) + "]"));
    return items;
  }
  if (const auto* text = node.as_string()) return json::value(std::string_view(text->get()));
  if (const auto* integer = node.as_integer()) return json::value(integer->get());
  if (const auto* floating = node.as_floating_point()) return json::value(floating->get());
  if (const auto* boolean = node.as_boolean()) return json::value(boolean->get());
  throw ConfigError(path + ": dates and times are not used in an accounts file");
}

}  // namespace

std::vector<Account> parse_accounts(const json::value& accounts, std::string_view where) {
  if (!accounts.is_array()) {
    throw ConfigError(std::string(where) + ": must be an array of tables, not " + std::string(kind_of(accounts)));
  }
  std::vector<Account> parsed;
  std::set<std::string, std::less<>> seen;
  const json::array& entries = accounts.get_array();
  parsed.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    AccountContext context(where, i);
    Account account = parse_account(entries[i], context);
    if (!seen.insert(account.system_id).second) context.fail("system_id", "is used by an earlier account too");
    parsed.push_back(std::move(account));
  }
  return parsed;
}

std::vector<Account> parse_accounts_file(std::string_view text, const std::string& path) {
  const std::string where = "accounts_file " + quoted(path);
  toml::table document;
  try {
    document = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    throw ConfigError(where + ": line " + std::to_string(begin.line) + ", column " + std::to_string(begin.column) + ": " +
                      std::string(e.description()));
  }
  for (const auto& [key, value] : document) {
    if (key.str() != "accounts") {
      throw ConfigError(where + ": " + quoted(key.str()) + " is not a key of an accounts file (only [[accounts]])");
    }
  }
  const toml::node* accounts = document.get("accounts");
  if (accounts == nullptr) return {};  // an empty file: no accounts
  return parse_accounts(to_json(*accounts, where + ": accounts"), where + ": accounts");
}

std::vector<Account> load_accounts_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw ConfigError("accounts_file " + quoted(path) + ": cannot be opened: " + std::strerror(errno));
  }
  file.seekg(0, std::ios::end);
  const std::streamoff size = file.tellg();
  if (size < 0) throw ConfigError("accounts_file " + quoted(path) + ": cannot be read");
  if (size > kMaxAccountsFileBytes) throw ConfigError("accounts_file " + quoted(path) + ": is larger than 16 MiB");
  file.seekg(0, std::ios::beg);
  std::string text(static_cast<size_t>(size), '\0');
  file.read(text.data(), static_cast<std::streamsize>(size));
  if (file.bad()) throw ConfigError("accounts_file " + quoted(path) + ": cannot be read");
  text.resize(static_cast<size_t>(file.gcount()));
  return parse_accounts_file(text, path);
}

}  // namespace smppd::plugins::auth_static
