#include "host/plugin/manifest.h"

#include <algorithm>
#include <charconv>
#include <toml++/toml.h>

#include "host/plugin/plugin_kind.h"

namespace smppd::plugin {
namespace {

constexpr std::string_view kKnownKeys[] = {"name", "version", "abi", "kinds", "description", "file", "sha256"};

// Where a key sits, for "<source>:<line>: key '<key>': <reason>".
std::string key_error(const Manifest& manifest, const toml::node& node, std::string_view key, std::string_view reason) {
  return manifest.source + ":" + std::to_string(node.source().begin.line) + ": key '" + std::string(key) +
         "': " + std::string(reason);
}

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

// The string at `key`, or the error naming what was there instead.
const std::string* string_value(const Manifest& manifest, const toml::node& node, std::string_view key,
                                std::string& error) {
  if (const auto* value = node.as_string()) return &value->get();
  error = key_error(manifest, node, key, "expected a string, got " + std::string(type_name(node)));
  return nullptr;
}

// Plugin names end up in logger names, metric names and config files: keep them plain.
bool is_plain_name(std::string_view name) {
  return !name.empty() && name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
}

bool is_printable(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x20 && c != 0x7F; });
}

std::optional<uint32_t> parse_decimal(std::string_view digits) {
  if (digits.empty() || digits.size() > 9) return std::nullopt;
  uint32_t value = 0;
  const auto [end, failure] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (failure != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::optional<AbiVersion> parse_abi(std::string_view text) {
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto major = parse_decimal(text.substr(0, dot));
  const auto minor = parse_decimal(text.substr(dot + 1));
  if (!major || !minor) return std::nullopt;
  return AbiVersion{*major, *minor};
}

bool is_hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Reads one known key into `manifest`; returns the error, empty when the value is good.
std::string read_key(Manifest& manifest, std::string_view key, const toml::node& node) {
  std::string error;
  if (key == "kinds") {
    const auto* array = node.as_array();
    if (array == nullptr) {
      return key_error(manifest, node, key, "expected an array of kind names, got " + std::string(type_name(node)));
    }
    if (array->empty()) return key_error(manifest, node, key, "lists no kind");
    for (const toml::node& element : *array) {
      const std::string* kind_text = string_value(manifest, element, key, error);
      if (kind_text == nullptr) return error;
      const auto kind = kind_from_name(*kind_text);
      if (!kind) {
        return key_error(manifest, element, key,
                         "unknown kind '" + *kind_text +
                             "' (known: filter, lb_policy, health_checker, upstream, route_matcher, state_store, "
                             "sink, bridge, lookup, admin_handler, service)");
      }
      if (std::find(manifest.kinds.begin(), manifest.kinds.end(), *kind) != manifest.kinds.end()) {
        return key_error(manifest, element, key, "kind '" + *kind_text + "' is listed twice");
      }
      manifest.kinds.push_back(*kind);
    }
    std::sort(manifest.kinds.begin(), manifest.kinds.end());
    return {};
  }

  const std::string* text = string_value(manifest, node, key, error);
  if (text == nullptr) return error;
  if (key == "name") {
    if (!is_plain_name(*text)) {
      return key_error(manifest, node, key, "'" + *text + "' is not a plugin name (1 to 128 of A-Z a-z 0-9 _ - .)");
    }
    manifest.name = *text;
  } else if (key == "version") {
    if (text->empty() || text->size() > 128 || !is_printable(*text)) {
      return key_error(manifest, node, key, "expected 1 to 128 printable characters");
    }
    manifest.version = *text;
  } else if (key == "abi") {
    const auto abi = parse_abi(*text);
    if (!abi) return key_error(manifest, node, key, "expected \"MAJOR.MINOR\" such as \"1.0\", got \"" + *text + "\"");
    manifest.abi = *abi;
  } else if (key == "description") {
    manifest.description = *text;
  } else if (key == "file") {
    // A bare name: the library lives beside its manifest, in the directory whose permissions were checked.
    if (text->empty() || *text == "." || *text == ".." || text->find('/') != std::string::npos ||
        text->find('\0') != std::string::npos) {
      return key_error(manifest, node, key,
                       "expected the library's file name without a directory, got \"" + *text + "\"");
    }
    manifest.file = *text;
  } else if (key == "sha256") {
    if (text->size() != 64 || !std::all_of(text->begin(), text->end(), is_hex_digit)) {
      return key_error(manifest, node, key, "expected 64 hexadecimal digits, got \"" + *text + "\"");
    }
    manifest.sha256 = *text;
    std::transform(manifest.sha256.begin(), manifest.sha256.end(), manifest.sha256.begin(),
                   [](char c) { return (c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c; });
  }
  return {};
}

}  // namespace

ManifestParse parse_manifest(std::string_view text, const std::string& source) {
  ManifestParse result;
  Manifest manifest;
  manifest.source = source;

  toml::table table;
  try {
    table = toml::parse(text, source);
  } catch (const toml::parse_error& failure) {
    result.error = source + ":" + std::to_string(failure.source().begin.line) + ": TOML syntax error: " +
                   std::string(failure.description());
    return result;
  }

  for (const auto& [key, node] : table) {
    const std::string_view name = key.str();
    if (std::find(std::begin(kKnownKeys), std::end(kKnownKeys), name) == std::end(kKnownKeys)) {
      // A key this host does not know may be a requirement it cannot honour (a signature, say):
      // refusing is safer than ignoring it.
      result.error = source + ":" + std::to_string(key.source().begin.line) + ": key '" + std::string(name) +
                     "': unknown key (known: name, version, abi, kinds, description, file, sha256)";
      return result;
    }
    result.error = read_key(manifest, name, node);
    if (!result.error.empty()) return result;
  }

  for (const std::string_view required : {"name", "version", "abi", "kinds", "file", "sha256"}) {
    if (!table.contains(required)) {
      result.error = source + ":1: missing key '" + std::string(required) + "'";
      if (required == "file" || required == "sha256") {
        result.error += " (the build appends file and sha256: install the manifest the build wrote)";
      }
      return result;
    }
  }
  result.manifest = std::move(manifest);
  return result;
}

}  // namespace smppd::plugin
