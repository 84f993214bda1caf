#include "host/plugin/plugin_file.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "host/plugin/plugin_dir.h"
#include "tests/support/run_command.h"

namespace smppd::plugin {
namespace {

namespace fs = std::filesystem;

// A trusted temp dir (0755) to put files in.
class PluginFileTest : public ::testing::Test {
 protected:
  void SetUp() override { fs::permissions(path_, fs::perms(0755)); }
  void TearDown() override { fs::remove_all(path_); }

  void write(const std::string& name, const std::string& bytes) {
    std::ofstream(path_ + "/" + name, std::ios::binary) << bytes;
    fs::permissions(path_ + "/" + name, fs::perms(0644));
  }
  PluginDir open_dir() {
    std::string error;
    std::optional<PluginDir> dir = PluginDir::open(path_, error);
    EXPECT_TRUE(dir.has_value()) << error;
    return std::move(*dir);
  }

  const std::string path_ = smppd::testing::make_temp_dir("smppd-plugin-file");
};

TEST_F(PluginFileTest, HashesTheBytesThroughItsDescriptor) {
  write("abc.so", "abc");
  const PluginDir dir = open_dir();
  std::string error;
  const std::optional<PluginFile> file = PluginFile::open(dir, "abc.so", "plugin library", error);
  ASSERT_TRUE(file.has_value()) << error;
  // Replacing the path afterwards changes nothing: the descriptor still reads the checked file.
  fs::rename(path_ + "/abc.so", path_ + "/old.so");
  write("abc.so", "something else");
  EXPECT_EQ(file->sha256_hex(error), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(file->path(), path_ + "/abc.so");
  EXPECT_EQ(file->proc_path(), "/proc/self/fd/" + std::to_string(file->fd()));
}

TEST_F(PluginFileTest, RefusesAFifoWithoutWaitingForAWriter) {
  ASSERT_EQ(::mkfifo((path_ + "/pipe.so").c_str(), 0644), 0);
  const PluginDir dir = open_dir();
  std::string error;
  EXPECT_FALSE(PluginFile::open(dir, "pipe.so", "plugin library", error).has_value());
  EXPECT_EQ(error, path_ + "/pipe.so: plugin library is not a regular file");
}

TEST_F(PluginFileTest, RefusesAMissingFile) {
  const PluginDir dir = open_dir();
  std::string error;
  EXPECT_FALSE(PluginFile::open(dir, "absent.so", "plugin library", error).has_value());
  EXPECT_EQ(error, path_ + "/absent.so: cannot open plugin library: No such file or directory");
}

TEST_F(PluginFileTest, ReadAllStopsAtItsLimit) {
  write("big.toml", "0123456789");
  const PluginDir dir = open_dir();
  std::string error;
  const std::optional<PluginFile> file = PluginFile::open(dir, "big.toml", "plugin manifest", error);
  ASSERT_TRUE(file.has_value()) << error;
  EXPECT_EQ(file->read_all(10, error), "0123456789");
  EXPECT_EQ(file->read_all(4, error), std::nullopt);
  EXPECT_EQ(error, path_ + "/big.toml: larger than 4 bytes");
}

TEST_F(PluginFileTest, PluginDirListsManifestsInNameOrder) {
  write("b.toml", "");
  write("a.toml", "");
  write(".#a.toml", "");  // an editor's lock file
  write("smppd_a.so", "");
  write("notes.txt", "");
  const PluginDir dir = open_dir();
  std::string error;
  EXPECT_EQ(dir.manifest_names(error), (std::vector<std::string>{"a.toml", "b.toml"})) << error;
}

}  // namespace
}  // namespace smppd::plugin
