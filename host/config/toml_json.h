#pragma once

#include <boost/json/value.hpp>
#include <toml++/toml.h>

#include <string>

namespace smppd::config {

// A TOML value as JSON, the form a plugin receives its config in. Tables become objects,
// integers stay integers and floats stay floats; dates and times become their TOML text
// ("1979-05-27T07:32:00Z"). JSON has no NaN or infinity: those become null, so the loader
// refuses them in plugin tables before rendering.
boost::json::value to_json(const toml::node& node);
std::string to_json_text(const toml::node& node);

}  // namespace smppd::config
