// Live reload (docs/operations.md): the config file is read and checked again; a valid one
// replaces routes, clusters and listeners while smppd serves, an invalid one changes nothing.
#include <sys/stat.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include <chrono>

#include "host/config/config_loader.h"
#include "host/config/toml_json.h"
#include "host/filter/filter_chain_builder.h"
#include "host/logging/logging.h"
#include "host/server/server.h"
#include "host/server/server_session.h"
#include "host/server/spawn_logged.h"
#include "host/stats/stats_store.h"
#include "host/systemd/systemd_notify.h"

namespace smppd::server {

namespace asio = boost::asio;

namespace {

const auto& log() {
  static const auto logger = logging::get("reload");
  return logger;
}

// How often retire_generations() looks at the generations a reload replaced.
constexpr auto kRetirePoll = std::chrono::milliseconds(100);

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += (text.empty() ? "" : "\n") + line;
  return text;
}

// The top-level table `key` of a config's document, or nullptr.
const toml::node* table_of(const config::Config& config, std::string_view key) {
  return config.document ? config.document->get(key) : nullptr;
}

bool same_node(const toml::node* a, const toml::node* b) {
  if (a == nullptr || b == nullptr) return a == b;
  return config::to_json(*a) == config::to_json(*b);
}

// The table named `name` in the array of tables `key` ("listeners", "clusters") of a config.
const toml::node* named_table(const config::Config& config, std::string_view key, const std::string& name) {
  const toml::node* array = table_of(config, key);
  if (array == nullptr || !array->is_array()) return nullptr;
  for (const toml::node& element : *array->as_array()) {
    const toml::table* table = element.as_table();
    if (table != nullptr && table->get("name") != nullptr && table->get("name")->value_or(std::string()) == name) {
      return &element;
    }
  }
  return nullptr;
}

// The running clusters the next config leaves unchanged, by index in its Config::clusters (null:
// new or changed). They are carried on with their binds, health and outlier state: an SMSC that
// caps the binds per account would refuse a second set while the first is still bound.
std::vector<std::shared_ptr<upstream::Cluster>> unchanged_clusters(const config::Config& running,
                                                                   const upstream::ClusterManager& clusters,
                                                                   const config::Config& next) {
  std::vector<std::shared_ptr<upstream::Cluster>> carried(next.clusters.size());
  for (size_t i = 0; i < next.clusters.size(); ++i) {
    const std::string& name = next.clusters[i].name;
    const toml::node* after = named_table(next, "clusters", name);
    if (after != nullptr && same_node(named_table(running, "clusters", name), after)) carried[i] = clusters.find(name);
  }
  return carried;
}

const config::ListenerConfig* find_listener(const config::Config& config, const std::string& name) {
  for (const config::ListenerConfig& listener : config.listeners) {
    if (listener.name == name) return &listener;
  }
  return nullptr;
}

// What a reload cannot change in a running process: these take effect at the next (hot) restart.
std::vector<std::string> restart_only_changes(const config::Config& running, const config::Config& next) {
  std::vector<std::string> changed;
  for (const char* key : {"node", "admin", "plugins", "state", "access_log"}) {
    if (!same_node(table_of(running, key), table_of(next, key))) changed.emplace_back(key);
  }
  return changed;
}

int64_t unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

struct FileVersion {
  bool exists = false;
  timespec modified{};
  off_t size = 0;
  ino_t inode = 0;

  bool operator==(const FileVersion& other) const {
    return exists == other.exists && modified.tv_sec == other.modified.tv_sec &&
           modified.tv_nsec == other.modified.tv_nsec && size == other.size && inode == other.inode;
  }
};

// stat() follows a symlink: a Kubernetes ConfigMap swaps the link's target, not the file.
FileVersion version_of(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return {};
  return {true, info.st_mtim, info.st_size, info.st_ino};
}

}  // namespace

asio::awaitable<Server::ReloadOutcome> Server::reload(std::string trigger) {
  static stats::Metric& successes = stats::StatsStore::process().counter("smppd.server.reload_success", "reloads that took effect");
  static stats::Metric& failures =
      stats::StatsStore::process().counter("smppd.server.reload_failure", "reloads refused: the running config stayed");
  ReloadOutcome outcome;
  if (reloading_) {
    outcome.error = "a reload is running already";
  } else if (draining_) {
    outcome.error = "smppd is draining";
  } else if (!live_) {
    outcome.error = "smppd is still starting (warming its clusters)";
  } else {
    reloading_ = true;
    systemd::notify_reloading();
    log()->info("{}: reloading {}", trigger, config_->source_file);
    outcome = co_await reload_from_file();
    reloading_ = false;
    systemd::notify_ready();
  }
  (outcome.ok ? successes : failures).add(1);
  if (outcome.ok) {
    log()->info("{}: reloaded {}", trigger, config_->source_file);
  } else {
    log()->error("{}: reload refused, the running config stays: {}", trigger, outcome.error);
  }
  last_reload_ = boost::json::object{{"ok", outcome.ok}, {"at", unix_seconds()}, {"trigger", trigger}, {"error", outcome.error}};
  co_return outcome;
}

asio::awaitable<Server::ReloadOutcome> Server::reload_from_file() {
  config::LoadResult loaded = config::load_config_file(config_->source_file);
  if (!loaded.config) {
    std::vector<std::string> errors;
    for (const auto& error : loaded.errors) errors.push_back(error.to_string());
    co_return ReloadOutcome{false, joined(errors)};
  }
  auto next = std::make_shared<const config::Config>(std::move(*loaded.config));
  for (const std::string& key : restart_only_changes(*config_, *next)) {
    log()->warn("[{}] changed: it takes effect at the next restart; the running process keeps the old one", key);
  }

  // Everything is made before anything is swapped: a config that fails here changes nothing.
  std::vector<std::string> errors;
  auto router = router::build_router(*next, errors);
  auto mo_router = router::build_mo_router(*next, errors);
  auto clusters = std::make_unique<upstream::ClusterManager>(next, plugins_, workers_, control_);
  const std::vector<std::shared_ptr<upstream::Cluster>> carried = unchanged_clusters(*config_, *clusters_, *next);
  clusters->build(errors, carried);
  std::vector<std::shared_ptr<ListenerContext>> contexts = make_listener_contexts(*next, errors);
  if (!errors.empty()) co_return ReloadOutcome{false, joined(errors)};

  // Unchanged clusters carry on as they are; new and changed ones bind next to the old ones and
  // take traffic once warm (or after the longest warm timeout of the listeners, as at start).
  for (const auto& cluster : carried) {
    if (cluster) log()->info("cluster {}: unchanged: keeps its binds", cluster->name());
  }
  clusters->start(*inbound_);
  std::chrono::milliseconds warm_timeout{0};
  for (const config::ListenerConfig& listener : next->listeners) warm_timeout = std::max(warm_timeout, listener.warm_timeout);
  const std::vector<uint32_t> routed = routed_clusters(*next);
  const auto give_up = std::chrono::steady_clock::now() + warm_timeout;
  asio::steady_timer timer(control_);
  while (!clusters->warm(routed) && std::chrono::steady_clock::now() < give_up && !draining_) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(asio::use_awaitable);
  }
  if (!clusters->warm(routed)) log()->warn("the new clusters are not all bound after {} ms: swapping anyway", warm_timeout.count());

  // The swap: new requests take the new routing; requests in flight finish on the one they hold.
  const std::shared_ptr<const proxy::ClusterDispatcher::Routing> old_routing = dispatcher_->routing();
  clusters->take_over();
  dispatcher_->set_routing(
      std::make_shared<const proxy::ClusterDispatcher::Routing>(proxy::ClusterDispatcher::Routing{router, clusters.get()}));
  inbound_->set_mo_routing(mo_router, router->cluster_names());
  retired_.push_back(RetiredGeneration{old_routing, std::move(clusters_), config_, std::chrono::steady_clock::now()});
  clusters_ = std::move(clusters);
  router_ = std::move(router);
  mo_router_ = std::move(mo_router);
  swap_listeners(*next, std::move(contexts));
  config_ = std::move(next);
  if (!retiring_) asio::co_spawn(control_, retire_generations(), log_exceptions("retiring clusters"));
  co_return ReloadOutcome{true, {}};
}

void Server::swap_listeners(const config::Config& next, std::vector<std::shared_ptr<ListenerContext>> contexts) {
  std::vector<std::unique_ptr<Listener>> kept(next.listeners.size());
  for (auto& listener : listeners_) {
    const std::string name = listener->name();
    const config::ListenerConfig* before = find_listener(*config_, name);
    const config::ListenerConfig* after = find_listener(next, name);
    const bool same_socket = before != nullptr && after != nullptr && before->address == after->address &&
                             before->port == after->port && before->tls.has_value() == after->tls.has_value();
    if (!same_socket) {
      // Removed, or moved to another address: the old socket stops accepting and its sessions drain.
      log()->info("listener {}: {}: draining its sessions", name, after == nullptr ? "removed" : "moved");
      listener->stop();
      drain_sessions_of(name);
      closed_listeners_.push_back(std::move(listener));
      continue;
    }
    const size_t index = static_cast<size_t>(after - next.listeners.data());
    // Unchanged: the sessions, and new ones, keep the running context.
    if (!same_node(named_table(*config_, "listeners", name), named_table(next, "listeners", name))) {
      // New filters or session settings: sessions made from now on get them; bound sessions are
      // drained so that their clients bind again into the new ones (SMPP allows an unbind).
      auto& context = contexts[index];
      if (before->max_connections == after->max_connections && before->max_connections_per_ip == after->max_connections_per_ip) {
        context->limiter = listener->context().limiter;  // the sessions still open hold its tickets
      }
      context->dispatcher = dispatcher_;
      listener->set_context(context);
      log()->info("listener {}: changed: new sessions use the new config; draining the bound ones", name);
      drain_sessions_of(name);
    }
    kept[index] = std::move(listener);
  }
  // Listeners new in this config open now: the clusters are warm already.
  for (size_t i = 0; i < next.listeners.size(); ++i) {
    if (kept[i]) continue;
    const config::ListenerConfig& listener = next.listeners[i];
    contexts[i]->dispatcher = dispatcher_;
    auto opened = std::make_unique<Listener>(control_, workers_, sessions_, contexts[i]);
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(listener.address, ec);
    std::string error;
    if (ec || !opened->open({address, listener.port}, error)) {
      log()->error("listener {}: {}", listener.name, ec ? "bad address " + listener.address : error);
      continue;
    }
    opened->start();
    kept[i] = std::move(opened);
  }
  listeners_.clear();
  contexts_.clear();
  for (auto& listener : kept) {
    if (!listener) continue;
    contexts_.push_back(listener->shared_context());
    listeners_.push_back(std::move(listener));
  }
}

void Server::drain_sessions_of(const std::string& listener) {
  for (size_t worker = 0; worker < workers_.size(); ++worker) {
    asio::post(workers_.context(worker), [&sessions = sessions_[worker], listener] {
      for (ServerSession* session : std::vector(sessions.begin(), sessions.end())) {
        if (session->info().listener == listener) session->drain();
      }
    });
  }
}

asio::awaitable<void> Server::retire_generations() {
  retiring_ = true;
  asio::steady_timer timer(control_);
  while (!retired_.empty()) {
    const auto now = std::chrono::steady_clock::now();
    for (RetiredGeneration& generation : retired_) {
      // No request holds the old routing any more (or the drain time is up): the old binds go.
      if (!generation.stopped && (generation.routing.expired() || now - generation.retired_at > options_.drain_time)) {
        generation.clusters->stop();
        generation.stopped = true;
      }
    }
    std::erase_if(retired_, [](const RetiredGeneration& generation) {
      if (!generation.stopped || !generation.clusters->idle()) return false;
      log()->info("the clusters a reload replaced are freed");
      return true;
    });
    timer.expires_after(kRetirePoll);
    co_await timer.async_wait(asio::use_awaitable);
  }
  retiring_ = false;
}

asio::awaitable<void> Server::watch_config_file() {
  const std::string path = config_->source_file;
  FileVersion seen = version_of(path);
  asio::steady_timer timer(control_);
  while (!draining_) {
    timer.expires_after(config_->reload.watch_interval);
    co_await timer.async_wait(asio::use_awaitable);
    const FileVersion now = version_of(path);
    // A file being written shows up twice; a reload reads whatever is there and checks it.
    if (now == seen || !now.exists) continue;
    seen = now;
    co_await reload("file change");
  }
}

}  // namespace smppd::server
