#include "plugins/lb/lb_builtin/lb_config.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <string>

#include "smppd/cxx/config_box.hpp"
#include "smppd/cxx/config_json.hpp"

namespace smppd::plugins::lb_builtin {

LbConfig parse_lb_config(std::string_view json, bool accepts_seed) {
  using smppd::cxx::ConfigError;
  LbConfig config;
  if (json.find_first_not_of(" \t\r\n") == std::string_view::npos) return config;  // no table at all
  const boost::json::value document = cxx::parse_config_table<ConfigError>(json);
  for (const auto& field : document.get_object()) {
    const std::string_view key(field.key().data(), field.key().size());
    if (key == "prefer_same_worker") {
      if (!field.value().is_bool()) throw ConfigError("prefer_same_worker: must be true or false");
      config.prefer_same_worker = field.value().get_bool();
    } else if (key == "seed" && accepts_seed) {
      const boost::json::value& seed = field.value();
      if (seed.is_uint64()) {
        config.seed = seed.get_uint64();
      } else if (seed.is_int64() && seed.get_int64() >= 0) {
        config.seed = static_cast<uint64_t>(seed.get_int64());
      } else {
        throw ConfigError("seed: must be an integer from 0");
      }
    } else {
      throw ConfigError(std::string(key) + ": is not a key of this policy (" +
                        (accepts_seed ? "prefer_same_worker, seed)" : "prefer_same_worker)"));
    }
  }
  return config;
}

}  // namespace smppd::plugins::lb_builtin
