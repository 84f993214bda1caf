#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace smppd::router {

// A route's destination_regex or source_regex, compiled once when the router is built. RE2
// matches in linear time, so no operator pattern can stall a worker. The pattern must match the
// whole address (full match, as if written ^(?:pattern)$): "44.*" takes every address starting
// with 44, "44" only the address 44.
class AddressPattern {
 public:
  // nullptr and a reason in `error` when `pattern` is not valid RE2 syntax.
  static std::unique_ptr<const AddressPattern> compile(std::string_view pattern, std::string& error);

  ~AddressPattern();
  AddressPattern(const AddressPattern&) = delete;
  AddressPattern& operator=(const AddressPattern&) = delete;

  bool matches(std::string_view address) const;

 private:
  explicit AddressPattern(std::unique_ptr<const re2::RE2> regex);

  std::unique_ptr<const re2::RE2> regex_;
};

}  // namespace smppd::router
