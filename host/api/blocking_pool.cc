#include "host/api/blocking_pool.h"

#include <memory>

#include "host/logging/logging.h"

namespace smppd::api {

BlockingPool::BlockingPool(size_t threads, size_t queue_capacity) : capacity_(queue_capacity) {
  threads_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

BlockingPool::~BlockingPool() { stop(); }

bool BlockingPool::try_submit(std::function<void()> work) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= capacity_) return false;
    queue_.push_back(std::move(work));
  }
  wake_.notify_one();
  return true;
}

void BlockingPool::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

void BlockingPool::run() {
  for (;;) {
    std::function<void()> work;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      work();
    } catch (const std::exception& e) {
      logging::get("plugin")->error("blocking work threw: {}", e.what());
    } catch (...) {
      logging::get("plugin")->error("blocking work threw a non-standard exception");
    }
  }
}

namespace {
std::unique_ptr<BlockingPool>& process_pool() {
  static std::unique_ptr<BlockingPool> pool;
  return pool;
}
}  // namespace

void BlockingPool::configure_process_pool(size_t threads, size_t queue_capacity) {
  process_pool() = std::make_unique<BlockingPool>(threads, queue_capacity);
}

BlockingPool& BlockingPool::process() {
  auto& pool = process_pool();
  if (!pool) pool = std::make_unique<BlockingPool>(2, 1024);
  return *pool;
}

}  // namespace smppd::api
