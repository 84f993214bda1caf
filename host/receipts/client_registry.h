#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "host/codec/pdu.h"

namespace smppd::receipts {

// What delivery needs of a client session bound as receiver or transceiver.
class ReceiverSession {
 public:
  virtual ~ReceiverSession() = default;
  // On the session's worker: sends a deliver_sm (or data_sm) with our own sequence number;
  // done(true) once the client answered it with status 0, done(false) on an error resp, a
  // timeout or a closed session.
  virtual void deliver(codec::Pdu message, std::function<void(bool accepted)> done) = 0;
};

struct Receiver {
  uint64_t session_id = 0;
  std::weak_ptr<ReceiverSession> session;
  boost::asio::any_io_executor executor;
};

// The client sessions that can receive, by system_id, across every worker. Receipts and MO for
// a client go to one of them, round robin.
class ClientRegistry {
 public:
  // Called (outside the lock, on the binding session's worker) when a receiver binds.
  using BoundListener = std::function<void(const std::string& system_id)>;

  void add(const std::string& system_id, Receiver receiver);
  void remove(const std::string& system_id, uint64_t session_id);
  // A receiver of the client other than `exclude`, round robin; nullopt when none is bound.
  std::optional<Receiver> pick(const std::string& system_id, uint64_t exclude = 0);
  size_t count(const std::string& system_id) const;
  // The clients with a receiver bound here, and how many receivers that is in all.
  std::vector<std::string> clients() const;
  size_t receiver_count() const;
  void set_bound_listener(BoundListener listener) { bound_listener_ = std::move(listener); }

 private:
  struct Client {
    std::vector<Receiver> receivers;
    size_t cursor = 0;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Client> clients_;
  BoundListener bound_listener_;
};

}  // namespace smppd::receipts
