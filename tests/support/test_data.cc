#include "tests/support/test_data.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace smppd::testing {

std::string test_data_path(const std::string& relative) { return std::string(SMPPD_TEST_DATA_DIR) + "/" + relative; }

std::string read_test_data(const std::string& relative) {
  std::ifstream in(test_data_path(relative), std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read test data %s\n", test_data_path(relative).c_str());
    std::abort();
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace smppd::testing
