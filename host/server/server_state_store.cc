// The Server's state store (the backend plugin `[state]` names), and its hand-over at a hot
// restart: the process before this one holds the embedded store's files (RocksDB locks its
// directory) until it has drained.
#include <chrono>

#include "host/api/state_api.h"
#include "host/logging/logging.h"
#include "host/server/server.h"
#include "host/state/state_store_factory.h"

namespace smppd::server {

namespace {

// The old process closes its store just before it says so; its last close may still be under way.
constexpr int kAttachAttempts = 20;
constexpr std::chrono::milliseconds kAttachRetry{250};
// Calls that wait for the backend at a hot restart; beyond it they answer busy.
constexpr size_t kDeferredQueueCapacity = 100000;

const auto& log() {
  static const auto logger = logging::get("hot_restart");
  return logger;
}

}  // namespace

bool Server::check_state_store(std::vector<std::string>& errors) const {
  return state::check_state_store(*config_, plugins_, errors);
}

bool Server::open_state_store(std::vector<std::string>& errors) {
  if (state_store_deferred_) {
    auto deferred = std::make_unique<state::DeferredStateStore>(kDeferredQueueCapacity);
    deferred_store_ = deferred.get();
    store_ = std::move(deferred);
    log()->info("hot restart: state calls wait until the process before this one releases the state store at {}",
                config_->state.path.string());
  } else {
    state::OpenedStateStore opened = state::open_state_store(*config_, plugins_);
    if (!opened.store) {
      errors.push_back(opened.error);
      return false;
    }
    store_ = std::move(opened.store);
  }
  api::install_state_store(store_.get());  // filters' host->state calls go here from now on
  return true;
}

void Server::defer_state_store() { state_store_deferred_ = true; }

void Server::attach_state_store() {
  if (deferred_store_ == nullptr || state_opener_.joinable() || releasing_state_store_) return;
  // Opening replays the store's log, which may take a while: not on the thread that accepts.
  state_opener_ = std::thread([this] { attach_state_store_when_free(); });
}

void Server::attach_state_store_when_free() {
  std::string error;
  for (int attempt = 0; attempt < kAttachAttempts && !releasing_state_store_; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(kAttachRetry);
    state::OpenedStateStore opened = state::open_state_store(*config_, plugins_);
    if (opened.store) {
      const size_t waited = deferred_store_->waiting();
      deferred_store_->attach(std::move(opened.store));
      log()->info("hot restart: took over the state store at {}; {} calls had waited for it",
                  config_->state.path.string(), waited);
      return;
    }
    error = std::move(opened.error);
  }
  if (releasing_state_store_) return;  // stopping; close() answers the waiting calls
  log()->error("hot restart: cannot take over the state store: {}; serving without it (state calls answer unavailable)",
               error);
  deferred_store_->fail(error);
}

void Server::release_state_store() {
  releasing_state_store_ = true;
  if (state_opener_.joinable()) state_opener_.join();
  api::install_state_store(nullptr);  // plugins' calls answer SMPPD_E_STATE from now on
  if (store_) store_->close();
}

}  // namespace smppd::server
