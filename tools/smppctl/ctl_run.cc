#include "tools/smppctl/ctl_run.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "tools/smppctl/admin_views.h"

namespace smppd::tools::ctl {

namespace json = boost::json;

namespace {

// The JSON reads, shown as tables unless --json.
using View = std::optional<std::string> (*)(const json::value&);

void print_body(std::ostream& out, const std::string& body) {
  out << body;
  if (!body.empty() && body.back() != '\n') out << '\n';
}

// The answer of one call, or nothing after printing why there is none. A status of 400 or more is
// a refusal; its body says why (401: the token, 400: the query, ...).
std::optional<AdminAnswer> call(const AdminClient& client, const AdminRequest& request, std::ostream& err,
                                bool refusal_expected = false) {
  AdminCallResult result = client.call(request.method, request.target);
  if (!result.answer) {
    err << "smppctl: " << result.error << '\n';
    return std::nullopt;
  }
  if (result.answer->status >= 400 && !refusal_expected) {
    err << "smppctl: " << method_name(request.method) << ' ' << request.target << " on " << client.address()
        << ": " << result.answer->status << ' ' << result.answer->reason << '\n';
    print_body(err, result.answer->body);
    return std::nullopt;
  }
  return std::move(result.answer);
}

std::optional<json::value> parse_json(const AdminRequest& request, const std::string& body, std::ostream& err) {
  boost::system::error_code error;
  json::value value = json::parse(body, error);
  if (error) {
    err << "smppctl: " << method_name(request.method) << ' ' << request.target << " answered no JSON ("
        << error.message() << "):\n";
    print_body(err, body);
    return std::nullopt;
  }
  return value;
}

int run_status(const AdminClient& client, const CtlOptions& options, std::ostream& out, std::ostream& err) {
  const AdminRequest info_request = request_for(options);
  const std::optional<AdminAnswer> info = call(client, info_request, err);
  if (!info) return 1;
  // 503 from /ready is an answer (warming, draining, failed health check), not a failure.
  const AdminRequest ready_request{HttpMethod::get, "/ready"};
  const std::optional<AdminAnswer> ready = call(client, ready_request, err, true);
  if (!ready) return 1;
  if (ready->status != 200 && ready->status != 503) {
    err << "smppctl: GET /ready on " << client.address() << ": " << ready->status << ' ' << ready->reason << '\n';
    print_body(err, ready->body);
    return 1;
  }
  std::optional<json::value> server_info = parse_json(info_request, info->body, err);
  if (!server_info) return 1;
  if (options.json) {
    std::string state = ready->body;
    state.erase(state.find_last_not_of(" \r\n") + 1);
    const json::object combined = {{"server_info", std::move(*server_info)},
                                   {"ready", {{"status", ready->status}, {"state", state}}}};
    out << json::serialize(combined) << '\n';
    return 0;
  }
  const std::optional<std::string> text = render_status(*server_info, ready->status, ready->body);
  if (!text) {
    err << "smppctl: GET /server_info answered JSON that is not an object:\n";
    print_body(err, info->body);
    return 1;
  }
  out << *text;
  return 0;
}

int run_read(const AdminClient& client, const CtlOptions& options, View view, std::ostream& out,
             std::ostream& err) {
  const AdminRequest request = request_for(options);
  const std::optional<AdminAnswer> answer = call(client, request, err);
  if (!answer) return 1;
  if (options.json) {
    print_body(out, answer->body);
    return 0;
  }
  const std::optional<json::value> value = parse_json(request, answer->body, err);
  if (!value) return 1;
  const std::optional<std::string> text = view(*value);
  if (!text) {
    err << "smppctl: GET " << request.target << " answered JSON of another shape:\n";
    print_body(err, answer->body);
    return 1;
  }
  out << *text;
  return 0;
}

// POST /reload answers {"ok": .., "error": ..}: a refused config is a failure even with 200.
int run_reload(const AdminClient& client, const CtlOptions& options, std::ostream& out, std::ostream& err) {
  const AdminRequest request = request_for(options);
  const std::optional<AdminAnswer> answer = call(client, request, err);
  if (!answer) return 1;
  const std::optional<json::value> value = parse_json(request, answer->body, err);
  if (!value) return 1;
  const json::object* result = value->if_object();
  const json::value* ok = result != nullptr ? result->if_contains("ok") : nullptr;
  const bool reloaded = ok != nullptr && ok->is_bool() && ok->get_bool();
  if (options.json) {
    print_body(out, answer->body);
  } else if (reloaded) {
    out << "reloaded\n";
  } else {
    err << "smppctl: reload failed: " << cell_text(result != nullptr ? result->if_contains("error") : nullptr)
        << '\n';
  }
  return reloaded ? 0 : 1;
}

int run_mutation(const AdminClient& client, const CtlOptions& options, std::ostream& out, std::ostream& err) {
  const std::optional<AdminAnswer> answer = call(client, request_for(options), err);
  if (!answer) return 1;
  if (answer->body.empty()) {
    if (!options.json) out << command_name(options.command) << ": " << answer->status << ' ' << answer->reason << '\n';
  } else {
    print_body(out, answer->body);
  }
  return 0;
}

}  // namespace

AdminRequest request_for(const CtlOptions& options) {
  auto query = [](const std::string& key, const std::string& value) {
    return percent_encode(key) + "=" + percent_encode(value);
  };
  switch (options.command) {
    case CtlCommand::status:
      return {HttpMethod::get, "/server_info"};
    case CtlCommand::stats:
      if (options.stats_filter.empty()) return {HttpMethod::get, "/stats?format=json"};
      return {HttpMethod::get, "/stats?format=json&" + query("filter", options.stats_filter)};
    case CtlCommand::clusters:
      return {HttpMethod::get, "/clusters?format=json"};
    case CtlCommand::sessions:
      return {HttpMethod::get, "/sessions"};
    case CtlCommand::unbind:
      return {HttpMethod::post, "/sessions/unbind?" + query("id", options.session_id)};
    case CtlCommand::drain:
      return {HttpMethod::post, options.graceful ? "/drain_listeners?graceful" : "/drain_listeners"};
    case CtlCommand::reload:
      return {HttpMethod::post, "/reload"};
    case CtlCommand::log_level:
      return {HttpMethod::post,
              "/logging?" + query(options.logger.empty() ? std::string("level") : options.logger, options.level)};
    case CtlCommand::suspend:
    case CtlCommand::resume:
      return {HttpMethod::post, std::string("/clusters/") + command_name(options.command) + "?" +
                                    query("cluster", options.cluster) + "&" + query("endpoint", options.endpoint)};
    case CtlCommand::quit:
      return {HttpMethod::post, "/quitquitquit"};
  }
  return {};
}

int run_ctl(const CtlOptions& options, std::ostream& out, std::ostream& err) {
  const AdminClient client(options.admin_host, options.admin_port, options.token, options.timeout);
  switch (options.command) {
    case CtlCommand::status:
      return run_status(client, options, out, err);
    case CtlCommand::stats:
      return run_read(client, options, &render_stats, out, err);
    case CtlCommand::clusters:
      return run_read(client, options, &render_clusters, out, err);
    case CtlCommand::sessions:
      return run_read(client, options, &render_sessions, out, err);
    case CtlCommand::reload:
      return run_reload(client, options, out, err);
    case CtlCommand::unbind:
    case CtlCommand::drain:
    case CtlCommand::log_level:
    case CtlCommand::suspend:
    case CtlCommand::resume:
    case CtlCommand::quit:
      return run_mutation(client, options, out, err);
  }
  return 1;
}

}  // namespace smppd::tools::ctl
