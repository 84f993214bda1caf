#include "tools/smpp/session_options.h"

namespace smppd::tools {

std::string_view bind_type_name(BindType type) {
  switch (type) {
    case BindType::transmitter: return "tx";
    case BindType::receiver: return "rx";
    case BindType::transceiver: return "trx";
  }
  return "?";
}

std::optional<BindType> parse_bind_type(std::string_view text) {
  if (text == "tx") return BindType::transmitter;
  if (text == "rx") return BindType::receiver;
  if (text == "trx") return BindType::transceiver;
  return std::nullopt;
}

}  // namespace smppd::tools
