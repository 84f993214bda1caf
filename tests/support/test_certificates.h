#pragma once

#include <string>

namespace smppd::testing {

// A throwaway PKI made at run time with the openssl command line (no key is ever committed):
// a CA, a server certificate for IP 127.0.0.1 and a client certificate signed by it, and a client
// certificate signed by another CA that the server does not trust. P-256 keys, valid two days.
struct TestCertificates {
  std::string ca_cert;
  std::string server_cert;
  std::string server_key;
  std::string client_cert;
  std::string client_key;
  std::string stranger_cert;  // signed by an untrusted CA
  std::string stranger_key;
  std::string error;          // set when openssl failed; the paths are then unusable

  bool ok() const { return error.empty(); }
};

// Writes the files into `dir` (which must exist).
TestCertificates make_test_certificates(const std::string& dir);

}  // namespace smppd::testing
