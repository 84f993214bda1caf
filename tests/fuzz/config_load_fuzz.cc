// smppd.toml is written by operators, by templating tools and by hand under pressure. Whatever
// the text, the loader answers with a config or with errors that say where and what; and a config
// it accepts is one it accepts again from that config printed back as TOML.
#include <toml++/toml.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>

#include "host/codec/text/utf8.h"
#include "host/config/config_loader.h"

namespace {

using smppd::config::Config;
using smppd::config::ConfigError;
using smppd::config::LoadResult;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

// Relative paths in the text start at the test data folder, so the real configs among the seeds
// (tests/data/config/full.toml) find their certificates and secret files and load.
const std::string kFileName = std::string(SMPPD_FUZZ_CONFIG_DIR) + "/fuzz.toml";

const smppd::config::SecretResolver& secrets() {
  static const auto resolver = smppd::config::SecretResolver::from_map({
      {"DEMO_PASSWORD", "demo-secret"},
      {"SMSC_A_PASSWORD", "smsc-a-secret"},
      {"EMPTY", ""},
      {"DOLLARS", "$${NOT_EXPANDED}"},  // values are taken as they are, never expanded again
  });
  return resolver;
}

const smppd::config::SecretResolver& no_secrets() {
  static const auto resolver = smppd::config::SecretResolver::from_map({});
  return resolver;
}

void check_errors(const LoadResult& result) {
  // A config or errors, never both, never neither.
  check(result.config.has_value() == result.errors.empty());
  for (const ConfigError& error : result.errors) {
    check(!error.message.empty());
    check(error.where.file == kFileName);
    check((error.where.line == 0) == (error.where.column == 0));
    check(error.to_string().starts_with(kFileName + ":"));
  }
  // In file order, as --mode validate prints them.
  check(std::is_sorted(result.errors.begin(), result.errors.end(), [](const ConfigError& a, const ConfigError& b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  }));
}

// What the loader promises about a config it accepted, beyond each value's own range.
void check_accepted(const Config& config) {
  check(config.document != nullptr);
  check(!config.node.id.empty());
  check(std::is_sorted(config.sensitive_key_paths.begin(), config.sensitive_key_paths.end()));
  for (const auto& listener : config.listeners) {
    check(!listener.name.empty());
    check(!listener.tls || !listener.tls->require_client_cert || listener.tls->client_ca_file.has_value());
    for (const auto& filter : listener.filters) {
      check(filter.config.table != nullptr);
      check(filter.config.json.starts_with('{') && filter.config.json.ends_with('}'));
    }
  }
  std::map<std::string, int> cluster_names;
  for (const auto& cluster : config.clusters) {
    check(++cluster_names[cluster.name] == 1);
    check(cluster.upstream != smppd::config::kSmppUpstream || !cluster.endpoints.empty());
    for (const auto& endpoint : cluster.endpoints) {
      check(endpoint.reconnect_min <= endpoint.reconnect_max);
      check(!endpoint.system_id.empty() && endpoint.system_id.size() <= 15);
    }
  }
  for (const auto& route : config.routes) {
    if (const auto* to_cluster = std::get_if<smppd::config::RouteToCluster>(&route.action)) {
      check(cluster_names.contains(to_cluster->cluster));
    } else if (const auto* weighted = std::get_if<smppd::config::RouteToWeightedClusters>(&route.action)) {
      check(!weighted->clusters.empty());
      uint64_t total = 0;
      for (const auto& entry : weighted->clusters) {
        check(cluster_names.contains(entry.cluster));
        total += entry.weight;
      }
      check(total > 0);
    } else {
      check(std::get<smppd::config::RouteReject>(route.action).status != 0);
    }
  }
  for (const auto& mo_route : config.mo_routes) {
    for (const std::string& cluster : mo_route.match.cluster) check(cluster_names.contains(cluster));
  }
}

// Expanded secrets and "$$" are plain text by now: doubling every "$" makes the printed document
// say exactly what was loaded.
void escape_dollars(toml::node& node) {
  if (toml::table* table = node.as_table()) {
    for (auto& [key, value] : *table) {
      escape_dollars(value);
    }
  } else if (toml::array* array = node.as_array()) {
    for (toml::node& element : *array) {
      escape_dollars(element);
    }
  } else if (auto* text = node.as_string()) {
    std::string escaped;
    for (char c : text->get()) {
      escaped += c == '$' ? "$$" : std::string(1, c);
    }
    *text = std::move(escaped);
  }
}

// A secret file may hold any octets, and TOML text can only carry UTF-8.
bool all_strings_utf8(const toml::node& node) {
  if (const toml::table* table = node.as_table()) {
    return std::all_of(table->begin(), table->end(), [](const auto& entry) { return all_strings_utf8(entry.second); });
  }
  if (const toml::array* array = node.as_array()) {
    return std::all_of(array->begin(), array->end(), [](const toml::node& element) { return all_strings_utf8(element); });
  }
  if (const auto* text = node.as_string()) {
    return smppd::codec::is_valid_utf8(text->get());
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  LoadResult first;
  try {
    first = smppd::config::load_config_text(text, kFileName, secrets());
  } catch (...) {
    check(false);  // the loader reports, it never throws
  }
  check_errors(first);
  if (!first.config) return 0;
  const Config& config = *first.config;
  check_accepted(config);
  if (!all_strings_utf8(*config.document)) return 0;

  // The accepted document, printed back, loads again to the same document.
  toml::table printed_document = *config.document;
  escape_dollars(printed_document);
  std::ostringstream printed;
  printed << toml::toml_formatter(printed_document, toml::format_flags::none);
  const LoadResult second = smppd::config::load_config_text(printed.str(), kFileName, no_secrets());
  check_errors(second);
  check(second.config.has_value());
  check(*second.config->document == *config.document);
  check(second.config->listeners.size() == config.listeners.size());
  check(second.config->clusters.size() == config.clusters.size());
  check(second.config->routes.size() == config.routes.size());
  check(second.config->mo_routes.size() == config.mo_routes.size());
  // Credential-named keys stay sensitive; what came from a secret reference is plain text now.
  check(std::includes(config.sensitive_key_paths.begin(), config.sensitive_key_paths.end(),
                      second.config->sensitive_key_paths.begin(), second.config->sensitive_key_paths.end()));
  return 0;
}
