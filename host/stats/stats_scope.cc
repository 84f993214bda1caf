#include "host/stats/stats_scope.h"

namespace smppd::stats {

MetricLabels StatsScope::labels_of(std::string_view stat) const { return {family_prefix_ + std::string(stat), labels_}; }

Metric& StatsScope::counter(std::string_view stat, std::string_view help) const {
  return store_.counter(name_prefix_ + std::string(stat), help, labels_of(stat));
}

Metric& StatsScope::gauge(std::string_view stat, std::string_view help) const {
  return store_.gauge(name_prefix_ + std::string(stat), help, labels_of(stat));
}

Metric& StatsScope::histogram(std::string_view stat, std::string_view help) const {
  return store_.histogram(name_prefix_ + std::string(stat), help, labels_of(stat));
}

Metric* StatsScope::define(std::string_view stat, MetricType type, std::string_view help) const {
  return store_.define(name_prefix_ + std::string(stat), type, help, labels_of(stat));
}

StatsScope StatsScope::nested(const std::string& kind, const std::string& name) const {
  auto labels = labels_;
  labels.emplace_back(kind, name);
  return StatsScope(name_prefix_ + kind + "." + name + ".", family_prefix_ + kind + "_", std::move(labels), store_);
}

StatsScope listener_scope(const std::string& listener, StatsStore& store) {
  return StatsScope("smppd.listener." + listener + ".", "smppd_listener_", {{"listener", listener}}, store);
}

StatsScope cluster_scope(const std::string& cluster, StatsStore& store) {
  return StatsScope("smppd.cluster." + cluster + ".", "smppd_cluster_", {{"cluster", cluster}}, store);
}

StatsScope plugin_scope(const std::string& plugin, StatsStore& store) {
  return StatsScope("smppd.plugin." + plugin + ".", "smppd_plugin_", {{"plugin", plugin}}, store);
}

}  // namespace smppd::stats
