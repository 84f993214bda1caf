#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace smppd::testing {

// The TCP payload of one direction of one connection, concatenated in capture order.
struct TcpStream {
  std::string source;       // "10.226.202.118:1770"
  std::string destination;  // "127.0.0.1:2775"
  std::vector<uint8_t> bytes;
  std::vector<size_t> segment_ends;  // offset in `bytes` after each non-empty segment
};

// Reads a pcap or pcapng capture of Ethernet/IPv4/TCP frames and returns its streams in order of
// first appearance. Enough for our own captures: no retransmission or reordering handling, which
// would only hide a broken capture. Aborts the test run on anything it cannot read.
std::vector<TcpStream> read_tcp_streams(const std::string& path);

}  // namespace smppd::testing
