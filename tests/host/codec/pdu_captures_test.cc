// Real TCP captures (tests/data/smpp/README.md): PDUs split across segments and several in one
// segment must frame and decode exactly as Wireshark saw them.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "host/codec/frame.h"
#include "host/codec/pdu_decoder.h"
#include "host/codec/pdu_encoder.h"
#include "tests/support/capture_reader.h"
#include "tests/support/hex.h"
#include "tests/support/test_data.h"
#include "tests/support/tsv.h"

namespace smppd::codec {
namespace {

// Frames and decodes a whole stream; every octet must belong to a PDU.
std::vector<Pdu> decode_stream(const std::vector<uint8_t>& bytes) {
  std::vector<Pdu> pdus;
  std::span<const uint8_t> rest(bytes);
  while (!rest.empty()) {
    const Frame frame = next_frame(rest);
    EXPECT_EQ(frame.state, FrameState::complete);
    if (frame.state != FrameState::complete) break;
    Pdu pdu;
    const DecodeError error = decode_pdu(rest.first(frame.length), pdu);
    EXPECT_FALSE(error.failed()) << describe(error);
    pdus.push_back(std::move(pdu));
    rest = rest.subspan(frame.length);
  }
  return pdus;
}

std::vector<std::string> names(const std::vector<Pdu>& pdus) {
  std::vector<std::string> out;
  for (const Pdu& pdu : pdus) out.emplace_back(command_name(pdu.command_id));
  return out;
}

TEST(Captures, NdpiRealSession) {
  const auto streams = testing::read_tcp_streams(testing::test_data_path("smpp/ndpi-smpp_in_general.pcap"));
  ASSERT_EQ(streams.size(), 2u);
  const auto esme = decode_stream(streams[0].bytes);
  const auto smsc = decode_stream(streams[1].bytes);
  EXPECT_EQ(names(esme), (std::vector<std::string>{"bind_transmitter", "enquire_link", "submit_sm", "unbind"}));
  EXPECT_EQ(names(smsc), (std::vector<std::string>{"bind_transmitter_resp", "enquire_link_resp",
                                                   "submit_sm_resp", "unbind_resp"}));
  ASSERT_EQ(esme.size(), 4u);
  EXPECT_EQ(esme[0].system_id, "abhik");
  EXPECT_EQ(esme[0].interface_version, 0x01);  // a real ESME binding as v3.3
  EXPECT_EQ(esme[2].short_message, "test");
  EXPECT_EQ(esme[2].destination_addr, "1234567890");
  ASSERT_EQ(smsc.size(), 4u);
  EXPECT_EQ(smsc[2].message_id, "47c8c77a");
}

TEST(Captures, LoopbackSessionWithSplitAndCoalescedSegments) {
  const auto streams = testing::read_tcp_streams(testing::test_data_path("smpp/loopback-session.pcapng"));
  size_t pdus = 0;
  size_t split_pdus = 0;           // PDUs whose octets arrived in two segments (V26)
  size_t coalesced_segments = 0;  // segments that carried more than one PDU (enquire_link + unbind)
  for (const auto& stream : streams) {
    std::vector<size_t> pdu_ends;
    size_t end = 0;
    for (const Pdu& pdu : decode_stream(stream.bytes)) {
      (void)pdu;
      end += next_frame(std::span(stream.bytes).subspan(end)).length;
      pdu_ends.push_back(end);
    }
    pdus += pdu_ends.size();
    size_t start = 0;
    for (size_t pdu_end : pdu_ends) {
      for (size_t segment_end : stream.segment_ends) split_pdus += segment_end > start && segment_end < pdu_end;
      start = pdu_end;
    }
    size_t segment_start = 0;
    for (size_t segment_end : stream.segment_ends) {
      const auto inside = std::count_if(pdu_ends.begin(), pdu_ends.end(),
                                        [&](size_t e) { return e > segment_start && e <= segment_end; });
      coalesced_segments += inside > 1;
      segment_start = segment_end;
    }
  }
  EXPECT_EQ(pdus, 51u);  // the README's count: 49 vectors plus enquire_link and unbind in one segment
  EXPECT_EQ(split_pdus, 1u);
  EXPECT_EQ(coalesced_segments, 1u);
}

TEST(Captures, VectorsPcapMatchesTheTable) {
  const auto streams = testing::read_tcp_streams(testing::test_data_path("smpp/vectors.pcap"));
  std::vector<std::string> hex_in_capture;
  for (const auto& stream : streams) {
    std::span<const uint8_t> rest(stream.bytes);
    while (!rest.empty()) {
      const Frame frame = next_frame(rest);
      ASSERT_EQ(frame.state, FrameState::complete);
      hex_in_capture.push_back(testing::to_hex(rest.data(), frame.length));
      rest = rest.subspan(frame.length);
    }
  }
  size_t found = 0;
  for (const auto& row : testing::read_tsv("smpp/vectors.tsv")) {
    found += std::count(hex_in_capture.begin(), hex_in_capture.end(), row.at("hex")) > 0;
  }
  EXPECT_EQ(found, 50u);
}

}  // namespace
}  // namespace smppd::codec
