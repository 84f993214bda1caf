#include "host/state/state_store.h"

namespace smppd::state {

void StateStore::run(StateOp op, Executor executor, ResultCallback done, Answer answer) {
  std::vector<StateOp> ops;
  ops.push_back(std::move(op));
  if (!done) {
    execute(std::move(ops), std::move(executor), BatchCallback{}, answer);
    return;
  }
  execute(std::move(ops), std::move(executor), [done = std::move(done)](BatchResult batch) {
    if (batch.results.empty()) {
      StateResult result;
      result.status = std::move(batch.status);
      done(std::move(result));
      return;
    }
    done(std::move(batch.results.front()));
  }, answer);
}

}  // namespace smppd::state
