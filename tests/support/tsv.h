#pragma once

#include <map>
#include <string>
#include <vector>

namespace smppd::testing {

// One row of a tab-separated table with a header line, by column name.
using TsvRow = std::map<std::string, std::string>;

// Reads tests/data/<relative>; aborts the test run when a row has the wrong number of columns.
std::vector<TsvRow> read_tsv(const std::string& relative);

}  // namespace smppd::testing
