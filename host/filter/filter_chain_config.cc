#include "host/filter/filter_chain_config.h"

namespace smppd::filter {

FilterChainConfig::~FilterChainConfig() {
  for (auto it = slots_.rbegin(); it != slots_.rend(); ++it) {
    if (it->config != nullptr && SMPPD_HAS(it->vtable, config_free)) it->vtable->config_free(it->config);
  }
}

}  // namespace smppd::filter
