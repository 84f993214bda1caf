// The smppd command line: --mode validate (OK and exit 0, or every error with file:line and
// exit 1, and never a socket), --version.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "tests/integration/integration_test.h"
#include "tests/support/run_command.h"

namespace smppd::integration {
namespace {

struct SmppdRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::make_temp_dir("smppd-integration-cli"); }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Runs smppd with `arguments` (already quoted for the shell) and both plugin dirs.
  SmppdRun smppd(const std::string& arguments) const {
    const testing::SmppdOptions options = smppd_options();
    const std::string err_file = dir_ + "/stderr";
    std::string command = "'" + options.binary + "' " + arguments + " --plugin-dir '" + options.plugin_dir + "'";
    for (const std::string& extra : options.extra_arguments) command += " '" + extra + "'";
    command += " 2>'" + err_file + "'";
    const testing::CommandResult result = testing::run_command(command);
    return SmppdRun{result.exit_code, result.output, testing::read_file(err_file)};
  }

  std::string write_config(const std::string& text) const {
    const std::string path = dir_ + "/smppd.toml";
    testing::write_file(path, text);
    return path;
  }

  std::string dir_;
};

// A socket listening on 127.0.0.1, held by the test: a validate that tried to listen on its port
// would fail, and a validate that connected to it would leave a connection to accept.
class HeldPort {
 public:
  HeldPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (fd_ >= 0 && ::bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
        ::listen(fd_, 8) == 0 && ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
      port_ = ntohs(address.sin_port);
    }
  }
  ~HeldPort() {
    if (fd_ >= 0) ::close(fd_);
  }
  HeldPort(const HeldPort&) = delete;
  HeldPort& operator=(const HeldPort&) = delete;

  uint16_t port() const { return port_; }
  bool connected_to() const {
    const int accepted = ::accept(fd_, nullptr, nullptr);
    if (accepted < 0) return false;
    ::close(accepted);
    return true;
  }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

TEST_F(CliTest, ValidatePrintsOkAndExitsZeroForAGoodConfigWithoutOpeningItsPort) {
  HeldPort held;
  ASSERT_NE(held.port(), 0);
  ListenerSpec listener;
  listener.port = held.port();
  listener.filters = delay_filter(10ms);  // a plugin filter with a config: the plugins are loaded and asked
  const std::string config = write_config(config_toml({listener}, kDelayPool));
  const SmppdRun run = smppd("--mode validate -c '" + config + "'");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "OK\n");
  EXPECT_FALSE(held.connected_to());
}

TEST_F(CliTest, ValidateReportsEveryConfigErrorWithFileAndLineAndExitsOne) {
  HeldPort held;
  ASSERT_NE(held.port(), 0);
  // Four mistakes, on lines 7, 8, 11 and 12; the second listener is fine and its port is held.
  const std::string text =
      "[admin]\n"                                   // 1
      "enabled = false\n"                           // 2
      "\n"                                          // 3
      "[[listeners]]\n"                             // 4
      "name = \"bad\"\n"                            // 5
      "address = \"127.0.0.1\"\n"                   // 6
      "port = 70000\n"                              // 7: beyond 65535
      "windw = 3\n"                                 // 8: no such key
      "\n"                                          // 9
      "[listeners.session]\n"                       // 10
      "window = 0\n"                                // 11: below 1
      "response_timeout_ms = -5\n"                  // 12: below 1
      "\n"                                          // 13
      "[[listeners]]\n"                             // 14
      "name = \"good\"\n"                           // 15
      "address = \"127.0.0.1\"\n"                   // 16
      "port = " + std::to_string(held.port()) + "\n";  // 17
  const std::string config = write_config(text);
  const SmppdRun run = smppd("--mode validate -c '" + config + "'");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out.find("OK"), std::string::npos) << run.out;
  for (const int line : {7, 8, 11, 12}) {
    EXPECT_NE(run.err.find(config + ":" + std::to_string(line) + ":"), std::string::npos)
        << "no error for line " << line << " in:\n" << run.err;
  }
  EXPECT_FALSE(held.connected_to());
}

TEST_F(CliTest, ValidateReportsEveryFilterErrorWithFileAndLine) {
  ListenerSpec listener;
  listener.port = testing::free_port();
  listener.filters =
      "[[listeners.filters]]\n"
      "name = \"no_such_filter\"\n"
      "\n"
      "[[listeners.filters]]\n"
      "name = \"test_delay\"\n"
      "config = { delay_ms = -1 }\n";
  const std::string text = config_toml({listener});
  const std::string config = write_config(text);
  const SmppdRun run = smppd("--mode validate -c '" + config + "'");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out.find("OK"), std::string::npos) << run.out;
  // Each error names the file and a line.
  std::vector<int> lines;
  std::istringstream errors(run.err);
  for (std::string line; std::getline(errors, line);) {
    if (line.rfind(config + ":", 0) == 0) lines.push_back(std::atoi(line.c_str() + config.size() + 1));
  }
  EXPECT_EQ(lines.size(), 2u) << run.err;
  for (const int line : lines) EXPECT_GT(line, 0) << run.err;
  EXPECT_NE(run.err.find("no_such_filter"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("delay_ms"), std::string::npos) << run.err;
}

TEST_F(CliTest, ServeRefusesABadConfigWithTheSameErrorsAndExitsOne) {
  HeldPort held;
  ListenerSpec listener;
  listener.port = held.port();
  listener.session = {{"window", "0"}};
  const std::string config = write_config(config_toml({listener}));
  const SmppdRun run = smppd("-c '" + config + "'");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find(config + ":"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("window"), std::string::npos) << run.err;
  EXPECT_FALSE(held.connected_to());
}

TEST_F(CliTest, VersionPrintsTheProductAndPluginAbiVersions) {
  const SmppdRun run = smppd("--version");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, std::string("smppd ") + SMPPD_EXPECTED_VERSION + " (plugin ABI " + SMPPD_EXPECTED_ABI + ")\n");
}

TEST_F(CliTest, AnUnknownOptionIsRefusedWithExitOne) {
  const SmppdRun run = smppd("--no-such-option");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("no-such-option"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace smppd::integration
