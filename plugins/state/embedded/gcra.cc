#include "plugins/state/embedded/gcra.h"

#include "smppd/cxx/gcra.hpp"

namespace smppd::plugins::embedded {

GcraDecision gcra_take(int64_t now_us, int64_t tat_us, int64_t amount, int64_t interval_us, int64_t burst) {
  GcraDecision decision;
  if (amount > burst) {
    decision.number = -1;  // more than the bucket holds when full: never
    return decision;
  }
  const cxx::GcraStep step = cxx::gcra_step(tat_us, now_us, amount, interval_us, burst);
  const int64_t backlog = step.backlog;
  if (!step.taken) {
    const int64_t wait_us = backlog - step.allowance;
    decision.number = wait_us / 1000 + (wait_us % 1000 != 0 ? 1 : 0);
    return decision;
  }
  decision.taken = true;
  decision.tat_us = step.tat;
  // Units left: those of the burst not taken now, less every unit (whole or begun) the debt before
  // this take still holds. No product: a saturated allowance would undercount.
  decision.number = burst - amount - (backlog / interval_us + (backlog % interval_us != 0 ? 1 : 0));
  return decision;
}

}  // namespace smppd::plugins::embedded
