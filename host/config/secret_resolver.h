#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace smppd::config {

// Expands the secret references a config string may hold, so passwords need not sit in the file:
//   "${NAME}"        the environment variable NAME (unset is an error)
//   "${file:/path}"  the file's contents, one trailing newline stripped (unreadable is an error)
//   "$$"             a literal "$"
// Any other "$" stays as written, so a regex such as "^44\d+$" needs no escaping.
class SecretResolver {
 public:
  // Looks a variable up; nullopt when it is not set.
  using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;

  static SecretResolver process_environment();
  // Tests inject the environment instead of changing the process's.
  static SecretResolver from_map(std::map<std::string, std::string> variables);

  explicit SecretResolver(EnvironmentLookup environment);

  struct Expansion {
    std::string value;
    bool used_secret = false;  // at least one ${...} was replaced: the value is sensitive
    std::string error;         // empty on success; never contains a secret's value

    bool ok() const { return error.empty(); }
  };

  // Relative `${file:...}` paths are taken from `base_dir` (the config file's folder).
  Expansion expand(std::string_view text, const std::filesystem::path& base_dir) const;

 private:
  EnvironmentLookup environment_;
};

}  // namespace smppd::config
