#include "host/admin/admin_http.h"

#include <boost/json/serialize.hpp>

namespace smppd::admin {

std::optional<std::string> AdminRequest::param(std::string_view key) const {
  auto it = query.find(std::string(key));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

bool AdminRequest::wants_json() const { return param("format") == "json"; }

AdminResponse text_response(unsigned status, std::string body) {
  AdminResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

AdminResponse json_response(const boost::json::value& value, unsigned status) {
  AdminResponse response;
  response.status = status;
  response.content_type = "application/json";
  response.body = boost::json::serialize(value);
  response.body.push_back('\n');
  return response;
}

AdminResponse error_response(unsigned status, std::string_view message) {
  return json_response(boost::json::object{{"error", message}}, status);
}

}  // namespace smppd::admin
