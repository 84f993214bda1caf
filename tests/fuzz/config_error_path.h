// For the plugin config targets: whether a refusal names the place of the mistake. A plugin's
// config parser reads JSON and refuses with "<key path>: <reason>"; the path must lead into the
// very document the parser read.
#pragma once

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/system/error_code.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "smppd/cxx/config_json.hpp"

namespace smppd::fuzz {

namespace json_path_detail {

struct Walk {
  std::initializer_list<std::string_view> required;
  size_t budget = 100000;  // backtracking over keys that are prefixes of each other stays bounded
};

// The path goes on after a segment: a key after '.', an index, or ": " and a reason.
inline bool continues(const boost::json::value& node, std::string_view rest, Walk& walk);

// Keys as written ("match"), or quoted ("\"49\"", credit's prices). The last key of a path may be
// one the parser asks for and the document lacks ("name: is required").
inline bool key_segment(const boost::json::value& node, std::string_view rest, Walk& walk) {
  if (walk.budget == 0) return true;  // undecided: do not fail the input on the walker's limit
  --walk.budget;
  if (const auto* object = node.if_object()) {
    for (const auto& field : *object) {
      const std::string_view key(field.key().data(), field.key().size());
      if (rest.starts_with(key) && continues(field.value(), rest.substr(key.size()), walk)) return true;
      if (rest.size() >= key.size() + 2 && rest.front() == '"' && rest.substr(1).starts_with(key) &&
          rest[key.size() + 1] == '"' && continues(field.value(), rest.substr(key.size() + 2), walk)) {
        return true;
      }
    }
    for (const std::string_view key : walk.required) {
      if (!object->contains(key) && rest.starts_with(key) && rest.substr(key.size()).starts_with(": ") &&
          rest.size() > key.size() + 2) {
        return true;
      }
    }
  }
  return false;
}

// "[2]", then perhaps the entry's name as the parser read it: "[2] (\"spam\")".
inline bool index_segment(const boost::json::value& node, std::string_view rest, Walk& walk) {
  const auto* array = node.if_array();
  if (array == nullptr || !rest.starts_with('[')) return false;
  size_t index = 0;
  size_t at = 1;
  while (at < rest.size() && rest[at] >= '0' && rest[at] <= '9' && at < 12) index = index * 10 + (rest[at++] - '0');
  if (at == 1 || at >= rest.size() || rest[at] != ']' || index >= array->size()) return false;
  const boost::json::value& element = (*array)[index];
  rest.remove_prefix(at + 1);
  if (rest.starts_with(" (\"")) {
    const size_t end = rest.find("\")");
    if (end == std::string_view::npos) return false;
    const std::string_view label = rest.substr(3, end - 3);
    const auto* entry = element.if_object();
    const boost::json::value* name = entry == nullptr ? nullptr : entry->if_contains("name");
    if (name == nullptr || !name->is_string() || std::string_view(name->get_string()) != label) return false;
    rest.remove_prefix(end + 2);
  }
  return continues(element, rest, walk);
}

inline bool continues(const boost::json::value& node, std::string_view rest, Walk& walk) {
  if (rest.starts_with(": ")) return rest.size() > 2;  // a reason follows
  if (rest.starts_with('.')) return key_segment(node, rest.substr(1), walk);
  return index_segment(node, rest, walk);
}

}  // namespace json_path_detail

// Whether `message` is "<path>: <reason>" with a path into `document` (as the parser read it, so
// parsed with the same options), such as
//   rules[1] ("spam").match.patterns[0]: ...      lists[2].name: ...      prices."49": ...
// and a non-empty reason. The last key may be one of `required` that the document lacks.
inline bool names_a_key_path(std::string_view message, const boost::json::value& document,
                             std::initializer_list<std::string_view> required) {
  json_path_detail::Walk walk{required};
  return json_path_detail::key_segment(document, message, walk);
}

// Whether a key or a string of the document holds a NUL ("\u0000"). what() is a C string: a
// refusal that quotes such text ends at its NUL, wherever the host prints it, so it names the key
// only up to there.
inline bool holds_nul(const boost::json::value& value) {
  if (const auto* text = value.if_string()) return std::string_view(*text).find('\0') != std::string_view::npos;
  if (const auto* array = value.if_array()) {
    for (const boost::json::value& element : *array) {
      if (holds_nul(element)) return true;
    }
  }
  if (const auto* object = value.if_object()) {
    for (const auto& field : *object) {
      if (std::string_view(field.key().data(), field.key().size()).find('\0') != std::string_view::npos) return true;
      if (holds_nul(field.value())) return true;
    }
  }
  return false;
}

// What a plugin's config parser made of a text: the config, or the message it refused it with;
// and the text read as JSON, as the parser reads it, for the target's checks.
template <class Config>
struct ParseAttempt {
  std::optional<Config> config;
  std::string error;
  boost::system::error_code json_error;
  boost::json::value document;
};

// Runs `parse` on `text`. A refusal must be an `Error`: anything else thrown stops the run.
template <class Error, class Parse>
auto attempt_parse(std::string_view text, Parse parse) {
  ParseAttempt<std::decay_t<decltype(parse(text))>> attempt;
  try {
    attempt.config = parse(text);
  } catch (const Error& e) {
    attempt.error = e.what();
  } catch (...) {
    __builtin_trap();
  }
  attempt.document = boost::json::parse(boost::json::string_view(text.data(), text.size()), attempt.json_error);
  return attempt;
}

// A refusal of the document as a whole, worded alike by every plugin (smppd/cxx/config_json.hpp):
// when the text was not JSON or not a table, whether the refusal says so; nullopt when the
// document is a table, and the target's own checks follow.
template <class Config>
std::optional<bool> document_refusal_holds(const ParseAttempt<Config>& attempt) {
  const std::string& error = attempt.error;
  if (attempt.json_error) return error.starts_with(cxx::kConfigNotJson) && error.size() > cxx::kConfigNotJson.size();
  if (!attempt.document.is_object()) return error == cxx::kConfigNotATable;
  return std::nullopt;
}

// The usual check of a refusal: it names the document as a whole (not JSON, not a table) or the
// key path of the mistake. A document with a NUL in a key or a string is not checked further: its
// path cannot be written back into a message.
template <class Config>
bool refusal_names_its_place(const ParseAttempt<Config>& attempt, std::initializer_list<std::string_view> required = {}) {
  if (const auto holds = document_refusal_holds(attempt)) return *holds;
  return holds_nul(attempt.document) || names_a_key_path(attempt.error, attempt.document, required);
}

}  // namespace smppd::fuzz
