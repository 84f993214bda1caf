// The admin API's view of the running server (docs/admin-api.md): readiness, listeners,
// clusters, sessions and the operations on them. Handlers run on the control thread.
#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include "host/admin/config_dump.h"
#include "host/admin/prometheus_view.h"
#include "host/admin/stats_view.h"
#include "host/api/plugin_admin_handlers.h"
#include "host/async/await_callback.h"
#include "host/async/monotonic_clock.h"
#include "host/logging/logging.h"
#include "host/plugin/plugin_kind.h"
#include "host/server/server.h"
#include "host/server/server_session.h"
#include "smppd/host_version.h"
#include "smppd/version.h"

namespace smppd::server {

namespace asio = boost::asio;
namespace json = boost::json;
using admin::AdminRequest;
using admin::AdminResponse;

namespace {

const char* bind_type_name(int32_t bind_type) {
  switch (bind_type) {
    case SMPPD_BIND_TRANSMITTER:
      return "tx";
    case SMPPD_BIND_RECEIVER:
      return "rx";
    case SMPPD_BIND_TRANSCEIVER:
      return "trx";
    default:
      return "none";
  }
}

const char* upstream_bind_type_name(config::BindType type) {
  switch (type) {
    case config::BindType::transmitter:
      return "tx";
    case config::BindType::receiver:
      return "rx";
    case config::BindType::transceiver:
      return "trx";
  }
  return "trx";
}

json::object endpoint_json(upstream::Endpoint& endpoint) {
  json::array binds;
  for (const auto& bind : endpoint.binds) {
    binds.push_back(json::object{{"id", bind->id()},
                                 {"name", bind->name()},
                                 {"bind_type", upstream_bind_type_name(endpoint.config.bind_type)},
                                 {"state", bind->bound() ? (bind->paused() ? "paused" : "bound") : "connecting"},
                                 {"worker", bind->worker()},
                                 {"in_flight", bind->in_flight()},
                                 {"pending", bind->pending()},
                                 {"window", bind->window()}});
  }
  return json::object{{"name", endpoint.config.name},
                      {"address", endpoint.config.address + ":" + std::to_string(endpoint.config.port)},
                      {"healthy", endpoint.healthy.load()},
                      {"ejected", endpoint.ejected(async::monotonic_ns())},
                      {"ejections", endpoint.ejection_count.load()},
                      {"suspended", endpoint.suspended.load()},
                      {"rq_success", endpoint.stats.rq_success.get()},
                      {"rq_error", endpoint.stats.rq_error.get()},
                      {"rq_timeout", endpoint.stats.rq_timeout.get()},
                      {"binds", std::move(binds)}};
}

// Envoy's text form: one "cluster::endpoint::stat::value" per line.
std::string clusters_text(const json::array& clusters) {
  std::string text;
  for (const json::value& cluster_value : clusters) {
    const json::object& cluster = cluster_value.as_object();
    const std::string name(cluster.at("name").as_string());
    text += name + "::pending::" + json::serialize(cluster.at("pending")) + "\n";
    for (const json::value& endpoint_value : cluster.at("endpoints").as_array()) {
      const json::object& endpoint = endpoint_value.as_object();
      const std::string prefix = name + "::" + std::string(endpoint.at("name").as_string());
      for (const char* key : {"address", "healthy", "ejected", "suspended", "rq_success", "rq_error", "rq_timeout"}) {
        text += prefix + "::" + key + "::" + json::serialize(endpoint.at(key)) + "\n";
      }
      for (const json::value& bind_value : endpoint.at("binds").as_array()) {
        const json::object& bind = bind_value.as_object();
        const std::string bind_prefix = prefix + "::bind" + json::serialize(bind.at("id"));
        text += bind_prefix + "::state::" + std::string(bind.at("state").as_string()) + "\n";
        text += bind_prefix + "::in_flight::" + json::serialize(bind.at("in_flight")) + "\n";
      }
    }
  }
  return text;
}

std::optional<uint64_t> parse_id(const std::optional<std::string>& text) {
  if (!text || text->empty() || text->size() > 19) return std::nullopt;
  uint64_t value = 0;
  for (char c : *text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

}  // namespace

std::string Server::readiness() const {
  if (draining_) return "DRAINING";
  if (!live_) return "PRE_INITIALIZING";
  if (healthcheck_failed_) return "HEALTHCHECK_FAILED";
  return "LIVE";
}

json::value Server::clusters_json() const {
  json::array clusters;
  for (size_t i = 0; i < clusters_->size(); ++i) {
    upstream::Cluster& cluster = clusters_->cluster(static_cast<uint32_t>(i));
    json::array endpoints;
    for (auto& endpoint : cluster.endpoints()) endpoints.push_back(endpoint_json(*endpoint));
    clusters.push_back(json::object{{"name", cluster.name()},
                                    {"lb_policy", cluster.config().lb_policy},
                                    {"upstream", cluster.config().upstream},
                                    {"pending", cluster.pending()},
                                    {"endpoints", std::move(endpoints)}});
  }
  return json::object{{"clusters", std::move(clusters)}};
}

json::value Server::listeners_json() const {
  json::array list;
  for (const auto& listener : listeners_) {
    const auto endpoint = listener->local_endpoint();
    list.push_back(json::object{{"name", listener->name()},
                                {"address", endpoint.address().to_string() + ":" + std::to_string(endpoint.port())},
                                {"tls", listener->context().tls != nullptr},
                                {"accepting", listener->accepting()},
                                {"active_connections", listener->context().stats->downstream_cx_active.get()}});
  }
  return json::object{{"listeners", std::move(list)}};
}

json::value Server::plugins_json() const {
  json::array list;
  for (const plugin::LoadedPlugin& loaded : plugins_.plugins()) {
    json::array kinds;
    for (int32_t kind : loaded.kinds) kinds.emplace_back(plugin::kind_name(kind));
    list.push_back(json::object{{"name", loaded.name},
                                {"version", loaded.version},
                                {"abi", std::to_string(loaded.abi.major) + "." + std::to_string(loaded.abi.minor)},
                                {"kinds", std::move(kinds)},
                                {"file", loaded.library_path},
                                {"sha256", loaded.sha256}});
  }
  return json::object{{"plugins", std::move(list)}};
}

asio::awaitable<json::value> Server::sessions_json() {
  json::array all;
  const auto now = std::chrono::steady_clock::now();
  for (size_t worker = 0; worker < workers_.size(); ++worker) {
    // Each worker lists its own sessions: they are only ever touched there.
    json::array listed = co_await async::await_callback<json::array>([&, worker](std::function<void(json::array)> complete) {
      asio::post(workers_.context(worker), [this, worker, now, complete] {
        json::array sessions;
        for (const ServerSession* session : sessions_[worker]) {
          const api::SessionInfo& info = session->info();
          const auto connected = std::chrono::duration_cast<std::chrono::seconds>(now - session->connected_at()).count();
          sessions.push_back(json::object{{"id", info.session_id},
                                          {"listener", info.listener},
                                          {"system_id", info.system_id},
                                          {"bind_type", bind_type_name(info.bind_type)},
                                          {"peer", info.peer_address + ":" + std::to_string(info.peer_port)},
                                          {"tls", info.tls},
                                          {"worker", info.worker},
                                          {"connected_s", std::max<int64_t>(0, connected)},
                                          {"window", session->window()},
                                          {"in_flight", session->requests_in_flight()},
                                          {"requests", session->requests_total()},
                                          {"delivers", session->delivers_total()}});
        }
        complete(std::move(sessions));
      });
    });
    for (auto& session : listed) all.push_back(std::move(session));
  }
  co_return json::object{{"sessions", std::move(all)}};
}

asio::awaitable<bool> Server::unbind_session(uint64_t session_id) {
  for (size_t worker = 0; worker < workers_.size(); ++worker) {
    const bool found = co_await async::await_callback<bool>([&, worker](std::function<void(bool)> complete) {
      asio::post(workers_.context(worker), [this, worker, session_id, complete] {
        for (ServerSession* session : sessions_[worker]) {
          if (session->info().session_id != session_id) continue;
          logging::get("admin")->info("unbinding session {} ({}) on request", session_id, session->info().system_id);
          session->drain();
          complete(true);
          return;
        }
        complete(false);
      });
    });
    if (found) co_return true;
  }
  co_return false;
}

upstream::Endpoint* Server::find_endpoint(const std::string& cluster_name, const std::string& endpoint_name) {
  for (size_t i = 0; i < clusters_->size(); ++i) {
    upstream::Cluster& cluster = clusters_->cluster(static_cast<uint32_t>(i));
    if (cluster.name() != cluster_name) continue;
    for (auto& endpoint : cluster.endpoints()) {
      if (endpoint->config.name == endpoint_name) return endpoint.get();
    }
  }
  return nullptr;
}

namespace {

// Calls a plugin's handler (host->admin->register_handler) on the control thread; a deferred
// answer (host->admin->defer) is awaited there without holding up other admin requests.
admin::AdminHandler plugin_admin_handler(const api::PluginAdminHandler& plugin) {
  return [plugin](const AdminRequest& request) -> asio::awaitable<AdminResponse> {
    api::PluginAdminCall call;
    call.post = request.method == admin::Method::post;
    call.path = request.path;
    call.raw_query = request.raw_query;
    call.body = request.body;
    call.peer = request.peer;
    api::PluginAdminAnswer answer = co_await api::call_plugin_admin_handler(plugin, call);
    AdminResponse response;
    response.status = answer.status;
    response.content_type = std::move(answer.content_type);
    response.body = std::move(answer.body);
    co_return response;
  };
}

}  // namespace

void Server::add_admin_routes() {
  auto& routes = admin_routes_;
  // Plugins' own paths, those registered at load and those a config hook registers later.
  api::PluginAdminHandlers::process().attach([&routes](const api::PluginAdminHandler& plugin) {
    const bool added = plugin.mutation ? routes.add_mutation(plugin.path, plugin.help, plugin_admin_handler(plugin))
                                       : routes.add_read(plugin.path, plugin.help, plugin_admin_handler(plugin));
    if (!added) logging::get("admin")->warn("admin path {} is taken: the plugin's handler is not served", plugin.path);
  });
  auto sync = [](auto body) -> admin::AdminHandler {
    return [body = std::move(body)](const AdminRequest& request) -> asio::awaitable<AdminResponse> { co_return body(request); };
  };

  routes.add_read("/ready", "200 LIVE when serving, 503 with the reason otherwise", sync([this](const AdminRequest&) {
    const std::string state = readiness();
    return admin::text_response(state == "LIVE" ? 200 : 503, state + "\n");
  }));
  routes.add_read("/server_info", "version, state, uptime, node, workers, config file, restart epoch",
                  sync([this](const AdminRequest&) {
                    const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_at_);
                    return admin::json_response(json::object{
                        {"version", kProductVersion},
                        {"state", readiness()},
                        {"uptime_s", uptime.count()},
                        {"node", config_->node.id},
                        {"workers", workers_.size()},
                        {"config_file", config_->source_file},
                        {"base_id", options_.base_id},
                        {"restart_epoch", options_.restart_epoch},
                        {"shared_state", shared_state_json()},
                        {"abi", std::to_string(SMPPD_ABI_VERSION_MAJOR) + "." + std::to_string(SMPPD_ABI_VERSION_MINOR)}});
                  }));
  routes.add_read("/stats", "every stat; ?format=json ?filter=<regex> ?usedonly", sync([](const AdminRequest& request) {
    std::vector<stats::MetricSnapshot> metrics = stats::StatsStore::process().snapshot();
    std::string error;
    if (!admin::select_stats(metrics, {request.param("filter"), request.has("usedonly")}, error)) {
      return admin::error_response(400, error);
    }
    return request.wants_json() ? admin::json_response(admin::stats_json(metrics))
                                : admin::text_response(200, admin::stats_text(metrics));
  }));
  routes.add_read("/stats/prometheus", "the stats in Prometheus text format", sync([](const AdminRequest&) {
    AdminResponse response = admin::text_response(200, admin::prometheus_text(stats::StatsStore::process().snapshot()));
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    return response;
  }));
  routes.add_read("/clusters", "endpoints and binds: health, ejection, in flight; ?format=json",
                  sync([this](const AdminRequest& request) {
                    json::value clusters = clusters_json();
                    if (request.wants_json()) return admin::json_response(clusters);
                    return admin::text_response(200, clusters_text(clusters.at("clusters").as_array()));
                  }));
  add_node_routes(routes);
  routes.add_read("/listeners", "the SMPP listeners", sync([this](const AdminRequest&) { return admin::json_response(listeners_json()); }));
  routes.add_read("/config_dump", "the running config, secrets redacted", sync([this](const AdminRequest&) {
    return admin::json_response(json::object{{"config", admin::redacted_config(*config_)},
                                             {"source_file", config_->source_file},
                                             {"last_reload", last_reload_}});
  }));
  routes.add_read("/plugins", "loaded plugins: version, ABI, kinds, file, sha256",
                  sync([this](const AdminRequest&) { return admin::json_response(plugins_json()); }));
  routes.add_read("/logging", "each logger's level", sync([](const AdminRequest&) {
    json::object loggers;
    for (const auto& [name, level] : logging::levels()) loggers[name] = level;
    return admin::json_response(json::object{{"loggers", std::move(loggers)}});
  }));
  routes.add_mutation("/logging", "?level=<level> for all, ?<logger>=<level> for one", sync([](const AdminRequest& request) {
    if (request.query.empty()) return admin::error_response(400, "say ?level=<level> or ?<logger>=<level>");
    for (const auto& [key, value] : request.query) {
      const auto level = logging::parse_level(value);
      if (!level) return admin::error_response(400, "unknown level '" + value + "' (trace debug info warning error critical off)");
      if (!logging::set_level(key == "level" ? std::string() : key, *level)) {
        return admin::error_response(400, "no logger named '" + key + "'");
      }
    }
    json::object loggers;
    for (const auto& [name, level] : logging::levels()) loggers[name] = level;
    return admin::json_response(json::object{{"loggers", std::move(loggers)}});
  }));
  routes.add_read("/sessions", "bound clients: system_id, bind type, peer, window use, counters",
                  [this](const AdminRequest&) -> asio::awaitable<AdminResponse> { co_return admin::json_response(co_await sessions_json()); });
  routes.add_mutation("/sessions/unbind", "?id=<session id>: drain and unbind one client session",
                      [this](const AdminRequest& request) -> asio::awaitable<AdminResponse> {
                        const auto id = parse_id(request.param("id"));
                        if (!id) co_return admin::error_response(400, "say ?id=<session id> (GET /sessions lists them)");
                        if (!co_await unbind_session(*id)) co_return admin::error_response(404, "no session " + std::to_string(*id));
                        co_return admin::json_response(json::object{{"unbinding", *id}});
                      });
  for (const bool suspend : {true, false}) {
    routes.add_mutation(suspend ? "/clusters/suspend" : "/clusters/resume",
                        suspend ? "?cluster=<c>&endpoint=<e>: the endpoint takes no new messages"
                                : "?cluster=<c>&endpoint=<e>: the endpoint takes messages again",
                        sync([this, suspend](const AdminRequest& request) {
                          const auto cluster = request.param("cluster");
                          const auto endpoint_name = request.param("endpoint");
                          if (!cluster || !endpoint_name) return admin::error_response(400, "say ?cluster=<name>&endpoint=<name>");
                          upstream::Endpoint* endpoint = find_endpoint(*cluster, *endpoint_name);
                          if (endpoint == nullptr) return admin::error_response(404, "no endpoint " + *endpoint_name + " in cluster " + *cluster);
                          endpoint->suspended.store(suspend);
                          logging::get("admin")->warn("cluster {}: endpoint {} {}", *cluster, *endpoint_name,
                                                      suspend ? "suspended" : "resumed");
                          return admin::json_response(endpoint_json(*endpoint));
                        }));
  }
  routes.add_mutation("/healthcheck/fail", "/ready answers 503 (take this node out of the load balancer)",
                      sync([this](const AdminRequest&) {
                        healthcheck_failed_ = true;
                        return admin::text_response(200, "OK\n");
                      }));
  routes.add_mutation("/healthcheck/ok", "/ready answers 200 again", sync([this](const AdminRequest&) {
    healthcheck_failed_ = false;
    return admin::text_response(200, "OK\n");
  }));
  routes.add_mutation("/drain_listeners", "stop accepting; ?graceful also drains bound sessions",
                      sync([this](const AdminRequest& request) {
                        drain_listeners(request.has("graceful"));
                        return admin::text_response(200, "OK\n");
                      }));
  routes.add_mutation("/reload", "what SIGHUP does: read, check and swap the config file",
                      [this](const AdminRequest&) -> asio::awaitable<AdminResponse> {
                        const ReloadOutcome outcome = co_await reload("admin");
                        co_return admin::json_response(json::object{{"ok", outcome.ok}, {"error", outcome.error}},
                                                       outcome.ok ? 200 : 409);
                      });
  routes.add_mutation("/quitquitquit", "drain, then exit", sync([this](const AdminRequest&) {
    logging::get("admin")->info("quitquitquit: draining, then exiting");
    shutdown();
    return admin::text_response(200, "OK\n");
  }));
}

}  // namespace smppd::server
