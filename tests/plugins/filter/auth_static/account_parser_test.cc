#include "plugins/filter/auth_static/account_parser.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

#include "plugins/filter/auth_static/config_error.h"
#include "tests/plugins/filter/auth_static/test_accounts.h"

namespace smppd::plugins::auth_static {
namespace {

using testing::account_json;
using testing::account_toml;
using testing::cheap_hash;

std::vector<Account> parse(const std::string& json_array) {
  return parse_accounts(boost::json::parse(json_array), "accounts");
}

std::string refusal(const std::string& json_array) {
  try {
    parse(json_array);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(AccountParserTest, AppliesTheDefaults) {
  const auto accounts = parse("[" + account_json("acme", "pw") + "]");
  ASSERT_EQ(accounts.size(), 1u);
  EXPECT_EQ(accounts[0].system_id, "acme");
  EXPECT_EQ(accounts[0].password_hash, cheap_hash("pw"));
  EXPECT_EQ(accounts[0].bind_types, BindTypeSet::all());
  EXPECT_TRUE(accounts[0].allowed_cidrs.empty());
  EXPECT_TRUE(accounts[0].allows_address("127.0.0.1"));
  EXPECT_TRUE(accounts[0].allows_address("not an address"));  // any means any
  EXPECT_EQ(accounts[0].max_binds, 0u);
  EXPECT_TRUE(accounts[0].enabled);
}

TEST(AccountParserTest, ReadsEveryKey) {
  const auto accounts = parse("[" +
                              account_json("acme", "pw",
                                           R"(, "bind_types": ["transmitter", "receiver"],)"
                                           R"( "allowed_cidrs": ["127.0.0.1/32", "::1/128"], "max_binds": 3, "enabled": false)") +
                              "]");
  ASSERT_EQ(accounts.size(), 1u);
  const Account& account = accounts[0];
  EXPECT_TRUE(account.bind_types.contains(BindType::transmitter));
  EXPECT_TRUE(account.bind_types.contains(BindType::receiver));
  EXPECT_FALSE(account.bind_types.contains(BindType::transceiver));
  ASSERT_EQ(account.allowed_cidrs.size(), 2u);
  EXPECT_TRUE(account.allows_address("127.0.0.1"));
  EXPECT_TRUE(account.allows_address("::1"));
  EXPECT_FALSE(account.allows_address("127.0.0.2"));
  EXPECT_FALSE(account.allows_address("garbage"));
  EXPECT_EQ(account.max_binds, 3u);
  EXPECT_FALSE(account.enabled);
}

struct Refused {
  std::string accounts;  // the JSON array
  std::string reason;    // a part of the error
};

class AccountRefusalTest : public ::testing::TestWithParam<Refused> {};

TEST_P(AccountRefusalTest, NamesTheAccountAndKey) {
  EXPECT_NE(refusal(GetParam().accounts).find(GetParam().reason), std::string::npos)
      << refusal(GetParam().accounts) << "\n  expected: " << GetParam().reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, AccountRefusalTest,
    ::testing::Values(
        Refused{R"({"a": 1})", "accounts: must be an array of tables"},
        Refused{"[1]", "accounts[0]: must be a table, not an integer"},
        Refused{R"([{"password_hash": "x"}])", "accounts[0]: system_id: is missing"},
        Refused{R"([{"system_id": 7}])", "accounts[0]: system_id: must be a string, not an integer"},
        Refused{R"([{"system_id": ""}])", "accounts[0]: system_id: is empty"},
        Refused{R"([{"system_id": "sixteen_chars_xx"}])", "longer than SMPP allows"},
        Refused{R"([{"system_id": "acme"}])", "accounts[0] (system_id \"acme\"): password_hash: is missing"},
        Refused{R"([{"system_id": "acme", "password_hash": "secret"}])",
                "accounts[0] (system_id \"acme\"): password_hash: is not an Argon2id hash"},
        Refused{R"([{"system_id": "acme", "password_hash": "$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA"}])",
                "password_hash: is not an Argon2id hash"},
        Refused{R"([{"system_id": "acme", "password_hash": "$argon2id$v=19$m=8,t=1,p=1$broken"}])",
                "password_hash: is not a well-formed Argon2id hash"},
        Refused{R"([{"system_id": "acme", "password_hash": "$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHQ$aGFzaA"}])",
                "more than 1 GiB"},
        Refused{"[" + account_json("acme", "pw", R"(, "colour": "red")") + "]",
                "accounts[0] (system_id \"acme\"): \"colour\": is not a key of an account"},
        Refused{"[" + account_json("acme", "pw", R"(, "bind_types": "transmitter")") + "]",
                "bind_types: must be an array, not a string"},
        Refused{"[" + account_json("acme", "pw", R"(, "bind_types": [])") + "]", "bind_types: is empty"},
        Refused{"[" + account_json("acme", "pw", R"(, "bind_types": ["transmiter"])") + "]",
                "bind_types[0]: \"transmiter\" is not one of transmitter, receiver, transceiver"},
        Refused{"[" + account_json("acme", "pw", R"(, "allowed_cidrs": [])") + "]", "allowed_cidrs: is empty"},
        Refused{"[" + account_json("acme", "pw", R"(, "allowed_cidrs": ["127.0.0.1/32", "127.0.0.1/8"])") + "]",
                "accounts[0] (system_id \"acme\"): allowed_cidrs[1]: \"127.0.0.1/8\" is not a usable CIDR: has bits "
                "set after the prefix (the network is 127.0.0.0/8)"},
        Refused{"[" + account_json("acme", "pw", R"(, "allowed_cidrs": ["::1/200"])") + "]",
                "allowed_cidrs[0]: \"::1/200\" is not a usable CIDR: the prefix length is above 128"},
        Refused{"[" + account_json("acme", "pw", R"(, "max_binds": -1)") + "]", "max_binds: must be between 0"},
        Refused{"[" + account_json("acme", "pw", R"(, "max_binds": 4294967296)") + "]", "max_binds: must be between 0"},
        Refused{"[" + account_json("acme", "pw", R"(, "max_binds": 1.5)") + "]", "max_binds: must be an integer"},
        Refused{"[" + account_json("acme", "pw", R"(, "enabled": "yes")") + "]", "enabled: must be true or false"},
        Refused{"[" + account_json("acme", "pw") + ", " + account_json("other", "pw") + ", " +
                    account_json("acme", "pw2") + "]",
                "accounts[2] (system_id \"acme\"): system_id: is used by an earlier account too"}));

TEST(AccountsFileParserTest, ReadsArraysOfTables) {
  const std::string text = account_toml("acme", "pw", "bind_types = [\"receiver\"]\nmax_binds = 2") +
                           account_toml("other", "pw2", "allowed_cidrs = [\"::1/128\"]\nenabled = false");
  const auto accounts = parse_accounts_file(text, "accounts.toml");
  ASSERT_EQ(accounts.size(), 2u);
  EXPECT_EQ(accounts[0].system_id, "acme");
  EXPECT_EQ(accounts[0].max_binds, 2u);
  EXPECT_FALSE(accounts[0].bind_types.contains(BindType::transmitter));
  EXPECT_EQ(accounts[1].system_id, "other");
  EXPECT_FALSE(accounts[1].enabled);
  EXPECT_TRUE(accounts[1].allows_address("::1"));
  EXPECT_TRUE(parse_accounts_file("", "empty.toml").empty());
}

TEST(AccountsFileParserTest, NamesTheFileLineAndAccount) {
  auto refusal_of = [](const std::string& text) -> std::string {
    try {
      parse_accounts_file(text, "accounts.toml");
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "(accepted)";
  };
  EXPECT_NE(refusal_of("[[accounts]]\nsystem_id = \"acme\npassword_hash = 1\n").find("accounts_file \"accounts.toml\": line 2"),
            std::string::npos)
      << refusal_of("[[accounts]]\nsystem_id = \"acme\npassword_hash = 1\n");
  EXPECT_NE(refusal_of(account_toml("acme", "pw", "max_binds = \"two\"")).find(
                "accounts_file \"accounts.toml\": accounts[0] (system_id \"acme\"): max_binds: must be an integer"),
            std::string::npos)
      << refusal_of(account_toml("acme", "pw", "max_binds = \"two\""));
  EXPECT_NE(refusal_of("users = []\n").find("\"users\" is not a key of an accounts file"), std::string::npos);
  // Found by auth_static_accounts_fuzz (its seed of this case): this refusal named no file.
  EXPECT_EQ(refusal_of(account_toml("acme", "pw", "enabled = 1979-05-27")),
            "accounts_file \"accounts.toml\": accounts[0].enabled: dates and times are not used in an accounts file");
}

TEST(AccountsFileParserTest, SaysWhenTheFileCannotBeOpened) {
  try {
    const testing::TempDir dir;
    load_accounts_file(dir.file("missing.toml"));
    FAIL() << "accepted";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot be opened"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace smppd::plugins::auth_static
