#pragma once

#include <functional>
#include <memory>
#include <string>

#include "host/config/endpoint_config.h"
#include "host/smpp/smpp_connection.h"

namespace smppd::upstream {

// One SMPP connection from smppd to an SMSC, smppd being the ESME: binds with the endpoint's
// credentials, then carries submits and hands what the SMSC sends (deliver_sm, data_sm) to its
// owner. Lives on one worker.
class UpstreamSession final : public smpp::SmppConnection {
 public:
  enum class State : uint8_t { binding, bound, unbinding, closed };

  struct Callbacks {
    // The bind's answer: status 0 when bound.
    std::function<void(uint32_t status)> on_bind;
    // A request from the SMSC (deliver_sm, data_sm): the owner answers it with answer()/send().
    std::function<void(codec::Pdu request)> on_inbound;
    std::function<void(std::string_view reason)> on_closed;
  };

  UpstreamSession(std::unique_ptr<server::Transport> transport, boost::asio::any_io_executor executor,
                  const config::EndpointConfig& endpoint, std::string description, smpp::ConnectionCounters counters,
                  Callbacks callbacks);

  // Sends the bind; on_bind reports the answer.
  void bind();
  // Asks the SMSC to unbind once our requests in flight are answered; then closes.
  void unbind();
  State state() const { return state_; }

 protected:
  void on_request(std::unique_ptr<codec::Pdu> request) override;
  void on_closed(std::string_view reason) override;
  bool keepalive_active() const override { return state_ == State::bound; }
  std::string describe() const override { return description_; }

 private:
  const config::EndpointConfig& endpoint_;
  std::string description_;
  Callbacks callbacks_;
  State state_ = State::binding;
};

}  // namespace smppd::upstream
