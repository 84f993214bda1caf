// smppd C++ SDK: the state store for filters (host->state, smppd/state.h). A batch of
// cxx::state operations runs as one atomic step and its answer comes to a std::function on a host
// thread, never inside the call; resume the paused request from there:
//
//   smppd::cxx::state::StateClient state(host);
//   const int32_t rc = state.execute({op::Increment{"credit/acme", -1, 0}}, [host, token](BatchResult answer) {
//     host.resume(token, answer.status.ok() ? Verdict::Continue() : Verdict::Stop(SMPPD_STATUS_RTHROTTLED));
//   });
//   if (rc != SMPPD_OK) ...  // no answer will come: decide now (SMPPD_E_BUSY, SMPPD_E_STATE, ...)
//
// Every entry is checked with SMPPD_HAS: a host without the state table answers
// SMPPD_E_UNSUPPORTED.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "smppd/cxx/host.hpp"
#include "smppd/cxx/state.hpp"
#include "smppd/plugin.h"

namespace smppd::cxx::state {

class StateClient {
 public:
  using BatchCallback = std::function<void(BatchResult)>;
  using ResultCallback = std::function<void(StateResult)>;

  StateClient() noexcept = default;
  explicit StateClient(const Host& host) noexcept : host_(host) {}

  // Whether the host has a state store at all (a host older than the state table has none).
  bool supported() const noexcept {
    const smppd_state_api* table = host_.state_api();
    return SMPPD_HAS(table, execute);
  }

  // Whether other nodes share the store (state.h); false on a host that cannot say.
  bool shared() const noexcept {
    const smppd_state_api* table = host_.state_api();
    return SMPPD_HAS(table, shared) && table->shared() != 0;
  }

  // Whether the store answers now; false while a shared store is unreachable (batches then answer
  // `unavailable`) or when the host has none.
  bool available() const noexcept {
    const smppd_state_api* table = host_.state_api();
    return SMPPD_HAS(table, available) && table->available() != 0;
  }

  // Runs `ops` (1 to kMaxBatchOps) in order as one atomic step. SMPPD_OK: `done` is called exactly
  // once, on a host thread, with one result per operation. Otherwise it never is:
  // SMPPD_E_INVALID (a malformed operation), SMPPD_E_BUSY, SMPPD_E_STATE (no store, or stopping),
  // SMPPD_E_UNSUPPORTED (no state table). An exception `done` throws is logged.
  int32_t execute(const std::vector<StateOp>& ops, BatchCallback done) const noexcept {
    const smppd_state_api* table = host_.state_api();
    if (!SMPPD_HAS(table, execute)) return SMPPD_E_UNSUPPORTED;
    if (ops.empty() || ops.size() > kMaxBatchOps || !done) return SMPPD_E_INVALID;
    std::unique_ptr<Call> call;
    try {
      call = std::make_unique<Call>(Call{host_, ops.size(), std::move(done)});
      const COps c_ops(ops);
      const int32_t rc = table->execute(c_ops.data(), c_ops.size(), &Call::answer, call.get());
      if (rc == SMPPD_OK) (void)call.release();  // the host answers it once: Call::answer frees it
      return rc;
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }

  // One operation: a batch of one, answered with its result.
  int32_t run(StateOp op, ResultCallback done) const noexcept {
    if (!done) return SMPPD_E_INVALID;
    try {
      std::vector<StateOp> ops;
      ops.push_back(std::move(op));
      return execute(ops, [done = std::move(done)](BatchResult batch) {
        if (batch.results.empty()) {
          StateResult result;
          result.status = std::move(batch.status);
          done(std::move(result));
          return;
        }
        done(std::move(batch.results.front()));
      });
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }

 private:
  struct Call {
    Host host;
    size_t op_count;
    BatchCallback done;

    static void answer(void* user_data, const smppd_state_batch_result* result) noexcept {
      std::unique_ptr<Call> call(static_cast<Call*>(user_data));
      try {
        call->done(batch_from_c(result, call->op_count));
      } catch (...) {
        call->host.log_current_exception(LogLevel::error, "a state batch's callback threw");
      }
    }
  };

  Host host_;
};

}  // namespace smppd::cxx::state
