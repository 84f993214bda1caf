// smppctl's table: column widths, alignment, short rows, UTF-8 cells and no trailing spaces.
#include <gtest/gtest.h>

#include "tools/smppctl/text_table.h"

namespace smppd::tools::ctl {
namespace {

using Align = TextTable::Align;

TEST(TextTableTest, ColumnsAreAsWideAsTheirWidestCellAndTwoSpacesApart) {
  TextTable table({{"NAME", Align::left}, {"COUNT", Align::right}, {"NOTE", Align::left}});
  table.add_row({"smsc-a", "7", "x"});
  table.add_row({"b", "12345678", "longer note"});
  EXPECT_EQ(table.render(),
            "NAME       COUNT  NOTE\n"
            "smsc-a         7  x\n"
            "b       12345678  longer note\n");
}

TEST(TextTableTest, ATableWithoutRowsPrintsItsHeader) {
  TextTable table({{"ID", Align::left}, {"PEER", Align::left}});
  EXPECT_EQ(table.row_count(), 0u);
  EXPECT_EQ(table.render(), "ID  PEER\n");
}

TEST(TextTableTest, ShortRowsArePaddedAndLongRowsCut) {
  TextTable table({{"A", Align::left}, {"B", Align::right}});
  table.add_row({"only"});
  table.add_row({"x", "1", "dropped"});
  EXPECT_EQ(table.render(),
            "A     B\n"
            "only\n"
            "x     1\n");
}

TEST(TextTableTest, RightAlignedLastColumnAndNoTrailingSpaces) {
  TextTable table({{"LONG NAME", Align::left}, {"N", Align::right}});
  table.add_row({"a", "100"});
  const std::string text = table.render();
  EXPECT_EQ(text,
            "LONG NAME    N\n"
            "a          100\n");
  EXPECT_EQ(text.find(" \n"), std::string::npos);
}

TEST(TextTableTest, Utf8CellsCountByCodePoints) {
  EXPECT_EQ(display_width("Шлюз"), 4u);
  EXPECT_EQ(display_width("€1"), 2u);
  TextTable table({{"SYSTEM_ID", Align::left}, {"N", Align::right}});
  table.add_row({"Шлюз", "1"});
  table.add_row({"gateway-1", "22"});
  EXPECT_EQ(table.render(),
            "SYSTEM_ID   N\n"
            "Шлюз        1\n"
            "gateway-1  22\n");
}

TEST(TextTableTest, RowsWithoutHeaderMakeAKeyValueList) {
  TextTable table({{"", Align::left}, {"", Align::left}});
  table.add_row({"state", "LIVE"});
  table.add_row({"config_file", "smppd.toml"});
  EXPECT_EQ(table.render_rows(),
            "state        LIVE\n"
            "config_file  smppd.toml\n");
}

}  // namespace
}  // namespace smppd::tools::ctl
