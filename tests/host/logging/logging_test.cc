#include "host/logging/logging.h"

#include <gtest/gtest.h>

namespace smppd::logging {
namespace {

TEST(LoggingLevels, ParsesEveryNameOperatorsUse) {
  EXPECT_EQ(parse_level("debug"), spdlog::level::debug);
  EXPECT_EQ(parse_level("warning"), spdlog::level::warn);
  EXPECT_EQ(parse_level("error"), spdlog::level::err);
  EXPECT_EQ(parse_level("loud"), std::nullopt);
  EXPECT_EQ(parse_format("json"), Format::json);
  EXPECT_EQ(parse_format("xml"), std::nullopt);
}

TEST(LoggingLoggers, SameNameSameLogger) {
  EXPECT_EQ(get("server").get(), get("server").get());
  EXPECT_NE(get("server").get(), get("config").get());
}

}  // namespace
}  // namespace smppd::logging
