#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace smppd::router {

// A short list of address prefixes checked one by one: a route's source_prefix, tried only on the
// few candidates the destination trie leaves. An empty list is no condition.
class PrefixList {
 public:
  PrefixList() = default;
  explicit PrefixList(std::vector<std::string> prefixes) : prefixes_(std::move(prefixes)) {}

  bool empty() const { return prefixes_.empty(); }

  // True when the list is empty or `address` starts with one of its prefixes.
  bool admits(std::string_view address) const {
    for (const std::string& prefix : prefixes_) {
      if (address.starts_with(prefix)) {
        return true;
      }
    }
    return prefixes_.empty();
  }

 private:
  std::vector<std::string> prefixes_;
};

}  // namespace smppd::router
