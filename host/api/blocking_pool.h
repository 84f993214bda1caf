#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace smppd::api {

// Threads for blocking or CPU-heavy plugin work (password hashing, file reads), so that workers
// never block. The queue is bounded: a flood of binds costs at most `threads` concurrent hashes
// and `queue_capacity` waiting ones, never unbounded memory.
class BlockingPool {
 public:
  BlockingPool(size_t threads, size_t queue_capacity);
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // False when the queue is full or the pool is stopping.
  bool try_submit(std::function<void()> work);
  // Finishes the queued work, then joins the threads.
  void stop();

  // The process's pool, made by the server at startup (configure) before plugins run.
  static void configure_process_pool(size_t threads, size_t queue_capacity);
  static BlockingPool& process();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  size_t capacity_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace smppd::api
