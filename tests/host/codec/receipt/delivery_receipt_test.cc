#include "host/codec/receipt/delivery_receipt.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <limits>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "host/codec/receipt/message_id.h"
#include "tests/support/hex.h"
#include "tests/support/test_data.h"

namespace smppd::codec {

// Readable failures instead of gtest's byte dump.
void PrintTo(const DeliveryReceipt& r, std::ostream* os);
void PrintTo(const DeliveryReceipt& r, std::ostream* os) {
  *os << "{id:'" << r.id << "' sub:'" << r.sub << "' dlvrd:'" << r.dlvrd << "' submit:'" << r.submit_date
      << "' done:'" << r.done_date << "' stat:'" << r.stat << "' state:"
      << (r.state ? static_cast<int>(*r.state) : -1) << " err:'" << r.err << "' text:"
      << ::testing::PrintToString(r.text) << " present:0x" << std::hex << static_cast<int>(r.present) << std::dec
      << "}";
}

namespace {

using Field = ReceiptField;

// A receipt with exactly the given fields present; state follows stat as the parser sets it.
DeliveryReceipt receipt(std::initializer_list<std::pair<Field, std::string>> fields) {
  DeliveryReceipt r;
  for (const auto& [field, value] : fields) {
    r.mark_present(field);
    r.value(field) = value;
  }
  r.state = parse_stat_word(r.stat);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Receipts from the test data, extracted from the PDU hex.

struct DeliverSmReceipt {
  std::string text;                  // short_message, or message_payload when that is empty
  std::string receipted_message_id;  // TLV 0x001E without its NUL, "" when absent
};

std::string pdu_of_vector(const std::string& file, const std::string& vector) {
  std::istringstream lines(testing::read_test_data(file));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.compare(0, vector.size() + 1, vector + "\t") != 0) continue;
    return testing::bytes_from_hex(line.substr(line.rfind('\t') + 1));
  }
  ADD_FAILURE() << vector << " not found in " << file;
  return {};
}

// Just enough of the deliver_sm layout (v3.4 4.6.1) to reach short_message and the TLVs, with
// every read bounded: E32 is a deliberately broken PDU.
DeliverSmReceipt receipt_of_deliver_sm(const std::string& pdu) {
  DeliverSmReceipt out;
  size_t pos = 16;
  auto skip_cstring = [&] {
    const size_t nul = pdu.find('\0', pos);
    pos = nul == std::string::npos ? pdu.size() : nul + 1;
  };
  skip_cstring();  // service_type
  pos += 2;        // source_addr_ton, source_addr_npi
  skip_cstring();  // source_addr
  pos += 2;        // dest_addr_ton, dest_addr_npi
  skip_cstring();  // destination_addr
  pos += 3;        // esm_class, protocol_id, priority_flag
  skip_cstring();  // schedule_delivery_time
  skip_cstring();  // validity_period
  pos += 4;        // registered_delivery, replace_if_present_flag, data_coding, sm_default_msg_id
  if (pos >= pdu.size()) return out;
  const size_t sm_length = static_cast<uint8_t>(pdu[pos++]);
  out.text = pdu.substr(pos, sm_length);
  pos += sm_length;
  while (pos + 4 <= pdu.size()) {
    const unsigned tag = static_cast<uint8_t>(pdu[pos]) << 8 | static_cast<uint8_t>(pdu[pos + 1]);
    const size_t length = static_cast<uint8_t>(pdu[pos + 2]) << 8 | static_cast<uint8_t>(pdu[pos + 3]);
    const std::string value = pdu.substr(pos + 4, length);
    if (tag == 0x0424 && out.text.empty()) out.text = value;
    if (tag == 0x001E) out.receipted_message_id = value.substr(0, value.find('\0'));
    pos += 4 + length;
  }
  return out;
}

struct VectorCase {
  std::string vector;
  std::string file;
  std::optional<DeliveryReceipt> expected;
  std::string receipted_message_id;  // the TLV, to be matched against the text's id
};

const std::string kVectors = "smpp/vectors.tsv";
const std::string kExternal = "smpp/external-vectors.tsv";

const DeliveryReceipt kV32 = receipt({{Field::id, "0123456789"},
                                      {Field::sub, "001"},
                                      {Field::dlvrd, "001"},
                                      {Field::submit_date, "2501011200"},
                                      {Field::done_date, "2501011201"},
                                      {Field::stat, "DELIVRD"},
                                      {Field::err, "000"},
                                      {Field::text, "Hello world"}});

std::vector<VectorCase> vector_cases() {
  return {
      {"V32", kVectors, kV32, "0123456789"},
      {"V36", kVectors,
       receipt({{Field::id, "0123456789"}, {Field::sub, "001"}, {Field::dlvrd, "000"},
                {Field::submit_date, "2501011200"}, {Field::done_date, "2501020000"}, {Field::stat, "UNDELIV"},
                {Field::err, "001"}, {Field::text, ""}}),
       "0123456789"},
      // decimal id in the text, the same number in hex in the TLV
      {"E31", kExternal,
       receipt({{Field::id, "0059113978"}, {Field::sub, "001"}, {Field::dlvrd, "001"},
                {Field::submit_date, "1002101730"}, {Field::done_date, "1002101731"}, {Field::stat, "DELIVRD"},
                {Field::err, "000"}, {Field::text, "@$#!%&/:"}}),
       "38601fa"},
      // Netfors: the text stops at "te", so there is no text field; the TLV claims 65 octets, the
      // 5 present hold "3005": the same id without the leading zeros
      {"E32", kExternal,
       receipt({{Field::id, "0000003005"}, {Field::sub, "001"}, {Field::dlvrd, "001"},
                {Field::submit_date, "1001181431"}, {Field::done_date, "1001181431"}, {Field::stat, "DELIVRD"},
                {Field::err, "000"}}),
       "3005"},
      // an ordinary MO carried in message_payload: not a receipt
      {"E37", kExternal, std::nullopt, ""},
      // ACCEPTD with err:107, and a text that starts with a space
      {"E41", kExternal,
       receipt({{Field::id, "94251430923"}, {Field::sub, "001"}, {Field::dlvrd, "001"},
                {Field::submit_date, "0911040124"}, {Field::done_date, "0911040124"}, {Field::stat, "ACCEPTD"},
                {Field::err, "107"}, {Field::text, " 26F102"}}),
       ""},
      // 32-digit hex id, capitalised "Text:", text padded with spaces
      {"E42", kExternal,
       receipt({{Field::id, "126e85a6edeac1a02020099312479564"}, {Field::sub, "001"}, {Field::dlvrd, "001"},
                {Field::submit_date, "1002191630"}, {Field::done_date, "1002191630"}, {Field::stat, "DELIVRD"},
                {Field::err, "000"}, {Field::text, "Hello               "}}),
       "126e85a6edeac1a02020099312479564"},
      // receipt in message_payload, UCS2 "Привет" after text:, hex TLV id
      {"E60", kExternal,
       receipt({{Field::id, "0489708364"}, {Field::sub, "001"}, {Field::dlvrd, "001"},
                {Field::submit_date, "1810151907"}, {Field::done_date, "1810151907"}, {Field::stat, "DELIVRD"},
                {Field::err, "000"}, {Field::text, std::string("\x04\x1f\x04\x40\x04\x38\x04\x32\x04\x35\x04\x42", 12)}}),
       "1d305b4c"},
      // 12-digit dates. The "iid:" the vector's note mentions is the sm_length octet 0x69 ('i')
      // in a hex dump; the short_message itself starts "id:".
      {"E61", kExternal,
       receipt({{Field::id, "795920026"}, {Field::sub, "001"}, {Field::dlvrd, "001"},
                {Field::submit_date, "200319131913"}, {Field::done_date, "200319131913"}, {Field::stat, "DELIVRD"},
                {Field::err, "000"}, {Field::text, ""}}),
       ""},
  };
}

void PrintTo(const VectorCase& c, std::ostream* os) { *os << c.vector; }

class ReceiptVectors : public ::testing::TestWithParam<VectorCase> {
 protected:
  DeliverSmReceipt extracted() const { return receipt_of_deliver_sm(pdu_of_vector(GetParam().file, GetParam().vector)); }
};

TEST_P(ReceiptVectors, ParsesToTheExpectedFields) {
  const auto parsed = parse_delivery_receipt(extracted().text);
  EXPECT_EQ(parsed, GetParam().expected) << ::testing::PrintToString(extracted().text);
}

TEST_P(ReceiptVectors, FormatParsesBack) {
  const auto parsed = parse_delivery_receipt(extracted().text);
  if (!parsed) return;  // E37, checked above
  DeliveryReceipt expected = *parsed;
  expected.present = 0xFF;  // format writes every key
  EXPECT_EQ(parse_delivery_receipt(format_delivery_receipt(*parsed)), expected);
}

TEST_P(ReceiptVectors, TextIdMatchesReceiptedMessageId) {
  const auto text = extracted();
  EXPECT_EQ(text.receipted_message_id, GetParam().receipted_message_id);
  if (GetParam().receipted_message_id.empty()) return;
  const auto parsed = parse_delivery_receipt(text.text);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(same_message_id(parsed->id, text.receipted_message_id));
}

TEST_P(ReceiptVectors, ReplacingTheIdKeepsEveryOtherOctet) {
  const std::string text = extracted().text;
  const auto replaced = replace_receipt_id(text, "smppd-7f3a");
  if (!GetParam().expected) {
    EXPECT_FALSE(replaced.has_value());
    return;
  }
  const std::string& old_id = GetParam().expected->id;
  std::string expected_text = text;
  expected_text.replace(text.find("id:" + old_id) + 3, old_id.size(), "smppd-7f3a");
  EXPECT_EQ(replaced, expected_text);

  DeliveryReceipt expected = *GetParam().expected;
  expected.id = "smppd-7f3a";
  EXPECT_EQ(parse_delivery_receipt(*replaced), expected);
}

INSTANTIATE_TEST_SUITE_P(TestData, ReceiptVectors, ::testing::ValuesIn(vector_cases()),
                         [](const auto& p) { return p.param.vector; });

TEST(DeliveryReceipt, DatesOfTheVectorsAreInstants) {
  using namespace std::chrono;
  const auto e61 = parse_delivery_receipt(
      "id:795920026 sub:001 dlvrd:001 submit date:200319131913 done date:200319131913 stat:DELIVRD err:000 text:");
  ASSERT_TRUE(e61.has_value());
  ASSERT_TRUE(e61->submit_time().ok());
  EXPECT_EQ(e61->submit_time().time, sys_days{2020y / March / 19} + 13h + 19min + 13s);
  EXPECT_EQ(kV32.done_time().time, sys_days{2025y / January / 1} + 12h + 1min);
  EXPECT_EQ(kV32.done_time(minutes{120}).time, sys_days{2025y / January / 1} + 10h + 1min);
  EXPECT_EQ(kV32.submitted_count(), 1u);
  EXPECT_EQ(kV32.delivered_count(), 1u);
  EXPECT_EQ(kV32.error_code(), 0u);
  EXPECT_FALSE(receipt({{Field::id, "1"}}).submit_time().ok());
}

TEST(DeliveryReceipt, NumericHelpersRefuseNonNumbers) {
  const auto r = receipt({{Field::sub, "abc"}, {Field::dlvrd, ""}, {Field::err, "0x1F"}});
  EXPECT_FALSE(r.submitted_count().has_value());
  EXPECT_FALSE(r.delivered_count().has_value());
  EXPECT_FALSE(r.error_code().has_value());
  EXPECT_EQ(receipt({{Field::err, "107"}}).error_code(), 107u);
  EXPECT_FALSE(receipt({{Field::err, "1234567890"}}).error_code().has_value());
}

// ---------------------------------------------------------------------------------------------
// Tolerance, one behaviour per row.

struct ParseCase {
  std::string name;
  std::string text;
  std::optional<DeliveryReceipt> expected;
};

std::vector<ParseCase> parse_cases() {
  return {
      {"Canonical",
       "id:0123456789 sub:001 dlvrd:001 submit date:2501011200 done date:2501011201 stat:DELIVRD err:000 "
       "text:Hello world",
       kV32},
      {"KeysInAnyCase",
       "ID:0123456789 SUB:001 Dlvrd:001 SUBMIT DATE:2501011200 Done Date:2501011201 STAT:DELIVRD ERR:000 "
       "TEXT:Hello world",
       kV32},
      {"FieldsInAnyOrder",
       "stat:DELIVRD err:000 done date:2501011201 submit date:2501011200 dlvrd:001 sub:001 id:0123456789 "
       "text:Hello world",
       kV32},
      {"MissingFields", "id:abc stat:EXPIRED", receipt({{Field::id, "abc"}, {Field::stat, "EXPIRED"}})},
      {"OnlyStat", "stat:REJECTD err:012", receipt({{Field::stat, "REJECTD"}, {Field::err, "012"}})},
      {"OnlyId", "id:42", receipt({{Field::id, "42"}})},
      {"IidIsId", "iid:795920026 sub:001 stat:DELIVRD",
       receipt({{Field::id, "795920026"}, {Field::sub, "001"}, {Field::stat, "DELIVRD"}})},
      {"UnderscoreDateKeys", "id:1 submit_date:2501011200 done_date:250101120130 stat:DELIVRD",
       receipt({{Field::id, "1"}, {Field::submit_date, "2501011200"}, {Field::done_date, "250101120130"},
                {Field::stat, "DELIVRD"}})},
      {"TruncatedMidKey", "id:1 stat:DELIVRD err:000 te",
       receipt({{Field::id, "1"}, {Field::stat, "DELIVRD"}, {Field::err, "000"}})},
      {"TruncatedMidValue", "id:1 stat:DELIV", receipt({{Field::id, "1"}, {Field::stat, "DELIV"}})},
      {"TruncatedAfterColon", "id:1 stat:", receipt({{Field::id, "1"}, {Field::stat, ""}})},
      {"LongAlphanumericId", "id:" + std::string(200, 'Z') + " stat:DELIVRD",
       receipt({{Field::id, std::string(200, 'Z')}, {Field::stat, "DELIVRD"}})},
      {"LongStatWord", "id:1 stat:DELIVERED", receipt({{Field::id, "1"}, {Field::stat, "DELIVERED"}})},
      {"UnknownStatWordKeptRaw", "id:1 stat:FAILED", receipt({{Field::id, "1"}, {Field::stat, "FAILED"}})},
      {"UnknownKeysSkipped", "id:1 mcc:234 mnc:15 stat:DELIVRD cost:0.01",
       receipt({{Field::id, "1"}, {Field::stat, "DELIVRD"}})},
      {"SpaceAfterColon", "id: 12345 stat:  DELIVRD", receipt({{Field::id, "12345"}, {Field::stat, "DELIVRD"}})},
      {"EmptyValueBeforeNextKey", "id: stat:DELIVRD", receipt({{Field::id, ""}, {Field::stat, "DELIVRD"}})},
      {"TabsAndNewlines", "id:1\tsub:001\r\nstat:DELIVRD\n",
       receipt({{Field::id, "1"}, {Field::sub, "001"}, {Field::stat, "DELIVRD"}})},
      {"LeadingSpaces", "   id:1 stat:DELIVRD", receipt({{Field::id, "1"}, {Field::stat, "DELIVRD"}})},
      {"FirstOccurrenceWins", "id:1 id:2 stat:DELIVRD stat:REJECTD",
       receipt({{Field::id, "1"}, {Field::stat, "DELIVRD"}})},
      {"KeyInsideAWordIsNotAKey", "paid:5 status:ok stat:DELIVRD", receipt({{Field::stat, "DELIVRD"}})},
      {"TextKeepsKeysAfterIdAndStat", "id:1 stat:DELIVRD text:stat:REJECTD id:2",
       receipt({{Field::id, "1"}, {Field::stat, "DELIVRD"}, {Field::text, "stat:REJECTD id:2"}})},
      {"TextKeepsTrailingSpaces", "id:1 stat:DELIVRD Text:hi   ",
       receipt({{Field::id, "1"}, {Field::stat, "DELIVRD"}, {Field::text, "hi   "}})},
      {"TextBeforeIdEndsAtNextKey", "text:hi there id:7 stat:EXPIRED",
       receipt({{Field::text, "hi there"}, {Field::id, "7"}, {Field::stat, "EXPIRED"}})},
      {"TextInTheMiddle", "id:7 text:hi  there  stat:EXPIRED err:001",
       receipt({{Field::id, "7"}, {Field::text, "hi  there"}, {Field::stat, "EXPIRED"}, {Field::err, "001"}})},
      {"TextStartingWithAKey", "id:1 stat:DELIVRD text:id:9",
       receipt({{Field::id, "1"}, {Field::stat, "DELIVRD"}, {Field::text, "id:9"}})},
      {"NonAsciiAndNulInText", std::string("id:1 stat:DELIVRD text:\x00\xff\x04\x20 x", 29),
       receipt({{Field::id, "1"}, {Field::stat, "DELIVRD"}, {Field::text, std::string("\x00\xff\x04\x20 x", 6)}})},
      {"NonAsciiBytesInId", "id:\xc3\xa9\x01 stat:DELIVRD", receipt({{Field::id, "\xc3\xa9\x01"}, {Field::stat, "DELIVRD"}})},
      {"NotAReceipt", "Hello, see you at 5", std::nullopt},
      {"Empty", "", std::nullopt},
      {"OnlySpaces", "   \t ", std::nullopt},
      {"OnlyOtherKeys", "sub:001 dlvrd:001 err:000 text:hi", std::nullopt},
      {"ColonWithoutKey", ":::: id", std::nullopt},
      {"KeyWithoutColon", "id stat", std::nullopt},
  };
}

void PrintTo(const ParseCase& c, std::ostream* os) { *os << c.name; }

class ReceiptParse : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ReceiptParse, Fields) { EXPECT_EQ(parse_delivery_receipt(GetParam().text), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(Tolerance, ReceiptParse, ::testing::ValuesIn(parse_cases()),
                         [](const auto& p) { return p.param.name; });

TEST(DeliveryReceipt, StatSetsState) {
  EXPECT_EQ(parse_delivery_receipt("id:1 stat:UNDELIV")->state, MessageState::undeliverable);
  EXPECT_EQ(parse_delivery_receipt("id:1 stat:delivered")->state, MessageState::delivered);
  EXPECT_EQ(parse_delivery_receipt("id:1 stat:FAILED")->state, std::nullopt);
  EXPECT_EQ(parse_delivery_receipt("id:1")->state, std::nullopt);
}

TEST(DeliveryReceipt, ValueByField) {
  DeliveryReceipt r = kV32;
  EXPECT_EQ(r.value(Field::id), "0123456789");
  EXPECT_EQ(r.value(Field::submit_date), "2501011200");
  EXPECT_EQ(std::as_const(r).value(Field::text), "Hello world");
  r.value(Field::err) = "042";
  EXPECT_EQ(r.err, "042");
}

TEST(DeliveryReceipt, PresenceTellsMissingFromEmpty) {
  const auto r = parse_delivery_receipt("id:1 sub: stat:DELIVRD");
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->has(Field::sub));
  EXPECT_TRUE(r->sub.empty());
  EXPECT_FALSE(r->has(Field::dlvrd));
  EXPECT_FALSE(r->has(Field::text));
}

TEST(DeliveryReceipt, HugeInputIsReadInOnePass) {
  // 1 MB of key-like tokens and a reordered text: every branch of the scanner on a large input.
  std::string text = "text:";
  for (int i = 0; i < 100000; ++i) text += " iid:x te";
  text += " stat:DELIVRD";
  const auto r = parse_delivery_receipt(text);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->text, "");  // the first "iid:" ends the reordered text
  EXPECT_EQ(r->id, "x");
  EXPECT_EQ(r->stat, "DELIVRD");
}

// ---------------------------------------------------------------------------------------------
// Formatting.

TEST(DeliveryReceipt, FormatIsCanonical) {
  EXPECT_EQ(format_delivery_receipt(kV32),
            "id:0123456789 sub:001 dlvrd:001 submit date:2501011200 done date:2501011201 stat:DELIVRD err:000 "
            "text:Hello world");
}

TEST(DeliveryReceipt, FormatCutsTextTo20Octets) {
  DeliveryReceipt r = kV32;
  r.text = "abcdefghijklmnopqrstuvwxyz";
  EXPECT_EQ(parse_delivery_receipt(format_delivery_receipt(r))->text, "abcdefghijklmnopqrst");
  EXPECT_EQ(parse_delivery_receipt(format_delivery_receipt(r, 40))->text, r.text);
  EXPECT_EQ(parse_delivery_receipt(format_delivery_receipt(r, 0))->text, "");
  EXPECT_EQ(parse_delivery_receipt(format_delivery_receipt(r, std::numeric_limits<size_t>::max()))->text, r.text);
}

TEST(DeliveryReceipt, FormatWritesStatFromStateWhenStatIsEmpty) {
  DeliveryReceipt r;
  r.id = "9";
  r.state = MessageState::rejected;
  EXPECT_EQ(format_delivery_receipt(r), "id:9 sub: dlvrd: submit date: done date: stat:REJECTD err: text:");
  r.stat = "Rejected";
  EXPECT_EQ(parse_delivery_receipt(format_delivery_receipt(r))->stat, "Rejected");  // stat wins
}

TEST(DeliveryReceipt, FormatDropsWhitespaceThatWouldSplitAField) {
  DeliveryReceipt r;
  r.id = "12 34";
  r.stat = "DELIV RD";
  r.err = "\t0";
  const auto parsed = parse_delivery_receipt(format_delivery_receipt(r));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->id, "1234");
  EXPECT_EQ(parsed->stat, "DELIVRD");
  EXPECT_EQ(parsed->state, MessageState::delivered);
  EXPECT_EQ(parsed->err, "0");
}

TEST(DeliveryReceipt, FormatRoundTripsEveryToleranceCase) {
  for (const auto& c : parse_cases()) {
    const auto parsed = parse_delivery_receipt(c.text);
    if (!parsed) continue;
    DeliveryReceipt expected = *parsed;
    expected.text = expected.text.substr(0, kReceiptTextMaxOctets);
    expected.present = 0xFF;
    EXPECT_EQ(parse_delivery_receipt(format_delivery_receipt(*parsed)), expected) << c.name;
  }
}

// ---------------------------------------------------------------------------------------------
// Rewriting the id.

struct ReplaceCase {
  std::string name;
  std::string text;
  std::string new_id;
  std::optional<std::string> expected;
};

std::vector<ReplaceCase> replace_cases() {
  return {
      {"Canonical", "id:0123456789 sub:001 stat:DELIVRD text:x", "A1", "id:A1 sub:001 stat:DELIVRD text:x"},
      {"IidKeepsItsSpelling", "iid:795920026 stat:DELIVRD", "A1", "iid:A1 stat:DELIVRD"},
      {"UpperCaseKey", "ID:5 STAT:DELIVRD", "A1", "ID:A1 STAT:DELIVRD"},
      {"IdNotFirst", "stat:DELIVRD  err:000 id:5\ttext:id:5", "A1", "stat:DELIVRD  err:000 id:A1\ttext:id:5"},
      {"SpacedValue", "id:  5 stat:DELIVRD", "A1", "id:  A1 stat:DELIVRD"},
      {"EmptyValue", "id: stat:DELIVRD", "A1", "id:A1 stat:DELIVRD"},
      {"IdAtTheEnd", "stat:DELIVRD id:", "A1", "stat:DELIVRD id:A1"},
      {"LongerAndShorterIds", "id:1 stat:X", std::string(64, 'f'), "id:" + std::string(64, 'f') + " stat:X"},
      {"OnlyTheFirstId", "id:1 id:1 stat:X", "A1", "id:A1 id:1 stat:X"},
      {"IdInsideTextUntouched", "stat:DELIVRD text:id:5", "A1", std::nullopt},
      {"NoId", "stat:DELIVRD err:000", "A1", std::nullopt},
      {"NotAReceipt", "hello", "A1", std::nullopt},
      {"NewIdEmpty", "id:1 stat:X", "", std::nullopt},
      {"NewIdWithSpace", "id:1 stat:X", "A 1", std::nullopt},
      {"NewIdLooksLikeAKey", "id: 1 stat:X", "stat:Y", std::nullopt},
  };
}

void PrintTo(const ReplaceCase& c, std::ostream* os) { *os << c.name; }

class ReceiptReplaceId : public ::testing::TestWithParam<ReplaceCase> {};

TEST_P(ReceiptReplaceId, Rewrites) {
  const auto replaced = replace_receipt_id(GetParam().text, GetParam().new_id);
  EXPECT_EQ(replaced, GetParam().expected);
  if (replaced) {
    EXPECT_EQ(parse_delivery_receipt(*replaced)->id, GetParam().new_id);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, ReceiptReplaceId, ::testing::ValuesIn(replace_cases()),
                         [](const auto& p) { return p.param.name; });

}  // namespace
}  // namespace smppd::codec
