// smppctl: a command line over smppd's admin API (docs/admin-api.md).
//
//   smppctl status
//   smppctl --admin 127.0.0.1:9901 stats 'cluster\.sms\.'
//   SMPPD_ADMIN_TOKEN=... smppctl suspend sms smsc-a
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "tools/smppctl/ctl_options.h"
#include "tools/smppctl/ctl_run.h"

int main(int argc, char** argv) {
  namespace ctl = smppd::tools::ctl;
  std::optional<std::string> environment_token;
  if (const char* token = std::getenv("SMPPD_ADMIN_TOKEN"); token != nullptr) environment_token = token;
  const std::vector<std::string> arguments(argv + 1, argv + argc);
  const ctl::CtlParseResult parsed = ctl::parse_ctl_options(arguments, environment_token);
  if (!parsed.help_text.empty()) {
    std::cout << parsed.help_text;
    return 0;
  }
  if (!parsed.options) {
    std::cerr << "smppctl: " << parsed.error << '\n';
    return 2;
  }
  return ctl::run_ctl(*parsed.options, std::cout, std::cerr);
}
