#include "host/config/toml_json.h"

#include <boost/json/serialize.hpp>

#include <cmath>
#include <sstream>

namespace smppd::config {

boost::json::value to_json(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: {
      boost::json::object object;
      for (const auto& [key, value] : *node.as_table()) {
        object.emplace(key.str(), to_json(value));
      }
      return object;
    }
    case toml::node_type::array: {
      boost::json::array array;
      for (const toml::node& element : *node.as_array()) {
        array.push_back(to_json(element));
      }
      return array;
    }
    case toml::node_type::string:
      return boost::json::string(node.as_string()->get());
    case toml::node_type::integer:
      return node.as_integer()->get();
    case toml::node_type::floating_point: {
      const double number = node.as_floating_point()->get();
      if (!std::isfinite(number)) {
        return nullptr;
      }
      return number;
    }
    case toml::node_type::boolean:
      return node.as_boolean()->get();
    default: {
      std::ostringstream text;
      node.visit([&text](const auto& value) { text << value; });
      return boost::json::string(text.str());
    }
  }
}

std::string to_json_text(const toml::node& node) { return boost::json::serialize(to_json(node)); }

}  // namespace smppd::config
