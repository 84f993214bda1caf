#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace smppd::testing {

struct HttpReply {
  int status = 0;  // 0: no answer (connection refused, timeout, garbage)
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string error;  // why status is 0
};

// One HTTP/1.1 request to 127.0.0.1:port with "Connection: close", read to the end. For tests
// of the admin API: small bodies, a few seconds at most.
HttpReply http_request(uint16_t port, const std::string& method, const std::string& target,
                       const std::map<std::string, std::string>& headers = {}, const std::string& body = "");

inline HttpReply http_get(uint16_t port, const std::string& target) { return http_request(port, "GET", target); }
inline HttpReply http_post(uint16_t port, const std::string& target) { return http_request(port, "POST", target); }

}  // namespace smppd::testing
