#include "host/logging/access_log.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace smppd::logging {
namespace {

AccessRecord sample() {
  AccessRecord record;
  record.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1767225600123));  // 2026-01-01
  record.client = "acme";
  record.session = 7;
  record.command = "submit_sm";
  record.source = "Shop";
  record.destination = "4915112345678";
  record.route = "de";
  record.cluster = "smsc-a";
  record.endpoint = "a1";
  record.smppd_id = "00000000000000ab";
  record.upstream_id = "msg1";
  record.status = 0x58;
  record.latency = std::chrono::microseconds(2345);
  record.part = 2;
  record.parts = 3;
  return record;
}

TEST(AccessLog, TextFormatFillsEveryFieldAndDashesEmptyOnes) {
  std::string error;
  auto log = AccessLog::open("-", "%time% %client%/%session% %command% %route% %endpoint% %status% %latency_ms% %part%/%parts% 100%%",
                             error);
  ASSERT_TRUE(log) << error;
  AccessRecord record = sample();
  EXPECT_EQ(log->line(record), "2026-01-01T00:00:00.123Z acme/7 submit_sm de a1 0x00000058 2.345 2/3 100%");
  record.route.clear();
  record.endpoint.clear();
  EXPECT_EQ(log->line(record), "2026-01-01T00:00:00.123Z acme/7 submit_sm - - 0x00000058 2.345 2/3 100%");
}

TEST(AccessLog, JsonHasEveryFieldTyped) {
  std::string error;
  auto log = AccessLog::open("-", "json", error);
  ASSERT_TRUE(log) << error;
  const boost::json::value line = boost::json::parse(log->line(sample()));
  EXPECT_EQ(line.at("client").as_string(), "acme");
  EXPECT_EQ(line.at("cluster").as_string(), "smsc-a");
  EXPECT_EQ(line.at("upstream_id").as_string(), "msg1");
  EXPECT_EQ(line.at("status").to_number<int64_t>(), 0x58);
  EXPECT_DOUBLE_EQ(line.at("latency_ms").as_double(), 2.345);
  EXPECT_EQ(line.at("parts").to_number<int64_t>(), 3);
  EXPECT_EQ(line.at("time").as_string(), "2026-01-01T00:00:00.123Z");
}

TEST(AccessLog, UnknownFieldsAndUnclosedPercentsAreRefused) {
  std::string error;
  EXPECT_FALSE(AccessLog::open("-", "%client% %nope%", error));
  EXPECT_NE(error.find("unknown field %nope%"), std::string::npos) << error;
  EXPECT_FALSE(AccessLog::open("-", "%client", error));
  EXPECT_NE(error.find("closing %"), std::string::npos) << error;
  EXPECT_TRUE(AccessLog::open("-", std::string(AccessLog::kDefaultFormat), error));
}

}  // namespace
}  // namespace smppd::logging
