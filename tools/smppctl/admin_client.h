#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smppd::tools::ctl {

enum class HttpMethod : uint8_t { get, post };

// What the admin server answered.
struct AdminAnswer {
  unsigned status = 0;
  std::string reason;  // "Unauthorized"
  std::string body;
};

struct AdminCallResult {
  std::optional<AdminAnswer> answer;
  std::string error;  // why there is no answer: "cannot connect to 127.0.0.1:9901: Connection refused"
};

// A blocking HTTP/1.1 client of smppd's admin API: one connection per call, every step (resolve
// aside) bounded by the timeout, and "Authorization: Bearer <token>" when a token is set.
class AdminClient {
 public:
  AdminClient(std::string host, uint16_t port, std::string token, std::chrono::milliseconds timeout);

  // `target` is the path with its query, already percent-encoded.
  AdminCallResult call(HttpMethod method, const std::string& target) const;

  // "127.0.0.1:9901", "[::1]:9901": how errors name the server.
  std::string address() const;

 private:
  std::string host_;
  uint16_t port_;
  std::string token_;
  std::chrono::milliseconds timeout_;
};

const char* method_name(HttpMethod method);

// Percent-encodes a query key or value: everything but RFC 3986's unreserved characters, so a
// regex like "rq_(total|error)" arrives as typed.
std::string percent_encode(std::string_view text);

}  // namespace smppd::tools::ctl
