#include "host/codec/byte_reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace smppd::codec {
namespace {

TEST(ByteReader, ReadsBigEndianAndStopsAtTheEnd) {
  const std::vector<uint8_t> data = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
  ByteReader reader(data);
  uint32_t u32 = 0;
  uint16_t u16 = 0;
  uint8_t u8 = 0;
  ASSERT_TRUE(reader.read_u32(u32));
  EXPECT_EQ(u32, 0x01020304u);
  ASSERT_TRUE(reader.read_u16(u16));
  EXPECT_EQ(u16, 0x0506);
  EXPECT_FALSE(reader.read_u16(u16));  // one octet left: a failed read moves nothing
  EXPECT_EQ(reader.remaining(), 1u);
  ASSERT_TRUE(reader.read_u8(u8));
  EXPECT_EQ(u8, 0x07);
  EXPECT_FALSE(reader.read_u8(u8));
}

TEST(ByteReader, CStringWithinItsMaximum) {
  const std::vector<uint8_t> data = {'a', 'b', 'c', 0, 'x'};
  ByteReader reader(data);
  std::string_view text;
  EXPECT_EQ(reader.read_cstring(4, text), ByteReader::CStringRead::ok);
  EXPECT_EQ(text, "abc");
  EXPECT_EQ(reader.offset(), 4u);
}

TEST(ByteReader, CStringLongerThanItsMaximum) {
  const std::vector<uint8_t> data = {'a', 'b', 'c', 0};
  ByteReader reader(data);
  std::string_view text;
  EXPECT_EQ(reader.read_cstring(3, text), ByteReader::CStringRead::too_long);
  EXPECT_EQ(reader.offset(), 0u);
}

TEST(ByteReader, CStringWithoutNulBeforeTheEnd) {
  const std::vector<uint8_t> data = {'a', 'b'};
  ByteReader reader(data);
  std::string_view text;
  EXPECT_EQ(reader.read_cstring(16, text), ByteReader::CStringRead::unterminated);
  EXPECT_EQ(reader.offset(), 0u);
}

TEST(ByteReader, BytesBeyondTheEndAreRefused) {
  const std::vector<uint8_t> data = {1, 2, 3};
  ByteReader reader(data);
  std::string_view bytes;
  EXPECT_FALSE(reader.read_bytes(4, bytes));
  EXPECT_TRUE(reader.read_bytes(3, bytes));
  EXPECT_EQ(bytes.size(), 3u);
}

}  // namespace
}  // namespace smppd::codec
