#include "tests/support/tsv.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "tests/support/test_data.h"

namespace smppd::testing {
namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    cells.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return cells;
    start = tab + 1;
  }
}

}  // namespace

std::vector<TsvRow> read_tsv(const std::string& relative) {
  std::istringstream in(read_test_data(relative));
  std::string line;
  std::getline(in, line);
  const auto header = split_tabs(line);
  std::vector<TsvRow> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto cells = split_tabs(line);
    if (cells.size() != header.size()) {
      std::fprintf(stderr, "%s: row has %zu columns, header %zu: %s\n", relative.c_str(), cells.size(),
                   header.size(), line.c_str());
      std::abort();
    }
    TsvRow row;
    for (size_t i = 0; i < header.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace smppd::testing
