#include "host/admin/stats_view.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>

namespace smppd::admin {

namespace {

struct Quantile {
  const char* label;
  double q;
};
constexpr Quantile kQuantiles[] = {{"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}, {"p999", 0.999}};

}  // namespace

bool select_stats(std::vector<stats::MetricSnapshot>& metrics, const StatsSelection& selection, std::string& error) {
  if (selection.filter) {
    RE2 pattern(*selection.filter, RE2::Quiet);
    if (!pattern.ok()) {
      error = "filter is not a valid RE2 regex: " + pattern.error();
      return false;
    }
    std::erase_if(metrics, [&](const stats::MetricSnapshot& metric) { return !RE2::PartialMatch(metric.name, pattern); });
  }
  if (selection.used_only) std::erase_if(metrics, [](const stats::MetricSnapshot& metric) { return !metric.used(); });
  std::sort(metrics.begin(), metrics.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return true;
}

std::string stats_text(const std::vector<stats::MetricSnapshot>& metrics) {
  std::string text;
  for (const stats::MetricSnapshot& metric : metrics) {
    if (metric.type != stats::MetricType::histogram) {
      text += fmt::format("{}: {}\n", metric.name, metric.value);
      continue;
    }
    text += fmt::format("{}: count={} sum={}", metric.name, metric.count, metric.sum);
    for (const Quantile& quantile : kQuantiles) text += fmt::format(" {}={:.0f}", quantile.label, metric.quantile(quantile.q));
    text += '\n';
  }
  return text;
}

boost::json::value stats_json(const std::vector<stats::MetricSnapshot>& metrics) {
  boost::json::array list;
  for (const stats::MetricSnapshot& metric : metrics) {
    boost::json::object entry{{"name", metric.name}, {"type", stats::metric_type_name(metric.type)}};
    if (metric.type == stats::MetricType::histogram) {
      entry["count"] = metric.count;
      entry["sum"] = metric.sum;
      for (const Quantile& quantile : kQuantiles) entry[quantile.label] = metric.quantile(quantile.q);
    } else {
      entry["value"] = metric.value;
    }
    list.push_back(std::move(entry));
  }
  return boost::json::object{{"stats", std::move(list)}};
}

}  // namespace smppd::admin
