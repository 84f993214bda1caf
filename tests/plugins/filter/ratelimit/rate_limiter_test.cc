// The rate limiter's keys a session keeps: a limit keyed by the client alone makes its key once per
// session; other limits make theirs per request, and both count in the same buckets.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "plugins/filter/ratelimit/rate_limiter.h"

namespace smppd::plugins::ratelimit {
namespace {

constexpr int64_t kStart = 50'000'000'000;

class QuietHost final : public HostServices {
 public:
  int64_t monotonic_ns() const noexcept override { return kStart; }
  bool log_enabled(Severity) const noexcept override { return false; }
  void log(Severity, std::string_view) const noexcept override {}
  std::optional<uint32_t> define_counter(std::string_view, std::string_view) const override { return std::nullopt; }
  void count(uint32_t, uint64_t) const noexcept override {}
  bool store_shared() const noexcept override { return false; }
};

LimitConfig limit(std::string name, std::vector<KeyKind> keys, int64_t burst) {
  LimitConfig config;
  config.name = std::move(name);
  config.keys = std::move(keys);
  config.rate = GcraRate{1'000'000'000'000, burst};  // one unit back every 1000 s: none during a test
  return config;
}

RequestFacts facts_of(std::string_view client, std::string_view sender) {
  RequestFacts facts;
  facts.client = client;
  facts.sender = sender;
  return facts;
}

TEST(RateLimiterSessionKeysTest, AClientOnlyLimitMakesItsKeyOncePerSession) {
  RatelimitConfig config;
  config.limits = {limit("per_sender", {KeyKind::client, KeyKind::sender}, 10), limit("per_client", {KeyKind::client}, 3)};
  RateLimiter limiter(config, std::make_shared<QuietHost>());
  SessionKeys kept;

  EXPECT_EQ(limiter.decide(facts_of("acme", "Shop"), 1, kStart, &kept).kind, RateLimiter::Decision::Kind::allow);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_TRUE(kept[0].key.empty()) << "keyed by the sender too: made per request";
  EXPECT_EQ(kept[1].key, "acme");

  // The kept key counts in the same bucket as a key made per request (a session without kept keys).
  EXPECT_EQ(limiter.decide(facts_of("acme", "Bank"), 1, kStart, nullptr).kind, RateLimiter::Decision::Kind::allow);
  EXPECT_EQ(limiter.decide(facts_of("acme", "Shop"), 1, kStart, &kept).kind, RateLimiter::Decision::Kind::allow);
  EXPECT_EQ(limiter.decide(facts_of("acme", "Bank"), 1, kStart, &kept).kind, RateLimiter::Decision::Kind::refuse)
      << "the client's 3 are spent, across kept and made keys";
}

TEST(RateLimiterSessionKeysTest, AnUnboundSessionKeepsNoKey) {
  RatelimitConfig config;
  config.limits = {limit("per_client", {KeyKind::client}, 1)};
  RateLimiter limiter(config, std::make_shared<QuietHost>());
  SessionKeys kept;
  EXPECT_EQ(limiter.decide(facts_of("", "Shop"), 1, kStart, &kept).kind, RateLimiter::Decision::Kind::allow);
  EXPECT_TRUE(kept.empty() || kept[0].key.empty()) << "no client yet: nothing to keep";
  EXPECT_EQ(limiter.decide(facts_of("acme", "Shop"), 1, kStart, &kept).kind, RateLimiter::Decision::Kind::allow)
      << "the bound client's bucket is its own";
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].key, "acme");
}

}  // namespace
}  // namespace smppd::plugins::ratelimit
