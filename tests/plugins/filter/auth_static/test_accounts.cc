#include "tests/plugins/filter/auth_static/test_accounts.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <stdexcept>

#include "plugins/filter/auth_static/password_verifier.h"

namespace smppd::plugins::auth_static::testing {

const std::string& cheap_hash(const std::string& password) {
  static std::mutex mutex;
  static std::map<std::string, std::string> hashes;
  std::lock_guard lock(mutex);
  auto it = hashes.find(password);
  if (it == hashes.end()) {
    initialize_sodium();
    it = hashes.emplace(password, hash_password(password, HashCost{1, 8192})).first;
  }
  return it->second;
}

std::string account_json(std::string_view system_id, std::string_view password, std::string_view extra) {
  return "{\"system_id\": \"" + std::string(system_id) + "\", \"password_hash\": \"" +
         cheap_hash(std::string(password)) + "\"" + std::string(extra) + "}";
}

std::string config_json(const std::vector<std::string>& accounts, std::string_view more) {
  std::string json = "{\"accounts\": [";
  for (size_t i = 0; i < accounts.size(); ++i) json += (i == 0 ? "" : ", ") + accounts[i];
  json += "]";
  json += more;
  json += "}";
  return json;
}

std::string account_toml(std::string_view system_id, std::string_view password, std::string_view extra) {
  return "[[accounts]]\nsystem_id = \"" + std::string(system_id) + "\"\npassword_hash = \"" +
         cheap_hash(std::string(password)) + "\"\n" + std::string(extra) + "\n";
}

TempDir::TempDir() {
  std::string pattern = ::testing::TempDir() + "smppd-auth-static-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void TempDir::replace(std::string_view name, std::string_view text) const {
  const std::string temporary = file(std::string(name) + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + temporary);
  }
  std::filesystem::rename(temporary, file(name));
}

void TempDir::overwrite(std::string_view name, std::string_view text) const {
  std::ofstream out(file(name), std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + file(name));
}

}  // namespace smppd::plugins::auth_static::testing
