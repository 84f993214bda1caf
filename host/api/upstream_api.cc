// The upstream table of the plugin ABI: transports complete submits and hand receipts and MO
// back; health checkers probe SMPP binds.
#include <memory>
#include <mutex>

#include "host/api/call.h"
#include "host/api/upstream_hooks.h"

namespace smppd::api {
namespace {

std::mutex g_hooks_mutex;
std::shared_ptr<const UpstreamHooks> g_hooks = std::make_shared<UpstreamHooks>();

std::shared_ptr<const UpstreamHooks> hooks() {
  std::lock_guard lock(g_hooks_mutex);
  return g_hooks;
}

int32_t complete(uint64_t token, uint32_t command_status, smppd_plugin_view message_id) {
  if (message_id.data == nullptr && message_id.size != 0) return SMPPD_E_INVALID;
  if (message_id.size > 64) return SMPPD_E_RANGE;  // message_id is a C-Octet String of 65
  const auto current = hooks();
  if (!current->complete) return SMPPD_E_UNSUPPORTED;
  return current->complete(token, command_status, std::string_view(message_id.data, message_id.size));
}

smppd_message* message_new(uint32_t command_id) {
  if (!codec::is_known_command(command_id)) return nullptr;
  auto owned = std::make_unique<codec::Pdu>();
  owned->command_id = static_cast<codec::CommandId>(command_id);
  auto* message = new smppd_message(*owned);
  message->owned = std::move(owned);
  return message;
}

void message_free(smppd_message* message) {
  if (message != nullptr && message->owned) delete message;
}

int32_t deliver(smppd_upstream* upstream, smppd_message* message) {
  if (upstream == nullptr || message == nullptr || !message->owned) {
    message_free(message);
    return SMPPD_E_INVALID;
  }
  const auto current = hooks();
  if (!current->deliver) {
    message_free(message);
    return SMPPD_E_UNSUPPORTED;
  }
  return current->deliver(upstream, message);  // takes ownership
}

int32_t probe_enquire_link(uint64_t endpoint_id, int64_t timeout_ns, uint64_t token) {
  if (timeout_ns <= 0) return SMPPD_E_INVALID;
  const auto current = hooks();
  if (!current->probe_enquire_link) return SMPPD_E_UNSUPPORTED;
  return current->probe_enquire_link(endpoint_id, timeout_ns, token);
}

const smppd_upstream_api kUpstreamTable = {
    sizeof(smppd_upstream_api), 0, complete, message_new, message_free, deliver, probe_enquire_link,
};

}  // namespace

void install_upstream_hooks(UpstreamHooks hooks) {
  std::lock_guard lock(g_hooks_mutex);
  g_hooks = std::make_shared<const UpstreamHooks>(std::move(hooks));
}

const smppd_upstream_api* upstream_table() { return &kUpstreamTable; }

}  // namespace smppd::api
