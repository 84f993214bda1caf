#include "tests/support/redis_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>
#include <thread>

#include "tests/support/run_command.h"
#include "tests/support/smppd_process.h"

namespace smppd::testing {
namespace {

using Clock = std::chrono::steady_clock;

// The first `name` on PATH that can be run (ChildProcess needs a full path); `name` itself when
// there is none, so the spawn fails naming it.
std::string find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream folders(path != nullptr ? path : "");
  std::string folder;
  while (std::getline(folders, folder, ':')) {
    const std::string candidate = folder + "/" + name;
    if (!folder.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return name;
}

// One connection to 127.0.0.1 with a deadline on every read and write.
class RespClient {
 public:
  RespClient(uint16_t port, Clock::time_point deadline) : deadline_(deadline) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~RespClient() {
    if (fd_ >= 0) ::close(fd_);
  }
  RespClient(const RespClient&) = delete;
  RespClient& operator=(const RespClient&) = delete;

  bool connected() const { return fd_ >= 0; }

  bool send(const std::vector<std::string>& arguments) {
    std::string wire = "*" + std::to_string(arguments.size()) + "\r\n";
    for (const std::string& argument : arguments) wire += "$" + std::to_string(argument.size()) + "\r\n" + argument + "\r\n";
    size_t sent = 0;
    while (sent < wire.size()) {
      const ssize_t n = ::send(fd_, wire.data() + sent, wire.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }

  std::optional<RedisReplyText> read_reply() {
    const std::optional<std::string> line = read_line();
    if (!line || line->empty()) return std::nullopt;
    const std::string rest = line->substr(1);
    switch ((*line)[0]) {
      case '+': return RedisReplyText{rest, false};
      case '-': return RedisReplyText{rest, true};
      case ':': return RedisReplyText{rest, false};
      case '$': {
        const long length = std::strtol(rest.c_str(), nullptr, 10);
        if (length < 0) return RedisReplyText{"(nil)", false};
        const std::optional<std::string> bytes = read_exactly(static_cast<size_t>(length) + 2);
        if (!bytes) return std::nullopt;
        return RedisReplyText{bytes->substr(0, static_cast<size_t>(length)), false};
      }
      case '*': {
        const long count = std::strtol(rest.c_str(), nullptr, 10);
        if (count < 0) return RedisReplyText{"(nil)", false};
        std::string text = "[";
        for (long i = 0; i < count; ++i) {
          const std::optional<RedisReplyText> element = read_reply();
          if (!element) return std::nullopt;
          text += (i == 0 ? "" : ", ") + element->text;
        }
        return RedisReplyText{text + "]", false};
      }
      default: return RedisReplyText{"unexpected reply: " + *line, true};
    }
  }

 private:
  bool fill() {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
    if (left <= 0) return false;
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(left)) <= 0) return false;
    char chunk[4096];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }
  std::optional<std::string> read_line() {
    size_t end = 0;
    while ((end = buffer_.find("\r\n")) == std::string::npos) {
      if (!fill()) return std::nullopt;
    }
    std::string line = buffer_.substr(0, end);
    buffer_.erase(0, end + 2);
    return line;
  }
  std::optional<std::string> read_exactly(size_t size) {
    while (buffer_.size() < size) {
      if (!fill()) return std::nullopt;
    }
    std::string bytes = buffer_.substr(0, size);
    buffer_.erase(0, size);
    return bytes;
  }

  int fd_ = -1;
  Clock::time_point deadline_;
  std::string buffer_;
};

// Waits until the server on `port` answers PING (or refuses it for want of a password).
bool wait_until_answering(uint16_t port, ChildProcess& child, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (!child.running()) return false;
    const RedisReplyText reply = redis_command(port, {"PING"}, {}, std::chrono::milliseconds(500));
    if (reply.text == "PONG" || reply.text.starts_with("NOAUTH")) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

void set_error(std::string* error, std::string text) {
  if (error != nullptr) *error = std::move(text);
}

}  // namespace

RedisReplyText redis_command(uint16_t port, const std::vector<std::string>& arguments, const std::string& password,
                             std::chrono::milliseconds timeout) {
  RespClient client(port, Clock::now() + timeout);
  if (!client.connected()) return RedisReplyText{"cannot connect to 127.0.0.1:" + std::to_string(port), true};
  if (!password.empty()) {
    if (!client.send({"AUTH", password})) return RedisReplyText{"cannot send AUTH", true};
    const std::optional<RedisReplyText> auth = client.read_reply();
    if (!auth || auth->error) return auth.value_or(RedisReplyText{"no answer to AUTH", true});
  }
  if (!client.send(arguments)) return RedisReplyText{"cannot send the command", true};
  return client.read_reply().value_or(RedisReplyText{"no answer", true});
}

// ---- RedisServer -----------------------------------------------------------------------------------

RedisServer::RedisServer(Options options)
    : options_(std::move(options)), port_(free_port()), dir_(make_temp_dir("smppd-redis")) {}

RedisServer::~RedisServer() {
  kill();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

bool RedisServer::start(std::string* error) {
  std::vector<std::string> arguments = {find_program("redis-server"), "--port", std::to_string(port_), "--bind",
                                        "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                                        "--dir", dir_};
  if (!options_.password.empty()) {
    arguments.push_back("--requirepass");
    arguments.push_back(options_.password);
  }
  arguments.insert(arguments.end(), options_.extra_arguments.begin(), options_.extra_arguments.end());
  kill();
  child_ = std::make_unique<ChildProcess>();
  std::string spawn_error;
  if (!child_->spawn(arguments, dir_ + "/redis.log", spawn_error)) {
    set_error(error, spawn_error);
    return false;
  }
  if (!wait_until_answering(port_, *child_, std::chrono::seconds(10))) {
    set_error(error, "redis-server on port " + std::to_string(port_) + " did not answer; its log:\n" + log());
    kill();
    return false;
  }
  return true;
}

void RedisServer::kill() {
  if (child_ != nullptr) child_->kill_and_reap();
}

bool RedisServer::restart(std::string* error) {
  kill();
  return start(error);
}

std::string RedisServer::log() const { return read_file(dir_ + "/redis.log"); }

// ---- RedisSentinel -----------------------------------------------------------------------------------

RedisSentinel::RedisSentinel(Options options)
    : options_(std::move(options)), port_(free_port()), dir_(make_temp_dir("smppd-sentinel")) {}

RedisSentinel::~RedisSentinel() {
  child_.kill_and_reap();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

bool RedisSentinel::start(std::string* error) {
  const std::string& name = options_.master_name;
  std::string config = "port " + std::to_string(port_) + "\nbind 127.0.0.1\ndaemonize no\ndir " + dir_ +
                       "\nsentinel monitor " + name + " 127.0.0.1 " + std::to_string(options_.primary_port) + " 1\n" +
                       "sentinel down-after-milliseconds " + name + " " + std::to_string(options_.down_after.count()) +
                       "\nsentinel failover-timeout " + name + " 10000\n";
  if (!options_.primary_password.empty()) config += "sentinel auth-pass " + name + " " + options_.primary_password + "\n";
  if (!options_.password.empty()) config += "requirepass " + options_.password + "\n";
  const std::string config_path = dir_ + "/sentinel.conf";
  write_file(config_path, config);  // the Sentinel rewrites it as it learns
  std::string spawn_error;
  if (!child_.spawn({find_program("redis-server"), config_path, "--sentinel"}, dir_ + "/sentinel.log", spawn_error)) {
    set_error(error, spawn_error);
    return false;
  }
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < deadline && child_.running()) {
    const RedisReplyText primary = command({"SENTINEL", "get-master-addr-by-name", name});
    if (!primary.error && primary.text.starts_with("[")) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  set_error(error, "redis-sentinel on port " + std::to_string(port_) + " did not answer; its log:\n" + log());
  child_.kill_and_reap();
  return false;
}

void RedisSentinel::kill() { child_.kill_and_reap(); }

std::string RedisSentinel::log() const { return read_file(dir_ + "/sentinel.log"); }

}  // namespace smppd::testing
