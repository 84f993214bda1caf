#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <functional>
#include <memory>
#include <utility>

namespace smppd::async {

// Awaits a result delivered through a callback that may run on any thread: `start` receives a
// `complete(T)` function to call exactly once, and the coroutine resumes on its own executor.
// This is the bridge from work on another worker (an upstream bind) or a plugin's thread back to
// the session that waits for it.
template <typename T, typename Start>
boost::asio::awaitable<T> await_callback(Start start) {
  return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(T)>(
      [start = std::move(start)](auto handler) mutable {
        auto executor = boost::asio::get_associated_executor(handler);
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        // Called once: it hands its hold on the handler on (no count of the shared_ptr, which the
        // bind's worker and the session's would pass between them).
        std::function<void(T)> complete = [shared = std::move(shared), executor](T value) mutable {
          boost::asio::post(executor,
                            [shared = std::move(shared), value = std::move(value)]() mutable { std::move(*shared)(std::move(value)); });
        };
        start(std::move(complete));
      },
      boost::asio::use_awaitable);
}

}  // namespace smppd::async
