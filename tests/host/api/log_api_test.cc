// host->log->write_named: a plugin's own logger, "plugin.<name>.<logger>", that operators list and
// level apart (/logging); names they could not type are refused.
#include <gtest/gtest.h>

#include <string>

#include "host/api/host_api.h"
#include "host/api/plugin_ref.h"
#include "host/logging/logging.h"

namespace smppd::api {
namespace {

smppd_plugin_view view(std::string_view text) { return smppd_plugin_view{text.data(), text.size()}; }

TEST(LogApiTest, ANamedLoggerIsThePluginsOwnAndListedApart) {
  const smppd_log_api* log = host_table()->log;
  ASSERT_TRUE(SMPPD_HAS(log, write_named));
  const smppd_plugin_ref* plugin = make_plugin_ref("log_api_test");
  EXPECT_EQ(log->write_named(plugin, view("audit"), SMPPD_LOG_INFO, view("a change")), SMPPD_OK);
  const auto levels = logging::levels();
  EXPECT_EQ(levels.count("plugin.log_api_test.audit"), 1u);
  EXPECT_TRUE(logging::set_level("plugin.log_api_test.audit", spdlog::level::warn));
}

TEST(LogApiTest, NamesOperatorsCouldNotTypeAreRefused) {
  const smppd_log_api* log = host_table()->log;
  const smppd_plugin_ref* plugin = make_plugin_ref("log_api_test");
  EXPECT_EQ(log->write_named(plugin, view(""), SMPPD_LOG_INFO, view("x")), SMPPD_E_INVALID);
  EXPECT_EQ(log->write_named(plugin, view("a b"), SMPPD_LOG_INFO, view("x")), SMPPD_E_INVALID);
  EXPECT_EQ(log->write_named(plugin, view(std::string(65, 'a')), SMPPD_LOG_INFO, view("x")), SMPPD_E_INVALID);
  EXPECT_EQ(log->write_named(nullptr, view("audit"), SMPPD_LOG_INFO, view("x")), SMPPD_E_INVALID);
  EXPECT_EQ(log->write_named(plugin, view("credit-audit.v2_x"), SMPPD_LOG_INFO, view("x")), SMPPD_OK);
}

}  // namespace
}  // namespace smppd::api
