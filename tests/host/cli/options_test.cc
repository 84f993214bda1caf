// smppd's command line: the hot-restart options (--base-id, --restart-epoch) and their limits.
#include <gtest/gtest.h>

#include <vector>

#include "host/cli/options.h"

namespace smppd::cli {
namespace {

ParseResult parse(std::vector<const char*> arguments) {
  arguments.insert(arguments.begin(), {"smppd", "-c", "smppd.toml"});
  return parse_options(static_cast<int>(arguments.size()), arguments.data());
}

TEST(OptionsTest, BaseIdAndRestartEpochDefaultToZero) {
  const ParseResult parsed = parse({});
  ASSERT_TRUE(parsed.options) << parsed.error;
  EXPECT_EQ(parsed.options->base_id, 0u);
  EXPECT_EQ(parsed.options->restart_epoch, 0u);
}

TEST(OptionsTest, BaseIdAndRestartEpochAreRead) {
  const ParseResult parsed = parse({"--base-id", "7", "--restart-epoch", "3"});
  ASSERT_TRUE(parsed.options) << parsed.error;
  EXPECT_EQ(parsed.options->base_id, 7u);
  EXPECT_EQ(parsed.options->restart_epoch, 3u);
}

TEST(OptionsTest, OutOfRangeOrMalformedHotRestartNumbersAreRefused) {
  struct Case {
    std::vector<const char*> arguments;
    const char* error;
  };
  const std::vector<Case> cases = {
      {{"--base-id", "-1"}, "--base-id: expected 0 to 1000000, got -1"},
      {{"--base-id", "1000001"}, "--base-id: expected 0 to 1000000, got 1000001"},
      {{"--restart-epoch", "-2"}, "--restart-epoch: expected 0 to 1000000, got -2"},
      {{"--restart-epoch", "99999999999"}, "--restart-epoch: expected 0 to 1000000, got 99999999999"},
      {{"--restart-epoch", "one"}, "restart-epoch"},
  };
  for (const Case& c : cases) {
    const ParseResult parsed = parse(c.arguments);
    EXPECT_FALSE(parsed.options) << c.arguments[1];
    EXPECT_NE(parsed.error.find(c.error), std::string::npos) << parsed.error;
  }
}

TEST(OptionsTest, HelpNamesTheHotRestartOptions) {
  const ParseResult parsed = parse({"--help"});
  ASSERT_TRUE(parsed.options) << parsed.error;
  EXPECT_NE(parsed.options->help_text.find("--base-id"), std::string::npos);
  EXPECT_NE(parsed.options->help_text.find("--restart-epoch"), std::string::npos);
}

}  // namespace
}  // namespace smppd::cli
