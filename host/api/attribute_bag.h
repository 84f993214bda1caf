#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <boost/container/small_vector.hpp>

namespace smppd::api {

using AttributeValue = std::variant<std::string, int64_t>;

// The typed key/value attributes plugins pass along a call or a session ("auth.tenant",
// "hlr.network", "smppd.principal"). A handful of entries at most, so a flat vector beats a map;
// the first few live inside the bag, as a call that has any (credit's charge) allocated a vector
// for them on every message.
class AttributeBag {
 public:
  void set(std::string_view key, AttributeValue value);
  const AttributeValue* find(std::string_view key) const;
  bool remove(std::string_view key);
  const std::string* find_string(std::string_view key) const;
  bool empty() const { return items_.empty(); }

 private:
  boost::container::small_vector<std::pair<std::string, AttributeValue>, 4> items_;
};

}  // namespace smppd::api
