#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "plugins/filter/firewall/named_list.h"

namespace smppd::plugins::firewall {

// The lists in force, by their index in the config. A reload swaps one list whole; a message
// being evaluated keeps the version it took. Any thread.
class ListSet {
 public:
  explicit ListSet(size_t count);

  std::shared_ptr<const NumberList> numbers(uint32_t slot) const;
  std::shared_ptr<const WordList> words(uint32_t slot) const;
  void set(uint32_t slot, std::shared_ptr<const NumberList> list);
  void set(uint32_t slot, std::shared_ptr<const WordList> list);
  size_t size() const noexcept { return slots_.size(); }

 private:
  struct Slot {
    mutable std::mutex mutex;
    std::shared_ptr<const NumberList> numbers;
    std::shared_ptr<const WordList> words;
  };
  std::vector<std::unique_ptr<Slot>> slots_;
};

}  // namespace smppd::plugins::firewall
