#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "host/config/config_loader.h"
#include "tests/host/config/error_texts.h"

namespace smppd::config {
namespace {

using testing::error_texts;

// One mistake (or a few) in an otherwise sound file, and every line `smppd --mode validate`
// must print for it.
struct ErrorCase {
  std::string name;
  std::string toml;
  std::vector<std::string> errors;
};

std::ostream& operator<<(std::ostream& out, const ErrorCase& error_case) { return out << error_case.name; }

constexpr std::string_view kListener = R"([[listeners]]
name = "a"
address = "127.0.0.1"
port = 2775
)";

constexpr std::string_view kCluster = R"([[clusters]]
name = "smsc-a"
[[clusters.endpoints]]
name = "primary"
address = "127.0.0.1"
port = 2776
system_id = "smppd"
)";

std::string with_cluster(std::string_view rest) { return std::string(kCluster) + std::string(rest); }

const std::vector<ErrorCase>& error_cases() {
  static const std::vector<ErrorCase> cases = {
      {"syntax_error_gives_the_parser_position",
       "[admin]\nport = = 1\n",
       {"etc/smppd.toml:2:8: Error while parsing value: could not determine value type"}},
      {"syntax_error_unterminated_table_header",
       "[admin\nport = 1\n",
       {"etc/smppd.toml:1:7: Error while parsing table header: expected ']', saw '\\n'"}},
      {"wrong_type_string_for_integer",
       R"([[listeners]]
name = "a"
address = "127.0.0.1"
port = "abc"
)",
       {R"(etc/smppd.toml:4:8: listeners[0].port: expected an integer from 0 to 65535, got "abc")"}},
      {"wrong_type_string_for_boolean",
       std::string(kListener) + "allow_unauthenticated = \"yes\"\n",
       {R"(etc/smppd.toml:5:25: listeners[0].allow_unauthenticated: expected a boolean (true or false), got "yes")"}},
      {"wrong_type_table_for_array_of_tables",
       "[listeners]\nname = \"a\"\n",
       {"etc/smppd.toml:1:1: listeners: expected an array of tables ([[listeners]]), got a table"}},
      {"wrong_type_integer_for_string",
       "[node]\nid = 7\n",
       {"etc/smppd.toml:2:6: node.id: expected a non-empty string, got 7"}},
      {"wrong_type_float_for_duration",
       std::string(kListener) + "[listeners.session]\nbind_timeout_ms = 1.5\n",
       {"etc/smppd.toml:6:19: listeners[0].session.bind_timeout_ms: expected a duration in milliseconds from 1 to "
        "3600000, got 1.5"}},
      {"out_of_range_port",
       "[admin]\nport = 70000\n",
       {"etc/smppd.toml:2:8: admin.port: expected an integer from 0 to 65535, got 70000"}},
      {"out_of_range_window",
       std::string(kListener) + "[listeners.session]\nwindow = 0\n",
       {"etc/smppd.toml:6:10: listeners[0].session.window: expected an integer from 1 to 10000, got 0"}},
      {"out_of_range_password_length",
       std::string(kListener) + "[listeners.session]\nmax_password_length = 8\n",
       {"etc/smppd.toml:6:23: listeners[0].session.max_password_length: expected an integer from 9 to 65, got 8"}},
      {"out_of_range_attempts_per_second",
       std::string(kListener) + "[listeners.bind_throttle]\nattempts_per_second = 0.0\n",
       {"etc/smppd.toml:6:23: listeners[0].bind_throttle.attempts_per_second: expected a number from 0.001 to "
        "1000000, got 0.0"}},
      {"out_of_range_string_length",
       with_cluster("system_type = \"much-too-long\"\n"),
       {R"(etc/smppd.toml:8:15: clusters[0].endpoints[0].system_type: expected a string of 0 to 12 characters, got "much-too-long")"}},
      {"unknown_key_near_a_known_one",
       std::string(kListener) + "max_conections = 5\n",
       {R"(etc/smppd.toml:5:1: listeners[0].max_conections: unknown key; did you mean "max_connections"?)"}},
      {"unknown_key_lists_the_known_ones",
       "[metrics]\nport = 9102\n",
       {"etc/smppd.toml:1:2: metrics: unknown key; expected one of: access_log, admin, clusters, listeners, "
        "mo_routes, node, plugins, reload, router, routes, state"}},
      {"unknown_key_in_a_nested_table",
       std::string(kListener) + "[listeners.session]\nwindw = 5\n",
       {R"(etc/smppd.toml:6:1: listeners[0].session.windw: unknown key; did you mean "window"?)"}},
      {"unknown_key_in_an_inline_table",
       with_cluster("[clusters.outlier]\nconsecutive_errors = 3\nbase_ejection = 100\n"),
       {R"(etc/smppd.toml:10:1: clusters[0].outlier.base_ejection: unknown key; did you mean "base_ejection_ms"?)"}},
      {"duplicate_listener_names",
       std::string(kListener) + "[[listeners]]\nname = \"a\"\naddress = \"127.0.0.1\"\nport = 2780\n",
       {R"(etc/smppd.toml:6:8: listeners[1].name: duplicate name "a": listeners[0] already has it)"}},
      {"duplicate_cluster_names",
       with_cluster(kCluster),
       {R"(etc/smppd.toml:9:8: clusters[1].name: duplicate name "smsc-a": clusters[0] already has it)"}},
      {"duplicate_endpoint_names",
       with_cluster("[[clusters.endpoints]]\nname = \"primary\"\naddress = \"127.0.0.2\"\nport = 2776\nsystem_id = \"x\"\n"),
       {R"(etc/smppd.toml:9:8: clusters[0].endpoints[1].name: duplicate name "primary": clusters[0].endpoints[0] already has it)"}},
      {"duplicate_route_names",
       with_cluster("[[routes]]\nname = \"r\"\ncluster = \"smsc-a\"\n[[routes]]\nname = \"r\"\ncluster = \"smsc-a\"\n"),
       {R"(etc/smppd.toml:12:8: routes[1].name: duplicate name "r": routes[0] already has it)"}},
      {"two_listeners_on_one_port",
       std::string(kListener) + "[[listeners]]\nname = \"b\"\naddress = \"127.0.0.1\"\nport = 2775\n",
       {"etc/smppd.toml:8:8: listeners[1].port: 127.0.0.1:2775 is already used by listeners[0]"}},
      {"listener_on_the_admin_port",
       "[[listeners]]\nname = \"a\"\naddress = \"127.0.0.1\"\nport = 9901\n",
       {"etc/smppd.toml:4:8: listeners[0].port: 127.0.0.1:9901 is already used by admin"}},
      {"missing_required_keys",
       "[[listeners]]\nname = \"a\"\n",
       {"etc/smppd.toml:1:1: listeners[0].address: required key is missing",
        "etc/smppd.toml:1:1: listeners[0].port: required key is missing"}},
      {"missing_filter_name",
       std::string(kListener) + "[[listeners.filters]]\ntimeout_ms = 100\n",
       {"etc/smppd.toml:5:1: listeners[0].filters[0].name: required key is missing"}},
      {"missing_endpoints_for_smpp_upstream",
       "[[clusters]]\nname = \"c\"\n",
       {"etc/smppd.toml:1:1: clusters[0].endpoints: required key is missing (upstream \"smpp\" needs at least one "
        "[[clusters.endpoints]])"}},
      {"empty_endpoints_for_smpp_upstream",
       "[[clusters]]\nname = \"c\"\nendpoints = []\n",
       {"etc/smppd.toml:3:13: clusters[0].endpoints: expected at least one endpoint (upstream \"smpp\" has nothing to "
        "bind to)"}},
      {"bad_ip_address",
       "[[listeners]]\nname = \"a\"\naddress = \"localhost\"\nport = 0\n",
       {R"(etc/smppd.toml:3:11: listeners[0].address: expected an IP address, got "localhost")"}},
      {"bad_ip_address_octet",
       "[admin]\naddress = \"127.0.0.256\"\n",
       {R"(etc/smppd.toml:2:11: admin.address: expected an IP address, got "127.0.0.256")"}},
      {"bad_host_name",
       "[[clusters]]\nname = \"c\"\n[[clusters.endpoints]]\nname = \"e\"\naddress = \"smsc_1.example\"\nport = 1\n"
       "system_id = \"x\"\n",
       {R"(etc/smppd.toml:5:11: clusters[0].endpoints[0].address: expected an IP address or a host name, got "smsc_1.example")"}},
      {"missing_tls_files",
       std::string(kListener) + "[listeners.tls]\ncert_file = \"no-such-cert.pem\"\nkey_file = \"no-such-key.pem\"\n",
       {R"(etc/smppd.toml:6:13: listeners[0].tls.cert_file: cannot read file "etc/no-such-cert.pem": No such file or directory)",
        R"(etc/smppd.toml:7:12: listeners[0].tls.key_file: cannot read file "etc/no-such-key.pem": No such file or directory)"}},
      {"tls_table_without_its_files",
       std::string(kListener) + "[listeners.tls]\n",
       {"etc/smppd.toml:5:1: listeners[0].tls.cert_file: required key is missing",
        "etc/smppd.toml:5:1: listeners[0].tls.key_file: required key is missing"}},
      {"bad_tls_version",
       std::string(kListener) + "tls = { cert_file = \"/dev/null\", key_file = \"/dev/null\", min_version = \"1.1\" }\n",
       {R"(etc/smppd.toml:5:21: listeners[0].tls.cert_file: cannot read file "/dev/null": is not a regular file)",
        R"(etc/smppd.toml:5:45: listeners[0].tls.key_file: cannot read file "/dev/null": is not a regular file)",
        R"(etc/smppd.toml:5:72: listeners[0].tls.min_version: expected one of "1.2", "1.3", got "1.1")"}},
      {"bad_failure_mode",
       std::string(kListener) + "[[listeners.filters]]\nname = \"auth\"\nfailure_mode = \"clsoed\"\n",
       {R"(etc/smppd.toml:7:16: listeners[0].filters[0].failure_mode: expected one of "closed", "open", got "clsoed")"}},
      {"bad_bind_type",
       with_cluster("bind_type = \"transceiver\"\n"),
       {R"(etc/smppd.toml:8:13: clusters[0].endpoints[0].bind_type: expected one of "tx", "rx", "trx", got "transceiver")"}},
      {"reconnect_max_below_min",
       with_cluster("reconnect_min_ms = 5000\nreconnect_max_ms = 1000\n"),
       {"etc/smppd.toml:9:20: clusters[0].endpoints[0].reconnect_max_ms: expected at least reconnect_min_ms (5000), "
        "got 1000"}},
      {"route_to_unknown_cluster",
       with_cluster("[[routes]]\nname = \"r\"\ncluster = \"smsc-b\"\n"),
       {R"(etc/smppd.toml:10:11: routes[0].cluster: no cluster is named "smsc-b"; did you mean "smsc-a"?)"}},
      {"weighted_route_to_unknown_cluster",
       with_cluster("[[routes]]\nname = \"r\"\nweighted_clusters = [{ cluster = \"smsc-a\", weight = 1 }, "
                    "{ cluster = \"other\", weight = 1 }]\n"),
       {R"(etc/smppd.toml:10:70: routes[0].weighted_clusters[1].cluster: no cluster is named "other")"}},
      {"weighted_clusters_all_zero",
       with_cluster("[[routes]]\nname = \"r\"\nweighted_clusters = [{ cluster = \"smsc-a\", weight = 0 }]\n"),
       {"etc/smppd.toml:10:21: routes[0].weighted_clusters: expected a weight above 0 on at least one cluster"}},
      {"weighted_cluster_missing_weight",
       with_cluster("[[routes]]\nname = \"r\"\nweighted_clusters = [{ cluster = \"smsc-a\" }]\n"),
       {"etc/smppd.toml:10:22: routes[0].weighted_clusters[0].weight: required key is missing"}},
      {"route_with_cluster_and_reject_status",
       with_cluster("[[routes]]\nname = \"r\"\ncluster = \"smsc-a\"\nreject_status = 0x0B\n"),
       {"etc/smppd.toml:8:1: routes[0]: expected exactly one of cluster, weighted_clusters or reject_status, got "
        "cluster and reject_status"}},
      {"route_with_all_three_actions",
       with_cluster("[[routes]]\nname = \"r\"\ncluster = \"smsc-a\"\nreject_status = 11\n"
                    "weighted_clusters = [{ cluster = \"smsc-a\", weight = 1 }]\n"),
       {"etc/smppd.toml:8:1: routes[0]: expected exactly one of cluster, weighted_clusters or reject_status, got "
        "cluster and weighted_clusters and reject_status"}},
      {"route_unanswered_wrong_types",
       with_cluster("[[routes]]\nname = \"r\"\ncluster = \"smsc-a\"\nunanswered_status = 0\nretry_unanswered = \"yes\"\n"),
       {"etc/smppd.toml:11:21: routes[0].unanswered_status: expected an integer from 1 to 4294967295, got 0",
        "etc/smppd.toml:12:20: routes[0].retry_unanswered: expected a boolean (true or false), got \"yes\""}},
      {"route_without_action",
       "[[routes]]\nname = \"r\"\n",
       {"etc/smppd.toml:1:1: routes[0]: expected exactly one of cluster, weighted_clusters or reject_status, got none"}},
      {"route_match_wrong_types",
       with_cluster("[[routes]]\nname = \"r\"\ncluster = \"smsc-a\"\n"
                    "match = { destination_prefix = [\"44\", 7], data_coding = 300, attributes = { tier = 1 } }\n"),
       {"etc/smppd.toml:11:39: routes[0].match.destination_prefix[1]: expected a non-empty string, got 7",
        "etc/smppd.toml:11:57: routes[0].match.data_coding: expected an integer from 0 to 255, got 300",
        "etc/smppd.toml:11:84: routes[0].match.attributes.tier: expected a string, got 1"}},
      {"mo_route_from_unknown_cluster",
       with_cluster("[[mo_routes]]\nname = \"m\"\nsystem_id = \"acme\"\n"
                    "match = { cluster = [\"smsc-a\", \"smsc-b\"] }\n"),
       {R"(etc/smppd.toml:11:32: mo_routes[0].match.cluster[1]: no cluster is named "smsc-b"; did you mean "smsc-a"?)"}},
      {"mo_route_without_action",
       "[[mo_routes]]\nname = \"m\"\n",
       {"etc/smppd.toml:1:1: mo_routes[0]: expected exactly one of system_id or reject_status, got none"}},
      {"mo_route_with_client_and_reject_status",
       "[[mo_routes]]\nname = \"m\"\nsystem_id = \"acme\"\nreject_status = 0x0B\n",
       {"etc/smppd.toml:1:1: mo_routes[0]: expected exactly one of system_id or reject_status, got system_id and "
        "reject_status"}},
      {"mo_route_system_id_too_long",
       "[[mo_routes]]\nname = \"m\"\nsystem_id = \"a-much-too-long-id\"\n",
       {R"(etc/smppd.toml:3:13: mo_routes[0].system_id: expected a string of 1 to 15 characters, got "a-much-too-long-id")"}},
      {"mo_route_unknown_match_key",
       "[[mo_routes]]\nname = \"m\"\nsystem_id = \"acme\"\nmatch = { destination_prefx = [\"44\"] }\n",
       {R"(etc/smppd.toml:4:11: mo_routes[0].match.destination_prefx: unknown key; did you mean "destination_prefix"?)"}},
      {"duplicate_mo_route_names",
       "[[mo_routes]]\nname = \"m\"\nsystem_id = \"a\"\n[[mo_routes]]\nname = \"m\"\nreject_status = 11\n",
       {R"(etc/smppd.toml:5:8: mo_routes[1].name: duplicate name "m": mo_routes[0] already has it)"}},
      {"mo_no_route_status_zero",
       "[router]\nmo_no_route_status = 0\n",
       {"etc/smppd.toml:2:22: router.mo_no_route_status: expected an integer from 1 to 4294967295, got 0"}},
      {"plugin_table_not_a_table",
       std::string(kListener) + "[[listeners.filters]]\nname = \"auth\"\nconfig = 5\n",
       {"etc/smppd.toml:7:10: listeners[0].filters[0].config: expected a table, got 5"}},
      {"plugin_table_with_a_nan",
       "[[clusters]]\nname = \"c\"\nupstream = \"mock\"\nlb_config = { weights = [1.0, nan] }\n",
       {"etc/smppd.toml:4:31: clusters[0].lb_config.weights[1]: expected a finite number (plugins receive JSON, "
        "which has no nan or inf), got nan"}},
      {"env_secret_missing",
       with_cluster("password = \"${SMSC_PASSWORD}\"\n"),
       {"etc/smppd.toml:8:12: clusters[0].endpoints[0].password: environment variable SMSC_PASSWORD is not set"}},
      {"file_secret_missing",
       with_cluster("password = \"${file:secrets/smsc}\"\n"),
       {R"(etc/smppd.toml:8:12: clusters[0].endpoints[0].password: cannot read secret file "etc/secrets/smsc": No such file or directory)"}},
      {"secret_reference_unterminated",
       "[node]\nid = \"${NODE\"\n",
       {R"(etc/smppd.toml:2:6: node.id: "${" without a closing "}" (write "$$" for a literal "$"))"}},
      {"every_error_is_reported_in_file_order",
       "[admin]\nport = -1\n[[listeners]]\nname = \"\"\naddress = \"::1\"\nport = 0\nmax_connections = 0\n",
       {"etc/smppd.toml:2:8: admin.port: expected an integer from 0 to 65535, got -1",
        "etc/smppd.toml:4:8: listeners[0].name: expected a non-empty string, got \"\"",
        "etc/smppd.toml:7:19: listeners[0].max_connections: expected an integer from 1 to 100000000, got 0"}},
  };
  return cases;
}

class ConfigErrorCases : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ConfigErrorCases, ReportsEveryMistakeWithItsPlace) {
  const ErrorCase& error_case = GetParam();
  // An environment without the variables the cases reference.
  const LoadResult result = load_config_text(error_case.toml, "etc/smppd.toml", SecretResolver::from_map({}));
  EXPECT_FALSE(result.config.has_value());
  EXPECT_THAT(error_texts(result.errors), ::testing::ElementsAreArray(error_case.errors));
}

INSTANTIATE_TEST_SUITE_P(ConfigErrors, ConfigErrorCases, ::testing::ValuesIn(error_cases()),
                         [](const ::testing::TestParamInfo<ErrorCase>& param_info) { return param_info.param.name; });

TEST(ConfigErrors, UnreadableFileIsOneErrorNamingIt) {
  const LoadResult result = load_config_file("no-such-dir/smppd.toml");
  EXPECT_FALSE(result.config.has_value());
  EXPECT_THAT(error_texts(result.errors),
              ::testing::ElementsAre("no-such-dir/smppd.toml: cannot read the config file: No such file or directory"));
}

TEST(ConfigErrors, EmptyFileIsAValidConfig) {
  const LoadResult result = load_config_text("", "empty.toml", SecretResolver::from_map({}));
  EXPECT_THAT(error_texts(result.errors), ::testing::IsEmpty());
  ASSERT_TRUE(result.config.has_value());
  EXPECT_TRUE(result.config->listeners.empty());
}

}  // namespace
}  // namespace smppd::config
