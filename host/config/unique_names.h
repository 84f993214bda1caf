#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "host/config/table_reader.h"

namespace smppd::config {

// Reports a `name` given twice among the entries of one array (listeners, clusters, routes, a
// cluster's endpoints), pointing at the second and naming the first.
class UniqueNames {
 public:
  // Takes the entry's name; an entry without a string name was reported by its reader already.
  void add(TableReader& entry);
  bool contains(std::string_view name) const { return first_use_.find(name) != first_use_.end(); }
  std::vector<std::string_view> names() const;

 private:
  std::map<std::string, std::string, std::less<>> first_use_;  // name -> key path of its entry
};

}  // namespace smppd::config
