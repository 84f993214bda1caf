#include "tests/support/capture_reader.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace smppd::testing {
namespace {

[[noreturn]] void die(const std::string& path, const char* why) {
  std::fprintf(stderr, "capture %s: %s\n", path.c_str(), why);
  std::abort();
}

uint32_t load32(const uint8_t* p, bool big_endian) {
  return big_endian ? static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
                          static_cast<uint32_t>(p[2]) << 8 | p[3]
                    : static_cast<uint32_t>(p[3]) << 24 | static_cast<uint32_t>(p[2]) << 16 |
                          static_cast<uint32_t>(p[1]) << 8 | p[0];
}

uint16_t load16be(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }

std::string endpoint(const uint8_t* ip, uint16_t port) {
  char text[32];
  std::snprintf(text, sizeof text, "%u.%u.%u.%u:%u", ip[0], ip[1], ip[2], ip[3], port);
  return text;
}

class StreamCollector {
 public:
  explicit StreamCollector(const std::string& path) : path_(path) {}

  // One Ethernet frame.
  void frame(const uint8_t* data, size_t size) {
    constexpr size_t kEthernet = 14;
    if (size < kEthernet + 20 || load16be(data + 12) != 0x0800) return;  // IPv4 only
    const uint8_t* ip = data + kEthernet;
    const size_t ip_header = (ip[0] & 0x0F) * 4u;
    const size_t ip_total = load16be(ip + 2);
    if (ip[9] != 6 || ip_total > size - kEthernet || ip_header + 20 > ip_total) return;  // TCP only
    const uint8_t* tcp = ip + ip_header;
    const size_t tcp_header = (tcp[12] >> 4) * 4u;
    if (ip_header + tcp_header > ip_total) die(path_, "TCP header beyond the IP packet");
    const size_t payload = ip_total - ip_header - tcp_header;
    if (payload == 0) return;
    const std::string key = endpoint(ip + 12, load16be(tcp)) + ">" + endpoint(ip + 16, load16be(tcp + 2));
    auto [it, inserted] = index_.try_emplace(key, streams_.size());
    if (inserted) {
      streams_.push_back(TcpStream{endpoint(ip + 12, load16be(tcp)), endpoint(ip + 16, load16be(tcp + 2)), {}, {}});
    }
    TcpStream& stream = streams_[it->second];
    stream.bytes.insert(stream.bytes.end(), tcp + tcp_header, tcp + tcp_header + payload);
    stream.segment_ends.push_back(stream.bytes.size());
  }

  std::vector<TcpStream> take() { return std::move(streams_); }

 private:
  const std::string& path_;
  std::map<std::string, size_t> index_;
  std::vector<TcpStream> streams_;
};

void read_pcap(const std::string& path, const std::string& file, StreamCollector& collector) {
  const auto* data = reinterpret_cast<const uint8_t*>(file.data());
  const uint32_t magic = load32(data, false);
  const bool big_endian = magic == 0xD4C3B2A1 || magic == 0x4D3CB2A1;
  if (load32(data + 20, big_endian) != 1) die(path, "link type is not Ethernet");
  size_t at = 24;
  while (at + 16 <= file.size()) {
    const uint32_t captured = load32(data + at + 8, big_endian);
    if (captured > file.size() - at - 16) die(path, "truncated packet record");
    collector.frame(data + at + 16, captured);
    at += 16 + captured;
  }
}

void read_pcapng(const std::string& path, const std::string& file, StreamCollector& collector) {
  const auto* data = reinterpret_cast<const uint8_t*>(file.data());
  // The byte-order magic in the section header decides the endianness of the whole section.
  const bool big_endian = load32(data + 8, true) == 0x1A2B3C4D;
  size_t at = 0;
  while (at + 12 <= file.size()) {
    const uint32_t type = load32(data + at, big_endian);
    const uint32_t length = load32(data + at + 4, big_endian);
    if (length < 12 || length > file.size() - at) die(path, "bad block length");
    if (type == 1 && load16be(data + at + 8) != (big_endian ? 1 : 0x0100)) die(path, "link type is not Ethernet");
    if (type == 6) {  // enhanced packet block
      const uint32_t captured = load32(data + at + 20, big_endian);
      if (28 + captured > length) die(path, "truncated enhanced packet block");
      collector.frame(data + at + 28, captured);
    }
    at += length;
  }
}

}  // namespace

std::vector<TcpStream> read_tcp_streams(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die(path, "cannot open");
  std::ostringstream content;
  content << in.rdbuf();
  const std::string file = content.str();
  if (file.size() < 24) die(path, "too short for a capture");
  StreamCollector collector(path);
  const uint32_t magic = load32(reinterpret_cast<const uint8_t*>(file.data()), false);
  if (magic == 0x0A0D0D0A) {
    read_pcapng(path, file, collector);
  } else if (magic == 0xA1B2C3D4 || magic == 0xD4C3B2A1 || magic == 0xA1B23C4D || magic == 0x4D3CB2A1) {
    read_pcap(path, file, collector);
  } else {
    die(path, "neither pcap nor pcapng");
  }
  return collector.take();
}

}  // namespace smppd::testing
