// The firewall's list files, written by operators and reread whenever they change: the same octets
// as a list of numbers and as a list of words. Each parse agrees with the format as documented
// (named_list.h), read here line by line on its own: the same entries, the first bad line named, and
// a number list that answers contains() exactly as its entries say. A list set hands back the
// version last set in each slot.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/filter/firewall/list_set.h"
#include "plugins/filter/firewall/named_list.h"
#include "plugins/filter/firewall/utf8_text.h"

namespace {

namespace fw = smppd::plugins::firewall;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

struct Entry {
  size_t line = 0;
  std::string_view text;
};

// Non-empty lines without their comment and surrounding blanks. A number list's '#' starts a
// comment anywhere; a word list's only as the line's first non-blank ("C# developer" is a word).
std::vector<Entry> entries(std::string_view content, bool comment_anywhere) {
  std::vector<Entry> out;
  size_t line = 0;
  while (!content.empty()) {
    ++line;
    const size_t newline = content.find('\n');
    std::string_view text = content.substr(0, newline);
    content = newline == std::string_view::npos ? std::string_view() : content.substr(newline + 1);
    const size_t hash = text.find('#');
    const size_t first = text.find_first_not_of(" \t");
    if (hash != std::string_view::npos && (comment_anywhere || first == hash)) text = text.substr(0, hash);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    if (!text.empty()) out.push_back({line, text});
  }
  return out;
}

std::string_view without_plus(std::string_view address) {
  return address.starts_with('+') ? address.substr(1) : address;
}

// A number list as its documentation reads: exact numbers, and prefixes from a trailing '*'.
struct NumberModel {
  std::set<std::string, std::less<>> exact;
  std::set<std::string, std::less<>> prefixes;
  std::optional<size_t> bad_line;

  bool contains(std::string_view address) const {
    address = without_plus(address);
    if (exact.contains(address)) return true;
    for (size_t length = 0; length <= address.size() && length <= 20; ++length) {
      if (prefixes.contains(address.substr(0, length))) return true;
    }
    return false;
  }
};

bool is_address_octet(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
         c == '.' || c == ' ';
}

NumberModel number_model(const std::vector<Entry>& lines) {
  NumberModel model;
  for (const Entry& entry : lines) {
    std::string_view text = entry.text;
    const bool prefix = text.ends_with('*');
    if (prefix) text.remove_suffix(1);
    text = without_plus(text);
    bool valid = text.size() <= 20 && (prefix || !text.empty());
    for (const char c : text) valid = valid && is_address_octet(c);
    if (!valid) {
      model.bad_line = entry.line;
      return model;
    }
    (prefix ? model.prefixes : model.exact).emplace(text);
  }
  return model;
}

std::string line_prefix(size_t line) { return "line " + std::to_string(line) + ": "; }

void check_numbers(std::string_view content, const std::vector<Entry>& lines, fw::ListSet& set) {
  std::string error;
  const std::optional<fw::NumberList> list = fw::NumberList::parse(content, &error);
  const NumberModel model = number_model(lines);
  check(list.has_value() == !model.bad_line.has_value());
  if (!list) {
    check(error.starts_with(line_prefix(*model.bad_line)) && error.size() > line_prefix(*model.bad_line).size());
    return;
  }
  check(list->size() == model.exact.size() + model.prefixes.size());

  // Each entry, with and without '+', cut short and run on, answers as the entries say.
  std::vector<std::string> probes = {"", "+", "0", "44", "447700900123", "ACME", std::string(21, '9')};
  for (size_t i = 0; i < lines.size() && i < 64; ++i) {
    const std::string text(lines[i].text);
    for (size_t length = 0; length <= text.size(); ++length) probes.push_back(text.substr(0, length));
    probes.push_back("+" + text);
    probes.push_back(text + "0");
    probes.push_back(text + "#");
  }
  for (const std::string& probe : probes) check(list->contains(probe) == model.contains(probe));

  auto shared = std::make_shared<const fw::NumberList>(*list);
  set.set(0, shared);
  check(set.numbers(0) == shared && set.words(0) == nullptr);
}

void check_words(std::string_view content, fw::ListSet& set) {
  const std::vector<Entry> lines = entries(content, false);
  std::optional<size_t> bad_line;
  std::vector<std::string> expected;
  for (const Entry& entry : lines) {
    if (entry.text.size() > 256 || !fw::is_valid_utf8(entry.text)) {
      bad_line = entry.line;
      break;
    }
    expected.emplace_back(entry.text);
  }

  std::string error;
  const std::optional<fw::WordList> list = fw::WordList::parse(content, &error);
  check(list.has_value() == !bad_line.has_value());
  if (!list) {
    check(error.starts_with(line_prefix(*bad_line)) && error.size() > line_prefix(*bad_line).size());
    return;
  }
  check(list->words() == expected);
  for (const std::string& word : list->words()) {
    check(!word.empty() && word.find('\n') == std::string::npos && !word.starts_with('#'));
  }

  auto shared = std::make_shared<const fw::WordList>(*list);
  set.set(1, shared);
  check(set.words(1) == shared && set.numbers(1) == nullptr);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  fw::ListSet set(2);
  check_numbers(content, entries(content, true), set);
  check_words(content, set);
  check(set.size() == 2);
  return 0;
}
