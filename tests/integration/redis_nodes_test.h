// Several smppd nodes on one real redis-server, all bound to one in-test FakeSmsc
// (docs/multi-node.md): the fixture of the tests of receipts across nodes, of a rate limit and of a
// balance the nodes share.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "tests/integration/proxy_test.h"
#include "tests/support/redis_server.h"

namespace smppd::integration {

struct RedisNode {
  std::string id;
  uint16_t port = 0;        // its SMPP listener
  uint16_t admin_port = 0;
  uint64_t smsc_connection = 0;  // its bind at the FakeSmsc: where the test sends it receipts
  std::unique_ptr<testing::SmppdProcess> process;
};

class RedisNodesTest : public ProxyTest {
 protected:
  RedisNodesTest() : RedisNodesTest(testing::RedisServer::Options{}) {}
  explicit RedisNodesTest(testing::RedisServer::Options redis_options) : redis_(std::move(redis_options)) {}

  // Starts redis-server; the FakeSmsc listens already.
  void SetUp() override;
  // Stops every node still running (each must exit with 0 after SIGTERM and without a sanitizer
  // report) and prints the end of their logs when the test failed.
  void TearDown() override;

  // Node `id`: `listener` on a free port, its admin API, the state store on the Redis, one bind
  // to the FakeSmsc and a route of everything to it, then `extra_top` (more TOML). Waits for the
  // node's bind to the FakeSmsc.
  RedisNode& start_node(const std::string& id, ListenerSpec listener, const std::string& extra_top = "");

  testing::RedisServer redis_;
  FakeSmsc smsc_;
  std::deque<RedisNode> nodes_;  // references stay valid as nodes are added
};

}  // namespace smppd::integration
