#include "plugins/filter/firewall/list_set.h"

#include <utility>

namespace smppd::plugins::firewall {

ListSet::ListSet(size_t count) {
  slots_.reserve(count);
  for (size_t i = 0; i < count; ++i) slots_.push_back(std::make_unique<Slot>());
}

std::shared_ptr<const NumberList> ListSet::numbers(uint32_t slot) const {
  std::lock_guard lock(slots_.at(slot)->mutex);
  return slots_[slot]->numbers;
}

std::shared_ptr<const WordList> ListSet::words(uint32_t slot) const {
  std::lock_guard lock(slots_.at(slot)->mutex);
  return slots_[slot]->words;
}

void ListSet::set(uint32_t slot, std::shared_ptr<const NumberList> list) {
  std::lock_guard lock(slots_.at(slot)->mutex);
  slots_[slot]->numbers = std::move(list);
}

void ListSet::set(uint32_t slot, std::shared_ptr<const WordList> list) {
  std::lock_guard lock(slots_.at(slot)->mutex);
  slots_[slot]->words = std::move(list);
}

}  // namespace smppd::plugins::firewall
