#pragma once

#include <cstdint>
#include <cstring>

namespace smppd::api {

// Hands a struct the host filled to a plugin, which may have been built against an older (shorter)
// or newer (longer) version of it: only what the caller's struct_size covers is written, and
// struct_size says how much that was. A caller of this ABI gets a plain copy (every message asks).
template <typename Struct>
void fill_what_fits(const Struct& full, Struct* out) noexcept {
  if (out->struct_size >= sizeof(Struct)) {
    *out = full;
    return;
  }
  const uint32_t fill = out->struct_size;
  std::memcpy(static_cast<void*>(out), &full, fill);
  out->struct_size = fill;
}

}  // namespace smppd::api
