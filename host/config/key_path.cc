#include "host/config/key_path.h"

#include <algorithm>

namespace smppd::config {
namespace {

bool is_bare_key(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

}  // namespace

std::string key_path_child(std::string_view parent, std::string_view key) {
  std::string path(parent);
  if (!path.empty()) {
    path += '.';
  }
  if (is_bare_key(key)) {
    return path.append(key);
  }
  path += '"';
  for (char c : key) {
    if (c == '"' || c == '\\') {
      path += '\\';
    }
    path += c;
  }
  return path += '"';
}

std::string key_path_index(std::string_view parent, size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

bool key_path_within(std::string_view path, std::string_view ancestor) {
  if (!path.starts_with(ancestor)) {
    return false;
  }
  if (path.size() == ancestor.size() || ancestor.empty()) {
    return true;
  }
  const char next = path[ancestor.size()];
  return next == '.' || next == '[';
}

bool key_path_within_any(std::string_view path, std::span<const std::string> ancestors) {
  return std::any_of(ancestors.begin(), ancestors.end(),
                     [path](const std::string& ancestor) { return key_path_within(path, ancestor); });
}

}  // namespace smppd::config
