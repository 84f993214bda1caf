#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <memory>

struct redisAsyncContext;

namespace smppd::plugins::redis {

// hiredis's event hooks (addRead, delRead, addWrite, delWrite, cleanup) over Asio: readiness of
// the context's socket is awaited with async_wait on a stream_descriptor that never owns the fd
// (hiredis closes it; cleanup releases it first). Everything runs on the io_context's thread.
//
// hiredis holds the only lasting reference, dropped at cleanup (when the context is freed); each
// wait in progress holds another, so a completion that arrives after the context is gone finds
// the adapter still alive and does nothing.
class AsioHiredisAdapter : public std::enable_shared_from_this<AsioHiredisAdapter> {
 public:
  // Installs the hooks on `context`, whose fd must be open. Throws boost::system::system_error
  // when the fd cannot be registered with the io_context.
  static void attach(boost::asio::io_context& io, redisAsyncContext* context);

  AsioHiredisAdapter(const AsioHiredisAdapter&) = delete;
  AsioHiredisAdapter& operator=(const AsioHiredisAdapter&) = delete;
  ~AsioHiredisAdapter() = default;

 private:
  AsioHiredisAdapter(boost::asio::io_context& io, redisAsyncContext* context);

  static void add_read(void* data);
  static void del_read(void* data);
  static void add_write(void* data);
  static void del_write(void* data);
  static void cleanup(void* data);

  void wait_readable();
  void wait_writable();

  redisAsyncContext* context_;  // null once hiredis freed it
  boost::asio::posix::stream_descriptor socket_;
  bool want_read_ = false;
  bool want_write_ = false;
  bool read_waiting_ = false;
  bool write_waiting_ = false;
  std::shared_ptr<AsioHiredisAdapter> self_;  // hiredis's reference
};

}  // namespace smppd::plugins::redis
