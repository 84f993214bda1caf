#pragma once

#include <toml++/toml.h>

#include <string_view>

#include "host/config/load_context.h"
#include "host/config/secret_resolver.h"

namespace smppd::config {

// Replaces the secret references in every string of the document, plugin tables included, and
// records in `context` which key paths are sensitive: those that held a reference and those
// named like credentials ("password", "api_token", ...). Failed references are reported at
// their string.
void expand_secrets(toml::table& document, const SecretResolver& secrets, LoadContext& context);

// "password", "smsc_password", "api_key", "token": a key whose value a dump must not show.
bool is_credential_key(std::string_view key);

}  // namespace smppd::config
