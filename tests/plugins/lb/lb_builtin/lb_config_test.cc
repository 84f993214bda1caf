#include "plugins/lb/lb_builtin/lb_config.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <utility>

#include "smppd/cxx/config_box.hpp"
#include "tests/plugins/schema_lint.h"

namespace smppd::plugins::lb_builtin {
namespace {

std::string refusal(std::string_view json, bool accepts_seed) {
  try {
    (void)parse_lb_config(json, accepts_seed);
  } catch (const smppd::cxx::ConfigError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(LbConfigTest, DefaultsToTheSameWorkerAndNoSeed) {
  for (const std::string_view json : {"", "{}", " { } "}) {
    const LbConfig config = parse_lb_config(json, true);
    EXPECT_TRUE(config.prefer_same_worker) << json;
    EXPECT_FALSE(config.seed) << json;
  }
}

TEST(LbConfigTest, ReadsItsKeys) {
  const LbConfig config = parse_lb_config(R"({"prefer_same_worker": true, "seed": 99})", true);
  EXPECT_TRUE(config.prefer_same_worker);
  EXPECT_EQ(config.seed, 99u);
  EXPECT_EQ(parse_lb_config(R"({"seed": 18446744073709551615})", true).seed, 18446744073709551615u);
}

TEST(LbConfigTest, RefusesWhatItDoesNotKnowNamingTheKey) {
  EXPECT_NE(refusal(R"({"seed": 1})", false).find("seed: is not a key of this policy (prefer_same_worker)"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"sticky": true})", true).find("sticky: is not a key"), std::string::npos);
  EXPECT_NE(refusal(R"({"prefer_same_worker": "yes"})", true).find("prefer_same_worker: must be true or false"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"seed": -1})", true).find("seed: must be an integer"), std::string::npos);
  EXPECT_NE(refusal(R"({"seed": 1.5})", true).find("seed: must be an integer"), std::string::npos);
  EXPECT_NE(refusal("[]", true).find("must be a table"), std::string::npos);
  EXPECT_NE(refusal("{", true).find("not JSON"), std::string::npos);
}

// Found by lb_builtin_config_fuzz: the schemas documented a default of false after the parser's
// default became true.
TEST(LbConfigTest, SchemasDocumentTheParsersDefault) {
  for (const auto& [schema, accepts_seed] :
       {std::pair{kRoundRobinSchema, false}, std::pair{kLeastRequestSchema, false}, std::pair{kWeightedRandomSchema, true}}) {
    const boost::json::value parsed = boost::json::parse(schema);
    EXPECT_EQ(parsed.at("properties").at("prefer_same_worker").at("default"),
              boost::json::value(parse_lb_config("{}", accepts_seed).prefer_same_worker))
        << schema;
  }
}

TEST(LbConfigTest, SchemasUseOnlyWhatTheLoaderChecks) {
  for (const char* schema : {kRoundRobinSchema, kLeastRequestSchema, kWeightedRandomSchema}) {
    EXPECT_EQ(smppd::testing::schema_problems(schema), std::vector<std::string>{}) << schema;
  }
}

}  // namespace
}  // namespace smppd::plugins::lb_builtin
