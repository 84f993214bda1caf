// The enquire_link health checker's config: JSON text as the host hands it over, or nothing. The
// checker has no settings of its own, so it accepts exactly no table at all (nothing, or JSON's
// whitespace) and the empty table, and refuses anything else with a ConfigError: not JSON, not a
// table, or naming a key of the table (the cluster's health_check table has the timing).
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "plugins/health/enquire_link/checker_config.h"
#include "smppd/cxx/config_box.hpp"
#include "tests/fuzz/config_error_path.h"

namespace {

namespace json = boost::json;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto attempt = smppd::fuzz::attempt_parse<smppd::cxx::ConfigError>(text, [](std::string_view in) {
    smppd::plugins::enquire_link::check_checker_config(in);
    return true;
  });
  const auto& [checked, error, json_error, document] = attempt;
  const bool accepted = checked.has_value();

  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    check(accepted);
    return 0;
  }
  const bool empty_table = !json_error && document.is_object() && document.get_object().empty();
  check(accepted == empty_table);
  if (accepted) return 0;
  if (const auto holds = smppd::fuzz::document_refusal_holds(attempt)) {
    check(*holds);
  } else {
    // The first key written, whatever it holds.
    const auto& first = *document.get_object().begin();
    const std::string key(first.key().data(), first.key().size());
    check(error == std::string(key.c_str()) || key.find('\0') == std::string::npos);
    if (key.find('\0') == std::string::npos) {
      check(error == key + ": enquire_link has no settings (the cluster's health_check table has the timing)");
    }
    if (!smppd::fuzz::holds_nul(document)) check(smppd::fuzz::names_a_key_path(error, document, {}));
  }
  return 0;
}
