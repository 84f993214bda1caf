#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace smppd::api {

using AttributeValue = std::variant<std::string, int64_t>;

// The typed key/value attributes plugins pass along a call or a session ("auth.tenant",
// "hlr.network", "smppd.principal"). A handful of entries at most, so a flat vector beats a map.
class AttributeBag {
 public:
  void set(std::string_view key, AttributeValue value);
  const AttributeValue* find(std::string_view key) const;
  bool remove(std::string_view key);
  const std::string* find_string(std::string_view key) const;
  const std::vector<std::pair<std::string, AttributeValue>>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

 private:
  std::vector<std::pair<std::string, AttributeValue>> items_;
};

}  // namespace smppd::api
