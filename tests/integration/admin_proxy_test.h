#pragma once

// What the tests of the admin API and of live reload share: smppd started with its admin server on
// a free port (port 0, read back from the log) and an HTTP client for it.

#include <boost/json/value.hpp>

#include <map>
#include <string>

#include "tests/integration/proxy_test.h"
#include "tests/support/http_client.h"

namespace smppd::integration {

// The body as JSON (a test failure when it is not).
boost::json::value parse_json(const testing::HttpReply& reply);

class AdminProxyTest : public ProxyTest {
 protected:
  // Starts smppd with `top` (clusters, routes) and an [admin] table on 127.0.0.1 port 0 with
  // `admin_extra` keys; waits until /ready answers 200.
  void start_with_admin(const std::string& top, const std::string& admin_extra = "");

  testing::HttpReply get(const std::string& target, const std::map<std::string, std::string>& headers = {}) {
    return testing::http_request(admin_port_, "GET", target, headers);
  }
  testing::HttpReply post(const std::string& target, const std::map<std::string, std::string>& headers = {}) {
    return testing::http_request(admin_port_, "POST", target, headers);
  }
  boost::json::value get_json(const std::string& target) { return parse_json(get(target)); }

  bool wait_ready(Millis timeout = 10s);
  // The cluster's entry of /clusters?format=json (a failure when there is none).
  boost::json::object cluster_json(const std::string& name);
  // The value of one stat in /stats?format=json, or -1 when there is no such stat.
  int64_t stat(const std::string& name);

  uint16_t admin_port_ = 0;

 private:
  uint16_t logged_admin_port();
};

}  // namespace smppd::integration
