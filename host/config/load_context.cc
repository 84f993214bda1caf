#include "host/config/load_context.h"

#include <algorithm>

#include "host/config/key_path.h"
#include "host/config/toml_value_text.h"

namespace smppd::config {

LoadContext::LoadContext(std::string file_name, std::filesystem::path base_dir)
    : file_name_(std::move(file_name)), base_dir_(std::move(base_dir)) {}

SourceLocation LoadContext::location_of(const toml::node& node) const {
  return config::location_of(node.source(), file_name_);
}

SourceLocation LoadContext::location_of(const toml::key& key) const {
  return config::location_of(key.source(), file_name_);
}

void LoadContext::error(SourceLocation where, std::string key_path, std::string message) {
  errors_.push_back(ConfigError{std::move(where), std::move(key_path), std::move(message)});
}

void LoadContext::error(const toml::node& at, std::string key_path, std::string message) {
  error(location_of(at), std::move(key_path), std::move(message));
}

std::vector<ConfigError> LoadContext::take_errors() {
  sort_by_position(errors_);
  return std::move(errors_);
}

void LoadContext::mark_sensitive(std::string key_path) { sensitive_.push_back(std::move(key_path)); }

bool LoadContext::is_sensitive(std::string_view key_path) const { return key_path_within_any(key_path, sensitive_); }

std::vector<std::string> LoadContext::sensitive_key_paths() const {
  std::vector<std::string> paths = sensitive_;
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

std::string LoadContext::describe(const toml::node& value, std::string_view key_path) const {
  return describe_toml_value(value, key_path, sensitive_);
}

std::filesystem::path LoadContext::resolve_path(std::string_view written) const {
  std::filesystem::path path(written);
  if (path.is_absolute() || base_dir_.empty()) {
    return path;
  }
  return (base_dir_ / path).lexically_normal();
}

}  // namespace smppd::config
