#include "host/upstream/upstream_session.h"

#include "host/codec/command_status.h"

namespace smppd::upstream {

using codec::CommandId;
namespace status = codec::status;

namespace {

smpp::ConnectionSettings settings_of(const config::EndpointConfig& endpoint) {
  smpp::ConnectionSettings settings;
  settings.enquire_link_interval = endpoint.enquire_link_interval;
  // An SMSC that stops answering enquire_link is dead; one that is merely quiet is probed.
  settings.inactivity_timeout = std::chrono::milliseconds(0);
  settings.response_timeout = endpoint.response_timeout;
  settings.max_command_length = 64 * 1024;
  // SMSCs send what they send: accept their sequence numbers and receipts with both
  // short_message and message_payload.
  settings.decode.accept_any_sequence_number = true;
  settings.decode.max_password_length = 65;
  settings.max_password_length = 65;
  return settings;
}

CommandId bind_command(config::BindType type) {
  switch (type) {
    case config::BindType::transmitter: return CommandId::bind_transmitter;
    case config::BindType::receiver: return CommandId::bind_receiver;
    case config::BindType::transceiver: return CommandId::bind_transceiver;
  }
  return CommandId::bind_transceiver;
}

}  // namespace

UpstreamSession::UpstreamSession(std::unique_ptr<server::Transport> transport, boost::asio::any_io_executor executor,
                                 const config::EndpointConfig& endpoint, std::string description,
                                 smpp::ConnectionCounters counters, Callbacks callbacks)
    : SmppConnection(std::move(transport), std::move(executor), settings_of(endpoint), counters),
      endpoint_(endpoint),
      description_(std::move(description)),
      callbacks_(std::move(callbacks)) {}

void UpstreamSession::bind() {
  codec::Pdu request;
  request.command_id = bind_command(endpoint_.bind_type);
  request.system_id = endpoint_.system_id;
  request.password = endpoint_.password;
  request.system_type = endpoint_.system_type;
  request.interface_version = 0x34;
  std::weak_ptr<SmppConnection> weak = weak_from_this();
  send_request(std::move(request), [this, weak](const codec::Pdu* response) {
    if (weak.expired() || state_ != State::binding) return;
    const uint32_t result = response == nullptr ? status::kUnknownErr : response->command_status;
    if (result == status::kOk) {
      state_ = State::bound;
      wake_watchdog();  // keepalive starts now
    } else {
      state_ = State::unbinding;  // answered: on_closed must not report the bind again
    }
    if (callbacks_.on_bind) callbacks_.on_bind(result);
    if (result != status::kOk) close_after_flush("bind refused");
  });
}

void UpstreamSession::unbind() {
  if (state_ != State::bound) {
    close("unbinding");
    return;
  }
  state_ = State::unbinding;
  codec::Pdu request;
  request.command_id = CommandId::unbind;
  std::weak_ptr<SmppConnection> weak = weak_from_this();
  send_request(std::move(request), [weak](const codec::Pdu*) {
    if (auto self = weak.lock()) self->close_after_flush("unbound by smppd");
  });
}

void UpstreamSession::on_request(std::unique_ptr<codec::Pdu> owned) {
  codec::Pdu& request = *owned;
  switch (request.command_id) {
    case CommandId::deliver_sm:
    case CommandId::data_sm:
      if (state_ != State::bound && state_ != State::unbinding) {
        answer(request, status::kInvBndSts);
        return;
      }
      if (callbacks_.on_inbound) {
        callbacks_.on_inbound(std::move(request));
      } else {
        answer(request, status::kSysErr);
      }
      return;
    case CommandId::unbind: {
      codec::Pdu response;
      response.command_id = CommandId::unbind_resp;
      response.sequence_number = request.sequence_number;
      send(response);
      state_ = State::unbinding;
      close_after_flush("unbound by the SMSC");
      return;
    }
    case CommandId::alert_notification:
      return;  // no resp exists for it; smppd has no use for it yet
    default:
      // ESME-only PDUs (submit_sm, bind_*) sent to us by an SMSC.
      answer(request, status::kInvBndSts);
  }
}

void UpstreamSession::on_closed(std::string_view reason) {
  const bool was_binding = state_ == State::binding;
  state_ = State::closed;
  if (was_binding && callbacks_.on_bind) callbacks_.on_bind(status::kUnknownErr);
  if (callbacks_.on_closed) callbacks_.on_closed(reason);
}

}  // namespace smppd::upstream
