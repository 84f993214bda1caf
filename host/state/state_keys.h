#pragma once

#include <string>
#include <string_view>

// The namespaces of the state store, by key prefix. Every user of the store builds its keys
// here, so two features never collide and an operator can tell what a key is for.
namespace smppd::state::keys {

inline constexpr std::string_view kIdMapPrefix = "idmap/";    // smppd message_id -> upstream's id
inline constexpr std::string_view kReversePrefix = "rev/";    // upstream's id -> smppd message_id
inline constexpr std::string_view kOutboxPrefix = "outbox/";  // lists of deliver_sm held for a client

// "idmap/<message_id>"
std::string id_map(std::string_view message_id);
// "rev/<cluster>/<upstream message_id>": upstream ids are only unique within one cluster.
std::string reverse_id(std::string_view cluster, std::string_view upstream_message_id);
// "outbox/<system_id>/<kind>": one list per client and kind, e.g. "receipts".
std::string outbox(std::string_view system_id, std::string_view kind);

}  // namespace smppd::state::keys
