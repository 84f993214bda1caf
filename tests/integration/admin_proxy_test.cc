#include "tests/integration/admin_proxy_test.h"

#include <boost/json.hpp>

namespace smppd::integration {

namespace json = boost::json;

json::value parse_json(const testing::HttpReply& reply) {
  boost::system::error_code ec;
  json::value value = json::parse(reply.body, ec);
  EXPECT_FALSE(ec) << "not JSON (HTTP " << reply.status << "): " << reply.body << reply.error;
  return value;
}

void AdminProxyTest::start_with_admin(const std::string& top, const std::string& admin_extra) {
  // Port 0: smppd takes a free one and logs it (a port picked here could be the listener's).
  const std::string admin = "[admin]\naddress = \"127.0.0.1\"\nport = 0\n" + admin_extra + "\n";
  ASSERT_NO_FATAL_FAILURE(start_proxy(admin + top));
  admin_port_ = logged_admin_port();
  ASSERT_NE(admin_port_, 0) << "smppd never logged its admin address";
  if (admin_extra.find("[admin.tls]") == std::string::npos) {
    ASSERT_TRUE(wait_ready()) << "/ready never answered 200";
  }
}

uint16_t AdminProxyTest::logged_admin_port() {
  // "admin API on http://127.0.0.1:<port>", or https.
  constexpr std::string_view kLine = "127.0.0.1:";
  constexpr std::string_view kStart = "admin API on http";
  const auto until = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < until) {
    const std::string log = smppd().log();
    if (const size_t start = log.find(kStart); start != std::string::npos) {
      if (const size_t at = log.find(kLine, start); at != std::string::npos) {
        return static_cast<uint16_t>(std::atoi(log.c_str() + at + kLine.size()));
      }
    }
    std::this_thread::sleep_for(20ms);
  }
  return 0;
}

bool AdminProxyTest::wait_ready(Millis timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (get("/ready").status == 200) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

json::object AdminProxyTest::cluster_json(const std::string& name) {
  const json::value clusters = get_json("/clusters?format=json");
  if (const json::object* object = clusters.if_object(); object != nullptr && object->contains("clusters")) {
    for (const json::value& cluster : object->at("clusters").as_array()) {
      if (cluster.at("name").as_string() == name) return cluster.as_object();
    }
  }
  ADD_FAILURE() << "no cluster " << name << " in " << json::serialize(clusters);
  return {};
}

int64_t AdminProxyTest::stat(const std::string& name) {
  const json::value stats = get_json("/stats?format=json");
  for (const json::value& entry : stats.at("stats").as_array()) {
    if (entry.at("name").as_string() == name && entry.as_object().contains("value")) {
      return entry.at("value").to_number<int64_t>();
    }
  }
  return -1;
}

}  // namespace smppd::integration
