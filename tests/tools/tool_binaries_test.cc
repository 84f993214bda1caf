// smpp-bench and smpp-client as processes against each other on a free 127.0.0.1 port.
#include <boost/json.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/smppd_process.h"
#include "tests/tools/tool_process.h"

namespace smppd::testing {
namespace {

using namespace std::chrono_literals;

// A sink process on a free port, stopped (SIGTERM) at the end of the test.
class Sink {
 public:
  explicit Sink(std::vector<std::string> extra_arguments) : port_(free_port()) {
    std::vector<std::string> arguments = {SMPP_BENCH_BINARY, "sink", "--port", std::to_string(port_)};
    arguments.insert(arguments.end(), extra_arguments.begin(), extra_arguments.end());
    process_ = std::make_unique<ToolProcess>(arguments);
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (process_->running() && !port_listening(port_) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(10ms);
    }
  }

  bool listening() { return process_->running() && port_listening(port_); }
  uint16_t port() const { return port_; }
  ToolProcess& process() { return *process_; }

 private:
  uint16_t port_;
  std::unique_ptr<ToolProcess> process_;
};

size_t count_lines_with(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

TEST(ToolBinariesTest, LoadAgainstTheSinkGetsEverySubmitAnsweredAndEveryReceiptMatched) {
  Sink sink({"--receipts", "--threads", "2"});
  ASSERT_TRUE(sink.listening()) << sink.process().output();
  const ToolResult load = run_tool({SMPP_BENCH_BINARY, "load", "--port", std::to_string(sink.port()), "--system-id",
                                    "bench", "--password", "pw", "--connections", "2", "--threads", "2", "--window",
                                    "16", "--duration", "2", "--mix", "gsm7:70,ucs2:20,long:10",
                                    "--registered-delivery", "--json"},
                                   60s);
  ASSERT_TRUE(load.exit_code.has_value()) << "still running after 60 s:\n" << load.output;
  EXPECT_EQ(*load.exit_code, 0) << load.output;

  boost::system::error_code ec;
  const boost::json::value report = boost::json::parse(load.output, ec);
  ASSERT_FALSE(ec) << load.output;
  const boost::json::object& root = report.as_object();
  const int64_t sent = root.at("sent").to_number<int64_t>();
  EXPECT_GT(sent, 0);
  EXPECT_EQ(root.at("acknowledged").to_number<int64_t>(), sent);
  EXPECT_EQ(root.at("ok").to_number<int64_t>(), sent);
  EXPECT_EQ(root.at("unanswered").to_number<int64_t>(), 0);
  const boost::json::object& receipts = root.at("receipts").as_object();
  EXPECT_EQ(receipts.at("expected").to_number<int64_t>(), sent);
  EXPECT_EQ(receipts.at("matched").to_number<int64_t>(), sent);
  EXPECT_EQ(receipts.at("missing").to_number<int64_t>(), 0);
  EXPECT_EQ(root.at("success").as_bool(), true);

  EXPECT_EQ(sink.process().stop(10s), 0);
  EXPECT_NE(sink.process().output().find("submits"), std::string::npos) << "the sink prints its counts on SIGTERM";
}

TEST(ToolBinariesTest, ClientSendsALongUcs2TextAsThreePartsAndGetsTheirReceipts) {
  Sink sink({"--receipts"});
  ASSERT_TRUE(sink.listening()) << sink.process().output();
  std::string text;
  for (int i = 0; i < 150; ++i) text += "Ж";  // 150 UTF-16 units: 67 + 67 + 16
  const ToolResult client = run_tool({SMPP_CLIENT_BINARY, "--port", std::to_string(sink.port()), "--system-id",
                                      "demo", "--password", "demo", "--from", "Shop", "--to", "+4915112345678",
                                      "--text", text, "--wait-receipts", "10"},
                                     30s);
  ASSERT_TRUE(client.exit_code.has_value()) << client.output;
  EXPECT_EQ(*client.exit_code, 0) << client.output;
  EXPECT_NE(client.output.find("ucs2, 150 UTF-16 units, data_coding 0x08, 3 part(s)"), std::string::npos)
      << client.output;
  EXPECT_EQ(count_lines_with(client.output, ": ESME_ROK message_id="), 3u) << client.output;
  EXPECT_EQ(count_lines_with(client.output, "receipt id="), 3u) << client.output;
  EXPECT_NE(client.output.find("3 of 3 submit_sm accepted, 3 of 3 receipts"), std::string::npos) << client.output;
}

TEST(ToolBinariesTest, ClientExitsWithOneWhenASubmitIsRefused) {
  Sink sink({"--fail-status", "0x45:100"});
  ASSERT_TRUE(sink.listening()) << sink.process().output();
  const ToolResult client = run_tool({SMPP_CLIENT_BINARY, "--port", std::to_string(sink.port()), "--system-id",
                                      "demo", "--password", "demo", "--from", "Shop", "--to", "4915112345678",
                                      "--text", "hello"},
                                     30s);
  ASSERT_TRUE(client.exit_code.has_value()) << client.output;
  EXPECT_EQ(*client.exit_code, 1) << client.output;
  EXPECT_NE(client.output.find("ESME_RSUBMITFAIL"), std::string::npos) << client.output;
}

}  // namespace
}  // namespace smppd::testing
