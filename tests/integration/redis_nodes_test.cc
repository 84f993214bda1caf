#include "tests/integration/redis_nodes_test.h"

#include <chrono>
#include <iostream>
#include <optional>

namespace smppd::integration {

void RedisNodesTest::SetUp() {
  std::string error;
  ASSERT_TRUE(redis_.start(&error)) << error;
  ASSERT_TRUE(smsc_.listening()) << smsc_.error();
}

void RedisNodesTest::TearDown() {
  ProxyTest::TearDown();
  for (RedisNode& node : nodes_) {
    if (!node.process) continue;
    if (node.process->running()) {
      EXPECT_EQ(node.process->stop(std::chrono::seconds(40)), std::optional<int>(0))
          << "node " << node.id << " did not exit with 0 after SIGTERM";
    }
    const std::string report = node.process->sanitizer_report();
    EXPECT_TRUE(report.empty()) << "node " << node.id << ": sanitizer report:\n" << report;
    if (HasFailure()) {
      node.process->keep_dir();
      const std::string log = node.process->log();
      std::cout << "---- node " << node.id << " log (" << node.process->log_path() << ", kept) ----\n"
                << log.substr(log.size() > 6000 ? log.size() - 6000 : 0) << "\n";
    }
  }
}

RedisNode& RedisNodesTest::start_node(const std::string& id, ListenerSpec listener, const std::string& extra_top) {
  RedisNode node;
  node.id = id;
  node.port = testing::free_port();
  node.admin_port = testing::free_port();
  listener.port = node.port;
  const std::string top = "[node]\nid = \"" + id + "\"\n" +
                          "[admin]\naddress = \"127.0.0.1\"\nport = " + std::to_string(node.admin_port) + "\n" +
                          "[state]\nbackend = \"redis\"\n" +
                          "[state.redis]\naddress = \"" + redis_.address() + "\"\n" +
                          "key_prefix = \"test:\"\ncommand_timeout_ms = 1000\nreconnect_max_ms = 200\n" +
                          cluster_toml("smsc", {{"f1", smsc_.port()}}) +
                          "[[routes]]\nname = \"all\"\ncluster = \"smsc\"\n" + extra_top;
  testing::SmppdOptions options = smppd_options();
  options.ports = {node.port};
  const size_t binds_before = smsc_.bound_connections().size();
  node.process = std::make_unique<testing::SmppdProcess>(config_toml({listener}, top), options);
  EXPECT_TRUE(node.process->started()) << node.process->start_error();
  const auto connection = smsc_.wait_bound(binds_before + 1, std::chrono::seconds(10));
  EXPECT_TRUE(connection) << "node " << id << " never bound to the SMSC";
  node.smsc_connection = connection.value_or(0);
  nodes_.push_back(std::move(node));
  return nodes_.back();
}

}  // namespace smppd::integration
