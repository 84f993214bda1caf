#include "host/filter/filter_chain_builder.h"

#include "host/plugin/plugin_config_object.h"
#include "host/stats/stats_scope.h"

namespace smppd::filter {

std::shared_ptr<const FilterChainConfig> build_filter_chain(const config::Config& config,
                                                            const config::ListenerConfig& listener,
                                                            const plugin::PluginRegistry& plugins,
                                                            std::vector<std::string>& errors) {
  std::vector<FilterSlot> slots;
  bool failed = false;
  // Config objects made before a refusal are freed with the partial chain.
  auto release = [&] { FilterChainConfig discard(std::move(slots)); };

  auto& store = stats::StatsStore::process();
  for (size_t i = 0; i < listener.filters.size(); ++i) {
    const config::FilterConfig& filter = listener.filters[i];
    const config::PluginConfig& table = filter.config;
    const std::string where = table.where.file + ":" + std::to_string(table.where.line) + ": " + table.key_path;

    const auto found = plugins.find_factory(SMPPD_KIND_FILTER, filter.name);
    if (!found) {
      errors.push_back(where + ": no loaded plugin offers a filter named '" + filter.name +
                       "' (check --plugin-dir and the plugin's manifest)");
      failed = true;
      continue;
    }
    const auto* vtable = static_cast<const smppd_filter_vtable*>(found->factory->vtable);
    const auto plugin_config = plugin::make_config_object(*found, SMPPD_HAS(vtable, config_new) ? vtable->config_new : nullptr,
                                                          table, config, "filter '" + filter.name + "'", errors);
    if (!plugin_config) {
      failed = true;
      continue;
    }

    FilterSlot slot;
    slot.name = filter.name;
    slot.vtable = vtable;
    slot.config = *plugin_config;
    slot.timeout = filter.timeout;
    slot.fail_open = filter.failure_mode == config::FailureMode::open;
    slot.failure_status = filter.failure_status;
    const stats::StatsScope scope = stats::listener_scope(listener.name, store).nested("filter", filter.name);
    slot.stopped = &scope.counter("stop", "requests the filter answered itself");
    slot.paused = &scope.counter("pause", "requests the filter paused");
    slot.timed_out = &scope.counter("timeout", "paused requests the filter did not resume in time");
    slots.push_back(std::move(slot));
  }
  if (failed) {
    release();
    return nullptr;
  }
  return std::make_shared<const FilterChainConfig>(std::move(slots));
}

}  // namespace smppd::filter
