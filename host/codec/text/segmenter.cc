#include "host/codec/text/segmenter.h"

#include <algorithm>
#include <utility>

#include "host/codec/text/gsm7.h"
#include "host/codec/text/ucs2.h"
#include "host/codec/text/udh.h"

namespace smppd::codec {
namespace {

constexpr size_t kMaxConcatSegments = 255;

size_t octets_per_unit(TextEncoding encoding) { return encoding == TextEncoding::ucs2 ? 2 : 1; }

// Where a segment starting at `begin` with room for `capacity` octets must end so that no GSM-7
// escape pair or UTF-16 surrogate pair is cut.
size_t segment_end(const EncodedText& text, size_t begin, size_t capacity) {
  const std::string_view bytes = text.bytes;
  size_t end = std::min(bytes.size(), begin + capacity);
  if (end == bytes.size()) return end;
  if (text.encoding == TextEncoding::gsm7) {
    // The encoder emits ESC only as the first half of a pair, so an ESC last means a cut pair.
    if (static_cast<uint8_t>(bytes[end - 1]) == kGsm7Escape) --end;
  } else if (text.encoding == TextEncoding::ucs2) {
    const char32_t unit =
        static_cast<char32_t>(static_cast<uint8_t>(bytes[end - 2])) << 8 | static_cast<uint8_t>(bytes[end - 1]);
    if (is_high_surrogate(unit)) end -= 2;
  }
  return end;
}

}  // namespace

size_t user_data_capacity(TextEncoding encoding, size_t udh_length) {
  if (udh_length >= kUserDataOctets) return 0;
  const size_t octets = kUserDataOctets - udh_length;
  switch (encoding) {
    case TextEncoding::gsm7: return octets * 8 / 7;  // fill bits after the UDH are what the floor drops
    case TextEncoding::ucs2: return octets / 2;
    case TextEncoding::ia5:
    case TextEncoding::latin1:
    case TextEncoding::binary: return octets;
  }
  return 0;
}

SegmentPlan split_text(std::string_view utf8, const SplitOptions& options) {
  SegmentPlan plan;
  EncodedText text = encode_text(utf8, options.encoding);
  plan.data_coding = text.data_coding;
  plan.encoding = text.encoding;
  plan.units = text.units;
  const size_t max_segments = std::min(options.max_segments, kMaxConcatSegments);

  if (options.use_message_payload) {
    plan.segments_needed = 1;
    if (text.bytes.size() > kMessagePayloadMaxOctets) {
      plan.error = SplitError::payload_too_long;
      return plan;
    }
    plan.segments.push_back(Segment{std::move(text.bytes), false});
    return plan;
  }

  const size_t unit_octets = octets_per_unit(text.encoding);
  if (text.bytes.size() <= user_data_capacity(text.encoding, 0) * unit_octets) {
    plan.segments_needed = 1;
    if (max_segments < 1) {
      plan.error = SplitError::too_many_segments;
      return plan;
    }
    plan.segments.push_back(Segment{std::move(text.bytes), false});
    return plan;
  }

  const size_t udh_length = options.sixteen_bit_reference ? 7 : 6;
  const size_t capacity = user_data_capacity(text.encoding, udh_length) * unit_octets;
  // Cuts are found before anything is built, and only max_segments of them are kept, so an
  // oversized text is refused after a scan instead of after building its segments.
  std::vector<size_t> ends;
  size_t count = 0;
  for (size_t begin = 0; begin < text.bytes.size(); ++count) {
    begin = segment_end(text, begin, capacity);
    if (count < max_segments) ends.push_back(begin);
  }
  if (count > max_segments) {
    plan.segments_needed = count;
    plan.error = SplitError::too_many_segments;
    return plan;
  }

  plan.segments_needed = ends.size();
  const auto total = static_cast<uint8_t>(ends.size());
  plan.segments.reserve(ends.size());
  size_t begin = 0;
  for (size_t i = 0; i < ends.size(); ++i) {
    Segment segment;
    segment.udhi = true;
    segment.user_data =
        build_concat_udh(options.reference, total, static_cast<uint8_t>(i + 1), options.sixteen_bit_reference);
    segment.user_data.append(text.bytes, begin, ends[i] - begin);
    plan.segments.push_back(std::move(segment));
    begin = ends[i];
  }
  return plan;
}

}  // namespace smppd::codec
