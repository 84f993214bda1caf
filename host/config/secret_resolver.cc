#include "host/config/secret_resolver.h"

#include <cstdlib>

#include "host/config/file_access.h"
#include "host/config/toml_value_text.h"

namespace smppd::config {
namespace {

constexpr std::string_view kFilePrefix = "file:";
// Secrets are passwords, tokens and keys; a larger file is a wrong path.
constexpr size_t kMaxSecretFileSize = 1024 * 1024;

bool is_variable_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) {
    return false;
  }
  for (char c : name) {
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!letter && !(c >= '0' && c <= '9') && c != '_') {
      return false;
    }
  }
  return true;
}

std::string without_one_trailing_newline(std::string content) {
  if (content.ends_with("\r\n")) {
    content.resize(content.size() - 2);
  } else if (content.ends_with('\n')) {
    content.pop_back();
  }
  return content;
}

}  // namespace

SecretResolver SecretResolver::process_environment() {
  return SecretResolver([](const std::string& name) -> std::optional<std::string> {
    // The config is loaded on the main thread; nothing calls setenv concurrently.
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
      return std::nullopt;
    }
    return std::string(value);
  });
}

SecretResolver SecretResolver::from_map(std::map<std::string, std::string> variables) {
  return SecretResolver([variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    const auto found = variables.find(name);
    if (found == variables.end()) {
      return std::nullopt;
    }
    return found->second;
  });
}

SecretResolver::SecretResolver(EnvironmentLookup environment) : environment_(std::move(environment)) {}

SecretResolver::Expansion SecretResolver::expand(std::string_view text, const std::filesystem::path& base_dir) const {
  Expansion expansion;
  size_t position = 0;
  while (position < text.size()) {
    const size_t dollar = text.find('$', position);
    if (dollar == std::string_view::npos || dollar + 1 == text.size()) {
      expansion.value.append(text.substr(position));
      break;
    }
    expansion.value.append(text.substr(position, dollar - position));
    const char next = text[dollar + 1];
    if (next == '$') {
      expansion.value += '$';
      position = dollar + 2;
      continue;
    }
    if (next != '{') {
      expansion.value += '$';
      position = dollar + 1;
      continue;
    }
    const size_t close = text.find('}', dollar + 2);
    if (close == std::string_view::npos) {
      expansion.error = "\"${\" without a closing \"}\" (write \"$$\" for a literal \"$\")";
      return expansion;
    }
    const std::string_view reference = text.substr(dollar + 2, close - dollar - 2);
    position = close + 1;
    expansion.used_secret = true;
    if (reference.starts_with(kFilePrefix)) {
      const std::filesystem::path file(reference.substr(kFilePrefix.size()));
      if (file.empty()) {
        expansion.error = "\"${file:}\" names no file";
        return expansion;
      }
      const std::filesystem::path resolved = file.is_absolute() ? file : base_dir / file;
      FileContent read = read_file_content(resolved, kMaxSecretFileSize);
      if (!read.error.empty()) {
        expansion.error = "cannot read secret file " + in_quotes(resolved.string()) + ": " + read.error;
        return expansion;
      }
      expansion.value += without_one_trailing_newline(std::move(read.content));
      continue;
    }
    if (!is_variable_name(reference)) {
      expansion.error = "\"${" + std::string(reference) +
                        "}\" is neither an environment variable name nor \"file:<path>\"";
      return expansion;
    }
    const std::optional<std::string> value = environment_(std::string(reference));
    if (!value) {
      expansion.error = "environment variable " + std::string(reference) + " is not set";
      return expansion;
    }
    expansion.value += *value;
  }
  return expansion;
}

}  // namespace smppd::config
