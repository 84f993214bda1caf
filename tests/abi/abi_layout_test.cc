// The layout pins compiled as C++ (abi_layout_pins.h holds them; the build fails when one does
// not hold), and SMPPD_HAS evaluated in both languages.
#include <gtest/gtest.h>

#include <string>
#include <type_traits>

#include "abi_layout_c.h"
#include "abi_layout_pins.h"

namespace {

#define SMPPD_TEST_STRINGIZE(name) SMPPD_TEST_STRINGIZE_EXPANDED(name)
#define SMPPD_TEST_STRINGIZE_EXPANDED(name) #name

TEST(AbiLayout, SmppdHasAnswersRightInC) {
  EXPECT_EQ(smppd_abi_has_failures_c(), 0);
}

TEST(AbiLayout, SmppdHasAnswersRightInCxx) {
  EXPECT_EQ(smppd_pin_has_failures(), 0);
}

TEST(AbiLayout, EntrySymbolCarriesTheMajor) {
  static_assert(std::is_same_v<smppd_plugin_entry_fn, const smppd_plugin_descriptor* (*)(uint32_t)>);
  EXPECT_EQ(std::string(SMPPD_PLUGIN_ENTRY_NAME), "smppd_plugin_v" + std::to_string(SMPPD_ABI_VERSION_MAJOR));
  EXPECT_EQ(std::string(SMPPD_TEST_STRINGIZE(SMPPD_PLUGIN_ENTRY)), SMPPD_PLUGIN_ENTRY_NAME);
}

}  // namespace
