#include "host/plugin/plugin_kind.h"

#include <gtest/gtest.h>

#include "smppd/common.h"

namespace smppd::plugin {
namespace {

TEST(PluginKind, EveryKindHasTheManifestName) {
  const std::pair<int32_t, std::string_view> expected[] = {
      {SMPPD_KIND_FILTER, "filter"},       {SMPPD_KIND_LB_POLICY, "lb_policy"},
      {SMPPD_KIND_HEALTH_CHECKER, "health_checker"}, {SMPPD_KIND_UPSTREAM, "upstream"},
      {SMPPD_KIND_ROUTE_MATCHER, "route_matcher"},   {SMPPD_KIND_STATE_STORE, "state_store"},
      {SMPPD_KIND_SINK, "sink"},           {SMPPD_KIND_BRIDGE, "bridge"},
      {SMPPD_KIND_LOOKUP, "lookup"},       {SMPPD_KIND_ADMIN_HANDLER, "admin_handler"},
      {SMPPD_KIND_SERVICE, "service"},
  };
  for (const auto& [kind, name] : expected) {
    EXPECT_EQ(kind_name(kind), name);
    EXPECT_EQ(kind_from_name(name), kind);
  }
}

TEST(PluginKind, UnknownKindsAndNames) {
  EXPECT_EQ(kind_name(0), "");
  EXPECT_EQ(kind_name(SMPPD_KIND_SERVICE + 1), "");
  EXPECT_EQ(kind_from_name("Filter"), std::nullopt);
  EXPECT_EQ(kind_from_name(""), std::nullopt);
}

TEST(PluginKind, DescribesASetOfKinds) {
  EXPECT_EQ(describe_kinds({SMPPD_KIND_FILTER, SMPPD_KIND_LOOKUP}), "[filter, lookup]");
  EXPECT_EQ(describe_kinds({}), "[]");
  EXPECT_EQ(describe_kinds({42}), "[kind 42]");
}

}  // namespace
}  // namespace smppd::plugin
