#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smppd::plugins::auth_static {

// Argon2id through libsodium. Verifying costs what the hash says (tens of milliseconds and
// ~19 MiB at OWASP's t=2, m=19 MiB): call it on the host's blocking pool only.

// Throws std::runtime_error when libsodium cannot start. Idempotent, thread-safe.
void initialize_sodium();

// The cost an encoded hash asks for.
struct HashCost {
  uint64_t opslimit = 2;                    // t
  uint64_t memlimit_bytes = 19ull << 20;    // m, in bytes
  friend bool operator==(const HashCost&, const HashCost&) = default;
};

// OWASP's recommendation for Argon2id: t=2, m=19 MiB, p=1.
inline constexpr HashCost kOwaspCost{};

// The cost of "$argon2id$v=19$m=<KiB>,t=<t>,p=<p>$...", or nullopt when it is not one.
std::optional<HashCost> hash_cost(std::string_view encoded);

// Empty when `encoded` is a usable Argon2id hash; otherwise why not.
std::string check_password_hash(std::string_view encoded);

// True when the password matches. Constant time in the password for a given hash.
bool verify_password(const std::string& encoded, std::string_view password);

// A hash of a random password at this cost: verifying against it takes as long as verifying
// a real account of that cost, and never succeeds.
std::string make_dummy_hash(const HashCost& cost);

// Hashes a password (smppd-passwd, tests).
std::string hash_password(std::string_view password, const HashCost& cost);

// Overwrites the string's bytes before it is freed.
void wipe(std::string& secret) noexcept;

}  // namespace smppd::plugins::auth_static
