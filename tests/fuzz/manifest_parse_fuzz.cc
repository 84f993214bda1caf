// A plugin manifest is read before its library is opened, from a directory an attacker may have
// written to. Whatever the text, the parser refuses it with a message naming the place, or
// accepts a manifest that obeys every rule and that reads back the same once printed.
#include <toml++/toml.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "host/plugin/manifest.h"
#include "host/plugin/plugin_kind.h"

namespace {

using smppd::plugin::Manifest;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

const std::string kSource = "plugins/fuzz.toml";

bool is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

void check_rules(const Manifest& manifest) {
  check(manifest.source == kSource);
  check(!manifest.name.empty() && manifest.name.size() <= 128);
  check(!manifest.version.empty() && manifest.version.size() <= 128);
  check(!manifest.kinds.empty());
  check(std::adjacent_find(manifest.kinds.begin(), manifest.kinds.end(),
                           [](int32_t a, int32_t b) { return a >= b; }) == manifest.kinds.end());
  for (const int32_t kind : manifest.kinds) check(!smppd::plugin::kind_name(kind).empty());
  check(!manifest.file.empty() && manifest.file != "." && manifest.file != "..");
  check(manifest.file.find('/') == std::string::npos && manifest.file.find('\0') == std::string::npos);
  check(manifest.sha256.size() == 64 && std::all_of(manifest.sha256.begin(), manifest.sha256.end(), is_lower_hex));
}

// The manifest as the build would write it from these values.
std::string printed(const Manifest& manifest) {
  toml::array kinds;
  for (const int32_t kind : manifest.kinds) kinds.push_back(std::string(smppd::plugin::kind_name(kind)));
  const toml::table table{
      {"name", manifest.name},
      {"version", manifest.version},
      {"abi", smppd::plugin::to_string(manifest.abi)},
      {"kinds", std::move(kinds)},
      {"description", manifest.description},
      {"file", manifest.file},
      {"sha256", manifest.sha256},
  };
  std::ostringstream text;
  text << toml::toml_formatter(table, toml::format_flags::none);
  return text.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  smppd::plugin::ManifestParse parsed;
  try {
    parsed = smppd::plugin::parse_manifest(text, kSource);
  } catch (...) {
    check(false);  // a refusal is a message, never an exception
  }
  check(parsed.manifest.has_value() == parsed.error.empty());
  if (!parsed.manifest) {
    // "<source>:<line>: ..."
    check(parsed.error.starts_with(kSource + ":"));
    const std::string_view rest = std::string_view(parsed.error).substr(kSource.size() + 1);
    const size_t digits = rest.find_first_not_of("0123456789");
    check(digits != 0 && digits != std::string_view::npos && rest.substr(digits).starts_with(": "));
    return 0;
  }
  const Manifest& manifest = *parsed.manifest;
  check_rules(manifest);

  const smppd::plugin::ManifestParse again = smppd::plugin::parse_manifest(printed(manifest), kSource);
  check(again.manifest.has_value());
  check(again.manifest->name == manifest.name);
  check(again.manifest->version == manifest.version);
  check(again.manifest->abi == manifest.abi);
  check(again.manifest->kinds == manifest.kinds);
  check(again.manifest->description == manifest.description);
  check(again.manifest->file == manifest.file);
  check(again.manifest->sha256 == manifest.sha256);
  return 0;
}
