#include "host/config/unique_names.h"

#include "host/config/toml_value_text.h"

namespace smppd::config {

void UniqueNames::add(TableReader& entry) {
  const toml::node* name = entry.table().get("name");
  if (name == nullptr || !name->is_string()) {
    return;
  }
  const auto [first, inserted] = first_use_.emplace(name->as_string()->get(), entry.key_path());
  if (!inserted) {
    entry.context().error(*name, entry.child_path("name"),
                          "duplicate name " + in_quotes(first->first) + ": " + first->second + " already has it");
  }
}

std::vector<std::string_view> UniqueNames::names() const {
  std::vector<std::string_view> names;
  for (const auto& [name, key_path] : first_use_) {
    names.push_back(name);
  }
  return names;
}

}  // namespace smppd::config
