#pragma once

#include <string>

namespace smppd::testing {

// Absolute path of a file under tests/data/, e.g. test_data_path("smpp/vectors.tsv").
std::string test_data_path(const std::string& relative);

// The whole file; aborts the test run when it cannot be read.
std::string read_test_data(const std::string& relative);

}  // namespace smppd::testing
