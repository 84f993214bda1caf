#include "host/config/closest_name.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace smppd::config {
namespace {

// Two edits catch most typos; longer names also get a dropped unit ("base_ejection" for
// "base_ejection_ms").
size_t max_edits(std::string_view typo) { return std::max<size_t>(2, typo.size() / 4); }

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> previous(b.size() + 1);
  std::vector<size_t> current(b.size() + 1);
  std::iota(previous.begin(), previous.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

std::optional<std::string_view> closest_name(std::string_view typo, std::span<const std::string_view> candidates) {
  std::optional<std::string_view> best;
  size_t best_distance = max_edits(typo) + 1;
  for (std::string_view candidate : candidates) {
    const size_t distance = edit_distance(typo, candidate);
    // A one- or two-letter key is within two edits of everything: only suggest real near misses.
    if (distance < best_distance && distance < std::max(typo.size(), candidate.size())) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace smppd::config
