#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

namespace smppd::server {

// N workers, each a thread running its own io_context. A connection is handed to one worker and
// lives there for its whole life, so a session's state is never shared between threads.
class WorkerPool {
 public:
  explicit WorkerPool(size_t workers);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void start();
  // Lets the io_contexts run out of work (the sessions have ended), then joins; `force` stops
  // them at once.
  void stop(bool force);

  size_t size() const { return workers_.size(); }
  boost::asio::io_context& context(size_t index) { return *workers_[index]->context; }
  // Round robin: spreads new connections evenly.
  size_t next_index();

 private:
  struct Worker {
    std::unique_ptr<boost::asio::io_context> context;
    std::unique_ptr<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard;
    std::thread thread;
  };
  std::vector<std::unique_ptr<Worker>> workers_;
  size_t next_ = 0;
};

}  // namespace smppd::server
