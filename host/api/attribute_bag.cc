#include "host/api/attribute_bag.h"

#include <algorithm>

namespace smppd::api {

void AttributeBag::set(std::string_view key, AttributeValue value) {
  for (auto& [existing, stored] : items_) {
    if (existing == key) {
      stored = std::move(value);
      return;
    }
  }
  items_.emplace_back(std::string(key), std::move(value));
}

const AttributeValue* AttributeBag::find(std::string_view key) const {
  for (const auto& [existing, stored] : items_) {
    if (existing == key) return &stored;
  }
  return nullptr;
}

const std::string* AttributeBag::find_string(std::string_view key) const {
  const AttributeValue* value = find(key);
  return value ? std::get_if<std::string>(value) : nullptr;
}

bool AttributeBag::remove(std::string_view key) {
  auto it = std::find_if(items_.begin(), items_.end(), [&](const auto& item) { return item.first == key; });
  if (it == items_.end()) return false;
  items_.erase(it);
  return true;
}

}  // namespace smppd::api
