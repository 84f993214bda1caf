#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "host/restart/child_listener.h"
#include "host/restart/parent_connection.h"

namespace smppd::server {
class Server;
}

namespace smppd::restart {

// Envoy's hot restart for smppd. Every process listens for the process of the next epoch of its
// base id; a process of epoch N > 0 takes the listening sockets and counters of epoch N - 1, and
// once its own listeners accept, tells it to drain and exit. The kernel's accept queue of each
// socket is shared meanwhile: a connection waits there for whichever process accepts it.
class HotRestart {
 public:
  HotRestart(server::Server& server, uint32_t base_id, uint32_t epoch);
  ~HotRestart();

  // Before Server::open(): listens for the next epoch and, from epoch 1 on, connects to the one
  // before and has the server take its sockets and wait for its state store. False with the
  // reason when our own socket is taken.
  bool prepare(std::vector<std::string>& errors);
  // After Server::open(): carries the counters over; once every listener accepts, the process
  // before drains, and once it has closed its state store, the server opens it.
  void opened();
  // After Server::run() returned: closes the state store; then a successor that made us drain
  // gets the counters' last growth and the word that the store is free.
  void stopped();

 private:
  server::Server& server_;
  uint32_t base_id_;
  uint32_t epoch_;
  std::unique_ptr<ChildListener> child_listener_;
  std::unique_ptr<ParentConnection> parent_;
};

}  // namespace smppd::restart
