// smppd C++ SDK: writing a load-balancing policy as a C++ class. The adapter turns it into an
// smppd_lb_vtable, walks the host's candidate array by the stride the host gives (never by this
// SDK's sizeof; bind_id is read only when the stride covers it), and guarantees that no exception
// crosses the ABI: a throwing pick answers -1 (the message is refused; logged), a throwing config
// constructor answers SMPPD_E_CONFIG with what() as the reason.
//
//   struct MyPolicy {
//     static constexpr const char* name = "my_policy";            // what operators write
//     static constexpr const char* config_schema = R"({...})";     // optional: JSON Schema text
//     struct Config {                                              // immutable, shared by workers
//       Config(const smppd::cxx::Host& host, std::string_view json);   // throw to refuse
//     };
//     struct Worker {                                              // one per worker: no locks
//       Worker(Config& config, int32_t worker);
//       // An index into `candidates` (never empty), or -1 to refuse the message.
//       int32_t pick(const smppd::cxx::LbCandidates& candidates, const smppd::cxx::Message& message);
//     };
//   };
//   constexpr smppd_factory kFactories[] = {smppd::cxx::lb_factory<MyPolicy>()};
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string_view>
#include <type_traits>

#include "smppd/cxx/config_box.hpp"
#include "smppd/cxx/host.hpp"
#include "smppd/cxx/message.hpp"
#include "smppd/lb.h"
#include "smppd/plugin.h"

namespace smppd::cxx {

// The shortest candidate entry a host passes: the members before bind_id (a host built before
// bind_id existed). A smaller stride is not an array of candidates.
inline constexpr uint32_t kLbCandidateMinStride = static_cast<uint32_t>(offsetof(smppd_lb_candidate, bind_id));
// The stride from which entries carry bind_id.
inline constexpr uint32_t kLbCandidateBindIdStride =
    static_cast<uint32_t>(offsetof(smppd_lb_candidate, bind_id) + sizeof(smppd_lb_candidate::bind_id));

// One bind that can take the message now, as the host describes it.
struct LbCandidate {
  uint32_t weight = 1;       // the endpoint's weight
  uint32_t in_flight = 0;    // requests awaiting their resp on this bind, all workers
  uint32_t window = 0;       // the bind's window
  uint64_t endpoint_id = 0;  // several binds of one endpoint share it
  bool same_worker = false;  // the bind lives on the calling worker
  // Unique in the process, so a cursor can name a bind exactly. Only when the host's entries carry
  // it (has_bind_id); a host built before bind_id passes shorter entries: 0 and false then.
  uint64_t bind_id = 0;
  bool has_bind_id = false;

  // The members of `raw` that lie within its first `size` bytes (the stride the host walks its
  // array by); nothing past them is read.
  static LbCandidate from(const smppd_lb_candidate& raw, uint64_t size = sizeof(smppd_lb_candidate)) noexcept {
    LbCandidate candidate;
    candidate.weight = raw.weight;
    candidate.in_flight = raw.in_flight;
    candidate.window = raw.window;
    candidate.endpoint_id = raw.endpoint_id;
    candidate.same_worker = raw.same_worker != 0;
    if (size >= kLbCandidateBindIdStride) {
      candidate.bind_id = raw.bind_id;
      candidate.has_bind_id = true;
    }
    return candidate;
  }
};

// The host's candidate array: `count` entries `stride` bytes apart (a newer host's entries are
// larger than this SDK's struct). Indices are what pick answers.
class LbCandidates {
 public:
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = LbCandidate;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = LbCandidate;

    Iterator() noexcept = default;
    Iterator(const LbCandidates* owner, uint32_t index) noexcept : owner_(owner), index_(index) {}
    LbCandidate operator*() const noexcept { return (*owner_)[index_]; }
    Iterator& operator++() noexcept {
      ++index_;
      return *this;
    }
    Iterator operator++(int) noexcept {
      Iterator before = *this;
      ++index_;
      return before;
    }
    // The position in the host's array: what pick answers for this candidate.
    uint32_t index() const noexcept { return index_; }
    friend bool operator==(const Iterator& a, const Iterator& b) noexcept { return a.index_ == b.index_; }

   private:
    const LbCandidates* owner_ = nullptr;
    uint32_t index_ = 0;
  };

  constexpr LbCandidates() noexcept = default;
  constexpr LbCandidates(const smppd_lb_candidate* first, uint32_t count, uint32_t stride) noexcept
      : first_(first), count_(first == nullptr ? 0 : count), stride_(stride) {}

  constexpr uint32_t size() const noexcept { return count_; }
  constexpr bool empty() const noexcept { return count_ == 0; }
  constexpr uint32_t stride() const noexcept { return stride_; }
  // True when the host's entries carry bind_id (every candidate's has_bind_id).
  constexpr bool has_bind_id() const noexcept { return stride_ >= kLbCandidateBindIdStride; }

  // Unchecked, as std::span's: index < size().
  LbCandidate operator[](uint32_t index) const noexcept { return LbCandidate::from(raw(index), stride_); }
  // The host's entry: only its first stride() bytes are there (bind_id needs has_bind_id()).
  const smppd_lb_candidate& raw(uint32_t index) const noexcept { return *smppd_lb_candidate_at(first_, stride_, index); }

  Iterator begin() const noexcept { return Iterator(this, 0); }
  Iterator end() const noexcept { return Iterator(this, count_); }

 private:
  const smppd_lb_candidate* first_ = nullptr;
  uint32_t count_ = 0;
  uint32_t stride_ = 0;
};

namespace detail {

template <class Worker>
concept LbWorkerPicks = requires(Worker& worker, const LbCandidates& candidates, const Message& message) {
  { worker.pick(candidates, message) } -> std::convertible_to<int32_t>;
};

}  // namespace detail

template <class P>
class LbPolicyAdapter {
 public:
  using Config = typename P::Config;
  using Worker = typename P::Worker;
  using ConfigBox = detail::ConfigBox<Config>;

  static_assert(std::is_constructible_v<Worker, Config&, int32_t>,
                "an lb policy's Worker must be constructible from (Config&, int32_t worker)");
  static_assert(detail::LbWorkerPicks<Worker>,
                "an lb policy's Worker needs `int32_t pick(const smppd::cxx::LbCandidates&, const smppd::cxx::Message&)`");

  struct WorkerBox {
    WorkerBox(ConfigBox& made_by, int32_t index) : owner(&made_by), worker(made_by.config, index) {}
    ConfigBox* owner;
    Worker worker;
  };

  static int32_t worker_new(void* config, int32_t worker, void** instance_out) noexcept {
    if (config == nullptr || instance_out == nullptr) return SMPPD_E_INVALID;
    *instance_out = nullptr;
    ConfigBox* owner = ConfigBox::of(config);
    try {
      *instance_out = new WorkerBox(*owner, worker);
      return SMPPD_OK;
    } catch (...) {
      owner->host.log_current_exception(LogLevel::error, "worker_new threw; the policy has no instance for this worker");
    }
    return SMPPD_E_INTERNAL;
  }

  static void worker_free(void* instance) noexcept { delete static_cast<WorkerBox*>(instance); }

  static int32_t pick(void* instance, const smppd_lb_candidate* candidates, uint32_t count, uint32_t stride,
                      const smppd_message* message) noexcept {
    if (instance == nullptr) return -1;
    auto* box = static_cast<WorkerBox*>(instance);
    const Host& host = box->owner->host;
    // Members are read at their ABI offsets, bind_id only when the stride covers it: an entry
    // shorter than the members before bind_id is not a candidate.
    if (candidates == nullptr || count == 0 || stride < kLbCandidateMinStride) {
      host.error("pick got no candidates or a stride too small for an smppd_lb_candidate; refusing the message");
      return -1;
    }
    try {
      // The policy reads the message only; Message's writers are not reachable through const&.
      const Message view(const_cast<smppd_message*>(message), host.message_api());
      const int32_t chosen = static_cast<int32_t>(box->worker.pick(LbCandidates(candidates, count, stride), view));
      if (chosen < -1 || (chosen >= 0 && static_cast<uint32_t>(chosen) >= count)) {
        host.error("pick answered an index outside the candidates; refusing the message");
        return -1;
      }
      return chosen;
    } catch (...) {
      host.log_current_exception(LogLevel::error, "pick threw; refusing the message");
    }
    return -1;
  }

  static constexpr smppd_lb_vtable make_vtable() noexcept {
    smppd_lb_vtable table{};
    table.struct_size = static_cast<uint32_t>(sizeof table);
    table.config_new = &ConfigBox::config_new;
    table.config_free = &ConfigBox::config_free;
    table.worker_new = &worker_new;
    table.worker_free = &worker_free;
    table.pick = &pick;
    return table;
  }

  // Constant-initialized: no static constructor runs at dlopen.
  static const smppd_lb_vtable vtable;
};

template <class P>
constexpr smppd_lb_vtable LbPolicyAdapter<P>::vtable = LbPolicyAdapter<P>::make_vtable();

// The smppd_factory entry of policy P, for a constexpr factory array.
template <class P>
constexpr smppd_factory lb_factory() noexcept {
  return detail::make_factory<P>(SMPPD_KIND_LB_POLICY, &LbPolicyAdapter<P>::vtable);
}

}  // namespace smppd::cxx
