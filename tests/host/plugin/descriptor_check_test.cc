#include "host/plugin/descriptor_check.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <vector>

namespace smppd::plugin {
namespace {

// A filter table of the right size; no test here calls into it.
smppd_filter_vtable sized_filter_table() {
  smppd_filter_vtable table{};
  table.struct_size = sizeof table;
  return table;
}

const smppd_filter_vtable kFilterTable = sized_filter_table();

smppd_factory make_factory(int32_t kind, const char* name, const void* vtable = &kFilterTable) {
  return smppd_factory{sizeof(smppd_factory), kind, name, nullptr, vtable};
}

// A descriptor and the manifest it agrees with; each test breaks one thing.
struct Plugin {
  std::vector<smppd_factory> factories{make_factory(SMPPD_KIND_FILTER, "example_filter")};
  smppd_plugin_descriptor descriptor{sizeof(smppd_plugin_descriptor), 1, 0, 0, "example", "1.0.0", "", nullptr,
                                     nullptr, 1, 0, nullptr};
  Manifest manifest{.source = "m.toml", .name = "example", .version = "1.0.0", .abi = {1, 0},
                    .kinds = {SMPPD_KIND_FILTER}, .description = "", .file = "smppd_example.so", .sha256 = ""};

  DescriptorCheck check() {
    descriptor.factories = factories.data();
    descriptor.factory_count = static_cast<uint32_t>(factories.size());
    return check_descriptor(&descriptor, manifest);
  }
};

TEST(PluginDescriptorCheck, AcceptsADescriptorThatAgreesWithItsManifest) {
  Plugin plugin;
  const DescriptorCheck check = plugin.check();
  EXPECT_EQ(check.error, "");
  ASSERT_EQ(check.factories.size(), 1u);
  EXPECT_EQ(check.factories[0], &plugin.factories[0]);
}

TEST(PluginDescriptorCheck, RefusesNoDescriptor) {
  Plugin plugin;
  EXPECT_EQ(check_descriptor(nullptr, plugin.manifest).error,
            "plugin example: its entry symbol returned no descriptor");
}

TEST(PluginDescriptorCheck, RefusesADescriptorTooSmallForItsVersion) {
  Plugin plugin;
  plugin.descriptor.struct_size = 8;
  EXPECT_EQ(plugin.check().error, "plugin example: its descriptor has struct_size 8, too small to hold an ABI version");
}

TEST(PluginDescriptorCheck, RefusesADescriptorShorterThanAbi10) {
  Plugin plugin;
  plugin.descriptor.struct_size = 40;
  EXPECT_EQ(plugin.check().error, "plugin example: its descriptor has struct_size 40; ABI 1.0 needs at least 72");
}

TEST(PluginDescriptorCheck, RefusesAnotherMajorBeforeReadingFurther) {
  Plugin plugin;
  plugin.descriptor.abi_major = 2;
  plugin.descriptor.struct_size = 16;  // a 2.0 layout may be anything after the version fields
  EXPECT_EQ(plugin.check().error, "plugin example was built for plugin ABI 2.0; this smppd implements 1.0");
}

TEST(PluginDescriptorCheck, AcceptsANewerMinorThatRunsOnThisHost) {
  Plugin plugin;
  plugin.descriptor.abi_minor = 3;
  plugin.manifest.abi = {1, 3};
  EXPECT_EQ(plugin.check().error, "");
}

TEST(PluginDescriptorCheck, RefusesAFactoryArrayThatIsMissing) {
  Plugin plugin;
  plugin.descriptor.factory_count = 2;
  EXPECT_EQ(check_descriptor(&plugin.descriptor, plugin.manifest).error,
            "plugin example: the descriptor counts 2 factories but has no array");
}

TEST(PluginDescriptorCheck, RefusesAFactoryWithoutName) {
  Plugin plugin;
  plugin.factories[0].name = nullptr;
  EXPECT_EQ(plugin.check().error, "plugin example: factory 0 has no name");
  plugin.factories[0].name = "";
  EXPECT_EQ(plugin.check().error, "plugin example: factory 0 has no name");
}

TEST(PluginDescriptorCheck, RefusesAFactoryOfUnknownKind) {
  Plugin plugin;
  plugin.factories[0].kind = 99;
  EXPECT_EQ(plugin.check().error, "plugin example: factory 0 ('example_filter') has unknown kind 99");
}

TEST(PluginDescriptorCheck, RefusesAFactoryWithoutVtable) {
  Plugin plugin;
  plugin.factories[0].vtable = nullptr;
  EXPECT_EQ(plugin.check().error, "plugin example: filter factory 'example_filter' has no vtable");
}

TEST(PluginDescriptorCheck, RefusesAFilterVtableShorterThanAbi10) {
  Plugin plugin;
  smppd_filter_vtable short_table = kFilterTable;
  short_table.struct_size = 16;
  plugin.factories[0].vtable = &short_table;
  EXPECT_EQ(plugin.check().error,
            "plugin example: filter factory 'example_filter' has a vtable with struct_size 16; ABI 1.0 needs at "
            "least 56");
}

TEST(PluginDescriptorCheck, RefusesAFactoryStructShorterThanAbi10) {
  Plugin plugin;
  plugin.factories[0].struct_size = 16;
  EXPECT_EQ(plugin.check().error,
            "plugin example: factory 0 has struct_size 16; ABI 1.0 needs at least 32, a multiple of 8");
}

TEST(PluginDescriptorCheck, RefusesTheSameFactoryTwiceInOnePlugin) {
  Plugin plugin;
  plugin.factories.push_back(make_factory(SMPPD_KIND_FILTER, "example_filter"));
  EXPECT_EQ(plugin.check().error, "plugin example: the plugin offers filter factory 'example_filter' twice");
}

// A later minor may append fields to smppd_factory; its plugins lay out the array with that stride.
struct LongerFactory {
  smppd_factory abi_1_0;
  const void* appended_later;
};

TEST(PluginDescriptorCheck, WalksFactoriesByTheirStructSize) {
  Plugin plugin;
  LongerFactory longer[2] = {{make_factory(SMPPD_KIND_FILTER, "first"), nullptr},
                             {make_factory(SMPPD_KIND_FILTER, "second"), nullptr}};
  for (LongerFactory& factory : longer) factory.abi_1_0.struct_size = sizeof(LongerFactory);
  plugin.descriptor.factories = &longer[0].abi_1_0;
  plugin.descriptor.factory_count = 2;
  const DescriptorCheck check = check_descriptor(&plugin.descriptor, plugin.manifest);
  EXPECT_EQ(check.error, "");
  ASSERT_EQ(check.factories.size(), 2u);
  EXPECT_STREQ(check.factories[1]->name, "second");
}

TEST(PluginDescriptorCheck, RefusesFactoriesOfDifferentSizes) {
  Plugin plugin;
  LongerFactory longer[2] = {{make_factory(SMPPD_KIND_FILTER, "first"), nullptr},
                             {make_factory(SMPPD_KIND_FILTER, "second"), nullptr}};
  longer[0].abi_1_0.struct_size = sizeof(LongerFactory);
  plugin.descriptor.factories = &longer[0].abi_1_0;
  plugin.descriptor.factory_count = 2;
  EXPECT_EQ(check_descriptor(&plugin.descriptor, plugin.manifest).error,
            "plugin example: factory 1 has struct_size 32, factory 0 has 40: every entry of the array must have the "
            "same size");
}

// A state store backend's table with every required entry (never called here).
int32_t open_nothing(const smppd_host_api*, const smppd_plugin_ref*, smppd_host_view, smppd_host_view, void**,
                     smppd_error_buffer*) {
  return SMPPD_E_UNSUPPORTED;
}
void execute_nothing(void*, const smppd_state_op*, uint32_t, smppd_state_completion*) {}
void close_nothing(void*) {}

smppd_state_store_vtable state_store_table() {
  smppd_state_store_vtable table{};
  table.struct_size = sizeof table;
  table.open = open_nothing;
  table.execute = execute_nothing;
  table.close = close_nothing;  // subscribe and available are optional
  return table;
}

struct StateStorePlugin : Plugin {
  StateStorePlugin() {
    factories = {make_factory(SMPPD_KIND_STATE_STORE, "example_store", &table)};
    manifest.kinds = {SMPPD_KIND_STATE_STORE};
  }
  smppd_state_store_vtable table = state_store_table();
};

TEST(PluginDescriptorCheck, AcceptsAStateStoreWithItsRequiredEntries) {
  StateStorePlugin plugin;
  EXPECT_EQ(plugin.check().error, "");
}

TEST(PluginDescriptorCheck, RefusesAStateStoreWithoutARequiredEntry) {
  StateStorePlugin plugin;
  plugin.table.close = nullptr;
  EXPECT_EQ(plugin.check().error, "plugin example: state_store factory 'example_store' has no close in its vtable");
  plugin.table = state_store_table();
  plugin.table.open = nullptr;
  EXPECT_EQ(plugin.check().error, "plugin example: state_store factory 'example_store' has no open in its vtable");
  plugin.table = state_store_table();
  plugin.table.execute = nullptr;
  EXPECT_EQ(plugin.check().error, "plugin example: state_store factory 'example_store' has no execute in its vtable");
}

TEST(PluginDescriptorCheck, RefusesAStateStoreVtableShorterThanAbi10) {
  StateStorePlugin plugin;
  plugin.table.struct_size = offsetof(smppd_state_store_vtable, close);  // close is not in it
  EXPECT_EQ(plugin.check().error,
            "plugin example: state_store factory 'example_store' has a vtable with struct_size 40; ABI 1.0 needs at "
            "least 48");
}

TEST(PluginDescriptorCheck, NamesEveryDisagreementWithTheManifest) {
  Plugin plugin;
  plugin.descriptor.name = "other";
  plugin.descriptor.version = nullptr;
  plugin.descriptor.abi_minor = 1;
  plugin.factories.push_back(make_factory(SMPPD_KIND_LOOKUP, "example_lookup"));
  EXPECT_EQ(plugin.check().error,
            "manifest m.toml and library disagree: name 'example' in the manifest, 'other' in the library; version "
            "'1.0.0' in the manifest, none in the library; abi 1.0 in the manifest, 1.1 in the library; kinds "
            "[filter] in the manifest, [filter, lookup] offered by the library's factories");
}

}  // namespace
}  // namespace smppd::plugin
