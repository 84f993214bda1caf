#include "plugins/state/embedded/expiry_compaction_filter.h"

namespace smppd::plugins::embedded {

bool ExpiryCompactionFilter::Filter(int /*level*/, const rocksdb::Slice& /*key*/,
                                    const rocksdb::Slice& existing_value, std::string* /*new_value*/,
                                    bool* /*value_changed*/) const {
  const std::optional<StoredValue> stored =
      decode_stored_value(std::string_view(existing_value.data(), existing_value.size()));
  // A value that does not decode is kept: losing data silently is worse than keeping junk.
  return stored && stored->expired(millis_of(clock_()));
}

}  // namespace smppd::plugins::embedded
