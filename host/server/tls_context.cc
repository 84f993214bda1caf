#include "host/server/tls_context.h"

#include <openssl/ssl.h>

namespace smppd::server {

namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> make_server_tls_context(const config::ListenerTlsConfig& tls, std::string& error) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  boost::system::error_code ec;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                           ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                       ec);
  const int min_version = tls.min_version == config::TlsVersion::v1_3 ? TLS1_3_VERSION : TLS1_2_VERSION;
  if (ec || SSL_CTX_set_min_proto_version(context->native_handle(), min_version) != 1) {
    error = "cannot set the minimum TLS version";
    return nullptr;
  }
  context->use_certificate_chain_file(tls.cert_file.string(), ec);
  if (ec) {
    error = "cert_file " + tls.cert_file.string() + ": " + ec.message();
    return nullptr;
  }
  context->use_private_key_file(tls.key_file.string(), ssl::context::pem, ec);
  if (ec) {
    error = "key_file " + tls.key_file.string() + ": " + ec.message();
    return nullptr;
  }
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    error = "key_file " + tls.key_file.string() + " does not match cert_file " + tls.cert_file.string();
    return nullptr;
  }
  if (tls.client_ca_file) {
    context->load_verify_file(tls.client_ca_file->string(), ec);
    if (ec) {
      error = "client_ca_file " + tls.client_ca_file->string() + ": " + ec.message();
      return nullptr;
    }
    auto mode = ssl::verify_peer;
    if (tls.require_client_cert) mode |= ssl::verify_fail_if_no_peer_cert;
    context->set_verify_mode(mode, ec);
  } else if (tls.require_client_cert) {
    error = "require_client_cert needs client_ca_file";
    return nullptr;
  }
  return context;
}

}  // namespace smppd::server
