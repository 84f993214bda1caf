#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/stats/stats_store.h"

namespace smppd::stats {

// The stats of one named thing (a listener, a cluster, an endpoint, a plugin): each stat's dotted
// name is the scope's prefix plus its own ("smppd.cluster.sms-a." + "upstream_rq_total"), and its
// Prometheus family is the scope's family prefix plus the same ("smppd_cluster_upstream_rq_total"),
// labelled with the names the prefix embeds ({cluster="sms-a"}).
class StatsScope {
 public:
  StatsScope(std::string name_prefix, std::string family_prefix, std::vector<std::pair<std::string, std::string>> labels,
             StatsStore& store = StatsStore::process())
      : name_prefix_(std::move(name_prefix)), family_prefix_(std::move(family_prefix)), labels_(std::move(labels)),
        store_(store) {}

  Metric& counter(std::string_view stat, std::string_view help = {}) const;
  Metric& gauge(std::string_view stat, std::string_view help = {}) const;
  Metric& histogram(std::string_view stat, std::string_view help = {}) const;
  // Defines through the plugin ABI: nullptr when the name is taken by another type.
  Metric* define(std::string_view stat, MetricType type, std::string_view help = {}) const;

  // A scope inside this one: ("endpoint", "smsc-1") makes "<prefix>endpoint.smsc-1." with family
  // prefix "<family>endpoint_" and one more label.
  StatsScope nested(const std::string& kind, const std::string& name) const;

 private:
  MetricLabels labels_of(std::string_view stat) const;

  std::string name_prefix_;
  std::string family_prefix_;
  std::vector<std::pair<std::string, std::string>> labels_;
  StatsStore& store_;
};

// The scopes of the things smppd names its stats after.
StatsScope listener_scope(const std::string& listener, StatsStore& store = StatsStore::process());
StatsScope cluster_scope(const std::string& cluster, StatsStore& store = StatsStore::process());
StatsScope plugin_scope(const std::string& plugin, StatsStore& store = StatsStore::process());

}  // namespace smppd::stats
