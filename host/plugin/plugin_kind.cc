#include "host/plugin/plugin_kind.h"

#include <utility>

#include "smppd/common.h"

namespace smppd::plugin {
namespace {

constexpr std::pair<int32_t, std::string_view> kKinds[] = {
    {SMPPD_KIND_FILTER, "filter"},
    {SMPPD_KIND_LB_POLICY, "lb_policy"},
    {SMPPD_KIND_HEALTH_CHECKER, "health_checker"},
    {SMPPD_KIND_UPSTREAM, "upstream"},
    {SMPPD_KIND_ROUTE_MATCHER, "route_matcher"},
    {SMPPD_KIND_STATE_STORE, "state_store"},
    {SMPPD_KIND_SINK, "sink"},
    {SMPPD_KIND_BRIDGE, "bridge"},
    {SMPPD_KIND_LOOKUP, "lookup"},
    {SMPPD_KIND_ADMIN_HANDLER, "admin_handler"},
    {SMPPD_KIND_SERVICE, "service"},
};

}  // namespace

std::string_view kind_name(int32_t kind) {
  for (const auto& [value, name] : kKinds) {
    if (value == kind) return name;
  }
  return {};
}

std::optional<int32_t> kind_from_name(std::string_view name) {
  for (const auto& [value, known] : kKinds) {
    if (known == name) return value;
  }
  return std::nullopt;
}

std::string describe_kinds(const std::vector<int32_t>& kinds) {
  std::string text = "[";
  for (const int32_t kind : kinds) {
    if (text.size() > 1) text += ", ";
    const std::string_view name = kind_name(kind);
    text += name.empty() ? "kind " + std::to_string(kind) : std::string(name);
  }
  return text + "]";
}

}  // namespace smppd::plugin
