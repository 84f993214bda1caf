// The built plugin as smppd loads it: dlopen, the entry symbol, the manifest beside it, and a bind
// driven through the C ABI on the fake host.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include <fstream>
#include <iterator>
#include <string>
#include <toml++/toml.h>

#include "fake_host.h"
#include "smppd/plugin.h"
#include "tests/plugins/filter/auth_static/test_accounts.h"

namespace smppd::plugins::auth_static {
namespace {

using smppd::testing::FakeCall;
using smppd::testing::FakeHost;
using smppd::testing::FakeMessage;
using smppd::testing::FakeSession;
using smppd::testing::FilterDriver;
using testing::account_json;
using testing::config_json;

// The plugin, loaded once for the test binary and never unloaded (smppd never dlcloses either).
const smppd_plugin_descriptor* loaded_descriptor() {
  static const smppd_plugin_descriptor* descriptor = [] () -> const smppd_plugin_descriptor* {
    void* handle = dlopen(SMPPD_AUTH_STATIC_SO, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      ADD_FAILURE() << dlerror();
      return nullptr;
    }
    auto entry = reinterpret_cast<smppd_plugin_entry_fn>(dlsym(handle, SMPPD_PLUGIN_ENTRY_NAME));
    if (entry == nullptr) {
      ADD_FAILURE() << "no " << SMPPD_PLUGIN_ENTRY_NAME;
      return nullptr;
    }
    return entry(SMPPD_ABI_VERSION_MINOR);
  }();
  return descriptor;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(AuthStaticSharedObjectTest, AgreesWithItsManifest) {
  const smppd_plugin_descriptor* descriptor = loaded_descriptor();
  ASSERT_NE(descriptor, nullptr);
  const toml::table manifest = toml::parse_file(SMPPD_AUTH_STATIC_MANIFEST);
  EXPECT_EQ(manifest["name"].value_or(std::string()), descriptor->name);
  EXPECT_EQ(manifest["version"].value_or(std::string()), descriptor->version);
  EXPECT_EQ(manifest["abi"].value_or(std::string()), std::to_string(descriptor->abi_major) + "." +
                                                         std::to_string(descriptor->abi_minor));
  ASSERT_TRUE(manifest["kinds"].as_array());
  EXPECT_EQ(manifest["kinds"][0].value_or(std::string()), "filter");
  EXPECT_EQ(descriptor->factories[0].kind, SMPPD_KIND_FILTER);

  // The sha256 the build wrote is the one of the bytes on disk.
  const std::string bytes = read_file(SMPPD_AUTH_STATIC_SO);
  ASSERT_FALSE(bytes.empty());
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  EXPECT_EQ(manifest["sha256"].value_or(std::string()), hex);
}

TEST(AuthStaticSharedObjectTest, AuthenticatesThroughTheCAbi) {
  const smppd_plugin_descriptor* descriptor = loaded_descriptor();
  ASSERT_NE(descriptor, nullptr);
  FakeHost host;
  {
    FilterDriver filter(host, descriptor, "auth_static");
    std::string error;
    ASSERT_EQ(filter.configure(config_json({account_json("acme", "s3cret", R"(, "allowed_cidrs": ["::1/128"])")}), &error),
              SMPPD_OK)
        << error;

    smppd::testing::SessionInfo info;
    info.peer_address = "::1";
    FakeSession session(info);
    auto instance = filter.open_session(session);
    FakeMessage wrong(SMPPD_CMD_BIND_TRANSMITTER);
    wrong.set_string(SMPPD_F_SYSTEM_ID, "acme").set_string(SMPPD_F_PASSWORD, "guess");
    FakeCall wrong_call(session, wrong);
    const auto refused = instance.request_and_wait(wrong_call);
    EXPECT_EQ(refused.verdict, SMPPD_STOP);
    EXPECT_EQ(refused.command_status, SMPPD_STATUS_RINVPASWD);

    FakeMessage right(SMPPD_CMD_BIND_TRANSMITTER);
    right.set_string(SMPPD_F_SYSTEM_ID, "acme").set_string(SMPPD_F_PASSWORD, "s3cret");
    FakeCall right_call(session, right);
    EXPECT_EQ(instance.request_and_wait(right_call).verdict, SMPPD_CONTINUE);
    EXPECT_EQ(session.attributes().get_string(SMPPD_ATTR_PRINCIPAL), "acme");

    FakeSession stranger;  // 127.0.0.1: not in allowed_cidrs
    auto other = filter.open_session(stranger);
    FakeCall stranger_call(stranger, right);
    const auto outcome = other.request_and_wait(stranger_call);
    EXPECT_EQ(outcome.verdict, SMPPD_STOP);
    EXPECT_EQ(outcome.command_status, SMPPD_STATUS_RBINDFAIL);
    ASSERT_TRUE(host.wait_blocking_idle());
  }
  EXPECT_EQ(host.counter("smppd.plugin.auth_static.binds_accepted"), 1u);
  EXPECT_EQ(host.counter("smppd.plugin.auth_static.binds_rejected"), 2u);
}

TEST(AuthStaticSharedObjectTest, ARefusedConfigCrossesTheAbiAsAnErrorNotAnException) {
  const smppd_plugin_descriptor* descriptor = loaded_descriptor();
  ASSERT_NE(descriptor, nullptr);
  FakeHost host;
  FilterDriver filter(host, descriptor, "auth_static");
  std::string error;
  EXPECT_EQ(filter.configure(R"({"accounts": [{"system_id": "acme", "password_hash": "x"}]})", &error), SMPPD_E_CONFIG);
  EXPECT_NE(error.find("accounts[0] (system_id \"acme\"): password_hash"), std::string::npos) << error;
}

}  // namespace
}  // namespace smppd::plugins::auth_static
