#pragma once

#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plugins/state/redis/endpoint.h"
#include "plugins/state/redis/redis_config.h"
#include "plugins/state/redis/redis_connection.h"

namespace smppd::plugins::redis {

// Where the Redis primary is now: the configured address, or what the Sentinels answer to
// SENTINEL get-master-addr-by-name (asked in turn, starting with the one that answered last).
// Runs on the io_context's thread.
class PrimaryLocator {
 public:
  // The primary, or nothing with why not; `fatal` when a Sentinel refused our password.
  using Done = std::function<void(std::optional<Endpoint> primary, const std::string& error, bool fatal)>;

  PrimaryLocator(boost::asio::io_context& io, const RedisConfig& config) : io_(io), config_(config) {}

  // One answer per call, always later from the io_context. A call while one runs replaces it.
  void locate(Done done);
  // Drops the question in progress: its Done is not called.
  void cancel();

 private:
  void ask(size_t tried);
  void finish(std::optional<Endpoint> primary, const std::string& error, bool fatal);

  boost::asio::io_context& io_;
  const RedisConfig& config_;
  Done done_;
  std::unique_ptr<RedisConnection> sentinel_;
  size_t preferred_ = 0;  // the Sentinel that answered last
  std::vector<std::string> errors_;
  bool fatal_ = false;
  std::optional<Endpoint> answer_;
  std::shared_ptr<char> alive_ = std::make_shared<char>();
};

}  // namespace smppd::plugins::redis
