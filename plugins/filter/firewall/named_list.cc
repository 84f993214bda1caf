#include "plugins/filter/firewall/named_list.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include "plugins/filter/firewall/utf8_text.h"

namespace smppd::plugins::firewall {
namespace {

// Lines without their comment ('#' to the end) and surrounding blanks; calls visit(number, text)
// for the non-empty ones. Stops and answers false when visit does.
template <class Visit>
bool for_each_entry(std::string_view content, bool comment_anywhere, Visit&& visit) {
  size_t number = 0;
  while (!content.empty()) {
    ++number;
    const size_t end = content.find('\n');
    std::string_view line = content.substr(0, end);
    content.remove_prefix(end == std::string_view::npos ? content.size() : end + 1);
    const size_t hash = line.find('#');
    if (hash != std::string_view::npos && (comment_anywhere || line.find_first_not_of(" \t") == hash)) {
      line = line.substr(0, hash);
    }
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty()) continue;
    if (!visit(number, line)) return false;
  }
  return true;
}

bool is_address_octet(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
         c == '.' || c == ' ';
}

}  // namespace

std::optional<NumberList> NumberList::parse(std::string_view content, std::string* error) {
  NumberList list;
  const bool ok = for_each_entry(content, true, [&](size_t line, std::string_view entry) {
    bool prefix = false;
    if (entry.back() == '*') {
      prefix = true;
      entry.remove_suffix(1);
    }
    entry = comparable_address(entry);
    bool valid = entry.size() <= 20 && (prefix || !entry.empty());
    for (const char c : entry) valid = valid && is_address_octet(c);
    if (!valid) {
      if (error != nullptr) {
        *error = "line " + std::to_string(line) + ": \"" + std::string(entry) +
                 "\" is not a number (digits or an alphanumeric sender id, at most 20, '*' at the end for a prefix)";
      }
      return false;
    }
    if (prefix) {
      list.prefixes_.insert(entry, 0);
    } else {
      list.exact_.emplace(entry);
    }
    return true;
  });
  if (!ok) return std::nullopt;
  return list;
}

bool NumberList::contains(std::string_view address) const {
  address = comparable_address(address);
  if (!exact_.empty() && exact_.count(std::string(address)) != 0) return true;
  return prefixes_.matches_any(address);
}

std::optional<WordList> WordList::parse(std::string_view content, std::string* error) {
  WordList list;
  const bool ok = for_each_entry(content, false, [&](size_t line, std::string_view entry) {
    if (!is_valid_utf8(entry) || entry.size() > 256) {
      if (error != nullptr) *error = "line " + std::to_string(line) + ": not UTF-8 text of at most 256 octets";
      return false;
    }
    list.words_.emplace_back(entry);
    return true;
  });
  if (!ok) return std::nullopt;
  return list;
}

std::optional<std::string> read_text_file(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error != nullptr) *error = std::string("cannot open: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) {
    if (error != nullptr) *error = "cannot read";
    return std::nullopt;
  }
  return content.str();
}

std::optional<FileStamp> stamp_of(const std::string& path) noexcept {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  FileStamp stamp;
  stamp.device = static_cast<uint64_t>(info.st_dev);
  stamp.inode = static_cast<uint64_t>(info.st_ino);
  stamp.size = static_cast<int64_t>(info.st_size);
  stamp.mtime_ns = static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
  return stamp;
}

}  // namespace smppd::plugins::firewall
