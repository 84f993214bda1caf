#include "plugins/state/redis/primary_locator.h"

#include <hiredis/hiredis.h>

#include <boost/asio/post.hpp>

#include <utility>

namespace smppd::plugins::redis {
namespace {

std::string_view text_of(const redisReply& reply) {
  return reply.str != nullptr ? std::string_view(reply.str, reply.len) : std::string_view();
}

}  // namespace

void PrimaryLocator::locate(Done done) {
  cancel();
  done_ = std::move(done);
  if (!config_.uses_sentinel()) {
    boost::asio::post(io_, [this, alive = std::weak_ptr<char>(alive_)] {
      if (!alive.expired()) finish(config_.address, {}, false);
    });
    return;
  }
  errors_.clear();
  fatal_ = false;
  ask(0);
}

void PrimaryLocator::cancel() {
  done_ = nullptr;
  sentinel_.reset();
  alive_ = std::make_shared<char>();  // what was posted for the old question is dropped
}

void PrimaryLocator::ask(size_t tried) {
  const size_t count = config_.sentinels.size();
  if (tried == count) {
    std::string error = "no sentinel named the primary of '" + config_.master_name + "': ";
    for (size_t i = 0; i < errors_.size(); ++i) error += (i == 0 ? "" : "; ") + errors_[i];
    finish(std::nullopt, error, fatal_);
    return;
  }
  const size_t index = (preferred_ + tried) % count;
  const Endpoint& sentinel = config_.sentinels[index];
  std::vector<HandshakeStep> steps;
  if (!config_.sentinel_password.empty()) steps.push_back(HandshakeStep{{"AUTH", config_.sentinel_password}, {}, true});
  answer_.reset();
  steps.push_back(HandshakeStep{
      {"SENTINEL", "get-master-addr-by-name", config_.master_name},
      [this](const redisReply& reply) -> std::string {
        if (reply.type == REDIS_REPLY_NIL) return "it does not know a master named '" + config_.master_name + "'";
        if (reply.type != REDIS_REPLY_ARRAY || reply.elements != 2 || reply.element[0]->type != REDIS_REPLY_STRING ||
            reply.element[1]->type != REDIS_REPLY_STRING) {
          return "it answered get-master-addr-by-name with a reply of the wrong shape";
        }
        const std::string host(text_of(*reply.element[0]));
        const std::string port(text_of(*reply.element[1]));
        const std::optional<Endpoint> endpoint =
            parse_endpoint((host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + port);
        if (!endpoint) return "it named an address that is not host:port: " + host + " " + port;
        answer_ = endpoint;
        return {};
      },
      false});
  sentinel_ = std::make_unique<RedisConnection>(io_, "sentinel at " + sentinel.text());
  sentinel_->open(sentinel, std::move(steps), config_.connect_timeout,
                  RedisConnection::Handlers{
                      [this, index] {
                        preferred_ = index;
                        finish(answer_, {}, false);
                      },
                      [this, tried](const std::string& reason, bool fatal) {
                        errors_.push_back(reason);
                        fatal_ = fatal_ || fatal;
                        ask(tried + 1);
                      },
                      {}});
}

void PrimaryLocator::finish(std::optional<Endpoint> primary, const std::string& error, bool fatal) {
  sentinel_.reset();
  Done done = std::move(done_);
  done_ = nullptr;
  if (done) done(std::move(primary), error, fatal);
}

}  // namespace smppd::plugins::redis
