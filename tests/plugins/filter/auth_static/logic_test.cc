// The logic pieces on their own: the bind counter, a session's bind state, the password
// verifier and the filter's config.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "plugins/filter/auth_static/account_table.h"
#include "smppd/cxx/bind_counter.hpp"
#include "plugins/filter/auth_static/config_error.h"
#include "plugins/filter/auth_static/filter_config.h"
#include "plugins/filter/auth_static/password_verifier.h"
#include "plugins/filter/auth_static/session_bind_state.h"
#include "tests/plugins/filter/auth_static/test_accounts.h"

namespace smppd::plugins::auth_static {
namespace {

using testing::account_json;
using testing::cheap_hash;
using testing::config_json;

TEST(SessionBindStateTest, OneCheckAtATimeAndNoneAfterTheBind) {
  auto counter = std::make_shared<cxx::BindCounter>();
  SessionBindState state;
  EXPECT_TRUE(state.begin(1, true));
  EXPECT_FALSE(state.begin(2, true));  // a check is running, whatever the host says
  EXPECT_TRUE(state.wanted(1));
  EXPECT_FALSE(state.wanted(2));
  EXPECT_TRUE(state.refuse(1));
  EXPECT_TRUE(state.begin(3, true));
  EXPECT_TRUE(state.accept(3, *counter->try_acquire("acme", 0)));
  EXPECT_TRUE(state.bound());
  EXPECT_FALSE(state.begin(4, false));  // bound, and the host agrees
  EXPECT_EQ(counter->held("acme"), 1u);
  state.close();
  EXPECT_EQ(counter->held("acme"), 0u);
  EXPECT_FALSE(state.begin(5, true));
}

TEST(SessionBindStateTest, ABindTheHostDidNotKeepIsReleasedByTheNextOne) {
  auto counter = std::make_shared<cxx::BindCounter>();
  SessionBindState state;
  ASSERT_TRUE(state.begin(1, true));
  ASSERT_TRUE(state.accept(1, *counter->try_acquire("acme", 0)));
  EXPECT_TRUE(state.begin(2, true));  // the host says unbound: a later filter refused the bind
  EXPECT_FALSE(state.bound());
  EXPECT_EQ(counter->held("acme"), 0u);
}

TEST(SessionBindStateTest, ACancelledCheckDropsItsResult) {
  auto counter = std::make_shared<cxx::BindCounter>();
  SessionBindState state;
  ASSERT_TRUE(state.begin(1, true));
  state.cancel(1);
  EXPECT_FALSE(state.wanted(1));
  EXPECT_FALSE(state.accept(1, *counter->try_acquire("acme", 0)));
  EXPECT_EQ(counter->held("acme"), 0u);  // the slot went with the refused accept
  EXPECT_FALSE(state.refuse(1));
  EXPECT_TRUE(state.begin(2, false));  // the session may bind again
}

TEST(SessionBindStateTest, CancellingAnAcceptedBindReleasesItsSlot) {
  auto counter = std::make_shared<cxx::BindCounter>();
  SessionBindState state;
  ASSERT_TRUE(state.begin(7, true));
  ASSERT_TRUE(state.accept(7, *counter->try_acquire("acme", 0)));
  state.cancel(8);  // another token: nothing
  EXPECT_EQ(counter->held("acme"), 1u);
  state.cancel(7);
  EXPECT_EQ(counter->held("acme"), 0u);
  EXPECT_FALSE(state.bound());
}

TEST(PasswordVerifierTest, VerifiesArgon2idAndReadsItsCost) {
  initialize_sodium();
  const std::string& hash = cheap_hash("correct horse");
  EXPECT_TRUE(verify_password(hash, "correct horse"));
  EXPECT_FALSE(verify_password(hash, "correct horsE"));
  EXPECT_FALSE(verify_password(hash, ""));
  EXPECT_EQ(hash_cost(hash), (HashCost{1, 8192}));
  EXPECT_EQ(hash_cost("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"), kOwaspCost);
  EXPECT_FALSE(hash_cost("$argon2id$v=19$m=,t=2,p=1$c2FsdA$aGFzaA"));
  EXPECT_FALSE(hash_cost("$2y$10$abcdefghijklmnopqrstuv"));
  EXPECT_EQ(check_password_hash(hash), "");
}

TEST(PasswordVerifierTest, EmptyPasswordsHashAndVerify) {
  initialize_sodium();
  const std::string hash = hash_password("", HashCost{1, 8192});
  EXPECT_TRUE(verify_password(hash, ""));
  EXPECT_FALSE(verify_password(hash, "x"));
}

TEST(PasswordVerifierTest, WipeClearsTheSecret) {
  std::string secret = "hunter2 and a bit more than the small string buffer";
  wipe(secret);
  EXPECT_TRUE(secret.empty());
  EXPECT_EQ(std::string(secret.data(), secret.capacity()).find("hunter2"), std::string::npos);
}

TEST(AccountTableTest, TheDummyHashCostsWhatMostAccountsCost) {
  initialize_sodium();
  std::vector<Account> accounts(3);
  accounts[0].system_id = "a";
  accounts[0].password_hash = cheap_hash("x");
  accounts[1].system_id = "b";
  accounts[1].password_hash = cheap_hash("y");
  accounts[2].system_id = "c";
  accounts[2].password_hash = hash_password("z", HashCost{2, 16384});
  const AccountTable table(std::move(accounts));
  EXPECT_EQ(hash_cost(table.dummy_hash()), (HashCost{1, 8192}));
  EXPECT_NE(table.find("c"), nullptr);
  EXPECT_EQ(table.find("d"), nullptr);
  EXPECT_EQ(table.find(""), nullptr);
  EXPECT_EQ(table.size(), 3u);
}

TEST(AccountTableTest, WithoutAccountsTheDummyHashUsesOwaspCost) {
  initialize_sodium();
  const AccountTable table({});
  EXPECT_EQ(hash_cost(table.dummy_hash()), kOwaspCost);
}

TEST(FilterConfigTest, ReadsInlineAccountsOrAFile) {
  const FilterConfig inline_config =
      parse_filter_config(config_json({account_json("acme", "pw")}, R"(, "max_pending_verifications": 3)"));
  EXPECT_EQ(inline_config.accounts.size(), 1u);
  EXPECT_FALSE(inline_config.accounts_file);
  EXPECT_EQ(inline_config.max_pending_verifications, 3u);
  const FilterConfig file_config = parse_filter_config(R"({"accounts_file": "accounts.toml"})");
  EXPECT_EQ(file_config.accounts_file, "accounts.toml");
  EXPECT_EQ(file_config.max_pending_verifications, 16u);
}

TEST(FilterConfigTest, RefusesWithTheKeyAtFault) {
  auto refusal = [](const std::string& json) -> std::string {
    try {
      parse_filter_config(json);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "(accepted)";
  };
  EXPECT_NE(refusal("{").find("not JSON"), std::string::npos);
  EXPECT_NE(refusal("[]").find("must be a table"), std::string::npos);
  EXPECT_NE(refusal("{}").find("either accounts"), std::string::npos);
  EXPECT_NE(refusal(config_json({}, R"(, "accounts_file": "x.toml")")).find("either accounts"), std::string::npos);
  EXPECT_NE(refusal(R"({"accounts_file": ""})").find("accounts_file: must be the path"), std::string::npos);
  EXPECT_NE(refusal(R"({"accounts_file": 3})").find("accounts_file: must be the path"), std::string::npos);
  EXPECT_NE(refusal(R"({"account": []})").find("account: is not a key of auth_static"), std::string::npos);
  EXPECT_NE(refusal(config_json({}, R"(, "max_pending_verifications": 0)")).find("max_pending_verifications"),
            std::string::npos);
  EXPECT_NE(refusal(config_json({R"({"system_id": "acme", "password_hash": "plain"})"})).find(
                "accounts[0] (system_id \"acme\"): password_hash"),
            std::string::npos);
}

TEST(FilterConfigTest, TheSchemaIsJsonAndDescribesEveryKey) {
  const boost::json::value schema = boost::json::parse(kConfigSchema);
  const auto& properties = schema.at("properties").as_object();
  EXPECT_TRUE(properties.contains("accounts"));
  EXPECT_TRUE(properties.contains("accounts_file"));
  EXPECT_TRUE(properties.contains("max_pending_verifications"));
  EXPECT_EQ(schema.at("additionalProperties"), false);
  const auto& account = properties.at("accounts").at("items").at("properties").as_object();
  for (const char* key : {"system_id", "password_hash", "bind_types", "allowed_cidrs", "max_binds", "enabled"}) {
    EXPECT_TRUE(account.contains(key)) << key;
  }
  EXPECT_EQ(account.size(), 6u);
}

}  // namespace
}  // namespace smppd::plugins::auth_static
