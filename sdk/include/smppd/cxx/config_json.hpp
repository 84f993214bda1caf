// Reading a plugin's config: the host passes the plugin's TOML table as JSON text. For a plugin
// that reads it with Boost.JSON (include this only then; the rest of smppd/cxx does not need
// Boost): the document, or the same refusal from every plugin when it is not JSON or not a table.
// Header-only, like the rest of smppd/cxx.
#pragma once

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace smppd::cxx {

inline constexpr std::string_view kConfigNotJson = "the config is not JSON: ";  // + the parser's reason
inline constexpr std::string_view kConfigNotATable = "the config must be a table";

// The config document, a JSON object; `Error` (the plugin's config error, made from a
// std::string) is thrown with one of the refusals above.
template <class Error>
boost::json::value parse_config_table(std::string_view text) {
  boost::system::error_code error;
  boost::json::value document = boost::json::parse(boost::json::string_view(text.data(), text.size()), error);
  if (error) throw Error(std::string(kConfigNotJson) + error.message());
  if (!document.is_object()) throw Error(std::string(kConfigNotATable));
  return document;
}

}  // namespace smppd::cxx
