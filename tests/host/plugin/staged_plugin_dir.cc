#include "tests/host/plugin/staged_plugin_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/run_command.h"

namespace smppd::plugin::testing {
namespace {

namespace fs = std::filesystem;

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

// The value of the line "<key> = ..." in a manifest's text, quotes removed.
std::string value_of(const std::string& manifest_text, const std::string& key) {
  std::istringstream lines(manifest_text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(key + " = ", 0) != 0) continue;
    std::string value = line.substr(key.size() + 3);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return value;
  }
  return {};
}

}  // namespace

StagedPluginDir::StagedPluginDir(const std::string& fixture)
    : fixture_(fixture), path_(smppd::testing::make_temp_dir("smppd-plugin")) {
  fs::permissions(path_, fs::perms(0755));
  add(fixture);
}

StagedPluginDir::~StagedPluginDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

void StagedPluginDir::add(const std::string& fixture) const {
  const fs::path built = fs::path(SMPPD_TEST_FIXTURE_PLUGIN_DIR) / fixture;
  for (const std::string& file : {library(fixture), manifest(fixture)}) {
    const fs::path source = built / fs::path(file).filename();
    ASSERT_TRUE(fs::is_regular_file(source)) << source << " is missing: build the fixture plugins";
    fs::copy_file(source, file, fs::copy_options::overwrite_existing);
    fs::permissions(file, fs::perms(0644));
  }
}

std::string StagedPluginDir::library(const std::string& fixture) const {
  // The library's name is whatever the build wrote into the manifest's `file`.
  const fs::path built_manifest = fs::path(SMPPD_TEST_FIXTURE_PLUGIN_DIR) / fixture / ("fixture_" + fixture + ".toml");
  return path_ + "/" + value_of(read_text(built_manifest.string()), "file");
}

std::string StagedPluginDir::manifest(const std::string& fixture) const {
  return path_ + "/fixture_" + fixture + ".toml";
}

void StagedPluginDir::set_manifest_key(const std::string& key, const std::string& toml_value) const {
  std::istringstream lines(read_text(manifest()));
  std::string edited;
  bool found = false;
  for (std::string line; std::getline(lines, line);) {
    if (!found && line.rfind(key + " = ", 0) == 0) {
      line = key + " = " + toml_value;
      found = true;
    }
    edited += line + "\n";
  }
  ASSERT_TRUE(found) << "no key " << key << " in " << manifest();
  write_text(manifest(), edited);
}

std::string StagedPluginDir::manifest_value(const std::string& key) const {
  return value_of(read_text(manifest()), key);
}

bool is_mapped(const std::string& path) {
  const std::string resolved = fs::weakly_canonical(path).string();
  std::istringstream maps(read_text("/proc/self/maps"));
  for (std::string line; std::getline(maps, line);) {
    if (line.size() >= resolved.size() && line.compare(line.size() - resolved.size(), resolved.size(), resolved) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace smppd::plugin::testing
