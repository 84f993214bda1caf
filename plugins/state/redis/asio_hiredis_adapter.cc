#include "plugins/state/redis/asio_hiredis_adapter.h"

#include <hiredis/async.h>

#include <boost/system/error_code.hpp>

namespace smppd::plugins::redis {
namespace {

AsioHiredisAdapter* adapter_of(void* data) { return static_cast<AsioHiredisAdapter*>(data); }

}  // namespace

AsioHiredisAdapter::AsioHiredisAdapter(boost::asio::io_context& io, redisAsyncContext* context)
    : context_(context), socket_(io, context->c.fd) {}

void AsioHiredisAdapter::attach(boost::asio::io_context& io, redisAsyncContext* context) {
  std::shared_ptr<AsioHiredisAdapter> adapter(new AsioHiredisAdapter(io, context));
  adapter->self_ = adapter;
  context->ev.data = adapter.get();
  context->ev.addRead = &AsioHiredisAdapter::add_read;
  context->ev.delRead = &AsioHiredisAdapter::del_read;
  context->ev.addWrite = &AsioHiredisAdapter::add_write;
  context->ev.delWrite = &AsioHiredisAdapter::del_write;
  context->ev.cleanup = &AsioHiredisAdapter::cleanup;
}

void AsioHiredisAdapter::add_read(void* data) {
  AsioHiredisAdapter* self = adapter_of(data);
  self->want_read_ = true;
  if (!self->read_waiting_) self->wait_readable();
}

void AsioHiredisAdapter::del_read(void* data) { adapter_of(data)->want_read_ = false; }

void AsioHiredisAdapter::add_write(void* data) {
  AsioHiredisAdapter* self = adapter_of(data);
  self->want_write_ = true;
  if (!self->write_waiting_) self->wait_writable();
}

void AsioHiredisAdapter::del_write(void* data) { adapter_of(data)->want_write_ = false; }

void AsioHiredisAdapter::cleanup(void* data) {
  AsioHiredisAdapter* self = adapter_of(data);
  const std::shared_ptr<AsioHiredisAdapter> keep = std::move(self->self_);  // `self` lives to the end
  self->context_ = nullptr;
  self->want_read_ = false;
  self->want_write_ = false;
  // Cancels the waits (their handlers see operation_aborted) and hands the fd back: hiredis
  // closes it right after this returns.
  (void)self->socket_.release();
}

// A wait that completes while hiredis no longer wants it (del_read came first) is dropped; the
// next add_read starts another.
void AsioHiredisAdapter::wait_readable() {
  read_waiting_ = true;
  socket_.async_wait(boost::asio::posix::descriptor_base::wait_read,
                     [self = shared_from_this()](const boost::system::error_code& error) {
                       self->read_waiting_ = false;
                       if (error || self->context_ == nullptr || !self->want_read_) return;
                       redisAsyncHandleRead(self->context_);  // may free the context (cleanup)
                       if (self->context_ != nullptr && self->want_read_ && !self->read_waiting_) self->wait_readable();
                     });
}

void AsioHiredisAdapter::wait_writable() {
  write_waiting_ = true;
  socket_.async_wait(boost::asio::posix::descriptor_base::wait_write,
                     [self = shared_from_this()](const boost::system::error_code& error) {
                       self->write_waiting_ = false;
                       if (error || self->context_ == nullptr || !self->want_write_) return;
                       redisAsyncHandleWrite(self->context_);  // may free the context (cleanup)
                       if (self->context_ != nullptr && self->want_write_ && !self->write_waiting_) {
                         self->wait_writable();
                       }
                     });
}

}  // namespace smppd::plugins::redis
