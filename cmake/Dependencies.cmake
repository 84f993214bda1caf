# One version of each dependency in the whole build (docs/dependencies.md, DESIGN.md section 7).
# Boost is pinned to 1.81: Debian 12 also ships 1.74, and mixing the two links two ABIs.
find_package(Boost 1.81.0 EXACT CONFIG REQUIRED COMPONENTS program_options json url)
find_package(fmt 9 CONFIG REQUIRED)
find_package(spdlog 1.10 CONFIG REQUIRED)
find_package(tomlplusplus 3.3 CONFIG REQUIRED)
find_package(OpenSSL 3.0 REQUIRED)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium>=1.0.18)
# Route patterns (RE2: linear time, no catastrophic backtracking on operator regexes).
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
# The firewall filter (plugins/filter/firewall): every rule's keywords and patterns in one
# Hyperscan database, and time-of-day windows in IANA zones (Howard Hinnant's date/tz over the
# system's tz database).
pkg_check_modules(HYPERSCAN REQUIRED IMPORTED_TARGET libhs>=5.4)
find_package(date 3.0 CONFIG REQUIRED)
# The embedded state store: message id mappings, the receipt outbox (RocksDB::rocksdb-shared).
find_package(RocksDB 7.8 CONFIG REQUIRED)
# The redis state store plugin (plugins/state/redis): hiredis's async API, driven by Asio.
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET GLOBAL hiredis>=0.14)
add_library(hiredis::hiredis ALIAS PkgConfig::HIREDIS)
# smppd's allocator (docs/dependencies.md): glibc's malloc serializes on its arena locks when one
# thread frees what another allocated, as the workers and the state store's thread do for every
# message with a receipt.
if(SMPPD_JEMALLOC AND NOT SMPPD_SANITIZE)
  pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc>=5.3)
endif()

if(SMPPD_TESTS)
  find_package(GTest 1.12 CONFIG REQUIRED)
  find_package(ICU 72 REQUIRED COMPONENTS uc)
endif()
if(SMPPD_BENCH)
  find_package(benchmark 1.7 CONFIG REQUIRED)
endif()
