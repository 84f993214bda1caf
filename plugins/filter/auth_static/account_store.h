#pragma once

#include <atomic>
#include <memory>
#include <utility>

#include "plugins/filter/auth_static/account_table.h"

namespace smppd::plugins::auth_static {

// The accounts in force. Workers read the current table; a reload swaps in a whole new one, so a
// check always sees one consistent table, and an old table lives on while a check still uses it.
class AccountStore {
 public:
  explicit AccountStore(std::shared_ptr<const AccountTable> initial) : table_(std::move(initial)) {}

  std::shared_ptr<const AccountTable> current() const noexcept { return table_.load(); }
  void replace(std::shared_ptr<const AccountTable> table) noexcept { table_.store(std::move(table)); }

 private:
  std::atomic<std::shared_ptr<const AccountTable>> table_;
};

}  // namespace smppd::plugins::auth_static
