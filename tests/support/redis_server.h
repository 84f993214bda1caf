// Real Redis servers for tests: a redis-server (or a redis-sentinel) on 127.0.0.1 and a free port,
// in a temp dir of its own, with no persistence. Killed by PID (SIGKILL) and reaped by kill() and
// by the destructor; it also dies with the test process (ChildProcess).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/child_process.h"

namespace smppd::testing {

// A Redis reply as text, for assertions: "OK", "5", the bulk string's bytes, "(nil)", "[a, b]",
// "ERR ..." for an error. `error` tells an error from a string that looks like one.
struct RedisReplyText {
  std::string text;
  bool error = false;
};

// Sends one command (a RESP array of the arguments) to 127.0.0.1:port, AUTH first when
// `password` is set, and reads one reply; an error reply with what went wrong when it cannot.
RedisReplyText redis_command(uint16_t port, const std::vector<std::string>& arguments, const std::string& password = {},
                             std::chrono::milliseconds timeout = std::chrono::seconds(5));

class RedisServer {
 public:
  struct Options {
    std::string password;                     // requirepass; empty: none
    std::vector<std::string> extra_arguments;  // e.g. {"--replicaof", "127.0.0.1", "6380"}
  };

  RedisServer() : RedisServer(Options{}) {}
  explicit RedisServer(Options options);
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // Starts redis-server and waits (up to 10 s) until it answers PING. False, with why in *error.
  bool start(std::string* error = nullptr);
  // SIGKILL and reap: the abrupt death of the server (clients see the connection break).
  void kill();
  // kill(), then start() again on the same port (an empty data set: nothing is persisted).
  bool restart(std::string* error = nullptr);
  bool running() { return child_ != nullptr && child_->running(); }

  uint16_t port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  const std::string& dir() const { return dir_; }
  pid_t pid() const { return child_ != nullptr ? child_->pid() : -1; }
  std::string log() const;

  // A command to this server (authenticated with its password).
  RedisReplyText command(const std::vector<std::string>& arguments) const {
    return redis_command(port_, arguments, options_.password);
  }

 private:
  Options options_;
  uint16_t port_ = 0;
  std::string dir_;
  std::unique_ptr<ChildProcess> child_;  // a new one per start: a ChildProcess runs once
};

// A redis-sentinel watching one primary as `master_name` with quorum 1.
class RedisSentinel {
 public:
  struct Options {
    std::string master_name = "mymaster";
    uint16_t primary_port = 0;
    std::string primary_password;  // sentinel auth-pass
    std::string password;          // the Sentinel's own requirepass; empty: none
    std::chrono::milliseconds down_after{1000};
  };

  explicit RedisSentinel(Options options);
  ~RedisSentinel();
  RedisSentinel(const RedisSentinel&) = delete;
  RedisSentinel& operator=(const RedisSentinel&) = delete;

  // Writes the config, starts the Sentinel and waits until it names the primary.
  bool start(std::string* error = nullptr);
  void kill();

  uint16_t port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string log() const;
  RedisReplyText command(const std::vector<std::string>& arguments) const {
    return redis_command(port_, arguments, options_.password);
  }

 private:
  Options options_;
  uint16_t port_ = 0;
  std::string dir_;
  ChildProcess child_;
};

}  // namespace smppd::testing
