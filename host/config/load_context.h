#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "host/config/config_error.h"
#include "host/config/source_location.h"

namespace smppd::config {

// What the parts of the loader share while reading one file: the file's name and folder, the
// document, the errors found so far and the key paths that hold secrets.
class LoadContext {
 public:
  LoadContext(std::string file_name, std::filesystem::path base_dir);

  const std::string& file_name() const { return file_name_; }

  void set_document(std::shared_ptr<toml::table> document) { document_ = std::move(document); }
  const std::shared_ptr<toml::table>& document() const { return document_; }

  SourceLocation location_of(const toml::node& node) const;
  SourceLocation location_of(const toml::key& key) const;

  void error(SourceLocation where, std::string key_path, std::string message);
  void error(const toml::node& at, std::string key_path, std::string message);
  bool has_errors() const { return !errors_.empty(); }
  // In file order; errors without a position come first.
  std::vector<ConfigError> take_errors();

  void mark_sensitive(std::string key_path);
  bool is_sensitive(std::string_view key_path) const;
  std::vector<std::string> sensitive_key_paths() const;

  // The value for an error message's "got": a sensitive value is not shown.
  std::string describe(const toml::node& value, std::string_view key_path) const;

  // A path as written in the file, taken from the file's folder when relative.
  std::filesystem::path resolve_path(std::string_view written) const;
  const std::filesystem::path& base_dir() const { return base_dir_; }

 private:
  std::string file_name_;
  std::filesystem::path base_dir_;
  std::shared_ptr<toml::table> document_;
  std::vector<ConfigError> errors_;
  std::vector<std::string> sensitive_;  // may repeat; sorted and made unique on the way out
};

}  // namespace smppd::config
