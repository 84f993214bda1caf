// Receipt text comes straight from upstream SMSCs. Besides not crashing, the parser, the formatter
// and the id rewriter must agree with each other on every input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "host/codec/receipt/delivery_receipt.h"
#include "host/codec/receipt/message_id.h"

namespace {

using smppd::codec::DeliveryReceipt;
using smppd::codec::ReceiptField;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

bool same_fields_except_id(const DeliveryReceipt& a, const DeliveryReceipt& b) {
  return a.sub == b.sub && a.dlvrd == b.dlvrd && a.submit_date == b.submit_date && a.done_date == b.done_date &&
         a.stat == b.stat && a.state == b.state && a.err == b.err && a.text == b.text && a.present == b.present;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto receipt = smppd::codec::parse_delivery_receipt(text);
  const auto replaced = smppd::codec::replace_receipt_id(text, "smppd-0f1e");

  // replace_receipt_id finds an id exactly when the parser does.
  check(replaced.has_value() == (receipt.has_value() && receipt->has(ReceiptField::id)));
  if (!receipt) return 0;

  // Parsed values never hold whitespace, so the canonical form must give them back verbatim, with
  // only the text cut and every key now present; and formatting is a fixed point.
  const std::string formatted = smppd::codec::format_delivery_receipt(*receipt);
  const auto reparsed = smppd::codec::parse_delivery_receipt(formatted);
  check(reparsed.has_value());
  DeliveryReceipt expected = *receipt;
  expected.text = expected.text.substr(0, smppd::codec::kReceiptTextMaxOctets);
  expected.present = 0xFF;
  check(*reparsed == expected);
  check(smppd::codec::format_delivery_receipt(*reparsed) == formatted);

  // Rewriting the id changes the id and nothing else the parser sees.
  if (replaced) {
    const auto rewritten = smppd::codec::parse_delivery_receipt(*replaced);
    check(rewritten.has_value());
    check(rewritten->id == "smppd-0f1e");
    check(same_fields_except_id(*rewritten, *receipt));
    check(replaced->size() == size - receipt->id.size() + 10);
  }

  // The id helpers on whatever id came in: no crash, and an id always matches itself.
  check(smppd::codec::same_message_id(receipt->id, receipt->id));
  const auto decimal = smppd::codec::hex_id_to_decimal(receipt->id);
  if (decimal && decimal->size() <= smppd::codec::kMaxConvertibleIdDigits) {
    const auto hex = smppd::codec::decimal_id_to_hex(*decimal);
    check(hex.has_value() && *hex == smppd::codec::canonical_message_id(receipt->id));
  }
  return 0;
}
