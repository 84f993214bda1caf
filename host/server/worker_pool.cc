#include "host/server/worker_pool.h"

#include "host/api/host_api.h"
#include "host/async/thread_stripe.h"
#include "host/logging/logging.h"

namespace smppd::server {

WorkerPool::WorkerPool(size_t workers) {
  for (size_t i = 0; i < workers; ++i) {
    auto worker = std::make_unique<Worker>();
    // One thread per context: Asio may skip its internal locking.
    worker->context = std::make_unique<boost::asio::io_context>(1);
    worker->guard = std::make_unique<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>(
        worker->context->get_executor());
    workers_.push_back(std::move(worker));
  }
  api::set_worker_count(static_cast<int32_t>(workers));
}

WorkerPool::~WorkerPool() { stop(true); }

void WorkerPool::start() {
  for (size_t i = 0; i < workers_.size(); ++i) {
    Worker& worker = *workers_[i];
    worker.thread = std::thread([&worker, i] {
      api::set_current_worker(static_cast<int32_t>(i));
      async::claim_thread_stripe(i);
      for (;;) {
        try {
          worker.context->run();
          return;
        } catch (const std::exception& e) {
          // A handler that throws is a bug; the worker keeps serving its other sessions.
          logging::get("server")->critical("worker {}: unhandled exception: {}", i, e.what());
        }
      }
    });
  }
}

void WorkerPool::stop(bool force) {
  for (auto& worker : workers_) {
    worker->guard.reset();
    if (force) worker->context->stop();
  }
  for (auto& worker : workers_) {
    if (worker->thread.joinable()) worker->thread.join();
  }
}

size_t WorkerPool::next_index() {
  const size_t index = next_;
  next_ = (next_ + 1) % workers_.size();
  return index;
}

}  // namespace smppd::server
