#include "plugins/state/redis/redis_connection.h"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>

#include <exception>
#include <utility>

#include "plugins/state/redis/asio_hiredis_adapter.h"

namespace smppd::plugins::redis {
namespace {

RedisConnection* connection_of(const redisAsyncContext* context) { return static_cast<RedisConnection*>(context->data); }

std::string context_error(const redisAsyncContext* context, std::string_view otherwise) {
  if (context->errstr != nullptr && context->errstr[0] != '\0') return context->errstr;
  return std::string(otherwise);
}

void on_reply(redisAsyncContext* /*context*/, void* reply, void* data) {
  std::unique_ptr<RedisConnection::ReplyFn> callback(static_cast<RedisConnection::ReplyFn*>(data));
  try {
    (*callback)(static_cast<const redisReply*>(reply));
  } catch (...) {
    // Nothing may unwind into hiredis's C frames; the callbacks' owners handle their own errors.
  }
}

void on_subscription_reply(redisAsyncContext* /*context*/, void* reply, void* data) {
  if (reply == nullptr) return;  // the connection ended; the sink outlives it and keeps its state
  try {
    static_cast<SubscriptionSink*>(data)->on_subscription_reply(*static_cast<const redisReply*>(reply));
  } catch (...) {
  }
}

}  // namespace

bool is_authentication_error(std::string_view error) {
  return error.starts_with("NOAUTH") || error.starts_with("WRONGPASS") || error.starts_with("NOPERM") ||
         error.starts_with("ERR invalid password") || error.starts_with("ERR AUTH") ||
         error.starts_with("ERR Client sent AUTH");
}

RedisConnection::RedisConnection(boost::asio::io_context& io, std::string label)
    : io_(io), label_(std::move(label)), deadline_(io), resolver_(io) {}

RedisConnection::~RedisConnection() { close(); }

template <class Task>
void RedisConnection::later(Task task) {
  boost::asio::post(io_, [alive = std::weak_ptr<char>(alive_), task = std::move(task)]() mutable {
    if (!alive.expired()) task();
  });
}

void RedisConnection::open(const Endpoint& endpoint, std::vector<HandshakeStep> steps, std::chrono::milliseconds timeout,
                           Handlers handlers) {
  state_ = State::connecting;
  steps_ = std::move(steps);
  timeout_ = timeout;
  handlers_ = std::move(handlers);
  deadline_.expires_after(timeout);
  deadline_.async_wait([this, alive = std::weak_ptr<char>(alive_)](const boost::system::error_code& error) {
    if (error || alive.expired() || state_ != State::connecting) return;
    fail(label_ + " did not answer within " + std::to_string(timeout_.count()) + " ms", false);
    close();  // a timer's handler: not inside hiredis
  });
  boost::system::error_code not_an_address;
  const boost::asio::ip::address address = boost::asio::ip::make_address(endpoint.host, not_an_address);
  if (!not_an_address) {
    connect_to(address.to_string(), endpoint.port);
    return;
  }
  // A host name: resolved on Asio's resolver thread, so this thread never blocks on DNS.
  resolver_.async_resolve(
      endpoint.host, std::to_string(endpoint.port),
      [this, alive = std::weak_ptr<char>(alive_), port = endpoint.port](
          const boost::system::error_code& error, const boost::asio::ip::tcp::resolver::results_type& results) {
        if (alive.expired() || state_ != State::connecting) return;
        if (error || results.empty()) {
          fail(label_ + ": cannot resolve the host name (" + (error ? error.message() : "no address") + ")", false);
          return;
        }
        connect_to(results.begin()->endpoint().address().to_string(), port);
      });
}

void RedisConnection::connect_to(const std::string& ip, uint16_t port) {
  redisAsyncContext* context = redisAsyncConnect(ip.c_str(), port);
  if (context == nullptr) {
    fail(label_ + ": out of memory", false);
    return;
  }
  if (context->err != 0) {
    const std::string reason = context_error(context, "cannot connect");
    redisAsyncFree(context);
    fail(label_ + ": " + reason, false);
    return;
  }
  try {
    AsioHiredisAdapter::attach(io_, context);
  } catch (const std::exception& e) {
    redisAsyncFree(context);
    fail(label_ + ": " + e.what(), false);
    return;
  }
  context->data = this;
  context_ = context;
  (void)redisEnableKeepAlive(&context->c);  // a peer that vanishes without a FIN is noticed eventually
  redisAsyncSetDisconnectCallback(context, &RedisConnection::on_disconnect);
  redisAsyncSetConnectCallback(context, &RedisConnection::on_connect);  // waits for the first write event
  for (size_t i = 0; i < steps_.size(); ++i) {
    std::vector<std::string_view> argv(steps_[i].command.begin(), steps_[i].command.end());
    if (!queue(argv, [this, i](const redisReply* reply) { on_step_reply(i, reply); })) {
      fail(label_ + ": cannot queue the handshake", false);
      return;
    }
  }
}

bool RedisConnection::send(std::span<const std::string_view> argv, ReplyFn on_reply_fn) {
  return state_ == State::ready && queue(argv, std::move(on_reply_fn));
}

bool RedisConnection::queue(std::span<const std::string_view> argv, ReplyFn on_reply_fn) {
  if (context_ == nullptr || argv.empty()) return false;
  std::vector<const char*> pointers;
  std::vector<size_t> lengths;
  pointers.reserve(argv.size());
  lengths.reserve(argv.size());
  for (const std::string_view argument : argv) {
    pointers.push_back(argument.data() != nullptr ? argument.data() : "");
    lengths.push_back(argument.size());
  }
  auto callback = std::make_unique<ReplyFn>(std::move(on_reply_fn));
  if (redisAsyncCommandArgv(context_, &on_reply, callback.get(), static_cast<int>(argv.size()), pointers.data(),
                            lengths.data()) != REDIS_OK) {
    return false;
  }
  (void)callback.release();  // on_reply frees it, also when the context is freed first
  return true;
}

bool RedisConnection::subscribe(std::string_view channel, SubscriptionSink* sink) {
  if (state_ != State::ready || context_ == nullptr) return false;
  const char* argv[] = {"SUBSCRIBE", channel.data() != nullptr ? channel.data() : ""};
  const size_t lengths[] = {9, channel.size()};
  return redisAsyncCommandArgv(context_, &on_subscription_reply, sink, 2, argv, lengths) == REDIS_OK;
}

void RedisConnection::close() {
  state_ = State::ended;
  deadline_.cancel();
  resolver_.cancel();
  if (context_ == nullptr) return;
  redisAsyncContext* context = std::exchange(context_, nullptr);
  freeing_ = true;
  redisAsyncFree(context);  // runs the waiting callbacks with null, then on_disconnect
  freeing_ = false;
}

void RedisConnection::on_step_reply(size_t step, const redisReply* reply) {
  if (state_ != State::connecting || reply == nullptr) return;  // ended: whoever ended it reports why
  const HandshakeStep& current = steps_[step];
  if (reply->type == REDIS_REPLY_ERROR) {
    const std::string error = reply->str != nullptr ? std::string(reply->str, reply->len) : "an error";
    fail(label_ + " refused " + current.command.front() + ": " + error,
         current.refusal_is_fatal || is_authentication_error(error));
    return;
  }
  if (current.check) {
    const std::string problem = current.check(*reply);
    if (!problem.empty()) {
      fail(label_ + ": " + problem, false);
      return;
    }
  }
  if (step + 1 == steps_.size()) become_ready();
}

void RedisConnection::become_ready() {
  state_ = State::ready;
  deadline_.cancel();
  later([this] {
    auto ready = std::move(handlers_.on_ready);  // the owner may destroy this connection inside
    if (ready) ready();
  });
}

void RedisConnection::fail(const std::string& reason, bool fatal) {
  if (state_ != State::connecting) return;
  state_ = State::ended;
  deadline_.cancel();
  later([this, reason, fatal] {
    close();
    auto failed = std::move(handlers_.on_failed);
    if (failed) failed(reason, fatal);
  });
}

void RedisConnection::lose(const std::string& reason) {
  if (state_ != State::ready) return;
  state_ = State::ended;
  later([this, reason] {
    close();
    auto lost = std::move(handlers_.on_lost);
    if (lost) lost(reason);
  });
}

void RedisConnection::on_connect(const redisAsyncContext* context, int status) {
  RedisConnection* self = connection_of(context);
  if (self == nullptr) return;
  if (status != REDIS_OK) {
    self->context_ = nullptr;  // hiredis frees it when this returns
    self->fail(self->label_ + ": " + context_error(context, "cannot connect"), false);
    return;
  }
  if (self->steps_.empty() && self->state_ == State::connecting) self->become_ready();
}

void RedisConnection::on_disconnect(const redisAsyncContext* context, int status) {
  RedisConnection* self = connection_of(context);
  if (self == nullptr) return;
  self->context_ = nullptr;  // freed when this returns
  if (self->freeing_) return;
  const std::string reason =
      status == REDIS_OK ? std::string("the connection was closed") : context_error(context, "the connection broke");
  if (self->state_ == State::ready) {
    self->lose(self->label_ + ": " + reason);
  } else {
    self->fail(self->label_ + ": " + reason, false);
  }
}

}  // namespace smppd::plugins::redis
