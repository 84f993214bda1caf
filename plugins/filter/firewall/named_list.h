#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "plugins/filter/firewall/prefix_trie.h"

namespace smppd::plugins::firewall {

enum class ListKind { numbers, words };

// A list of numbers from a file: one per line, '#' starts a comment. "447700900123" is one
// number; "44770*" every number starting with 44770. A leading '+' is ignored. Alphanumeric
// sender ids ("ACME") are allowed.
class NumberList {
 public:
  // nullopt with "line N: reason" in *error.
  static std::optional<NumberList> parse(std::string_view content, std::string* error);

  bool contains(std::string_view address) const;
  size_t size() const noexcept { return exact_.size() + prefixes_.size(); }

 private:
  std::unordered_set<std::string> exact_;
  PrefixTrie prefixes_;
};

// A list of words or phrases from a file, one per line, '#' starts a comment line. Matched as
// keywords are: whole words, case-insensitive.
class WordList {
 public:
  static std::optional<WordList> parse(std::string_view content, std::string* error);

  const std::vector<std::string>& words() const noexcept { return words_; }

 private:
  std::vector<std::string> words_;
};

// Reads a whole file; nullopt with the reason (errno text) in *error.
std::optional<std::string> read_text_file(const std::string& path, std::string* error);

// What identifies one version of a file: a change of any of these reloads it.
struct FileStamp {
  uint64_t device = 0;
  uint64_t inode = 0;
  int64_t size = 0;
  int64_t mtime_ns = 0;
  friend bool operator==(const FileStamp&, const FileStamp&) = default;
};
std::optional<FileStamp> stamp_of(const std::string& path) noexcept;

}  // namespace smppd::plugins::firewall
