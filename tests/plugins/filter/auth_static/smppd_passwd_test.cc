// tools/smppd-passwd, run as an operator would, with the password on standard input.
#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "tests/plugins/filter/auth_static/test_accounts.h"

namespace smppd::plugins::auth_static {
namespace {

struct PasswdRun {
  int exit_code = -1;
  std::string output;
};

PasswdRun run_passwd(const std::string& input, const std::string& arguments = {}) {
  const testing::TempDir dir;
  {
    std::ofstream(dir.file("stdin"), std::ios::binary) << input;
  }
  const std::string command = std::string(SMPPD_PASSWD_BIN) + " " + arguments + " < " + dir.file("stdin") + " 2>/dev/null";
  PasswdRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[512];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

TEST(SmppdPasswdTest, PrintsAnOwaspArgon2idHashOfTheFirstLine) {
  ASSERT_GE(sodium_init(), 0);
  const PasswdRun run = run_passwd("s3cret\nignored second line\n");
  ASSERT_EQ(run.exit_code, 0);
  ASSERT_FALSE(run.output.empty());
  ASSERT_EQ(run.output.back(), '\n');
  const std::string hash = run.output.substr(0, run.output.size() - 1);
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << hash;
  EXPECT_EQ(crypto_pwhash_str_verify(hash.c_str(), "s3cret", 6), 0);
  EXPECT_NE(crypto_pwhash_str_verify(hash.c_str(), "s3cret\n", 7), 0);
}

TEST(SmppdPasswdTest, TakesTheLastLineWithoutNewlineAndDropsACarriageReturn) {
  ASSERT_GE(sodium_init(), 0);
  for (const char* input : {"pw", "pw\r\n"}) {
    const PasswdRun run = run_passwd(input);
    ASSERT_EQ(run.exit_code, 0) << input;
    const std::string hash = run.output.substr(0, run.output.find('\n'));
    EXPECT_EQ(crypto_pwhash_str_verify(hash.c_str(), "pw", 2), 0) << input;
  }
}

TEST(SmppdPasswdTest, RefusesNoPasswordAndUnknownOptions) {
  EXPECT_EQ(run_passwd("").exit_code, 1);
  EXPECT_EQ(run_passwd("\n").exit_code, 1);
  EXPECT_EQ(run_passwd("pw\n", "--rounds 3").exit_code, 2);
  const PasswdRun help = run_passwd("", "--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("usage: smppd-passwd"), std::string::npos);
}

}  // namespace
}  // namespace smppd::plugins::auth_static
