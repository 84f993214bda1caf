// Parses arbitrary octets as user data with UDHI set. Whatever parses must lie inside the input,
// rebuild to the very same header octets, and carry a concatenation that makes sense.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "host/codec/text/udh.h"

using namespace smppd::codec;

namespace {

void check(bool holds) {
  if (!holds) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view user_data(reinterpret_cast<const char*>(data), size);
  const UdhParseResult parsed = parse_udh(user_data);
  check(!udh_error_name(parsed.error).empty());
  if (user_data.empty()) check(parsed.error == UdhError::empty_user_data);
  if (!parsed.ok()) return 0;

  const Udh& udh = parsed.udh;
  check(udh.length == size_t{data[0]} + 1 && udh.length <= size);
  check(udh.payload.data() == user_data.data() + udh.length && udh.payload.size() == size - udh.length);
  const auto rebuilt = build_udh(udh.elements);
  check(rebuilt.has_value() && *rebuilt == user_data.substr(0, udh.length));
  if (udh.concat) check(udh.concat->sequence >= 1 && udh.concat->sequence <= udh.concat->total);
  if (udh.ports) check(udh.ports->sixteen_bit || (udh.ports->destination <= 0xFF && udh.ports->source <= 0xFF));
  return 0;
}
