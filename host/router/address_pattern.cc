#include "host/router/address_pattern.h"

#include <re2/re2.h>

namespace smppd::router {

std::unique_ptr<const AddressPattern> AddressPattern::compile(std::string_view pattern, std::string& error) {
  RE2::Options options;
  options.set_log_errors(false);  // the error goes into the config error instead of stderr
  auto regex = std::make_unique<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!regex->ok()) {
    error = regex->error();
    return nullptr;
  }
  return std::unique_ptr<const AddressPattern>(new AddressPattern(std::move(regex)));
}

AddressPattern::AddressPattern(std::unique_ptr<const re2::RE2> regex) : regex_(std::move(regex)) {}

AddressPattern::~AddressPattern() = default;

bool AddressPattern::matches(std::string_view address) const {
  return RE2::FullMatch(re2::StringPiece(address.data(), address.size()), *regex_);
}

}  // namespace smppd::router
