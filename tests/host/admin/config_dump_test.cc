#include "host/admin/config_dump.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "host/config/config_loader.h"

namespace smppd::admin {
namespace {

TEST(ConfigDump, CredentialsAndSecretReferencesAreRedacted) {
  const config::SecretResolver secrets = config::SecretResolver::from_map({{"SMSC_ACCOUNT", "acct-from-env"}});
  const auto loaded = config::load_config_text(R"(
[admin]
token = "0123456789abcdef0123"

[[clusters]]
name = "smsc"
[[clusters.endpoints]]
name = "e1"
address = "127.0.0.1"
port = 2775
system_id = "${SMSC_ACCOUNT}"
password = "plain-password"
system_type = "gw"
)",
                                               "dump.toml", secrets);
  ASSERT_TRUE(loaded.config) << (loaded.errors.empty() ? "" : loaded.errors[0].to_string());
  const std::string json = boost::json::serialize(redacted_config(*loaded.config));
  // system_id is no credential by name, but its value came from a secret reference.
  EXPECT_EQ(json.find("acct-from-env"), std::string::npos) << json;
  EXPECT_EQ(json.find("plain-password"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("system_id":"[redacted]")"), std::string::npos) << json;
  EXPECT_EQ(json.find("0123456789abcdef0123"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("password":"[redacted]")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("token":"[redacted]")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("system_type":"gw")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("port":2775)"), std::string::npos) << json;
}

}  // namespace
}  // namespace smppd::admin
