#include "plugins/filter/auth_static/password_verifier.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <stdexcept>

namespace smppd::plugins::auth_static {
namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$";
// A hash asking for more than this per check would let a handful of binds exhaust memory.
constexpr uint64_t kMaxMemlimitBytes = 1ull << 30;
constexpr uint64_t kMaxOpslimit = 64;

// Reads "<key>=<digits>" at the front of `text`, then skips one `separator`.
bool read_parameter(std::string_view& text, std::string_view key, char separator, uint64_t& value) {
  if (text.substr(0, key.size()) != key || text.size() <= key.size() || text[key.size()] != '=') return false;
  text.remove_prefix(key.size() + 1);
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end == text.data()) return false;
  text.remove_prefix(static_cast<size_t>(end - text.data()));
  if (text.empty() || text.front() != separator) return false;
  text.remove_prefix(1);
  return true;
}

}  // namespace

void initialize_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
}

std::optional<HashCost> hash_cost(std::string_view encoded) {
  if (encoded.substr(0, kArgon2idPrefix.size()) != kArgon2idPrefix) return std::nullopt;
  std::string_view rest = encoded.substr(kArgon2idPrefix.size());
  uint64_t version = 0;
  uint64_t memory_kib = 0;
  uint64_t time = 0;
  uint64_t lanes = 0;
  if (!read_parameter(rest, "v", '$', version) || !read_parameter(rest, "m", ',', memory_kib) ||
      !read_parameter(rest, "t", ',', time) || !read_parameter(rest, "p", '$', lanes)) {
    return std::nullopt;
  }
  if (memory_kib == 0 || memory_kib > (UINT64_MAX >> 10) || time == 0 || lanes == 0) return std::nullopt;
  return HashCost{time, memory_kib << 10};
}

std::string check_password_hash(std::string_view encoded) {
  if (encoded.size() >= crypto_pwhash_STRBYTES) return "is longer than an Argon2id hash can be";
  if (encoded.substr(0, kArgon2idPrefix.size()) != kArgon2idPrefix) {
    return "is not an Argon2id hash (it starts with \"$argon2id$\"; make one with smppd-passwd)";
  }
  const auto cost = hash_cost(encoded);
  if (!cost) return "is not a well-formed Argon2id hash";
  if (cost->memlimit_bytes > kMaxMemlimitBytes) return "asks for more than 1 GiB of memory per check";
  if (cost->opslimit > kMaxOpslimit) return "asks for more than 64 passes per check";
  const std::string terminated(encoded);
  if (crypto_pwhash_str_needs_rehash(terminated.c_str(), cost->opslimit, static_cast<size_t>(cost->memlimit_bytes)) < 0) {
    return "is not a well-formed Argon2id hash";
  }
  return {};
}

bool verify_password(const std::string& encoded, std::string_view password) {
  static constexpr char kEmpty[] = "";
  const char* data = password.empty() ? kEmpty : password.data();
  return crypto_pwhash_str_verify(encoded.c_str(), data, password.size()) == 0;
}

std::string hash_password(std::string_view password, const HashCost& cost) {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  const uint64_t opslimit = std::max<uint64_t>(cost.opslimit, crypto_pwhash_argon2id_OPSLIMIT_MIN);
  const uint64_t memlimit = std::max<uint64_t>(cost.memlimit_bytes, crypto_pwhash_argon2id_MEMLIMIT_MIN);
  static constexpr char kEmpty[] = "";
  const char* data = password.empty() ? kEmpty : password.data();
  if (crypto_pwhash_str_alg(out.data(), data, password.size(), opslimit, static_cast<size_t>(memlimit),
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("Argon2id hashing failed (out of memory?)");
  }
  return std::string(out.data());
}

std::string make_dummy_hash(const HashCost& cost) {
  std::array<unsigned char, 32> random{};
  randombytes_buf(random.data(), random.size());
  std::string password(reinterpret_cast<const char*>(random.data()), random.size());
  std::string hash = hash_password(password, cost);
  wipe(password);
  sodium_memzero(random.data(), random.size());
  return hash;
}

void wipe(std::string& secret) noexcept {
  secret.resize(secret.capacity());
  sodium_memzero(secret.data(), secret.size());
  secret.clear();
}

}  // namespace smppd::plugins::auth_static
