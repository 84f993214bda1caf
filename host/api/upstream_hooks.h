#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "smppd/upstream.h"

namespace smppd::api {

// What the upstream table of the plugin ABI calls into: installed by the cluster manager when it
// starts (host/upstream), so that host/api does not depend on clusters. Each answers an SMPPD_*
// code; unset hooks answer SMPPD_E_UNSUPPORTED.
struct UpstreamHooks {
  std::function<int32_t(uint64_t token, uint32_t status, std::string_view message_id)> complete;
  std::function<int32_t(smppd_upstream* upstream, smppd_message* message)> deliver;
  std::function<int32_t(uint64_t endpoint_id, int64_t timeout_ns, uint64_t token)> probe_enquire_link;
};

void install_upstream_hooks(UpstreamHooks hooks);
const smppd_upstream_api* upstream_table();

}  // namespace smppd::api
