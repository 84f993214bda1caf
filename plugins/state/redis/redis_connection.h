#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/state/redis/endpoint.h"

struct redisAsyncContext;
struct redisReply;

namespace smppd::plugins::redis {

// A command sent right after connecting; the connection is ready once every step answered well.
struct HandshakeStep {
  std::vector<std::string> command;
  // What is wrong with a non-error reply, or empty when it is right. Null: any reply is right.
  std::function<std::string(const redisReply&)> check;
  // An error reply means the operator's config is wrong (AUTH, SELECT), not that Redis is away.
  bool refusal_is_fatal = false;
};

// Receives the replies of a SUBSCRIBE: the confirmation and every message. It must outlive the
// connection (or its close()).
class SubscriptionSink {
 public:
  virtual void on_subscription_reply(const redisReply& reply) = 0;

 protected:
  ~SubscriptionSink() = default;
};

// One hiredis async connection on an io_context, used only from that io_context's thread:
// resolve, connect and handshake within a timeout, then commands pipelined with a callback each.
// The handlers are called later from the io_context (never from inside hiredis), at most one of
// on_ready and on_failed, and on_lost at most once after on_ready; the owner may destroy the
// connection inside any of them. After close() or destruction no handler runs.
class RedisConnection {
 public:
  // The reply, or null when the connection ended before it came.
  using ReplyFn = std::function<void(const redisReply*)>;
  struct Handlers {
    std::function<void()> on_ready;
    std::function<void(const std::string& reason, bool fatal)> on_failed;
    std::function<void(const std::string& reason)> on_lost;
  };

  // `label` names the server in every message: "redis at 127.0.0.1:6379".
  RedisConnection(boost::asio::io_context& io, std::string label);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  void open(const Endpoint& endpoint, std::vector<HandshakeStep> steps, std::chrono::milliseconds timeout,
            Handlers handlers);
  // Queues a command once ready; false (and `on_reply` is not called) when not ready.
  bool send(std::span<const std::string_view> argv, ReplyFn on_reply);
  // SUBSCRIBE to one channel; every reply for it goes to `sink`.
  bool subscribe(std::string_view channel, SubscriptionSink* sink);
  // Frees the hiredis context: callbacks of commands still waiting get null, in order.
  void close();

  bool ready() const { return state_ == State::ready; }
  const std::string& label() const { return label_; }

 private:
  enum class State { idle, connecting, ready, ended };

  void connect_to(const std::string& ip, uint16_t port);
  bool queue(std::span<const std::string_view> argv, ReplyFn on_reply);
  void on_step_reply(size_t step, const redisReply* reply);
  void become_ready();
  void fail(const std::string& reason, bool fatal);
  void lose(const std::string& reason);
  template <class Task>
  void later(Task task);

  static void on_connect(const redisAsyncContext* context, int status);
  static void on_disconnect(const redisAsyncContext* context, int status);

  boost::asio::io_context& io_;
  std::string label_;
  State state_ = State::idle;
  redisAsyncContext* context_ = nullptr;
  bool freeing_ = false;  // close() is freeing the context: its disconnect is not news
  std::vector<HandshakeStep> steps_;
  std::chrono::milliseconds timeout_{0};
  Handlers handlers_;
  boost::asio::steady_timer deadline_;
  boost::asio::ip::tcp::resolver resolver_;
  std::shared_ptr<char> alive_ = std::make_shared<char>();  // tasks posted by this check it
};

// "ERR ...", "NOAUTH ...", "WRONGPASS ...": whether Redis refused who we are.
bool is_authentication_error(std::string_view error);

}  // namespace smppd::plugins::redis
