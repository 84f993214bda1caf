#pragma once

#include <toml++/toml.h>

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/config/load_context.h"
#include "host/config/plugin_config.h"

namespace smppd::config {

enum class Presence : uint8_t { optional, required };

// Reads the keys of one TOML table into config structs. Every read names the key as known; a
// value of the wrong type or out of range is reported with its position and the field keeps its
// default. report_unknown_keys() then flags whatever the table holds that nobody asked for, so a
// typo never passes silently.
class TableReader {
 public:
  static constexpr size_t kNoMaxLength = static_cast<size_t>(-1);

  TableReader(const toml::table& table, std::string key_path, LoadContext& context);

  const std::string& key_path() const { return key_path_; }
  const toml::table& table() const { return table_; }
  std::string child_path(std::string_view key) const;
  LoadContext& context() { return context_; }

  // The key's node, or nullptr when absent (an error when required).
  const toml::node* find(std::string_view key, Presence presence = Presence::optional);

  // Each returns true when the key was present and its value valid and stored in `out`.
  bool string(std::string_view key, std::string& out, Presence presence = Presence::optional,
              size_t min_length = 0, size_t max_length = kNoMaxLength);
  bool boolean(std::string_view key, bool& out);
  bool number(std::string_view key, double& out, double min, double max);
  bool duration(std::string_view key, std::chrono::milliseconds& out, int64_t min_ms, int64_t max_ms);
  // A string naming a file that must be readable; relative paths start at the config's folder.
  bool readable_file(std::string_view key, std::filesystem::path& out, Presence presence = Presence::optional);
  bool ip_address(std::string_view key, std::string& out, Presence presence = Presence::optional);
  // An IP address or a DNS host name.
  bool host_address(std::string_view key, std::string& out, Presence presence = Presence::optional);
  bool string_array(std::string_view key, std::vector<std::string>& out, size_t min_length = 0);
  bool string_map(std::string_view key, std::map<std::string, std::string>& out);

  template <std::integral T>
  bool integer(std::string_view key, T& out, int64_t min, int64_t max, Presence presence = Presence::optional) {
    const std::optional<int64_t> value = integer_in_range(key, min, max, presence);
    if (value) {
      out = static_cast<T>(*value);
    }
    return value.has_value();
  }

  template <std::integral T>
  bool integer(std::string_view key, std::optional<T>& out, int64_t min, int64_t max) {
    const std::optional<int64_t> value = integer_in_range(key, min, max, Presence::optional);
    if (value) {
      out = static_cast<T>(*value);
    }
    return value.has_value();
  }

  // A string that must be one of `choices`.
  template <typename Enum>
  bool choice(std::string_view key, Enum& out, std::initializer_list<std::pair<std::string_view, Enum>> choices) {
    std::vector<std::string_view> names;
    for (const auto& [name, value] : choices) {
      names.push_back(name);
    }
    const std::optional<size_t> chosen = choice_index(key, names);
    if (chosen) {
      out = choices.begin()[*chosen].second;
    }
    return chosen.has_value();
  }

  // A reader of a sub-table; nullopt when absent or not a table (reported).
  std::optional<TableReader> sub_table(std::string_view key);
  // Readers of the tables of an array of tables ([[key]]), key paths "key[i]". Elements that are
  // not tables are reported and skipped. Empty when absent.
  std::vector<TableReader> table_array(std::string_view key);
  // A table handed to a plugin as it is: any keys, rendered to JSON. An empty table when absent.
  void plugin_table(std::string_view key, PluginConfig& out);

  void report_unknown_keys();

 private:
  std::optional<int64_t> integer_in_range(std::string_view key, int64_t min, int64_t max, Presence presence);
  std::optional<size_t> choice_index(std::string_view key, const std::vector<std::string_view>& names);
  const toml::table* find_table(std::string_view key);
  void expected(const toml::node& got, std::string_view key, const std::string& what);

  const toml::table& table_;
  std::string key_path_;
  LoadContext& context_;  // outlives every reader: readers live inside one load
  std::vector<std::string_view> known_keys_;
};

}  // namespace smppd::config
