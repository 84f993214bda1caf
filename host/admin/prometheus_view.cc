#include "host/admin/prometheus_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace smppd::admin {

namespace {

struct Family {
  std::string name;
  double scale = 1;  // stat units to the family's base unit
};

std::string sanitized(std::string_view name) {
  std::string result;
  result.reserve(name.size() + 1);
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':';
    result.push_back(ok ? c : '_');
  }
  if (result.empty() || (result.front() >= '0' && result.front() <= '9')) result.insert(result.begin(), '_');
  return result;
}

Family family_of(const stats::MetricSnapshot& metric) {
  Family family{sanitized(metric.labels.family.empty() ? metric.name : metric.labels.family)};
  // Prometheus wants base units: a duration counted in microseconds or milliseconds is exported in seconds.
  for (const auto& [suffix, scale] : {std::pair{"_us", 1e-6}, std::pair{"_ms", 1e-3}}) {
    if (family.name.ends_with(suffix)) {
      family.name.resize(family.name.size() - 3);
      family.name += "_seconds";
      family.scale = scale;
    }
  }
  if (metric.type == stats::MetricType::counter && !family.name.ends_with("_total")) family.name += "_total";
  return family;
}

// Label values escape backslash, double quote and newline; HELP text backslash and newline.
std::string escaped(std::string_view text, bool quote) {
  std::string result;
  for (char c : text) {
    if (c == '\\') result += "\\\\";
    else if (c == '"' && quote) result += "\\\"";
    else if (c == '\n') result += "\\n";
    else result.push_back(c);
  }
  return result;
}

// {a="x",b="y"} with `extra` (the le of a bucket) last; "" without labels.
std::string label_text(const stats::MetricLabels& labels, const std::string& extra = {}) {
  std::string text;
  for (const auto& [name, value] : labels.labels) {
    text += text.empty() ? "{" : ",";
    text += sanitized(name) + "=\"" + escaped(value, true) + "\"";
  }
  if (!extra.empty()) text += (text.empty() ? "{" : ",") + extra;
  if (!text.empty()) text += "}";
  return text;
}

std::string number(double value) { return fmt::format("{}", value); }

void append_series(std::string& out, const Family& family, const stats::MetricSnapshot& metric) {
  if (metric.type != stats::MetricType::histogram) {
    out += family.name + label_text(metric.labels) + " " +
           (family.scale == 1 ? std::to_string(metric.value) : number(static_cast<double>(metric.value) * family.scale)) + "\n";
    return;
  }
  uint64_t cumulative = 0;
  for (size_t i = 0; i < stats::kHistogramBuckets; ++i) {
    cumulative += metric.buckets[i];
    const double limit = static_cast<double>(stats::histogram_bucket_limit(i)) * family.scale;
    out += family.name + "_bucket" + label_text(metric.labels, "le=\"" + number(limit) + "\"") + " " +
           std::to_string(cumulative) + "\n";
  }
  out += family.name + "_bucket" + label_text(metric.labels, "le=\"+Inf\"") + " " + std::to_string(metric.count) + "\n";
  out += family.name + "_sum" + label_text(metric.labels) + " " + number(static_cast<double>(metric.sum) * family.scale) + "\n";
  out += family.name + "_count" + label_text(metric.labels) + " " + std::to_string(metric.count) + "\n";
}

}  // namespace

std::string prometheus_text(std::vector<stats::MetricSnapshot> metrics) {
  struct Entry {
    Family family;
    const stats::MetricSnapshot* metric;
  };
  std::vector<Entry> entries;
  entries.reserve(metrics.size());
  for (const stats::MetricSnapshot& metric : metrics) entries.push_back({family_of(metric), &metric});
  // A family's series must be together; stable keeps the definition order inside a family.
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.family.name < b.family.name; });

  std::string out;
  std::string current;
  stats::MetricType current_type = stats::MetricType::counter;
  for (const Entry& entry : entries) {
    const stats::MetricSnapshot& metric = *entry.metric;
    if (entry.family.name != current) {
      current = entry.family.name;
      current_type = metric.type;
      const std::string help = metric.help.empty() ? "smppd stat " + metric.name : metric.help;
      out += "# HELP " + current + " " + escaped(help, false) + "\n";
      out += "# TYPE " + current + " " + stats::metric_type_name(metric.type) + "\n";
    } else if (metric.type != current_type) {
      continue;  // two stats whose names sanitize to one family of another type: the first one wins
    }
    append_series(out, entry.family, metric);
  }
  return out;
}

}  // namespace smppd::admin
