#include "host/api/timer_service.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <set>

#include "host/logging/logging.h"

namespace smppd::api {

namespace asio = boost::asio;

namespace {

// The timers waiting, so that stop() can run them at once. Touched on the timer thread only.
std::set<std::shared_ptr<asio::steady_timer>>& waiting() {
  static std::set<std::shared_ptr<asio::steady_timer>> timers;
  return timers;
}

void run_guarded(const std::function<void()>& callback) {
  try {
    callback();
  } catch (const std::exception& e) {
    logging::get("plugin")->error("timer callback threw: {}", e.what());
  } catch (...) {
    logging::get("plugin")->error("timer callback threw a non-standard exception");
  }
}

}  // namespace

TimerService::TimerService() : guard_(context_.get_executor()), thread_([this] { context_.run(); }) {}

TimerService::~TimerService() { stop(); }

bool TimerService::schedule(std::chrono::nanoseconds delay, std::function<void()> callback) {
  std::lock_guard lock(mutex_);
  if (stopping_) return false;
  asio::post(context_, [this, delay, callback = std::move(callback)]() mutable {
    auto timer = std::make_shared<asio::steady_timer>(context_, delay);
    waiting().insert(timer);
    // Whether it expired or stop() cancelled it, the callback runs exactly once.
    timer->async_wait([timer, callback = std::move(callback)](const boost::system::error_code&) {
      waiting().erase(timer);
      run_guarded(callback);
    });
  });
  return true;
}

void TimerService::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  asio::post(context_, [] {
    for (const auto& timer : std::set(waiting())) timer->cancel();
  });
  guard_.reset();
  if (thread_.joinable()) thread_.join();
}

TimerService& TimerService::process() {
  static TimerService* service = new TimerService();  // stopped explicitly at exit, never destroyed
  return *service;
}

}  // namespace smppd::api
