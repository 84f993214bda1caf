#pragma once

#include <iosfwd>
#include <string>

#include "tools/smppctl/admin_client.h"
#include "tools/smppctl/ctl_options.h"

namespace smppd::tools::ctl {

// One admin request: the method and the path with its encoded query.
struct AdminRequest {
  HttpMethod method = HttpMethod::get;
  std::string target;
};

// The request behind a command (status makes a second one, GET /ready, of its own).
AdminRequest request_for(const CtlOptions& options);

// Runs the command against the admin API: tables (or the raw JSON with --json) to `out`, errors to
// `err`. Returns the exit code: 0 done, 1 the server could not be reached, refused the request or
// answered something we cannot read.
int run_ctl(const CtlOptions& options, std::ostream& out, std::ostream& err);

}  // namespace smppd::tools::ctl
