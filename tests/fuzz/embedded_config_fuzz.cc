// The embedded state store's config ([state.embedded]): JSON text as the host hands it over (or
// nothing). Whatever the text, the parser refuses it with a ConfigError naming the key, or accepts
// a config that holds what it read; and the database goes where the path says: the path itself
// when absolute, else inside the node's folder, and nowhere (a ConfigError) without one.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "plugins/state/embedded/embedded_config.h"
#include "smppd/cxx/config_box.hpp"
#include "tests/fuzz/config_error_path.h"

namespace {

namespace json = boost::json;
namespace embedded = smppd::plugins::embedded;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

void check_accepted(const embedded::EmbeddedConfig& config, const json::value* document) {
  const json::object* table = document == nullptr ? nullptr : &document->as_object();
  const json::value* path = table == nullptr ? nullptr : table->if_contains("path");
  const json::value* sync = table == nullptr ? nullptr : table->if_contains("sync_writes");
  const json::value* capacity = table == nullptr ? nullptr : table->if_contains("queue_capacity");
  if (path == nullptr) {
    check(config.path.empty());
  } else {
    check(!config.path.empty() && config.path.native() == std::string_view(path->as_string()));
  }
  check(config.sync_writes == (sync != nullptr && sync->as_bool()));
  check(config.queue_capacity >= 1 && config.queue_capacity <= static_cast<size_t>(embedded::kMaxQueueCapacity));
  if (capacity == nullptr) {
    check(config.queue_capacity == 100000);
  } else {
    check(config.queue_capacity == (capacity->is_int64() ? static_cast<size_t>(capacity->get_int64())
                                                         : static_cast<size_t>(capacity->get_uint64())));
  }

  const std::filesystem::path node = "node";
  const std::filesystem::path database = embedded::database_path(config, node);
  if (config.path.is_absolute()) {
    check(database == config.path);
  } else {
    check(database == (config.path.empty() ? node : node / config.path));
  }
  std::optional<std::filesystem::path> without_node;
  std::string refusal;
  try {
    without_node = embedded::database_path(config, {});
  } catch (const smppd::cxx::ConfigError& e) {
    refusal = e.what();
  } catch (...) {
    check(false);
  }
  check(without_node.has_value() == config.path.is_absolute());
  check(without_node ? *without_node == config.path : refusal.starts_with("path: ") && refusal.size() > 6);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto attempt =
      smppd::fuzz::attempt_parse<smppd::cxx::ConfigError>(text, [](std::string_view in) { return embedded::parse_embedded_config(in); });
  const auto& [config, error, json_error, document] = attempt;

  if (text.empty()) {
    // No config at all: the defaults.
    check(config.has_value());
    check_accepted(*config, nullptr);
    return 0;
  }
  if (!config) {
    check(smppd::fuzz::refusal_names_its_place(attempt));
    return 0;
  }
  check(!json_error && document.is_object());
  check_accepted(*config, &document);
  return 0;
}
