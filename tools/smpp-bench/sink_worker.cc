#include "tools/smpp-bench/sink_worker.h"

#include <charconv>

namespace smppd::tools::bench {

void SinkWorker::next_message_id(std::string& out) {
  const uint64_t number = issued_++ * count_ + index_ + 1;
  char digits[24];
  const int base = options.id_format == IdFormat::hex ? 16 : 10;
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number, base);
  out.assign(digits, static_cast<size_t>(end - digits));
}

}  // namespace smppd::tools::bench
