#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "host/config/config_loader.h"
#include "host/config/secret_expansion.h"
#include "host/config/secret_resolver.h"
#include "tests/host/config/error_texts.h"
#include "tests/host/config/temp_dir.h"

namespace smppd::config {
namespace {

using testing::error_texts;
using testing::TempDir;

const SecretResolver& test_environment() {
  static const SecretResolver resolver =
      SecretResolver::from_map({{"SMSC_PASSWORD", "pw-from-env"}, {"USER", "smppd"}, {"EMPTY", ""}});
  return resolver;
}

struct ExpansionCase {
  std::string text;
  std::string value;
  bool used_secret;
};

TEST(ConfigSecretResolver, ExpandsReferencesAndKeepsEverythingElse) {
  const std::vector<ExpansionCase> cases = {
      {"plain", "plain", false},
      {"${SMSC_PASSWORD}", "pw-from-env", true},
      {"${EMPTY}", "", true},
      {"${USER}:${SMSC_PASSWORD}@smsc", "smppd:pw-from-env@smsc", true},
      {"$$", "$", false},
      {"$${USER}", "${USER}", false},  // an escaped reference is text
      {"cost: 5$", "cost: 5$", false},
      {R"(^44\d{10}$)", R"(^44\d{10}$)", false},
      {"$1 and $USER", "$1 and $USER", false},
  };
  for (const ExpansionCase& expansion_case : cases) {
    SCOPED_TRACE(expansion_case.text);
    const SecretResolver::Expansion expansion = test_environment().expand(expansion_case.text, {});
    EXPECT_TRUE(expansion.ok()) << expansion.error;
    EXPECT_EQ(expansion.value, expansion_case.value);
    EXPECT_EQ(expansion.used_secret, expansion_case.used_secret);
  }
}

TEST(ConfigSecretResolver, ReportsBadReferencesWithoutValues) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"${NOT_SET}", "environment variable NOT_SET is not set"},
      {"${SMSC_PASSWORD", R"("${" without a closing "}" (write "$$" for a literal "$"))"},
      {"${}", R"("${}" is neither an environment variable name nor "file:<path>")"},
      {"${9LIVES}", R"("${9LIVES}" is neither an environment variable name nor "file:<path>")"},
      {"${file:}", R"("${file:}" names no file)"},
  };
  for (const auto& [text, error] : cases) {
    SCOPED_TRACE(text);
    const SecretResolver::Expansion expansion = test_environment().expand(text, {});
    EXPECT_FALSE(expansion.ok());
    EXPECT_EQ(expansion.error, error);
  }
}

TEST(ConfigSecretResolver, FileSecretLosesOneTrailingNewline) {
  const TempDir dir;
  dir.write("unix", "secret\n");
  dir.write("windows", "secret\r\n");
  dir.write("two", "secret\n\n");
  dir.write("none", "secret");
  EXPECT_EQ(test_environment().expand("${file:unix}", dir.path()).value, "secret");
  EXPECT_EQ(test_environment().expand("${file:windows}", dir.path()).value, "secret");
  EXPECT_EQ(test_environment().expand("${file:two}", dir.path()).value, "secret\n");
  EXPECT_EQ(test_environment().expand("${file:none}", dir.path()).value, "secret");
  const std::string absolute = "${file:" + (dir.path() / "unix").string() + "}";
  EXPECT_EQ(test_environment().expand(absolute, "elsewhere").value, "secret");
  EXPECT_TRUE(test_environment().expand("${file:unix}", dir.path()).used_secret);
}

TEST(ConfigSecretResolver, UnreadableFileSecret) {
  const TempDir dir;
  const SecretResolver::Expansion missing = test_environment().expand("${file:absent}", dir.path());
  EXPECT_EQ(missing.error,
            "cannot read secret file \"" + (dir.path() / "absent").string() + "\": No such file or directory");
  const SecretResolver::Expansion directory = test_environment().expand("${file:.}", dir.path());
  EXPECT_EQ(directory.error, "cannot read secret file \"" + (dir.path() / ".").string() + "\": is a directory");
}

TEST(ConfigSecretResolver, ProcessEnvironmentIsTheDefault) {
  const char* path = std::getenv("PATH");
  ASSERT_NE(path, nullptr);
  EXPECT_EQ(SecretResolver::process_environment().expand("${PATH}", {}).value, path);
}

TEST(ConfigSecrets, FileSecretIsReadFromTheConfigFolder) {
  const TempDir dir;
  dir.write("smsc.password", "from-file\n");
  const std::filesystem::path config_file = dir.write("smppd.toml", R"([[clusters]]
name = "c"
[[clusters.endpoints]]
name = "e"
address = "127.0.0.1"
port = 2776
system_id = "${USER}"
password = "${file:smsc.password}"
)");
  const LoadResult result = load_config_file(config_file, test_environment());
  ASSERT_THAT(error_texts(result.errors), ::testing::IsEmpty());
  const EndpointConfig& endpoint = result.config->clusters[0].endpoints[0];
  EXPECT_EQ(endpoint.password, "from-file");
  EXPECT_EQ(endpoint.system_id, "smppd");
  EXPECT_THAT(result.config->sensitive_key_paths,
              ::testing::ElementsAre("clusters[0].endpoints[0].password", "clusters[0].endpoints[0].system_id"));
}

TEST(ConfigSecrets, SecretsInPluginTablesAreExpandedAndListed) {
  const LoadResult result = load_config_text(R"([[listeners]]
name = "a"
address = "127.0.0.1"
port = 0
[[listeners.filters]]
name = "webhook"
config = { url = "http://127.0.0.1:8080/${USER}", api_token = "static", retries = [{ auth = "${SMSC_PASSWORD}" }] }
)",
                                             "smppd.toml", test_environment());
  ASSERT_THAT(error_texts(result.errors), ::testing::IsEmpty());
  EXPECT_EQ(result.config->listeners[0].filters[0].config.json,
            R"({"api_token":"static","retries":[{"auth":"pw-from-env"}],"url":"http://127.0.0.1:8080/smppd"})");
  EXPECT_THAT(result.config->sensitive_key_paths,
              ::testing::ElementsAre("listeners[0].filters[0].config.api_token",
                                     "listeners[0].filters[0].config.retries[0].auth",
                                     "listeners[0].filters[0].config.url"));
}

TEST(ConfigSecrets, ErrorsNeverShowASecretsValue) {
  const LoadResult result = load_config_text(R"([[clusters]]
name = "c"
[[clusters.endpoints]]
name = "e"
address = "127.0.0.1"
port = 2776
system_id = "${SMSC_PASSWORD}-and-then-some"
password = "0123456789012345678901234567890123456789012345678901234567890123456789"
)",
                                             "smppd.toml", test_environment());
  EXPECT_THAT(error_texts(result.errors),
              ::testing::ElementsAre("smppd.toml:7:13: clusters[0].endpoints[0].system_id: expected a string of 1 to "
                                     "15 characters, got a secret value (not shown)",
                                     "smppd.toml:8:12: clusters[0].endpoints[0].password: expected a string of 0 to "
                                     "64 characters, got a secret value (not shown)"));
}

TEST(ConfigSecrets, CredentialKeysByName) {
  for (const char* key : {"password", "smsc_password", "PASSWORD", "api_token", "secret", "client-secret", "api_key",
                          "private_key", "credentials", "passwd", "password_hash"}) {
    EXPECT_TRUE(is_credential_key(key)) << key;
  }
  for (const char* key : {"password_min_length", "key_file", "tokens_per_second", "system_id", "keys", "monkey",
                          "hashes"}) {
    EXPECT_FALSE(is_credential_key(key)) << key;
  }
}

TEST(ConfigSecrets, EverythingBelowASensitivePathIsSensitive) {
  Config config;
  config.sensitive_key_paths = {"clusters[0].endpoints[0].password", "listeners[0].filters[0].config.credentials"};
  EXPECT_TRUE(config.is_sensitive("clusters[0].endpoints[0].password"));
  EXPECT_TRUE(config.is_sensitive("listeners[0].filters[0].config.credentials.user"));
  EXPECT_TRUE(config.is_sensitive("listeners[0].filters[0].config.credentials[1]"));
  EXPECT_FALSE(config.is_sensitive("listeners[0].filters[0].config.credentials_hint"));
  EXPECT_FALSE(config.is_sensitive("clusters[0].endpoints[0]"));
}

}  // namespace
}  // namespace smppd::config
