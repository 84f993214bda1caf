#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

namespace smppd::api {

// The timers plugins schedule (smppd_async_api::schedule): one thread of quick callbacks. At
// stop, timers still waiting run at once, so a callback that frees its context always runs.
class TimerService {
 public:
  TimerService();
  ~TimerService();
  TimerService(const TimerService&) = delete;
  TimerService& operator=(const TimerService&) = delete;

  // False once stopping.
  bool schedule(std::chrono::nanoseconds delay, std::function<void()> callback);
  // The timer thread's executor, for other quick callbacks of the host to plugins (the state
  // API's answers). Work posted here keeps the thread from stopping until it ran.
  boost::asio::io_context::executor_type executor() { return context_.get_executor(); }
  void stop();

  static TimerService& process();

 private:
  boost::asio::io_context context_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::thread thread_;
  std::mutex mutex_;
  bool stopping_ = false;
};

}  // namespace smppd::api
