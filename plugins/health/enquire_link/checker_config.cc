#include "plugins/health/enquire_link/checker_config.h"

#include <boost/json/parse.hpp>

#include <string>

#include "smppd/cxx/config_box.hpp"
#include "smppd/cxx/config_json.hpp"

namespace smppd::plugins::enquire_link {

void check_checker_config(std::string_view json) {
  using smppd::cxx::ConfigError;
  if (json.find_first_not_of(" \t\r\n") == std::string_view::npos) return;  // no table at all
  const boost::json::value document = cxx::parse_config_table<ConfigError>(json);
  for (const auto& field : document.get_object()) {
    throw ConfigError(std::string(field.key().data(), field.key().size()) +
                      ": enquire_link has no settings (the cluster's health_check table has the timing)");
  }
}

}  // namespace smppd::plugins::enquire_link
