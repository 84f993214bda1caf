#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace smppd::tools::ctl {

// A plain-text table for a terminal: a header row, then one line per row, each column as wide as
// its widest cell, columns two spaces apart, no trailing spaces. Numbers read best right-aligned,
// names left-aligned.
class TextTable {
 public:
  enum class Align : unsigned char { left, right };
  struct Column {
    std::string title;
    Align align = Align::left;
  };

  explicit TextTable(std::vector<Column> columns);

  // A row with fewer cells than columns is padded with empty ones; extra cells are dropped.
  void add_row(std::vector<std::string> cells);
  size_t row_count() const { return rows_.size(); }
  // Every line ends in '\n'. A table without rows still prints its header.
  std::string render() const;
  // The rows alone, aligned the same way: a list of "key  value" lines.
  std::string render_rows() const;

 private:
  std::string render(bool with_header) const;

  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// Columns a text takes on a terminal: UTF-8 code points, so a Cyrillic system_id lines up too.
size_t display_width(std::string_view text);

}  // namespace smppd::tools::ctl
