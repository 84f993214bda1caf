#pragma once

#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smppd::admin {

enum class Method : uint8_t { get, post, other };

// One admin request, already parsed: the handlers never see HTTP framing.
struct AdminRequest {
  Method method = Method::get;
  std::string path;                          // "/stats", percent-decoded, without the query
  std::map<std::string, std::string> query;  // "?usedonly" is {"usedonly", ""}
  std::string raw_query;                     // as sent, without '?' (for plugins' handlers)
  std::string body;
  std::string peer;  // who asked: "192.0.2.1:53124", "[2001:db8::1]:53124" (plugins' audit trails)

  bool has(std::string_view key) const { return query.find(std::string(key)) != query.end(); }
  // The query value of `key`, or nothing when absent.
  std::optional<std::string> param(std::string_view key) const;
  bool wants_json() const;  // ?format=json
};

struct AdminResponse {
  unsigned status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type and Content-Length
};

AdminResponse text_response(unsigned status, std::string body);
// The value serialized, with a trailing newline so that curl output ends cleanly.
AdminResponse json_response(const boost::json::value& value, unsigned status = 200);
// {"error": "<message>"} with `status`.
AdminResponse error_response(unsigned status, std::string_view message);

}  // namespace smppd::admin
