#include "host/plugin/plugin_registry.h"

#include <gtest/gtest.h>

namespace smppd::plugin {
namespace {

// The registry indexes factories by kind and name; it never looks into their tables.
const smppd_factory kAuth{sizeof(smppd_factory), SMPPD_KIND_FILTER, "auth", nullptr, nullptr};
const smppd_factory kHlr{sizeof(smppd_factory), SMPPD_KIND_LOOKUP, "hlr", nullptr, nullptr};
const smppd_factory kOtherAuth{sizeof(smppd_factory), SMPPD_KIND_FILTER, "auth", nullptr, nullptr};
const smppd_factory kAuthLookup{sizeof(smppd_factory), SMPPD_KIND_LOOKUP, "auth", nullptr, nullptr};

LoadedPlugin plugin_offering(const std::string& name, std::vector<const smppd_factory*> factories) {
  LoadedPlugin plugin;
  plugin.name = name;
  plugin.library_path = "/plugins/smppd_" + name + ".so";
  plugin.factories = std::move(factories);
  return plugin;
}

TEST(PluginRegistry, FindsAFactoryByKindAndName) {
  PluginRegistry registry;
  registry.add(plugin_offering("basics", {&kAuth, &kHlr}));
  const auto auth = registry.find_factory(SMPPD_KIND_FILTER, "auth");
  ASSERT_TRUE(auth.has_value());
  EXPECT_EQ(auth->factory, &kAuth);
  EXPECT_EQ(auth->plugin_name, "basics");
  EXPECT_EQ(registry.find_factory(SMPPD_KIND_LOOKUP, "auth"), std::nullopt);
  EXPECT_EQ(registry.find_factory(SMPPD_KIND_FILTER, "hlr"), std::nullopt);
  EXPECT_NE(registry.find_plugin("basics"), nullptr);
  EXPECT_EQ(registry.find_plugin("other"), nullptr);
}

TEST(PluginRegistry, AFactoryOfferedTwiceIsAConflict) {
  PluginRegistry registry;
  registry.add(plugin_offering("basics", {&kAuth}));
  EXPECT_EQ(registry.factory_conflict({&kOtherAuth}),
            "filter factory 'auth' is already offered by plugin basics (/plugins/smppd_basics.so)");
  EXPECT_EQ(registry.factory_conflict({&kAuthLookup}), "");  // same name, another kind
}

TEST(PluginRegistry, ListsPluginsInLoadingOrder) {
  PluginRegistry registry;
  registry.add(plugin_offering("first", {}));
  registry.add(plugin_offering("second", {}));
  ASSERT_EQ(registry.plugins().size(), 2u);
  EXPECT_EQ(registry.plugins()[0].name, "first");
  EXPECT_EQ(registry.plugins()[1].name, "second");
}

}  // namespace
}  // namespace smppd::plugin
