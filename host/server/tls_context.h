#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

#include "host/config/listener_config.h"

namespace smppd::server {

// The OpenSSL server context of a TLS listener: certificate chain and key, TLS 1.2 or later, and
// client certificates checked against a CA when configured. nullptr with `error` set when the
// files do not hold what they should (a key that does not match the certificate, say).
std::shared_ptr<boost::asio::ssl::context> make_server_tls_context(const config::ListenerTlsConfig& tls,
                                                                   std::string& error);

}  // namespace smppd::server
