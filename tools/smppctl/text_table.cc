#include "tools/smppctl/text_table.h"

#include <algorithm>
#include <utility>

namespace smppd::tools::ctl {

namespace {

constexpr std::string_view kColumnGap = "  ";

void append_padded(std::string& line, const std::string& cell, size_t width, TextTable::Align align) {
  const size_t padding = width - std::min(width, display_width(cell));
  if (align == TextTable::Align::right) line.append(padding, ' ');
  line += cell;
  if (align == TextTable::Align::left) line.append(padding, ' ');
}

void append_line(std::string& out, const std::vector<TextTable::Column>& columns,
                 const std::vector<std::string>& cells, const std::vector<size_t>& widths) {
  std::string line;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) line += kColumnGap;
    append_padded(line, cells[i], widths[i], columns[i].align);
  }
  // A left-aligned last column pads to its width; a terminal shows nothing of that.
  line.erase(line.find_last_not_of(' ') + 1);
  out += line;
  out += '\n';
}

}  // namespace

size_t display_width(std::string_view text) {
  // Count every byte that does not continue a UTF-8 sequence (10xxxxxx).
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

TextTable::TextTable(std::vector<Column> columns) : columns_(std::move(columns)) {}

void TextTable::add_row(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

std::string TextTable::render() const { return render(true); }

std::string TextTable::render_rows() const { return render(false); }

std::string TextTable::render(bool with_header) const {
  std::vector<size_t> widths(columns_.size());
  std::vector<std::string> titles(columns_.size());
  for (size_t i = 0; i < columns_.size(); ++i) {
    titles[i] = columns_[i].title;
    widths[i] = with_header ? display_width(titles[i]) : 0;
  }
  for (const auto& row : rows_) {
    for (size_t i = 0; i < columns_.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
  }
  std::string out;
  if (with_header) append_line(out, columns_, titles, widths);
  for (const auto& row : rows_) append_line(out, columns_, row, widths);
  return out;
}

}  // namespace smppd::tools::ctl
