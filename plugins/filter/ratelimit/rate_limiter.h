#pragma once

#include <boost/container/small_vector.hpp>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugins/filter/ratelimit/host_services.h"
#include "plugins/filter/ratelimit/limit.h"
#include "plugins/filter/ratelimit/local_gcra_table.h"
#include "plugins/filter/ratelimit/ratelimit_config.h"
#include "plugins/filter/ratelimit/request_facts.h"

namespace smppd::plugins::ratelimit {

// A global limit's take, as the state store's GcraTake carries it.
struct GlobalTake {
  std::string key;  // <key_prefix><limit name>/<limit key>
  int64_t amount = 0;
  int64_t interval_us = 1;
  int64_t burst = 1;
};

// A key a session keeps for a limit keyed by the client alone, with its hash: made on the session's
// first message, not on every one.
struct SessionKey {
  std::string key;  // empty: not made yet
  size_t hash = 0;
};
using SessionKeys = std::vector<SessionKey>;  // by limit index

// What the state store answered the batch of a message's GlobalTakes.
struct StoreAnswer {
  enum class Kind { taken, refused, unavailable };
  Kind kind = Kind::unavailable;
  size_t refused = 0;  // refused: the index of the take that refused (none of the batch was taken)
  std::string why;     // unavailable: what the store said (busy, unreachable, failed)
};

// A message waiting for the store: what it took locally (to give back if the store refuses) and
// which global limits it asked.
struct PendingTakes {
  struct Applied {
    uint32_t limit = 0;  // index in the config's limits
    std::string key;
  };
  int64_t cost = 0;
  // Inline: most configs have a few limits, and every message fills this.
  using Locals = boost::container::small_vector<Applied, 4>;
  Locals locals;
  std::vector<Applied> globals;
  std::vector<GlobalTake> takes;  // one per entry of `globals`, in that order
};

// How a message ends with the limits.
struct Outcome {
  bool allowed = true;
  uint32_t status = 0;  // refused: the command_status to answer with
};

// The configured limits of one config object, shared by every worker: which limits apply to a
// request and with which key, local buckets taken at once, global ones asked of the store in one
// atomic batch. Counts smppd.plugin.ratelimit.limit.<name>.{allowed,limited,store_unavailable}.
class RateLimiter {
 public:
  // Control thread: defines the counters.
  RateLimiter(const RatelimitConfig& config, std::shared_ptr<HostServices> host);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  bool has_limits() const noexcept { return !limits_.empty(); }
  // Whether a request's route or cluster must be looked up.
  bool needs_route() const noexcept { return needs(KeyKind::route) || needs(KeyKind::cluster); }
  // Whether some limit is keyed by `kind`: the facts no limit uses are not read from the call.
  bool needs(KeyKind kind) const noexcept { return (needed_keys_ >> static_cast<unsigned>(kind) & 1u) != 0; }
  // The attributes RequestFacts::tenants holds the values of, in order.
  const std::vector<std::string>& tenant_attributes() const noexcept { return tenant_attributes_; }
  // What a request of another command than submit_sm and data_sm costs (0: not limited).
  int64_t command_cost(uint32_t command_id) const noexcept;

  struct Decision {
    enum class Kind { allow, refuse, ask_store };
    Kind kind = Kind::allow;
    uint32_t status = 0;   // refuse
    PendingTakes pending;  // ask_store: run pending.takes as one batch, then finish()
  };
  // Any thread. Local limits (in config order) are taken at once; when one refuses, what the
  // earlier ones took is given back and the message is refused with that limit's status. When
  // global limits apply too, the caller asks the store and calls finish() with its answer.
  // `now_ns`: the call's time on the monotonic clock (cxx::Call::now_ns). `session_keys`: the
  // calling session's own (optional), for requests whose facts.client stays the same.
  Decision decide(const RequestFacts& facts, int64_t cost, int64_t now_ns, SessionKeys* session_keys = nullptr);
  // Any thread: the store's answer to a decision's takes. When it refused, or could not answer
  // and a limit of the batch says on_store_unavailable = "deny", the local takes are given back.
  Outcome finish(const PendingTakes& pending, const StoreAnswer& answer);

  const Limit& limit(size_t index) const { return limits_.at(index).limit; }
  size_t limit_count() const noexcept { return limits_.size(); }
  // The keys a local limit holds now, and how many it evicted while full.
  size_t local_keys(size_t index) const;
  uint64_t local_evictions(size_t index) const;

 private:
  struct Counters {
    std::optional<uint32_t> allowed;
    std::optional<uint32_t> limited;
    std::optional<uint32_t> store_unavailable;
  };
  struct Entry {
    Limit limit;
    std::unique_ptr<LocalGcraTable> table;  // global limits too: used while the store is not shared
    Counters counters;
  };

  // The kind of store changes only when smppd starts or reloads: it is asked again at most this
  // often, not on every message (each ask passes the host's store gate).
  static constexpr int64_t kStoreKindRecheckNs = 100'000'000;
  bool store_shared(int64_t now_ns) noexcept;
  // Keys made for one request; reserved for every limit up front, so views of them stay valid.
  using MadeKeys = boost::container::small_vector<std::string, 4>;
  // The key of limit `index` for a request, and its hash (LocalGcraTable::hash_of): a view of the
  // session's kept key, or of one appended to `made`. Nothing when the request lacks one of the
  // limit's values.
  std::optional<std::string_view> key_of(uint32_t index, const RequestFacts& facts, SessionKeys* session_keys,
                                         MadeKeys& made, size_t& hash) const;
  void count(const std::optional<uint32_t>& counter) const noexcept;
  // Refunds what `takes` ({limit, key} each: PendingTakes' owned ones or decide()'s views) took.
  template <class Takes>
  void give_back(const Takes& takes, int64_t cost) const;
  void log_refusal(const Entry& entry, std::string_view key, int64_t cost, const char* why) const;

  std::shared_ptr<HostServices> host_;
  std::vector<Entry> limits_;
  std::vector<std::string> tenant_attributes_;
  bool has_global_ = false;
  std::map<uint32_t, int64_t> command_costs_;
  std::string key_prefix_;
  std::optional<uint32_t> local_evicted_;
  uint32_t needed_keys_ = 0;  // a bit per KeyKind
  // store_shared()'s last answer, and when it was asked (any worker may refresh it).
  std::atomic<bool> store_shared_{false};
  static constexpr int64_t kNeverAsked = INT64_MIN;
  std::atomic<int64_t> store_kind_asked_ns_{kNeverAsked};
};

}  // namespace smppd::plugins::ratelimit
