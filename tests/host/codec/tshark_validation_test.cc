// tshark is the independent judge of our bytes: one PDU of every command, encoded by us, wrapped
// into a capture and decoded by Wireshark's SMPP dissector with the validation filter of
// tests/data/smpp/README.md. broadcast_sm is exempt: Wireshark 4.0.17 reads broadcast_rep_num as
// one octet where v5.0 says two (the README's "Known Wireshark limitations", item 1).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "host/codec/pdu_encoder.h"
#include "tests/support/run_command.h"
#include "tests/support/sample_pdus.h"

namespace smppd::codec {
namespace {

constexpr const char* kValidationFilter =
    "_ws.malformed || _ws.expert.severity >= warning || (tcp.len > 0 && !smpp && !tcp.reassembled_in) || "
    "(tcp.segment_data && !tcp.reassembled_in && !tcp.reassembled.length)";

// text2pcap's hex dump: a direction letter (O: ESME to SMSC), an offset, then the octets.
std::string hex_dump(const std::vector<uint8_t>& bytes, bool from_esme) {
  std::string out;
  char cell[32];
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i % 16 == 0) {
      std::snprintf(cell, sizeof cell, "%s%c %06zx", i == 0 ? "" : "\n", from_esme ? 'O' : 'I', i);
      out += cell;
    }
    std::snprintf(cell, sizeof cell, " %02x", bytes[i]);
    out += cell;
  }
  return out + "\n";
}

// Commands an SMSC (MC) sends; everything else goes from the ESME.
bool sent_by_esme(CommandId id) {
  switch (id) {
    case CommandId::outbind:
    case CommandId::deliver_sm:
    case CommandId::alert_notification:
      return false;
    case CommandId::deliver_sm_resp:
      return true;
    default:
      return !is_response(id);
  }
}

TEST(TsharkValidation, EveryCommandWeEncodeDecodesCleanly) {
  ASSERT_EQ(testing::run_command("command -v tshark text2pcap >/dev/null 2>&1 && echo yes").output, "yes\n")
      << "tshark and text2pcap are test dependencies (tools/setup/install-deps.sh installs them)";

  const std::string dir = testing::make_temp_dir("smppd-tshark");
  const auto pdus = testing::one_pdu_of_every_command();
  std::string dump;
  std::vector<uint32_t> command_ids;
  size_t broadcast_frame = 0;
  for (const Pdu& pdu : pdus) {
    std::vector<uint8_t> bytes;
    ASSERT_FALSE(encode_pdu(pdu, bytes).failed()) << command_name(pdu.command_id);
    dump += hex_dump(bytes, sent_by_esme(pdu.command_id));
    command_ids.push_back(static_cast<uint32_t>(pdu.command_id));
    if (pdu.command_id == CommandId::broadcast_sm) broadcast_frame = command_ids.size();
  }
  ASSERT_NE(broadcast_frame, 0u);
  std::ofstream(dir + "/pdus.txt") << dump;

  const auto wrap = testing::run_command("text2pcap -q -D -T 2775,40000 -4 127.0.0.2,127.0.0.1 '" + dir +
                                         "/pdus.txt' '" + dir + "/pdus.pcap' 2>&1");
  ASSERT_EQ(wrap.exit_code, 0) << wrap.output;

  const auto flagged = testing::run_command("tshark -2 -r '" + dir + "/pdus.pcap' -d tcp.port==2775,smpp -Y '" +
                                            kValidationFilter + "' -T fields -e frame.number -e _ws.col.Info 2>/dev/null");
  ASSERT_EQ(flagged.exit_code, 0);
  std::ostringstream broadcast_line;
  broadcast_line << broadcast_frame << "\tBroadcast_sm[Malformed Packet]\n";
  EXPECT_EQ(flagged.output, broadcast_line.str()) << "only the exempt broadcast_sm may be flagged";

  // Wireshark must also have seen every PDU as the command we meant, in order.
  const auto decoded = testing::run_command("tshark -2 -r '" + dir +
                                            "/pdus.pcap' -d tcp.port==2775,smpp -T fields -e smpp.command_id 2>/dev/null");
  ASSERT_EQ(decoded.exit_code, 0);
  std::istringstream lines(decoded.output);
  std::string line;
  std::vector<uint32_t> seen;
  while (std::getline(lines, line)) seen.push_back(static_cast<uint32_t>(std::stoul(line, nullptr, 16)));
  EXPECT_EQ(seen, command_ids);

  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace smppd::codec
