// Feeds arbitrary bytes to the framer and the PDU decoder as a session would: frame after frame.
// Whatever decodes must re-encode to the very same bytes (byte-exact pass-through is what a proxy
// promises), and a failed decode must leave a header the session can answer from.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "host/codec/frame.h"
#include "host/codec/pdu_decoder.h"
#include "host/codec/pdu_encoder.h"

using namespace smppd::codec;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> rest(data, size);
  DecodeOptions options;
  // Exercise both ways of handling a peer's sequence numbers and the password limit.
  if (size > 0 && (data[size - 1] & 1) != 0) {
    options.accept_any_sequence_number = true;
    options.max_password_length = 65;
  }
  EncodeOptions encode_options;
  encode_options.max_password_length = options.max_password_length;

  while (!rest.empty()) {
    const Frame frame = next_frame(rest);
    if (frame.state != FrameState::complete) break;
    if (frame.length < kHeaderLength || frame.length > rest.size()) __builtin_trap();
    const auto pdu_bytes = rest.first(frame.length);

    Pdu pdu;
    const DecodeError error = decode_pdu(pdu_bytes, pdu, options);
    if (error.failed()) {
      PduHeader header;
      if (!decode_header(pdu_bytes, header)) __builtin_trap();
      if (error.command_status == 0) __builtin_trap();
      (void)describe(error);
    } else {
      std::vector<uint8_t> encoded;
      const EncodeError encode_error = encode_pdu(pdu, encoded, encode_options);
      if (encode_error.failed()) __builtin_trap();
      if (encoded.size() != pdu_bytes.size() ||
          !std::equal(encoded.begin(), encoded.end(), pdu_bytes.begin())) {
        __builtin_trap();
      }
    }
    rest = rest.subspan(frame.length);
  }
  return 0;
}
