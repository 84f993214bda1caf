#include "tools/smppctl/admin_client.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <exception>
#include <utility>

#include "host/async/no_throw.h"

namespace smppd::tools::ctl {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using smppd::async::kNoThrow;

namespace {

// Admin answers are small; a bigger one means we are not talking to smppd.
constexpr uint64_t kMaxBodyBytes = 64 * 1024 * 1024;

std::string describe(const std::string& step, const std::string& address, const boost::system::error_code& error) {
  if (error == beast::error::timeout) return step + " " + address + ": timed out";
  return step + " " + address + ": " + error.message();
}

// Parameters by value: the coroutine outlives the caller's frame.
asio::awaitable<AdminCallResult> exchange(std::string host, uint16_t port, std::string address,
                                          http::request<http::empty_body> request,
                                          std::chrono::milliseconds timeout) {
  AdminCallResult result;
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  auto [resolve_error, endpoints] = co_await resolver.async_resolve(host, std::to_string(port), kNoThrow);
  if (resolve_error) {
    result.error = describe("cannot resolve", address, resolve_error);
    co_return result;
  }
  beast::tcp_stream stream(executor);
  stream.expires_after(timeout);
  auto [connect_error, connected] = co_await stream.async_connect(endpoints, kNoThrow);
  if (connect_error) {
    result.error = describe("cannot connect to", address, connect_error);
    co_return result;
  }
  stream.expires_after(timeout);
  auto [write_error, written] = co_await http::async_write(stream, request, kNoThrow);
  if (write_error) {
    result.error = describe("cannot send to", address, write_error);
    co_return result;
  }
  stream.expires_after(timeout);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxBodyBytes);
  auto [read_error, read] = co_await http::async_read(stream, buffer, parser, kNoThrow);
  if (read_error) {
    result.error = describe("no answer from", address, read_error);
    co_return result;
  }
  const auto& response = parser.get();
  AdminAnswer answer;
  answer.status = response.result_int();
  answer.reason = std::string(response.reason());
  answer.body = response.body();
  result.answer = std::move(answer);
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  co_return result;
}

}  // namespace

AdminClient::AdminClient(std::string host, uint16_t port, std::string token, std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), token_(std::move(token)), timeout_(timeout) {}

std::string AdminClient::address() const {
  const bool ipv6 = host_.find(':') != std::string::npos;
  return (ipv6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port_);
}

AdminCallResult AdminClient::call(HttpMethod method, const std::string& target) const {
  http::request<http::empty_body> request(method == HttpMethod::post ? http::verb::post : http::verb::get, target,
                                          11);
  request.set(http::field::host, address());
  request.set(http::field::user_agent, "smppctl");
  request.set(http::field::accept, "application/json, text/plain");
  if (!token_.empty()) request.set(http::field::authorization, "Bearer " + token_);
  // A POST without a body still says so: some servers want a length on every POST.
  if (method == HttpMethod::post) request.content_length(0);
  request.keep_alive(false);

  asio::io_context context(1);
  AdminCallResult result;
  asio::co_spawn(context, exchange(host_, port_, address(), std::move(request), timeout_),
                 [&result](std::exception_ptr failure, AdminCallResult finished) {
                   if (!failure) {
                     result = std::move(finished);
                     return;
                   }
                   try {
                     std::rethrow_exception(failure);
                   } catch (const std::exception& e) {
                     result.error = e.what();
                   }
                 });
  context.run();
  return result;
}

const char* method_name(HttpMethod method) { return method == HttpMethod::post ? "POST" : "GET"; }

std::string percent_encode(std::string_view text) {
  return boost::urls::encode(boost::urls::string_view(text.data(), text.size()), boost::urls::unreserved_chars);
}

}  // namespace smppd::tools::ctl
