#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace smppd::async {

// The completion token of awaited I/O that reports errors as values (`auto [ec, n] = co_await
// ...(kNoThrow)`) instead of throwing: a closed peer is routine, not an exception.
inline constexpr auto kNoThrow = boost::asio::as_tuple(boost::asio::use_awaitable);

}  // namespace smppd::async
