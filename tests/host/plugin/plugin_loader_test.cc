#include "host/plugin/plugin_loader.h"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "host/api/plugin_ref.h"
#include "tests/host/plugin/staged_plugin_dir.h"

namespace smppd::plugin {
namespace {

using testing::is_mapped;
using testing::StagedPluginDir;

// A minimal host table: only logging, which records what plugins write.
struct LogLine {
  std::string plugin;
  int32_t level;
  std::string message;
  friend bool operator==(const LogLine&, const LogLine&) = default;
};

std::vector<LogLine>& log_lines() {
  static std::vector<LogLine> lines;
  return lines;
}

int32_t log_enabled(const smppd_plugin_ref*, int32_t) { return 1; }

void log_write(const smppd_plugin_ref* plugin, int32_t level, smppd_plugin_view message) {
  log_lines().push_back(LogLine{plugin->name, level, std::string(message.data, message.size)});
}

const smppd_log_api kLogApi{sizeof(smppd_log_api), 0, log_enabled, log_write, nullptr};
const smppd_host_api kHostTable{sizeof(smppd_host_api), SMPPD_ABI_VERSION_MAJOR, SMPPD_ABI_VERSION_MINOR, 0, "test",
                                nullptr, &kLogApi, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};

// Loads `dirs` into `registry` with the test host table; returns the refusals.
std::vector<std::string> load(const std::vector<std::filesystem::path>& dirs, PluginRegistry& registry) {
  return PluginLoader(&kHostTable, registry).load(dirs);
}

// Loads one dir that should refuse exactly one plugin; returns that refusal.
std::string only_refusal(const StagedPluginDir& dir) {
  PluginRegistry registry;
  const std::vector<std::string> errors = load({dir.path()}, registry);
  EXPECT_TRUE(registry.plugins().empty());
  EXPECT_EQ(errors.size(), 1u);
  return errors.empty() ? std::string() : errors.front();
}

TEST(PluginLoader, LoadsAGoodPluginRunsInitAndFindsItsFactory) {
  const StagedPluginDir dir("good");
  log_lines().clear();
  PluginRegistry registry;
  EXPECT_EQ(load({dir.path()}, registry), std::vector<std::string>{});

  const auto found = registry.find_factory(SMPPD_KIND_FILTER, "fixture_good_filter");
  ASSERT_TRUE(found.has_value());
  ASSERT_NE(found->factory, nullptr);
  EXPECT_STREQ(found->factory->name, "fixture_good_filter");
  EXPECT_NE(found->factory->vtable, nullptr);
  EXPECT_EQ(found->plugin_name, "fixture_good");
  ASSERT_NE(found->plugin_ref, nullptr);
  EXPECT_EQ(found->plugin_ref->name, "fixture_good");
  EXPECT_EQ(log_lines(), (std::vector<LogLine>{{"fixture_good", SMPPD_LOG_INFO, "fixture_good init ran"}}));
  EXPECT_TRUE(is_mapped(dir.library()));
}

TEST(PluginLoader, ListsWhatItLoaded) {
  const StagedPluginDir dir("good");
  PluginRegistry registry;
  ASSERT_EQ(load({dir.path()}, registry), std::vector<std::string>{});
  ASSERT_EQ(registry.plugins().size(), 1u);
  const LoadedPlugin& plugin = registry.plugins().front();
  EXPECT_EQ(plugin.name, "fixture_good");
  EXPECT_EQ(plugin.version, "1.2.3");
  EXPECT_EQ(plugin.description, "a plugin the loader accepts");
  EXPECT_EQ(plugin.abi, (AbiVersion{1, 0}));
  EXPECT_EQ(plugin.kinds, std::vector<int32_t>{SMPPD_KIND_FILTER});
  EXPECT_EQ(plugin.library_path, dir.library());
  EXPECT_EQ(plugin.manifest_path, dir.manifest());
  EXPECT_EQ(plugin.sha256, dir.manifest_value("sha256"));
  EXPECT_EQ(plugin.sha256.size(), 64u);
  EXPECT_EQ(plugin.factories.size(), 1u);
}

TEST(PluginLoader, RefusesAPluginBuiltForAnotherAbiMajor) {
  const StagedPluginDir dir("abi_major_2");
  EXPECT_EQ(only_refusal(dir),
            dir.library() + ": plugin fixture_abi_major_2 was built for plugin ABI 2.0; this smppd implements 1.0");
}

TEST(PluginLoader, RefusesAnotherAbiMajorFromTheManifestBeforeLoading) {
  const StagedPluginDir dir("abi_major_2");
  dir.set_manifest_key("abi", "\"2.0\"");
  EXPECT_EQ(only_refusal(dir),
            dir.manifest() + ": plugin fixture_abi_major_2 was built for plugin ABI 2.0; this smppd implements 1.0");
  EXPECT_FALSE(is_mapped(dir.library()));
}

TEST(PluginLoader, RefusesAPluginThatNeedsANewerHostMinor) {
  const StagedPluginDir dir("min_host_minor");
  EXPECT_EQ(only_refusal(dir),
            dir.library() + ": plugin fixture_min_host_minor needs plugin ABI 1.1 or later; this smppd implements 1.0");
}

TEST(PluginLoader, RefusesALibraryWithoutTheEntrySymbol) {
  const StagedPluginDir dir("no_entry");
  EXPECT_EQ(only_refusal(dir), dir.library() +
                                   ": no exported entry symbol smppd_plugin_v1 (a plugin for another ABI major, or "
                                   "built without SMPPD_EXPORT on its entry)");
}

TEST(PluginLoader, RefusesASha256MismatchBeforeLoading) {
  const StagedPluginDir dir("good");
  const std::string actual = dir.manifest_value("sha256");
  const std::string wrong(64, '0');
  dir.set_manifest_key("sha256", "\"" + wrong + "\"");
  EXPECT_EQ(only_refusal(dir),
            dir.library() + ": sha256 is " + actual + ", but manifest " + dir.manifest() + " says " + wrong);
  EXPECT_FALSE(is_mapped(dir.library()));
}

TEST(PluginLoader, RefusesAGroupWritableDir) {
  const StagedPluginDir dir("good");
  ::chmod(dir.path().c_str(), 0775);
  EXPECT_EQ(only_refusal(dir), dir.path() + ": plugin dir is writable by its group (mode 0775)");
  EXPECT_FALSE(is_mapped(dir.library()));
}

TEST(PluginLoader, RefusesAWorldWritableDir) {
  const StagedPluginDir dir("good");
  ::chmod(dir.path().c_str(), 0757);
  EXPECT_EQ(only_refusal(dir), dir.path() + ": plugin dir is writable by others (mode 0757)");
}

TEST(PluginLoader, RefusesAGroupWritableLibrary) {
  const StagedPluginDir dir("good");
  ::chmod(dir.library().c_str(), 0664);
  EXPECT_EQ(only_refusal(dir), dir.library() + ": plugin library is writable by its group (mode 0664)");
  EXPECT_FALSE(is_mapped(dir.library()));
}

TEST(PluginLoader, RefusesAWorldWritableLibrary) {
  const StagedPluginDir dir("good");
  ::chmod(dir.library().c_str(), 0646);
  EXPECT_EQ(only_refusal(dir), dir.library() + ": plugin library is writable by others (mode 0646)");
}

TEST(PluginLoader, RefusesAWorldWritableManifest) {
  const StagedPluginDir dir("good");
  ::chmod(dir.manifest().c_str(), 0666);
  EXPECT_EQ(only_refusal(dir), dir.manifest() + ": plugin manifest is writable by others (mode 0666)");
}

TEST(PluginLoader, RefusesALibraryOwnedByAnotherUser) {
  const StagedPluginDir dir("good");
  if (::chown(dir.library().c_str(), 4242, 0) != 0) GTEST_SKIP() << "changing a file's owner needs root";
  EXPECT_EQ(only_refusal(dir), dir.library() +
                                   ": plugin library is owned by uid 4242, neither root nor the user smppd runs as "
                                   "(uid " + std::to_string(::geteuid()) + ")");
}

TEST(PluginLoader, RefusesASymlinkedLibrary) {
  const StagedPluginDir dir("good");
  const std::string real = dir.path() + "/real.so";
  std::filesystem::rename(dir.library(), real);
  std::filesystem::create_symlink("real.so", dir.library());
  EXPECT_EQ(only_refusal(dir), dir.library() + ": plugin library is a symbolic link (refused: name the file itself)");
  EXPECT_FALSE(is_mapped(real));
}

TEST(PluginLoader, RefusesANameTheLibraryDoesNotHave) {
  const StagedPluginDir dir("good");
  dir.set_manifest_key("name", "\"fixture_renamed\"");
  EXPECT_EQ(only_refusal(dir), dir.library() + ": manifest " + dir.manifest() +
                                   " and library disagree: name 'fixture_renamed' in the manifest, 'fixture_good' "
                                   "in the library");
}

TEST(PluginLoader, RefusesAVersionTheLibraryDoesNotHave) {
  const StagedPluginDir dir("good");
  dir.set_manifest_key("version", "\"9.9.9\"");
  EXPECT_EQ(only_refusal(dir), dir.library() + ": manifest " + dir.manifest() +
                                   " and library disagree: version '9.9.9' in the manifest, '1.2.3' in the library");
}

TEST(PluginLoader, RefusesKindsTheLibraryDoesNotOffer) {
  const StagedPluginDir dir("good");
  dir.set_manifest_key("kinds", "[\"filter\", \"lookup\"]");
  EXPECT_EQ(only_refusal(dir), dir.library() + ": manifest " + dir.manifest() +
                                   " and library disagree: kinds [filter, lookup] in the manifest, [filter] offered "
                                   "by the library's factories");
}

TEST(PluginLoader, RefusesAPluginWhoseInitFails) {
  const StagedPluginDir dir("init_error");
  EXPECT_EQ(only_refusal(dir),
            dir.library() + ": plugin fixture_init_error refused to start: fixture licence missing (init returned -7)");
}

TEST(PluginLoader, RefusesABrokenManifestAndLoadsTheOthers) {
  const StagedPluginDir dir("good");
  std::ofstream(dir.path() + "/broken.toml") << "name = \"broken\"\nversion = \"1.0\"\nabi = \"1.0\"\nkinds = [\n";
  std::filesystem::permissions(dir.path() + "/broken.toml", std::filesystem::perms(0644));
  PluginRegistry registry;
  const std::vector<std::string> errors = load({dir.path()}, registry);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind(dir.path() + "/broken.toml:", 0), 0u) << errors[0];
  EXPECT_NE(errors[0].find("TOML syntax error"), std::string::npos) << errors[0];
  EXPECT_NE(registry.find_plugin("fixture_good"), nullptr);
}

TEST(PluginLoader, RefusesTheSameFactoryFromASecondPlugin) {
  const StagedPluginDir first("good");
  const StagedPluginDir second("dup_factory");
  PluginRegistry registry;
  EXPECT_EQ(load({first.path(), second.path()}, registry),
            std::vector<std::string>{second.library() +
                                     ": plugin fixture_dup_factory: filter factory 'fixture_good_filter' is already "
                                     "offered by plugin fixture_good (" + first.library() + ")"});
  ASSERT_EQ(registry.plugins().size(), 1u);
  EXPECT_EQ(registry.find_factory(SMPPD_KIND_FILTER, "fixture_good_filter")->plugin_name, "fixture_good");
}

TEST(PluginLoader, RefusesAPluginNameLoadedTwice) {
  const StagedPluginDir first("good");
  const StagedPluginDir second("good");
  PluginRegistry registry;
  EXPECT_EQ(load({first.path(), second.path()}, registry),
            std::vector<std::string>{second.manifest() + ": plugin fixture_good is already loaded from " +
                                     first.library()});
  EXPECT_FALSE(is_mapped(second.library()));
}

TEST(PluginLoader, LoadsEveryDirAndCollectsEveryRefusal) {
  const StagedPluginDir dir("good");
  dir.add("init_error");
  dir.add("no_entry");
  const StagedPluginDir more("dup_factory");
  more.set_manifest_key("name", "\"fixture_dup_renamed\"");
  const std::string missing = dir.path() + "/no-such-dir";
  PluginRegistry registry;
  const std::vector<std::string> errors = load({missing, dir.path(), more.path()}, registry);
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0], missing + ": cannot open plugin dir: No such file or directory");
  EXPECT_EQ(errors[1].rfind(dir.library("init_error") + ": plugin fixture_init_error refused to start", 0), 0u);
  EXPECT_EQ(errors[2].rfind(dir.library("no_entry") + ": no exported entry symbol", 0), 0u);
  EXPECT_EQ(errors[3].rfind(more.library() + ": manifest ", 0), 0u);
  EXPECT_EQ(registry.plugins().size(), 1u);
}

TEST(PluginLoader, OpensOnlyFilesThatManifestsName) {
  const StagedPluginDir dir("good");
  const std::string stray = dir.path() + "/smppd_stray.so";
  std::filesystem::copy_file(dir.library(), stray);
  ::chmod(stray.c_str(), 0666);  // would be refused, were it opened
  PluginRegistry registry;
  EXPECT_EQ(load({dir.path()}, registry), std::vector<std::string>{});
  EXPECT_FALSE(is_mapped(stray));
}

// The dynamic loader knows each library by its /proc/self/fd name; a later plugin opened under a
// recycled descriptor number must still be a new library, not the earlier one again.
TEST(PluginLoader, EachLoadGetsItsOwnLibrary) {
  PluginRegistry registry;
  {
    const StagedPluginDir dir("good");
    ASSERT_EQ(load({dir.path()}, registry), std::vector<std::string>{});
  }
  for (int i = 0; i < 3; ++i) {
    const StagedPluginDir dir("dup_factory");
    PluginRegistry fresh;
    EXPECT_EQ(load({dir.path()}, fresh), std::vector<std::string>{});
    EXPECT_NE(fresh.find_plugin("fixture_dup_factory"), nullptr);
  }
}

}  // namespace
}  // namespace smppd::plugin
