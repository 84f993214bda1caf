#pragma once

#include <cstdint>

namespace smppd::router {

// A fast, non-cryptographic random number from a generator each thread owns: spreads weighted
// routes without a lock or a shared cache line. Not for anything an attacker must not predict.
uint64_t thread_random();

}  // namespace smppd::router
