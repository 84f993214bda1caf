#include "host/codec/receipt/delivery_receipt.h"

#include <array>
#include <utility>

#include "host/codec/receipt/ascii_case.h"

namespace smppd::codec {
namespace {

struct ReceiptKey {
  std::string_view spelling;  // without the colon
  ReceiptField field;
};

// Spellings seen in real receipts besides the spec's. Checked in order; none is a prefix of
// another followed by ':', so at most one matches at a position.
constexpr std::array kReceiptKeys{
    ReceiptKey{"id", ReceiptField::id},
    ReceiptKey{"iid", ReceiptField::id},
    ReceiptKey{"sub", ReceiptField::sub},
    ReceiptKey{"dlvrd", ReceiptField::dlvrd},
    ReceiptKey{"submit date", ReceiptField::submit_date},
    ReceiptKey{"submit_date", ReceiptField::submit_date},
    ReceiptKey{"done date", ReceiptField::done_date},
    ReceiptKey{"done_date", ReceiptField::done_date},
    ReceiptKey{"stat", ReceiptField::stat},
    ReceiptKey{"err", ReceiptField::err},
    ReceiptKey{"text", ReceiptField::text},
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

struct KeyMatch {
  ReceiptField field;
  size_t length;  // including the colon
};

// The key starting at `pos`, if any. Costs at most the total length of the spellings.
std::optional<KeyMatch> match_key(std::string_view text, size_t pos) {
  const std::string_view rest = text.substr(pos);
  for (const auto& key : kReceiptKeys) {
    if (rest.size() <= key.spelling.size() || rest[key.spelling.size()] != ':') continue;
    if (equals_ignoring_ascii_case(rest.substr(0, key.spelling.size()), key.spelling)) {
      return KeyMatch{key.field, key.spelling.size() + 1};
    }
  }
  return std::nullopt;
}

size_t skip_spaces(std::string_view text, size_t pos) {
  while (pos < text.size() && is_space(text[pos])) ++pos;
  return pos;
}

size_t token_end(std::string_view text, size_t pos) {
  while (pos < text.size() && !is_space(text[pos])) ++pos;
  return pos;
}

// Start of the next key that follows whitespace, or the end of the text.
size_t next_key_start(std::string_view text, size_t pos) {
  for (; pos + 1 < text.size(); ++pos) {
    if (is_space(text[pos]) && !is_space(text[pos + 1]) && match_key(text, pos + 1)) return pos + 1;
  }
  return text.size();
}

constexpr uint8_t field_bit(ReceiptField field) { return static_cast<uint8_t>(1u << static_cast<unsigned>(field)); }

// The one scan both the parser and replace_receipt_id use, so they always agree on which octets
// are the id. Calls on_value(field, begin, end) for the first occurrence of each key. Every octet
// is looked at a bounded number of times: a key match is tried once per token start and once
// per whitespace boundary inside a reordered text.
template <typename OnValue>
void scan_receipt(std::string_view text, OnValue&& on_value) {
  uint8_t seen = 0;
  size_t pos = skip_spaces(text, 0);
  while (pos < text.size()) {
    const auto key = match_key(text, pos);
    if (!key) {
      pos = skip_spaces(text, token_end(text, pos));
      continue;
    }
    size_t begin = pos + key->length;
    size_t end = begin;
    size_t next = begin;
    if (key->field == ReceiptField::text) {
      if ((seen & field_bit(ReceiptField::id)) && (seen & field_bit(ReceiptField::stat))) {
        end = next = text.size();
      } else {
        end = next = next_key_start(text, begin);
        if (next < text.size()) {
          while (end > begin && is_space(text[end - 1])) --end;  // the separator is not text
        }
      }
    } else if (begin < text.size() && !is_space(text[begin])) {
      end = token_end(text, begin);
      next = end;
    } else {
      // "id: 123": take the next token unless it is the next key, which leaves this one empty.
      const size_t after = skip_spaces(text, begin);
      if (after < text.size() && !match_key(text, after)) {
        begin = after;
        end = token_end(text, after);
      }
      next = end == begin ? after : end;
    }
    if ((seen & field_bit(key->field)) == 0) {
      seen = static_cast<uint8_t>(seen | field_bit(key->field));
      on_value(key->field, begin, end);
    }
    pos = skip_spaces(text, next);
  }
}

std::optional<uint32_t> small_number(const std::string& digits) {
  if (digits.empty() || digits.size() > 9) return std::nullopt;
  uint32_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  return value;
}

void append_token(std::string& out, std::string_view value) {
  for (char c : value) {
    if (!is_space(c)) out.push_back(c);
  }
}

// One switch for both constnesses of DeliveryReceipt::value.
template <typename Receipt>
auto& field_value(Receipt& receipt, ReceiptField field) {
  switch (field) {
    case ReceiptField::id: return receipt.id;
    case ReceiptField::sub: return receipt.sub;
    case ReceiptField::dlvrd: return receipt.dlvrd;
    case ReceiptField::submit_date: return receipt.submit_date;
    case ReceiptField::done_date: return receipt.done_date;
    case ReceiptField::stat: return receipt.stat;
    case ReceiptField::err: return receipt.err;
    case ReceiptField::text: return receipt.text;
  }
  return receipt.text;  // a value cast in from outside the enum
}

}  // namespace

std::string& DeliveryReceipt::value(ReceiptField field) { return field_value(*this, field); }
const std::string& DeliveryReceipt::value(ReceiptField field) const { return field_value(*this, field); }

std::optional<uint32_t> DeliveryReceipt::submitted_count() const { return small_number(sub); }
std::optional<uint32_t> DeliveryReceipt::delivered_count() const { return small_number(dlvrd); }
std::optional<uint32_t> DeliveryReceipt::error_code() const { return small_number(err); }

ReceiptDateResult DeliveryReceipt::submit_time(std::chrono::minutes utc_offset, const TimeOptions& options) const {
  return parse_receipt_date(submit_date, utc_offset, options);
}

ReceiptDateResult DeliveryReceipt::done_time(std::chrono::minutes utc_offset, const TimeOptions& options) const {
  return parse_receipt_date(done_date, utc_offset, options);
}

std::optional<DeliveryReceipt> parse_delivery_receipt(std::string_view text) {
  DeliveryReceipt receipt;
  scan_receipt(text, [&](ReceiptField field, size_t begin, size_t end) {
    receipt.mark_present(field);
    receipt.value(field) = text.substr(begin, end - begin);
  });
  if (!receipt.has(ReceiptField::id) && !receipt.has(ReceiptField::stat)) return std::nullopt;
  receipt.state = parse_stat_word(receipt.stat);
  return receipt;
}

std::string format_delivery_receipt(const DeliveryReceipt& receipt, size_t max_text_octets) {
  const std::string_view text = std::string_view(receipt.text).substr(0, max_text_octets);
  std::string out;
  out.reserve(100 + receipt.id.size() + text.size());
  out += "id:";
  append_token(out, receipt.id);
  out += " sub:";
  append_token(out, receipt.sub);
  out += " dlvrd:";
  append_token(out, receipt.dlvrd);
  out += " submit date:";
  append_token(out, receipt.submit_date);
  out += " done date:";
  append_token(out, receipt.done_date);
  out += " stat:";
  if (receipt.stat.empty() && receipt.state) {
    out += stat_word(*receipt.state);
  } else {
    append_token(out, receipt.stat);
  }
  out += " err:";
  append_token(out, receipt.err);
  out += " text:";
  out += text;
  return out;
}

std::optional<std::string> replace_receipt_id(std::string_view text, std::string_view new_id) {
  if (new_id.empty() || match_key(new_id, 0)) return std::nullopt;
  for (char c : new_id) {
    if (is_space(c)) return std::nullopt;
  }
  std::optional<std::string> result;
  scan_receipt(text, [&](ReceiptField field, size_t begin, size_t end) {
    if (field != ReceiptField::id) return;
    std::string rewritten;
    rewritten.reserve(text.size() - (end - begin) + new_id.size());
    rewritten.append(text.substr(0, begin));
    rewritten.append(new_id);
    rewritten.append(text.substr(end));
    result = std::move(rewritten);
  });
  return result;
}

}  // namespace smppd::codec
