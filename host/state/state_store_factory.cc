#include "host/state/state_store_factory.h"

#include "host/state/embedded_state_store.h"

namespace smppd::state {

OpenedStateStore open_state_store(const config::StateConfig& config) {
  switch (config.backend) {
    case config::StateBackend::embedded: {
      EmbeddedStateStoreOptions options;
      options.path = config.path;
      options.sync_writes = config.sync_writes;
      options.queue_capacity = config.queue_capacity;
      EmbeddedStateStore::Opened opened = EmbeddedStateStore::open(std::move(options));
      return OpenedStateStore{std::move(opened.store), std::move(opened.error)};
    }
  }
  return OpenedStateStore{nullptr, "unknown state backend"};
}

}  // namespace smppd::state
