// What firewall's tests share: temporary list files, and submit_sm PDUs as clients send them
// (plain, or one part of a concatenated message with a UDH or sar_* TLVs).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include <optional>

#include "fake_host.h"
#include "smppd/plugin.h"

extern "C" const smppd_plugin_descriptor* SMPPD_PLUGIN_ENTRY(uint32_t host_abi_minor);

namespace smppd::plugins::firewall::testing {

// A directory removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const noexcept { return path_; }
  // Writes (or rewrites) a file and moves its mtime forward, so a poll sees the change even
  // within the file system's timestamp granularity. Answers its path.
  std::string write(const std::string& name, std::string_view content);

 private:
  std::filesystem::path path_;
};

struct Submit {
  std::string source = "ACME";
  std::string destination = "447700900123";
  std::string text;  // Latin-1 octets for data_coding 3, GSM 7-bit (ASCII letters) for 0
  uint8_t data_coding = 0;
  uint8_t esm_class = 0;
};

std::unique_ptr<smppd::testing::FakeMessage> submit_sm(const Submit& submit);

// One part of a concatenated message: a UDH with an 8-bit (IEI 0) or 16-bit (IEI 8) reference.
std::unique_ptr<smppd::testing::FakeMessage> udh_part(const Submit& submit, uint16_t reference, uint8_t total,
                                                      uint8_t sequence, bool sixteen_bit = false);
// One part as sar_msg_ref_num, sar_total_segments and sar_segment_seqnum TLVs.
std::unique_ptr<smppd::testing::FakeMessage> sar_part(const Submit& submit, uint16_t reference, uint8_t total,
                                                      uint8_t sequence);

// UTF-8 as UCS-2 (big endian) octets, for data_coding 8. BMP only.
std::string ucs2(std::string_view utf8);

smppd::testing::SessionInfo client(const std::string& system_id, uint64_t session_id = 1);
Submit text(std::string body, std::string destination = "447700900123");

// The plugin (compiled into the test) on a fake host, with one session of the client "acme".
class FirewallFixture : public ::testing::Test {
 protected:
  // Frees the previous config (after closing the session) and opens a session on the new one.
  void configure(const std::string& json);

  struct Sent {
    smppd::testing::FilterOutcome outcome;
    smppd::testing::AttributeBag attributes;
    bool denied() const { return outcome.verdict == SMPPD_STOP; }
    bool passed() const { return outcome.verdict == SMPPD_CONTINUE; }
  };
  // One request whose call ends when this returns (a PAUSE would be cancelled then: use hold()).
  Sent send(const Submit& submit) { return send(*submit_sm(submit)); }
  Sent send(smppd::testing::FakeMessage& message);

  // A request whose call stays open until the Held is destroyed, so its pause can end in a resume.
  struct Held {
    std::unique_ptr<smppd::testing::FakeMessage> message;
    std::unique_ptr<smppd::testing::FakeCall> call;
    smppd::testing::FilterOutcome outcome;
  };
  std::unique_ptr<Held> hold(std::unique_ptr<smppd::testing::FakeMessage> message);

  // True when no log at info or above carries `needle` (message text stays out of them).
  bool absent_at_info(const std::string& needle) const;

  smppd::testing::FakeHost host_;
  smppd::testing::FilterDriver filter_{host_, SMPPD_PLUGIN_ENTRY(SMPPD_ABI_VERSION_MINOR), "firewall"};
  smppd::testing::FakeSession fake_session_{client("acme")};
  std::optional<smppd::testing::FilterDriver::Session> session_;
};

}  // namespace smppd::plugins::firewall::testing
