#include "host/config/config_error.h"

#include <gtest/gtest.h>

#include "host/config/address_syntax.h"
#include "host/config/closest_name.h"
#include "host/config/key_path.h"

namespace smppd::config {
namespace {

TEST(ConfigErrorFormat, FileLineColumnKeyPathMessage) {
  const ConfigError error{{"etc/smppd.toml", 12, 8}, "listeners[0].port", R"(expected an integer from 0 to 65535, got "abc")"};
  EXPECT_EQ(error.to_string(), R"(etc/smppd.toml:12:8: listeners[0].port: expected an integer from 0 to 65535, got "abc")");
}

TEST(ConfigErrorFormat, LeavesOutWhatIsUnknown) {
  EXPECT_EQ((ConfigError{{"smppd.toml", 0, 0}, "", "cannot read the config file: Permission denied"}.to_string()),
            "smppd.toml: cannot read the config file: Permission denied");
  EXPECT_EQ((ConfigError{{"smppd.toml", 3, 1}, "", "Error while parsing value"}.to_string()),
            "smppd.toml:3:1: Error while parsing value");
  EXPECT_EQ((ConfigError{{"smppd.toml", 0, 0}, "routes[0]", "broken"}.to_string()), "smppd.toml: routes[0]: broken");
}

TEST(ConfigErrorFormat, SortsByPositionKeepingTies) {
  std::vector<ConfigError> errors = {{{"f", 3, 1}, "c", ""}, {{"f", 1, 9}, "b", ""}, {{"f", 1, 2}, "a", ""},
                                     {{"f", 0, 0}, "file", ""}, {{"f", 3, 1}, "d", ""}};
  sort_by_position(errors);
  std::string order;
  for (const ConfigError& error : errors) {
    order += error.key_path + " ";
  }
  EXPECT_EQ(order, "file a b c d ");
}

TEST(ConfigKeyPath, JoinsAndQuotes) {
  EXPECT_EQ(key_path_child("", "listeners"), "listeners");
  EXPECT_EQ(key_path_child(key_path_index("listeners", 2), "port"), "listeners[2].port");
  EXPECT_EQ(key_path_child("config", "a.b"), R"(config."a.b")");
  EXPECT_EQ(key_path_child("config", R"(say "hi")"), R"(config."say \"hi\"")");
  EXPECT_EQ(key_path_child("config", ""), R"(config."")");
}

TEST(ConfigKeyPath, WithinMeansTheSameOrBelow) {
  EXPECT_TRUE(key_path_within("a.b", "a.b"));
  EXPECT_TRUE(key_path_within("a.b.c", "a.b"));
  EXPECT_TRUE(key_path_within("a.b[0]", "a.b"));
  EXPECT_FALSE(key_path_within("a.bc", "a.b"));
  EXPECT_FALSE(key_path_within("a", "a.b"));
}

TEST(ConfigAddressSyntax, IpAddresses) {
  for (const char* address : {"127.0.0.1", "0.0.0.0", "::1", "::", "fe80::1", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(is_ip_address(address)) << address;
  }
  for (const char* address : {"", "localhost", "127.0.0.256", "127.0.0", "1.2.3.4.5", " 127.0.0.1", "::1::2", "01.2.3.4x"}) {
    EXPECT_FALSE(is_ip_address(address)) << address;
  }
}

TEST(ConfigAddressSyntax, HostNames) {
  for (const char* name : {"localhost", "smsc.example.net", "smsc-1.example.net.", "a"}) {
    EXPECT_TRUE(is_host_name(name)) << name;
  }
  for (const char* name : {"", "-smsc.example", "smsc-.example", "smsc..example", "smsc_1.example", "a b",
                           "smsc.example/path"}) {
    EXPECT_FALSE(is_host_name(name)) << name;
  }
  EXPECT_FALSE(is_host_name(std::string(64, 'a') + ".example"));
}

TEST(ConfigClosestName, SuggestsOnlyNearMisses) {
  const std::vector<std::string_view> keys = {"max_connections", "max_connections_per_ip", "port", "base_ejection_ms"};
  EXPECT_EQ(closest_name("max_conections", keys), "max_connections");
  EXPECT_EQ(closest_name("max_connections_per_ipp", keys), "max_connections_per_ip");
  EXPECT_EQ(closest_name("prot", keys), "port");
  EXPECT_EQ(closest_name("base_ejection", keys), "base_ejection_ms");
  EXPECT_EQ(closest_name("colour", keys), std::nullopt);
  EXPECT_EQ(closest_name("x", std::vector<std::string_view>{"y"}), std::nullopt);
}

}  // namespace
}  // namespace smppd::config
