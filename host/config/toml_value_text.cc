#include "host/config/toml_value_text.h"

#include <fmt/format.h>

#include <sstream>

#include "host/config/key_path.h"

namespace smppd::config {
namespace {

// Enough to recognise a value without flooding a terminal with a pasted certificate.
constexpr size_t kMaxShownLength = 60;

}  // namespace

std::string in_quotes(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\u{:04X}", byte);
    } else {
      out += c;
    }
  }
  return out += '"';
}

std::string describe_toml_value(const toml::node& value) {
  switch (value.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string: {
      const std::string& text = value.as_string()->get();
      if (text.size() > kMaxShownLength) {
        return in_quotes(text.substr(0, kMaxShownLength)) + "...";
      }
      return in_quotes(text);
    }
    case toml::node_type::integer:
      return std::to_string(value.as_integer()->get());
    case toml::node_type::floating_point: {
      // As TOML writes it: 20.0 stays a float, not "20".
      std::string text = fmt::format("{}", value.as_floating_point()->get());
      if (text.find_first_of(".eEn") == std::string::npos) {
        text += ".0";
      }
      return text;
    }
    case toml::node_type::boolean:
      return value.as_boolean()->get() ? "true" : "false";
    default: {
      // Dates and times print as TOML writes them.
      std::ostringstream text;
      value.visit([&text](const auto& node) { text << node; });
      return text.str();
    }
  }
}

std::string describe_toml_value(const toml::node& value, std::string_view key_path,
                                std::span<const std::string> sensitive_key_paths) {
  if (key_path_within_any(key_path, sensitive_key_paths)) {
    return "a secret value (not shown)";
  }
  return describe_toml_value(value);
}

SourceLocation location_of(const toml::source_region& region, const std::string& file) {
  return SourceLocation{file, region.begin.line, region.begin.column};
}

}  // namespace smppd::config
